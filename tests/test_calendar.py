"""The 工作日 calendar: the committed data is the State Council's arrangement, the engine counts with it,
a year without it is named, and a maintainer's hand-written year is checked like any rules data."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from calculator import engine
from calculator.calendar_check import read_calendar
from calculator.rulebook import REPO_RULES, Rulebook
from calculator.validate import RulesError, compile_rules
from calculator.workdays import WorkCalendar, days, fallback_note
from sitegen import calendar_data

D = dt.date.fromisoformat
COMMITTED = read_calendar(REPO_RULES / "calendar.yaml", "rules/calendar.yaml")
WORK = WorkCalendar.from_data(COMMITTED)


def _day_sets(entry) -> tuple[set[dt.date], set[dt.date]]:
    off = {day for _, first, last in entry.holidays for day in days(first, last)}
    return off, set(entry.workdays)


def test_committed_file_is_what_chinesecalendar_says_for_2004_to_2026() -> None:
    package = calendar_data.package_years()
    assert set(range(2004, 2027)) <= set(package)
    committed = {e["year"]: e for e in COMMITTED["years"]}
    for year, entry in package.items():
        assert year in committed, f"{year} is missing from rules/calendar.yaml: run python -m sitegen.calendar_data"
        mine = {day for h in committed[year]["holidays"] for day in days(D(h["from"]), D(h["to"]))}
        assert (mine, {D(d) for d in committed[year]["workdays"]}) == _day_sets(entry), year
    assert calendar_data.main(["--check"]) == 0


@pytest.mark.parametrize("day,working", [
    ("2026-05-04", False),  # 劳动节, a Monday
    ("2026-02-14", True),   # 调休: a Saturday worked before 春节
    ("2026-10-01", False), ("2026-10-08", True), ("2026-10-10", True),  # 国庆 and its 调休 Saturday
    ("2026-10-11", False),  # an ordinary Sunday
    ("2026-03-02", True),   # an ordinary Monday
    ("2019-01-01", False), ("2018-12-30", False), ("2018-12-29", True),  # 2019 元旦 began in December 2018
])
def test_official_working_days(day, working) -> None:
    assert WORK.is_workday(D(day)) is working


@pytest.mark.parametrize("start,count,expected", [
    ("2026-09-30", 1, "2026-10-08"),  # over 国庆: Mon-Fri would say 2026-10-01
    ("2026-09-18", 1, "2026-09-20"),  # the 调休 Sunday before 国庆 is a working day
    ("2026-04-30", 1, "2026-05-06"),  # 劳动节 1-5 May
    ("2026-02-13", 1, "2026-02-14"),  # 调休 Saturday
    ("2026-03-23", 30, "2026-05-08"),  # 达州 预算评审: over 清明 and 劳动节 (Mon-Fri: 2026-05-04, a holiday)
])
def test_counting_working_days(start, count, expected) -> None:
    assert WORK.add_working_days(D(start), count) == (D(expected), ())


def test_a_year_without_an_arrangement_falls_back_to_monday_to_friday_and_is_named() -> None:
    end, unknown = WORK.add_working_days(D("2026-12-30"), 3)
    assert (end, unknown) == (D("2027-01-04"), (2027,))  # 2027-01-01 counted as a working day
    assert fallback_note(unknown) == "2027年的法定节假日安排尚未收录，工作日按周一至周五计算。"


def test_the_result_names_the_year_it_could_not_check(book) -> None:
    facts = {"investment": "300", "level": "city", "mode": "self_build", "unit_type": "agency", "kind": "new",
             "in_annual_plan": True, "bundled_with_engineering": False, "start_date": "2026-11-02"}
    result = engine.evaluate(book, "dazhou", facts)
    budget = next(d for d in result["deadlines"] if d["id"] == "budget_review_30wd")
    note = "2027年的法定节假日安排尚未收录，工作日按周一至周五计算。"
    assert budget["date"].startswith("2027-") and budget["unknown_years"] == [2027]
    assert note in budget["notes"] and note in result["notes"]
    within = engine.evaluate(book, "dazhou", {**facts, "start_date": "2026-01-05"})
    assert not any("尚未收录" in n for n in within["notes"])
    assert any("已扣除法定节假日" in n for n in within["notes"])


HAND_2027 = """\
  - year: 2027
    holidays:
      - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
    workdays: []
"""


def _rules_copy(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(REPO_RULES, rules, ignore=shutil.ignore_patterns("*.md", "*.yaml"))
    for name in ("guangyuan.yaml", "glossary.yaml", "calendar.yaml"):
        shutil.copy(REPO_RULES / name, rules / name)
    return rules


def test_a_maintainer_adds_a_year_by_hand(tmp_path) -> None:
    rules = _rules_copy(tmp_path)
    (rules / "calendar.yaml").write_text((REPO_RULES / "calendar.yaml").read_text(encoding="utf-8") + HAND_2027,
                                         encoding="utf-8")
    work = Rulebook(compile_rules(rules, tmp_path, ("guangyuan",))).calendar
    assert work.add_working_days(D("2026-12-30"), 3) == (D("2027-01-05"), ())  # 1 January off
    kept = calendar_data.merged(read_calendar(rules / "calendar.yaml", "calendar.yaml"))
    assert kept[-1].year == 2027 and kept[-1].holidays == [("元旦", D("2027-01-01"), D("2027-01-03"))]


BAD = [
    ("a 调休 day on a weekday", "    workdays: []", "    workdays: [2027-01-05]", "years[23].workdays[0]",
     "2027-01-05 is a weekday; a 调休 working day is a Saturday or Sunday"),
    ("a holiday ending before it starts", "to: 2027-01-03}", "to: 2026-12-31}", "years[23].holidays[0].to",
     "2026-12-31 is before `from` 2027-01-01"),
    ("a holiday running for weeks", "to: 2027-01-03}", "to: 2027-02-03}", "years[23].holidays[0].to", "runs 34 days"),
    ("a day listed in two holidays", "to: 2027-01-03}", "to: 2027-01-03}\n      - {name: 元旦, from: 2027-01-03, to: 2027-01-03}",
     "years[23].holidays[1].from", "2027-01-03 is already listed at years[23].holidays[0].from"),
    ("a year out of order", "  - year: 2027", "  - year: 2025", "years[23].year", "2025 comes after 2026"),
    ("a date of another year", "    workdays: []", "    workdays: [2025-12-27]", "years[23].workdays[0]",
     "2025-12-27 is outside the 2027 arrangement"),
    ("an impossible date", "from: 2027-01-01", "from: 2027-02-30", "years[23].holidays[0].from",
     "expected a date YYYY-MM-DD"),
    ("an unknown key", "    workdays: []", "    workdays: []\n    note: 调休", "years[23].note", "unknown key"),
]


@pytest.mark.parametrize("name,old,new,path,message", BAD, ids=[b[0] for b in BAD])
def test_bad_calendar_data_ends_in_file_line_key_message(tmp_path, name, old, new, path, message) -> None:
    rules = _rules_copy(tmp_path)
    text = (REPO_RULES / "calendar.yaml").read_text(encoding="utf-8") + HAND_2027.replace(old, new, 1)
    assert new in text
    (rules / "calendar.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        compile_rules(rules, tmp_path, ("guangyuan",))
    problem = next(p for p in caught.value.problems if p.path == path)
    assert problem.file == "rules/calendar.yaml" and message in problem.message
    lines = text.splitlines()
    assert 1 <= problem.line <= len(lines) and lines[problem.line - 1].strip(), str(problem)
    assert str(problem).startswith(f"rules/calendar.yaml:{problem.line}: {path}: ")


def test_a_missing_calendar_stops_the_build(tmp_path) -> None:
    rules = _rules_copy(tmp_path)
    (rules / "calendar.yaml").unlink()
    with pytest.raises(RulesError, match=r"rules/calendar.yaml:1: \(file\): file is missing"):
        compile_rules(rules, tmp_path, ("guangyuan",))
