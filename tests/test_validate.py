"""The validator rejects bad rule data with `file:line: path: message`, for every kind of mistake.

Each case breaks one thing in a small valid file (tests/fixtures/guangyuan.yaml) and checks the
exact location and the message; the unbroken file must pass, so each case can fail.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from calculator.validate import RulesError, compile_file, load_source

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "guangyuan.yaml"
SOURCE = load_source(ROOT / "rules", "guangyuan")


def problems_for(tmp_path: Path, old: str, new: str) -> list[str]:
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text, f"fixture does not contain {old!r}"
    path = tmp_path / "guangyuan.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulesError) as info:
        compile_file(path, SOURCE, "rules/guangyuan.yaml")
    return [str(p) for p in info.value.problems]


def line_of(snippet: str) -> int:
    return FIXTURE.read_text(encoding="utf-8").split(snippet)[0].count("\n") + 1


def test_fixture_is_valid() -> None:
    assert compile_file(FIXTURE, SOURCE)["slug"] == "guangyuan"


BROKEN = [
    ("unknown key", "  short_name: 广元市\n", "  short_name: 广元市\n  nickname: 广元\n",
     "rules/guangyuan.yaml:8: meta.nickname: unknown key"),
    ("missing key", "  effective_rule: 自发布之日起施行\n", "",
     "meta.effective_rule: missing required key"),
    ("wrong type", "version: 1", "version: one", "rules/guangyuan.yaml:3: version: expected a whole number"),
    ("bad enum", "  region: 四川", "  region: 西藏", "meta.region: '西藏' is not one of: 四川, 重庆"),
    ("missing article", '{article: 26, quote: "本办法自发布之日起施行"}', '{article: 27, quote: "本办法自发布之日起施行"}',
     "meta.cite.article: 第27条 does not exist (the text has 26 articles)"),
    ("quote not verbatim", '"参照本办法管理"', '"按照本办法管理"',
     "scope.exclusions[0].cite.quote: quote not found in 第24条: '按照本办法管理'"),
    ("dangling stage ref", "    stages: [review]\n    cite: {article: 16", "    stages: [reveiw]\n    cite: {article: 16",
     "routes[0].stages[0]: 'reveiw' is not a defined stages id"),
    ("dangling body ref", "    body: eit\n    action:", "    body: nobody\n    action:",
     "stages[0].body: 'nobody' is not a defined bodies id"),
    ("dangling document ref", "documents: [tech_plan]", "documents: [tech_plans]",
     "stages[0].documents[0]: 'tech_plans' is not a defined documents id"),
    ("band gap", "        min: 100\n        min_inclusive: false", "        min: 101\n        min_inclusive: false",
     "thresholds[0].bands[1]: gap between up_to_100 and over_100 at 100"),
    ("band overlap", "        min: 100\n        min_inclusive: false", "        min: 100\n        min_inclusive: true",
     "thresholds[0].bands[1]: overlap between up_to_100 and over_100 at 100"),
    ("band closed at top", "        body: eit\n        cite: {article: 14",
     "        body: eit\n        max: 1000\n        max_inclusive: true\n        cite: {article: 14",
     "gap: values above 1000 fall in no band"),
    ("band not from zero", "        min: 0\n", "        min: 10\n", "gap: the first band must start at 0 inclusive"),
    ("numeric comparison", "{band: supervision, in: [over_100]}", "{field: investment, in: [over_100]}",
     "duties[0].when.field: investment is numeric"),
    ("unknown field", "{field: level, in: [county]}", "{field: tier, in: [county]}",
     "routes[0].when.field: unknown field 'tier'"),
    ("bad enum value in condition", "{field: level, in: [county]}", "{field: level, in: [township]}",
     "routes[0].when.in: 'township' is not a value of level"),
    ("no fallback route", "    name: 市本级项目\n", "    name: 市本级项目\n    when: {field: level, in: [city]}\n",
     "routes[1].when: the last entry is the fallback and must not have `when`"),
    ("duplicate id", "  - id: county\n", "  - id: city\n", "routes[1].id: duplicate id 'city'"),
    ("aspect neither covered nor silent", "  - liability.rectification\n", "",
     "provisions: liability.rectification is neither covered by a provision nor listed in not_specified"),
    ("unused stage", "stages:\n  - id: review\n", "stages:\n  - id: idle\n    name: 闲置\n    body: eit\n    action: 无\n"
     "    cite: {article: 11, quote: \"编制技术（设计）方案报市经济和信息化委\"}\n  - id: review\n",
     "stages[0].id: stage 'idle' is not used by any route"),
    ("yaml syntax", "slug: guangyuan", "slug: [guangyuan", "(file): YAML syntax error"),
    ("slug mismatch", "slug: guangyuan", "slug: bazhong", "slug: 'bazhong' does not match the file name 'guangyuan'"),
    ("bad date", "valid_from: null", "valid_from: 2022-13-45", "valid_from: expected a date"),
]


@pytest.mark.parametrize("old,new,message", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_rules_are_reported(tmp_path: Path, old: str, new: str, message: str) -> None:
    problems = problems_for(tmp_path, old, new)
    assert any(message in p for p in problems), "\n".join(problems)
    assert all(p.startswith("rules/guangyuan.yaml:") for p in problems)


def test_line_numbers_point_at_the_key(tmp_path: Path) -> None:
    snippet = "    body: eit\n    action:"
    problems = problems_for(tmp_path, snippet, snippet.replace("eit", "nobody"))
    expected_line = line_of(snippet)
    assert problems == [f"rules/guangyuan.yaml:{expected_line}: stages[0].body: 'nobody' is not a defined bodies id"]


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("version: 1", "version: x").replace("region: 四川", "region: 火星")
    path = tmp_path / "guangyuan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as info:
        compile_file(path, SOURCE)
    assert len(info.value.problems) == 2


def test_cli_validate_fails_with_file_line_and_no_traceback(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    broken = rules / "guangyuan.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("slug: guangyuan", "slug: guangyuan\nbogus: 1", 1),
                      encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "calculator", "--rules", str(rules), "validate"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert "rules/guangyuan.yaml:2: bogus: unknown key" in run.stderr
    assert "Traceback" not in run.stderr


def test_cli_validate_passes_on_the_real_rules() -> None:
    run = subprocess.run([sys.executable, "-m", "calculator", "validate"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "规则校验通过" in run.stdout
