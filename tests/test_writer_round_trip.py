"""Every expected file, written as HTML and DOCX and read back through the whole pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govinfo_report.writers.docx_writer import DocxWriter
from govinfo_report.writers.html_writer import HtmlWriter
from writer_support import expected_value, report_from_expected

read = getattr(pytest.importorskip("govinfo_report"), "read", None)
EXPECTED = sorted((Path(__file__).parent / "fixtures" / "corpus" / "expected").glob("*.json"))


to_value = expected_value
report_from = report_from_expected


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
