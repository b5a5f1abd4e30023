"""Versions by date: the engine takes the version in force on the 立项 date, on both sides of a
valid_from, and the validator holds earlier versions and drafts to their rules.

A synthetic earlier version of 达州 is made in a temporary copy of rules/ (the real rules/ holds
no earlier versions): the current text, renumbered as version 1 and in force until the day before
the current version took effect.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from calculator import engine, versions
from calculator.rulebook import REPO_RULES, Rulebook
from calculator.validate import RulesError, compile_rules, compile_text, load_source

SLUG = "dazhou"
EARLIER = "2020-01-01"


def _current_valid_from() -> str:
    return re.search(r"^valid_from: (\S+)", (REPO_RULES / f"{SLUG}.yaml").read_text(encoding="utf-8"), re.M).group(1)


def earlier_version(text: str, valid_from: str = EARLIER, valid_to: str | None = None,
                    superseded: bool = True) -> str:
    """The current rules of 达州 rewritten as an earlier version."""
    end = valid_to or (dt.date.fromisoformat(_current_valid_from()) - dt.timedelta(days=1)).isoformat()
    head = f"valid_from: {valid_from}\nvalid_to: {end}\n" + ("superseded_by: 达州市市级政府投资信息化项目管理办法（2023年）\n"
                                                             if superseded else "")
    text = re.sub(r"^valid_from: .*\n", head, text, count=1, flags=re.M)
    return re.sub(r"^version: \d+", "version: 1", text, count=1, flags=re.M)


@pytest.fixture(scope="module")
def rules_copy(tmp_path_factory) -> Path:
    rules = tmp_path_factory.mktemp("versions") / "rules"
    shutil.copytree(REPO_RULES, rules)
    (rules / SLUG).mkdir()
    (rules / "sources" / SLUG).mkdir()
    shutil.copy(rules / "sources" / f"{SLUG}.txt", rules / "sources" / SLUG / f"{EARLIER}.txt")
    (rules / SLUG / f"{EARLIER}.yaml").write_text(earlier_version((rules / f"{SLUG}.yaml").read_text(encoding="utf-8")),
                                                  encoding="utf-8")
    return rules


@pytest.fixture(scope="module")
def book(rules_copy: Path) -> Rulebook:
    return Rulebook(compile_rules(rules_copy, rules_copy.parent, (SLUG,)))


def test_the_copy_compiles_with_its_history(book: Rulebook) -> None:
    reg = book.get(SLUG)
    assert [r.data["valid_from"] for r in reg.earlier] == [EARLIER]
    assert reg.data["version"] != 1 and reg.earlier[0].data["version"] == 1


@pytest.mark.parametrize("offset,expected_version", [(-1, 1), (0, None)])
def test_both_sides_of_valid_from(book: Rulebook, offset: int, expected_version: int | None) -> None:
    """The day before the current version took effect falls under the earlier one; that day, under the current."""
    day = dt.date.fromisoformat(_current_valid_from()) + dt.timedelta(days=offset)
    result = engine.evaluate(book, SLUG, {"investment": "350", "start_date": day.isoformat()})
    header = result["regulation"]
    assert header["version"] == (expected_version or book.get(SLUG).data["version"])
    assert header["in_force"].startswith(f"按立项日期{day.year}年{day.month}月{day.day}日适用")
    assert ("现行版本" in header["in_force"]) == (expected_version is None)


def test_without_a_date_today_decides(book: Rulebook) -> None:
    result = engine.evaluate(book, SLUG, {"investment": "350"})
    assert result["regulation"]["in_force"].startswith("按今天适用现行版本")


def test_change_questions_use_the_version_in_force_too(book: Rulebook) -> None:
    result = engine.evaluate_change(book, SLUG, {"approved_investment": "1000", "start_date": "2021-05-01"})
    assert result["regulation"]["version"] == 1


def test_before_every_recorded_version_says_so(book: Rulebook) -> None:
    note = engine.evaluate(book, SLUG, {"start_date": "2019-12-31"})["regulation"]["in_force"]
    assert "本库未收录当时施行的文本" in note and "2020年1月1日" in note
    repealed = book.get(SLUG).earlier[0].meta["supersedes"]
    assert all(f"《{x['title']}》" in note for x in repealed), "the text it repealed is named"


def test_choice_rules() -> None:
    current = {"valid_from": "2023-06-06", "meta": {"title": "新办法", "doc_number": None}}
    old = {"valid_from": "2020-01-01", "valid_to": "2023-06-05", "superseded_by": "新办法",
           "meta": {"title": "旧办法", "doc_number": "某发〔2020〕1号"}}
    chosen = lambda day: versions.choose([current, old], dt.date.fromisoformat(day)).data  # noqa: E731
    assert chosen("2023-06-05") is old and chosen("2023-06-06") is current and chosen("2020-01-01") is old
    gap = {**old, "valid_to": "2022-12-31"}
    assert versions.choose([current, gap], dt.date(2023, 3, 1)).data is current  # the nearest later version
    undated = {"valid_from": None, "meta": {"title": "办法", "doc_number": None}}
    assert versions.choose([undated], dt.date(1990, 1, 1)).note == "按立项日期1990年1月1日适用现行版本（《办法》，原文未载明施行日期）"
    assert "已被新办法取代" in versions.describe(old)


def _problems(rules: Path) -> list[str]:
    with pytest.raises(RulesError) as exc:
        compile_rules(rules, rules.parent, (SLUG,))
    return [str(p) for p in exc.value.problems]


@pytest.mark.parametrize("edit,expected", [
    (lambda t: earlier_version(t, valid_to="2024-01-01"), "valid_to: valid_to 2024-01-01 overlaps the next version"),
    (lambda t: re.sub(r"^valid_to: .*\n", "", earlier_version(t), flags=re.M), "valid_to: an earlier version needs valid_to"),
    (lambda t: earlier_version(t, superseded=False), "valid_to: a version with valid_to must name what superseded it"),
    (lambda t: earlier_version(t, valid_from="2020-02-02"), "valid_from: an earlier version's file is named by its valid_from"),
    (lambda t: earlier_version(t, valid_to="2019-01-01"), "valid_to: valid_to 2019-01-01 is before valid_from 2020-01-01"),
])
def test_earlier_versions_are_checked(rules_copy: Path, tmp_path: Path, edit, expected: str) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(rules_copy, rules)
    (rules / SLUG / f"{EARLIER}.yaml").write_text(edit((REPO_RULES / f"{SLUG}.yaml").read_text(encoding="utf-8")),
                                                  encoding="utf-8")
    problems = _problems(rules)
    assert any(re.match(rf"rules/{SLUG}/{EARLIER}\.yaml:\d+: {re.escape(expected)}", p) for p in problems), problems


def test_current_version_needs_a_date_once_history_exists(rules_copy: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(rules_copy, rules)
    path = rules / f"{SLUG}.yaml"
    path.write_text(re.sub(r"^valid_from: .*$", "valid_from: null", path.read_text(encoding="utf-8"), count=1, flags=re.M),
                    encoding="utf-8")
    assert any(re.match(rf"rules/{SLUG}\.yaml:\d+: valid_from: the current version needs a valid_from", p)
               for p in _problems(rules))


@pytest.mark.parametrize("confirmed,refused", [("false", True), ("true", False)])
def test_drafts_are_refused_until_confirmed(confirmed: str, refused: bool) -> None:
    text = (REPO_RULES / f"{SLUG}.yaml").read_text(encoding="utf-8").rstrip("\n") + (
        "\ndrafts:\n  - kind: threshold\n    text: 200万元以上\n"
        "    cite: {article: 62, quote: “以上”含本数}\n"
        f"    confirmed: {confirmed}\n")
    source = load_source(REPO_RULES, SLUG)
    if not refused:
        compile_text(text, source, f"rules/{SLUG}.yaml")
        return
    with pytest.raises(RulesError) as exc:
        compile_text(text, source, f"rules/{SLUG}.yaml")
    messages = [str(p) for p in exc.value.problems]
    assert any(re.match(rf"rules/{SLUG}\.yaml:\d+: drafts\[0\]: draft threshold '200万元以上' \(第62条\) is not confirmed", m)
               for m in messages), messages
