"""`python -m calculator diff OLD NEW`: the rules diff and the scenario answers it changes, as a
report in Chinese (or JSON), with the exit code that gates a publication.

Exit 0: only citations or wording moved. Exit 3: some answer may change (a rule that decides
answers changed, a regulation was added or removed, or a scenario's answer differs). Exit 1: a
side does not validate, so nothing can be said about it (as `validate` exits 1 on rules errors).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import diff, diff_scenarios
from .diff_load import Side
from .rulebook import Rulebook

SAME, UNREADABLE, ANSWERS_CHANGE = 0, 1, 3


@dataclass
class RegulationDiff:
    slug: str
    name: str
    status: str                  # added | removed | changed | same | unreadable
    changes: list[diff.Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Report:
    old: str
    new: str
    regulations: list[RegulationDiff]
    scenarios_run: int
    scenarios: list[diff_scenarios.Difference]

    @property
    def answers_change(self) -> bool:
        return bool(self.scenarios) or any(
            r.status in ("added", "removed") or any(c.kind == diff.ANSWER for c in r.changes) for r in self.regulations)

    @property
    def unreadable(self) -> bool:
        return any(r.status == "unreadable" for r in self.regulations)

    @property
    def exit_code(self) -> int:
        return UNREADABLE if self.unreadable else ANSWERS_CHANGE if self.answers_change else SAME


def build(old: Side, new: Side, scenarios: list[diff_scenarios.Scenario]) -> Report:
    slugs = list(dict.fromkeys([*old.regulations, *old.errors, *new.regulations, *new.errors]))
    for side in (old, new):
        if side.one_file:
            slugs = [s for s in slugs if s in side.regulations or s in side.errors]
    regulations = [_regulation(slug, old, new) for slug in slugs]
    # Identical compiled rules give identical answers: only the regulations that changed are run.
    changed = [c for c in scenarios if old.regulations.get(c.slug) != new.regulations.get(c.slug)]
    ran, differences = diff_scenarios.compare(changed, _book(old), _book(new))
    return Report(old.label, new.label, regulations, ran, differences)


def _book(side: Side) -> Rulebook:
    return Rulebook({"format": 1, "version": side.label, "regulations": side.regulations})


def _regulation(slug: str, old: Side, new: Side) -> RegulationDiff:
    before, after = old.regulations.get(slug), new.regulations.get(slug)
    name = (after or before or {}).get("meta", {}).get("short_name", slug)
    if slug in old.errors or slug in new.errors:
        errors = [f"{side.label}：{e}" for side in (old, new) for e in side.errors.get(slug, [])]
        return RegulationDiff(slug, name, "unreadable", errors=errors)
    if before is None:
        return RegulationDiff(slug, name, "added")
    if after is None:
        return RegulationDiff(slug, name, "removed")
    changes = diff.compare(before, after)
    return RegulationDiff(slug, name, "changed" if changes else "same", changes)


STATUS_TEXT = {"added": "新增的办法", "removed": "删除的办法", "same": "无变更",
               "unreadable": "无法用当前校验器读取，未作语义对比"}


def text(report: Report) -> str:
    lines = [f"# 规则对比：{report.old} → {report.new}", ""]
    for reg in report.regulations:
        if reg.status == "same":
            continue
        lines.append(f"## {reg.name}（{reg.slug}）")
        if reg.status in STATUS_TEXT:
            lines.append(STATUS_TEXT[reg.status])
        lines += [f"- {e}" for e in reg.errors[:5]]
        for kind, label in diff.KIND_LABELS.items():
            items = [c.text for c in reg.changes if c.kind == kind]
            if items:
                lines += ["", f"{label}：", *(f"- {t}" for t in items)]
        lines.append("")
    if all(r.status == "same" for r in report.regulations):
        lines += ["规则没有变更。", ""]
    lines.append(f"## 场景结论（共运行{report.scenarios_run}个场景，{len(report.scenarios)}个结论不同）")
    for d in report.scenarios:
        lines.append(f"- {d.id}（{d.name}）")
        lines += [f"    - {line}" for line in d.lines]
    verdict = {UNREADABLE: "结论：有规则文件未通过校验，无法完整对比（退出码 1）",
               ANSWERS_CHANGE: "结论：有影响申请人结论的变更（退出码 3）",
               SAME: "结论：只有依据或文字变更，结论不变（退出码 0）"}[report.exit_code]
    lines += ["", verdict]
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> dict[str, Any]:
    return {
        "old": report.old, "new": report.new, "answers_change": report.answers_change, "exit_code": report.exit_code,
        "regulations": [{"slug": r.slug, "name": r.name, "status": r.status, "changes": diff.as_json(r.changes),
                         "errors": r.errors} for r in report.regulations],
        "scenarios_run": report.scenarios_run, "scenarios": diff_scenarios.as_json(report.scenarios),
    }


def scenarios_dir(repo: Path) -> Path:
    return repo / "tests" / "scenarios"
