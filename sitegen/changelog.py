"""The 变更记录 page: every recent commit that touched rules/, newest first, with what it changed for
applicants (the semantic diff of `calculator diff`, scenario answers included); above them, edits of
rules/ not committed yet, for a maintainer previewing with `nox -s serve`.

The history is read with git at build time. A copy without git, or a shallow clone, still builds:
the page says what it cannot show instead of failing. Each commit's diff is computed once per pair
of rules trees and per version of the engine and scenarios, and kept in a cache beside the
snapshot cache, so a rebuild only computes the commits it has not seen; at most LIMIT commits are
shown (older ones are in `git log -- rules/`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import calculator
from calculator import diff_load, diff_report, diff_scenarios
from calculator.diff import KIND_LABELS
from calculator.fields import InputError

from .markup import text

LIMIT = 8                 # commits shown
SHOWN_PER_KIND = 12       # changes listed per kind and regulation before "另有N项"
SHOWN_SCENARIOS = 10
CACHE = Path(tempfile.gettempdir()) / "calculator-changelog"
Scenarios = Callable[[], list[diff_scenarios.Scenario]]  # the scenario files, read on first use


@dataclass(frozen=True)
class Commit:
    sha: str
    parent: str | None    # None: the first commit, or the edge of a shallow clone
    date: str
    subject: str


def changelog_page(repo: Path, limit: int = LIMIT) -> str:
    intro = ("# 变更记录\n\n最近修改 `rules/` 的提交，新的在前。每条列出对申请人结论的影响（门槛分界、环节、机构、材料、"
             "时限、义务等的增删改）、只涉及依据或文字的改动，以及结论发生变化的测试场景。"
             "对比用当前版本的校验器与计算引擎完成；旧提交的规则若不符合当前格式，则注明无法对比。\n")
    try:
        commits, shallow = _history(repo, limit)
    except GitUnavailable as exc:
        return intro + f"\n!!! note \"无法读取变更历史\"\n    {text(exc.reason)}本页在有完整 git 历史的副本中构建时才列出变更。\n"
    if not commits:
        return intro + "\n`rules/` 还没有提交记录。\n"
    # Read only when some report is not cached yet: parsing every scenario file is most of a warm rebuild.
    scenarios: Scenarios = functools.cache(lambda: diff_scenarios.load(diff_report.scenarios_dir(repo)))
    key = _code_key(repo)
    sides: dict[str, diff_load.Side] = {}  # by rules tree: consecutive commits share one
    sections = [_section(repo, c, scenarios, key, sides) for c in commits]
    pending = _uncommitted(repo, scenarios, key, sides)
    tail = "\n本副本是浅克隆（shallow clone），更早的提交不在本副本中。\n" if shallow else ""
    return intro + "\n" + "\n\n".join(([pending] if pending else []) + sections) + "\n" + tail


class GitUnavailable(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _git(repo: Path, *args: str) -> str:
    try:
        run = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        raise GitUnavailable("构建环境中没有可用的 git。") from None
    if run.returncode != 0:
        raise GitUnavailable("本目录不是 git 仓库，或 git 无法读取它的历史。")
    return run.stdout


def _history(repo: Path, limit: int) -> tuple[list[Commit], bool]:
    shallow = _git(repo, "rev-parse", "--is-shallow-repository").strip() == "true"
    log = _git(repo, "log", f"-n{limit}", "--format=%H%x09%P%x09%ad%x09%s", "--date=short", "--", "rules")
    commits = []
    for line in log.splitlines():
        sha, parents, date, subject = (line.split("\t", 3) + ["", "", ""])[:4]
        parent = parents.split()[0] if parents.split() else None
        if parent and not _exists(repo, parent):
            parent = None
        commits.append(Commit(sha, parent, date, subject))
    return commits, shallow


def _exists(repo: Path, sha: str) -> bool:
    try:
        _git(repo, "cat-file", "-e", f"{sha}^{{commit}}")
        return True
    except GitUnavailable:
        return False


def _code_key(repo: Path) -> str:
    """What the diff of a commit pair depends on besides the two trees: the engine and the scenarios."""
    digest = hashlib.sha256()
    for folder, pattern in ((Path(calculator.__file__).parent, "*.py"), (diff_report.scenarios_dir(repo), "*/*.yaml")):
        for path in sorted(folder.glob(pattern)):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _section(repo: Path, commit: Commit, scenarios: Scenarios, key: str,
             sides: dict[str, diff_load.Side]) -> str:
    head = f"## {commit.date} {text(commit.subject)}\n\n提交 `{commit.sha[:10]}`"
    if commit.parent is None:
        return head + "：本副本中没有它的上一个提交（首次提交，或浅克隆的边界），无从对比。\n"
    report = _cached_report(repo, commit, scenarios, key, sides)
    if report is None:
        return head + "：无法从 git 读取这两个版本的 rules/。\n"
    return head + f"（与上一个提交 `{commit.parent[:10]}` 相比）：{_files(repo, commit)}\n\n" + _render(report)


def _files(repo: Path, commit: Commit) -> str:
    """'改动 rules/dazhou.yaml（+12 −3 行）': what the commit touched, even where no semantic diff can be made."""
    try:
        stat = _git(repo, "diff", "--numstat", commit.parent or "", commit.sha, "--", "rules")
    except GitUnavailable:
        return ""
    rows = [line.split("\t") for line in stat.splitlines() if line.count("\t") == 2]
    return "改动 " + "、".join(f"{text(path)}（+{plus} −{minus} 行）" for plus, minus, path in rows)


def _cached_report(repo: Path, commit: Commit, scenarios: Scenarios, key: str,
                   sides: dict[str, diff_load.Side]) -> dict | None:
    trees = [_tree(repo, sha) for sha in (commit.parent, commit.sha)]
    return _report(CACHE / f"{trees[0][:16]}-{trees[1][:16]}-{key}.json", scenarios, lambda: (
        _side(repo, sha, tree, sides) for sha, tree in zip((commit.parent, commit.sha), trees)))


def _report(path: Path, scenarios: Scenarios, sides: Any) -> dict | None:
    """The diff report kept at `path`, or made from the two sides `sides()` gives and kept there."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    try:
        old, new = sides()
    except InputError:
        return None
    report = diff_report.as_json(diff_report.build(old, new, scenarios()))
    _store(path, report)
    return report


def _uncommitted(repo: Path, scenarios: Scenarios, key: str,
                 sides: dict[str, diff_load.Side]) -> str | None:
    """Edits of rules/ not committed yet (a maintainer previewing with `nox -s serve`), against HEAD."""
    try:
        status = _git(repo, "status", "--porcelain", "--", "rules")
    except GitUnavailable:
        return None
    if not status.strip():
        return None
    files = sorted(p for p in (repo / "rules").rglob("*") if p.is_file())
    digest = hashlib.sha256(b"".join(p.relative_to(repo).as_posix().encode() + p.read_bytes() for p in files))
    head = _tree(repo, "HEAD")
    report = _report(CACHE / f"{head[:16]}-work{digest.hexdigest()[:12]}-{key}.json", scenarios, lambda: (
        _side(repo, "HEAD", head, sides), diff_load.load_path("工作区", repo / "rules", repo)))
    changed = "、".join(text(line[3:]) for line in status.splitlines())
    head_line = f"## 未提交的改动\n\n工作区中尚未提交的 rules/ 改动（{changed}），与最近一次提交相比"
    return head_line + ("：无法从 git 读取最近一次提交。\n" if report is None else "\n\n" + _render(report))


NO_RULES = "none"


def _side(repo: Path, sha: str, tree: str, sides: dict[str, diff_load.Side]) -> diff_load.Side:
    if tree not in sides:
        sides[tree] = diff_load.load(sha[:10], repo) if tree != NO_RULES else diff_load.Side(sha[:10])
    return sides[tree]


def _tree(repo: Path, sha: str) -> str:
    """The id of rules/ at a commit (the same id whenever the content is the same); NO_RULES if absent."""
    try:
        return _git(repo, "rev-parse", f"{sha}:rules").strip()
    except GitUnavailable:
        return NO_RULES


def _store(path: Path, report: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".part") as tmp:
        json.dump(report, tmp, ensure_ascii=False)
    os.replace(tmp.name, path)


STATUS = {"added": "新增的办法", "removed": "删除的办法", "unreadable": "这一版规则不符合当前格式，未作语义对比"}


def _render(report: dict[str, Any]) -> str:
    parts = []
    for reg in report["regulations"]:
        if reg["status"] == "same":
            continue
        lines = [f"**{text(reg['name'])}**" + (f"：{STATUS[reg['status']]}" if reg["status"] in STATUS else "")]
        if reg["errors"]:
            lines[0] += f"（{len(reg['errors'])}处不符，首个：{text(reg['errors'][0])}）"
        for kind, label in KIND_LABELS.items():
            items = [c["text"] for c in reg["changes"] if c["kind"] == kind]
            if items:
                lines.append(f"\n{label}：\n")
                lines += [f"- {text(t)}" for t in items[:SHOWN_PER_KIND]]
                if len(items) > SHOWN_PER_KIND:
                    lines.append(f"- 另有{len(items) - SHOWN_PER_KIND}项")
        parts.append("\n".join(lines))
    if not parts:
        parts.append("规则内容没有变化（只改了不影响编译结果的部分，如注释）。")
    parts.append(_scenarios(report))
    return "\n\n".join(parts) + "\n"


def _scenarios(report: dict[str, Any]) -> str:
    changed = report["scenarios"]
    if any(r["status"] == "unreadable" for r in report["regulations"]) and not report["scenarios_run"]:
        return "测试场景：未运行（规则无法读取）。"
    if not changed:
        verdict = "结论不变" if not report["answers_change"] else "结论可能变化，但没有测试场景覆盖"
        return f"测试场景：{verdict}（运行{report['scenarios_run']}个）。"
    lines = [f"测试场景：{len(changed)}个结论不同（运行{report['scenarios_run']}个）：\n"]
    for d in changed[:SHOWN_SCENARIOS]:
        lines.append(f"- {text(d['name'])}：" + "；".join(text(x) for x in d["lines"][:3]))
    if len(changed) > SHOWN_SCENARIOS:
        lines.append(f"- 另有{len(changed) - SHOWN_SCENARIOS}个场景")
    return "\n".join(lines)
