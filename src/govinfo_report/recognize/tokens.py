"""The token stream: every paragraph and table cell of a layout, in reading order.

Text dumps write a table as one cell per line, as tab-separated rows, or run together; PDF,
HTML and Word give real grids. Flattening all of them into one stream of tokens, each
remembering its row, lets one aligner read every layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum
from functools import lru_cache
from typing import cast

import attrs

from ..layout import Layout, Location, Paragraph, Table
from ..numbers import COUNT_UNITS, MONEY_UNITS, clean, parse_value
from .segment import cut, is_table_label


class Kind(str, Enum):
    VALUE = "value"  # a number
    BLANK = "blank"  # printed blank: "—", "/", "无", a no-break space
    EMPTY = "empty"  # nothing at all: an empty grid cell or layout padding
    NOISE = "noise"  # page numbers and rule lines, never part of a table or the prose
    TEXT = "text"


# The members as module constants: the token loops test a kind thousands of times per
# report, and reading a member off its Enum class costs a descriptor call each time.
VALUE, BLANK, EMPTY, NOISE, TEXT = Kind.VALUE, Kind.BLANK, Kind.EMPTY, Kind.NOISE, Kind.TEXT


_PAGE_NUMBER = re.compile(r"^[-—–－一\s]*\d{1,3}[-—–－一\s]*$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$")
_SIGNED_RUN = re.compile(r"^\d[\d\s]*[-+][\d\s]*\d(?:\.\d+)?\s*(?:万元|元)?$")
_RULE = re.compile(r"^[-—–－=:：|\s]{3,}$")


@attrs.define
class Token:
    text: str
    location: Location
    row: int
    index: int
    in_table: bool
    kind: Kind
    # For a table cell: the layout block it belongs to, where its origin stands in the
    # expanded grid, and how sure the reader was of its text.
    block: int = -1
    cell: tuple[int, int] | None = None
    span: tuple[int, int] = (1, 1)
    confidence: float = 1.0
    drawn: bool = False


# Each text's kind, looked up by the token loops before :func:`classify` is called (a dict's
# look-up costs less than a cache's call); emptied when full, so its memory stays bounded.
_KINDS: dict[str, Kind] = {}
_KINDS_KEPT = 65536


def classify(text: str) -> Kind:
    """What a paragraph or cell printed as ``text`` is; the same in prose and in a grid, so
    kept by the text alone."""
    kind = _KINDS.get(text)
    if kind is None:
        if len(_KINDS) >= _KINDS_KEPT:
            _KINDS.clear()
        kind = _KINDS[text] = _kind(text)
    return kind


def _kind(text: str) -> Kind:
    stripped = clean(text)
    if not stripped:
        return Kind.EMPTY if text == "" or text.strip("\t\r\n ") == "" else Kind.BLANK
    if _RULE.match(stripped):
        return Kind.NOISE
    parsed = parse_value(text)
    if parsed is not None:
        # "-3" is a decrease in 本年增/减; a page number is dashed on both sides ("- 3 -").
        return Kind.BLANK if parsed.blank else Kind.VALUE
    if _PAGE_NUMBER.match(stripped):
        return Kind.NOISE
    if _SIGNED_RUN.match(stripped):
        return Kind.VALUE  # "2648-18538": cells run together, one of them signed
    return Kind.TEXT


# The token loops make each token as a bare instance and set its every slot, one statement
# each (a tuple of them, unpacked, costs more): the class's ``__init__`` would cost a call
# with eleven arguments for each of the hundreds of tokens of a report. What a paragraph's
# token leaves as the class has it:
_PROSE = cast("tuple[int, tuple[int, int] | None, tuple[int, int], float, bool]",
              tuple(attrs.fields_dict(Token)[name].default
                    for name in ("block", "cell", "span", "confidence", "drawn")))


def stream(layout: Layout) -> tuple[list[Token], list[Token]]:
    """The tokens of ``layout``, and those of them that are text, in the same order: the
    searches for headings, the title and the template look at the texts alone, which are a
    fraction of the tokens of a report whose tables are grids."""
    new, kinds = object.__new__, _KINDS
    block_default, cell_default, span_default, confidence_default, drawn_default = _PROSE
    tokens: list[Token] = []
    append = tokens.append
    texts: list[Token] = []
    add_text = texts.append
    row = 0
    in_table = False  # whether the last token came from a table
    for number, block in enumerate(layout.blocks):
        if isinstance(block, Paragraph):
            text, location = block.text, block.location
            if block.gap_before or in_table:
                row += 1
            for part in _short_pieces(text) if len(text) <= _RECURRING else _pieces(text):
                token = new(Token)
                token.text = part
                token.location = location
                token.row = row
                token.index = len(tokens)
                token.in_table = False
                token.kind = kind = kinds.get(part) or classify(part)
                token.block = block_default
                token.cell = cell_default
                token.span = span_default
                token.confidence = confidence_default
                token.drawn = drawn_default
                append(token)
                if kind is TEXT:
                    add_text(token)
                in_table = False
            continue
        drawn = block.drawn
        first, first_row, first_text = len(tokens), row, len(texts)
        # Each cell where it stands in its row, until one spans more than itself (no table a
        # text reader rebuilds has one): the table is then laid out anew with its spans.
        for r, cells in enumerate(block.rows):
            if cells:
                row += 1
            for c, cell in enumerate(cells):
                if cell.row_span > 1 or cell.col_span > 1:
                    break
                text = cell.text
                token = new(Token)
                token.text = text
                token.location = cell.location
                token.row = row
                token.index = len(tokens)
                token.in_table = True
                token.kind = kind = kinds.get(text) or classify(text)
                token.block = number
                token.cell = (r, c)
                token.span = _ONE_BY_ONE
                token.confidence = cell.confidence
                token.drawn = drawn
                append(token)
                if kind is TEXT:
                    add_text(token)
            else:
                continue
            del tokens[first:], texts[first_text:]
            row = _spanned(block, number, first_row, tokens)
            texts += [token for token in tokens[first:] if token.kind is TEXT]
            break
        in_table = len(tokens) > first or in_table
        row += 1
    return tokens, texts


def _spanned(block: Table, number: int, row: int, tokens: list[Token]) -> int:
    """The tokens of a table some of whose cells span rows or columns, and the last row's number."""
    drawn = block.drawn
    last = -1
    for r, c, cell in block.positions():
        if r != last:
            row, last = row + 1, r
        text = cell.text
        span = (_ONE_BY_ONE if cell.row_span <= 1 and cell.col_span <= 1
                else (max(cell.row_span, 1), max(cell.col_span, 1)))
        tokens.append(Token(text, cell.location, row, len(tokens), True, classify(text), number, (r, c), span,
                            cell.confidence, drawn))
    return row


_ONE_BY_ONE = (1, 1)


def _pieces(text: str) -> Sequence[str]:
    """The tokens a paragraph makes: the cells of a table flattened into it, or its label and
    numbers, or itself."""
    pieces = cut(text) if _may_be_flattened(text) else None
    return pieces if pieces is not None else _split_runs(text)


# Paragraphs this short are row labels, headings, values on lines of their own and the like,
# which recur from report to report; longer ones are prose, which does not.
_RECURRING = 40


@lru_cache(maxsize=16384)
def _short_pieces(text: str) -> tuple[str, ...]:
    """:func:`_pieces` of a paragraph short enough to recur: worked out once per process."""
    return tuple(_pieces(text))


def _may_be_flattened(text: str) -> bool:
    """Cheap test before the label search: a flattened table is long and full of digits."""
    return len(text) > 60 and sum(map(text.count, "0123456789")) >= 20


# One printed cell: a signed number with its unit, or a count of payments then their amount
# ("2笔 984361元"), which is one cell although it holds a space.
_CELL = (
    rf"[+\-－＋]?[\d,.]+\s*(?:(?:{'|'.join(COUNT_UNITS)})\s*[\d,.]+\s*(?:{'|'.join(MONEY_UNITS)})"
    rf"|{'|'.join((*MONEY_UNITS, *COUNT_UNITS))})?"
)
# The cells among the values: white space separates them, except inside a counted amount.
_CELLS = re.compile(rf"\d+\s*(?:{'|'.join(COUNT_UNITS)})\s*[\d,.]+\s*(?:{'|'.join(MONEY_UNITS)})|\S+")
_MEASURED = re.compile("|".join(COUNT_UNITS))
# A label with its number written right after it ("规章 0 0 0" on one line, or "行政许可\u3000550").
_LABEL_THEN_VALUES = re.compile(
    r"^(?P<label>.*?[^\d\s.,，、+\-－＋—–/()（）%:：])\s*"
    rf"(?P<values>(?:{_CELL}\s*)+)$"
)


# The last characters a printed cell can end in, besides digits: what prose ends in (。) no
# line of a label and its numbers does, which spares those lines the pattern below.
_CELL_ENDS = frozenset(",." + "".join(unit[-1] for unit in (*MONEY_UNITS, *COUNT_UNITS)))


def _split_runs(text: str) -> list[str]:
    """Split a short line that holds a label and its numbers into separate tokens.

    Crawled and extracted text often puts a row on one line separated by spaces; splitting
    here lets such lines flow into the same aligner as real grids. Long prose lines are
    left whole: their numbers are facts of the prose, not cells.
    """
    stripped = text.strip()
    if (not stripped or len(stripped) > 80 or not (stripped[-1].isdigit() or stripped[-1] in _CELL_ENDS)
            or parse_value(stripped) is not None):
        return [text]
    m = _LABEL_THEN_VALUES.match(stripped)
    if m is None:
        return [text]
    label = m.group("label").strip()
    if label.endswith(("年", "月", "日", "第", "共", "约", "达", "为", "计")) or len(label) > 60:
        return [text]
    values = _CELLS.findall(m.group("values"))
    if _MEASURED.search(m.group("values")) and not is_table_label(label):
        return [text]  # "全年收到申请 12件" is prose; a measure word makes a cell only after a row label
    return [label, *values]
