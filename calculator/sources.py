"""Split a regulation's plain text into chapters, articles, 款 and 项.

The seeds are copied from PDFs and web pages: lines break mid-sentence, headings carry odd
(full-width) spaces, some lines are markdown bold or list bullets. An article starts only where
"第N条" opens a line, so cross-references inside a sentence ("按照本办法第十一条办理") never split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}

_WS = re.compile(r"[\s\u3000\u00a0\ufeff]+")
_CN_NUM = "〇零一二两三四五六七八九十百千"
_ARTICLE = re.compile(rf"^第([{_CN_NUM}]+)条(.*)$")
_CHAPTER = re.compile(rf"^第([{_CN_NUM}]+)章(.*)$")
_ITEM = re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]")
# Distribution lists and print marks after the last article are not part of it.
_TAIL = re.compile(r"^(抄送|信息公开选项|.*\d+日印发$)")


def chinese_numeral(text: str) -> int:
    """Parse 一 … 九千九百九十九 (the forms article numbers take) to an int."""
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


def squash(text: str) -> str:
    """Delete all whitespace: the comparison form for verbatim quotes (Chinese needs no spaces)."""
    return _WS.sub("", text)


@dataclass
class Article:
    number: int
    chapter: int
    chapter_title: str
    paragraphs: list[str] = field(default_factory=list)  # 款, whitespace-squashed

    @property
    def label(self) -> str:
        return f"第{to_chinese(self.number)}条"

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def flat(self) -> str:
        return "".join(self.paragraphs)

    def items(self) -> list[str]:
        """The 项 ((一)(二)…) of the article, in order; empty when it has none."""
        return [p for p in self.paragraphs if _ITEM.match(p)]

    def contains(self, quote: str) -> bool:
        needle = squash(quote)
        return bool(needle) and needle in self.flat


@dataclass
class Source:
    slug: str
    preamble: str  # the issuing notice and title before 第一条 (cited as article 0)
    chapters: dict[int, str]
    articles: dict[int, Article]
    colophon: str = ""  # 抄送 … “…印发” after the last article (cited as article 0 too)

    def article(self, number: int) -> Article | None:
        if number == 0:
            return Article(0, 0, notice_label(self.preamble), [squash(self.preamble), squash(self.colophon)])
        return self.articles.get(number)


def notice_label(preamble: str) -> str:
    """What article 0 is called: 印发通知 only when the text carries one; otherwise it is just the title."""
    return "印发通知" if "通知" in squash(preamble) else "标题"


def to_chinese(n: int) -> str:
    """Render an article number the way headings write it (十二, 二十, 五十四, 一百零五)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n >= 10000:  # no regulation is this long; a garbled heading still gets a label
        return str(n)
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if zero and out else "") + digits[digit] + unit
            zero = False
        else:
            zero = True
    return out


def how_many_regulations(n: int, noun: str = "办法") -> str:
    """'五部办法', '六部办法', '两部办法': the count as the site and the answers say it, so a sixth
    regulation changes the wording with it."""
    return f"{'两' if n == 2 else to_chinese(n)}部{noun}"


def _clean_line(raw: str) -> str:
    line = raw.replace("**", "").strip(" \t\u3000\u00a0\ufeff")
    if line.startswith("- "):
        line = line[2:]
    return line


def parse(slug: str, text: str) -> Source:
    preamble: list[str] = []
    chapters: dict[int, str] = {}
    articles: dict[int, Article] = {}
    chapter, chapter_title = 0, ""
    current: Article | None = None
    colophon: list[str] = []
    for raw in text.splitlines():
        line = _clean_line(raw)
        if not line:
            continue
        compact = squash(line)
        if colophon:
            colophon.append(compact)
            continue
        if m := _CHAPTER.match(compact):
            chapter, chapter_title = chinese_numeral(m.group(1)), m.group(2)
            chapters[chapter] = chapter_title
            current = None
            continue
        if m := _ARTICLE.match(compact):
            number = chinese_numeral(m.group(1))
            current = Article(number, chapter, chapter_title, [m.group(2)])
            articles[number] = current
            continue
        if current is None:
            if not articles:
                preamble.append(line)
            continue
        if _TAIL.match(compact):
            colophon.append(compact)
            continue
        if _ITEM.match(compact) or _ends_paragraph(current.paragraphs[-1]):
            current.paragraphs.append(compact)
        else:
            current.paragraphs[-1] += compact
    return Source(slug, "\n".join(preamble), chapters, articles, "\n".join(colophon))


def _ends_paragraph(previous: str) -> bool:
    """PDF seeds wrap lines mid-sentence, so a line break only ends a 款 after 。：；.

    A wrap that happens to fall right after a full stop also starts a new 款; the article text
    is unaffected, only its division into 款 may be finer than the original.
    """
    return previous.endswith(("。", "：", ":", "；", ";"))
