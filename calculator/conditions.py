"""Small condition expressions over project facts: evaluate them and say them in Chinese.

Facts may be unknown (absent or None): a condition then evaluates in three-valued logic and
`holds` returns True, False or None (unknown). `all` is false if any part is false, unknown if
none is false and some part is unknown; `any` mirrors it; `not` keeps unknown; a comparison or a
band lookup on an unknown fact is unknown.

Rules never compare numbers directly: an amount or percentage is tested through a threshold
table (`{band: table, in: [...]}`), so every boundary and its inclusivity is data with a citation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator, Mapping

from .fields import BY_NAME

Cond = Mapping[str, Any]
Truth = bool | None


def band_for(table: Mapping[str, Any], value: Decimal) -> Mapping[str, Any] | None:
    """The band of a validated (gap-free, non-overlapping) table that holds `value`."""
    for band in table["bands"]:
        if _above_min(band, value) and _below_max(band, value):
            return band
    return None


def _above_min(band: Mapping[str, Any], value: Decimal) -> bool:
    low = Decimal(band["min"])
    return value >= low if band["min_inclusive"] else value > low


def _below_max(band: Mapping[str, Any], value: Decimal) -> bool:
    if band.get("max") is None:
        return True
    high = Decimal(band["max"])
    return value <= high if band["max_inclusive"] else value < high


def holds(cond: Cond | None, facts: Mapping[str, Any], tables: Mapping[str, Any]) -> Truth:
    """True, False, or None when the facts given do not decide the condition."""
    if cond is None:
        return True
    if "all" in cond:
        parts = [holds(c, facts, tables) for c in cond["all"]]
        return False if False in parts else (None if None in parts else True)
    if "any" in cond:
        parts = [holds(c, facts, tables) for c in cond["any"]]
        return True if True in parts else (None if None in parts else False)
    if "not" in cond:
        inner = holds(cond["not"], facts, tables)
        return None if inner is None else not inner
    if "band" in cond:
        table = tables[cond["band"]]
        value = facts.get(table["field"])
        if value is None:
            return None
        band = band_for(table, value)
        return band is not None and band["id"] in cond["in"]
    value = facts.get(cond["field"])
    if value is None:
        return None
    if "is" in cond:
        return value is cond["is"]
    return value in cond["in"]


def fields_read(cond: Cond | None, tables: Mapping[str, Any]) -> Iterator[str]:
    """Every fact a condition may read: the questions a regulation can ask follow from these."""
    if cond is None:
        return
    for key in ("all", "any"):
        if key in cond:
            for sub in cond[key]:
                yield from fields_read(sub, tables)
            return
    if "not" in cond:
        yield from fields_read(cond["not"], tables)
    elif "band" in cond:
        yield tables[cond["band"]]["field"]
    else:
        yield cond["field"]


def first_unknown(cond: Cond | None, facts: Mapping[str, Any], tables: Mapping[str, Any]) -> str | None:
    """The unknown fact to ask first: the first undecided part in reading order. Asking in this order
    means a later part is never asked when an earlier answer already decides the condition."""
    if cond is None:
        return None
    for key in ("all", "any"):
        if key in cond:
            for sub in cond[key]:
                if holds(sub, facts, tables) is None:
                    return first_unknown(sub, facts, tables)
            return None
    if "not" in cond:
        return first_unknown(cond["not"], facts, tables)
    name = tables[cond["band"]]["field"] if "band" in cond else cond["field"]
    return name if facts.get(name) is None else None


def describe(cond: Cond | None, tables: Mapping[str, Any]) -> str:
    """Chinese reading of a condition, for the site's route descriptions."""
    if cond is None:
        return "无条件"
    if "all" in cond:
        return "且".join(_group(c, tables) for c in cond["all"])
    if "any" in cond:
        return "或".join(_group(c, tables) for c in cond["any"])
    if "not" in cond:
        return negate(cond["not"], tables)
    if "band" in cond:
        table = tables[cond["band"]]
        labels = {b["id"]: b["label"] for b in table["bands"]}
        field = BY_NAME[table["field"]]
        return f"{bare(field.label)}为{'或'.join(labels[i] for i in cond['in'])}"
    field = BY_NAME[cond["field"]]
    if "is" in cond:
        return field.statement(cond["is"])
    return f"{bare(field.label)}为{'或'.join('“' + field.choices[v] + '”' for v in cond['in'])}"


def negate(cond: Cond, tables: Mapping[str, Any]) -> str:
    """'非涉密项目' rather than '并非（涉密项目）' where the condition is a plain fact."""
    if "field" in cond and "is" in cond:
        return BY_NAME[cond["field"]].statement(not cond["is"])
    if "field" in cond:
        field = BY_NAME[cond["field"]]
        others = [label for value, label in field.choices.items() if value not in cond["in"]]
        return f"{bare(field.label)}为{'或'.join('“' + o + '”' for o in others)}"
    return f"不属于“{describe(cond, tables)}”的情形"


def _group(cond: Cond, tables: Mapping[str, Any]) -> str:
    text = describe(cond, tables)
    return f"（{text}）" if ("all" in cond or "any" in cond) else text


def bare(label: str) -> str:
    """Field labels carry their unit in brackets for forms; sentences do not need it."""
    return label.split("（")[0]


def bands_used(cond: Cond | None, facts: Mapping[str, Any], tables: Mapping[str, Any]) -> list:
    """The bands the facts actually fell into while testing `cond`: their cites and ambiguity notes
    explain the answer."""
    if cond is None:
        return []
    if "all" in cond or "any" in cond:
        return [b for sub in cond.get("all", cond.get("any")) for b in bands_used(sub, facts, tables)]
    if "not" in cond:
        return bands_used(cond["not"], facts, tables)
    if "band" in cond:
        table = tables[cond["band"]]
        value = facts.get(table["field"])
        band = band_for(table, value) if value is not None else None
        return [band] if band else []
    return []
