"""Every scenario file, run through the engine on CPython and checked against its expectations."""

from __future__ import annotations

import pytest

from calculator import engine
from calculator.rulebook import Rulebook

from .scenarios import KEYS, load_all, plain, slug_of

CASES = load_all()


@pytest.mark.parametrize("case_id,case", CASES, ids=[c[0] for c in CASES])
def test_scenario(book: Rulebook, case_id: str, case: dict) -> None:
    assert set(case) <= KEYS, f"unknown keys {set(case) - KEYS}"
    assert case.get("name") and case.get("articles"), "a scenario needs a name and the articles it relies on"
    slug = slug_of(case_id)
    articles = book.get(slug).data["articles"]
    for number in case["articles"]:
        assert str(number) in articles, f"scenario cites 第{number}条, which does not exist"
    expected = plain(case["expected"])
    project = plain(case.get("input") or {})
    if "change" in case:
        result = engine.evaluate_change(book, slug, {**project, **plain(case["change"])})
        assert result["applies"]["certain"], "a change scenario states the facts that decide applicability"
        assert (result["change"] or {}).get("id") == expected["change"], result["trace"]
        if "also" in expected:
            assert [a["id"] for a in result["also"]] == expected["also"]
        if "change_body" in expected:
            assert (result["change"]["body"] or {}).get("id") == expected["change_body"]
        _check_ambiguities(result, expected)
        return
    result = engine.evaluate(book, slug, project)
    assert result["applies"]["status"] == expected["applies"], result["applies"]["reason"]
    if "route" in expected:
        assert (result["route"] or {}).get("id") == expected["route"], result["trace"]
    _check_open(result, expected)
    assert (result["refusal"] or {}).get("id") == expected.get("refusal"), result["trace"]
    if result["refusal"]:
        assert result["route"] is None and not result["stages"] and not result["duties"], "a refused project has no route"
    stages = [s["id"] for s in result["stages"]]
    if "stages" in expected:
        assert stages == expected["stages"]
    for stage_id, body_id in (expected.get("bodies") or {}).items():
        stage = next((s for s in result["stages"] if s["id"] == stage_id), None)
        assert stage is not None, f"stage {stage_id} not in route: {stages}"
        assert (stage["body"] or {}).get("id") == body_id, stage["body"]
    documents = {d["id"] for d in result["documents"]}
    assert set(expected.get("documents") or []) <= documents
    duties = {d["id"] for d in result["duties"]}
    assert set(expected.get("duties") or []) <= duties
    assert not set(expected.get("not_duties") or []) & duties
    dates = {d["id"]: d["date"] for d in result["deadlines"]}
    for deadline_id, date in (expected.get("deadlines") or {}).items():
        assert deadline_id in dates, f"deadline {deadline_id} not active: {sorted(dates)}"
        assert dates[deadline_id] == date, deadline_id
    _check_ambiguities(result, expected)


def _check_open(result: dict, expected: dict) -> None:
    """What is still open: the questions asked, in order, the routes still possible, and which shown
    items are marked as depending on an answer (every other shown item is certain)."""
    if "questions" in expected:
        assert [q["field"] for q in result["questions"]] == expected["questions"]
    if "route_options" in expected:
        assert result["route"] is None and [r["id"] for r in result["route_options"]] == expected["route_options"]
    if "open" in expected:
        shown_open = [i["id"] for key in ("stages", "duties") for i in result[key] if not i["certain"]]
        assert sorted(shown_open) == sorted(expected["open"])


def _check_ambiguities(result: dict, expected: dict) -> None:
    shown = {a["id"] for a in result["ambiguities"]}
    assert set(expected.get("ambiguities") or []) <= shown


def test_every_regulation_has_enough_scenarios() -> None:
    counts: dict[str, int] = {}
    for case_id, _ in CASES:
        counts[slug_of(case_id)] = counts.get(slug_of(case_id), 0) + 1
    for slug in ("sichuan-province", "bazhong", "dazhou", "guangyuan", "wushan"):
        assert counts.get(slug, 0) >= 15, f"{slug}: only {counts.get(slug, 0)} scenarios"
