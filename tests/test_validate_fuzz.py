"""Property: whatever is done to a valid rules file, the validator returns rules or RulesError.

Hypothesis mutates valid files the ways people and editors break them (delete or duplicate a
line or key, retype a value, perturb numbers and quotes, nest deeper, swap list and mapping,
add anchors or markup) and the validator must answer with well-formed `file:line: path: message`
problems, never another exception. One file is validated per example to keep this fast; the
number of examples run is written to test-output/validator-fuzz.md.
"""

from __future__ import annotations

import math
import re
import tempfile
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.glossary_check import check_glossary
from calculator.sources import parse
from calculator.validate import RulesError, compile_text, load_source

ROOT = Path(__file__).resolve().parent.parent
DISPLAY = "rules/guangyuan.yaml"
SOURCE = load_source(ROOT / "rules", "guangyuan")
SMALL = (Path(__file__).parent / "fixtures" / "guangyuan.yaml").read_text(encoding="utf-8")
REAL = (ROOT / "rules" / "guangyuan.yaml").read_text(encoding="utf-8")
GLOSSARY = (ROOT / "rules" / "glossary.yaml").read_text(encoding="utf-8")
SOURCES = {slug: load_source(ROOT / "rules", slug) for slug in ("sichuan-province", "bazhong", "dazhou", "guangyuan", "wushan")}
WELL_FORMED = re.compile(r"rules/guangyuan\.yaml:(\d+): (\S[^\n]*?): ([^\n]+)")
RAN: dict[str, int] = {}

VALUES = ["null", "true", "0", "-1", "1.5", ".nan", "-.inf", "1e999", "0x1F", "9" * 30, "''", '"<b>x</b>"',
          "[]", "{}", "[a, b]", "{a: 1}", "2022-13-45", "2020-01-01 10:00:00", "'[x](javascript:y)'", "&a x", "*a",
          "!!binary aGk=", "文本", "|\n  多行\n  文本"]
NUMBERS = ["0", "-5", "100.5", "1e3", "1.0e+99", ".inf", ".NaN", "0o17", "1_000", "100.0000001", "二十"]
SNIPPETS = ['"', "'", "{", "}", "[", "]", ": ", "- ", "#", "&x ", "*x", "<script>", "](http://x)", "\t", "  ", "|", "\x00", "\x07", "\r", "\ufeff", "\u202e"]


@pytest.fixture(scope="module", autouse=True)
def fuzz_report() -> Iterator[None]:
    yield
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    lines = [f"- {name}: {count} examples" for name, count in RAN.items()]
    (out / "validator-fuzz.md").write_text("# Validator fuzzing (hypothesis)\n\n" + "\n".join(lines) + "\n", encoding="utf-8")


def assert_rules_or_problems(text: str, test: str) -> None:
    RAN[test] = RAN.get(test, 0) + 1
    try:
        compile_text(text, SOURCE, DISPLAY)
    except RulesError as exc:
        assert exc.problems
        assert_well_formed(exc.problems, text, WELL_FORMED)


def assert_well_formed(problems: list, text: str, pattern: re.Pattern) -> None:
    last_line = text.count("\n") + 2
    for problem in problems:
        match = pattern.fullmatch(str(problem))
        assert match, f"malformed problem: {problem!r}"
        assert 1 <= int(match.group(1)) <= last_line, str(problem)


# --- line-level edits: what a person does in an editor ------------------------------------------

@st.composite
def line_edit(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    i = draw(st.integers(0, len(lines) - 1))
    line = lines[i]
    op = draw(st.sampled_from(["delete", "duplicate", "retype", "number", "insert", "indent", "dedent", "nest"]))
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, line)
    elif op == "retype" and ": " in line:
        lines[i] = line.split(": ", 1)[0] + ": " + draw(st.sampled_from(VALUES))
    elif op == "number" and re.search(r"\d+", line):
        lines[i] = re.sub(r"\d+(\.\d+)?", draw(st.sampled_from(NUMBERS)), line, count=1)
    elif op == "insert":
        at = draw(st.integers(0, len(line)))
        lines[i] = line[:at] + draw(st.sampled_from(SNIPPETS)) + line[at:]
    elif op == "indent":
        lines[i] = "  " + line
    elif op == "dedent":
        lines[i] = line[2:] if line.startswith("  ") else line
    elif op == "nest" and ": " in line:
        key, value = line.split(": ", 1)
        lines[i] = f"{key}: " + draw(st.sampled_from(["[{}]", "{{all: [{}]}}", "{{x: {}}}", "[[[{}]]]"])).format(value)
    return "\n".join(lines)


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    for _ in range(draw(st.integers(1, 3))):
        text = draw(line_edit(text))
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited(SMALL))
def test_line_edits_of_a_small_rules_file(text: str) -> None:
    assert_rules_or_problems(text, "line edits, small rules file (tests/fixtures/guangyuan.yaml)")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited(REAL))
def test_line_edits_of_a_real_rules_file(text: str) -> None:
    assert_rules_or_problems(text, "line edits, real rules file (rules/guangyuan.yaml)")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited(GLOSSARY))
def test_line_edits_of_the_glossary(text: str) -> None:
    RAN["line edits, rules/glossary.yaml"] = RAN.get("line edits, rules/glossary.yaml", 0) + 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "glossary.yaml"
        path.write_text(text, encoding="utf-8")
        problems = check_glossary(path, "rules/glossary.yaml", SOURCES)
    assert_well_formed(problems, text, re.compile(r"rules/glossary\.yaml:(\d+): (\S[^\n]*?): ([^\n]+)"))


# --- tree-level edits: keys and values of the parsed file ---------------------------------------

def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path in a parsed YAML tree (the root included)."""
    found = [prefix]
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, child in children:
        found += paths(child, prefix + (key,))
    return found


def replaced(tree: Any, path: tuple, change: Any) -> Any:
    """A copy of `tree` with the value at `path` passed through `change` (which may return DELETE)."""
    if not path:
        return change(tree)
    key, rest = path[0], path[1:]
    if isinstance(tree, dict):
        out = {}
        for k, v in tree.items():
            new = replaced(v, rest, change) if k == key else v
            if new is not DELETE:
                out[k] = new
        return out
    items = [replaced(v, rest, change) if i == key else v for i, v in enumerate(tree)]
    return [v for v in items if v is not DELETE]


DELETE = object()
RETYPED = [None, True, 0, -1, 1.5, math.nan, math.inf, "", "文本", "<i>x</i>", "[x](//host/a)", [], {}, 10 ** 40]
CHANGES = {
    "delete": lambda v: DELETE,
    "list": lambda v: [v],
    "mapping": lambda v: {"x": v},
    "deeper": lambda v: {"all": [{"not": v}]},
    "swap": lambda v: dict(enumerate(v)) if isinstance(v, list) else list(v.values()) if isinstance(v, dict) else [v],
    "rename": lambda v: {f"{k}_x": x for k, x in v.items()} if isinstance(v, dict) else v,
}


@st.composite
def tree_edit(draw: st.DrawFn) -> str:
    tree = yaml.safe_load(SMALL)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths(tree)))
        name = draw(st.sampled_from([*CHANGES, "retype"]))
        change = (lambda v, new=draw(st.sampled_from(RETYPED)): new) if name == "retype" else CHANGES[name]
        tree = replaced(tree, path, change)
        if tree is DELETE:
            tree = None
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree_edit())
def test_tree_edits_of_a_small_rules_file(text: str) -> None:
    assert_rules_or_problems(text, "key/value edits, small rules file")


def test_the_unedited_files_are_valid() -> None:
    """The properties above start from valid files (else every example would end in RulesError)."""
    for text in (SMALL, REAL):
        assert compile_text(text, SOURCE, DISPLAY)["slug"] == "guangyuan"


# --- source texts: any text parses into articles without an exception ------------------------------

SOURCE_TEXT = st.text(alphabet=st.sampled_from(list("第一二十百千零两条章（）() 　。；：\n-*抄送印发1")), max_size=300)


@settings(max_examples=150, deadline=None)
@given(SOURCE_TEXT)
def test_any_source_text_parses(text: str) -> None:
    RAN["source texts"] = RAN.get("source texts", 0) + 1
    source = parse("x", text)
    for number, article in source.articles.items():
        assert article.label.startswith("第") and article.number == number
