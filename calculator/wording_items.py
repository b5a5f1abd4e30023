"""How an item of the rules reads, in one place: a decision taken in steps (项目单位提出申请 →
市数字经济局核报 → 市委市政府同意), a scope exclusion (不适用本办法：…), a refusal (原则上不予立项：…；例外：…).

Each is shown in several places (the result report, the comparison cells, the regulation page, the refusal
lists, the rule diff); written in each, the arrows, labels and joins drift apart. Stdlib only, so the
engine in the browser can use it too.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from .schema import OUTCOMES, refusal_label

ARROW = " → "


def chain_text(steps: Iterable[tuple[str, str]]) -> str:
    """The steps in order, each its body's name followed by what it does, joined by arrows."""
    return ARROW.join(f"{body}{action}" for body, action in steps)


def exclusion_text(exclusion: Mapping[str, Any]) -> str:
    """A scope exclusion: its outcome, then the text's words — 不适用本办法：涉密项目不适用."""
    return f"{OUTCOMES[exclusion['outcome']]}：{exclusion['text']}"


def refusal_case(refusal: Mapping[str, Any]) -> str:
    """A refusal's case with the text's exception, if any: 原项目尚未验收的升级改造类项目；例外：法律法规有明确规定的除外."""
    return refusal["name"] + (f"；例外：{refusal['exception']}" if refusal.get("exception") else "")


def refusal_text(refusal: Mapping[str, Any]) -> str:
    """A refusal as one line: the outcome (原则上 where the text says it), then the case and its exception."""
    return f"{refusal_label(refusal)}：{refusal_case(refusal)}"
