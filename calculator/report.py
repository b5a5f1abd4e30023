"""Render engine results as a Markdown checklist: the CLI's output and the browser's export.

Markdown reads well in a terminal and pastes into documents, so one renderer serves both.
"""

from __future__ import annotations

from typing import Any, Mapping


def _refs(cites: list[Mapping[str, Any]]) -> str:
    labels = list(dict.fromkeys(c["label"] for c in cites))
    return f"（依据：{'、'.join(labels)}）" if labels else ""


def project_markdown(result: Mapping[str, Any]) -> str:
    reg = result["regulation"]
    lines = [f"# {reg['title']}", "", f"**是否适用**：{result['applies']['reason']}{_refs(result['applies']['cites'])}"]
    if result["route"]:
        route = result["route"]
        lines += ["", f"**适用流程**：{route['name']}", f"- {route['why']}{_refs(route['cites'])}"]
    if result["stages"]:
        lines += ["", "## 环节"]
        deadlines = {d["id"]: d for d in result["deadlines"]}
        for i, stage in enumerate(result["stages"], 1):
            body = stage["body"]["name"] if stage["body"] else "项目单位"
            lines.append(f"{i}. **{stage['name']}**——{body}：{stage['action']}{_refs(stage['cites'])}")
            for doc in stage["documents"]:
                lines.append(f"    - [ ] {doc['name']}{_refs(doc['cites'])}")
            for ident in stage["deadlines"]:
                d = deadlines[ident]
                lines.append(f"    - 时限：{d['text']}" + (f"（{d['date']}）" if d["date"] else "") + _refs(d["cites"]))
    other = [d for d in result["deadlines"] if not d["stage"]]
    if other:
        lines += ["", "## 其他时限"]
        lines += [f"- {d['name']}：{d['text']}" + (f"（{d['date']}）" if d["date"] else "") + _refs(d["cites"])
                  for d in other]
    if result["duties"]:
        lines += ["", "## 其他义务"]
        lines += [f"- [ ] {d['name']}{_refs(d['cites'])}" for d in result["duties"]]
    lines += _ambiguities(result["ambiguities"])
    if result["notes"]:
        lines += ["", "## 说明"] + [f"- {n}" for n in result["notes"]]
    lines += ["", f"规则版本：{reg['rules_version']}（{reg['slug']} v{reg['version']}）"]
    return "\n".join(lines) + "\n"


def change_markdown(result: Mapping[str, Any]) -> str:
    change = result["change"]
    body = change["body"]["name"] if change["body"] else "—"
    lines = [f"# {result['regulation']['title']}：变更程序", "",
             f"**适用程序**：{change['name']}", f"- {change['why']}", f"- 办理：{change['procedure']}",
             f"- 办理机构：{body}{_refs(change['cites'])}"]
    lines += _ambiguities(result["ambiguities"])
    return "\n".join(lines) + "\n"


def all_markdown(result: Mapping[str, Any]) -> str:
    heads = [r["regulation"]["short_name"] for r in result["results"]]
    lines = ["# 五部办法对比", "", "| 方面 | " + " | ".join(heads) + " |", "|---" * (len(heads) + 1) + "|"]
    for row in result["comparison"]:
        mark = "**≠** " if row["differs"] else ""
        cells = [str(v).replace("|", "／") for v in row["values"]]
        lines.append(f"| {mark}{row['label']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n\n" + "\n".join(project_markdown(r) for r in result["results"])


def _ambiguities(items: list[Mapping[str, Any]]) -> list[str]:
    if not items:
        return []
    return ["", "## 存在歧义之处"] + [f"- {a['text']}——本库理解：{a['reading']}{_refs(a['cites'])}" for a in items]
