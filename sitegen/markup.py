"""Markdown building blocks shared by every generated page: links to articles, table cells.

Rules text is text: every string that comes from a rules file goes through `text` (Markdown and
Markdown tables) or `esc` (raw HTML) before it reaches a page, so a stage called
`<script>…` or `[x](javascript:…)` is shown as those characters and never becomes markup.
"""

from __future__ import annotations

import html
from typing import Any, Iterable, Mapping

from calculator.rulebook import Regulation

UNKNOWN = "原文未载明"
SILENT = "未规定"


def page_path(slug: str) -> str:
    return f"regulations/{slug}.md"


def article_href(slug: str, article: int, base: str | None) -> str:
    """Link to an article anchor from a page in directory `base` ('' or '../'); None = the same page."""
    anchor = "notice" if article == 0 else f"art-{article}"
    return f"#{anchor}" if base is None else f"{base}{page_path(slug)}#{anchor}"


def _quotes_by_article(cites: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    """Article number -> its distinct quotes joined, in citation order (the hover text of one link)."""
    quotes: dict[int, list[str]] = {}
    for cite in cites:
        quotes.setdefault(cite["article"], []).append(str(cite["quote"]))
    return {n: " … ".join(dict.fromkeys(q)) for n, q in quotes.items()}


def cite_links(reg: Regulation, cites: Iterable[Mapping[str, Any]], base: str | None) -> str:
    """'第十条、第六十二条' as Markdown links (mkdocs checks their targets); hovering shows the quotes."""
    return "、".join(f'[{text(reg.article_label(n))}]({article_href(reg.slug, n, base)} "{text(q)}")'
                    for n, q in _quotes_by_article(cites).items())


def cite_html(reg: Regulation, cites: Iterable[Mapping[str, Any]]) -> str:
    """The same links as raw HTML, for blocks Markdown does not look inside; same-page anchors only."""
    return "、".join(f'<a href="{esc(article_href(reg.slug, n, None))}" title="{esc(q)}">{esc(reg.article_label(n))}</a>'
                    for n, q in _quotes_by_article(cites).items())


def cell(markup: str) -> str:
    """Safe inside a Markdown table cell."""
    return str(markup).replace("|", "｜").replace("\n", "<br>")


def esc(value: Any) -> str:
    """Escaped for raw HTML (element content and quoted attribute values)."""
    return html.escape(str(value), quote=True)


# HTML specials plus every character the enabled Markdown extensions give a meaning to (links and
# images `[]`, emphasis `*_~`, code `` ` ``, attribute lists `{}`, tables `|`, headings and entities
# `#&`, backslash escapes, admonitions `!`). Numeric character references are left alone by
# Python-Markdown and decoded by the browser, so the reader sees exactly the original characters.
_TEXT = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_~[]{}()|#!"}


def text(value: Any) -> str:
    """Rules text made inert for Markdown (inline, table cells, link titles) and for HTML."""
    return str(value).translate(_TEXT).replace("\n", "<br>")


def table(head: list[str], rows: Iterable[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def interval(band: dict, unit: str) -> str:
    low = ("[" if band["min_inclusive"] else "(") + band["min"]
    high = (band["max"] + ("]" if band["max_inclusive"] else ")")) if band.get("max") is not None else "+∞)"
    return f"{low}, {high} {unit}"
