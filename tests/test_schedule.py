"""The schedule: deadlines worded as their texts word them, labelled 最迟 / 最早 / 每年固定日期, and dated
in the order of the steps (never before the step a date follows, never after the date it precedes)."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import dates, engine, schedule
from calculator.fields import ORIGINS
from calculator.html_report import project_html
from calculator.report import project_markdown
from calculator.rulebook import REPO_RULES
from calculator.validate import SLUGS, RulesError, compile_rules
from calculator.workdays import MONDAY_TO_FRIDAY, WorkCalendar

from .scenarios import load_all, plain, slug_of

D = dt.date.fromisoformat
DAZHOU = {"investment": "300", "level": "city", "mode": "self_build", "unit_type": "agency", "kind": "new",
          "in_annual_plan": True, "bundled_with_engineering": False}

WUSHAN = {"level": "county", "investment": "3500", "unit_type": "agency", "funding": "fiscal", "mode": "self_build",
          "classified": False, "higher_mandate": False, "in_annual_plan": False, "cross_department": False,
          "sharing_exempt": False, "civil_works": False}


def _deadline(result: dict, ident: str) -> dict:
    return next(d for d in result["deadlines"] if d["id"] == ident)


@pytest.mark.parametrize("start,value,unit,expected", [
    ("2026-01-05", 7, "日", "2026-01-12"), ("2026-01-31", 1, "个月", "2026-02-28"),
    ("2024-02-29", 1, "年", "2025-02-28"), ("2026-11-20", 3, "工作日", "2026-11-25"),
    ("2026-11-21", 1, "工作日", "2026-11-23"),
    ("2026-01-05", 30, "工作日", "2026-02-14"),  # the 调休 Saturday before 春节 counts (Mon-Fri: 2026-02-16)
])
def test_date_arithmetic(book, start, value, unit, expected) -> None:
    assert dates.add(D(start), value, unit, book.calendar) == (D(expected), ())


def test_fixed_dates_after_and_before() -> None:
    assert dates.next_in_year(D("2026-10-01"), 9, "end") == (D("2027-09-30"), D("2027-09-30"))
    assert dates.next_in_year(D("2026-09-30"), 9, "end") == (D("2026-09-30"), D("2026-09-30"))
    assert dates.next_in_year(D("2026-01-01"), 2, "30") == (D("2026-02-28"), D("2026-02-28"))
    assert dates.next_in_year(D("2026-07-15"), 7, None) == (D("2026-07-15"), D("2026-07-31"))  # 每年7月: the month
    assert dates.next_in_year(D("2026-08-01"), 7, None) == (D("2027-07-01"), D("2027-07-31"))
    assert dates.last_in_year(D("2026-01-05"), 10, "end") == (D("2025-10-31"), D("2025-10-31"))
    assert dates.last_in_year(D("2026-10-31"), 10, "end") == (D("2026-10-31"), D("2026-10-31"))
    assert dates.annual_point(12, "end") == "年底" and dates.annual_point(7, None) == "7月"


def test_each_deadline_is_worded_by_its_quote(book) -> None:
    wordings = {(slug, d["id"]): d["wording"] for slug in SLUGS for d in book.get(slug).data["deadlines"]}
    for (slug, ident), wording in wordings.items():
        d = book.get(slug).deadlines[ident]
        assert any(wording in "".join(c["quote"].split()) for c in d["cite"]), (slug, ident, wording)
    assert wordings[("wushan", "acceptance_application_6m")] == "半年内"  # 半年 stays 半年
    assert wordings[("dazhou", "mid_year_adjustment")] == "每年7月"  # a month, not 7月底前
    assert wordings[("dazhou", "price_publicity_7d")] == "不低于7日"
    assert wordings[("sichuan-province", "om_service_term_3y")] == "不超过三年"
    assert wordings[("sichuan-province", "om_budget_prior_year")] == "上一年度"
    assert schedule.deadline_value(book.get("dazhou").deadlines["tech_plan_60d"]) == "原则上60日内"
    assert not any("6个月" in w for w in wordings.values())


def test_one_wording_for_result_checklist_page_and_site(book) -> None:
    result = engine.evaluate(book, "dazhou", {**DAZHOU, "start_date": "2026-01-05", "completion_date": "2026-12-01"})
    markdown, page = project_markdown(result), html.unescape(re.sub(r"<[^>]+>", "", project_html(result)))
    assert result["deadlines"]
    for item in result["deadlines"]:
        line = schedule.describe(item)
        assert line in markdown and line in page, line
        rules = book.get("dazhou").deadlines[item["id"]]
        assert schedule.deadline_value(rules) in line


def test_labels_say_latest_earliest_or_fixed_date(book) -> None:
    result = engine.evaluate(book, "dazhou", {**DAZHOU, "start_date": "2026-01-05", "completion_date": "2026-12-01"})
    labels = {d["id"]: d["limit"] for d in result["deadlines"]}
    assert labels["price_publicity_7d"] == labels["trial_run_1m"] == "最早"  # 不低于: a minimum period
    assert labels["tech_plan_60d"] == labels["budget_review_30wd"] == "最迟"  # 内: a time limit
    assert labels["library_submission"] == labels["mid_year_adjustment"] == "每年固定日期"
    window = schedule.describe(_deadline(result, "self_evaluation_window"))
    assert "最早 2028-01-01，最迟 2029-01-01" in window  # counted from the end of the 1-month trial run
    assert "（最早 2026-01-12）" in schedule.describe(_deadline(result, "price_publicity_7d"))
    assert "原则上30个工作日内（市财政局的办理时限）（最迟 2026-05-08）" in schedule.describe(_deadline(result, "budget_review_30wd"))


def test_deadlines_follow_the_order_of_the_stages(book) -> None:
    result = engine.evaluate(book, "dazhou", {**DAZHOU, "start_date": "2026-01-05", "completion_date": "2026-12-01"})
    order = [s["id"] for s in result["stages"]]
    staged = [order.index(d["stage"]) for d in result["deadlines"] if d["stage"]]
    assert staged == sorted(staged)
    assert all(d["stage"] is None for d in result["deadlines"][len(staged):])


def test_the_project_library_comes_before_approval(book) -> None:
    """达州 第七条: the 10月底 library submission precedes 立项, so it is never dated after it."""
    early = _deadline(engine.evaluate(book, "dazhou", {**DAZHOU, "start_date": "2026-01-05"}), "library_submission")
    assert early["date"] == "2025-10-31" and early["before"]
    assert "本环节在立项之前：取立项（2026-01-05）前最近的10月底" in early["notes"]
    late = _deadline(engine.evaluate(book, "dazhou", {**DAZHOU, "start_date": "2026-11-14"}), "library_submission")
    assert late["date"] == "2026-10-31"


def test_a_fixed_date_already_past_moves_to_next_year_and_says_so(book) -> None:
    moved = _deadline(engine.evaluate(book, "dazhou", {**DAZHOU, "start_date": "2025-11-14"}), "mid_year_adjustment")
    assert moved["date"] == "2026-07-01/2026-07-31"
    assert moved["notes"] == ["立项时，当年的7月已过，顺延至2026年7月"]
    assert "顺延至2026年7月" in schedule.describe(moved) and "市数字经济局的办理时限" in schedule.describe(moved)
    within = _deadline(engine.evaluate(book, "dazhou", {**DAZHOU, "start_date": "2026-07-15"}), "mid_year_adjustment")
    assert within["date"] == "2026-07-15/2026-07-31" and within["notes"] == []


def test_an_application_for_next_year_falls_in_the_year_before(book) -> None:
    """巫山 第八条: 每年9月底前提出下一年度…申请 — for a project of 2026, by 2025-09-30 whatever the month."""
    facts = WUSHAN
    for start in ("2026-03-15", "2026-09-30", "2026-10-10"):
        item = _deadline(engine.evaluate(book, "wushan", {**facts, "start_date": start}), "application_sep")
        assert item["date"] == "2025-09-30", start
        assert "时限为上一年（2025年）的9月底" in item["notes"][0]


def test_the_year_before_is_a_whole_year(book) -> None:
    result = engine.evaluate(book, "sichuan-province", {"level": "province", "investment": "500", "mode": "operation",
                                                         "start_date": "2027-03-01"})
    item = _deadline(result, "om_budget_prior_year")
    assert item["date"] == "2026-01-01/2026-12-31"
    assert schedule.describe(item).startswith("需安排（新一轮）运维经费年度的上一年度（2026年内（2026-01-01 至 2026-12-31）")


def test_half_a_year_is_counted_as_six_months_and_worded_as_half_a_year(book) -> None:
    result = engine.evaluate(book, "wushan", {**WUSHAN, "completion_date": "2026-08-31"})
    item = _deadline(result, "acceptance_application_6m")
    assert item["date"] == "2027-02-28" and item["text"] == "项目建成后半年内"


def test_a_deadline_counted_over_national_day_moves(book) -> None:
    """技术方案审查 ends 2026-09-21; 30 工作日 of 预算评审 then pass 中秋 and 国庆 (and the 调休 Saturday)."""
    result = engine.evaluate(book, "dazhou", {**DAZHOU, "start_date": "2026-07-06"})
    assert _deadline(result, "tech_review_10d")["date"] == "2026-09-21"
    assert _deadline(result, "budget_review_30wd")["date"] == "2026-11-09"
    assert MONDAY_TO_FRIDAY.add_working_days(D("2026-09-21"), 30)[0] == D("2026-11-02")


def _origin(item: dict, result: dict, facts: dict, book) -> dt.date | None:
    d = book.get(result["regulation"]["slug"]).deadlines[item["id"]]
    anchor = d.get("after") or d.get("before")
    if anchor in ORIGINS:
        value = facts.get(ORIGINS[anchor])
        return D(value) if value else None
    return D(_deadline(result, anchor)["date_to"]) if anchor else None


def _check_order(book, slug: str, facts: dict) -> int:
    result = engine.evaluate(book, slug, facts)
    checked = 0
    for item in result["deadlines"]:
        origin = _origin(item, result, facts, book) if item["date"] else None
        if origin is None:
            continue
        checked += 1
        if item["before"]:
            assert D(item["date_to"]) <= origin, (slug, item["id"], facts)
        else:
            assert D(item["date_from"]) >= origin, (slug, item["id"], facts)
    return checked


def test_no_scenario_dates_a_step_before_the_step_it_follows(book) -> None:
    checked = sum(_check_order(book, slug_of(cid), plain(case["input"])) for cid, case in load_all()
                  if "input" in case and "change" not in case
                  and ({"start_date", "completion_date"} & set(case["input"])))
    assert checked >= 30


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slug=st.sampled_from(SLUGS), start=st.dates(dt.date(2004, 1, 1), dt.date(2030, 12, 31)),
       built=st.integers(0, 900), mode=st.sampled_from(["self_build", "purchase_service", "operation"]))
def test_no_date_before_the_step_it_follows_for_any_dates(book, slug, start, built, mode) -> None:
    facts = {"investment": "3500", "mode": mode, "start_date": start.isoformat(),
             "completion_date": (start + dt.timedelta(days=built)).isoformat()}
    _check_order(book, slug, facts)


def test_a_completion_date_before_approval_is_questioned(book) -> None:
    facts = {**DAZHOU, "start_date": "2026-06-01", "completion_date": "2026-03-01"}
    trial = _deadline(engine.evaluate(book, "dazhou", facts), "trial_run_1m")
    assert trial["date"] == "2026-04-01" and schedule.REVERSED_NOTE in trial["notes"]
    assert schedule.REVERSED_NOTE in schedule.describe(trial)
    fine = _deadline(engine.evaluate(book, "dazhou", {**facts, "completion_date": "2026-12-01"}), "trial_run_1m")
    assert schedule.REVERSED_NOTE not in fine["notes"]


def test_every_deadline_says_whether_it_belongs_to_a_stage(book) -> None:
    own = {(slug, d["id"]) for slug in SLUGS for d in book.get(slug).data["deadlines"] if d["stage"] is None}
    assert all("stage" in d for slug in SLUGS for d in book.get(slug).data["deadlines"])
    assert own == {("bazhong", "performance_monitoring_annual"), ("bazhong", "om_contract_term"),
                   ("dazhou", "mid_year_adjustment"), ("dazhou", "monitoring_report_annual")}
    # 巫山 第十七条: a report due 建设期内每年 belongs to the construction stage (shown inside it, not on an arrow)
    assert book.get("wushan").deadlines["performance_report_annual"]["stage"] == "construction"


def test_the_timeline_shows_the_label_with_the_date(book) -> None:
    result = engine.evaluate(book, "dazhou", {**DAZHOU, "start_date": "2026-01-05"})
    page = project_html(result)
    assert '<span class="tl-date">每年固定日期 2025-10-31</span>' in page
    assert '<span class="tl-date">最迟 2026-05-08</span>' in page


# --- the validator: a deadline its quote does not state stops the build -------------------------

PUBLICITY = "    strength: at_least\n    in_principle: false\n    trigger: 立项后功能清单网上公示开始\n    after: start\n"
BAD = [
    ("quote without the deadline", 'quote: "公示时间不低于7日"', 'quote: "公示时间"', "deadlines[2].cite",
     "no quote states this deadline"),
    ("strength the quote does not say", PUBLICITY, PUBLICITY.replace("at_least", "at_most"), "deadlines[2].cite",
     "no quote states this deadline"),
    ("原则上 dropped", "    in_principle: true\n    trigger: 公示结束后\n", "    in_principle: false\n    trigger: 公示结束后\n",
     "deadlines[3].in_principle", "the quote says 原则上"),
    ("原则上 added", PUBLICITY, PUBLICITY.replace("false", "true"), "deadlines[2].in_principle",
     "the quote does not say 原则上"),
    ("a value on a fixed date", "    month: 10\n", "    month: 10\n    value: 3\n", "deadlines[0].value",
     "not used by kind annual"),
    ("a day on a month", "    month: 7\n", "    month: 7\n    day: end\n", "deadlines[1].day", "not used by kind month"),
    ("a period counted before", PUBLICITY, PUBLICITY.replace("after:", "before:"), "deadlines[2].before",
     "`before` is for dates fixed in the year"),
    ("after and before", "    before: start\n    stage: project_library\n",
     "    before: start\n    after: start\n    stage: project_library\n", "deadlines[0].before", "not both"),
    ("counted after a later stage", "    trigger: 合同签订后，\n", "    trigger: 合同签订后，\n    after: trial_run_1m\n",
     "deadlines[6].after", "whose stage 'trial_run' comes later than 'construction'"),
    ("stage left out", "    after: start\n    stage: null\n    party:", "    after: start\n    party:", "deadlines[1].stage",
     "missing required key"),
    ("the year before without 上一年度", "    before: start\n    stage: project_library\n",
     "    before: start\n    previous_year: true\n    stage: project_library\n", "deadlines[0].previous_year",
     "does not say 下一年度"),
]


@pytest.fixture(scope="module")
def dazhou_rules(tmp_path_factory) -> Path:
    rules = tmp_path_factory.mktemp("schedule") / "rules"
    shutil.copytree(REPO_RULES, rules, ignore=shutil.ignore_patterns("*.md"))
    return rules


@pytest.mark.parametrize("name,old,new,path,message", BAD, ids=[b[0] for b in BAD])
def test_bad_deadlines_end_in_file_line_key_message(dazhou_rules, tmp_path, name, old, new, path, message) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(dazhou_rules, rules)
    text = (rules / "dazhou.yaml").read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found: the rules changed, update this case"
    (rules / "dazhou.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        compile_rules(rules, tmp_path, ("dazhou",))
    problems = [p for p in caught.value.problems if p.path == path and message in p.message]
    assert problems, "\n".join(map(str, caught.value.problems))
    assert str(problems[0]).startswith(f"rules/dazhou.yaml:{problems[0].line}: {path}: ")


def test_unknown_years_are_never_silently_guessed() -> None:
    work = WorkCalendar.from_data(None)
    assert work.add_working_days(D("2026-05-01"), 1) == (D("2026-05-04"), (2026,))
