"""Engine behaviour that holds for every regulation: properties, boundaries, errors, dates."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import engine
from calculator.conditions import band_for, fields_read, holds
from calculator.fields import BY_NAME, FIELDS, InputError
from calculator.questions import reads
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


PROJECTS = st.fixed_dictionaries({}, optional={f.name: _strategy(f) for f in PROJECT_FIELDS})
CHANGES = st.fixed_dictionaries({}, optional={f.name: _strategy(f) for f in CHANGE_FIELDS})
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def certain_items(result: dict) -> dict:
    """What a result shows as certain, as comparable key -> value pairs."""
    out = {}
    if result.get("applies", {}).get("certain"):
        out["applies"] = result["applies"]["status"]
    if result.get("route") and result["route"]["certain"]:
        out["route"] = result["route"]["id"]
    if result.get("change") and result["change"]["certain"]:
        out["change"] = result["change"]["id"]
    if result.get("refusal") and result["applies"]["certain"]:
        # While applicability is open a refusal holds only "if the regulation applies"; not yet certain.
        out["refused"] = True
        if result["refusal"]["certain"]:
            out["refusal"] = result["refusal"]["id"]
    for stage in result.get("stages", []):
        if stage["certain"]:
            out["stage", stage["id"]] = True
            if stage["body"] and stage["body"]["certain"]:
                out["body", stage["id"]] = stage["body"]["id"]
    for key in ("duties", "deadlines", "documents"):
        for item in result.get(key, []):
            if item["certain"]:
                out[key, item["id"]] = True
                if item.get("date"):
                    out["date", item["id"]] = item["date"]
    return out


def _signature(result: dict) -> str:
    """Certain items plus what is still possible: two results that say the same thing compare equal."""
    possible = [(i["id"], i["certain"], i.get("date")) for key in ("stages", "duties", "deadlines") for i in result.get(key, [])]
    options = [r["id"] for r in result.get("route_options", []) + result.get("change_options", [])]
    refusal = (result.get("refusal") or {}).get("id")
    also = [a["id"] for a in result.get("also", [])]  # a concurrent procedure is part of the answer too
    return (repr(sorted(map(str, certain_items(result).items()))) + repr(possible) + repr(options) + repr(refusal)
            + repr(also))


def _answers(question: dict) -> list[str]:
    return [o["value"] for o in question["options"]] or ["2026-03-02"]


def _check_questions(evaluate, raw: dict, result: dict) -> None:
    """Every question matters, and answering it never changes what was shown as certain."""
    before = certain_items(result)
    for question in result["questions"]:
        assert question["field"] not in raw, f"asked {question['field']}, which was given"
        outcomes = set()
        for value in _answers(question):
            after = evaluate({**raw, question["field"]: value})
            now = certain_items(after)
            changed = {k: (v, now.get(k)) for k, v in before.items() if now.get(k) != v}
            assert not changed, f"answering {question['field']}={value} changed certain items: {changed}"
            outcomes.add(_signature(after))
        assert outcomes != {_signature(result)}, f"question {question['field']} changes nothing"


@SETTINGS
@given(project=PROJECTS, slug=st.sampled_from(SLUGS))
def test_partial_projects_get_honest_answers(book, project, slug) -> None:
    result = engine.evaluate(book, slug, project)
    json.dumps(result)
    if result["applies"]["status"] == "not_applicable":
        assert result["route"] is None and result["stages"] == [] and result["applies"]["certain"]
    elif result["refusal"]:
        assert result["route"] is None and result["stages"] == [], "a refused project has no route"
    elif result["route"] is None:
        assert len(result["route_options"]) >= 2, "an open route names what it may still be"
    else:
        assert [r["id"] for r in book.get(slug).data["routes"]].count(result["route"]["id"]) == 1
    for line in result["trace"]:
        assert line["text"]
    for stage in result["stages"]:
        assert stage["cites"], f"stage {stage['id']} has no citation"
    _check_questions(lambda raw: engine.evaluate(book, slug, raw), project, result)


@SETTINGS
@given(change=CHANGES, slug=st.sampled_from(SLUGS))
def test_partial_changes_get_honest_answers(book, change, slug) -> None:
    result = engine.evaluate_change(book, slug, change)
    if result["applies"]["status"] == "not_applicable":
        assert result["change"] is None and result["applies"]["certain"]
    elif result["change"] is None:
        assert len(result["change_options"]) >= 2
    else:
        assert result["change"]["id"] in {c["id"] for c in book.get(slug).data["changes"]}
        assert result["change"]["cites"]
    _check_questions(lambda raw: engine.evaluate_change(book, slug, raw), change, result)


def test_with_every_fact_given_nothing_is_asked(book) -> None:
    """Answer every question the engine asks, as an applicant would, until none is left."""
    facts = {"level": "city", "investment": "350"}
    for _ in range(40):
        result = engine.evaluate(book, "dazhou", facts)
        if not result["questions"]:
            break
        question = result["questions"][0]
        facts[question["field"]] = (question["options"][-1]["value"] if question["options"] else "2026-01-05")
    assert result["questions"] == []
    assert result["applies"]["certain"]
    for key in ("stages", "duties", "deadlines"):
        assert all(item["certain"] for item in result[key])


def _unread_field(slug: str) -> str:
    read = reads(BOOK.get(slug), "project")
    return next(f.name for f in PROJECT_FIELDS if f.type == "bool" and f.name not in read)


def test_inputs_a_regulation_ignores_are_named(book) -> None:
    name = _unread_field("dazhou")
    result = engine.evaluate(book, "dazhou", {"investment": "350", name: "true"})
    assert [i["field"] for i in result["ignored_inputs"]] == [name]
    assert BY_NAME[name].label.split("（")[0] in result["ignored_inputs"][0]["text"]


def test_unknown_level_is_asked_not_assumed(book) -> None:
    for slug in ("wushan", "sichuan-province"):
        result = engine.evaluate(book, slug, {"investment": "500"})
        assert result["applies"]["status"] == "undetermined"
        level = next(q for q in result["questions"] if q["field"] == "level")
        assert level["rank"] == 0
        effects = {o["value"]: o["effect"] for o in level["options"]}
        assert effects["city" if slug == "wushan" else "county"].startswith("不适用本办法（第")


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


def test_unknown_field_and_regulation(book) -> None:
    with pytest.raises(InputError, match="unknown field"):
        engine.evaluate(book, "dazhou", {"investment": "1", "colour": "red"})
    with pytest.raises(InputError, match="unknown regulation"):
        engine.evaluate(book, "chengdu", {"investment": "1"})
    with pytest.raises(InputError):
        engine.evaluate(book, "dazhou", ["investment"])


def test_amounts_are_exact_decimals(book) -> None:
    result = engine.evaluate(book, "dazhou", {"investment": "29.999999", "level": "city"})
    assert result["input"]["investment"] == "29.999999"
    assert result["applies"]["status"] == "not_applicable"


@pytest.mark.parametrize("amount,inside", [("150", True), ("150.04", False), ("150.00", True)])
def test_percent_limits_compare_exact_values(book, amount, inside) -> None:
    """15.004% is over a 15% limit: rounding happens for display only."""
    result = engine.evaluate_change(book, "dazhou", {"approved_investment": "1000", "adjustment_amount": amount,
                                                     "listed_reason": True, "change_type": "adjustment"})
    assert (result["input"]["adjustment_percent"] == "15") is inside


def _decided_by(reg, result: dict) -> tuple[set[str], set[str]]:
    """The notes of the items that decided a refused or inapplicable answer, and the facts they read."""
    scope = reg.data["scope"]
    conds = [scope["applies_when"]] + [e["when"] for e in scope["exclusions"]]
    notes = {b["ambiguity"] for t in reg.data["thresholds"] for b in t["bands"] if b.get("ambiguity")}
    if result["refusal"]:
        item = reg.refusals[result["refusal"]["id"]]
        conds.append(item["when"])
        notes |= {item["ambiguity"]} if item.get("ambiguity") else set()
    return notes, {n for cond in conds for n in fields_read(cond, reg.tables)}


@SETTINGS
@given(project=PROJECTS, slug=st.sampled_from(SLUGS))
def test_refused_or_inapplicable_answers_carry_nothing_about_building(book, project, slug) -> None:
    """A project that is refused or outside the regulation gets no stage, document, deadline or duty,
    and a note only on what decided that: the refusal item or scope band it points to, or a note whose
    own condition holds and reads nothing but the facts that decided (no note on how it would be built)."""
    result = engine.evaluate(book, slug, project, ask=False)
    if not (result["refusal"] or result["applies"]["status"] == "not_applicable"):
        return
    assert not (result["stages"] or result["documents"] or result["deadlines"] or result["duties"])
    reg = book.get(slug)
    notes, facts = _decided_by(reg, result)
    for note in result["ambiguities"]:
        when = reg.ambiguities[note["id"]].get("when")
        assert note["id"] in notes or (when is not None and set(fields_read(when, reg.tables)) <= facts), \
            f"note {note['id']} is not about what decided this answer"


def _never(cond: object, facts: dict, tables: dict) -> bool:
    """The condition is false whatever the other (unknown) facts are."""
    return cond is not None and holds(cond, facts, tables) is False


@pytest.mark.parametrize("slug", SLUGS)
def test_classified_switches_security_duties(book, slug) -> None:
    """涉密 switches off the 等级保护 duties and is the condition of every 保密 step and duty."""
    reg = book.get(slug)
    for item in reg.data["duties"] + reg.data["stages"]:
        if "等级保护" in item["name"] or "等保" in item["name"]:
            assert _never(item.get("when"), {"classified": True}, reg.tables), f"{item['id']} applies to 涉密 projects"
        if item.get("topic") == "classified" or item["name"].startswith("涉密") or "保密测评" in item["name"]:
            assert _never(item.get("when"), {"classified": False}, reg.tables), f"{item['id']} applies to 非涉密 projects"


@pytest.mark.parametrize("slug,level,bodies", [
    ("sichuan-province", "province", ["project_unit", "ndrc", "leading_group"]),
    ("bazhong", "city", ["project_unit", "review_committee", "city_government"]),
    ("dazhou", "city", ["project_unit", "digital_economy_bureau", "party_government"]),
])
def test_termination_is_decided_in_steps(book, slug, level, bodies) -> None:
    """终止: the unit applies, one body reports it up (核报), another agrees — three steps in order."""
    change = {"unit_type": "agency", "level": level, "investment": "500", "classified": False, "funding": "fiscal",
              "change_type": "termination"}
    result = engine.evaluate_change(book, slug, change)
    assert result["change"]["id"] == "termination"
    names = [book.get(slug).bodies[b]["name"] for b in bodies]
    assert [step["body"] for step in result["change"]["steps"]] == names
