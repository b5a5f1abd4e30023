"""What the schema cannot say: ids resolve, quotes are verbatim, bands partition, routes fall back.

These checks run on the walker's output, in which every value already has its declared type or is
None (see `walk.py`), so each check only needs to skip what the walk already reported. One function
per concern; `CHECKS` lists them in the order their problems are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from . import coverage, facts
from . import schema as S
from .fields import BY_NAME, NUMERIC, ORIGINS, plain_decimal
from .sources import Source
from .walk import ConditionUse, Walker

COLLECTIONS = ("bodies", "documents", "thresholds", "stages", "routes", "deadlines", "duties", "changes",
               "ambiguities", "refusals")


@dataclass
class Context:
    """One walked rules file, its source text, and the ids it defines."""
    walker: Walker
    data: dict[str, Any]
    source: Source
    ids: dict[str, set[str]] = field(default_factory=dict)
    tables: dict[str, dict] = field(default_factory=dict)
    others: Mapping[str, Source] | None = None  # the other regulations' texts, for facts they attest

    def err(self, path: str, message: str) -> None:
        self.walker.err(self.line(path), path, message)

    def line(self, path: str) -> int:
        """The line of `path`, or of its nearest walked ancestor when the key itself is absent."""
        while path:
            if path in self.walker.lines:
                return self.walker.lines[path]
            path = path[:max(path.rfind("."), path.rfind("["), 0)]
        return 1

    def entries(self, collection: str) -> Iterator[tuple[int, dict]]:
        """(index, item) for the items of a collection that are mappings (the walk reported the rest)."""
        items = self.data.get(collection)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                yield i, item

    def clean(self, path: str) -> bool:
        """True when the walk found nothing wrong at or under `path` (checks on broken parts only add noise)."""
        return not any(p.path == path or p.path.startswith((path + ".", path + "[")) for p in self.walker.problems)


def bands_of(table: dict) -> list[dict]:
    return [b for b in table.get("bands") or [] if isinstance(b, dict)]


def collect_ids(ctx: Context) -> None:
    """Ids per collection; a second item with the same id is an error."""
    for collection in COLLECTIONS:
        seen: set[str] = set()
        for i, item in ctx.entries(collection):
            ident = item.get("id")
            if ident in seen:
                ctx.err(f"{collection}[{i}].id", f"duplicate id {ident!r}")
            if ident:
                seen.add(ident)
        ctx.ids[collection] = seen
    ctx.ids["exclusions"] = set(_exclusions(ctx))
    ctx.ids["numeric_fields"] = {f.name for f in BY_NAME.values() if f.type in NUMERIC}
    ctx.ids["deadline_origins"] = ctx.ids["deadlines"] | set(ORIGINS)
    ctx.tables = {t["id"]: t for _, t in ctx.entries("thresholds") if t.get("id")}


def check_references(ctx: Context) -> None:
    for target, ref, line, path in ctx.walker.refs:
        if ref not in ctx.ids.get(target, set()):
            ctx.walker.err(line, path, f"{ref!r} is not a defined {target.replace('_', ' ')} id")


def check_citations(ctx: Context) -> None:
    """Every quote is a verbatim part of the article it cites."""
    for node, cite, line, path in ctx.walker.records:
        if node is not S.CITE or not isinstance(cite.get("article"), int):
            continue
        article = ctx.source.article(cite["article"])
        if article is None:
            ctx.walker.err(line, f"{path}.article",
                           f"第{cite['article']}条 does not exist (the text has {len(ctx.source.articles)} articles)")
        elif cite.get("quote") and not article.contains(cite["quote"]):
            ctx.walker.err(line, f"{path}.quote", f"quote not found in 第{cite['article']}条: {cite['quote']!r}")


def check_conditions(ctx: Context) -> None:
    """Condition leaves name real fields, tables and bands, and test each field the way its type allows."""
    for use in ctx.walker.conditions:
        if use.form == "band":
            _band_condition(ctx, use)
        else:
            _field_condition(ctx, use)


def _band_condition(ctx: Context, use: ConditionUse) -> None:
    table = ctx.tables.get(use.name)
    if table is None:
        return ctx.walker.err(use.line, f"{use.path}.band", f"{use.name!r} is not a defined thresholds id")
    known = {b["id"] for b in bands_of(table) if b.get("id")}
    _members(ctx, use, known, f"band of {use.name}")


def _field_condition(ctx: Context, use: ConditionUse) -> None:
    spec = BY_NAME.get(use.name)
    if spec is None:
        ctx.walker.err(use.line, f"{use.path}.field", f"unknown field {use.name!r}")
    elif spec.type == "bool":
        if not use.has_is or use.members is not None:
            ctx.walker.err(use.line, use.path, f"boolean field {spec.name} is tested with `is: true|false`")
    elif spec.type == "enum":
        if use.has_is:
            ctx.walker.err(use.line, f"{use.path}.is", f"{spec.name} is not a boolean field: test it with `in: [...]`")
        _members(ctx, use, set(spec.choices), f"value of {spec.name}")
    else:
        ctx.walker.err(use.line, f"{use.path}.field",
                       f"{spec.name} is numeric: compare it through a thresholds band, not directly")


def _members(ctx: Context, use: ConditionUse, known: set[str], what: str) -> None:
    if use.members is None:
        return ctx.walker.err(use.line, f"{use.path}.in", "expected a non-empty list")
    for value in use.members:
        if value not in known:
            ctx.walker.err(use.line, f"{use.path}.in", f"{value!r} is not a {what} (known: {', '.join(sorted(known))})")


def check_bands(ctx: Context) -> None:
    """Bands must cover every value ≥ 0 exactly once: sorted, contiguous, open-ended."""
    for index, table in ctx.entries("thresholds"):
        path = f"thresholds[{index}].bands"
        if "bands" not in table or not ctx.clean(path):
            continue
        if not table["bands"]:
            ctx.err(path, "a threshold table needs at least one band")
            continue
        for i, band in enumerate(table["bands"]):
            _band(ctx, f"{path}[{i}]", band, table["bands"][i - 1] if i else None, i == len(table["bands"]) - 1)


def _band(ctx: Context, path: str, band: dict, previous: dict | None, last: bool) -> None:
    has_max = "max" in band
    if has_max != ("max_inclusive" in band):
        ctx.err(path, "max and max_inclusive go together")
    low = Decimal(band["min"])
    if previous is None:
        if low != 0 or not band["min_inclusive"]:
            ctx.err(path, "gap: the first band must start at 0 inclusive (min: 0, min_inclusive: true)")
    elif "max" in previous:
        high = Decimal(previous["max"])
        if low > high or (low == high and not band["min_inclusive"] and not previous.get("max_inclusive")):
            ctx.err(path, f"gap between {previous['id']} and {band['id']} at {plain_decimal(high)}")
        elif low < high or (band["min_inclusive"] and previous.get("max_inclusive")):
            ctx.err(path, f"overlap between {previous['id']} and {band['id']} at {plain_decimal(low)}")
    if has_max and Decimal(band["max"]) < low:
        ctx.err(path, "max is below min")
    if not has_max and not last:
        ctx.err(path, "only the last band may be open-ended (no max)")
    if last and has_max:
        ctx.err(path, f"gap: values above {band['max']} fall in no band (the last band has no max)")


def check_stages_used(ctx: Context) -> None:
    """A stage no route lists is never shown to anyone: almost always a forgotten reference."""
    used = {s for _, route in ctx.entries("routes") for s in route.get("stages") or []}
    for i, stage in ctx.entries("stages"):
        if stage.get("id") and stage["id"] not in used:
            ctx.err(f"stages[{i}].id", f"stage {stage['id']!r} is not used by any route")


def check_fallbacks(ctx: Context) -> None:
    """Routes and changes are chosen first-match: only the last may (and must) lack `when`."""
    for collection in ("routes", "changes"):
        if not isinstance(ctx.data.get(collection), list):
            continue  # missing or not a list: the walk reported it
        items = ctx.data[collection]
        if not items:
            ctx.err(collection, "at least one entry is needed (the last is the fallback)")
        for i, item in ctx.entries(collection):
            last = i == len(items) - 1
            if last and "when" in item:
                ctx.err(f"{collection}[{i}].when", "the last entry is the fallback and must not have `when`")
            if not last and "when" not in item:
                ctx.err(f"{collection}[{i}]", "only the last entry may omit `when` (later entries would never be chosen)")


def check_bodies(ctx: Context) -> None:
    """A stage names its body directly or through a table whose every band names one; a body's 职责 is
    tagged only with comparison aspects that exist."""
    for collection in ("stages", "changes"):
        for i, item in ctx.entries(collection):
            given = [k for k in ("body", "body_from") if k in item]
            if collection == "stages" and len(given) != 1:
                ctx.err(f"{collection}[{i}]", "give exactly one of body / body_from")
            elif len(given) == 2:
                ctx.err(f"{collection}[{i}]", "body and body_from exclude each other")
            table = ctx.tables.get(item.get("body_from"))
            if table and any(not b.get("body") for b in bands_of(table)):
                ctx.err(f"{collection}[{i}].body_from", f"every band of {table['id']} needs a body to be used here")
    for i, body in ctx.entries("bodies"):
        for j, duty in enumerate(body.get("duties") if isinstance(body.get("duties"), list) else []):
            for k, key in enumerate(duty.get("aspects") or [] if isinstance(duty, dict) else []):
                topic, _, aspect = str(key).partition(".")
                if aspect not in S.TOPICS.get(topic, ("", {}))[1]:
                    ctx.err(f"bodies[{i}].duties[{j}].aspects[{k}]", f"{key!r} is not a known topic.aspect")


def check_chains(ctx: Context) -> None:
    """A decision taken in steps ends with the body that takes it."""
    items = [(f"{kind}[{i}]", item) for kind in ("stages", "changes") for i, item in ctx.entries(kind)]
    items += [(f"thresholds[{i}].bands[{j}]", band) for i, table in ctx.entries("thresholds")
              for j, band in enumerate(table.get("bands") or []) if isinstance(band, dict)]
    for path, item in items:
        chain = [step for step in item.get("chain") or [] if isinstance(step, dict)]
        if chain and item.get("body") and chain[-1].get("body") != item["body"]:
            ctx.err(f"{path}.chain", f"the last step must be taken by {item['body']!r}, the body of this item")
        if chain and not item.get("body"):
            ctx.err(f"{path}.chain", "a chain needs `body` (the body of its last step)")


# The keys each kind of deadline reads; the others are an error (a `value` on 每年7月 would be ignored).
_DEADLINE_KEYS = {"duration": ("value", "unit"), "window": ("window", "unit"), "annual": ("month", "day"),
                  "month": ("month",), "half_year": (), "prior_year": ()}
_YEARLY = ("annual", "month", "prior_year")


def check_deadlines(ctx: Context) -> None:
    """Each kind of deadline has the keys it needs and no other, windows run forwards, a date is
    counted either after or before one origin, `after` chains end and follow the route's order, and
    the quote says the deadline: the words found there become its wording (`wording`)."""
    for i, item in ctx.entries("deadlines"):
        path, kind = f"deadlines[{i}]", item.get("kind")
        if kind not in _DEADLINE_KEYS:
            continue
        for key in sorted({k for keys in _DEADLINE_KEYS.values() for k in keys}):
            if key in item and key not in _DEADLINE_KEYS[kind]:
                ctx.err(f"{path}.{key}", f"not used by kind {kind} (it reads: {', '.join(_DEADLINE_KEYS[kind]) or 'nothing'})")
            elif key not in item and key in _DEADLINE_KEYS[kind]:
                ctx.err(f"{path}.{key}", f"required for kind {kind}")
        window = item.get("window")
        if kind == "window" and window is not None and ctx.clean(f"{path}.window") \
                and (len(window) != 2 or window[0] > window[1]):
            ctx.err(f"{path}.window", "expected [from, to] with from ≤ to")
        _origin(ctx, path, item)
        if ctx.clean(path):
            _wording(ctx, path, item)
    _after_cycles(ctx)
    _after_in_route_order(ctx)


def _origin(ctx: Context, path: str, item: dict) -> None:
    kind = item["kind"]
    if item.get("after") and item.get("before"):
        ctx.err(f"{path}.before", "a date is counted after one origin or before one, not both")
    if item.get("before") and kind not in _YEARLY:
        ctx.err(f"{path}.before", f"`before` is for dates fixed in the year ({', '.join(_YEARLY)}), not {kind}")
    if kind == "prior_year" and item.get("after"):
        ctx.err(f"{path}.after", "上一年度 precedes its origin: use `before`")
    if item.get("previous_year") and not item.get("before"):
        ctx.err(f"{path}.previous_year", "only with `before` (the year before the origin's year)")


def _wording(ctx: Context, path: str, item: dict) -> None:
    """Find the deadline in its quotes (whitespace ignored); the words found are what users read."""
    quotes = ["".join(c["quote"].split()) for c in item.get("cite") or [] if isinstance(c, dict) and c.get("quote")]
    pattern = _deadline_pattern(item)
    found = next((m.group(0) for q in quotes for m in [pattern.search(q)] if m), None)
    if found is None:
        words = "、".join(w for group in S.STRENGTH_WORDS[item["strength"]] for w in group)
        ctx.err(f"{path}.cite", f"no quote states this deadline ({_example(item)}; strength {item['strength']}: {words}); "
                                "quote the words that set it")
        return
    item["wording"] = found
    says_principle = any("原则上" in q for q in quotes)
    if item["in_principle"] != says_principle:
        ctx.err(f"{path}.in_principle", "the quote says 原则上" if says_principle else "the quote does not say 原则上")
    if item.get("previous_year") and not any(w in q for q in quotes for w in ("下一年度", "次年度", "上一年度")):
        ctx.err(f"{path}.previous_year", "the quote does not say 下一年度, 次年度 or 上一年度")


def _deadline_pattern(item: dict) -> re.Pattern:
    prefixes, suffixes = (("|".join(words) or "(?!)") for words in S.STRENGTH_WORDS[item["strength"]])
    kind = item["kind"]
    if kind in ("duration", "window", "half_year"):
        if kind == "half_year":
            amount = "半年"
        else:
            unit = {"日": "(?:日|天)", "工作日": "个?工作日"}.get(item["unit"], item["unit"])
            amount = (_number(item["value"]) if kind == "duration"
                      else f"{_number(item['window'][0])}(?:至|—|－|-|~|到){_number(item['window'][1])}") + unit
        return re.compile(f"(?:{prefixes}){amount}(?:{suffixes})?|{amount}(?:{suffixes})")
    if kind == "prior_year":
        return re.compile("上一年度")
    month = item["month"]
    if kind == "month":
        return re.compile(f"每年{_number(month)}月(?!底|[0-9一二三四五六七八九十])")
    point = f"(?:年底|{_number(12)}月底)" if month == 12 and item["day"] == "end" else \
        f"{_number(month)}月底" if item["day"] == "end" else f"{_number(month)}月{_number(int(item['day']))}日"
    return re.compile(f"每年{point}(?:{suffixes})")


def _number(n: int) -> str:
    """3 or 三, 12 or 十二: the texts write numbers both ways."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    chinese = digits[n] if n < 10 else ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "") \
        if n < 100 else str(n)
    return f"(?:{n}|{chinese})"


def _example(item: dict) -> str:
    kind = item["kind"]
    if kind == "duration":
        return f"e.g. {item['value']}{'个' if item['unit'] == '工作日' else ''}{item['unit']}内"
    if kind == "window":
        return f"e.g. {item['window'][0]}至{item['window'][1]}{item['unit']}内"
    return {"half_year": "半年内", "prior_year": "上一年度", "month": f"每年{item['month']}月"}.get(
        kind, f"每年{item['month']}月底前" if item.get("day") == "end" else f"每年{item['month']}月{item.get('day')}日前")


def _after_cycles(ctx: Context) -> None:
    after = {d["id"]: d.get("after") for _, d in ctx.entries("deadlines") if d.get("id")}
    for i, deadline in ctx.entries("deadlines"):
        start = deadline.get("id")
        seen, node = set(), start
        while node in after and node not in seen:
            seen.add(node)
            node = after[node]
        if start and node == start:
            ctx.err(f"deadlines[{i}].after", "`after` chain loops back to itself")


def _after_in_route_order(ctx: Context) -> None:
    """A deadline counted after another belongs to a stage no earlier in any route that has both
    (otherwise the schedule would date a step before the one it follows)."""
    stage_of = {d["id"]: d.get("stage") for _, d in ctx.entries("deadlines") if d.get("id")}
    for i, item in ctx.entries("deadlines"):
        mine, theirs = item.get("stage"), stage_of.get(item.get("after"))
        if not (mine and theirs):
            continue
        for _, route in ctx.entries("routes"):
            order = route.get("stages") or []
            if mine in order and theirs in order and order.index(theirs) > order.index(mine):
                ctx.err(f"deadlines[{i}].after", f"counts after {item['after']!r}, whose stage {theirs!r} comes later "
                                                 f"than {mine!r} in route {route.get('id')!r}")
                break


def check_provisions(ctx: Context) -> None:
    """Every topic.aspect of the comparison is covered by a provision or declared 未规定, each deadline is
    listed in exactly one row, and free text agrees with the structured rules (see `facts.py`)."""
    covered: set[str] = set()
    listed: dict[str, int] = {}
    referable = _referable_words(ctx)
    for i, item in ctx.entries("provisions"):
        topic, aspect, path = item.get("topic"), item.get("aspect"), f"provisions[{i}]"
        if topic is None or aspect is None:
            continue
        key = f"{topic}.{aspect}"
        if aspect not in S.TOPICS[topic][1]:
            ctx.err(f"{path}.aspect", f"{aspect!r} is not an aspect of {topic} ({', '.join(S.TOPICS[topic][1])})")
        if key in S.DERIVED_ASPECTS:
            ctx.err(f"{path}.aspect", f"{key} is generated from {S.DERIVED_ASPECTS[key]}; remove this provision")
        if not item.get("text") and not any(item.get(kind) for kind in ("deadlines", "thresholds", *_ITEM_KINDS)):
            ctx.err(path, "give `text` (with `cite`) or references: " + ", ".join(("deadlines", "thresholds", *_ITEM_KINDS)))
        if item.get("text") and not item.get("cite"):
            ctx.err(f"{path}.cite", "required with `text`")
        if item.get("deadlines") and topic != "deadlines":
            ctx.err(f"{path}.deadlines", "deadlines are listed under the topic `deadlines` only")
        for j, ident in enumerate(item.get("deadlines") or []):
            if ident in listed:
                ctx.err(f"{path}.deadlines[{j}]", f"deadline {ident!r} is already listed in provisions[{listed[ident]}]")
            listed.setdefault(ident, i)
        if item.get("text"):
            stated = _stated(ctx, item)
            elsewhere = {words: what for words, what in referable.items() if words not in stated}
            for message in (facts.text_conflicts(item["text"], ctx.data) + facts.repeated(item["text"], stated)
                            + facts.repeated(item["text"], elsewhere, referenced=False)):
                ctx.err(f"{path}.text", message)
        covered.add(key)
    for i, deadline in ctx.entries("deadlines"):
        if deadline.get("id") and deadline["id"] not in listed and ctx.clean("provisions"):
            ctx.err(f"deadlines[{i}].id", f"deadline {deadline['id']!r} is listed in no comparison row "
                                          "(add it to `deadlines:` of a provision with topic deadlines)")
    shown = {ident for _, p in ctx.entries("provisions") if p.get("topic") == "security" and isinstance(p.get("duties"), list)
             for ident in p["duties"] if isinstance(ident, str)}
    for i, duty in ctx.entries("duties"):
        if duty.get("topic") in SECURITY_DUTIES and duty.get("id") not in shown and ctx.clean("provisions"):
            ctx.err(f"duties[{i}].id", f"duty {duty.get('id')!r} ({duty['topic']}) is listed in no 安全与数据共享 row "
                                       "(add it to `duties:` of a provision with topic security)")
    _check_silence(ctx, covered)


# Duties of these topics are security rules: each is shown in a row of the 安全与数据共享 comparison.
SECURITY_DUTIES = ("security", "crypto", "classified", "data_sharing")

# Provision references worded from the item (besides deadlines and thresholds): where the items live.
_ITEM_KINDS = ("changes", "documents", "stages", "routes", "body_duties", "duties", "refusals", "exclusions")
_COLLECTION = {"body_duties": "bodies"}


def _exclusions(ctx: Context) -> dict[str, dict]:
    """scope.exclusions by id (a malformed scope is the walker's to report)."""
    scope = ctx.data.get("scope")
    found = scope.get("exclusions") if isinstance(scope, dict) else None
    return {x["id"]: x for x in found if isinstance(x, dict) and isinstance(x.get("id"), str)} if isinstance(found, list) else {}


def _items(ctx: Context, kind: str) -> dict[str, dict]:
    if kind == "exclusions":
        return _exclusions(ctx)
    return {x.get("id"): x for _, x in ctx.entries(_COLLECTION.get(kind, kind))}


def _own_words(item: dict) -> list[str]:
    """What an item says in its own words: its name, an exclusion's text, a body's 职责."""
    listed = item.get("duties") if isinstance(item.get("duties"), list) else []
    duties = [d.get("text") for d in listed if isinstance(d, dict)]
    return [w for w in (item.get("name"), item.get("text"), *duties) if isinstance(w, str) and len(w) >= facts.SHORTEST_NAME]


def _referable_words(ctx: Context) -> dict[str, str]:
    """The own words of every duty, refusal and exclusion of the file: free text that retypes one, even one
    its row does not reference, should reference it instead."""
    return {words: f"{kind} {ident!r}" for kind in ("duties", "refusals", "exclusions")
            for ident, item in _items(ctx, kind).items() for words in _own_words(item)}


def _stated(ctx: Context, provision: dict) -> dict[str, str]:
    """Words the items a provision references already state: their names and own words, and the bodies they name."""
    stated: dict[str, str] = {}
    bodies = {b.get("id"): b.get("name") for _, b in ctx.entries("bodies")}
    for kind in _ITEM_KINDS:
        items = _items(ctx, kind)
        for ident in provision.get(kind) or []:
            item = items.get(ident) or {} if isinstance(ident, str) else {}
            what = f"{kind} {ident!r}"
            stated.update({words: what for words in _own_words(item)})
            if kind == "body_duties":
                stated[item.get("name") or ""] = what
            bands = bands_of(ctx.tables.get(item.get("body_from") or "") or {})
            steps = [item, *(item.get("chain") or []), *bands, *(s for b in bands for s in b.get("chain") or [])]
            stated.update({bodies.get(s.get("body")) or "": what for s in steps if isinstance(s, dict)})
    stated.pop("", None)
    return stated


def _check_silence(ctx: Context, covered: set[str]) -> None:
    """未规定 is earned: an aspect declared silent has no provision, is not generated, and no article of the
    text uses the aspect's own words (e.g. 终止, 参照) without being cited for it."""
    silent = {key for key in ctx.data.get("not_specified") or [] if key}
    line = ctx.line("not_specified")
    for key in sorted(silent):
        topic, _, aspect = key.partition(".")
        if aspect not in S.TOPICS.get(topic, ("", {}))[1]:
            ctx.walker.err(line, "not_specified", f"{key!r} is not a known topic.aspect")
        elif key in covered:
            ctx.walker.err(line, "not_specified", f"{key} has provisions and cannot also be listed as 未规定")
        elif key in S.DERIVED_ASPECTS:
            ctx.walker.err(line, "not_specified", f"{key} is generated from {S.DERIVED_ASPECTS[key]}, never 未规定")
        else:
            for ident in facts.speaking_items(key, ctx.data):
                ctx.walker.err(line, "not_specified", f"{key} is listed as 未规定 but {facts.ASPECT_ITEMS[key][0]} "
                                                      f"{ident!r} models it; reference it in a provision")
            for number, word in facts.speaking_articles(key, ctx.source):
                ctx.walker.err(line, "not_specified", f"{key} is listed as 未规定 but 第{number}条 speaks of {word!r}; "
                                                      "cite it in a provision")
    if not ctx.clean("provisions") or not ctx.clean("not_specified"):
        return  # a broken item may be the missing one: don't guess
    for topic, (_, aspects) in S.TOPICS.items():
        for aspect in aspects:
            key = f"{topic}.{aspect}"
            if key not in covered and key not in silent and key not in S.DERIVED_ASPECTS:
                ctx.walker.err(line, "provisions", f"{key} is neither covered by a provision nor listed in not_specified")


def check_meta(ctx: Context) -> None:
    """Each date kind at most once; a fact attested by another regulation is quoted verbatim from it and is
    not also given as this text's own."""
    meta = ctx.data.get("meta") or {}
    seen: set[str] = set()
    for i, dated in enumerate(meta.get("dates") or []):
        if isinstance(dated, dict) and dated.get("kind") in seen:
            ctx.err(f"meta.dates[{i}].kind", f"{dated['kind']!r} is given twice")
        if isinstance(dated, dict):
            seen.add(dated.get("kind"))
    for i, item in enumerate(meta.get("attested") or []):
        if not isinstance(item, dict) or not ctx.clean(f"meta.attested[{i}]"):
            continue
        path = f"meta.attested[{i}]"
        if meta.get(item["fact"]) is not None:
            ctx.err(f"{path}.fact", f"{item['fact']} is given by this text itself; attest only what it lacks")
        if item["value"] not in item["quote"]:
            ctx.err(f"{path}.value", f"{item['value']!r} is not in the quote")
        if item["regulation"] == ctx.data.get("slug"):
            ctx.err(f"{path}.regulation", "must be another regulation")
        elif ctx.others is not None and item["regulation"] in ctx.others:
            source = ctx.others[item["regulation"]]
            article = source.article(item["article_no"])
            if article is None:
                ctx.err(f"{path}.article_no", f"{item['regulation']} 第{item['article_no']}条 does not exist")
            elif not article.contains(item["quote"]):
                ctx.err(f"{path}.quote", f"quote not found in {item['regulation']} 第{item['article_no']}条: {item['quote']!r}")


def check_slug(ctx: Context) -> None:
    path = Path(ctx.walker.file)
    # An earlier version, rules/<slug>/<valid_from>.yaml, takes its slug from its folder.
    expected = path.parent.name if re.fullmatch(r"\d{4}-\d{2}-\d{2}", path.stem) else path.stem
    if ctx.data.get("slug") and ctx.data["slug"] != expected:
        ctx.err("slug", f"{ctx.data['slug']!r} does not match the file name {expected!r}")


def check_validity(ctx: Context) -> None:
    """A version stops being in force after it starts, and says what replaced it."""
    start, end = ctx.data.get("valid_from"), ctx.data.get("valid_to")
    if start and end and end < start:
        ctx.err("valid_to", f"valid_to {end} is before valid_from {start}")
    if end and not ctx.data.get("superseded_by") and ctx.clean("superseded_by"):
        ctx.err("valid_to", "a version with valid_to must name what superseded it (superseded_by)")


def check_drafts(ctx: Context) -> None:
    """Candidates found by `calculator new` block the build until a maintainer has dealt with each."""
    kinds = {"threshold": "threshold", "period": "time limit"}
    for i, item in ctx.entries("drafts"):
        if item.get("confirmed") is False:
            article = (item.get("cite") or {}).get("article")
            ctx.err(f"drafts[{i}]", f"draft {kinds.get(item.get('kind'), 'item')} {item.get('text')!r} (第{article}条) "
                    "is not confirmed: write it into the rules, then delete this entry or set confirmed: true")


def check_not_operative(ctx: Context) -> None:
    """An article declared not operative exists, is declared once, and is not also cited by a rule."""
    cited = coverage.cited_articles({k: v for k, v in ctx.data.items() if k != "not_operative"})
    seen: dict[int, int] = {}
    for i, item in ctx.entries("not_operative"):
        number, path = item.get("article"), f"not_operative[{i}].article"
        if not isinstance(number, int):
            continue
        if number not in ctx.source.articles:
            ctx.err(path, f"第{number}条 does not exist (the text has {len(ctx.source.articles)} articles)")
        elif number in seen:
            ctx.err(path, f"第{number}条 is already declared not operative in not_operative[{seen[number]}]")
        elif number in cited:
            ctx.err(path, f"第{number}条 is cited by a rule, so it cannot also be declared not operative")
        seen.setdefault(number, i)
    if coverage.REQUIRE_FULL_COVERAGE and ctx.clean("not_operative"):
        for number in sorted(set(ctx.source.articles) - cited - set(seen)):
            ctx.err("not_operative", f"第{number}条 is neither cited by a rule nor declared in not_operative")


CHECKS: tuple[Callable[[Context], None], ...] = (
    collect_ids, check_references, check_citations, check_conditions, check_bands, check_stages_used,
    check_fallbacks, check_bodies, check_chains, check_deadlines, check_provisions, check_meta, check_not_operative, check_slug,
    check_validity, check_drafts)


def run_checks(walker: Walker, data: dict, source: Source, others: Mapping[str, Source] | None = None) -> None:
    """Run every check on one walked file; problems go to `walker.problems`."""
    ctx = Context(walker, data, source, others=others)
    for check in CHECKS:
        check(ctx)
