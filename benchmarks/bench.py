"""Speed measurements, printed, never asserted: `nox -s bench` (after a site build into site/).

CPython: compiling the rules, one evaluation per regulation, 全部对比, a change question.
Browser (Debian chromium): Pyodide cold start, warm start (HTTP cache), one evaluation through the
worker, and a batch of every scenario.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculator import engine  # noqa: E402
from calculator.rulebook import REPO_RULES, Rulebook  # noqa: E402
from calculator.validate import compile_rules  # noqa: E402
from tests.e2e.conftest import ARGS, CHROMIUM, _QuietHandler  # noqa: E402
from tests.e2e.test_parity import requests  # noqa: E402

PROJECT = {"investment": "350", "start_date": "2026-01-05", "completion_date": "2026-12-01"}


def timed(fn, repeat: int) -> float:
    """Median milliseconds of `repeat` calls."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def cpython() -> list[tuple[str, float]]:
    rows = [("compile + validate all rules (ms)", timed(lambda: compile_rules(REPO_RULES, ROOT), 5))]
    book = Rulebook(compile_rules(REPO_RULES, ROOT))
    for slug in book.regulations:
        rows.append((f"evaluate {slug} (ms)", timed(lambda s=slug: engine.evaluate(book, s, PROJECT), 200)))
    rows.append(("evaluate_all (ms)", timed(lambda: engine.evaluate_all(book, PROJECT), 100)))
    rows.append(("evaluate_change dazhou (ms)", timed(lambda: engine.evaluate_change(
        book, "dazhou", {"approved_investment": "1000", "adjustment_amount": "120"}), 200)))
    return rows


def browser(site: Path) -> list[tuple[str, float]]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/calculator.html"
    rows = []
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = chromium.new_context()
        page = context.new_page()
        for label in ("Pyodide cold start to ready (ms)", "Pyodide warm start to ready (ms)"):
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_selector("#calc.is-ready", timeout=120000)
            rows.append((label, (time.perf_counter() - start) * 1000))
        one = {"action": "evaluate", "regulation": "dazhou", "input": PROJECT}
        page.evaluate("(r) => window.calculatorApi(r)", one)
        rows.append(("one evaluation via worker, page round trip (ms)",
                     timed(lambda: page.evaluate("(r) => window.calculatorApi(r)", one), 50)))
        batch = requests()
        rows.append((f"all {len(batch)} scenarios via worker (ms)", timed(lambda: page.evaluate(
            "(b) => Promise.all(b.map((r) => window.calculatorApi(r)))", batch), 3)))
        chromium.close()
    server.shutdown()
    return rows


def main() -> None:
    site = ROOT / "site"
    rows = cpython()
    if (site / "calculator.html").exists():
        rows += browser(site)
    else:
        print("site/ not built: skipping browser measurements (run `nox -s bench`)")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value:10.2f}")


if __name__ == "__main__":
    main()
