"""Shared fixtures: the rules compiled once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from .books import BOOK, PartialBook
from .site_build import build_site


@pytest.fixture(scope="session")
def book() -> PartialBook:
    return BOOK


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site, built once per test session with --strict from the real rules."""
    dest = tmp_path_factory.mktemp("site")
    run = build_site(dest)
    assert run.returncode == 0, run.stderr[-4000:]
    return dest
