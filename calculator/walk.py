"""Check parsed YAML against the declarations in `schema.py`, producing JSON-ready data.

This is the one place where types are checked. Its contract with the semantic checks that run
afterwards: every value in the result has the type its declaration says, or is None where the
value was wrong (and a problem was recorded). Conditions are checked for shape here too, so later
checks never meet a list where they expect an id.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from . import schema as S
from .fields import MAX_AMOUNT, plain_decimal
from .rules_yaml import Num, Problem
from .text_check import markup_problem

MAX_DECIMALS = 6  # a bound written with more decimal places is a typo, not a regulation
_FORMS = {"all": {"all"}, "any": {"any"}, "not": {"not"}, "band": {"band", "in"}, "field": {"field", "is", "in"}}


@dataclass(frozen=True)
class ConditionUse:
    """A leaf condition (`band` or `field` form) whose names are checked against the file later."""
    form: str
    name: str
    members: list[str] | None
    is_value: bool | None
    has_is: bool
    line: int
    path: str


@dataclass
class Walker:
    file: str
    problems: list[Problem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # key path -> line, for every value walked
    refs: list[tuple[str, str, int, str]] = field(default_factory=list)  # (target, id, line, path)
    records: list[tuple[S.Record, dict, int, str]] = field(default_factory=list)
    conditions: list[ConditionUse] = field(default_factory=list)

    def err(self, line: int, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, path or "(file)", message))

    def walk(self, node: S.Node, value: Any, path: str, line: int) -> Any:
        self.lines.setdefault(path, line)
        return getattr(self, "_" + type(node).__name__)(node, value, path, line)

    def _Nullable(self, node: S.Nullable, value: Any, path: str, line: int) -> Any:
        return None if value is None else self.walk(node.inner, value, path, line)

    def _Str(self, node: S.Str, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, str) or isinstance(value, Num):
            return self.err(line, path, f"expected text, got {kind(value)}")
        if not value.strip():
            return self.err(line, path, "must not be empty")
        if node.pattern and not re.fullmatch(node.pattern, value):
            return self.err(line, path, f"{value[:60]!r} does not match {node.pattern}")
        if problem := markup_problem(value):
            return self.err(line, path, problem)
        return value.strip()

    def _Int(self, node: S.Int, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, Num) or not re.fullmatch(r"-?\d{1,9}", value):
            return self.err(line, path, f"expected a whole number, got {kind(value)}")
        number = int(value)
        if node.minimum is not None and number < node.minimum:
            return self.err(line, path, f"must be at least {node.minimum}, got {number}")
        if node.maximum is not None and number > node.maximum:
            return self.err(line, path, f"must be at most {node.maximum}, got {number}")
        return number

    def _Number(self, node: S.Number, value: Any, path: str, line: int) -> Any:
        try:
            number = Decimal(value) if isinstance(value, Num) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number.is_signed():
            return self.err(line, path, f"expected a number ≥ 0, got {kind(value)}")
        if number > MAX_AMOUNT or number.normalize().as_tuple().exponent < -MAX_DECIMALS:
            return self.err(line, path, f"{value[:30]} is out of range (at most {plain_decimal(MAX_AMOUNT)}, "
                                        f"{MAX_DECIMALS} decimal places)")
        return plain_decimal(number)

    def _Bool(self, node: S.Bool, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, bool):
            return self.err(line, path, f"expected true or false, got {kind(value)}")
        return value

    def _Date(self, node: S.Date, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            return self.err(line, path, f"expected a date YYYY-MM-DD, got {kind(value)}")
        return value.isoformat()

    def _Enum(self, node: S.Enum, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, str) or value not in node.values:
            return self.err(line, path, f"{short(value)} is not one of: {', '.join(node.values)}")
        return value

    def _Ref(self, node: S.Ref, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, str) or isinstance(value, Num):
            return self.err(line, path, f"expected an id, got {kind(value)}")
        self.refs.append((node.target, value, line, path))
        return value

    def _ListOf(self, node: S.ListOf, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, list):
            return self.err(line, path, f"expected a list, got {kind(value)}")
        lines = getattr(value, "item_lines", [line] * len(value))
        return [self.walk(node.item, v, f"{path}[{i}]", lines[i]) for i, v in enumerate(value)]

    def _OneOrMany(self, node: S.OneOrMany, value: Any, path: str, line: int) -> Any:
        if isinstance(value, dict):
            return [self.walk(node.item, value, path, getattr(value, "line", line))]
        if isinstance(value, list) and value:
            return self._ListOf(S.ListOf(node.doc, node.item), value, path, line)
        return self.err(line, path, f"expected a citation {{article, quote}} or a non-empty list of them, got {kind(value)}")

    def _Record(self, node: S.Record, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, dict):
            return self.err(line, path, f"expected a mapping ({node.doc}), got {kind(value)}")
        line = getattr(value, "line", line)
        key_lines = getattr(value, "key_lines", {})
        for key in value:
            if key not in node.keys:
                self.err(key_lines.get(key, line), join(path, str(key)), f"unknown key (allowed: {', '.join(node.keys)})")
        out = {}
        for key, spec in node.keys.items():
            if key in value:
                out[key] = self.walk(spec.node, value[key], join(path, key), key_lines.get(key, line))
            elif spec.required:
                self.err(line, join(path, key), "missing required key")
        self.records.append((node, out, line, path))
        return out

    def _Condition(self, node: S.Condition, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, dict):
            return self.err(line, path, f"a condition must be a mapping, got {kind(value)}")
        line = getattr(value, "line", line)
        forms = [k for k in _FORMS if k in value]
        if len(forms) != 1:
            return self.err(line, path, "a condition has exactly one of all / any / not / band / field")
        form = forms[0]
        key_lines = getattr(value, "key_lines", {})
        unknown = [k for k in value if k not in _FORMS[form]]
        for key in unknown:
            self.err(key_lines.get(key, line), join(path, str(key)), f"unknown key in a {form} condition")
        out = self._compound(form, value, path, line) if form in ("all", "any", "not") \
            else self._leaf(form, value, path, line, key_lines)
        return None if out is None or unknown else out

    def _compound(self, form: str, value: dict, path: str, line: int) -> dict | None:
        if form == "not":
            inner = self.walk(S.Condition(), value["not"], f"{path}.not", line)
            return None if inner is None else {"not": inner}
        subs = value[form]
        if not isinstance(subs, list) or not subs:
            return self.err(line, f"{path}.{form}", f"expected a non-empty list of conditions, got {kind(subs)}")
        lines = getattr(subs, "item_lines", [line] * len(subs))
        out = [self.walk(S.Condition(), sub, f"{path}.{form}[{i}]", lines[i]) for i, sub in enumerate(subs)]
        return None if any(o is None for o in out) else {form: out}

    def _leaf(self, form: str, value: dict, path: str, line: int, key_lines: dict) -> dict | None:
        before = len(self.problems)
        name = value[form]
        if not isinstance(name, str) or isinstance(name, Num):
            self.err(key_lines.get(form, line), f"{path}.{form}", f"expected a name, got {kind(name)}")
        members = value.get("in")
        if "in" in value and (not isinstance(members, list) or not members
                              or not all(isinstance(m, str) and not isinstance(m, Num) for m in members)):
            self.err(key_lines.get("in", line), f"{path}.in", f"expected a non-empty list of ids, got {kind(members)}")
        if "is" in value and not isinstance(value["is"], bool):
            self.err(key_lines.get("is", line), f"{path}.is", f"expected true or false, got {kind(value['is'])}")
        if form == "band" and "in" not in value:
            self.err(line, f"{path}.in", "expected a non-empty list of band ids")
        if len(self.problems) > before:
            return None
        self.conditions.append(ConditionUse(form, name, list(members) if "in" in value else None,
                                            value.get("is"), "is" in value, line, path))
        return {k: (list(v) if isinstance(v, list) else v) for k, v in value.items()}


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def short(value: Any) -> str:
    """A value for a message: text quoted and cut, anything else described."""
    return repr(value[:30]) if isinstance(value, str) and not isinstance(value, Num) else kind(value)


def kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, Num):
        return f"number {value[:30]}"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"text {value[:30]!r}"
    if isinstance(value, dt.date):
        return f"date {value.isoformat()}"
    return {"LineDict": "a mapping", "LineList": "a list", "dict": "a mapping", "list": "a list"}.get(
        type(value).__name__, type(value).__name__)
