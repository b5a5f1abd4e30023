"""Load rules YAML, check it against the schema and the source text, and compile it to JSON data.

Every problem is collected (not just the first) and reported as `file:line: path: message`, so a
maintainer fixes a file in one pass; whatever the data, the outcome is compiled rules or
`RulesError`, never another exception. This module is build-time only: it needs PyYAML, which the
browser does not have; the browser receives the compiled JSON instead.

The work is split by stage: `rules_yaml` reads (bounded, line numbers kept), `walk` checks types
against `schema`, `checks` checks what types cannot say, `glossary_check` the glossary.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Mapping

from . import history
from . import schema as S
from .calendar_check import read_calendar
from .checks import run_checks
from .coverage import Coverage, regulation_coverage
from .glossary_check import check_glossary
from .revision import changed_on
from .rules_yaml import Problem, RulesError, load_yaml, parse_yaml, read_text
from .sources import Source, parse
from .walk import Walker

__all__ = ["SLUGS", "Problem", "RulesError", "compile_file", "compile_rules", "compile_text", "compile_version",
           "coverage", "load_source", "load_yaml"]

SLUGS = S.SLUGS


def load_source(rules_dir: Path, slug: str, display_root: Path | None = None, valid_from: str | None = None) -> Source:
    """The parsed source text of a regulation (of its earlier version that took effect on `valid_from`);
    RulesError when it is missing, not UTF-8 or has no articles."""
    path = history.source_path(rules_dir, slug, valid_from)
    display = _display(path, display_root)
    source = parse(slug, read_text(path, display))
    if not source.articles:
        raise RulesError([Problem(display, 1, "(file)", "no articles found (an article starts a line with 第N条)")])
    return source


def compile_text(text: str, source: Source, display: str, others: Mapping[str, Source] | None = None) -> dict:
    """Validate the text of one rules file; return its compiled (JSON-ready) form or raise RulesError.
    `others` are the other regulations' texts, against which facts they attest are checked."""
    raw = parse_yaml(text, display)
    walker = Walker(display)
    data = walker.walk(S.RULE_FILE, raw, "", 1)
    if data is not None:
        run_checks(walker, data, source, others)
    if walker.problems:
        raise RulesError(walker.problems)
    return data


def compile_file(path: Path, source: Source, display: str | None = None, others: Mapping[str, Source] | None = None) -> dict:
    """Validate one rules file; return its compiled (JSON-ready) form or raise RulesError."""
    display = display or str(path)
    return compile_text(read_text(path, display), source, display, others)


def compile_rules(rules_dir: Path, display_root: Path | None = None, slugs: tuple[str, ...] | None = None) -> dict:
    """The regulations, compiled, with their article texts; raise RulesError listing every problem.

    `slugs` defaults to every regulation in `rules_dir` (see `history.discover`), ordered province,
    cities, counties. Each carries its earlier versions, newest first, under "history".
    The glossary is checked too (its references to the regulations in `slugs`), but is not part
    of the compiled rules: only the site shows it.
    """
    problems: list[Problem] = []
    regulations, sources = {}, {}
    shelf = SourceShelf(rules_dir, display_root)
    for slug in slugs if slugs is not None else history.discover(rules_dir):
        try:
            sources[slug] = source = load_source(rules_dir, slug, display_root)
            current = compile_version(rules_dir / f"{slug}.yaml", source, display_root, shelf)
            earlier = [compile_version(path, load_source(rules_dir, slug, display_root, path.stem), display_root)
                       for path in history.earlier_files(rules_dir, slug)]
        except RulesError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(history.check(current, earlier))
        regulations[slug] = {**current.data, "history": [v.data for v in earlier]}
    glossary = rules_dir / "glossary.yaml"
    problems.extend(check_glossary(glossary, _display(glossary, display_root), sources))
    calendar = None
    try:
        calendar = read_calendar(rules_dir / "calendar.yaml", _display(rules_dir / "calendar.yaml", display_root))
    except RulesError as exc:
        problems.extend(exc.problems)
    if problems:
        raise RulesError(problems)
    if slugs is None:
        regulations = history.ordered(regulations)
    digest = hashlib.sha256(json.dumps([regulations, calendar], sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return {"format": 1, "version": digest[:12], "regulations": regulations, "calendar": calendar}


def compile_version(path: Path, source: Source, display_root: Path | None,
                    others: Mapping[str, Source] | None = None) -> history.Version:
    """One rules file (current or earlier version) compiled with the text of its articles."""
    display = _display(path, display_root)
    data = _with_text(compile_file(path, source, display, others), source)
    data["rules_date"] = changed_on(path)  # the rules version a reader is shown
    return history.Version(path, display, data)


class SourceShelf(Mapping[str, Source]):
    """The current texts of the regulations in a rules folder, read when first asked for: a rules file
    may quote another regulation (a fact its own text lacks), whichever order they are compiled in.
    A text that cannot be read is simply absent here; its own compilation reports why."""

    def __init__(self, rules_dir: Path, display_root: Path | None):
        self.rules_dir, self.display_root, self.loaded = rules_dir, display_root, {}

    def __getitem__(self, slug: str) -> Source:
        if slug not in self.loaded:
            try:
                self.loaded[slug] = load_source(self.rules_dir, slug, self.display_root)
            except RulesError:
                self.loaded[slug] = None
        if self.loaded[slug] is None:
            raise KeyError(slug)
        return self.loaded[slug]

    def __contains__(self, slug: object) -> bool:
        try:
            self[slug]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __iter__(self):
        return iter(s for s, v in self.loaded.items() if v is not None)

    def __len__(self) -> int:
        return sum(1 for v in self.loaded.values() if v is not None)


def coverage(compiled_or_rules_dir: dict | Path) -> dict[str, Coverage]:
    """Per regulation: articles cited by some rule, declared not operative, and neither."""
    compiled = compiled_or_rules_dir if isinstance(compiled_or_rules_dir, dict) else compile_rules(compiled_or_rules_dir)
    return {slug: regulation_coverage(slug, data, sorted(int(n) for n in data["articles"]))
            for slug, data in compiled["regulations"].items()}


def _with_text(data: dict[str, Any], source: Source) -> dict[str, Any]:
    data["articles"] = {
        str(n): {"label": a.label, "chapter": a.chapter, "chapter_title": a.chapter_title, "paragraphs": a.paragraphs}
        for n, a in sorted(source.articles.items())}
    data["notice"] = source.preamble
    data["colophon"] = source.colophon  # 抄送 … “…印发”, cited as article 0 with the notice
    data["chapters"] = {str(k): v for k, v in source.chapters.items()}
    return data


def _display(path: Path, display_root: Path | None) -> str:
    if display_root is None:
        return str(path)
    try:
        return str(path.relative_to(display_root))
    except ValueError:
        return str(path)
