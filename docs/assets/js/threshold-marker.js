/* "我的金额" on the threshold overview (compare/thresholds.html?amount=350).
 *
 * The picture itself is drawn at build time (sitegen/threshold_chart.py); this only marks the reader's
 * total investment on the rows divided by it (data-field="investment"; tables on other amounts, such
 * as a supplementary contract, are left alone), with its value above the axis, and says in words what
 * the mark is. Which band the amount falls in is the engine's business (the calculator result says
 * it): the script does no rule judgement, it only places marks on the scale the SVG declares
 * (data-left, data-span, data-top: the same log-like formula as scale_x in Python).
 */
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";

  function amountFromUrl() {
    const raw = new URLSearchParams(window.location.search).get("amount");
    return raw !== null && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? raw.trim() : null;
  }

  function scaleX(svg, value) {
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
    const rows = svg.querySelectorAll('.threshold-row[data-field="investment"]');
    if (!rows.length) return;
    const value = Number(amount), x = scaleX(svg, value), bar = Number(svg.dataset.bar);
    const over = value > Number(svg.dataset.top) ? "（超出刻度）" : "";
    const group = element("g", { class: "my-amount" });
    rows.forEach((row) => {
      const y = Number(row.querySelector("rect").getAttribute("y"));
      group.append(element("line", { x1: x, y1: y - 3, x2: x, y2: y + bar + 3, class: "mine" }));
    });
    const end = x > svg.viewBox.baseVal.width * 0.7;
    group.append(element("text", { x: end ? x - 4 : x + 4, y: 44, class: "mine-label", "text-anchor": end ? "end" : "start" },
                         `我的金额 ${amount}万元${over}`));
    svg.append(group);
    const note = document.createElement("p");
    note.className = "threshold-mine";
    note.setAttribute("role", "status");
    note.textContent = `图中红色竖线为我的金额：项目总投资${amount}万元${over}，标在按项目总投资划分的门槛上。` +
      "各区间的文字说明与依据见图下表格。";
    const wrap = svg.closest(".svg-wrap");
    wrap.before(note);
    // On a phone the picture scrolls sideways: bring the mark into view.
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    wrap.scrollLeft = Math.max(0, x * scale - wrap.clientWidth / 2);
  }

  function init() {
    const amount = amountFromUrl();
    if (amount !== null) document.querySelectorAll("svg.threshold-overview").forEach((svg) => mark(svg, amount));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
