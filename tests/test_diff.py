"""`calculator diff` on real edits of 巫山's rules, committed in a temporary git repository, and the
变更记录 page made from that history (also from a shallow clone and from a copy without git).

History of the repository (oldest first): the rules as they are; a citation shortened (still
verbatim); the 3000万元 boundary moved to 2500万元; a stage added to the route under the boundary;
a step of a decision chain given to another body.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from calculator import cli, diff
from calculator.rulebook import REPO_RULES
from sitegen import changelog

SLUG = "wushan"
ROOT = REPO_RULES.parent
GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _by_id(items: list[dict], ident: str) -> dict:
    return next(i for i in items if i["id"] == ident)


def shorten_a_citation(d: dict) -> None:
    cite = _by_id(d["stages"], "construction")["cite"]
    first = cite[0] if isinstance(cite, list) else cite
    first["quote"] = first["quote"][1:]


def move_the_boundary(d: dict) -> None:
    bands = _by_id(d["thresholds"], "approval_documents")["bands"]
    bands[0]["max"] = bands[1]["min"] = 2500
    _replace_text(d, "3000万元", "2500万元")


def _replace_text(node: Any, old: str, new: str) -> Any:
    """The amount in every label and summary (quotes stay verbatim)."""
    if isinstance(node, dict):
        for key, value in node.items():
            node[key] = value if key == "quote" else _replace_text(value, old, new)
    elif isinstance(node, list):
        node[:] = [_replace_text(v, old, new) for v in node]
    elif isinstance(node, str):
        return node.replace(old, new)
    return node


def add_a_stage(d: dict) -> None:
    d["stages"].append({**copy.deepcopy(_by_id(d["stages"], "technical_review")), "id": "second_review", "name": "技术复核"})
    route = _by_id(d["routes"], "merged_under_3000")["stages"]
    route.insert(route.index("technical_review") + 1, "second_review")


def change_a_chain(d: dict) -> None:
    _by_id(d["stages"], "design_budget_approval")["chain"][0]["body"] = "county_gov"


EDITS: list[tuple[str, Callable[[dict], None]]] = [
    ("依据摘句缩短", shorten_a_citation), ("3000万元分界改为2500万元", move_the_boundary),
    ("合并编报流程增加技术复核", add_a_stage), ("初步设计第一步改由县政府办理", change_a_chain)]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run([*GIT, "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("history")
    rules = repo / "rules"
    (rules / "sources").mkdir(parents=True)
    for name in ("glossary.yaml", "calendar.yaml"):
        if (REPO_RULES / name).exists():
            shutil.copy(REPO_RULES / name, rules / name)
    shutil.copy(REPO_RULES / "sources" / f"{SLUG}.txt", rules / "sources" / f"{SLUG}.txt")
    shutil.copytree(ROOT / "tests" / "scenarios" / SLUG, repo / "tests" / "scenarios" / SLUG)
    path = rules / f"{SLUG}.yaml"
    data = _load(REPO_RULES / f"{SLUG}.yaml")
    _dump(path, data)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "巫山规则")
    for message, edit in EDITS:
        edit(data)
        _dump(path, data)
        _git(repo, "commit", "-q", "-am", message)
    return repo


def run_diff(repo: Path, capsys, *args: str) -> tuple[int, str]:
    code = cli.main(["--rules", str(repo / "rules"), "diff", *args])
    return code, capsys.readouterr().out


def test_every_revision_validates(repo: Path, capsys) -> None:
    for rev in ("HEAD~4", "HEAD"):
        assert run_diff(repo, capsys, rev, rev)[0] == 0


def test_citation_only_exits_0(repo: Path, capsys) -> None:
    code, out = run_diff(repo, capsys, "HEAD~4", "HEAD~3")
    assert code == 0, out
    assert "仅依据（条文引用）变更" in out and "环节“项目建设”的依据" in out
    assert "影响结论的变更" not in out


def test_moved_boundary_names_the_amounts_that_changed_hands(repo: Path, capsys) -> None:
    code, out = run_diff(repo, capsys, "HEAD~3", "HEAD~2")
    assert code == 3, out
    assert "不低于2500万元、不足3000万元的项目由“" in out
    assert "3000万元以上" in out.split("不低于2500万元、不足3000万元的项目由“")[1].split("”改归“")[1]


def test_added_stage(repo: Path, capsys) -> None:
    code, out = run_diff(repo, capsys, "HEAD~2", "HEAD~1")
    assert code == 3, out
    assert "新增环节“技术复核”" in out
    assert "流程“" in out and "技术复核" in out.split("流程“")[1]


def test_changed_chain_changes_scenario_answers(repo: Path, capsys) -> None:
    code, out = run_diff(repo, capsys, "--json", "HEAD~1", "HEAD")
    assert code == 3
    report = json.loads(out)
    changes = [c for r in report["regulations"] for c in r["changes"]]
    assert any(c["kind"] == diff.ANSWER and "决定步骤由" in c["text"] and "改为“县政府依据" in c["text"] for c in changes), changes
    assert report["scenarios"], "some 巫山 scenario goes through 初步设计"
    assert all(any(line.startswith("环节：") for line in s["lines"]) for s in report["scenarios"])


def test_files_and_revision_paths(repo: Path, capsys, tmp_path: Path) -> None:
    old = tmp_path / "rules"
    (old / "sources").mkdir(parents=True)
    shutil.copy(repo / "rules" / "sources" / f"{SLUG}.txt", old / "sources" / f"{SLUG}.txt")
    (old / f"{SLUG}.yaml").write_text(_git(repo, "show", f"HEAD~2:rules/{SLUG}.yaml"), encoding="utf-8")
    code, out = run_diff(repo, capsys, str(old / f"{SLUG}.yaml"), f"HEAD~1:rules/{SLUG}.yaml")
    assert code == 3 and "新增环节“技术复核”" in out
    code, out = run_diff(repo, capsys, "no-such-revision", "HEAD")
    assert code == 2


def test_changelog_newest_first_with_the_diffs(repo: Path, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(changelog, "CACHE", tmp_path / "cache")
    page = changelog.changelog_page(repo)
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert [h.split(" ", 2)[2] for h in headings] == [m for m, _ in reversed(EDITS)] + ["巫山规则"]
    sections = page.split("\n## ")[1:]
    assert "决定步骤由" in sections[0] and "测试场景：" in sections[0]
    assert "新增环节“技术复核”" in sections[1]
    assert "不低于2500万元、不足3000万元的项目由" in sections[2]
    assert "仅依据（条文引用）变更" in sections[3] and "影响结论的变更" not in sections[3]
    assert "没有它的上一个提交" in sections[4]
    assert changelog.changelog_page(repo) == page  # the second time from the cache
    assert len(list((tmp_path / "cache").glob("*.json"))) == len(EDITS)


def test_changelog_of_a_shallow_clone_and_without_git(repo: Path, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(changelog, "CACHE", tmp_path / "cache")
    clone = tmp_path / "clone"
    subprocess.run([*GIT, "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)], check=True)
    page = changelog.changelog_page(clone)
    assert "浅克隆" in page and page.count("\n## ") == 2 and "决定步骤由" in page
    plain = tmp_path / "plain"
    shutil.copytree(repo / "rules", plain / "rules")
    page = changelog.changelog_page(plain)
    assert "无法读取变更历史" in page and "Traceback" not in page


def test_inclusivity_flip_names_the_boundary_amount(book) -> None:
    """以上/以下 read the other way round: only the amount on the boundary changes hands."""
    old = book.get(SLUG).data
    new = copy.deepcopy(old)
    under, over = _by_id(new["thresholds"], "approval_documents")["bands"]
    under["max_inclusive"], over["min_inclusive"] = True, False
    answers = [c.text for c in diff.compare(old, new) if c.kind == diff.ANSWER]
    assert len(answers) == 1 and f"恰为3000万元的项目由“{over['label']}" in answers[0], answers
    assert f"改归“{under['label']}" in answers[0]
    quoted = copy.deepcopy(old)
    band = _by_id(quoted["thresholds"], "approval_documents")["bands"][0]
    band["cite"] = list(reversed(band["cite"])) if isinstance(band["cite"], list) and len(band["cite"]) > 1 else []
    assert [c.kind for c in diff.compare(old, quoted)] == [diff.CITATION]


def test_an_added_earlier_version_changes_answers(book) -> None:
    """Projects dated before the current version now fall under the earlier one."""
    old = book.get(SLUG).data
    earlier = {**copy.deepcopy(old), "valid_from": "2020-01-01", "valid_to": "2022-05-29", "superseded_by": "现行办法"}
    changes = diff.compare(old, {**old, "history": [earlier]})
    assert [(c.kind, c.text[:7]) for c in changes] == [(diff.ANSWER, "新增早期版本：")]
    assert "2020年1月1日至2022年5月29日施行的版本" in changes[0].text


def test_changelog_shows_uncommitted_edits_first(repo: Path, monkeypatch, tmp_path: Path) -> None:
    """A maintainer previewing with `nox -s serve` sees what the edit not yet committed changes."""
    monkeypatch.setattr(changelog, "CACHE", tmp_path / "cache")
    clone = tmp_path / "clone"
    subprocess.run([*GIT, "clone", "-q", f"file://{repo}", str(clone)], check=True)
    path = clone / "rules" / f"{SLUG}.yaml"
    data = _load(path)
    _by_id(data["stages"], "technical_review")["body"] = "big_data_center"
    _dump(path, data)
    page = changelog.changelog_page(clone, limit=1)
    sections = page.split("\n## ")[1:]
    assert sections[0].startswith("未提交的改动") and f"rules/{SLUG}.yaml" in sections[0]
    assert "环节“第三方评估与技术审查”：决定机构由“县发展改革委”改为“县政府办公室（县大数据管理中心）”" in sections[0]
    assert sections[1].startswith(f"{_git(repo, 'log', '-1', '--format=%ad', '--date=short').strip()} {EDITS[-1][0]}")
