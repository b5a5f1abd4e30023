"""The site's search index: built from the pages' HTML, split so that a page loads none of it and a
search loads only the pieces its words and its shown results need.

Why not the theme's search: mkdocs-material fetches its whole lunr index (one file, 1.7 MB for five
regulations, ten times that for fifty) on every page load, gives every heading section the same
weight, so a table that repeats a word outranks the article that defines it, and cannot be split.

Files under `search/` (docs/assets/js/search.js reads them):
- `manifest.json`: the kind of every document (one letter each), where each chunk of documents
  starts, the number of token shards, and a version that names the other files' contents;
- `t-<k>.json`: postings `{token: [gap, hits, gap, hits, …]}` for the tokens whose hash falls into
  shard k: the documents holding the token, each as the difference from the previous one's number,
  and `hits`, its occurrences in the text plus TITLE_HIT for each in the title;
- `d-<n>.json`: the documents of chunk n as `[title, page, url, text]`, fetched for shown results.

Tokens are pairs of adjacent Chinese characters and runs of Latin letters or digits (after NFKC and
lower-casing), so no word list is needed and any two-character query finds its pages; the browser
then checks the exact phrase in the document's text.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Kinds, in the order results are ranked: a glossary entry, an article of a regulation's text, a
# section under a heading, an item (a table row with its own anchor).
TERM, ARTICLE, SECTION, ITEM = "t", "a", "s", "i"
TITLE_HIT = 1000
SHARD_BYTES = 16 * 1024   # about 5 KB compressed: what one pair of characters in a query costs
CHUNK_BYTES = 8 * 1024    # documents fetched together: small, as one query's results lie on many pages

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[0-9a-z]+")
SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# A glossary definition names a term's short forms in quotes (简称“可研”, “等保测评”): a search for
# one of them finds the entry as if it were the term itself.
SHORT_FORM = re.compile(r"“([^”]{2,6})”")
BLOCKS = {"p", "div", "li", "td", "th", "tr", "br", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table",
          "ul", "ol", "details", "summary", "figure", "figcaption", "blockquote", "section"}
SKIP_TAGS = {"script", "style", "svg", "button", "select", "textarea", "template"}
SKIP_CLASSES = {"headerlink", "cited-by"}  # the ¶ permalink; "本条被引用于" lists under each article
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


@dataclass
class Doc:
    kind: str
    title: str
    page: str
    url: str
    text: str = ""
    also: str = ""   # other names, indexed as the title is but not shown (a term's 简称)


def normalize(value: str) -> str:
    return unicodedata.normalize("NFKC", value).lower()


def tokens(value: str) -> list[str]:
    """Every token of `value`, repeats kept: adjacent pairs of Chinese characters, Latin/digit runs."""
    value = normalize(value)
    out = [run[i:i + 2] for run in HAN.findall(value) for i in range(len(run) - 1)]
    return out + WORD.findall(value)


def fnv1a(token: str) -> int:
    """32-bit FNV-1a over code points; search.js computes the same to find a token's shard."""
    h = 0x811C9DC5
    for ch in token:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


class _PageParser(HTMLParser):
    """Splits one page's HTML into documents: one per heading with an id (an article when the heading
    is an article number), and one per table row that carries an anchor (a glossary entry when the
    anchor is a term's)."""

    def __init__(self, page_title: str, url: str):
        super().__init__(convert_charrefs=True)
        self.page_title, self.url = page_title, url
        self.section = Doc(SECTION, page_title, page_title, url)   # where text outside rows goes
        self.docs: list[Doc] = [self.section]
        self.stack: list[tuple[str, bool]] = []   # (tag, skipped)
        self.skipped = 0                          # how many open elements are skipped
        self.heading: Doc | None = None           # collecting a heading's title
        self.row: list[list[str]] | None = None   # cells of the table row being read
        self.row_anchor: str | None = None

    @property
    def skipping(self) -> bool:
        return self.skipped > 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        skipped = tag in SKIP_TAGS or "data-search-exclude" in a or bool(classes & SKIP_CLASSES)
        if tag not in VOID:
            self.stack.append((tag, skipped))
            self.skipped += skipped
        if self.skipping:
            return
        if tag in HEADINGS and a.get("id"):
            kind = ARTICLE if "article-no" in classes else SECTION
            self.heading = self.section = Doc(kind, "", self.page_title, f"{self.url}#{a['id']}")
            self.docs.append(self.heading)
        elif tag == "tr":
            self.row, self.row_anchor = [], None
        elif tag in ("td", "th") and self.row is not None:
            self.row.append([])
        elif a.get("id") and self.row is not None and self.row_anchor is None:
            self.row_anchor = a["id"]
        if tag in BLOCKS:
            self._write("\n")

    def handle_endtag(self, tag):
        if not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            closed, skipped = self.stack.pop()
            self.skipped -= skipped
            if closed == tag:
                break
        if self.skipping:
            return
        if tag in HEADINGS and self.heading is not None:
            self.heading.title = _clean(self.heading.title)
            self.heading = None
        elif tag == "tr" and self.row is not None:
            self._end_row()
        elif tag in BLOCKS:
            self._write("\n")

    def _end_row(self) -> None:
        cells = [_clean("".join(c)) for c in self.row or []]
        anchor, self.row = self.row_anchor, None
        if anchor and cells:
            kind = TERM if anchor.startswith("term-") else ITEM
            also = " ".join(SHORT_FORM.findall(cells[1])) if kind == TERM and len(cells) > 1 else ""
            self.docs.append(Doc(kind, cells[0], self.page_title, f"{self.url}#{anchor}", "\n".join(cells[1:]), also))
        elif cells:
            self.section.text += "\n" + " · ".join(c for c in cells if c) + "\n"

    def handle_data(self, data):
        if not self.skipping:
            self._write(data)

    def _write(self, data: str) -> None:
        if self.heading is not None:
            self.heading.title += data
        elif self.row is not None:
            if self.row:
                self.row[-1].append(data)
        else:
            self.section.text += data


def _clean(value: str) -> str:
    lines = (SPACES.sub(" ", line).strip() for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


def page_docs(html: str, page_title: str, url: str) -> list[Doc]:
    """The documents of one page; an empty heading section (nothing under it) is dropped."""
    parser = _PageParser(page_title, url)
    parser.feed(html)
    parser.close()
    docs = []
    for doc in parser.docs:
        doc.title, doc.text = _clean(doc.title) or page_title, _clean(doc.text)
        if doc.text or doc.kind != SECTION:
            docs.append(doc)
    return docs


@dataclass
class SearchIndex:
    """Documents of every page of a build, keyed by page so a rebuilt page replaces its old ones."""
    pages: dict[str, list[Doc]] = field(default_factory=dict)

    def add_page(self, url: str, html: str, title: str) -> None:
        self.pages[url] = page_docs(html, title, url)

    def docs(self) -> list[Doc]:
        return [d for url in sorted(self.pages) for d in self.pages[url]]

    def files(self) -> dict[str, str]:
        """Every file of the index, name → JSON text."""
        docs = self.docs()
        chunks, starts = _chunks(docs)
        shards = _shards(docs)
        out = {f"d-{n}.json": _json(chunk) for n, chunk in enumerate(chunks)}
        out.update({f"t-{k}.json": _json(shard) for k, shard in enumerate(shards)})
        version = hashlib.sha256("".join(out[name] for name in sorted(out)).encode()).hexdigest()[:12]
        out["manifest.json"] = _json({"version": version, "kinds": "".join(d.kind for d in docs),
                                      "chunks": starts, "shards": len(shards)})
        return out

    def write(self, site: Path) -> list[Path]:
        target = site / "search"
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("*.json*"):
            old.unlink()
        written = []
        for name, data in self.files().items():
            path = target / name
            path.write_text(data, encoding="utf-8")
            written.append(path)
        return written


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _chunks(docs: list[Doc]) -> tuple[list[list[list[str]]], list[int]]:
    chunks: list[list[list[str]]] = []
    starts: list[int] = []
    size = CHUNK_BYTES
    for i, d in enumerate(docs):
        row = [d.title, d.page, d.url, d.text]
        if size >= CHUNK_BYTES:
            chunks.append([])
            starts.append(i)
            size = 0
        chunks[-1].append(row)
        size += len(_json(row).encode())
    return chunks, starts


def _postings(docs: list[Doc]) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    for i, d in enumerate(docs):
        hits: dict[str, int] = {}
        for t in tokens(d.text):
            hits[t] = hits.get(t, 0) + 1
        for t in tokens(d.title) + tokens(d.also):
            hits[t] = hits.get(t, 0) + TITLE_HIT
        for t, n in hits.items():
            postings.setdefault(t, []).extend((i - last.get(t, 0), n))
            last[t] = i
    return postings


def _shards(docs: list[Doc]) -> list[dict[str, list[int]]]:
    """Postings split by token hash into as many shards as keep each near SHARD_BYTES."""
    postings = _postings(docs)
    # The JSON size, near enough: a token (3 bytes a character) and its numbers with their commas.
    total = sum(3 * len(t) + 6 + sum(len(str(n)) + 1 for n in p) for t, p in postings.items())
    count = max(1, math.ceil(total / SHARD_BYTES))
    shards: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for t in sorted(postings):
        shards[fnv1a(t) % count][t] = postings[t]
    return shards
