"""The PDFium back-end reads every character's code point from the page's text in one call
only where that text lines up with the characters one for one."""

from __future__ import annotations

import ctypes
import gc
from pathlib import Path
from types import ModuleType

import pytest

from test_pdf_reader import _pdf, _stream, _text_page

pdfium = pytest.importorskip("pypdfium2", reason="the pdfium back-end needs the 'fast' extra: pip install '.[fast]'")
raw = pytest.importorskip("pypdfium2.raw")

from govinfo_report.readers import pdf_chars, pdf_layout, pdf_pdfium  # noqa: E402
from govinfo_report.readers.pdf_backends import load_document  # noqa: E402
from govinfo_report.readers.pdf_page import DocumentContent  # noqa: E402

# A Type0 font whose ToUnicode map sends code 1 to U+1D43A (a surrogate pair) and code 2 to "A".
_ASTRAL_CMAP = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Astral def\n"
    b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
    b"2 beginbfchar <0001> <D835DC3A> <0002> <0041> endbfchar\n"
    b"endcmap CMapName currentdict /CMap defineresource pop end end"
)


_HYPHENATED = b"BT /F1 12 Tf 72 700 Td (An infor-) Tj ET BT /F1 12 Tf 72 686 Td (mation sheet) Tj ET"


def _astral_page() -> bytes:
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F2 5 0 R >> >> >>",
        _stream(b"", b"BT /F2 12 Tf 72 700 Td <0002000100020002> Tj ET"),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Astral /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Astral "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        _stream(b"", _ASTRAL_CMAP),
    ])


def _read(data: bytes) -> tuple[str, tuple[list[int], bool], list[int]]:
    """The page's text as PDFium gives it, the codes read by the back-end, and each
    character's code point asked one at a time."""
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        textpage = page.get_textpage()
        count = textpage.count_chars()
        one_by_one = [raw.FPDFText_GetUnicode(textpage, i) for i in range(count)]
        return textpage.get_text_range(), pdf_pdfium._codes(textpage.raw, count), one_by_one
    finally:
        document.close()


def test_codes_come_from_the_page_text_where_it_lines_up() -> None:
    text, (codes, halves), one_by_one = _read(_text_page(b"BT /F1 12 Tf 72 700 Td (Annual report 2023) Tj ET"))
    assert text == "Annual report 2023"
    assert codes == one_by_one == [ord(c) for c in text]
    assert not halves


def test_a_hyphen_at_a_line_end_is_asked_for_its_own_code() -> None:
    """PDFium's text shows such a hyphen as U+FFFE; the character itself is U+0002, which
    the back-end reads as the hyphen printed."""
    text, (codes, _), one_by_one = _read(_text_page(_HYPHENATED))
    assert "\ufffe" in text
    assert one_by_one[text.index("\ufffe")] == 2
    assert codes == [0x2D if code == 2 else code for code in one_by_one]


def test_a_surrogate_pair_sends_every_character_to_be_asked() -> None:
    """PDFium keeps both halves of a pair as characters; its text joins them into one."""
    text, (codes, halves), one_by_one = _read(_astral_page())
    assert len(text) == len(codes) - 1
    assert codes == one_by_one == [0x41, 0xD835, 0xDC3A, 0x41, 0x41]
    assert halves



@pytest.mark.parametrize(("data", "printed"), [
    (_text_page(_HYPHENATED), "Aninfor-mationsheet"),
    (_astral_page(), "A\U0001d43aAA"),
], ids=["line-end-hyphen", "surrogate-pair"])
def test_both_back_ends_give_the_characters_printed(data: bytes, printed: str, tmp_path: Path) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(data)
    pages = {backend: load_document(path, backend).pages[0] for backend in ("pdfminer", "pdfium")}
    assert ["".join(c.text for c in page.chars) for page in pages.values()] == [printed, printed]
    widths = [[round(c.x1 - c.x0, 2) for c in page.chars] for page in pages.values()]
    assert widths[0] == widths[1]


def test_a_code_points_text_is_the_same_whether_kept_or_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Code point → text is kept from file to file up to a bound; a file read with the store
    full (its codes not in it) reads the same glyphs, and the store holds only true texts."""
    path = tmp_path / "page.pdf"
    path.write_bytes(_text_page(b"BT /F1 12 Tf 72 700 Td (An \\256 report) Tj ET"))
    monkeypatch.setattr(pdf_pdfium, "_TEXTS", {})
    first = [c.text for c in load_document(path, "pdfium").pages[0].chars]
    kept = dict(pdf_pdfium._TEXTS)
    assert kept and all(text == pdf_pdfium._visible(code) for code, text in kept.items())
    assert kept[ord(" ")] == ""
    full = {code: pdf_pdfium._visible(code) for code in range(0x4E00, 0x4E00 + pdf_pdfium._TEXTS_KEPT)}
    monkeypatch.setattr(pdf_pdfium, "_TEXTS", full)
    assert [c.text for c in load_document(path, "pdfium").pages[0].chars] == first == list("An®report")
    assert len(full) == pdf_pdfium._TEXTS_KEPT and ord("A") not in full


@pytest.mark.parametrize(("code", "text"), [(0xFB01, "fi"), (0x20, ""), (0x3000, ""), (0, ""), (0x5E74, "年")])
def test_a_code_points_text(code: int, text: str) -> None:
    assert pdf_pdfium._visible(code) == text


@pytest.mark.parametrize(("shift", "unmoved"), [(-0.0, True), (0.0, False), (0, False), (-1.0, False)])
def test_only_a_negative_zero_shift_leaves_every_coordinate_as_it_is(shift: float, unmoved: bool) -> None:
    """-0.0 + -0.0 stays -0.0 and x + -0.0 is x; a positive zero would turn -0.0 into 0.0."""
    assert pdf_pdfium._unmoved(shift) is unmoved
    if shift == 0:
        assert all(str(x + shift) == str(x) for x in (-0.0, 0.0, 1.5)) is unmoved


def _pages_in(fonts: list[bytes]) -> bytes:
    """One page per font named, each drawing the same text in it."""
    count = len(fonts)
    kids = b" ".join(b"%d 0 R" % (3 + 2 * k) for k in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count]
    for k in range(count):
        objects += [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R " % (4 + 2 * k)
            + b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (3 + 2 * count + k),
            _stream(b"", b"BT /F1 12 Tf 72 700 Td (Wide mmm iii) Tj ET"),
        ]
    objects += [b"<< /Type /Font /Subtype /Type1 /BaseFont /" + font + b" /Encoding /WinAnsiEncoding >>"
                for font in fonts]
    return _pdf(objects)


def test_advance_widths_kept_from_page_to_page_are_each_fonts_own(tmp_path: Path) -> None:
    """Widths are kept by the font's address from one page to the next: every page reads as
    it reads alone, whichever fonts the pages before it drew with (a font freed with its page
    can leave its address to another font of a later page)."""
    fonts = [b"Helvetica", b"Courier", b"Times-Roman", b"Helvetica", b"Times-Roman", b"Courier"]
    path = tmp_path / "fonts.pdf"
    path.write_bytes(_pages_in(fonts))
    pages = load_document(path, "pdfium").pages
    alone = []
    for k, font in enumerate(fonts):
        single = tmp_path / f"{k}.pdf"
        single.write_bytes(_pages_in([font]))
        alone.append(load_document(single, "pdfium").pages[0].chars)
    assert [page.chars for page in pages] == alone
    widths = {font: tuple(ch.x1 - ch.x0 for ch in alone[k]) for k, font in enumerate(fonts)}
    assert len(set(widths.values())) == 3  # the three fonts draw the letters at their own widths


def test_an_object_passed_by_its_address_answers_as_its_handle() -> None:
    document = pdfium.PdfDocument(_text_page(b"BT /F1 12 Tf 72 700 Td (Annual report 2023) Tj ET"))
    try:
        textpage = document[0].get_textpage()
        address = ctypes.cast(textpage.raw, ctypes.c_void_p).value
        argument = pdf_pdfium._argument(address)
        count = textpage.count_chars()
        assert count > 0 and pdf_pdfium._count_chars(argument) == pdf_pdfium._count_chars(textpage.raw) == count
        assert pdf_pdfium._codes(argument, count) == pdf_pdfium._codes(textpage.raw, count)
        assert [pdf_pdfium._text_object(argument, i) for i in range(count)] == [
            pdf_pdfium._text_object(textpage.raw, i) for i in range(count)]
    finally:
        document.close()


@pytest.mark.parametrize(("backend", "collecting"), [("pdfium", False), ("pdfminer", True)])
def test_pdfium_reads_paused_with_the_layout_and_pdfminer_with_the_collector_running(
        backend: str, collecting: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PDFium's reading leaves no cycles, so the collector resumes only once its glyphs are
    freed; pdfminer's parser leaves cycles and reads with the collector running."""
    path = tmp_path / "page.pdf"
    path.write_bytes(_text_page(b"BT /F1 12 Tf 72 700 Td (Annual report 2023) Tj ET"))
    seen: list[bool] = []
    load = pdf_layout.load_document

    def watched(path: Path, backend: str | None = None) -> DocumentContent:
        seen.append(gc.isenabled())
        return load(path, backend)

    monkeypatch.setattr(pdf_layout, "load_document", watched)
    was = gc.isenabled()
    gc.enable()
    try:
        layout = pdf_layout.read_pdf(path, backend=backend)
        assert gc.isenabled()
    finally:
        if not was:
            gc.disable()
    assert seen == [collecting]
    assert "Annual report 2023" in layout.plain_text()


@pytest.mark.parametrize(("module", "backend", "collecting"), [(pdf_pdfium, "pdfium", False),
                                                               (pdf_chars, "pdfminer", True)])
def test_a_back_end_called_on_its_own_reads_as_it_does_within_a_layout(
        module: ModuleType, backend: str, collecting: bool, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Which back-end reads paused is told by the back-ends alone, so a plugin that asks for
    a document's glyphs (OCR, filling in the pages without text) reads it as the reader does."""
    path = tmp_path / "page.pdf"
    path.write_bytes(_text_page(b"BT /F1 12 Tf 72 700 Td (Annual report 2023) Tj ET"))
    seen: list[bool] = []
    load = module.load_document

    def watched(path: Path) -> DocumentContent:
        seen.append(gc.isenabled())
        return load(path)

    monkeypatch.setattr(module, "load_document", watched)
    was = gc.isenabled()
    gc.enable()
    try:
        document = load_document(path, backend)
        assert gc.isenabled()
    finally:
        if not was:
            gc.disable()
    assert seen == [collecting]
    assert "".join(char.text for char in document.pages[0].chars) == "Annualreport2023"
