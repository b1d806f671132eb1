"""Round trips through the text-like writers for every expected file of the corpus.

Each report is built from an expected JSON's "cells" (blank stays None, money is Decimal),
written as Markdown, plain text, CSV, JSON and flat JSON, read back, and compared cell by cell.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as gr
from govinfo_report.formats import FORMATS
from govinfo_report.formats.drawing import expand, official_tables
from govinfo_report.markup import FINDINGS_HEADINGS, may_hold_findings
from govinfo_report.model import Cell, Meta, Report, Table, Value
from govinfo_report.readers.text import parse_text
from govinfo_report.serialize import report_from_dict
from govinfo_report.writers.csv_writer import COLUMNS, CsvWriter
from govinfo_report.writers.json_writer import FlatJsonWriter, JsonWriter
from govinfo_report.writers.text_writer import BLANK, MarkdownWriter, TextWriter, format_value
from writer_support import build_report, expected_value, report_from_expected

EXPECTED_DIR = Path(__file__).parent / "fixtures" / "corpus" / "expected"
EXPECTED = sorted(EXPECTED_DIR.glob("*.json"))


to_value = expected_value
report_from = report_from_expected


def expected_values(expected: dict[str, Any]) -> dict[str, Value]:
    spec = FORMATS[expected["meta"]["template"]]
    return {key: to_value(expected["cells"][key], spec.kind_of(key)) for key in spec.keys()}


@pytest.fixture(params=EXPECTED, ids=[p.stem for p in EXPECTED])
def expected(request: pytest.FixtureRequest) -> dict[str, Any]:
    return json.loads(Path(request.param).read_text(encoding="utf-8"))


def test_there_are_expected_files_of_both_templates() -> None:
    templates = {json.loads(p.read_text(encoding="utf-8"))["meta"]["template"] for p in EXPECTED}
    assert templates == {"2021", "2019"}


def test_expected_files_name_every_key(expected: dict[str, Any]) -> None:
    assert list(expected["cells"]) == FORMATS[expected["meta"]["template"]].keys()


@pytest.mark.parametrize(("writer", "suffix"), [(MarkdownWriter(), ".md"), (TextWriter(), ".txt")],
                         ids=["markdown", "text"])
def test_text_round_trip(tmp_path: Path, expected: dict[str, Any], writer, suffix: str) -> None:
    report = report_from(expected)
    path = tmp_path / f"report{suffix}"
    path.write_text(writer.render(report, []), encoding="utf-8")
    back = gr.read(path)
    assert back.meta.template == expected["meta"]["template"]
    assert back.meta.year == expected["meta"]["year"]
    want = expected_values(expected)
    got = {key: back.value(key) for key in want}
    assert got == want
    for key, value in want.items():  # blank read back as blank, never 0
        if value is None:
            assert back.cell(key).is_blank, key
    assert [f for f in back.reading_findings if f.code == "uncertain-reading"] == []


@pytest.mark.parametrize("writer", [TextWriter(), MarkdownWriter()], ids=["text", "markdown"])
def test_text_round_trip_keeps_the_agency(tmp_path: Path, writer) -> None:
    report = report_from({"meta": {"agency": "兑镇镇人民政府", "year": 2023, "template": "2021"},
                          "cells": dict.fromkeys(FORMATS["2021"].keys(), 0)})
    path = tmp_path / f"report{writer.extensions[0]}"
    path.write_text(writer.render(report, []), encoding="utf-8")
    back = gr.read(path)
    assert back.meta.title == "兑镇镇人民政府2023年政府信息公开工作年度报告"
    assert back.meta.agency == "兑镇镇人民政府"


def test_csv_round_trip(expected: dict[str, Any]) -> None:
    report = report_from(expected)
    spec = FORMATS[expected["meta"]["template"]]
    rows = list(csv.DictReader(io.StringIO(CsvWriter().render(report, []).removeprefix("\ufeff"))))
    assert [r["key"] for r in rows] == spec.keys()
    assert all(tuple(r) == COLUMNS for r in rows)
    got = {r["key"]: (None if r["value"] == "" else to_value(r["value"], spec.kind_of(r["key"]))) for r in rows}
    assert got == expected_values(expected)
    assert {r["agency"] for r in rows} == {expected["meta"]["agency"]}
    assert {r["year"] for r in rows} == {str(expected["meta"]["year"])}


def test_json_round_trip(expected: dict[str, Any]) -> None:
    report = report_from(expected)
    back = report_from_dict(json.loads(JsonWriter().render(report, [])))
    want = expected_values(expected)
    assert {key: back.value(key) for key in want} == want
    for key in want:
        assert type(back.value(key)) is type(want[key]), key
        assert back.cell(key).raw == report.cell(key).raw


def test_flat_json_round_trip(expected: dict[str, Any]) -> None:
    report = report_from(expected)
    data = json.loads(FlatJsonWriter().render(report, []))
    spec = FORMATS[expected["meta"]["template"]]
    assert list(data["cells"]) == spec.keys()
    got = {key: to_value(v, spec.kind_of(key)) for key, v in data["cells"].items()}
    assert got == expected_values(expected)
    # the flat form is the expected file's own form
    assert {k: data["meta"][k] for k in ("agency", "year", "template")} == expected["meta"]


# -- blanks render as "—", never 0 ---------------------------------------------------------------
def _with_blank() -> Report:
    spec = FORMATS["2021"]
    tables = {name: Table(name) for name in ("t2", "t3", "t4")}
    for key in spec.keys():
        value = None if key in ("t3.granted.research", "t4.review.pending", "t2.fees.amount") else 7
        tables[key.split(".")[0]].cells[key] = Cell(key, value, "" if value is None else "7")
    return Report(meta=Meta(agency="某县民政局", year=2023, template="2021"), tables=tables)


def test_blank_renders_as_dash_in_text_and_markdown() -> None:
    assert BLANK == "—"
    assert format_value(None) == "—"
    assert format_value(0) == "0"
    assert format_value(Decimal("7539.443252")) == "7539.443252"
    report = _with_blank()
    text = TextWriter().render(report, [])
    assert "行政事业性收费\t—" in text
    row = next(line for line in text.splitlines() if "（一）予以公开" in line)
    assert row.split("\t")[3:] == ["7", "7", "—", "7", "7", "7", "7"]
    t4 = [line for line in text.splitlines() if line.count("\t") == 14][-1]
    assert t4.split("\t") == ["7"] * 3 + ["—"] + ["7"] * 11
    markdown = MarkdownWriter().render(report, [])
    assert "| 行政事业性收费 | — |" in markdown
    assert "| 0 |" not in markdown and "\t0" not in text


def test_blank_renders_empty_in_csv_and_null_in_json() -> None:
    report = _with_blank()
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(CsvWriter().render(report, [])))}
    assert rows["t3.granted.research"]["value"] == ""
    assert rows["t3.granted.natural_person"]["value"] == "7"
    data = json.loads(FlatJsonWriter().render(report, []))
    assert data["cells"]["t3.granted.research"] is None


def test_findings_are_listed_after_the_report() -> None:
    report = _with_blank()
    findings = gr.check(report, select=["blank-cell"])
    text = TextWriter().render(report, findings)
    assert "检查结果" in text
    assert "[warning] blank-cell:" in text
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(CsvWriter().render(report, findings)))}
    assert rows["t3.granted.research"]["findings"] == "blank-cell"
    assert rows["t3.granted.natural_person"]["findings"] == ""


@pytest.mark.parametrize("lang", sorted(FINDINGS_HEADINGS))
def test_the_text_reader_stops_at_the_findings_heading_in_either_language(lang: str) -> None:
    heading = FINDINGS_HEADINGS[lang]
    text = f"一、总体情况\n本年度工作平稳。\n\n## {heading}\n- [warning] blank-cell: 表三有空白"
    assert may_hold_findings(text)
    assert [b.text for b in parse_text(text).paragraphs()] == ["一、总体情况", "本年度工作平稳。"]
    # The heading's words inside a line of the report are no heading: the line is read.
    quoted = f"一、总体情况\n见{heading}一节。"
    assert may_hold_findings(quoted)
    assert [b.text for b in parse_text(quoted).paragraphs()] == ["一、总体情况", f"见{heading}一节。"]
    assert not may_hold_findings("一、总体情况\n本年度工作平稳。")


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_markdown_tables_parse_as_gfm(template: str) -> None:
    """Every official table is a GFM table: one header row, as many cells in every row."""
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py (test extra) is not installed")
    text = MarkdownWriter().render(build_report(template), [])
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(text)
    tables: list[list[list[str]]] = []
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            tables[-1][-1].append(token.content)
    widths = [len(expand(d)[0]) for d in official_tables(FORMATS[template]).values()]
    assert [len(t[0]) for t in tables] == widths
    assert all(len(row) == len(t[0]) for t in tables for row in t)
    t3 = tables[1]
    assert "申请人情况 / 法人或其他组织 / 商业企业" in t3[0]
    assert t3[1][0] == "一、本年新收政府信息公开申请数量"
    assert any(cell.startswith("行政诉讼 / 未经复议直接起诉 / ") for cell in tables[2][0])


def test_csv_opens_with_a_bom() -> None:
    text = CsvWriter().render(build_report(), [])
    assert text.startswith("\ufeffsource,agency,year,template,key")


def test_text_findings_name_cells_by_their_printed_labels() -> None:
    from writer_support import build_findings

    text = TextWriter().render(build_report(), build_findings())
    line = next(x for x in text.splitlines() if "GIR-T3-ROWSUM" in x)
    assert "表三 （七）总计 / 总计；表三 （七）总计 / 自然人" in line and "t3.total.total" not in line


@pytest.mark.parametrize("writer", [TextWriter(), MarkdownWriter()], ids=["text", "markdown"])
def test_findings_block_is_not_read_back_into_section_six(tmp_path: Path, writer: TextWriter) -> None:
    from writer_support import build_findings

    report = build_report()
    report.sections["other"].text = "本年度无其他需要报告的事项。"
    path = tmp_path / f"report{writer.extensions[0]}"
    path.write_text(writer.render(report, build_findings()), encoding="utf-8")
    back = gr.read(path)
    assert back.sections["other"].text == "本年度无其他需要报告的事项。"
    assert back.flat_cells() == report.flat_cells()
    codes = {f.code for f in gr.check(back)}
    assert "fee-statement-missing" in codes  # the findings' wording does not state a fee
    assert codes == {f.code for f in gr.check(report)}


@pytest.mark.parametrize("writer", ["text", "markdown", "html", "docx"])
def test_a_table_the_report_lacks_reads_back_missing(tmp_path: Path, writer: str) -> None:
    report = build_report()
    for cell in report.tables["t4"].cells.values():
        cell.value, cell.raw = None, None
    report.tables["t4"].found = False
    suffix = {"text": ".txt", "markdown": ".md", "html": ".html", "docx": ".docx"}[writer]
    back = gr.read(gr.write(report, tmp_path / f"report{suffix}", [], to=writer))
    assert all(cell.is_missing for cell in back.tables["t4"].cells.values())
    missing = [f for f in gr.check(back) if f.code == "table-missing"]
    assert [f.cells[0][:2] for f in missing] == ["t4"]
    assert {k: v for k, v in back.flat_cells().items() if not k.startswith("t4")} == {
        k: v for k, v in report.flat_cells().items() if not k.startswith("t4")}


@pytest.mark.parametrize("writer", ["text", "markdown", "html", "docx", "xlsx", "json"])
def test_every_section_reads_back_with_its_prose(tmp_path: Path, writer: str) -> None:
    """Prose between a heading and its table (四 before 表四) and the 落款 under 六 stay where
    they belong when read back."""
    report = build_report()
    report.meta.published = "2024-01-20"
    suffix = {"text": ".txt", "markdown": ".md", "html": ".html", "docx": ".docx", "xlsx": ".xlsx",
              "json": ".json"}[writer]
    back = gr.read(gr.write(report, tmp_path / f"report{suffix}", [], to=writer))
    assert {k: s.text for k, s in back.sections.items()} == {k: s.text for k, s in report.sections.items()}
    assert back.flat_cells() == report.flat_cells()
    assert {(f.code, f.cells) for f in gr.check(back)} == {(f.code, f.cells) for f in gr.check(report)}
