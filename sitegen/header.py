"""The header card of a regulation: what is known of the text itself, and how it is known.

A fact the text states is shown with the date's own name (签发, 印发, 发布, 施行 — the 落款 date of
a notice is not its 印发 date); a fact only another regulation states is shown with that citation
("据《达州市…办法》第一条：川办发〔2021〕49号"); anything else reads 原文未载明 — and the status of a
text that does not state it reads “原文未载明，请核实现行效力”, never an assumed 现行.
"""

from __future__ import annotations

import datetime as dt
from typing import Mapping

from calculator.explain import rules_date
from calculator.rulebook import Regulation
from calculator.schema import DATE_KINDS, META_FACTS, STATUS_UNKNOWN
from calculator.sources import to_chinese

from .markup import UNKNOWN, cite_html, esc


def chinese_date(iso: str) -> str:
    """2022-04-22 → 2022年4月22日, as the texts write dates."""
    day = dt.date.fromisoformat(str(iso))
    return f"{day.year}年{day.month}月{day.day}日"


def _unknown(words: str = UNKNOWN) -> str:
    return f"<em>{esc(words)}</em>"


def attested_text(item: Mapping, titles: Mapping[str, str]) -> str:
    """据《巴中市…办法》第一条：川办发〔2021〕49号 (plain text)."""
    where = "印发通知" if item["article_no"] == 0 else f"第{to_chinese(item['article_no'])}条"
    return f"据《{titles.get(item['regulation'], item['regulation'])}》{where}：{item['value']}"


def fact_html(reg: Regulation, fact: str, titles: Mapping[str, str]) -> str:
    """The text's own value of `fact`, else what other regulations attest (linked to their article), else 原文未载明."""
    own = reg.meta.get(fact)
    if own:
        return esc(own)
    found = [a for a in reg.meta.get("attested", []) if a["fact"] == fact]
    if not found:
        return _unknown()
    links = "；".join(f'<a href="{esc(a["regulation"])}.html#{"notice" if a["article_no"] == 0 else "art-" + str(a["article_no"])}"'
                     f' title="{esc(a["quote"])}">{esc(attested_text(a, titles))}</a>' for a in found)
    return f"{_unknown('本文本未载明')}；{links}"


def dated_rows(reg: Regulation) -> list[tuple[str, str]]:
    """One row per date the text carries, named as the text names it; none known → one 原文未载明 row."""
    rows = [(f"{DATE_KINDS[d['kind']]}日期", f"{esc(chinese_date(d['date']))}（{cite_html(reg, d['cite'])}）")
            for d in reg.meta["dates"]]
    return rows or [("日期", _unknown())]


def status_html(reg: Regulation) -> str:
    return esc(reg.meta["status"]) if reg.meta.get("status") else _unknown(STATUS_UNKNOWN)


def header_rows(reg: Regulation, titles: Mapping[str, str]) -> list[tuple[str, str]]:
    """(label, HTML) rows of the card, values escaped here."""
    m = reg.meta
    supersedes = "；".join(f"{s['title']}（{s['doc_number'] or '文号未载明'}）" for s in m["supersedes"]) or "无"
    return ([(META_FACTS["issuer"], fact_html(reg, "issuer", titles)), (META_FACTS["doc_number"], fact_html(reg, "doc_number", titles))]
            + dated_rows(reg)
            + [("施行", esc(m["effective_rule"])), ("层级", esc(f"{m['region']} · {m['level']}")),
               ("效力", status_html(reg)), ("废止", esc(supersedes)),
               ("解释机关", esc(m["interpreter"]) if m["interpreter"] else _unknown()),
               ("条文", f"{len(reg.data['articles'])} 条"), ("规则版本", esc(rules_date(reg.data)))])


def first_date(reg: Regulation) -> str:
    """The first date the text carries, with its name (“2022年4月19日签发”), or 原文未载明."""
    dates = reg.meta["dates"]
    return f"{chinese_date(dates[0]['date'])}{DATE_KINDS[dates[0]['kind']]}" if dates else UNKNOWN
