"""The refusal lists, decision chains and article coverage reach the pages, generated from the rules."""

from __future__ import annotations

import html
import re
from pathlib import Path

from calculator.schema import refusal_label
from sitegen.refusals import chain_text, chains_of

from .books import BOOK


def _page(site: Path, name: str) -> str:
    return html.unescape((site / name).read_text(encoding="utf-8"))


def test_every_refusal_item_is_on_its_regulation_page_and_the_comparison(built_site: Path) -> None:
    compare = _page(built_site, "compare/refusals.html")
    counted = 0
    for slug, reg in BOOK.regulations.items():
        page = _page(built_site, f"regulations/{slug}.html")
        for item in reg.data.get("refusals", []):
            counted += 1
            assert f'id="r-refusals-{item["id"]}"' in page
            assert item["name"] in page and item["name"] in compare
            assert refusal_label(item) in page
            if item.get("exception"):
                assert item["exception"] in page
    assert counted >= 20, "the five refusal lists are encoded item by item"


def test_every_decision_chain_is_shown_step_by_step(built_site: Path) -> None:
    found = 0
    for slug, reg in BOOK.regulations.items():
        page = _page(built_site, f"regulations/{slug}.html")
        for _, steps, _ in chains_of(reg):
            found += 1
            words = html.unescape(chain_text(reg, steps))
            assert words in page, f"{slug}: {words}"
        for stage in reg.data["stages"]:
            if stage.get("chain"):
                boxes = "".join(f'<li class="flow-box"><span class="flow-body">{reg.bodies[s["body"]]["name"]}</span>'
                                f'<span class="flow-action">{s["action"]}</span></li>' for s in stage["chain"])
                routes = re.sub(r"</?abbr[^>]*>", "", _page(built_site, "compare/routes.html"))  # glossary tooltips
                assert boxes in routes, "each step is its own box, in order, in the route diagram"
    assert found >= 5


def test_the_maintainer_page_shows_full_coverage(built_site: Path) -> None:
    page = _page(built_site, "maintainers/index.html")
    assert "条文覆盖" in page and page.count("100%") >= len(BOOK.regulations)
    for reg in BOOK.regulations.values():
        for item in reg.data.get("not_operative", []):
            assert item["reason"] in page
