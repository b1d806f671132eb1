"""OFD packages read to the same cells and findings as the PDFs they were made from.

The OFDs are written at test time by ``ofd_support`` from the corpus PDFs and from the
browser-printed PDFs of every expected report (the producer matrix's), in several styles a
reader must follow (object CTMs, template pages, filled hairline rules, two documents); small
hand-made packages pin each part of the standard the reader implements, and broken or hostile
ones get one typed error each.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import govinfo_report as gr
from govinfo_report.errors import (
    CorruptFileError,
    EmptyDocumentError,
    EncryptedFileError,
    NeedsOCRError,
    TooComplexError,
    TooLargeError,
)
from govinfo_report.limits import Limits, use
from govinfo_report.plugins.manager import default_registry
from govinfo_report.readers.ofd_content import POINTS_PER_MM, load_document
from govinfo_report.writers.docx_writer import DocxWriter
from ofd_support import NS, Style, document_xml, ofd_root, page_root, pdf_to_ofd, q, steps, write_package, xml
from producer_matrix import BY_NAME, PRODUCE, TOOL_MISSING, file_of, tool_available
from test_producer_matrix import REPORTS
from writer_support import build_report

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS_PDFS = sorted((FIXTURES / "corpus" / "raw").rglob("*.pdf"))
STYLES = {
    "plain": Style(),
    "scaled-template": Style(scaled=True, template_rules=True),
    "filled-two-documents": Style(filled_rules=True, two_documents=True),
}


def _same_reading(pdf: Path, ofd: Path) -> None:
    want, got = gr.read(pdf), gr.read(ofd)
    assert got.flat_cells() == want.flat_cells()
    assert (got.meta.template, got.meta.year) == (want.meta.template, want.meta.year)
    findings = [sorted((f.code, tuple(f.cells)) for f in gr.check(r)) for r in (want, got)]
    assert findings[1] == findings[0]
    assert sum(v is not None for v in got.flat_cells().values()) > 20


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("pdf", CORPUS_PDFS, ids=lambda p: p.stem)
def test_corpus_pdf_as_ofd_reads_the_same(pdf: Path, style: str, tmp_path: Path) -> None:
    _same_reading(pdf, pdf_to_ofd(pdf, tmp_path / f"{pdf.stem}.ofd", STYLES[style]))


@pytest.mark.chromium
@pytest.mark.parametrize("stem", sorted(REPORTS))
def test_every_expected_report_as_ofd_reads_the_same(stem: str, matrix_folder: Path, produced: dict[str, bool],
                                                     tmp_path: Path) -> None:
    """Each report printed to PDF by the browser, then rewritten as OFD: the same cells and findings."""
    if not tool_available("chromium"):
        pytest.skip(TOOL_MISSING["chromium"])
    if "chromium" not in produced:
        produced["chromium"] = True
        PRODUCE["chromium"](matrix_folder, REPORTS)
    pdf = file_of(matrix_folder, stem, BY_NAME["chromium"])
    style = STYLES[sorted(STYLES)[len(stem) % len(STYLES)]]
    _same_reading(pdf, pdf_to_ofd(pdf, tmp_path / f"{stem}.ofd", style))


def test_grid_fixture_keeps_its_blocks(tmp_path: Path) -> None:
    pdf = FIXTURES / "pdf" / "libreoffice-grid.pdf"
    ofd = pdf_to_ofd(pdf, tmp_path / "grid.ofd", STYLES["scaled-template"])
    want, got = gr.read_layout(pdf), gr.read_layout(ofd)
    assert got.reader == "ofd"
    assert [type(b).__name__ for b in got.blocks] == [type(b).__name__ for b in want.blocks]
    assert [_texts(b) for b in got.blocks] == [_texts(b) for b in want.blocks]


def _texts(block: Any) -> Any:
    rows = getattr(block, "rows", None)
    return block.text if rows is None else [[cell.text for cell in row] for row in rows]


# -- the parts of the standard, one at a time ---------------------------------------------------
def _package(path: Path, layers: list[str], *, page_box: tuple[float, float] | None = None,
             templates: dict[str, str] | None = None, extra: dict[str, bytes] | None = None) -> Path:
    """One document of pages whose body layers hold ``layers`` (OFD XML, ofd: prefix)."""
    parts: dict[str, bytes] = {"OFD.xml": ofd_root(["Doc_0/Document.xml"], "试验")}
    locs = []
    for i, body in enumerate(layers):
        locs.append(f"Pages/Page_{i}/Content.xml")
        area = "" if page_box is None else f"<ofd:Area><ofd:PhysicalBox>0 0 {page_box[0]} {page_box[1]}" \
                                           "</ofd:PhysicalBox></ofd:Area>"
        uses = "".join(f'<ofd:Template TemplateID="{t}"/>' for t in templates or {})
        parts[f"Doc_0/{locs[-1]}"] = (f'<ofd:Page xmlns:ofd="{NS}">{area}{uses}<ofd:Content><ofd:Layer ID="1">'
                                      f"{body}</ofd:Layer></ofd:Content></ofd:Page>").encode()
    parts["Doc_0/Document.xml"] = document_xml(locs, (200, 100), templates)
    parts.update(extra or {})
    return write_package(path, parts)


def _pt(mm: float) -> float:
    return mm * POINTS_PER_MM


def test_text_placed_by_boundary_ctm_and_deltax_shorthand(tmp_path: Path) -> None:
    text = ('<ofd:TextObject ID="2" Boundary="10 20 100 10" CTM="2 0 0 2 0 0" Size="3" Font="1">'
            '<ofd:TextCode X="1" Y="4" DeltaX="g 2 3.5 1">政府信息</ofd:TextCode></ofd:TextObject>')
    page = load_document(_package(tmp_path / "t.ofd", [text])).pages[0]
    assert (page.width, page.height) == pytest.approx((_pt(200), _pt(100)), abs=1e-3)
    assert [c.text for c in page.chars] == list("政府信息")
    # x: boundary 10 + 2 × (1, 4.5, 8, 9); baseline y: 20 + 2 × 4 from the top of a 100 mm page.
    assert [c.x0 for c in page.chars] == pytest.approx([_pt(10 + 2 * x) for x in (1, 4.5, 8, 9)], abs=1e-3)
    assert [c.y0 for c in page.chars] == pytest.approx([_pt(100 - 28)] * 4, abs=1e-3)
    assert [c.size for c in page.chars] == pytest.approx([_pt(6)] * 4, abs=1e-3)
    # A wide glyph reaches a font size, or only to the next one where that is closer.
    assert page.chars[0].x1 - page.chars[0].x0 == pytest.approx(_pt(6), abs=1e-3)
    assert page.chars[2].x1 - page.chars[2].x0 == pytest.approx(_pt(2), abs=1e-3)


def test_vertical_run_spaces_and_hidden_objects(tmp_path: Path) -> None:
    body = ('<ofd:TextObject ID="2" Boundary="50 10 10 40" Size="5"><ofd:TextCode X="0" Y="5" DeltaY="g 2 6">'
            '其他</ofd:TextCode><ofd:TextCode X="0" Y="30" DeltaX="2.5 2.5">1 2</ofd:TextCode></ofd:TextObject>'
            '<ofd:TextObject ID="3" Boundary="0 0 10 10" Size="5" Visible="false"><ofd:TextCode X="0" Y="5">'
            '隐</ofd:TextCode></ofd:TextObject>')
    page = load_document(_package(tmp_path / "v.ofd", [body], page_box=(100, 60))).pages[0]
    assert page.height == pytest.approx(_pt(60), abs=1e-3)
    assert [c.text for c in page.chars] == ["其", "他", "1", "2"]
    assert [c.x0 for c in page.chars[:2]] == pytest.approx([_pt(50)] * 2, abs=1e-3)
    assert [c.y0 for c in page.chars[:2]] == pytest.approx([_pt(60 - 15), _pt(60 - 21)], abs=1e-3)
    assert [c.x0 for c in page.chars[2:]] == pytest.approx([_pt(50), _pt(55)], abs=1e-3)


def test_paths_rules_and_what_is_no_rule(tmp_path: Path) -> None:
    def path(data: str, attrs: str = "", color: str = "") -> str:
        return (f'<ofd:PathObject ID="5" Boundary="10 10 100 50" {attrs}>{color}'
                f"<ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>")

    body = "".join([
        path("M 0 0 L 50 0 L 50 20 L 0 20 C"),  # a stroked box: two rules each way
        path("S 0 30 L 60 30.1", 'Fill="true" Stroke="false"'),  # filled, but no rectangle
        path("M 0 40 L 60 40 L 60 40.2 L 0 40.2 C", 'Fill="true" Stroke="false"'),  # a hairline rectangle
        path("M 0 45 L 60 45 L 60 45.2 L 0 45.2 C", 'Fill="true" Stroke="false"',
             '<ofd:FillColor Value="255 255 255"/>'),  # white: invisible
        path("M 70 0 B 80 10 90 10 99 0 L 99 40", ""),  # curved subpath
        path("M 70 0 Q 80 10 90 0 A 5 5 0 0 1 99 40 M 1 1 L 1 1.1", 'Stroke="false"'),  # neither drawn
    ])
    page = load_document(_package(tmp_path / "p.ofd", [body])).pages[0]
    horizontals = sorted((round(s.fixed / POINTS_PER_MM, 2), round(s.lo / POINTS_PER_MM, 2)) for s in page.horizontals)
    verticals = sorted(round(s.fixed / POINTS_PER_MM, 2) for s in page.verticals)
    assert horizontals == [(100 - 50.1, 10.0), (100 - 30, 10.0), (100 - 10, 10.0)]
    assert verticals == [10.0, 60.0]


def test_template_pages_and_two_documents(tmp_path: Path) -> None:
    template, layer = page_root()
    path = etree.SubElement(layer, q("PathObject"), ID="9", Boundary="0 0 200 100")
    etree.SubElement(path, q("AbbreviatedData")).text = "M 10 10 L 190 10"
    text = '<ofd:TextObject ID="2" Boundary="20 20 50 10" Size="4"><ofd:TextCode X="0" Y="4">甲</ofd:TextCode>' \
           "</ofd:TextObject>"
    single = _package(tmp_path / "one.ofd", [text, text], templates={"7": "Tpls/T.xml"},
                      extra={"Doc_0/Tpls/T.xml": xml(template)})
    pages = load_document(single).pages
    assert [len(p.horizontals) for p in pages] == [1, 1]
    with zipfile.ZipFile(single) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    # The same document twice, the second time named by an absolute path.
    parts["OFD.xml"] = ofd_root(["Doc_0/Document.xml", "/Doc_0/Document.xml"], "两份")
    content = load_document(write_package(tmp_path / "two.ofd", parts))
    assert [p.number for p in content.pages] == [1, 2, 3, 4]
    assert content.metadata == {"title": "两份", "creator": "ofd_support"}


def test_steps_shorthand_round_trip() -> None:
    assert steps([1.0, 1.0, 1.0, 2.5, 2.5, 3.0]) == "g 3 1 2.5 2.5 3"


# -- sniffing --------------------------------------------------------------------------------------
def test_sniffing_keeps_ofd_and_word_apart(tmp_path: Path) -> None:
    ofd = pdf_to_ofd(CORPUS_PDFS[0], tmp_path / "report.zip")
    docx = tmp_path / "report.ofd"
    docx.write_bytes(DocxWriter().render(build_report(), []))
    registry = default_registry()
    for path, name in ((ofd, "ofd"), (docx, "docx")):
        chosen = registry.reader_for(path, path.read_bytes()[:8192])
        assert chosen is not None and chosen.name == name


# -- broken and hostile packages -------------------------------------------------------------------
def _replace(path: Path, target: Path, changes: dict[str, bytes | None]) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, data in changes.items():
        if data is None:
            parts.pop(name, None)
        else:
            parts[name] = data
    return write_package(target, parts)


@pytest.fixture(scope="module")
def small_ofd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pdf_to_ofd(CORPUS_PDFS[0], tmp_path_factory.mktemp("ofd") / "small.ofd")


@pytest.mark.parametrize(("changes", "error", "words"), [
    ({"OFD.xml": None}, CorruptFileError, "no OFD.xml"),
    ({"Doc_0/Document.xml": None}, CorruptFileError, "missing part Doc_0/Document.xml"),
    ({"Doc_0/Pages/Page_1/Content.xml": None}, CorruptFileError, "missing part Doc_0/Pages/Page_1/Content.xml"),
    ({"OFD.xml": ofd_root(["../Doc_0/Document.xml"])}, CorruptFileError, "outside the package"),
    ({"OFD.xml": ofd_root(["OFD.xml"])}, CorruptFileError, "expected an ofd:Document"),
    ({"OFD.xml": b"<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>"}, CorruptFileError, "no DocBody"),
    ({"Doc_0/Pages/Page_0/Content.xml": b"<ofd:Page"}, CorruptFileError, "malformed XML"),
    ({"Doc_0/Pages/Page_0/Content.xml": b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e SYSTEM '
      b'"http://example.invalid/e">]><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016">&e;</ofd:Page>'},
     CorruptFileError, "DOCTYPE"),
    ({"Doc_0/Encryptions.xml": b"<Encryptions/>"}, EncryptedFileError, "Encryptions.xml"),
    ({"Doc_0/Pages/Page_0/Content.xml": f'<ofd:Page xmlns:ofd="{NS}"><ofd:Template TemplateID="9"/></ofd:Page>'
      .encode()}, CorruptFileError, "template '9' is not in the document"),
], ids=["no-root", "no-document", "no-page", "outside", "self", "no-body", "malformed", "doctype",
        "encrypted", "template"])
def test_broken_package_gets_a_typed_error(small_ofd: Path, tmp_path: Path, changes: dict[str, bytes | None],
                                           error: type[Exception], words: str) -> None:
    path = _replace(small_ofd, tmp_path / "broken.ofd", changes)
    with pytest.raises(error) as caught:
        gr.read(path)
    message = str(caught.value)
    assert words in message and str(path) in message and "\n" not in message


def test_encrypted_member_is_refused(small_ofd: Path, tmp_path: Path) -> None:
    data = bytearray(small_ofd.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            data[at + offset] |= 0x1
            at += 4
    path = tmp_path / "locked.ofd"
    path.write_bytes(bytes(data))
    with pytest.raises(EncryptedFileError, match="is encrypted"):
        gr.read(path)


def test_limits_hold_for_pages_chars_and_inflation(small_ofd: Path) -> None:
    base = Limits()
    for limits, error, words in (
        (Limits(pages=2), TooComplexError, "limit pages=2"),
        (Limits(chars=500), TooComplexError, "limit chars=500"),
        (Limits(operations=1000), TooComplexError, "limit operations=1000"),
        (Limits(stream_bytes=4096), TooLargeError, "limit stream_bytes=4096"),
    ):
        assert limits != base
        with use(limits), pytest.raises(error, match=words):
            load_document(small_ofd)


def test_scanned_and_empty_packages(tmp_path: Path) -> None:
    image = '<ofd:ImageObject ID="2" Boundary="0 0 200 100" ResourceID="8"/>'
    with pytest.raises(NeedsOCRError, match="1 image"):
        gr.read(_package(tmp_path / "scan.ofd", [image]))
    with pytest.raises(EmptyDocumentError, match="no pages"):
        gr.read(_package(tmp_path / "empty.ofd", []))
