"""Evaluate a project (or a proposed change) against one regulation, or against all of them.

Facts may be unknown. Every item of a result carries `certain`: true when no unknown fact could
change it. What is not yet certain is still shown (marked), and `questions` lists the unknown
facts that would change the answer, with what each answer would mean (see `questions.py`).

Results are plain JSON-ready dicts so that every front end (CLI, site build, browser worker)
renders the very same structure, and CPython and Pyodide results can be compared byte for byte.
Every line of a result carries the citations that justify it.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Mapping

from . import comparison
from . import conditions as C
from . import questions as Q
from .explain import Explainer, condition_cites
from .fields import BY_NAME, ORIGINS, InputError, input_fields, jsonable, plain_decimal
from .reuse import Reuse, truths_kept
from .rulebook import Regulation, Rulebook
from .schedule import deadlines as _deadlines
from .schedule import notes as _notes
from .schema import DUTY_TOPICS, OUTCOMES, refusal_label
from .wording_items import exclusion_text

# Ranks order the questions: what decides applicability is asked first, then whether the project
# is refused, then the route, …
APPLICABILITY, REFUSAL, ROUTE, STAGES, DEADLINES, DUTIES = range(6)
UNDETERMINED = "尚待确认是否适用本办法"


# --- input -------------------------------------------------------------------------------------

def parse_input(raw: Mapping[str, Any], group: str = "project") -> dict[str, Any]:
    """Validated facts; a fact not given is None (unknown). Unknown keys are refused, not ignored."""
    if not isinstance(raw, Mapping):
        raise InputError("(input)", "输入应为字段名到取值的映射", "input must be a mapping of field names to values")
    fields = input_fields(group)
    allowed = {f.name for f in fields}
    for key in raw:
        if key not in allowed:
            raise InputError(str(key), f"未知字段“{key}”", f"unknown field {key!r}")
    return {f.name: f.parse(raw.get(f.name)) for f in fields}


def _facts_json(facts: Mapping[str, Any]) -> dict[str, Any]:
    return {k: jsonable(v) for k, v in facts.items() if v is not None}


# --- applicability -----------------------------------------------------------------------------

def _applicability(reg: Regulation, facts: Mapping[str, Any], ex: Explainer) -> dict[str, Any]:
    """Exclusions first, in order, then the scope. Unknown when an unknown fact could decide it."""
    scope = reg.data["scope"]
    cond = scope["applies_when"]
    in_scope = C.holds(cond, facts, reg.tables)
    open_outcomes: set[str] = set()
    for exclusion in scope["exclusions"]:
        truth = C.holds(exclusion["when"], facts, reg.tables)
        if truth is None:
            open_outcomes.add(exclusion["outcome"])
            ex.open(exclusion["when"], APPLICABILITY)
        elif truth and not open_outcomes:
            outcome = exclusion["outcome"]
            status = "by_analogy" if outcome == "by_analogy" else "not_applicable"
            entry = ex.line(exclusion_text(exclusion), exclusion["cite"],
                            condition_cites(reg, exclusion["when"], facts), kept=True)
            return _applies(status, OUTCOMES[outcome], entry)
        elif truth:
            break
    # Out of scope is settled even while an exclusion is open, unless that exclusion could still
    # bring the project in by analogy.
    if in_scope is not None:
        for band in C.bands_used(cond, facts, reg.tables):
            ex.note_ambiguity(band)
    if in_scope is False and "by_analogy" not in open_outcomes:
        entry = ex.line(f"不适用本办法：本办法适用于{scope['summary']}；{Q.failing(cond, facts, reg.tables)}",
                        scope["cite"], condition_cites(reg, cond, facts), kept=True)
        return _applies("not_applicable", "不适用本办法", entry)
    if in_scope is None or open_outcomes:
        ex.open(cond, APPLICABILITY)
        entry = ex.line(f"{UNDETERMINED}：本办法适用于{scope['summary']}", scope["cite"], kept=True)
        return {**_applies("undetermined", UNDETERMINED, entry), "certain": False}
    entry = ex.line(f"适用本办法：{Q.holding(cond, facts, reg.tables)}", scope["cite"], condition_cites(reg, cond, facts),
                    kept=True)
    return _applies("applies", "适用本办法", entry)


def _applies(status: str, label: str, entry: Mapping[str, Any]) -> dict[str, Any]:
    return {"status": status, "label": label, "reason": entry["text"], "cites": entry["cites"], "certain": True}


# --- refusals ----------------------------------------------------------------------------------

def _refusal(reg: Regulation, facts: Mapping[str, Any], ex: Explainer) -> tuple[dict[str, Any] | None, bool]:
    """The first refusal item the project hits (不予立项, 不安排经费 …), and whether one may still apply.

    A hit is certain to refuse the project; which item is named is certain only when no earlier
    item is still open."""
    open_before = False
    for item in reg.data.get("refusals", []):
        truth = C.holds(item["when"], facts, reg.tables)
        if truth is None:
            open_before = True
            ex.open(item["when"], REFUSAL)
        elif truth:
            ex.note_ambiguity(item)
            label = refusal_label(item)
            why = ex.line(f"{label}：{item['name']}（{Q.holding(item['when'], facts, reg.tables)}）",
                          item["cite"], condition_cites(reg, item["when"], facts), kept=True)
            return {"id": item["id"], "name": item["name"], "outcome": item["outcome"], "label": label,
                    "exception": item.get("exception"), "in_principle": item["in_principle"],
                    "why": why["text"], "cites": why["cites"], "certain": not open_before}, False
    return None, open_before


# --- bodies, stages, duties ----------------------------------------------------------------------

def _body(reg: Regulation, item: Mapping[str, Any], facts: Mapping[str, Any],
          ex: Explainer) -> tuple[dict[str, Any] | None, list[dict[str, Any]], list[Mapping[str, Any]]]:
    """The deciding body of a stage or change, the band cites when it depends on an amount, and the
    steps of the decision when it is taken in several (审核 → 审签 → 审定): from the item itself, or
    from the amount band that decides the body."""
    if item.get("body"):
        body = reg.bodies[item["body"]]
        return {"id": body["id"], "name": body["name"], "certain": True}, [], item.get("chain") or []
    if item.get("body_from"):
        table = reg.tables[item["body_from"]]
        value = facts.get(table["field"])
        band = C.band_for(table, value) if value is not None else None
        if band is None:
            ex.open_field(table["field"], STAGES)
            label = C.bare(BY_NAME[table["field"]].label)
            return {"id": None, "name": f"视{label}而定", "certain": False}, [], []
        ex.note_ambiguity(band)
        body = reg.bodies[band["body"]]
        return ({"id": body["id"], "name": body["name"], "band": band["label"], "fact": Q.band_fact(table, value),
                 "certain": True}, band["cite"],
                band.get("chain") or [])
    return None, [], []


def _stages(reg: Regulation, stage_ids: list[str], facts: Mapping[str, Any], ex: Explainer,
            certain: bool) -> list[dict[str, Any]]:
    out = []
    for stage_id in stage_ids:
        stage = reg.stages[stage_id]
        truth = ex.test(stage, STAGES)
        if truth is False:
            continue
        body, band_cites, chain = _body(reg, stage, facts, ex)
        documents = [{"id": d, "name": reg.documents[d]["name"], "contents": reg.documents[d].get("contents"),
                      "cites": ex.cites(reg.documents[d]["cite"])} for d in stage.get("documents", [])]
        state = _state(reg, stage, facts, truth, certain)
        for i, step in enumerate(chain[:-1], 1):
            step_body = reg.bodies[step["body"]]
            why = ex.line(f"{stage['name']}（第{i}步）：由{step_body['name']}{step['action']}", step["cite"], band_cites)
            out.append({"id": f"{stage['id']}.{i}", "name": f"{stage['name']}：{step['action']}", "action": step["action"],
                        "body": {"id": step_body["id"], "name": step_body["name"], "certain": body["certain"]},
                        "documents": [], "deadlines": [], "why": why["text"], "cites": why["cites"], **state})
        action = chain[-1]["action"] if chain else stage["action"]
        name = f"{stage['name']}：{action}" if chain else stage["name"]
        who = body["name"] if body else "项目单位"
        because = f"{body['fact']}，" if body and body.get("fact") else ""  # the amount decides who
        why = ex.line(f"{stage['name']}：{because}由{who}{action}", chain[-1]["cite"] if chain else stage["cite"], band_cites,
                      condition_cites(reg, stage.get("when"), facts))
        out.append({"id": stage["id"], "name": name, "action": action, "body": body,
                    "documents": documents, "deadlines": [], "why": why["text"], "cites": why["cites"], **state})
    return out


def _state(reg: Regulation, item: Mapping[str, Any], facts: Mapping[str, Any], truth: bool | None,
           settled: bool) -> dict[str, Any]:
    """Whether a shown item is certain, and the unknown facts it waits on when it is not."""
    return {"certain": settled and truth is True,
            "depends_on": Q.open_fields(item.get("when"), facts, reg.tables) if truth is None else []}


def _duties(reg: Regulation, facts: Mapping[str, Any], ex: Explainer, certain: bool,
            reuse: Reuse) -> list[dict[str, Any]]:
    entries = reuse.items("duties", reg.data["duties"], facts, certain, lambda duty: _duty(reg, duty, facts, ex, certain))
    return [entry for entry in entries if entry is not None]


def _duty(reg: Regulation, duty: Mapping[str, Any], facts: Mapping[str, Any], ex: Explainer,
          certain: bool) -> dict[str, Any] | None:
    truth = ex.test(duty, DUTIES)
    if truth is False:
        return None
    for band in C.bands_used(duty.get("when"), facts, reg.tables) if truth else []:
        ex.note_ambiguity(band)
    body = reg.bodies[duty["body"]]["name"] if duty.get("body") else None
    why = ex.line(f"义务：{duty['name']}", duty["cite"], condition_cites(reg, duty.get("when"), facts))
    return {"id": duty["id"], "topic": duty["topic"], "topic_label": DUTY_TOPICS[duty["topic"]],
            "name": duty["name"], "body": body, "why": why["text"], "cites": why["cites"],
            **_state(reg, duty, facts, truth, certain)}


def choose(reg: Regulation, items: list[Mapping[str, Any]], facts: Mapping[str, Any], ex: Explainer,
           what: str, rank: int) -> tuple[Mapping[str, Any] | None, list[Mapping[str, Any]], dict[str, Any] | None]:
    """First entry whose condition holds (the last one always does).

    Returns (chosen, candidates, trace line): `chosen` is None while an earlier entry's condition is
    unknown; `candidates` are then every entry that may still apply, in order.
    """
    candidates: list[Mapping[str, Any]] = []
    for item in items:
        cond = item.get("when")
        truth = C.holds(cond, facts, reg.tables)
        if truth is False:
            continue
        candidates.append(item)
        if truth is None:
            ex.open(cond, rank)
            continue
        if len(candidates) > 1:
            return None, candidates, None
        for band in C.bands_used(cond, facts, reg.tables):
            ex.note_ambiguity(band)
        ex.note_ambiguity(item)
        reason = f"因{Q.holding(cond, facts, reg.tables)}，" if cond else ""
        why = ex.line(f"{what}：{reason}适用“{item['name']}”", item["cite"], condition_cites(reg, cond, facts), kept=True)
        return item, candidates, why
    raise AssertionError("validated rules always end with an unconditional entry")


def _common_stages(candidates: list[Mapping[str, Any]]) -> list[str]:
    """Stages every candidate route goes through: certain even before the route is."""
    common = set(candidates[0]["stages"])
    for route in candidates[1:]:
        common &= set(route["stages"])
    return [s for s in candidates[0]["stages"] if s in common]


def _ambiguities(reg: Regulation, facts: Mapping[str, Any], ex: Explainer,
                 about: set[str] | None = None) -> list[dict[str, Any]]:
    """Notes on the items the answer used, and notes whose own `when` holds. `about` limits the
    latter to notes on those facts: a refused project has no route, so notes about building it
    do not belong to its answer."""
    ids = list(ex.ambiguity_ids)
    for item in reg.data["ambiguities"]:
        if about is not None and not set(C.fields_read(item.get("when"), reg.tables)) <= about:
            continue
        if item.get("when") is not None and item["id"] not in ids and C.holds(item["when"], facts, reg.tables):
            ids.append(item["id"])
    return [{"id": i, "text": reg.ambiguities[i]["text"], "reading": reg.ambiguities[i]["reading"],
             "cites": ex.cites(reg.ambiguities[i]["cite"])} for i in ids]


def _deciding_facts(reg: Regulation, *conditions: Any) -> set[str]:
    """The facts that decide applicability (and the refusal, when given): a not-applicable or refused
    answer has no route, so only notes on these facts belong to it."""
    scope = reg.data["scope"]
    conds = [scope["applies_when"], *conditions] + [e["when"] for e in scope["exclusions"]]
    return {n for cond in conds for n in C.fields_read(cond, reg.tables)}


def _header(book: Rulebook, reg: Regulation) -> dict[str, Any]:
    return {"slug": reg.slug, "title": reg.meta["title"], "short_name": reg.meta["short_name"],
            "doc_number": reg.meta.get("doc_number"), "version": reg.data["version"],
            "rules_date": reg.data.get("rules_date"),
            "rules_version": book.version, "in_force": reg.note}


# --- public API --------------------------------------------------------------------------------

def evaluate(book: Rulebook, slug: str, raw: Mapping[str, Any], *, ask: bool = True) -> dict[str, Any]:
    """Applicability, route, stages with bodies and documents, deadlines, duties, ambiguities, trace,
    and the questions whose answers would change any of it (`ask=False` skips deriving them)."""
    facts = parse_input(raw)
    reg = book.get(slug).in_force(facts.get("start_date"))
    return _answer(book, reg, facts, _evaluate_facts, "project", ask)


def _answer(book: Rulebook, reg: Regulation, facts: dict[str, Any], run: Any, group: str, ask: bool) -> dict[str, Any]:
    """A result with its open questions (each answer re-evaluated quietly) and the ignored inputs."""
    result, ex = run(book, reg, facts)
    if ask:
        reuse = Reuse(reg)
        unmoved = truths_kept(reg, _change_facts(facts) if group == "change" else facts, group)

        def evaluate(variant: Mapping[str, Any]) -> dict[str, Any]:
            return result if unmoved(variant) else run(book, reg, variant, reuse=reuse)[0]
        result["questions"] = Q.derive(reg, facts, result, ex.opened, ex.groups, evaluate)
    result["ignored_inputs"] = Q.ignored(reg, facts, group)
    return result


def _evaluate_facts(book: Rulebook, reg: Regulation, facts: Mapping[str, Any],
                    reuse: Reuse | None = None) -> tuple[dict[str, Any], Explainer]:
    """One evaluation; with `reuse` it is a quiet re-evaluation made only to compare outcomes, which
    skips what no outcome or effect reads (the header, the input, documents, notes, ambiguities)."""
    quiet = reuse is not None
    ex = Explainer(reg, facts, quiet=quiet)
    reuse = reuse or Reuse.NONE
    applies = reuse.section("scope", facts, (), lambda: _applicability(reg, facts, ex))
    result: dict[str, Any] = {
        "regulation": None if quiet else _header(book, reg), "input": None if quiet else _facts_json(facts),
        "applies": applies, "refusal": None, "route": None, "route_options": [], "stages": [], "documents": [],
        "deadlines": [], "duties": [],
        "ambiguities": [], "notes": [], "questions": [], "ignored_inputs": [], "trace": ex.trace,
    }
    if applies["status"] == "not_applicable":
        result["ambiguities"] = [] if quiet else _ambiguities(reg, facts, ex, _deciding_facts(reg))
        return result, ex
    refusal, refusal_open = reuse.section("refusals", facts, (), lambda: _refusal(reg, facts, ex))
    result["refusal"] = refusal
    if refusal is not None:
        if not quiet:
            result["ambiguities"] = _ambiguities(reg, facts, ex, _deciding_facts(reg, reg.refusals[refusal["id"]]["when"]))
        return result, ex
    settled = applies["certain"] and not refusal_open
    route, candidates, why = reuse.section("routes", facts, (),
                                           lambda: choose(reg, reg.data["routes"], facts, ex, "流程", ROUTE))
    if route is not None:
        result["route"] = {"id": route["id"], "name": route["name"], "why": why["text"], "cites": why["cites"],
                           "certain": settled}
        stage_ids = route["stages"]
    else:
        result["route_options"] = [{"id": r["id"], "name": r["name"]} for r in candidates]
        stage_ids = _common_stages(candidates)
    stages = reuse.section("stages", facts, (tuple(stage_ids), settled),
                           lambda: _stages(reg, stage_ids, facts, ex, settled))
    # Deadlines read their own conditions, the stages shown and the dates given (立项、建成).
    shown = (settled, tuple((s["id"], s["certain"]) for s in stages), tuple(facts.get(f) for f in ORIGINS.values()))
    deadlines = reuse.section("deadlines", facts, shown,
                              lambda: _deadlines(reg, book.calendar, facts, stages, ex, settled, DEADLINES))
    result.update({"stages": stages, "deadlines": deadlines,
                   "duties": reuse.section("duties", facts, settled, lambda: _duties(reg, facts, ex, settled, reuse))})
    if quiet:
        return result, ex  # kept sections are shared between quiet evaluations: never edited here
    for stage in stages:
        stage["deadlines"] = [d["id"] for d in deadlines if d["stage"] == stage["id"]]
    result.update({"documents": _checklist(stages), "ambiguities": _ambiguities(reg, facts, ex),
                   "notes": _notes(deadlines)})
    return result, ex


def _checklist(stages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every document once, in the order the route first needs it, with the stages that need it;
    certain when some certain stage needs it."""
    out: dict[str, dict[str, Any]] = {}
    for stage in stages:
        for doc in stage["documents"]:
            entry = out.setdefault(doc["id"], {**doc, "stages": [], "certain": False})
            entry["stages"].append(stage["id"])
            entry["certain"] = entry["certain"] or stage["certain"]
    return list(out.values())


def evaluate_change(book: Rulebook, slug: str, raw: Mapping[str, Any], *, ask: bool = True) -> dict[str, Any]:
    """Which procedure a proposed change to an approved project must follow."""
    book.get(slug)  # an unknown regulation is reported before the input
    if not isinstance(raw, Mapping):
        raise InputError("(input)", "输入应为字段名到取值的映射", "input must be a mapping of field names to values")
    approved = raw.get("approved_investment")
    merged = {**raw, "investment": raw.get("investment") if approved in (None, "") else approved}
    facts = parse_input(merged, "change")
    reg = book.get(slug).in_force(facts.get("start_date"))
    return _answer(book, reg, facts, _evaluate_change_facts, "change", ask)


def _evaluate_change_facts(book: Rulebook, reg: Regulation, given: Mapping[str, Any],
                           reuse: Reuse | None = None) -> tuple[dict[str, Any], Explainer]:
    facts = _change_facts(given)
    ex = Explainer(reg, facts, quiet=reuse is not None)
    for name in ("adjustment_percent", "supplementary_percent"):
        if facts[name] is not None:
            shown = facts[name].quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            ex.line(f"{C.bare(BY_NAME[name].label)}约为{plain_decimal(shown)}%")
    applies = _applicability(reg, facts, ex)
    out: dict[str, Any] = {"regulation": _header(book, reg), "input": _facts_json(facts), "applies": applies,
                           "change": None, "change_options": [], "also": [], "ambiguities": [], "questions": [],
                           "ignored_inputs": [], "trace": ex.trace}
    if applies["status"] == "not_applicable":
        out["ambiguities"] = _ambiguities(reg, facts, ex, _deciding_facts(reg))
        return out, ex
    ordered = [c for c in reg.data["changes"] if not c.get("concurrent")]
    change, candidates, why = choose(reg, ordered, facts, ex, "变更程序", ROUTE)
    if change is None:
        out["change_options"] = [{"id": c["id"], "name": c["name"]} for c in candidates]
    else:
        body, band_cites, chain = _body(reg, change, facts, ex)
        steps = [{"body": reg.bodies[step["body"]]["name"], "action": step["action"], "cites": ex.cites(step["cite"])}
                 for step in chain]
        out["change"] = {"id": change["id"], "name": change["name"], "procedure": change["procedure"], "body": body,
                         "steps": steps, "why": why["text"], "cites": ex.cites(why["cites"], band_cites),
                         "certain": applies["certain"]}
    out["also"] = _concurrent(reg, facts, ex, applies["certain"])
    out["ambiguities"] = _ambiguities(reg, facts, ex)
    return out, ex


def _change_facts(given: Mapping[str, Any]) -> dict[str, Any]:
    """The facts of a change with the shares the engine works out (调整额占批复总投资的比例 …)."""
    facts = dict(given)
    facts["adjustment_percent"] = _percent(facts.get("adjustment_amount"), facts.get("approved_investment"))
    facts["supplementary_percent"] = _percent(facts.get("supplementary_amount"), facts.get("original_contract_amount"))
    return facts


def _concurrent(reg: Regulation, facts: Mapping[str, Any], ex: Explainer, settled: bool) -> list[dict[str, Any]]:
    """Procedures one change triggers besides the one chosen (e.g. a 备案 alongside an approval)."""
    out = []
    for item in reg.data["changes"]:
        if not item.get("concurrent"):
            continue
        truth = C.holds(item["when"], facts, reg.tables)
        if truth is None:
            ex.open(item["when"], DUTIES)
        if not truth:
            continue
        ex.note_ambiguity(item)
        body, band_cites, _ = _body(reg, item, facts, ex)
        why = ex.line(f"同时办理：{item['name']}", item["cite"], condition_cites(reg, item["when"], facts))
        out.append({"id": item["id"], "name": item["name"], "procedure": item["procedure"], "body": body,
                    "why": why["text"], "cites": ex.cites(why["cites"], band_cites), "certain": settled})
    return out


def _percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """Exact enough to decide a band (10.005% is over 10%); rounded only when displayed."""
    if part is None or not whole:
        return None
    with localcontext() as ctx:
        ctx.prec = 50
        return part * 100 / whole


def evaluate_all(book: Rulebook, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The same project under every regulation, compared on substance (`comparison.py`), with the rows
    where they differ flagged. The side by side view compares answers; the questions are asked in a
    single regulation's view."""
    results = [evaluate(book, slug, raw, ask=False) for slug in book.regulations]
    start = results[0]["input"].get("start_date") if results else None
    rows = comparison.rows(results, dt.date.fromisoformat(start) if start else None)
    return {"rules_version": book.version, "results": results, "comparison": rows}
