"""The glossary (rules/glossary.yaml) is rules data too: same reader, same schema walk, same messages.

Its terms become tooltips on every page, so a term or definition that carries markup, or a
reference that does not quote its article, stops the build like any rule would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import schema as S
from .rules_yaml import Problem, RulesError, load_yaml
from .sources import Source
from .walk import Walker


def read_glossary(path: Path, display: str) -> list[dict[str, Any]]:
    """The glossary entries (term, definition, refs), checked for shape and text; RulesError otherwise."""
    walker, entries = _walk(path, display)
    if walker.problems:
        raise RulesError(walker.problems)
    return entries


def check_glossary(path: Path, display: str, sources: dict[str, Source]) -> list[Problem]:
    """Every problem of the glossary; references are checked against the regulations in `sources`."""
    try:
        walker, entries = _walk(path, display)
    except RulesError as exc:
        return exc.problems
    _check_terms(walker, entries)
    _check_refs(walker, sources)
    return walker.problems


def _walk(path: Path, display: str) -> tuple[Walker, list[dict[str, Any]]]:
    raw = load_yaml(path, display)
    walker = Walker(display)
    return walker, walker.walk(S.GLOSSARY, raw, "", getattr(raw, "line", 1)) or []


def _check_terms(walker: Walker, entries: list[dict[str, Any]]) -> None:
    """A term defined twice would give two tooltips for one word."""
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        term = entry.get("term") if isinstance(entry, dict) else None
        if term in seen:
            walker.err(walker.lines[f"[{i}].term"], f"[{i}].term", f"term {term!r} is already defined in [{seen[term]}]")
        elif term:
            seen[term] = i


def _check_refs(walker: Walker, sources: dict[str, Source]) -> None:
    """Each reference quotes its article verbatim (regulations not being compiled are skipped)."""
    for node, ref, line, path in walker.records:
        source = sources.get(ref.get("regulation"))
        if node is not S.GLOSSARY_REF or source is None or not isinstance(ref.get("article"), int):
            continue
        article = source.article(ref["article"])
        if article is None:
            walker.err(line, f"{path}.article",
                       f"{ref['regulation']} 第{ref['article']}条 does not exist (the text has {len(source.articles)} articles)")
        elif ref.get("quote") and not article.contains(ref["quote"]):
            walker.err(line, f"{path}.quote", f"quote not found in {ref['regulation']} 第{ref['article']}条: {ref['quote']!r}")
