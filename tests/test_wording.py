"""Plain Chinese everywhere a user reads: every scenario rendered as HTML, Markdown and command-line
text, the interview's questions, input errors and the built site's pages, scanned for Latin
identifiers and engine words (tests/wording.py). The scanner itself is tested on planted sentences."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import sys
import types
from pathlib import Path

import pytest

from calculator import api, cli, engine, html_report, report
from calculator.conditions import describe
from calculator.fields import FIELDS, form_value
from calculator.revision import changed_on
from calculator.rulebook import Rulebook

from .scenarios import load_all, plain, slug_of
from .wording import findings, visible_text

CASES = load_all()
CASES_BY_ID = dict(CASES)
ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 30)
# What a command-line user types (-r dazhou) and an error may repeat: regulation names, a wrong one.
TYPED = {"chengdu", *(w for slug in ("sichuan-province", "bazhong", "dazhou", "guangyuan", "wushan")
                      for w in slug.split("-"))}
# Pages written for the people who maintain the rules: they document the file format, whose keys
# and field names are English by design.
MAINTAINER_PAGES = "maintainers"


def _argv(command: str, slug: str, facts: dict) -> list[str]:
    out = [command, "-r", slug]
    for name, value in facts.items():
        out += ["--" + name.replace("_", "-"), form_value(value)]
    return out


def _cli_text(monkeypatch, capsys, book: Rulebook, argv: list[str], result: dict) -> str:
    """What the command line prints for these arguments. It parses them as typed; the evaluation is
    the one the test already made (the same engine call, not repeated, to keep the scan quick)."""
    monkeypatch.setattr(cli, "load", lambda _rules=None: book)
    given: dict = {}

    def evaluated(_book: Rulebook, _slug: str, fields: dict, **_kw) -> dict:
        given.update(fields)
        return result

    monkeypatch.setattr(cli.engine, "evaluate", evaluated)
    monkeypatch.setattr(cli.engine, "evaluate_change", evaluated)
    code = cli.main(argv)
    out = capsys.readouterr()
    assert code == 0, out.err
    assert len(given) == (len(argv) - 3) // 2, "every fact reached the engine"
    return out.out


@pytest.mark.parametrize("case_id,case", CASES, ids=[c[0] for c in CASES])
def test_scenario_texts_are_plain_chinese(book: Rulebook, monkeypatch, capsys, case_id: str, case: dict) -> None:
    slug = slug_of(case_id)
    project = plain(case.get("input") or {})
    if "change" in case:
        facts = {**project, **plain(case["change"])}
        result = engine.evaluate_change(book, slug, facts)
        texts = {"Markdown": report.change_markdown(result, DAY),
                 "HTML": visible_text(html_report.change_html(result, today=DAY)),
                 "命令行": _cli_text(monkeypatch, capsys, book, _argv("change", slug, facts), result)}
    else:
        result = engine.evaluate(book, slug, project)
        texts = {"Markdown": report.project_markdown(result, DAY),
                 "HTML": visible_text(html_report.project_html(result, today=DAY)),
                 "问题": visible_text(html_report.questions_form(result, book.get(slug), show_all=True)),
                 "命令行": _cli_text(monkeypatch, capsys, book, _argv("evaluate", slug, project), result)}
    problems = [f"{where}: {p}" for where, text in texts.items() for p in findings(text)]
    assert not problems, "\n".join(problems[:20])


def test_all_regulations_side_by_side_is_plain_chinese(book: Rulebook) -> None:
    """全部对比 for a project given only in part, and for a full one."""
    for facts in ({"investment": "350"}, plain(CASES[0][1]["input"])):
        result = engine.evaluate_all(book, facts)
        texts = [report.all_markdown(result, DAY), visible_text(html_report.all_html(result, today=DAY))]
        problems = [p for text in texts for p in findings(text)]
        assert not problems, "\n".join(problems[:20])


def test_input_errors_are_chinese_only(book: Rulebook, monkeypatch, capsys) -> None:
    """Each field given a wrong value: the messages a user reads (the browser's `zh`, the command
    line's stderr) have no English; English stays only in the machine-readable `en` key."""
    api._book = book
    bad = {"bool": "也许", "enum": "其他", "amount": "三百", "percent": "-5", "date": "2026-13-40"}
    for f in FIELDS:
        if f.derived:
            continue
        errors = api.validate({f.name: bad[f.type]}, f.group)
        assert errors and errors[0]["field"] == f.name
        assert not findings(errors[0]["zh"]), errors[0]
    for request in ("{", "[]", '{"action": "fly"}', '{"input": 5}', '{"regulation": "chengdu"}', '{"place": "x.y"}'):
        response = json.loads(api.handle(request))
        assert response["ok"] is False and response["errors"], request
        for error in response["errors"]:
            assert not findings(error["zh"], TYPED), error
    monkeypatch.setattr(cli, "load", lambda _rules=None: book)
    for argv in (["evaluate", "-r", "dazhou", "--investment", "-5"], ["evaluate", "-r", "chengdu"],
                 ["articles", "dazhou", "99"], ["evaluate", "-r", "dazhou", "--classified", "maybe"]):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert err and not findings(err, TYPED), err


def test_site_pages_are_plain_chinese(built_site: Path) -> None:
    """Every page's visible text (and hover/aria text) except the maintainers' format reference."""
    problems = []
    for page in sorted(built_site.rglob("*.html")):
        rel = page.relative_to(built_site)
        if rel.parts[0] == MAINTAINER_PAGES:
            continue
        problems += [f"{rel}: {p}" for p in findings(visible_text(page.read_text(encoding="utf-8")))]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:30])


# --- the scanner can fail --------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "因资金来源为“本级财政资金”且并非（资金来源为“上级统筹安排”），适用“一般程序”",
    "项目总投资为总投资不超过300万元（含300万元）",
    "适用“按“年度计划”审定”的流程",
    "未命中其他情形，适用兜底流程",
    "本库理解：按满足其一理解",
    "依据《达州市办法》（本库规则第2版）",
    "规则版本 c21e6925156e",
    "按 higher_mandate 判断",
    "市级、县级项目不适用本办法（not_applicable）",
    "立项日期：null",
    "meta 未载明",
    "valid_from 2023-06-06",
    "是否涉密：True",
])
def test_the_scanner_finds_planted_problems(sentence: str) -> None:
    assert findings(sentence), sentence
    assert findings(visible_text(f"<p title='{sentence}'>说明</p>")), "hover text is read too"


@pytest.mark.parametrize("sentence", [
    "项目总投资350万元，属于200万元以上（含200万元）、500万元以下（不含500万元）的情形，由市长审定",
    "下载清单（Word 可打开的 Markdown）、下载数据（JSON）",
    "社会资本参与（PPP）项目",
    "依据《达州市市级政府投资信息化项目管理办法》（达市府发〔2023〕9号），规则版本 2026-11-30",
])
def test_the_scanner_passes_plain_sentences(sentence: str) -> None:
    assert findings(sentence) == []


def test_visible_text_skips_scripts_and_styles() -> None:
    html = "<p>计算</p><script>const x = null;</script><style>.a{color:red}</style><p aria-label='结论'>好</p>"
    assert visible_text(html).split("\n") == ["计算", "结论", "好"]


# --- newcomer notes ------------------------------------------------------------------------------

class _Session:
    """Records what a nox session does, in order (nox itself is not installed in the test env)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple]] = []

    def log(self, *args) -> None:
        self.calls.append(("log", args))

    def run(self, *args, **_kw) -> None:
        self.calls.append(("run", args))

    def install(self, *args, **_kw) -> None:
        self.calls.append(("install", args))


def test_serve_says_the_address_first(monkeypatch) -> None:
    """Installing and the first build take minutes: the address, how to stop and how to change the
    port are said before anything else, and mkdocs serves on the address said."""
    fake = types.ModuleType("nox")
    fake.session = lambda f=None, **_kw: f if f else (lambda g: g)
    fake.options = types.SimpleNamespace()
    fake.Session = _Session
    monkeypatch.setitem(sys.modules, "nox", fake)
    monkeypatch.setenv("SERVE_ADDR", "127.0.0.1:8123")
    spec = importlib.util.spec_from_file_location("noxfile_under_test", ROOT / "noxfile.py")
    noxfile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(noxfile)
    monkeypatch.setattr(noxfile, "_npm", lambda session: session.run("npm", "ci"))
    session = _Session()
    noxfile.serve(session)
    kind, args = session.calls[0]
    assert kind == "log" and "http://127.0.0.1:8123/" in args[0] and "Ctrl+C" in args[0] and "SERVE_ADDR" in args[0]
    assert session.calls[-1] == ("run", ("mkdocs", "serve", "--dev-addr", "127.0.0.1:8123"))


def test_readme_tells_a_newcomer_how_to_stop_change_the_port_and_find_the_site() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for words in ("Ctrl+C", "SERVE_ADDR=127.0.0.1:8001 nox -s serve", "`site/`", "请通过网站地址访问"):
        assert words in readme, words


def test_the_rules_version_is_a_date(book: Rulebook, tmp_path: Path) -> None:
    """Readers are shown when the rules last changed, never a hash: from git where the file is
    committed, else the file's own date."""
    for reg in book.regulations.values():
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", reg.data["rules_date"]), reg.slug
    loose = tmp_path / "rules.yaml"
    loose.write_text("version: 1\n", encoding="utf-8")
    stamp = dt.datetime(2020, 1, 2, 12).timestamp()
    os.utime(loose, (stamp, stamp))
    assert changed_on(loose) == "2020-01-02"


# --- the sentences themselves ------------------------------------------------------------------------

def test_the_amount_that_decides_who_approves_is_named(book: Rulebook) -> None:
    """The trace and the checklist say why the 市长 decides: the amount and the range of 第十条 it falls in."""
    facts = {**plain(dict(CASES_BY_ID["dazhou/05-one-off-499.99"]["input"])), "investment": "350"}
    result = engine.evaluate(book, "dazhou", facts)
    fact = "项目总投资350万元，属于200万元以上（含200万元）、500万元以下（不含500万元）的情形"
    assert f"一事一议审定：{fact}，由市长审定" in [t["text"] for t in result["trace"]]
    assert f"市长：审定（{fact}）" in report.project_markdown(result, DAY)
    assert "适用本办法：项目层级为“市级（市本级）”" in result["applies"]["reason"]


TABLES = {"t": {"field": "investment", "bands": [{"id": "low", "label": "总投资不超过300万元（含300万元）"},
                                                {"id": "high", "label": "总投资超过300万元"}]}}


@pytest.mark.parametrize("cond,said", [
    ({"all": [{"field": "mode", "in": ["self_build"]},
              {"not": {"any": [{"field": "classified", "is": True}, {"field": "higher_mandate", "is": True}]}}]},
     "实施方式为“自行建设”，项目不涉及国家秘密，上级对项目没有明确要求"),
    ({"all": [{"field": "mode", "in": ["self_build"]},
              {"any": [{"field": "higher_mandate", "is": True}, {"field": "urgent_security", "is": True}]}]},
     "实施方式为“自行建设”，且符合以下情形之一：上级对项目有明确要求；项目涉及国家安全、情况紧急"),
    ({"any": [{"field": "higher_mandate", "is": True}, {"band": "t", "in": ["low"]}]},
     "上级对项目有明确要求，或者项目总投资不超过300万元（含300万元）"),
    ({"not": {"band": "t", "in": ["low"]}}, "项目总投资超过300万元"),
    ({"not": {"field": "level", "in": ["province"]}}, "项目层级为“市级（市本级）”或“县级（区县、乡镇）”"),
    ({"field": "unit_type", "in": ["agency", "institution", "soe"]}, "项目建设单位类型为“行政机关”、“事业单位”或“国有企业”"),
])
def test_conditions_read_as_an_official_says_them(cond: dict, said: str) -> None:
    assert describe(cond, TABLES) == said
    assert not findings(said)
