"""Engine behaviour that holds for every regulation: properties, boundaries, errors, dates."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import dates, engine
from calculator.conditions import band_for
from calculator.fields import FIELDS, InputError
from calculator.validate import SLUGS

from .books import BOOK

PROJECT_FIELDS = [f for f in FIELDS if f.group == "project" and not f.derived]
CHANGE_FIELDS = [f for f in FIELDS if f.group == "change" and not f.derived]
AMOUNTS = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)


def _strategy(f):
    if f.type == "bool":
        return st.booleans()
    if f.type == "enum":
        return st.sampled_from(list(f.choices))
    if f.type == "percent":
        return st.decimals(min_value=0, max_value=100, places=2).map(str)
    if f.type == "amount":
        return AMOUNTS.map(str)
    return st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)).map(dt.date.isoformat)


PROJECTS = st.fixed_dictionaries({"investment": AMOUNTS.map(str)},
                                 optional={f.name: _strategy(f) for f in PROJECT_FIELDS if f.name != "investment"})
CHANGES = st.fixed_dictionaries({"approved_investment": AMOUNTS.map(str)},
                                optional={f.name: _strategy(f) for f in CHANGE_FIELDS if f.name != "approved_investment"})
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(project=PROJECTS, slug=st.sampled_from(SLUGS))
def test_any_valid_project_gets_a_result_with_exactly_one_route(book, project, slug) -> None:
    result = engine.evaluate(book, slug, project)
    json.dumps(result)
    if result["applies"]["status"] == "not_applicable":
        assert result["route"] is None and result["stages"] == []
    else:
        assert isinstance(result["route"]["id"], str)
        assert [r["id"] for r in book.get(slug).data["routes"]].count(result["route"]["id"]) == 1
    for line in result["trace"]:
        assert line["text"]
    for stage in result["stages"]:
        assert stage["cites"], f"stage {stage['id']} has no citation"


@SETTINGS
@given(change=CHANGES, slug=st.sampled_from(SLUGS))
def test_any_valid_change_gets_one_procedure(book, change, slug) -> None:
    result = engine.evaluate_change(book, slug, change)
    assert result["change"]["id"] in {c["id"] for c in book.get(slug).data["changes"]}
    assert result["change"]["cites"]


def test_evaluate_all_runs_every_regulation(book) -> None:
    result = engine.evaluate_all(book, {"investment": "500", "level": "city"})
    assert [r["regulation"]["slug"] for r in result["results"]] == list(SLUGS)
    assert {row["key"] for row in result["comparison"]} >= {"applies", "route"}
    assert any(row["differs"] for row in result["comparison"])


def _bounds():
    """Every finite bound of every threshold table, with the band each side must fall in."""
    for slug, reg in BOOK.regulations.items():
        for table in reg.data["thresholds"]:
            bands = table["bands"]
            for lower, upper in zip(bands, bands[1:], strict=False):
                yield pytest.param(table, lower, upper, id=f"{slug}:{table['id']}:{upper['min']}")


@pytest.mark.parametrize("table,lower,upper", list(_bounds()))
def test_both_sides_of_every_threshold(table, lower, upper) -> None:
    bound = Decimal(upper["min"])
    step = Decimal("0.01")
    expected_at_bound = upper["id"] if upper["min_inclusive"] else lower["id"]
    assert band_for(table, bound)["id"] == expected_at_bound
    if lower["min"] != lower.get("max"):  # a one-point band (exactly 50%) has no inside below its bound
        assert band_for(table, bound - step)["id"] == lower["id"]
    if upper["min"] != upper.get("max"):
        assert band_for(table, bound + step)["id"] == upper["id"]


@pytest.mark.parametrize("field,value,zh", [
    ("investment", "-1", "不能为负数"), ("investment", "abc", "应为数字"), ("investment", "1e12", "超出合理范围"),
    ("investment", "NaN", "有限"), ("start_date", "2026-02-30", "应为日期"), ("start_date", "1900-01-01", "2000年"),
    ("mode", "<script>", "只能取"), ("classified", "maybe", "是”或“否"), ("engineering_share", "150", "超出合理范围"),
])
def test_bad_input_raises_one_error_type_in_two_languages(book, field, value, zh) -> None:
    with pytest.raises(InputError) as info:
        engine.evaluate(book, "dazhou", {"investment": "100", field: value})
    assert info.value.field == field and zh in info.value.zh and info.value.en


def test_missing_amount_unknown_field_and_regulation(book) -> None:
    with pytest.raises(InputError, match="investment"):
        engine.evaluate(book, "dazhou", {})
    with pytest.raises(InputError, match="unknown field"):
        engine.evaluate(book, "dazhou", {"investment": "1", "colour": "red"})
    with pytest.raises(InputError, match="unknown regulation"):
        engine.evaluate(book, "chengdu", {"investment": "1"})
    with pytest.raises(InputError):
        engine.evaluate(book, "dazhou", ["investment"])


def test_amounts_are_exact_decimals(book) -> None:
    result = engine.evaluate(book, "dazhou", {"investment": "29.999999"})
    assert result["input"]["investment"] == "29.999999"
    assert result["applies"]["status"] == "not_applicable"


@pytest.mark.parametrize("start,value,unit,expected", [
    ("2026-01-05", 7, "日", "2026-01-12"), ("2026-01-31", 1, "个月", "2026-02-28"),
    ("2024-02-29", 1, "年", "2025-02-28"), ("2026-11-20", 3, "工作日", "2026-11-25"),
    ("2026-11-21", 1, "工作日", "2026-11-23"), ("2026-01-05", 30, "工作日", "2026-02-16"),
])
def test_date_arithmetic(start, value, unit, expected) -> None:
    assert dates.add(dt.date.fromisoformat(start), value, unit).isoformat() == expected


def test_annual_dates_roll_over() -> None:
    assert dates.annual(dt.date(2026, 10, 1), 9, "end") == dt.date(2027, 9, 30)
    assert dates.annual(dt.date(2026, 9, 30), 9, "end") == dt.date(2026, 9, 30)
    assert dates.annual(dt.date(2026, 1, 1), 2, "30") == dt.date(2026, 2, 28)


def test_working_day_deadlines_carry_the_holiday_note(book) -> None:
    result = engine.evaluate(book, "dazhou", {"investment": "300", "start_date": "2026-03-02", "in_annual_plan": True})
    if any(d["unit"] == "工作日" for d in result["deadlines"]):
        assert engine.WORKDAY_NOTE in result["notes"]
    assert any(d["unit"] == "工作日" for d in result["deadlines"])


@pytest.mark.parametrize("amount,inside", [("150", True), ("150.04", False), ("150.00", True)])
def test_percent_limits_compare_exact_values(book, amount, inside) -> None:
    """15.004% is over a 15% limit: rounding happens for display only."""
    result = engine.evaluate_change(book, "dazhou", {"approved_investment": "1000", "adjustment_amount": amount,
                                                     "listed_reason": True})
    assert (result["input"]["adjustment_percent"] == "15") is inside
