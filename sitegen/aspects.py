"""The cell of one regulation for one aspect (适用范围·金额门槛, 时限·审查时限 …), the same on the comparison
pages and on the regulation's own page.

A fact the structured rules hold is worded from them here, never retyped: the amount that decides
applicability comes from the scope condition's band, a deadline from the one deadline wording
(`calculator.schedule.deadline_text`). Free text (provisions `text`) fills only what has no structured
model; the validator checks any number in it against the structured rules (`calculator.facts`).
“未规定” is shown only where the rules file declares the aspect silent, which the validator accepts
only when no article uses the aspect's words (see `calculator.facts.SILENCE_WORDS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from calculator.rulebook import Regulation
from calculator.schedule import deadline_text

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


def band_lines(reg: Regulation, ident: str) -> list[Line]:
    """One line per band of an amount table that names who decides: 200万元以下（不含200万元）：分管财政副市长."""
    table = reg.tables[ident]
    out = []
    for band in table["bands"]:
        steps = band.get("chain") or ([{"body": band["body"], "action": ""}] if band.get("body") else [])
        who = " → ".join(f"{reg.bodies[s['body']]['name']}{s['action']}" for s in steps) or "未规定"
        out.append(Line(f"{table['name']}：{band['label']}——{who}", band["cite"], band.get("ambiguity")))
    return out


def provision_lines(reg: Regulation, provision: dict) -> list[Line]:
    """The free text first (what the rules hold no model of), then the facts it refers to, worded from the rules."""
    lines = [Line(provision["text"], provision["cite"])] if provision.get("text") else []
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
