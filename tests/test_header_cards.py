"""Header cards tell what is known of each text and how: dates by their own names, 印发通知 only where
the text has one, status unknown unless stated, and facts known only from another regulation shown
with that regulation's article. The validator checks those quotes against the other text."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from sitegen.header import header_rows
from sitegen.regulation import regulation_page

from .books import BOOK, edited_rules, problems_of

TITLES = {slug: r.meta["title"] for slug, r in BOOK.regulations.items()}


def card(slug: str) -> dict[str, str]:
    """Card label -> visible text."""
    return {label: html.unescape(re.sub(r"<[^>]+>", "", value)) for label, value in header_rows(BOOK.get(slug), TITLES)}


def test_bazhong_dates_by_their_own_names() -> None:
    rows = card("bazhong")
    assert rows["签发日期"].startswith("2022年4月19日")
    assert rows["印发日期"].startswith("2022年4月22日")  # the colophon: “巴中市人民政府办公室 2022年4月22日印发”
    assert rows["施行日期"].startswith("2022年5月22日")


def test_a_notice_date_is_not_called_its_printing_date() -> None:
    for slug in ("dazhou", "wushan"):
        rows = card(slug)
        assert "签发日期" in rows and "印发日期" not in rows, slug


def test_texts_without_dates_say_so() -> None:
    for slug in ("sichuan-province", "guangyuan"):
        assert card(slug)["日期"] == "原文未载明", slug


@pytest.mark.parametrize("slug", ["sichuan-province", "bazhong", "dazhou", "guangyuan", "wushan"])
def test_status_is_unknown_unless_the_text_states_it(slug: str) -> None:
    assert BOOK.get(slug).meta["status"] is None
    assert card(slug)["效力"] == "原文未载明，请核实现行效力"


@pytest.mark.parametrize("slug, has_notice", [("sichuan-province", False), ("guangyuan", False), ("bazhong", True),
                                              ("dazhou", True), ("wushan", True)])
def test_article_zero_is_a_notice_only_when_the_text_has_one(slug: str, has_notice: bool) -> None:
    reg = BOOK.get(slug)
    page = regulation_page(reg, BOOK)
    assert (reg.article_label(0) == "印发通知") is has_notice
    assert ("### 印发通知 {#notice}" in page) is has_notice
    assert ("印发通知" in re.search(r'<p class="reg-card-refs">.*?</p>', page).group(0)) is has_notice


def test_sichuan_document_number_is_shown_with_the_regulations_that_cite_it() -> None:
    rows = card("sichuan-province")
    assert rows["文号"].startswith("本文本未载明")
    assert "据《“智慧巴中”建设项目管理办法》第一条：川办发〔2021〕49号" in rows["文号"]
    assert "据《达州市市级政府投资信息化项目管理办法》第一条：川办发〔2021〕49号" in rows["文号"]
    assert "据《达州市市级政府投资信息化项目管理办法》第一条：四川省人民政府办公厅" in rows["发文机关"]
    raw = dict(header_rows(BOOK.get("sichuan-province"), TITLES))["文号"]
    assert 'href="bazhong.html#art-1"' in raw and 'href="dazhou.html#art-1"' in raw


def test_guangyuan_facts_stay_unknown() -> None:
    rows = card("guangyuan")
    assert rows["文号"] == "原文未载明" and rows["发文机关"] == "原文未载明"




def test_an_attested_fact_must_be_quoted_from_the_other_text(tmp_path: Path) -> None:
    rules = edited_rules(tmp_path, "sichuan-province", "regulation: bazhong, article_no: 1, quote: \"《四川省省级政务信息化项目管理办法》（川办发〔2021〕49号）\"",
                        "regulation: bazhong, article_no: 1, quote: \"《四川省省级政务信息化项目管理办法》（川办发〔2021〕50号）\"")
    problems = problems_of(rules, "sichuan-province")
    assert any("meta.attested[0].quote: quote not found in bazhong 第1条" in p for p in problems), problems
    assert any("meta.attested[0].value: '川办发〔2021〕49号' is not in the quote" in p for p in problems), problems


def test_a_fact_the_text_states_is_not_attested(tmp_path: Path) -> None:
    rules = edited_rules(tmp_path, "sichuan-province", "  doc_number: null\n", "  doc_number: 川办发〔2021〕49号\n")
    assert any("meta.attested[0].fact: doc_number is given by this text itself" in p
               for p in problems_of(rules, "sichuan-province"))


def test_a_date_kind_given_twice_is_an_error(tmp_path: Path) -> None:
    rules = edited_rules(tmp_path, "dazhou", "    - {kind: signed, date: 2023-06-06",
                        "    - {kind: signed, date: 2023-06-07, cite: {article: 0, quote: \"2023年6月6日\"}}\n"
                        "    - {kind: signed, date: 2023-06-06")
    assert any("meta.dates[1].kind: 'signed' is given twice" in p for p in problems_of(rules, "dazhou"))


def test_the_printing_date_is_shown_where_its_link_leads() -> None:
    """巴中's 印发 date is in the colophon after the last article; the notice section shows it."""
    page = regulation_page(BOOK.get("bazhong"), BOOK)
    notice = page[page.index("{#notice}"):page.index('id="chapter-1"')]
    assert "巴中市人民政府办公室2022年4月22日印发" in notice
    assert "版记" not in regulation_page(BOOK.get("sichuan-province"), BOOK)
