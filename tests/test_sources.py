"""The source parser: exact article counts, Chinese numerals, noise tolerance."""

from __future__ import annotations

from pathlib import Path

import pytest

from calculator.sources import chinese_numeral, parse, squash, to_chinese

RULES = Path(__file__).resolve().parent.parent / "rules"
COUNTS = {"bazhong": 50, "dazhou": 66, "wushan": 32, "sichuan-province": 54, "guangyuan": 26}


@pytest.mark.parametrize("slug,count", COUNTS.items())
def test_article_counts_are_exact(slug: str, count: int) -> None:
    source = parse(slug, (RULES / "sources" / f"{slug}.txt").read_text(encoding="utf-8"))
    assert sorted(source.articles) == list(range(1, count + 1))
    assert all(a.flat for a in source.articles.values())


@pytest.mark.parametrize("text,value", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("五十四", 54),
                                        ("六十六", 66), ("一百零三", 103)])
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_numeral(text) == value


@pytest.mark.parametrize("n", range(1, 100))
def test_numeral_round_trip(n: int) -> None:
    assert chinese_numeral(to_chinese(n)) == n


def test_cross_references_do_not_split_articles() -> None:
    source = parse("wushan", (RULES / "sources" / "wushan.txt").read_text(encoding="utf-8"))
    assert "按照本办法第十一条办理" in source.articles[20].flat


def test_noise_is_tolerated() -> None:
    text = "**某某办法**\n第一章　 总　 则\n第一条　 为规范\n管理,制定本办法。\n- （一）第一项；\n第 二 条 本办法自发布之日起施行。\n抄送：某某\n"
    source = parse("x", text)
    assert sorted(source.articles) == [1, 2]
    assert source.articles[1].paragraphs == ["为规范管理,制定本办法。", "（一）第一项；"]
    assert source.articles[1].items() == ["（一）第一项；"]
    assert source.chapters == {1: "总则"}
    assert "抄送" not in source.articles[2].flat
    assert source.preamble == "某某办法"


def test_quotes_compare_without_whitespace() -> None:
    source = parse("sichuan-province", (RULES / "sources" / "sichuan-province.txt").read_text(encoding="utf-8"))
    assert source.articles[18].contains("总投资不超过 2000 万元的")
    assert source.articles[18].contains("总投资不超过2000万元的")
    assert not source.articles[18].contains("总投资不超过3000万元的")
    assert squash(" a\u3000b\n c ") == "abc"


def test_dazhou_defines_its_own_boundaries() -> None:
    source = parse("dazhou", (RULES / "sources" / "dazhou.txt").read_text(encoding="utf-8"))
    assert source.articles[62].contains("“以下”不含本数")
