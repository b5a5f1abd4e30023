"""The maintainers' schema page, generated from `calculator.schema` and `calculator.fields`, so the
documentation is exactly what the validator enforces."""

from __future__ import annotations

from calculator import schema as S
from calculator.fields import FIELDS

from .markup import table, text


def _type(node: S.Node) -> str:
    if isinstance(node, S.Nullable):
        return f"{_type(node.inner)} 或 null"
    if isinstance(node, S.ListOf):
        return f"列表：{_type(node.item)}"
    if isinstance(node, S.OneOrMany):
        return f"{_type(node.item)}，或其列表"
    if isinstance(node, S.Record):
        return f"[{node.name or node.doc}](#{_anchor(node)})"  # a record without a description goes by its title
    if isinstance(node, S.Enum):
        return "取值：" + "、".join(f"`{v}`" for v in node.values)
    if isinstance(node, S.Ref):
        return f"引用 `{node.target}` 中的 id"
    if isinstance(node, S.Str) and node.pattern:
        return f"文本（匹配 `{node.pattern}`）"
    return {S.Str: "文本", S.Int: "整数", S.Number: "数（精确小数）", S.Bool: "true/false", S.Date: "日期 YYYY-MM-DD",
            S.Condition: "[条件](#conditions)"}.get(type(node), type(node).__name__)


def _records(node: S.Node, seen: list[S.Record]) -> list[S.Record]:
    if isinstance(node, S.Record):
        if node in seen:
            return seen
        seen.append(node)
        for key in node.keys.values():
            _records(key.node, seen)
    for child in ("inner", "item"):
        if hasattr(node, child):
            _records(getattr(node, child), seen)
    return seen


RECORDS = _records(S.RULE_FILE, [])


def _anchor(record: S.Record) -> str:
    return f"schema-{RECORDS.index(record)}"


def schema_page() -> str:
    parts = ["# 规则文件结构（由代码生成）",
             "本页由 `calculator/schema.py` 与 `calculator/fields.py` 生成，与校验器使用同一份定义。"
             "未列出的键一律报错；每个错误以 `rules/文件.yaml:行号: 键路径: 说明` 报告，构建随即停止。"]
    for record in RECORDS:
        rows = [[f"`{k}`", "必填" if key.required else "可选", _type(key.node), text(key.node.doc or "—")]
                for k, key in record.keys.items()]
        parts += [f'<h2 id="{_anchor(record)}">{text(record.name or record.doc)}</h2>', text(record.doc or ""), table(["键", "", "类型", "说明"], rows)]
    parts += ['<h2 id="conditions">条件表达式</h2>',
              "条件只有以下形式；数值不直接比较，必须通过门槛表（band）比较，以便每个分界点都有含/不含本数的依据。",
              table(["形式", "含义"], [["`{field: 布尔字段, is: true}`", "字段为真/假"],
                                       ["`{field: 枚举字段, in: [值…]}`", "字段取值之一"],
                                       ["`{band: 门槛表, in: [区间…]}`", "门槛表字段的值落在所列区间之一"],
                                       ["`{all: [条件…]}` / `{any: [条件…]}` / `{not: 条件}`", "且 / 或 / 非"]]),
              '<h2 id="fields">可用字段</h2>',
              table(["字段", "类型", "名称", "说明", "取值"],
                    [[f"`{f.name}`", f.type + ("（系统计算）" if f.derived else ""), text(f.label), text(f.help),
                      "、".join(f"`{k}` {text(v)}" for k, v in f.choices.items()) or "—"] for f in FIELDS]),
              '<h2 id="topics">对比专题与方面</h2>',
              table(["专题", "方面"], [[f"`{t}` {text(title)}", "、".join(f"`{a}` {text(label)}" for a, label in aspects.items())]
                                      for t, (title, aspects) in S.TOPICS.items()])]
    return "\n\n".join(parts) + "\n"
