"""Reading the knowledge base in a browser: home, a regulation, a comparison, Chinese search."""

from __future__ import annotations

import pytest

from .conftest import screenshot

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
    # Route diagrams render with the self-hosted mermaid, each into its own shadow root, at their drawn
    # size: as wide as mermaid laid them out (its max-width), not stretched or collapsed without styles.
    charts = page.locator("pre.route-chart").count()
    assert charts >= 3
    # A function, not an expression: Playwright evaluates expressions with eval(), which the policy forbids.
    page.wait_for_function("n => document.querySelectorAll('.route-diagram').length === n", arg=charts)
    sizes = page.evaluate("""[...document.querySelectorAll('.route-diagram')].map(host => {
        const svg = host.shadowRoot.querySelector('svg'), box = svg.getBoundingClientRect();
        return [box.width, box.height, parseFloat(svg.style.maxWidth), svg.viewBox.baseVal.width,
                svg.viewBox.baseVal.height, host.shadowRoot.adoptedStyleSheets.length];
    })""")
    for width, height, max_width, view_width, view_height, sheets in sizes:
        assert sheets == 1, "the theme's styles reach the diagram"
        assert abs(width - min(max_width, view_width)) < 2 and abs(height / width - view_height / view_width) < 0.01
    page.locator("#art-10 + .article + details.cited-by summary").click()
    backrefs = page.locator("#art-10 + .article + details.cited-by a")
    assert backrefs.count() >= 2
    assert page.locator("abbr[title]").count() >= 1  # glossary tooltips
    screenshot(page, "regulation-dazhou")


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


# Every kind of page, and the calculator answering from a link (inputs in the URL).
PAGE_KINDS = ["index.html", "regulations/dazhou.html", "compare/deadlines.html", "compare/thresholds.html",
              "compare/routes.html", "glossary.html", "maintainers/index.html", "maintainers/schema.html", "404.html"]
CALCULATOR = "calculator.html?tab=project&place=dazhou.city&investment=350"

# Registered before any page script runs: every report of the policy, whatever the page does later.
WATCH_POLICY = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
    `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""


def watch_policy(page) -> tuple[list[str], list[str]]:
    """Start collecting policy violations (events and console messages) and requested URLs."""
    console: list[str] = []
    requested: list[str] = []
    page.add_init_script(WATCH_POLICY)
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: requested.append(r.url))
    return console, requested


def wait_for_answer(page) -> None:
    """The calculator has answered (its output area is filled by the engine in the worker)."""
    page.locator("#calc-output .calc-result").first.wait_for(timeout=120000)


def drawn(page) -> None:
    charts = page.locator("pre.route-chart").count()
    # A function, not an expression: Playwright evaluates expressions with eval(), which the policy forbids.
    page.wait_for_function("n => document.querySelectorAll('.route-diagram').length === n", arg=charts)


@pytest.mark.parametrize("path", PAGE_KINDS + [CALCULATOR])
def test_pages_keep_the_content_security_policy(page, site_url: str, path: str) -> None:
    console, requested = watch_policy(page)
    page.goto(f"{site_url}/{path}")
    page.wait_for_load_state("load")
    if path == CALCULATOR:
        wait_for_answer(page)
    else:
        drawn(page)
        page.wait_for_timeout(300)  # the theme's late work (tooltips, toc, search worker) is done
    violations = page.evaluate("window.__violations")
    assert violations == [] and console == [], f"{path}: {violations} {console}"
    mermaid = [u for u in requested if u.endswith("mermaid.min.js")]
    assert bool(mermaid) == path.startswith(("regulations/", "compare/routes")), f"{path} loads mermaid: {mermaid}"


def test_the_policy_holds_while_searching(page, site_url: str) -> None:
    console, _ = watch_policy(page)
    page.goto(f"{site_url}/index.html")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill("试运行")
    page.locator(".md-search-result__item").first.wait_for()
    assert page.evaluate("window.__violations") == [] and console == []
