"""One JSON-in, JSON-out entry point for the browser worker (and the parity test on CPython).

Requests: {"action": "validate" | "evaluate" | "change", "regulation": slug | "all", "input": {...}}.
Responses: {"ok": true, "result": ..., "html": ..., "markdown": ...} or
{"ok": false, "errors": [{"field", "zh", "en"}, ...]}. Every front end gets the same structures.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from . import engine, html_report, report
from .fields import InputError, catalogue, input_fields
from .rulebook import Rulebook

_book: Rulebook | None = None


def init(rules_json: str) -> str:
    """Load the compiled rules; returns the form's field catalogue and the regulations' names."""
    global _book
    _book = Rulebook.from_json(rules_json)
    return json.dumps({
        "rules_version": _book.version,
        "regulations": [{"slug": s, "short_name": r.meta["short_name"], "title": r.meta["title"]}
                        for s, r in _book.regulations.items()],
        "fields": catalogue(),
    }, ensure_ascii=False)


def handle(request_json: str) -> str:
    return json.dumps(respond(json.loads(request_json)), ensure_ascii=False, sort_keys=True)


def respond(request: Mapping[str, Any]) -> dict[str, Any]:
    if _book is None:
        raise RuntimeError("api.init() must be called first")
    action = request.get("action")
    raw = request.get("input") or {}
    slug = request.get("regulation") or "all"
    group = "change" if action == "change" else "project"
    errors = validate(raw, group)
    if errors or action == "validate":
        return {"ok": not errors, "errors": errors}
    try:
        if action == "change":
            return _change(slug, raw)
        if slug == "all":
            result = engine.evaluate_all(_book, raw)
            return {"ok": True, "result": result, "html": html_report.all_html(result),
                    "markdown": report.all_markdown(result)}
        result = engine.evaluate(_book, slug, raw)
        return {"ok": True, "result": result, "html": html_report.project_html(result),
                "markdown": report.project_markdown(result)}
    except InputError as exc:
        return {"ok": False, "errors": [exc.to_dict()]}


def _change(slug: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    slugs = list(_book.regulations) if slug == "all" else [slug]
    results = [engine.evaluate_change(_book, s, raw) for s in slugs]
    return {"ok": True, "result": results[0] if slug != "all" else results,
            "html": "".join(html_report.change_html(r) for r in results),
            "markdown": "\n".join(report.change_markdown(r) for r in results)}


def validate(raw: Any, group: str = "project") -> list[dict[str, str]]:
    """Every field's problem at once, so the form can mark all of them inline.

    Missing required amounts are the engine's to report (on submit), not a typing error.
    """
    if not isinstance(raw, Mapping):
        return [{"field": "(input)", "zh": "输入格式错误", "en": "input must be an object"}]
    errors = []
    known = {f.name: f for f in input_fields(group)}
    for key, value in raw.items():
        field = known.get(key)
        if field is None:
            errors.append({"field": str(key), "zh": f"未知字段“{key}”", "en": f"unknown field {key!r}"})
            continue
        try:
            field.parse(value)
        except InputError as exc:
            errors.append(exc.to_dict())
    return errors
