"""Writers given hostile text: control characters and spreadsheet formulas in a title."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import govinfo_report as gr
from govinfo_report.api import render
from govinfo_report.writers.controls import printable, spreadsheet_safe

EXAMPLE = Path(__file__).parent.parent / "examples" / "reports" / "duizhen-2023.txt"
HOSTILE_TITLE = '=HYPERLINK("http://example.invalid","点击")\x00\x07年度报告\x1b'


def hostile_report() -> gr.Report:
    report = gr.read(EXAMPLE)
    report.meta.title = HOSTILE_TITLE
    report.meta.agency = "=1+1\x00兑镇镇人民政府"
    return report


def test_docx_writer_drops_control_characters() -> None:
    output = render(hostile_report(), "docx")
    assert isinstance(output, bytes)
    with zipfile.ZipFile(io.BytesIO(output)) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert "年度报告" in document and "\x00" not in document and "\x07" not in document


def test_csv_neutralises_formulas_in_every_row() -> None:
    output = render(hostile_report(), "csv")
    assert isinstance(output, str)
    rows = list(csv.DictReader(io.StringIO(output)))
    assert rows and all(row["agency"] == "'=1+1兑镇镇人民政府" for row in rows)
    assert all(not value.startswith(("=", "+", "@")) for row in rows for value in row.values())
    negative = [row["value"] for row in rows if row["value"].startswith("-")]
    assert all(v.lstrip("-").isdigit() for v in negative)


def test_text_writers_carry_no_control_characters() -> None:
    for writer in ("text", "markdown", "html"):
        output = render(hostile_report(), writer)
        assert isinstance(output, str)
        assert "\x00" not in output and "\x1b" not in output and "年度报告" in output


def test_helpers() -> None:
    assert printable("a\x00b\tc\n") == "ab\tc\n"
    assert spreadsheet_safe("-12") == "-12"
    assert spreadsheet_safe("-1+cmd|' /C calc'!A0") == "'-1+cmd|' /C calc'!A0"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("行政复议") == "行政复议"
