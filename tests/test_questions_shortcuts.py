"""The questions are derived with shortcuts (quiet re-evaluations that reuse unchanged sections and
skip what no outcome reads; answers that change no condition's truth not re-evaluated at all). They
must change nothing: for every scenario, and for the same case with half its facts left unknown, the
questions equal those derived by evaluating every option of every question in full."""

from __future__ import annotations

from typing import Any, Mapping

import pytest

from calculator import engine
from calculator import questions as Q

from .books import BOOK
from .scenarios import load_all, plain, slug_of


def _cases() -> list[tuple[str, str, dict[str, Any], str]]:
    out = []
    for case_id, case in load_all():
        project = plain(case.get("input") or {})
        group = "change" if "change" in case else "project"
        raw = {**project, **plain(case["change"])} if group == "change" else project
        out.append((case_id, slug_of(case_id), raw, group))
        half = {k: raw[k] for k in sorted(raw)[::2]}
        out.append((case_id + "（一半事实）", slug_of(case_id), half, group))
    return out


def _in_full(slug: str, raw: Mapping[str, Any], group: str) -> list[dict[str, Any]]:
    """The questions with every option evaluated in full: a plain, loud evaluation per answer."""
    if group == "change":
        approved = raw.get("approved_investment")
        facts = engine.parse_input({**raw, "investment": raw.get("investment") if approved in (None, "") else approved},
                                   "change")
        run = engine._evaluate_change_facts
    else:
        facts, run = engine.parse_input(raw), engine._evaluate_facts
    reg = BOOK.get(slug).in_force(facts.get("start_date"))
    result, ex = run(BOOK, reg, facts)
    return Q.derive(reg, facts, result, ex.opened, ex.groups, lambda variant: run(BOOK, reg, variant)[0])


CASES = _cases()


@pytest.mark.parametrize("slug", sorted({c[1] for c in CASES}))
def test_shortcuts_change_no_question(slug: str) -> None:
    checked = 0
    for case_id, case_slug, raw, group in CASES:
        if case_slug != slug:
            continue
        fast = (engine.evaluate_change if group == "change" else engine.evaluate)(BOOK, slug, raw)["questions"]
        assert fast == _in_full(slug, raw, group), case_id
        checked += 1
    assert checked >= 80
