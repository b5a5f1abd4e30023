"""Comparison pages show all five regulations: at 1366 px every column header is inside the window
(sticky aspect column, compact cells); on a 390 px phone the rows stack per regulation with no
sideways page scroll; long lists open without script and without hover."""

from __future__ import annotations

from pathlib import Path

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


def test_compare_all_tab_compares_substance(page, site_url: str) -> None:
    """全部对比 in the browser (the engine in Pyodide): a 350万 city project, every fact answered."""
    from urllib.parse import urlencode

    import yaml

    case = yaml.safe_load((Path(__file__).resolve().parents[1] / "scenarios" / "dazhou" / "71-not-isolated-proceeds.yaml")
                          .read_text(encoding="utf-8"))
    params = {k: str(v).lower() if isinstance(v, bool) else v for k, v in case["input"].items()}
    page.goto(f"{site_url}/calculator.html?" + urlencode({"tab": "compare", **params, "start_date": "2026-01-05"}))
    table = page.locator("table.compare-all")
    table.wait_for()
    rows = {r.locator("th").inner_text().replace("不同", "").strip(): r for r in table.locator("tbody tr").all()}
    assert list(rows)[:4] == ["是否适用", "适用流程", "审批机构（按先后）", "审批步骤数"]
    sichuan = rows["适用流程"].locator('td[data-reg="四川省"]').inner_text()
    assert sichuan == "不适用"
    assert "省级" in rows["是否适用"].locator('td[data-reg="四川省"]').inner_text()
    bodies = rows["审批机构（按先后）"].locator('td[data-reg="达州市"] ol li')
    assert bodies.count() >= 3 and "市长" in bodies.all_inner_texts()
    assert "tag" in rows["审批机构（按先后）"].locator("th").inner_html()  # the row differs, and says so
