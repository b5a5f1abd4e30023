"""Markdown building blocks shared by every generated page: links to articles, table cells."""

from __future__ import annotations

import html
from typing import Any, Iterable, Mapping

from calculator.dates import annual_text, period
from calculator.rulebook import Regulation

UNKNOWN = "原文未载明"
SILENT = "未规定"


def page_path(slug: str) -> str:
    return f"regulations/{slug}.md"


def article_href(slug: str, article: int, base: str | None) -> str:
    """Link to an article anchor from a page in directory `base` ('' or '../'); None = the same page."""
    anchor = "notice" if article == 0 else f"art-{article}"
    return f"#{anchor}" if base is None else f"{base}{page_path(slug)}#{anchor}"


def cite_links(reg: Regulation, cites: Iterable[Mapping[str, Any]], base: str | None) -> str:
    """'第十条、第六十二条' as links; hovering shows the quoted words (all quotes of that article)."""
    quotes: dict[int, list[str]] = {}
    for cite in cites:
        quotes.setdefault(cite["article"], []).append(cite["quote"].replace('"', "“"))
    return "、".join(f'[{reg.article_label(n)}]({article_href(reg.slug, n, base)} "{" … ".join(dict.fromkeys(q))}")'
                    for n, q in quotes.items())


def cell(text: str) -> str:
    """Safe inside a Markdown table cell."""
    return str(text).replace("|", "｜").replace("\n", "<br>")


def esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def table(head: list[str], rows: Iterable[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def interval(band: dict, unit: str) -> str:
    low = ("[" if band["min_inclusive"] else "(") + band["min"]
    high = (band["max"] + ("]" if band["max_inclusive"] else ")")) if band.get("max") is not None else "+∞)"
    return f"{low}, {high} {unit}"


def deadline_value(d: dict) -> str:
    """12至24个月, 30个工作日, 每年9月底前: the value of a deadline as the texts write it."""
    if d["kind"] == "annual":
        return annual_text(d["month"], d.get("day"))
    if d["kind"] == "window":
        return f"{d['window'][0]}至{d['window'][1]}{d['unit']}"
    return period(d["value"], d["unit"])
