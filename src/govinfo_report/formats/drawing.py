"""The official tables as 国办公开办函 prints them, drawn from their :class:`TableSpec`.

Every writer (HTML, Word, Markdown, text) draws the same grid: merged banners, the applicant
header of 表三 with its 勾稽 corner note, the outcome groups down its left side, the
litigation groups of 表四 side by side. Drawn once from the spec, a new format revision is
drawn without touching a writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import attrs

from .spec import Column, FormatSpec, Group, Row, TableSpec, cell_key


@attrs.frozen
class DrawnCell:
    """One origin cell of an official table: a label (``header``) or the place of a value."""

    text: str = ""
    row_span: int = 1
    col_span: int = 1
    key: str | None = None
    header: bool = False


Drawing = tuple[tuple[DrawnCell, ...], ...]


@cache
def draw(table: TableSpec) -> Drawing:
    """The printed grid of ``table``, origin cells row by row with their spans."""
    if table.one_row:
        rows = _side_by_side(table)
    elif table.label_header is not None:
        rows = _blocks(table)
    else:
        rows = _matrix(table)
    return tuple(tuple(r) for r in rows)


@cache
def official_tables(spec: FormatSpec) -> dict[str, Drawing]:
    """Each table's drawing by the key of the section that holds it."""
    return {table.section: draw(table) for table in spec.tables}


def expand(drawing: Drawing) -> list[list[DrawnCell | None]]:
    """The drawing as a rectangle: each origin cell at its place, ``None`` under its spans."""
    width = sum(c.col_span for c in drawing[0]) if drawing else 0
    out: list[list[DrawnCell | None]] = []
    taken: set[tuple[int, int]] = set()
    for r, cells in enumerate(drawing):
        while len(out) <= r:
            out.append([None] * width)
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            out[r][c] = cell
            for dr in range(cell.row_span):
                for dc in range(cell.col_span):
                    taken.add((r + dr, c + dc))
            c += cell.col_span
    return out


def _blocks(table: TableSpec) -> list[list[DrawnCell]]:
    """表二: per block a banner, a header row under the label column's header, its rows."""
    width = 1 + max(len(block.columns) for block in table.blocks)
    rows: list[list[DrawnCell]] = []
    for block in table.blocks:
        if block.banner:
            rows.append([DrawnCell(block.banner, col_span=width, header=True)])
        spans = _spread(len(block.columns), width - 1)
        rows.append([DrawnCell(table.label_header or "", header=True)] + [
            DrawnCell(col.label, col_span=span, header=True) for col, span in zip(block.columns, spans, strict=True)])
        for row in block.rows:
            rows.append([DrawnCell(row.label, header=True)] + [
                DrawnCell(col_span=span, key=cell_key(table.name, row.key, col.key))
                for col, span in zip(block.columns, spans, strict=True)])
    return rows


def _spread(count: int, width: int) -> list[int]:
    """Column spans when a block has fewer value columns than the table: the last one widens."""
    return [1] * (count - 1) + [width - count + 1]


def _members(group: Group, columns: Sequence[Column]) -> list[Column]:
    return [c for c in columns if not group.members or c.key in group.members]


def _matrix(table: TableSpec) -> list[list[DrawnCell]]:
    """表三: the applicant header (outer group, inner group, leaves) and, down the left, the
    outcome groups nested in the outermost one."""
    columns = table.columns
    outer, inner = table.column_groups[0], table.column_groups[1]
    grouped = _members(inner, columns)
    label_width = 3
    header: list[list[DrawnCell]] = [
        [DrawnCell(table.corner or "", row_span=3, col_span=label_width, header=True),
         DrawnCell(outer.label, col_span=len(_members(outer, columns)), header=True)],
        [], [DrawnCell(col.label, header=True) for col in grouped],
    ]
    for col in columns:
        if col is grouped[0]:
            header[1].append(DrawnCell(inner.label, col_span=len(grouped), header=True))
        elif col not in grouped:
            header[1].append(DrawnCell(col.label, row_span=2, header=True))
    top = table.row_groups[0].label if table.row_groups else None
    data_rows = table.rows
    rows = header
    for i, row in enumerate(data_rows):
        cells: list[DrawnCell] = []
        if row.group is None:
            cells.append(DrawnCell(row.label, col_span=label_width, header=True))
        else:
            if i == 0 or data_rows[i - 1].group is None:
                cells.append(DrawnCell(top or row.group, row_span=_run(data_rows, i, None), header=True))
            if row.group == top:
                cells.append(DrawnCell(row.label, col_span=label_width - 1, header=True))
            else:
                if data_rows[i - 1].group != row.group:
                    cells.append(DrawnCell(row.group, row_span=_run(data_rows, i, row.group), header=True))
                cells.append(DrawnCell(row.label, header=True))
        cells.extend(DrawnCell(key=cell_key(table.name, row.key, col.key)) for col in columns)
        rows.append(cells)
    return rows


def _run(rows: Sequence[Row], start: int, group: str | None) -> int:
    """How many rows from ``start`` sit in ``group`` (``None``: in any group at all)."""
    count = 0
    for row in rows[start:]:
        if row.group is None or (group is not None and row.group != group):
            break
        count += 1
    return count


def _side_by_side(table: TableSpec) -> list[list[DrawnCell]]:
    """表四: each row under its own banner, the rows a column group holds under its banner
    too, the column labels below, then one row of values."""
    columns = table.columns
    width = len(columns)
    grouped = {key for g in table.column_groups for key in g.members}
    alone = [row for row in table.rows if row.key not in grouped]
    banners = [DrawnCell(row.label, col_span=width, header=True) for row in alone]
    banners += [DrawnCell(g.label, col_span=width * len(g.members), header=True) for g in table.column_groups]
    second = [DrawnCell(col.label, row_span=2, header=True) for _ in alone for col in columns]
    second += [DrawnCell(row.label, col_span=width, header=True) for row in table.rows if row.key in grouped]
    third = [DrawnCell(col.label, header=True) for row in table.rows if row.key in grouped for col in columns]
    values = [DrawnCell(key=cell_key(table.name, row.key, col.key)) for row in (*alone, *(
        r for r in table.rows if r.key in grouped)) for col in columns]
    return [banners, second, third, values]


def flat_header(drawing: Drawing) -> tuple[list[str], int]:
    """The header rows above the first row of values as one row of labels, and how many rows
    that replaces: each column named by every label over it, outermost first ("申请人情况 /
    法人或其他组织 / 商业企业"), for outputs that allow one header row only (GFM tables).

    A label over value columns names each of them; one over label columns only (the corner
    note) stands in its first column.
    """
    grid = expand(drawing)
    height = next((r for r, row in enumerate(grid) if any(c is not None and c.key for c in row)), len(grid))
    width = len(grid[0]) if grid else 0
    values = {c for row in grid for c, cell in enumerate(row) if cell is not None and cell.key}
    names: list[list[str]] = [[] for _ in range(width)]
    for r in range(height):
        for c, cell in enumerate(grid[r]):
            if cell is None or not cell.text:
                continue
            for covered in range(c, c + cell.col_span):
                if (covered in values or covered == c) and cell.text not in names[covered]:
                    names[covered].append(cell.text)
    return [" / ".join(parts) for parts in names], height
