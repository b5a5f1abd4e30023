"""The injected site (tests/injected_site.py) in a browser: on every kind of page no injected
script runs (no dialog, no page error), the policy is never breached, and the injected text is
what the reader sees, in the page and in the route diagrams."""

from __future__ import annotations

import functools
import http.server
import threading
from typing import Iterator

import pytest

from .. import injected_site as injected
from .conftest import _QuietHandler
from .page_checks import WATCH_POLICY

pytestmark = pytest.mark.e2e

PAGES = ["index.html", "regulations/dazhou.html", "compare/scope.html", "compare/thresholds.html", "compare/refusals.html",
         "compare/routes.html", "glossary.html", "maintainers/schema.html"]


@pytest.fixture(scope="module")
def injected_url(tmp_path_factory) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(injected.injected_site(tmp_path_factory)))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _watched(browser):
    """A page that records dialogs, script errors and CSP violations: (context, page, dialogs, errors)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(WATCH_POLICY)
    return context, page, dialogs, errors


@pytest.mark.parametrize("path", PAGES)
def test_no_injected_script_runs(browser, injected_url: str, path: str) -> None:
    context, page, dialogs, errors = _watched(browser)
    page.goto(f"{injected_url}/{path}")
    charts = page.locator('figure.flow').count()
    titled = page.locator("article a[title], article abbr[title]")  # quotes and glossary definitions
    for i in range(min(titled.count(), 3)):
        titled.nth(i).hover()
    page.wait_for_timeout(300)
    shown = page.locator("article").inner_text()
    diagram_text = " ".join(page.locator("figure.flow").all_inner_texts())
    violations = page.evaluate("window.__violations")
    context.close()
    assert dialogs == [] and errors == [] and violations == [], (dialogs, errors, violations)
    if path != "maintainers/schema.html":  # generated from code, not from rules
        assert "<script>alert(1)</script>" in shown and "[x](javascript:alert(1))" in shown
    if charts:
        assert '"]--> X[' in diagram_text and "<img src=x onerror=alert(1)>" in diagram_text


def test_search_results_show_injected_text_as_text(browser, injected_url: str) -> None:
    """The site search builds its results from text nodes (docs/assets/js/search.js): an injection it
    finds is shown to the reader, never run or parsed."""
    context, page, dialogs, errors = _watched(browser)
    page.goto(f"{injected_url}/index.html")
    page.keyboard.press("/")
    page.keyboard.type("alert")
    page.locator(".md-search-result__item").first.wait_for()
    shown = page.locator(".md-search-result").inner_text()
    violations = page.evaluate("window.__violations")
    context.close()
    assert dialogs == [] and errors == [] and violations == [], (dialogs, errors, violations)
    assert "<script>alert(1)</script>" in shown
