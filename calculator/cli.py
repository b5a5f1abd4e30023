"""Command line: evaluate a project, answer the change question, validate rules, read articles.

Bad input or bad rules end with a message and exit code 2 (input) or 1 (rules), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from . import engine, maintain, report
from .explain import rules_date
from .fields import FIELDS, InputError, input_fields
from .rulebook import REPO_RULES, Rulebook, load
from .validate import RulesError, compile_rules


def _add_fields(parser: argparse.ArgumentParser, group: str) -> None:
    for f in input_fields(group):
        choices = f"可选：{'、'.join(f'{k}={v}' for k, v in f.choices.items())}" if f.choices else ""
        kind = {"bool": "取值 true/false（是/否）", "date": "格式 YYYY-MM-DD"}.get(f.type, "")
        text = f"{f.label}：{f.help}{choices}{kind}"
        parser.add_argument("--" + f.name.replace("_", "-"), dest=f.name, metavar=f.type.upper(),
                            help=text.replace("%", "%%"))


def _fields_from(args: argparse.Namespace) -> dict[str, Any]:
    return {f.name: getattr(args, f.name) for f in FIELDS if getattr(args, f.name, None) is not None}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m calculator", description="政务信息化项目合规计算器")
    parser.add_argument("--rules", type=Path, help="规则目录（默认：仓库中的 rules/）")
    sub = parser.add_subparsers(dest="command", required=True)

    ev = sub.add_parser("evaluate", help="判断项目适用的流程、环节、材料、时限与义务")
    ev.add_argument("--regulation", "-r", default="all", help="办法标识（sichuan-province、bazhong、dazhou、"
                    "guangyuan、wushan）；默认 all = 全部办法对比")
    ev.add_argument("--json", action="store_true", help="输出 JSON")
    _add_fields(ev, "project")

    ch = sub.add_parser("change", help="判断拟议变更应履行的程序")
    ch.add_argument("--regulation", "-r", required=True, help="办法标识")
    ch.add_argument("--json", action="store_true", help="输出 JSON")
    _add_fields(ch, "change")

    sub.add_parser("validate", help="校验全部规则文件")
    art = sub.add_parser("articles", help="打印某部办法的一条原文")
    art.add_argument("slug")
    art.add_argument("number", type=int)
    out = sub.add_parser("compile", help="把校验后的规则编译为 JSON（供浏览器使用）")
    out.add_argument("--out", type=Path, required=True)
    maintain.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    rules_dir = args.rules or REPO_RULES
    try:
        if args.command == "validate":
            compiled = compile_rules(rules_dir, rules_dir.parent)
            regs = compiled["regulations"].values()
            counts = "，".join(f"{r['meta']['short_name']}{len(r['articles'])}条" for r in regs)
            print(f"规则校验通过（规则版本 {max(rules_date(r) for r in regs)}）：{counts}")
            return 0
        if args.command == "compile":
            compiled = compile_rules(rules_dir, rules_dir.parent)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(compiled, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            print(f"已写入 {args.out}")
            return 0
        if args.command in ("diff", "new"):
            return maintain.run(args, rules_dir)
        book = load(args.rules)
        return _run(book, args)
    except RulesError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"规则有 {len(exc.problems)} 处错误", file=sys.stderr)
        return 1
    except InputError as exc:
        print(f"输入错误：{exc.zh}", file=sys.stderr)
        return 2


def _run(book: Rulebook, args: argparse.Namespace) -> int:
    if args.command == "articles":
        reg = book.get(args.slug)
        article = reg.data["articles"].get(str(args.number))
        if article is None:
            raise InputError("number", f"{reg.meta['short_name']}办法没有第{args.number}条（共{len(reg.data['articles'])}条）",
                             f"no article {args.number}")
        print(f"{reg.meta['title']} {article['label']}（第{article['chapter']}章 {article['chapter_title']}）")
        print("\n".join(article["paragraphs"]))
        return 0
    fields = _fields_from(args)
    if args.command == "change":
        result = engine.evaluate_change(book, args.regulation, fields)
        text = report.change_markdown(result)
    elif args.regulation == "all":
        result = engine.evaluate_all(book, fields)
        text = report.all_markdown(result)
    else:
        result = engine.evaluate(book, args.regulation, fields)
        text = report.project_markdown(result)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else text, end="" if not args.json else "\n")
    return 0
