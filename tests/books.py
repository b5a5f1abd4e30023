"""The rules compiled for tests, one regulation at a time.

Each regulation is compiled on its own so that a broken file fails the tests of that regulation
(with the validator's messages) without hiding the results of the other four.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from calculator.rulebook import REPO_RULES, Rulebook
from calculator.validate import SLUGS, RulesError, compile_rules


class PartialBook(Rulebook):
    def __init__(self) -> None:
        regulations, self.problems, calendar = {}, {}, None
        for slug in SLUGS:
            try:
                compiled = compile_rules(REPO_RULES, REPO_RULES.parent, (slug,))
            except RulesError as exc:
                self.problems[slug] = str(exc)
                continue
            regulations.update(compiled["regulations"])
            calendar = compiled["calendar"]
        super().__init__({"format": 1, "version": "test", "regulations": regulations, "calendar": calendar})

    def get(self, slug: str):
        if slug in self.problems:
            pytest.fail(f"rules for {slug} do not validate:\n{self.problems[slug]}")
        return super().get(slug)


BOOK = PartialBook()


def edited_rules(tmp_path: Path, slug: str, old: str, new: str) -> Path:
    """A copy of rules/ under `tmp_path` with the first `old` in `<slug>.yaml` replaced by `new`."""
    rules = tmp_path / "rules"
    shutil.copytree(REPO_RULES, rules)
    path = rules / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return rules


def problems_of(rules: Path, slug: str) -> list[str]:
    """The validator's messages for `slug` in `rules` (the test fails if it compiles)."""
    with pytest.raises(RulesError) as info:
        compile_rules(rules, rules.parent, (slug,))
    return [str(p) for p in info.value.problems]
