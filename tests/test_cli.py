"""The command line, run as a user would: readable Chinese, JSON, articles, clear input errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from calculator.fields import BY_NAME

from .test_engine import _unread_field

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculator", *args], capture_output=True, text=True, cwd=ROOT)


def test_evaluate_prints_a_chinese_checklist_with_articles() -> None:
    out = run("evaluate", "-r", "sichuan-province", "--level", "province", "--investment", "2000",
              "--unit-type", "agency", "--mode", "self_build", "--kind", "new", "--classified", "否")
    assert out.returncode == 0, out.stderr
    assert "合并编报" in out.stdout or "实施方案" in out.stdout
    assert "第十八条" in out.stdout
    assert "- [ ]" in out.stdout


def test_evaluate_json_round_trips() -> None:
    out = run("evaluate", "-r", "dazhou", "--investment", "200", "--level", "city", "--unit-type", "agency",
              "--funding", "fiscal", "--classified", "false", "--json")
    data = json.loads(out.stdout)
    assert data["regulation"]["slug"] == "dazhou"
    assert data["applies"]["status"] == "applies"


def test_a_partial_answer_lists_what_is_still_open() -> None:
    """Without --level nothing is assumed: the answer asks, exit code 0 (a partial answer is valid)."""
    out = run("evaluate", "-r", "wushan", "--investment", "500")
    assert out.returncode == 0, out.stderr
    assert "尚待确认是否适用本办法" in out.stdout and "## 还需确认" in out.stdout
    assert "项目属于哪一级？" in out.stdout and "若市级（市本级）：不适用本办法（第二条" in out.stdout
    name = _unread_field("dazhou")
    option = "--" + name.replace("_", "-")
    data = json.loads(run("evaluate", "-r", "dazhou", "--investment", "350", option, "true", "--json").stdout)
    assert data["questions"] and data["questions"][0]["rank"] == 0
    assert [i["field"] for i in data["ignored_inputs"]] == [name]
    label = BY_NAME[name].label.split("（")[0]
    assert f"本办法未涉及：{label}：是" in run("evaluate", "-r", "dazhou", option, "true").stdout


def test_evaluate_all_is_the_default() -> None:
    out = run("evaluate", "--investment", "500", "--json")
    assert len(json.loads(out.stdout)["results"]) == 5
    assert "五部办法对比" in run("evaluate", "--investment", "500").stdout


def test_change_question() -> None:
    out = run("change", "-r", "dazhou", "--approved-investment", "1000", "--adjustment-amount", "100",
              "--listed-reason", "是")
    assert out.returncode == 0, out.stderr
    assert "变更程序" in out.stdout


def test_articles() -> None:
    out = run("articles", "dazhou", "62")
    assert "“以下”不含本数" in out.stdout and "第六十二条" in out.stdout
    missing = run("articles", "dazhou", "67")
    assert missing.returncode == 2 and "没有第67条" in missing.stderr


def test_bad_input_is_a_message_not_a_traceback() -> None:
    out = run("evaluate", "-r", "dazhou", "--investment", "-5")
    assert out.returncode == 2
    assert out.stderr.strip() == "输入错误：“项目总投资（万元）”不能为负数", "Chinese only, no English line"
    unknown = run("evaluate", "-r", "chengdu", "--investment", "5")
    assert unknown.returncode == 2 and "未知的办法" in unknown.stderr


def test_the_checklist_restates_the_case_first() -> None:
    """Printed or pasted on its own, the answer says when, under which text and rules version, and
    what was answered; an open applicability says what to settle first."""
    out = run("evaluate", "-r", "wushan", "--investment", "500", "--mode", "self_build").stdout
    head = out.split("**是否适用**")[0]
    assert "- 所依办法：《巫山县政务信息化项目管理办法》" in head and "- 计算日期：" in head
    assert re.search(r"- 规则版本：\d{4}-\d{2}-\d{2}", head)
    assert "- 项目总投资500万元。" in head and "- 实施方式为“自行建设”。" in head
    assert "- 需先确认：项目层级" in out
    assert re.search(r"依据《巫山县政务信息化项目管理办法》，规则版本 \d{4}-\d{2}-\d{2}\n$", out)
