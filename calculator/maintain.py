"""The maintainers' subcommands: `diff` (what an edit changes for applicants) and `new` (a starting
rules file for a new regulation). Kept apart from `cli.py`, which registers them, so that the
front end for applicants does not grow with the tools for maintainers."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def add_parsers(sub: argparse._SubParsersAction) -> None:
    d = sub.add_parser("diff", help="对比两版规则对申请人的影响：规则文件、规则目录、git 修订版本（如 HEAD~3）或 修订版本:路径；"
                       "退出码 0 = 只有依据或文字变更，3 = 结论会变")
    d.add_argument("old", help="旧版：路径、修订版本或 修订版本:路径")
    d.add_argument("new", help="新版：同上")
    d.add_argument("--json", action="store_true", help="输出 JSON")
    d.add_argument("--scenarios", type=Path, help="场景目录（默认：tests/scenarios）")
    n = sub.add_parser("new", help="由一部新办法的原文生成规则文件草稿（候选门槛与时限待确认）")
    n.add_argument("slug", help="新办法的标识（小写英文与连字符，如 luzhou）")
    n.add_argument("source", type=Path, help="原文文本文件（UTF-8）")


def run(args: argparse.Namespace, rules_dir: Path) -> int:
    if args.command == "diff":
        return _diff(args, rules_dir.parent)
    from . import draft
    print(draft.create(args.slug, args.source, rules_dir))
    return 0


def _diff(args: argparse.Namespace, repo: Path) -> int:
    # Build-time tools (PyYAML, git): imported here so the CLI still runs from compiled rules without them.
    from . import diff_load, diff_report, diff_scenarios
    old, new = diff_load.load(args.old, repo), diff_load.load(args.new, repo)
    scenarios = diff_scenarios.load(args.scenarios or diff_report.scenarios_dir(repo))
    report = diff_report.build(old, new, scenarios)
    if args.json:
        print(json.dumps(diff_report.as_json(report), ensure_ascii=False, indent=2))
    else:
        print(diff_report.text(report), end="")
    return report.exit_code
