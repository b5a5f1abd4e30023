"""Accessible to everyone (信息无障碍, GB/T 37668; issue 12.9): axe-core, pinned in package-lock.json and
injected by this test only (it is never part of the site), finds no serious or critical violation on
any kind of page or calculator state; each state is saved as a screenshot at 1366 px and 390 px; and
the calculator can be used with the keyboard alone, from the empty page to an answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calculator import engine

from ..books import BOOK
from .conftest import SHOTS, screenshot
from .page_checks import CALCULATOR, wait_for_answer

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REPORT = ROOT / "test-output" / "axe.json"

DAZHOU = {"unit_type": "agency", "classified": "false", "funding": "fiscal", "mode": "self_build", "kind": "new",
          "in_annual_plan": "false", "bundled_with_engineering": "false", "procurement": "gov_procurement",
          "higher_mandate": "false", "urgent_security": "false", "start_date": "2026-01-05"}
CHANGE = "tab=change&regulation=dazhou&change_type=adjustment&approved_investment=1000&adjustment_amount=100" \
         "&listed_reason=true&exceeds_approved=false&goal_changed=false"

# (name of the screenshot, address, what shows the state is reached)
STATES = [
    ("home", "index.html", "h1"),
    ("regulation", "regulations/dazhou.html", "figure.flow"),
    ("comparison", "compare/deadlines.html", "table"),
    ("thresholds-my-amount", "compare/thresholds.html?amount=350", ".threshold-mine"),
    ("routes", "compare/routes.html", "figure.flow"),
    ("glossary", "glossary.html", "h1"),
    ("maintainers", "maintainers/index.html", "h1"),
    ("maintainers-schema", "maintainers/schema.html", "h1"),
    ("calculator-empty", "calculator.html", "#calc.is-ready"),
    ("calculator-interview", CALCULATOR, "#calc-questions .q-open"),
    ("calculator-result", "calculator.html?tab=project&place=dazhou.city&investment=350&"
     + "&".join(f"{k}={v}" for k, v in DAZHOU.items()), "#calc-output .calc-result"),
    ("calculator-compare-all", "calculator.html?tab=compare&investment=500&level=city", "table.compare-all"),
    ("calculator-change", f"calculator.html?{CHANGE}", ".change-result"),
]
SERIOUS = ("serious", "critical")


def _violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")["violations"]
    return [{"rule": v["id"], "impact": v["impact"], "help": v["help"],
             "where": [n["target"] for n in v["nodes"]][:5]} for v in found if v["impact"] in SERIOUS]


def test_no_serious_accessibility_violation_on_any_page_kind(browser, site_url: str) -> None:
    # One context for the sweep. axe is added as a script element, which the pages' policy would
    # refuse, so this context bypasses the policy (tests/e2e/test_site_pages.py checks the policy).
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(120000)
    report = {}
    for name, path, reached in STATES:
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(f"{site_url}/{path}")
        page.locator(reached).first.wait_for(state="attached")
        page.wait_for_function("() => (document.getElementById('calc')?.dataset.busy ?? '0') === '0'")
        report[name] = _violations(page)
        screenshot(page, f"{name}-1366")
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(100)
        screenshot(page, f"{name}-390")
    context.close()
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    assert {name: found for name, found in report.items() if found} == {}
    assert len(list(SHOTS.glob("*-390.png"))) >= len(STATES)


def _tab_to(page, test: str, limit: int = 400) -> None:
    """Press Tab until the focused element passes `test` (a function of the element)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({test})(e); }}"):
            return
    raise AssertionError(f"Tab never reached {test}")


def _settled(page) -> None:
    page.wait_for_function("() => document.getElementById('calc').dataset.busy === '0'")


def test_the_calculator_works_with_the_keyboard_alone(page, site_url: str) -> None:
    """Tab to each control, arrows to choose, type the amount, Enter to compute; every open question
    answered the same way until the answer stands with no question left."""
    answers = {**DAZHOU, "sharing_exempt": "false", "civil_works": "false", "cross_department": "false",
               "completion_date": "2026-12-01", "builds_hardware": "false", "leases_lines": "false",
               "on_gov_cloud": "true", "builds_common_system": "false", "platform_access": "connected",
               "preparation_complete": "true", "builds_infrastructure": "false", "in_system_catalog": "true",
               "data_shared": "true", "security_compliant": "true", "systems_integrated": "true",
               "phased": "false", "original_accepted": "true", "isolated_system": "false",
               "service_conditions_met": "true", "lower_level_collaboration": "false",
               "om_round": "first_after_warranty", "existing_system_sufficient": "false", "new_system_shares": "true",
               "integrable_platform": "false", "in_overall_plan": "true"}
    page.goto(f"{site_url}/calculator.html")
    page.wait_for_selector("#calc.is-ready", timeout=90000)
    _tab_to(page, "e => e.id === 'project-place'")
    for _ in range(60):
        if page.evaluate("document.activeElement.value") == "dazhou.city":
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "dazhou.city"
    _tab_to(page, "e => e.id === 'project-investment'")
    page.keyboard.type("350")
    page.keyboard.press("Enter")
    wait_for_answer(page)
    asked: dict[str, str] = {}
    for _ in range(40):
        _settled(page)
        open_q = page.locator("#calc-questions .q-open")
        if open_q.count() == 0:
            break
        field = open_q.first.get_attribute("data-field")
        asked[field] = _answer_by_keyboard(page, field, answers.get(field))
    else:
        raise AssertionError("the interview did not end")
    facts = {"level": "city", "investment": "350", **asked}
    expected = engine.evaluate(BOOK, "dazhou", facts)
    assert expected["questions"] == [] and expected["route"]
    assert page.locator(".route-name").inner_text() == expected["route"]["name"]
    screenshot(page, "calculator-keyboard-result")


def _answer_by_keyboard(page, field: str, value: str | None) -> str:
    """Answer one question with keys only; a question this test has no answer for takes its first
    option. Returns the answer given."""
    box = f"#calc-questions [data-field={field}]"
    if page.locator(f"{box} input[type=radio]").count():
        _tab_to(page, f"e => e.type === 'radio' && e.name === {json.dumps(field)}")
        value = value or page.evaluate("document.activeElement.value")
        for _ in range(12):
            if page.evaluate("document.activeElement.value") == value:
                break
            page.keyboard.press("ArrowDown")  # moves and chooses, as radio groups do
            _settled(page)
        assert page.evaluate("document.activeElement.value") == value, f"{field}: focus left the question"
        if not page.evaluate("document.activeElement.checked"):
            page.keyboard.press("Space")
    else:
        assert value, f"asked {field}, which needs a typed answer: add it to the answers"
        _tab_to(page, f"e => e.name === {json.dumps(field)}")
        if page.evaluate("document.activeElement.type") == "date":
            year, month, day = value.split("-")
            page.keyboard.type(month + day + year)  # the field's order in Chromium's default (en-US) interface
        else:
            page.keyboard.type(value)
        page.keyboard.press("Enter")
    page.wait_for_function(f"() => !document.querySelector('#calc-questions .q-open[data-field={field}]')")
    return value
