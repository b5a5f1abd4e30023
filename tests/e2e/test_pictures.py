"""Pictures in a browser: the 我的金额 mark lands on the right band of the threshold overview when the
page is opened from a result, and the route flowcharts lay alternatives side by side on a wide
screen and stay within a phone's width."""

from __future__ import annotations

import pytest

from .page_checks import CALCULATOR, wait_for_answer

pytestmark = pytest.mark.e2e

# 达州 一事一议: 200万元以上（含）、500万元以下 is decided by the mayor; 350 lies inside that band.
BAND = "达州市：200万元以上（含200万元）、500万元以下（不含500万元）"


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate(
        "e => { const b = e.getBBox ? e.getBBox() : e.getBoundingClientRect(); return {x: b.x, w: b.width}; }")


def test_my_amount_is_marked_from_a_result(page, site_url: str) -> None:
    page.goto(f"{site_url}/{CALCULATOR}")
    wait_for_answer(page)
    link = page.locator("#calc-output a[href*='compare/thresholds.html?amount=350']").first
    link.click()
    page.wait_for_url("**/compare/thresholds.html?amount=350")
    marks = page.locator("svg.threshold-overview .my-amount line.mine")
    marks.first.wait_for(state="attached")  # a vertical line has no width: never "visible" to Playwright
    rows = page.locator('svg.threshold-overview .threshold-row[data-field="investment"]').count()
    assert marks.count() == rows >= 5, "one mark per row divided by total investment, none elsewhere"
    x = float(marks.first.get_attribute("x1"))
    band = _box(page, f'a[aria-label="{BAND}"] rect')
    assert band["x"] < x < band["x"] + band["w"], "the mark sits inside the band that holds 350"
    assert "350万元" in page.locator(".threshold-mine").inner_text()
    assert "我的金额 350万元" in page.locator("svg.threshold-overview .mine-label").first.text_content()
    page.set_viewport_size({"width": 390, "height": 844})  # the picture scrolls sideways on a phone
    page.reload()
    marks.first.wait_for(state="attached")
    left = marks.first.evaluate("e => e.getBoundingClientRect().left")
    assert 0 < left < 390, "the mark is scrolled into view"


def test_no_mark_without_an_amount(page, site_url: str) -> None:
    for query in ("", "?amount=abc", "?amount=<b>1</b>"):
        page.goto(f"{site_url}/compare/thresholds.html{query}")
        page.wait_for_load_state("load")
        assert page.locator(".my-amount, .threshold-mine").count() == 0, query


def test_flowcharts_branch_side_by_side_and_fit_a_phone(page, site_url: str) -> None:
    page.goto(f"{site_url}/regulations/dazhou.html")
    tops = page.evaluate("""[...document.querySelectorAll('figure.flow > .flow-steps > .flow-fork > .flow-branches')]
        .filter(list => list.children.length >= 2)
        .map(list => [...list.children].slice(0, 2).map(b => Math.round(b.getBoundingClientRect().top)))""")
    assert tops and all(a == b for a, b in tops), "alternatives are side by side, not one after another"
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = page.evaluate("""[...document.querySelectorAll('figure.flow')].filter(f =>
        f.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length""")
    assert overflow == 0, "a flowchart is wider than the phone"
    size = page.locator("figure.flow .flow-name").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 11, "text in the diagrams stays readable"
