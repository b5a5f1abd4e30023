"""Which version of a regulation governs a project, and how to say so.

A project falls under the version in force on its 立项 date; without one, under the version in
force today. A version is in force from its valid_from to its valid_to, both days included; a
current version without valid_from is taken to have always been in force (the text does not say
when it started, and no earlier version is recorded). When the date falls outside every recorded
version, the nearest later version is used and the note says the library does not hold the text
that was in force then: the result is never silently based on a text that did not apply.
Runtime code (the browser runs it): standard library only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping


@dataclass(frozen=True)
class Choice:
    """The version chosen (its data) and the plain-Chinese sentence saying why."""
    data: Mapping[str, Any]
    note: str


def choose(versions: list[Mapping[str, Any]], start_date: dt.date | None, today: dt.date | None = None) -> Choice:
    """`versions`: a regulation's versions, current first, then earlier ones newest first."""
    on = start_date or today or dt.date.today()
    basis = f"立项日期{_date(on)}" if start_date else "今天"
    for data in versions:
        if _starts_by(data, on) and _lasts_to(data, on):
            return Choice(data, f"按{basis}适用{describe(data)}")
    later = [d for d in versions if not _starts_by(d, on)]
    if later:
        nearest = later[-1]
        return Choice(nearest, f"{basis}早于{describe(nearest)}，本库未收录当时施行的文本{_repealed(nearest)}，"
                               "以下按该版本计算，请核对当时适用的规定")
    return Choice(versions[0], f"{describe(versions[0])}已于{_date(_parse(versions[0]['valid_to']))}失效，"
                               f"本库未收录{basis}施行的文本，以下按该版本计算，请核对现行规定")


def describe(data: Mapping[str, Any]) -> str:
    """'2023年6月6日起施行的版本', '2019年1月1日至2023年6月5日施行的版本（已被…取代）', '现行版本（…）'."""
    start, end = data.get("valid_from"), data.get("valid_to")
    if end:
        span = f"{_date(_parse(start))}至{_date(_parse(end))}" if start else f"{_date(_parse(end))}以前"
        replaced = f"，已被{data['superseded_by']}取代" if data.get("superseded_by") else ""
        return f"{span}施行的版本（{_title(data)}{replaced}）"
    since = f"{_date(_parse(start))}起施行" if start else "原文未载明施行日期"
    return f"现行版本（{_title(data)}，{since}）"


def _repealed(data: Mapping[str, Any]) -> str:
    """'（该版本施行时废止了《…》…号）': what was presumably in force before, as the text itself names it."""
    names = "、".join(f"《{x['title']}》" + (x.get("doc_number") or "") for x in data["meta"].get("supersedes", []))
    return f"（该版本施行时废止了{names}）" if names else ""


def _title(data: Mapping[str, Any]) -> str:
    meta = data["meta"]
    return f"《{meta['title']}》" + (meta["doc_number"] if meta.get("doc_number") else "")


def _starts_by(data: Mapping[str, Any], on: dt.date) -> bool:
    return data.get("valid_from") is None or _parse(data["valid_from"]) <= on


def _lasts_to(data: Mapping[str, Any], on: dt.date) -> bool:
    return data.get("valid_to") is None or on <= _parse(data["valid_to"])


def _parse(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
