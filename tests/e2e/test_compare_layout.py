"""Comparison pages show all five regulations: at 1366 px every column header is inside the window
(sticky aspect column, compact cells); on a 390 px phone the rows stack per regulation with no
sideways page scroll; long lists open without script and without hover."""

from __future__ import annotations

import pytest

from calculator.schema import TOPICS

from .conftest import screenshot

pytestmark = pytest.mark.e2e

# Two topics with the longest cells; the layout is the same CSS for all.
PAGES = ("deadlines", "authorities")


def _open(browser, site_url: str, width: int, height: int, topic: str):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{site_url}/compare/{topic}.html")
    return context, page


@pytest.mark.parametrize("topic", PAGES)
def test_five_columns_visible_at_1366(browser, site_url: str, topic: str) -> None:
    context, page = _open(browser, site_url, 1366, 768, topic)
    try:
        heads = page.locator("table.compare-grid thead th")
        assert heads.count() == 6, "aspect column and five regulations"
        for i in range(6):
            box = heads.nth(i).bounding_box()
            assert box is not None and box["width"] > 0
            assert box["x"] >= 0 and box["x"] + box["width"] <= 1366, (i, box)
        screenshot(page, f"compare-{topic}-1366", full_page=False)
    finally:
        context.close()


@pytest.mark.parametrize("topic", PAGES)
def test_phone_stacks_without_page_scroll(browser, site_url: str, topic: str) -> None:
    context, page = _open(browser, site_url, 390, 844, topic)
    try:
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"page scrolls sideways by {overflow}px"
        first = page.locator("table.compare-grid tbody td").first
        label = page.evaluate("e => getComputedStyle(e, '::before').content", first.element_handle())
        assert "四川省" in label, label  # each stacked block names its regulation
        assert page.locator("table.compare-grid thead").is_hidden()
        screenshot(page, f"compare-{topic}-390", full_page=False)
    finally:
        context.close()


def test_long_list_opens_by_keyboard(browser, site_url: str) -> None:
    context, page = _open(browser, site_url, 1366, 768, "authorities")
    try:
        details = page.locator("table.compare-grid details").first
        summary = details.locator("summary")
        assert "项" in summary.inner_text()  # the count of the hidden entries is shown
        assert details.get_attribute("open") is None
        summary.focus()
        page.keyboard.press("Enter")
        assert details.get_attribute("open") is not None
    finally:
        context.close()


def test_every_topic_has_the_grid(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    try:
        for topic in TOPICS:
            page.goto(f"{site_url}/compare/{topic}.html")
            assert page.locator("table.compare-grid tbody tr").count() >= len(TOPICS[topic][1]), topic
    finally:
        context.close()
