"""Pictures made at build time: route flowcharts (mermaid, rendered by the self-hosted library)
and the threshold overview (inline SVG), so no diagram needs a network request."""

from __future__ import annotations

import math
from decimal import Decimal

from calculator.dates import annual_text, period
from calculator.rulebook import Regulation, Rulebook

from .markup import esc


# mermaid reads `#<decimal>;` as a character code. Every character with a meaning in flowchart
# syntax, in mermaid's Markdown strings (backtick) or in the HTML labels is written that way, so a
# label is text whatever the rules say; mermaid then puts the characters into the label as text.
_MERMAID_TEXT = {ord(c): f"#{ord(c)};" for c in "\"'`#;&<>[](){}|\\*_~"}


def _label(text: str) -> str:
    """Rules text inside a quoted mermaid label."""
    return str(text).translate(_MERMAID_TEXT).replace("\n", " ")


def route_mermaid(reg: Regulation, route: dict) -> str:
    """Stages top to bottom with their deciding bodies; deadlines on the arrows into a stage.

    The mermaid source is a hidden, HTML-escaped block that docs/assets/js/diagrams.js draws (under
    the pages' Content-Security-Policy); it is kept out of the search index (it is markup, not prose).
    Not a `pre.mermaid` block: the theme would draw those itself, with inline styles."""
    lines = ["flowchart TD"]
    for i, (sid, name, body, first) in enumerate(_steps(reg, route)):
        stage = reg.stages[sid]
        label = f"{_label(name)}<br/><small>{_label(body)}</small>"
        shape = f'(["{label}"])' if stage.get("when") else f'["{label}"]'
        lines.append(f"  s{i}{shape}")
        if i:
            limits = [d for d in reg.data["deadlines"] if d.get("stage") == sid] if first else []
            arrow = f' -->|"{_label("；".join(_short(d) for d in limits))}"| ' if limits else " --> "
            lines.append(f"  s{i - 1}{arrow}s{i}")
        if stage.get("when"):
            lines.append(f"  class s{i} optional")
    lines.append("  classDef optional stroke-dasharray: 5 5")
    return f'<pre class="route-chart" data-search-exclude hidden>{esc(chr(10).join(lines))}</pre>'


def _steps(reg: Regulation, route: dict) -> list[tuple[str, str, str, bool]]:
    """(stage id, node name, body, first node of its stage) per node: a decision taken in steps is
    drawn as consecutive nodes; the stage's deadlines go on the arrow into its first node."""
    out = []
    for sid in route["stages"]:
        stage = reg.stages[sid]
        if stage.get("chain"):
            out += [(sid, f"{stage['name']}：{step['action']}", reg.bodies[step["body"]]["name"], j == 0)
                    for j, step in enumerate(stage["chain"])]
        elif stage.get("body_from"):
            out.append((sid, stage["name"], "按金额确定机构", True))
        else:
            out.append((sid, stage["name"], reg.bodies[stage["body"]]["name"] if stage.get("body") else "项目单位", True))
    return out


def _short(d: dict) -> str:
    if d["kind"] == "annual":
        return annual_text(d["month"], d.get("day"))
    if d["kind"] == "window":
        return f"{d['window'][0]}–{d['window'][1]}{d['unit']}"
    word = {"at_most": "≤", "at_least": "≥", "exactly": ""}[d["strength"]]
    return f"{word}{period(d['value'], d['unit'])}"


# --- threshold overview -------------------------------------------------------------------------

WIDTH, LEFT, ROW, TOP = 980, 250, 38, 40
TICKS = [0, 10, 30, 100, 200, 300, 500, 1000, 2000, 3000, 5000, 10000]
PALETTE = ["#c6dbef", "#fdd0a2", "#c7e9c0", "#dadaeb", "#fcbba1", "#d9d9d9"]


def _x(value: Decimal, top: float) -> float:
    """Log-like scale so 30万 and 3000万 are both readable on one line."""
    span = WIDTH - LEFT - 20
    return LEFT + span * math.log10(1 + float(value)) / math.log10(1 + top)


def thresholds_svg(book: Rulebook, unit: str, base: str) -> str:
    """Every band of every regulation's tables in `unit`, on one scale; ● marks the side a bound belongs to."""
    rows = [(reg, t) for reg in book.regulations.values() for t in reg.data["thresholds"] if t["unit"] == unit]
    if not rows:
        return ""
    top = Decimal(10000) if unit == "万元" else Decimal(100)
    ticks = TICKS if unit == "万元" else [0, 5, 10, 15, 20, 50, 100]
    height = TOP + ROW * len(rows) + 30
    out = [f'<svg class="threshold-overview" viewBox="0 0 {WIDTH} {height}" role="img" '
           f'xmlns="http://www.w3.org/2000/svg" aria-label="各办法{unit}门槛一览">']
    for tick in ticks:
        x = _x(Decimal(tick), top)
        out.append(f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{height - 24}" class="tick"/>'
                   f'<text x="{x:.1f}" y="{TOP - 14}" class="tick-label">{tick}</text>')
    for r, (reg, table) in enumerate(rows):
        y = TOP + r * ROW
        out.append(f'<text x="{LEFT - 8}" y="{y + 20}" class="row-label">'
                   f'{esc(reg.meta["short_name"])}·{esc(table["name"][:12])}</text>')
        for b, band in enumerate(table["bands"]):
            x1 = _x(Decimal(band["min"]), top)
            high = Decimal(band["max"]) if band.get("max") is not None else top
            x2 = _x(min(high, top), top)
            href = f'{base}regulations/{reg.slug}.html#r-bands-{table["id"]}-{band["id"]}'
            out.append(f'<a href="{href}"><rect x="{x1:.1f}" y="{y + 4}" width="{max(x2 - x1, 2):.1f}" height="24" '
                       f'fill="{PALETTE[b % len(PALETTE)]}"><title>{esc(band["label"])}</title></rect></a>')
            if b:
                fill = "#000" if band["min_inclusive"] else "#fff"
                out.append(f'<circle cx="{x1 + 4:.1f}" cy="{y + 16}" r="3.5" fill="{fill}" stroke="#000"/>')
            if band.get("max") is not None:
                fill = "#000" if band["max_inclusive"] else "#fff"
                out.append(f'<circle cx="{x2 - 4:.1f}" cy="{y + 16}" r="3.5" fill="{fill}" stroke="#000"/>')
    out.append(f'<text x="{LEFT}" y="{height - 6}" class="legend">● 含本数　○ 不含本数　（刻度单位：{unit}；'
               f'对数刻度；点击色块查看依据）</text></svg>')
    return "".join(out)
