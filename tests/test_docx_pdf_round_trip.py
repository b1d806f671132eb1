"""Every expected report written as DOCX, rendered to PDF by LibreOffice, and read back.

This is the path a disclosure office's file takes to publication, and the born-digital PDF a
real producer makes is the fairest test of the PDF reader on our own tables.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import govinfo_report as gr
from writer_support import report_from_expected

EXPECTED = sorted((Path(__file__).parent / "fixtures" / "corpus" / "expected").glob("*.json"))
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                               "apt-get install libreoffice-writer-nogui fonts-noto-cjk"),
]


@pytest.mark.parametrize("expected_path", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_docx_rendered_to_pdf_reads_back_to_the_same_cells(expected_path: Path, rendered: dict[str, Path]) -> None:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    want = report_from_expected(expected)
    back = gr.read(rendered[expected_path.stem])
    assert (back.meta.template, back.meta.year) == (expected["meta"]["template"], expected["meta"]["year"])
    got = back.flat_cells()
    wrong = {k: (v, got.get(k)) for k, v in want.flat_cells().items() if got.get(k) != v}
    assert wrong == {}
