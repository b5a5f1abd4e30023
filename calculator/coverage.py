"""Article coverage: every article is cited by some rule or declared not operative, with a reason.

A new or forgotten article then shows up as "neither". Until the rules declare their inoperative
articles, "neither" is reported by `coverage()` but is not an error; flip REQUIRE_FULL_COVERAGE
to make it one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

REQUIRE_FULL_COVERAGE = True


@dataclass(frozen=True)
class Coverage:
    """One regulation's articles, by how the rules account for them."""
    slug: str
    articles: int
    cited: list[int]
    not_operative: list[int]
    neither: list[int]

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "cited": self.cited, "not_operative": self.not_operative,
                "neither": self.neither}


def cited_articles(data: Any) -> set[int]:
    """Article numbers of every citation ({article, quote}) anywhere in one compiled rules file."""
    found: set[int] = set()
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if isinstance(value.get("article"), int) and "quote" in value:
                found.add(value["article"])
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found


def declared_not_operative(data: dict[str, Any]) -> set[int]:
    return {item["article"] for item in data.get("not_operative") or []
            if isinstance(item, dict) and isinstance(item.get("article"), int)}


def regulation_coverage(slug: str, data: dict[str, Any], numbers: list[int]) -> Coverage:
    """Coverage of the articles `numbers` (article 0, the notice, is not an article) by one compiled file."""
    cited = cited_articles({k: v for k, v in data.items() if k not in ("articles", "not_operative")})
    declared = declared_not_operative(data)
    return Coverage(slug, len(numbers), sorted(n for n in numbers if n in cited),
                    sorted(n for n in numbers if n in declared and n not in cited),
                    sorted(n for n in numbers if n not in cited and n not in declared))
