"""The site's search index (sitegen/search.py): what becomes a document, what a result can show, and
that the files a query reads say what the pages say."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from calculator.sources import parse
from calculator.validate import SLUGS
from sitegen.search import ARTICLE, ITEM, SECTION, TERM, TITLE_HIT, SearchIndex, fnv1a, page_docs, tokens

from .site_build import ROOT

PAGE = """
<h1 id="top">达州办法<a class="headerlink" href="#top">¶</a></h1>
<p>导语一句。</p>
<h2 id="documents">申报材料</h2>
<table><thead><tr><th>材料</th><th>内容要点</th></tr></thead><tbody>
<tr><td><span id="r-documents-fs"></span>可行性研究报告</td><td>论证可行性。</td></tr>
<tr><td>无锚点的行</td><td>并入章节正文</td></tr>
</tbody></table>
<figure class="flow" data-search-exclude><figcaption>流程图</figcaption><p>图中文字</p></figure>
<h4 class="article-no" id="art-10">第十条</h4><div class="article"><p>第一句话。第二句话。</p><p>第二款。</p></div>
<details class="cited-by"><summary>本条被引用于 2 处</summary><ul><li>某处</li></ul></details>
<h3 id="empty">空的标题</h3>
"""


def test_a_page_splits_into_its_articles_items_and_sections() -> None:
    docs = page_docs(PAGE, "达州办法", "regulations/dazhou.html")
    by_url = {d.url: d for d in docs}
    article = by_url["regulations/dazhou.html#art-10"]
    assert (article.kind, article.title, article.text) == (ARTICLE, "第十条", "第一句话。第二句话。\n第二款。")
    item = by_url["regulations/dazhou.html#r-documents-fs"]
    assert (item.kind, item.title, item.text) == (ITEM, "可行性研究报告", "论证可行性。")
    section = by_url["regulations/dazhou.html#documents"]
    assert section.kind == SECTION and "无锚点的行 · 并入章节正文" in section.text
    assert "可行性研究报告" not in section.text, "a row with its own anchor is its own document"
    assert by_url["regulations/dazhou.html#top"].title == "达州办法", "the permalink sign is not in the title"
    everything = "".join(d.title + d.text for d in docs)
    assert "图中文字" not in everything and "本条被引用于" not in everything
    assert "regulations/dazhou.html#empty" not in by_url, "a heading with nothing under it is no result"


def test_a_glossary_row_is_a_term() -> None:
    html = ('<table><tr><td><span id="term-等级保护"></span><strong>等级保护</strong></td>'
            '<td>网络安全等级保护制度（“等保测评”）。</td><td>达州市第五十九条</td></tr></table>')
    (doc,) = [d for d in page_docs(html, "术语表", "glossary.html") if d.kind == TERM]
    assert (doc.title, doc.url) == ("等级保护", "glossary.html#term-等级保护")
    assert doc.text.splitlines() == ["网络安全等级保护制度（“等保测评”）。", "达州市第五十九条"]
    assert doc.also == "等保测评", "the quoted short form counts as the entry's name"


def test_tokens_are_character_pairs_and_latin_runs() -> None:
    assert tokens("一事一议") == ["一事", "事一", "一议"]
    assert tokens("总投资350万元，PPP") == ["总投", "投资", "万元", "350", "ppp"]
    assert tokens("等") == [], "one character is no token: the box asks for two"
    assert fnv1a("等保") == 0xA458963B  # pinned: docs/assets/js/search.js computes the same


def _read(files: dict[str, str]) -> tuple[dict, list[list[str]], dict[str, list[int]]]:
    manifest = json.loads(files["manifest.json"])
    docs = [d for n in range(len(manifest["chunks"])) for d in json.loads(files[f"d-{n}.json"])]
    shards = [json.loads(files[f"t-{k}.json"]) for k in range(manifest["shards"])]
    return manifest, docs, {t: p for shard in shards for t, p in shard.items()}


def _documents(posting: list[int]) -> dict[int, int]:
    out, doc = {}, 0
    for i in range(0, len(posting), 2):
        doc += posting[i]
        out[doc] = posting[i + 1]
    return out


def test_postings_find_exactly_the_documents_holding_a_token() -> None:
    index = SearchIndex()
    index.add_page("regulations/dazhou.html", PAGE, "达州办法")
    index.add_page("glossary.html", '<table><tr><td><span id="term-可研"></span>可研</td><td>可行性研究（“研究”）</td></tr></table>',
                   "术语表")
    manifest, docs, postings = _read(index.files())
    assert len(manifest["kinds"]) == len(docs) and manifest["chunks"][0] == 0
    for token, posting in postings.items():
        found = _documents(posting)
        assert set(found) == {i for i, d in enumerate(docs) if token in tokens(d[0]) + tokens(d[3])}, token
        for i, hits in found.items():
            titled = tokens(docs[i][0]) + (tokens("研究") if docs[i][0] == "可研" else [])
            assert hits // TITLE_HIT == titled.count(token) and hits % TITLE_HIT == tokens(docs[i][3]).count(token)
    shard_of = {t: k for k in range(manifest["shards"]) for t in json.loads(index.files()[f"t-{k}.json"])}
    assert all(shard_of[t] == fnv1a(t) % manifest["shards"] for t in postings)


def test_the_built_index_holds_each_article_as_written_and_each_term(built_site: Path) -> None:
    files = {p.name: p.read_text(encoding="utf-8") for p in (built_site / "search").glob("*.json")}
    manifest, docs, _ = _read(files)
    by_url = {d[2]: (kind, d) for kind, d in zip(manifest["kinds"], docs)}
    for slug in SLUGS:
        source = parse(slug, (ROOT / "rules" / "sources" / f"{slug}.txt").read_text(encoding="utf-8"))
        for number, article in source.articles.items():
            kind, (title, page, _, text) = by_url[f"regulations/{slug}.html#art-{number}"]
            # A result's snippet is a sentence of this text: the article's own paragraphs, nothing else.
            assert (kind, title, text) == (ARTICLE, article.label, article.text), f"{slug} {title}"
    terms = yaml.safe_load((ROOT / "rules" / "glossary.yaml").read_text(encoding="utf-8"))
    glossary = [(kind, d) for kind, d in zip(manifest["kinds"], docs) if d[2].startswith("glossary.html#term-")]
    assert glossary and all(kind == TERM for kind, _ in glossary)
    assert {d[0] for _, d in glossary} >= {"可行性研究报告", "一事一议", "等级保护"}
    assert sorted(d[0] for _, d in glossary) == sorted(t["term"] for t in terms)
    assert len(files["manifest.json"]) < 8 * 1024, "what every search loads first stays small"
