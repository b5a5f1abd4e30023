"""Scenario files (tests/scenarios/<slug>/*.yaml): loading and running them through the engine.

Shared by the CPython scenario tests and the browser parity test, so both run the same cases.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).parent / "scenarios"
KEYS = {"name", "articles", "input", "change", "expected"}


class _ExactLoader(yaml.SafeLoader):
    """Decimal amounts stay the text written (100.01 is not a float 100.0099999…)."""


_ExactLoader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: node.value)


def load_all() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(ROOT.glob("*/*.yaml")):
        case = yaml.load(path.read_text(encoding="utf-8"), Loader=_ExactLoader)
        cases.append((f"{path.parent.name}/{path.stem}", case))
    return cases


def slug_of(case_id: str) -> str:
    return case_id.split("/")[0]


def plain(value: Any) -> Any:
    """YAML dates and numbers as the JSON strings the engine takes and returns."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
