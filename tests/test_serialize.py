"""The JSON forms of a report: the full model round trip (cattrs), its schema, and the flat form."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govinfo_report.formats import FORMAT_2019, FORMAT_2021, FORMATS
from govinfo_report.layout import Location
from govinfo_report.model import Cause, Cell, Finding, Meta, Report, Section, Severity, Table
from govinfo_report.readers.text import parse_text
from govinfo_report.recognize import recognize
from govinfo_report.serialize import (
    SCHEMA_VERSION,
    dumps,
    flat,
    json_number,
    make_converter,
    report_from_dict,
    report_to_dict,
)
from govinfo_report.writers.json_writer import FlatJsonWriter, JsonWriter

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).parent / "fixtures" / "corpus" / "expected"
REPORT_SCHEMA = ROOT / "docs" / "report.schema.json"
FLAT_SCHEMA = ROOT / "docs" / "flat.schema.json"

FEE = Decimal("7539.443252")
HUGE = Decimal("12345678901234567.89")  # no float holds it exactly


def build(template: str = "2021") -> Report:
    spec = FORMATS[template]
    tables = {name: Table(name) for name in ("t2", "t3", "t4")}
    for i, key in enumerate(spec.keys()):
        kind = spec.kind_of(key).value
        value: Any = FEE if kind == "money" else (-i if kind == "signed" else i)
        tables[key.split(".")[0]].cells[key] = Cell(key, value, str(value), Location(line=10 + i, column=i % 7))
    # a blank, a missing cell, a note, PDF-style and HTML-style locations
    t3 = tables["t3"].cells
    t3["t3.granted.research"] = Cell("t3.granted.research", None, "—", Location(line=40, column=3))
    t3["t3.granted.legal_service"] = Cell("t3.granted.legal_service")
    t3["t3.new_received.total"] = Cell("t3.new_received.total", 22, "22（其中修订 16 件）",
                                       Location(page=3, bbox=(72.0, 510.25, 140.0, 522.0)), "(其中修订16件)")
    t3["t3.carried_over.total"] = Cell("t3.carried_over.total", 0, "0",
                                       Location(xpath="/html/body/table[2]/tr[3]/td[8]", row=2, column=7))
    tables["t3"].extra["t3.other.total.total"] = Cell("t3.other.total.total", 3, "3", Location(index=5))
    tables["t3"].confidence = 0.75
    tables["t4"].found = False
    sections = {
        s.key: Section(s.key, f"{s.number}、{s.heading}", f"{s.heading}正文。\n第二段。", Location(line=n + 1), n)
        for n, s in enumerate(spec.sections)
    }
    sections["other"] = Section("other")
    meta = Meta(agency="测试县交通运输局", year=2023, template=template,
                title="测试县交通运输局2023年政府信息公开工作年度报告",
                published="2024-01-20", document_number="测政办〔2024〕3号", source="reports/a.txt",
                sha256="ab" * 32, reader="text", provenance={"year": "title"},
                statistics_period="2023-01-01/2023-12-31")
    reading = [Finding("uncertain-reading", Severity.WARNING, "读不准", ("t3.granted.research",),
                       cause=Cause.READING, file="reports/a.txt", locations={"t3.granted.research": Location(line=40)})]
    return Report(meta=meta, sections=sections, tables=tables, reading_findings=reading)


def round_trip(report: Report) -> Report:
    text = json.dumps(report_to_dict(report), ensure_ascii=False)
    return report_from_dict(json.loads(text))


def cell_facts(report: Report) -> dict[str, tuple[Any, ...]]:
    out = {}
    for name, table in report.tables.items():
        for part, cells in (("cells", table.cells), ("extra", table.extra)):
            for key, c in cells.items():
                out[f"{name}/{part}/{key}"] = (c.key, type(c.value), c.value, c.raw, c.location, c.note)
    return out


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_round_trip_keeps_every_cell(template: str) -> None:
    report = build(template)
    back = round_trip(report)
    assert cell_facts(back) == cell_facts(report)
    assert back.tables == report.tables
    assert back.sections == report.sections
    assert back.meta == report.meta
    assert back.reading_findings == report.reading_findings
    assert back == report


def test_round_trip_details() -> None:
    back = round_trip(build())
    cell = back.cell("t3.new_received.total")
    assert (cell.value, cell.raw, cell.note) == (22, "22（其中修订 16 件）", "(其中修订16件)")
    assert cell.location == Location(page=3, bbox=(72.0, 510.25, 140.0, 522.0))
    assert isinstance(cell.location.bbox, tuple)
    blank = back.cell("t3.granted.research")
    assert blank.is_blank and blank.raw == "—"
    missing = back.cell("t3.granted.legal_service")
    assert missing.is_missing
    assert back.cell("t3.other.total.total").value == 3
    assert back.tables["t3"].confidence == 0.75
    assert back.tables["t4"].found is False
    assert back.sections["other"].found is False
    assert back.sections["problems"].text == "存在的主要问题及改进情况正文。\n第二段。"
    assert back.meta.provenance == {"year": "title"}
    finding = back.reading_findings[0]
    assert finding.severity is Severity.WARNING and finding.cause is Cause.READING
    assert finding.cells == ("t3.granted.research",)


@pytest.mark.parametrize("amount", [FEE, HUGE, Decimal("78.8"), Decimal("0.1"), Decimal("0"), Decimal("100")])
def test_decimal_money_survives_exactly(amount: Decimal) -> None:
    report = build()
    report.tables["t2"].cells["t2.fees.amount"] = Cell("t2.fees.amount", amount, str(amount))
    value = round_trip(report).value("t2.fees.amount")
    assert isinstance(value, Decimal)
    assert value == amount
    if amount == HUGE:
        assert str(value) == "12345678901234567.89"


def test_json_number() -> None:
    assert json_number(Decimal("78.8")) == 78.8
    assert json_number(FEE) == 7539.443252
    assert json_number(HUGE) == "12345678901234567.89"


def test_counts_stay_int() -> None:
    back = round_trip(build())
    assert type(back.value("t3.granted.total")) is int
    assert type(back.value("t2.licensing.decisions")) is int


def test_dict_form() -> None:
    data = report_to_dict(build())
    assert data["schema_version"] == SCHEMA_VERSION == 1
    assert set(data["tables"]) == {"t2", "t3", "t4"}
    assert "name" not in data["tables"]["t3"]
    cell = data["tables"]["t3"]["cells"]["t3.granted.research"]
    assert cell == {"value": None, "raw": "—", "location": {"line": 40, "column": 3}}
    assert data["tables"]["t2"]["cells"]["t2.fees.amount"]["value"] == 7539.443252
    assert data["tables"]["t3"]["cells"]["t3.granted.legal_service"] == {"value": None, "raw": None}


@pytest.mark.parametrize("version", [2, 0, None, "1"])
def test_wrong_schema_version_raises(version: Any) -> None:
    data = report_to_dict(build())
    data["schema_version"] = version
    with pytest.raises(ValueError, match="schema_version"):
        report_from_dict(data)


def test_missing_schema_version_raises() -> None:
    data = report_to_dict(build())
    del data["schema_version"]
    with pytest.raises(ValueError, match="schema_version"):
        report_from_dict(data)


def test_json_writer_reads_back_and_ignores_findings() -> None:
    report = build()
    findings = [Finding("t3-row-sum", Severity.ERROR, "行合计", ("t3.granted.total",), "3", "2", Cause.REPORT)]
    text = JsonWriter().render(report, findings)
    data = json.loads(text)
    assert data["findings"][0]["code"] == "t3-row-sum" and data["findings"][0]["severity"] == "error"
    assert report_from_dict(data) == report


def test_converter_is_owned_by_the_caller() -> None:
    a, b = make_converter(), make_converter()
    assert a is not b
    report = build()
    assert report_to_dict(report, a) == report_to_dict(report, b)


def test_recognized_report_round_trips() -> None:
    text = "\n".join([
        "某县2023年政府信息公开工作年度报告", "二、主动公开政府信息情况", "第二十条第（八）项",
        "信息内容\t本年收费金额（单位：万元）", "行政事业性收费\t75394432.52元",
        "三、收到和处理政府信息公开申请情况",
        "\t一、本年新收政府信息公开申请数量\t1\t\u3000\t0\t0\t0\t0\t1",
    ])
    report = recognize(parse_text(text, "a.txt"))
    assert report.value("t2.fees.amount") == FEE
    back = round_trip(report)
    assert back == report
    assert back.cell("t2.fees.amount").raw == "75394432.52元"
    assert back.cell("t3.new_received.commercial").is_blank


# -- JSON schema -------------------------------------------------------------------------------
def _validator(path: Path):
    jsonschema = pytest.importorskip("jsonschema")
    if not path.exists():
        pytest.skip(f"{path.name} is not written yet (docs/{path.name})")
    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_full_json_validates_against_the_schema(template: str) -> None:
    validator = _validator(REPORT_SCHEMA)
    report = build(template)
    validator.validate(json.loads(dumps(report_to_dict(report))))
    findings = [Finding("t3-row-sum", Severity.ERROR, "行合计", ("t3.granted.total",), "3", "2", Cause.REPORT)]
    validator.validate(json.loads(JsonWriter().render(report, findings)))


def test_schema_rejects_a_wrong_version() -> None:
    validator = _validator(REPORT_SCHEMA)
    data = json.loads(dumps(report_to_dict(build())))
    data["schema_version"] = 2
    assert not validator.is_valid(data)


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_flat_json_validates_against_the_flat_schema(template: str) -> None:
    validator = _validator(FLAT_SCHEMA)
    validator.validate(json.loads(FlatJsonWriter().render(build(template), [])))


# -- flat form ---------------------------------------------------------------------------------
def _expected_order(template: str) -> list[str]:
    """FORMAT.md order, as the corpus's expected files give it."""
    for path in sorted(EXPECTED.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["meta"]["template"] == template:
            return list(data["cells"])
    pytest.skip(f"no expected file of the {template} template")


@pytest.mark.parametrize(("template", "count"), [("2021", 200), ("2019", 198)])
def test_flat_has_every_key_in_format_order(template: str, count: int) -> None:
    report = build(template)
    # drop some cells entirely: flat still names every key
    del report.tables["t4"].cells["t4.review.total"]
    data = flat(report)
    keys = list(data["cells"])
    assert len(keys) == count
    assert keys == FORMATS[template].keys()
    assert keys == _expected_order(template)
    assert data["cells"]["t4.review.total"] is None


def test_flat_nulls_for_blanks_and_numbers_for_values() -> None:
    data = json.loads(dumps(flat(build())))
    cells = data["cells"]
    assert cells["t3.granted.research"] is None
    assert cells["t3.granted.legal_service"] is None
    assert cells["t2.fees.amount"] == 7539.443252
    assert cells["t3.new_received.total"] == 22
    assert data["schema_version"] == 1
    assert data["meta"]["agency"] == "测试县交通运输局"
    assert data["meta"]["year"] == 2023
    assert data["meta"]["template"] == "2021"
    assert "findings" not in data
    assert flat(build(), [])["findings"] == []


def test_flat_keys_of_the_two_formats_differ_only_where_the_format_does() -> None:
    only_2021 = set(FORMAT_2021.keys()) - set(FORMAT_2019.keys())
    only_2019 = set(FORMAT_2019.keys()) - set(FORMAT_2021.keys())
    assert {k.rsplit(".", 1)[0] for k in only_2021 if k.startswith("t3.")} == {
        "t3.other.no_correction", "t3.other.unpaid_fee", "t3.other.other"}
    assert {k.rsplit(".", 1)[0] for k in only_2019 if k.startswith("t3.")} == {"t3.other.total"}
    assert "t2.procurement.amount" in only_2019 and "t2.fees.amount" in FORMAT_2021.keys()
