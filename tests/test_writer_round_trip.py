"""Every expected file, written as HTML and DOCX and read back through the whole pipeline."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govinfo_report.formats import FORMATS, Kind
from govinfo_report.model import Cell, Meta, Report, Table, Value
from govinfo_report.writers.docx_writer import DocxWriter
from govinfo_report.writers.html_writer import HtmlWriter

read = pytest.importorskip("govinfo_report").__dict__.get("read")
EXPECTED = sorted((Path(__file__).parent / "fixtures" / "corpus" / "expected").glob("*.json"))


def to_value(raw: Any, kind: Kind) -> Value:
    if raw is None:
        return None
    if kind is Kind.MONEY:
        return Decimal(str(raw))
    return int(raw)


def report_from(expected: dict[str, Any]) -> Report:
    meta = expected["meta"]
    fmt = FORMATS[meta["template"]]
    tables = {name: Table(name) for name in ("t2", "t3", "t4")}
    for key, raw in expected["cells"].items():
        value = to_value(raw, fmt.kind_of(key))
        tables[key.split(".")[0]].cells[key] = Cell(key, value, "" if value is None else str(value))
    header = Meta(agency=meta["agency"], year=meta["year"], template=meta["template"])
    return Report(meta=header, tables=tables)


@pytest.mark.skipif(read is None, reason="govinfo_report.read is not available")
@pytest.mark.skipif(not EXPECTED, reason="no expected files under tests/fixtures/corpus/expected")
@pytest.mark.parametrize("writer", [HtmlWriter(), DocxWriter()], ids=["html", "docx"])
@pytest.mark.parametrize("expected_path", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_round_trip(tmp_path: Path, expected_path: Path, writer: HtmlWriter | DocxWriter) -> None:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    report = report_from(expected)
    output = writer.render(report, [])
    path = tmp_path / f"report{writer.extensions[0]}"
    if isinstance(output, bytes):
        path.write_bytes(output)
    else:
        path.write_text(output, encoding="utf-8")
    back = read(path)
    assert back.meta.template == expected["meta"]["template"]
    assert back.meta.year == expected["meta"]["year"]
    got = back.flat_cells()
    want = report.flat_cells()
    wrong = {key: (value, got.get(key)) for key, value in want.items() if got.get(key) != value}
    assert not wrong
