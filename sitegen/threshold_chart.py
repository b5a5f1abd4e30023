"""The threshold overview: every band of every regulation's tables on one scale, as inline SVG made at
build time (no script needed to see it; docs/assets/js/threshold-marker.js only adds the reader's
own total investment, "我的金额", on the rows divided by it, when the page is opened from a calculator
result with `?amount=`).

Read at a glance: each table's full name on its own line above its bar (never cut short), tick
labels that cannot overlap (a tick too close to the previous one moves to a second line, or is left
out when both lines are taken), and a legend that says what every colour and mark means. The bands
table under the picture is its text equivalent (the SVG's description says so).
"""

from __future__ import annotations

import math
from decimal import Decimal

from calculator.conditions import bare
from calculator.fields import BY_NAME
from calculator.rulebook import Rulebook

from .markup import esc

WIDTH, LEFT, RIGHT = 700, 8, 14      # drawn 1:1 in the content column at 1366 px, so 13 px text stays 13 px
HEAD, LABEL, BAR, GAP = 48, 18, 20, 12          # axis area; per row: label line, bar, space
TICK_ROOM = 36                                  # px a tick label needs before the next on its line
TOPS = {"万元": Decimal(10000), "%": Decimal(100)}
SHADES = ("band-a", "band-b")                   # neighbouring bands alternate, so each boundary shows


def scale_x(value: Decimal, top: Decimal) -> float:
    """Log-like scale so 30万 and 3000万 are both readable on one line (the marker script uses the
    same formula, from the SVG's data-left/data-span/data-top)."""
    return LEFT + (WIDTH - LEFT - RIGHT) * math.log10(1 + float(min(value, top))) / math.log10(1 + float(top))


def _ticks(values: list[Decimal], top: Decimal, bottom: float) -> list[str]:
    """Tick marks at every bound the tables use; labels on two staggered lines, none overlapping
    (the scale's right end is not a bound: bands there go on beyond it)."""
    last = [-math.inf, -math.inf]
    out = []
    for v in sorted(set(values) | {Decimal(0)}):
        x = scale_x(v, top)
        line = next((i for i in (0, 1) if x - last[i] >= TICK_ROOM), None)
        out.append(f'<line x1="{x:.1f}" y1="{HEAD - 10}" x2="{x:.1f}" y2="{bottom:.0f}" class="tick"/>')
        if line is not None:
            last[line] = x
            anchor = ' text-anchor="end"' if x > WIDTH - RIGHT - 12 else ' text-anchor="start"' if x < LEFT + 6 else ""
            out.append(f'<text x="{x:.1f}" y="{14 + 15 * line}"{anchor} class="tick-label">{v.normalize():f}</text>')
    return out


def _mark(x: float, y: float, inclusive: bool) -> str:
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" class="{"incl" if inclusive else "excl"}"/>'


LEGEND = (('<rect x="0" y="-10" width="12" height="11" class="band-a"/><rect x="12" y="-10" width="12" height="11" '
           'class="band-b"/>', 30, "区间（相邻区间深浅交替）"),
          ('<circle cx="5" cy="-4" r="3.5" class="incl"/>', 14, "分界数值含在该侧"),
          ('<circle cx="5" cy="-4" r="3.5" class="excl"/>', 14, "分界数值不含在该侧"),
          ('<line x1="5" y1="-12" x2="5" y2="3" class="mine"/>', 14, "我的金额（从计算结果打开时显示）"))


def _legend(y: float, unit: str) -> tuple[list[str], float]:
    """What every colour and mark means, wrapped to the picture's width; returns the parts and the
    height they take."""
    out, x = [], LEFT
    for shape, room, words in LEGEND:
        width = room + 13 * len(words) + 18
        if x + width > WIDTH and x > LEFT:
            x, y = LEFT, y + 20
        out.append(f'<g transform="translate({x},{y})">{shape}<text x="{room}" y="0" class="legend">{words}</text></g>')
        x += width
    out.append(f'<text x="{LEFT}" y="{y + 20}" class="legend">刻度单位：{unit}（对数刻度）；点击色块查看该区间的依据。</text>')
    return out, y + 20


def thresholds_svg(book: Rulebook, unit: str, base: str) -> str:
    """Every band of every table in `unit`, one row per table, grouped by regulation."""
    rows = [(reg, t) for reg in book.regulations.values() for t in reg.data["thresholds"] if t["unit"] == unit]
    if not rows:
        return ""
    top = TOPS[unit]
    bottom = HEAD + (LABEL + BAR + GAP) * len(rows)
    legend, legend_end = _legend(bottom + 16, unit)
    height = legend_end + 8
    bounds = [Decimal(b[k]) for _, t in rows for b in t["bands"] for k in ("min", "max") if b.get(k) is not None]
    out = [f'<svg class="threshold-overview" viewBox="0 0 {WIDTH} {height}" role="group" aria-labelledby="thr-{unit}-t thr-{unit}-d" '
           f'xmlns="http://www.w3.org/2000/svg" data-unit="{esc(unit)}" data-left="{LEFT}" '
           f'data-span="{WIDTH - LEFT - RIGHT}" data-top="{top}" data-bar="{BAR}">'
           f'<title id="thr-{unit}-t">各办法以{esc(unit)}计的门槛一览</title>'
           f'<desc id="thr-{unit}-d">每行一个门槛表，色块为区间；各区间的文字说明与依据见图下的表格。</desc>']
    out += _ticks(bounds, top, bottom - GAP)
    for r, (reg, table) in enumerate(rows):
        y = HEAD + r * (LABEL + BAR + GAP)
        field = BY_NAME[table["field"]]
        out.append(f'<g class="threshold-row" data-field="{esc(field.name)}">'
                   f'<text x="{LEFT}" y="{y + 13}" class="row-label"><tspan class="row-reg">{esc(reg.meta["short_name"])}</tspan>'
                   f'　{esc(table["name"])}<tspan class="row-field">　按{esc(bare(field.label))}</tspan></text>')
        bar = y + LABEL
        for b, band in enumerate(table["bands"]):
            x1 = scale_x(Decimal(band["min"]), top)
            x2 = scale_x(Decimal(band["max"]) if band.get("max") is not None else top, top)
            href = f'{base}regulations/{reg.slug}.html#r-bands-{table["id"]}-{band["id"]}'
            out.append(f'<a href="{href}" aria-label="{esc(reg.meta["short_name"])}：{esc(band["label"])}">'
                       f'<rect x="{x1:.1f}" y="{bar}" width="{max(x2 - x1, 2):.1f}" height="{BAR}" '
                       f'class="{SHADES[b % 2]}"><title>{esc(band["label"])}</title></rect></a>')
            if b:
                out.append(_mark(x1 + 4, bar + BAR / 2, band["min_inclusive"]))
            if band.get("max") is not None:
                out.append(_mark(x2 - 4, bar + BAR / 2, band["max_inclusive"]))
        out.append("</g>")
    out += legend
    out.append("</svg>")
    # Wider than a phone: the wrapper scrolls, and takes keyboard focus so it can be scrolled without a mouse.
    return (f'<div class="svg-wrap" tabindex="0" role="group" aria-label="门槛一览图（{esc(unit)}），可左右滚动">'
            + "".join(out) + "</div>")
