"""The working-day calendar (rules/calendar.yaml) is rules data: same reader, schema walk and messages.

A maintainer adds a year by hand from the State Council's notice before `chinesecalendar` has it,
so what a hand can get wrong is checked here: a 调休 working day that is not a Saturday or Sunday,
a holiday that ends before it starts or runs for weeks, a day listed twice, a year out of order.
Build-time only (needs PyYAML); the engine reads the compiled form (`workdays.WorkCalendar`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from . import schema as S
from .rules_yaml import RulesError, load_yaml
from .walk import Walker
from .workdays import days

LONGEST_HOLIDAY = 15  # days; the longest arrangement so far is 10 (春节 2020), a longer one is a typo


def read_calendar(path: Path, display: str) -> dict[str, Any]:
    """The compiled calendar, or RulesError listing every problem as `file:line: key: message`."""
    raw = load_yaml(path, display)
    walker = Walker(display)
    data = walker.walk(S.CALENDAR, raw, "", getattr(raw, "line", 1))
    if data is not None and not walker.problems:
        _check(walker, data)
    if walker.problems:
        raise RulesError(walker.problems)
    return data


def _check(walker: Walker, data: dict[str, Any]) -> None:
    seen: dict[dt.date, str] = {}
    previous = None
    for i, entry in enumerate(data["years"]):
        year, path = entry["year"], f"years[{i}]"
        if previous is not None and year <= previous:
            _err(walker, f"{path}.year", f"{year} comes after {previous}: list each year once, in ascending order")
        previous = year
        for j, holiday in enumerate(entry["holidays"]):
            _holiday(walker, f"{path}.holidays[{j}]", year, holiday, seen)
        for j, text in enumerate(entry["workdays"]):
            _workday(walker, f"{path}.workdays[{j}]", year, dt.date.fromisoformat(text), seen)


def _holiday(walker: Walker, path: str, year: int, holiday: dict[str, Any], seen: dict[dt.date, str]) -> None:
    first, last = dt.date.fromisoformat(holiday["from"]), dt.date.fromisoformat(holiday["to"])
    if last < first:
        return _err(walker, f"{path}.to", f"{last} is before `from` {first}")
    if (last - first).days >= LONGEST_HOLIDAY:
        return _err(walker, f"{path}.to", f"{holiday['name']} runs {(last - first).days + 1} days; "
                                          f"no arrangement is longer than {LONGEST_HOLIDAY} (a typo in a date?)")
    for key, day in (("from", first), ("to", last)):
        if not _in_arrangement(year, day):
            _err(walker, f"{path}.{key}", _outside(year, day))
    for day in days(first, last):
        _once(walker, f"{path}.from", day, seen)


def _workday(walker: Walker, path: str, year: int, day: dt.date, seen: dict[dt.date, str]) -> None:
    if day.weekday() < 5:
        _err(walker, path, f"{day} is a weekday; a 调休 working day is a Saturday or Sunday")
    elif not _in_arrangement(year, day):
        _err(walker, path, _outside(year, day))
    else:
        _once(walker, path, day, seen)


def _once(walker: Walker, path: str, day: dt.date, seen: dict[dt.date, str]) -> None:
    if day in seen:
        _err(walker, path, f"{day} is already listed at {seen[day]}")
    else:
        seen[day] = path


def _in_arrangement(year: int, day: dt.date) -> bool:
    """A year's notice covers that year, and its 元旦 may begin in the last days of December before."""
    return day.year == year or (day.year == year - 1 and day.month == 12)


def _outside(year: int, day: dt.date) -> str:
    return f"{day} is outside the {year} arrangement (that year, or December {year - 1} for 元旦)"


def _err(walker: Walker, path: str, message: str) -> None:
    walker.err(_line(walker, path), path, message)


def _line(walker: Walker, path: str) -> int:
    while path and path not in walker.lines:
        path = path[:max(path.rfind("."), path.rfind("["), 0)]
    return walker.lines.get(path, 1)
