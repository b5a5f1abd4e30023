"""Deadlines of a result: which apply, their wording, and dates computed along `after` chains.

A date is computed only from a date the applicant gave (立项 or 建成) and only through deadlines
that are part of the result; it is certain when every link of its chain is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from . import dates
from .explain import Explainer
from .fields import ORIGINS
from .rulebook import Regulation
from .schema import LIMIT_LABELS, STRENGTHS

APPLICANT = "project_unit"


def deadline_text(d: Mapping[str, Any]) -> str:
    """The deadline as the text words it: its own wording where the rules keep it (半年内, 每年年底前)."""
    principle = "原则上" if d["in_principle"] else ""
    if d.get("wording"):
        return (d["trigger"] if d["kind"] != "annual" else "") + principle + d["wording"]
    if d["kind"] == "annual":
        return principle + dates.annual_text(d["month"], d.get("day"))
    if d["kind"] == "window":
        return f"{d['trigger']}{principle}{d['window'][0]}至{d['window'][1]}{d['unit']}内"
    amount = dates.period(d["value"], d["unit"])
    wording = {"at_most": f"{amount}内", "at_least": f"不少于{amount}", "exactly": amount}[d["strength"]]
    return f"{d['trigger']}{principle}{wording}"


class _Schedule:
    """Computes deadline dates by following `after` chains from the given dates."""

    def __init__(self, active: dict[str, Mapping[str, Any]], facts: Mapping[str, Any]):
        self.active = active
        self.origins = {name: facts.get(field) for name, field in ORIGINS.items()}
        self.cache: dict[str, tuple[dt.date, dt.date] | None] = {}

    def span(self, ident: str) -> tuple[dt.date, dt.date] | None:
        if ident not in self.cache:
            self.cache[ident] = None  # guards against cycles the validator already rejects
            self.cache[ident] = self._compute(self.active[ident])
        return self.cache[ident]

    def chain(self, ident: str) -> list[str]:
        """The deadlines a date is counted through, this one included."""
        out, current = [], self.active.get(ident)
        while current is not None and current["id"] not in out:
            out.append(current["id"])
            current = self.active.get(current.get("after"))
        return out

    def _origin(self, d: Mapping[str, Any]) -> dt.date | None:
        after = d.get("after")
        if after in self.origins:
            return self.origins[after]
        if after not in self.active:
            return None
        previous = self.span(after)
        return previous[1] if previous else None

    def _compute(self, d: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
        origin = self._origin(d)
        if origin is None:
            return None
        if d["kind"] == "annual":
            day = dates.annual(origin, d["month"], d.get("day") or "end")
            return day, day
        if d["kind"] == "window":
            low, high = d["window"]
            return dates.add(origin, low, d["unit"]), dates.add(origin, high, d["unit"])
        day = dates.add(origin, d["value"], d["unit"])
        return day, day


def deadlines(reg: Regulation, facts: Mapping[str, Any], stages: list[dict[str, Any]], ex: Explainer,
              settled: bool, rank: int) -> list[dict[str, Any]]:
    """The deadlines of the stages in the result (and those tied to no stage)."""
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
    schedule = _Schedule(active, facts)
    out = []
    for d in active.values():
        span = schedule.span(d["id"])
        text = deadline_text(d)
        item = {
            "id": d["id"], "name": d["name"], "text": text, "kind": d["kind"], "strength": d["strength"],
            "strength_label": STRENGTHS[d["strength"]], "in_principle": d["in_principle"],
            "trigger": d["trigger"], "stage": d.get("stage"), "unit": d.get("unit"),
            "date": None, "date_from": None, "date_to": None, "limit": LIMIT_LABELS[d["strength"]],
            "party": _party(reg, d), "certain": certain[d["id"]], "cites": ex.cites(d["cite"]),
        }
        if span:
            item["date_from"], item["date_to"] = span[0].isoformat(), span[1].isoformat()
            item["date"] = item["date_from"] if span[0] == span[1] else f"{item['date_from']}/{item['date_to']}"
            item["certain"] = item["certain"] and all(certain[i] for i in schedule.chain(d["id"]))
        else:
            root = _root_origin(d, active)
            if root in ORIGINS and facts.get(ORIGINS[root]) is None:
                ex.open_field(ORIGINS[root], rank)
        ex.line(f"时限：{d['name']}——{text}" + (f"（推算：{item['date']}）" if item["date"] else ""), d["cite"])
        out.append(item)
    return out


def _party(reg: Regulation, d: Mapping[str, Any]) -> str | None:
    """The government body a deadline binds (`party` in the rules), or None when it binds the applicant."""
    ident = d.get("party")
    return reg.bodies[ident]["name"] if ident and ident != APPLICANT else None


def _root_origin(d: Mapping[str, Any], active: Mapping[str, Mapping[str, Any]]) -> str | None:
    """'start' or 'completion' when the deadline's chain begins at a date the applicant may give."""
    seen: set[str] = set()
    while d.get("after") in active and d["id"] not in seen:
        seen.add(d["id"])
        d = active[d["after"]]
    return d.get("after")
