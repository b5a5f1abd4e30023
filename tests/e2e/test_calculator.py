"""The calculator page in a browser: scenarios through the form, 全部对比, the change tab,
shared links, inline validation, and that typed text is never executed as HTML."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest

from calculator import engine
from calculator.fields import BY_NAME

from ..books import BOOK
from ..scenarios import load_all, plain, slug_of
from .conftest import screenshot

pytestmark = pytest.mark.e2e

PROJECT_CASES = [(i, c) for i, c in load_all() if "change" not in c]
# Two situations per regulation: the first and the last project scenario of each.
FORM_CASES = [case for slug in BOOK.regulations
              for case in ([c for c in PROJECT_CASES if slug_of(c[0]) == slug][:1]
                           + [c for c in PROJECT_CASES if slug_of(c[0]) == slug][-1:])]


def wait_ready(page) -> None:
    page.wait_for_selector("#calc.is-ready", timeout=90000)


def fill(page, form: str, values: dict) -> None:
    for name, value in values.items():
        control = page.locator(f"#{form}-{name}")
        kind = BY_NAME[name].type if name in BY_NAME else "enum"
        if kind == "enum" or name == "regulation":
            control.select_option(str(value))
        elif kind == "bool":
            control.set_checked(value in (True, "true"))
        else:
            control.fill(str(value))
            control.press("End")


def submit(page, form: str = "project") -> None:
    page.locator(f"#form-{form} button[type=submit]").click()


@pytest.mark.parametrize("case_id,case", FORM_CASES, ids=[c[0] for c in FORM_CASES])
def test_scenarios_through_the_form(page, site_url: str, case_id: str, case: dict) -> None:
    slug = slug_of(case_id)
    project = plain(case.get("input") or {})
    page.goto(f"{site_url}/calculator.html")
    fill(page, "project", {"regulation": slug, **project})
    wait_ready(page)
    submit(page)
    result = page.locator("#calc-output .calc-result")
    result.wait_for()
    expected = engine.evaluate(BOOK, slug, project)
    assert expected["applies"]["status"] == case["expected"]["applies"]
    assert expected["applies"]["label"] in result.locator(".applies").inner_text()
    if expected["route"]:
        assert result.locator(".route-name").inner_text() == expected["route"]["name"]
        assert result.locator("li.stage").count() == len(expected["stages"])
    links = result.locator("a.cite")
    assert links.count() >= 1
    first = links.first
    assert first.get_attribute("title"), "the quote shows on hover"
    assert f"regulations/{slug}.html#art-" in first.get_attribute("href")


def test_shared_link_restores_the_answer(page, site_url: str) -> None:
    page.goto(f"{site_url}/calculator.html")
    fill(page, "project", {"regulation": "dazhou", "investment": "350", "start_date": "2026-01-05",
                           "higher_mandate": True})
    submit(page)
    page.locator("#calc-output .calc-result").wait_for()
    query = parse_qs(urlparse(page.url).query)
    assert query["regulation"] == ["dazhou"] and query["investment"] == ["350"] and query["higher_mandate"] == ["true"]
    route = page.locator(".route-name").inner_text()
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    page.locator("#calc-output .calc-result").wait_for()
    assert page.locator(".route-name").inner_text() == route
    assert page.locator("#project-investment").input_value() == "350"
    assert page.locator("#project-higher_mandate").is_checked()
    assert "2026-" in page.locator("#calc-output").inner_text()
    screenshot(page, "calculator-single", full_page=True)


def test_compare_all_five(page, site_url: str) -> None:
    page.goto(f"{site_url}/calculator.html?regulation=all&investment=500&level=city")
    table = page.locator("table.compare-all")
    table.wait_for()
    head = table.locator("thead").inner_text()
    for name in ("四川省", "巴中市", "达州市", "广元市", "巫山县"):
        assert name in head
    assert table.locator("tr.differs").count() >= 1
    assert page.locator("details.per-regulation").count() == 5
    screenshot(page, "calculator-compare-all", full_page=True)


def test_change_tab(page, site_url: str) -> None:
    page.goto(f"{site_url}/calculator.html")
    page.locator("#tab-change").click()
    values = {"regulation": "dazhou", "approved_investment": "1000", "adjustment_amount": "100", "listed_reason": True}
    fill(page, "change", values)
    wait_ready(page)
    submit(page, "change")
    page.locator(".change-result").wait_for()
    expected = engine.evaluate_change(BOOK, "dazhou", {k: v for k, v in values.items() if k != "regulation"})
    assert page.locator(".change-name").inner_text() == expected["change"]["name"]
    assert "tab=change" in page.url


@pytest.mark.parametrize("value,message", [("-5", "不能为负数"), ("abc", "应为数字"), ("1e15", "超出合理范围")])
def test_inline_validation(page, site_url: str, value: str, message: str) -> None:
    page.goto(f"{site_url}/calculator.html")
    wait_ready(page)
    fill(page, "project", {"investment": value})
    error = page.locator("#err-project-investment")
    error.filter(has_text=message).wait_for()
    assert page.locator("#project-investment").get_attribute("aria-invalid") == "true"


def test_missing_amount_and_bad_date_on_submit(page, site_url: str) -> None:
    page.goto(f"{site_url}/calculator.html")
    wait_ready(page)
    submit(page)
    page.locator("#err-project-investment").filter(has_text="请填写").wait_for()
    page.goto(f"{site_url}/calculator.html?investment=100&start_date=1900-01-01")
    page.locator("#err-project-start_date").filter(has_text="2000").wait_for()
    assert page.locator("#calc-output .calc-result").count() == 0


XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


def test_typed_text_is_never_html(page, site_url: str) -> None:
    page.goto(f"{site_url}/calculator.html")
    wait_ready(page)
    for field in ("investment", "engineering_share"):
        fill(page, "project", {field: XSS})
    submit(page)
    page.locator("#err-project-investment").filter(has_text="应为数字").wait_for()
    assert XSS[:10] in page.locator("#err-project-investment").inner_text()
    page.goto(f"{site_url}/calculator.html?investment=" + json.dumps(XSS)[1:-1].replace("#", "%23")
              + "&mode=" + XSS.replace("#", "%23"))
    page.locator("#err-project-investment").wait_for()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    assert page.locator("#calc img, #calc script").count() == 0


def test_exports(page, site_url: str) -> None:
    page.goto(f"{site_url}/calculator.html?regulation=wushan&level=county&investment=3000")
    page.locator("#calc-output .calc-result").wait_for()
    with page.expect_download() as info:
        page.locator("[data-do=json]").click()
    data = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert data["regulation"]["slug"] == "wushan"
    with page.expect_download() as info:
        page.locator("[data-do=markdown]").click()
    markdown = open(info.value.path(), encoding="utf-8").read()
    assert markdown.startswith("# 巫山县政务信息化项目管理办法") and "- [ ]" in markdown
    page.emulate_media(media="print")
    assert not page.locator("#form-project").is_visible()
    assert page.locator("#calc-output .calc-result").is_visible()
