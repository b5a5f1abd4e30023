"""Compiled rules, as the engine reads them.

The engine never reads YAML: it reads the JSON that `validate.compile_rules` produced from
checked YAML. On the host that JSON is made on the fly from `rules/` (PyYAML is a dev
dependency); in the browser and in an installed wheel it is a file produced by the build.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import versions
from .fields import InputError
from .sources import notice_label
from .workdays import WorkCalendar

REPO_RULES = Path(__file__).resolve().parent.parent / "rules"


# Attribute of a Regulation -> the collection of the rules file it indexes by id.
_INDEXES = {"tables": "thresholds", "bodies": "bodies", "documents": "documents", "stages": "stages",
            "deadlines": "deadlines", "ambiguities": "ambiguities", "refusals": "refusals", "routes": "routes",
            "changes": "changes", "duties": "duties"}


@dataclass
class Regulation:
    slug: str
    data: dict[str, Any]
    tables: dict[str, Any] = field(init=False)
    bodies: dict[str, Any] = field(init=False)
    documents: dict[str, Any] = field(init=False)
    stages: dict[str, Any] = field(init=False)
    deadlines: dict[str, Any] = field(init=False)
    ambiguities: dict[str, Any] = field(init=False)
    refusals: dict[str, Any] = field(init=False)
    routes: dict[str, Any] = field(init=False)
    changes: dict[str, Any] = field(init=False)
    duties: dict[str, Any] = field(init=False)

    note: str = ""  # which version this is and why it was chosen (set by `in_force`)
    # What the engine works out from `data` alone (the facts each section reads …), kept per version.
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._versions: dict[tuple[int, str], Regulation] = {}
        for attr, collection in _INDEXES.items():
            setattr(self, attr, _by_id(self.data.get(collection, [])))

    @property
    def earlier(self) -> list[Regulation]:
        """The superseded versions, newest first (their rules files are in rules/<slug>/)."""
        return [Regulation(self.slug, data) for data in self.data.get("history", [])]

    def in_force(self, start_date: dt.date | None, today: dt.date | None = None) -> Regulation:
        """The version in force on the 立项 date (today when not given), with a note saying which it is."""
        choice = versions.choose([self.data, *self.data.get("history", [])], start_date, today)
        key = (id(choice.data), choice.note)
        if key not in self._versions:  # indexed once, not on every evaluation
            if len(self._versions) >= 64:  # one per 立项 date asked about: keep the worker's memory bounded
                self._versions.clear()
            self._versions[key] = Regulation(self.slug, dict(choice.data), choice.note)
        return self._versions[key]

    @property
    def meta(self) -> dict[str, Any]:
        return self.data["meta"]

    def places(self) -> list[dict[str, str]]:
        """Where an applicant may be: one entry per level the scope names, e.g. 达州市市本级 and
        达州市所辖县（市、区）. Derived from the scope conditions, so a new regulation brings its own."""
        conds = [self.data["scope"]["applies_when"]] + [e["when"] for e in self.data["scope"]["exclusions"]]
        levels: list[str] = []
        for cond in conds:
            for leaf in _leaves(cond):
                if leaf.get("field") == "level":
                    levels += [v for v in leaf["in"] if v not in levels]
        own = _LEVEL_OF_META.get(self.meta.get("level"), "city")
        order = ("province", "city", "county")
        return [{"id": f"{self.slug}.{level}", "slug": self.slug, "level": level,
                 "label": self.meta["short_name"] + _place_suffix(own, level)}
                for level in order if level in levels and order.index(level) >= order.index(own)]

    def article_label(self, number: int) -> str:
        return notice_label(self.data["notice"]) if number == 0 else self.data["articles"][str(number)]["label"]


_LEVEL_OF_META = {"省级": "province", "市级": "city", "县级": "county"}


def _place_suffix(own: str, level: str) -> str:
    if level != own:
        return "所辖县（市、区）"
    return {"province": "省级", "city": "市本级", "county": ""}[level]


def _leaves(cond: Any) -> list[dict[str, Any]]:
    if cond is None:
        return []
    for key in ("all", "any"):
        if key in cond:
            return [leaf for sub in cond[key] for leaf in _leaves(sub)]
    if "not" in cond:
        return _leaves(cond["not"])
    return [cond]


def _by_id(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {item["id"]: item for item in items}


class Rulebook:
    def __init__(self, compiled: dict[str, Any]):
        self.data = compiled
        self.version: str = compiled["version"]
        self.regulations = {slug: Regulation(slug, data) for slug, data in compiled["regulations"].items()}
        # 工作日 are counted with the official holidays (rules/calendar.yaml); without them, Monday to
        # Friday, and every result that counts 工作日 names the years it could not check.
        self.calendar = WorkCalendar.from_data(compiled.get("calendar"))

    @classmethod
    def from_json(cls, text: str) -> Rulebook:
        return cls(json.loads(text))

    def places(self) -> list[dict[str, str]]:
        return [place for reg in self.regulations.values() for place in reg.places()]

    def place(self, ident: str) -> dict[str, str]:
        for place in self.places():
            if place["id"] == ident:
                return place
        names = "、".join(p["label"] for p in self.places())
        raise InputError("place", f"未知的地区与层级，可选：{names}", f"unknown place {ident!r}")

    def get(self, slug: str) -> Regulation:
        if slug not in self.regulations:
            names = "、".join(f"{s}（{r.meta['short_name']}）" for s, r in self.regulations.items())
            raise InputError("regulation", f"未知的办法“{slug}”，可选：{names}",
                             f"unknown regulation {slug!r}; choose one of {', '.join(self.regulations)}")
        return self.regulations[slug]


def load(rules_dir: Path | None = None) -> Rulebook:
    """Compiled JSON named by CALCULATOR_RULES, else the rules/ folder compiled now (needs PyYAML)."""
    override = os.environ.get("CALCULATOR_RULES")
    if override and rules_dir is None:
        return Rulebook.from_json(Path(override).read_text(encoding="utf-8"))
    from .validate import compile_rules

    directory = rules_dir or REPO_RULES
    return Rulebook(compile_rules(directory, directory.parent))
