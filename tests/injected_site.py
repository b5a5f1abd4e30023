"""A site built from rules whose every shown text carries markup and script injections.

The validator rejects such text in rules files, so the injections cannot come from a rules copy:
this module runs the real `mkdocs build --strict` in its own process with
`calculator.validate.compile_rules` (which macros.py imports when mkdocs loads it) and
`sitegen.glossary.load_glossary` wrapped. The rules are read and checked as usual; the injections are
added to the compiled data (and the glossary terms) afterwards, before any page is generated, so
the test exercises exactly what a bad string would meet on its way to a page. Nothing here is
reachable from a normal build: only `python -m tests.injected_site <dest>` applies the wrappers.

    python -m tests.injected_site /tmp/site     # what build_injected_site() runs
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from .site_build import ROOT

INJECTIONS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
              "](javascript:alert(1))", '"><svg onload=alert(1)>', '"]--> X[', "`code`", "{: onclick=alert(1) }",
              "*em* _u_ ~~s~~ | &amp; #h")
PAYLOAD = " ".join(INJECTIONS)

# Keys of the compiled rules whose string values a page shows (ids, enums, numbers and conditions
# are structure, not text, and stay as they are).
TEXT_KEYS = {"action", "chapter_title", "contents", "doc_number", "effective_rule", "exception", "interpreter", "issuer",
             "label", "level", "name", "notice", "paragraphs", "procedure", "quote", "reading", "reason", "region",
             "short_name", "status", "summary", "text", "title", "trigger"}
CONDITION_KEYS = {"when", "applies_when"}


def inject(node: Any, key: str | None = None) -> Any:
    """A copy of compiled rules data with PAYLOAD appended to every shown text."""
    if isinstance(node, dict):
        return {k: v if k in CONDITION_KEYS else inject(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [inject(v, key) for v in node]
    if isinstance(node, str) and key in TEXT_KEYS:
        return f"{node} {PAYLOAD}"
    return node


def build_injected_site(dest: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "tests.injected_site", str(dest)], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def injected_site(tmp_path_factory) -> Path:
    """The injected site, built once per test session (the HTML tests and the browser tests share it)."""
    dest = tmp_path_factory.getbasetemp() / "injected-site"
    if not (dest / "index.html").exists():
        run = build_injected_site(dest)
        assert run.returncode == 0, (run.stdout + run.stderr)[-4000:]
    return dest


def _main(dest: str) -> None:
    from mkdocs.__main__ import cli

    from calculator import validate
    from sitegen import glossary

    compile_rules, load_glossary = validate.compile_rules, glossary.load_glossary
    validate.compile_rules = lambda *args: inject(compile_rules(*args))
    glossary.load_glossary = lambda *args: [glossary.Term(f"{t.term}{PAYLOAD}", f"{t.definition} {PAYLOAD}", t.refs)
                                            for t in load_glossary(*args)]
    cli(["build", "--strict", "--site-dir", dest], standalone_mode=True)


if __name__ == "__main__":
    _main(sys.argv[1])
