"""mkdocs hooks: the Content-Security-Policy for the templates, the atomic build (sitegen.atomic)
and glossary tooltips on every page (see glossary.mark_terms)."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen import context, glossary, security
from sitegen.atomic import AtomicBuild


@dataclass
class _Run:
    command: str | None = None          # 'build', 'gh-deploy' or 'serve'; None for a --dirty build
    atomic: AtomicBuild | None = None


_run = _Run()


def on_startup(command, dirty):
    _run.command = None if dirty else command


def on_config(config):
    config.extra["content_security_policy"] = security.meta_policy()
    if _run.command in ("build", "gh-deploy"):
        _run.atomic = AtomicBuild.begin(config.site_dir)
        config.site_dir = str(_run.atomic.staging)
    return config


def on_page_content(html, page, config, files):
    return glossary.mark_terms(html, context.current().terms)


def on_post_build(config):
    if _run.atomic:
        _run.atomic.succeeded = True


def on_build_error(error):
    # Also called for a --strict abort, which mkdocs raises after on_post_build.
    if _run.atomic:
        _run.atomic.succeeded = False


def on_shutdown():
    atomic, _run.atomic = _run.atomic, None
    if atomic:
        atomic.finish()
