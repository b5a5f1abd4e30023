"""Render engine results as HTML for the browser calculator.

All escaping happens here, in one place: the page's JavaScript only inserts what this returns,
so nothing a user types can become markup. Links point at the article anchors of the
regulation pages, with the quoted words as the hover text.
"""

from __future__ import annotations

from html import escape
from typing import Any, Iterable, Mapping

Result = Mapping[str, Any]


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


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


def project_html(result: Result, base: str = "") -> str:
    reg = result["regulation"]
    applies = result["applies"]
    out = [f'<section class="calc-result" data-regulation="{_e(reg["slug"])}">',
           f'<h2>{_e(reg["title"])}</h2>',
           f'<div class="applies applies-{_e(applies["status"])}"><strong>{_e(applies["label"])}</strong>'
           f'<p>{_e(applies["reason"])} {cites(applies["cites"], base)}</p></div>']
    route = result["route"]
    if route:
        out.append(f'<h3>适用流程：<span class="route-name">{_e(route["name"])}</span></h3>'
                   f'<p>{_e(route["why"])} {cites(route["cites"], base)}</p>')
    if result["stages"]:
        out += [timeline_svg(result), _stages(result, base)]
    other = [d for d in result["deadlines"] if not d["stage"]]
    if other:
        out.append("<h3>其他时限</h3><ul class=\"deadlines\">" + "".join(
            f'<li>{_deadline(d)} {cites(d["cites"], base)}</li>' for d in other) + "</ul>")
    if result["duties"]:
        out.append('<h3>其他义务</h3><ul class="duties">' + "".join(
            f'<li><label><input type="checkbox"> {_e(d["name"])}</label> <span class="tag">{_e(d["topic_label"])}</span> '
            f'{cites(d["cites"], base)}</li>' for d in result["duties"]) + "</ul>")
    out.append(_ambiguities(result["ambiguities"], base))
    if result["notes"]:
        out.append('<h3>说明</h3><ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in result["notes"]) + "</ul>")
    out.append(_trace(result["trace"], base))
    out.append(f'<p class="version">规则版本 {_e(reg["rules_version"])}（{_e(reg["slug"])} v{_e(reg["version"])}）</p>')
    out.append("</section>")
    return "".join(out)


def _deadline(d: Mapping[str, Any]) -> str:
    date = f' <time class="date">{_e(d["date"].replace("/", " 至 "))}</time>' if d["date"] else ""
    principle = '<span class="tag">原则上</span>' if d["in_principle"] else ""
    return f'<span class="deadline-name">{_e(d["name"])}</span>：{_e(d["text"])}{principle}{date}'


def _stages(result: Result, base: str) -> str:
    deadlines = {d["id"]: d for d in result["deadlines"]}
    items = []
    for stage in result["stages"]:
        body = stage["body"]["name"] if stage["body"] else "项目单位"
        band = f'（{_e(stage["body"]["band"])}）' if stage["body"] and stage["body"].get("band") else ""
        docs = "".join(f'<li><label><input type="checkbox"> {_e(d["name"])}</label> {cites(d["cites"], base)}</li>'
                       for d in stage["documents"])
        limits = "".join(f'<li>{_deadline(deadlines[i])} {cites(deadlines[i]["cites"], base)}</li>' for i in stage["deadlines"])
        items.append(f'<li class="stage" data-stage="{_e(stage["id"])}"><div class="stage-head"><strong>{_e(stage["name"])}</strong>'
                     f' — <span class="body">{_e(body)}</span>{band}：{_e(stage["action"])} {cites(stage["cites"], base)}</div>'
                     + (f'<div class="docs"><span class="label">材料</span><ul>{docs}</ul></div>' if docs else "")
                     + (f'<div class="limits"><span class="label">时限</span><ul>{limits}</ul></div>' if limits else "")
                     + "</li>")
    return f'<h3>环节与材料清单</h3><ol class="stages">{"".join(items)}</ol>'


def timeline_svg(result: Result) -> str:
    """The stages as a vertical timeline, with the deciding body and any computed date."""
    deadlines = {d["id"]: d for d in result["deadlines"]}
    step, width = 54, 640
    stages = result["stages"]
    height = step * len(stages) + 10
    parts = [f'<svg class="timeline" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="环节时间线">',
             f'<line x1="24" y1="18" x2="24" y2="{height - 18}" class="spine"/>']
    for i, stage in enumerate(stages):
        y = 22 + i * step
        dates = [deadlines[d]["date"] for d in stage["deadlines"] if deadlines[d]["date"]]
        body = stage["body"]["name"] if stage["body"] else "项目单位"
        parts.append(f'<circle cx="24" cy="{y}" r="9" class="dot"/><text x="24" y="{y + 4}" class="num">{i + 1}</text>'
                     f'<text x="44" y="{y}" class="stage-name">{_e(stage["name"])}</text>'
                     f'<text x="44" y="{y + 18}" class="stage-body">{_e(body)}</text>')
        if dates:
            parts.append(f'<text x="{width - 8}" y="{y}" class="stage-date">{_e(dates[-1].replace("/", " 至 "))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _ambiguities(items: list[Mapping[str, Any]], base: str) -> str:
    if not items:
        return ""
    return ('<h3>注意：原文存在歧义</h3><ul class="ambiguities">' + "".join(
        f'<li><strong>{_e(a["text"])}</strong><br>本库理解：{_e(a["reading"])} {cites(a["cites"], base)}</li>'
        for a in items) + "</ul>")


def _trace(trace: list[Mapping[str, Any]], base: str) -> str:
    lines = "".join(f'<li>{_e(t["text"])} {cites(t["cites"], base)}</li>' for t in trace)
    return f'<details class="trace"><summary>推理过程（逐条依据）</summary><ol>{lines}</ol></details>'


def all_html(result: Result, base: str = "") -> str:
    regs = [r["regulation"] for r in result["results"]]
    head = "".join(f"<th>{_e(r['short_name'])}</th>" for r in regs)
    rows = "".join(
        f'<tr class="{"differs" if row["differs"] else "same"}"><th>{_e(row["label"])}'
        f'{" <span class=tag>不同</span>" if row["differs"] else ""}</th>'
        + "".join(f"<td>{_e(v)}</td>" for v in row["values"]) + "</tr>" for row in result["comparison"])
    details = "".join(f'<details class="per-regulation"><summary>{_e(r["regulation"]["title"])}：'
                      f'{_e(r["applies"]["label"])}{"，" + _e(r["route"]["name"]) if r["route"] else ""}</summary>'
                      f"{project_html(r, base)}</details>" for r in result["results"])
    return (f'<section class="calc-all"><h2>五部办法对比</h2><p>标有“不同”的行表示各办法结论不一致。</p>'
            f'<div class="table-wrap"><table class="compare-all"><thead><tr><th>方面</th>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>{details}</section>")


def change_html(result: Result, base: str = "") -> str:
    change = result["change"]
    body = change["body"]["name"] if change["body"] else "—"
    band = f'（{_e(change["body"]["band"])}）' if change["body"] and change["body"].get("band") else ""
    return (f'<section class="calc-result change-result"><h2>{_e(result["regulation"]["title"])}</h2>'
            f'<h3>适用程序：<span class="change-name">{_e(change["name"])}</span></h3>'
            f'<p>{_e(change["why"])}</p><p><strong>办理：</strong>{_e(change["procedure"])}</p>'
            f'<p><strong>办理机构：</strong>{_e(body)}{band} {cites(change["cites"], base)}</p>'
            f'{_ambiguities(result["ambiguities"], base)}{_trace(result["trace"], base)}</section>')
