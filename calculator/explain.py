"""The trace of one evaluation: its lines with linkable citations, the ambiguity notes the answer
relied on, and the unknown facts that some undecided item read (the seeds of the questions).

Also the sentences every front end uses to restate a case: the facts given, the regulation by name
and 文号, and the rules version as a date (a reader cannot check a result against a hash)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from . import conditions as C
from .fields import FIELDS
from .rulebook import Regulation

# How an ambiguity note introduces the reading the calculation took.
AMBIGUITY_READING = "计算时采用的理解"


class Explainer:
    def __init__(self, reg: Regulation, facts: Mapping[str, Any], quiet: bool = False):
        # quiet: an evaluation made only to compare outcomes (questions.py) keeps just the lines that
        # name the outcome (kept=True); the trace, the citations of every other line and the facts
        # to ask are skipped.
        self.quiet = quiet
        self.reg = reg
        self.facts = facts
        self.trace: list[dict[str, Any]] = []
        self.ambiguity_ids: list[str] = []
        self.opened: dict[str, int] = {}  # unknown fact -> rank of the first thing it decides
        # Per undecided condition, its unknown facts in reading order: when the first one alone
        # changes nothing, the next is asked instead, so an open item never goes unasked.
        self.groups: list[tuple[list[str], int]] = []

    def cites(self, *groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out, seen = [], set()
        for group in groups:
            for cite in group or []:
                key = (cite.get("regulation", self.reg.slug), cite["article"], cite["quote"])
                if key in seen:
                    continue
                seen.add(key)
                out.append({"regulation": self.reg.slug, "article": cite["article"],
                            "label": self.reg.article_label(cite["article"]), "quote": cite["quote"],
                            "anchor": f"art-{cite['article']}"})
        return out

    def line(self, text: str, *groups: list[dict[str, Any]], kept: bool = False) -> dict[str, Any]:
        if self.quiet and not kept:
            return {"text": text, "cites": []}
        entry = {"text": text, "cites": self.cites(*groups)}
        self.trace.append(entry)
        return entry

    def note_ambiguity(self, item: Mapping[str, Any]) -> None:
        ref = item.get("ambiguity")
        if ref and ref not in self.ambiguity_ids:
            self.ambiguity_ids.append(ref)

    def open(self, cond: Any, rank: int) -> None:
        """An item's condition is unknown: the first unknown fact it reads is what to ask (a quiet
        evaluation asks nothing)."""
        name = None if self.quiet else C.first_unknown(cond, self.facts, self.reg.tables)
        if name is None:
            return
        self.open_field(name, rank)
        rest = [n for n in C.fields_read(cond, self.reg.tables) if self.facts.get(n) is None and n != name]
        self.groups.append(([name, *dict.fromkeys(rest)], rank))

    def test(self, item: Mapping[str, Any], rank: int) -> bool | None:
        """An item's `when`: opens its first unknown fact when undecided, notes its ambiguity when it holds."""
        truth = C.holds(item.get("when"), self.facts, self.reg.tables)
        if truth is None:
            self.open(item["when"], rank)
        elif truth:
            self.note_ambiguity(item)
        return truth

    def open_field(self, name: str, rank: int) -> None:
        self.opened[name] = min(rank, self.opened.get(name, rank))


def condition_cites(reg: Regulation, cond: Any, facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [c for band in C.bands_used(cond, facts, reg.tables) for c in band["cite"]]


def case_facts(given: Mapping[str, Any]) -> list[str]:
    """Each answered fact as a sentence ('项目总投资350万元。'), in the order the form asks them.
    Facts the engine computes (percentages of a change) are left out: they follow from the rest."""
    return [f"{f.statement(f.parse(given[f.name]))}。" for f in FIELDS
            if not f.derived and given.get(f.name) is not None]


def regulation_line(reg: Mapping[str, Any]) -> str:
    """'《达州市市级政府投资信息化项目管理办法》（达市府发〔2023〕9号）'."""
    return f"《{reg['title']}》" + (f"（{reg['doc_number']}）" if reg.get("doc_number") else "")


def rules_date(reg: Mapping[str, Any]) -> str:
    """The date the regulation's rules last changed (see revision.py)."""
    return reg.get("rules_date") or "未记录"


def version_line(reg: Mapping[str, Any]) -> str:
    """The closing line of every answer: the text it rests on and the rules version as a date."""
    return f"依据{regulation_line(reg)}，规则版本 {rules_date(reg)}"


def case_rows(regs: list[Mapping[str, Any]], today: dt.date | None = None) -> list[tuple[str, str]]:
    """What a printed answer rests on: the day, the regulation(s) by name and 文号, the rules version
    as a date, and which version of the text was in force for the project (one regulation)."""
    day = today or dt.date.today()
    rows = [("计算日期", f"{day.year}年{day.month}月{day.day}日")]
    if len(regs) == 1:
        rows += [("所依办法", f"《{regs[0]['title']}》"), ("文号", regs[0].get("doc_number") or "原文未载明")]
    else:
        rows += [("所依办法", "；".join(regulation_line(r) for r in regs))]
    rows += [("规则版本", max(rules_date(r) for r in regs))]
    return rows + ([("适用版本", regs[0]["in_force"])] if len(regs) == 1 and regs[0].get("in_force") else [])
