"""The 2021 and 2019 official layouts, declared once (see FORMAT.md).

Label variants are those seen in real reports; the label matcher also tolerates OCR errors
and spacing by itself, so a variant belongs here only when the wording really differs.
"""

from __future__ import annotations

from .spec import AcrossYears, Block, Collapsed, Column, FormatSpec, Group, Kind, Row, SectionSpec, Sum, TableSpec, Term

SECTIONS = (
    SectionSpec("overview", "一", "总体情况"),
    SectionSpec("active", "二", "主动公开政府信息情况", ("主动公开情况",)),
    SectionSpec(
        "requests", "三", "收到和处理政府信息公开申请情况",
        ("收到和处理政府信息公开申请", "依申请公开政府信息情况", "政府信息公开申请情况"),
    ),
    SectionSpec(
        "appeals", "四", "政府信息公开行政复议、行政诉讼情况",
        (
            "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
            "政府信息公开行政复议、行政诉讼情况",
            "政府信息公开行政复议行政诉讼情况",
            "行政复议、行政诉讼情况",
        ),
    ),
    SectionSpec(
        "problems", "五", "存在的主要问题及改进情况",
        (
            "政府信息公开工作存在的主要问题及改进情况",
            "存在问题及改进情况",
            "存在的主要问题和改进措施",
            "存在的主要问题及改进措施",
            "存在的主要问题和改进情况",
            "主要问题及改进情况",
        ),
    ),
    SectionSpec("other", "六", "其他需要报告的事项", ("其他事项", "其他需要报告事项")),
)

# -- 表三: shared by both formats except the （六） rows -------------------------------------
T3_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social_welfare", "社会公益组织", variants=("社会组织",)),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)

WITHHELD = "（三）不予公开"
UNAVAILABLE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER = "（六）其他处理"
RESULTS = "三、本年度办理结果"

T3_HEAD_ROWS = (
    Row("new_received", "一、本年新收政府信息公开申请数量"),
    Row("carried_over", "二、上年结转政府信息公开申请数量"),
    Row("granted", "（一）予以公开", group=RESULTS),
    Row("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        variants=("（二）部分公开",), group=RESULTS),
    Row("withheld.state_secret", "1.属于国家秘密", group=WITHHELD),
    Row("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开",
        variants=("2.其他法律行政止公开",), group=WITHHELD),
    Row("withheld.security_stability", "3.危及“三安全一稳定”", group=WITHHELD),
    Row("withheld.third_party", "4.保护第三方合法权益", group=WITHHELD),
    Row("withheld.internal_affairs", "5.属于三类内部事务信息", group=WITHHELD),
    Row("withheld.process_info", "6.属于四类过程性信息", group=WITHHELD),
    Row("withheld.enforcement_file", "7.属于行政执法案卷", group=WITHHELD),
    Row("withheld.inquiry", "8.属于行政查询事项", group=WITHHELD),
    Row("unavailable.not_held", "1.本机关不掌握相关政府信息", group=UNAVAILABLE),
    Row("unavailable.needs_creation", "2.没有现成信息需要另行制作", group=UNAVAILABLE),
    Row("unavailable.unclear", "3.补正后申请内容仍不明确", group=UNAVAILABLE),
    Row("not_processed.complaint", "1.信访举报投诉类申请", group=NOT_PROCESSED),
    Row("not_processed.repeated", "2.重复申请", group=NOT_PROCESSED),
    Row("not_processed.publication", "3.要求提供公开出版物", group=NOT_PROCESSED),
    Row("not_processed.excessive", "4.无正当理由大量反复申请", group=NOT_PROCESSED),
    Row("not_processed.reconfirm", "5.要求行政机关确认或重新出具已获取信息", group=NOT_PROCESSED),
)

T3_TAIL_ROWS = (
    Row("total", "（七）总计", group=RESULTS),
    Row("carried_forward", "四、结转下年度继续办理"),
)

T3_OTHER_2021 = (
    Row("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", group=OTHER),
    Row("other.unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        group=OTHER),
    Row("other.other", "3.其他", group=OTHER),
)

T3_OTHER_2019 = (Row("other.total", "（六）其他处理", group=RESULTS),)

T3_GROUPS = (
    Group(RESULTS),
    Group(WITHHELD),
    Group(UNAVAILABLE),
    Group(NOT_PROCESSED),
    Group(OTHER),
)

APPLICANTS = "申请人情况"
ORGANISATIONS = "法人或其他组织"
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

T3_HEADERS = (
    APPLICANTS, ORGANISATIONS, "自然人", "商业企业", "科研机构", "社会公益组织", "社会组织",
    "法律服务机构", "其他", "总计", "商业", "企业", "科研", "机构", BALANCE_NOTE,
)

T3_COLUMN_GROUPS = (
    Group(APPLICANTS),
    Group(ORGANISATIONS, members=("commercial", "research", "social_welfare", "legal_service", "other_org")),
)

T3_APPLICANT_KEYS = tuple(c.key for c in T3_COLUMNS if c.key != "total")

# Across years (FORMAT.md): this year's 上年结转 is last year's 结转下年度, column by column.
CARRY_OVER = AcrossYears("carry-over", "column", (Term(0, "carried_over", 1), Term(-1, "carried_forward", -1)))


def _t3(rows: tuple[Row, ...], groups: tuple[Group, ...], collapsed: tuple[Collapsed, ...] = ()) -> TableSpec:
    keys = [r.key for r in rows]
    outcomes = tuple(keys[keys.index("granted"):keys.index("total")])
    return TableSpec(
        name="t3", title="表三", section="requests",
        blocks=(Block(rows, T3_COLUMNS),),
        row_groups=groups, column_groups=T3_COLUMN_GROUPS, headers=T3_HEADERS, corner=BALANCE_NOTE,
        collapsed=collapsed,
        sums=(
            Sum("t3-row-sum", "row", ("total",), T3_APPLICANT_KEYS),
            Sum("t3-column-total", "column", ("total",), outcomes),
            Sum("t3-balance", "column", ("new_received", "carried_over"), ("total", "carried_forward")),
        ),
        across_years=(CARRY_OVER,),
    )


# -- 表四 -----------------------------------------------------------------------------------
LITIGATION = "行政诉讼"
T4_GROUPS = (
    Row("review", "行政复议"),
    Row("litigation_direct", "未经复议直接起诉"),
    Row("litigation_after_review", "复议后起诉"),
)
T4_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
T4 = TableSpec(
    name="t4", title="表四", section="appeals",
    blocks=(Block(T4_GROUPS, T4_COLUMNS),),
    column_groups=(Group(LITIGATION, members=("litigation_direct", "litigation_after_review")),),
    headers=("行政复议", LITIGATION, "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正",
             "其他结果", "尚未审结", "总计"),
    one_row=True,
    sums=(Sum("t4-group-total", "row", ("total",), ("upheld", "corrected", "other", "pending")),),
)

# -- 表二 -----------------------------------------------------------------------------------
CONTENT = "信息内容"  # the label column's header in every 第二十条 block

DECISIONS_2021 = (Column("decisions", "本年处理决定数量"),)

T2_2021 = TableSpec(
    name="t2", title="表二", section="active", label_header=CONTENT,
    blocks=(
        Block(
            (Row("regulations", "规章"), Row("normative_documents", "行政规范性文件", ("规范性文件",))),
            (Column("issued", "本年制发件数", note_words=("修订", "制定", "制发", "印发", "新制")),
             Column("repealed", "本年废止件数", note_words=("废止", "失效", "清理", "宣布")),
             Column("in_force", "现行有效件数", note_words=("现行", "有效"))),
            "第二十条第（一）项",
        ),
        Block((Row("licensing", "行政许可"),), DECISIONS_2021, "第二十条第（五）项"),
        Block((Row("penalty", "行政处罚"), Row("coercion", "行政强制")), DECISIONS_2021, "第二十条第（六）项"),
        Block((Row("fees", "行政事业性收费"),),
              (Column("amount", "本年收费金额（单位：万元）", Kind.MONEY, ("本年收费金额",)),), "第二十条第（八）项"),
    ),
    headers=(CONTENT,),
    # 现行有效 (soft): last year's stock, plus what was issued, less what was repealed.
    across_years=(AcrossYears("in-force-stock", "row", (
        Term(0, "in_force", 1), Term(-1, "in_force", -1), Term(0, "issued", -1), Term(0, "repealed", 1)),
        soft=True),),
)

ITEMS_2019 = (
    Column("previous", "上一年项目数量"),
    Column("change", "本年增/减", Kind.SIGNED, ("本年增减",)),
    Column("decisions", "处理决定数量", variants=("本年处理决定数量",)),
)

T2_2019 = TableSpec(
    name="t2", title="表二", section="active", label_header=CONTENT,
    blocks=(
        Block(
            (Row("regulations", "规章"), Row("normative_documents", "规范性文件", ("行政规范性文件",))),
            (Column("made", "本年新制作数量"), Column("published", "本年新公开数量"),
             Column("total_public", "对外公开总数量", variants=("对外公开总数",))),
            "第二十条第（一）项",
        ),
        Block((Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项")), ITEMS_2019,
              "第二十条第（五）项"),
        Block((Row("penalty", "行政处罚"), Row("coercion", "行政强制")), ITEMS_2019, "第二十条第（六）项"),
        Block((Row("fees", "行政事业性收费"),), ITEMS_2019[:2], "第二十条第（八）项"),
        Block((Row("procurement", "政府集中采购"),),
              (Column("items", "采购项目数量"), Column("amount", "采购总金额", Kind.MONEY)), "第二十条第（九）项"),
    ),
    headers=(CONTENT,),
    # 上一年项目数量 of a year is the year before's 上一年项目数量 plus its 本年增/减.
    across_years=(AcrossYears("items-previous", "row", (
        Term(0, "previous", 1), Term(-1, "previous", -1), Term(-1, "change", -1))),),
)

FORMAT_2021 = FormatSpec(
    name="2021",
    sections=SECTIONS,
    tables=(T2_2021, _t3((*T3_HEAD_ROWS, *T3_OTHER_2021, *T3_TAIL_ROWS), T3_GROUPS,
                         (Collapsed(Row("other.total", OTHER, group=RESULTS), "t3-single-other-row"),)), T4),
    first_year=2021,
    fingerprints=("本年制发件数", "本年废止件数", "现行有效件数", "行政规范性文件", "本年收费金额",
                  "申请人无正当理由逾期不补正", "申请人逾期未按收费通知要求缴纳费用"),
)

FORMAT_2019 = FormatSpec(
    name="2019",
    sections=SECTIONS,
    tables=(T2_2019, _t3((*T3_HEAD_ROWS, *T3_OTHER_2019, *T3_TAIL_ROWS), T3_GROUPS[:-1]), T4),
    first_year=2019,
    last_year=2020,
    fingerprints=("本年新制作数量", "本年新公开数量", "对外公开总数量", "第二十条第（九）项", "政府集中采购",
                  "上一年项目数量", "其他对外管理服务事项", "采购总金额"),
)

FORMATS: dict[str, FormatSpec] = {f.name: f for f in (FORMAT_2021, FORMAT_2019)}


def get_format(name: str) -> FormatSpec:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown template {name!r}; known: {', '.join(FORMATS)}") from None


def format_for(template: str | None, year: int | None) -> FormatSpec:
    """The layout a report uses: the one it was recognised as, else the one of its year."""
    if template in FORMATS:
        return FORMATS[template]
    return FORMAT_2019 if year is not None and year <= (FORMAT_2019.last_year or 0) else FORMAT_2021
