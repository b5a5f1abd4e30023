"""Calendar arithmetic for deadlines, following how the texts count periods.

The day of the trigger is not counted (N日 after the 5th ends on the 5th + N). Months and years
keep the day of the month, clamped to the month's end. Working days skip Saturdays and Sundays
only: the official holiday calendar is published yearly and is not known here, which every
result that uses 工作日 states.
"""

from __future__ import annotations

import calendar
import datetime as dt


def period(value: int, unit: str) -> str:
    """A period as the texts write it: 7日, 3个月, 1年, 30个工作日."""
    return f"{value}{'个' if unit == '工作日' else ''}{unit}"


def annual_text(month: int, day: str | None) -> str:
    """每年9月底前, 每年6月30日前."""
    return f"每年{month}月{'底' if (day or 'end') == 'end' else f'{day}日'}前"


def add_months(start: dt.date, months: int) -> dt.date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_working_days(start: dt.date, days: int) -> dt.date:
    current = start
    while days > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def add(start: dt.date, value: int, unit: str) -> dt.date:
    if unit == "日":
        return start + dt.timedelta(days=value)
    if unit == "工作日":
        return add_working_days(start, value)
    if unit == "个月":
        return add_months(start, value)
    if unit == "年":
        return add_months(start, 12 * value)
    raise ValueError(unit)


def annual(start: dt.date, month: int, day: str) -> dt.date:
    """The first 'month M, day D (or month end)' on or after `start` (每年M月底前)."""
    for year in (start.year, start.year + 1):
        last = calendar.monthrange(year, month)[1]
        candidate = dt.date(year, month, last if day == "end" else min(int(day), last))
        if candidate >= start:
            return candidate
    raise AssertionError("unreachable: next year's date is always later")
