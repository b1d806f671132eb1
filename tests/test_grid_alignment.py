"""Grids aligned by their labels; a grid's blank stays blank; what the reader doubts is reported."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from lxml import html as lxml_html

import govinfo_report as gr
from govinfo_report.formats import FORMAT_2021
from govinfo_report.formats.spec import Kind as ColumnKind
from govinfo_report.layout import Layout, Location, Note, Table
from govinfo_report.model import Cell
from govinfo_report.readers.html import read_html_text
from govinfo_report.readers.notes import images_only, read_by_ocr, unmapped_glyphs
from govinfo_report.readers.text import parse_text
from govinfo_report.recognize import recognize
from govinfo_report.recognize.matching import matchers
from govinfo_report.recognize.tables import TableReading, infer_single_gaps, make_cell, read_table
from govinfo_report.recognize.tokens import BLANK, EMPTY, VALUE, Token, stream
from govinfo_report.recognize.tokens import Kind as TokenKind
from govinfo_report.writers.html_writer import HtmlWriter
from govinfo_report.writers.text_writer import MarkdownWriter
from writer_support import build_report

T3_ROWS = [r.key for r in FORMAT_2021.t3.rows]


def _page(report: gr.Report) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(HtmlWriter().render(report, []))


def _read(doc: lxml_html.HtmlElement) -> gr.Report:
    return recognize(read_html_text(lxml_html.tostring(doc, encoding="unicode")))


def _header(doc: lxml_html.HtmlElement, text: str) -> lxml_html.HtmlElement:
    return next(c for c in doc.iter("th") if c.text_content() == text)


def test_a_column_is_what_its_header_says_not_where_it_stands() -> None:
    """Swap the printed headers of two 表三 columns and the values follow the headers."""
    report = build_report()
    doc = _page(report)
    commercial, research = _header(doc, "商业企业"), _header(doc, "科研机构")
    commercial.text, research.text = "科研机构", "商业企业"
    back = _read(doc)
    for row in T3_ROWS:
        assert back.value(f"t3.{row}.commercial") == report.value(f"t3.{row}.research"), row
        assert back.value(f"t3.{row}.research") == report.value(f"t3.{row}.commercial"), row
        assert back.value(f"t3.{row}.natural_person") == report.value(f"t3.{row}.natural_person"), row


def test_rows_are_what_their_labels_say_whatever_their_order() -> None:
    """Swap the printed labels of two 表三 rows and the values follow the labels."""
    report = build_report()
    doc = _page(report)
    granted, partial = (_header(doc, r.label) for r in FORMAT_2021.t3.rows[2:4])
    granted.text, partial.text = partial.text, granted.text
    back = _read(doc)
    for col in FORMAT_2021.t3.columns:
        assert back.value(f"t3.granted.{col.key}") == report.value(f"t3.partially_granted.{col.key}")
        assert back.value(f"t3.partially_granted.{col.key}") == report.value(f"t3.granted.{col.key}")


def _consistent_report() -> gr.Report:
    """A 2021 report whose every identity holds: each 表三 cell 1, each 总计 the sum."""
    report = build_report()
    t3 = report.tables["t3"].cells
    outcomes = [r.key for r in FORMAT_2021.t3.rows if r.group and r.key != "total"]
    for row in T3_ROWS:
        for col in FORMAT_2021.t3.columns:
            t3[f"t3.{row}.{col.key}"].value = 1 if col.key != "total" else 6
    for col in FORMAT_2021.t3.columns:
        each = 1 if col.key != "total" else 6
        t3[f"t3.total.{col.key}"].value = each * len(outcomes)
        t3[f"t3.new_received.{col.key}"].value = each * len(outcomes)
        t3[f"t3.carried_over.{col.key}"].value = each
        t3[f"t3.carried_forward.{col.key}"].value = each
    for key in t3:
        t3[key].raw = str(t3[key].value)
    return report


def test_a_blank_the_grid_shows_is_never_filled_in() -> None:
    """Two identities would fix the cell, but a drawn grid prints it blank: it stays null."""
    report = _consistent_report()
    doc = _page(report)
    cell = doc.get_element_by_id("cell-t3.total.commercial")
    cell.text = "\u00a0"
    back = _read(doc)
    got = back.cell("t3.total.commercial")
    assert got is not None and got.value is None and got.is_blank
    assert not any("t3.total.commercial" in f.cells and f.code == "uncertain-reading" for f in back.reading_findings)
    errors = [f for f in gr.check(back) if f.cells and "t3.total.commercial" in f.cells and f.is_error]
    assert {f.code for f in errors} == {"t3-column-total", "t3-row-sum", "t3-balance"}


def test_a_cell_lost_from_a_rebuilt_grid_is_inferred_and_reported() -> None:
    """A Markdown extraction that lost a cell: the identities fill it, and say so."""
    report = _consistent_report()
    markdown = MarkdownWriter().render(report, [])
    row = next(line for line in markdown.splitlines() if line.startswith("| （七）总计") or "（七）总计 |" in line)
    cells = row.split("|")
    commercial = len(cells) - 1 - 7 + 1  # the second of the seven value columns
    cells[commercial] = "  "
    markdown = markdown.replace(row, "|".join(cells).replace("|  |", "||"))
    back = recognize(parse_text(markdown))
    got = back.cell("t3.total.commercial")
    assert got is not None and got.value == report.value("t3.total.commercial")
    assert any(f.code == "uncertain-reading" and f.cells == ("t3.total.commercial",) for f in back.reading_findings)



def test_a_cell_filled_in_makes_the_next_lost_cell_solvable() -> None:
    """Lost cells are filled in table order, each seeing the ones filled before it: 结转下年度
    is fixed by its row and by the balance only once （七）总计 is back; a cell with a single
    identity left is never guessed."""
    t3 = _consistent_report().tables["t3"].cells
    expected = {key: t3[key].value for key in ("t3.total.commercial", "t3.carried_forward.commercial",
                                               "t3.granted.natural_person", "t3.granted.research")}
    reading = TableReading(cells={key: attrs.evolve(cell) for key, cell in t3.items()})
    for key in expected:
        reading.cells[key] = Cell(key)
    infer_single_gaps(reading, FORMAT_2021.t3)
    assert reading.cells["t3.total.commercial"].value == expected["t3.total.commercial"]
    assert reading.cells["t3.carried_forward.commercial"].value == expected["t3.carried_forward.commercial"]
    # Two cells lost from one row: each has only its column left to fix it.
    assert reading.cells["t3.granted.natural_person"].value is None
    assert reading.cells["t3.granted.research"].value is None
    assert [f.cells for f in reading.findings] == [("t3.total.commercial",), ("t3.carried_forward.commercial",)]


def _doubtful_layout(confidence: float) -> Layout:
    """The consistent report as tab rows, every table cell placed with ``confidence``."""
    text = parse_text(gr.render(_consistent_report(), "text", []))  # type: ignore[arg-type]
    blocks = tuple(
        attrs.evolve(b, rows=tuple(tuple(attrs.evolve(c, confidence=confidence) for c in row) for row in b.rows))
        if isinstance(b, Table) else b for b in text.blocks)
    return attrs.evolve(text, blocks=blocks)


def test_doubtful_cells_the_identities_confirm_are_not_reported() -> None:
    back = recognize(_doubtful_layout(0.8))
    assert back.cell("t3.granted.commercial").confidence == 0.8  # type: ignore[union-attr]
    assert not [f for f in back.reading_findings if f.code == "uncertain-reading" and
                any(k.startswith("t3.") for k in f.cells)]


def test_doubtful_cells_no_identity_confirms_are_reported_and_their_sums_are_a_reading_problem() -> None:
    layout = _doubtful_layout(0.8)
    text = layout.plain_text()
    assert "\t" in text
    blocks = list(layout.blocks)
    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            rows = [list(r) for r in block.rows]
            for row in rows:
                if row and row[0].text == "三、本年度办理结果" and row[1].text == "（一）予以公开":
                    row[4] = attrs.evolve(row[4], text="7")  # 商业企业 of （一）予以公开: was 1
            blocks[i] = attrs.evolve(block, rows=tuple(tuple(r) for r in rows))
    back = recognize(attrs.evolve(layout, blocks=tuple(blocks)))
    assert back.value("t3.granted.commercial") == 7
    doubts = [f for f in back.reading_findings if f.code == "uncertain-reading" and "t3.granted.commercial" in f.cells]
    assert doubts and doubts[0].cause is gr.Cause.READING
    sums = [f for f in gr.check(back) if f.code in ("t3-row-sum", "t3-column-total") and
            "t3.granted.commercial" in f.cells]
    assert sums and all(f.severity is gr.Severity.WARNING and f.cause is gr.Cause.READING for f in sums)


def test_a_reader_note_becomes_a_finding() -> None:
    layout = attrs.evolve(parse_text(gr.render(build_report(), "text", [])),  # type: ignore[arg-type]
                          notes=("a plugin's own words",))
    back = recognize(layout)
    assert any(f.code == "uncertain-reading" and "a plugin's own words" in f.message for f in back.reading_findings)


def test_a_readers_note_is_told_in_the_readers_language() -> None:
    layout = attrs.evolve(parse_text(gr.render(build_report(), "text", [])),  # type: ignore[arg-type]
                          notes=(images_only([3, 4]), unmapped_glyphs(2)))
    told = [f for f in recognize(layout).reading_findings if "note" in f.args]
    assert [f.message for f in told] == [
        "读取时发现：第 3、4 页只有图像（可能是扫描件），其中的文字未读出。",
        "读取时发现：2 个字符无法映射为 Unicode（字体缺少 ToUnicode 映射表），显示为 U+FFFD。"]
    assert [f.text("en") for f in told] == [
        "While reading: page(s) 3, 4 hold only images (scanned?); their text is missing.",
        "While reading: 2 character(s) could not be mapped to Unicode (the font has no ToUnicode map); "
        "they appear as U+FFFD."]
    assert told[0].args["note"] == {"template": images_only([]).template, "args": {"pages": [3, 4]}}


def test_pages_read_by_ocr_are_told_with_the_angle_each_was_levelled_by() -> None:
    layout = attrs.evolve(parse_text(gr.render(build_report(), "text", [])),  # type: ignore[arg-type]
                          notes=(read_by_ocr([1, 2], [(2, 1.5)]), read_by_ocr([3], [])))
    told = [f for f in recognize(layout).reading_findings if "note" in f.args]
    assert [f.text("zh") for f in told] == [
        "读取时发现：第 1、2 页由图像经文字识别（OCR）读出，并校正了倾斜：第 2 页 +1.50°。",
        "读取时发现：第 3 页由图像经文字识别（OCR）读出。"]
    assert [f.text("en") for f in told] == ["While reading: page(s) 1, 2 were read from images by OCR, levelled: "
                                            "page 2 +1.50°.", "While reading: page(s) 3 were read from images by OCR."]


@pytest.mark.parametrize(("template", "args"), [("第 {page} 页", {"pages": [1]}), ("第 {", {}), ("无", {"x": 1})])
def test_a_note_its_values_do_not_fill_is_refused_where_it_is_made(template: str, args: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="note template"):
        Note(template, args)


def test_a_grid_cut_by_its_region_is_read_whole() -> None:
    """A region that starts or ends inside a grid reads the whole grid, header rows included,
    as a region holding all of it does."""
    tokens = stream(read_html_text(HtmlWriter().render(build_report(), [])))[0]
    t3 = FORMAT_2021.t3
    label = next(t for t in tokens if t.text.strip() == t3.rows[0].label)
    first, last = (f(t.index for t in tokens if t.block == label.block) for f in (min, max))

    def cells(start: int, end: int) -> dict[str, tuple[object, ...]]:
        return {k: (c.value, c.raw, c.location) for k, c in read_table(tokens, start, end, t3).cells.items()}

    whole = cells(first, last + 1)
    assert sum(value is not None for value, _, _ in whole.values()) > 150
    regions = ((first + 20, last + 1), (first, first + 20), (first + 20, first + 30), (label.index, len(tokens)))
    for start, end in regions:
        assert cells(start, end) == whole, (start, end)


def _token(text: str, kind: TokenKind, drawn: bool = False) -> Token:
    return Token(text, Location(line=1), 0, 0, True, kind, drawn=drawn)


def test_a_cell_reading_kept_by_its_text_tells_token_kinds_column_kinds_and_grids_apart() -> None:
    """A cell's reading is kept by its text for each column kind: a token of the same text but
    another kind, a column of another kind, or an empty text drawn or not reads as its own."""
    for first, second in ((VALUE, BLANK), (BLANK, VALUE)):
        a, b = (make_cell("t3.granted.total", _token("5", kind), ColumnKind.COUNT) for kind in (first, second))
        read = {VALUE: (5, "5"), BLANK: (None, "5")}
        assert ((a.value, a.raw), (b.value, b.raw)) == (read[first], read[second])
    count = make_cell("t2.fees.amount", _token("2,000", VALUE), ColumnKind.COUNT)
    money = make_cell("t2.fees.amount", _token("2,000", VALUE), ColumnKind.MONEY)
    assert type(count.value) is int and money.value == Decimal("2000") and type(money.value) is Decimal
    drawn = make_cell("t3.granted.total", _token("", EMPTY, drawn=True), ColumnKind.COUNT)
    lost = make_cell("t3.granted.total", _token("", EMPTY), ColumnKind.COUNT)
    assert (drawn.raw, lost.raw) == ("", None)


def test_a_label_wrapped_over_two_texts_is_matched_in_their_order() -> None:
    """The answers kept for a label wrapped over two texts are kept by the pair in its order:
    the head then the tail names the row, the tail then the head does not."""
    for row in FORMAT_2021.t3.rows[:2]:
        alone, wrapped = matchers(row)
        head, tail = row.label[:len(row.label) // 2], row.label[len(row.label) // 2:]
        assert not alone(head) and not alone(tail)
        assert wrapped(head, tail) and wrapped(f"{head} ", f" {tail}")
        assert not wrapped(tail, head)
