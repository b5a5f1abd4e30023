"""Bytes a reader transfers, through nginx configured as deploy/ says (gzip_static: the build's .gz
copies), in Debian chromium with a fresh profile per page:

- every page kind, loaded cold until the network is idle (the calculator page until its answer);
- the site search at 1× and 10× the regulations: what a page loads before the reader searches, and
  what each of three searches transfers. The 10× site is the built site with every regulation page
  and comparison page copied nine more times under new names, indexed by sitegen/search.py; beside
  it, the theme's own lunr index (mkdocs-material's search plugin, which every page would fetch
  whole) built from the same pages, for comparison.

    python benchmarks/bench_pages.py        (needs site/ built: nox -s build)
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen import compress  # noqa: E402
from sitegen.search import SearchIndex  # noqa: E402
from tests.e2e.conftest import ARGS, CHROMIUM  # noqa: E402
from tests.nginx_server import serve  # noqa: E402

PAGE_KINDS = {"首页": "index.html", "办法页（达州）": "regulations/dazhou.html", "对比页（时限）": "compare/deadlines.html",
              "流程图总览": "compare/routes.html", "金额门槛一览": "compare/thresholds.html", "术语表": "glossary.html",
              "维护者：规则字段": "maintainers/schema.html"}
CALCULATOR = ("计算器页（链接→答案）", "calculator.html?place=dazhou.city&investment=350&start_date=2026-01-05",
              "#calc-output .calc-result")
QUERIES = ("可行性研究报告", "等保", "一事一议")
SCALED = ("regulations/", "compare/")   # the pages that grow with the number of regulations
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
TITLE = re.compile(r"<title>(.*?)(?: - [^<]*)?</title>", re.S)


def _transferred(browser, url: str, until: str | None = None, action=None) -> dict[str, int]:
    """Encoded body bytes per URL for one cold load (and `action` after it), keyed by URL."""
    context = browser.new_context()
    sizes: dict[str, int] = {}
    try:
        page = context.new_page()
        page.on("requestfinished", lambda r: sizes.__setitem__(r.url, sizes.get(r.url, 0)
                                                                 + r.sizes()["responseBodySize"]))
        page.goto(url)
        if until:
            page.wait_for_selector(until, state="attached", timeout=120000)
        page.wait_for_load_state("networkidle")
        if action:
            sizes.clear()
            action(page)
            page.wait_for_load_state("networkidle")
        return sizes
    finally:
        context.close()


def _search(query: str):
    def ask(page) -> None:
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").fill(query)
        page.locator("input.md-search__input").press("End")
        page.locator(".md-search-result__item").first.wait_for(timeout=60000)
    return ask


def _pages(site: Path, factor: int) -> list[tuple[str, str, str]]:
    """(url, title, content HTML) of every page, the scaled ones `factor` times."""
    out = []
    for path in sorted(site.rglob("*.html")):
        url = path.relative_to(site).as_posix()
        html = path.read_text(encoding="utf-8")
        found = ARTICLE.search(html)
        if not found or url == "404.html":
            continue
        title = TITLE.search(html)[1]
        copies = factor if url.startswith(SCALED) else 1
        out += [(url if i == 1 else url.replace(".html", f"-{i}.html"), title, found[1]) for i in range(1, copies + 1)]
    return out


def _our_index(pages, target: Path) -> dict:
    index = SearchIndex()
    for url, title, html in pages:
        index.add_page(url, html, title)
    index.write(target)
    compress.compress_site(target / "search")
    files = list((target / "search").glob("*.json"))
    return {"files": len(files), "bytes": sum(f.stat().st_size for f in files),
            "gzip_bytes": sum(f.with_name(f.name + ".gz").stat().st_size for f in files
                              if f.with_name(f.name + ".gz").exists())}


def _theme_index(pages) -> dict:
    """mkdocs-material's lunr index of the same pages, as its search plugin would write it."""
    from material.plugins.search.plugin import SearchIndex as ThemeIndex

    index = ThemeIndex(lang=["zh"], separator=r"[\s\u200b\-、，。；：（）]", pipeline=["stemmer", "stopWordFilter", "trimmer"],
                       fields={"title": {"boost": 1e3}, "text": {"boost": 1e0}, "tags": {"boost": 1e6}})
    for url, title, html in pages:
        index.add_entry_from_context(SimpleNamespace(meta={}, content=html, toc=[], url=url, title=title))
    data = index.generate_search_index(None).encode()
    return {"bytes": len(data), "gzip_bytes": len(gzip.compress(data, 9))}


def _overlay(site: Path, work: Path) -> Path:
    """A site that is `site` except for its search/ directory (links, not copies)."""
    for entry in site.iterdir():
        if entry.name != "search":
            os.symlink(entry.resolve(), work / entry.name)
    return work


def search_scale(browser, site: Path, factors: tuple[int, ...] = (1, 10)) -> list[dict]:
    rows = []
    for factor in factors:
        pages = _pages(site, factor)
        with tempfile.TemporaryDirectory(prefix="bench-search-") as name:
            scaled = _overlay(site, Path(name))
            ours = _our_index(pages, scaled)
            with serve(scaled) as base:
                on_load = _transferred(browser, base + "regulations/dazhou.html")
                queries = {q: _transferred(browser, base + "regulations/dazhou.html", action=_search(q)) for q in QUERIES}
        rows.append({
            "factor": factor, "pages": len(pages), "index": ours, "theme_index": _theme_index(pages),
            "page_load_search_bytes": sum(n for u, n in on_load.items() if "/search/" in u),
            "query_bytes": {q: sum(n for u, n in s.items() if "/search/" in u) for q, s in queries.items()},
            "query_files": {q: sum("/search/" in u for u in s) for q, s in queries.items()},
        })
    return rows


def page_bytes(browser, site: Path) -> dict[str, int]:
    with serve(site) as base:
        out = {label: sum(_transferred(browser, base + path).values()) for label, path in PAGE_KINDS.items()}
        label, path, until = CALCULATOR
        out[label] = sum(_transferred(browser, base + path, until).values())
    return out


def run(site: Path = ROOT / "site") -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            return {"page_bytes_nginx": page_bytes(browser, site), "search_scale": search_scale(browser, site)}
        finally:
            browser.close()


if __name__ == "__main__":
    import json

    print(json.dumps(run(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"), ensure_ascii=False, indent=1))
