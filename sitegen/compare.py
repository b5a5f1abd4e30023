"""Side-by-side comparison pages: one column per regulation, one row per aspect, every cell linked
to the article it rests on, and “未规定” only where a regulation is silent (see `aspects.py`).

The table is HTML with Markdown spans (md_in_html), so that every cell carries the regulation it
belongs to: on a wide screen the aspect column stays in view while the columns scroll; on a phone
each row becomes a card per regulation. Long lists are collapsed into <details> with a count, which
opens by click or keyboard without any script.
"""

from __future__ import annotations

from typing import Callable

from calculator.conditions import describe
from calculator.rulebook import Regulation, Rulebook
from calculator.schema import TOPICS
from calculator.sources import how_many_regulations

from . import aspects, diagrams, threshold_chart
from .markup import cite_links, esc, interval, table, text

BASE = "../"
FOLD_AFTER = 4  # a list longer than this is collapsed, with its count shown


def _refs(reg: Regulation, cites: list) -> str:
    return cite_links(reg, cites, BASE)


def _note(reg: Regulation) -> Callable[[str], str]:
    return lambda ident: f"{BASE}regulations/{reg.slug}.md#r-ambiguities-{ident}"


def aspect_cell(reg: Regulation, topic: str, aspect: str) -> str:
    """One cell of a comparison page (Markdown), as `aspects.cell` words it."""
    return aspects.cell(reg, topic, aspect, lambda cites: _refs(reg, cites), _note(reg))


def _listing(entries: list[tuple[str, list]], reg: Regulation) -> str:
    """Rules text with its citations, one per line, collapsed when long; `entries` hold plain text."""
    items = [f"{text(words)}（{_refs(reg, cites)}）" for words, cites in entries]
    if len(items) <= FOLD_AFTER:
        return "<br>".join(items) or "—"
    return (f"{'<br>'.join(items[:FOLD_AFTER - 1])}<br><details><summary>另 {len(items) - FOLD_AFTER + 1} 项"
            f"（共 {len(items)} 项）</summary>{'<br>'.join(items[FOLD_AFTER - 1:])}</details>")


def _when(reg: Regulation, cond: dict | None, otherwise: str) -> str:
    """A condition in Chinese; it quotes band labels from the rules, so it is escaped as text."""
    return text(describe(cond, reg.tables)) if cond else otherwise


# Rows drawn from the structured rules, added under the provisions of some topics.
EXTRA: dict[str, list[tuple[str, Callable[[Regulation], str]]]] = {
    "scope": [
        ("适用条件（计算器所用）", lambda r: f"{_when(r, r.data['scope']['applies_when'], '无条件')}"
                                 f"（{_refs(r, r.data['scope']['cite'])}）"),
    ],
    "authorities": [("机构", lambda r: _listing([(b["name"], [c for d in b["duties"] for c in d["cite"]])
                                                  for b in r.data["bodies"]], r))],
    "procedure": [("计算器中的流程", lambda r: _listing(
        [(f"{i}. {x['name']}", x["cite"]) for i, x in enumerate(r.data["routes"], 1)], r))],
    "documents": [("材料清单", lambda r: _listing([(d["name"], d["cite"]) for d in r.data["documents"]], r))],
    "changes": [("计算器中的变更程序", lambda r: _listing([(c["name"], c["cite"]) for c in r.data["changes"]], r))],
}


def comparison_rows(book: Rulebook, topic: str) -> list[tuple[str, list[str]]]:
    """(row label, one Markdown cell per regulation) for every row of a topic's page."""
    regs = list(book.regulations.values())
    rows = [(label, [aspect_cell(r, topic, aspect) for r in regs]) for aspect, label in TOPICS[topic][1].items()]
    return rows + [(label, [make(r) for r in regs]) for label, make in EXTRA.get(topic, [])]


def compare_table(book: Rulebook, rows: list[tuple[str, list[str]]]) -> str:
    """The comparison as an HTML table whose cells are Markdown spans (md_in_html: every container
    carries `markdown`), each cell naming its regulation for the stacked phone layout."""
    regs = list(book.regulations.values())
    head = "".join(f'<th scope="col" markdown="span">[{text(r.meta["short_name"])}]({BASE}regulations/{r.slug}.md)</th>'
                   for r in regs)
    body = "".join(
        f'<tr markdown="1"><th scope="row">{esc(label)}</th>'
        + "".join(f'<td data-reg="{esc(r.meta["short_name"])}" markdown="span">{cell}</td>' for r, cell in zip(regs, cells))
        + "</tr>\n" for label, cells in rows)
    return (f'<div class="compare-wrap" tabindex="0" role="region" aria-label="对比表" markdown="1">\n'
            f'<table class="compare-grid" markdown="1">\n<thead markdown="1"><tr markdown="1"><th scope="col">方面</th>{head}</tr></thead>\n'
            f'<tbody markdown="1">\n{body}</tbody>\n</table>\n</div>')


def comparison_page(book: Rulebook, topic: str) -> str:
    title = TOPICS[topic][0]
    no_threshold = f"“{aspects.NO_THRESHOLD}”表示适用范围不以金额划定；" if topic == "scope" else ""
    intro = (f"# 对比：{title}\n\n{how_many_regulations(len(book.regulations))}关于“{title}”的规定并列如下。每格后的条号链接到原文；"
             f"“{aspects.SILENT}”表示该办法全文没有涉及这一方面的条文；{no_threshold}"
             "较长的列表已折叠，点击“另…项”展开。")
    return intro + "\n\n" + compare_table(book, comparison_rows(book, topic)) + "\n"


def thresholds_page(book: Rulebook) -> str:
    parts = ["# 对比：金额与比例门槛一览",
             "下图把每部办法的每个门槛表画在同一刻度上：色块是区间，●表示分界数值属于该侧（含本数），"
             "○表示不属于（不含本数）。点击色块可跳到该区间的依据。"]
    for unit in ("万元", "%"):
        svg = threshold_chart.thresholds_svg(book, unit, BASE)
        if svg:
            parts += [f"## 以{unit}计的门槛", svg, _bands_table(book, unit)]
    return "\n\n".join(parts) + "\n"


def _bands_table(book: Rulebook, unit: str) -> str:
    rows = []
    for reg in book.regulations.values():
        for t in reg.data["thresholds"]:
            if t["unit"] != unit:
                continue
            for b in t["bands"]:
                rows.append([text(reg.meta["short_name"]), text(t["name"]), text(b["label"]), text(interval(b, unit)),
                             _refs(reg, b["cite"])])
    return table(["办法", "门槛表", "区间", "数学表示", "依据"], rows)


def routes_page(book: Rulebook) -> str:
    parts = ["# 流程图总览", "各办法的全部流程（并列的方框按情形择一；时限写在所属环节内）。"]
    for reg in book.regulations.values():
        parts.append(f"## {text(reg.meta['short_name'])}：{text(reg.meta['title'])}")
        for route in reg.data["routes"]:
            if route["stages"]:
                parts += [f"### {text(route['name'])}", f"适用条件：{_when(reg, route.get('when'), '兜底')}"
                          f"（{_refs(reg, route['cite'])}）", diagrams.route_flow(reg, route)]
    return "\n\n".join(parts) + "\n"
