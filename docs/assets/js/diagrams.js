/* Route diagrams drawn by the site's own mermaid, inside the Content-Security-Policy.
 *
 * The pages carry `style-src 'self'`, so no <style> element and no style="" attribute may be applied
 * or even parsed (Chrome reports a violation for markup parsed anywhere, inert documents included).
 * mermaid writes both while it lays a diagram out: a <style> with its theme and style attributes for
 * sizes. So, only while mermaid draws one diagram:
 *  - style attributes are set through the CSS object model (`element.style.cssText`), which the
 *    policy does not restrict;
 *  - the theme's <style> is captured into a constructed stylesheet, adopted by the document (so the
 *    labels are measured with the theme's fonts) and then by the diagram's shadow root;
 *  - the SVG mermaid built in the page is kept when mermaid removes it, instead of parsing the markup
 *    it returns. That markup is what mermaid would sanitise (strict level) by parsing it once more;
 *    as it is not used, the level is "loose". The labels are still sanitised by mermaid, they are
 *    escaped when the page is built (sitegen/diagrams.py), and the policy forbids inline scripts.
 * This file is only included on pages that have a diagram (overrides/main.html); mermaid is never
 * fetched from anywhere else.
 */
(function () {
  "use strict";

  const INERT_NS = "urn:x-route-chart:inert";

  const isStyle = (name) => String(name).toLowerCase() === "style";

  /** An element standing in for mermaid's <style>: its CSS goes into `sheet` instead of the DOM. */
  function captureStyle(doc, sheet, captured) {
    const standIn = doc.createElementNS(INERT_NS, "style");
    const capture = {
      get() { return ""; },
      set(css) { captured.push(String(css)); sheet.replaceSync(captured.join("\n")); },
    };
    Object.defineProperty(standIn, "innerHTML", capture);
    Object.defineProperty(standIn, "textContent", capture);
    return standIn;
  }

  /** Run mermaid's render of `id` with the detours above; resolve to the SVG element it drew. */
  async function renderInPage(id, sourceText, sheet) {
    const original = {
      setAttribute: Element.prototype.setAttribute, remove: Element.prototype.remove,
      createElement: Document.prototype.createElement, createElementNS: Document.prototype.createElementNS,
    };
    const captured = [];
    let drawn = null;
    Element.prototype.setAttribute = function (name, value) {
      if (isStyle(name)) { this.style.cssText = value; return undefined; }
      return original.setAttribute.call(this, name, value);
    };
    Element.prototype.remove = function () {
      if (this.id === `d${id}`) drawn = this;   // mermaid's temporary container, removed when done
      return original.remove.call(this);
    };
    Document.prototype.createElement = function (name, options) {
      return isStyle(name) ? captureStyle(this, sheet, captured) : original.createElement.call(this, name, options);
    };
    Document.prototype.createElementNS = function (ns, name, options) {
      return isStyle(name) && ns !== INERT_NS ? captureStyle(this, sheet, captured)
        : original.createElementNS.call(this, ns, name, options);
    };
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    try {
      await window.mermaid.render(id, sourceText);
    } finally {
      Object.assign(Element.prototype, { setAttribute: original.setAttribute, remove: original.remove });
      Object.assign(Document.prototype, { createElement: original.createElement, createElementNS: original.createElementNS });
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
    const svg = drawn && drawn.querySelector("svg");
    if (!svg) throw new Error(`mermaid drew nothing for ${id}`);
    svg.querySelectorAll("*").forEach((el) => { if (el.namespaceURI === INERT_NS) el.remove(); });
    return svg;
  }

  async function draw(source, index) {
    const sheet = new CSSStyleSheet();
    const svg = await renderInPage(`route-chart-${index}`, source.textContent, sheet);
    const host = document.createElement("div");
    host.className = "route-diagram";
    const shadow = host.attachShadow({ mode: "open" });
    shadow.adoptedStyleSheets = [sheet];
    shadow.append(svg);
    source.after(host);
  }

  async function drawAll() {
    const sources = [...document.querySelectorAll("pre.route-chart")];
    if (!sources.length || typeof window.mermaid === "undefined") return;
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "loose", theme: "default" });
    for (const [i, source] of sources.entries()) {
      await draw(source, i);   // one at a time: the prototypes are detoured only while mermaid draws
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
