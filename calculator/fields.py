"""The facts about a project (and a proposed change) that rules may ask about.

This catalogue is the single definition of the input model: the validator checks rule
conditions against it, the engine parses input with it, the CLI builds its options from it and
the browser form is rendered from its JSON form. Adding a field here makes it available everywhere.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# An amount beyond this is certainly a typo (1万亿元); it is rejected rather than evaluated.
MAX_AMOUNT = Decimal("100000000")
# 万元 to six decimals is 0.01 元: anything finer is noise, and bounds keep Decimal arithmetic exact.
MAX_DECIMALS = 6
MAX_NUMBER_TEXT = 40


class InputError(ValueError):
    """Invalid project input. Carries a Chinese and an English message for every front end."""

    def __init__(self, field_name: str, zh: str, en: str):
        super().__init__(f"{field_name}: {zh} / {en}")
        self.field = field_name
        self.zh = zh
        self.en = en

    def to_dict(self) -> dict:
        return {"field": self.field, "zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class Field:
    """One fact about a project. There are no defaults: a fact nobody gave is unknown (None), and
    what it would change is asked (see `questions.py`), never assumed."""

    name: str
    type: str  # bool | enum | amount | percent | date
    label: str
    help: str
    question: str  # how an official would ask it
    choices: dict[str, str] = field(default_factory=dict)  # enum value -> Chinese label
    yes_no: tuple[str, str] = ("", "")  # bool: the fact stated when true, when false
    group: str = "project"  # project | change
    derived: bool = False  # computed by the engine, never typed in

    def to_dict(self) -> dict:
        out = {"name": self.name, "type": self.type, "label": self.label, "help": self.help,
               "question": self.question, "group": self.group, "derived": self.derived}
        if self.choices:
            out["choices"] = [{"value": k, "label": v} for k, v in self.choices.items()]
        return out

    def statement(self, value: object) -> str:
        """The fact in words: '项目不涉及国家秘密', '实施方式为“自行建设”', '项目总投资350万元'."""
        if self.type == "bool":
            return self.yes_no[0] if value else self.yes_no[1]
        if self.type == "enum":
            return f"{_bare(self.label)}为“{self.choices[value]}”"
        if self.type in ("amount", "percent"):
            return f"{_bare(self.label)}{plain_decimal(value)}{_unit(self)}"
        return f"{_bare(self.label)}为{value.isoformat()}"

    def options(self) -> list[tuple[object, str]]:
        """The answers offered for an enum or yes/no question, with their labels."""
        if self.type == "bool":
            return [(True, "是"), (False, "否")]
        return list(self.choices.items())

    def parse(self, raw: object) -> object:
        """Turn user input (JSON value, CLI string, YAML scalar) into the engine's value; empty = unknown."""
        if raw is None or (isinstance(raw, str) and raw.strip() in ("", "unknown", "不清楚")):
            return None
        if self.type == "bool":
            return _parse_bool(self, raw)
        if self.type == "enum":
            if not isinstance(raw, str):
                raise InputError(self.name, f"“{self.label}”的取值无效", f"must be one of {', '.join(self.choices)}")
            value = raw.strip()
            if value not in self.choices:
                options = "、".join(self.choices.values())
                raise InputError(self.name, f"“{self.label}”只能取：{options}",
                                 f"must be one of {', '.join(self.choices)}")
            return value
        if self.type in ("amount", "percent"):
            return _parse_number(self, raw)
        if self.type == "date":
            return _parse_date(self, raw)
        raise AssertionError(self.type)


def _bare(label: str) -> str:
    return label.split("（")[0]


def plain_decimal(number: Decimal) -> str:
    """2000, 2000.01, 15.004: exact, without exponent or trailing zeros."""
    return format(number.normalize(), "f")


def jsonable(value: object) -> object:
    """Input values as JSON carries them: exact decimal text and ISO dates."""
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def form_value(value: object) -> str:
    """An answer as a form and a URL carry it: "true"/"false", enum values, exact decimals, ISO dates."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(jsonable(value))


_TRUE = {"true", "1", "yes", "y", "on", "是", "t"}
_FALSE = {"false", "0", "no", "n", "off", "否", "f"}


def _parse_bool(f: Field, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if not isinstance(raw, (str, int)):
        raise InputError(f.name, f"“{f.label}”应为“是”或“否”", "must be true or false")
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InputError(f.name, f"“{f.label}”应为“是”或“否”", "must be true or false")


def _parse_number(f: Field, raw: object) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float, Decimal)):
        raise InputError(f.name, f"“{f.label}”应为数字", "must be a number")
    text = str(raw).strip().replace(",", "").replace("，", "")
    if len(text) > MAX_NUMBER_TEXT:
        raise InputError(f.name, f"“{f.label}”的数字过长", "number is too long")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InputError(f.name, f"“{f.label}”应为数字（单位：{_unit(f)}），收到“{text[:40]}”",
                         f"must be a number ({_unit_en(f)})") from None
    if not value.is_finite():
        raise InputError(f.name, f"“{f.label}”应为有限的数字", "must be a finite number")
    if value < 0:
        raise InputError(f.name, f"“{f.label}”不能为负数", "must not be negative")
    limit = Decimal(100) if f.type == "percent" else MAX_AMOUNT
    if value > limit:
        raise InputError(f.name, f"“{f.label}”超出合理范围（不超过{limit}{_unit(f)}）",
                         f"is out of range (at most {limit} {_unit_en(f)})")
    if value != 0 and value.as_tuple().exponent < -MAX_DECIMALS:
        raise InputError(f.name, f"“{f.label}”最多保留{MAX_DECIMALS}位小数",
                         f"at most {MAX_DECIMALS} decimal places")
    return value


def _unit(f: Field) -> str:
    return "%" if f.type == "percent" else "万元"


def _unit_en(f: Field) -> str:
    return "percent" if f.type == "percent" else "10k yuan"


def _parse_date(f: Field, raw: object) -> _dt.date:
    if isinstance(raw, _dt.datetime):
        return raw.date()
    if isinstance(raw, _dt.date):
        return raw
    if not isinstance(raw, str) or len(raw) > MAX_NUMBER_TEXT:
        raise InputError(f.name, f"“{f.label}”应为日期，格式如 2026-01-05", "must be a date like 2026-01-05")
    text = raw.strip()
    try:
        value = _dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f.name, f"“{f.label}”应为日期，格式如 2026-01-05",
                         "must be a date like 2026-01-05") from None
    if not 2000 <= value.year <= 2100:
        raise InputError(f.name, f"“{f.label}”应在2000年至2100年之间",
                         "must be between 2000 and 2100")
    return value


FIELDS: tuple[Field, ...] = (
    Field("unit_type", "enum", "项目建设单位类型", "承担项目的单位性质。", "项目建设单位是什么性质的单位？", {
        "agency": "行政机关", "institution": "事业单位", "association": "社会团体、群团组织",
        "soe": "国有企业", "enterprise": "其他企业、民间组织或社会资本"}),
    Field("level", "enum", "项目层级", "项目属于哪一级政府（省级、市本级、县级）。", "项目属于哪一级？", {
        "province": "省级", "city": "市级（市本级）", "county": "县级（区县、乡镇）"}),
    Field("funding", "enum", "资金来源", "项目建设资金主要从哪里来。", "项目建设资金主要从哪里来？", {
        "fiscal": "本级财政资金", "superior": "上级统筹安排或上级下达资金",
        "self_raised": "单位自筹资金", "social": "社会资本出资（政府租赁或购买服务）"}),
    Field("investment", "amount", "项目总投资（万元）", "项目总投资或资金预算，单位万元，可带小数。",
          "项目总投资是多少？"),
    Field("mode", "enum", "实施方式", "项目的产生方式。", "项目以什么方式实施？", {
        "self_build": "自行建设", "purchase_service": "购买服务", "operation": "运行维护"}),
    Field("kind", "enum", "建设类型", "新建、扩建还是对已有系统升级改造。", "项目是新建、扩建还是升级改造？", {
        "new": "新建", "expansion": "扩建", "upgrade": "升级改造"}),
    Field("procurement", "enum", "采购渠道", "依法招标的工程建设项目与政府采购项目的审批部门可能不同。",
          "项目通过什么渠道采购？", {
              "gov_procurement": "政府采购", "tendering": "依法招标（工程建设）",
              "self_procure": "集中采购目录以外且采购限额标准以下"}),
    Field("classified", "bool", "涉密项目", "项目是否涉及国家秘密。", "项目是否涉及国家秘密？",
          yes_no=("项目涉及国家秘密", "项目不涉及国家秘密")),
    Field("urgent_security", "bool", "涉及国家安全、情况紧急", "是否因涉及国家安全等特殊原因而情况紧急。",
          "项目是否因涉及国家安全等特殊原因而情况紧急？",
          yes_no=("项目涉及国家安全、情况紧急", "项目不属于涉及国家安全的紧急情况")),
    Field("higher_mandate", "bool", "上级有明确要求", "党中央、国务院或上级党委、政府是否有明确要求。",
          "党中央、国务院或上级党委、政府对项目是否有明确要求？",
          yes_no=("上级对项目有明确要求", "上级对项目没有明确要求")),
    Field("in_annual_plan", "bool", "已纳入年度清单/项目库", "是否已纳入年度项目清单、项目库或年度计划（经集中审定）。",
          "项目是否已纳入年度项目清单、项目库或年度计划（经集中审定）？",
          yes_no=("项目已纳入年度计划（经集中审定）", "项目未纳入年度计划")),
    Field("cross_department", "bool", "跨部门共建共享", "是否由牵头部门会同参建部门共建共享。",
          "项目是否由牵头部门会同参建部门共建共享？",
          yes_no=("项目由多个部门共建共享", "项目不是跨部门共建共享项目")),
    Field("sharing_exempt", "bool", "不能共享但确需建设", "依据有关要求不能进行信息共享，但确有必要建设或保留。",
          "项目是否依据有关要求不能进行信息共享、但确有必要建设或保留？",
          yes_no=("项目不能进行信息共享但确需建设", "项目可以进行信息共享")),
    Field("bundled_with_engineering", "bool", "与工程建设捆绑", "工程建设中包含信息化内容且无法分开单独立项。",
          "信息化内容是否包含在工程建设中、无法与工程分开单独立项？",
          yes_no=("信息化内容与工程建设无法分开立项", "信息化内容可与工程分开单独立项")),
    Field("engineering_share", "percent", "工程部分概算占比（%）", "与工程建设捆绑时，工程部分概算占整个项目的百分比。",
          "工程部分概算占整个项目的百分之多少？"),
    Field("civil_works", "bool", "涉及新建土建或高能耗", "是否涉及新建土建工程或高能耗项目。",
          "项目是否涉及新建土建工程或高能耗？",
          yes_no=("项目涉及新建土建工程或高能耗", "项目不涉及新建土建工程或高能耗")),
    Field("original_accepted", "bool", "原项目已验收", "升级改造项目的原项目是否已通过验收。", "原项目是否已通过验收？",
          yes_no=("原项目已通过验收", "原项目尚未验收")),
    # What the refusal lists and funding bars of the texts turn on (四川省第八条、巴中第八条、达州第二十条 …).
    Field("builds_hardware", "bool", "新建机房或新增硬件", "新建或扩建机房、数据中心、私有云平台，或新增服务器、存储设备、服务端网络设备等硬件设施。",
          "项目是否新建或扩建机房、数据中心、私有云平台，或新增服务器、存储设备、服务端网络设备等硬件？",
          yes_no=("项目新建机房或新增硬件设施", "项目不新建机房、不新增硬件设施")),
    Field("leases_lines", "bool", "线路或专网租赁", "互联网出口线路租赁、未整合到电子政务内外网的专网租赁，或未纳入电子政务外网统一监管的终端安全防护。",
          "项目是否租赁互联网出口线路或未整合的专网，或为未纳入电子政务外网统一监管的终端安全防护？",
          yes_no=("项目租赁线路或专网", "项目不租赁线路或专网")),
    Field("on_gov_cloud", "bool", "部署到政务云", "新建项目部署到政务云，升级改造项目迁移到政务云。",
          "项目是否部署（升级改造项目：迁移）到政务云？", yes_no=("项目部署到政务云", "项目未部署到政务云")),
    Field("builds_common_system", "bool", "新建共性系统", "数字证书、电子证照、电子签章、公共支付、物流配套、通知消息、咨询投诉等共性系统，政府网站支撑平台、独立封装的移动客户端、大数据处理分析平台、执法检查类系统。",
          "项目是否新建或扩建共性系统（数字证书、电子证照、电子签章、公共支付、通知消息等）、政府网站支撑平台、独立移动客户端、大数据分析平台或执法检查类系统？",
          yes_no=("项目新建或扩建共性系统", "项目不新建共性系统")),
    Field("platform_access", "enum", "接入统一平台", "政务服务、公共服务类项目接入数据共享交换平台、一体化政务服务平台；办公类、决策辅助类项目接入统一协同办公平台。",
          "政务服务、公共服务或办公类项目是否接入数据共享交换平台、一体化政务服务平台或统一协同办公平台？", {
              "connected": "已接入或将接入", "not_connected": "未接入", "not_relevant": "不属于这几类项目"}),
    Field("preparation_complete", "bool", "需求与准备到位", "需求和绩效目标明确，内部系统整合、数据目录普查、数据共享要求和信息安全保障落实到位。",
          "项目需求和绩效目标是否明确，内部系统整合、数据目录普查、数据共享和信息安全保障是否落实到位？",
          yes_no=("项目需求明确、各项准备到位", "项目需求不明确或准备不到位")),
    Field("builds_infrastructure", "bool", "建设基础设施或支撑平台", "信息基础设施（政务云、政务网络、数据中心等）、应用支撑平台或数据资源类项目。",
          "项目是否建设信息基础设施、应用支撑平台或数据资源？",
          yes_no=("项目建设基础设施、支撑平台或数据资源", "项目不建设基础设施或支撑平台")),
    Field("in_system_catalog", "bool", "纳入系统目录", "系统是否已纳入系统目录（政务信息系统总目录）管理。",
          "系统是否已纳入系统目录（政务信息系统总目录）管理？", yes_no=("系统已纳入系统目录", "系统未纳入系统目录")),
    Field("data_shared", "bool", "按要求共享数据", "已建系统按要求共享数据资源、未重复采集数据。",
          "本单位已建系统是否按要求共享数据资源、没有重复采集数据？",
          yes_no=("已按要求共享数据", "未按要求共享数据或重复采集数据")),
    Field("security_compliant", "bool", "符合密码和网络安全要求", "符合密码应用和网络安全要求，不存在重大安全隐患。",
          "系统是否符合密码应用和网络安全要求、没有重大安全隐患？",
          yes_no=("符合密码应用和网络安全要求", "不符合密码应用或网络安全要求，或存在重大安全隐患")),
    Field("systems_integrated", "bool", "存量系统已整合", "存量信息化项目或信息系统已按要求整合。",
          "本单位存量信息系统是否已按要求整合？", yes_no=("存量系统已整合", "存量系统应整合而未整合")),
    Field("integrable_platform", "bool", "可整合到全市综合性平台", "项目是否属于或能够整合到全市综合性、基础性信息化项目（如应急指挥调度、城市治理、综合展示等城市数字化治理平台整合到“城市大脑”）。",
          "项目是否属于或能够整合到全市综合性、基础性信息化项目（如应急指挥调度、城市治理、综合展示等整合到“城市大脑”）？",
          yes_no=("项目可整合到全市综合性、基础性信息化项目", "项目不能整合到全市综合性、基础性信息化项目")),
    Field("in_overall_plan", "bool", "已纳入部门整合建设总体方案", "项目是否已列入本部门、本行业3至5年的信息化整合建设总体方案。",
          "项目是否已列入本部门、本行业3至5年的信息化整合建设总体方案？",
          yes_no=("项目已列入本部门整合建设总体方案", "项目未列入本部门整合建设总体方案")),
    Field("new_system_shares", "bool", "拟建系统共享开放数据", "拟建系统的数据是否按要求共享开放，而不是无正当理由拒绝共享。",
          "拟建系统的数据是否按要求共享开放（没有无正当理由拒绝共享）？",
          yes_no=("拟建系统按要求共享开放数据", "拟建系统无正当理由拒绝共享开放数据")),
    Field("existing_system_sufficient", "bool", "已建系统可满足需求", "本单位已建的信息系统是否已能满足拟建项目的需求。",
          "本单位已建的信息系统是否已能满足拟建项目的需求？",
          yes_no=("本单位已建系统可满足需求", "本单位已建系统不能满足需求")),
    Field("isolated_system", "bool", "孤立信息系统", "拟建系统不依托政务云、电子政务网络、数据共享交换平台等集约化设施建设，也不与其他系统互联、共享资源。",
          "拟建系统是否为孤立信息系统（不依托政务云、电子政务网络、数据共享交换平台等建设，也不与其他系统互联共享）？",
          yes_no=("拟建系统为孤立信息系统", "拟建系统不是孤立信息系统")),
    Field("service_conditions_met", "bool", "满足购买服务条件", "购买服务是否同时满足：不属于货物和工程、也未把工程和服务打包；使用期限内服务费总额明显少于自建所需建设和运维经费总额；有多家潜在服务提供商可选；不违反政务信息系统与信息资源安全保密要求。",
          "购买服务是否同时满足这四项条件：不属于货物和工程、也未把工程和服务打包；服务费总额明显少于自行建设的建设和运维经费总额；有多家服务商可选；不违反安全保密要求？",
          yes_no=("购买服务同时满足四项条件", "购买服务不满足四项条件中的至少一项")),
    Field("lower_level_collaboration", "bool", "需下级地方共享协同", "上级部门（单位）的项目是否需要下级地方（省级项目：市（州）；市级项目：县（市、区））共享协同建设。",
          "项目是否需要下级地方（省级项目：市（州）；市级项目：县（市、区））共享协同建设？",
          yes_no=("项目需下级地方共享协同建设", "项目不需下级地方共享协同建设")),
    Field("om_round", "enum", "运维经费轮次", "运维项目是新建项目维保结束后首次安排运维经费，还是已有运维的项目安排新一轮运维经费（续运维）。",
          "这是新建项目维保结束后首次安排运维经费，还是续运维（安排新一轮运维经费）？", {
              "first_after_warranty": "新建项目维保结束后首次安排", "continued": "续运维（新一轮运维）"}),
    Field("phased", "bool", "分期建设", "项目是否分期建设（后续各期另行申报）。", "项目是否分期建设？",
          yes_no=("项目分期建设", "项目不分期建设")),
    Field("start_date", "date", "立项日期", "项目立项批复或纳入计划的日期；填写后推算申报、审查等时限的具体日期。",
          "项目何时立项（或纳入计划）？"),
    Field("completion_date", "date", "建成日期", "项目完成建设内容、开始试运行的日期；填写后推算试运行、验收、评价时限。",
          "项目何时建成、开始试运行？"),
    Field("change_type", "enum", "变更类型", "拟办理的变更事项。", "拟办理哪一类变更？", {
        "adjustment": "建设内容或资金调整", "supplementary": "追加补充合同", "termination": "终止项目建设"},
          group="change"),
    Field("approved_investment", "amount", "批复总投资（万元）", "已批复的项目总投资。", "项目批复总投资是多少？",
          group="change"),
    Field("adjustment_amount", "amount", "资金调整数额（万元）", "拟调整的资金数额。", "拟调整的资金数额是多少？",
          group="change"),
    Field("adjustment_percent", "percent", "资金调整比例（%）", "资金调整数额占批复总投资的比例，由系统计算。",
          "资金调整数额占批复总投资的百分之多少？", group="change", derived=True),
    Field("exceeds_approved", "bool", "超出批复总投资", "调整后投资规模是否超出批复总投资（增加总投资）。",
          "调整后投资规模是否超出批复总投资？", yes_no=("调整后超出批复总投资", "调整后未超出批复总投资"),
          group="change"),
    Field("goal_changed", "bool", "建设目标改变", "调整是否改变建设目标。", "调整是否改变建设目标？",
          yes_no=("调整改变建设目标", "建设目标不变"), group="change"),
    Field("listed_reason", "bool", "符合列举情形", "调整是否属于办法列举的情形之一（上级部署、技术方案优化、业务发展需要等）。",
          "调整是否属于办法列举的情形之一（上级部署、技术方案优化、业务发展需要等）？",
          yes_no=("调整属于办法列举的情形", "调整不属于办法列举的情形"), group="change"),
    Field("original_contract_amount", "amount", "原合同采购金额（万元）", "补充合同所追加的原政府采购合同金额。",
          "原合同采购金额是多少？", group="change"),
    Field("supplementary_amount", "amount", "补充合同采购金额（万元）", "所有补充合同的累计采购金额。",
          "所有补充合同的累计采购金额是多少？", group="change"),
    Field("supplementary_percent", "percent", "补充合同占原合同比例（%）", "补充合同金额占原合同金额的比例，由系统计算。",
          "补充合同金额占原合同金额的百分之多少？", group="change", derived=True),
    Field("unapproved_design_change", "bool", "擅自重大设计变更", "是否已在未经批准的情况下擅自进行重大设计变更，并因此超出概算。",
          "是否已在未经批准的情况下擅自进行重大设计变更、并因此超出概算？",
          yes_no=("已未经批准擅自进行重大设计变更导致超概算", "没有未经批准擅自进行重大设计变更"), group="change"),
    Field("same_subject", "bool", "与原合同标的相同", "追加的货物或服务是否与原合同标的相同。",
          "追加的货物或服务是否与原合同标的相同？", yes_no=("追加的与原合同标的相同", "追加的与原合同标的不同"),
          group="change"),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
NUMERIC = ("amount", "percent")
# Deadlines count from one of these dates (`after: start`) or from another deadline.
ORIGINS = {"start": "start_date", "completion": "completion_date"}


def input_fields(group: str) -> list[Field]:
    """The fields a user supplies for a question: project facts, plus the change facts for a change."""
    return [f for f in FIELDS if not f.derived and f.group in ("project", group)]


def catalogue() -> list[dict]:
    return [f.to_dict() for f in FIELDS]
