"""mkdocs hook used only by the build benchmark: writes every page's Markdown as the macros rendered
it into $BENCH_CAPTURE_DIR, so the same pages can be built by a bare mkdocs-material config."""

from __future__ import annotations

import os
from pathlib import Path


def on_page_markdown(markdown, page, config, files):
    target = Path(os.environ["BENCH_CAPTURE_DIR"]) / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown, encoding="utf-8")
    return markdown
