"""Where the versions of a regulation live in rules/, and how they must follow one another.

The current version is `rules/<slug>.yaml` with its text in `rules/sources/<slug>.txt`, as it always
was, so a regulation with one version needs nothing new. An earlier version, once superseded, moves
to `rules/<slug>/<valid_from>.yaml` with its text in `rules/sources/<slug>/<valid_from>.txt`: the
file name is the date it took effect, so the folder lists the versions in order. Versions must not
overlap and each earlier one must say when it stopped (`valid_to`) and what replaced it.

Which regulations exist is read off the folder (every `rules/*.yaml` but the glossary), so a sixth
regulation needs no code change. Build time only, like `validate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .rules_yaml import Problem

DATA_FILES = ("glossary.yaml", "calendar.yaml")  # rules/ files that are not regulations
LEVEL_ORDER = ("省级", "市级", "县级")


def discover(rules_dir: Path) -> tuple[str, ...]:
    """The slugs of the regulations in `rules_dir`: every rules file but the shared data files (a
    regulation whose source text is missing is then reported, not skipped)."""
    return tuple(sorted(p.stem for p in rules_dir.glob("*.yaml") if p.name not in DATA_FILES))


def ordered(regulations: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Province first, then cities, then counties, each by slug: the order of every table and list."""
    def key(item: tuple[str, dict[str, Any]]) -> tuple[int, str]:
        level = item[1]["meta"]["level"]
        return (LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER), item[0])
    return dict(sorted(regulations.items(), key=key))


def earlier_files(rules_dir: Path, slug: str) -> list[Path]:
    """The earlier versions' rules files, newest first (files not named by a date are reported by `check`)."""
    folder = rules_dir / slug
    return sorted(folder.glob("*.yaml"), reverse=True) if folder.is_dir() else []


def source_path(rules_dir: Path, slug: str, valid_from: str | None = None) -> Path:
    """The text of the current version, or of the earlier version that took effect on `valid_from`."""
    if valid_from is None:
        return rules_dir / "sources" / f"{slug}.txt"
    return rules_dir / "sources" / slug / f"{valid_from}.txt"


@dataclass(frozen=True)
class Version:
    """One compiled rules file of a regulation: where it is, how messages name it, what it says."""
    path: Path
    display: str
    data: dict[str, Any]


def check(current: Version, earlier: list[Version]) -> list[Problem]:
    """The versions of one regulation (earlier ones newest first): each earlier one is named by its
    valid_from, has a valid_to, and ends before the next one begins."""
    problems: list[Problem] = []
    if earlier and current.data.get("valid_from") is None:
        problems.append(_problem(current, "valid_from", "the current version needs a valid_from date once "
                                 "earlier versions exist (it decides which version a project falls under)"))
    newer = current
    for version in earlier:
        start, end = version.data.get("valid_from"), version.data.get("valid_to")
        if version.path.stem != start:
            problems.append(_problem(version, "valid_from", f"an earlier version's file is named by its valid_from "
                                     f"({start}.yaml), not {version.path.name!r}"))
        if end is None:
            problems.append(_problem(version, "valid_to", "an earlier version needs valid_to (its last day in force)"))
        elif newer.data.get("valid_from") and end >= newer.data["valid_from"]:
            problems.append(_problem(version, "valid_to", f"valid_to {end} overlaps the next version, in force from "
                                     f"{newer.data['valid_from']} ({newer.display})"))
        newer = version
    return problems


def _problem(version: Version, key: str, message: str) -> Problem:
    return Problem(version.display, _key_line(version.path, key), key, message)


def _key_line(path: Path, key: str) -> int:
    """The line of a top-level key in a rules file (1 when the file lacks the key)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)

