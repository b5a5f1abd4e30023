"""Route diagrams, drawn at build time as semantic HTML: an ordered list of steps, with branch groups
where the text offers alternatives, styled into a flowchart by site.css.

Why not a drawing library: the list *is* the text equivalent (screen readers announce "列表，N 项"),
it prints, it needs no script and no inline style under the pages' Content-Security-Policy, and it
costs a few kilobytes where mermaid cost 3.6 MB on every page with a diagram.

What is drawn comes from the rules only:
- consecutive conditional stages whose conditions can never hold together are alternatives, drawn
  side by side as branches (择一); a stage whose condition may hold with its neighbours' is an
  optional step (仅当…). Which is which is decided by trying every combination of the facts the
  conditions read, so no regulation needs a special case;
- a decision taken in steps (`chain`) is drawn as consecutive steps inside its stage;
- a stage whose body depends on a threshold table shows the table's bands as branches, and only
  when the bands name different bodies; otherwise the one body is named;
- a stage's deadlines are written inside the stage (never on an arrow); a deadline that belongs to
  no stage is listed on its own under the diagram.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Iterator, Mapping

from calculator.conditions import bare, describe, fields_read, holds
from calculator.fields import BY_NAME
from calculator.rulebook import Regulation
from calculator.schedule import deadline_text
from calculator.schema import LIMIT_LABELS

from .markup import esc

Cond = Mapping[str, Any]


@dataclass(frozen=True)
class Branch:
    """One alternative: the condition under which it is taken and the stages it runs, in order."""
    when: Cond
    stages: tuple[str, ...]


@dataclass(frozen=True)
class Fork:
    """Alternatives at one point of a route; `otherwise` when some case takes none of them."""
    branches: tuple[Branch, ...]
    otherwise: bool


# --- which conditions exclude each other ----------------------------------------------------------

def _domain(reg: Regulation, name: str) -> list[Any]:
    """Values of a fact that between them reach every outcome of the regulation's conditions:
    each choice, yes and no, or for an amount every bound of every table on it and a value
    between and beyond them."""
    field = BY_NAME[name]
    if field.type == "bool":
        return [True, False]
    if field.type == "enum":
        return list(field.choices)
    bounds = sorted({Decimal(b[k]) for t in reg.data["thresholds"] if t["field"] == name
                     for b in t["bands"] for k in ("min", "max") if b.get(k) is not None})
    between = [(a + b) / 2 for a, b in zip(bounds, bounds[1:])]
    return bounds + between + [bounds[-1] + 1] if bounds else [Decimal(0)]


def _cases(reg: Regulation, conds: Iterable[Cond]) -> Iterator[dict[str, Any]]:
    """Every combination of the facts the conditions read."""
    names = sorted({n for c in conds for n in fields_read(c, reg.tables)})
    for values in itertools.product(*(_domain(reg, n) for n in names)):
        yield dict(zip(names, values))


@dataclass(frozen=True)
class RouteCases:
    """The cases in which a route is the one chosen: its own condition holds and no earlier route's
    does (the first route whose condition holds is chosen). A stage condition is judged only over
    these, so a condition the route already implies is not drawn as a branch."""
    reg: Regulation
    cases: tuple[dict[str, Any], ...]

    @classmethod
    def of(cls, reg: Regulation, route: dict) -> "RouteCases":
        """Worked out once per route and kept with the regulation: the diagrams, the route pages and the
        comparison cells all ask for the same routes."""
        key = f"route_cases:{route['id']}"
        if key not in reg.memo:
            routes = reg.data["routes"]
            earlier = [r["when"] for r in routes[:routes.index(route)] if r.get("when")]
            local = [reg.stages[s].get("when") for s in route["stages"]] + [d.get("when") for d in reg.data["deadlines"]]
            conds = [c for c in [route.get("when"), *earlier, *local] if c]
            chosen = (case for case in _cases(reg, conds) if holds(route.get("when"), case, reg.tables)
                      and not any(holds(c, case, reg.tables) for c in earlier))
            reg.memo[key] = cls(reg, tuple(chosen))
        return reg.memo[key]

    def _truths(self, conds: list[Cond]) -> Iterator[list[bool]]:
        for case in self.cases:
            yield [holds(c, case, self.reg.tables) is True for c in conds]

    def exclusive(self, conds: list[Cond]) -> bool:
        """No case makes two of them hold at once."""
        return all(sum(t) <= 1 for t in self._truths(conds))

    def always(self, cond: Cond) -> bool:
        return all(t[0] for t in self._truths([cond]))

    def possible(self, cond: Cond | None) -> bool:
        return cond is None or any(t[0] for t in self._truths([cond]))

    def leaves_a_case(self, conds: list[Cond]) -> bool:
        """Some case makes none of them hold (the route then goes on without this step)."""
        return any(not any(t) for t in self._truths(conds))


def plan(reg: Regulation, route: dict, cases: RouteCases) -> list[str | Fork]:
    """The route as drawn: stage ids in order, conditional runs turned into forks.

    Consecutive stages with the same condition form one branch; branches join a fork while their
    conditions stay mutually exclusive; a fork of one branch is an optional step; a stage whose
    condition always holds on this route is an ordinary step."""
    out: list[str | Fork] = []
    branches: list[Branch] = []

    def close() -> None:
        if branches:
            out.append(Fork(tuple(branches), cases.leaves_a_case([b.when for b in branches])))
            branches.clear()

    for sid in route["stages"]:
        when = reg.stages[sid].get("when")
        if when is None or cases.always(when):
            close()
            out.append(sid)
        elif branches and branches[-1].when == when:
            branches[-1] = Branch(when, branches[-1].stages + (sid,))
        elif branches and cases.exclusive([b.when for b in branches] + [when]):
            branches.append(Branch(when, (sid,)))
        else:
            close()
            branches.append(Branch(when, (sid,)))
    close()
    return out


# --- drawing --------------------------------------------------------------------------------------

def _body(reg: Regulation, ident: str | None) -> str:
    return esc(reg.bodies[ident]["name"]) if ident else "项目单位"


def _steps(reg: Regulation, steps: list[dict]) -> str:
    """A decision taken in several steps, each by its own body, as consecutive boxes."""
    items = "".join(f'<li class="flow-box"><span class="flow-body">{_body(reg, s["body"])}</span>'
                    f'<span class="flow-action">{esc(s["action"])}</span></li>' for s in steps)
    label = f' aria-label="分{len(steps)}步决定"' if len(steps) > 1 else ""
    return f'<ol class="flow-chain"{label}>{items}</ol>'


def varies(reg: Regulation, ident: str) -> bool:
    """The bands of table `ident` name different deciders: only then is “按金额确定机构” worth saying (here
    and in the comparison cells)."""
    return len({repr(b.get("chain") or b.get("body")) for b in reg.tables[ident]["bands"]}) > 1


def _varies(reg: Regulation, stage: dict) -> bool:
    return stage.get("body_from") in reg.tables and varies(reg, stage["body_from"])


def _decider(reg: Regulation, stage: dict) -> str:
    """Who decides: one body, a chain of steps, or the bands of a table when the body varies with them."""
    if stage.get("chain"):
        return _steps(reg, stage["chain"])
    if not stage.get("body_from"):
        return f'<span class="flow-body">{_body(reg, stage.get("body"))}</span>'
    table = reg.tables[stage["body_from"]]
    if not _varies(reg, stage):
        return f'<span class="flow-body">{_body(reg, table["bands"][0].get("body"))}</span>'
    branches = "".join(f'<li class="flow-branch"><span class="flow-cond">{esc(b["label"])}</span>'
                       + _steps(reg, b.get("chain") or [{"body": b.get("body"), "action": stage["action"]}]) + "</li>"
                       for b in table["bands"])
    field = bare(BY_NAME[table["field"]].label)
    return (f'<div class="flow-fork flow-by-band"><p class="flow-fork-title">按{esc(field)}确定机构</p>'
            f'<ul class="flow-branches">{branches}</ul></div>')


def _limits(reg: Regulation, deadlines: list[dict]) -> str:
    if not deadlines:
        return ""
    items = "".join(f'<li>{LIMIT_LABELS[d["strength"]] if d["kind"] != "annual" else "每年固定日期"}：'
                    f'{esc(deadline_text(d))}</li>' for d in deadlines)
    return f'<ul class="flow-limits" aria-label="时限">{items}</ul>'


def _stage(reg: Regulation, sid: str) -> str:
    stage = reg.stages[sid]
    limits = _limits(reg, [d for d in reg.data["deadlines"] if d.get("stage") == sid])
    head = f'<span class="flow-name">{esc(stage["name"])}</span>'
    kind = ("flow-step flow-group flow-wide" if _varies(reg, stage) else "flow-step flow-group" if stage.get("chain")
            else "flow-step flow-box")
    return f'<li class="{kind}">{head}{_decider(reg, stage)}{limits}</li>'


def _fork(reg: Regulation, fork: Fork) -> str:
    title = "视情况择一" if len(fork.branches) > 1 else "视情况增加"
    branches = [f'<li class="flow-branch"><span class="flow-cond">仅当{esc(describe(b.when, reg.tables))}</span>'
                f'<ol class="flow-steps">{"".join(_stage(reg, s) for s in b.stages)}</ol></li>' for b in fork.branches]
    if fork.otherwise:
        branches.append('<li class="flow-branch flow-skip"><span class="flow-cond">其他情形</span>'
                        '<span class="flow-none">不经此环节</span></li>')
    return (f'<li class="flow-step flow-fork"><p class="flow-fork-title">{title}</p>'
            f'<ul class="flow-branches">{"".join(branches)}</ul></li>')


def unstaged_deadlines(reg: Regulation, cases: RouteCases) -> list[dict]:
    """Deadlines that belong to no stage but can apply when this route is chosen."""
    return [d for d in reg.data["deadlines"] if not d.get("stage") and cases.possible(d.get("when"))]


def route_flow(reg: Regulation, route: dict) -> str:
    """The route as a flowchart of HTML lists (one line: it sits in a Markdown page as a raw block)."""
    cases = RouteCases.of(reg, route)
    steps = "".join(_fork(reg, x) if isinstance(x, Fork) else _stage(reg, x) for x in plan(reg, route, cases))
    loose = unstaged_deadlines(reg, cases)
    aside = ('<div class="flow-loose"><p>不属于某一环节的时限：</p>' + _limits(reg, loose) + "</div>") if loose else ""
    return (f'<figure class="flow" data-search-exclude><figcaption>流程图：{esc(route["name"])}'
            f'（自上而下依次办理；并列的方框按情形择一）</figcaption>'
            f'<ol class="flow-steps">{steps}</ol>{aside}</figure>')
