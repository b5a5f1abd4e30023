"""Deadlines of a result: which apply, how they are worded, and their dates in the order of the steps.

Wording: `deadline_value` / `deadline_text` / `describe` are the only places a deadline is put into
words; the result, the Markdown checklist, the command line and the site all call them, so 半年
stays 半年 and 原则上 or 不低于 is never dropped on one page and kept on another. The wording
itself is the text's own (found in the quote by the validator, compiled as `wording`).

Dates: a date is computed only from a date the applicant gave (立项 or 建成) and only through
deadlines that are part of the result; it is certain when every link of its chain is. A step that
follows a date is never dated before it (`after`: a fixed yearly date already past moves to the
next year, and says so); a step that must precede a date (`before`: the 项目库 submission before
立项) is never dated after it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from . import dates
from .explain import Explainer
from .fields import ORIGINS
from .rulebook import Regulation
from .schema import LIMIT_LABELS, STRENGTHS
from .workdays import WorkCalendar, fallback_note

APPLICANT = "project_unit"
FIXED_DATES = ("annual", "month")  # 每年10月底前, 每年7月: the same date every year
ORIGIN_NAMES = {"start": "立项", "completion": "建成"}
WORKDAY_NOTE = "“工作日”已扣除法定节假日、计入调休上班日（按国务院办公厅公布的当年放假安排推算）。"
PLAN_NOTE = "日期按各环节用满时限推算，仅供排期参考；实际以批复、公示等事项的实际日期起算。"
REVERSED_NOTE = "所填建成日期早于立项日期，请核对；本时限按所填建成日期推算"


# --- wording -------------------------------------------------------------------------------------

def deadline_value(d: Mapping[str, Any]) -> str:
    """原则上60日内, 不低于7日, 每年7月, 半年内, 不超过三年: the deadline in the text's own words."""
    return ("原则上" if d["in_principle"] else "") + d["wording"]


def deadline_text(d: Mapping[str, Any]) -> str:
    """The deadline with what it counts from: 公示结束后原则上60日内; a fixed yearly date stands alone."""
    return deadline_value(d) if d["kind"] in FIXED_DATES else d["trigger"] + deadline_value(d)


def limit_label(d: Mapping[str, Any]) -> str:
    """最迟 (a time limit), 最早 (a minimum period) or 每年固定日期."""
    return "每年固定日期" if d["kind"] in FIXED_DATES else LIMIT_LABELS[d["strength"]]


def date_text(item: Mapping[str, Any]) -> str:
    """A computed date in words: 最迟 2026-03-13; 最早 2027-04-05，最迟 2028-04-05; 2025年内 …"""
    if not item["date"]:
        return ""
    first, last = item["date_from"], item["date_to"]
    if item["kind"] == "window":
        return f"最早 {first}，最迟 {last}"
    if item["kind"] == "prior_year":
        return f"{first[:4]}年内（{first} 至 {last}）"
    return f"{item['limit']} {first if first == last else f'{first} 至 {last}'}"


def describe(item: Mapping[str, Any]) -> str:
    """One deadline of a result in a line: its wording, whose time limit it is, its date, and why
    the date is what it is (moved to next year, counted before 立项, holidays not yet published)."""
    party = f"（{item['party']}的办理时限）" if item.get("party") else ""
    details = "；".join(([date_text(item)] if item["date"] else []) + item["notes"])
    return f"{item['text']}{party}" + (f"（{details}）" if details else "")


# --- dates ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Dated:
    first: dt.date
    last: dt.date
    notes: tuple[str, ...] = ()
    unknown_years: tuple[int, ...] = ()  # years a 工作日 count passed whose holidays are not published yet


class _Schedule:
    """Computes deadline dates by following `after` / `before` links from the given dates."""

    def __init__(self, reg: Regulation, work: WorkCalendar, active: dict[str, Mapping[str, Any]],
                 facts: Mapping[str, Any]):
        self.reg = reg
        self.work = work
        self.active = active
        self.origins = {name: facts.get(field) for name, field in ORIGINS.items()}
        self.cache: dict[str, Dated | None] = {}

    def span(self, ident: str) -> Dated | None:
        if ident not in self.cache:
            self.cache[ident] = None  # guards against cycles the validator already rejects
            self.cache[ident] = self._compute(self.active[ident])
        return self.cache[ident]

    def chain(self, ident: str) -> list[str]:
        """The deadlines a date is counted through, this one included."""
        out, current = [], self.active.get(ident)
        while current is not None and current["id"] not in out:
            out.append(current["id"])
            current = self.active.get(_anchor(current))
        return out

    def origin(self, d: Mapping[str, Any]) -> dt.date | None:
        anchor = _anchor(d)
        if anchor in self.origins:
            return self.origins[anchor]
        if anchor not in self.active:
            return None
        previous = self.span(anchor)
        return previous.last if previous else None

    def label(self, d: Mapping[str, Any]) -> str:
        anchor = _anchor(d)
        return ORIGIN_NAMES.get(anchor) or f"“{self.reg.deadlines[anchor]['name']}”期满"

    def _compute(self, d: Mapping[str, Any]) -> Dated | None:
        origin = self.origin(d)
        if origin is None:
            return None
        if d["kind"] in FIXED_DATES or d["kind"] == "prior_year":
            return self._yearly(d, origin)
        if d["kind"] == "window":
            (first, early), (last, late) = (dates.add(origin, n, d["unit"], self.work) for n in d["window"])
            return Dated(first, last, unknown_years=tuple(sorted({*early, *late})))
        day, unknown = (dates.add_months(origin, 6), ()) if d["kind"] == "half_year" else \
            dates.add(origin, d["value"], d["unit"], self.work)
        return Dated(day, day, unknown_years=unknown)

    def _yearly(self, d: Mapping[str, Any], origin: dt.date) -> Dated:
        """每年10月底前, 每年7月, 上一年度: found after the step it follows, or before the date it precedes."""
        label = self.label(d)
        if d["kind"] == "prior_year":
            year = origin.year - 1
            return Dated(dt.date(year, 1, 1), dt.date(year, 12, 31), (f"{label}在{origin.year}年，上一年度即{year}年",))
        month, day = d["month"], d.get("day")
        point = dates.annual_point(month, day)
        if d.get("before") and d.get("previous_year"):
            first, last = dates.in_year(origin.year - 1, month, day)
            return Dated(first, last, (f"本环节在{label}之前：{label}在{origin.year}年，时限为上一年（{origin.year - 1}年）的{point}",))
        if d.get("before"):
            first, last = dates.last_in_year(origin, month, day)
            return Dated(first, last, (f"本环节在{label}之前：取{label}（{origin.isoformat()}）前最近的{point}",))
        first, last = dates.next_in_year(origin, month, day)
        moved = (f"{label}时，当年的{point}已过，顺延至{last.year}年{point}",) if last.year > origin.year else ()
        return Dated(first, last, moved)


def _anchor(d: Mapping[str, Any]) -> str | None:
    return d.get("after") or d.get("before")


def deadlines(reg: Regulation, work: WorkCalendar, facts: Mapping[str, Any], stages: list[dict[str, Any]],
              ex: Explainer, settled: bool, rank: int) -> list[dict[str, Any]]:
    """The deadlines of the stages in the result, in the order of the stages, then those of no stage;
    工作日 counted with `work`."""
    stage_certain = {s["id"]: s["certain"] for s in stages}
    active, certain = {}, {}
    for d in reg.data["deadlines"]:
        if d.get("stage") and d["stage"] not in stage_certain:
            continue
        truth = ex.test(d, rank)
        if truth is False:
            continue
        active[d["id"]] = d
        certain[d["id"]] = settled and truth is True and stage_certain.get(d.get("stage"), True)
    schedule = _Schedule(reg, work, active, facts)
    position = {sid: i for i, sid in enumerate(stage_certain)}
    ordered = sorted(active.values(), key=lambda d: position.get(d.get("stage"), len(position)))
    return [_item(reg, d, schedule, certain, facts, ex, rank) for d in ordered]


def _item(reg: Regulation, d: Mapping[str, Any], schedule: _Schedule, certain: Mapping[str, bool],
          facts: Mapping[str, Any], ex: Explainer, rank: int) -> dict[str, Any]:
    span = schedule.span(d["id"])
    item = {
        "id": d["id"], "name": d["name"], "text": deadline_text(d), "kind": d["kind"], "strength": d["strength"],
        "strength_label": STRENGTHS[d["strength"]], "in_principle": d["in_principle"],
        "trigger": d["trigger"], "stage": d.get("stage"), "unit": d.get("unit"),
        "date": None, "date_from": None, "date_to": None, "limit": limit_label(d), "notes": [], "unknown_years": [],
        "follows": schedule.label(d) if _anchor(d) else None, "before": bool(d.get("before")),
        "party": _party(reg, d), "certain": certain[d["id"]], "cites": ex.cites(d["cite"]),
    }
    if span:
        item["date_from"], item["date_to"] = span.first.isoformat(), span.last.isoformat()
        item["date"] = item["date_from"] if span.first == span.last else f"{item['date_from']}/{item['date_to']}"
        item["unknown_years"] = list(span.unknown_years)
        item["notes"] = list(span.notes) + ([fallback_note(span.unknown_years)] if span.unknown_years else [])
        if _root_origin(d, schedule.active) == "completion" and _reversed(facts):
            item["notes"].append(REVERSED_NOTE)
        item["certain"] = item["certain"] and all(certain[i] for i in schedule.chain(d["id"]))
    else:
        root = _root_origin(d, schedule.active)
        if root in ORIGINS and facts.get(ORIGINS[root]) is None:
            ex.open_field(ORIGINS[root], rank)
    ex.line(f"时限：{d['name']}——{item['text']}" + (f"（推算：{date_text(item)}）" if item["date"] else ""), d["cite"])
    return item


def notes(deadlines: list[dict[str, Any]]) -> list[str]:
    """What the reader must know about the computed dates as a whole."""
    out = []
    if any(d["unit"] == "工作日" and d["date"] for d in deadlines):
        out.append(WORKDAY_NOTE)
    unknown = {year for d in deadlines for year in d["unknown_years"]}
    if unknown:
        out.append(fallback_note(unknown))
    if any(d["date"] for d in deadlines):
        out.append(PLAN_NOTE)
    return out


def _reversed(facts: Mapping[str, Any]) -> bool:
    """建成 before 立项: every step counted from 建成 would be dated before the steps it follows."""
    start, built = (facts.get(ORIGINS[name]) for name in ("start", "completion"))
    return bool(start and built and built < start)


def _party(reg: Regulation, d: Mapping[str, Any]) -> str | None:
    """The government body a deadline binds (`party` in the rules), or None when it binds the applicant."""
    ident = d.get("party")
    return reg.bodies[ident]["name"] if ident and ident != APPLICANT else None


def _root_origin(d: Mapping[str, Any], active: Mapping[str, Mapping[str, Any]]) -> str | None:
    """'start' or 'completion' when the deadline's chain begins at a date the applicant may give."""
    seen: set[str] = set()
    while _anchor(d) in active and d["id"] not in seen:
        seen.add(d["id"])
        d = active[_anchor(d)]
    return _anchor(d)
