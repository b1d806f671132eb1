"""Pages as browsers and office programs print them: stamps in the margins, rules lost at breaks.

Each case is drawn by hand with the few PDF operators that matter (lines and Helvetica text),
so the test says exactly which geometry the reader must cope with.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from govinfo_report.layout import Layout
from govinfo_report.readers.pdf import PdfReader
from pdf_support import assemble

HEIGHT = 792


def _pdf(pages: Sequence[bytes]) -> bytes:
    """A PDF of US-letter pages drawing ``pages`` with Helvetica as /F1."""
    n = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    for i, content in enumerate(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 %d] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (HEIGHT, 5 + 2 * i))
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    return assemble(objects)


def _text(x: float, y: float, text: str, size: int = 10) -> bytes:
    return b"BT /F1 %d Tf %.1f %.1f Td (%s) Tj ET " % (size, x, y, text.encode("latin-1"))


def _rules(xs: Sequence[float], top: float, bottom: float, ys: Sequence[float]) -> bytes:
    """Vertical rules at ``xs`` from ``top`` to ``bottom``, horizontal rules only at ``ys``."""
    out = b"0.5 w "
    out += b"".join(b"%.1f %.1f m %.1f %.1f l S " % (x, top, x, bottom) for x in xs)
    out += b"".join(b"%.1f %.1f m %.1f %.1f l S " % (xs[0], y, xs[-1], y) for y in ys)
    return out


def _row(xs: Sequence[float], y: float, texts: Sequence[str]) -> bytes:
    return b"".join(_text(x + 6, y, t) for x, t in zip(xs, texts) if t)


def _read(tmp_path: Path, pages: Sequence[bytes]) -> Layout:
    path = tmp_path / "printed.pdf"
    path.write_bytes(_pdf(pages))
    return PdfReader().read(path)


XS = (100.0, 250.0, 350.0, 450.0)


def test_row_under_a_rule_the_page_break_did_not_draw_stays_a_row(tmp_path: Path) -> None:
    # A browser collapsing borders draws the rule between two rows on neither page.
    first = _rules(XS, 700, 640, (700, 680, 660))
    first += _row(XS, 686, ("Alpha", "1", "2")) + _row(XS, 666, ("Beta", "3", "4")) + _row(XS, 646, ("Gamma", "6", "7"))
    second = _rules(XS, 760, 720, (740, 720))
    second += _row(XS, 746, ("Delta", "58", "9")) + _row(XS, 726, ("Epsilon", "5", "6"))
    tables = list(_read(tmp_path, [first, second]).tables())
    assert len(tables) == 1
    assert tables[0].text_rows() == [["Alpha", "1", "2"], ["Beta", "3", "4"], ["Gamma", "6", "7"],
                                     ["Delta", "58", "9"], ["Epsilon", "5", "6"]]


def test_row_cut_open_by_a_page_break_is_glued_back(tmp_path: Path) -> None:
    first = _rules(XS, 700, 640, (700, 680, 660))
    first += _row(XS, 686, ("Alpha", "1", "2")) + _row(XS, 666, ("Beta", "3", "4")) + _row(XS, 646, ("Gamma", "6", "7"))
    second = _rules(XS, 760, 720, (740, 720))
    second += _row(XS, 746, ("rest", "", "")) + _row(XS, 726, ("Epsilon", "5", "6"))
    rows = next(_read(tmp_path, [first, second]).tables()).text_rows()
    # The glued cells span the continuation's first row, which holds nothing of its own.
    assert [r for r in rows if any(r)] == [["Alpha", "1", "2"], ["Beta", "3", "4"], ["Gamma rest", "6", "7"],
                                           ["Epsilon", "5", "6"]]


def test_header_row_broken_across_pages_is_joined(tmp_path: Path) -> None:
    # The row's rules stop above its second line; the third line went to the next page.
    xs = (100.0, 300.0, 500.0)
    first = _text(100, 730, "Requests") + _rules(xs, 700, 680, (700,))
    first += _row(xs, 686, ("Applicants", "Status")) + _text(106, 668, "by kind")
    second = _rules(xs, 760, 700, (740, 720, 700))
    second += _row(xs, 746, ("and outcome", "")) + _row(xs, 726, ("Total", "5")) + _row(xs, 706, ("Open", "3"))
    layout = _read(tmp_path, [first, second])
    tables = list(layout.tables())
    assert len(tables) == 1
    rows = [r for r in tables[0].text_rows() if any(r)]
    assert rows == [["Applicants by kind and outcome", "Status"], ["Total", "5"], ["Open", "3"]]
    assert [p.text for p in layout.paragraphs()] == ["Requests"]


def _stamped(number: int, pages: int, body: bytes) -> bytes:
    """A page as a browser prints it: time and title on top, address and page count below."""
    head = _text(20, 775, "11/30/26, 2:12 AM", 8) + _text(260, 775, "Annual Report 2023", 8)
    foot = _text(20, 15, "file:///home/office/report.html", 8) + _text(560, 15, f"{number}/{pages}", 8)
    return head + body + foot


def test_browser_page_header_and_footer_are_dropped_and_the_title_kept(tmp_path: Path) -> None:
    pages = [_stamped(1, 2, _text(200, 740, "Annual Report 2023", 16) + _text(72, 600, "First page text.")),
             _stamped(2, 2, _text(72, 600, "Second page text."))]
    texts = [p.text for p in _read(tmp_path, pages).paragraphs()]
    assert texts == ["Annual Report 2023", "First page text.", "Second page text."]


def test_print_stamps_of_a_one_page_printout_are_dropped(tmp_path: Path) -> None:
    texts = [p.text for p in _read(tmp_path, [_stamped(1, 1, _text(72, 600, "Only page text."))]).paragraphs()]
    assert texts == ["Annual Report 2023", "Only page text."]


def test_group_column_without_row_rules_stays_in_its_table_after_a_break(tmp_path: Path) -> None:
    # On the new page the merged group label's column is crossed by no rule at all: its left
    # rule touches nothing but still runs exactly as far as the other column rules.
    xs = (100.0, 150.0, 250.0, 350.0)

    def row_rules(top: float, bottom: float, ys: Sequence[float]) -> bytes:
        out = b"0.5 w " + b"".join(b"%.1f %.1f m %.1f %.1f l S " % (x, top, x, bottom) for x in xs)
        return out + b"".join(b"%.1f %.1f m %.1f %.1f l S " % (xs[1], y, xs[-1], y) for y in ys)

    first = row_rules(700, 640, (680, 660)) + b"100 700 m 350 700 l S " + _text(104, 666, "Group")
    first += _row(xs[1:], 686, ("A", "1")) + _row(xs[1:], 666, ("B", "2")) + _row(xs[1:], 646, ("C", "3"))
    second = row_rules(760, 700, (740, 720))
    second += _row(xs[1:], 746, ("D", "4")) + _row(xs[1:], 726, ("E", "5")) + _row(xs[1:], 706, ("F", "6"))
    tables = list(_read(tmp_path, [first, second]).tables())
    assert len(tables) == 1
    rows = [r for r in tables[0].text_rows() if any(r)]
    assert [r[1:] for r in rows] == [["A", "1"], ["B", "2"], ["C", "3"], ["D", "4"], ["E", "5"], ["F", "6"]]
    assert tables[0].rows[0][0].text == "Group" and tables[0].rows[0][0].row_span == 6


def test_group_label_closed_by_rules_at_a_break_carries_on_over_its_empty_piece(tmp_path: Path) -> None:
    # LibreOffice draws every cell shut at a page break, the merged group label's too.
    xs = (100.0, 150.0, 250.0, 350.0)

    def rules(top: float, bottom: float, inner: Sequence[float]) -> bytes:
        out = b"0.5 w " + b"".join(b"%.1f %.1f m %.1f %.1f l S " % (x, top, x, bottom) for x in xs)
        out += b"".join(b"%.1f %.1f m %.1f %.1f l S " % (xs[0], y, xs[-1], y) for y in (top, bottom))
        return out + b"".join(b"%.1f %.1f m %.1f %.1f l S " % (xs[1], y, xs[-1], y) for y in inner)

    first = rules(700, 640, (680, 660)) + _text(104, 666, "Group")
    first += _row(xs[1:], 686, ("A", "1")) + _row(xs[1:], 666, ("B", "2")) + _row(xs[1:], 646, ("C", "3"))
    second = rules(760, 700, (740, 720))
    second += _row(xs[1:], 746, ("D", "4")) + _row(xs[1:], 726, ("E", "5")) + _row(xs[1:], 706, ("F", "6"))
    table = next(_read(tmp_path, [first, second]).tables())
    assert [r[1:] for r in table.text_rows()] == [["A", "1"], ["B", "2"], ["C", "3"], ["D", "4"], ["E", "5"],
                                                  ["F", "6"]]
    assert table.rows[0][0].text == "Group" and table.rows[0][0].row_span == 6


def test_blank_first_data_cell_under_a_tall_header_cell_stays_blank(tmp_path: Path) -> None:
    # The header closes page one; the blank cell below a two-row header cell is data, not its tail.
    xs = (100.0, 200.0, 300.0)
    first = b"0.5 w " + b"".join(b"%.1f 700 m %.1f 660 l S " % (x, x) for x in xs)
    first += b"100 700 m 300 700 l S 100 680 m 200 680 l S 100 660 m 300 660 l S "
    first += _row(xs, 686, ("Item", "Count")) + _text(106, 666, "sub")
    second = _rules(xs, 760, 720, (760, 740, 720)) + _row(xs, 746, ("Total", "")) + _row(xs, 726, ("Open", "3"))
    table = next(_read(tmp_path, [first, second]).tables())
    assert table.text_rows() == [["Item", "Count"], ["sub", ""], ["Total", ""], ["Open", "3"]]
    assert table.rows[0][1].row_span == 2


def _split_pages(bottom: float) -> list[bytes]:
    """A table closing page one at ``bottom``; page two opens with a label's tail, drawn shut."""
    edges = (bottom + 40, bottom + 20, bottom)
    first = _rules(XS, edges[0], edges[2], edges)
    first += _row(XS, edges[1] + 6, ("Alpha", "1", "2")) + _row(XS, edges[2] + 6, ("Beta begins", "3", "4"))
    second = _rules(XS, 760, 720, (760, 740, 720))
    second += _row(XS, 746, ("and ends", "", "")) + _row(XS, 726, ("Gamma", "5", "6"))
    return [first, second + _text(72, 40, "Closing words.")]


def test_row_split_where_the_page_ends_is_joined_though_drawn_shut(tmp_path: Path) -> None:
    rows = next(_read(tmp_path, _split_pages(40)).tables()).text_rows()
    assert [r for r in rows if any(r)] == [["Alpha", "1", "2"], ["Beta begins and ends", "3", "4"],
                                           ["Gamma", "5", "6"]]


def test_row_drawn_shut_above_free_space_stays_a_row(tmp_path: Path) -> None:
    rows = next(_read(tmp_path, _split_pages(200)).tables()).text_rows()
    assert rows == [["Alpha", "1", "2"], ["Beta begins", "3", "4"], ["and ends", "", ""], ["Gamma", "5", "6"]]
