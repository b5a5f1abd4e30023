"""The rules of the build in progress, shared by the macros and the page hooks.

`define_env` runs at the start of every build (also on each `mkdocs serve` rebuild) and replaces
what is here, so an edited rules file is always what the pages show.
"""

from __future__ import annotations

from dataclasses import dataclass

from calculator.rulebook import Rulebook

from .glossary import Term


@dataclass(frozen=True)
class BuildRules:
    compiled: dict
    book: Rulebook
    terms: list[Term]


_current: BuildRules | None = None


def set_current(compiled: dict, book: Rulebook, terms: list[Term]) -> None:
    global _current
    _current = BuildRules(compiled, book, terms)


def current() -> BuildRules:
    if _current is None:
        raise RuntimeError("the macros module has not loaded the rules yet")
    return _current
