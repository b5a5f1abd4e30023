"""Reading the knowledge base in a browser: home, a regulation, a comparison, Chinese search."""

from __future__ import annotations

import pytest

from .conftest import screenshot
from .page_checks import CALCULATOR, wait_for_answer, watch_policy

pytestmark = pytest.mark.e2e


def test_home_page_tells_where_to_start(page, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    assert page.locator("h1").inner_text().startswith("政务信息化项目合规知识库")
    assert page.get_by_role("link", name="流程计算器").first.is_visible()
    screenshot(page, "home")


def test_regulation_page_links_rules_and_articles(page, site_url: str) -> None:
    page.goto(f"{site_url}/regulations/dazhou.html#art-62")
    article = page.locator("#art-62 + .article")
    assert "“以下”不含本数" in article.inner_text()
    assert page.locator("figure.flow").count() >= 3  # route diagrams (tests/e2e/test_pictures.py looks closer)
    page.locator("#art-10 + .article + details.cited-by summary").click()
    backrefs = page.locator("#art-10 + .article + details.cited-by a")
    assert backrefs.count() >= 2
    assert page.locator("abbr[title]").count() >= 1  # glossary tooltips
    screenshot(page, "regulation-dazhou")


def test_a_tapped_term_shows_its_definition(page, site_url: str) -> None:
    """On a phone there is no hover: tapping a glossary term shows its definition next to it."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}/regulations/dazhou.html")
    term = page.locator("article abbr[title]").first
    after = "e => getComputedStyle(e, '::after').content"
    assert term.evaluate(after) in ("none", "normal", "")
    term.click()
    assert term.get_attribute("title") in term.evaluate(after)


def test_comparison_page_shows_every_regulation_and_silence(page, site_url: str) -> None:
    page.goto(f"{site_url}/compare/deadlines.html")
    head = page.locator("table thead").first.inner_text()
    for name in ("四川省", "巴中市", "达州市", "广元市", "巫山县"):
        assert name in head
    assert page.get_by_text("未规定").count() >= 1
    link = page.locator("table a[href*='#art-']").first
    link.click()
    page.wait_for_load_state()
    assert "#art-" in page.url
    assert page.locator(":target").count() == 1
    page.goto(f"{site_url}/compare/thresholds.html")
    assert page.locator("svg.threshold-overview rect").count() >= 10
    screenshot(page, "compare-thresholds", full_page=True)


@pytest.mark.parametrize("term,expected", [("一事一议", "达州"), ("试运行", "试运行")])
def test_chinese_search_finds_the_article(page, site_url: str, term: str, expected: str) -> None:
    page.goto(f"{site_url}/index.html")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(term)
    box.press("End")
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    text = page.locator(".md-search-result").inner_text()
    assert expected in text
    article_hits = page.locator(".md-search-result a[href*='#art-']")
    assert article_hits.count() >= 1, "a result leads straight to an article anchor"
    screenshot(page, f"search-{term}")


# Every kind of page; the calculator page is checked answering a link.
PAGE_KINDS = ["index.html", "regulations/dazhou.html", "compare/deadlines.html", "compare/thresholds.html",
              "compare/routes.html", "glossary.html", "maintainers/index.html", "maintainers/schema.html", "404.html"]


@pytest.mark.parametrize("path", PAGE_KINDS + [CALCULATOR])
def test_pages_keep_the_content_security_policy(page, site_url: str, path: str) -> None:
    console, requested = watch_policy(page)
    page.goto(f"{site_url}/{path}")
    page.wait_for_load_state("load")
    if path == CALCULATOR:
        wait_for_answer(page)
    else:
        page.wait_for_timeout(300)  # the theme's late work (tooltips, toc, search worker) is done
    violations = page.evaluate("window.__violations")
    assert violations == [] and console == [], f"{path}: {violations} {console}"
    assert not [u for u in requested if "mermaid" in u], f"{path}: diagrams need no drawing library"


def test_the_policy_holds_while_searching(page, site_url: str) -> None:
    console, _ = watch_policy(page)
    page.goto(f"{site_url}/index.html")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill("试运行")
    page.locator(".md-search-result__item").first.wait_for()
    assert page.evaluate("window.__violations") == [] and console == []
