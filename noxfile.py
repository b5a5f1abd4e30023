"""Project tasks. `nox -s serve` serves the site; `nox -s tests` runs every test (unit and browser).

Sessions reuse one virtualenv per session name; the front-end runtime (Pyodide) and the browser
tests' axe-core come from the npm packages pinned in package-lock.json.
"""

from __future__ import annotations

import os
import shutil

import nox

nox.options.sessions = ["tests"]
nox.options.reuse_existing_virtualenvs = True

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# nginx-light: tests/e2e/test_nginx.py serves the site with deploy/nginx.conf.
BROWSER_PACKAGES = ["chromium", "fonts-wqy-microhei", "nginx-light"]


def _npm(session: nox.Session) -> None:
    if not os.path.isdir("node_modules/pyodide") or not os.path.isdir("node_modules/axe-core"):
        session.run("npm", "ci", "--no-audit", "--no-fund", external=True)


def _site_deps(session: nox.Session, *extras: str) -> None:
    session.install("-e", f".[{','.join(('site',) + extras)}]", "build", "hatchling")
    _npm(session)


def _browser(session: nox.Session) -> None:
    """Debian chromium, a CJK font and nginx; Playwright cannot download its own browser here."""
    if shutil.which("chromium") and os.path.exists("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc") \
            and (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")):
        return
    session.run("apt-get", "update", "-qq", external=True)
    session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *BROWSER_PACKAGES, external=True)


@nox.session
def validate(session: nox.Session) -> None:
    """Check every rules file against the schema and the source texts."""
    session.install("-e", ".[rules]")
    session.run("python", "-m", "calculator", "validate")


@nox.session
def unit(session: nox.Session) -> None:
    """Rules, engine, CLI, scenarios and site-generation tests (no browser)."""
    _site_deps(session, "test")
    session.run("pytest", "-q", "-m", "not e2e", *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """Build the site into site/ with --strict."""
    _site_deps(session)
    session.run("mkdocs", "build", "--strict")


@nox.session
def serve(session: nox.Session) -> None:
    """Serve the site with the calculator on http://127.0.0.1:8000, rebuilding when rules change.
    SERVE_ADDR=host:port serves elsewhere; Ctrl+C stops. The address is said first: installing and
    the first build take a while, and a newcomer should not have to find it in mkdocs' output."""
    address = os.environ.get("SERVE_ADDR", "127.0.0.1:8000")
    where = f"网站地址：http://{address}/ （首次构建需要几分钟；按 Ctrl+C 停止；换端口：SERVE_ADDR=127.0.0.1:8001 nox -s serve）"
    session.log(where)
    _site_deps(session)
    session.log(where)
    session.run("mkdocs", "serve", "--dev-addr", address)


def _pytest(session: nox.Session, *marker: str) -> None:
    """pytest with the browser tests' needs; the tests build the site themselves (--strict)."""
    _browser(session)
    _site_deps(session, "test", "e2e")
    session.run("pytest", "-q", *marker, *session.posargs)


@nox.session
def e2e(session: nox.Session) -> None:
    """Browser tests against the built site (Playwright driving Debian chromium)."""
    _pytest(session, "-m", "e2e")


@nox.session
def tests(session: nox.Session) -> None:
    """Every test: rules, engine, CLI, scenarios, site build and the browser tests."""
    _pytest(session)


@nox.session
def bench(session: nox.Session) -> None:
    """Speed measurements, never asserted in tests: engine on CPython (per call, scale curve), site build
    against a bare mkdocs-material build, calculator cold/warm against a bare Pyodide page, bytes.
    Writes bench/results.json and bench/results.md; `nox -s bench -- --runs 3` for fewer runs."""
    _browser(session)
    _site_deps(session, "test", "e2e")
    session.run("mkdocs", "build", "--strict")
    session.run("python", "benchmarks/bench.py", *session.posargs)
