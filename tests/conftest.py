"""Shared fixtures: the rules compiled once per session."""

from __future__ import annotations

import pytest

from .books import BOOK, PartialBook


@pytest.fixture(scope="session")
def book() -> PartialBook:
    return BOOK
