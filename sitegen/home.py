"""The home page: where an applicant starts, and what each regulation covers."""

from __future__ import annotations

from calculator.explain import rules_date
from calculator.rulebook import Rulebook
from calculator.schema import TOPICS
from calculator.sources import how_many_regulations

from .header import first_date
from .markup import UNKNOWN, esc, table, text


def home_page(book: Rulebook) -> str:
    rows = [[f"[{text(r.meta['title'])}](regulations/{r.slug}.md)", text(f"{r.meta['region']}·{r.meta['level']}"),
             text(r.meta["doc_number"] or UNKNOWN), text(first_date(r)), text(r.data["scope"]["summary"]),
             str(len(r.data["articles"]))] for r in book.regulations.values()]
    topics = " · ".join(f"[{title}](compare/{t}.md)" for t, (title, _) in TOPICS.items())
    return f"""# 政务信息化项目合规知识库

本站把四川、重庆{how_many_regulations(len(book.regulations), '政务信息化项目管理办法')}整理成可核对的规则：每一条结论都链接到原文条款。

## 从哪里开始

1. **我要申报一个项目**：打开[流程计算器](calculator.md)，填写单位类型、资金来源、总投资、实施方式等，
   立即得到适用的流程、各环节的审批机构、材料清单、时限（可推算日期）和其他义务，每一行都标明依据条文。
   计算在您的浏览器中完成，不上传任何数据。
2. **我要查本地办法**：从下表进入各办法页面，先看摘要（适用范围、流程图、材料、时限），再看原文。
3. **我要比较各地差异**：看[对比页]({"compare/scope.md"})（{topics}）和[金额门槛一览](compare/thresholds.md)。
4. **看不懂术语**：带虚线下划线的词，鼠标悬停或在手机上点按即可看解释，或查看[术语表](glossary.md)。

## 收录的办法

{table(["办法", "层级", "文号", "日期", "适用范围", "条数"], rows)}

> 本站内容依据各办法原文整理，原文不明确之处在各办法页的“歧义说明”中列出计算时采用的理解。
> 以实际审批部门的意见为准。规则版本：{esc(max(rules_date(r.data) for r in book.regulations.values()))}。
"""
