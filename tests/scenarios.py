"""Scenario files (tests/scenarios/<slug>/*.yaml): loading and running them through the engine.

Shared by the CPython scenario tests and the browser parity test, so both run the same cases.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# One loader and one `plain` for the scenario files, shared with `calculator diff` (plain is re-exported).
from calculator.diff_scenarios import ExactLoader, plain  # noqa: F401

ROOT = Path(__file__).parent / "scenarios"
KEYS = {"name", "articles", "input", "change", "expected"}


def load_all() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(ROOT.glob("*/*.yaml")):
        case = yaml.load(path.read_text(encoding="utf-8"), Loader=ExactLoader)
        cases.append((f"{path.parent.name}/{path.stem}", case))
    return cases


def slug_of(case_id: str) -> str:
    return case_id.split("/")[0]

