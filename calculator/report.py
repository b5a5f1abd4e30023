"""Render engine results as a Markdown checklist: the CLI's output and the browser's export.

Markdown reads well in a terminal and pastes into documents, so one renderer serves both.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from .explain import AMBIGUITY_READING, case_facts, case_rows, version_line
from .schedule import describe
from .sources import how_many_regulations
from .wording_items import chain_text


def _refs(cites: list[Mapping[str, Any]]) -> str:
    labels = list(dict.fromkeys(c["label"] for c in cites))
    return f"（依据：{'、'.join(labels)}）" if labels else ""


def _mark(item: Mapping[str, Any]) -> str:
    if item.get("certain", True):
        return ""
    depends = item.get("depends_on") or []
    return f"〔视{'、'.join(depends)}而定〕" if depends else "〔待确认〕"


def case_markdown(result: Mapping[str, Any], today: dt.date | None = None,
                  regs: list[Mapping[str, Any]] | None = None) -> list[str]:
    """The case restated at the top of an export or a print: when, under which text and rules
    version, and every answered fact as a sentence, so the paper can be read on its own."""
    lines = [f"- {k}：{v}" for k, v in case_rows(regs or [result["regulation"]], today)]
    facts = case_facts(result["input"])
    return lines + ["", "**项目情况**（已回答的事项）：", ""] + ([f"- {f}" for f in facts] or ["- 尚未回答任何事项。"])


def project_markdown(result: Mapping[str, Any], today: dt.date | None = None, *, case: bool = True) -> str:
    reg = result["regulation"]
    lines = [f"# {reg['title']}", ""] + (case_markdown(result, today) + [""] if case else [])
    lines += [f"**是否适用**：{result['applies']['reason']}{_refs(result['applies']['cites'])}"]
    first = [q["label"] for q in result["questions"] if q["rank"] == 0] if result["applies"]["status"] == "undetermined" else []
    lines += [f"- 需先确认：{'、'.join(first)}（见“还需确认”）"] if first else []
    refusal = result.get("refusal")
    if refusal:
        lines += ["", f"**结论**：{refusal['why']}{_refs(refusal['cites'])}"]
        lines += [f"- 例外：{refusal['exception']}"] if refusal.get("exception") else []
    if result["route"]:
        route = result["route"]
        lines += ["", f"**适用流程**：{route['name']}{'' if route['certain'] else '〔待确认是否适用后确定〕'}",
                  f"- {route['why']}{_refs(route['cites'])}"]
    elif result["route_options"]:
        lines += ["", "**适用流程**：尚待确认，可能为：" + "、".join(r["name"] for r in result["route_options"])]
    if result["stages"]:
        lines += ["", "## 环节"]
        deadlines = {d["id"]: d for d in result["deadlines"]}
        for i, stage in enumerate(result["stages"], 1):
            body = stage["body"]["name"] if stage["body"] else "项目单位"
            because = f"（{stage['body']['fact']}）" if stage["body"] and stage["body"].get("fact") else ""
            lines.append(f"{i}. **{stage['name']}**——{body}：{stage['action']}{because}{_mark(stage)}{_refs(stage['cites'])}")
            for doc in stage["documents"]:
                lines.append(f"    - [ ] {doc['name']}{_refs(doc['cites'])}")
            for ident in stage["deadlines"]:
                d = deadlines[ident]
                lines.append(f"    - 时限：{describe(d)}{_refs(d['cites'])}")
    other = [d for d in result["deadlines"] if not d["stage"]]
    if other:
        lines += ["", "## 其他时限"]
        lines += [f"- {d['name']}：{describe(d)}{_mark(d)}{_refs(d['cites'])}" for d in other]
    if result["duties"]:
        lines += ["", "## 其他义务"]
        lines += [f"- [ ] {d['name']}{_mark(d)}{_refs(d['cites'])}" for d in result["duties"]]
    lines += questions_markdown(result["questions"]) + _ignored(result["ignored_inputs"])
    lines += _ambiguities(result["ambiguities"])
    if result["notes"]:
        lines += ["", "## 说明"] + [f"- {n}" for n in result["notes"]]
    lines += ["", _version(reg)]
    return "\n".join(lines) + "\n"


def _version(reg: Mapping[str, Any]) -> str:
    return version_line(reg)


def questions_markdown(questions: list[Mapping[str, Any]]) -> list[str]:
    """The "还需确认" section: each open question and what each answer would change."""
    if not questions:
        return []
    lines = ["", "## 还需确认"]
    for i, q in enumerate(questions, 1):
        lines.append(f"{i}. {q['question']}" + (f"（{q['effect']}）" if q.get("effect") else ""))
        lines += [f"    - 若{o['label']}：{o['effect']}" for o in q["options"]]
    return lines


def _ignored(items: list[Mapping[str, Any]]) -> list[str]:
    return ["", "本办法未涉及：" + "；".join(i["text"] for i in items)] if items else []


def change_markdown(result: Mapping[str, Any], today: dt.date | None = None) -> str:
    change = result["change"]
    lines = [f"# {result['regulation']['title']}：变更程序", ""] + case_markdown(result, today) + [""]
    if result["applies"]["status"] == "not_applicable":
        lines.append(f"**是否适用**：{result['applies']['reason']}")
    elif change is None:
        lines.append("**适用程序**：尚待确认，可能为：" + "、".join(c["name"] for c in result["change_options"]))
    else:
        body = change["body"]["name"] if change["body"] else "—"
        lines += [f"**适用程序**：{change['name']}", f"- {change['why']}", f"- 办理：{change['procedure']}",
                  f"- 办理机构：{body}{_refs(change['cites'])}"]
        if len(change.get("steps") or []) > 1:
            lines.append("- 办理步骤：" + chain_text((s["body"], s["action"]) for s in change["steps"]))
    lines += [f"- 同时办理：{a['name']}——{a['procedure']}{_refs(a['cites'])}" for a in result["also"]]
    lines += questions_markdown(result["questions"]) + _ignored(result["ignored_inputs"])
    lines += _ambiguities(result["ambiguities"])
    lines += ["", _version(result["regulation"])]
    return "\n".join(lines) + "\n"


def all_markdown(result: Mapping[str, Any], today: dt.date | None = None) -> str:
    heads = [r["regulation"]["short_name"] for r in result["results"]]
    lines = [f"# {how_many_regulations(len(heads))}对比", ""] + case_markdown(result["results"][0], today, [r["regulation"] for r in result["results"]])
    lines += ["", "| 方面 | " + " | ".join(heads) + " |", "|---" * (len(heads) + 1) + "|"]
    for row in result["comparison"]:
        mark = "**≠** " if row["differs"] else ""
        cells = [str(v).replace("|", "／") for v in row["values"]]
        lines.append(f"| {mark}{row['label']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n\n" + "\n".join(project_markdown(r, case=False) for r in result["results"])


def _ambiguities(items: list[Mapping[str, Any]]) -> list[str]:
    if not items:
        return []
    return ["", "## 存在歧义之处"] + [f"- {a['text']}——{AMBIGUITY_READING}：{a['reading']}{_refs(a['cites'])}" for a in items]
