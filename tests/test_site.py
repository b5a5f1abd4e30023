"""The generated site: anchors, comparison links, completeness, and that it follows the rules."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from calculator.schema import TOPICS
from calculator.validate import SLUGS

from .books import BOOK
from .site_build import ROOT, build_site


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def parse(path: Path) -> _Links:
    links = _Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


@pytest.mark.parametrize("slug", SLUGS)
def test_every_article_has_its_anchor(built_site: Path, slug: str) -> None:
    ids = parse(built_site / "regulations" / f"{slug}.html").ids
    count = len(BOOK.get(slug).data["articles"])
    assert {f"art-{n}" for n in range(1, count + 1)} <= ids
    assert f"art-{count + 1}" not in ids


@pytest.mark.parametrize("topic", list(TOPICS) + ["thresholds"])
def test_comparison_links_resolve_and_every_regulation_appears(built_site: Path, topic: str) -> None:
    page = built_site / "compare" / f"{topic}.html"
    hrefs = parse(page).hrefs
    article_links = [h for h in hrefs if re.search(r"regulations/[a-z-]+\.html#(art-\d+|notice|r-)", h)]
    assert article_links, "a comparison page links to articles"
    for href in article_links:
        target, anchor = href.split("#")
        target_page = (page.parent / target).resolve()
        assert anchor in parse(target_page).ids, href
    text = page.read_text(encoding="utf-8")
    for reg in BOOK.regulations.values():
        assert f"regulations/{reg.slug}.html" in text, f"{reg.slug} missing from {topic}"


def test_silence_is_visible(built_site: Path) -> None:
    silent = [key for r in BOOK.regulations.values() for key in r.data["not_specified"]]
    assert silent, "at least one regulation is silent somewhere"
    for key in silent:
        topic = key.split(".")[0]
        assert "未规定" in (built_site / "compare" / f"{topic}.html").read_text(encoding="utf-8")


def test_runtime_assets_are_self_hosted(built_site: Path) -> None:
    for name in ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        assert (built_site / "assets" / "vendor" / "pyodide" / name).exists()
    assert (built_site / "assets" / "vendor" / "mermaid" / "mermaid.min.js").exists()
    assert list((built_site / "assets" / "calculator").glob("calculator-*-py3-none-any.whl"))
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            pytest.fail(f"{page.relative_to(built_site)} loads {url}")


def test_schema_page_lists_every_key(built_site: Path) -> None:
    from calculator import schema

    html = (built_site / "maintainers" / "schema.html").read_text(encoding="utf-8")
    for key in schema.RULE_FILE.keys:
        assert f"<code>{key}</code>" in html


def _rules_copy(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    return rules


def test_changed_threshold_changes_the_pages(tmp_path: Path, built_site: Path) -> None:
    rules = _rules_copy(tmp_path)
    path = rules / "sichuan-province.yaml"
    text = path.read_text(encoding="utf-8")
    table = BOOK.get("sichuan-province").data["thresholds"][0]
    old = table["bands"][0]["max"]
    assert text.count(f"max: {old}\n") >= 1
    text = text.replace(f"max: {old}\n", "max: 2500\n", 1).replace(f"min: {old}\n", "min: 2500\n", 1)
    path.write_text(text, encoding="utf-8")
    run = build_site(tmp_path / "site", rules)
    assert run.returncode == 0, run.stderr[-3000:]
    before = (built_site / "regulations" / "sichuan-province.html").read_text(encoding="utf-8")
    after = (tmp_path / "site" / "regulations" / "sichuan-province.html").read_text(encoding="utf-8")
    assert "2500" in after and "2500" not in before
    assert "2500" in (tmp_path / "site" / "compare" / "thresholds.html").read_text(encoding="utf-8")


def test_bad_rules_stop_the_build_with_the_validator_message(tmp_path: Path) -> None:
    rules = _rules_copy(tmp_path)
    path = rules / "dazhou.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("version: ", "versoin: ", 1), encoding="utf-8")
    run = build_site(tmp_path / "site", rules)
    assert run.returncode != 0
    assert re.search(r"rules/dazhou\.yaml:\d+: versoin: unknown key", run.stderr + run.stdout)
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "site" / "index.html").exists()
