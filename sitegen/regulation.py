"""One page per regulation: header card, structured summary, route diagrams, full text.

Every summary item carries an anchor and links to its articles; under every article the items
that cite it link back ("本条被引用于"), so a reader can go from rule to law and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from calculator.conditions import describe
from calculator.explain import AMBIGUITY_READING
from calculator.rulebook import Regulation, Rulebook
from calculator.schedule import deadline_text
from calculator.schema import DUTY_TOPICS, LIMIT_LABELS, TOPICS
from calculator.sources import notice_label, to_chinese
from calculator.wording_items import exclusion_text

from . import aspects as derived
from . import diagrams, refusals
from .header import header_rows
from .markup import SILENT, cite_html, cite_links, esc, interval, table, text


@dataclass(frozen=True)
class Item:
    """A rule item as the page shows it: where it is (anchor), what it is called, what it cites."""
    anchor: str
    section: str
    name: str
    cites: list


def items(reg: Regulation) -> Iterator[Item]:
    d = reg.data
    yield Item("r-meta", "发文信息", "发文信息", d["meta"]["cite"])
    yield Item("r-scope", "适用范围", d["scope"]["summary"], d["scope"]["cite"])
    for x in d["scope"]["exclusions"]:
        yield Item(f"r-exclusions-{x['id']}", "适用范围", x["text"], x["cite"])
    for body in d["bodies"]:
        yield Item(f"r-bodies-{body['id']}", "管理机构", body["name"], [c for duty in body["duties"] for c in duty["cite"]])
    for doc in d["documents"]:
        yield Item(f"r-documents-{doc['id']}", "申报材料", doc["name"], doc["cite"])
    for t in d["thresholds"]:
        for band in t["bands"]:
            yield Item(f"r-bands-{t['id']}-{band['id']}", "金额门槛", f"{t['name']}：{band['label']}", band["cite"])
    for key, section in (("routes", "审批流程"), ("stages", "环节"), ("deadlines", "时限"), ("duties", "其他义务"),
                         ("changes", "变更调整"), ("ambiguities", "歧义说明")):
        for x in d[key]:
            yield Item(f"r-{key}-{x['id']}", section, x.get("name") or x.get("text"), x["cite"])
    for i, p in enumerate(d["provisions"]):
        for line in derived.provision_lines(reg, p):
            yield Item(f"r-prov-{i}", TOPICS[p["topic"]][0], f"{TOPICS[p['topic']][1][p['aspect']]}：{line.words}", line.cites)


class _Page:
    def __init__(self, reg: Regulation, titles: dict[str, str]):
        self.reg, self.d, self.titles = reg, reg.data, titles

    def refs(self, cites: list) -> str:
        return cite_links(self.reg, cites, None)

    def body_name(self, ident: str | None) -> str:
        return text(self.reg.bodies[ident]["name"]) if ident else "项目单位"

    def table_body(self, table_id: str) -> str:
        return f"按“{text(self.reg.tables[table_id]['name'])}”确定"

    def cond(self, cond: Any) -> str:
        """The Chinese reading of a condition; it quotes band labels from the rules, so it is text too."""
        return text(describe(cond, self.reg.tables)) if cond is not None else "—"

    def render(self) -> str:
        parts = [f"# {text(self.d['meta']['title'])}", self.card(), self.toc(), self.scope(),
                 refusals.refusal_section(self.reg, self.refs), self.authorities(),
                 self.routes(), self.documents(), self.thresholds(), self.deadlines(), self.duties(),
                 self.changes(), self.topics(), self.ambiguities(), self.full_text()]
        return "\n\n".join(parts) + "\n"

    def card(self) -> str:
        """What is known of the text itself, and how: its own words, another regulation's, or 原文未载明."""
        rows = header_rows(self.reg, self.titles)
        cells = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows)
        return (f'<div class="reg-card" id="r-meta"><dl>{cells}</dl>'
                f'<p class="reg-card-refs">依据：{cite_html(self.reg, self.d["meta"]["cite"])}</p></div>')

    def toc(self) -> str:
        return (f'<a class="md-button md-button--primary" href="../calculator.html?regulation={self.reg.slug}">'
                '用计算器判断本办法下的流程</a> <a class="md-button" href="#full-text">阅读原文</a>')

    def scope(self) -> str:
        s = self.d["scope"]
        lines = ["## 适用范围 {#scope}", "", f'<span id="r-scope"></span>**{text(s["summary"])}**（{self.refs(s["cite"])}）', "",
                 f"适用条件：{self.cond(s['applies_when'])}"]
        for x in s["exclusions"]:
            lines.append(f'\n- <span id="r-exclusions-{x["id"]}"></span>{text(exclusion_text(x))}'
                         f'（条件：{self.cond(x["when"])}；{self.refs(x["cite"])}）')
        return "\n".join(lines)

    def authorities(self) -> str:
        rows = [[f'<span id="r-bodies-{b["id"]}"></span>**{text(b["name"])}**',
                 "<br>".join(f'{text(duty["text"])}（{self.refs(duty["cite"])}）' for duty in b["duties"]) or "—"]
                for b in self.d["bodies"]]
        return "## 管理机构与职责 {#authorities}\n\n" + table(["机构", "职责"], rows)

    def routes(self) -> str:
        out = ["## 审批流程 {#routes}", "",
               "计算器按下列顺序判断，选用**第一个**条件成立的流程（最后一个为兜底）。"]
        for i, r in enumerate(self.d["routes"], 1):
            out += ["", f'### {i}. {text(r["name"])} {{#r-routes-{r["id"]}}}', "",
                    f"- 适用条件：{self.cond(r.get('when')) if r.get('when') else '以上情形均不符合时'}",
                    f"- 依据：{self.refs(r['cite'])}"]
            if r.get("ambiguity"):
                out.append(f"- 歧义：见[{text(self.reg.ambiguities[r['ambiguity']]['text'][:20])}…](#r-ambiguities-{r['ambiguity']})")
            if r["stages"]:
                out += ["", diagrams.route_flow(self.reg, r), "", self.stage_table(r)]
            else:
                out += ["", "本流程没有规定具体环节。"]
        return "\n".join(out)

    def stage_table(self, route: dict) -> str:
        rows = []
        for n, sid in enumerate(route["stages"], 1):
            s = self.reg.stages[sid]
            body = self.table_body(s["body_from"]) if s.get("body_from") else self.body_name(s.get("body"))
            body = refusals.chain_text(self.reg, s["chain"]) if s.get("chain") else body
            docs = "、".join(f"[{text(self.reg.documents[x]['name'])}](#r-documents-{x})" for x in s.get("documents", [])) or "—"
            limits = "；".join(f"[{text(d['name'])}](#r-deadlines-{d['id']})" for d in self.d["deadlines"] if d.get("stage") == sid)
            when = f"（仅当{self.cond(s['when'])}）" if s.get("when") else ""
            name = f"{text(s['name'])}{when}"
            rows.append([str(n), f'<span id="r-stages-{sid}"></span>{name}' if route is self._first_use(sid) else name,
                         body, text(s["action"]), docs, limits or "—", self.refs(s["cite"])])
        return table(["#", "环节", "决定/办理机构", "事项", "材料", "时限", "依据"], rows)

    def _first_use(self, sid: str) -> dict | None:
        return next((r for r in self.d["routes"] if sid in r["stages"]), None)

    def documents(self) -> str:
        rows = [[f'<span id="r-documents-{x["id"]}"></span>{text(x["name"])}', text(x.get("contents") or "—"),
                 self.refs(x["cite"])]
                for x in self.d["documents"]]
        return "## 申报材料 {#documents}\n\n" + (table(["材料", "内容要点", "依据"], rows) if rows else SILENT)

    def thresholds(self) -> str:
        out = ["## 金额与比例门槛 {#thresholds}"]
        if not self.d["thresholds"]:
            return out[0] + "\n\n" + SILENT
        for t in self.d["thresholds"]:
            rows = [[f'<span id="r-bands-{t["id"]}-{b["id"]}"></span>{text(b["label"])}', text(interval(b, t["unit"])),
                     (refusals.chain_text(self.reg, b["chain"]) if b.get("chain")
                      else self.body_name(b["body"]) if b.get("body") else "—"), self.refs(b["cite"])] for b in t["bands"]]
            out += ["", f"### {text(t['name'])}", "", table(["区间", "数学表示", "决定机构", "依据"], rows)]
        return "\n".join(out)

    def deadlines(self) -> str:
        rows = [[f'<span id="r-deadlines-{x["id"]}"></span>{text(x["name"])}', text(deadline_text(x)), LIMIT_LABELS[x["strength"]],
                 text(self.reg.stages[x["stage"]]["name"]) if x.get("stage") else "不属于某一环节", self.refs(x["cite"])]
                for x in self.d["deadlines"]]
        return "## 时限 {#deadlines}\n\n" + (table(["事项", "时限", "性质", "环节", "依据"], rows) if rows
                                            else "本办法未规定具体时限。")

    def duties(self) -> str:
        rows = [[f'<span id="r-duties-{x["id"]}"></span>{text(x["name"])}', DUTY_TOPICS[x["topic"]],
                 self.cond(x.get("when")) if x.get("when") else "所有适用项目", self.refs(x["cite"])] for x in self.d["duties"]]
        return "## 其他义务 {#duties}\n\n" + (table(["义务", "类别", "触发条件", "依据"], rows) if rows else SILENT)

    def changes(self) -> str:
        rows = []
        for x in self.d["changes"]:
            body = (self.table_body(x["body_from"]) if x.get("body_from")
                    else self.body_name(x.get("body")) if x.get("body") else "—")
            rows.append([f'<span id="r-changes-{x["id"]}"></span>{text(x["name"])}',
                         self.cond(x.get("when")) if x.get("when") else "以上情形均不符合时", text(x["procedure"]), body,
                         self.refs(x["cite"])])
        return "## 变更调整 {#changes}\n\n按顺序判断，第一个条件成立者适用。\n\n" + table(
            ["程序", "条件", "办理", "机构", "依据"], rows)

    def topics(self) -> str:
        out = ["## 分专题规定 {#topics}"]
        for topic, (title, aspects) in TOPICS.items():
            rows = []
            for aspect, label in aspects.items():
                anchors = "".join(f'<span id="r-prov-{i}"></span>' for i, p in enumerate(self.d["provisions"])
                                  if p["topic"] == topic and p["aspect"] == aspect)
                rows.append([label, anchors + derived.cell(self.reg, topic, aspect, self.refs,
                                                           lambda ident: f"#r-ambiguities-{ident}")])
            out += ["", f"### {title}", "", table(["方面", "规定"], rows),
                    "", f"[与其他办法对比](../compare/{topic}.md)"]
        return "\n".join(out)

    def ambiguities(self) -> str:
        out = ["## 歧义说明 {#ambiguities}", "",
               "原文不明确之处，以及本知识库采用的理解。计算结果涉及这些条目时会一并提示。"]
        for x in self.d["ambiguities"]:
            out += ["", f'- <span id="r-ambiguities-{x["id"]}"></span>**{text(x["text"])}**<br>{AMBIGUITY_READING}：{text(x["reading"])}'
                        f'（{self.refs(x["cite"])}）']
        return "\n".join(out) if self.d["ambiguities"] else out[0] + "\n\n无。"

    def full_text(self) -> str:
        cited: dict[int, list[Item]] = {}
        for item in items(self.reg):
            for c in item.cites:
                bucket = cited.setdefault(c["article"], [])
                if item not in bucket:
                    bucket.append(item)
        out = ["## 原文 {#full-text}"]
        if self.d["notice"]:
            colophon = self.d.get("colophon") or ""
            out += ["", f"### {notice_label(self.d['notice'])} {{#notice}}", "", '<div class="article-text">'
                    + "".join(f"<p>{esc(p)}</p>" for p in self.d["notice"].splitlines()) + "</div>"
                    + (f'<div class="article-text colophon"><p>版记（文末）：</p>'
                       + "".join(f"<p>{esc(p)}</p>" for p in colophon.splitlines()) + "</div>" if colophon else ""),
                    _backrefs(cited.get(0))]
        chapter = None
        for n, a in self.d["articles"].items():
            if a["chapter"] != chapter:
                chapter = a["chapter"]
                out += ["", f'<h3 class="chapter" id="chapter-{chapter}">第{to_chinese(chapter)}章 {esc(a["chapter_title"])}</h3>']
            # A heading per article, so search results lead straight to the article's anchor.
            out += ["", f'<h4 class="article-no" id="art-{n}">{esc(a["label"])}</h4><div class="article">'
                    + "".join(f"<p>{esc(p)}</p>" for p in a["paragraphs"]) + "</div>", _backrefs(cited.get(int(n)))]
        return "\n".join(out)


def _backrefs(found: list[Item] | None) -> str:
    if not found:
        return ""
    links = "".join(f'<li><a href="#{x.anchor}">{esc(x.section)}：{esc(x.name)}</a></li>' for x in found)
    return f'<details class="cited-by"><summary>本条被引用于 {len(found)} 处</summary><ul>{links}</ul></details>'


def regulation_page(reg: Regulation, book: Rulebook | None = None) -> str:
    """The page of `reg`; `book` names the other regulations whose articles attest facts of this one."""
    titles = {slug: r.meta["title"] for slug, r in (book.regulations.items() if book else [])}
    return _Page(reg, titles).render()
