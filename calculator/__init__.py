"""Compliance calculator for government IT project regulations (Sichuan and Chongqing).

One engine for every front end: the CLI, the site build, the tests and the browser (Pyodide)
all call `evaluate`, `evaluate_all` and `evaluate_change` on a `Rulebook`.
"""
