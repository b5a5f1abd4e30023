"""Side-by-side comparison pages: one column per regulation, one row per aspect, every cell linked
to the article it rests on, and “未规定” wherever a regulation is silent."""

from __future__ import annotations

from typing import Callable

from calculator.conditions import describe
from calculator.rulebook import Regulation, Rulebook
from calculator.schema import TOPICS

from . import diagrams
from .markup import SILENT, cite_links, deadline_value, interval, table, text

BASE = "../"


def _refs(reg: Regulation, cites: list) -> str:
    return cite_links(reg, cites, BASE)


def _provisions(reg: Regulation, topic: str, aspect: str) -> str:
    found = [p for p in reg.data["provisions"] if p["topic"] == topic and p["aspect"] == aspect]
    if not found:
        return f"**{SILENT}**"
    return "<br>".join(f"{text(p['text'])}（{_refs(reg, p['cite'])}）" for p in found)


def _listing(entries: list[tuple[str, list]], reg: Regulation) -> str:
    """Rules text with its citations, one per line; `entries` hold plain text, escaped here."""
    return "<br>".join(f"{text(words)}（{_refs(reg, cites)}）" for words, cites in entries) or f"**{SILENT}**"


def _when(reg: Regulation, cond: dict | None, otherwise: str) -> str:
    """A condition in Chinese; it quotes band labels from the rules, so it is escaped as text."""
    return text(describe(cond, reg.tables)) if cond else otherwise


# Rows drawn from the structured rules, added under the provisions of some topics.
EXTRA: dict[str, list[tuple[str, Callable[[Regulation], str]]]] = {
    "scope": [
        ("适用条件（计算器所用）", lambda r: f"{_when(r, r.data['scope']['applies_when'], '无条件')}"
                                 f"（{_refs(r, r.data['scope']['cite'])}）"),
        ("排除与参照（计算器所用）", lambda r: _listing([(x["text"], x["cite"]) for x in r.data["scope"]["exclusions"]], r)),
    ],
    "authorities": [("机构", lambda r: _listing([(b["name"], [c for d in b["duties"] for c in d["cite"]])
                                                  for b in r.data["bodies"]], r))],
    "procedure": [("计算器中的流程", lambda r: _listing(
        [(f"{i}. {x['name']}", x["cite"]) for i, x in enumerate(r.data["routes"], 1)], r))],
    "documents": [("材料清单", lambda r: _listing([(d["name"], d["cite"]) for d in r.data["documents"]], r))],
    "deadlines": [("全部时限", lambda r: _listing([(f"{d['name']}：{deadline_value(d)}"
                                                  + ("（原则上）" if d["in_principle"] else ""), d["cite"])
                                                for d in r.data["deadlines"]], r))],
    "changes": [("计算器中的变更程序", lambda r: _listing([(c["name"], c["cite"]) for c in r.data["changes"]], r))],
    "security": [("触发的安全义务", lambda r: _listing([(d["name"], d["cite"]) for d in r.data["duties"]
                                                   if d["topic"] in ("security", "crypto", "classified", "data_sharing")], r))],
}


def comparison_page(book: Rulebook, topic: str) -> str:
    title, aspects = TOPICS[topic]
    regs = list(book.regulations.values())
    head = ["方面"] + [f"[{text(r.meta['short_name'])}]({BASE}regulations/{r.slug}.md)" for r in regs]
    rows = [[label] + [_provisions(r, topic, aspect) for r in regs] for aspect, label in aspects.items()]
    rows += [[label] + [make(r) for r in regs] for label, make in EXTRA.get(topic, [])]
    intro = (f"# 对比：{title}\n\n五部办法关于“{title}”的规定并列如下。每格后的条号链接到原文，"
             f"鼠标悬停可见摘句；**{SILENT}**表示该办法对此没有规定。")
    return intro + "\n\n" + '<div class="compare-table" markdown>\n\n' + table(head, rows) + "\n\n</div>\n"


def thresholds_page(book: Rulebook) -> str:
    parts = ["# 对比：金额与比例门槛一览",
             "下图把每部办法的每个门槛表画在同一刻度上：色块是区间，●表示分界数值属于该侧（含本数），"
             "○表示不属于（不含本数）。点击色块可跳到该区间的依据。"]
    for unit in ("万元", "%"):
        svg = diagrams.thresholds_svg(book, unit, BASE)
        if svg:
            parts += [f"## 以{unit}计的门槛", f'<div class="svg-wrap">{svg}</div>', _bands_table(book, unit)]
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
    parts = ["# 流程图总览", "各办法的全部流程（虚线框表示视情况出现的环节；箭头上为时限）。"]
    for reg in book.regulations.values():
        parts.append(f"## {text(reg.meta['short_name'])}：{text(reg.meta['title'])}")
        for route in reg.data["routes"]:
            if route["stages"]:
                parts += [f"### {text(route['name'])}", f"适用条件：{_when(reg, route.get('when'), '兜底')}"
                          f"（{_refs(reg, route['cite'])}）", diagrams.route_mermaid(reg, route)]
    return "\n\n".join(parts) + "\n"
