"""One fact, one place: comparison cells generated from the structured rules, the cells issue 14 found
wrong, the validator's checks of free text and of “未规定”, the 全部对比 rows, and a scan of the built
site for any fact rendered two ways."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
import yaml

from calculator import comparison, engine, html_report, report
from calculator.facts import text_conflicts
from calculator.facts import speaking_items
from calculator.rulebook import REPO_RULES, Rulebook
from calculator.schedule import deadline_text
from calculator.conditions import describe
from calculator.schema import OUTCOMES, REFUSAL_OUTCOMES, TOPICS
from calculator.validate import compile_rules
from sitegen import aspects, compare, diagrams

from .books import BOOK, edited_rules, problems_of

ROOT = REPO_RULES.parent
_CELL = re.compile(r'<td data-reg="(?P<reg>[^"]+)" markdown="span">(?P<cell>.*?)</td>')
_LINK = re.compile(r'（(?:\[[^\]]+\]\([^)]*\)、?)+）')  # the article links that close each fact


def page_cells(topic: str) -> dict[tuple[str, str], str]:
    """(row label, regulation short name) -> cell Markdown, read back from the generated page."""
    page = compare.comparison_page(BOOK, topic)
    cells = {}
    for row in re.findall(r'<tr markdown="1"><th scope="row">(.*?)</th>(.*?)</tr>', page):
        label, body = html.unescape(row[0]), row[1]
        for m in _CELL.finditer(body):
            cells[(label, html.unescape(m["reg"]))] = m["cell"]
    return cells


def facts_of(cell: str) -> list[str]:
    """The facts of a cell in reading order, without their article links, unescaped."""
    return [html.unescape(re.sub(r"\[有歧义，见说明\]\([^)]*\)|（）", "", part)).strip()
            for part in _LINK.split(cell.replace("<br>", "\n")) if part.strip("\n ")]


_KINDS = ("routes", "stages", "changes", "documents", "body_duties", "duties", "refusals", "exclusions", "thresholds",
          "deadlines")  # provision references


def _steps(reg, steps: list) -> str:
    return " → ".join(reg.bodies[x["body"]]["name"] + x["action"] for x in steps)


def _band_texts(reg, ident: str) -> list[str]:
    table = reg.tables[ident]
    return [f"{table['name']}：{b['label']}——" + _steps(reg, b.get("chain") or [{"body": b["body"], "action": ""}])
            for b in table["bands"]]


def _by_amount(reg, item: dict) -> bool:
    """The item's body turns on an amount table whose bands name different deciders."""
    bands = reg.tables[item["body_from"]]["bands"] if item.get("body_from") else []
    return len({str(b.get("chain") or b.get("body")) for b in bands}) > 1


def _one_body(reg, item: dict, action: str) -> str:
    if item.get("body_from"):
        band = reg.tables[item["body_from"]]["bands"][0]
        return _steps(reg, band.get("chain") or [{"body": band["body"], "action": action}])
    return (reg.bodies[item["body"]]["name"] if item.get("body") else "项目单位") + action


def _stage_texts(reg, ident: str) -> list[str]:
    stage = reg.stages[ident]
    if stage.get("chain"):
        return [f"{stage['name']}：{_steps(reg, stage['chain'])}"]
    if _by_amount(reg, stage):
        return [f"{stage['name']}：{stage['action']}", *_band_texts(reg, stage["body_from"])]
    return [f"{stage['name']}：{_one_body(reg, stage, stage['action'])}"]


def _change_texts(reg, ident: str) -> list[str]:
    change = next(c for c in reg.data["changes"] if c["id"] == ident)
    out = [f"{change['name']}——{change['procedure']}"]
    if change.get("chain"):
        return out + ["办理步骤：" + _steps(reg, change["chain"])]
    if _by_amount(reg, change):
        return out + _band_texts(reg, change["body_from"])
    if (change.get("body") or change.get("body_from")) and _one_body(reg, change, "") not in change["procedure"]:
        out.append("办理机构：" + _one_body(reg, change, ""))
    return out


def _document_texts(reg, idents: list[str]) -> list[str]:
    out, run = [], []
    for doc in [reg.documents[i] for i in idents]:
        if doc.get("contents"):
            out += ["、".join(run)] if run else []
            out.append(f"{doc['name']}：{doc['contents']}")
            run = []
        else:
            run.append(doc["name"])
    return out + (["、".join(run)] if run else [])


def _route_text(reg, ident: str) -> str:
    """The route's stages in the order and grouping of its diagram (`diagrams.plan`, tested with the pictures)."""
    route = next(r for r in reg.data["routes"] if r["id"] == ident)
    parts = []
    for part in diagrams.plan(reg, route, diagrams.RouteCases.of(reg, route)):
        if isinstance(part, str):
            parts.append(reg.stages[part]["name"])
        else:
            title = "视情况择一" if len(part.branches) > 1 else "视情况增加"
            parts.append(title + "（" + "／".join(" → ".join(reg.stages[s]["name"] for s in b.stages)
                                                 for b in part.branches) + "）")
    return route["name"] + "：" + " → ".join(parts)


def _body_duty_text(reg, ident: str, key: str) -> str:
    """The body's 职责 tagged for the cell when some are, else all."""
    body = reg.bodies[ident]
    tagged = [d["text"] for d in body["duties"] if key in d.get("aspects", [])]
    return body["name"] + "：" + "；".join(tagged or [d["text"] for d in body["duties"]])


def _duty_text(reg, ident: str) -> str:
    """Name, ——body, （仅当…） with the condition as the engine describes it."""
    duty = next(d for d in reg.data["duties"] if d["id"] == ident)
    return (duty["name"] + ("——" + reg.bodies[duty["body"]]["name"] if duty.get("body") else "")
            + (f"（仅当{describe(duty['when'], reg.tables)}）" if duty.get("when") else ""))


def _refusal_text(reg, ident: str) -> str:
    """原则上 (where the text says it and the outcome does not already) + outcome：case；例外：exception."""
    x = next(r for r in reg.data["refusals"] if r["id"] == ident)
    outcome = REFUSAL_OUTCOMES[x["outcome"]]
    label = ("原则上" + outcome) if x["in_principle"] and "原则上" not in outcome else outcome
    return f"{label}：{x['name']}" + (f"；例外：{x['exception']}" if x.get("exception") else "")


def _exclusion_text(reg, ident: str) -> str:
    x = next(e for e in reg.data["scope"]["exclusions"] if e["id"] == ident)
    return f"{OUTCOMES[x['outcome']]}：{x['text']}"


def expected_facts(reg, topic: str, aspect: str) -> list[str] | None:
    """The text each structured fact of the cell must read, computed from the rules here, not by the page
    code; None when the cell has no structured facts."""
    key = f"{topic}.{aspect}"
    if key == "scope.threshold":
        leaves = re.findall(r"'band': '(\w+)', 'in': \[([^\]]*)\]", str(reg.data["scope"]["applies_when"]))
        bands = [b for table, ids in leaves if reg.tables[table]["field"] == "investment"
                 for b in reg.tables[table]["bands"] if f"'{b['id']}'" in ids]
        return [f"项目总投资{b['label']}" for b in bands] or ["未设金额门槛"]
    found = [p for p in reg.data["provisions"] if (p["topic"], p["aspect"]) == (topic, aspect)
             and any(p.get(kind) for kind in _KINDS)]
    if not found:
        return None
    out = []
    for p in found:
        out += [_route_text(reg, r) for r in p.get("routes", [])]
        out += [t for s in p.get("stages", []) for t in _stage_texts(reg, s)]
        out += [t for c in p.get("changes", []) for t in _change_texts(reg, c)]
        out += _document_texts(reg, p.get("documents", []))
        out += [_body_duty_text(reg, b, f"{topic}.{aspect}") for b in p.get("body_duties", [])]
        out += [_duty_text(reg, d) for d in p.get("duties", [])]
        out += [_refusal_text(reg, r) for r in p.get("refusals", [])]
        out += [_exclusion_text(reg, x) for x in p.get("exclusions", [])]
        out += [t for table in p.get("thresholds", []) for t in _band_texts(reg, table)]
        out += [f"{reg.deadlines[d]['name']}：{deadline_text(reg.deadlines[d])}" for d in p.get("deadlines", [])]
    return out


@pytest.mark.parametrize("topic", list(TOPICS))
def test_every_structured_cell_equals_the_derived_text(topic: str) -> None:
    cells = page_cells(topic)
    checked = 0
    for aspect, label in TOPICS[topic][1].items():
        for reg in BOOK.regulations.values():
            expected = expected_facts(reg, topic, aspect)
            if expected is None:
                continue
            got = facts_of(cells[(label, reg.meta["short_name"])])
            assert [g for g in got if g in expected] == expected, (reg.slug, aspect, got)
            checked += 1
    if topic in ("scope", "deadlines", "changes", "documents", "procedure", "authorities", "acceptance", "om_performance",
                 "security", "liability"):
        assert checked >= 5, checked


def test_every_deadline_is_in_exactly_one_comparison_cell() -> None:
    cells = page_cells("deadlines")
    for reg in BOOK.regulations.values():
        column = "\n".join(c for (label, short), c in cells.items() if short == reg.meta["short_name"])
        for d in reg.data["deadlines"]:
            assert html.unescape(column).count(f"{d['name']}：{deadline_text(d)}") == 1, (reg.slug, d["id"])


def _cell(topic: str, aspect: str, slug: str) -> str:
    reg = BOOK.get(slug)
    return html.unescape(compare.aspect_cell(reg, topic, aspect))


# The cells issue 14 named, each with what the text says.

def test_dazhou_mid_year_adjustment_is_in_july_not_by_the_end_of_july() -> None:
    cell = _cell("deadlines", "application_window", "dazhou")
    assert "中期调整建议：每年7月（" in cell and "7月底" not in cell.split("中期调整")[1]


def test_every_deadline_states_its_strength() -> None:
    for reg in BOOK.regulations.values():
        for d in reg.data["deadlines"]:
            line = aspects.deadline_line(reg, d["id"]).words
            if d["in_principle"]:
                assert "原则上" in line, (reg.slug, d["id"])
            if d["strength"] == "at_least":
                assert re.search("不低于|不少于|经|满", line), (reg.slug, d["id"], line)
    assert "不低于7日" in _cell("deadlines", "review", "dazhou")
    assert re.search("原则上(不超过)?1年", _cell("deadlines", "construction", "dazhou"))


def test_wushan_half_year_stays_half_year() -> None:
    cell = _cell("deadlines", "construction", "wushan")
    assert "半年内" in cell and "6个月" not in cell


def test_no_threshold_reads_the_same_everywhere() -> None:
    for slug in ("sichuan-province", "guangyuan", "wushan"):
        assert _cell("scope", "threshold", slug).startswith(aspects.NO_THRESHOLD), slug
    assert "未规定" not in "".join(_cell("scope", "threshold", s) for s in BOOK.regulations)


def test_bazhong_threshold_is_the_band_with_its_ambiguity() -> None:
    cell = compare.aspect_cell(BOOK.get("bazhong"), "scope", "threshold")
    assert html.unescape(cell).startswith("项目总投资30万元以上（含30万元）")
    assert "#r-ambiguities-art2_threshold_inclusive" in cell
    assert all("按含30万元理解" not in p.get("text", "") for p in BOOK.get("bazhong").data["provisions"])


def test_dazhou_one_off_approval_reads_the_chains_of_the_bands() -> None:
    """The old free text said “200万元以下分管财政副市长”; 第十条 has two vice-mayors review first."""
    cell = _cell("procedure", "special", "dazhou")
    assert "200万元以下（不含200万元）——分管项目建设单位的副市长和分管数字经济工作的副市长审核 → 分管财政工作的副市长审定" in cell
    assert "5000万元以上（含5000万元）——" in _cell("changes", "supplementary", "dazhou")


def test_sichuan_exclusions_cite_article_53() -> None:
    assert "#art-53" in compare.aspect_cell(BOOK.get("sichuan-province"), "scope", "exclusions")


@pytest.mark.parametrize("slug, article", [("sichuan-province", 47), ("dazhou", 53)])
def test_termination_includes_supervisory_termination(slug: str, article: int) -> None:
    cell = compare.aspect_cell(BOOK.get(slug), "changes", "termination")
    assert f"#art-{article}" in cell and "直至终止项目" in html.unescape(cell)


def test_dazhou_post_evaluation_body_is_named_as_the_text_names_it() -> None:
    reg = BOOK.get("dazhou")
    stage = reg.stages["post_evaluation"]
    assert reg.bodies[stage["body"]]["name"] == "市数字经济局会同市财政局"
    assert any(c["article"] == 52 for c in stage["cite"])


def test_bazhong_technical_review_is_by_the_leading_group_office() -> None:
    reg = BOOK.get("bazhong")
    first = reg.stages["preliminary_design"]["chain"][0]
    assert reg.bodies[first["body"]]["name"].startswith("领导小组办公室")
    assert any(c["article"] == 6 for c in first["cite"])


# The validator: free text against the structured rules, 未规定 earned.



def _line_of(rules: Path, slug: str, needle: str) -> int:
    return (rules / f"{slug}.yaml").read_text(encoding="utf-8").split(needle)[0].count("\n") + 1


FREE_TEXT = [
    ("wushan", "[performance_report], text: 建设期内每年年底前提交", "[performance_report], text: 建设期内每年年底前提交，建成后6个月内申请验收",
     "'6个月' (matches no deadline|disagrees .*半年)"),
    ("dazhou", "每年7月中期调整", "每年7月底前中期调整", "'每年7月底前' disagrees with the deadline 'mid_year_adjustment'"),
    ("dazhou", "每年10月底前申报入库（", "每年10月底前申报入库、试运行1个月（", r"it is a minimum \(不低于/不少于\)"),
    ("dazhou", "每年10月底前申报入库（", "每年10月底前申报入库、建设周期不超过1年（", "原则上 must be said"),
]


@pytest.mark.parametrize("slug, old, new, message", FREE_TEXT)
def test_free_text_deadlines_must_agree_with_the_rules(tmp_path: Path, slug: str, old: str, new: str, message: str) -> None:
    rules = edited_rules(tmp_path, slug, old, new)
    problems = problems_of(rules, slug)
    found = [p for p in problems if re.search(message, p)]
    assert found, problems
    assert found[0].startswith(f"rules/{slug}.yaml:{_line_of(rules, slug, new)}: provisions[")


def test_free_text_amounts_must_be_threshold_bounds() -> None:
    data = BOOK.get("bazhong").data
    assert text_conflicts("投资额度35万元以上", data) == [
        "'35万元' is not a bound of any threshold table in 万元 (a fact the tables must hold first)"]
    assert text_conflicts("投资额度30万元以上", data) == []


def test_silence_must_be_earned(tmp_path: Path) -> None:
    """四川 declared silent on 排除与参照 although 第五十三条 says 可参照本办法: the build stops."""
    rules = edited_rules(tmp_path, "sichuan-province", "not_specified:\n", "not_specified:\n  - scope.exclusions\n")
    path = rules / "sichuan-province.yaml"
    path.write_text(re.sub(r"\n  - \{topic: scope, aspect: exclusions,[^\n]*", "", path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    problems = problems_of(rules, "sichuan-province")
    assert any("not_specified: scope.exclusions is listed as 未规定 but 第53条 speaks of '参照本办法'" in p for p in problems), problems


def test_threshold_cell_cannot_be_retyped(tmp_path: Path) -> None:
    rules = edited_rules(tmp_path, "dazhou", "provisions:\n",
                        "provisions:\n  - {topic: scope, aspect: threshold, text: 总投资30万元以上, "
                        "cite: {article: 2, quote: \"总投资30万元以上的下列信息化软硬件项目\"}}\n")
    assert any("provisions[0].aspect: scope.threshold is generated from scope.applies_when" in p
               for p in problems_of(rules, "dazhou"))


def test_a_deadline_missing_from_the_comparison_stops_the_build(tmp_path: Path) -> None:
    rules = edited_rules(tmp_path, "dazhou", "  - {topic: deadlines, aspect: construction, deadlines: [construction_1y]}\n", "")
    problems = problems_of(rules, "dazhou")
    assert any("deadline 'construction_1y' is listed in no comparison row" in p for p in problems), problems
    assert any("deadlines.construction is neither covered by a provision nor listed in not_specified" in p for p in problems)


def test_every_security_duty_is_in_a_security_row() -> None:
    cells = page_cells("security")
    for reg in BOOK.regulations.values():
        column = "\n".join(f for (label, short), c in cells.items() if short == reg.meta["short_name"] for f in facts_of(c))
        for d in reg.data["duties"]:
            if d["topic"] in ("security", "crypto", "classified", "data_sharing"):
                assert d["name"] in column, (reg.slug, d["id"])


def test_a_security_duty_in_no_row_stops_the_build(tmp_path: Path) -> None:
    rules = edited_rules(tmp_path, "wushan", "sharing_exemption_approval, data_governance]", "sharing_exemption_approval]")
    problems = problems_of(rules, "wushan")
    line = _line_of(rules, "wushan", "  - id: data_governance")
    assert any(p.startswith(f"rules/wushan.yaml:{line}: duties[") and
               "duty 'data_governance' (data_sharing) is listed in no 安全与数据共享 row" in p for p in problems), problems


UNKNOWN_IDS = [
    ("dazhou", "aspect: termination, changes: [termination]", "aspect: termination, changes: [terminate]", "changes"),
    ("dazhou", "materials, documents: [pre_acceptance_letter, acceptance_report]", "materials, documents: [pre_acceptance_letter, report]",
     "documents"),
    ("dazhou", "stages: [acceptance_pre_approval, acceptance]", "stages: [acceptance_pre_approval, acceptence]", "stages"),
    ("bazhong", "routes: [full_route]", "routes: [full_rout]", "routes"),
    ("sichuan-province", "duties: [om_multi_year]", "duties: [om_multiyear]", "duties"),
    ("wushan", "refusals: [om_not_shared, om_not_in_catalog, om_insecure, om_not_integrated]",
     "refusals: [om_not_shared, om_not_in_catalog, om_insecure, om_not_integratd]", "refusals"),
    ("bazhong", "exclusions: [classified, county_projects]", "exclusions: [classified, county_project]", "exclusions"),
    ("guangyuan", "body_duties: [leading_group]", "body_duties: [leading_groups]", "bodies"),
]


@pytest.mark.parametrize("slug, old, new, kind", UNKNOWN_IDS)
def test_an_unknown_item_id_in_a_row_stops_the_build(tmp_path: Path, slug: str, old: str, new: str, kind: str) -> None:
    rules = edited_rules(tmp_path, slug, old, new)
    bad = new.split("[")[1].split("]")[0].split(", ")[-1]
    found = [p for p in problems_of(rules, slug) if f"{bad!r} is not a defined {kind} id" in p]
    assert found and found[0].startswith(f"rules/{slug}.yaml:{_line_of(rules, slug, new)}: provisions["), found


def test_silence_is_refused_where_a_change_item_models_the_aspect(tmp_path: Path) -> None:
    """达州 第四十三条 has a 补充合同 procedure in `changes`: declaring the aspect 未规定 stops the build on the
    item itself, not only on the article's words."""
    rules = edited_rules(tmp_path, "dazhou", "not_specified: []", "not_specified: [changes.supplementary]")
    path = rules / "dazhou.yaml"
    path.write_text(re.sub(r"\n  - \{topic: changes, aspect: supplementary,[^\n]*", "", path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    problems = problems_of(rules, "dazhou")
    assert any("not_specified: changes.supplementary is listed as 未规定 but changes 'supplementary_contract' models it"
               in p for p in problems), problems
    data = BOOK.get("dazhou").data
    assert list(speaking_items("changes.supplementary", data)) == [
        "supplementary_redo", "supplementary_contract", "supplementary_other_subject"]
    assert list(speaking_items("changes.supplementary", {"changes": [c for c in data["changes"]
                                                                   if "supplementary" not in str(c.get("when"))]})) == []
    # A duty of the aspect's topic speaks to it too: 巴中's 密码 duty (第四十五条).
    assert list(speaking_items("security.crypto", BOOK.get("bazhong").data)) == [
        d["id"] for d in BOOK.get("bazhong").data["duties"] if d["topic"] == "crypto"] != []


def test_silence_is_refused_where_a_refusal_withholds_om_funds(tmp_path: Path) -> None:
    """巫山 第二十五至二十七条 withhold 运行维护经费 (refusals): its 运维经费 row cannot be declared 未规定."""
    rules = edited_rules(tmp_path, "wushan", "not_specified:\n", "not_specified:\n  - om_performance.om_budget\n")
    path = rules / "wushan.yaml"
    path.write_text(re.sub(r"\n  - \{topic: om_performance, aspect: om_budget,[^\n]*", "", path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    assert any("not_specified: om_performance.om_budget is listed as 未规定 but refusals 'om_not_shared' models it" in p
               for p in problems_of(rules, "wushan"))
    data = BOOK.get("wushan").data
    assert list(speaking_items("om_performance.om_budget", data)) == [
        x["id"] for x in data["refusals"] if x["outcome"] == "no_om_funding"] != []


RETYPED = [
    ("bazhong", "text: 监管部门对违规项目可暂停项目建设直至终止项目", "text: 报市政府同意后终止；监管部门对违规项目可暂停项目建设直至终止项目",
     "repeats '市政府', already stated by changes 'termination'"),
    ("dazhou", "text: 安全可靠产品、密码应用和安全审查", "text: 提交履约验收报告；安全可靠产品、密码应用和安全审查",
     "repeats '履约验收报告', already stated by documents 'acceptance_report'"),
    ("sichuan-province", "text: 经审核按规定纳入年初部门预算", "text: 财政厅经审核按规定纳入年初部门预算",
     "repeats '财政厅', already stated by duties 'om_budget'"),
    ("wushan", "text: 运维项目纳入项目清单和年度投资计划", "text: 运维项目纳入项目清单和年度投资计划；存量信息化项目或信息系统应整合而未整合的单位，不安排运行维护经费",
     "repeats '存量信息化项目或信息系统应整合而未整合的单位，不安排运行维护经费', already stated by refusals 'om_not_integrated'"),
    ("dazhou", "text: 与达市府规〔2022〕1号", "text: 涉密信息化项目按照涉密相关程序组织实施；与达市府规〔2022〕1号",
     "repeats '涉密信息化项目按照涉密相关程序组织实施', already stated by exclusions 'classified'"),
    ("wushan", "body_duties: [cyber_center, secrecy_bureau, crypto_authority]",
     "body_duties: [cyber_center, secrecy_bureau, crypto_authority], text: 县保密局负责涉密审查, cite: {article: 4, quote: \"县保密局\"}",
     "repeats '县保密局', already stated by body_duties 'secrecy_bureau'"),
    # an item the row does not reference is retyped: reference it instead
    ("guangyuan", "text: 对挪用资金未规定罚则", "text: 纳入政府采购预算和政府购买服务预算；对挪用资金未规定罚则",
     "repeats '纳入政府采购预算和政府购买服务预算', the words of duties 'procurement_budget'; reference it instead"),
    ("wushan", "text: 不能按期组织或验收的", "text: 存量信息化项目或信息系统应整合而未整合的单位，不支持新建信息化项目；不能按期组织或验收的",
     "repeats '存量信息化项目或信息系统应整合而未整合的单位，不支持新建信息化项目', the words of refusals 'new_not_integrated'"),
]


@pytest.mark.parametrize("slug, old, new, message", RETYPED)
def test_free_text_may_not_retype_a_referenced_item(tmp_path: Path, slug: str, old: str, new: str, message: str) -> None:
    rules = edited_rules(tmp_path, slug, old, new)
    found = [p for p in problems_of(rules, slug) if message in p]
    assert found and found[0].startswith(f"rules/{slug}.yaml:{_line_of(rules, slug, new)}: provisions["), found


def _cell_after(tmp_path: Path, slug: str, old: str, new: str, topic: str, aspect: str) -> str:
    """The cell as the page words it from a rules copy with one edit (which must still validate)."""
    rules = edited_rules(tmp_path, slug, old, new)
    compiled = compile_rules(rules, rules.parent, (slug,))
    book = Rulebook({"format": 1, "version": "test", "regulations": compiled["regulations"],
                     "calendar": compiled["calendar"]})
    return html.unescape(compare.aspect_cell(book.get(slug), topic, aspect))


DRIFT = [  # one edit per kind of item; the cell follows the item, never the old wording
    ("dazhou", "action: 核报, cite: {article: 46", "action: 审核后报送, cite: {article: 46", "changes", "termination",
     "办理步骤：项目建设单位提出终止申请 → 市数字经济局核报 → ", "市数字经济局审核后报送 → "),
    ("dazhou", "等级保护或分级保护方案、密码应用方案）、资金来源", "等级保护或分级保护方案）、资金来源", "documents", "application",
     "密码应用方案", "等级保护或分级保护方案）、资金来源"),
    ("dazhou", "action: 组织履约验收，合格后正式投入使用", "action: 组织履约验收", "acceptance", "organizer",
     "合格后正式投入使用", "履约验收：项目建设单位组织履约验收（"),
    ("bazhong", "name: 基本建设程序（项目建议书、可研、初步设计）", "name: 基本建设程序", "procedure", "full_route",
     "基本建设程序（项目建议书", "基本建设程序：提出次年度建设需求并申报 → "),
    ("sichuan-province", "name: 运行维护服务可采购不超过三年履行期限，分年签订政府采购合同", "name: 运行维护服务可分年签订政府采购合同",
     "om_performance", "om_procurement", "可采购不超过三年履行期限", "运行维护服务可分年签订政府采购合同（仅当"),
    ("dazhou", "name: 开展信息安全等级保护测评\n    when: {not: {field: classified, is: true}}",
     "name: 开展信息安全等级保护测评\n    when: {field: classified, is: true}", "security", "cyber",
     "开展信息安全等级保护测评（仅当项目不涉及国家秘密）", "开展信息安全等级保护测评（仅当项目涉及国家秘密）"),
    ("wushan", "name: 存量信息化项目或信息系统应整合而未整合的单位，不安排运行维护经费", "name: 应整合而未整合的单位",
     "om_performance", "om_budget", "不予安排运行维护经费：存量信息化项目", "不予安排运行维护经费：应整合而未整合的单位（"),
    ("bazhong", "text: 本办法只适用于非涉密信息化项目，涉密项目不适用", "text: 涉密项目不适用", "scope", "exclusions",
     "本办法只适用于非涉密", "不适用本办法：涉密项目不适用（"),
    ("guangyuan", "text: 负责全市信息化项目建设的管理、领导和协调", "text: 负责全市信息化项目的领导", "authorities", "leadership",
     "领导小组：负责全市信息化项目建设的管理、领导和协调（", "市信息化工作领导小组：负责全市信息化项目的领导（"),
]


@pytest.mark.parametrize("slug, old, new, topic, aspect, before, after", DRIFT)
def test_a_changed_item_changes_its_cell(tmp_path: Path, slug: str, old: str, new: str, topic: str, aspect: str,
                                         before: str, after: str) -> None:
    assert before in _cell(topic, aspect, slug) and after not in _cell(topic, aspect, slug)
    cell = _cell_after(tmp_path, slug, old, new, topic, aspect)
    assert after in cell and before not in cell, cell


# 全部对比: substance side by side.

def _all_350() -> dict:
    """A 350万 city project with every fact answered (the input of tests/scenarios/dazhou/71-…)."""
    case = yaml.safe_load((ROOT / "tests/scenarios/dazhou/71-not-isolated-proceeds.yaml").read_text(encoding="utf-8"))
    raw = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in case["input"].items()}
    return engine.evaluate_all(BOOK, {**raw, "start_date": "2026-01-05"})


def test_compare_all_rows_for_a_350_project() -> None:
    result = _all_350()
    rows = {r["key"]: r for r in result["comparison"]}
    assert [r["key"] for r in result["comparison"]] == [k for k, _ in comparison.ROWS]
    names = [r["regulation"]["slug"] for r in result["results"]]
    col = {slug: i for i, slug in enumerate(names)}
    # 四川省 is a provincial regulation: a city project is not under it, and every row says so and why.
    sichuan = [rows[k]["values"][col["sichuan-province"]] for k, _ in comparison.ROWS]
    assert sichuan[0].startswith("不适用")
    assert sichuan[0].count("不适用本办法") == 1 and "省级" in sichuan[0]
    assert all(v == "不适用" for v in sichuan[1:]), sichuan
    assert not any(v in ("0", "0 步", "—") for v in sichuan)
    # 达州市: 350万 lies in 200–500万, decided by the mayor (第十条).
    dazhou = {k: rows[k]["values"][col["dazhou"]] for k, _ in comparison.ROWS}
    assert "市长" in dazhou["bodies"]
    assert re.fullmatch(r"\d+ 步.*", dazhou["steps"]) and int(dazhou["steps"].split()[0]) >= 2
    assert "：" in dazhou["deadlines"] and "原则上" in dazhou["deadlines"]
    assert re.match(r"至“完成招标控制价预算评审”约4个月（最晚2026年5月\d+日）", dazhou["duration"]), dazhou["duration"]
    assert "建设周期" in dazhou["duration"] and "每年" not in dazhou["duration"]
    assert rows["applies"]["differs"] and rows["bodies"]["differs"]


def test_compare_all_renders_lists_and_differences() -> None:
    result = _all_350()
    page = html_report.all_html(result)
    assert page.count('<span class=tag>不同</span>') >= 3
    assert "<ol><li>" in page and 'data-reg="达州市"' in page
    markdown = report.all_markdown(result)
    assert "| **≠** 审批机构（按先后） |" in markdown and "| 不适用 |" in markdown


def test_duration_needs_a_start_date() -> None:
    result = _all_350()
    without = engine.evaluate_all(BOOK, {k: v for k, v in result["results"][0]["input"].items() if k != "start_date"})
    values = next(r for r in without["comparison"] if r["key"] == "duration")["values"]
    assert values.count("填写立项日期后推算") == 3 and values.count("不适用") == 2
    assert comparison._duration({"deadlines": []}, dt.date(2026, 1, 5)).text == "本办法的时限不足以推算总时长"


# The built site: no fact rendered two ways.

def _visible(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_site_renders_each_fact_one_way(built_site: Path) -> None:
    pages = {p.relative_to(built_site).as_posix(): _visible(p) for p in built_site.rglob("*.html")
             if not p.name.startswith("404") and "maintainers" not in p.parts}
    everything = "\n".join(pages.values())
    # Deadlines: the wordings the texts do not use never appear (每年7月 is not 7月底前, 半年 not 6个月).
    for wrong in ("中期调整建议：每年7月底前", "建成后6个月内", "半年（6个月）", "按含30万元理解", "不设金额门槛"):
        assert wrong not in everything, wrong
    for reg in BOOK.regulations.values():
        own = _visible(built_site / "regulations" / f"{reg.slug}.html")
        for d in reg.data["deadlines"]:
            assert f"{d['name']}：{deadline_text(d)}" in pages["compare/deadlines.html"], d["id"]
            assert deadline_text(d) in own, (reg.slug, d["id"])
        # Amount: the threshold cell is one wording in the comparison and on the regulation page.
        threshold = facts_of(compare.aspect_cell(reg, "scope", "threshold"))[0]
        assert threshold in pages["compare/scope.html"] and threshold in own, reg.slug
        # Status: never an assumed 现行 where the text does not state it.
        if reg.meta["status"] is None:
            card = (built_site / "regulations" / f"{reg.slug}.html").read_text(encoding="utf-8")
            assert "<dt>效力</dt><dd><em>原文未载明，请核实现行效力</em></dd>" in card, reg.slug
        # Bodies: each body's name as the rules give it is what the pages show.
        for body in reg.data["bodies"]:
            assert body["name"] in own, (reg.slug, body["id"])
    # No threshold cell says 未规定 where another page says 未设金额门槛.
    scope = (built_site / "compare" / "scope.html").read_text(encoding="utf-8")
    row = re.search(r'<th scope="row">金额门槛</th>(.*?)</tr>', scope, re.S).group(1)
    assert "未规定" not in row and row.count(aspects.NO_THRESHOLD) == 3


def test_a_row_lists_only_the_body_duties_tagged_for_it() -> None:
    """巫山 第四条: three bodies manage jointly; the 领导机构 row shows that 职责 of each (and 第五条's
    协商机制 of 县发展改革委), not every 职责 they have."""
    cell = page_cells("authorities")[("领导机构", "巫山县")]
    assert facts_of(cell) == [
        "县政府办公室（县大数据管理中心）：会同县级各部门（单位）对政务信息化项目实施联合管理",
        "县发展改革委：会同县级各部门（单位）对政务信息化项目实施联合管理；建立县级政务信息化项目建设管理协商机制",
        "县财政局：会同县级各部门（单位）对政务信息化项目实施联合管理"]


def test_an_unknown_aspect_on_a_body_duty_stops_the_build(tmp_path: Path) -> None:
    rules = edited_rules(tmp_path, "guangyuan", "aspects: [authorities.technical]", "aspects: [authorities.tech]")
    assert any("bodies[" in p and "'authorities.tech' is not a known topic.aspect" in p
               for p in problems_of(rules, "guangyuan"))
