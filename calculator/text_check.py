"""Rules strings are text, never markup: refuse what a page would turn into a tag or an outside link.

Every string of a rules file ends up in a Markdown page or the calculator's HTML. The site escapes
text too, but a rule that carries `<script>` or `[x](javascript:…)` is wrong data whatever the page
does with it, so the validator stops it with a line number. Chinese punctuation (《》“”（）【】) and a
lone `<` before a digit (`<100`) are ordinary text and pass.
"""

from __future__ import annotations

import re

# `<` opening something a browser or Markdown would read as a tag, comment or autolink.
_TAG = re.compile(r"<\s*(?:!|[/?]?\s*[A-Za-z])")
# Markdown inline link or image `[text](target …)` and reference definition `[id]: target`.
_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S*)", re.MULTILINE)
# Schemes that leave the page or run code, wherever they appear (a bare URL is an outside request).
_SCHEME = re.compile(r"(?i)(?<![a-z])(javascript|vbscript|data|https?|ftp|file|mailto)\s*:")
# Characters that make text display differently from what it says (bidirectional overrides).
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069]")


def markup_problem(text: str) -> str | None:
    """Why `text` is not plain text, or None when it is fine."""
    if match := _TAG.search(text):
        return (f"looks like an HTML tag ({_excerpt(text, match.start())}); rules text is shown as text: "
                "write 小于 or the full-width ＜ instead of <")
    for pattern in (_LINK, _REFERENCE):
        for match in pattern.finditer(text):
            if not _local_target(match.group(1)):
                return (f"link target {match.group(1)[:40]!r} is not allowed: a link in rules text may only "
                        "point inside the site (#anchor or a relative path)")
    if match := _SCHEME.search(text):
        return f"contains a {match.group(1).lower()}: address; rules text must not link or load anything outside the site"
    if _INVISIBLE.search(text):
        return "contains an invisible text-direction control character (U+202A–U+202E, U+2066–U+2069)"
    return None


def _local_target(target: str) -> bool:
    """`#anchor` or a relative path: no scheme (`:`), no host (`//`), no entity or escape tricks."""
    return not (":" in target or "&" in target or "\\" in target or target.startswith("//")
                or any(ord(ch) < 32 for ch in target))


def _excerpt(text: str, at: int) -> str:
    return repr(text[at:at + 30])
