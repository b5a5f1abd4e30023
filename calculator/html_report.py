"""Render engine results as HTML for the browser calculator.

All escaping happens here, in one place: the page's JavaScript only inserts what this returns,
so nothing a user types can become markup. Links point at the article anchors of the
regulation pages, with the quoted words as the hover text.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from typing import Any, Iterable, Mapping

from .explain import AMBIGUITY_READING, case_facts, case_rows, version_line
from .fields import form_value, input_fields
from .questions import reads
from .schedule import date_text, describe
from .sources import how_many_regulations

Result = Mapping[str, Any]


_MARKUP = re.compile(r"[&<>\"']")


def _e(value: Any) -> str:
    """Text as HTML text or attribute value. Most of an answer's text has no character to escape, and
    an answer escapes thousands of strings, so those are passed through without copying."""
    text = str(value)
    return escape(text, quote=True) if _MARKUP.search(text) else text


def cites(items: Iterable[Mapping[str, Any]], base: str) -> str:
    """One link per article; several quotes from the same article share its hover text."""
    quotes: dict[tuple[str, str], list[str]] = {}
    labels: dict[tuple[str, str], str] = {}
    for c in items:
        key = (c["regulation"], c["anchor"])
        quotes.setdefault(key, []).append(c["quote"])
        labels[key] = c["label"]
    links = [f'<a class="cite" href="{_e(base)}regulations/{_e(slug)}.html#{_e(anchor)}" '
             f'title="{_e(" … ".join(dict.fromkeys(quotes[slug, anchor])))}">{_e(labels[slug, anchor])}</a>'
             for slug, anchor in quotes]
    return f'<span class="cites">依据：{"、".join(links)}</span>' if links else ""


def case_html(result: Result, today: dt.date | None = None, regs: list[Mapping[str, Any]] | None = None) -> str:
    """The case restated above the answer (and on paper): the date, the regulation by name and 文号,
    the rules version as a date, and each answered fact as a sentence."""
    rows = case_rows(regs or [result["regulation"]], today)
    facts = case_facts(result["input"])
    items = "".join(f"<li>{_e(f)}</li>" for f in facts) or "<li>尚未回答任何事项。</li>"
    return ('<div class="case"><dl class="case-meta">' + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
            + f'</dl><p class="case-title">项目情况（已回答的事项）</p><ul class="case-facts">{items}</ul></div>')


def project_html(result: Result, base: str = "", today: dt.date | None = None, *, case: bool = True) -> str:
    reg = result["regulation"]
    out = [f'<section class="calc-result" data-regulation="{_e(reg["slug"])}" tabindex="-1">',
           f'<h2>{_e(reg["title"])}</h2>', case_html(result, today) if case else "", _applies(result, base),
           refusal_html(result.get("refusal"), base), _route(result, base), _threshold_link(result, base)]
    if result["stages"]:
        out += [timeline(result), _stages(result, base)]
    other = [d for d in result["deadlines"] if not d["stage"]]
    if other:
        out.append("<h3>其他时限</h3><ul class=\"deadlines\">" + "".join(
            f'<li{_open_class(d)}>{_deadline(d)}{_pending(d)} {cites(d["cites"], base)}</li>' for d in other) + "</ul>")
    if result["duties"]:
        out.append('<h3>其他义务</h3><ul class="duties">' + "".join(
            f'<li{_open_class(d)}><label><input type="checkbox"> {_e(d["name"])}</label> <span class="tag">{_e(d["topic_label"])}</span>'
            f'{_pending(d)} {cites(d["cites"], base)}</li>' for d in result["duties"]) + "</ul>")
    out.append(questions_list(result["questions"]))
    out.append(ignored_list(result["ignored_inputs"]))
    out.append(_ambiguities(result["ambiguities"], base))
    if result["notes"]:
        out.append('<h3>说明</h3><ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in result["notes"]) + "</ul>")
    out.append(_trace(result["trace"], base))
    out.append(_version(reg))
    out.append("</section>")
    return "".join(out)


def _threshold_link(result: Result, base: str) -> str:
    """The amount on the threshold overview, which marks it there (compare/thresholds.html?amount=)."""
    amount = result["input"].get("investment")
    if amount is None:
        return ""
    return (f'<p class="threshold-link"><a href="{_e(base)}compare/thresholds.html?amount={_e(amount)}">'
            f'在金额门槛一览图上查看我的金额（{_e(amount)}万元）</a></p>')


def _version(reg: Mapping[str, Any]) -> str:
    return f'<p class="version">{_e(version_line(reg))}</p>'


def _applies(result: Result, base: str) -> str:
    applies = result["applies"]
    extra = ""
    if applies["status"] == "undetermined":
        first = [q["label"] for q in result["questions"] if q["rank"] == 0]
        extra = f'<p class="pending-note">需先确认：{_e("、".join(first))}</p>' if first else ""
    return (f'<div class="applies applies-{_e(applies["status"])}"><strong>{_e(applies["label"])}</strong>'
            f'<p>{_e(applies["reason"])} {cites(applies["cites"], base)}</p>{extra}</div>')


def refusal_html(refusal: Mapping[str, Any] | None, base: str) -> str:
    """'原则上不予立项' with the item the project hits, the text's exception and its cite."""
    if not refusal:
        return ""
    exception = f'<p class="exception">例外：{_e(refusal["exception"])}</p>' if refusal.get("exception") else ""
    return (f'<div class="refusal"><strong>{_e(refusal["label"])}</strong><p>{_e(refusal["why"])} '
            f'{cites(refusal["cites"], base)}</p>{exception}</div>')


def _route(result: Result, base: str) -> str:
    route = result["route"]
    if route:
        tag = "" if route["certain"] else '<span class="tag tag-open">待确认是否适用后确定</span>'
        return (f'<h3>适用流程：<span class="route-name">{_e(route["name"])}</span>{tag}</h3>'
                f'<p>{_e(route["why"])} {cites(route["cites"], base)}</p>')
    if result["route_options"]:
        names = "".join(f"<li>{_e(r['name'])}</li>" for r in result["route_options"])
        common = "；下列环节在各可能流程中都需经过" if result["stages"] else ""
        return f'<h3>适用流程：尚待确认</h3><p>回答下方问题后确定，可能为：</p><ul class="route-options">{names}</ul><p>{common}</p>'
    return ""


def _open_class(item: Mapping[str, Any]) -> str:
    return "" if item.get("certain", True) else ' class="is-open"'


def _pending(item: Mapping[str, Any]) -> str:
    """The mark on an item that an unknown fact could still change."""
    if item.get("certain", True):
        return ""
    depends = item.get("depends_on") or []
    text = f"视{'、'.join(depends)}而定" if depends else "待确认"
    return f' <span class="tag tag-open">{_e(text)}</span>'


def questions_list(questions: list[Mapping[str, Any]]) -> str:
    """The open questions and what each answer would change, as text (for the answer and print)."""
    if not questions:
        return ""
    items = []
    for q in questions:
        options = "".join(f"<li>若{_e(o['label'])}：{_e(o['effect'])}</li>" for o in q["options"])
        effect = f"<p>{_e(q['effect'])}</p>" if q.get("effect") else ""
        items.append(f'<li><strong>{_e(q["question"])}</strong>{effect}<ul>{options}</ul></li>')
    return f'<h3 id="open-questions">还需确认</h3><ol class="open-questions">{"".join(items)}</ol>'


def ignored_list(items: list[Mapping[str, Any]]) -> str:
    if not items:
        return ""
    return f'<p class="ignored">本办法未涉及：{_e("；".join(i["text"] for i in items))}</p>'


def _deadline(d: Mapping[str, Any]) -> str:
    """Markup around the one wording of a deadline (`schedule.describe`)."""
    return f'<span class="deadline-name">{_e(d["name"])}</span>：{_e(describe(d))}'


def _stages(result: Result, base: str) -> str:
    deadlines = {d["id"]: d for d in result["deadlines"]}
    items = []
    for stage in result["stages"]:
        body = stage["body"]["name"] if stage["body"] else "项目单位"
        band = f'<span class="because">（{_e(stage["body"]["fact"])}）</span>' if stage["body"] and stage["body"].get("fact") else ""
        docs = "".join(f'<li><label><input type="checkbox"> {_e(d["name"])}</label> {cites(d["cites"], base)}</li>'
                       for d in stage["documents"])
        limits = "".join(f'<li>{_deadline(deadlines[i])} {cites(deadlines[i]["cites"], base)}</li>' for i in stage["deadlines"])
        state = "stage" if stage["certain"] else "stage is-open"
        items.append(f'<li class="{state}" data-stage="{_e(stage["id"])}"><div class="stage-head"><strong>{_e(stage["name"])}</strong>'
                     f' — <span class="body">{_e(body)}</span>：{_e(stage["action"])}{band}{_pending(stage)} {cites(stage["cites"], base)}</div>'
                     + (f'<div class="docs"><span class="label">材料</span><ul>{docs}</ul></div>' if docs else "")
                     + (f'<div class="limits"><span class="label">时限</span><ul>{limits}</ul></div>' if limits else "")
                     + "</li>")
    return f'<h3>环节与材料清单</h3><ol class="stages">{"".join(items)}</ol>'


def timeline(result: Result) -> str:
    """The stages at a glance: number, name, deciding body and the last computed date, as a list
    styled into a timeline (calculator.css). Text at reading size on a phone and on paper."""
    deadlines = {d["id"]: d for d in result["deadlines"]}
    items = []
    for stage in result["stages"]:
        dates = [date_text(deadlines[d]) for d in stage["deadlines"] if deadlines[d]["date"]]
        body = stage["body"]["name"] if stage["body"] else "项目单位"
        when = f'<span class="tl-date">{_e(dates[-1])}</span>' if dates else ""
        items.append(f'<li><span class="tl-name">{_e(stage["name"])}</span><span class="tl-body">{_e(body)}</span>{when}</li>')
    return f'<ol class="timeline" aria-label="环节时间线">{"".join(items)}</ol>'


def _ambiguities(items: list[Mapping[str, Any]], base: str) -> str:
    if not items:
        return ""
    return ('<h3>注意：原文存在歧义</h3><ul class="ambiguities">' + "".join(
        f'<li><strong>{_e(a["text"])}</strong><br>{AMBIGUITY_READING}：{_e(a["reading"])} {cites(a["cites"], base)}</li>'
        for a in items) + "</ul>")


def _trace(trace: list[Mapping[str, Any]], base: str) -> str:
    lines = "".join(f'<li>{_e(t["text"])} {cites(t["cites"], base)}</li>' for t in trace)
    return f'<details class="trace"><summary>推理过程（逐条依据）</summary><ol>{lines}</ol></details>'


def all_html(result: Result, base: str = "", today: dt.date | None = None) -> str:
    regs = [r["regulation"] for r in result["results"]]
    details = "".join(f'<details class="per-regulation"><summary>{_e(r["regulation"]["title"])}：'
                      f'{_e(r["applies"]["label"])}{"，" + _e(r["route"]["name"]) if r["route"] else ""}</summary>'
                      f"{project_html(r, base, case=False)}</details>" for r in result["results"])
    case = case_html(result["results"][0], today, [r["regulation"] for r in result["results"]])
    return (f'<section class="calc-all"><h2>{how_many_regulations(len(regs))}对比</h2>{case}<p>标有“不同”的行表示各办法结论不一致。</p>'
            f"{comparison_table(result['comparison'], regs)}{details}</section>")


def comparison_table(rows: list[Mapping[str, Any]], regs: list[Mapping[str, Any]]) -> str:
    """全部对比 side by side (rows from `comparison.py`): lists in order, rows that differ marked 不同,
    a regulation that does not apply saying so in its own words."""
    head = "".join(f'<th scope="col">{_e(r["short_name"])}</th>' for r in regs)

    def value(text: str, items: list[str], key: str) -> str:
        if len(items) > 1:
            tag = "ol" if key in ("bodies", "steps") else "ul"
            summary = f"<p>{_e(text)}</p>" if key == "steps" else ""
            return f"{summary}<{tag}>{''.join(f'<li>{_e(i)}</li>' for i in items)}</{tag}>"
        return _e(text)

    body = "".join(
        f'<tr class="{"differs" if row["differs"] else "same"}"><th scope="row">{_e(row["label"])}'
        f'{" <span class=tag>不同</span>" if row["differs"] else ""}</th>'
        + "".join(f'<td data-reg="{_e(r["short_name"])}">{value(v, items, row["key"])}</td>'
                  for r, v, items in zip(regs, row["values"], row.get("items") or [[]] * len(regs)))
        + "</tr>" for row in rows)
    return (f'<div class="table-wrap"><table class="compare-all"><thead><tr><th scope="col">方面</th>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def change_html(result: Result, base: str = "", today: dt.date | None = None) -> str:
    change = result["change"]
    head = (f'<section class="calc-result change-result" tabindex="-1"><h2>{_e(result["regulation"]["title"])}：变更程序</h2>'
            + case_html(result, today))
    applies = result["applies"]
    if applies["status"] == "not_applicable":
        body = f'<div class="applies applies-not_applicable"><strong>{_e(applies["label"])}</strong><p>{_e(applies["reason"])}</p></div>'
    elif change is None:
        names = "".join(f"<li>{_e(c['name'])}</li>" for c in result["change_options"])
        body = f'<h3>适用程序：尚待确认</h3><p>回答下方问题后确定，可能为：</p><ul class="route-options">{names}</ul>'
    else:
        who = change["body"]["name"] if change["body"] else "—"
        band = f'（{_e(change["body"]["band"])}）' if change["body"] and change["body"].get("band") else ""
        body = (f'<h3>适用程序：<span class="change-name">{_e(change["name"])}</span></h3>'
                f'<p>{_e(change["why"])}</p><p><strong>办理：</strong>{_e(change["procedure"])}</p>'
                f'<p><strong>办理机构：</strong>{_e(who)}{band} {cites(change["cites"], base)}</p>' + _steps(change, base))
    also = "".join(f'<li><strong>{_e(a["name"])}</strong>：{_e(a["procedure"])} {cites(a["cites"], base)}</li>'
                   for a in result["also"])
    body += f'<h3>同时办理</h3><ul class="also">{also}</ul>' if also else ""
    return (head + body + questions_list(result["questions"]) + ignored_list(result["ignored_inputs"])
            + _ambiguities(result["ambiguities"], base) + _trace(result["trace"], base)
            + _version(result["regulation"]) + "</section>")


def _steps(change: Mapping[str, Any], base: str) -> str:
    """A decision taken in several steps, in order (审核 → 审签 → 审定)."""
    if len(change.get("steps") or []) < 2:
        return ""
    items = "".join(f'<li>{_e(s["body"])}{_e(s["action"])} {cites(s["cites"], base)}</li>' for s in change["steps"])
    return f'<p><strong>办理步骤：</strong></p><ol class="steps">{items}</ol>'


# --- the interview: questions as form controls ------------------------------------------------------

# Asked by the page's fixed controls (place and amount), not in the question list.
FIXED = ("level", "investment")


def questions_form(result: Result, reg: Any, show_all: bool = False) -> str:
    """The facts already given and the next questions, as controls the page inserts into its form.

    Normally only the first open group (the lowest rank: what decides applicability, then the
    route …) is asked; `show_all` lists every fact this regulation reads, for experts."""
    given = result["input"]
    open_q = {q["field"]: q for q in result["questions"]}
    first = min((q["rank"] for q in result["questions"] if q["field"] not in FIXED), default=None)
    used = reads(reg, "project")
    shown = []
    for f in input_fields("project"):
        if f.name in FIXED or f.name not in used:
            continue
        question = open_q.get(f.name)
        if f.name in given or show_all or (question and question["rank"] == first):
            shown.append(_control(f, given.get(f.name), question))
    later = sum(1 for q in result["questions"] if q["field"] not in FIXED and q["rank"] != first
                and q["field"] not in given) if not show_all else 0
    more = f'<p class="more-questions">回答以上问题后，还可能有 {later} 个问题。</p>' if later else ""
    return f'<div class="questions">{"".join(shown)}</div>{more}'


def _control(f: Any, value: Any, question: Mapping[str, Any] | None) -> str:
    ident = f"q-{f.name}"
    state = "q-open" if value is None else "q-answered"
    effects = {o["label"]: o["effect"] for o in (question or {}).get("options", [])}
    help_text = f'<small class="help" id="help-{ident}">{_e(f.help)}</small>'
    if f.type in ("bool", "enum"):
        options = [(form_value(v), label) for v, label in f.options()]
        current = None if value is None else form_value(value)
        radios = "".join(
            f'<label class="option"><input type="radio" name="{_e(f.name)}" value="{_e(v)}"'
            f'{" checked" if v == current else ""}> {_e(label)}'
            + (f'<small class="effect">{_e(effects[label])}</small>' if label in effects else "") + "</label>"
            for v, label in options)
        clear = (f'<label class="option option-unknown"><input type="radio" name="{_e(f.name)}" value=""'
                 f'{" checked" if value is None else ""}> 不清楚</label>')
        fieldset = (f'<fieldset class="q {state}" data-field="{_e(f.name)}" aria-describedby="help-{ident}">'
                    f'<legend>{_e(f.question)}</legend>{radios}{clear}{help_text}'
                    f'<p class="error" id="err-project-{_e(f.name)}" role="alert"></p></fieldset>')
        if value is None:
            return fieldset
        # An answered question folds to one line; opening it lets the applicant change the answer.
        chosen = dict(options).get(current, "")
        return (f'<details class="q-fold"><summary>{_e(f.question)}<strong>{_e(chosen)}</strong>'
                f'<span class="change-answer">修改</span></summary>{fieldset}</details>')
    kind = "date" if f.type == "date" else "text"
    extra = ' inputmode="decimal" autocomplete="off"' if kind == "text" else ' min="2000-01-01" max="2100-12-31"'
    unit = {"percent": "%", "amount": "万元"}.get(f.type, "")
    shown = "" if value is None else _e(value)
    ranges = "".join(f"<li>{_e(o['label'])}：{_e(o['effect'])}</li>" for o in (question or {}).get("options", []))
    return (f'<div class="q field {state}" data-field="{_e(f.name)}"><label for="{ident}">{_e(f.question)}</label>'
            f'<span class="with-unit"><input type="{kind}" id="{ident}" name="{_e(f.name)}" value="{shown}"{extra}'
            f' aria-describedby="help-{ident}">' + (f'<span class="unit">{unit}</span>' if unit else "") + "</span>"
            + help_text + (f'<ul class="effects">{ranges}</ul>' if ranges else "")
            + f'<p class="error" id="err-project-{_e(f.name)}" role="alert"></p></div>')
