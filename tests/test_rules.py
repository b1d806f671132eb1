"""Every registered rule: one test that makes it fire, one that keeps it quiet; and the engine.

Reports are built directly from the model with FORMAT.md keys, so each test states exactly
the cells the rule looks at. Rules reported by the recognizer while reading
(``uncertain-reading``, ``t3-single-other-row``) are produced from small inline texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import pytest

import govinfo_report as gr
from govinfo_report.errors import UnknownRuleError
from govinfo_report.formats import FORMAT_2019, FORMAT_2021, FORMATS
from govinfo_report.formats.official import SECTIONS
from govinfo_report.interfaces import Rule
from govinfo_report.layout import Location
from govinfo_report.model import Cause, Cell, Finding, Meta, Report, Section, Severity, Table
from govinfo_report.plugins.manager import load_registry
from govinfo_report.readers.text import parse_text
from govinfo_report.recognize import recognize
from govinfo_report.rules.engine import Context, run_report_rules

REGISTRY = load_registry(entry_points=False)
RULES = REGISTRY.rules

# Rule code → the kinds of test ("fires", "quiet") written for it; the meta-test compares
# the codes with the registry and asks for both kinds.
COVERED: dict[str, set[str]] = {}


def covers(code: str):
    def mark(func):
        kind = "fires" if "_fires" in func.__name__ else "quiet" if "_quiet" in func.__name__ else "other"
        COVERED.setdefault(code, set()).add(kind)
        return func

    return mark


# -- building reports ---------------------------------------------------------------------------
# A consistent 表三: 3 new + 1 carried over = 2 granted (总计) + 2 carried forward, all natural persons.
T3_NONZERO = {
    "new_received": 3,
    "carried_over": 1,
    "granted": 2,
    "total": 2,
    "carried_forward": 2,
}


def build(template: str = "2021", year: int = 2023, agency: str = "测试县交通运输局",
          sections: bool = True, other_text: str = "本年度未收取信息处理费。") -> Report:
    spec = FORMATS[template]
    tables = {name: Table(name) for name in ("t2", "t3", "t4")}
    for key in spec.keys():
        value: int | Decimal = Decimal("0") if spec.kind_of(key).value == "money" else 0
        parts = key.split(".")
        if parts[0] == "t3":
            row, col = ".".join(parts[1:-1]), parts[-1]
            if col in ("natural_person", "total"):
                value = T3_NONZERO.get(row, 0)
        tables[parts[0]].cells[key] = Cell(key, value, str(value), Location(line=1))
    secs: dict[str, Section] = {}
    if sections:
        for order, s in enumerate(SECTIONS):
            text = {"overview": "本年度工作总体平稳。", "other": other_text,
                    "problems": "个别信息更新不及时，将加强审核。"}.get(s.key, "情况说明。")
            secs[s.key] = Section(s.key, f"{s.number}、{s.heading}", text, order=order)
    meta = Meta(agency=agency, year=year, template=template, source=f"{agency}-{year}.txt")
    return Report(meta=meta, sections=secs, tables=tables)


def set_value(report: Report, key: str, value, raw: str | None = "auto") -> None:
    cell = report.cell(key)
    assert cell is not None, key
    cell.value = value
    cell.raw = (str(value) if value is not None else "") if raw == "auto" else raw


def run(report: Report, code: str) -> list[Finding]:
    findings = gr.check(report, select=[code])
    assert all(f.code == code for f in findings)
    told_in_both_languages(findings)
    return findings


# What the report prints (quoted text, names, files) stays as printed in an English message.
_AS_PRINTED = ("quote", "source", "previous_source", "note", "agency", "error", "period", "published", "run",
               "first", "split_clauses", "sources")


def told_in_both_languages(findings: list[Finding]) -> None:
    """Every finding a rule makes keeps its template and arguments, is its message in Chinese,
    and in English holds no Chinese but what the report itself prints."""
    for f in findings:
        assert f.template is not None and f.text("zh") == f.message, f
        english = f.text("en")
        for name, value in f.args.items():
            if name in _AS_PRINTED:
                english = english.replace(str(value), "")
        assert not re.search(r"[\u3400-\u9fff]", english), (f.code, f.text("en"))


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def row_keys(row: str, spec=FORMAT_2021) -> list[str]:
    return [f"t3.{row}.{c.key}" for c in spec.t3.columns]


def test_clean_report_has_no_findings_at_all() -> None:
    assert gr.check(build()) == []
    assert gr.check(build("2019", 2020)) == []


# -- identities ----------------------------------------------------------------------------------
@covers("t3-row-sum")
def test_t3_row_sum_fires() -> None:
    r = build()
    set_value(r, "t3.granted.commercial", 1)  # row now sums to 3, total says 2
    # keep the other identities of that column out of the way
    f = only(run(r, "t3-row-sum"))
    assert f.severity is Severity.ERROR
    assert f.cells == ("t3.granted.total", *row_keys("granted")[:-1])
    assert (f.expected, f.actual) == ("3", "2")
    assert f.cause is Cause.REPORT
    assert f.locations["t3.granted.total"] == Location(line=1)


@covers("t3-row-sum")
def test_t3_row_sum_quiet_and_blank_counts_as_zero() -> None:
    r = build()
    set_value(r, "t3.granted.commercial", None, raw="—")  # a blank is 0 in the sums
    assert run(r, "t3-row-sum") == []


@covers("t3-column-total")
def test_t3_column_total_fires() -> None:
    r = build()
    set_value(r, "t3.total.natural_person", 5)
    findings = run(r, "t3-column-total")
    f = only(findings)
    assert f.severity is Severity.ERROR
    outcome = [f"t3.{row.key}.natural_person" for row in FORMAT_2021.t3.rows if row.group and row.key != "total"]
    assert f.cells == ("t3.total.natural_person", *outcome)
    assert (f.expected, f.actual) == ("2", "5")


@covers("t3-column-total")
def test_t3_column_total_quiet() -> None:
    r = build()
    set_value(r, "t3.granted.natural_person", 1)
    set_value(r, "t3.not_processed.repeated.natural_person", 1)
    assert run(r, "t3-column-total") == []


@covers("t3-balance")
def test_t3_balance_fires() -> None:
    r = build()
    set_value(r, "t3.carried_forward.total", 7)
    f = only(run(r, "t3-balance"))
    assert f.severity is Severity.ERROR
    assert f.cells == ("t3.new_received.total", "t3.carried_over.total", "t3.total.total",
                       "t3.carried_forward.total")
    assert (f.expected, f.actual) == ("4", "9")


@covers("t3-balance")
def test_t3_balance_quiet() -> None:
    assert run(build(), "t3-balance") == []


@covers("t4-group-total")
def test_t4_group_total_fires() -> None:
    r = build()
    set_value(r, "t4.review.upheld", 2)
    set_value(r, "t4.review.corrected", 1)
    set_value(r, "t4.review.total", 2)
    f = only(run(r, "t4-group-total"))
    assert f.severity is Severity.ERROR
    assert f.cells == ("t4.review.upheld", "t4.review.corrected", "t4.review.other", "t4.review.pending",
                       "t4.review.total")
    assert (f.expected, f.actual) == ("3", "2")


@covers("t4-group-total")
def test_t4_group_total_quiet() -> None:
    r = build()
    for key, v in (("upheld", 1), ("pending", 2), ("total", 3)):
        set_value(r, f"t4.litigation_direct.{key}", v)
    assert run(r, "t4-group-total") == []


def test_identities_skip_an_absent_table() -> None:
    r = build()
    for cell in r.tables["t4"].cells.values():
        cell.value, cell.raw = None, None
    r.tables["t4"].found = False
    assert run(r, "t4-group-total") == []


def test_single_other_row_stands_in_for_the_three_sub_rows_in_sums() -> None:
    r = build()
    for key in [k for k in FORMAT_2021.keys() if k.startswith("t3.other.")]:
        set_value(r, key, None, raw=None)
    set_value(r, "t3.granted.natural_person", 1)
    set_value(r, "t3.granted.total", 1)
    r.tables["t3"].extra = {f"t3.other.total.{c}": Cell(f"t3.other.total.{c}", v, str(v))
                            for c, v in (("natural_person", 1), ("total", 1))}
    assert gr.check(r, select=["t3-*"]) == []


# -- values --------------------------------------------------------------------------------------
@covers("negative-value")
def test_negative_value_fires() -> None:
    r = build()
    set_value(r, "t2.licensing.decisions", -3)
    set_value(r, "t2.fees.amount", Decimal("-1.5"))
    f = only(run(r, "negative-value"))
    assert f.severity is Severity.ERROR
    assert f.cells == ("t2.licensing.decisions", "t2.fees.amount")
    assert (f.expected, f.actual) == (">= 0", "-3, -1.5")


@covers("negative-value")
def test_negative_value_quiet_for_signed_change_in_2019() -> None:
    r = build("2019", 2020)
    set_value(r, "t2.licensing.change", -185)
    assert r.value("t2.licensing.change") == -185
    assert run(r, "negative-value") == []


@covers("non-integer-count")
def test_non_integer_count_fires() -> None:
    r = build()
    set_value(r, "t2.penalty.decisions", Decimal("2.5"))
    f = only(run(r, "non-integer-count"))
    assert f.severity is Severity.ERROR
    assert f.cells == ("t2.penalty.decisions",)
    assert (f.expected, f.actual) == ("integer", "2.5")


@covers("non-integer-count")
def test_non_integer_count_quiet_for_money_and_whole_decimals() -> None:
    r = build()
    set_value(r, "t2.fees.amount", Decimal("78.8"))
    set_value(r, "t2.penalty.decisions", Decimal("3"))
    assert run(r, "non-integer-count") == []


@covers("blank-cell")
def test_blank_cell_fires_one_finding_per_table() -> None:
    r = build()
    set_value(r, "t3.carried_over.research", None, raw="—")
    set_value(r, "t3.granted.other_org", None, raw="")
    set_value(r, "t4.review.pending", None, raw="/")
    findings = run(r, "blank-cell")
    assert [f.cells for f in findings] == [("t3.carried_over.research", "t3.granted.other_org"),
                                           ("t4.review.pending",)]
    for f in findings:
        assert f.severity is Severity.WARNING
        assert (f.expected, f.actual) == ("a number", "blank")


@covers("blank-cell")
def test_blank_cell_quiet_for_zero_and_for_missing_cells() -> None:
    r = build()
    set_value(r, "t3.carried_over.research", None, raw=None)  # not printed: table-missing's matter
    assert run(r, "blank-cell") == []


@covers("table-missing")
def test_table_missing_fires_for_an_absent_table_and_for_missing_rows() -> None:
    r = build()
    for cell in r.tables["t4"].cells.values():
        cell.value, cell.raw = None, None
    r.tables["t4"].found = False
    for key in row_keys("withheld.inquiry"):
        set_value(r, key, None, raw=None)
    findings = run(r, "table-missing")
    assert len(findings) == 2
    by_actual = {f.actual: f for f in findings}
    assert by_actual["none"].expected == "table"
    assert by_actual["none"].cells == tuple(k for k in FORMAT_2021.keys() if k.startswith("t4."))
    assert by_actual["missing"].expected == "printed"
    assert by_actual["missing"].cells == tuple(row_keys("withheld.inquiry"))
    assert all(f.severity is Severity.WARNING for f in findings)


@covers("table-missing")
def test_table_missing_quiet_for_printed_blanks() -> None:
    r = build()
    set_value(r, "t3.carried_over.research", None, raw="")
    assert run(r, "table-missing") == []


# -- structure and meta --------------------------------------------------------------------------
@covers("section-missing")
def test_section_missing_fires() -> None:
    r = build()
    r.sections["problems"] = Section("problems")
    del r.sections["other"]
    findings = run(r, "section-missing")
    assert [f.expected for f in findings] == ["存在的主要问题及改进情况", "其他需要报告的事项"]
    assert all(f.actual == "missing" and f.cells == () and f.severity is Severity.WARNING for f in findings)


@covers("section-missing")
def test_section_missing_quiet() -> None:
    assert run(build(), "section-missing") == []


@covers("section-order")
def test_section_order_fires() -> None:
    r = build()
    r.sections["problems"].order, r.sections["other"].order = 5, 4
    f = only(run(r, "section-order"))
    assert f.severity is Severity.WARNING
    assert f.expected == "一、二、三、四、五、六"
    assert f.actual == "一、二、三、四、六、五"


@covers("section-order")
def test_section_order_quiet_with_a_missing_section() -> None:
    r = build()
    r.sections["active"] = Section("active")
    assert run(r, "section-order") == []


@covers("year-mismatch")
def test_year_mismatch_fires_for_period_and_publication() -> None:
    r = build(year=2023)
    r.meta.statistics_period = "2022-01-01/2022-12-31"
    r.meta.published = "2025-01-20"
    findings = run(r, "year-mismatch")
    assert [(f.expected, f.actual) for f in findings] == [("2023", "2022"), ("2024", "2025")]
    assert all(f.severity is Severity.WARNING for f in findings)


@covers("year-mismatch")
def test_year_mismatch_fires_when_no_year_is_known() -> None:
    r = build()
    r.meta.year = None
    f = only(run(r, "year-mismatch"))
    assert (f.expected, f.actual) == ("a year", "none")


@covers("year-mismatch")
def test_year_mismatch_quiet() -> None:
    r = build(year=2023)
    r.meta.statistics_period = "2023-01-01/2023-12-31"
    r.meta.published = "2024-01-18"
    assert run(r, "year-mismatch") == []


@covers("template-outdated")
def test_template_outdated_fires() -> None:
    f = only(run(build("2019", 2022), "template-outdated"))
    assert f.severity is Severity.ERROR
    assert (f.expected, f.actual) == ("2021", "2019")


@covers("template-outdated")
def test_template_outdated_quiet() -> None:
    assert run(build("2019", 2020), "template-outdated") == []
    assert run(build("2021", 2022), "template-outdated") == []


@covers("template-early")
def test_template_early_fires() -> None:
    f = only(run(build("2021", 2020), "template-early"))
    assert f.severity is Severity.INFO
    assert (f.expected, f.actual) == ("2019", "2021")


@covers("template-early")
def test_template_early_quiet() -> None:
    assert run(build("2021", 2021), "template-early") == []
    assert run(build("2019", 2019), "template-early") == []


@covers("township-regulations")
def test_township_regulations_fires() -> None:
    r = build(agency="兑镇镇人民政府")
    set_value(r, "t2.regulations.issued", 2)
    set_value(r, "t2.regulations.in_force", 5)
    f = only(run(r, "township-regulations"))
    assert f.severity is Severity.WARNING
    assert f.cells == ("t2.regulations.issued", "t2.regulations.in_force")
    assert (f.expected, f.actual) == ("0", "2, 5")


@pytest.mark.parametrize("agency", ["兑镇镇人民政府", "某某街道办事处", "某某乡政府"])
@covers("township-regulations")
def test_township_regulations_quiet_with_zero_rows(agency: str) -> None:
    assert run(build(agency=agency), "township-regulations") == []


@covers("township-regulations")
def test_township_regulations_quiet_for_a_city_government() -> None:
    r = build(agency="上海市人民政府")
    set_value(r, "t2.regulations.issued", 2)
    assert run(r, "township-regulations") == []


# -- prose ---------------------------------------------------------------------------------------
@covers("text-vs-table")
def test_text_vs_table_fires_for_received_count() -> None:
    r = build()
    r.sections["overview"].text = "本年度共收到政府信息公开申请9件，均已按期答复。"
    f = only(run(r, "text-vs-table"))
    assert f.severity is Severity.WARNING
    assert f.cells == ("t3.new_received.total",)
    assert f.actual == "9"
    assert f.expected == "3 或 4"  # 新收, or 新收 + 上年结转


@covers("text-vs-table")
def test_text_vs_table_fires_for_none_received_against_a_nonzero_table() -> None:
    r = build()
    r.sections["overview"].text = "本年度未收到政府信息公开申请"
    f = only(run(r, "text-vs-table"))
    assert f.cells == ("t3.new_received.total", "t3.total.natural_person", "t3.total.total")
    assert (f.expected, f.actual) == ("0", "3, 2, 2")


@covers("text-vs-table")
def test_text_vs_table_fires_for_none_received_ending_its_line() -> None:
    """A line's end ends the sentence: the next line's 引起 does not make it speak of appeals."""
    r = build()
    r.sections["overview"].text = "本年度未收到政府信息公开申请\n引起关注的事项已处理"
    f = only(run(r, "text-vs-table"))
    assert f.args["quote"] == "本年度未收到政府信息公开申请"
    r.sections["overview"].text = "本年度未收到政府信息公开申请引起的行政复议"
    assert run(r, "text-vs-table") == []


@covers("text-vs-table")
def test_text_vs_table_quiet_for_no_appeals_caused_by_applications() -> None:
    r = build()
    r.sections["overview"].text = "本年度无因政府信息公开申请引起的行政复议、行政诉讼"
    assert run(r, "text-vs-table") == []


@covers("text-vs-table")
def test_text_vs_table_quiet_when_prose_agrees() -> None:
    r = build()
    r.sections["overview"].text = ("本年度共收到政府信息公开申请3件。结转下年度继续办理2件。"
                                   "行政复议0件。")
    assert run(r, "text-vs-table") == []


@covers("text-vs-table")
def test_text_vs_table_quiet_for_cases_that_are_not_applications() -> None:
    r = build()
    r.sections["overview"].text = ("依法做好相关行政复议、行政诉讼案件的应诉工作，全县共办理相关案件 74 件，"
                                   "有力维护了群众合法权益。")
    assert run(r, "text-vs-table") == []


@covers("text-vs-table")
def test_text_vs_table_fires_for_carried_over_from_last_year() -> None:
    r = build()
    r.sections["overview"].text = "本年度新收政府信息公开申请3件，上年结转政府信息公开申请5件。"
    f = only(run(r, "text-vs-table"))
    assert (f.cells, f.expected, f.actual) == (("t3.carried_over.total",), "1", "5")
    r.sections["overview"].text = "本年度新收政府信息公开申请3件，上年度结转1件。"
    assert run(r, "text-vs-table") == []


def _appeals(review: int, direct: int, after_review: int) -> Report:
    r = build()
    for group, total in (("review", review), ("litigation_direct", direct), ("litigation_after_review", after_review)):
        set_value(r, f"t4.{group}.upheld", total)
        set_value(r, f"t4.{group}.total", total)
    return r


@covers("text-vs-table")
def test_text_vs_table_quiet_for_review_and_litigation_stated_together() -> None:
    r = _appeals(10, 4, 2)
    r.sections["appeals"].text = "本年度因政府信息公开被申请行政复议和提起行政诉讼共16件。"
    assert run(r, "text-vs-table") == []


@covers("text-vs-table")
def test_text_vs_table_fires_for_review_and_litigation_stated_together() -> None:
    r = _appeals(10, 4, 2)
    r.sections["appeals"].text = "本年度因政府信息公开被申请行政复议和提起行政诉讼共17件。"
    f = only(run(r, "text-vs-table"))
    assert f.cells == ("t4.review.total", "t4.litigation_direct.total", "t4.litigation_after_review.total")
    assert (f.expected, f.actual) == ("16", "17")


@covers("fee-statement-missing")
def test_fee_statement_missing_fires() -> None:
    r = build(other_text="无其他需要报告的事项。")
    f = only(run(r, "fee-statement-missing"))
    assert f.severity is Severity.WARNING
    assert (f.cells, f.expected, f.actual) == ((), "信息处理费 statement", "none")


@covers("fee-statement-missing")
def test_fee_statement_missing_quiet() -> None:
    assert run(build(other_text="本机关未收取信息处理费。"), "fee-statement-missing") == []


@covers("fee-statement-missing")
@pytest.mark.parametrize(("template", "year"), [("2019", 2019), ("2019", 2020), ("2021", 2020)])
def test_fee_statement_missing_quiet_before_the_2021_format_year(template: str, year: int) -> None:
    """The 信息处理费 statement came with the 2021 format: a 2020 report owes none, whatever its layout."""
    assert run(build(template, year, other_text="无其他需要报告的事项。"), "fee-statement-missing") == []


def test_fee_statement_missing_year_is_declared_on_the_rule() -> None:
    assert RULES["fee-statement-missing"].applies_from == FORMAT_2021.first_year
    r = build("2019", 2020, other_text="无其他需要报告的事项。")
    r.meta.year = None  # unknown year: the format's first year decides
    assert run(r, "fee-statement-missing") == []
    r = build(other_text="无其他需要报告的事项。")
    r.meta.year = None
    assert len(run(r, "fee-statement-missing")) == 1


def test_fee_statement_elsewhere_counts_when_section_six_is_missing() -> None:
    r = build()
    del r.sections["other"]
    r.sections["overview"].text = "本年度未收取任何信息处理费。"
    assert run(r, "fee-statement-missing") == []


@covers("problems-not-stated")
@pytest.mark.parametrize("text", ["无", "暂无", "无。", "", "本年度暂无问题。", "存在问题：无", "本年度工作开展顺利。"])
def test_problems_not_stated_fires(text: str) -> None:
    r = build()
    r.sections["problems"].text = text
    f = only(run(r, "problems-not-stated"))
    assert f.severity is Severity.WARNING
    assert (f.cells, f.expected) == ((), "问题及改进情况")
    assert f.actual == (text or "empty")
    assert "第五部分" in f.message


@covers("problems-not-stated")
@pytest.mark.parametrize("text", [
    "个别信息更新不及时，将加强审核。",
    "一是公开内容不够全面；二是解读形式单一。",
    "下一步将持续加强政务公开工作。",
    "无。\n下一步，我们将加强培训，提升公开质量。",  # more than one line
])
def test_problems_not_stated_quiet(text: str) -> None:
    r = build()
    r.sections["problems"].text = text
    assert run(r, "problems-not-stated") == []


def test_problems_not_stated_leaves_a_missing_section_to_section_missing() -> None:
    r = build()
    del r.sections["problems"]
    assert run(r, "problems-not-stated") == []


# -- rules the recognizer reports while reading -------------------------------------------------
T3_HEADER = "申请人情况\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计"


def _t3_text(rows: dict[str, str], spec=FORMAT_2021) -> str:
    lines = ["测试县2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", T3_HEADER]
    for row in spec.t3.rows:
        if row.key in rows:
            lines.append(f"{row.group or ''}\t{row.label}\t{rows[row.key]}")
        elif row.key.startswith("other.") and "other.total" in rows:
            continue
        else:
            lines.append(f"{row.group or ''}\t{row.label}\t" + "\t".join(["0"] * 7))
    return "\n".join(lines)


@covers("uncertain-reading")
def test_uncertain_reading_fires_for_a_short_row() -> None:
    report = recognize(parse_text(_t3_text({"granted": "1\t0\t0\t1"})))
    f = only(run(report, "uncertain-reading"))
    assert f.severity is Severity.WARNING
    assert f.cells == tuple(row_keys("granted"))
    assert f.cause is Cause.READING
    assert report.value("t3.granted.natural_person") == 1
    assert report.value("t3.granted.total") is None  # nothing invented


@covers("uncertain-reading")
def test_uncertain_reading_quiet() -> None:
    report = recognize(parse_text(_t3_text({})))
    assert run(report, "uncertain-reading") == []


@covers("t3-single-other-row")
def test_t3_single_other_row_fires() -> None:
    lines = _t3_text({}).splitlines()
    at = next(i for i, line in enumerate(lines) if "1.申请人无正当理由" in line)
    lines[at:at + 3] = ["\t（六）其他处理\t" + "\t".join(["0"] * 7)]
    report = recognize(parse_text("\n".join(lines)))
    assert report.meta.template == "2021"
    f = only(run(report, "t3-single-other-row"))
    assert f.severity is Severity.WARNING
    assert f.cells == tuple(f"t3.{r}.{c.key}" for r in ("other.no_correction", "other.unpaid_fee", "other.other")
                            for c in FORMAT_2021.t3.columns)
    assert report.value("t3.other.other.total") == 0  # implied by a printed 0 row


@covers("t3-single-other-row")
def test_t3_single_other_row_quiet() -> None:
    report = recognize(parse_text(_t3_text({})))
    assert run(report, "t3-single-other-row") == []


# -- corpus rules --------------------------------------------------------------------------------
def pair(**kwargs) -> tuple[Report, Report]:
    """2022 and 2023 reports of one body whose carry-over chain holds and whose 表三 differ."""
    before, after = build(year=2022, **kwargs), build(year=2023, **kwargs)
    # 2022: 4 new + 1 carried over = 4 handled + 1 carried forward (= 2023's carried over)
    for key, v in (("new_received", 4), ("carried_over", 1), ("granted", 4), ("total", 4),
                   ("carried_forward", 1)):
        set_value(before, f"t3.{key}.natural_person", v)
        set_value(before, f"t3.{key}.total", v)
    return before, after


def run_corpus(reports: list[Report], code: str) -> list[Finding]:
    findings = gr.check_corpus(reports, select=[code])
    assert all(f.code == code for f in findings)
    told_in_both_languages(findings)
    return findings


def test_corpus_pair_is_consistent() -> None:
    before, after = pair()
    assert gr.check(before, select=["identity"]) == [] and gr.check(after, select=["identity"]) == []


@covers("carry-over")
def test_carry_over_fires() -> None:
    before, after = pair()
    set_value(after, "t3.carried_over.natural_person", 3)
    f = only(run_corpus([after, before], "carry-over"))
    assert f.severity is Severity.WARNING
    assert f.cells == ("t3.carried_over.natural_person", "t3.carried_forward.natural_person")
    assert (f.expected, f.actual) == ("1", "3")
    assert f.file == after.meta.source
    assert f.locations == {"previous": Location(file=before.meta.source), "current": Location(file=after.meta.source)}


@covers("carry-over")
def test_carry_over_quiet() -> None:
    assert run_corpus(list(pair()), "carry-over") == []


@covers("carry-over")
def test_carry_over_quiet_for_non_consecutive_years_and_other_bodies() -> None:
    before, after = pair()
    set_value(after, "t3.carried_over.natural_person", 3)
    after.meta.year = 2024
    assert run_corpus([before, after], "carry-over") == []
    after.meta.year = 2023
    after.meta.agency = "另一个县民政局"
    assert run_corpus([before, after], "carry-over") == []


def test_carry_over_groups_a_name_with_its_parent_prefixed() -> None:
    before, after = pair(agency="洪泽区人民政府")
    after.meta.agency = "淮安市洪泽区人民政府"
    set_value(after, "t3.carried_over.total", 9)
    f = only(run_corpus([before, after], "carry-over"))
    assert f.cells == ("t3.carried_over.total", "t3.carried_forward.total")


@covers("carry-over-checked")
def test_carry_over_checked_fires_for_an_agreeing_pair() -> None:
    before, after = pair()
    f = only(run_corpus([before, after], "carry-over-checked"))
    assert f.severity is Severity.INFO
    assert f.cells == ("t3.carried_over.total",)
    assert (f.expected, f.actual) == ("1", "1")


@covers("carry-over-checked")
def test_carry_over_checked_quiet_when_the_chain_breaks() -> None:
    before, after = pair()
    set_value(after, "t3.carried_over.total", 3)
    assert run_corpus([before, after], "carry-over-checked") == []


@covers("in-force-stock")
def test_in_force_stock_fires() -> None:
    before, after = pair()
    set_value(before, "t2.normative_documents.in_force", 10)
    set_value(after, "t2.normative_documents.issued", 3)
    set_value(after, "t2.normative_documents.repealed", 1)
    set_value(after, "t2.normative_documents.in_force", 15)
    f = only(run_corpus([before, after], "in-force-stock"))
    assert f.severity is Severity.INFO
    assert f.cells == ("t2.normative_documents.in_force", "t2.normative_documents.issued",
                       "t2.normative_documents.repealed")
    assert (f.expected, f.actual) == ("12", "15")


@covers("in-force-stock")
def test_in_force_stock_quiet() -> None:
    before, after = pair()
    set_value(before, "t2.normative_documents.in_force", 10)
    set_value(after, "t2.normative_documents.issued", 3)
    set_value(after, "t2.normative_documents.repealed", 1)
    set_value(after, "t2.normative_documents.in_force", 12)
    assert run_corpus([before, after], "in-force-stock") == []
    # a blank anywhere, or a 2019-format year, and nothing is compared
    set_value(after, "t2.normative_documents.in_force", None, raw="—")
    assert run_corpus([before, after], "in-force-stock") == []


LONG_OVERVIEW = ("本机关坚持以公开为常态、不公开为例外，围绕中心工作，持续深化政务公开，"
                 "主动公开各类政府信息一百余条，依申请公开工作规范有序，平台建设不断加强。")


@covers("copy-paste")
def test_copy_paste_fires() -> None:
    before, after = pair()
    before.sections["overview"].text = LONG_OVERVIEW
    after.sections["overview"].text = LONG_OVERVIEW.replace("一百余条", "二百余条")
    f = only(run_corpus([before, after], "copy-paste"))
    assert f.severity is Severity.WARNING
    assert f.cells == ()
    assert f.expected == "< 90%"
    assert float(f.actual) >= 0.9


@covers("copy-paste")
def test_copy_paste_quiet() -> None:
    before, after = pair()
    before.sections["overview"].text = LONG_OVERVIEW
    after.sections["overview"].text = ("今年重点围绕优化营商环境、民生保障和重大项目建设推进决策公开，"
                                       "新开设专栏三个，政府网站改版上线，答复依申请公开全部在法定期限内完成。")
    assert run_corpus([before, after], "copy-paste") == []


@covers("identical-t3")
def test_identical_t3_fires() -> None:
    before, after = build(year=2022), build(year=2023)
    f = only(run_corpus([before, after], "identical-t3"))
    assert f.severity is Severity.WARNING
    assert f.cells == ()


@covers("identical-t3")
def test_identical_t3_quiet_for_differing_and_all_zero_tables() -> None:
    assert run_corpus(list(pair()), "identical-t3") == []
    before, after = build(year=2022), build(year=2023)
    for r in (before, after):
        for cell in r.tables["t3"].cells.values():
            cell.value = 0
    assert run_corpus([before, after], "identical-t3") == []


def test_corpus_rules_do_not_run_in_check_and_report_rules_not_in_check_corpus() -> None:
    before, after = build(year=2022), build(year=2023)
    assert gr.check(after, select=["identical-t3"]) == []
    set_value(after, "t3.total.total", 99)
    assert gr.check_corpus([before, after], select=["t3-*"]) == []


# -- the engine ----------------------------------------------------------------------------------
def broken() -> Report:
    """A report that trips an error (t3-row-sum, t3-column-total, t3-balance), a warning
    (blank-cell) and an info (template-early)."""
    r = build(year=2020)
    set_value(r, "t3.granted.commercial", 1)
    set_value(r, "t4.review.pending", None, raw="—")
    return r


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def test_engine_select_by_code() -> None:
    assert codes(gr.check(broken(), select=["blank-cell"])) == {"blank-cell"}


def test_engine_select_by_glob() -> None:
    assert codes(gr.check(broken(), select=["t3-*"])) == {"t3-row-sum", "t3-column-total"}


def test_engine_select_by_tag() -> None:
    assert codes(gr.check(broken(), select=["template"])) == {"template-early"}
    assert codes(gr.check(broken(), select=["identity"])) == {"t3-row-sum", "t3-column-total"}


def test_engine_ignore_by_code_glob_and_tag() -> None:
    everything = codes(gr.check(broken()))
    assert everything == {"t3-row-sum", "t3-column-total", "blank-cell", "template-early"}
    assert codes(gr.check(broken(), ignore=["blank-cell"])) == everything - {"blank-cell"}
    assert codes(gr.check(broken(), ignore=["t3-*"])) == {"blank-cell", "template-early"}
    assert codes(gr.check(broken(), ignore=["value"])) == everything - {"blank-cell"}


def test_engine_ignore_wins_over_select() -> None:
    assert codes(gr.check(broken(), select=["t3-*"], ignore=["t3-row-sum"])) == {"t3-column-total"}
    assert gr.check(broken(), select=["blank-cell"], ignore=["blank"]) == []


def test_engine_unknown_select_is_refused() -> None:
    with pytest.raises(UnknownRuleError, match="no-such-rule"):
        gr.check(broken(), select=["no-such-rule"])


def test_engine_sorts_errors_first() -> None:
    findings = gr.check(broken())
    ranks = [f.severity.rank for f in findings]
    assert ranks == sorted(ranks, reverse=True)
    assert findings[0].severity is Severity.ERROR
    assert findings[-1].severity is Severity.INFO


def test_engine_reading_findings_pass_through_only_when_selected() -> None:
    r = build()
    r.reading_findings.append(Finding("uncertain-reading", Severity.WARNING, "unsure",
                                      ("t3.granted.total",), cause=Cause.READING))
    assert codes(gr.check(r)) == {"uncertain-reading"}
    assert gr.check(r, ignore=["reading"]) == []
    passed = only(gr.check(r, select=["uncertain-reading"]))
    assert passed.file == r.meta.source


def test_engine_cause_is_reading_when_a_named_cell_was_read_uncertainly() -> None:
    r = build()
    set_value(r, "t3.granted.commercial", 1)
    r.reading_findings.append(Finding("uncertain-reading", Severity.WARNING, "unsure",
                                      ("t3.granted.commercial",), cause=Cause.READING))
    row_sum = only(gr.check(r, select=["t3-row-sum"]))
    assert row_sum.cause is Cause.READING
    column = only(gr.check(r, select=["t3-column-total"]))  # names t3.granted.commercial too
    assert column.cause is Cause.READING


def test_engine_cause_is_report_when_the_uncertain_cells_are_elsewhere() -> None:
    r = build()
    set_value(r, "t3.granted.commercial", 1)
    r.reading_findings.append(Finding("uncertain-reading", Severity.WARNING, "unsure",
                                      ("t4.review.total",), cause=Cause.READING))
    assert only(gr.check(r, select=["t3-row-sum"])).cause is Cause.REPORT


def test_engine_rule_catalogue_is_complete() -> None:
    for code, rule in RULES.items():
        assert rule.code == code
        assert rule.description, code
        assert rule.title, code
        assert rule.scope in ("report", "corpus")
    corpus = {c for c, r in RULES.items() if r.scope == "corpus"}
    assert corpus == {"carry-over", "carry-over-checked", "in-force-stock", "copy-paste", "identical-t3"}


def test_every_registered_rule_is_covered_by_a_test() -> None:
    """A rule added to the registry without fire/quiet tests here fails the suite."""
    assert set(COVERED) == set(RULES)
    for code, kinds in COVERED.items():
        assert {"fires", "quiet"} <= kinds, code


def test_both_formats_are_known() -> None:
    assert set(FORMATS) == {FORMAT_2019.name, FORMAT_2021.name}


def test_engine_finding_carries_structured_data_and_applies_from_skips_earlier_years() -> None:
    def check(ctx: Context) -> Iterator[Finding]:
        received = ctx.value("t3.new_received.total")
        yield ctx.finding("新收为 3 件。", ["t3.new_received.total"], data={"received": received})

    rule = Rule("test-data", Severity.INFO, "t", "d", check, applies_from=2022)
    [f] = run_report_rules(build(year=2023), [rule])
    assert f.data == {"received": 3}
    assert run_report_rules(build(year=2021), [rule]) == []


def test_a_rule_context_tells_cells_read_from_cells_missing() -> None:
    """What the identity rules ask of each cell: read as a value or a printed blank, or not
    read at all; an extra cell (a row printed in place of its group) counts where the table's
    own cells lack the key."""
    table = Table("t3", {"t3.granted.total": Cell("t3.granted.total", 4, "4"),
                         "t3.granted.research": Cell("t3.granted.research", None, "—"),
                         "t3.granted.other": Cell("t3.granted.other")},
                  {"t3.other_handling.total": Cell("t3.other_handling.total", 0, "0")})
    report = Report(Meta(year=2023, template="2021"), tables={"t3": table})
    rule = next(r for r in load_registry().rules.values() if r.code == "t3-row-sum")
    ctx = Context(report, rule, {"t3.granted.total": 4, "t3.granted.research": None})
    assert not ctx.is_missing("t3.granted.total")
    assert not ctx.is_missing("t3.granted.research")  # a printed blank is read
    assert ctx.is_missing("t3.granted.other")
    assert not ctx.is_missing("t3.other_handling.total")
    assert ctx.is_missing("t3.no_such.cell") and ctx.is_missing("t9.granted.total")
    assert ctx.lookup("t3.granted.total") == 4 and ctx.lookup("t3.granted.other") is None
    assert Context(report, rule).lookup("t3.granted.total") == 4  # no values given: read off the report


def test_a_finding_is_placed_at_the_cells_it_names_that_have_a_place() -> None:
    """Template cells and extra cells alike; a cell without a place, or no cell, gives none."""
    at, extra_at = Location(page=2, line=7), Location(page=3, line=1)
    report = Report(meta=Meta(), tables={"t3": Table(
        "t3", {"t3.granted.total": Cell("t3.granted.total", 4, "4", at),
               "t3.granted.research": Cell("t3.granted.research", 1, "1")},
        extra={"t3.other.total": Cell("t3.other.total", 2, "2", extra_at)})})
    keys = ["t3.granted.total", "t3.granted.research", "t3.other.total", "t3.nothing.total", "t9.x.y"]
    assert report.locations(keys) == {"t3.granted.total": at, "t3.other.total": extra_at}
