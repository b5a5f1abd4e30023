"""The cell of one regulation for one aspect (适用范围·金额门槛, 时限·审查时限 …), the same on the comparison
pages and on the regulation's own page.

A fact the structured rules hold is worded from them here, never retyped: the amount that decides
applicability comes from the scope condition's band, a deadline from the one deadline wording
(`calculator.schedule.deadline_text`), and a change procedure, document, stage or route a provision
references by id from that item, by one function per kind (a chain of steps by
`calculator.wording_items.chain_text`, a route grouped as its diagram groups it; a duty with its body and
its condition in plain Chinese by `calculator.conditions.describe`; a refusal, a scope exclusion as
`calculator.wording_items` words them for the regulation page too; a body's 职责 under its name). Free text (provisions
`text`) fills only what has no structured model; the validator checks any number in it against the
structured rules and refuses text that retypes a referenced item's name or body (`calculator.facts`).
“未规定” is shown only where the rules file declares the aspect silent, which the validator accepts
only when no article uses the aspect's words and no structured item models it (see
`calculator.facts.SILENCE_WORDS`, `ASPECT_ITEMS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any, Callable, Iterator

from calculator.conditions import describe
from calculator.rulebook import Regulation
from calculator.schedule import deadline_text
from calculator.wording_items import ARROW, chain_text, exclusion_text, refusal_text

from .diagrams import Fork, RouteCases, plan, varies
from .markup import SILENT, text

NO_THRESHOLD = "未设金额门槛"


@dataclass(frozen=True)
class Line:
    """One fact of a cell: plain text (escaped when rendered), its citations, and an optional note link."""
    words: str
    cites: list
    note: str | None = None  # anchor of an ambiguity note on the regulation page


def _leaves(cond: Any) -> Iterator[dict]:
    if isinstance(cond, dict):
        for key in ("all", "any"):
            for sub in cond.get(key, []):
                yield from _leaves(sub)
        if "not" in cond:
            return  # an amount the scope excludes is not its threshold
        if "band" in cond:
            yield cond


def threshold_lines(reg: Regulation) -> list[Line]:
    """The amount from which the regulation applies: the bands of the scope condition on the investment,
    or 未设金额门槛 when the scope does not turn on an amount."""
    lines = []
    for leaf in _leaves(reg.data["scope"]["applies_when"]):
        table = reg.tables[leaf["band"]]
        if table["field"] != "investment":
            continue
        for band in table["bands"]:
            if band["id"] in leaf["in"]:
                lines.append(Line(f"项目总投资{band['label']}", band["cite"], band.get("ambiguity")))
    return lines or [Line(NO_THRESHOLD, reg.data["scope"]["cite"])]


def deadline_line(reg: Regulation, ident: str) -> Line:
    d = reg.deadlines[ident]
    return Line(f"{d['name']}：{deadline_text(d)}", d["cite"])


PROJECT_UNIT = "项目单位"  # who acts where a stage names no body (as the diagrams and the engine say)


def steps_text(reg: Regulation, steps: list[dict]) -> str:
    """A decision taken in consecutive steps, each by its body: 项目单位提出申请 → 市数字经济局核报 → 市委市政府同意."""
    return chain_text((reg.bodies[s["body"]]["name"], s["action"]) for s in steps)


def _band_steps(band: dict, action: str = "") -> list[dict]:
    return band.get("chain") or ([{"body": band["body"], "action": action}] if band.get("body") else [])


def band_lines(reg: Regulation, ident: str) -> list[Line]:
    """One line per band of an amount table that names who decides: 200万元以下（不含200万元）——分管财政副市长."""
    table = reg.tables[ident]
    return [Line(f"{table['name']}：{band['label']}——{steps_text(reg, _band_steps(band)) or SILENT}", band["cite"],
                 band.get("ambiguity")) for band in table["bands"]]


def decider(reg: Regulation, item: dict, action: str) -> tuple[str, list[Line]]:
    """Who acts on a stage or change and what they do, and the band lines when that turns on an amount."""
    if item.get("chain"):
        return steps_text(reg, item["chain"]), []
    if item.get("body_from"):
        if varies(reg, item["body_from"]):
            return action, band_lines(reg, item["body_from"])
        return steps_text(reg, _band_steps(reg.tables[item["body_from"]]["bands"][0], action)), []
    return f"{reg.bodies[item['body']]['name'] if item.get('body') else PROJECT_UNIT}{action}", []


def _cites(steps: list[dict]) -> list:
    return [c for s in steps for c in s["cite"]]


def change_lines(reg: Regulation, ident: str) -> list[Line]:
    """A change procedure: its name and procedure, then who acts — the chain's steps in order, or the bands
    when the body turns on the amount, or the one body unless the procedure already names it."""
    change = reg.changes[ident]
    out = [Line(f"{change['name']}——{change['procedure']}", change["cite"], change.get("ambiguity"))]
    if change.get("chain"):
        return out + [Line(f"办理步骤：{steps_text(reg, change['chain'])}", _cites(change["chain"]))]
    who, bands = decider(reg, change, "") if change.get("body") or change.get("body_from") else ("", [])
    if who and who not in change["procedure"] and not bands:
        out.append(Line(f"办理机构：{who}", change["cite"]))
    return out + bands


def stage_lines(reg: Regulation, ident: str) -> list[Line]:
    """A stage: its name, who acts and what they do (a chain as consecutive steps); bands when the body
    turns on an amount."""
    stage = reg.stages[ident]
    who, bands = decider(reg, stage, stage["action"])
    cites = _cites(stage["chain"]) if stage.get("chain") else stage["cite"]
    return [Line(f"{stage['name']}：{who}", cites, stage.get("ambiguity")), *bands]


def _step(reg: Regulation, part: str | Fork) -> str:
    """A stage of a route by name; alternatives and optional stages as the diagram draws them."""
    if isinstance(part, str):
        return reg.stages[part]["name"]
    branches = "／".join(ARROW.join(reg.stages[s]["name"] for s in b.stages) for b in part.branches)
    return f"{'视情况择一' if len(part.branches) > 1 else '视情况增加'}（{branches}）"


def route_line(reg: Regulation, ident: str) -> Line:
    """A route: its stages in order as the route diagram plans them (`diagrams.plan`): a stage whose condition
    always holds on the route is plain, alternatives are 视情况择一, an optional stage 视情况增加."""
    route = reg.routes[ident]
    steps = ARROW.join(_step(reg, part) for part in plan(reg, route, RouteCases.of(reg, route)))
    return Line(f"{route['name']}：{steps}", route["cite"], route.get("ambiguity"))


def document_lines(reg: Regulation, idents: list[str]) -> list[Line]:
    """Documents: each with its contents on a line of its own; consecutive ones without contents listed
    together (项目建设总结、财务报告、…)."""
    out: list[Line] = []
    for described, run in groupby((reg.documents[i] for i in idents), key=lambda d: bool(d.get("contents"))):
        docs = list(run)
        if described:
            out += [Line(f"{d['name']}：{d['contents']}", d["cite"]) for d in docs]
        else:
            out.append(Line("、".join(d["name"] for d in docs), [c for d in docs for c in d["cite"]]))
    return out


def duty_line(reg: Regulation, ident: str) -> Line:
    """A duty: what must be done, the body it names, and 仅当… when only some projects carry it."""
    duty = reg.duties[ident]
    body = f"——{reg.bodies[duty['body']]['name']}" if duty.get("body") else ""
    when = f"（仅当{describe(duty['when'], reg.tables)}）" if duty.get("when") else ""
    return Line(f"{duty['name']}{body}{when}", duty["cite"], duty.get("ambiguity"))


def refusal_line(reg: Regulation, ident: str) -> Line:
    """A refusal as its outcome, case and exception (the refusal lists word it the same way)."""
    refusal = reg.refusals[ident]
    return Line(refusal_text(refusal), refusal["cite"], refusal.get("ambiguity"))


def exclusion_line(reg: Regulation, ident: str) -> Line:
    """A scope exclusion as the regulation page words it: 不适用本办法：…."""
    exclusion = next(x for x in reg.data["scope"]["exclusions"] if x["id"] == ident)
    return Line(exclusion_text(exclusion), exclusion["cite"])


def body_duty_line(reg: Regulation, ident: str, key: str) -> Line:
    """A body and its 职责 as the rules list them (市财政局：预算管理…；出具项目资金审核意见): those tagged with the
    cell's topic.aspect when some are, else all of them."""
    body = reg.bodies[ident]
    duties = [d for d in body["duties"] if key in d.get("aspects", [])] or body["duties"]
    return Line(f"{body['name']}：{'；'.join(d['text'] for d in duties)}", [c for d in duties for c in d["cite"]])


def provision_lines(reg: Regulation, provision: dict) -> list[Line]:
    """The free text first (what the rules hold no model of), then the facts it refers to, worded from the
    rules: routes, stages, changes, documents, bodies' 职责, duties, refusals, exclusions, amount tables,
    deadlines."""
    lines = [Line(provision["text"], provision["cite"])] if provision.get("text") else []
    lines += [route_line(reg, ident) for ident in provision.get("routes", [])]
    lines += [line for ident in provision.get("stages", []) for line in stage_lines(reg, ident)]
    lines += [line for ident in provision.get("changes", []) for line in change_lines(reg, ident)]
    lines += document_lines(reg, provision.get("documents", []))
    key = f"{provision['topic']}.{provision['aspect']}"
    lines += [body_duty_line(reg, ident, key) for ident in provision.get("body_duties", [])]
    lines += [duty_line(reg, ident) for ident in provision.get("duties", [])]
    lines += [refusal_line(reg, ident) for ident in provision.get("refusals", [])]
    lines += [exclusion_line(reg, ident) for ident in provision.get("exclusions", [])]
    lines += [line for ident in provision.get("thresholds", []) for line in band_lines(reg, ident)]
    return lines + [deadline_line(reg, ident) for ident in provision.get("deadlines", [])]


GENERATED: dict[str, Callable[[Regulation], list[Line]]] = {"scope.threshold": threshold_lines}


def lines(reg: Regulation, topic: str, aspect: str) -> list[Line]:
    """The facts of one cell, in the order the rules give them; empty when the text is silent."""
    key = f"{topic}.{aspect}"
    if key in GENERATED:
        return GENERATED[key](reg)
    return [line for p in reg.data["provisions"] if p["topic"] == topic and p["aspect"] == aspect
            for line in provision_lines(reg, p)]


def silent(reg: Regulation, topic: str, aspect: str) -> bool:
    return f"{topic}.{aspect}" in reg.data["not_specified"]


def cell(reg: Regulation, topic: str, aspect: str, refs: Callable[[list], str], note_href: Callable[[str], str]) -> str:
    """The cell as Markdown: each fact with its article links, or **未规定**."""
    found = lines(reg, topic, aspect)
    if not found:
        return f"**{SILENT}**" if silent(reg, topic, aspect) else "—"
    return "<br>".join(render(line, refs, note_href) for line in found)


def render(line: Line, refs: Callable[[list], str], note_href: Callable[[str], str]) -> str:
    note = f"（[有歧义，见说明]({note_href(line.note)})）" if line.note else ""
    return f"{text(line.words)}{note}（{refs(line.cites)}）"
