"""The calculator page. Three views: 项目流程 (an interview: where the project is, its amount, then
the questions the engine returns, one group at a time, with the provisional answer below),
N部办法对比 (the full form, every regulation side by side) and 变更程序.

The fixed controls are generated here from the field catalogue and the places the rules name, so
the page is usable before Pyodide is ready; the questions and answers come from the engine running
in a Web Worker (docs/assets/calculator/worker.js). The HTML has no blank lines, so Markdown passes
it through as one block."""

from __future__ import annotations

from calculator.fields import BY_NAME, FIELDS, Field, form_value
from calculator.rulebook import Rulebook
from calculator.sources import how_many_regulations

from .markup import esc

# The change form asks only what change procedures can depend on, besides the change itself.
CHANGE_PROJECT_FIELDS = ("unit_type", "level")


def _control(form: str, f: Field) -> str:
    ident = f"{form}-{f.name}"
    common = f'id="{ident}" name="{f.name}" aria-describedby="help-{ident} err-{ident}"'
    if f.type in ("enum", "bool"):
        options = "".join(f'<option value="{esc(form_value(v))}">{esc(label)}</option>' for v, label in f.options())
        return f'<select {common}><option value="">不清楚 / 未定</option>{options}</select>'
    if f.type == "date":
        return f'<input type="date" {common} min="2000-01-01" max="2100-12-31">'
    unit = "%" if f.type == "percent" else "万元"
    example = "例如 350" if f.type == "amount" else "例如 60"
    return (f'<span class="with-unit"><input type="text" inputmode="decimal" autocomplete="off" {common} '
            f'placeholder="{example}"><span class="unit">{unit}</span></span>')


def _field(form: str, f: Field, label: str | None = None) -> str:
    ident = f"{form}-{f.name}"
    return (f'<div class="field field-value" data-field="{f.name}"><label for="{ident}">{esc(label or f.label)}</label>'
            f'{_control(form, f)}<small class="help" id="help-{ident}">{esc(f.help)}</small>'
            f'<p class="error" id="err-{ident}" role="alert"></p></div>')


def _place_select(book: Rulebook) -> str:
    options = "".join(f'<option value="{esc(p["id"])}">{esc(p["label"])}</option>' for p in book.places())
    return ('<div class="field field-value field-wide" data-field="place"><label for="project-place">'
            '项目所在地与层级</label><select id="project-place" name="place" aria-describedby="help-project-place">'
            f'<option value="">请选择</option>{options}</select><small class="help" id="help-project-place">'
            '选定后即确定适用哪部办法；省级、市本级和县级项目适用的办法不同。</small>'
            '<p class="error" id="err-project-place" role="alert"></p></div>')


def _regulation_select(book: Rulebook) -> str:
    options = "".join(f'<option value="{esc(s)}">{esc(r.meta["title"])}</option>' for s, r in book.regulations.items())
    return ('<div class="field field-value field-wide" data-field="regulation"><label for="change-regulation">适用办法</label>'
            f'<select id="change-regulation" name="regulation">{options}</select></div>')


def _buttons(reset: str) -> str:
    return ('<div class="form-error" role="alert"></div><div class="buttons">'
            '<button type="submit" class="md-button md-button--primary">计算</button>'
            f'<button type="reset" class="md-button">{reset}</button></div>')


def _project_form(book: Rulebook) -> str:
    return ('<form id="form-project" class="calc-form" data-action="evaluate" novalidate>'
            f'<div class="fields fields-fixed">{_place_select(book)}{_field("project", BY_NAME["investment"])}</div>'
            '<div id="calc-questions" aria-live="polite"></div>'
            '<label class="show-all"><input type="checkbox" id="show-all" name="all_questions"> 显示全部问题</label>'
            f'{_buttons("清空重填")}</form>')


def _compare_form(book: Rulebook) -> str:
    fields = "".join(_field("compare", f) for f in FIELDS if f.group == "project" and not f.derived)
    return ('<form id="form-compare" class="calc-form" data-action="evaluate" novalidate hidden>'
            f'<p>同一项目在{how_many_regulations(len(book.regulations))}下并列比较；不清楚的事项可以不填，各办法会列出还需确认的问题。</p>'
            f'<div class="fields">{fields}</div>{_buttons("清空")}</form>')


def _change_form(book: Rulebook) -> str:
    fields = [BY_NAME[n] for n in CHANGE_PROJECT_FIELDS] + [f for f in FIELDS if f.group == "change" and not f.derived]
    body = "".join(_field("change", f) for f in fields)
    return ('<form id="form-change" class="calc-form" data-action="change" novalidate hidden>'
            f'{_regulation_select(book)}<div class="fields">{body}</div>{_buttons("清空")}</form>')


def calculator_page(book: Rulebook) -> str:
    names = " ".join(["place", "regulation", "tab", "all_questions"] + [f.name for f in FIELDS if not f.derived])
    return "".join([
        "# 流程计算器\n\n",
        "先选项目所在地与层级、填写总投资，再逐一回答计算器提出的问题；每回答一个问题，下方的结论随即更新。"
        "结论中每一行都链接到依据条文（点开即看条文原文，电脑上鼠标悬停可见摘句）。计算在本机浏览器中完成，不上传数据；结果可通过链接分享、打印或下载。\n\n",
        f'<div id="calc" class="calc" data-fields="{esc(names)}">',
        '<div class="calc-status" role="status" aria-live="polite"><progress id="calc-progress" max="100" value="0">'
        '</progress><span id="calc-status-text">正在加载计算引擎……（可以先填写）</span></div>',
        '<div class="calc-tabs" role="tablist">'
        '<button type="button" role="tab" id="tab-project" data-tab="project" aria-selected="true">项目流程</button>'
        f'<button type="button" role="tab" id="tab-compare" data-tab="compare" aria-selected="false">{how_many_regulations(len(book.regulations))}对比</button>'
        '<button type="button" role="tab" id="tab-change" data-tab="change" aria-selected="false">变更程序</button></div>',
        _project_form(book), _compare_form(book), _change_form(book),
        '<div class="calc-actions" hidden>'
        '<button type="button" class="md-button" data-do="link">复制分享链接</button>'
        '<button type="button" class="md-button" data-do="print">打印</button>'
        '<button type="button" class="md-button" data-do="markdown">下载清单（Word 可打开的 Markdown）</button>'
        '<button type="button" class="md-button" data-do="json">下载数据（JSON）</button>'
        '<span class="action-note" role="status"></span></div>',
        '<div id="calc-output" aria-live="polite"></div>',
        "</div>",
        # Opened from a file, the modules below cannot load: this classic script says so (file-check.js).
        '<script src="assets/calculator/file-check.js"></script>',
        # The worker starts as soon as the module arrives: preloaded, and not waiting for the parser.
        '<link rel="modulepreload" href="assets/calculator/engine-client.js">'
        '<script type="module" async src="assets/calculator/calculator.js"></script>\n',
    ])
