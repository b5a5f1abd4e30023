"""mkdocs hooks for the site search (sitegen/search.py): each page's HTML is indexed as it is rendered,
and the index files are written, with their compressed copies, after the build.

These run after the macros plugin's post-build step (mkdocs runs hooks after plugins), which
compresses the site before the index exists; so the index compresses its own files.
"""

from __future__ import annotations

from pathlib import Path

from sitegen import compress
from sitegen.search import SearchIndex

_index = SearchIndex()
_dirty = False


def on_startup(command, dirty):
    global _dirty
    _dirty = dirty


def on_pre_build(config):
    # A --dirty rebuild renders only the changed pages: keep the others' documents.
    if not _dirty:
        _index.pages.clear()


def on_page_content(html, page, config, files):
    if not (page.meta.get("search") or {}).get("exclude"):
        _index.add_page(page.url, html, page.title or config.site_name)
    return html


def on_post_build(config):
    _index.write(Path(config.site_dir))
    compress.compress_site(Path(config.site_dir) / "search")
