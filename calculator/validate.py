"""Load rules YAML, check it against the schema and the source text, and compile it to JSON data.

Every problem is collected (not just the first) and reported as `file:line: path: message`, so a
maintainer fixes a file in one pass. This module is build-time only: it needs PyYAML, which the
browser does not have; the browser receives the compiled JSON instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from . import schema as S
from .fields import BY_NAME, NUMERIC, ORIGINS, plain_decimal
from .sources import Source, parse

SLUGS = ("sichuan-province", "bazhong", "dazhou", "guangyuan", "wushan")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.message}"


class RulesError(Exception):
    """Bad rule data. Front ends print `problems` one per line; never a traceback."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


# --- YAML with line numbers -------------------------------------------------------------------

class LineDict(dict):
    line = 0
    key_lines: dict


class LineList(list):
    line = 0
    item_lines: list


def _loader():
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def mapping(loader, node):
        out = LineDict()
        out.line, out.key_lines = node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            out[key] = loader.construct_object(value_node, deep=True)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out

    def sequence(loader, node):
        out = LineList(loader.construct_object(n, deep=True) for n in node.value)
        out.line, out.item_lines = node.start_mark.line + 1, [n.start_mark.line + 1 for n in node.value]
        return out

    def as_text(loader, node):  # numbers stay exact decimal text: 2000.01 must not become a float
        return _Num(node.value)

    def timestamp(loader, node):  # an impossible date (2022-13-45) is reported as data, not raised
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except ValueError:
            return node.value

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    Loader.add_constructor("tag:yaml.org,2002:float", as_text)
    Loader.add_constructor("tag:yaml.org,2002:int", as_text)
    return Loader, yaml.YAMLError


class _Num(str):
    """A YAML number kept as its literal text."""


def load_yaml(path: Path, display: str) -> Any:
    loader, error = _loader()
    try:
        return loader(path.read_text(encoding="utf-8")).get_single_data()
    except error as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise RulesError([Problem(display, line, "(file)", f"YAML syntax error: {getattr(exc, 'problem', exc)}")]) from None
    except UnicodeDecodeError:
        raise RulesError([Problem(display, 1, "(file)", "file is not UTF-8")]) from None


# --- structural walk ---------------------------------------------------------------------------

class _Walker:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.refs: list[tuple[str, str, int, str]] = []  # (target, id, line, path)
        self.conditions: list[tuple[Any, int, str]] = []
        self.cites: list[tuple[dict, int, str]] = []

    def err(self, line: int, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, path, message))

    def walk(self, node: S.Node, value: Any, path: str, line: int) -> Any:
        method = getattr(self, "_" + type(node).__name__)
        return method(node, value, path, line)

    def _Nullable(self, node: S.Nullable, value: Any, path: str, line: int) -> Any:
        return None if value is None else self.walk(node.inner, value, path, line)

    def _Str(self, node: S.Str, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, str) or isinstance(value, _Num):
            return self.err(line, path, f"expected text, got {_kind(value)}")
        if not value.strip():
            return self.err(line, path, "must not be empty")
        if node.pattern and not re.fullmatch(node.pattern, value):
            return self.err(line, path, f"{value!r} does not match {node.pattern}")
        return value.strip()

    def _Int(self, node: S.Int, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, _Num) or not re.fullmatch(r"-?\d+", value):
            return self.err(line, path, f"expected a whole number, got {_kind(value)}")
        number = int(value)
        if node.minimum is not None and number < node.minimum:
            return self.err(line, path, f"must be at least {node.minimum}")
        if node.maximum is not None and number > node.maximum:
            return self.err(line, path, f"must be at most {node.maximum}")
        return number

    def _Number(self, node: S.Number, value: Any, path: str, line: int) -> Any:
        try:
            number = Decimal(value) if isinstance(value, _Num) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number < 0:
            return self.err(line, path, f"expected a number ≥ 0, got {_kind(value)}")
        return plain_decimal(number)

    def _Bool(self, node: S.Bool, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, bool):
            return self.err(line, path, f"expected true or false, got {_kind(value)}")
        return value

    def _Date(self, node: S.Date, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, dt.date):
            return self.err(line, path, f"expected a date YYYY-MM-DD, got {_kind(value)}")
        return value.isoformat()

    def _Enum(self, node: S.Enum, value: Any, path: str, line: int) -> Any:
        if value not in node.values:
            return self.err(line, path, f"{value!r} is not one of: {', '.join(node.values)}")
        return value

    def _Ref(self, node: S.Ref, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, str) or isinstance(value, _Num):
            return self.err(line, path, f"expected an id, got {_kind(value)}")
        self.refs.append((node.target, value, line, path))
        return value

    def _ListOf(self, node: S.ListOf, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, list):
            return self.err(line, path, f"expected a list, got {_kind(value)}")
        lines = getattr(value, "item_lines", [line] * len(value))
        return [self.walk(node.item, v, f"{path}[{i}]", lines[i]) for i, v in enumerate(value)]

    def _OneOrMany(self, node: S.OneOrMany, value: Any, path: str, line: int) -> Any:
        if isinstance(value, dict):
            return [self.walk(node.item, value, path, getattr(value, "line", line))]
        if isinstance(value, list) and value:
            return self._ListOf(S.ListOf(node.doc, node.item), value, path, line)
        return self.err(line, path, "expected a citation {article, quote} or a non-empty list of them")

    def _Record(self, node: S.Record, value: Any, path: str, line: int) -> Any:
        if not isinstance(value, dict):
            return self.err(line, path, f"expected a mapping ({node.name}), got {_kind(value)}")
        line = getattr(value, "line", line)
        key_lines = getattr(value, "key_lines", {})
        out = {}
        for key in value:
            if key not in node.keys:
                self.err(key_lines.get(key, line), _join(path, str(key)),
                         f"unknown key (allowed: {', '.join(node.keys)})")
        for key, spec in node.keys.items():
            if key not in value:
                if spec.required:
                    self.err(line, _join(path, key), "missing required key")
                continue
            out[key] = self.walk(spec.node, value[key], _join(path, key), key_lines.get(key, line))
        if node is S.CITE and "article" in out:
            self.cites.append((out, line, path))
        return out

    def _Condition(self, node: S.Condition, value: Any, path: str, line: int) -> Any:
        self.conditions.append((value, line, path))
        return _copy(value)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, _Num):
        return f"number {value}"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"text {value[:30]!r}"
    return type(value).__name__.replace("Line", "").lower()


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return str(value) if isinstance(value, _Num) else value


# --- semantic checks ---------------------------------------------------------------------------

class _Checker:
    def __init__(self, walker: _Walker, raw: Any, data: dict, source: Source):
        self.w, self.raw, self.data, self.source = walker, raw, data, source
        self.ids: dict[str, set[str]] = {}
        self.tables = {t["id"]: t for t in data.get("thresholds") or [] if isinstance(t, dict)}

    def run(self) -> None:
        for collection in ("bodies", "documents", "thresholds", "stages", "routes", "deadlines",
                           "duties", "changes", "ambiguities"):
            self._unique(collection)
        self.ids["numeric_fields"] = {f.name for f in BY_NAME.values() if f.type in NUMERIC}
        self.ids["deadline_origins"] = self.ids["deadlines"] | set(ORIGINS)
        for target, ref, line, path in self.w.refs:
            if ref not in self.ids.get(target, set()):
                self.w.err(line, path, f"{ref!r} is not a defined {target.replace('_', ' ')} id")
        for cite, line, path in self.w.cites:
            self._cite(cite, line, path)
        for cond, line, path in self.w.conditions:
            self._condition(cond, line, path)
        for index, table in enumerate(self.data.get("thresholds") or []):
            self._coverage(index, table)
        self._unused_stages()
        self._fallback("routes")
        self._fallback("changes")
        self._bodies()
        self._deadlines()
        self._provisions()
        self._slug()

    def _line(self, collection: str, index: int, key: str | None = None) -> int:
        items = self.raw.get(collection)
        item = items[index]
        if key and isinstance(item, LineDict) and key in item.key_lines:
            return item.key_lines[key]
        return getattr(item, "line", 1)

    def _unique(self, collection: str) -> None:
        seen: set[str] = set()
        for i, item in enumerate(self.data.get(collection) or []):
            ident = item.get("id") if isinstance(item, dict) else None
            if ident in seen:
                self.w.err(self._line(collection, i, "id"), f"{collection}[{i}].id", f"duplicate id {ident!r}")
            if ident:
                seen.add(ident)
        self.ids[collection] = seen

    def _cite(self, cite: dict, line: int, path: str) -> None:
        article = self.source.article(cite["article"])
        if article is None:
            self.w.err(line, f"{path}.article",
                       f"第{cite['article']}条 does not exist (the text has {len(self.source.articles)} articles)")
        elif cite.get("quote") and not article.contains(cite["quote"]):
            self.w.err(line, f"{path}.quote", f"quote not found in 第{cite['article']}条: {cite['quote']!r}")

    def _condition(self, cond: Any, line: int, path: str) -> None:
        line = getattr(cond, "line", line)
        if not isinstance(cond, dict):
            return self.w.err(line, path, f"a condition must be a mapping, got {_kind(cond)}")
        forms = [k for k in ("all", "any", "not", "band", "field") if k in cond]
        if len(forms) != 1:
            return self.w.err(line, path, "a condition has exactly one of all / any / not / band / field")
        form = forms[0]
        if form in ("all", "any"):
            allowed = {form}
            subs = cond[form]
            if not isinstance(subs, list) or not subs:
                return self.w.err(line, f"{path}.{form}", "expected a non-empty list of conditions")
            for i, sub in enumerate(subs):
                self._condition(sub, getattr(subs, "item_lines", [line] * len(subs))[i], f"{path}.{form}[{i}]")
        elif form == "not":
            allowed = {"not"}
            self._condition(cond["not"], line, f"{path}.not")
        elif form == "band":
            allowed = {"band", "in"}
            table = self.tables.get(cond["band"])
            if table is None:
                self.w.err(line, f"{path}.band", f"{cond['band']!r} is not a defined thresholds id")
            else:
                known = {b["id"] for b in table.get("bands") or [] if isinstance(b, dict)}
                self._members(cond, known, line, path, "band of " + cond["band"])
        else:
            allowed = {"field", "is", "in"}
            field = BY_NAME.get(cond["field"])
            if field is None:
                self.w.err(line, f"{path}.field", f"unknown field {cond['field']!r}")
            elif field.type == "bool":
                if not isinstance(cond.get("is"), bool) or "in" in cond:
                    self.w.err(line, path, f"boolean field {field.name} is tested with `is: true|false`")
            elif field.type == "enum":
                self._members(cond, set(field.choices), line, path, f"value of {field.name}")
            else:
                self.w.err(line, f"{path}.field",
                           f"{field.name} is numeric: compare it through a thresholds band, not directly")
        for key in cond:
            if key not in allowed:
                self.w.err(line, f"{path}.{key}", f"unknown key in a {form} condition")

    def _members(self, cond: dict, known: set[str], line: int, path: str, what: str) -> None:
        values = cond.get("in")
        if not isinstance(values, list) or not values:
            return self.w.err(line, f"{path}.in", "expected a non-empty list")
        for value in values:
            if value not in known:
                self.w.err(line, f"{path}.in", f"{value!r} is not a {what} (known: {', '.join(sorted(known))})")

    def _coverage(self, index: int, table: dict) -> None:
        """Bands must cover every value ≥ 0 exactly once: sorted, contiguous, open-ended."""
        bands = [b for b in table.get("bands") or [] if isinstance(b, dict) and b.get("min") is not None]
        path = f"thresholds[{index}].bands"
        where = self._line("thresholds", index, "bands")
        if not bands:
            return self.w.err(where, path, "a threshold table needs at least one band")
        previous = None
        for i, band in enumerate(bands):
            bpath = f"{path}[{i}]"
            has_max = band.get("max") is not None
            if has_max != ("max_inclusive" in band):
                self.w.err(where, bpath, "max and max_inclusive go together")
            if previous is None:
                if Decimal(band["min"]) != 0 or not band.get("min_inclusive"):
                    self.w.err(where, bpath, "gap: the first band must start at 0 inclusive (min: 0, min_inclusive: true)")
            else:
                low, high = Decimal(band["min"]), Decimal(previous["max"])
                if low > high or (low == high and not band.get("min_inclusive") and not previous.get("max_inclusive")):
                    self.w.err(where, bpath, f"gap between {previous['id']} and {band['id']} at {plain_decimal(high)}")
                elif low < high or (band.get("min_inclusive") and previous.get("max_inclusive")):
                    self.w.err(where, bpath, f"overlap between {previous['id']} and {band['id']} at {plain_decimal(low)}")
            if has_max and Decimal(band["max"]) < Decimal(band["min"]):
                self.w.err(where, bpath, "max is below min")
            if not has_max and i != len(bands) - 1:
                self.w.err(where, bpath, "only the last band may be open-ended (no max)")
            if i == len(bands) - 1 and has_max:
                self.w.err(where, bpath, f"gap: values above {band['max']} fall in no band (the last band has no max)")
            previous = band

    def _unused_stages(self) -> None:
        """A stage no route lists is never shown to anyone: almost always a forgotten reference."""
        used = {s for route in self.data.get("routes") or [] for s in route.get("stages") or []}
        for i, stage in enumerate(self.data.get("stages") or []):
            if stage.get("id") and stage["id"] not in used:
                self.w.err(self._line("stages", i, "id"), f"stages[{i}].id", f"stage {stage['id']!r} is not used by any route")

    def _fallback(self, collection: str) -> None:
        items = self.data.get(collection) or []
        if not items:
            return self.w.err(getattr(self.raw, "line", 1), collection, "at least one entry is needed (the last is the fallback)")
        for i, item in enumerate(items):
            last = i == len(items) - 1
            if last and item.get("when") is not None:
                self.w.err(self._line(collection, i, "when"), f"{collection}[{i}].when",
                           "the last entry is the fallback and must not have `when`")
            if not last and item.get("when") is None:
                self.w.err(self._line(collection, i), f"{collection}[{i}]",
                           "only the last entry may omit `when` (later entries would never be chosen)")

    def _bodies(self) -> None:
        for collection in ("stages", "changes"):
            for i, item in enumerate(self.data.get(collection) or []):
                given = [k for k in ("body", "body_from") if item.get(k)]
                if collection == "stages" and len(given) != 1:
                    self.w.err(self._line(collection, i), f"{collection}[{i}]", "give exactly one of body / body_from")
                if len(given) == 2:
                    self.w.err(self._line(collection, i), f"{collection}[{i}]", "body and body_from exclude each other")
                table = self.tables.get(item.get("body_from"))
                if table and any(not b.get("body") for b in table.get("bands") or []):
                    self.w.err(self._line(collection, i, "body_from"), f"{collection}[{i}].body_from",
                               f"every band of {table['id']} needs a body to be used here")

    def _deadlines(self) -> None:
        needs = {"duration": ("value", "unit"), "window": ("window", "unit"), "annual": ("month",)}
        for i, item in enumerate(self.data.get("deadlines") or []):
            kind = item.get("kind")
            for key in needs.get(kind, ()):
                if item.get(key) is None:
                    self.w.err(self._line("deadlines", i), f"deadlines[{i}].{key}", f"required for kind {kind}")
            window = item.get("window")
            if kind == "window" and window and (len(window) != 2 or window[0] is None or window[1] is None
                                                or window[0] > window[1]):
                self.w.err(self._line("deadlines", i, "window"), f"deadlines[{i}].window", "expected [from, to] with from ≤ to")
        self._after_cycles()

    def _after_cycles(self) -> None:
        after = {d["id"]: d.get("after") for d in self.data.get("deadlines") or [] if d.get("id")}
        for i, start in enumerate(after):
            seen, node = set(), start
            while node in after and node not in seen:
                seen.add(node)
                node = after[node]
            if node in seen and node == start:
                self.w.err(self._line("deadlines", i, "after"), f"deadlines[{i}].after", "`after` chain loops back to itself")

    def _provisions(self) -> None:
        covered: set[str] = set()
        for i, item in enumerate(self.data.get("provisions") or []):
            topic = S.TOPICS.get(item.get("topic"))
            if topic and item.get("aspect") not in topic[1]:
                self.w.err(self._line("provisions", i, "aspect"), f"provisions[{i}].aspect",
                           f"{item.get('aspect')!r} is not an aspect of {item['topic']} ({', '.join(topic[1])})")
            covered.add(f"{item.get('topic')}.{item.get('aspect')}")
        silent = set(self.data.get("not_specified") or [])
        line = getattr(self.raw, "key_lines", {}).get("not_specified", 1)
        for key in sorted(silent):
            topic, _, aspect = key.partition(".")
            if aspect not in S.TOPICS.get(topic, ("", {}))[1]:
                self.w.err(line, "not_specified", f"{key!r} is not a known topic.aspect")
            elif key in covered:
                self.w.err(line, "not_specified", f"{key} has provisions and cannot also be listed as 未规定")
        for topic, (_, aspects) in S.TOPICS.items():
            for aspect in aspects:
                key = f"{topic}.{aspect}"
                if key not in covered and key not in silent:
                    self.w.err(line, "provisions", f"{key} is neither covered by a provision nor listed in not_specified")

    def _slug(self) -> None:
        expected = Path(self.w.file).stem
        if self.data.get("slug") and self.data["slug"] != expected:
            self.w.err(getattr(self.raw, "key_lines", {}).get("slug", 1), "slug",
                       f"{self.data['slug']!r} does not match the file name {expected!r}")


# --- entry points ------------------------------------------------------------------------------

def load_source(rules_dir: Path, slug: str) -> Source:
    return parse(slug, (rules_dir / "sources" / f"{slug}.txt").read_text(encoding="utf-8"))


def compile_file(path: Path, source: Source, display: str | None = None) -> dict:
    """Validate one rules file; return its compiled (JSON-ready) form or raise RulesError."""
    display = display or str(path)
    raw = load_yaml(path, display)
    walker = _Walker(display)
    data = walker.walk(S.RULE_FILE, raw, "", 1)
    if data is not None:
        _Checker(walker, raw, data, source).run()
    if walker.problems or data is None:
        raise RulesError(walker.problems or [Problem(display, 1, "(file)", "empty file")])
    return data


def compile_rules(rules_dir: Path, display_root: Path | None = None, slugs: tuple[str, ...] = SLUGS) -> dict:
    """The regulations, compiled, with their article texts; raise RulesError listing every problem."""
    problems: list[Problem] = []
    regulations = {}
    for slug in slugs:
        path = rules_dir / f"{slug}.yaml"
        display = str(path.relative_to(display_root)) if display_root else str(path)
        if not path.exists():
            problems.append(Problem(display, 1, "(file)", "rules file is missing"))
            continue
        source = load_source(rules_dir, slug)
        try:
            data = compile_file(path, source, display)
        except RulesError as exc:
            problems.extend(exc.problems)
            continue
        data["articles"] = {
            str(n): {"label": a.label, "chapter": a.chapter, "chapter_title": a.chapter_title,
                     "paragraphs": a.paragraphs}
            for n, a in sorted(source.articles.items())}
        data["notice"] = source.preamble
        data["chapters"] = {str(k): v for k, v in source.chapters.items()}
        regulations[slug] = data
    if problems:
        raise RulesError(problems)
    digest = hashlib.sha256(json.dumps(regulations, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return {"format": 1, "version": digest[:12], "regulations": regulations}
