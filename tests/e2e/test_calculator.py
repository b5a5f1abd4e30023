"""The calculator page in a browser: scenarios through the form, 全部对比, the change tab,
shared links, inline validation, and that typed text is never executed as HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

from calculator import engine
from calculator.questions import reads

from ..books import BOOK
from ..scenarios import load_all, plain, slug_of
from .conftest import screenshot

pytestmark = pytest.mark.e2e

PROJECT_CASES = [(i, c) for i, c in load_all() if "change" not in c]
PLACES = {p["id"] for p in BOOK.places()}


def _place(case_id: str, case: dict) -> str:
    return f"{slug_of(case_id)}.{case['input'].get('level')}"


# Two situations per regulation (the first and last project scenario whose place exists).
FORM_CASES = [case for slug in BOOK.regulations
              for case in ([c for c in PROJECT_CASES if slug_of(c[0]) == slug and _place(*c) in PLACES][:1]
                           + [c for c in PROJECT_CASES if slug_of(c[0]) == slug and _place(*c) in PLACES][-1:])]
COUNTS = Path(__file__).resolve().parents[2] / "test-output" / "interview-questions.json"


def wait_ready(page) -> None:
    page.wait_for_selector("#calc.is-ready", timeout=90000)


def fill(page, form: str, values: dict) -> None:
    for name, value in values.items():
        control = page.locator(f"#{form}-{name}")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(str(value).lower() if isinstance(value, bool) else str(value))
        else:
            control.fill(str(value))
            control.press("End")


def submit(page, form: str = "project") -> None:
    page.locator(f"#form-{form} button[type=submit]").click()


def link(site_url: str, **params) -> str:
    return f"{site_url}/calculator.html?" + urlencode({k: str(v).lower() if isinstance(v, bool) else v
                                                      for k, v in params.items()})


@pytest.mark.parametrize("case_id,case", FORM_CASES, ids=[c[0] for c in FORM_CASES])
def test_scenarios_through_a_link(page, site_url: str, case_id: str, case: dict) -> None:
    slug = slug_of(case_id)
    project = plain(case.get("input") or {})
    facts = {k: v for k, v in project.items() if k != "level"}
    page.goto(link(site_url, tab="project", place=_place(case_id, case), **facts))
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
    assert links.first.get_attribute("title"), "the quote shows on hover"
    assert f"regulations/{slug}.html#art-" in links.first.get_attribute("href")


def _interview(page, site_url: str, place: str, amount: str, answers: dict) -> tuple[list[str], str]:
    """Answer the questions the page asks, one group at a time, until none is open; return the
    questions asked (field names, in order) and the route shown."""
    page.goto(f"{site_url}/calculator.html")
    page.locator("#project-place").select_option(place)
    fill(page, "project", {"investment": amount})
    wait_ready(page)
    page.locator("#project-investment").press("Enter")
    page.locator("#calc-output .calc-result").wait_for()
    asked: list[str] = []
    for _ in range(40):
        open_q = page.locator("#calc-questions .q-open")
        if open_q.count() == 0:
            break
        field = open_q.first.get_attribute("data-field")
        assert field in answers, f"asked {field}, which this project does not need"
        asked.append(field)
        control = page.locator(f"#calc-questions [data-field={field}]")
        if control.locator("input[type=radio]").count():
            control.locator(f"input[type=radio][value='{answers[field]}']").click()
        else:
            box = control.locator("input")
            box.fill(answers[field])
            box.press("Enter")
        page.wait_for_function("f => !document.querySelector(`#calc-questions .q-open[data-field=${f}]`)"
                               " && document.getElementById('calc').dataset.busy === '0'", arg=field)
    else:
        raise AssertionError("the interview did not end")
    route = page.locator(".route-name")
    return asked, route.inner_text() if route.count() else ""


# What a typical project says about the refusal lists and funding bars (nothing that stops it).
CLEAN = {"builds_hardware": "false", "leases_lines": "false", "on_gov_cloud": "true", "builds_common_system": "false",
         "platform_access": "connected", "preparation_complete": "true", "builds_infrastructure": "false",
         "in_system_catalog": "true", "data_shared": "true", "security_compliant": "true",
         "systems_integrated": "true", "phased": "false", "original_accepted": "true",
         "isolated_system": "false", "service_conditions_met": "true", "lower_level_collaboration": "false",
         "om_round": "first_after_warranty", "existing_system_sufficient": "false", "new_system_shares": "true",
         "integrable_platform": "false", "in_overall_plan": "true"}
INTERVIEWS = {
    "dazhou": ("dazhou.city", "350", {
        "unit_type": "agency", "classified": "false", "funding": "fiscal", "mode": "self_build", "kind": "new",
        "in_annual_plan": "false", "bundled_with_engineering": "false", "procurement": "gov_procurement",
        "sharing_exempt": "false", "civil_works": "false", "urgent_security": "false", "higher_mandate": "false",
        "cross_department": "false", "start_date": "2026-01-05", "completion_date": "2026-12-01", **CLEAN}),
    "wushan": ("wushan.county", "800", {
        "unit_type": "agency", "classified": "false", "funding": "fiscal", "mode": "self_build", "kind": "new",
        "in_annual_plan": "true", "higher_mandate": "false", "urgent_security": "false",
        "procurement": "gov_procurement", "sharing_exempt": "false", "civil_works": "false",
        "cross_department": "false", "bundled_with_engineering": "false",
        "start_date": "2026-01-05", "completion_date": "2026-12-01", **CLEAN}),
}


@pytest.mark.parametrize("slug", list(INTERVIEWS))
def test_interview_reaches_the_answer(page, site_url: str, slug: str) -> None:
    place, amount, answers = INTERVIEWS[slug]
    asked, route = _interview(page, site_url, place, amount, answers)
    read = reads(BOOK.get(slug), "project")
    assert set(asked) <= read, f"questions unrelated to {slug}: {set(asked) - read}"
    facts = {"level": place.split(".")[1], "investment": amount, **{k: answers[k] for k in asked}}
    expected = engine.evaluate(BOOK, slug, facts)
    assert expected["route"] and route == expected["route"]["name"]
    assert expected["questions"] == []
    COUNTS.parent.mkdir(parents=True, exist_ok=True)
    counts = json.loads(COUNTS.read_text()) if COUNTS.exists() else {}
    counts[slug] = {"questions": len(asked), "asked": asked}
    COUNTS.write_text(json.dumps(counts, ensure_ascii=False, indent=1))
    screenshot(page, f"interview-{slug}", full_page=True)
    # The shared link of the answer reopens with the answer in view and focused.
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    page.locator("#calc-output .calc-result").wait_for()
    page.wait_for_function("() => document.activeElement && document.activeElement.classList.contains('calc-result')")
    top = page.evaluate("document.querySelector('#calc-output .calc-result').getBoundingClientRect().top")
    assert abs(top) < 50, f"answer not scrolled into view (top={top})"
    assert page.locator(".route-name").inner_text() == route


def test_first_question_is_where_the_project_is(page, site_url: str) -> None:
    page.goto(f"{site_url}/calculator.html")
    wait_ready(page)
    options = page.locator("#project-place option").all_inner_texts()
    assert options[0] == "请选择" and {"四川省省级", "达州市市本级", "巫山县"} <= set(options)
    submit(page)
    page.locator("#err-project-place").filter(has_text="请先选择").wait_for()
    assert page.locator(".calc-actions").is_hidden(), "result buttons wait for a result"


def test_compare_all_five(page, site_url: str) -> None:
    page.goto(link(site_url, tab="compare", investment=500, level="city"))
    table = page.locator("table.compare-all")
    table.wait_for()
    head = table.locator("thead").inner_text()
    for name in ("四川省", "巴中市", "达州市", "广元市", "巫山县"):
        assert name in head
    assert table.locator("tr.differs").count() >= 1
    assert page.locator("details.per-regulation").count() == 5
    case = page.locator(".calc-all > .case").inner_text()
    assert "项目总投资500万元。" in case and case.count("《") == 5, "the case restated once, with all five texts"
    screenshot(page, "calculator-compare-all", full_page=True)


def test_change_tab_checks_its_own_fields(page, site_url: str) -> None:
    page.goto(f"{site_url}/calculator.html")
    page.locator("#tab-change").click()
    values = {"regulation": "dazhou", "change_type": "adjustment", "approved_investment": "1000",
              "adjustment_amount": "100", "listed_reason": "true", "exceeds_approved": "false",
              "goal_changed": "false"}
    fill(page, "change", values)
    wait_ready(page)
    page.locator("#change-adjustment_amount").press("End")
    page.wait_for_timeout(600)
    assert "未知字段" not in page.locator("#form-change").inner_text()
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


def test_a_foreign_parameter_does_not_break_a_shared_link(page, site_url: str) -> None:
    page.goto(link(site_url, tab="project", place="dazhou.city", investment=350, length=1, mode="self_build"))
    page.locator("#calc-output .calc-result").wait_for()
    assert "达州" in page.locator("#calc-output h2").inner_text()


XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
SHORT = "<b>x</b>"  # short enough to be echoed in the message, which must show it as text


def test_typed_text_is_never_html(page, site_url: str) -> None:
    page.goto(f"{site_url}/calculator.html")
    wait_ready(page)
    page.locator("#project-place").select_option("dazhou.city")
    fill(page, "project", {"investment": SHORT})
    submit(page)
    page.locator("#err-project-investment").filter(has_text="应为数字").wait_for()
    assert SHORT in page.locator("#err-project-investment").inner_text()
    page.goto(link(site_url, place="dazhou.city", investment=XSS, mode=XSS))
    page.locator("#err-project-investment").filter(has_text="数字过长").wait_for()
    page.locator("#form-project .form-error").filter(has_text="实施方式").wait_for()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    assert page.locator("#calc img, #calc script").count() == 0


def test_exports(page, site_url: str) -> None:
    page.goto(link(site_url, place="wushan.county", investment=3000))
    page.locator("#calc-output .calc-result").wait_for()
    with page.expect_download() as info:
        page.locator("[data-do=json]").click()
    data = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert data["regulation"]["slug"] == "wushan" and data["questions"]
    with page.expect_download() as info:
        page.locator("[data-do=markdown]").click()
    markdown = open(info.value.path(), encoding="utf-8").read()
    assert markdown.startswith("# 巫山县政务信息化项目管理办法") and "## 还需确认" in markdown
    assert "- 所依办法：《巫山县政务信息化项目管理办法》" in markdown and "- 项目总投资3000万元。" in markdown
    assert re.search(r"- 规则版本：\d{4}-\d{2}-\d{2}", markdown) and "- 文号：" in markdown
    page.emulate_media(media="print")
    assert not page.locator("#form-project").is_visible()
    assert page.locator("#calc-output .calc-result").is_visible()


def test_show_all_questions_lists_every_fact_the_regulation_reads(page, site_url: str) -> None:
    page.goto(link(site_url, place="dazhou.city", investment=350))
    page.locator("#calc-output .calc-result").wait_for()
    first = page.locator("#calc-questions [data-field]").count()
    page.locator("#show-all").check()
    page.wait_for_function("() => document.getElementById('calc').dataset.busy === '0'")
    shown = set(page.locator("#calc-questions [data-field]").evaluate_all("els => els.map(e => e.dataset.field)"))
    read = reads(BOOK.get("dazhou"), "project") - {"level", "investment"}
    assert shown == read and len(shown) > first
    assert "all_questions=true" in page.url


# The smallest text a reader may be given, in CSS pixels: 9pt on paper, and the same on a phone.
SMALLEST_PX = 12
SMALLEST_TEXT = """root => Math.min(...[...root.querySelectorAll('*')]
    .filter(e => e.offsetParent !== null && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .map(e => parseFloat(getComputedStyle(e).fontSize)))"""


def test_print_restates_the_case(page, site_url: str) -> None:
    """On paper the form is gone, so the answer starts with the case: the date, the regulation by
    name and 文号, the rules version as a date, and each answered fact as a sentence; the buttons say
    in plain words what they give; the timeline and the rest stay readable on paper and on a phone."""
    page.goto(link(site_url, place="dazhou.city", investment=350, mode="self_build", classified=False,
                   start_date="2026-01-05"))
    result = page.locator("#calc-output .calc-result")
    result.wait_for()
    buttons = page.locator(".calc-actions button").all_inner_texts()
    assert {"打印", "下载清单（Word 可打开的 Markdown）", "下载数据（JSON）"} <= set(buttons)
    page.emulate_media(media="print")
    case = result.locator(".case")
    assert case.is_visible() and not page.locator("#form-project").is_visible()
    text = case.inner_text()
    for words in ("计算日期", "《达州市市级政府投资信息化项目管理办法》", "达市府发〔2023〕9号", "项目层级为“市级（市本级）”。",
                  "项目总投资350万元。", "实施方式为“自行建设”。", "项目不涉及国家秘密。", "立项日期为2026-01-05。"):
        assert words in text, words
    assert re.search(r"规则版本\s*\d{4}-\d{2}-\d{2}", text), text
    assert result.locator("ol.timeline > li").count() == result.locator("li.stage").count() > 0
    assert result.evaluate(SMALLEST_TEXT) >= SMALLEST_PX, "text too small on paper"
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 390, "height": 844})
    assert result.evaluate(SMALLEST_TEXT) >= SMALLEST_PX, "text too small on a phone"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the answer scrolls sideways on a phone ({width}px)"
    screenshot(page, "calculator-result-390", full_page=True)


def test_opened_as_a_file_says_to_use_the_site_address(browser, built_site: Path) -> None:
    """Double-clicking site/calculator.html cannot run the engine (browsers refuse modules from
    file:): the page says so at once instead of loading for ever, and asks for nothing off the disk."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((built_site / "calculator.html").as_uri())
    status = page.locator("#calc-status-text")
    status.filter(has_text="请通过网站地址访问").wait_for(timeout=5000)
    assert "不能直接双击打开文件" in status.inner_text()
    assert page.locator("#calc.is-file").count() == 1 and page.locator("#calc-progress").is_hidden()
    context.close()
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
