"""The generated site: anchors, comparison links, completeness, and that it follows the rules."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
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
    assert not (built_site / "assets" / "vendor" / "mermaid").exists(), "diagrams need no drawing library"
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
    # The comparison text still says 2000万元: one fact written two ways stops the build (issue 14) …
    run = build_site(tmp_path / "site", rules)
    assert run.returncode != 0 and f"'{old}万元' is not a bound of any threshold table" in run.stderr + run.stdout
    # … until the text says what the table says.
    path.write_text(text.replace(f"总投资不超过{old}万元）的，可合并编报", "总投资不超过2500万元）的，可合并编报"), encoding="utf-8")
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


# --- safe to put on an intranet: policy, scripts, compression, atomic build ------------------------

class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(path: Path) -> list[tuple[str, dict]]:
    found = _Tags()
    found.feed(path.read_text(encoding="utf-8"))
    return found.tags


def test_every_page_carries_the_policy_and_nothing_inline(built_site: Path) -> None:
    from sitegen.security import meta_policy

    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 20
    for page in pages:
        found = tags(page)
        name = page.relative_to(built_site)
        policies = [a["content"] for t, a in found if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert policies == [meta_policy()], name
        assert "'unsafe-inline'" not in policies[0] and "frame-ancestors" not in policies[0]
        inline = [a for t, a in found if t == "script" and not a.get("src") and a.get("type") != "application/json"]
        assert not inline, f"{name}: inline script"
        assert not [t for t, a in found if t == "style" or "style" in a], f"{name}: inline style"
        assert not [a for t, a in found for k in a if k.startswith("on")], f"{name}: event handler attribute"


def test_diagrams_are_html_and_the_marker_script_is_only_on_the_threshold_page(built_site: Path) -> None:
    """Route diagrams are lists in the page (no script draws them); the one picture script, the
    我的金额 marker, is loaded only where the threshold overview is."""
    with_diagram, with_marker = [], []
    for page in sorted(built_site.rglob("*.html")):
        found = tags(page)
        scripts = [a["src"] for t, a in found if t == "script" and a.get("src")]
        name = page.relative_to(built_site).as_posix()
        assert not [s for s in scripts if "mermaid" in s or s.endswith("diagrams.js")], name
        if [a for t, a in found if t == "figure" and a.get("class") == "flow"]:
            with_diagram.append(name)
        if any(s.endswith("threshold-marker.js") for s in scripts):
            with_marker.append(name)
    assert "compare/routes.html" in with_diagram and "regulations/dazhou.html" in with_diagram
    assert "calculator.html" not in with_diagram and "index.html" not in with_diagram
    assert with_marker == ["compare/thresholds.html"]


def test_nginx_config_sends_the_same_policy(built_site: Path) -> None:
    from sitegen.security import header_policy, meta_policy

    rules = (ROOT / "deploy" / "site-rules.conf").read_text(encoding="utf-8")
    assert f'add_header Content-Security-Policy "{header_policy()}" always;' in rules
    assert header_policy().startswith(meta_policy()) and header_policy().endswith("frame-ancestors 'none'")
    assert "include /etc/nginx/snippets/kb-site-rules.conf;" in (ROOT / "deploy" / "nginx.conf").read_text()


def test_text_and_wasm_files_are_precompressed(built_site: Path) -> None:
    import gzip

    for name in ("index.html", "regulations/dazhou.html", "search/manifest.json",
                 "assets/vendor/pyodide/pyodide.asm.wasm",
                 "assets/calculator/rules.json"):
        original = built_site / name
        assert gzip.decompress((built_site / f"{name}.gz").read_bytes()) == original.read_bytes(), name
    assert not (built_site / "assets" / "vendor" / "pyodide" / "python_stdlib.zip.gz").exists(), "zip is compressed"


def test_a_failed_build_leaves_the_previous_site_and_no_temporary_directory(tmp_path: Path) -> None:
    rules = _rules_copy(tmp_path)
    path = rules / "dazhou.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("version: ", "versoin: ", 1), encoding="utf-8")
    site = tmp_path / "out" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("previous build", encoding="utf-8")
    run = build_site(site, rules)
    assert run.returncode != 0
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_a_build_failing_in_its_last_step_leaves_the_previous_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "tests.failing_build", str(site)], cwd=ROOT,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True)
    assert run.returncode != 0 and "late failure after the pages" in run.stderr + run.stdout
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_atomic_build_swaps_only_a_finished_site(tmp_path: Path) -> None:
    """The late failures (a hook raising after pages were written, a --strict abort) end in
    on_build_error, which marks the build failed; this is what finish() then does in each case."""
    from sitegen.atomic import AtomicBuild

    final = tmp_path / "site"
    final.mkdir()
    (final / "index.html").write_text("old", encoding="utf-8")
    failed = AtomicBuild.begin(str(final))
    (failed.staging / "index.html").write_text("half", encoding="utf-8")
    failed.finish()
    assert (final / "index.html").read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    done = AtomicBuild.begin(str(final))
    (done.staging / "index.html").write_text("new", encoding="utf-8")
    done.succeeded = True
    done.finish()
    assert (final / "index.html").read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    umask = os.umask(0)
    os.umask(umask)
    assert final.stat().st_mode & 0o777 == 0o777 & ~umask, "not private like a mkdtemp directory: the web server reads it"
