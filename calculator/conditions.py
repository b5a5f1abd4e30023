"""Small condition expressions over project facts: evaluate them and say them in Chinese.

Rules never compare numbers directly: an amount or percentage is tested through a threshold
table (`{band: table, in: [...]}`), so every boundary and its inclusivity is data with a citation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from .fields import BY_NAME

Cond = Mapping[str, Any]


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


def holds(cond: Cond | None, facts: Mapping[str, Any], tables: Mapping[str, Any]) -> bool:
    if cond is None:
        return True
    if "all" in cond:
        return all(holds(c, facts, tables) for c in cond["all"])
    if "any" in cond:
        return any(holds(c, facts, tables) for c in cond["any"])
    if "not" in cond:
        return not holds(cond["not"], facts, tables)
    if "band" in cond:
        table = tables[cond["band"]]
        value = facts.get(table["field"])
        if value is None:
            return False
        band = band_for(table, value)
        return band is not None and band["id"] in cond["in"]
    value = facts.get(cond["field"])
    if "is" in cond:
        return value is cond["is"]
    return value in cond["in"]


def describe(cond: Cond | None, tables: Mapping[str, Any]) -> str:
    """Chinese reading of a condition, for the trace and the site."""
    if cond is None:
        return "无条件"
    if "all" in cond:
        return "且".join(_group(c, tables) for c in cond["all"])
    if "any" in cond:
        return "或".join(_group(c, tables) for c in cond["any"])
    if "not" in cond:
        return f"并非（{describe(cond['not'], tables)}）"
    if "band" in cond:
        table = tables[cond["band"]]
        labels = {b["id"]: b["label"] for b in table["bands"]}
        field = BY_NAME[table["field"]]
        return f"{_bare(field.label)}为{'或'.join(labels[i] for i in cond['in'])}"
    field = BY_NAME[cond["field"]]
    if "is" in cond:
        return _bare(field.label) if cond["is"] else f"非{_bare(field.label)}"
    return f"{_bare(field.label)}为{'或'.join('“' + field.choices[v] + '”' for v in cond['in'])}"


def _group(cond: Cond, tables: Mapping[str, Any]) -> str:
    text = describe(cond, tables)
    return f"（{text}）" if ("all" in cond or "any" in cond) else text


def _bare(label: str) -> str:
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
