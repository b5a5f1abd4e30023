"""The shape of a rules file, declared once.

The validator walks these declarations to check YAML, and the maintainers' page of the site is
generated from the same declarations, so the documentation cannot drift from what is enforced.
Cross-references, citations and threshold coverage are checked in `validate.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SLUGS = ("sichuan-province", "bazhong", "dazhou", "guangyuan", "wushan")

TOPICS: dict[str, tuple[str, dict[str, str]]] = {
    "scope": ("适用范围与金额门槛", {
        "units": "适用单位", "funds": "资金来源", "threshold": "金额门槛", "projects": "项目类型",
        "exclusions": "排除与参照"}),
    "authorities": ("管理机构与职责", {
        "leadership": "领导机构", "approval": "审批机构", "finance": "财政与采购",
        "technical": "技术审查", "security": "安全监管"}),
    "procedure": ("审批流程", {
        "planning": "规划与年度计划", "full_route": "完整程序", "simplified": "简化合并程序",
        "service": "购买服务", "special": "特殊审定（一事一议等）"}),
    "documents": ("申报材料", {
        "application": "申报材料", "design": "方案文件", "budget": "概算与预算"}),
    "deadlines": ("时限", {
        "application_window": "申报时间", "review": "审查时限", "construction": "建设与验收期限",
        "trial_run": "试运行", "evaluation": "评价时限", "operation": "运维期限"}),
    "changes": ("变更调整", {
        "minor": "单位自行调整", "major": "重大变更", "supplementary": "补充合同", "termination": "终止"}),
    "acceptance": ("验收", {
        "prerequisites": "验收前提", "organizer": "验收组织", "materials": "验收材料",
        "consequences": "未验收后果"}),
    "om_performance": ("运维与绩效评价", {
        "om_budget": "运维经费", "om_procurement": "运维采购", "monitoring": "绩效监控",
        "post_evaluation": "自评价与后评价"}),
    "security": ("安全与数据共享", {
        "cyber": "网络安全与等保", "crypto": "密码应用", "classified": "涉密", "sharing": "信息共享",
        "products": "安全可靠产品"}),
    "liability": ("责任追究", {
        "violations": "违规处理", "funds_misuse": "资金违规", "rectification": "整改与暂停"}),
}

# Comparison cells that are generated from structured rules and never written as provisions.
DERIVED_ASPECTS = {"scope.threshold": "scope.applies_when（适用条件中的金额区间）"}

DUTY_TOPICS = {
    "supervision": "监理", "testing": "测评", "security": "网络安全与等保", "crypto": "密码应用",
    "audit": "审计", "archive": "档案", "performance": "绩效", "data_sharing": "信息共享",
    "procurement": "采购", "om": "运行维护", "classified": "保密", "other": "其他",
}

UNITS = {"日": "calendar days", "工作日": "working days", "个月": "months", "年": "years"}
STRENGTHS = {"at_most": "时限（不超过、以内、之前）", "at_least": "最短期间（不低于、不少于）"}
# How a deadline reads to the one who must meet it: a time limit is a latest date, a minimum period
# an earliest one.
LIMIT_LABELS = {"at_most": "最迟", "at_least": "最早"}
# The words the texts use for each strength; the validator finds the deadline in its quote with one
# of them, and the words found are what every page and result shows.
STRENGTH_WORDS = {"at_most": (("不超过", "不得超过"), ("以内", "内", "之前", "前")),
                  "at_least": (("不低于", "不少于", "经", "满"), ())}
DEADLINE_KINDS = {
    "duration": "期间（N日、N个工作日、N个月、N年）",
    "half_year": "半年（原文写“半年”，按6个月推算，始终写作半年）",
    "window": "区间（如12至24个月内）",
    "annual": "每年某月底（或某日）前",
    "month": "每年某月（整月，不是月底前：“每年7月”）",
    "prior_year": "上一年度（起点所在年度的前一年）",
}
REFUSAL_OUTCOMES = {"not_approved": "原则上不予立项", "not_listed": "不列入项目库", "no_funding": "不安排建设和运维经费",
                    "no_om_funding": "不予安排运行维护经费", "no_new_projects": "不得新建、改扩建信息系统",
                    "no_service": "不得采用购买服务方式"}


def refusal_label(item: dict) -> str:
    """'原则上不予立项', '不予安排运行维护经费' …: the outcome, with 原则上 where the text says it."""
    label = REFUSAL_OUTCOMES[item["outcome"]]
    return ("原则上" if item["in_principle"] and not label.startswith("原则上") else "") + label


OUTCOMES = {"excluded": "不适用本办法", "by_analogy": "参照本办法执行", "own_procedure": "按其他专门程序办理"}


@dataclass(frozen=True)
class Node:
    doc: str = ""


@dataclass(frozen=True)
class Str(Node):
    pattern: str | None = None  # regex the whole string must match


@dataclass(frozen=True)
class Int(Node):
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Number(Node):
    """Kept as an exact decimal string: 2000 and 2000.01 must stay different."""


@dataclass(frozen=True)
class Bool(Node):
    pass


@dataclass(frozen=True)
class Date(Node):
    pass


@dataclass(frozen=True)
class Enum(Node):
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ref(Node):
    """An id that must exist in another collection of the same file (checked after the walk)."""
    target: str = ""


@dataclass(frozen=True)
class Nullable(Node):
    inner: Node = field(default_factory=Node)


@dataclass(frozen=True)
class ListOf(Node):
    item: Node = field(default_factory=Node)


@dataclass(frozen=True)
class OneOrMany(Node):
    """A single mapping or a list of them (citations are written either way)."""
    item: Node = field(default_factory=Node)


@dataclass(frozen=True)
class Condition(Node):
    pass


@dataclass(frozen=True)
class Key:
    node: Node
    required: bool = True


@dataclass(frozen=True)
class Record(Node):
    name: str = ""
    keys: dict[str, Key] = field(default_factory=dict)


ID = Str("小写英文标识符（snake_case），在本文件同类条目中唯一", pattern=r"[a-z][a-z0-9_]*")
TEXT = Str("中文文本")


def req(node: Node) -> Key:
    return Key(node, True)


def opt(node: Node) -> Key:
    return Key(node, False)


CITE = Record("依据（cite）", "引用条文：条号与原文摘句。摘句须为该条原文的连续片段（只忽略空白字符）。", {
    "article": req(Int("条号：第N条的N；0 表示印发通知（第一条之前的文字）", minimum=0)),
    "quote": req(Str("原文摘句，逐字照录")),
})
CITES = OneOrMany("一条或多条依据", CITE)
AMBIGUITY_REF = opt(Ref("指向 ambiguities 中的一条歧义说明", target="ambiguities"))
WHEN = opt(Condition("适用条件；省略表示始终适用"))

SUPERSEDED = Record("被废止文件", "本办法施行后废止的文件。", {
    "title": req(TEXT), "doc_number": req(Nullable("文号；原文未载明时为 null", Str())),
    "cite": req(CITES)})

DATE_KINDS = {"signed": "签发", "printed": "印发", "published": "发布", "effective": "施行"}
STATUS_UNKNOWN = "原文未载明，请核实现行效力"
META_FACTS = {"issuer": "发文机关", "doc_number": "文号", "title": "办法全称"}

DATED = Record("日期（dates）", "原文载明的一个日期，按原文的名称：签发（落款日期）、印发（版记“…印发”）、发布、施行。", {
    "kind": req(Enum("日期名称：" + "；".join(f"{k}={v}" for k, v in DATE_KINDS.items()), tuple(DATE_KINDS))),
    "date": req(Date("日期")), "cite": req(CITES)})

ATTESTED = Record("他处载明（attested）",
                  "本文本未载明、而另一部办法载明的发文事实，如被引用时的文号；页面写明出处。", {
    "fact": req(Enum("事实：" + "；".join(f"{k}={v}" for k, v in META_FACTS.items()), tuple(META_FACTS))),
    "value": req(Str("该事实的值，逐字见于摘句")),
    "regulation": req(Enum("载明该事实的办法", SLUGS)),
    "article_no": req(Int("该办法的条号", minimum=0)),
    "quote": req(Str("该条原文摘句，逐字照录"))})

META = Record("元数据（meta）", "发文信息。原文未载明的事实一律写 null，不得推测。", {
    "title": req(Str("办法全称")),
    "short_name": req(Str("简称，用于对比表表头")),
    "region": req(Enum("所属省市", ("四川", "重庆"))),
    "level": req(Enum("发文政府层级", ("省级", "市级", "县级"))),
    "issuer": req(Nullable("发文机关", Str())),
    "doc_number": req(Nullable("文号", Str())),
    "dates": req(ListOf("原文载明的日期，各按原文的名称", DATED)),
    "effective_rule": req(Str("施行条款原文要点，如“自印发之日起施行”")),
    "interpreter": req(Nullable("负责解释的机关", Str())),
    "status": req(Nullable(f"效力状态；原文未载明时为 null（页面显示“{STATUS_UNKNOWN}”）",
                           Enum("效力状态", ("现行", "已废止")))),
    "supersedes": req(ListOf("废止的旧文件", SUPERSEDED)),
    "attested": opt(ListOf("本文本未载明、见于另一部办法的发文事实", ATTESTED)),
    "cite": req(CITES),
})

EXCLUSION = Record("排除情形", "先于 applies_when 依次判断，命中第一条即止。", {
    "id": req(ID), "when": req(Condition("命中条件")),
    "outcome": req(Enum("结果：" + "；".join(f"{k}={v}" for k, v in OUTCOMES.items()), tuple(OUTCOMES))),
    "text": req(TEXT), "cite": req(CITES)})

SCOPE = Record("适用范围（scope）", "办法是否适用于一个项目。", {
    "summary": req(TEXT),
    "applies_when": req(Condition("适用条件")),
    "cite": req(CITES),
    "exclusions": req(ListOf("排除与参照情形", EXCLUSION)),
})

BODY_DUTY = Record("职责", "", {
    "text": req(TEXT), "cite": req(CITES),
    "aspects": opt(ListOf("本条职责所属的对比方面（topic.aspect）：对比格引用该机构时，若有职责标了本格的方面，只列这些职责",
                          Str("topic.aspect", pattern=r"[a-z_]+\.[a-z_]+")))})
BODY = Record("机构（bodies）", "审批、审查、备案等机构及其职责。", {
    "id": req(ID), "name": req(Str("机构名称，按原文")),
    "duties": req(ListOf("职责", BODY_DUTY))})

DOCUMENT = Record("材料（documents）", "申报、审批、验收所需材料，名称按原文。", {
    "id": req(ID), "name": req(Str("材料名称")), "contents": opt(TEXT), "cite": req(CITES)})

CHAIN_STEP = Record("决定步骤（chain）", "同一决定中的一步（审核→审签→审定……）：哪个机构做什么；每一步在结果中是一个环节。", {
    "body": req(Ref("本步机构", target="bodies")), "action": req(Str("本步做什么，如“审核”“审定”")),
    "cite": req(CITES)})

BAND = Record("金额/比例区间（band）", "每个端点都须写明是否含本数，依原文用语（以上/以下/超过/不足/不超过/（含））。", {
    "id": req(ID), "label": req(Str("区间中文说明，如“200万元以下（不含200万元）”")),
    "min": req(Number("下限")), "min_inclusive": req(Bool("下限是否含本数")),
    "max": opt(Number("上限；最后一个区间省略")), "max_inclusive": opt(Bool("上限是否含本数")),
    "body": opt(Ref("该区间的决定机构", target="bodies")),
    "chain": opt(ListOf("该区间的决定步骤（按先后）；给出时最后一步即 body 的决定", CHAIN_STEP)),
    "cite": req(CITES), "ambiguity": AMBIGUITY_REF})

THRESHOLD = Record("门槛表（thresholds）", "把一个数值字段的全部取值（≥0）划分为互不重叠、没有缺口的区间。", {
    "id": req(ID), "name": req(TEXT),
    "field": req(Ref("数值字段名（见字段表）", target="numeric_fields")),
    "unit": req(Enum("单位", ("万元", "%"))),
    "bands": req(ListOf("区间，按从小到大排列", BAND))})

STAGE = Record("环节（stages）", "流程中的一个环节；在 routes 中按顺序引用。", {
    "id": req(ID), "name": req(Str("环节名称")),
    "body": opt(Ref("决定/办理机构（与 body_from 二选一）", target="bodies")),
    "body_from": opt(Ref("按门槛表区间确定机构（与 body 二选一）", target="thresholds")),
    "action": req(Str("机构在本环节做什么")),
    "documents": opt(ListOf("本环节材料（可省略）", Ref("材料 id", target="documents"))),
    "chain": opt(ListOf("本环节的决定步骤（按先后）；给出时最后一步即 body 的决定", CHAIN_STEP)),
    "when": WHEN, "cite": req(CITES), "ambiguity": AMBIGUITY_REF})

ROUTE = Record("流程（routes）", "按顺序判断，第一个条件成立的流程被选中；最后一个流程不得有 when（兜底）。", {
    "id": req(ID), "name": req(Str("流程名称")), "when": WHEN,
    "stages": req(ListOf("环节，按先后顺序", Ref("环节 id", target="stages"))),
    "cite": req(CITES), "ambiguity": AMBIGUITY_REF})

DEADLINE = Record("时限（deadlines）", "时限的类型、数值、单位、起算事由与强弱；显示的说法取自摘句（校验器在摘句中找到它）。", {
    "id": req(ID), "name": req(TEXT),
    "kind": req(Enum("类型：" + "；".join(f"{k}={v}" for k, v in DEADLINE_KINDS.items()), tuple(DEADLINE_KINDS))),
    "value": opt(Int("期间长度（duration）", minimum=1)),
    "window": opt(ListOf("区间起止 [a, b]（window）", Int(minimum=0))),
    "unit": opt(Enum("单位（duration、window）：" + "、".join(UNITS), tuple(UNITS))),
    "month": opt(Int("月份（annual、month）", minimum=1, maximum=12)),
    "day": opt(Str("日（annual）：'end' 表示月底，或日期数字", pattern=r"end|[0-9]{1,2}")),
    "strength": req(Enum("强弱：" + "；".join(f"{k}={v}" for k, v in STRENGTHS.items()), tuple(STRENGTHS))),
    "in_principle": req(Bool("是否“原则上”（须与摘句一致）")),
    "trigger": req(Str("起算事由（中文），与时限连读，如“公示结束后”")),
    "party": opt(Ref("受此时限约束的机构；省略时为项目单位", target="bodies")),
    "after": opt(Ref("推算日期的起点：start（立项日期）、completion（建成日期）或另一时限 id；日期不早于起点",
                     target="deadline_origins")),
    "before": opt(Ref("本时限先于哪个日期（与 after 二选一，只用于每年固定日期）：如立项前的项目库申报；日期不晚于起点",
                      target="deadline_origins")),
    "previous_year": opt(Bool("true：日期落在起点所在年度的前一年（原文“提出下一年度…申请”）；只与 before 连用")),
    "stage": req(Nullable("所属环节；null 表示不属于任何环节（如每年的绩效监控报告），图中单独显示", Ref(target="stages"))),
    "when": WHEN, "cite": req(CITES), "ambiguity": AMBIGUITY_REF})

DUTY = Record("义务（duties）", "项目触发的其他义务：监理、测评、等保、密码、审计……", {
    "id": req(ID), "topic": req(Enum("类别", tuple(DUTY_TOPICS))), "name": req(TEXT),
    "when": WHEN, "body": opt(Nullable("相关机构", Ref(target="bodies"))), "cite": req(CITES),
    "ambiguity": AMBIGUITY_REF})

CHANGE = Record("变更程序（changes）", "按顺序判断，第一个条件成立者适用；最后一条不得有 when（兜底）。", {
    "id": req(ID), "name": req(Str("程序名称")), "when": WHEN,
    "procedure": req(TEXT),
    "body": opt(Ref("办理机构", target="bodies")),
    "body_from": opt(Ref("按门槛表区间确定机构", target="thresholds")),
    "chain": opt(ListOf("办理步骤（按先后）；给出时最后一步即 body 的决定", CHAIN_STEP)),
    "concurrent": opt(Bool("true：不参与按序择一，条件成立时与所选程序同时办理")),
    "cite": req(CITES), "ambiguity": AMBIGUITY_REF})

REFUSAL = Record("不予立项等情形（refusals）",
                 "条文逐项列出的不予立项、不列入项目库、不安排经费等情形；按顺序判断，命中一项即给出该结果而不给流程。", {
                     "id": req(ID), "name": req(TEXT), "when": req(Condition("命中条件")),
                     "outcome": req(Enum("结果：" + "；".join(f"{k}={v}" for k, v in REFUSAL_OUTCOMES.items()),
                                         tuple(REFUSAL_OUTCOMES))),
                     "in_principle": req(Bool("是否“原则上”")),
                     "exception": opt(TEXT), "cite": req(CITES), "ambiguity": AMBIGUITY_REF})

AMBIGUITY = Record("歧义说明（ambiguities）", "原文不明确之处及本库采用的理解；计算结果会原样展示。", {
    "id": req(ID), "text": req(TEXT), "reading": req(TEXT), "when": WHEN, "cite": req(CITES)})

PROVISION = Record("对比条目（provisions）",
                   "对比页的一格：某专题某方面的规定。结构化规则已有的事实（时限、按金额分级的决定机构、变更程序、材料、"
                   "环节、流程、机构职责、义务、不予立项等情形、排除与参照情形）用 deadlines、thresholds、changes、documents、"
                   "stages、routes、body_duties、duties、refusals、exclusions 引用，由规则生成文字；"
                   "text 只写结构化规则没有的内容，不得重复所引条目的名称、文字和机构，其中出现的时限、金额须与结构化规则一致。", {
    "topic": req(Enum("专题", tuple(TOPICS))),
    "aspect": req(Str("方面（见专题表）")),
    "deadlines": opt(ListOf("本格列出的时限（文字由时限规则生成）", Ref("时限 id", target="deadlines"))),
    "thresholds": opt(ListOf("本格列出的门槛表：各区间及其决定机构（文字由门槛表生成）", Ref("门槛表 id", target="thresholds"))),
    "changes": opt(ListOf("本格列出的变更程序：名称、程序、办理步骤或按金额分级的机构（文字由变更程序生成）",
                          Ref("变更程序 id", target="changes"))),
    "documents": opt(ListOf("本格列出的材料：名称与内容（文字由材料生成）", Ref("材料 id", target="documents"))),
    "stages": opt(ListOf("本格列出的环节：名称、机构与所做之事，分步决定按先后（文字由环节生成）", Ref("环节 id", target="stages"))),
    "routes": opt(ListOf("本格列出的流程：名称与环节顺序（文字由流程生成）", Ref("流程 id", target="routes"))),
    "body_duties": opt(ListOf("本格列出的机构职责：机构名称及其职责（标了本格方面的职责；没有则全部职责；文字由机构生成）",
                              Ref("机构 id", target="bodies"))),
    "duties": opt(ListOf("本格列出的义务：名称、相关机构、“仅当…”的触发条件（文字由义务生成）", Ref("义务 id", target="duties"))),
    "refusals": opt(ListOf("本格列出的不予立项等情形：结果、情形与例外（文字由该情形生成）", Ref("情形 id", target="refusals"))),
    "exclusions": opt(ListOf("本格列出的排除与参照情形：结果与原文（文字由 scope.exclusions 生成）",
                             Ref("排除情形 id", target="exclusions"))),
    "text": opt(TEXT), "cite": opt(CITES)})

NOT_OPERATIVE = Record("不具操作性的条文（not_operative）",
                       "没有规则引用、也无须引用的条文（如目的、依据、施行日期），写明理由；用于条文覆盖检查。", {
                           "article": req(Int("条号", minimum=1)), "reason": req(TEXT)})

DRAFT = Record("待确认的候选（drafts）",
               "`python -m calculator new` 从原文找出的候选门槛与时限，逐条附条号与原文摘句。"
               "维护者把它写成正式规则（thresholds、deadlines 等）后删除该条，或改为 confirmed: true；"
               "有未确认的候选时校验不通过。", {
                   "kind": req(Enum("threshold=金额门槛；period=时限", ("threshold", "period"))),
                   "text": req(Str("原文中的说法，如“300万元以上”“15个工作日”")),
                   "cite": req(CITE),
                   "confirmed": req(Bool("已写入正式规则或确认无须写入时为 true"))})

RULE_FILE = Record("规则文件", "rules/<slug>.yaml：一部办法的现行规则；已被取代的早期版本放在 "
                   "rules/<slug>/<valid_from>.yaml（原文在 rules/sources/<slug>/<valid_from>.txt）。", {
    "slug": req(Str("办法标识，与文件名相同（早期版本与所在文件夹名相同）", pattern=r"[a-z][a-z0-9-]*")),
    "version": req(Int("编码版本号；修改规则时递增", minimum=1)),
    "valid_from": req(Nullable("生效日期", Date())),
    "valid_to": opt(Nullable("失效日期（最后一个有效日，含当日）；早期版本必填", Date())),
    "superseded_by": opt(Str("取代本版本的文件（早期版本必填），如“达州市政务信息化项目管理办法（2023年）”")),
    "meta": req(META), "scope": req(SCOPE),
    "bodies": req(ListOf("机构", BODY)), "documents": req(ListOf("材料", DOCUMENT)),
    "thresholds": req(ListOf("门槛表", THRESHOLD)), "stages": req(ListOf("环节", STAGE)),
    "routes": req(ListOf("流程", ROUTE)), "deadlines": req(ListOf("时限", DEADLINE)),
    "duties": req(ListOf("义务", DUTY)), "changes": req(ListOf("变更程序", CHANGE)),
    "refusals": opt(ListOf("不予立项等情形（按顺序判断）", REFUSAL)),
    "ambiguities": req(ListOf("歧义说明", AMBIGUITY)),
    "provisions": req(ListOf("对比条目", PROVISION)),
    "not_specified": req(ListOf("原文未规定的“专题.方面”", Str(pattern=r"[a-z_]+\.[a-z_]+"))),
    "not_operative": opt(ListOf("不具操作性的条文及理由", NOT_OPERATIVE)),
    "drafts": opt(ListOf("待确认的候选门槛与时限（确认前校验不通过）", DRAFT)),
})

GLOSSARY_REF = Record("术语用例", "原文中使用该术语之处：办法、条号与逐字摘句。", {
    "regulation": req(Enum("办法标识", SLUGS)), "article": req(Int("条号", minimum=1)),
    "quote": req(Str("原文摘句，逐字照录"))})
GLOSSARY = ListOf("术语表（rules/glossary.yaml）", Record("术语", "站点提示框与术语页的一条术语。", {
    "term": req(Str("术语")), "definition": req(TEXT), "refs": opt(ListOf("原文用例", GLOSSARY_REF))}))

HOLIDAY = Record("放假", "一个节日的放假日期，起止都含当日（含其间的周末），照国务院办公厅的通知填写。", {
    "name": req(Str("节日名称，如“国庆节”")), "from": req(Date("放假首日")), "to": req(Date("放假末日（含当日）"))})
CALENDAR_YEAR = Record("一年的放假安排", "国务院办公厅关于该年部分节假日安排的通知：放假日期与调休上班日。", {
    "year": req(Int("年份", minimum=2000, maximum=2100)),
    "holidays": req(ListOf("放假", HOLIDAY)),
    "workdays": req(ListOf("调休上班的周六、周日", Date()))})
CALENDAR = Record("工作日日历（rules/calendar.yaml）",
                  "推算“N个工作日”所用的法定节假日与调休安排。由 `python -m sitegen.calendar_data` 依 chinesecalendar 生成；"
                  "该包尚未收录的年份可按通知手工添加；未收录的年份按周一至周五推算，结果中注明。", {
                      "source": req(Str("数据来源")),
                      "years": req(ListOf("各年放假安排，按年份从小到大", CALENDAR_YEAR))})
