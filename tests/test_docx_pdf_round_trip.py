"""Every expected report written as DOCX, rendered to PDF by LibreOffice, and read back.

This is the path a disclosure office's file takes to publication, and the born-digital PDF a
real producer makes is the fairest test of the PDF reader on our own tables.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report.writers.docx_writer import DocxWriter
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


def _page_texts(pdf: Path) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    return ["".join("".join(el.get_text().split()) for el in page if isinstance(el, LTTextContainer))
            for page in extract_pages(str(pdf))]


@pytest.mark.parametrize("expected_path", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_table_three_is_printed_whole_on_one_page(expected_path: Path, rendered: dict[str, Path]) -> None:
    """表三's first row label and its last are on the same page of the printed file."""
    pages = _page_texts(rendered[expected_path.stem])
    first = [i for i, text in enumerate(pages) if "一、本年新收政府信息公开申请数量" in text]
    last = [i for i, text in enumerate(pages) if "四、结转下年度继续办理" in text]
    assert first and first == last
    assert len(pages) <= 3  # three tables and their headings, no prose


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_table_three_whole_after_long_prose(tmp_path: Path, template: str) -> None:
    """However much text comes before it, 表三 starts where it can be printed whole."""
    from writer_support import build_report

    report = build_report(template)
    for section in report.sections.values():
        section.text = "\n".join(f"{section.key}第{i}段：本机关认真贯彻落实政府信息公开条例，做好各项工作。" * 3
                                 for i in range(9))
    docx = tmp_path / "report.docx"
    docx.write_bytes(DocxWriter().render(report, []))
    assert SOFFICE is not None
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=300)
    pages = _page_texts(tmp_path / "report.pdf")
    first = [i for i, text in enumerate(pages) if "一、本年新收政府信息公开申请数量" in text]
    last = [i for i, text in enumerate(pages) if "四、结转下年度继续办理" in text]
    assert first and first == last
    assert len(pages) > 3
