"""A sixth regulation, the way the maintainers' page says to add one: `calculator new` on its text,
the rules completed (here by a script, as a maintainer would by hand), `validate`, then the site.

The regulation is synthetic (某市, seven articles) and lives only in a temporary copy of rules/, with
an earlier version of itself so the version pages are built too. One site build: it must show the
regulation on every comparison page, in the threshold picture, as a place in the calculator's first
question, and in the compiled rules the calculator's 全部对比 runs on.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from calculator import cli, engine
from calculator.draft import find_candidates
from calculator.rulebook import REPO_RULES, Rulebook
from calculator.schema import TOPICS
from calculator.sources import parse
from calculator.validate import compile_rules

from .site_build import ROOT, build_site

SLUG = "moushi"
SHORT = "某市"
TEXT = """某市人民政府办公室
关于印发某市政务信息化项目管理办法的通知
各区县人民政府，市政府各部门：
现将《某市政务信息化项目管理办法》印发给你们，请认真贯彻执行。
某市人民政府办公室
2025年3月1日

某市政务信息化项目管理办法

第一章 总则
第一条 为规范本市政务信息化项目管理，制定本办法。
第二条 本办法适用于市本级使用财政资金建设的政务信息化项目。
第二章 审批
第三条 项目总投资500万元以下的，由市大数据局审批实施方案。
第四条 项目总投资超过500万元的，由市发展改革委审批可行性研究报告。
第五条 市大数据局应当在收到申报材料之日起15个工作日内完成审查。
第六条 项目建设内容发生重大变更的，应当报原审批部门批准。
第三章 附则
第七条 本办法由市大数据局负责解释，自2025年4月1日起施行。
"""


def cite(article: int, quote: str) -> dict[str, Any]:
    assert quote in TEXT, quote
    return {"article": article, "quote": quote}


def complete(d: dict[str, Any]) -> None:
    """What a maintainer writes after `calculator new`: meta left open, scope, bodies, the route per
    band, the time limit, the change procedure, coverage; the drafts then confirmed or removed."""
    d["valid_from"] = dt.date(2025, 4, 1)
    d["meta"].update(short_name=SHORT, region="四川")
    d["scope"] = {"summary": "市本级使用财政资金建设的政务信息化项目", "applies_when": {"field": "level", "in": ["city"]},
                  "cite": cite(2, "本办法适用于市本级使用财政资金建设的政务信息化项目"), "exclusions": []}
    d["bodies"] = [
        {"id": "data_bureau", "name": "市大数据局", "duties": [{"text": "审批实施方案", "cite": cite(3, "由市大数据局审批实施方案")}]},
        {"id": "ndrc", "name": "市发展改革委", "duties": [{"text": "审批可行性研究报告", "cite": cite(4, "由市发展改革委审批可行性研究报告")}]}]
    d["documents"] = [{"id": "plan", "name": "实施方案", "cite": cite(3, "审批实施方案")},
                      {"id": "feasibility", "name": "可行性研究报告", "cite": cite(4, "审批可行性研究报告")}]
    d["thresholds"] = [{"id": "approval", "name": "审批机关", "field": "investment", "unit": "万元", "bands": [
        {"id": "to_500", "label": "500万元以下（含500万元）", "min": 0, "min_inclusive": True, "max": 500,
         "max_inclusive": True, "body": "data_bureau", "cite": cite(3, "项目总投资500万元以下的")},
        {"id": "over_500", "label": "超过500万元", "min": 500, "min_inclusive": False, "body": "ndrc",
         "cite": cite(4, "项目总投资超过500万元的")}]}]
    d["stages"] = [
        {"id": "plan_approval", "name": "实施方案审批", "body": "data_bureau", "action": "审批实施方案",
         "documents": ["plan"], "cite": cite(3, "由市大数据局审批实施方案")},
        {"id": "feasibility_approval", "name": "可行性研究报告审批", "body": "ndrc", "action": "审批可行性研究报告",
         "documents": ["feasibility"], "cite": cite(4, "由市发展改革委审批可行性研究报告")}]
    d["routes"] = [
        {"id": "small", "name": "500万元以下：实施方案", "when": {"band": "approval", "in": ["to_500"]},
         "stages": ["plan_approval"], "cite": cite(3, "项目总投资500万元以下的")},
        {"id": "large", "name": "超过500万元：可行性研究报告", "stages": ["feasibility_approval"],
         "cite": cite(4, "项目总投资超过500万元的")}]
    d["deadlines"] = [{"id": "review", "name": "实施方案审查", "kind": "duration", "value": 15, "unit": "工作日",
                       "strength": "at_most", "in_principle": False, "trigger": "收到申报材料之日起",
                       "stage": "plan_approval", "cite": cite(5, "在收到申报材料之日起15个工作日内完成审查")}]
    d["changes"] = [{"id": "major", "name": "重大变更报批", "procedure": "报原审批部门批准",
                     "cite": cite(6, "项目建设内容发生重大变更的，应当报原审批部门批准")}]
    d["provisions"] = [{"topic": "scope", "aspect": "units", "text": "市本级使用财政资金建设的项目",
                        "cite": cite(2, "本办法适用于市本级使用财政资金建设的政务信息化项目")},
                       {"topic": "deadlines", "aspect": "review", "deadlines": ["review"]}]
    written = {("scope", "units"), ("deadlines", "review"), ("scope", "threshold")}  # the last from the bands
    d["not_specified"] = [f"{topic}.{aspect}" for topic, (_, aspects) in TOPICS.items() for aspect in aspects
                          if (topic, aspect) not in written]
    d["not_operative"] = [{"article": 1, "reason": "立法目的"}, {"article": 7, "reason": "解释机关与施行日期"}]
    d["drafts"] = [{**x, "confirmed": True} for x in d["drafts"] if x["kind"] == "period"]


@pytest.fixture(scope="module")
def rules(tmp_path_factory) -> Path:
    """A copy of rules/ with the sixth regulation added through `calculator new` and completed."""
    rules = tmp_path_factory.mktemp("sixth") / "rules"
    shutil.copytree(REPO_RULES, rules)
    source = rules.parent / "text.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert cli.main(["--rules", str(rules), "new", SLUG, str(source)]) == 0
    path = rules / f"{SLUG}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    complete(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    earlier = copy.deepcopy(data)
    earlier.update(version=1, valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2025, 3, 31),
                   superseded_by="某市政务信息化项目管理办法（2025年）")
    (rules / SLUG).mkdir()
    (rules / "sources" / SLUG).mkdir()
    (rules / SLUG / "2024-01-01.yaml").write_text(yaml.safe_dump(earlier, allow_unicode=True, sort_keys=False),
                                                  encoding="utf-8")
    shutil.copy(rules / "sources" / f"{SLUG}.txt", rules / "sources" / SLUG / "2024-01-01.txt")
    return rules


def test_new_reports_articles_chapters_and_candidates(tmp_path: Path, capsys) -> None:
    rules = tmp_path / "rules"
    (rules / "sources").mkdir(parents=True)
    source = tmp_path / "text.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert cli.main(["--rules", str(rules), "new", SLUG, str(source)]) == 0
    out = capsys.readouterr().out
    assert "共7条，3章：第一章 总则、第二章 审批、第三章 附则" in out and "候选金额门槛2处、候选时限1处" in out
    draft = yaml.safe_load((rules / f"{SLUG}.yaml").read_text(encoding="utf-8"))
    assert draft["meta"]["title"] == "某市政务信息化项目管理办法" and draft["meta"]["level"] == "市级"
    assert draft["meta"]["issuer"] == "某市人民政府办公室" and draft["meta"]["interpreter"] == "市大数据局"
    assert draft["meta"]["region"] is None, "the notice does not say 四川 or 重庆: left for the maintainer"
    assert [(x["kind"], x["text"], x["cite"]["article"]) for x in draft["drafts"]] == [
        ("threshold", "500万元以下", 3), ("threshold", "超过500万元", 4), ("period", "15个工作日内", 5)]
    assert all(x["cite"]["quote"] in TEXT and x["confirmed"] is False for x in draft["drafts"])
    assert (rules / f"{SLUG}.yaml").read_text(encoding="utf-8").count("尚未覆盖") == 1
    assert cli.main(["--rules", str(rules), "validate"]) == 1
    errors = capsys.readouterr().err
    assert re.search(rf"rules/{SLUG}\.yaml:\d+: drafts\[0\]: draft threshold '500万元以下' \(第3条\) is not confirmed", errors)
    assert re.search(rf"rules/{SLUG}\.yaml:\d+: not_operative: 第1条 is neither cited", errors)
    assert "Traceback" not in errors
    assert cli.main(["--rules", str(rules), "new", SLUG, str(source)]) == 2, "an existing file is not overwritten"


def test_completed_rules_validate_and_the_engine_compares_six(rules: Path) -> None:
    book = Rulebook(compile_rules(rules, rules.parent))
    assert len(book.regulations) == 6 and list(book.regulations)[-1] != SLUG  # 市级 sorts before 县级
    result = engine.evaluate_all(book, {"investment": "600", "level": "city"})
    mine = next(r for r in result["results"] if r["regulation"]["slug"] == SLUG)
    assert mine["route"]["id"] == "large" and [s["id"] for s in mine["stages"]] == ["feasibility_approval"]
    early = engine.evaluate(book, SLUG, {"investment": "600", "level": "city", "start_date": "2025-03-31"})
    assert early["regulation"]["version"] == 1


def test_the_site_shows_it_everywhere(rules: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    run = build_site(site, rules)
    assert run.returncode == 0, run.stderr[-3000:]
    compare = sorted((ROOT / "docs" / "compare").glob("*.md"))
    assert len(compare) >= 10
    for page in compare:
        html = (site / "compare" / f"{page.stem}.html").read_text(encoding="utf-8")
        assert SHORT in html, f"{page.stem}: the sixth regulation is missing"
    thresholds = (site / "compare" / "thresholds.html").read_text(encoding="utf-8")
    assert "审批机关" in thresholds and "500万元以下（含500万元）" in thresholds
    calculator = (site / "calculator.html").read_text(encoding="utf-8")
    assert re.search(rf'<option value="{SLUG}\.city"[^>]*>{SHORT}市本级</option>', calculator)
    compiled = json.loads((site / "assets" / "calculator" / "rules.json").read_text(encoding="utf-8"))
    assert SLUG in compiled["regulations"], "全部对比 runs on the compiled rules"
    page = (site / "regulations" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "某市政务信息化项目管理办法" in page and f'href="{SLUG}.2024-01-01.html"' in page
    old = (site / "regulations" / f"{SLUG}.2024-01-01.html").read_text(encoding="utf-8")
    assert "已失效的版本" in old and 'id="art-3"' in old
    changelog = (site / "maintainers" / "changelog.html").read_text(encoding="utf-8")
    assert "无法读取变更历史" in changelog, "the copy has no git: the page says so"


@pytest.mark.parametrize("text_file", sorted((REPO_RULES / "sources").glob("*.txt")), ids=lambda p: p.stem)
def test_candidates_in_the_real_texts_quote_their_articles(text_file: Path) -> None:
    """On each of the five texts: candidates are found, and each quote is verbatim in its article
    and holds the amount or period it stands for (so the validator accepts the draft's citations)."""
    source = parse(text_file.stem, text_file.read_text(encoding="utf-8"))
    found = find_candidates(source)
    assert {c.kind for c in found} == {"threshold", "period"}
    for c in found:
        assert c.text in c.quote and source.article(c.article).contains(c.quote), c
