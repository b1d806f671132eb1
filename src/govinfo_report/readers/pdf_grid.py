"""Table grids from ruling lines (lattice detection).

Rules drawn by word processors arrive as many short, slightly misaligned strokes. They are
snapped and joined into long edges, edges that touch are grouped into tables, and each
table's cell boundaries come from where the edges lie. Two neighbouring elementary cells
belong to one merged cell exactly when no rule separates them, which yields row and column
spans without guessing. A table cut by a page break has no closing rule; the ends of its
vertical rules stand in for it, so the last row is not lost.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..i18n import N_
from ..limits import current
from .pdf_page import Char, LimitReached, Segment

# Rules closer than this (points) are one rule drawn twice or with a thick pen.
SNAP = 1.5
# Collinear pieces with gaps up to this are one rule (dashed or stitched strokes).
JOIN = 2.5
# How far a rule may stop short of another and still be taken to meet it.
TOUCH = 2.5
# A boundary that only an edge's end (not a rule) suggests is kept only this far outside.
OUTER = 5.0
# A rule separates two cells when it covers at least this share of their common side.
COVER = 0.5
# A glyph straddles a border when this share of it lies outside its cell.
STRADDLE = 0.35


@dataclass(slots=True)
class GridCell:
    """One origin cell of a lattice, with its spans and box (page space)."""

    row: int
    col: int
    row_span: int
    col_span: int
    x0: float
    y0: float
    x1: float
    y1: float
    top_drawn: bool = True
    chars: list[Char] = field(default_factory=list)
    ambiguous: bool = False


@dataclass(slots=True)
class Lattice:
    """A table found from rules on one page: column xs ascending, row ys descending."""

    xs: list[float]
    ys: list[float]
    cells: list[GridCell]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[-1], self.xs[-1], self.ys[0])


def merge_segments(segments: Sequence[Segment]) -> list[Segment]:
    """Snap nearly equal coordinates together and join collinear pieces."""
    out: list[Segment] = []
    for group in _clusters(sorted(segments, key=lambda s: s.fixed)):
        fixed = sum(s.fixed for s in group) / len(group)
        pieces = sorted(group, key=lambda s: s.lo)
        current = Segment(fixed, pieces[0].lo, pieces[0].hi)
        for piece in pieces[1:]:
            if piece.lo <= current.hi + JOIN:
                current.hi = max(current.hi, piece.hi)
            else:
                out.append(current)
                current = Segment(fixed, piece.lo, piece.hi)
        out.append(current)
    return out


def _clusters(items: Sequence[Segment]) -> list[list[Segment]]:
    groups: list[list[Segment]] = []
    for item in items:
        value = item.fixed
        if groups and value - groups[-1][-1].fixed <= SNAP and value - groups[-1][0].fixed <= 2 * SNAP:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _cluster_values(values: Sequence[float]) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= SNAP and v - out[-1][0] <= 2 * SNAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def find_lattices(horizontals: Sequence[Segment], verticals: Sequence[Segment]) -> list[Lattice]:
    """Every ruled table on a page, top to bottom."""
    hs = merge_segments(horizontals)
    vs = merge_segments(verticals)
    lattices = []
    for h_group, v_group in _connected(hs, vs):
        lattice = _build_lattice(h_group, v_group)
        if lattice is not None:
            lattices.append(lattice)
    lattices.sort(key=lambda t: -t.ys[0])
    return lattices


def _connected(hs: list[Segment], vs: list[Segment]) -> list[tuple[list[Segment], list[Segment]]]:
    """Group rules that touch; each group is one table (a lone box or stray rule is not)."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    touching: set[int] = set()
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if v.lo - TOUCH <= h.fixed <= v.hi + TOUCH and h.lo - TOUCH <= v.fixed <= h.hi + TOUCH:
                parent[find(i)] = find(len(hs) + j)
                touching.add(j)
    # A page break can leave a table without its top and bottom rules; a column no row rule
    # crosses (a merged group label) then has its rule touching nothing. It still runs
    # exactly as far as the table's other column rules, end for end.
    for j, v in enumerate(vs):
        if j not in touching:
            for k, w in enumerate(vs):
                if k in touching and abs(v.lo - w.lo) <= TOUCH and abs(v.hi - w.hi) <= TOUCH:
                    parent[find(len(hs) + j)] = find(len(hs) + k)
                    break
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if g[0] and len(g[1]) >= 2]


def _boundaries(rules: list[Segment], ends: list[float]) -> list[float]:
    """Positions of rules, widened by edge ends only where no rule closes that side."""
    inner = _cluster_values([r.fixed for r in rules])
    if not inner:
        return _cluster_values(ends)
    lo, hi = min(ends, default=inner[0]), max(ends, default=inner[-1])
    if lo < inner[0] - OUTER:
        inner.insert(0, lo)
    if hi > inner[-1] + OUTER:
        inner.append(hi)
    return inner


def _build_lattice(hs: list[Segment], vs: list[Segment]) -> Lattice | None:
    xs = _boundaries(vs, [e for h in hs for e in (h.lo, h.hi)])
    ys = sorted(_boundaries(hs, [e for v in vs for e in (v.lo, v.hi)]), reverse=True)
    if len(xs) < 2 or len(ys) < 2 or (len(xs) == 2 and len(ys) == 2):
        return None
    # Merging cells looks at every rule for every cell edge: bounded by capping the grid (an
    # official table has a few hundred cells; a lattice of a million is an attack).
    limit = current().grid_cells
    if (len(xs) - 1) * (len(ys) - 1) > limit:
        raise LimitReached(N_("a ruled grid of {rows} x {columns} cells (limit grid_cells={limit})"),
                              {"rows": len(ys) - 1, "columns": len(xs) - 1, "limit": limit})
    cells = _cells(xs, ys, hs, vs)
    return Lattice(xs, ys, cells)


def _covered(near: list[Segment], lo: float, hi: float) -> bool:
    """Whether the rules ``near`` a cell side (within the snap of its line) cover enough of it."""
    need = (hi - lo) * COVER
    total = 0.0
    for r in near:
        overlap = (hi if hi < r.hi else r.hi) - (lo if lo > r.lo else r.lo)
        if overlap > 0.0:
            total += overlap
    return total >= need


def _near(rules: list[Segment], lines: list[float]) -> list[list[Segment]]:
    """For each grid line, the rules lying on it (within the snap), in their order: every cell
    side on that line is measured against these alone."""
    return [[r for r in rules if abs(r.fixed - fixed) <= SNAP] for fixed in lines]


def _cells(xs: list[float], ys: list[float], hs: list[Segment], vs: list[Segment]) -> list[GridCell]:
    """Merge elementary cells that no rule separates; a non-rectangular merge is not trusted.

    Whether a rule closes the top of each elementary cell is asked once: it is both what
    keeps the cell apart from the one above and, for a cell of its own, its drawn top."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    on_x, on_y = _near(vs, xs), _near(hs, ys)
    tops = [[_covered(near, xs[c], xs[c + 1]) for c in range(n_cols)] for near in on_y[:-1]]
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        low, high = ys[r + 1], ys[r]
        closed_below = tops[r + 1] if r + 1 < n_rows else None
        for c in range(n_cols):
            here = r * n_cols + c
            if c + 1 < n_cols and not _covered(on_x[c + 1], low, high):
                parent[find(here)] = find(here + 1)
            if closed_below is not None and not closed_below[c]:
                parent[find(here)] = find(here + n_cols)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(find(r * n_cols + c), []).append((r, c))
    cells: list[GridCell] = []
    for members in groups.values():
        if len(members) == 1:
            [(r, c)] = members
            cells.append(GridCell(r, c, 1, 1, xs[c], ys[r + 1], xs[c + 1], ys[r], tops[r][c], []))
            continue
        rows = [m[0] for m in members]
        cols = [m[1] for m in members]
        r0, r1, c0, c1 = min(rows), max(rows), min(cols), max(cols)
        if (r1 - r0 + 1) * (c1 - c0 + 1) == len(members):
            cells.append(_merged_cell(xs, ys, on_y, r0, c0, r1 - r0 + 1, c1 - c0 + 1))
        else:
            cells.extend(GridCell(r, c, 1, 1, xs[c], ys[r + 1], xs[c + 1], ys[r], tops[r][c], [], True)
                         for r, c in members)
    cells.sort(key=lambda g: (g.row, g.col))
    return cells


def _merged_cell(xs: list[float], ys: list[float], on_y: list[list[Segment]], row: int, col: int, rs: int,
                 cs: int) -> GridCell:
    x0, x1 = xs[col], xs[col + cs]
    y1, y0 = ys[row], ys[row + rs]
    return GridCell(row, col, rs, cs, x0, y0, x1, y1, _covered(on_y[row], x0, x1), [])


def place_chars(lattice: Lattice, chars: Sequence[Char]) -> list[Char]:
    """Put each glyph in the cell holding its centre; return the glyphs outside the table.

    A glyph straddles its cell's border (which makes the cell ambiguous) when more than
    ``STRADDLE`` of its width or height lies outside the cell."""
    xs, ys = lattice.xs, lattice.ys
    x0, y0, x1, y1 = lattice.bbox
    last_col, last_row = len(xs) - 2, len(ys) - 2
    owner: dict[int, GridCell] = {}
    for cell in lattice.cells:
        for r in range(cell.row, cell.row + cell.row_span):
            for c in range(cell.col, cell.col + cell.col_span):
                owner[r * (last_col + 1) + c] = cell
    neg_ys = [-y for y in ys]
    width = last_col + 1
    outside: list[Char] = []
    for ch in chars:
        # Most glyphs outside a table lie above or below it: their heights tell.
        bottom, top = ch.y0, ch.y1
        cy = (bottom + top) / 2
        if not y0 <= cy <= y1:
            outside.append(ch)
            continue
        left, right = ch.x0, ch.x1
        cx = (left + right) / 2
        if not x0 <= cx <= x1:
            outside.append(ch)
            continue
        col = bisect_right(xs, cx) - 1
        col = 0 if col < 0 else last_col if col > last_col else col
        row = bisect_right(neg_ys, -cy) - 1
        row = 0 if row < 0 else last_row if row > last_row else row
        cell = owner[row * width + col]
        cell.chars.append(ch)
        if cell.ambiguous or (cell.x0 <= left and right <= cell.x1 and cell.y0 <= bottom and top <= cell.y1):
            continue  # a glyph inside its cell straddles nothing
        if _straddles(cell, ch):
            cell.ambiguous = True
    return outside


def _straddles(cell: GridCell, ch: Char) -> bool:
    width, height = ch.x1 - ch.x0, ch.y1 - ch.y0
    left, right = cell.x0 - ch.x0, ch.x1 - cell.x1
    below, above = cell.y0 - ch.y0, ch.y1 - cell.y1
    out_x = (left if left > 0.0 else 0.0) + (right if right > 0.0 else 0.0)
    out_y = (below if below > 0.0 else 0.0) + (above if above > 0.0 else 0.0)
    return out_x / (0.1 if width < 0.1 else width) > STRADDLE or out_y / (0.1 if height < 0.1 else height) > STRADDLE
