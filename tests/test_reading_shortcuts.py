"""The shortcuts of reading a text file give what the long way gives: the quick builders of
paragraphs and cells the very instances the classes' constructors make, the places of lines
the right line past those kept, the file's bytes read in pieces the file's bytes, the tokens
of a table laid out by its spans, the model's table the template's cells in order, a long text's lines held to the limit
before it is split as the split text holds them."""

from __future__ import annotations

import os
import pickle
import threading
import tracemalloc
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govinfo_report import labels, limits
from govinfo_report.errors import TooLargeError
from govinfo_report.formats import FORMAT_2019, FORMAT_2021, FormatSpec
from govinfo_report.formats.spec import Kind as ColumnKind
from govinfo_report.layout import Layout, Location, Paragraph, Table, TableCell, new_cells, new_paragraphs
from govinfo_report.limits import Limits, read_at_most, read_descriptor
from govinfo_report.markup import FINDINGS_HEADINGS, is_findings_heading
from govinfo_report.model import Cell
from govinfo_report.readers import text as text_reader
from govinfo_report.readers.text import parse_text
from govinfo_report.recognize import _table
from govinfo_report.recognize import sections as sections_module
from govinfo_report.recognize import tokens as tokens_module
from govinfo_report.recognize.tables import TableReading, make_cell
from govinfo_report.recognize.tokens import Kind, Token, classify, stream

_BUILT = [
    ("一、总体情况", Location(line=3), True),
    ("0", Location(line=12, column=4), False),
    ("", Location(), False),
]


def test_quick_builders_make_the_same_instances() -> None:
    texts, locations, gaps = (list(field) for field in zip(*_BUILT, strict=True))
    made_quick = [*new_paragraphs(texts, locations, gaps), *new_cells(texts, locations)]
    made_slow = [*(Paragraph(*built) for built in _BUILT), *(TableCell(text, location) for text, location, _ in _BUILT)]
    assert len(made_quick) == len(made_slow) == 6
    for quick, made in zip(made_quick, made_slow, strict=True):
        assert type(quick) is type(made)
        # Every field set (``asdict`` reads each slot), and to the constructor's value.
        assert attrs.asdict(quick, recurse=False) == attrs.asdict(made, recurse=False)
        assert quick == made and hash(quick) == hash(made) and repr(quick) == repr(made)
        assert pickle.loads(pickle.dumps(quick)) == made
        assert attrs.evolve(quick, text="x") == attrs.evolve(made, text="x")
    assert new_paragraphs([], [], []) == [] and new_cells([], []) == []


def test_paragraphs_and_tables_keep_their_order() -> None:
    """Paragraphs made in one batch at the end stand where they were read among the tables,
    two tables next to each other (tab rows, then pipe rows) and a table first or last too."""
    layout = parse_text("表\t头\n甲\n\n乙\t丙\n丁\n戊\t己\t庚\n| 子 | 丑 |\n辛\n壬\t癸")
    got = [(type(b).__name__, b.location.line, b.text if isinstance(b, Paragraph) else b.text_rows())
           for b in layout.blocks]
    assert got == [("Table", 1, [["表", "头"]]), ("Paragraph", 2, "甲"), ("Table", 4, [["乙", "丙"]]),
                   ("Paragraph", 5, "丁"), ("Table", 6, [["戊", "己", "庚"]]), ("Table", 7, [["子", "丑"]]),
                   ("Paragraph", 8, "辛"), ("Table", 9, [["壬", "癸"]])]
    assert [b.gap_before for b in layout.paragraphs()] == [False, False, False]
    assert parse_text("甲\n\n乙").blocks == (Paragraph("甲", Location(line=1)),
                                                Paragraph("乙", Location(line=3), gap_before=True))


def test_line_places_past_those_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_reader, "_KEPT_LINES", 5)
    monkeypatch.setattr(text_reader, "_line_places", [Location(line=0)])
    long = parse_text("\n".join(f"第{n}行" for n in range(1, 9)))
    assert [(b.text, b.location.line) for b in long.blocks] == [(f"第{n}行", n) for n in range(1, 9)]
    assert len(text_reader._line_places) == 6  # lines 0 to 5 kept, none past the bound
    short = parse_text("甲\n\n乙\t\t丙\t丁")
    assert [b.location.line for b in short.blocks] == [1, 3]
    assert [c.location for c in short.blocks[1].rows[0]] == [Location(line=3, column=c) for c in range(4)]
    assert len(text_reader._line_places) == 6
    # A file of blank lines past the bound makes no place for them.
    blank = parse_text("\n" * 100_000 + "第一行\n" + "\t".join("表格"))
    assert [b.location.line for b in blank.blocks] == [100_001, 100_002]
    assert len(text_reader._line_places) == 6


@pytest.mark.parametrize("size", [0, 1, 7325, 64 * 1024, 200_000])
def test_read_at_most_reads_whole_pieces(tmp_path: Path, size: int) -> None:
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    path = tmp_path / "file.bin"
    path.write_bytes(data)
    for count in (0, 1, size - 1, size, size + 1, 150_000, 10**9):
        assert read_at_most(path, count) == data[:max(count, 0)]


@pytest.mark.parametrize("count", [0, 1, 70_000, 200_000, 10**9])
def test_a_stream_of_unknown_length_is_read_in_pieces_to_its_end_or_the_count(count: int) -> None:
    """A stream's size says nothing of its length (a pipe's is 0): past the first piece it is
    read in bounded pieces, to its end or to ``count``."""
    data = bytes(range(256)) * 700
    read_end, write_end = os.pipe()
    try:
        writer = threading.Thread(target=lambda: (os.write(write_end, data), os.close(write_end)))
        writer.start()
        got = read_descriptor(read_end, count, 1)
        while os.read(read_end, 1 << 16):  # drained, so the writer ends
            pass
        writer.join()
    finally:
        os.close(read_end)
    assert got == data[:count]


def _tokens_laid_out(layout: Layout) -> list[tuple[object, ...]]:
    """Each table token's row, place in the grid and span, found from the table's laid-out
    positions: what :func:`stream` gives, whether or not it meets a spanning cell."""
    out: list[tuple[object, ...]] = []
    row = 0
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            row += 1
            out.append((block.text, row, None, (1, 1)))
            continue
        last = -1
        for r, c, cell in block.positions():
            if r != last:
                row, last = row + 1, r
            out.append((cell.text, row, (r, c), (max(cell.row_span, 1), max(cell.col_span, 1))))
        row += 1
    return out


@given(st.lists(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), max_size=4), max_size=4))
def test_tokens_of_tables_with_and_without_spans(spans: list[list[tuple[int, int]]]) -> None:
    table = Table(tuple(tuple(TableCell(f"格{r}.{i}", row_span=rs, col_span=cs) for i, (rs, cs) in enumerate(row))
                        for r, row in enumerate(spans)))
    plain = Table(tuple(tuple(TableCell(f"格{r}.{i}") for i, _ in enumerate(row)) for r, row in enumerate(spans)))
    layout = Layout((Paragraph("甲", gap_before=True), table, Paragraph("乙", gap_before=True), plain,
                     Paragraph("丙", gap_before=True)))
    got = [(t.text, t.row, t.cell, t.span) for t in stream(layout)[0]]
    assert got == _tokens_laid_out(layout)
    assert [t.index for t in stream(layout)[0]] == list(range(len(got)))
    # The texts gathered beside the tokens are the stream's text tokens, also where a table
    # is laid out anew by its spans after some of its cells were made.
    tokens, texts = stream(layout)
    assert texts == [t for t in tokens if t.kind is Kind.TEXT]
    assert all(text is tokens[text.index] for text in texts)


@pytest.mark.parametrize("spec", [FORMAT_2019, FORMAT_2021], ids=lambda s: s.name)
def test_model_table_holds_the_template_cells_in_order(spec: FormatSpec) -> None:
    """Whichever order a reading holds its cells in, the report's table holds the template's
    cells in the template's order, each form's own (the keys are kept per table form)."""
    for table in spec.tables:
        keys = [key for key, _, _ in table.keys()]
        for order in (keys, keys[::-1]):
            reading = TableReading(cells={key: Cell(key, raw=key) for key in order}, found=True)
            made = _table(table, reading)
            assert made.name == table.name
            assert list(made.cells) == keys
            assert all(made.cells[key] is reading.cells[key] for key in keys)


def test_tokens_have_every_field_set() -> None:
    """Tokens are made as bare instances: each field is set, and a paragraph's token leaves
    the fields a cell's token sets as the class has them."""
    layout = parse_text("一、总体情况\n\n规章\t0\t3\n本年共收到申请12件。")
    for token in stream(layout)[0]:
        fields = attrs.asdict(token, recurse=False)
        assert Token(**fields) == token
    prose = stream(layout)[0][0]
    made = Token(prose.text, prose.location, prose.row, prose.index, prose.in_table, prose.kind)
    assert attrs.asdict(prose, recurse=False) == attrs.asdict(made, recurse=False)


@pytest.mark.parametrize(("text", "value", "raw", "confidence"), [
    ("12", 12, "12", 0.9),
    ("0690", 690, "0690", 0.5),  # a leading zero puts the reading in doubt
    ("—", None, "—", 0.9),
    ("2\ufffd", None, "2\ufffd", 0.5),
])
def test_cells_made_as_bare_instances_have_every_field_set(text: str, value: object, raw: str,
                                                            confidence: float) -> None:
    """A table's cells are made as bare instances: each field is set, to what the class's
    constructor would make, on the first reading of a text and on the kept one."""
    token = stream(parse_text(f"规章\t{text}"))[0][1]
    token.confidence = 0.9
    for _ in range(2):
        cell = make_cell("t2.rules.issued", token, ColumnKind.COUNT)
        expected = Cell("t2.rules.issued", value, raw, token.location, None, (), confidence)
        assert attrs.asdict(cell, recurse=False) == attrs.asdict(expected, recurse=False)
        assert cell == expected and repr(cell) == repr(expected)


def _candidates_the_long_way(tokens: list[Token]) -> list[tuple[str, int]]:
    found = []
    for i, token in enumerate(tokens):
        if token.kind is not Kind.TEXT or len(token.text) > 80:
            continue
        text = token.text.strip()
        if labels.numbering(text):
            for j in range(i + 1, min(i + 3, len(tokens))):
                if tokens[j].kind is not Kind.TEXT or len(text) > 60 or sections_module.section_of(text):
                    break
                text += tokens[j].text.strip()
        key = sections_module.section_of(text)
        if key is not None:
            found.append((key, token.index))
    return found


@pytest.mark.parametrize("text", [
    "一、总体情况\n二、主动\n公开政府信息情况\n三、收到和处理\n政府信息公开申请情况\n",
    "  一、总体情况  \n（一）主动公开政府信息情况\n二、主动公开政府信息情况\n规章\t0\t3\n",
    "一、\n总体情况\n二、\n12\n主动公开政府信息情况\n四、政府信息公开行政复议、行政诉讼情况\n",
    "总体情况\n主动公开政府信息情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项",
])
def test_heading_candidates_as_the_long_way_finds_them(text: str) -> None:
    """Each text's numbering and section are kept by the text: a heading wrapped over pieces
    is still put together from the pieces after it."""
    tokens, texts = stream(parse_text(text))
    got = [(c.key, c.token.index) for c in sections_module._candidates(tokens, texts)]
    assert got == _candidates_the_long_way(tokens)
    assert got  # each stream holds headings


def test_kinds_kept_within_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens_module, "_KINDS_KEPT", 3)
    monkeypatch.setattr(tokens_module, "_KINDS", {})
    texts = ["规章", "12", "—", "", "- 3 -", "本年共收到申请12件。", "12"]
    kinds = [classify(text) for text in texts]
    assert kinds == [Kind.TEXT, Kind.VALUE, Kind.BLANK, Kind.EMPTY, Kind.NOISE, Kind.TEXT, Kind.VALUE]
    assert len(tokens_module._KINDS) <= 3
    assert [t.kind for t in stream(parse_text("\n".join(texts)))[0]] == [k for k in kinds if k is not Kind.EMPTY]


def _report_lines_the_long_way(text: str, limit: int) -> list[str] | int:
    """The text split into lines and cut at the first findings heading, measured as it is or,
    cut, its lines joined: the lines, or the length that is over ``limit``."""
    lines = text.splitlines()
    end = next((i for i, line in enumerate(lines) if is_findings_heading(line)), None)
    count = len(text) if end is None else len("\n".join(lines[:end]))
    return count if count > limit else lines[:end]


_PIECES = ["一、总体情况", "12", "", "见" + FINDINGS_HEADINGS["zh"] + "一节",
           "## " + FINDINGS_HEADINGS["zh"], FINDINGS_HEADINGS["en"] + " ", "# " + FINDINGS_HEADINGS["en"]]


@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(["\n", "\r\n", "\r", "\x0c", "\u2028", "\x85"])),
                max_size=12),
       st.booleans(), st.integers(min_value=0, max_value=160))
def test_report_lines_as_the_split_text_gives_them(lines: list[tuple[str, str]], last_break: bool, limit: int) -> None:
    """Held to the limit before the text is split, the lines and the verdict are those of the
    text split whole: the findings cut off at the first line heading them and, where they
    were, the rest joined by one line break each measured against the limit."""
    text = "".join(piece + brk for piece, brk in lines)
    if lines and not last_break:
        text = text[: -len(lines[-1][1])]
    expected = _report_lines_the_long_way(text, limit)
    try:
        got: list[str] | int = text_reader._report_lines(text, "report.txt", limit)
    except TooLargeError as exc:
        got = int(exc.values["count"])
    assert got == expected


def test_a_text_over_the_limit_is_refused_before_it_is_split() -> None:
    """Three million line breaks would split into a list of 24 MB; refused, they allocate
    next to nothing."""
    text = "\n" * 3_000_000
    tracemalloc.start()
    try:
        with limits.use(Limits(chars=1000)), pytest.raises(TooLargeError, match="3000000 characters"):
            parse_text(text, "breaks.txt")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
