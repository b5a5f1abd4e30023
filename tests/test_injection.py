"""Rules text is text: markup and script in any shown rules field reach every page as visible
characters, never as elements, attributes or links (see tests/injected_site.py for how the
injections get past the validator)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from . import injected_site as injected
from .injected_site import INJECTIONS

# Every kind of page that shows rules text, and the pages generated from code only.
RULES_PAGES = ["index.html", "regulations/dazhou.html", "regulations/wushan.html", "compare/thresholds.html",
               "compare/routes.html", "compare/scope.html", "compare/deadlines.html", "compare/refusals.html",
               "glossary.html", "maintainers/index.html"]


@pytest.fixture(scope="session")
def injected_site(tmp_path_factory) -> Path:
    return injected.injected_site(tmp_path_factory)


class _Page(HTMLParser):
    """What the browser would build: elements, attributes and the text a reader sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.attribute_text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json":
            self.problems.append(f"inline <script> {attrs}")
        if tag in ("img", "iframe", "object", "embed", "style") or (tag == "svg" and self.stack.count("svg") > 1):
            self.problems.append(f"<{tag}> {attrs}")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "xlink:href", "formaction") and value and \
                    value.strip().lower().startswith(("javascript:", "data:text")):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if value:
                self.attribute_text.append(value)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def test_no_page_gets_an_injected_element_attribute_or_link(injected_site: Path) -> None:
    pages = sorted(injected_site.rglob("*.html"))
    assert len(pages) >= 20
    for path in pages:
        assert parse(path).problems == [], path.relative_to(injected_site)


@pytest.mark.parametrize("name", RULES_PAGES)
def test_injected_text_is_shown_as_written(injected_site: Path, name: str) -> None:
    page = parse(injected_site / name)
    shown = "".join(page.text)
    for injection in INJECTIONS:
        assert injection in shown, f"{name}: {injection!r} is not visible as text"


def test_tooltips_and_citation_titles_carry_the_text(injected_site: Path) -> None:
    """Glossary definitions (tooltips) and quotes (citation hover) are attribute text, intact."""
    page = parse(injected_site / "regulations" / "dazhou.html")
    for injection in INJECTIONS:
        assert any(injection in value for value in page.attribute_text), injection


def test_diagrams_show_rules_text_as_text(injected_site: Path) -> None:
    """Route diagrams are HTML made from rules text: every injected string is there as characters,
    none of it as an element."""
    html = (injected_site / "regulations" / "dazhou.html").read_text(encoding="utf-8")
    figures = [s.split("</figure>")[0] for s in html.split('<figure class="flow"')[1:]]
    assert figures
    for figure in figures:
        tags = set(re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", figure))
        assert tags <= {"ol", "ul", "li", "span", "p", "div", "figcaption", "abbr"}, tags
    shown = unescape(re.sub(r"<[^>]+>", "", "".join(figures)))
    assert "<script>alert(1)</script>" in shown and "[x](javascript:alert(1))" in shown
