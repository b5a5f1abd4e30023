"""Engine timings on CPython: compile, evaluate, handle() per call (p50/p95), and the scale curve
with 10× and 50× synthetic regulations (copies of the real five under new slugs)."""

from __future__ import annotations

import copy
import json
import statistics
import time
from typing import Callable

from calculator import api, engine
from calculator.rulebook import REPO_RULES, Rulebook
from calculator.validate import SLUGS, compile_file, compile_rules, load_source

PROJECT = {"investment": "350", "start_date": "2026-01-05", "completion_date": "2026-12-01"}
ONE = {"action": "evaluate", "regulation": "dazhou", "input": PROJECT}
ALL = {"action": "evaluate", "regulation": "all", "input": PROJECT}


def samples_ms(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p50_p95(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50": statistics.median(ordered), "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
            "n": len(ordered)}


def handle_times(compiled: dict) -> dict[str, dict[str, float]]:
    """api.handle as the worker calls it (JSON in, JSON out), on CPython."""
    api.init(json.dumps(compiled, ensure_ascii=False))
    return {"单办法计算": p50_p95(samples_ms(lambda: api.handle(json.dumps(ONE)), 200)),
            "全部对比": p50_p95(samples_ms(lambda: api.handle(json.dumps(ALL)), 100))}


def _scaled(compiled: dict, factor: int) -> dict:
    """`factor` copies of every regulation under new slugs (slug-2, slug-3 …)."""
    out = copy.deepcopy(compiled)
    for slug, reg in compiled["regulations"].items():
        for i in range(2, factor + 1):
            twin = copy.deepcopy(reg)
            if isinstance(twin, dict) and "slug" in twin:
                twin["slug"] = f"{slug}-{i}"
            out["regulations"][f"{slug}-{i}"] = twin
    return out


def _compile_copies(factor: int) -> float:
    """Milliseconds to validate and compile every rules file `factor` times (what N files cost)."""
    sources = {slug: load_source(REPO_RULES, slug) for slug in SLUGS}
    start = time.perf_counter()
    for slug in SLUGS:
        for _ in range(factor):
            compile_file(REPO_RULES / f"{slug}.yaml", sources[slug])
    return (time.perf_counter() - start) * 1000


def scale_curve(compiled: dict, factors: tuple[int, ...] = (1, 10, 50)) -> list[dict]:
    rows = []
    for factor in factors:
        scaled = _scaled(compiled, factor)
        book = Rulebook(scaled)
        evaluate_all = statistics.median(samples_ms(lambda: engine.evaluate_all(book, PROJECT), 5))
        rows.append({"regulations": len(scaled["regulations"]), "compile_ms": _compile_copies(factor),
                     "evaluate_all_ms": evaluate_all,
                     "rules_json_bytes": len(json.dumps(scaled, ensure_ascii=False, sort_keys=True).encode())})
    return rows


def run() -> dict:
    compiled = compile_rules(REPO_RULES, REPO_RULES.parent)
    book = Rulebook(compiled)
    return {
        "compile_ms": statistics.median(samples_ms(lambda: compile_rules(REPO_RULES, REPO_RULES.parent), 3)),
        "evaluate_ms": {slug: statistics.median(samples_ms(lambda s=slug: engine.evaluate(book, s, PROJECT), 100))
                        for slug in book.regulations},
        "handle_ms": handle_times(compiled),
        "scale": scale_curve(compiled),
    }
