"""Hand-built reports for the writer tests: every cell of a format, some blank, some flagged."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from govinfo_report.formats import FORMATS, Kind
from govinfo_report.model import Cell, Finding, Meta, Report, Section, Severity, Table, Value

AGENCY = "测试县交通运输局"
YEAR = 2023
FEE = Decimal("7539.443252")
BLANK_KEYS = ("t3.carried_over.research", "t4.litigation_direct.pending", "t2.penalty.decisions")


def value_for(index: int, key: str, kind: Kind) -> Value:
    """A deterministic, distinctive value per cell so a misplaced cell shows up."""
    if key in BLANK_KEYS:
        return None
    if kind is Kind.MONEY:
        return FEE
    if kind is Kind.SIGNED:
        return -(index % 5) if index % 2 else index % 5
    return (index * 7) % 97


def build_report(template: str = "2021") -> Report:
    fmt = FORMATS[template]
    tables: dict[str, Table] = {name: Table(name) for name in ("t2", "t3", "t4")}
    for i, key in enumerate(fmt.keys()):
        value = value_for(i, key, fmt.kind_of(key))
        raw = "" if value is None else str(value)
        tables[key.split(".")[0]].cells[key] = Cell(key, value, raw)
    sections = {
        spec.key: Section(spec.key, f"{spec.number}、{spec.heading}",
                          f"{spec.heading}的说明文字，第一段。\n第二段：本年度共收到申请若干件。",
                          order=n)
        for n, spec in enumerate(fmt.sections)
    }
    meta = Meta(agency=AGENCY, year=YEAR, template=template,
                title=f"{AGENCY}{YEAR}年政府信息公开工作年度报告")
    return Report(meta=meta, sections=sections, tables=tables)


def build_findings() -> list[Finding]:
    return [
        Finding("GIR-T3-ROWSUM", Severity.ERROR, "表三（七）总计行之和不等于总计列：应为 10，实为 12",
                cells=("t3.total.total", "t3.total.natural_person"), expected="10", actual="12"),
        Finding("GIR-BLANK", Severity.WARNING, "空白单元格：t3.carried_over.research",
                cells=("t3.carried_over.research",)),
        Finding("GIR-T4-GROUP", Severity.ERROR, "表四行政复议各项之和不等于总计",
                cells=("t4.review.total",), expected="3", actual="4"),
        Finding("GIR-INFO", Severity.INFO, "收费金额以万元计", cells=("t2.fees.amount",)),
        Finding("GIR-META", Severity.WARNING, "发布日期晚于1月31日", cells=("meta.published",)),
    ]


def expected_value(raw: object, kind: Kind) -> Value:
    """A value of an expected file as the model holds it (money as Decimal)."""
    if raw is None:
        return None
    if kind is Kind.MONEY:
        return Decimal(str(raw))
    return int(str(raw))


def report_from_expected(expected: dict[str, Any]) -> Report:
    """A report holding exactly the cells of an expected file of the corpus."""
    meta = expected["meta"]
    spec = FORMATS[meta["template"]]
    tables = {name: Table(name) for name in ("t2", "t3", "t4")}
    for key in spec.keys():
        value = expected_value(expected["cells"][key], spec.kind_of(key))
        raw = "" if value is None else (format(value, "f") if isinstance(value, Decimal) else str(value))
        tables[key[:2]].cells[key] = Cell(key, value, raw)
    return Report(meta=Meta(agency=meta["agency"], year=meta["year"], template=meta["template"]), tables=tables)
