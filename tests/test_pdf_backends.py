"""PDFium and pdfminer read every PDF to the same layout, cells and findings.

The PDFium back-end is only an acceleration: whatever it reads must be what pdfminer reads.
Every PDF among the fixtures, every PDF the round trip through LibreOffice produces and the
hand-built broken and odd files go through both, and any difference fails.
"""

from __future__ import annotations

import json
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as gr
from govinfo_report import glyphs
from govinfo_report.cli import main
from govinfo_report.errors import ConverterMissingError, ReadError
from govinfo_report.layout import Layout
from govinfo_report.readers import pdf_backends
from govinfo_report.readers.pdf import PdfReader
from govinfo_report.serialize import flat
from producer_matrix import CHROMIUM, CHROMIUM_FLAGS, PRODUCERS, file_of
from test_docx_pdf_round_trip import EXPECTED, SOFFICE
from test_pdf_reader import HONGZE_2023, HONGZE_2024, _encrypted_pdf, _image_only_pdf, _pdf, _stream, _text_page
from test_producer_matrix import MARKS, REPORTS, _ensure

pytest.importorskip("pypdfium2", reason="the pdfium back-end needs the 'fast' extra: pip install '.[fast]'")

FIXTURE_PDFS = sorted((Path(__file__).parent / "fixtures").rglob("*.pdf"))
BACKENDS = ("pdfminer", "pdfium")


def _layout_view(layout: Layout) -> dict[str, Any]:
    """What a layout says, without the sub-point coordinates the two parsers round apart.

    PDFium resolves some radicals (⾦) to the ideographs they stand for (金) where pdfminer
    keeps what the font maps; the recognizer folds them first thing, so they are folded here.
    """
    fold = glyphs.fold_radicals
    return {
        "paragraphs": [(fold(p.text), p.location.page) for p in layout.paragraphs()],
        "tables": [([[fold(c) for c in row] for row in t.text_rows()], t.location.page, t.confidence,
                    [[(c.location.page, c.confidence) for c in row] for row in t.rows]) for t in layout.tables()],
        "metadata": layout.metadata,
        "notes": layout.notes,
    }


def _report_view(path: Path, backend: str) -> dict[str, Any] | str:
    try:
        report = gr.read(path, pdf_backend=backend)
    except ReadError as exc:
        return type(exc).__name__
    data = flat(report, gr.check(report))
    return {"meta": data["meta"], "cells": data["cells"], "findings": data["findings"]}


def _same(a: Any, b: Any) -> bool:
    """Equal, coordinates to a hundredth of a point: PDFium gives them in single precision."""
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 0.01
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def _assert_same(path: Path) -> None:
    layouts = [_layout_view(PdfReader().read(path, pdf_backend=b)) for b in BACKENDS]
    assert layouts[0] == layouts[1]
    reports = [_report_view(path, b) for b in BACKENDS]
    assert reports[0] == reports[1] or _same(reports[0], reports[1]), (reports[0], reports[1])


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=[p.name for p in FIXTURE_PDFS])
def test_fixture_pdfs_read_the_same(path: Path) -> None:
    _assert_same(path)


@pytest.mark.parametrize("path", [HONGZE_2023, HONGZE_2024], ids=["2023", "2024"])
def test_corpus_reports_have_cells_and_findings(path: Path) -> None:
    """The comparison above is only worth something if the reports hold real values."""
    view = _report_view(path, "pdfium")
    assert isinstance(view, dict)
    assert len(view["cells"]) > 100
    assert view["cells"] == _report_view(path, "pdfminer")["cells"]  # type: ignore[index]


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("expected_path", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_round_trip_pdfs_read_the_same(expected_path: Path, rendered: dict[str, Path]) -> None:
    _assert_same(rendered[expected_path.stem])


@pytest.mark.parametrize(("producer", "stem"), [
    pytest.param(p, stem, id=f"{p.name}-{stem}", marks=[MARKS[p.tool]] if p.tool else [])
    for p in PRODUCERS if p.suffix == ".pdf" for stem in REPORTS])
def test_producer_matrix_pdfs_read_the_same(producer: Any, stem: str, matrix_folder: Path,
                                            produced: dict[str, bool]) -> None:
    _ensure(producer.tool, matrix_folder, produced)
    _assert_same(file_of(matrix_folder, stem, producer))


# Row labels set top to bottom, as narrow label columns print them: the browser draws each
# glyph upright, one below the other, and both back-ends must join them into the label.
_TOP_TO_BOTTOM = """<html><head><meta charset="utf-8"><style>td {border: 1px solid #000; padding: 4px}
.down {writing-mode: vertical-rl}</style></head><body><table style="border-collapse: collapse">
<tr><td class="down">行政许可</td><td>本年新收</td><td>12</td></tr>
<tr><td class="down">行政处罚</td><td>上年结转</td><td>3</td></tr></table></body></html>"""


@pytest.mark.chromium
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: apt-get install chromium fonts-noto-cjk")
def test_labels_set_top_to_bottom_read_the_same(tmp_path: Path) -> None:
    page, pdf = tmp_path / "labels.html", tmp_path / "labels.pdf"
    page.write_text(_TOP_TO_BOTTOM, encoding="utf-8")
    subprocess.run([str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   check=True, capture_output=True, timeout=300)
    _assert_same(pdf)
    for backend in BACKENDS:
        table = next(PdfReader().read(pdf, pdf_backend=backend).tables())
        rows = [[glyphs.fold_radicals(c) for c in row] for row in table.text_rows()]
        assert rows == [["行政许可", "本年新收", "12"], ["行政处罚", "上年结转", "3"]]


def _truncated() -> bytes:
    return HONGZE_2023.read_bytes()[:20_000]


def _bad_xref() -> bytes:
    data = HONGZE_2024.read_bytes()
    return data[: data.rindex(b"startxref")] + b"startxref\n999999999\n%%EOF\n"


def _blank() -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])


def _fake_bold() -> bytes:
    return _text_page(b"BT /F1 14 Tf 72 700 Td (Annual report) Tj ET BT /F1 14 Tf 72.3 700 Td (Annual report) Tj ET")


def _unmapped() -> bytes:
    return _text_page(b"BT /F1 12 Tf 72 700 Td (The text layer of this page is mostly fine.) Tj ET "
                      b"BT /F2 12 Tf 72 680 Td <003100320033> Tj ET", fonts=b"/F1 4 0 R /F2 6 0 R")


def _rotated_grid() -> bytes:
    grid = b"0.5 w 100 600 m 300 600 l S 100 650 m 300 650 l S 100 700 m 300 700 l S "
    grid += b"100 600 m 100 700 l S 200 600 m 200 700 l S 300 600 m 300 700 l S "
    grid += b"0 0 0 rg 100 560 200 1 re f 1 1 1 rg 100 540 200 1 re f 0 0 0 rg "
    text = b"BT /F1 12 Tf 110 680 Td (A1) Tj ET BT /F1 12 Tf 210 680 Td (B1) Tj ET "
    text += b"BT /F1 12 Tf 110 630 Td (A2) Tj ET BT /F1 12 Tf 195 630 Td (XX) Tj ET "
    text += b"BT /F1 12 Tf 0 1 -1 0 400 600 Tm (Sideways) Tj ET"
    return _text_page(grid + text)


def _nested_forms() -> bytes:
    """A ruled table and its text drawn in a form inside a form, each moved by its matrix."""
    grid = b"0.5 w 100 600 m 300 600 l S 100 650 m 300 650 l S 100 700 m 300 700 l S "
    grid += b"100 600 m 100 700 l S 200 600 m 200 700 l S 300 600 m 300 700 l S "
    text = b"BT /F1 12 Tf 110 680 Td (A1) Tj ET BT /F1 12 Tf 210 680 Td (B1) Tj ET "
    text += b"BT /F1 12 Tf 110 630 Td (A2) Tj ET BT /F1 12 Tf 210 630 Td (42) Tj ET"
    font = b"/Font << /F1 6 0 R >>"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /X1 5 0 R >> " + font + b" >> >>",
        _stream(b"", b"q 1 0 0 1 20 30 cm /X1 Do Q BT /F1 12 Tf 72 800 Td (Page level heading) Tj ET"),
        _stream(b"/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Matrix [1 0 0 1 5 -20] "
                b"/Resources << /XObject << /X2 7 0 R >> " + font + b" >>",
                b"q 0.9 0 0 0.9 10 10 cm /X2 Do Q BT /F1 12 Tf 72 760 Td (Inside the outer form) Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        _stream(b"/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << " + font + b" >>", grid + text),
    ])


def _vertical_labels() -> bytes:
    """Row labels in a CJK font written top to bottom (the predefined CMap UniGB-UCS2-V, the
    font left to the reader), one of them split so that its last glyph is a text object alone."""
    def ucs2(text: str) -> bytes:
        return b"<" + text.encode("utf-16-be").hex().upper().encode() + b">"

    grid = b"0.5 w 100 500 m 400 500 l S 100 600 m 400 600 l S 100 700 m 400 700 l S "
    grid += b"100 500 m 100 700 l S 150 500 m 150 700 l S 300 500 m 300 700 l S 400 500 m 400 700 l S "
    text = b"".join(b"BT /F%d 12 Tf 1 0 0 1 %d %d Tm %s Tj ET " % (font, x, y, ucs2(label)) for font, x, y, label in (
        (2, 119, 690, "行政许可"), (2, 119, 590, "行政处"), (2, 119, 554, "罚"),
        (3, 160, 680, "本年新收"), (3, 160, 580, "上年结转")))
    text += b"BT /F1 12 Tf 310 680 Td (12) Tj ET BT /F1 12 Tf 310 580 Td (3) Tj ET"

    def song(descendant: int, cmap: bytes) -> list[bytes]:
        return [b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /%s "
                b"/DescendantFonts [%d 0 R] >>" % (cmap, descendant),
                b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>"]

    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
        b"/Resources << /Font << /F1 4 0 R /F2 6 0 R /F3 8 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        _stream(b"", grid + text), *song(7, b"UniGB-UCS2-V"), *song(9, b"UniGB-UCS2-H"),
    ])


def test_a_font_written_top_to_bottom_gives_the_same_glyphs(tmp_path: Path) -> None:
    path = tmp_path / "vertical.pdf"
    path.write_bytes(_vertical_labels())
    boxes = [[(c.text, c.x0, c.y0, c.x1, c.y1) for c in pdf_backends.load_document(path, b).pages[0].chars]
             for b in BACKENDS]
    assert _same(boxes[0], boxes[1])
    assert [box[:3] for box in boxes[0][:5]] == [("行", 113.0, 679.44), ("政", 113.0, 667.44),
                                                   ("许", 113.0, 655.44), ("可", 113.0, 643.44),
                                                   ("行", 113.0, 579.44)]
    for backend in BACKENDS:
        table = next(PdfReader().read(path, pdf_backend=backend).tables())
        assert table.text_rows() == [["行政许可", "本年新收", "12"], ["行政处罚", "上年结转", "3"]]


ODD_FILES = {
    "truncated": _truncated, "bad-xref": _bad_xref, "blank": _blank, "encrypted": _encrypted_pdf,
    "scan": _image_only_pdf, "fake-bold": _fake_bold, "unmapped": _unmapped, "grid": _rotated_grid,
    "nested-forms": _nested_forms, "vertical": _vertical_labels,
    "not-a-pdf": lambda: "这不是PDF文件。".encode(), "empty": lambda: b"",
    "garbage-after-header": lambda: b"%PDF-1.4\n" + zlib.compress(b"x" * 5000),
}


@pytest.mark.parametrize("name", sorted(ODD_FILES))
def test_odd_files_give_the_same_layout_or_error(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(ODD_FILES[name]())
    outcomes: list[object] = []
    for backend in BACKENDS:
        try:
            outcomes.append(_layout_view(PdfReader().read(path, pdf_backend=backend)))
        except ReadError as exc:
            assert str(path) in str(exc)
            outcomes.append(type(exc).__name__)
    assert outcomes[0] == outcomes[1]


def test_pdfium_is_the_default_where_installed() -> None:
    assert pdf_backends.default_backend() == "pdfium"


def test_missing_pdfium_is_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_backends, "pdfium_available", lambda: False)
    assert pdf_backends.default_backend() == "pdfminer"
    with pytest.raises(ConverterMissingError, match=r"govinfo-report\[fast\]"):
        PdfReader().read(HONGZE_2023, pdf_backend="pdfium")


@pytest.mark.parametrize("reading", [gr.read, gr.read_layout, PdfReader().read])
def test_unknown_backend_is_refused(reading: Callable[..., object]) -> None:
    with pytest.raises(ValueError, match="unknown PDF back-end 'ghostscript'; choose one of pdfminer, pdfium"):
        reading(HONGZE_2023, pdf_backend="ghostscript")


def test_command_line_chooses_the_backend(capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for backend in BACKENDS:
        main(["parse", "--flat", "--alone", "--pdf-backend", backend, str(HONGZE_2024)])
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0]["cells"] == outputs[1]["cells"]
    assert outputs[0]["cells"]["t3.new_received.total"] == 95
