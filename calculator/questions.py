"""What is still open in a result, and what each answer would change.

A question is an unknown fact that some undecided item of the result read. It is asked only if
answering it changes the result: each option is substituted and the regulation evaluated again,
and the option's effect is said in words ("若为县级项目：不适用本办法（第二条）"). Amounts are
asked through the bands of the regulation's own threshold tables, so the options are exactly the
ranges its texts distinguish. Nothing here is kept by hand per regulation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping

from . import conditions as C
from .fields import BY_NAME, ORIGINS, Field, form_value, input_fields, jsonable, plain_decimal
from .reuse import tested_conditions
from .rulebook import Regulation

RANK_LABELS = ("是否适用", "是否不予立项", "适用流程", "环节与机构", "时限", "其他义务")
Evaluate = Callable[[Mapping[str, Any]], dict]


# --- plain reasons -------------------------------------------------------------------------------

def open_fields(cond: Any, facts: Mapping[str, Any], tables: Mapping[str, Any]) -> list[str]:
    """Labels of the unknown facts a condition reads, for '视…而定'."""
    names = dict.fromkeys(n for n in C.fields_read(cond, tables) if facts.get(n) is None)
    return [C.bare(BY_NAME[n].label) for n in names]


def band_fact(table: Mapping[str, Any], value: Decimal) -> str:
    """'项目总投资350万元，属于200万元以上（含200万元）、500万元以下（不含500万元）的情形': the amount
    and the range of the text it falls in, which is what decides a route or a body."""
    band = C.band_for(table, value)
    statement = BY_NAME[table["field"]].statement(value)
    return f"{statement}，属于{band['label']}的情形" if band else statement


def _fact(cond: Mapping[str, Any], facts: Mapping[str, Any], tables: Mapping[str, Any]) -> str:
    if "band" in cond:
        table = tables[cond["band"]]
        return band_fact(table, facts[table["field"]])
    return BY_NAME[cond["field"]].statement(facts[cond["field"]])


def holding(cond: Any, facts: Mapping[str, Any], tables: Mapping[str, Any]) -> str:
    """Why a condition holds, naming only the facts that decide it."""
    if "all" in cond:
        return "，".join(holding(c, facts, tables) for c in cond["all"])
    if "any" in cond:
        return next(holding(c, facts, tables) for c in cond["any"] if C.holds(c, facts, tables))
    if "not" in cond:
        return failing(cond["not"], facts, tables)
    return _fact(cond, facts, tables)


def failing(cond: Any, facts: Mapping[str, Any], tables: Mapping[str, Any]) -> str:
    """Why a condition fails, naming only the facts that decide it."""
    if "all" in cond:
        return next(failing(c, facts, tables) for c in cond["all"] if C.holds(c, facts, tables) is False)
    if "any" in cond:
        return "，".join(failing(c, facts, tables) for c in cond["any"])
    if "not" in cond:
        return holding(cond["not"], facts, tables)
    return _fact(cond, facts, tables)


# --- what a regulation reads ---------------------------------------------------------------------

def reads(reg: Regulation, group: str) -> set[str]:
    """Every fact some rule of the regulation can read: derived from its conditions, never listed
    (worked out once per regulation version)."""
    key = f"reads:{group}"
    if key not in reg.memo:
        reg.memo[key] = frozenset(_reads(reg, group))
    return reg.memo[key]


def _reads(reg: Regulation, group: str) -> set[str]:
    """The conditions an evaluation tests and those of the ambiguity notes, the amounts that decide
    bodies, the dates deadlines count from, and for a change the amounts its shares come from."""
    data = reg.data
    tested = list(tested_conditions(reg, group))
    conds = [cond for _, _, cond in tested] + [note.get("when") for note in data["ambiguities"]]
    out = {name for cond in conds for name in C.fields_read(cond, reg.tables)}
    out |= {reg.tables[item["body_from"]]["field"] for _, item, _ in tested if item and item.get("body_from")}
    out |= {ORIGINS[o] for d in data["deadlines"] for o in (d.get("after"), d.get("before")) if o in ORIGINS}
    if group == "change":
        out |= {"approved_investment", "adjustment_amount", "original_contract_amount", "supplementary_amount"}
    return out


def ignored(reg: Regulation, facts: Mapping[str, Any], group: str) -> list[dict[str, Any]]:
    """Facts given that this regulation never reads: named, never silently dropped."""
    used = reads(reg, group)
    return [{"field": f.name, "label": C.bare(f.label), "value": jsonable(facts[f.name]),
             "text": _answer_text(f, facts[f.name])}
            for f in input_fields(group) if facts.get(f.name) is not None and f.name not in used]


def _answer_text(f: Field, value: Any) -> str:
    if f.type == "bool":
        return f"{C.bare(f.label)}：{'是' if value else '否'}"
    if f.type == "enum":
        return f"{C.bare(f.label)}：{f.choices[value]}"
    if isinstance(value, Decimal):
        return f"{C.bare(f.label)}：{plain_decimal(value)}{'%' if f.type == 'percent' else '万元'}"
    return f"{C.bare(f.label)}：{value.isoformat() if isinstance(value, dt.date) else value}"


# --- outcome signatures ---------------------------------------------------------------------------

def outcome(result: Mapping[str, Any]) -> tuple:
    """Everything an answer can change, as one comparable value (questions and trace excluded)."""
    def items(key: str) -> tuple:
        return tuple((i["id"], i.get("certain"), (i.get("body") or {}).get("id") if isinstance(i.get("body"), dict)
                      else None, i.get("date")) for i in result.get(key, []))

    def ident(key: str) -> str | None:
        return (result.get(key) or {}).get("id")
    return ((result.get("applies") or {}).get("status"), ident("route"), ident("change"), ident("refusal"),
            ((result.get("change") or {}).get("body") or {}).get("id"),
            tuple(r["id"] for r in result.get("route_options", [])),
            tuple(r["id"] for r in result.get("change_options", [])), tuple(a["id"] for a in result.get("also", [])),
            items("stages"), items("deadlines"), items("duties"))


# --- options ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Range:
    """A range of an amount or percentage, from `low` to `high` (None: no upper end)."""
    low: Decimal
    low_in: bool
    high: Decimal | None
    high_in: bool

    def sample(self, top: Decimal | None) -> Decimal:
        """A value inside the range; `top` ends an open range (a percentage ends at 100)."""
        if self.low == self.high:
            return self.low
        if self.high is None:
            return (self.low + top) / 2 if top is not None else self.low * 2 + 1
        return (self.low + self.high) / 2

    def label(self, unit: str) -> str:
        """'不足30万元', '恰为500万元', '200万元以上（含200万元）、不足500万元', '超过1000万元'."""
        def n(x: Decimal) -> str:
            return f"{plain_decimal(x)}{unit}"
        if self.low == self.high:
            return f"恰为{n(self.low)}"
        low = "" if self.low == 0 and self.low_in else (f"{n(self.low)}以上（含{n(self.low)}）" if self.low_in
                                                         else f"超过{n(self.low)}")
        high = "" if self.high is None else (f"不超过{n(self.high)}" if self.high_in else f"不足{n(self.high)}")
        return "、".join(part for part in (low, high) if part) or "任何数额"


def _amount_options(reg: Regulation, name: str) -> list[_Range]:
    """The ranges the regulation's tables on this fact distinguish: each bound on its own (its
    inclusivity differs between tables) and the open stretches between them."""
    points = {Decimal(b[k]) for t in reg.data["thresholds"] if t["field"] == name
              for b in t["bands"] for k in ("min", "max") if b.get(k) is not None}
    bounds = sorted(points)
    top = _top(name)
    out = [_Range(Decimal(0), True, bounds[0], False)] if bounds and bounds[0] > 0 else []
    for low, high in zip(bounds, bounds[1:] + [None]):
        out.append(_Range(low, True, low, True))
        if high is not None or top is None or low < top:
            out.append(_Range(low, False, high, False))
    return out


def _top(name: str) -> Decimal | None:
    return Decimal(100) if BY_NAME[name].type == "percent" else None


def _merged(ranges: list[_Range], signatures: list[str]) -> list[tuple[_Range, int]]:
    """Adjacent ranges with the same outcome joined into one: (the range, index of its first member)."""
    out: list[tuple[_Range, int]] = []
    for i, (r, sig) in enumerate(zip(ranges, signatures)):
        if out and signatures[out[-1][1]] == sig:
            first = out[-1][0]
            out[-1] = (_Range(first.low, first.low_in, r.high, r.high_in), out[-1][1])
        else:
            out.append((r, i))
    return out


# --- questions ---------------------------------------------------------------------------------------

def derive(reg: Regulation, facts: Mapping[str, Any], current: Mapping[str, Any], opened: Mapping[str, int],
           groups: list[tuple[list[str], int]], evaluate: Evaluate) -> list[dict[str, Any]]:
    """The questions whose answers change `current`, ordered by what they decide first.

    Each undecided item is asked through the first unknown fact its condition reads; when that
    answer alone changes nothing (its partner facts are unknown too), the next unknown fact of the
    same condition is asked instead, so every open item has a question that moves it."""
    order = {f.name: i for i, f in enumerate(input_fields("change"))}
    here = outcome(current)
    found: dict[str, dict[str, Any] | None] = {}

    def ask(name: str, rank: int) -> dict[str, Any] | None:
        if name not in found:
            field = BY_NAME[name]
            found[name] = None if field.derived else _question(reg, field, facts, current, here, evaluate)
            if found[name] is not None:
                found[name].update(rank=rank, decides=RANK_LABELS[rank])
        return found[name]

    for name in sorted(opened, key=lambda n: (opened[n], order.get(n, 99))):
        ask(name, opened[name])
    for names, rank in groups:
        if not any(found.get(n) for n in names):
            next((q for q in (ask(n, rank) for n in names) if q), None)
    questions = [q for q in found.values() if q is not None]
    return sorted(questions, key=lambda q: (q["rank"], order.get(q["field"], 99)))


def _question(reg: Regulation, field: Field, facts: Mapping[str, Any], current: Mapping[str, Any], here: tuple,
              evaluate: Evaluate) -> dict[str, Any] | None:
    """The question on one unknown fact, or None when no answer changes the outcome. `evaluate` may
    return `current` itself for an answer it knows changes nothing."""
    base = {"field": field.name, "label": C.bare(field.label), "question": field.question, "help": field.help,
            "type": field.type}
    if field.type == "date":
        return {**base, "options": [], "effect": "填写后推算各时限的具体日期"}
    if field.type in ("amount", "percent"):
        ranges = _amount_options(reg, field.name)
        top = _top(field.name)
        results = [evaluate({**facts, field.name: r.sample(top)}) for r in ranges]
        signatures = [outcome(r) for r in results]
        if not ranges or all(s == here for s in signatures):
            return None
        unit = "%" if field.type == "percent" else "万元"
        options = [{"value": plain_decimal(ranges[i].sample(top)), "label": merged.label(unit),
                    "effect": effect(current, results[i], reg)}
                   for merged, i in _merged(ranges, signatures)]
        return {**base, "unit": unit, "options": options}
    answers = field.options()
    results = [evaluate({**facts, field.name: value}) for value, _ in answers]
    if all(r is current or outcome(r) == here for r in results):
        return None
    options = [{"value": form_value(value),
                "label": label, "effect": effect(current, result, reg)}
               for (value, label), result in zip(answers, results)]
    return {**base, "options": options}


def effect(current: Mapping[str, Any], after: Mapping[str, Any], reg: Regulation) -> str:
    """What an answer changes, in a few words: applicability first, then route, stages, duties."""
    parts: list[str] = []
    applies = after.get("applies")
    if applies is not None and applies["status"] != current["applies"]["status"] and applies["certain"]:
        parts.append(f"{applies['label']}{_articles(applies['cites'])}")
        if applies["status"] == "not_applicable" or applies["status"] == "undetermined":
            return "；".join(parts)
    refusal = after.get("refusal")
    if refusal and (current.get("refusal") or {}).get("id") != refusal["id"]:
        return f"{refusal['label']}：{refusal['name']}{_articles(refusal['cites'])}"
    for key, name in (("route", "流程"), ("change", "变更程序")):
        chosen = after.get(key)
        if chosen and (current.get(key) or {}).get("id") != chosen["id"]:
            parts.append(f"适用“{chosen['name']}”{_articles(chosen['cites'])}")
    if not after.get("route") and not after.get("change"):
        kept = {r["id"] for r in after.get("route_options", []) + after.get("change_options", [])}
        dropped = [f"“{r['name']}”" for r in current.get("route_options", []) + current.get("change_options", [])
                   if r["id"] not in kept]
        parts += [f"不再可能是{'、'.join(dropped)}"] if dropped else []
    parts += _list_changes(current, after, "stages", "需经“{}”", "无需“{}”")
    parts += _body_changes(current, after)
    parts += _list_changes(current, after, "duties", "增加义务：{}", "不涉及：{}")
    if not parts:
        return "结论暂不变，尚需回答其他问题"
    return "；".join(parts[:4]) + ("等" if len(parts) > 4 else "")


def _articles(cites: Iterable[Mapping[str, Any]]) -> str:
    labels = list(dict.fromkeys(c["label"] for c in cites))
    return f"（{'、'.join(labels[:2])}）" if labels else ""


def _list_changes(current: Mapping[str, Any], after: Mapping[str, Any], key: str, added: str,
                  removed: str) -> list[str]:
    before = {i["id"]: i for i in current.get(key, [])}
    now = {i["id"]: i for i in after.get(key, [])}
    out = [added.format(i["name"]) for ident, i in now.items()
           if i["certain"] and not (ident in before and before[ident]["certain"])]
    out += [removed.format(i["name"]) for ident, i in before.items() if not i["certain"] and ident not in now]
    return out


def _body_changes(current: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    before = {s["id"]: s for s in current.get("stages", [])}
    out = []
    for stage in after.get("stages", []):
        body = stage.get("body") or {}
        old = (before.get(stage["id"]) or {}).get("body") or {}
        if body.get("certain") and body.get("band") and not old.get("certain"):
            out.append(f"{stage['name']}由{body['name']}负责")
    return out
