"""The glossary: a page of terms and a tooltip (<abbr>) on each term's first use in every page.

Python-Markdown's `abbr` extension matches on word boundaries, which never occur inside Chinese
text, so terms are marked in the rendered HTML instead, outside links, headings and code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from calculator.rulebook import Rulebook
from calculator.glossary_check import read_glossary

from .markup import cite_links, esc, table, text

SKIP = {"a", "abbr", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "svg", "title", "button", "textarea",
        "select", "option", "label"}


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    refs: list[dict]


def load_glossary(path: Path, book: Rulebook) -> list[Term]:
    """The glossary terms; `calculator.glossary_check` checks them (compile_rules checks the quotes too)."""
    return [Term(e["term"], e["definition"], e.get("refs") or []) for e in read_glossary(path, f"rules/{path.name}")]


def glossary_page(terms: list[Term], book: Rulebook) -> str:
    rows = []
    for t in sorted(terms, key=lambda t: t.term):
        uses = "；".join(text(book.regulations[r["regulation"]].meta["short_name"])
                        + cite_links(book.regulations[r["regulation"]], [r], "") for r in t.refs)
        rows.append([f'<span id="term-{esc(t.term)}"></span>**{text(t.term)}**', text(t.definition), uses or "—"])
    return ("# 术语表\n\n站内各页首次出现这些术语时带有虚线下划线：鼠标悬停，或在手机上点按该词，即可看到解释。\n\n"
            + table(["术语", "解释", "原文用例"], rows) + "\n")


class _Marker(HTMLParser):
    def __init__(self, terms: list[Term]):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.pending = {t.term: t.definition for t in terms}
        self.pattern = re.compile("|".join(re.escape(t) for t in sorted(self.pending, key=len, reverse=True)))

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag not in ("br", "img", "hr", "input", "meta", "link", "circle", "rect", "line"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if any(t in SKIP for t in self.stack) or not self.pending:
            self.out.append(data)
            return
        self.out.append(self.pattern.sub(self._mark, data))

    def _mark(self, match: re.Match) -> str:
        term = match.group(0)
        if term not in self.pending:
            return term
        # tabindex: a phone has no hover; tapping the term focuses it and site.css shows the definition.
        return f'<abbr title="{esc(self.pending.pop(term))}" tabindex="0">{term}</abbr>'

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")


def mark_terms(html: str, terms: list[Term]) -> str:
    if not terms:
        return html
    marker = _Marker(terms)
    marker.feed(html)
    marker.close()
    return "".join(marker.out)
