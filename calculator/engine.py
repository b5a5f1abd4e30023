"""Evaluate a project (or a proposed change) against one regulation, or against all of them.

Results are plain JSON-ready dicts so that every front end (CLI, site build, browser worker)
renders the very same structure, and CPython and Pyodide results can be compared byte for byte.
Every line of a result carries the citations that justify it.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Mapping

from . import conditions as C
from . import dates
from .fields import BY_NAME, ORIGINS, InputError, input_fields, jsonable, plain_decimal
from .rulebook import Regulation, Rulebook
from .schema import DUTY_TOPICS, OUTCOMES, STRENGTHS

WORKDAY_NOTE = "“工作日”按周一至周五推算，未扣除法定节假日及调休，请以当年放假安排为准。"
PLAN_NOTE = "日期按各环节用满时限推算，仅供排期参考；实际以批复、公示等事项的实际日期起算。"


# --- input -------------------------------------------------------------------------------------

def parse_input(raw: Mapping[str, Any], group: str = "project") -> dict[str, Any]:
    """Validated facts with defaults filled in; unknown keys are refused, not ignored."""
    if not isinstance(raw, Mapping):
        raise InputError("(input)", "输入应为字段名到取值的映射", "input must be a mapping of field names to values")
    fields = input_fields(group)
    allowed = {f.name for f in fields}
    for key in raw:
        if key not in allowed:
            raise InputError(str(key), f"未知字段“{key}”", f"unknown field {key!r}")
    facts = {f.name: f.parse(raw.get(f.name)) for f in fields}
    if facts.get("investment") is None:
        raise InputError("investment", "请填写“项目总投资（万元）”", "total investment (10k yuan) is required")
    return facts


def _facts_json(facts: Mapping[str, Any]) -> dict[str, Any]:
    return {k: jsonable(v) for k, v in facts.items() if v is not None}


# --- citations and trace -----------------------------------------------------------------------

class _Explainer:
    """Collects the trace of one evaluation and turns raw cites into linkable citations."""

    def __init__(self, reg: Regulation):
        self.reg = reg
        self.trace: list[dict[str, Any]] = []
        self.ambiguity_ids: list[str] = []

    def cites(self, *groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out, seen = [], set()
        for group in groups:
            for cite in group or []:
                key = (cite["article"], cite["quote"])
                if key in seen:
                    continue
                seen.add(key)
                out.append({"regulation": self.reg.slug, "article": cite["article"],
                            "label": self.reg.article_label(cite["article"]), "quote": cite["quote"],
                            "anchor": f"art-{cite['article']}"})
        return out

    def line(self, text: str, *groups: list[dict[str, Any]]) -> dict[str, Any]:
        entry = {"text": text, "cites": self.cites(*groups)}
        self.trace.append(entry)
        return entry

    def note_ambiguity(self, item: Mapping[str, Any]) -> None:
        ref = item.get("ambiguity")
        if ref and ref not in self.ambiguity_ids:
            self.ambiguity_ids.append(ref)


def _condition_cites(reg: Regulation, cond: Any, facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [c for band in C.bands_used(cond, facts, reg.tables) for c in band["cite"]]


# --- applicability -----------------------------------------------------------------------------

def _applicability(reg: Regulation, facts: Mapping[str, Any], ex: _Explainer) -> dict[str, Any]:
    scope = reg.data["scope"]
    for exclusion in scope["exclusions"]:
        if C.holds(exclusion["when"], facts, reg.tables):
            outcome = exclusion["outcome"]
            status = "by_analogy" if outcome == "by_analogy" else "not_applicable"
            entry = ex.line(f"{OUTCOMES[outcome]}：{exclusion['text']}", exclusion["cite"],
                            _condition_cites(reg, exclusion["when"], facts))
            return {"status": status, "label": OUTCOMES[outcome], "reason": entry["text"], "cites": entry["cites"]}
    cond = scope["applies_when"]
    for band in C.bands_used(cond, facts, reg.tables):
        ex.note_ambiguity(band)
    if C.holds(cond, facts, reg.tables):
        entry = ex.line(f"适用本办法：{scope['summary']}（本项目满足：{C.describe(cond, reg.tables)}）",
                        scope["cite"], _condition_cites(reg, cond, facts))
        return {"status": "applies", "label": "适用本办法", "reason": entry["text"], "cites": entry["cites"]}
    entry = ex.line(f"不适用本办法：本办法适用于{scope['summary']}；本项目不满足“{C.describe(cond, reg.tables)}”",
                    scope["cite"], _condition_cites(reg, cond, facts))
    return {"status": "not_applicable", "label": "不适用本办法", "reason": entry["text"], "cites": entry["cites"]}


# --- bodies, stages, deadlines -----------------------------------------------------------------

def _body(reg: Regulation, item: Mapping[str, Any], facts: Mapping[str, Any],
          ex: _Explainer) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The deciding body of a stage or change, and the band cites when it depends on an amount."""
    if item.get("body"):
        body = reg.bodies[item["body"]]
        return {"id": body["id"], "name": body["name"]}, []
    if item.get("body_from"):
        table = reg.tables[item["body_from"]]
        value = facts.get(table["field"])
        band = C.band_for(table, value) if value is not None else None
        if band is None:
            label = BY_NAME[table["field"]].label
            return {"id": None, "name": f"需填写“{label}”后确定"}, []
        ex.note_ambiguity(band)
        body = reg.bodies[band["body"]]
        return {"id": body["id"], "name": body["name"], "band": band["label"]}, band["cite"]
    return None, []


def _deadline_text(d: Mapping[str, Any]) -> str:
    principle = "原则上" if d["in_principle"] else ""
    if d["kind"] == "annual":
        return principle + dates.annual_text(d["month"], d.get("day"))
    if d["kind"] == "window":
        return f"{d['trigger']}{principle}{d['window'][0]}至{d['window'][1]}{d['unit']}内"
    amount = dates.period(d["value"], d["unit"])
    wording = {"at_most": f"{amount}内", "at_least": f"不少于{amount}", "exactly": amount}[d["strength"]]
    return f"{d['trigger']}{principle}{wording}"


class _Schedule:
    """Computes deadline dates by following `after` chains from the start date."""

    def __init__(self, reg: Regulation, active: dict[str, Mapping[str, Any]], facts: Mapping[str, Any]):
        self.reg, self.active = reg, active
        self.origins = {name: facts.get(field) for name, field in ORIGINS.items()}
        self.cache: dict[str, tuple[dt.date, dt.date] | None] = {}

    def span(self, ident: str) -> tuple[dt.date, dt.date] | None:
        if ident not in self.cache:
            self.cache[ident] = None  # guards against cycles the validator already rejects
            self.cache[ident] = self._compute(self.active[ident])
        return self.cache[ident]

    def _origin(self, d: Mapping[str, Any]) -> dt.date | None:
        after = d.get("after")
        if after in self.origins:
            return self.origins[after]
        if after not in self.active:
            return None
        previous = self.span(after)
        return previous[1] if previous else None

    def _compute(self, d: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
        origin = self._origin(d)
        if origin is None:
            return None
        if d["kind"] == "annual":
            day = dates.annual(origin, d["month"], d.get("day") or "end")
            return day, day
        if d["kind"] == "window":
            low, high = d["window"]
            return dates.add(origin, low, d["unit"]), dates.add(origin, high, d["unit"])
        day = dates.add(origin, d["value"], d["unit"])
        return day, day


def _deadlines(reg: Regulation, facts: Mapping[str, Any], stage_ids: list[str], ex: _Explainer) -> list[dict[str, Any]]:
    active = {}
    for d in reg.data["deadlines"]:
        if d.get("stage") and d["stage"] not in stage_ids:
            continue
        if C.holds(d.get("when"), facts, reg.tables):
            active[d["id"]] = d
            ex.note_ambiguity(d)
    schedule = _Schedule(reg, active, facts)
    out = []
    for d in active.values():
        span = schedule.span(d["id"])
        text = _deadline_text(d)
        item = {
            "id": d["id"], "name": d["name"], "text": text, "kind": d["kind"], "strength": d["strength"],
            "strength_label": STRENGTHS[d["strength"]], "in_principle": d["in_principle"],
            "trigger": d["trigger"], "stage": d.get("stage"), "unit": d.get("unit"),
            "date": None, "date_from": None, "date_to": None,
            "cites": ex.cites(d["cite"]),
        }
        if span:
            item["date_from"], item["date_to"] = span[0].isoformat(), span[1].isoformat()
            item["date"] = item["date_from"] if span[0] == span[1] else f"{item['date_from']}/{item['date_to']}"
        ex.line(f"时限：{d['name']}——{text}" + (f"（推算：{item['date']}）" if item["date"] else ""), d["cite"])
        out.append(item)
    return out


def _stages(reg: Regulation, route: Mapping[str, Any], facts: Mapping[str, Any], ex: _Explainer) -> list[dict[str, Any]]:
    out = []
    for stage_id in route["stages"]:
        stage = reg.stages[stage_id]
        if not C.holds(stage.get("when"), facts, reg.tables):
            ex.line(f"环节“{stage['name']}”不适用：需{C.describe(stage['when'], reg.tables)}", stage["cite"])
            continue
        ex.note_ambiguity(stage)
        body, band_cites = _body(reg, stage, facts, ex)
        documents = [{"id": d, "name": reg.documents[d]["name"], "contents": reg.documents[d].get("contents"),
                      "cites": ex.cites(reg.documents[d]["cite"])} for d in stage.get("documents", [])]
        why = ex.line(f"{stage['name']}：由{body['name'] if body else '项目单位'}{stage['action']}",
                      stage["cite"], band_cites, _condition_cites(reg, stage.get("when"), facts))
        out.append({"id": stage["id"], "name": stage["name"], "action": stage["action"], "body": body,
                     "documents": documents, "deadlines": [], "why": why["text"], "cites": why["cites"]})
    return out


def _duties(reg: Regulation, facts: Mapping[str, Any], ex: _Explainer) -> list[dict[str, Any]]:
    out = []
    for duty in reg.data["duties"]:
        if not C.holds(duty.get("when"), facts, reg.tables):
            continue
        ex.note_ambiguity(duty)
        for band in C.bands_used(duty.get("when"), facts, reg.tables):
            ex.note_ambiguity(band)
        body = reg.bodies[duty["body"]]["name"] if duty.get("body") else None
        reason = f"（因{C.describe(duty['when'], reg.tables)}）" if duty.get("when") else ""
        why = ex.line(f"义务：{duty['name']}{reason}", duty["cite"], _condition_cites(reg, duty.get("when"), facts))
        out.append({"id": duty["id"], "topic": duty["topic"], "topic_label": DUTY_TOPICS[duty["topic"]],
                    "name": duty["name"], "body": body, "why": why["text"], "cites": why["cites"]})
    return out


def _choose(reg: Regulation, items: list[Mapping[str, Any]], facts: Mapping[str, Any], ex: _Explainer,
            what: str) -> tuple[Mapping[str, Any], dict[str, Any]]:
    """First entry whose condition holds (and its trace line); the last one always holds."""
    for item in items:
        cond = item.get("when")
        if C.holds(cond, facts, reg.tables):
            for band in C.bands_used(cond, facts, reg.tables):
                ex.note_ambiguity(band)
            ex.note_ambiguity(item)
            reason = f"因{C.describe(cond, reg.tables)}，" if cond else "未命中其他情形，"
            why = ex.line(f"{what}：{reason}适用“{item['name']}”", item["cite"], _condition_cites(reg, cond, facts))
            return item, why
    raise AssertionError("validated rules always end with an unconditional entry")


def _ambiguities(reg: Regulation, facts: Mapping[str, Any], ex: _Explainer) -> list[dict[str, Any]]:
    ids = list(ex.ambiguity_ids)
    for item in reg.data["ambiguities"]:
        if item.get("when") is not None and item["id"] not in ids and C.holds(item["when"], facts, reg.tables):
            ids.append(item["id"])
    return [{"id": i, "text": reg.ambiguities[i]["text"], "reading": reg.ambiguities[i]["reading"],
             "cites": ex.cites(reg.ambiguities[i]["cite"])} for i in ids]


def _header(book: Rulebook, reg: Regulation) -> dict[str, Any]:
    return {"slug": reg.slug, "title": reg.meta["title"], "short_name": reg.meta["short_name"],
            "version": reg.data["version"], "rules_version": book.version}


# --- public API --------------------------------------------------------------------------------

def evaluate(book: Rulebook, slug: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Applicability, route, stages with bodies and documents, deadlines, duties, ambiguities, trace."""
    reg = book.get(slug)
    facts = parse_input(raw)
    ex = _Explainer(reg)
    applies = _applicability(reg, facts, ex)
    result: dict[str, Any] = {
        "regulation": _header(book, reg), "input": _facts_json(facts), "applies": applies,
        "route": None, "stages": [], "documents": [], "deadlines": [], "duties": [], "ambiguities": [],
        "notes": [], "trace": ex.trace,
    }
    if applies["status"] == "not_applicable":
        result["ambiguities"] = _ambiguities(reg, facts, ex)
        return result
    route, why = _choose(reg, reg.data["routes"], facts, ex, "流程")
    stages = _stages(reg, route, facts, ex)
    deadlines = _deadlines(reg, facts, [s["id"] for s in stages], ex)
    for stage in stages:
        stage["deadlines"] = [d["id"] for d in deadlines if d["stage"] == stage["id"]]
    result.update({
        "route": {"id": route["id"], "name": route["name"], "why": why["text"], "cites": why["cites"]},
        "stages": stages,
        "documents": _checklist(stages),
        "deadlines": deadlines,
        "duties": _duties(reg, facts, ex),
    })
    result["ambiguities"] = _ambiguities(reg, facts, ex)
    if any(d["unit"] == "工作日" for d in deadlines):
        result["notes"].append(WORKDAY_NOTE)
    if any(d["date"] for d in deadlines):
        result["notes"].append(PLAN_NOTE)
    return result


def _checklist(stages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every document once, in the order the route first needs it, with the stages that need it."""
    out: dict[str, dict[str, Any]] = {}
    for stage in stages:
        for doc in stage["documents"]:
            entry = out.setdefault(doc["id"], {**doc, "stages": []})
            entry["stages"].append(stage["id"])
    return list(out.values())


def evaluate_change(book: Rulebook, slug: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Which procedure a proposed change to an approved project must follow."""
    reg = book.get(slug)
    if raw.get("approved_investment") in (None, "") and raw.get("investment") in (None, ""):
        raise InputError("approved_investment", "请填写“批复总投资（万元）”", "approved investment is required")
    facts = parse_input({"investment": raw.get("approved_investment") or raw.get("investment"), **raw}, "change")
    facts["adjustment_percent"] = _percent(facts.get("adjustment_amount"), facts.get("approved_investment"))
    facts["supplementary_percent"] = _percent(facts.get("supplementary_amount"), facts.get("original_contract_amount"))
    ex = _Explainer(reg)
    for name in ("adjustment_percent", "supplementary_percent"):
        if facts[name] is not None:
            shown = facts[name].quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            ex.line(f"{BY_NAME[name].label.split('（')[0]}约为{plain_decimal(shown)}%")
    change, why = _choose(reg, reg.data["changes"], facts, ex, "变更程序")
    body, band_cites = _body(reg, change, facts, ex)
    return {
        "regulation": _header(book, reg), "input": _facts_json(facts),
        "change": {"id": change["id"], "name": change["name"], "procedure": change["procedure"], "body": body,
                   "why": why["text"], "cites": ex.cites(why["cites"], band_cites)},
        "ambiguities": _ambiguities(reg, facts, ex), "trace": ex.trace,
    }


def _percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """Exact enough to decide a band (10.005% is over 10%); rounded only when displayed."""
    if part is None or not whole:
        return None
    with localcontext() as ctx:
        ctx.prec = 50
        return part * 100 / whole


COMPARE_ROWS = (
    ("applies", "是否适用"), ("route", "适用流程"), ("stages", "环节"), ("bodies", "决定机构"),
    ("documents", "材料数量"), ("deadlines", "时限数量"), ("duties", "其他义务数量"),
)


def evaluate_all(book: Rulebook, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The same project under every regulation, with the rows where they differ flagged."""
    results = [evaluate(book, slug, raw) for slug in book.regulations]
    summaries = [_summary(r) for r in results]
    rows = []
    for key, label in COMPARE_ROWS:
        values = [s[key] for s in summaries]
        rows.append({"key": key, "label": label, "values": values, "differs": len(set(values)) > 1})
    return {"rules_version": book.version, "results": results, "comparison": rows}


def _summary(result: Mapping[str, Any]) -> dict[str, str]:
    stages = result["stages"]
    return {
        "applies": result["applies"]["label"],
        "route": result["route"]["name"] if result["route"] else "—",
        "stages": " → ".join(s["name"] for s in stages) or "—",
        "bodies": "、".join(dict.fromkeys(s["body"]["name"] for s in stages if s["body"])) or "—",
        "documents": str(len(result["documents"])),
        "deadlines": str(len(result["deadlines"])),
        "duties": str(len(result["duties"])),
    }
