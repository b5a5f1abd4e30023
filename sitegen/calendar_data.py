"""Write rules/calendar.yaml (法定节假日 and 调休) from the `chinesecalendar` package.

    python -m sitegen.calendar_data            # rewrite rules/calendar.yaml
    python -m sitegen.calendar_data --check    # exit 1 when the file differs from the package

Maintenance time only: the engine never imports `chinesecalendar` (it must run in the browser on
the standard library); it reads the checked, committed file. Years the package does not have yet
but the file does (added by hand from the State Council's notice) are kept as they are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from typing import Any

from calculator.calendar_check import read_calendar
from calculator.rulebook import REPO_RULES

PATH = REPO_RULES / "calendar.yaml"
NAMES = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
         "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节", "National Day": "国庆节",
         "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"}
HEADER = """\
# 法定节假日与调休安排：计算器推算“N个工作日”时据此扣除放假日、计入调休上班日。
# 由 `python -m sitegen.calendar_data` 依 chinesecalendar（国务院办公厅历年部分节假日安排的通知）生成。
# 该包尚未收录的年份可照通知手工添加一项（写法见 rules/FORMAT.md）；重新生成时手工添加的年份保留。
# 未收录的年份按周一至周五推算，计算结果会注明年份。
"""


@dataclass(frozen=True)
class Year:
    year: int
    holidays: list[tuple[str, dt.date, dt.date]]
    workdays: list[dt.date]


def package_years() -> dict[int, Year]:
    """The arrangements `chinesecalendar` knows, one per year (a 元旦 that begins in December
    belongs to the next year's notice)."""
    import chinese_calendar.constants as cc

    def year_of(day: dt.date, holiday: Any) -> int:
        return day.year + 1 if day.month == 12 and NAMES[holiday] == "元旦" else day.year

    out: dict[int, Year] = {}
    for day, holiday in sorted(cc.holidays.items()):
        entry = out.setdefault(year_of(day, holiday), Year(year_of(day, holiday), [], []))
        name = NAMES[holiday]
        last = entry.holidays[-1] if entry.holidays else None
        if last and last[0] == name and last[2] + dt.timedelta(days=1) == day:
            entry.holidays[-1] = (name, last[1], day)
        else:
            entry.holidays.append((name, day, day))
    for day, holiday in sorted(cc.workdays.items()):
        out[year_of(day, holiday)].workdays.append(day)
    return out


def merged(existing: dict[str, Any] | None) -> list[Year]:
    """The package's years, plus any year only the file has."""
    years = package_years()
    for entry in (existing or {}).get("years", []):
        if entry["year"] not in years:
            years[entry["year"]] = Year(entry["year"], [(h["name"], dt.date.fromisoformat(h["from"]),
                                                         dt.date.fromisoformat(h["to"])) for h in entry["holidays"]],
                                        [dt.date.fromisoformat(d) for d in entry["workdays"]])
    return [years[y] for y in sorted(years)]


def render(years: list[Year]) -> str:
    import chinese_calendar

    lines = [HEADER.rstrip("\n"), f"source: chinesecalendar {chinese_calendar.__version__}", "years:"]
    for entry in years:
        lines.append(f"  - year: {entry.year}")
        lines.append("    holidays:")
        lines += [f"      - {{name: {name}, from: {first}, to: {last}}}" for name, first, last in entry.holidays]
        lines.append(f"    workdays: [{', '.join(str(d) for d in entry.workdays)}]")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.calendar_data", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    args = parser.parse_args(argv)
    existing = read_calendar(PATH, "rules/calendar.yaml") if PATH.exists() else None
    years = merged(existing)
    text = render(years)
    if args.check:
        current = PATH.read_text(encoding="utf-8") if PATH.exists() else ""
        print("rules/calendar.yaml is up to date" if current == text else "rules/calendar.yaml differs from chinesecalendar")
        return 0 if current == text else 1
    PATH.write_text(text, encoding="utf-8")
    print(f"wrote rules/calendar.yaml: {len(years)} years, {years[0].year}–{years[-1].year}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
