"""Pictures read at a glance (issue 12.7, 14.5): route diagrams draw alternatives as branches and a
decision in steps as consecutive steps, name the body the text names, show amount bands only where
the body varies with them, keep 原则上 and put a deadline in its own stage or on its own; the
threshold overview has full row labels, ticks that do not collide and a legend."""

from __future__ import annotations

import copy
import html
import re

import pytest

from calculator.rulebook import Regulation
from calculator.schedule import deadline_text
from sitegen import diagrams, threshold_chart
from sitegen.diagrams import Branch, Fork, RouteCases, plan, route_flow

from .books import BOOK

CITE = [{"article": 1, "quote": "x"}]


def _with_route(stages: list[dict], when: dict | None = None) -> tuple[Regulation, dict]:
    """达州's rules with one more route in front of the others, made of the given stages."""
    data = copy.deepcopy(BOOK.get("dazhou").data)
    body = data["bodies"][0]["id"]
    data["stages"] += [{"name": s["id"], "body": body, "action": "办理", "cite": CITE, **s} for s in stages]
    route = {"id": "picture_test", "name": "测试流程", "stages": [s["id"] for s in stages], "cite": CITE}
    if when:
        route["when"] = when
    data["routes"].insert(0, route)
    return Regulation("dazhou", data), route


CLASSIFIED = {"field": "classified", "is": True}
NOT_CLASSIFIED = {"field": "classified", "is": False}
CROSS = {"field": "cross_department", "is": True}


def test_exclusive_conditions_are_branches_and_independent_ones_optional_steps() -> None:
    reg, route = _with_route([{"id": "a"}, {"id": "b1", "when": CLASSIFIED}, {"id": "b2", "when": CLASSIFIED},
                              {"id": "c", "when": NOT_CLASSIFIED}, {"id": "d", "when": CROSS}, {"id": "e"}])
    drawn = plan(reg, route, RouteCases.of(reg, route))
    assert drawn == ["a", Fork((Branch(CLASSIFIED, ("b1", "b2")), Branch(NOT_CLASSIFIED, ("c",))), otherwise=False),
                     Fork((Branch(CROSS, ("d",)),), otherwise=True), "e"]
    page = route_flow(reg, route)
    assert page.count('class="flow-step flow-fork"') == 2 and page.count("flow-skip") == 1
    assert "视情况择一" in page and "视情况增加" in page


def test_a_condition_the_route_already_implies_is_an_ordinary_step() -> None:
    reg, route = _with_route([{"id": "a"}, {"id": "b", "when": CLASSIFIED}], when=CLASSIFIED)
    assert plan(reg, route, RouteCases.of(reg, route)) == ["a", "b"]


def test_every_fork_of_the_real_rules_holds_exclusive_alternatives() -> None:
    forks = 0
    for reg in BOOK.regulations.values():
        for route in reg.data["routes"]:
            cases = RouteCases.of(reg, route)
            for item in plan(reg, route, cases):
                if isinstance(item, Fork) and len(item.branches) > 1:
                    forks += 1
                    assert cases.exclusive([b.when for b in item.branches]), (reg.slug, route["id"])
    assert forks >= 10, "procurement channels, annual plan vs 一事一议, amount bands are drawn as branches"


def test_bands_are_shown_only_where_the_body_varies_with_them() -> None:
    checked = 0
    for reg in BOOK.regulations.values():
        for route in reg.data["routes"]:
            for sid in route["stages"]:
                stage = reg.stages[sid]
                if not stage.get("body_from"):
                    continue
                checked += 1
                table = reg.tables[stage["body_from"]]
                varies = len({(b.get("body"), repr(b.get("chain"))) for b in table["bands"]}) > 1
                box = diagrams._stage(reg, sid)
                assert ("确定机构" in box) == varies, (reg.slug, sid)
                assert "按金额确定机构" not in box
                if varies:
                    assert all(html.escape(b["label"]) in box for b in table["bands"]), "the bands are shown"
                else:
                    assert html.escape(reg.bodies[table["bands"][0]["body"]]["name"]) in box, "the one body is named"
    assert checked >= 3


def test_chains_are_consecutive_steps_by_the_bodies_the_text_names() -> None:
    for reg in BOOK.regulations.values():
        for stage in reg.data["stages"]:
            if stage.get("chain"):
                box = diagrams._stage(reg, stage["id"])
                bodies = re.findall(r'<li class="flow-box"><span class="flow-body">([^<]*)</span>', box)
                assert bodies == [html.escape(reg.bodies[s["body"]]["name"]) for s in stage["chain"]], stage["id"]


def test_deadlines_sit_in_their_stage_or_on_their_own_with_principle_kept() -> None:
    seen_principle = seen_loose = 0
    for reg in BOOK.regulations.values():
        for route in reg.data["routes"]:
            if not route["stages"]:
                continue
            page = route_flow(reg, route)
            main, _, loose = page.partition('<div class="flow-loose">')
            for d in reg.data["deadlines"]:
                words = html.escape(deadline_text(d))
                if d.get("stage") in route["stages"]:
                    box = diagrams._stage(reg, d["stage"])
                    assert words in box and words not in loose, (reg.slug, d["id"])
                elif not d.get("stage") and words in page:
                    assert words in loose and words not in main, f"{d['id']} is drawn in a stage it does not belong to"
                    seen_loose += 1
                if d["in_principle"] and words in page:
                    assert "原则上" in words
                    seen_principle += 1
    assert seen_principle and seen_loose


def test_a_deadline_of_no_stage_is_not_shown_where_it_cannot_apply() -> None:
    reg = BOOK.get("dazhou")
    for route in reg.data["routes"]:
        cases = RouteCases.of(reg, route)
        for d in diagrams.unstaged_deadlines(reg, cases):
            assert cases.possible(d.get("when")), (route["id"], d["id"])


# --- threshold overview ---------------------------------------------------------------------------

@pytest.mark.parametrize("unit", ["万元", "%"])
def test_threshold_rows_have_their_full_labels_and_a_legend(unit: str) -> None:
    svg = threshold_chart.thresholds_svg(BOOK, unit, "../")
    tables = [t for reg in BOOK.regulations.values() for t in reg.data["thresholds"] if t["unit"] == unit]
    assert tables
    for table in tables:
        assert html.escape(table["name"]) in svg, "the table's name is not cut short"
    assert svg.count('class="threshold-row"') == len(tables)
    for words in ("相邻区间深浅交替", "分界数值含在该侧", "分界数值不含在该侧", "我的金额"):
        assert words in svg
    assert "<title" in svg and "<desc" in svg and 'tabindex="0"' in svg, "text equivalent, keyboard scrolling"


@pytest.mark.parametrize("unit", ["万元", "%"])
def test_threshold_tick_labels_never_collide(unit: str) -> None:
    svg = threshold_chart.thresholds_svg(BOOK, unit, "../")
    labels = re.findall(r'<text x="([\d.]+)" y="(\d+)"[^>]*class="tick-label">([^<]*)</text>', svg)
    assert len(labels) >= 4
    lines: dict[str, list[tuple[float, str]]] = {}
    for x, y, words in labels:
        lines.setdefault(y, []).append((float(x), words))
    for line in lines.values():  # 13 px digits are about 7.5 px wide; centred labels need half of each
        for (x1, a), (x2, b) in zip(sorted(line), sorted(line)[1:]):
            assert x2 - x1 >= 7.5 * (len(a) + len(b)) / 2 + 4, (a, b, x2 - x1)
    bounds = {b[k] for t in BOOK.regulations["dazhou"].data["thresholds"] if t["unit"] == unit
              for b in t["bands"] for k in ("min", "max") if b.get(k) is not None}
    shown = {v for _, _, v in labels}
    assert len(shown & bounds) >= len(bounds) - 2, "staggering keeps nearly every bound labelled"
