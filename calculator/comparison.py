"""全部对比: the same project under every regulation, compared on substance.

One row per question an official asks when planning: does it apply (and why, in one line), which
route, which bodies approve and in what order, how many approval steps, which documents, which
deadlines, and how long the whole plan takes. A regulation that does not apply (or refuses the
project) shows that and why in every row — not zeros that read like an easy procedure.
Only settled items count: what still depends on an unanswered question is marked 待确认.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

APPLICANT = "project_unit"  # the unit itself: its own steps are work, not approvals
PENDING = "待确认"
NOT_APPLICABLE = "不适用"

ROWS = (("applies", "是否适用"), ("route", "适用流程"), ("bodies", "审批机构（按先后）"), ("steps", "审批步骤数"),
        ("documents", "主要材料"), ("deadlines", "主要时限"), ("duration", "计划总时长"))


@dataclass(frozen=True)
class Cell:
    """What one regulation says for one row: a line, or a list (shown in order)."""
    text: str
    items: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "items": list(self.items)}


def _applies_line(result: Mapping[str, Any]) -> str:
    """适用本办法 / 不适用本办法 / 原则上不予立项, and why, in one line."""
    applies = result["applies"]
    refusal = result.get("refusal")
    if refusal:
        return f"{refusal['label']}：{refusal['name']}"
    reason = applies.get("reason") or ""
    return reason if reason.startswith(applies["label"]) else f"{applies['label']}：{reason}" if reason else applies["label"]


def _blocked(result: Mapping[str, Any]) -> str | None:
    """What every further row says when there is no procedure to compare (the first row says why)."""
    if result["applies"]["status"] == "not_applicable":
        return NOT_APPLICABLE
    if result.get("refusal"):
        return f"{result['refusal']['label']}，不进入审批流程"
    return None


def _undecided(result: Mapping[str, Any]) -> str | None:
    """待确认 while the route (or applicability) depends on a question not yet answered, naming the routes still possible."""
    if result.get("route"):
        return None
    options = "、".join(o["name"] for o in result.get("route_options") or [])
    return f"{PENDING}（可能为：{options}）" if options else PENDING


def _approvals(result: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [s for s in result["stages"] if s["certain"] and s.get("body") and s["body"].get("id") != APPLICANT]


def _bodies(result: Mapping[str, Any]) -> Cell:
    steps = _approvals(result)
    names = tuple(dict.fromkeys(s["body"]["name"] for s in steps if s["body"].get("certain")))
    if not names:
        return Cell(PENDING if any(not s["certain"] for s in result["stages"]) else "无须其他机构审批")
    return Cell(" → ".join(names), names)


def _steps(result: Mapping[str, Any]) -> Cell:
    steps = _approvals(result)
    suffix = "（另有待确认环节）" if any(not s["certain"] for s in result["stages"]) else ""
    return Cell(f"{len(steps)} 步{suffix}", tuple(f"{s['name']}（{s['body']['name']}）" for s in steps))


def _documents(result: Mapping[str, Any]) -> Cell:
    names = tuple(dict.fromkeys(d["name"] for d in result["documents"] if d["certain"]))
    return Cell("、".join(names) if names else "本办法未列材料", names)


def _deadlines(result: Mapping[str, Any]) -> Cell:
    items = tuple(f"{d['name']}：{d['text']}" for d in result["deadlines"] if d["certain"])
    return Cell("；".join(items) if items else "本办法未规定适用于本项目的时限", items)


RECURRING = ("annual", "month", "prior_year")  # yearly dates recur; they do not lengthen the plan


def _duration(result: Mapping[str, Any], start: dt.date | None) -> Cell:
    """From the start date to the last dated step of the plan, then the steps whose dates cannot be counted
    yet (they run from a date not known at the start: signing, completion)."""
    if start is None:
        return Cell("填写立项日期后推算")
    steps = [d for d in result["deadlines"] if d["certain"] and d["kind"] not in RECURRING]
    dated = [d for d in steps if d.get("date_to")]
    later = tuple(d["name"] for d in steps if not d.get("date_to"))
    parts = []
    if dated:
        last = max(dated, key=lambda d: d["date_to"])
        end = dt.date.fromisoformat(last["date_to"])
        months = max(round((end - start).days / 30.44), 1)
        parts.append(f"至“{last['name']}”约{months}个月（最晚{end.year}年{end.month}月{end.day}日）")
    if later:
        parts.append(f"其后{'、'.join(later)}另计（起算日期尚不确定，见“主要时限”）")
    return Cell("；".join(parts) if parts else "本办法的时限不足以推算总时长", tuple(parts) if len(parts) > 1 else ())


def cells(result: Mapping[str, Any], start: dt.date | None) -> dict[str, Cell]:
    """Every row's cell for one regulation's result."""
    blocked = _blocked(result) or _undecided(result)
    first = Cell(_applies_line(result))
    if blocked:
        return {key: first if key == "applies" else Cell(blocked) for key, _ in ROWS}
    return {"applies": first, "route": Cell(result["route"]["name"]),
            "bodies": _bodies(result), "steps": _steps(result), "documents": _documents(result),
            "deadlines": _deadlines(result), "duration": _duration(result, start)}


def rows(results: Sequence[Mapping[str, Any]], start: dt.date | None) -> list[dict[str, Any]]:
    """The comparison rows: label, one value per regulation (text and list), and whether they differ."""
    per = [cells(r, start) for r in results]
    out = []
    for key, label in ROWS:
        row = [p[key] for p in per]
        out.append({"key": key, "label": label, "values": [c.text for c in row], "items": [list(c.items) for c in row],
                    "differs": len({c.text for c in row}) > 1})
    return out
