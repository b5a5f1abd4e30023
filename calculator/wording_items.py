"""How a decision taken in steps reads, in one place: 项目单位提出申请 → 市数字经济局核报 → 市委市政府同意.

A chain (审核 → 审签 → 审定) is shown in the result report, the comparison cells, the refusal lists and
the rule diff; written in each, the arrows and the joining of body and action drift apart. Stdlib only,
so the engine in the browser can use it too.
"""

from __future__ import annotations

from typing import Iterable

ARROW = " → "


def chain_text(steps: Iterable[tuple[str, str]]) -> str:
    """The steps in order, each its body's name followed by what it does, joined by arrows."""
    return ARROW.join(f"{body}{action}" for body, action in steps)
