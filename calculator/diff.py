"""What an edit of the rules changes for applicants, in Chinese.

Two compiled versions of a regulation are compared collection by collection (items matched by
id) and every difference is sorted into one of three kinds:
- ANSWER: the calculator may answer differently — a boundary moved, a stage, body, document,
  deadline, duty, refusal or procedure added, removed or changed, a condition rewritten;
- CITATION: only the articles or quotes an item cites changed;
- WORDING: only text a reader sees changed (names, summaries, comparison entries, notes).
A moved boundary is described by the amounts that changed hands: every stretch of amounts whose
band (and so whose deciding body) differs between the two versions is named with its limits.
The scenario suite then shows what the edit does to concrete projects (`diff_scenarios`).
Build-time only (it compiles YAML).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, Callable, Mapping

from . import conditions as C
from . import versions
from .fields import plain_decimal
from .sources import to_chinese
from .schedule import deadline_text
from .wording_items import chain_text

ANSWER, CITATION, WORDING = "answer", "citation", "wording"
KIND_LABELS = {ANSWER: "影响结论的变更", CITATION: "仅依据（条文引用）变更", WORDING: "仅文字变更"}

Item = Mapping[str, Any]


@dataclass(frozen=True)
class Change:
    kind: str
    text: str


# Collection -> what an item of it is called.
COLLECTIONS = {
    "bodies": "机构", "documents": "材料", "stages": "环节", "routes": "流程", "deadlines": "时限",
    "duties": "义务", "changes": "变更程序", "refusals": "不予立项等情形", "thresholds": "门槛表",
    "ambiguities": "歧义说明",
}
# Keys whose change alters only what a reader sees.
TEXT_KEYS = {"name", "label", "text", "contents", "summary", "reading", "exception", "trigger", "wording",
             "procedure", "title", "short_name", "duties", "ambiguity"}
# Collections that are only read, never evaluated.
READ_ONLY = {"ambiguities"}
KEY_LABELS = {
    "body": "决定机构", "body_from": "按金额确定机构", "action": "办理事项", "documents": "材料", "chain": "决定步骤",
    "when": "适用条件", "stages": "环节", "duties": "职责", "topic": "类别", "outcome": "结果",
    "in_principle": "是否“原则上”", "concurrent": "是否同时办理", "party": "受约束机构", "after": "起算点",
    "stage": "所属环节", "field": "所依字段", "unit": "单位", "name": "名称", "label": "说明", "text": "文字",
    "contents": "内容", "reading": "采用的理解", "exception": "例外", "procedure": "程序", "trigger": "起算事由",
    "wording": "原文说法", "ambiguity": "歧义说明", "kind": "类型", "value": "数值", "window": "区间", "month": "月份",
    "day": "日", "strength": "强弱", "aspect": "方面",
}
BAND_DECIDES = {"min", "max", "min_inclusive", "max_inclusive", "body", "chain"}
# What a deadline's value is made of (its trigger included: it decides when the clock starts); how the
# text words it (`wording`) is only read.
DEADLINE_KEYS = {"kind", "value", "window", "unit", "month", "day", "strength", "in_principle", "trigger"}


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every difference between two compiled versions of one regulation, answers first."""
    ctx = _Pair(old, new)
    changes = _validity(old, new) + _scope(ctx)
    for collection, noun in COLLECTIONS.items():
        changes += _collection(ctx, collection, noun)
    changes += _read_only(old, new) + _history(old, new)
    order = (ANSWER, CITATION, WORDING)
    return sorted(changes, key=lambda c: order.index(c.kind))


def as_json(changes: list[Change]) -> list[dict[str, str]]:
    return [asdict(c) for c in changes]


class _Pair:
    """Both versions, with what is needed to name an id or say a condition on either side."""

    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]):
        self.old, self.new = old, new
        self.tables = ({t["id"]: t for t in old["thresholds"]}, {t["id"]: t for t in new["thresholds"]})

    def name(self, collection: str, ident: str, side: int) -> str:
        data = (self.old, self.new)[side]
        item = next((i for i in data.get(collection, []) if i.get("id") == ident), None)
        return (item.get("name") or ident) if item else ident

    def condition(self, cond: Any, side: int) -> str:
        return C.describe(cond, self.tables[side]) if cond else "始终适用"


def _strip(value: Any) -> Any:
    """The value without its citations: what decides an answer."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("cite", "ambiguity")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _cites(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [value.get("cite")] + [c for k, v in value.items() if k != "cite" for c in _cites(v)]
    if isinstance(value, list):
        return [c for v in value for c in _cites(v)]
    return []


def _validity(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    out = []
    for key, label in (("valid_from", "施行日期"), ("valid_to", "失效日期")):
        if old.get(key) != new.get(key):
            out.append(Change(ANSWER, f"{label}由{old.get(key) or '未载明'}改为{new.get(key) or '未载明'}"
                                      "（决定项目适用哪一版本）"))
    if _strip(old["meta"]) != _strip(new["meta"]):
        keys = [k for k in new["meta"] if _strip(old["meta"].get(k)) != _strip(new["meta"].get(k))]
        out.append(Change(WORDING, f"发文信息变更：{'、'.join(keys) or '（删除字段）'}"))
    return out


def _scope(ctx: _Pair) -> list[Change]:
    old, new = ctx.old["scope"], ctx.new["scope"]
    out = []
    if _strip(old["applies_when"]) != _strip(new["applies_when"]):
        out.append(Change(ANSWER, f"适用范围：由“{ctx.condition(old['applies_when'], 0)}”改为"
                                  f"“{ctx.condition(new['applies_when'], 1)}”"))
    elif old["cite"] != new["cite"]:
        out.append(Change(CITATION, f"适用范围的依据由{_articles(old['cite'])}改为{_articles(new['cite'])}"))
    if old["summary"] != new["summary"]:
        out.append(Change(WORDING, f"适用范围说明由“{old['summary']}”改为“{new['summary']}”"))
    pair = _Pair({**ctx.old, "exclusions": old["exclusions"]}, {**ctx.new, "exclusions": new["exclusions"]})
    return out + _collection(pair, "exclusions", "排除与参照情形")


def _collection(ctx: _Pair, collection: str, noun: str) -> list[Change]:
    old = {i["id"]: i for i in ctx.old.get(collection, [])}
    new = {i["id"]: i for i in ctx.new.get(collection, [])}
    kind = WORDING if collection in READ_ONLY else ANSWER
    out = [Change(kind, f"新增{noun}“{_title(i)}”（{_articles(i.get('cite'))}）") for k, i in new.items() if k not in old]
    out += [Change(kind, f"删除{noun}“{_title(i)}”") for k, i in old.items() if k not in new]
    for ident in (k for k in new if k in old):
        out += _item(ctx, collection, noun, old[ident], new[ident])
    if [k for k in old if k in new] != [k for k in new if k in old] and collection in ("routes", "changes", "refusals"):
        out.append(Change(ANSWER, f"{noun}的判断顺序改变：{'、'.join(_title(new[k]) for k in new if k in old)}"))
    return out


def _item(ctx: _Pair, collection: str, noun: str, old: Item, new: Item) -> list[Change]:
    what = f"{noun}“{_title(new)}”"
    if collection == "thresholds":
        return _threshold(ctx, what, old, new)
    if collection == "deadlines" and deadline_text(old) != deadline_text(new):
        rest = _item(ctx, "", noun, {k: v for k, v in old.items() if k not in DEADLINE_KEYS},
                     {k: v for k, v in new.items() if k not in DEADLINE_KEYS})
        return [Change(ANSWER, f"{what}：由“{deadline_text(old)}”改为“{deadline_text(new)}”")] + rest
    keys = [k for k in dict.fromkeys([*old, *new]) if k not in ("id", "cite") and _strip(old.get(k)) != _strip(new.get(k))]
    answer = [k for k in keys if k not in TEXT_KEYS and collection not in READ_ONLY]
    out = []
    if answer:
        out.append(Change(ANSWER, f"{what}：" + "；".join(_key_change(ctx, k, old.get(k), new.get(k)) for k in answer)))
    wording = [k for k in keys if k not in answer]
    if wording:
        out.append(Change(WORDING, f"{what}：" + "；".join(_key_change(ctx, k, old.get(k), new.get(k)) for k in wording)))
    if not keys and _cites(old) != _cites(new):
        before, after = _articles(_flat(_cites(old))), _articles(_flat(_cites(new)))
        out.append(Change(CITATION, f"{what}的依据由{before}改为{after}" if before != after
                          else f"{what}的依据摘句有改动（{after}）"))
    return out


def _key_change(ctx: _Pair, key: str, old: Any, new: Any) -> str:
    label = KEY_LABELS.get(key, key)
    if key in ("documents", "stages", "duties") and isinstance(old, list) and isinstance(new, list):
        collection = {"duties": "bodies"}.get(key, key)
        if key == "duties":
            return f"{label}由“{'；'.join(d['text'] for d in old)}”改为“{'；'.join(d['text'] for d in new)}”"
        return f"{label}{_list_change(ctx, collection, old, new)}"
    render = _RENDER.get(key, lambda c, v, s: _plain(v))
    return f"{label}由“{render(ctx, old, 0)}”改为“{render(ctx, new, 1)}”"


def _list_change(ctx: _Pair, collection: str, old: list[str], new: list[str]) -> str:
    """'增加“技术复核”（在“第三方评估与技术审查”之后）；删除“…”', or the new order when only the order changed."""
    added = [f"“{ctx.name(collection, i, 1)}”" + (f"（在“{ctx.name(collection, new[n - 1], 1)}”之后）"
                                                   if collection == "stages" and n else "")
             for n, i in enumerate(new) if i not in old]
    removed = [f"“{ctx.name(collection, i, 0)}”" for i in old if i not in new]
    parts = ([f"增加{'、'.join(added)}"] if added else []) + ([f"删除{'、'.join(removed)}"] if removed else [])
    return "：" + "；".join(parts) if parts else f"顺序改为“{_names(ctx, collection, new, 1)}”"


def _names(ctx: _Pair, collection: str, ids: list[str], side: int) -> str:
    sep = " → " if collection == "stages" else "、"
    return sep.join(ctx.name(collection, i, side) for i in ids) or "无"


def _chain(ctx: _Pair, steps: Any, side: int) -> str:
    return chain_text((ctx.name("bodies", s["body"], side), s["action"]) for s in steps or []) or "无"


_RENDER: dict[str, Callable[[_Pair, Any, int], str]] = {
    "body": lambda c, v, s: c.name("bodies", v, s) if v else "无",
    "party": lambda c, v, s: c.name("bodies", v, s) if v else "项目单位",
    "body_from": lambda c, v, s: c.name("thresholds", v, s) if v else "无",
    "stage": lambda c, v, s: c.name("stages", v, s) if v else "无",
    "when": lambda c, v, s: c.condition(v, s),
    "chain": _chain,
}


def _plain(value: Any) -> str:
    if value is None:
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value)
    return str(value)


def _title(item: Item) -> str:
    return str(item.get("name") or item.get("text") or item.get("id"))


def _flat(cites: list[Any]) -> list[dict[str, Any]]:
    out = []
    for c in cites:
        out += c if isinstance(c, list) else ([c] if c else [])
    return out


def _articles(cite: Any) -> str:
    numbers = list(dict.fromkeys(c["article"] for c in _flat([cite])))
    return "、".join("印发通知" if n == 0 else f"第{to_chinese(n)}条" for n in numbers) if numbers else "无"


def _history(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Earlier versions added, removed or edited: they decide the answer for projects dated then."""
    before = {v["valid_from"]: v for v in old.get("history", [])}
    after = {v["valid_from"]: v for v in new.get("history", [])}
    out = [Change(ANSWER, f"新增早期版本：{versions.describe(v)}") for k, v in after.items() if k not in before]
    out += [Change(ANSWER, f"删除早期版本：{versions.describe(v)}") for k, v in before.items() if k not in after]
    for key in (k for k in after if k in before):
        for change in compare(before[key], after[key]):
            out.append(Change(change.kind, f"早期版本（{key}起施行）：{change.text}"))
    return out


def _read_only(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    out = []
    for key, label in (("provisions", "对比条目"), ("not_specified", "未规定事项"), ("not_operative", "不具操作性的条文")):
        if old.get(key, []) != new.get(key, []):
            out.append(Change(WORDING, f"{label}有改动（{len(old.get(key, []))}项 → {len(new.get(key, []))}项）"))
    return out


# --- thresholds: which amounts changed hands --------------------------------------------------------

def _threshold(ctx: _Pair, what: str, old: Item, new: Item) -> list[Change]:
    out = []
    moved = _moved(ctx, old, new)
    if moved:
        out.append(Change(ANSWER, f"{what}的分界改变：" + "；".join(moved)))
    # Boundaries, bodies and chains of the bands are what `_moved` compares; what is left of a band
    # is its label and citations.
    old_bands, new_bands = ({b["id"]: _without(b, BAND_DECIDES) for b in t["bands"]} for t in (old, new))
    for ident in (k for k in new_bands if k in old_bands):
        out += _item(ctx, "bands", f"{what}的区间", old_bands[ident], new_bands[ident])
    return out + _item(ctx, "", "门槛表", _without(old, {"bands"}), _without(new, {"bands"}))


def _without(item: Item, keys: set[str]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in keys}


def _moved(ctx: _Pair, old: Item, new: Item) -> list[str]:
    """Each stretch of amounts that falls in a different band (or under a different body) now."""
    unit = new["unit"]
    stretches: list[list[Any]] = []  # [lo, lo_inclusive, hi, hi_inclusive, old band, new band]
    for lo, lo_inc, hi, hi_inc, sample in _pieces(old, new):
        before, after = C.band_for(old, sample), C.band_for(new, sample)
        if _same_band(before, after):
            continue
        last = stretches[-1] if stretches else None
        if last and last[2] == lo and last[3] != lo_inc and last[4] is before and last[5] is after:
            last[2:4] = [hi, hi_inc]
        else:
            stretches.append([lo, lo_inc, hi, hi_inc, before, after])
    return [f"{_stretch(lo, li, hi, hi_i, unit)}的项目由“{_band(ctx, b, 0)}”改归“{_band(ctx, a, 1)}”"
            for lo, li, hi, hi_i, b, a in stretches]


def _pieces(old: Item, new: Item) -> list[tuple[Decimal, bool, Decimal | None, bool, Decimal]]:
    """The amounts cut at every boundary of either table: each boundary itself, each open stretch
    between two boundaries, and the stretch above the last; with a sample amount of each."""
    points = sorted({Decimal(b[k]) for t in (old, new) for b in t["bands"] for k in ("min", "max") if b.get(k) is not None})
    pieces = []
    for i, p in enumerate(points):
        pieces.append((p, True, p, True, p))
        following = points[i + 1] if i + 1 < len(points) else None
        sample = (p + following) / 2 if following is not None else p + 1
        pieces.append((p, False, following, False, sample))
    return pieces


def _same_band(before: Item | None, after: Item | None) -> bool:
    if before is None or after is None:
        return before is after
    return before["id"] == after["id"] and before.get("body") == after.get("body") and \
        _strip(before.get("chain")) == _strip(after.get("chain"))


def _band(ctx: _Pair, band: Item | None, side: int) -> str:
    if band is None:
        return "无对应区间"
    body = f"，{ctx.name('bodies', band['body'], side)}决定" if band.get("body") else ""
    return f"{band['label']}{body}"


def _stretch(lo: Decimal, lo_inc: bool, hi: Decimal | None, hi_inc: bool, unit: str) -> str:
    if hi == lo:
        return f"恰为{plain_decimal(lo)}{unit}"
    low = f"{'不低于' if lo_inc else '超过'}{plain_decimal(lo)}{unit}"
    return low if hi is None else f"{low}、{'不超过' if hi_inc else '不足'}{plain_decimal(hi)}{unit}"
