"""One JSON-in, JSON-out entry point for the browser worker (and the parity test on CPython).

Requests: {"action": "validate" | "evaluate" | "change" | "export", "regulation": slug | "all",
"place": place id (instead of regulation: sets the regulation and the level), "input": {...},
"all_questions": bool, "format": "markdown" | "json" (export only)}. Responses carry what the page
shows: {"ok": true, "html": ..., "questions_html": ...}; the downloads are made only when asked for:
{"ok": true, "markdown": ...} or {"ok": true, "result": ...} (the engine's full JSON result). Errors:
{"ok": false, "errors": [{"field", "zh", "en"}]}.

Any JSON the browser can send gets an answer, never an exception: wrong shapes and values become
error objects in Chinese, and an unexpected engine failure becomes one too (`handle`).
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from . import engine, html_report, report
from .fields import InputError, catalogue, input_fields
from .rulebook import Rulebook

_book: Rulebook | None = None
ACTIONS = ("validate", "evaluate", "change", "export")
FORMATS = ("markdown", "json")
MAX_REQUEST = 20_000  # characters: a full form is well under 2 000


def init(rules_json: str) -> str:
    """Load the compiled rules; returns the form's field catalogue, the regulations and the places."""
    global _book
    _book = Rulebook.from_json(rules_json)
    return json.dumps({
        "rules_version": _book.version,
        "regulations": [{"slug": s, "short_name": r.meta["short_name"], "title": r.meta["title"]}
                        for s, r in _book.regulations.items()],
        "places": _book.places(),
        "fields": catalogue(),
    }, ensure_ascii=False)


def handle(request_json: str) -> str:
    try:
        if not isinstance(request_json, str) or len(request_json) > MAX_REQUEST:
            raise InputError("(request)", "请求过大或格式错误", "request too large or not text")
        try:
            request = json.loads(request_json)
        except (ValueError, RecursionError):
            raise InputError("(request)", "请求不是有效的 JSON", "request is not valid JSON") from None
        response = respond(request)
    except InputError as exc:
        response = {"ok": False, "errors": [exc.to_dict()]}
    except Exception as exc:  # noqa: BLE001 - the page must get an answer, not a traceback
        response = {"ok": False, "errors": [{"field": "(engine)", "zh": "计算引擎内部错误，请复制错误信息反馈给维护者",
                                             "en": f"{type(exc).__name__}: {exc}"[:500]}]}
    return json.dumps(response, ensure_ascii=False, sort_keys=True)


def _request(request: Any) -> tuple[str, str, dict[str, Any]]:
    """(action, regulation slug or 'all', input) from a request, or InputError."""
    if not isinstance(request, Mapping):
        raise InputError("(request)", "请求格式错误", "request must be an object")
    action = request.get("action", "evaluate")
    if action not in ACTIONS:
        raise InputError("action", "未知的操作", f"unknown action {action!r}")
    raw = request.get("input") or {}
    if not isinstance(raw, Mapping):
        raise InputError("(input)", "输入格式错误", "input must be an object")
    raw = dict(raw)
    place = request.get("place")
    if place not in (None, ""):
        if not isinstance(place, str):
            raise InputError("place", "地区与层级无效", "place must be text")
        chosen = _book.place(place)
        if raw.get("level") not in (None, "", chosen["level"]):
            raise InputError("level", "项目层级与所选地区不一致", "level contradicts the place")
        raw["level"] = chosen["level"]
        return action, chosen["slug"], raw
    slug = request.get("regulation") or "all"
    if not isinstance(slug, str):
        raise InputError("regulation", "办法标识无效", "regulation must be text")
    if slug != "all":
        _book.get(slug)
    return action, slug, raw


def respond(request: Any) -> dict[str, Any]:
    if _book is None:
        raise RuntimeError("api.init() must be called first")
    action, slug, raw = _request(request)
    group = "change" if action == "change" or request.get("kind") == "change" else "project"
    errors = validate(raw, group)
    if errors or action == "validate":
        return {"ok": not errors, "errors": errors}
    if action == "export":
        return _export(slug, raw, group, request.get("format") or "markdown")
    if group == "change":
        results = _changes(slug, raw)
        return {"ok": True, "html": "".join(html_report.change_html(r) for r in results)}
    if slug == "all":
        return {"ok": True, "html": html_report.all_html(engine.evaluate_all(_book, raw))}
    result = engine.evaluate(_book, slug, raw)
    return {"ok": True, "html": html_report.project_html(result),
            "questions_html": html_report.questions_form(result, _book.get(slug), request.get("all_questions") is True)}


def _export(slug: str, raw: Mapping[str, Any], group: str, form: Any) -> dict[str, Any]:
    """The downloads are rendered only when asked for: most answers are read, not downloaded."""
    if form not in FORMATS:
        raise InputError("format", "未知的导出格式", f"unknown export format {form!r}")
    if group == "change":
        results = _changes(slug, raw)
        if form == "json":
            return {"ok": True, "result": results[0] if slug != "all" else results}
        return {"ok": True, "markdown": "\n".join(report.change_markdown(r) for r in results)}
    result = engine.evaluate_all(_book, raw) if slug == "all" else engine.evaluate(_book, slug, raw)
    if form == "json":
        return {"ok": True, "result": result}
    return {"ok": True, "markdown": report.all_markdown(result) if slug == "all" else report.project_markdown(result)}


def _changes(slug: str, raw: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [engine.evaluate_change(_book, s, raw) for s in (list(_book.regulations) if slug == "all" else [slug])]


def validate(raw: Any, group: str = "project") -> list[dict[str, str]]:
    """Every field's problem at once, so the form can mark all of them inline."""
    if not isinstance(raw, Mapping):
        return [{"field": "(input)", "zh": "输入格式错误", "en": "input must be an object"}]
    errors = []
    known = {f.name: f for f in input_fields(group)}
    for key, value in raw.items():
        field = known.get(key)
        if field is None:
            errors.append({"field": str(key)[:40], "zh": "未知字段", "en": f"unknown field {str(key)[:40]!r}"})
            continue
        try:
            field.parse(value)
        except InputError as exc:
            errors.append(exc.to_dict())
    return errors
