"""Searching the site in a browser: the glossary entry or the article first, the article's sentence as
the snippet, answers to what was typed before the index arrived, and nothing loaded until asked."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from .conftest import screenshot
from .test_a11y import _violations

pytestmark = pytest.mark.e2e

RESULTS = ".md-search-result__item a"


def _open(page, site_url: str, path: str = "index.html") -> None:
    page.goto(f"{site_url}/{path}")
    page.locator("label.md-search__icon, .md-search__input").first.click()


def _ask(page, query: str) -> list[tuple[str, str]]:
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # a key, so the box hears the typing as a reader's would be heard
    page.locator(RESULTS).first.wait_for()
    return [(a.get_attribute("data-kind"), unquote(a.get_attribute("href"))) for a in page.locator(RESULTS).all()]


@pytest.mark.parametrize("query,first", [("可行性研究报告", "glossary.html#term-可行性研究报告"),
                                         ("等保", "glossary.html#term-等级保护"),
                                         ("一事一议", "glossary.html#term-一事一议"),
                                         ("可研", "glossary.html#term-可行性研究报告")])  # 简称“可研”
def test_glossary_and_articles_rank_above_tables(page, site_url: str, query: str, first: str) -> None:
    _open(page, site_url, "regulations/dazhou.html")
    found = _ask(page, query)
    assert found[0][1].endswith(first), found[:3]
    kinds = "".join(kind for kind, _ in found)
    assert not set(kinds.lstrip("ta")) & {"t", "a"}, f"a glossary entry or article below a table or section: {kinds}"
    if query != "等保":  # no article says 等保; the glossary entry names it
        assert "a" in kinds[:3] and any("#art-" in href for _, href in found[:3])
    screenshot(page, f"search-{query}")


def test_an_article_result_shows_the_article_sentence(page, site_url: str) -> None:
    _open(page, site_url)
    found = _ask(page, "一事一议")
    n = next(i for i, (kind, _) in enumerate(found) if kind == "a")
    result = page.locator(".md-search-result__item").nth(n)
    snippet = result.locator(".site-search__snippet").inner_text()
    assert "一事一议" in snippet and result.locator("mark").count() >= 1
    assert snippet.endswith("。") and not snippet.startswith("…")
    result.locator("a").click()
    page.wait_for_load_state()
    assert "#art-" in page.url
    article = page.locator(":target + .article").inner_text()
    assert snippet in article.replace("\n", ""), "the snippet is a sentence of the article"
    assert page.locator("#__search").is_checked() is False, "the box closes on the way to the result"


def test_typing_before_the_index_arrives_is_answered_when_it_does(page, site_url: str) -> None:
    held = []
    page.route("**/search/manifest.json", lambda route: held.append(route))
    _open(page, site_url)
    box = page.locator("input.md-search__input")
    box.fill("一事一议")
    box.press("End")
    # A locator wait, not a string expression: the site's CSP forbids the eval a string predicate needs.
    page.locator(".md-search-result__meta", has_text="正在搜索").wait_for()
    assert held and page.locator(RESULTS).count() == 0
    for route in held:
        route.continue_()
    page.locator(RESULTS).first.wait_for()
    assert unquote(page.locator(RESULTS).first.get_attribute("href")).endswith("glossary.html#term-一事一议")


def test_a_page_loads_no_index_and_a_search_only_its_pieces(page, site_url: str, built_site) -> None:
    fetched: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"]))
            if "/search/" in r.url else None)
    page.goto(f"{site_url}/regulations/dazhou.html")
    page.wait_for_load_state("networkidle")
    assert fetched == [], "nothing of the index before the reader opens the box"
    page.locator("label.md-search__icon, .md-search__input").first.click()
    _ask(page, "可行性研究报告")
    page.wait_for_load_state("networkidle")
    whole = sum(p.stat().st_size for p in (built_site / "search").glob("*.json"))
    files = len(list((built_site / "search").glob("*.json")))
    assert fetched and sum(size for _, size in fetched) < whole / 3 and len(fetched) < files / 3, fetched


def test_the_keyboard_opens_searches_and_follows(page, site_url: str) -> None:
    page.goto(f"{site_url}/compare/deadlines.html")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    assert box.evaluate("el => el === document.activeElement")
    page.keyboard.type("等保")
    page.locator(RESULTS).first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.matches('.md-search-result__item a')")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url("**/glossary.html#term-*")
    assert unquote(page.url).endswith("#term-等级保护")


def test_on_a_phone_a_result_on_the_same_page_is_scrolled_to(page, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site_url}/regulations/dazhou.html")
    page.locator("label.md-header__button[for='__search']").click()
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.type("一事一议")
    article = page.locator(".md-search-result__item a[href*='dazhou.html#art-']").first
    article.wait_for()
    screenshot(page, "search-phone")
    target = article.get_attribute("href").rsplit("#", 1)[1]
    article.click()
    page.wait_for_function("(id) => location.hash === '#' + id && scrollY > 0", arg=target)
    top = page.evaluate("document.querySelector(':target').getBoundingClientRect().top")
    assert 0 <= top < 800, f"#{target} is in view once the box has closed (top {top})"


@pytest.mark.parametrize("width", [1366, 390])
def test_the_open_box_and_its_results_have_no_serious_accessibility_violation(browser, site_url: str, width: int) -> None:
    # axe is added as a script element, which the pages' policy refuses: this context bypasses it.
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN", bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/glossary.html")
        page.keyboard.press("/")
        page.keyboard.type("一事一议")
        page.locator(RESULTS).first.wait_for()
        assert _violations(page) == []
    finally:
        context.close()
