"""mkdocs hooks: glossary tooltips on every page (see glossary.mark_terms)."""

from __future__ import annotations

from sitegen import context, glossary


def on_page_content(html, page, config, files):
    return glossary.mark_terms(html, context.current().terms)
