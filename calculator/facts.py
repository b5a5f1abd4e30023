"""Free text against the structured rules: one fact, one wording.

A comparison row may add free text where the rules have no structured model, but a deadline or an
amount it mentions is a fact the structured rules already hold; written twice, the two drift apart
("每年7月" becoming "7月底前", 半年 becoming 6个月, 不低于 dropped). So every number the text mentions is
looked up in the structured rules: the same value, the same unit, the same strength, or the build stops.

Free text beside referenced items (a change, document, stage or route) must not retype them either: their
names and the bodies they name are already in the cell (`repeated`); nor retype a duty, refusal or
exclusion the row does not reference — it references that item instead.

And “未规定” is a claim about the whole text: an aspect declared silent must not have an article that
uses the aspect's own words (终止, 补充合同 …) — such an article speaks to it and must be cited instead —
nor a structured item that models it (a change for 终止项目, a 密码 duty, a refusal of 运维经费: `ASPECT_ITEMS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator, Mapping

from .sources import Source

# Words that only a provision on the aspect would use; an article using one speaks to the aspect.
SILENCE_WORDS: dict[str, tuple[str, ...]] = {
    "scope.exclusions": ("参照本办法",),
    "procedure.special": ("一事一议",),
    "deadlines.construction": ("建设周期", "建设工期"),
    "changes.supplementary": ("补充合同",),
    "changes.termination": ("终止项目",),
    "security.crypto": ("密码",),
    "om_performance.post_evaluation": ("后评价", "自评价"),
}

# Structured items that are the rule on an aspect: (collection, field, value) — an item whose `field` is
# that value (a duty's topic) or whose condition asks for it (a change for change_type termination) speaks
# to the aspect, so the aspect cannot be 未规定.
ASPECT_ITEMS: dict[str, tuple[str, str, str]] = {
    "changes.supplementary": ("changes", "change_type", "supplementary"),
    "changes.termination": ("changes", "change_type", "termination"),
    "procedure.service": ("routes", "mode", "purchase_service"),
    "security.crypto": ("duties", "topic", "crypto"),
    "security.classified": ("duties", "topic", "classified"),
    "security.sharing": ("duties", "topic", "data_sharing"),
    "om_performance.om_budget": ("refusals", "outcome", "no_om_funding"),  # 不予安排运行维护经费 is a rule on it
}

_CLAUSE = re.compile(r"[；;，,。（）()]")
_AT_LEAST = ("不低于", "不少于")
_AT_MOST = ("不超过", "不得超过", "以内")
_MENTIONS = re.compile(
    r"每年(?P<month>\d{1,2})月(?P<end>底前|底|前)?|每年年底前|(?P<half>半年)"
    r"|(?P<a>\d+)(?:至|—|－|-|~)(?P<b>\d+)个月|(?<![—－\-~至\d])(?P<value>\d+)(?P<unit>个工作日|个月|日|天|年)(?!度|滚动|整合)"
    r"|(?P<amount>\d+(?:\.\d+)?)(?P<amount_unit>万元|%)")


@dataclass(frozen=True)
class Mention:
    """A deadline or amount as a sentence of free text words it, with the words of its own clause."""
    words: str
    clause: str
    match: re.Match
    limit: bool  # followed by 内 (within)
    after_pass: bool  # preceded by 经 (经3个月试运行: a minimum)


def mentions(text: str) -> Iterator[Mention]:
    for m in _MENTIONS.finditer(text):
        start = max((c.end() for c in _CLAUSE.finditer(text, 0, m.start())), default=0)
        stop = _CLAUSE.search(text, m.end())
        yield Mention(m.group(0), text[start:stop.start() if stop else len(text)], m, text[m.end():m.end() + 1] == "内",
                      text[max(m.start() - 1, 0):m.start()] == "经")


def text_conflicts(text: str, data: Mapping[str, Any]) -> list[str]:
    """What in `text` disagrees with the structured rules of its regulation (empty: nothing)."""
    out = []
    for mention in mentions(text):
        if mention.match.group("amount"):
            problem = _amount_problem(mention, data.get("thresholds") or [])
        else:
            problem = _deadline_problem(mention, [d for d in data.get("deadlines") or [] if isinstance(d, dict)])
        if problem:
            out.append(problem)
    return out


def _amount_problem(mention: Mention, tables: list) -> str | None:
    m = mention.match
    value, unit = Decimal(m.group("amount")), m.group("amount_unit")
    bounds = {Decimal(str(b[k])) for t in tables if isinstance(t, dict) and t.get("unit") == unit
              for b in t.get("bands") or [] if isinstance(b, dict) for k in ("min", "max") if b.get(k) is not None}
    if value not in bounds:
        return f"{mention.words!r} is not a bound of any threshold table in {unit} (a fact the tables must hold first)"
    return None


def _candidates(m: re.Match, deadlines: list[dict]) -> list[dict]:
    if m.group("month") or m.group(0) == "每年年底前":
        month = int(m.group("month") or 12)
        return [d for d in deadlines if d.get("kind") in ("annual", "month") and d.get("month") == month]
    if m.group("half"):
        return [d for d in deadlines if "半年" in (d.get("wording") or "") or (d.get("value"), d.get("unit")) == (6, "个月")]
    if m.group("a"):
        return [d for d in deadlines if d.get("kind") == "window" and d.get("window") == [int(m.group("a")), int(m.group("b"))]]
    unit = {"个工作日": "工作日", "天": "日"}.get(m.group("unit"), m.group("unit"))
    return [d for d in deadlines if d.get("kind") == "duration" and (d.get("value"), d.get("unit")) == (int(m.group("value")), unit)]


def _deadline_problem(mention: Mention, deadlines: list[dict]) -> str | None:
    found = _candidates(mention.match, deadlines)
    if not found:
        return f"{mention.words!r} matches no deadline of this regulation (add the deadline first, or reword)"
    disagreements = [why for d in found if (why := _disagreement(mention, d))]
    if len(disagreements) == len(found):
        return f"{mention.words!r} disagrees with the deadline {found[0].get('id')!r}: {disagreements[0]}"
    return None


def _disagreement(mention: Mention, d: dict) -> str | None:
    """Why the wording of `mention` is not the wording of deadline `d`, or None when it is."""
    m, clause, wording = mention.match, mention.clause, d.get("wording") or ""
    if m.group("month"):
        says_end = (m.group("end") or "").startswith("底")
        keeps_end = "底" in wording if wording else (d.get("day") or "end") == "end"
        if says_end != keeps_end:
            return f"the rules word it {wording or '每年' + str(d.get('month')) + '月底前'!r}"
    if "半年" in wording and not m.group("half"):
        return "the text says 半年, not a number of months"
    strength = ("at_least" if mention.after_pass or any(w in clause for w in _AT_LEAST)
                else "at_most" if mention.limit or any(w in clause for w in _AT_MOST) else None)
    if d.get("strength") == "at_least" and strength != "at_least":
        return "it is a minimum (不低于/不少于) and the text must say so"
    if strength and strength != d.get("strength"):
        return f"the text says {'a minimum' if strength == 'at_least' else 'a limit'}, the rules {d.get('strength')}"
    if bool(d.get("in_principle")) != ("原则上" in clause):
        return "原则上 must be said exactly where the rules say it" if d.get("in_principle") else "the rules have no 原则上 here"
    return None


def speaking_articles(key: str, source: Source) -> Iterator[tuple[int, str]]:
    """(article number, word) for each article whose text uses a word of aspect `key` (see SILENCE_WORDS)."""
    for word in SILENCE_WORDS.get(key, ()):
        for number, article in sorted(source.articles.items()):
            if word in article.flat:
                yield number, word


def _asks(cond: Any, field: str, value: str) -> bool:
    """The condition requires `value` of `field` somewhere outside a `not`."""
    if not isinstance(cond, dict):
        return False
    if any(_asks(sub, field, value) for key in ("all", "any") for sub in cond.get(key) or []):
        return True
    return cond.get("field") == field and value in (cond.get("in") or [])


def speaking_items(key: str, data: Mapping[str, Any]) -> Iterator[str]:
    """The ids of structured items that model aspect `key` (see ASPECT_ITEMS)."""
    if key not in ASPECT_ITEMS:
        return
    collection, field, value = ASPECT_ITEMS[key]
    for item in data.get(collection) or []:
        if isinstance(item, dict) and (item.get(field) == value or _asks(item.get("when"), field, value)):
            yield item.get("id")


SHORTEST_NAME = 4  # an item name shorter than this (试运行, 自评价) is an ordinary word, not a retyped name


def repeated(text: str, stated: Mapping[str, str], referenced: bool = True) -> list[str]:
    """What of `stated` (words -> what they are) free text retypes: a referenced item's name or a body it
    already names, or (`referenced` false) the words of an item the row should reference instead. Longest
    words first, so a body named inside a longer name is reported once."""
    out, rest = [], text
    for words in sorted(stated, key=len, reverse=True):
        if words in rest:
            out.append(f"repeats {words!r}, already stated by {stated[words]}; the text says only what no item holds"
                       if referenced else f"repeats {words!r}, the words of {stated[words]}; reference it instead")
            rest = rest.replace(words, "\0")
    return out
