"""The scenario suite (tests/scenarios/<slug>/*.yaml) run on two versions of the rules, compared.

A scenario is a concrete project (or proposed change) with its facts; its answer is summed up as
an applicant reads it — applicable or not, refused or not, route, stages with their bodies,
documents, deadlines, duties, or the change procedure — and every line of the summary that
differs between the two versions is reported. The expectations written in the scenario files are
not used here: the question is what the edit changes, not whether the tests still pass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from . import engine
from .fields import InputError
from .rulebook import Rulebook


@dataclass(frozen=True)
class Scenario:
    id: str      # "<slug>/<file stem>"
    slug: str
    name: str
    input: dict[str, Any]
    change: bool


@dataclass(frozen=True)
class Difference:
    id: str
    name: str
    lines: list[str]


ERROR = "计算"


class _ExactLoader(yaml.SafeLoader):
    """Amounts stay the text written (100.01 is not the float 100.0099…)."""


_ExactLoader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: node.value)


def load(folder: Path) -> list[Scenario]:
    """The scenarios under `folder`; files that are not scenarios are skipped (the tests check them)."""
    out = []
    for path in sorted(folder.glob("*/*.yaml")):
        try:
            case = yaml.load(path.read_text(encoding="utf-8"), Loader=_ExactLoader)
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            continue
        if not isinstance(case, dict):
            continue
        facts = {**_plain(case.get("input") or {}), **_plain(case.get("change") or {})}
        out.append(Scenario(f"{path.parent.name}/{path.stem}", path.parent.name, str(case.get("name", path.stem)),
                            facts, "change" in case))
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def compare(scenarios: list[Scenario], old: Rulebook, new: Rulebook) -> tuple[int, list[Difference]]:
    """(how many scenarios ran on both sides, those whose answer differs with the differing lines).
    A scenario the engine cannot run is listed too, even when it fails alike on both sides."""
    ran, out = 0, []
    for case in scenarios:
        if case.slug not in old.regulations or case.slug not in new.regulations:
            continue
        ran += 1
        before, after = summary(old, case), summary(new, case)
        if ERROR in before and before == after:
            out.append(Difference(case.id, case.name, [f"两版都无法计算：{before[ERROR]}"]))
            continue
        lines = [f"{key}：“{before.get(key, '—')}” → “{after.get(key, '—')}”"
                 for key in dict.fromkeys([*before, *after]) if before.get(key) != after.get(key)]
        if lines:
            out.append(Difference(case.id, case.name, lines))
    return ran, out


def as_json(differences: list[Difference]) -> list[dict[str, Any]]:
    return [asdict(d) for d in differences]


def summary(book: Rulebook, case: Scenario) -> dict[str, str]:
    """The answer as an applicant reads it, one line per aspect (Chinese labels)."""
    try:
        if case.change:
            return _change(engine.evaluate_change(book, case.slug, case.input, ask=False))
        return _project(engine.evaluate(book, case.slug, case.input, ask=False))
    except InputError as exc:
        return {ERROR: f"输入有误：{exc.zh}"}
    except Exception as exc:  # noqa: BLE001 - a maintainer's report names the failure instead of stopping
        return {ERROR: f"计算出错：{type(exc).__name__}: {exc}"}


def _project(result: Mapping[str, Any]) -> dict[str, str]:
    out = {"是否适用": result["applies"]["label"]}
    if result["refusal"]:
        out["不予立项等"] = f"{result['refusal']['label']}：{result['refusal']['name']}"
        return out
    route = result["route"]
    out["流程"] = route["name"] if route else "待确认：" + "或".join(r["name"] for r in result["route_options"])
    out["环节"] = " → ".join(_stage(s) for s in result["stages"]) or "无"
    out["材料"] = "、".join(d["name"] for d in result["documents"]) or "无"
    out["时限"] = "；".join(f"{d['name']}{'（' + d['date'] + '）' if d.get('date') else ''}"
                          for d in result["deadlines"]) or "无"
    out["义务"] = "、".join(d["name"] for d in result["duties"]) or "无"
    return out


def _stage(stage: Mapping[str, Any]) -> str:
    body = stage.get("body") or {}
    return f"{stage['name']}（{body['name']}）" if body.get("name") else stage["name"]


def _change(result: Mapping[str, Any]) -> dict[str, str]:
    out = {"是否适用": result["applies"]["label"]}
    change = result.get("change")
    out["变更程序"] = change["name"] if change else "待确认：" + "或".join(c["name"] for c in result.get("change_options", []))
    if change and change.get("body"):
        out["办理机构"] = change["body"]["name"]
    out["同时办理"] = "、".join(a["name"] for a in result.get("also", [])) or "无"
    return out
