/* "我的金额" on the threshold overview (compare/thresholds.html?amount=350).
 *
 * The picture itself is drawn at build time (sitegen/threshold_chart.py); this only adds a vertical
 * line at the reader's amount across the 万元 chart, with its value, and says in words what the line
 * is. Which band the amount falls in is the engine's business (the calculator result says it); the
 * script does no rule judgement, it only places a line on the scale the SVG declares
 * (data-left, data-span, data-top: the same log-like formula as scale_x in Python).
 */
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";

  function amountFromUrl() {
    const raw = new URLSearchParams(window.location.search).get("amount");
    if (raw === null || !/^\s*\d+(\.\d+)?\s*$/.test(raw)) return null;
    return raw.trim();
  }

  function x(svg, value) {
    const left = Number(svg.dataset.left), span = Number(svg.dataset.span), top = Number(svg.dataset.top);
    return left + span * Math.log10(1 + Math.min(value, top)) / Math.log10(1 + top);
  }

  function element(name, attrs, text) {
    const el = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (text) el.textContent = text;
    return el;
  }

  function mark(svg, amount) {
    const value = Number(amount), at = x(svg, value), height = svg.viewBox.baseVal.height;
    const over = value > Number(svg.dataset.top) ? "（超出刻度）" : "";
    const group = element("g", { class: "my-amount" });
    group.append(element("line", { x1: at, y1: 34, x2: at, y2: height - 44, class: "mine" }));
    const anchor = at > svg.viewBox.baseVal.width * 0.8 ? "end" : "start";
    group.append(element("text", { x: anchor === "end" ? at - 4 : at + 4, y: 42, class: "mine-label",
                                   "text-anchor": anchor }, `我的金额 ${amount}万元${over}`));
    svg.append(group);
    const note = document.createElement("p");
    note.className = "threshold-mine";
    note.setAttribute("role", "status");
    note.textContent = `图中竖线为我的金额：${amount}万元${over}。各门槛表的区间及依据见图下表格。`;
    svg.closest(".svg-wrap").before(note);
  }

  function init() {
    const amount = amountFromUrl();
    if (amount === null) return;
    document.querySelectorAll('svg.threshold-overview[data-unit="万元"]').forEach((svg) => mark(svg, amount));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
