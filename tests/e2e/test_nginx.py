"""The site behind nginx with the shipped configuration (deploy/), under the sub-path /kb/: the
types a stock Debian nginx gets wrong, precompressed files, caching, the security headers, and
the calculator answering a link with no policy report."""

from __future__ import annotations

import gzip
import http.client
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from sitegen.security import header_policy

from ..nginx_server import serve
from .conftest import screenshot
from .page_checks import CALCULATOR, wait_for_answer, watch_policy

pytestmark = pytest.mark.e2e

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def kb(built_site: Path) -> Iterator[str]:
    with serve(built_site) as base:
        yield base


def get(url: str, **headers: str) -> http.client.HTTPResponse:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers)
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


@pytest.mark.parametrize("path,content_type", [
    ("assets/vendor/pyodide/pyodide.mjs", "text/javascript"),
    ("assets/vendor/pyodide/pyodide.asm.wasm", "application/wasm"),
    ("assets/calculator/engine-client.js", "text/javascript"),
    ("assets/calculator/manifest.json", "application/json"),
    ("index.html", "text/html"),
])
def test_types(kb: str, path: str, content_type: str) -> None:
    response = get(kb + path)
    assert response.status == 200
    assert response.getheader("Content-Type").split(";")[0] == content_type


def test_the_wheel_is_a_zip(kb: str, built_site: Path) -> None:
    wheel = next((built_site / "assets" / "calculator").glob("*.whl")).name
    assert get(f"{kb}assets/calculator/{wheel}").getheader("Content-Type") == "application/zip"


def test_headers_on_pages(kb: str) -> None:
    response = get(kb + "regulations/dazhou.html")
    assert response.getheader("Content-Security-Policy") == header_policy()
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "no-referrer"
    assert response.getheader("X-Frame-Options") == "DENY"
    assert "camera=()" in response.getheader("Permissions-Policy")
    assert response.getheader("Cache-Control") == "no-cache"


def test_caching(kb: str) -> None:
    assert get(kb + "assets/vendor/pyodide/pyodide.asm.wasm").getheader("Cache-Control") == IMMUTABLE
    assert get(kb + "assets/calculator/rules.json?v=1-2").getheader("Cache-Control") == IMMUTABLE
    assert get(kb + "assets/calculator/manifest.json").getheader("Cache-Control") == "no-cache"
    assert get(kb + "assets/calculator/rules.json").getheader("Cache-Control") == "no-cache"


def test_precompressed_files_are_sent_when_accepted(kb: str, built_site: Path) -> None:
    for path in ("index.html", "assets/vendor/pyodide/pyodide.asm.wasm"):
        plain = get(kb + path)
        packed = get(kb + path, **{"Accept-Encoding": "gzip"})
        assert plain.getheader("Content-Encoding") is None and plain.body == (built_site / path).read_bytes()
        assert packed.getheader("Content-Encoding") == "gzip"
        assert packed.body == (built_site / f"{path}.gz").read_bytes(), "the .gz from the build, sent as it is"
        assert gzip.decompress(packed.body) == plain.body


def test_sub_path_without_slash_redirects(kb: str) -> None:
    response = get(kb.rstrip("/"))
    assert response.status == 301 and response.getheader("Location").endswith("/kb/")


def test_calculator_answers_behind_nginx(browser, kb: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    console, requested = watch_policy(page)
    page.goto(kb + CALCULATOR)
    wait_for_answer(page)
    violations = page.evaluate("window.__violations")
    screenshot(page, "calculator-behind-nginx")
    context.close()
    offsite = [u for u in requested if not u.startswith((kb, "data:", "blob:"))]
    assert violations == [] and console == [] and errors == [] and offsite == [], (violations, console, errors, offsite)
