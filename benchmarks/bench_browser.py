"""Browser timings in Debian chromium against the built site, served by nginx on 127.0.0.1 exactly as
deploy/ configures it (caching headers, gzip), so a warm load is what a returning user gets:

- floor: a bare page that loads the same Pyodide from the site and runs 1+1 (two small files the
  bench writes into the site for the run and removes after);
- calculator cold (fresh profile each run) and warm (persistent profile, second load): a shared link
  with inputs, until the answer is in the page; both boot paths (snapshot, ?boot=fallback);
- handle() through the worker, page round trip, p50/p95, on both boots (bytes per page: bench_pages).
Runs are interleaved (floor, calculator, fallback, floor, …) so load on the machine hits all alike.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from bench_cpython import ALL, ONE, p50_p95
from tests import nginx_server
from tests.e2e.conftest import ARGS, CHROMIUM

FLOOR_PATH = "__bench_floor.html"
# The site's Content-Security-Policy (sent by nginx) allows no inline script: the floor's is a file.
FLOOR_FILES = {
    FLOOR_PATH: '<!doctype html><meta charset="utf-8"><title>floor</title>'
                '<script type="module" src="__bench_floor.mjs"></script><body></body>',
    "__bench_floor.mjs": 'import { loadPyodide } from "./assets/vendor/pyodide/pyodide.mjs";\n'
                         'const pyodide = await loadPyodide({ indexURL: new URL("./assets/vendor/pyodide/", location.href).href });\n'
                         'document.body.dataset.answer = String(pyodide.runPython("1+1"));\n',
}
LINK = "calculator.html?place=dazhou.city&investment=350&start_date=2026-01-05"


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """nginx serving the site under /kb/ with the floor page in it; yields the base URL (ends with /)."""
    written = [site / name for name in FLOOR_FILES]
    for path, text in zip(written, FLOOR_FILES.values()):
        path.write_text(text, encoding="utf-8")
    try:
        with nginx_server.serve(site) as base:
            yield base
    finally:
        for path in written:
            path.unlink(missing_ok=True)


# What "done" means on each page: the floor's 1+1 answered, the calculator's answer in the page.
TARGETS = {"floor": (FLOOR_PATH, "body[data-answer='2']"),
           "calculator": (LINK, "#calc-output .calc-result"),
           "calculator (fallback boot)": (LINK + "&boot=fallback", "#calc-output .calc-result")}


def _load_ms(page, url: str, selector: str) -> float:
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(selector, state="attached", timeout=120000)
    return (time.perf_counter() - start) * 1000


def _cold(chromium, url: str, selector: str) -> float:
    context = chromium.new_context()
    try:
        return _load_ms(context.new_page(), url, selector)
    finally:
        context.close()


def _warm(playwright, url: str, selector: str) -> float:
    """Second load in a persistent profile: HTTP cache and compiled-wasm cache as a returning user has."""
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
        context = playwright.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=ARGS)
        try:
            page = context.new_page()
            _load_ms(page, url, selector)
            page.goto("about:blank")
            return _load_ms(page, url, selector)
        finally:
            context.close()


def _worker_calls(chromium, base: str) -> dict:
    """Page round trips to the worker right after the answer appeared, on both boots. After a snapshot
    boot the interpreter's WebAssembly still runs as V8's baseline code (the plain boot has already
    run Python long enough for V8 to optimise it), so the same call is slower there at first."""
    out = {}
    for boot, query in (("快照启动", ""), ("常规启动", "&boot=fallback")):
        context = chromium.new_context()
        try:
            page = context.new_page()
            _load_ms(page, base + LINK + query, TARGETS["calculator"][1])
            for label, request in (("单办法计算", ONE), ("全部对比", ALL)):
                call = lambda: page.evaluate("(r) => window.calculatorApi(r)", request)  # noqa: E731
                call()
                samples = []
                for _ in range(40):
                    start = time.perf_counter()
                    call()
                    samples.append((time.perf_counter() - start) * 1000)
                out[f"{label}（{boot}）"] = p50_p95(samples)
        finally:
            context.close()
    return out


def run(site: Path, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    cold: dict[str, list[float]] = {name: [] for name in TARGETS}
    warm: dict[str, list[float]] = {name: [] for name in TARGETS}
    with serve(site) as base, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            for name, (path, selector) in TARGETS.items():
                cold[name].append(_cold(chromium, base + path, selector))
                warm[name].append(_warm(playwright, base + path, selector))
        result = {
            "runs": runs,
            "cold_ms": {name: statistics.median(v) for name, v in cold.items()},
            "warm_ms": {name: statistics.median(v) for name, v in warm.items()},
            "samples_ms": {"cold": cold, "warm": warm},
            "worker_handle_ms": _worker_calls(chromium, base),
        }
        chromium.close()
    return result
