"""`python -m calculator new SLUG SOURCE.txt`: a starting rules file for a regulation, from its text.

What the text states plainly is filled in: the issuing facts found in the notice (issuer, 文号, the
date under the issuer, the title) and the articles that say who interprets the text and when it
takes effect. What needs a reading is left to the maintainer, and the validator holds the file
back until it is done:
- every amount with 以上/以下/超过/不足/不超过/不低于 and every period in 日/工作日/个月/年 is listed
  under `drafts` with its article and verbatim quote, `confirmed: false`;
- every article is listed (as a comment) as not yet covered, and the coverage check reports each
  one until a rule cites it or `not_operative` gives a reason;
- what cannot be found (region, level, scope, routes …) is left empty, never guessed.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .fields import InputError
from .rules_yaml import read_text
from .sources import Article, Source, parse, squash, to_chinese

SLUG = re.compile(r"[a-z][a-z0-9-]*")
_NUM = r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十两百千]+)"
AMOUNT = re.compile(rf"(?:(?:不超过|超过|不足|不低于|低于|高于|达到){_NUM}(?:万元|亿元|元|%|％)(?:（含）)?"
                    rf"|{_NUM}(?:万元|亿元|元|%|％)(?:（含）)?(?:以上|以下|以内)(?:（含）|（不含）)?)")
PERIOD = re.compile(rf"(?<![\d年月下上本当每第]){_NUM}(?:[—\-至～~]{_NUM})?(?:个工作日|工作日|日|天|个月|年)(?:内|以内|之内)?"
                    rf"|每年{_NUM}月(?:底|{_NUM}日)?(?:前|之前)")
YEAR = re.compile(r"^\d{4}年")
DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]+[〔\[（(]\d{4}[〕\]）)]\d+号")
LEVELS = {"省": "省级", "市": "市级", "县": "县级"}
REGIONS = ("四川", "重庆")


@dataclass(frozen=True)
class Candidate:
    kind: str     # threshold | period
    text: str
    article: int
    quote: str


def create(slug: str, source_file: Path, rules_dir: Path) -> str:
    """Write rules/<slug>.yaml and rules/sources/<slug>.txt; return what was found, in Chinese."""
    if not SLUG.fullmatch(slug):
        raise InputError("slug", f"标识“{slug}”应为小写英文、数字与连字符，以字母开头", f"bad slug {slug!r}")
    target = rules_dir / f"{slug}.yaml"
    if target.exists():
        raise InputError("slug", f"{target} 已存在，不覆盖", f"{target} already exists")
    source = parse(slug, read_text(source_file, str(source_file)))
    if not source.articles:
        raise InputError("source", "原文中没有找到条文（每条应以“第N条”开头）", "no articles found in the text")
    candidates = find_candidates(source)
    text_copy = rules_dir / "sources" / f"{slug}.txt"
    text_copy.parent.mkdir(parents=True, exist_ok=True)
    if source_file.resolve() != text_copy.resolve():
        shutil.copyfile(source_file, text_copy)
    target.write_text(render(slug, source, candidates), encoding="utf-8")
    return _summary(source, candidates, target, text_copy)


def find_candidates(source: Source) -> list[Candidate]:
    """Amounts and periods of every article, each with the clause it stands in (verbatim)."""
    out: list[Candidate] = []
    for number, article in sorted(source.articles.items()):
        for paragraph in article.paragraphs:
            for kind, pattern in (("threshold", AMOUNT), ("period", PERIOD)):
                for match in pattern.finditer(paragraph):
                    if kind == "period" and YEAR.match(match.group()) and len(match.group()) <= 6:
                        continue  # 2022年: a year, not a period
                    out.append(Candidate(kind, match.group(), number, _clause(paragraph, match.start(), match.end())))
    return out


def _clause(paragraph: str, start: int, end: int) -> str:
    """The clause around a match: from the last 。；，： before it to the first after it."""
    left = max(paragraph.rfind(p, 0, start) for p in "。；，：") + 1
    rights = [i for i in (paragraph.find(p, end) for p in "。；，：") if i >= 0]
    return paragraph[left:min(rights) if rights else len(paragraph)]


def render(slug: str, source: Source, candidates: list[Candidate]) -> str:
    """The rules file text: found facts filled in, the rest empty for the validator to point at."""
    notice = squash(source.preamble)
    lines = ["# 由 python -m calculator new 从原文生成；校验通过前须逐项补全（见站点“维护者”页的新增办法步骤）。",
             f"slug: {slug}", "version: 1", "valid_from: null   # 原文给出施行日期时填写", "meta:"]
    lines += [f"  {line}" for line in _meta(source, notice)]
    lines += ["scope:", "  summary:            # 适用范围一句话说明", "  applies_when:       # 适用条件（见规则文件结构）",
              "  cite:", "  exclusions: []"]
    lines += [f"{key}: []" for key in ("bodies", "documents", "thresholds", "stages", "routes", "deadlines", "duties",
                                       "changes", "refusals", "ambiguities", "provisions", "not_specified")]
    lines += ["# 尚未覆盖的条文：每条须被某条规则引用，或在 not_operative 中写明理由。"]
    lines += [f"#   {a.label}（{_chapter(a)}）：{a.flat[:40]}" for _, a in sorted(source.articles.items())]
    lines.append("not_operative: []")
    lines.append("# 候选门槛与时限：写入 thresholds / deadlines 后删除该条，或改为 confirmed: true。")
    lines.append("drafts:" + ("" if candidates else " []"))
    for c in candidates:
        lines += [f"  - kind: {c.kind}", f"    text: {_q(c.text)}",
                  f"    cite: {{article: {c.article}, quote: {_q(c.quote)}}}", "    confirmed: false"]
    return "\n".join(lines) + "\n"


def _meta(source: Source, notice: str) -> list[str]:
    title = _title(source)
    issuer = _issuer(source.preamble)
    doc_number = DOC_NUMBER.search(notice)
    signed = list(DATE.finditer(notice))
    interpreter = re.search(r"由([^，。；：由]+)负责解释", "。".join(a.flat for a in source.articles.values()))
    effective = _article_with(source, "施行")
    out = [f"title: {_q(title) if title else ''}", "short_name:         # 简称，用于对比表表头",
           f"region: {next((r for r in REGIONS if r in notice), '')}",
           f"level: {_level(issuer)}",
           f"issuer: {_q(issuer) if issuer else 'null'}",
           f"doc_number: {_q(doc_number.group()) if doc_number else 'null'}"]
    if signed:
        y, m, d = (int(g) for g in signed[-1].groups())
        out += ["dates:", "  - kind: signed", f"    date: {y:04d}-{m:02d}-{d:02d}",
                f"    cite: {{article: 0, quote: {_q(signed[-1].group())}}}"]
    else:
        out.append("dates: []")
    out += [f"effective_rule: {_q(effective[1]) if effective else ''}",
            f"interpreter: {_q(interpreter.group(1)) if interpreter else 'null'}",
            "status: null", "supersedes: []",
            f"cite: {{article: 0, quote: {_q(title)}}}" if title and title in notice else "cite:"]
    return out


def _title(source: Source) -> str | None:
    """The regulation's title: the last line of the notice that names a 办法 (or 规定, 细则)."""
    lines = [squash(line) for line in source.preamble.splitlines() if squash(line)]
    named = [line for line in lines if re.search(r"(办法|规定|细则)$", line) and "通知" not in line]
    return named[-1] if named else None


def _level(issuer: str | None) -> str:
    """省级/市级/县级 from the issuer (巫山县人民政府办公室 -> 县级); empty when the notice names none."""
    government = (issuer or "").split("人民政府")[0]
    return LEVELS.get(government[-1:], "") if "人民政府" in (issuer or "") else ""


def _issuer(preamble: str) -> str | None:
    first = next((squash(line) for line in preamble.splitlines() if squash(line)), "")
    return first if re.search(r"(政府|办公室|办公厅|委员会|局)$", first) else None


def _article_with(source: Source, words: str) -> tuple[str, str] | None:
    """(label, clause) of the last article whose text contains `words`."""
    for number in sorted(source.articles, reverse=True):
        article = source.articles[number]
        at = article.flat.find(words)
        if at >= 0:
            return article.label, _clause(article.flat, at, at + len(words))
    return None


def _chapter(article: Article) -> str:
    return f"第{to_chinese(article.chapter)}章 {article.chapter_title}" if article.chapter else "不分章"


def _q(text: str | None) -> str:
    """A YAML double-quoted string (JSON's quoting is valid YAML)."""
    return json.dumps(text or "", ensure_ascii=False)


def _summary(source: Source, candidates: list[Candidate], target: Path, text_copy: Path) -> str:
    chapters = "、".join(f"第{to_chinese(n)}章 {t}" for n, t in sorted(source.chapters.items())) or "（不分章）"
    thresholds = sum(c.kind == "threshold" for c in candidates)
    return (f"已解析原文：共{len(source.articles)}条，{len(source.chapters)}章：{chapters}\n"
            f"候选金额门槛{thresholds}处、候选时限{len(candidates) - thresholds}处（列在 drafts 中，待确认）\n"
            f"已写入 {target} 与 {text_copy}\n"
            "下一步：运行 python -m calculator validate，按提示逐项补全；步骤见站点“维护者”页。\n")
