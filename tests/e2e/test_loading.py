"""Loading the calculator engine when things go wrong: a failed download or a missing worker
script is named in the status line with a 重试 button, retry recovers, a failure is never
overwritten by "still loading", and a missing or stale snapshot falls back to the plain boot."""

from __future__ import annotations

import json

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.e2e

STATUS = "#calc-status-text"
RETRY = ".calc-retry"


def wait_failed(page) -> None:
    page.wait_for_selector("#calc.is-failed", timeout=60000)


def test_blocked_runtime_shows_failure_and_retry_recovers(page, site_url: str) -> None:
    page.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page.goto(f"{site_url}/calculator.html")
    page.select_option("#project-place", "dazhou.city")
    page.fill("#project-investment", "350")
    wait_failed(page)
    assert "计算器运行环境下载失败" in page.inner_text(STATUS)
    assert page.is_visible(RETRY)
    screenshot(page, "loading-failed")

    page.unroute("**/pyodide.asm.wasm")
    page.click(RETRY)
    page.wait_for_selector("#calc.is-ready", timeout=90000)
    assert not page.is_visible(RETRY)
    assert page.input_value("#project-investment") == "350"  # what was typed survives the retry
    assert page.input_value("#project-place") == "dazhou.city"
    page.click("#form-project button[type=submit]")
    page.wait_for_selector("#calc-output .calc-result", state="attached")


@pytest.mark.parametrize("missing, named", [
    ("**/assets/calculator/worker.js*", "计算引擎脚本无法加载"),
    ("**/vendor/pyodide/pyodide.mjs", "计算器运行环境脚本下载失败"),
])
def test_missing_script_is_named(page, site_url: str, missing: str, named: str) -> None:
    page.route(missing, lambda route: route.fulfill(status=404, body="not found"))
    page.goto(f"{site_url}/calculator.html")
    wait_failed(page)
    assert named in page.inner_text(STATUS)
    assert page.is_visible(RETRY)


def test_worker_starts_from_the_head_without_waiting_for_the_page_scripts(page, site_url: str) -> None:
    """worker-start.js in <head> starts the worker: it is requested even when the theme's bundle and the
    page's own modules never arrive."""
    page.route("**/assets/calculator/calculator.js*", lambda route: route.abort())
    page.route("**/assets/javascripts/bundle.*.js", lambda route: route.abort())
    with page.expect_request("**/assets/calculator/worker.js*", timeout=30000):
        page.goto(f"{site_url}/calculator.html")
    assert "worker-start.js" in page.inner_html("head")


def test_pressing_compute_after_a_failure_keeps_the_failure_message(page, site_url: str) -> None:
    page.route("**/rules.json*", lambda route: route.abort())
    page.route("**/*.snapshot.gz", lambda route: route.abort())  # rules are inside the snapshot too
    page.goto(f"{site_url}/calculator.html")
    wait_failed(page)
    before = page.inner_text(STATUS)
    assert "规则数据下载失败" in before
    page.select_option("#project-place", "dazhou.city")
    page.fill("#project-investment", "350")
    page.click("#form-project button[type=submit]")
    page.wait_for_timeout(300)
    assert page.inner_text(STATUS) == before
    assert page.is_visible(RETRY)


def _console_warnings(page) -> list[str]:
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    return warnings


def test_missing_snapshot_falls_back_to_the_plain_boot(page, site_url: str) -> None:
    warnings = _console_warnings(page)
    page.route("**/*.snapshot.gz", lambda route: route.fulfill(status=404, body="not found"))
    page.goto(f"{site_url}/calculator.html?place=dazhou.city&investment=350")
    page.wait_for_selector("#calc-output .calc-result", state="attached", timeout=90000)
    assert page.get_attribute("#calc", "data-boot") == "fallback"
    assert any("快照无法载入" in w for w in warnings), warnings


def test_stale_snapshot_is_not_used(page, site_url: str) -> None:
    """A snapshot made for other rules (the manifest says so) is refused before it is downloaded."""
    warnings = _console_warnings(page)
    snapshot_requests: list[str] = []
    page.on("request", lambda r: snapshot_requests.append(r.url) if ".snapshot" in r.url else None)

    def stale_manifest(route) -> None:
        manifest = json.loads(route.fetch().text())
        manifest["snapshot"]["rules_version"] = "0" * 12
        route.fulfill(json=manifest)

    page.route("**/manifest.json*", stale_manifest)
    page.goto(f"{site_url}/calculator.html?place=dazhou.city&investment=350")
    page.wait_for_selector("#calc-output .calc-result", state="attached", timeout=90000)
    assert page.get_attribute("#calc", "data-boot") == "fallback"
    assert any("规则版本" in w for w in warnings), warnings
    assert not snapshot_requests
