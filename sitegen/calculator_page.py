"""The calculator page: the form is generated from the field catalogue (so it is usable before
Pyodide is ready and always matches what the engine accepts); the answers come from the engine
running in a Web Worker (docs/assets/calculator/worker.js). The HTML has no blank lines, so
Markdown passes it through as one block."""

from __future__ import annotations

from calculator.fields import FIELDS, Field
from calculator.rulebook import Rulebook

from .markup import esc

# The change form asks only what change procedures can depend on, besides the change itself.
CHANGE_PROJECT_FIELDS = ("unit_type", "level")


def _control(form: str, f: Field) -> str:
    ident = f"{form}-{f.name}"
    common = f'id="{ident}" name="{f.name}" aria-describedby="help-{ident} err-{ident}"'
    if f.type == "enum":
        options = "".join(f'<option value="{esc(k)}"{" selected" if k == f.default else ""}>{esc(v)}</option>'
                          for k, v in f.choices.items())
        return f'<select {common} data-default="{esc(f.default)}">{options}</select>'
    if f.type == "bool":
        checked = " checked" if f.default else ""
        default = "true" if f.default else "false"
        return f'<input type="checkbox" {common} value="true" data-default="{default}"{checked}>'
    if f.type == "date":
        return f'<input type="date" {common} min="2000-01-01" max="2100-12-31">'
    unit = "%" if f.type == "percent" else "万元"
    example = "例如 350" if f.type == "amount" else "例如 60"
    return (f'<span class="with-unit"><input type="text" inputmode="decimal" autocomplete="off" {common} '
            f'placeholder="{example}"><span class="unit">{unit}</span></span>')


def _field(form: str, f: Field) -> str:
    ident = f"{form}-{f.name}"
    kind = "check" if f.type == "bool" else "value"
    required = f.name in ("investment", "approved_investment")
    star = '<span class="required" title="必填">*</span>' if required else ""
    label = f'<label for="{ident}">{esc(f.label)}{star}</label>'
    control = _control(form, f)
    inner = f"{control}{label}" if kind == "check" else f"{label}{control}"
    return (f'<div class="field field-{kind}" data-field="{f.name}">{inner}'
            f'<small class="help" id="help-{ident}">{esc(f.help)}</small>'
            f'<p class="error" id="err-{ident}" role="alert"></p></div>')


def _regulation_select(form: str, book: Rulebook) -> str:
    options = '<option value="all">全部对比（五部办法并列）</option>' + "".join(
        f'<option value="{esc(s)}">{esc(r.meta["title"])}</option>' for s, r in book.regulations.items())
    return (f'<div class="field field-value field-wide" data-field="regulation"><label for="{form}-regulation">适用办法</label>'
            f'<select id="{form}-regulation" name="regulation" data-default="all">{options}</select>'
            f'<small class="help">选择一部办法，或“全部对比”查看同一项目在五部办法下的差异。</small></div>')


def _form(form: str, action: str, fields: list[Field], book: Rulebook, hidden: bool) -> str:
    body = "".join(_field(form, f) for f in fields)
    return (f'<form id="form-{form}" class="calc-form" data-action="{action}" novalidate{" hidden" if hidden else ""}>'
            f'{_regulation_select(form, book)}<div class="fields">{body}</div>'
            f'<div class="form-error" role="alert"></div>'
            f'<div class="buttons"><button type="submit" class="md-button md-button--primary">计算</button>'
            f'<button type="reset" class="md-button">恢复默认</button></div></form>')


def calculator_page(book: Rulebook) -> str:
    project = [f for f in FIELDS if f.group == "project" and not f.derived]
    change = [f for f in FIELDS if f.name in CHANGE_PROJECT_FIELDS] + [
        f for f in FIELDS if f.group == "change" and not f.derived]
    return "".join([
        "# 流程计算器\n\n",
        "填写项目情况，得到适用流程、各环节的决定机构、材料清单、时限与其他义务；每一行都链接到依据条文（悬停可见原文摘句）。"
        "计算在本机浏览器中完成，不上传数据；结果可通过链接分享、打印或导出。\n\n",
        '<div id="calc" class="calc">',
        '<div class="calc-status" role="status" aria-live="polite"><progress id="calc-progress" max="100" value="0">'
        '</progress><span id="calc-status-text">正在加载计算引擎……（可以先填写表单）</span></div>',
        '<div class="calc-tabs" role="tablist">'
        '<button type="button" role="tab" id="tab-project" data-tab="project" aria-selected="true">项目流程</button>'
        '<button type="button" role="tab" id="tab-change" data-tab="change" aria-selected="false">变更程序</button></div>',
        _form("project", "evaluate", project, book, hidden=False),
        _form("change", "change", change, book, hidden=True),
        '<div class="calc-actions" hidden>'
        '<button type="button" class="md-button" data-do="link">复制分享链接</button>'
        '<button type="button" class="md-button" data-do="print">打印清单</button>'
        '<button type="button" class="md-button" data-do="json">导出 JSON</button>'
        '<button type="button" class="md-button" data-do="markdown">导出 Markdown 清单</button>'
        '<span class="action-note" role="status"></span></div>',
        '<div id="calc-output" aria-live="polite"></div>',
        "</div>",
        '<script type="module" src="assets/calculator/calculator.js"></script>\n',
    ])
