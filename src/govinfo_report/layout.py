"""The format-neutral layout every reader produces.

Readers know file formats, not reports: they turn bytes into an ordered list of paragraphs
and tables, each remembering where it came from. The recognizer is the only code that knows
what a 表三 is, so a fix there helps every format at once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from itertools import repeat
from string import Formatter
from typing import Any

import attrs


@attrs.frozen
class Location:
    """Where a piece of text was found, in whatever terms the reader knows.

    Every field is optional because each format knows different things: a PDF knows the page
    and box, HTML an XPath, a text file a line, a Word file a paragraph or table index.
    """

    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    line: int | None = None
    xpath: str | None = None
    index: int | None = None
    row: int | None = None
    column: int | None = None
    # The file the place is in, where it is not the report's own (across-year findings).
    file: str | None = None

    def describe(self) -> str:
        """A short human-readable form, e.g. ``p.3 (72.0,510.2)-(140.0,522.0)`` or ``line 57``."""
        parts: list[str] = []
        if self.file is not None:
            parts.append(self.file)
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.bbox is not None:
            x0, y0, x1, y1 = self.bbox
            parts.append(f"({x0:.1f},{y0:.1f})-({x1:.1f},{y1:.1f})")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.xpath is not None:
            parts.append(self.xpath)
        if self.index is not None:
            parts.append(f"block {self.index}")
        if self.row is not None and self.column is not None:
            parts.append(f"r{self.row}c{self.column}")
        elif self.column is not None:
            parts.append(f"column {self.column + 1}")
        return " ".join(parts)


@attrs.frozen
class Paragraph:
    """A run of text. ``gap_before`` records a blank line (or vertical gap) before it.

    Text dumps often write one table cell per line; blank lines then separate table rows, so
    the recognizer uses the gaps to tell rows apart.
    """

    text: str
    location: Location = Location()
    gap_before: bool = False
    heading: bool = False


@attrs.frozen
class TableCell:
    """One origin cell of a table; a merged cell appears once, with its spans."""

    text: str
    location: Location = Location()
    row_span: int = 1
    col_span: int = 1
    # How sure the reader is that the text belongs to this cell (1.0 = drawn grid, exact).
    confidence: float = 1.0


@attrs.frozen
class Table:
    """A grid as rows of origin cells (spans not expanded: use :meth:`grid` for that)."""

    rows: tuple[tuple[TableCell, ...], ...]
    location: Location = Location()
    confidence: float = 1.0
    # Whether the producer drew this grid (an HTML or Word table, ruling lines in a PDF) or
    # the reader rebuilt it from text (tabs, pipes, aligned columns). Only a drawn grid's
    # columns can be trusted by position, and only its empty cell is surely a printed blank.
    drawn: bool = True

    def positions(self) -> list[tuple[int, int, TableCell]]:
        """Each origin cell with the row and column it starts at once spans are laid out."""
        if all(cell.row_span <= 1 and cell.col_span <= 1 for row in self.rows for cell in row):
            # No spans (every table a text reader rebuilds): each cell stands where it is.
            return [(r, c, cell) for r, row in enumerate(self.rows) for c, cell in enumerate(row)]
        # The places of later rows that cells reaching down from above cover: a cell's own
        # row needs no record, since the cells after it in that row start right of it.
        below: set[tuple[int, int]] = set()
        out: list[tuple[int, int, TableCell]] = []
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in below:
                    c += 1
                out.append((r, c, cell))
                width = max(cell.col_span, 1)
                for dr in range(1, cell.row_span):
                    for dc in range(width):
                        below.add((r + dr, c + dc))
                c += width
        return out

    def grid(self) -> list[list[TableCell | None]]:
        """Expand row and column spans into a rectangular grid.

        A position covered by a span holds ``None``, so values are never counted twice while
        the origin cell still sits where the table drew it.
        """
        placed = self.positions()
        width = max((c + max(cell.col_span, 1) for _, c, cell in placed), default=0)
        height = max((r + max(cell.row_span, 1) for r, _, cell in placed), default=0)
        height = max(height, len(self.rows))
        out: list[list[TableCell | None]] = [[None] * width for _ in range(height)]
        for r, c, cell in placed:
            out[r][c] = cell
        return out

    def text_rows(self) -> list[list[str]]:
        """The expanded grid as text, empty string where nothing or a span stands."""
        return [[cell.text if cell else "" for cell in row] for row in self.grid()]


Block = Paragraph | Table

# The slots' own setters, which a frozen class's generated ``__init__`` reaches only through
# ``object.__setattr__`` and a look-up of each name: a text reader makes hundreds of
# paragraphs and cells a report. Applied with ``map`` to a whole batch of instances, one
# slot at a time, they run without a Python call per paragraph or cell.
_new = object.__new__
_PARAGRAPH_SLOTS = tuple(Paragraph.__dict__[name].__set__ for name in ("text", "location", "gap_before", "heading"))
_CELL_SLOTS = tuple(TableCell.__dict__[name].__set__ for name in ("text", "location", "row_span", "col_span",
                                                                     "confidence"))
_drain = deque[object](maxlen=0).extend


def new_paragraphs(texts: Sequence[str], locations: Sequence[Location], gaps: Sequence[bool]) -> list[Paragraph]:
    """``Paragraph(text, location, gap_before)`` of each triple, made faster: the class has no
    validators or converters to run, so setting its slots directly makes the very same
    instances."""
    paragraphs = list(map(_new, repeat(Paragraph, len(texts))))
    set_text, set_location, set_gap, set_heading = _PARAGRAPH_SLOTS
    _drain(map(set_text, paragraphs, texts))
    _drain(map(set_location, paragraphs, locations))
    _drain(map(set_gap, paragraphs, gaps))
    _drain(map(set_heading, paragraphs, repeat(False)))
    return paragraphs


def new_cells(texts: Sequence[str], locations: Sequence[Location]) -> list[TableCell]:
    """``TableCell(text, location)`` of each pair, made as :func:`new_paragraphs` makes
    paragraphs."""
    cells = list(map(_new, repeat(TableCell, len(texts))))
    set_text, set_location, set_rows, set_columns, set_confidence = _CELL_SLOTS
    _drain(map(set_text, cells, texts))
    _drain(map(set_location, cells, locations))
    _drain(map(set_rows, cells, repeat(1)))
    _drain(map(set_columns, cells, repeat(1)))
    _drain(map(set_confidence, cells, repeat(1.0)))
    return cells


@attrs.frozen
class Note:
    """Something a reader could not do exactly, kept as a catalogue message (a msgid marked
    with ``N_``) and the values that fill it, so that the finding it becomes is told in the
    language of whoever reads the findings. A list value is told as an enumeration.

    A template its values do not fill is refused when the note is made, in the reader that
    makes it, rather than when the report's findings are told."""

    template: str
    args: dict[str, Any] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        try:
            fields = {name for _, name, _, _ in Formatter().parse(self.template) if name is not None}
        except ValueError as exc:
            raise ValueError(f"note template {self.template!r}: {exc}") from None
        if fields != self.args.keys():
            raise ValueError(f"note template {self.template!r} names {sorted(fields)}, "
                             f"its values are {sorted(self.args)}")

    def __hash__(self) -> int:
        # By the template alone: the values may be lists, and equal notes share a template.
        return hash(self.template)


@attrs.frozen
class Layout:
    """Everything a reader saw in one file, in reading order."""

    blocks: tuple[Block, ...]
    source: str = ""
    reader: str = ""
    # Document metadata the format carries (a PDF's /Title, a Word file's core properties).
    metadata: dict[str, str] = attrs.field(factory=dict)
    # What the reader could not do exactly: unmapped glyphs, pages of images, damaged bytes.
    # A plain string is told as it is, in whatever language it was written.
    notes: tuple[Note | str, ...] = ()

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))

    def plain_text(self) -> str:
        """The layout as text: paragraphs as lines, table rows as tab-separated lines."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines.append(block.text)
            else:
                lines.extend("\t".join(row) for row in block.text_rows())
        return "\n".join(lines)

    def texts(self) -> list[str]:
        """Every text :meth:`map_text` would change: paragraphs, cells and metadata values."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                out.append(block.text)
            else:
                out.extend(cell.text for row in block.rows for cell in row)
        out.extend(self.metadata.values())
        return out

    def map_text(self, change: Callable[[str], str]) -> Layout:
        """The same layout with ``change`` applied to every text and metadata value; blocks
        whose text does not change are shared, not copied."""
        blocks = tuple(_map_block(block, change) for block in self.blocks)
        metadata = {key: change(value) for key, value in self.metadata.items()}
        return attrs.evolve(self, blocks=blocks, metadata=metadata)


def _map_block(block: Block, change: Callable[[str], str]) -> Block:
    if isinstance(block, Paragraph):
        text = change(block.text)
        return block if text == block.text else attrs.evolve(block, text=text)
    rows = tuple(tuple(_map_cell(cell, change) for cell in row) for row in block.rows)
    same = all(a is b for new, old in zip(rows, block.rows) for a, b in zip(new, old))
    return block if same else attrs.evolve(block, rows=rows)


def _map_cell(cell: TableCell, change: Callable[[str], str]) -> TableCell:
    text = change(cell.text)
    return cell if text == cell.text else attrs.evolve(cell, text=text)
