"""mkdocs-macros module: every page of the site is generated from rules/ through `calculator`.

A rules error stops the build here, before anything is written, with the validator's
`file:line: path: message` lines; the runtime files are copied after a successful build.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from calculator.rulebook import REPO_RULES, Rulebook
from calculator.validate import RulesError, compile_rules
from sitegen import (assets, calculator_page, changelog, compare, compress, context, glossary, home, refusals,
                     schema_doc, version_pages)

ROOT = Path(__file__).resolve().parent


def define_env(env) -> None:
    # A maintainer (or a test) may build the site from another copy of the rules.
    rules_dir = Path(os.environ.get("CALCULATOR_RULES_DIR", REPO_RULES))
    try:
        compiled = compile_rules(rules_dir, rules_dir.parent)
        book = Rulebook(compiled)
        terms = glossary.load_glossary(rules_dir / "glossary.yaml", book)
    except RulesError as exc:
        raise PluginError("规则校验失败，站点未生成 / rules do not validate, nothing was built:\n"
                          + "\n".join(map(str, exc.problems))) from None
    context.set_current(compiled, book, terms)

    env.macro(lambda slug: version_pages.current_page(book.get(slug), book), "regulation_page")
    env.macro(lambda slug, day: version_pages.earlier_page(book, slug, day), "earlier_version_page")
    env.macro(lambda: changelog.changelog_page(rules_dir.parent), "changelog_page")
    env.macro(lambda topic: compare.comparison_page(book, topic), "comparison_page")
    env.macro(lambda: compare.thresholds_page(book), "thresholds_page")
    env.macro(lambda: compare.routes_page(book), "routes_page")
    env.macro(lambda: refusals.refusals_page(book), "refusals_page")
    env.macro(lambda: refusals.coverage_table(book), "coverage_table")
    env.macro(lambda: glossary.glossary_page(terms, book), "glossary_page")
    env.macro(schema_doc.schema_page, "schema_page")
    env.macro(lambda: home.home_page(book), "home_page")
    env.macro(lambda: calculator_page.calculator_page(book), "calculator_page")


def on_post_build(env) -> None:
    site = Path(env.conf["site_dir"])
    try:
        assets.copy_runtime(ROOT, site, context.current().compiled)
    except assets.AssetError as exc:
        raise PluginError(str(exc)) from None
    compress.compress_site(site)  # last: it compresses whatever the steps before put into the site
