"""Calendar arithmetic for deadlines, following how the texts count periods.

The day of the trigger is not counted (N日 after the 5th ends on the 5th + N). Months and years
keep the day of the month, clamped to the month's end. Working days follow the official
calendar (`workdays.WorkCalendar`). Fixed yearly dates (每年10月底前, 每年7月) are found after a
date, or before it for a step that must precede it.
"""

from __future__ import annotations

import calendar
import datetime as dt

from .workdays import WorkCalendar


def period(value: int, unit: str) -> str:
    """A period as the texts write it: 7日, 3个月, 1年, 30个工作日."""
    return f"{value}{'个' if unit == '工作日' else ''}{unit}"


def annual_point(month: int, day: str | None = None) -> str:
    """10月底, 年底 (the texts' word for 12月底), 6月30日; a month alone (day None) is 7月."""
    if day is None:
        return f"{month}月"
    if day == "end":
        return "年底" if month == 12 else f"{month}月底"
    return f"{month}月{int(day)}日"


def add_months(start: dt.date, months: int) -> dt.date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add(start: dt.date, value: int, unit: str, work: WorkCalendar) -> tuple[dt.date, tuple[int, ...]]:
    """`start` plus a period, and the years whose holiday arrangement a 工作日 count had to guess."""
    if unit == "工作日":
        return work.add_working_days(start, value)
    if unit == "日":
        return start + dt.timedelta(days=value), ()
    if unit == "个月":
        return add_months(start, value), ()
    if unit == "年":
        return add_months(start, 12 * value), ()
    raise ValueError(unit)


def in_year(year: int, month: int, day: str | None) -> tuple[dt.date, dt.date]:
    """The fixed date of a year as a span: one day (月底, N日) or, for a month alone, the whole month."""
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return dt.date(year, month, 1), dt.date(year, month, last)
    one = dt.date(year, month, last if day == "end" else min(int(day), last))
    return one, one


def next_in_year(origin: dt.date, month: int, day: str | None) -> tuple[dt.date, dt.date]:
    """The first such date (or month) not over by `origin`; a month already begun starts at `origin`."""
    first, last = in_year(origin.year, month, day)
    if last < origin:
        first, last = in_year(origin.year + 1, month, day)
    return max(first, origin), last


def last_in_year(origin: dt.date, month: int, day: str | None) -> tuple[dt.date, dt.date]:
    """The latest such date (or month) that has begun by `origin`, clipped so it does not pass it."""
    first, last = in_year(origin.year, month, day)
    if first > origin:
        first, last = in_year(origin.year - 1, month, day)
    return first, min(last, origin)
