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


class ExactLoader(yaml.SafeLoader):
    """Amounts stay the text written (100.01 is not the float 100.0099…). The scenario tests read
    the same files with it."""


ExactLoader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: node.value)


def load(folder: Path) -> list[Scenario]:
    """The scenarios under `folder`; files that are not scenarios are skipped (the tests check them)."""
    out = []
    for path in sorted(folder.glob("*/*.yaml")):
        try:
            case = yaml.load(path.read_text(encoding="utf-8"), Loader=ExactLoader)
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            continue
        if not isinstance(case, dict):
            continue
        facts = {**plain(case.get("input") or {}), **plain(case.get("change") or {})}
        out.append(Scenario(f"{path.parent.name}/{path.stem}", path.parent.name, str(case.get("name", path.stem)),
                            facts, "change" in case))
    return out


def plain(value: Any) -> Any:
    """YAML dates and numbers as the JSON strings the engine takes and returns."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def compare(scenarios: list[Scenario], old: Rulebook, new: Rulebook) -> tuple[int, list[Difference]]:
    """(how many scenarios ran on both sides, those whose answer differs with the differing lines).
    Answers are compared by ids (a renamed stage is wording, not a different answer) and shown by
    name. A scenario the engine cannot run is listed too, even when it fails alike on both sides."""
    ran, out = 0, []
    for case in scenarios:
        if case.slug not in old.regulations or case.slug not in new.regulations:
            continue
        ran += 1
        before, after = summary(old, case), summary(new, case)
        if ERROR in before and before == after:
            out.append(Difference(case.id, case.name, [f"两版都无法计算：{before[ERROR][1]}"]))
            continue
        lines = [f"{key}：{_difference(before.get(key, NONE), after.get(key, NONE))}"
                 for key in dict.fromkeys([*before, *after]) if before.get(key, NONE)[0] != after.get(key, NONE)[0]]
        if lines:
            out.append(Difference(case.id, case.name, lines))
    return ran, out


def _difference(before: Line, after: Line) -> str:
    """'“A” → “B”'; for lists, what was added and removed ('增加“技术复核（县发展改革委）”')."""
    if not (isinstance(before[0], list) and isinstance(after[0], list)):
        return f"“{before[1]}” → “{after[1]}”"
    old, new = dict(zip(before[0], before[2])), dict(zip(after[0], after[2]))
    added = [name for sig, name in new.items() if sig not in old]
    removed = [name for sig, name in old.items() if sig not in new]
    parts = ([f"增加{'、'.join(f'“{n}”' for n in added)}"] if added else []) + \
            ([f"删除{'、'.join(f'“{n}”' for n in removed)}"] if removed else [])
    return "；".join(parts) or f"顺序改为“{after[1]}”"


def as_json(differences: list[Difference]) -> list[dict[str, Any]]:
    return [asdict(d) for d in differences]


# (what is compared: ids and values, what is shown: names[, each element's name for lists])
Line = tuple[Any, ...]
NONE: Line = (None, "—")


def summary(book: Rulebook, case: Scenario) -> dict[str, Line]:
    """The answer as an applicant reads it, one line per aspect (Chinese labels)."""
    try:
        if case.change:
            return _change(engine.evaluate_change(book, case.slug, case.input, ask=False))
        return _project(engine.evaluate(book, case.slug, case.input, ask=False))
    except InputError as exc:
        return {ERROR: (exc.zh, f"输入有误：{exc.zh}")}
    except Exception as exc:  # noqa: BLE001 - a maintainer's report names the failure instead of stopping
        return {ERROR: (repr(exc), f"计算出错：{type(exc).__name__}: {exc}")}


def _items(items: list[Mapping[str, Any]], extra: str | None = None, sep: str = "、", key: str | None = None) -> Line:
    """A list of result items: compared by id and `key` (default `extra`), shown by name and `extra`."""
    names = [i["name"] + (f"（{i[extra]}）" if extra and i.get(extra) else "") for i in items]
    return [(i["id"], i.get(key or extra)) for i in items], sep.join(names) or "无", names


def _project(result: Mapping[str, Any]) -> dict[str, Line]:
    applies = result["applies"]
    out = {"是否适用": (applies["status"], applies["label"])}
    refusal = result["refusal"]
    if refusal:
        out["不予立项等"] = (refusal["id"], f"{refusal['label']}：{refusal['name']}")
        return out
    route = result["route"]
    options = result["route_options"]
    out["流程"] = ((route["id"], route["name"]) if route else
                 ([r["id"] for r in options], "待确认：" + "或".join(r["name"] for r in options)))
    stages = [{**s, "by": (s.get("body") or {}).get("name"), "body_id": (s.get("body") or {}).get("id")}
              for s in result["stages"]]
    out["环节"] = _items(stages, "by", " → ", key="body_id")
    out["材料"] = _items(result["documents"])
    out["时限"] = _items(result["deadlines"], "date", "；")
    out["义务"] = _items(result["duties"])
    return out


def _change(result: Mapping[str, Any]) -> dict[str, Line]:
    applies = result["applies"]
    out = {"是否适用": (applies["status"], applies["label"])}
    change = result.get("change")
    options = result.get("change_options", [])
    out["变更程序"] = ((change["id"], change["name"]) if change else
                   ([c["id"] for c in options], "待确认：" + "或".join(c["name"] for c in options)))
    body = (change or {}).get("body") or {}
    out["办理机构"] = (body.get("id"), body.get("name") or "—")
    out["同时办理"] = _items(result.get("also", []))
    return out
