"""The wording scan: what a user reads must be plain Chinese, with no engine internals in it.

Used by tests/test_wording.py on every scenario's HTML, Markdown and command-line text and on the
built site's pages. A finding names the offending words and a stretch of text around them, so a
failure says where to look. The scanner is tested on planted bad sentences (it must be able to fail).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable

from calculator.fields import FIELDS

ROOT = Path(__file__).resolve().parent.parent

# Latin words a user may meet: file formats and the usual abbreviations of office life.
ALLOWED = {"Word", "JSON", "Markdown", "PDF", "CPU", "IP", "URL"}
# Latin words the regulations themselves use (e.g. PPP) may be quoted from them.
SOURCE_WORDS = {w for p in (ROOT / "rules" / "sources").glob("*.txt")
                for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", p.read_text(encoding="utf-8"))}
# Words that only make sense inside the engine, whatever script they are in.
INTERNAL = ("本库理解", "未命中", "本库规则第", "无条件", "并非（", "且（", "或（")
LATIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
FIELD_IDS = {f.name for f in FIELDS}
# A fact's name, "为", and the same name again (or its last three characters or more).
_ECHO = re.compile("|".join(
    f"{re.escape(label)}为{re.escape(label[-n:])}" for label in sorted({f.label.split('（')[0] for f in FIELDS})
    for n in range(3, len(label) + 1)))


def findings(text: str, typed: Iterable[str] = ()) -> list[str]:
    """Every problem in one piece of user-facing text, each with the words around it. `typed`: words
    the user typed or must type (a command line's regulation names), which a message may repeat."""
    out = []
    for match in LATIN.finditer(text):
        word = match.group()
        if word in ALLOWED or word in SOURCE_WORDS or word in typed:
            continue
        kind = "字段标识" if word in FIELD_IDS else "英文或内部标识"
        out.append(f"{kind} {word!r}: …{_around(text, match.start(), match.end())}…")
    for word in INTERNAL:
        for match in re.finditer(re.escape(word), text):
            out.append(f"内部用语 {word!r}: …{_around(text, match.start(), match.end())}…")
    for match in _ECHO.finditer(text):  # "项目总投资为总投资不超过…": a condition read back into itself
        out.append(f"条件照搬 {match.group()!r}: …{_around(text, match.start(), match.end())}…")
    out += _nested_quotes(text)
    return out


def _nested_quotes(text: str) -> list[str]:
    """'“…“…”…”': a quote inside a quote is a condition dump, not a sentence."""
    depth, out = 0, []
    for i, ch in enumerate(text):
        if ch == "“":
            depth += 1
            if depth == 2:
                out.append(f"引号套引号: …{_around(text, i, i + 1)}…")
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch == "\n":
            depth = 0
    return out


def _around(text: str, start: int, end: int) -> str:
    return text[max(0, start - 25):end + 25].replace("\n", " ")


class _Visible(HTMLParser):
    """The text a reader sees or hears: element text and the attributes shown as text (title,
    aria-label, alt, placeholder), skipping scripts, styles and anything hidden from everyone."""

    SKIP = {"script", "style", "template", "noscript"}
    SHOWN = ("title", "aria-label", "alt", "placeholder")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or tag in self.SKIP:
            if tag not in self.VOID:
                self.skipping.append(tag)
            return
        self.parts += [v for k, v in attrs if k in self.SHOWN and v]

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return "\n".join(p.strip() for p in parser.parts if p.strip())
