"""The PDF reader on real reports, on a LibreOffice-rendered grid and on broken files.

The hongze reports are hard cases on purpose: pdfminer's own text order runs their big table
column by column and splits the row labels into single characters, so these tests pin the
grid read by coordinates against the values checked by hand in the corpus.
"""

from __future__ import annotations

import gc
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govinfo_report.errors import CorruptFileError, EmptyDocumentError, EncryptedFileError, NeedsOCRError
from govinfo_report.layout import Layout, Table
from govinfo_report.readers.notes import unmapped_glyphs
from govinfo_report.readers.pdf import PdfReader
from pdf_support import assemble

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "raw" / "kirogovcompare"
HONGZE_2023 = CORPUS / "hongze-2023.pdf"
HONGZE_2024 = CORPUS / "hongze-2024.pdf"
LIBREOFFICE_GRID = FIXTURES / "libreoffice-grid.pdf"


@pytest.fixture(scope="module")
def hongze_2023() -> Layout:
    return PdfReader().read(HONGZE_2023)


@pytest.fixture(scope="module")
def hongze_2024() -> Layout:
    return PdfReader().read(HONGZE_2024)


def _table_with(layout: Layout, label: str) -> Table:
    for table in layout.tables():
        if any(label in cell for row in table.text_rows() for cell in row):
            return table
    raise AssertionError(f"no table holds {label!r}")


def _row(table: Table, label: str) -> list[str]:
    for row in table.text_rows():
        if any(label in cell for cell in row):
            return row
    raise AssertionError(f"no row labelled {label!r}")


def _numbers(row: list[str]) -> list[str]:
    return [cell for cell in row if cell and cell.replace(".", "", 1).isdigit()]


# --- hongze 2023 -------------------------------------------------------------------------


def test_2023_requests_row_new_received(hongze_2023: Layout) -> None:
    row = _row(_table_with(hongze_2023, "本年新收"), "本年新收")
    assert row[0] == "一、本年新收政府信息公开申请数量"
    assert _numbers(row) == ["21", "0", "0", "0", "0", "0", "21"]


def test_2023_requests_table_is_one_table_across_pages(hongze_2023: Layout) -> None:
    table = _table_with(hongze_2023, "本年新收")
    labels = [" ".join(row) for row in table.text_rows()]
    assert table.location.page == 3
    assert any("结转下年度继续办理" in label for label in labels), "page-4 rows joined"
    pages = {cell.location.page for row in table.rows for cell in row}
    assert pages == {3, 4}
    assert len(table.text_rows()) == 26
    assert _numbers(_row(table, "（七）总计")) == ["21", "0", "0", "0", "0", "0", "21"]
    assert _numbers(_row(table, "（四）无法提供")) == ["10", "0", "0", "0", "0", "0", "10"]
    assert _numbers(_row(table, "3.补正后申请内容仍不明确")) == ["0"] * 7


def test_2023_vertical_label_is_read_whole(hongze_2023: Layout) -> None:
    table = _table_with(hongze_2023, "本年新收")
    assert "三、本年度办理结果" in [cell for row in table.text_rows() for cell in row]


def test_2023_missing_glyphs_are_kept_as_printed(hongze_2023: Layout) -> None:
    row = _row(_table_with(hongze_2023, "本年新收"), "2.其他法律行政止公开")
    assert "2.其他法律行政止公开" in row


def test_2023_appeals_row(hongze_2023: Layout) -> None:
    table = _table_with(hongze_2023, "复议后起诉")
    assert table.text_rows()[-1] == [
        "10",
        "1",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "5",
        "0",
        "0",
        "0",
        "0",
    ]


def test_2023_active_table_joined_across_pages(hongze_2023: Layout) -> None:
    table = _table_with(hongze_2023, "行政许可")
    assert _row(table, "行政许可")[:2] == ["行政许可", "550"]
    assert _row(table, "行政处罚")[:2] == ["行政处罚", "4119"]
    assert _row(table, "行政强制")[:2] == ["行政强制", "195"]
    assert _row(table, "行政事业性收费")[:2] == ["行政事业性收费", "7730.28"]
    assert _row(table, "行政规范性文件") == ["行政规范性文件", "0", "5", "5"]


def test_2023_tables_are_confident(hongze_2023: Layout) -> None:
    assert [t.confidence for t in hongze_2023.tables()] == [1.0, 1.0, 1.0]


def test_2023_metadata_and_prose(hongze_2023: Layout) -> None:
    assert hongze_2023.metadata["title"] == "洪泽区人民政府2023年政府信息公开工作年度报告"
    text = "\n".join(p.text for p in hongze_2023.paragraphs())
    assert "2023年全区受理政府信息公开申请21件" in text
    assert "全年收取政府信息公开信息处理费0元" in text
    assert hongze_2023.notes == ()


# --- hongze 2024 -------------------------------------------------------------------------


def test_2024_requests_rows(hongze_2024: Layout) -> None:
    table = _table_with(hongze_2024, "本年新收")
    assert _numbers(_row(table, "本年新收")) == ["95", "0", "0", "0", "0", "0", "95"]
    assert _numbers(_row(table, "（一）予以公开")) == ["50", "0", "0", "0", "0", "0", "50"]
    assert _numbers(_row(table, "1.本机关不掌握相关政府信息")) == ["31", "0", "0", "0", "0", "0", "31"]
    assert _numbers(_row(table, "2.没有现成信息需要另行制作")) == ["1", "0", "0", "0", "0", "0", "1"]
    assert _numbers(_row(table, "结转下年度继续办理")) == ["0"] * 7


def test_2024_licensing_read_in_place_despite_stream_order(hongze_2024: Layout) -> None:
    table = _table_with(hongze_2024, "行政许可")
    assert _row(table, "行政许可")[:2] == ["行政许可", "9487"]
    assert _row(table, "行政规范性文件") == ["行政规范性文件", "3", "0", "8"]
    assert _row(table, "行政事业性收费")[:2] == ["行政事业性收费", "7545"]
    assert _row(table, "行政处罚")[:2] == ["行政处罚", "2776"]


def test_2024_appeals_row(hongze_2024: Layout) -> None:
    table = _table_with(hongze_2024, "复议后起诉")
    assert table.text_rows()[-1] == [
        "1",
        "1",
        "0",
        "0",
        "2",
        "1",
        "0",
        "0",
        "0",
        "1",
        "2",
        "0",
        "1",
        "0",
        "3",
    ]


def test_2024_generic_title_and_agency_line(hongze_2024: Layout) -> None:
    assert hongze_2024.metadata["title"] == "政府信息公开工作年度报告"
    first = next(iter(hongze_2024.paragraphs()))
    assert first.text == "淮安市洪泽区人民政府"
    assert first.location.page == 1


@pytest.mark.parametrize("name", ["hongze_2023", "hongze_2024"])
def test_footers_not_in_prose(name: str, request: pytest.FixtureRequest) -> None:
    layout: Layout = request.getfixturevalue(name)
    texts = [p.text for p in layout.paragraphs()]
    assert not any(t.strip(" -—").isdigit() for t in texts)
    assert not any(t.startswith("-") for t in texts)


@pytest.mark.parametrize("name", ["hongze_2023", "hongze_2024"])
def test_cells_carry_locations(name: str, request: pytest.FixtureRequest) -> None:
    layout: Layout = request.getfixturevalue(name)
    for table in layout.tables():
        for row in table.rows:
            for cell in row:
                assert cell.location.page is not None
                assert cell.location.bbox is not None


def test_sniff() -> None:
    reader = PdfReader()
    assert reader.sniff(HONGZE_2023.read_bytes()[:64], HONGZE_2023) == 1.0
    assert reader.sniff(b"<html>", Path("x.pdf")) == 0.0


# --- LibreOffice-rendered grid ------------------------------------------------------------

GRID_PARAGRAPH = "本年度共受理政府信息公开申请24件。"
GRID_ROWS = [["项目", "数量", ""], ["自然人", "21", "3"], ["法人", "0", "5"]]


def build_grid_docx(path: Path) -> None:
    """A Chinese paragraph and a bordered 3x3 table whose top right cells are merged."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    paragraph = document.add_paragraph(GRID_PARAGRAPH)
    for run in paragraph.runs:
        run.font.name = "Noto Serif CJK SC"
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Serif CJK SC")
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(GRID_ROWS):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(0, 1).merge(table.cell(0, 2))
    document.save(str(path))


def render_with_libreoffice(docx_path: Path, outdir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None
    profile = (outdir / "lo-profile").resolve().as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / (docx_path.stem + ".pdf")


def _check_grid(layout: Layout) -> None:
    tables = list(layout.tables())
    assert len(tables) == 1
    table = tables[0]
    assert table.text_rows() == GRID_ROWS
    assert [len(row) for row in table.rows] == [2, 3, 3]
    assert table.rows[0][1].col_span == 2
    assert table.confidence == 1.0
    assert [p.text for p in layout.paragraphs()] == [GRID_PARAGRAPH]


def test_libreoffice_fixture_grid() -> None:
    _check_grid(PdfReader().read(LIBREOFFICE_GRID))


@pytest.mark.libreoffice
@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed; the committed fixture is tested instead",
)
def test_libreoffice_regenerated_grid(tmp_path: Path) -> None:
    docx_path = tmp_path / "libreoffice-grid.docx"
    build_grid_docx(docx_path)
    _check_grid(PdfReader().read(render_with_libreoffice(docx_path, tmp_path)))


# --- broken and unreadable files ----------------------------------------------------------


def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    return assemble(objects, trailer_extra)


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _image_only_pdf() -> bytes:
    pixels = zlib.compress(bytes(range(256)) * 16)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /XObject << /Im0 5 0 R >> >> >>",
            _stream(b"", b"q 400 0 0 600 90 120 cm /Im0 Do Q"),
            _stream(
                b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode",
                pixels,
            ),
        ]
    )


def _encrypted_pdf() -> bytes:
    """RC4 standard security with a user password that is not empty, so opening must fail."""
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> /P -44 >>"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            encrypt,
        ],
        trailer_extra=b"/Encrypt 4 0 R /ID [<" + b"01" * 16 + b"> <" + b"01" * 16 + b">] ",
    )


def test_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(HONGZE_2023.read_bytes()[:20_000])
    with pytest.raises(CorruptFileError) as info:
        PdfReader().read(path)
    assert "truncated" in str(info.value)


def test_text_file_named_pdf_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("这不是PDF文件，只是一段文字。\n", encoding="utf-8")
    with pytest.raises(CorruptFileError) as info:
        PdfReader().read(path)
    assert "not a PDF" in str(info.value)


def test_empty_file_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(CorruptFileError):
        PdfReader().read(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted_pdf())
    with pytest.raises(EncryptedFileError):
        PdfReader().read(path)


def test_image_only_pdf_needs_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_only_pdf())
    with pytest.raises(NeedsOCRError) as info:
        PdfReader().read(path)
    assert "1 image" in str(info.value)


def test_blank_pdf_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            ]
        )
    )
    with pytest.raises(EmptyDocumentError):
        PdfReader().read(path)


def test_broken_xref_is_still_read(tmp_path: Path) -> None:
    data = HONGZE_2024.read_bytes()
    start = data.rindex(b"startxref")
    path = tmp_path / "badxref.pdf"
    path.write_bytes(data[:start] + b"startxref\n999999999\n%%EOF\n")
    layout = PdfReader().read(path)
    table = _table_with(layout, "本年新收")
    assert _numbers(_row(table, "本年新收")) == ["95", "0", "0", "0", "0", "0", "95"]


# --- hand-made pages: fake bold, unmapped glyphs, tables without rules ---------------------


def _text_page(content: bytes, fonts: bytes = b"/F1 4 0 R") -> bytes:
    """One page drawing ``content`` with Helvetica as /F1 (plus any extra font objects)."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
            b"/Resources << /Font << " + fonts + b" >> >> >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            _stream(b"", content),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H "
            b"/DescendantFonts [7 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        ]
    )


def test_fake_bold_is_deduplicated(tmp_path: Path) -> None:
    content = (
        b"BT /F1 14 Tf 72 700 Td (Annual report) Tj ET "
        b"BT /F1 14 Tf 72.3 700 Td (Annual report) Tj ET "
        b"BT /F1 14 Tf 72 650 Td (Book keeper 2023) Tj ET"
    )
    path = tmp_path / "bold.pdf"
    path.write_bytes(_text_page(content))
    texts = [p.text for p in PdfReader().read(path).paragraphs()]
    assert texts == ["Annual report", "Book keeper 2023"]


def test_unmapped_glyphs_are_counted(tmp_path: Path) -> None:
    content = (
        b"BT /F1 12 Tf 72 700 Td (The text layer of this page is mostly fine.) Tj ET "
        b"BT /F2 12 Tf 72 680 Td <003100320033> Tj ET"
    )
    path = tmp_path / "nomap.pdf"
    path.write_bytes(_text_page(content, fonts=b"/F1 4 0 R /F2 6 0 R"))
    layout = PdfReader().read(path)
    assert unmapped_glyphs(3) in layout.notes
    assert "\ufffd\ufffd\ufffd" in layout.plain_text()


def test_table_without_rules_is_read_by_alignment(tmp_path: Path) -> None:
    rows = [(b"Item", b"2023", b"2024"), (b"Licences", b"550", b"9487"), (b"Penalties", b"4119", b"2776")]
    content = b"".join(
        b"BT /F1 11 Tf %d %d Td (%s) Tj ET " % (x, 700 - 20 * r, text)
        for r, row in enumerate(rows)
        for x, text in zip((72, 260, 380), row, strict=True)
    )
    path = tmp_path / "stream.pdf"
    path.write_bytes(_text_page(b"BT /F1 11 Tf 72 760 Td (Figures by year) Tj ET " + content))
    layout = PdfReader().read(path)
    tables = list(layout.tables())
    assert len(tables) == 1
    assert tables[0].text_rows() == [[t.decode() for t in row] for row in rows]
    assert tables[0].confidence < 1.0
    assert [p.text for p in layout.paragraphs()] == ["Figures by year"]


def test_glyph_straddling_a_rule_lowers_confidence(tmp_path: Path) -> None:
    grid = b"0.5 w 100 600 m 300 600 l S 100 650 m 300 650 l S 100 700 m 300 700 l S "
    grid += b"100 600 m 100 700 l S 200 600 m 200 700 l S 300 600 m 300 700 l S "
    text = b"BT /F1 12 Tf 110 680 Td (A1) Tj ET BT /F1 12 Tf 210 680 Td (B1) Tj ET "
    text += b"BT /F1 12 Tf 110 630 Td (A2) Tj ET BT /F1 12 Tf 195 630 Td (XX) Tj ET"
    path = tmp_path / "straddle.pdf"
    path.write_bytes(_text_page(grid + text))
    table = next(PdfReader().read(path).tables())
    assert table.text_rows()[0] == ["A1", "B1"]
    assert table.confidence == 0.75
    assert min(cell.confidence for row in table.rows for cell in row) < 1.0


def test_needs_ocr_says_what_to_install(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_only_pdf())
    with pytest.raises(NeedsOCRError, match="pip install govinfo-report-ocr"):
        PdfReader().read(path)


@pytest.mark.parametrize("collecting", [True, False], ids=["on", "off"])
@pytest.mark.parametrize("backend", ["pdfium", "pdfminer"])
def test_the_collector_is_left_as_the_caller_had_it(collecting: bool, backend: str, tmp_path: Path) -> None:
    """Reading pauses the garbage collector; afterwards, and after a typed error too, it runs
    again only if it ran before."""
    if backend == "pdfium":
        pytest.importorskip("pypdfium2", reason="the pdfium back-end needs the 'fast' extra: pip install '.[fast]'")
    good, locked = tmp_path / "good.pdf", tmp_path / "locked.pdf"
    good.write_bytes(_text_page(b"BT /F1 12 Tf 72 700 Td (The text layer of this page is fine.) Tj ET"))
    locked.write_bytes(_encrypted_pdf())
    was = gc.isenabled()
    try:
        gc.enable() if collecting else gc.disable()
        layout = PdfReader().read(good, pdf_backend=backend)
        assert "text layer" in " ".join(p.text for p in layout.paragraphs())
        assert gc.isenabled() is collecting
        with pytest.raises(EncryptedFileError):
            PdfReader().read(locked, pdf_backend=backend)
        assert gc.isenabled() is collecting
    finally:
        gc.enable() if was else gc.disable()


def test_a_line_splits_at_a_wide_gap_into_pieces_joined_and_boxed_alone() -> None:
    from govinfo_report.readers.pdf_page import Char
    from govinfo_report.readers.pdf_text import line_pieces

    line = [
        Char("a", 10.0, 100.0, 15.0, 110.0, 10.0),
        Char("b", 19.0, 99.0, 24.0, 111.0, 12.0),  # 4 pt apart: a word gap (over 0.25 of 12)
        Char("中", 24.0, 100.0, 34.0, 110.0, 10.0, confidence=0.8),
        Char("1", 80.0, 98.0, 85.0, 108.0, 9.0),  # 46 pt apart: another column
        Char("2", 85.0, 97.0, 90.0, 109.0, 11.0),
    ]
    first, second = line_pieces(line)
    assert (first.text, first.x0, first.y0, first.x1, first.y1, first.size, first.confidence) == (
        "a b中", 10.0, 99.0, 34.0, 111.0, 10.0, 0.8)
    assert (second.text, second.x0, second.y0, second.x1, second.y1, second.size, second.confidence) == (
        "12", 80.0, 97.0, 90.0, 109.0, 11.0, 1.0)


@given(st.lists(st.tuples(st.sampled_from(["a", "Z", "7", "中", "表", "（", "-"]),
                          st.floats(min_value=-1.0, max_value=2.4), st.floats(min_value=1.0, max_value=20.0)),
                min_size=1, max_size=12))
def test_a_line_without_a_wide_gap_is_one_piece_spaced_as_its_glyphs_are_joined(
        glyphs: list[tuple[str, float, float]]) -> None:
    """The one pass that splits, joins and boxes a line spaces its glyphs by the rule
    ``join_chars`` follows: gaps from none to just under a piece gap, some of them word gaps."""
    from govinfo_report.readers.pdf_page import Char
    from govinfo_report.readers.pdf_text import join_chars, line_pieces

    line, x = [], 0.0
    previous = glyphs[0][2]
    for text, gap_in_sizes, size in glyphs:
        x += gap_in_sizes * min(size, previous)  # under 2.5 of the larger size: no new piece
        line.append(Char(text, x, 100.0, x + size / 2, 100.0 + size, size))
        x, previous = x + size / 2, size
    (piece,) = line_pieces(line)
    assert piece.text == join_chars(line)
