"""The browser's entry point (calculator.api) answers any JSON with a result or a Chinese error,
never an exception: the page must never show a traceback."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import api
from calculator.fields import FIELDS

from .books import BOOK

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20)
NAMES = st.sampled_from([f.name for f in FIELDS] + ["colour", ""])
REQUESTS = st.fixed_dictionaries({}, optional={
    "action": st.sampled_from(["evaluate", "change", "validate", "export", "drop", ""]) | JSON,
    "regulation": st.sampled_from(["all", "dazhou", "wushan", "nowhere"]) | JSON,
    "place": st.sampled_from([p["id"] for p in BOOK.places()] + ["x.y"]) | JSON,
    "kind": st.sampled_from(["change", "project"]),
    "all_questions": st.booleans(),
    "input": st.dictionaries(NAMES, JSON | st.sampled_from(["350", "1e-20", "100000000", "true", "county"]),
                             max_size=6) | JSON,
})


@pytest.fixture(scope="module", autouse=True)
def _init() -> None:
    api.init(json.dumps(BOOK.data, ensure_ascii=False))


def ask(request) -> dict:
    response = json.loads(api.handle(request if isinstance(request, str) else json.dumps(request)))
    assert isinstance(response["ok"], bool)
    if not response["ok"]:
        assert response["errors"] and all(e["zh"] for e in response["errors"])
        assert all("Traceback" not in e["zh"] for e in response["errors"])
    return response


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=REQUESTS | JSON)
def test_any_json_gets_an_answer_or_a_chinese_error(request) -> None:
    response = ask(request)
    assert not any(e["field"] == "(engine)" for e in response.get("errors", [])), response


@pytest.mark.parametrize("request_text,fragment", [
    ("[1, 2]", "请求格式错误"), ("\"evaluate\"", "请求格式错误"), ("not json", "不是有效的 JSON"),
    ("[" * 5000 + "]" * 5000, "请求"), ('{"action": "drop"}', "未知的操作"),
    ('{"regulation": ["dazhou"]}', "办法标识无效"), ('{"input": [1]}', "输入格式错误"),
    ('{"regulation": "dazhou", "input": {"investment": "' + "9" * 5000 + '"}}', "数字过长"),
    ('{"action": "change", "regulation": "dazhou", "input": {"approved_investment": "1e-20", '
     '"adjustment_amount": "100000000"}}', "最多保留6位小数"),
    ('{"place": "dazhou.city", "input": {"level": "county"}}', "不一致"),
])
def test_bad_requests_say_what_is_wrong(request_text: str, fragment: str) -> None:
    response = ask(request_text)
    assert not response["ok"] and fragment in " ".join(e["zh"] for e in response["errors"])


def test_place_sets_regulation_and_level() -> None:
    request = {"action": "evaluate", "place": "wushan.county", "input": {"investment": "800"}}
    response = ask(request)
    assert "还需确认" in response["html"] and 'name="unit_type"' in response["questions_html"]
    result = ask({**request, "action": "export", "format": "json"})["result"]
    assert result["regulation"]["slug"] == "wushan" and result["input"]["level"] == "county"


def test_downloads_are_rendered_only_for_export() -> None:
    """An answer carries what the page shows; the Markdown and the JSON result come on request."""
    request = {"action": "evaluate", "regulation": "dazhou", "input": {"investment": "350"}}
    assert set(ask(request)) == {"ok", "html", "questions_html"}
    assert ask({**request, "action": "export"})["markdown"].startswith("# 达州市")
    assert ask({**request, "action": "export", "format": "json"})["result"]["regulation"]["slug"] == "dazhou"
    assert set(ask({**request, "regulation": "all"})) == {"ok", "html"}
    assert len(ask({**request, "regulation": "all", "action": "export", "format": "json"})["result"]["results"]) == 5
    refused = ask({**request, "action": "export", "format": "pdf"})
    assert not refused["ok"] and refused["errors"][0]["zh"] == "未知的导出格式"


def test_validate_checks_the_form_it_is_given() -> None:
    """The change form's fields are not 'unknown fields' when the change form is validated."""
    ok = ask({"action": "validate", "kind": "change", "regulation": "dazhou",
              "input": {"approved_investment": "1000", "adjustment_amount": "100"}})
    assert ok["ok"]


def test_tiny_amounts_do_not_break_the_change_question() -> None:
    response = ask({"action": "export", "format": "json", "kind": "change", "regulation": "dazhou",
                    "input": {"approved_investment": "0.000001", "adjustment_amount": "100000000",
                              "change_type": "adjustment", "level": "city", "unit_type": "agency",
                              "funding": "fiscal", "classified": "false"}})
    assert response["ok"] and response["result"]["applies"]["status"] == "not_applicable"  # 0.000001万元 < 30万元
    response = ask({"action": "export", "format": "json", "kind": "change", "regulation": "guangyuan",
                    "input": {"approved_investment": "0.000001", "adjustment_amount": "100000000",
                              "change_type": "adjustment", "level": "city", "funding": "fiscal",
                              "classified": "false"}})
    assert response["ok"] and response["result"]["change"] is not None
