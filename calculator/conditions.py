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
from typing import Any, Callable, Iterator, Mapping

from .fields import BY_NAME

Cond = Mapping[str, Any]
Truth = bool | None


def band_for(table: Mapping[str, Any], value: Decimal) -> Mapping[str, Any] | None:
    """The band of a validated (gap-free, non-overlapping) table that holds `value`."""
    for low, low_in, high, high_in, band in _bounds(table):
        if (value >= low if low_in else value > low) and (high is None or (value <= high if high_in else value < high)):
            return band
    return None


def _bounds(table: Mapping[str, Any]) -> list[tuple]:
    """A table's bands with their bounds as numbers, parsed once per table rather than on every lookup."""
    hit = _BOUNDS.get(id(table))
    if hit is None or hit[0] is not table:
        if len(_BOUNDS) > _MAX_COMPILED:
            _BOUNDS.clear()
        rows = [(Decimal(b["min"]), b["min_inclusive"], None if b.get("max") is None else Decimal(b["max"]),
                 b.get("max_inclusive"), b) for b in table["bands"]]
        hit = _BOUNDS[id(table)] = (table, rows)
    return hit[1]


def holds(cond: Cond | None, facts: Mapping[str, Any], tables: Mapping[str, Any]) -> Truth:
    """True, False, or None when the facts given do not decide the condition."""
    if cond is None:
        return True
    hit = _COMPILED.get((id(cond), id(tables)))
    if hit is None or hit[0] is not cond or hit[1] is not tables:
        if len(_COMPILED) > _MAX_COMPILED:
            _COMPILED.clear()
        hit = _COMPILED[(id(cond), id(tables))] = (cond, tables, _compile(cond, tables))
    return hit[2](facts)


# Conditions are read many times per answer (every question re-evaluates the regulation), so each is
# turned once into a function of the facts. Entries keep their condition and tables alive, so an id
# is never reused while its entry exists; rules are never edited in place after loading.
_COMPILED: dict[tuple[int, int], tuple[Any, Any, Callable[[Mapping[str, Any]], Truth]]] = {}
_BOUNDS: dict[int, tuple[Any, list[tuple]]] = {}
_MAX_COMPILED = 20_000


def _compile(cond: Cond, tables: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], Truth]:
    """Three-valued: `all` is false if any part is false, else unknown if any part is unknown."""
    for key, decisive in (("all", False), ("any", True)):
        if key in cond:
            parts = [_compile(c, tables) for c in cond[key]]

            def combined(facts: Mapping[str, Any], parts: list = parts, decisive: bool = decisive) -> Truth:
                unknown = False
                for part in parts:
                    truth = part(facts)
                    if truth is decisive:
                        return decisive
                    unknown = unknown or truth is None
                return None if unknown else not decisive
            return combined
    if "not" in cond:
        inner = _compile(cond["not"], tables)
        return lambda facts: None if (truth := inner(facts)) is None else not truth
    if "band" in cond:
        table, wanted = tables[cond["band"]], frozenset(cond["in"])
        name = table["field"]

        def in_band(facts: Mapping[str, Any]) -> Truth:
            value = facts.get(name)
            if value is None:
                return None
            band = band_for(table, value)
            return band is not None and band["id"] in wanted
        return in_band
    name = cond["field"]
    if "is" in cond:
        expected = cond["is"]
        return lambda facts: None if (value := facts.get(name)) is None else value is expected
    allowed = cond["in"]
    return lambda facts: None if (value := facts.get(name)) is None else value in allowed


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
    """A condition as an official would say it, for pages and diagrams ("仅当…"): facts stated
    ("项目不涉及国家秘密", "项目总投资30万元以上（含30万元）"), alternatives listed ("符合以下情形之一：
    …；…"), negations turned into the opposite fact, never "并非（…）" or a quote inside a quote."""
    if cond is None:
        return "任何情形"
    return _say(_push_not(cond), tables, inside=False)


def _push_not(cond: Cond, negated: bool = False) -> Cond:
    """The same condition with every `not` moved onto a single fact (De Morgan), so each can be
    said as its opposite: not(all) is any of the opposites, not(any) all of them."""
    if "not" in cond:
        return _push_not(cond["not"], not negated)
    for key, flipped in (("all", "any"), ("any", "all")):
        if key in cond:
            return {flipped if negated else key: [_push_not(c, negated) for c in cond[key]]}
    return {"not": cond} if negated else cond


def _parts(cond: Cond, key: str) -> list[Cond]:
    """The members of an all/any, with nested groups of the same kind flattened into it."""
    out: list[Cond] = []
    for sub in cond[key]:
        out += _parts(sub, key) if key in sub else [sub]
    return out


def _say(cond: Cond, tables: Mapping[str, Any], inside: bool) -> str:
    if "all" in cond:
        parts = _parts(cond, "all")
        text = ("，且" if inside else "，").join(_fact(c, tables) for c in parts if "any" not in c)
        for group in (c for c in parts if "any" in c):
            text += ("，且" if text else "") + _alternatives(group, tables)
        return text
    if "any" in cond:
        parts = _parts(cond, "any")
        if not inside and not any("all" in c for c in parts):
            return "，或者".join(_fact(c, tables) for c in parts)
        return _alternatives(cond, tables)
    return _fact(cond, tables)


def _alternatives(cond: Cond, tables: Mapping[str, Any]) -> str:
    return "符合以下情形之一：" + "；".join(_say(c, tables, inside=True) for c in _parts(cond, "any"))


def _fact(cond: Cond, tables: Mapping[str, Any]) -> str:
    """One fact, or its opposite when it comes wrapped in `not`."""
    negated = "not" in cond
    leaf = cond["not"] if negated else cond
    if "band" in leaf:
        table = tables[leaf["band"]]
        ids = [b["id"] for b in table["bands"] if (b["id"] in leaf["in"]) != negated]
        labels = {b["id"]: b["label"] for b in table["bands"]}
        return either([with_subject(bare(BY_NAME[table["field"]].label), labels[i]) for i in ids])
    field = BY_NAME[leaf["field"]]
    if "is" in leaf:
        return field.statement(leaf["is"] != negated)
    chosen = [label for value, label in field.choices.items() if (value in leaf["in"]) != negated]
    return f"{bare(field.label)}为{either(['“' + c + '”' for c in chosen])}"


def either(items: list[str]) -> str:
    """'A、B或C': alternatives as a list is read aloud."""
    return "或".join(items) if len(items) < 3 else "、".join(items[:-1]) + "或" + items[-1]


_COMPARISON = ("不超过", "超过", "不足", "不低于", "低于", "以上", "以下", "恰为", "达到")


def with_subject(subject: str, label: str) -> str:
    """A band label as a statement about its fact: '30万元以上（含30万元）' becomes '项目总投资30万元以上
    （含30万元）'; '总投资不超过300万元' becomes '项目总投资不超过300万元' (the subject said once);
    a label naming its own subject ('工程部分超过50%') stays as it is."""
    if label[:1].isdigit() or label.startswith(_COMPARISON):
        return subject + label
    for size in range(len(subject), 1, -1):
        if label.startswith(subject[-size:]):
            return subject + label[size:]
    return label


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
