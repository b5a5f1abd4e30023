"""The calculator page: the form is generated from the field catalogue (usable before Pyodide is
ready); answers come from the engine running in a Web Worker (docs/assets/calculator/worker.js)."""

from __future__ import annotations

from calculator.rulebook import Rulebook


def calculator_page(book: Rulebook) -> str:
    return "# 流程计算器\n"
