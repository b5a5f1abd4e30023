"""What the quiet re-evaluations behind the questions may take from each other instead of computing.

Deriving the questions evaluates a regulation again once per option of every open question, each time
with one fact changed (`questions.derive`). Most of such an evaluation cannot move: a section whose
conditions do not read the changed fact comes out the same, and an answer that changes no condition's
truth changes nothing at all. Both are worked out here from the conditions themselves, so a rules file
needs nothing extra; `tests/test_questions_shortcuts.py` checks that the questions stay exactly those
of evaluating every option in full.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping

from . import conditions as C
from .fields import BY_NAME
from .rulebook import Regulation

# The sections of an evaluation whose items carry a condition, in the order the engine tests them.
SECTIONS = ("refusals", "routes", "stages", "deadlines", "duties")


def tested_conditions(reg: Regulation, group: str) -> Iterator[tuple[str, Mapping[str, Any] | None, Any]]:
    """(section, item or None, condition) for every condition an evaluation of `group` tests."""
    scope = reg.data["scope"]
    for cond in [scope["applies_when"]] + [e["when"] for e in scope["exclusions"]]:
        yield "scope", None, cond
    for section in SECTIONS + (("changes",) if group == "change" else ()):
        for item in reg.data.get(section, []):
            yield section, item, item.get("when")


def _reads(reg: Regulation) -> dict[Any, tuple[str, ...]]:
    """The facts each section reads (for stages also the amounts that decide their bodies), and each
    duty on its own. Worked out once per regulation version."""
    if "reads" not in reg.memo:
        reads: dict[Any, list[str]] = {name: [] for name in ("scope",) + SECTIONS}
        for section, item, cond in tested_conditions(reg, "project"):
            names = list(C.fields_read(cond, reg.tables))
            reads[section].extend(names)
            if section == "duties":
                reads[(section, item["id"])] = names
        reads["stages"].extend(reg.tables[s["body_from"]]["field"] for s in reg.data["stages"] if s.get("body_from"))
        reg.memo["reads"] = {key: tuple(dict.fromkeys(names)) for key, names in reads.items()}
    return reg.memo["reads"]


class Reuse:
    """Sections of the quiet re-evaluations, kept by the facts they read.

    A section is computed once per combination of the facts it reads and what it depends on upstream
    (`extra`): a quiet evaluation recomputes only the sections, and within the duties only the items,
    that the changed fact can move. `Reuse.NONE` keeps nothing (a full evaluation)."""

    NONE: "Reuse"

    def __init__(self, reg: Regulation | None):
        self.reads = _reads(reg) if reg is not None else {}
        self.kept: dict[tuple, Any] = {}

    def section(self, name: str, facts: Mapping[str, Any], extra: Any, compute: Callable[[], Any]) -> Any:
        if not self.reads:
            return compute()
        key = (name, extra, tuple(map(facts.get, self.reads[name])))
        found = self.kept.get(key, self)
        if found is self:
            found = self.kept[key] = compute()
        return found

    def items(self, kind: str, items: list[Mapping[str, Any]], facts: Mapping[str, Any], extra: Any,
              compute: Callable[[Mapping[str, Any]], Any]) -> list[Any]:
        """Each item of a section (the duties), kept by the facts its own condition reads."""
        if not self.reads:
            return [compute(item) for item in items]
        out, get, kept = [], facts.get, self.kept
        for item in items:
            key = (kind, item["id"], extra, tuple(map(get, self.reads[(kind, item["id"])])))
            found = kept.get(key, self)
            if found is self:
                found = kept[key] = compute(item)
            out.append(found)
        return out


Reuse.NONE = Reuse(None)


def truths_kept(reg: Regulation, base: Mapping[str, Any], group: str) -> Callable[[Mapping[str, Any]], bool]:
    """Whether an answer leaves every condition of the regulation as it was, so the result cannot move.

    A yes/no or multiple-choice fact reaches a result only through the truth of the conditions that
    read it (amounts also choose bands and bodies, dates set deadlines: those are always evaluated).
    An answer that changes no condition's truth gives the result already computed: answering one part
    of a condition whose other parts are still unknown is the common case."""
    readers = _readers(reg, group)
    before: dict[int, Any] = {}

    def kept(variant: Mapping[str, Any]) -> bool:
        changed = [n for n, v in variant.items() if v is not base.get(n)]
        if not changed or any(BY_NAME[n].type not in ("bool", "enum") for n in changed):
            return False
        after = {**base, **{n: variant[n] for n in changed}}
        for cond in (c for n in changed for c in readers.get(n, ())):
            if id(cond) not in before:
                before[id(cond)] = C.holds(cond, base, reg.tables)
            if C.holds(cond, after, reg.tables) != before[id(cond)]:
                return False
        return True
    return kept


def _readers(reg: Regulation, group: str) -> dict[str, tuple[Any, ...]]:
    """Fact -> every condition an evaluation of `group` tests that reads it."""
    key = f"readers:{group}"
    if key not in reg.memo:
        readers: dict[str, list[Any]] = {}
        for _, _, cond in tested_conditions(reg, group):
            if cond is not None:
                for name in dict.fromkeys(C.fields_read(cond, reg.tables)):
                    readers.setdefault(name, []).append(cond)
        reg.memo[key] = {name: tuple(found) for name, found in readers.items()}
    return reg.memo[key]
