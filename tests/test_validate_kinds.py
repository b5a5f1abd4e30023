"""Every kind of bad rules data ends in `file:line: path: message`, never a traceback.

Each kind is one small mutation of a real file in a temporary copy of rules/ (a rules file, a
source text or the glossary). The test asserts the exact `file:line: path` and a fragment of the
message, and that `compile_rules` raises RulesError and nothing else. The unmutated copy compiles
(test_unmutated_rules_compile), so every kind can fail. The table of kinds and how each ended is
written to test-output/validator-kinds.md.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest

from calculator import coverage as coverage_module
from calculator.validate import RulesError, compile_rules, coverage

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "test-output" / "validator-kinds.md"
GY, DZ, BZ, SRC, GL = "guangyuan.yaml", "dazhou.yaml", "bazhong.yaml", "sources/guangyuan.txt", "glossary.yaml"
SLUG_OF = {GY: "guangyuan", DZ: "dazhou", BZ: "bazhong", SRC: "guangyuan", GL: "bazhong"}

Mutation = Callable[[str], "str | bytes | None"]  # None deletes the file


@dataclass(frozen=True)
class Kind:
    name: str
    file: str
    mutate: Mutation
    line: int | str  # a line number, or a snippet of the mutated text whose line is expected
    path: str
    message: str

    def expected_line(self, mutated: str) -> int:
        if isinstance(self.line, int):
            return self.line
        assert self.line in mutated, f"snippet {self.line!r} not in the mutated file"
        return mutated[:mutated.index(self.line)].count("\n") + 1


def replace(old: str, new: str) -> Mutation:
    def mutate(text: str) -> str:
        assert old in text, f"{old!r} not found: the real rules changed, update this kind"
        return text.replace(old, new, 1)
    return mutate


def sub(pattern: str, new: str) -> Mutation:
    """Replace the one match of a regex on stable structure (^ and $ match at every line)."""
    def mutate(text: str) -> str:
        result, count = re.subn(pattern, new, text, count=1, flags=re.MULTILINE)
        assert count == 1, f"{pattern!r} not found: the real rules changed, update this kind"
        return result
    return mutate


def append(extra: str) -> Mutation:
    return lambda text: text + extra


def whole(content: str | bytes | None) -> Mutation:
    return lambda text: content


def gbk(text: str) -> bytes:
    return text.encode("gbk", errors="replace")


GY_TEXT = (ROOT / "rules" / GY).read_text(encoding="utf-8")


def line_of(pattern: str) -> int:
    """The line of the real guangyuan.yaml where `pattern` matches, for kinds whose message names a line."""
    found = re.search(pattern, GY_TEXT, flags=re.MULTILINE)
    assert found, f"{pattern!r} not found in rules/{GY}"
    return GY_TEXT[:found.start()].count("\n") + 1


VERSION = r"^version: \d+$"  # whatever the number
NOT_OPERATIVE = r"^not_operative:\n"  # the existing list: new entries go first, as not_operative[0]
FIRST_DECLARED = r"^(not_operative:\n)  - \{article: (\d+),[^\n]*\n"
DECLARED = int(re.search(FIRST_DECLARED, GY_TEXT, flags=re.MULTILINE)[2])  # an article no rule cites


def not_operative_first(entry: str) -> Mutation:
    return sub(NOT_OPERATIVE, f"not_operative:\n  - {entry}\n")


DEEP = "{not: " * 30 + "{field: classified, is: true}" + "}" * 30
BOMB = "\nbomb: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nbomb2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
BAND1 = "        min: 100\n        min_inclusive: false"
STAGE_NAME = "    name: 纳入三年信息化建设项目滚动库"
EXCL_WHEN = "      when: {field: classified, is: true}"
SUPERVISION_WHEN = "{band: supervision_threshold, in: [over_100]}"
READING = "    reading: 按项目总投资计算；"
READING_REST = "“超过”不含本数，恰为100万元的不触发，100万元以上（不含）触发"
PUBLICITY = "    kind: duration\n    value: 7\n"

KINDS = [
    # numbers
    Kind("band bound .nan", GY, replace(BAND1, "        min: .nan\n        min_inclusive: false"), "min: .nan",
         "thresholds[0].bands[1].min", "expected a number ≥ 0, got number .nan"),
    Kind("band bound .inf", GY, replace("        max: 100\n", "        max: .inf\n"), "max: .inf",
         "thresholds[0].bands[0].max", "expected a number ≥ 0, got number .inf"),
    Kind("band bound negative", GY, replace(BAND1, "        min: -100\n        min_inclusive: false"), "min: -100",
         "thresholds[0].bands[1].min", "expected a number ≥ 0, got number -100"),
    Kind("band bound text", GY, replace("        max: 100\n", "        max: 一百万\n"), "max: 一百万",
         "thresholds[0].bands[0].max", "expected a number ≥ 0, got text '一百万'"),
    Kind("band bound boolean", GY, replace("        max: 100\n", "        max: true\n"), "max: true",
         "thresholds[0].bands[0].max", "expected a number ≥ 0, got boolean true"),
    Kind("band bound null", GY, replace("        max: 100\n", "        max: null\n"), "max: null",
         "thresholds[0].bands[0].max", "expected a number ≥ 0, got nothing (null)"),
    Kind("band bound astronomically large", GY, replace("        max: 100\n", "        max: 1.0e+999999999\n"), "max: 1.0e",
         "thresholds[0].bands[0].max", "out of range"),
    Kind("band bound with too many decimals", GY, replace("        max: 100\n", "        max: 100.0000001\n"), "max: 100.0",
         "thresholds[0].bands[0].max", "out of range"),
    Kind("whole number with 5000 digits", GY, sub(VERSION, "version: " + "9" * 5000), "version:",
         "version", "expected a whole number"),
    Kind("number where a boolean is expected", GY, replace("        min_inclusive: false", "        min_inclusive: 0"),
         "min_inclusive: 0", "thresholds[0].bands[1].min_inclusive", "expected true or false, got number 0"),
    Kind("article as Chinese text", GY, replace('{article: 24, quote: "涉密', '{article: 二十四, quote: "涉密'),
         "article: 二十四", "scope.exclusions[0].cite.article", "expected a whole number, got text '二十四'"),
    Kind("negative article", GY, replace('{article: 24, quote: "涉密', '{article: -24, quote: "涉密'),
         "article: -24", "scope.exclusions[0].cite.article", "must be at least 0"),
    Kind("band max without max_inclusive", GY, replace("        max_inclusive: true\n", ""), "      - id: up_to_100",
         "thresholds[0].bands[0]", "max and max_inclusive go together"),
    # a string (or list) where a mapping is expected, a mapping where a list is expected
    Kind("string as a stage", GY, replace("stages:\n", "stages:\n  - 纳入滚动库\n"), "  - 纳入滚动库",
         "stages[0]", "expected a mapping (环节（stages）), got text '纳入滚动库'"),
    Kind("string as a threshold table", GY, replace("thresholds:\n", "thresholds:\n  - 100万元\n"), "  - 100万元",
         "thresholds[0]", "expected a mapping (门槛表（thresholds）), got text '100万元'"),
    Kind("string as a band", GY, replace("    bands:\n", "    bands:\n      - 100万元以下\n"), "      - 100万元以下",
         "thresholds[0].bands[0]", "expected a mapping (金额/比例区间（band）), got text"),
    Kind("string as a deadline", DZ, replace("deadlines:\n", "deadlines:\n  - 每年10月底前\n"), "  - 每年10月底前",
         "deadlines[0]", "expected a mapping (时限（deadlines）), got text '每年10月底前'"),
    Kind("string as a provision", GY, replace("provisions:\n", "provisions:\n  - 适用范围\n"), "  - 适用范围",
         "provisions[0]", "expected a mapping (对比条目（provisions）), got text '适用范围'"),
    Kind("string as a citation", GY, replace('      cite: {article: 24, quote: "涉密信息化建设项目严格遵守保密相关法律法规和规定，参照本办法管理"}',
                                            "      cite: 第二十四条"), "cite: 第二十四条",
         "scope.exclusions[0].cite", "expected a citation {article, quote} or a non-empty list of them, got text"),
    Kind("string as a condition", GY, replace(EXCL_WHEN, "      when: 涉密"), "when: 涉密",
         "scope.exclusions[0].when", "a condition must be a mapping, got text '涉密'"),
    Kind("list where a mapping is expected", GY, replace("meta:\n", "meta: []\nmeta_old:\n"), "meta: []",
         "meta", "expected a mapping (元数据（meta）), got a list"),
    Kind("mapping where a list is expected", GY, replace("deadlines: []", "deadlines: {}"), "deadlines: {}",
         "deadlines", "expected a list, got a mapping"),
    Kind("string where a list is expected", GY, replace("not_specified:\n  - procedure.simplified\n",
                                                        "not_specified: procedure.simplified\nnot_specified_old:\n"),
         "not_specified: procedure", "not_specified", "expected a list, got text 'procedure.simplified'"),
    Kind("list where text is expected", GY, replace("  short_name: 广元市", "  short_name: [广元市]"), "short_name:",
         "meta.short_name", "expected text, got a list"),
    Kind("list as an enum value", GY, replace("  region: 四川", "  region: [四川]"), "region:",
         "meta.region", "a list is not one of: 四川, 重庆"),
    # references and conditions
    Kind("list as a reference", GY, replace(STAGE_NAME + "\n    body: eit_commission",
                                            STAGE_NAME + "\n    body: [eit_commission]"), "body: [eit_commission]",
         "stages[0].body", "expected an id, got a list"),
    Kind("list as a band name in a condition", GY, replace(SUPERVISION_WHEN, "{band: [supervision_threshold], in: [over_100]}"),
         "{band: [supervision_threshold]", "duties[0].when.band", "expected a name, got a list"),
    Kind("mapping as a field name in a condition", GY, replace(EXCL_WHEN, "      when: {field: {name: classified}, is: true}"),
         "when: {field: {name", "scope.exclusions[0].when.field", "expected a name, got a mapping"),
    Kind("text as `in` of a condition", GY, replace("    when: {field: level, in: [county]}", "    when: {field: level, in: county}"),
         "when: {field: level, in: county}", "routes[1].when.in", "expected a non-empty list of ids, got text 'county'"),
    Kind("text as `is` of a condition", GY, replace(EXCL_WHEN, "      when: {field: classified, is: 是}"), "is: 是",
         "scope.exclusions[0].when.is", "expected true or false, got text '是'"),
    Kind("two forms in one condition", GY, replace(EXCL_WHEN, "      when: {field: classified, is: true, not: {field: level, in: [city]}}"),
         "is: true, not:", "scope.exclusions[0].when", "a condition has exactly one of all / any / not / band / field"),
    Kind("empty `all`", GY, replace("  applies_when:\n    all:\n      - {field: level, in: [city, county]}\n"
                                    "      - {field: funding, in: [fiscal, superior, social]}",
                                    "  applies_when:\n    all: []"), "    all: []",
         "scope.applies_when.all", "expected a non-empty list of conditions, got a list"),
    Kind("enum field tested with `is`", GY, replace("    when: {field: level, in: [county]}", "    when: {field: level, is: true}"),
         "{field: level, is: true}", "routes[1].when.is", "level is not a boolean field"),
    Kind("unknown band table in a condition", GY, replace(SUPERVISION_WHEN, "{band: supervision, in: [over_100]}"),
         "{band: supervision,", "duties[0].when.band", "'supervision' is not a defined thresholds id"),
    Kind("unknown band in a condition", GY, replace(SUPERVISION_WHEN, "{band: supervision_threshold, in: [over_1000]}"),
         "in: [over_1000]", "duties[0].when.in", "'over_1000' is not a band of supervision_threshold"),
    Kind("condition nested 30 deep", GY, replace(EXCL_WHEN, "      when: " + DEEP), "when: {not",
         "(file)", "nested more than 20 levels deep"),
    Kind("100000 nested brackets", GY, sub(VERSION, "version: " + "[" * 100000 + "]" * 100000), "version:",
         "(file)", "nested more than 20 levels deep"),
    # YAML features rules never need
    Kind("duplicate key", GY, replace("  short_name: 广元市\n", "  short_name: 广元市\n  short_name: 广元\n"),
         "  short_name: 广元\n", "meta.short_name", f"duplicate key (first given on line {line_of('^  short_name: ')})"),
    Kind("duplicate top-level key", GY, sub(r"^(version: \d+)$", r"\1\nversion: 0"), line_of(VERSION) + 1, "version",
         f"duplicate key (first given on line {line_of(VERSION)})"),
    Kind("alias bomb", GY, append(BOMB), "bomb: &a", "(file)", "anchors and aliases (&name, *name) are not allowed"),
    Kind("python object tag", GY, replace("  issuer: null", '  issuer: !!python/object/apply:os.system ["true"]'),
         "issuer: !!python", "(file)", "YAML type tag:yaml.org,2002:python/object/apply:os.system is not allowed"),
    Kind("binary value", GY, replace("  issuer: null", "  issuer: !!binary aGVsbG8="), "issuer: !!binary",
         "(file)", "YAML type tag:yaml.org,2002:binary is not allowed"),
    Kind("list as a mapping key", GY, append("\n? [a, b]\n: 1\n"), "[a, b]", "(file)", "a key must be a plain word"),
    Kind("multi-line key", GY, append('\n"bad\\nkey": 1\n'), "\"bad", "bad\\nkey", "unknown key"),
    Kind("control character in text", GY, replace(STAGE_NAME, "    name: 纳入\x07滚动库"), "纳入\x07", "(file)",
         "YAML syntax error: unacceptable character #x0007"),
    Kind("two YAML documents", GY, append("\n---\nslug: guangyuan\n"), "---", "(file)", "YAML syntax error: "),
    Kind("empty rules file", GY, whole(""), 1, "(file)", "expected a mapping (规则文件), got nothing (null)"),
    Kind("rules file that is a list", GY, whole("- slug\n"), 1, "(file)", "expected a mapping (规则文件), got a list"),
    Kind("datetime where a date is expected", GY, replace("  dates: []", "  dates:\n    - {kind: printed, date: 2020-01-01 10:00:00, "
                                                            "cite: {article: 26, quote: 本办法自发布之日起施行}}"),
         "date: 2020", "meta.dates[0].date", "expected a date YYYY-MM-DD"),
    # files
    Kind("rules file larger than 1 MB", GY, append("#" + "x" * 1_000_000 + "\n"), 1, "(file)", "the limit is 1000000"),
    Kind("rules file missing", GY, whole(None), 1, "(file)", "file is missing"),
    Kind("rules file not UTF-8", GY, gbk, "valid_from", "(file)", "file is not UTF-8"),
    Kind("source text missing", SRC, whole(None), 1, "(file)", "file is missing"),
    Kind("source text not UTF-8", SRC, gbk, 1, "(file)", "file is not UTF-8"),
    Kind("source text without articles", SRC, whole("广元市信息化建设项目管理办法\n（正文缺失）\n"), 1,
         "(file)", "no articles found"),
    # markup in rules text
    Kind("<script> in a stage name", GY, replace(STAGE_NAME, "    name: 纳入<script>alert(1)</script>滚动库"), "<script>",
         "stages[0].name", "looks like an HTML tag ('<script>alert(1)</script>滚动库')"),
    Kind("<img onerror> in a duty", GY, replace("      - text: 组织项目验收", "      - text: 组织项目验收<img src=x onerror=alert(1)>"),
         "<img", "bodies[1].duties[6].text", "looks like an HTML tag"),
    Kind("HTML comment", GY, replace(STAGE_NAME, "    name: 纳入<!-- x -->滚动库"), "<!--", "stages[0].name", "looks like an HTML tag"),
    Kind("closing tag", GY, replace(STAGE_NAME, "    name: 纳入滚动库</td></tr>"), "</td>", "stages[0].name", "looks like an HTML tag"),
    Kind("javascript: link", GY, replace(READING, "    reading: 见[说明](javascript:alert(1))；"), "javascript:",
         "ambiguities[0].reading", "link target 'javascript:alert(1' is not allowed"),
    Kind("data: link", GY, replace(READING, "    reading: 见[说明](data:text/html;base64,PHNjcmlwdD4=)；"), "data:",
         "ambiguities[0].reading", "link target 'data:text/html;base64,PHNjcmlwdD4=' is not allowed"),
    Kind("https link", GY, replace(READING, "    reading: 见[原文](https://example.com/a)；"), "https:",
         "ambiguities[0].reading", "link target 'https://example.com/a' is not allowed"),
    Kind("protocol-relative link", GY, replace(READING, "    reading: 见[原文](//evil.example/a)；"), "//evil",
         "ambiguities[0].reading", "link target '//evil.example/a' is not allowed"),
    Kind("entity-encoded javascript link", GY, replace(READING, "    reading: 见[说明](&#106;avascript&#58;alert(1))；"),
         "&#106;", "ambiguities[0].reading", "is not allowed"),
    Kind("image with outside source", GY, replace(READING, "    reading: 见![图](http://example.com/x.png)；"), "![图]",
         "ambiguities[0].reading", "link target 'http://example.com/x.png' is not allowed"),
    Kind("reference-style link definition", GY, replace(READING + READING_REST, '    reading: "按项目总投资计算\\n[x]: javascript:alert(1)\\n"'),
         "reading:", "ambiguities[0].reading", "link target 'javascript:alert(1)' is not allowed"),
    Kind("bare URL", GY, replace(READING, "    reading: 详见https://example.com；"), "详见https",
         "ambiguities[0].reading", "contains a https: address"),
    Kind("text-direction override", GY, replace(STAGE_NAME, "    name: 纳入\u202e库动滚"), "纳入\u202e",
         "stages[0].name", "invisible text-direction control character"),
    # the glossary
    Kind("glossary: markup in a definition", GL, replace("  definition: 项目单位向审批部门", "  definition: <b>项目单位</b>向审批部门"),
         "<b>", "[0].definition", "looks like an HTML tag"),
    Kind("glossary: link in a term", GL, replace("- term: 项目建议书", "- term: '[项目建议书](javascript:x)'"), "javascript",
         "[0].term", "is not allowed"),
    Kind("glossary: missing definition", GL, replace("  definition: 项目单位向审批部门提出建设某一项目的建议文件，说明建设必要性、主要内容和投资估算，是立项的第一步。\n", ""),
         "- term: 项目建议书", "[0].definition", "missing required key"),
    Kind("glossary: entry is a string", GL, replace("- term: 项目建议书\n", "- 项目建议书\n- term: 项目建议书\n"), "- 项目建议书",
         "[0]", "expected a mapping (术语), got text"),
    Kind("glossary: quote not verbatim", GL, replace('{regulation: bazhong, article: 17, quote: "原则上包括',
                                                    '{regulation: bazhong, article: 17, quote: "一律包括'), "一律包括",
         "[0].refs[0].quote", "quote not found in bazhong 第17条"),
    Kind("glossary: unknown regulation", GL, replace("{regulation: bazhong, article: 17", "{regulation: chongqing, article: 17"),
         "chongqing", "[0].refs[0].regulation", "'chongqing' is not one of: sichuan-province"),
    Kind("glossary: duplicate term", GL, replace("- term: 可行性研究报告", "- term: 项目建议书"), "- term: 项目建议书\n  definition: 对项目",
         "[1].term", "term '项目建议书' is already defined in [0]"),
    Kind("glossary: duplicate key", GL, replace("- term: 初步设计方案\n", "- term: 初步设计方案\n  term: 初设\n"), "  term: 初设",
         "[2].term", "duplicate key"),
    # deadlines and coverage
    Kind("deadline window backwards", BZ, replace("    window: [12, 24]", "    window: [24, 12]"), "window: [24, 12]",
         "deadlines[1].window", "expected [from, to] with from ≤ to"),
    Kind("deadline window bound as text", BZ, replace("    window: [12, 24]", "    window: [12, 二十四]"), "window: [12, 二十四]",
         "deadlines[1].window[1]", "expected a whole number, got text '二十四'"),
    Kind("duration without value", DZ, replace(PUBLICITY, "    kind: duration\n"), "  - id: price_publicity_7d",
         "deadlines[2].value", "required for kind duration"),
    Kind("`after` chain loops", DZ, replace(PUBLICITY + "    unit: 日\n    strength: at_least\n    in_principle: false\n"
                                            "    trigger: 立项后功能清单网上公示开始\n    after: start",
                                            PUBLICITY + "    unit: 日\n    strength: at_least\n    in_principle: false\n"
                                            "    trigger: 立项后功能清单网上公示开始\n    after: price_publicity_7d"),
         "after: price_publicity_7d", "deadlines[2].after", "`after` chain loops back to itself"),
    Kind("not operative but cited", GY, not_operative_first("{article: 14, reason: 仅为门槛}"), "{article: 14, reason",
         "not_operative[0].article", "第14条 is cited by a rule"),
    Kind("not operative twice", GY, sub(FIRST_DECLARED, r"\g<0>  - {article: \2, reason: 再次声明}\n"), "reason: 再次声明",
         "not_operative[1].article", f"第{DECLARED}条 is already declared not operative in not_operative[0]"),
    Kind("not operative article that does not exist", GY, not_operative_first("{article: 99, reason: 无}"),
         "{article: 99", "not_operative[0].article", "第99条 does not exist (the text has 26 articles)"),
    Kind("article neither cited nor declared", GY, sub(FIRST_DECLARED, r"\1"), line_of(NOT_OPERATIVE),
         "not_operative", f"第{DECLARED}条 is neither cited by a rule nor declared in not_operative"),
]

RESULTS: list[tuple[str, str]] = []


@pytest.fixture(scope="module", autouse=True)
def kinds_report() -> Iterator[None]:
    yield
    REPORT.parent.mkdir(exist_ok=True)
    rows = [f"| {i} | {name} | `{outcome.replace('|', '&#124;')}` |" for i, (name, outcome) in enumerate(RESULTS, 1)]
    REPORT.write_text(f"# Validator: {len(RESULTS)} kinds of bad rules data and how each ends\n\n"
                      "| # | kind | first matching problem |\n|---|---|---|\n" + "\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    rules = tmp_path_factory.mktemp("pristine") / "rules"
    shutil.copytree(ROOT / "rules", rules, ignore=shutil.ignore_patterns("*.md"))
    return rules


def mutated_copy(pristine: Path, tmp_path: Path, kind: Kind) -> tuple[Path, str]:
    rules = tmp_path / "rules"
    shutil.copytree(pristine, rules)
    return rules, mutate_file(rules, kind.file, kind.mutate)


def mutate_file(rules: Path, file: str, mutate: Mutation) -> str:
    """Apply one mutation to rules/<file> and return the mutated text (as read back)."""
    target = rules / file
    content = mutate(target.read_text(encoding="utf-8"))
    if content is None:
        target.unlink()
    elif isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    return content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content or ""


def test_there_are_at_least_83_kinds() -> None:
    assert len({k.name for k in KINDS}) == len(KINDS) >= 83


def test_unmutated_rules_compile(pristine: Path) -> None:
    compiled = compile_rules(pristine, pristine.parent, ("guangyuan", "dazhou", "bazhong"))
    assert set(compiled["regulations"]) == {"guangyuan", "dazhou", "bazhong"}


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_bad_rules_end_in_file_line_path_message(pristine: Path, tmp_path: Path, kind: Kind) -> None:
    rules, text = mutated_copy(pristine, tmp_path, kind)
    with pytest.raises(RulesError) as info:  # any other exception fails the test
        compile_rules(rules, tmp_path, (SLUG_OF[kind.file],))
    problems = [str(p) for p in info.value.problems]
    where = f"rules/{kind.file}:{kind.expected_line(text)}: {kind.path}: "
    matching = [p for p in problems if p.startswith(where) and kind.message in p[len(where):]]
    assert matching, f"expected {where}…{kind.message}…, got:\n" + "\n".join(problems)
    RESULTS.append((kind.name, matching[0]))


@pytest.mark.parametrize("name", ["alias bomb", "source text not UTF-8", "string as a stage"])
def test_cli_validate_exits_1_without_traceback(pristine: Path, tmp_path: Path, name: str) -> None:
    kind = next(k for k in KINDS if k.name == name)
    rules, _ = mutated_copy(pristine, tmp_path, kind)
    shutil.copy(ROOT / "rules" / "FORMAT.md", rules / "FORMAT.md")
    run = subprocess.run([sys.executable, "-m", "calculator", "--rules", str(rules), "validate"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert f"rules/{kind.file}:" in run.stderr and kind.message in run.stderr


def test_a_source_with_a_hundredth_article_compiles(pristine: Path, tmp_path: Path) -> None:
    """Article labels past 99 (第一百零五条) used to crash the compiler."""
    rules = tmp_path / "rules"
    shutil.copytree(pristine, rules)
    mutate_file(rules, SRC, append("\n第一百零五条 本条为测试而加。\n"))
    mutate_file(rules, GY, not_operative_first("{article: 105, reason: 测试用条文}"))  # every article is accounted for
    compiled = compile_rules(rules, tmp_path, ("guangyuan",))
    assert compiled["regulations"]["guangyuan"]["articles"]["105"]["label"] == "第一百零五条"


def test_coverage_counts_cited_declared_and_neither(pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full = coverage(compile_rules(pristine, pristine.parent, ("guangyuan",)))["guangyuan"]
    assert full.neither == [] and DECLARED in full.not_operative and DECLARED not in full.cited
    monkeypatch.setattr(coverage_module, "REQUIRE_FULL_COVERAGE", False)  # report "neither" instead of refusing it
    rules, _ = mutated_copy(pristine, tmp_path, Kind("", GY, sub(FIRST_DECLARED, r"\1"), 1, "", ""))
    result = coverage(compile_rules(rules, tmp_path, ("guangyuan",)))["guangyuan"]
    assert result.neither == [DECLARED] and DECLARED not in result.not_operative
    assert 14 in result.cited and result.not_operative == [n for n in full.not_operative if n != DECLARED]
    assert result.articles == len(result.cited) + len(result.not_operative) + len(result.neither) == 26
