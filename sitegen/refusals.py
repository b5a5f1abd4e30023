"""What stops a project and who decides in several steps, as the pages show them: the refusal
lists item by item (with the text's exception) and decision chains (审核 → 审签 → 审定), generated
from the same `refusals` and `chain` data the engine reads."""

from __future__ import annotations

from typing import Callable

from calculator.conditions import describe
from calculator.coverage import cited_articles
from calculator.rulebook import Regulation, Rulebook
from calculator.schema import REFUSAL_OUTCOMES, refusal_label
from calculator.wording_items import refusal_case

from .aspects import steps_text
from .markup import SILENT, cite_links, table, text

Refs = Callable[[list], str]


def chain_text(reg: Regulation, steps: list[dict]) -> str:
    """'分管副市长审核 → 分管财政副市长审签 → 市长审定' (escaped), as the comparison cells word it."""
    return text(steps_text(reg, steps))


def chains_of(reg: Regulation) -> list[tuple[str, list[dict], list]]:
    """Every decision taken in steps: (where, steps, cites), from stages and amount bands."""
    out = [(text(s["name"]), s["chain"], [c for step in s["chain"] for c in step["cite"]])
           for s in reg.data["stages"] if s.get("chain")]
    for table_ in reg.data["thresholds"]:
        for band in table_["bands"]:
            if band.get("chain"):
                where = f"{text(table_['name'])}：{text(band['label'])}"
                out.append((where, band["chain"], [c for step in band["chain"] for c in step["cite"]]))
    return out


def refusal_section(reg: Regulation, refs: Refs) -> str:
    """The regulation page's list of refusals and decision chains."""
    items = reg.data.get("refusals", [])
    rows = [[f'<span id="r-refusals-{x["id"]}"></span>{text(x["name"])}', refusal_label(x),
             text(describe(x["when"], reg.tables)), text(x.get("exception") or "—"), refs(x["cite"])] for x in items]
    out = ["## 不予立项与不予安排经费的情形 {#refusals}", "",
           "计算器在判断流程之前依次核对下列情形；命中任一项，结论即为该项结果（附原文例外），不再给出审批流程。", "",
           table(["情形", "结果", "条件", "例外", "依据"], rows) if rows else f"本办法{SILENT}此类情形。"]
    chains = chains_of(reg)
    out += ["", "### 分步决定 {#chains}", ""]
    out += ([table(["决定", "步骤", "依据"], [[where, chain_text(reg, steps), refs(cites)] for where, steps, cites in chains])]
            if chains else ["本办法未规定分步决定。"])
    return "\n".join(out)


def refusals_page(book: Rulebook) -> str:
    """The comparison page: each regulation's refusal items and chains side by side."""
    base = "../"
    head = ["方面"] + [text(r.meta["short_name"]) for r in book.regulations.values()]

    def cell(reg: Regulation, entries: list[tuple[str, list]]) -> str:
        return "<br>".join(f"{words}（{cite_links(reg, cites, base)}）" for words, cites in entries) or f"**{SILENT}**"

    outcomes = sorted({x["outcome"] for r in book.regulations.values() for x in r.data.get("refusals", [])},
                      key=list(REFUSAL_OUTCOMES).index)
    rows = [[REFUSAL_OUTCOMES[o]] + [cell(r, [(text(refusal_case(x)), x["cite"])
                                              for x in r.data.get("refusals", []) if x["outcome"] == o])
                                     for r in book.regulations.values()] for o in outcomes]
    rows.append(["分步决定"] + [cell(r, [(f"{where}：{chain_text(r, steps)}", cites) for where, steps, cites in chains_of(r)])
                              for r in book.regulations.values()])
    return ("# 对比：不予立项与分步决定\n\n各办法列明的不予立项、不列入项目库、不安排经费的情形（逐项，附例外），"
            "以及由几个机构先后作出的决定。\n\n" + table(head, rows) + "\n")


def coverage_table(book: Rulebook) -> str:
    """The maintainers' view of article coverage: every article cited by a rule or declared not
    operative (the validator refuses anything else), with the declared ones and their reasons."""
    rows, reasons = [], []
    for reg in book.regulations.values():
        declared = reg.data.get("not_operative", [])
        cited = cited_articles({k: v for k, v in reg.data.items() if k not in ("articles", "not_operative")})
        total = len(reg.data["articles"])
        rows.append([text(reg.meta["short_name"]), str(total), str(len(cited & set(map(int, reg.data["articles"])))),
                     str(len(declared)), "100%"])
        reasons += [[text(reg.meta["short_name"]), cite_links(reg, [{"article": d["article"], "quote": ""}], "../"),
                     text(d["reason"])] for d in declared]
    return ("## 条文覆盖 {#coverage}\n\n每一条都须被某条规则引用，或在 `not_operative` 中写明不具操作性的理由；"
            "新增或遗漏的条文会使校验失败。\n\n" + table(["办法", "条文", "被规则引用", "声明不具操作性", "覆盖"], rows)
            + "\n\n### 声明不具操作性的条文\n\n" + table(["办法", "条文", "理由"], reasons) + "\n")
