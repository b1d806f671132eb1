"""Page-level table drafts: ruled or aligned, joined across page breaks, then frozen.

A table that runs over a page break is two lattices on two pages. They are one table when
their columns line up; a header the writer repeated on the new page is dropped, and a merged
cell the break cut open (no rule on top of the continuation, or an empty piece under a
label spanning several rows) is glued back to its upper half.
Some producers (browsers collapsing borders) draw no rule at the break at all; then the text
decides, since one line of text is never split over two pages: a first row holding text
where the row above it holds text too is a row of its own. Word processors do the opposite,
drawing both parts of a row they split at the page's end shut; the page's geometry and the
text then tell the split row from a new one.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter

from ..layout import Location, Table, TableCell
from .pdf_grid import Lattice
from .pdf_page import Char
from .pdf_text import TextLine, cell_text, join_lines

# Column rules of two parts of one table may differ by this much (points).
ALIGN = 2.5
# Share of the narrower part's column rules that must match the wider part's.
ALIGN_SHARE = 0.6
# A cell placed by text alignment alone is trusted this much.
STREAM_CONFIDENCE = 0.7
# Text cut off under a table's last rule starts within this many font sizes of it.
CUT_GAP = 2.0
# Headers are at most this many rows when a continuation repeats them.
MAX_HEADER_ROWS = 4


_PLACE = attrgetter("row", "col")


@dataclass(slots=True)
class DraftCell:
    page: int
    row: int
    row_span: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    confidence: float = 1.0
    top_drawn: bool = True
    col: int = 0
    col_span: int = 1


@dataclass(slots=True)
class TableDraft:
    """A table under construction; ``xs`` are its column boundaries, left to right."""

    page: int
    bbox: tuple[float, float, float, float]
    xs: list[float]
    n_rows: int
    cells: list[DraftCell] = field(default_factory=list)
    ruled: bool = True

    @property
    def top(self) -> float:
        return self.bbox[3]


def draft_from_lattice(page: int, lattice: Lattice) -> TableDraft:
    cells = [
        DraftCell(
            page,
            g.row,
            g.row_span,
            g.x0,
            g.y0,
            g.x1,
            g.y1,
            cell_text(g.chars),
            _surest(0.5 if g.ambiguous else 1.0, g.chars),
            g.top_drawn,
            g.col,
            g.col_span,
        )
        for g in lattice.cells
    ]
    draft = TableDraft(page, lattice.bbox, list(lattice.xs), len(lattice.ys) - 1, cells)
    if any(a >= b for a, b in pairwise(draft.xs)):
        _assign_columns(draft)  # rules too close to tell apart: each cell goes to the nearer one
    return draft


def _surest(start: float, chars: list[Char]) -> float:
    """The lowest of ``start`` and the glyphs' confidences, with no list made for a cell
    (most hold one glyph or none), as ``min`` finds it."""
    for ch in chars:
        if ch.confidence < start:
            start = ch.confidence
    return start


def has_text(lattice: Lattice) -> bool:
    return any(cell.chars for cell in lattice.cells)


def _assign_columns(draft: TableDraft) -> None:
    """Each cell's column and span on the draft's column rules. A ruled draft's cells always
    stand on the rules they were last assigned on, so a draft whose rules did not change
    needs no new assignment; nor does a lattice's own, whose cells stand on its rules by
    their column and span, where the rules rise strictly."""
    for cell in draft.cells:
        c0 = _nearest(draft.xs, cell.x0)
        c1 = _nearest(draft.xs, cell.x1)
        cell.col, cell.col_span = c0, max(c1 - c0, 1)


def _nearest(values: Sequence[float], x: float) -> int:
    """Index of the value nearest ``x`` in ascending ``values`` (the first of a tie), by bisection."""
    i = bisect_left(values, x)
    if i == 0:
        return 0
    if i == len(values):
        return len(values) - 1
    return i if values[i] - x < x - values[i - 1] else i - 1


def continues(upper: TableDraft, lower: TableDraft) -> bool:
    """Whether ``lower`` (top of the next page) carries on ``upper`` (bottom of this one)."""
    if not (upper.ruled and lower.ruled):
        return False
    if abs(upper.xs[0] - lower.xs[0]) > ALIGN * 2 or abs(upper.xs[-1] - lower.xs[-1]) > ALIGN * 2:
        return False
    narrow, wide = sorted((upper.xs, lower.xs), key=len)
    matched = sum(1 for x in narrow if any(abs(x - w) <= ALIGN for w in wide))
    return matched >= ALIGN_SHARE * len(narrow)


def join(upper: TableDraft, lower: TableDraft, floor: float | None = None) -> TableDraft:
    """Stack ``lower`` under ``upper`` on the union of their column rules.

    ``floor`` is the lowest content of any page of the document: a table reaching it filled
    its page to the end, which is where a word processor splits a row that did not fit.
    """
    xs = _union(upper.xs, lower.xs)
    _drop_repeated_header(upper, lower)
    merged = TableDraft(upper.page, upper.bbox, xs, upper.n_rows, list(upper.cells))
    if xs != upper.xs:
        _assign_columns(merged)
    lower_cells = list(lower.cells)
    probe = TableDraft(lower.page, lower.bbox, xs, lower.n_rows, lower_cells)
    if xs != lower.xs:
        _assign_columns(probe)
    first = sorted((c for c in lower_cells if c.row == 0), key=lambda c: c.col)
    new_row = _starts_new_row(merged, first)
    split = not new_row and _split_row(merged, first, floor)
    leading = set()
    for cell in first:
        if cell.text:
            break
        leading.add(id(cell))
    for cell in lower_cells:
        if cell.row == 0 and _glue(merged, cell, not split and (new_row or cell.top_drawn), id(cell) in leading):
            continue
        cell.row += upper.n_rows
        merged.cells.append(cell)
    merged.n_rows = upper.n_rows + lower.n_rows
    return merged


def _union(a: Sequence[float], b: Sequence[float]) -> list[float]:
    out: list[float] = []
    for x in sorted([*a, *b]):
        if out and x - out[-1] <= ALIGN:
            continue
        out.append(x)
    return out


def _bottom_cells(upper: TableDraft) -> dict[tuple[int, int], DraftCell]:
    return {(c.col, c.col_span): c for c in upper.cells if c.row + c.row_span == upper.n_rows}


def _starts_new_row(upper: TableDraft, first: list[DraftCell]) -> bool:
    """Whether the cells of a continuation's first row drawn without a rule on top start a row.

    A row cut by the break has its text on one side or the other, column by column (a
    wrapped label may straddle); a new row under an undrawn rule has text on both sides in
    most of the columns where it has any. An empty piece under text says nothing: it is
    what a merged label beside a new row leaves, and what a cut row leaves too.
    """
    bottom = _bottom_cells(upper)
    both = below_only = 0
    for cell in first:
        top = bottom.get((cell.col, cell.col_span))
        if top is None or cell.top_drawn or not cell.text:
            continue
        if top.text:
            both += 1
        else:
            below_only += 1
    return both >= 2 and both > below_only


def _split_row(upper: TableDraft, first: list[DraftCell], floor: float | None) -> bool:
    """Whether a continuation's first row is the rest of a row split at the page's end.

    Word processors split a row that does not fit and draw both parts shut. The split shows
    in the geometry (the upper part fills its page down to the document's lowest content)
    and in the text: the lower part only carries on cells of that row holding text above
    it, and some of them (a figure, which is one line) have nothing more to carry.
    """
    last = max(c.page for c in upper.cells)
    bottom = min(c.y0 for c in upper.cells if c.page == last)
    if floor is None or bottom > floor + ALIGN:
        return False
    below = {(c.col, c.col_span): c for c in first}
    above = _bottom_cells(upper)
    if any(c.text and (c.col, c.col_span) not in above for c in first):
        return False
    carried = ended = 0
    for key, top in above.items():
        cell = below.get(key)
        if cell is None or top.row_span > 1:
            continue
        if cell.text and not top.text:
            return False
        carried += bool(cell.text)
        ended += bool(top.text and not cell.text)
    return carried > 0 and ended > 0


def _glue(upper: TableDraft, cell: DraftCell, new_row: bool, leading: bool) -> bool:
    """Extend a merged cell the page break cut open; True when ``cell`` was absorbed.

    Under a ``new_row`` (or a rule drawn on top of ``cell``) only an empty piece ahead of
    the row's first text (``leading``) under a cell spanning several rows is glued: the
    group label beside the new row carries on, the row's own cells stay its own. Some
    producers close every cell at a break, merged ones too, yet an empty cell left of a
    row's label opens no group of its own.
    """
    top = _bottom_cells(upper).get((cell.col, cell.col_span))
    if top is None or (new_row and (cell.text or not leading or top.row_span == 1)):
        return False
    top.row_span += cell.row_span
    top.text = join_lines([top.text, cell.text])
    top.confidence = min(top.confidence, cell.confidence)
    return True


def absorb_cut_text(draft: TableDraft, lines: Sequence[TextLine]) -> bool:
    """Put lines a page break left under the table's last rule into its last row's cells.

    A browser splitting a tall row over two pages may stop the row's rules above the text
    that still fits on the page. Such lines lie right under the table, each inside one cell
    of its last row; True when every line found its cell and was taken.
    """
    bottom = [c for c in draft.cells if c.row + c.row_span == draft.n_rows]
    owners: list[tuple[DraftCell, TextLine]] = []
    edge = draft.bbox[1]
    for line in sorted(lines, key=lambda ln: -ln.y1):
        if edge - line.y1 > CUT_GAP * line.size:
            return False
        owner = next((c for c in bottom if c.x0 - ALIGN <= line.x0 and line.x1 <= c.x1 + ALIGN), None)
        if owner is None:
            return False
        owners.append((owner, line))
        edge = min(edge, line.y0)
    for owner, line in owners:
        owner.text = join_lines([owner.text, line.text])
        owner.y0 = min(owner.y0, line.y0)
    return bool(owners)


def _row_texts(draft: TableDraft, row: int) -> tuple[str, ...]:
    return tuple(c.text for c in sorted(draft.cells, key=lambda c: c.x0) if c.row == row)


def _drop_repeated_header(upper: TableDraft, lower: TableDraft) -> None:
    limit = min(MAX_HEADER_ROWS, upper.n_rows - 1, lower.n_rows - 1)
    for k in range(limit, 0, -1):
        if any(c.row < k < c.row + c.row_span for c in lower.cells):
            continue
        if all(_row_texts(upper, r) == _row_texts(lower, r) and any(_row_texts(lower, r)) for r in range(k)):
            lower.cells = [c for c in lower.cells if c.row >= k]
            for c in lower.cells:
                c.row -= k
            lower.n_rows -= k
            return


def freeze(draft: TableDraft) -> Table:
    """The immutable layout table: origin cells row by row, spans kept."""
    rows: list[list[TableCell]] = [[] for _ in range(draft.n_rows)]
    # Arguments by position: a table's hundreds of cells are built faster so.
    for cell in sorted(draft.cells, key=_PLACE):
        rows[cell.row].append(
            TableCell(cell.text, Location(cell.page, (cell.x0, cell.y0, cell.x1, cell.y1)), cell.row_span,
                      cell.col_span, cell.confidence)
        )
    scores = [c.confidence for c in draft.cells]
    sure = sum(1 for s in scores if s >= 1.0) / len(scores) if scores else 0.0
    confidence = sure if draft.ruled else STREAM_CONFIDENCE * sure
    return Table(
        tuple(tuple(r) for r in rows),
        Location(page=draft.page, bbox=draft.bbox),
        confidence=round(confidence, 3),
        drawn=draft.ruled,
    )


def stream_tables(
    page: int, rows: list[list[TextLine]], min_rows: int = 3
) -> list[tuple[int, int, TableDraft]]:
    """Tables without rules: runs of lines that each split into several aligned pieces.

    Returns (first line index, end index, draft) so the caller can take those lines out of
    the prose.
    """
    found: list[tuple[int, int, TableDraft]] = []
    start = 0
    while start < len(rows):
        end = start
        while end < len(rows) and len(rows[end]) >= 2:
            end += 1
        if end - start >= min_rows:
            draft = _stream_draft(page, rows[start:end])
            if draft is not None:
                found.append((start, end, draft))
        start = max(end, start + 1)
    return found


def _stream_draft(page: int, rows: list[list[TextLine]]) -> TableDraft | None:
    spans = sorted((p.x0, p.x1) for row in rows for p in row)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    if len(columns) < 2:
        return None
    xs = [columns[0][0]] + [(a[1] + b[0]) / 2 for a, b in pairwise(columns)] + [columns[-1][1]]
    cells: list[DraftCell] = []
    for r, row in enumerate(rows):
        top = max(p.y1 for p in row)
        bottom = min(p.y0 for p in row)
        by_col: dict[int, list[TextLine]] = {}
        for piece in row:
            centre = (piece.x0 + piece.x1) / 2
            col = next(i for i in range(len(columns)) if centre <= xs[i + 1] or i == len(columns) - 1)
            by_col.setdefault(col, []).append(piece)
        for c in range(len(columns)):
            pieces = by_col.get(c, [])
            text = " ".join(p.text for p in sorted(pieces, key=lambda p: p.x0))
            confidence = STREAM_CONFIDENCE if len(pieces) <= 1 else STREAM_CONFIDENCE / 2
            confidence = min([confidence, *(p.confidence for p in pieces)])
            cells.append(DraftCell(page, r, 1, xs[c], bottom, xs[c + 1], top, text, confidence, col=c))
    bbox = (xs[0], min(c.y0 for c in cells), xs[-1], max(c.y1 for c in cells))
    return TableDraft(page, bbox, xs, len(rows), cells, ruled=False)
