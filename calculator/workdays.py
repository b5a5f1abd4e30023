"""工作日 as the State Council counts them: weekdays, less the 法定节假日, plus the 调休 working weekends.

The arrangement is published year by year, so the engine reads it as data (rules/calendar.yaml,
compiled into the rules JSON; the browser has neither PyYAML nor the `chinesecalendar` package
the file is generated from). A year the data does not hold is counted Monday to Friday, and a
count that passes through such a year returns it, so the result can name the year instead of
pretending the count is exact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Mapping


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[dt.date]  # days off of the arrangement (weekends inside a holiday included)
    workdays: frozenset[dt.date]  # 调休: Saturdays and Sundays that are working days
    years: frozenset[int]  # years whose arrangement is known

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> WorkCalendar:
        """From the compiled calendar ({"years": [{year, holidays: [{name, from, to}], workdays}]})."""
        holidays: set[dt.date] = set()
        workdays: set[dt.date] = set()
        years: set[int] = set()
        for entry in (data or {}).get("years", []):
            years.add(entry["year"])
            for holiday in entry["holidays"]:
                holidays.update(days(dt.date.fromisoformat(holiday["from"]), dt.date.fromisoformat(holiday["to"])))
            workdays.update(dt.date.fromisoformat(d) for d in entry["workdays"])
        return cls(frozenset(holidays), frozenset(workdays), frozenset(years))

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day not in self.holidays and day.weekday() < 5

    def add_working_days(self, start: dt.date, count: int) -> tuple[dt.date, tuple[int, ...]]:
        """The day `count` working days after `start` (the start day not counted), and the years
        passed through whose arrangement is unknown (those were counted Monday to Friday)."""
        current, unknown = start, set()
        while count > 0:
            current += dt.timedelta(days=1)
            if current.year not in self.years:
                unknown.add(current.year)
            if self.is_workday(current):
                count -= 1
        return current, tuple(sorted(unknown))


MONDAY_TO_FRIDAY = WorkCalendar(frozenset(), frozenset(), frozenset())


def days(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    """Every day from `first` to `last`, both included."""
    return (first + dt.timedelta(days=i) for i in range((last - first).days + 1))


def fallback_note(years: Iterable[int]) -> str:
    """2027年的法定节假日安排尚未收录，工作日按周一至周五计算。"""
    return f"{'、'.join(f'{y}年' for y in sorted(set(years)))}的法定节假日安排尚未收录，工作日按周一至周五计算。"
