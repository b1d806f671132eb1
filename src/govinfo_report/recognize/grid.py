"""Aligning a table that arrives as a grid to its :class:`TableSpec` by its labels.

PDF lattices, HTML, Word and OpenDocument tables keep their rows and columns. A column is
商业企业 because its header says so, not because it is the third; a row is 1.属于国家秘密
because its label cell says so; a value is the one in the grid cell where that row and that
column cross, never one from a neighbouring row. A cell the grid shows empty stays blank.
Rows this cannot settle (labels lost, digits run together in one cell) are left to the token
stream, which reads dumps without a grid.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

import attrs

from .. import labels
from ..formats.spec import Block, Row, TableSpec, cell_key, row_cell_keys
from .matching import row_named
from .tokens import EMPTY, NOISE, TEXT, VALUE, Token


@attrs.define
class GridRow:
    """One row of the official table found in a grid: its key and the tokens of its cells."""

    row: Row
    label: Token | None
    values: dict[str, Token | None]  # cell key → the token of the grid cell, None if it has none
    tokens: list[Token]


@attrs.define
class _Grid:
    """A layout table's tokens by grid position, each position pointing at its origin cell."""

    cover: dict[tuple[int, int], Token]
    height: int
    width: int

    def row(self, r: int) -> list[Token]:
        """The distinct origin cells covering row ``r``, left to right."""
        out: list[Token] = []
        cover = self.cover
        last = None
        for c in range(self.width):
            token = cover.get((r, c))
            if token is not None and token is not last:
                out.append(token)
                last = token
        return out


def _grid(tokens: Sequence[Token]) -> _Grid:
    cover: dict[tuple[int, int], Token] = {}
    height = width = 0
    for token in tokens:
        assert token.cell is not None
        r, c = token.cell
        rows, cols = token.span
        if rows == 1 and cols == 1:  # nearly every cell
            cover[token.cell] = token
        else:
            for dr in range(rows):
                for dc in range(cols):
                    cover[(r + dr, c + dc)] = token
        if r + rows > height:
            height = r + rows
        if c + cols > width:
            width = c + cols
    return _Grid(cover, height, width)


def _matches_any(text: str, options: Sequence[str]) -> bool:
    matches = labels.matches
    for option in options:  # noqa: SIM110 - a loop, not any() of a generator: aligning asks this thousands of times
        if matches(text, option):
            return True
    return False


Heads = tuple[tuple[int, tuple[str, ...]], ...]


def _frozen(heads: dict[int, list[str]]) -> Heads:
    """The header texts above each grid column, left to right, as a key of the caches below."""
    return tuple((c, tuple(heads[c])) for c in sorted(heads))


# Where each of a block's columns stands in a grid, left to right in the block's order, and
# the leftmost of them (label cells stand before it).
Places = tuple[tuple[int, ...], int]


@lru_cache(maxsize=4096)
def _column_map(block: Block, heads: Heads) -> Places | None:
    """The grid column of each of the block's columns, from the header texts above them (each
    grid column with its texts, left to right). Cached: matching every header text against
    every column's labels is the costly part of aligning, and a format's headers recur from
    report to report."""
    found: dict[str, int] = {}
    order = [(c, texts, "".join(texts)) for c, texts in heads]
    for col in block.columns:
        options = col.labels
        for c, texts, joined in order:
            if c in found.values():
                continue
            if _names(texts, joined, options):
                found[col.key] = c
                break
    if len(found) != len(block.columns):
        return None
    positions = tuple(found[col.key] for col in block.columns)
    return positions, min(positions)


def _names(texts: Sequence[str], joined: str, options: Sequence[str]) -> bool:
    """Whether a grid column's header texts, one of them or all of them joined, name a column."""
    for text in texts:
        if _matches_any(text, options):
            return True
    return _matches_any(joined, options)


def _run_in_one_cell(values: Sequence[Token | None], n: int) -> bool:
    """Digits of several cells printed in one grid cell: the token stream splits those."""
    printed = [v for v in values if v is not None and v.kind is VALUE]
    return n > 1 and len(printed) == 1 and sum(ch.isdigit() for ch in printed[0].text) >= n


def _label_of(cells: list[Token], first_value: int, block: Block) -> tuple[Row, Token] | None:
    """The official row a data row's label cells name (the row label, then with its group)."""
    texts = [t for t in cells if t.cell is not None and t.cell[1] < first_value and t.kind is TEXT]
    for token in reversed(texts):
        row = row_named(token.text, block)
        if row is not None:
            return row, token
    if len(texts) > 1:
        row = row_named("".join(t.text.strip() for t in texts), block)
        if row is not None:
            return row, texts[-1]
    return None


def align(tokens: Sequence[Token], table: TableSpec) -> Iterator[GridRow]:
    """The official rows of ``table`` one layout grid holds, each with its cells by key.

    Header rows (text, no values) set which grid column holds which official column; each
    later data row is read through the most recent header. A run of header rows builds up
    (表三's applicant header spans three), a header after data starts afresh (表二 repeats
    its header in every 第二十条 block).
    """
    grid = _grid(tokens)
    heads: dict[int, list[str]] = {}
    columns = _ColumnMaps(heads)
    after_data = False
    for r in range(grid.height):
        cells = grid.row(r)
        own = [t for t in cells if t.cell is not None and t.cell[0] == r]
        if not own:
            continue
        if table.one_row:
            found = _side_by_side_row(grid, r, cells, heads, table)
        else:
            found = _labelled_row(grid, r, cells, columns, table)
        if found is not None:
            yield found
            after_data = True
            continue
        if all(t.kind is TEXT or t.kind is EMPTY for t in own) and any(t.kind is TEXT for t in own):
            if after_data:
                heads, after_data = {}, False
            columns = _ColumnMaps(heads)
            for c in range(grid.width):
                token = grid.cover.get((r, c))
                if token is not None and token.kind is TEXT and token.text.strip():
                    texts = heads.setdefault(c, [])
                    if not texts or texts[-1] != token.text:
                        texts.append(token.text)


class _ColumnMaps:
    """The blocks whose columns one set of header texts places, each with its places: found
    at the first data row that asks and kept for the rows after it, since only a header row
    changes them."""

    def __init__(self, heads: dict[int, list[str]]) -> None:
        self.heads = heads
        self.placed: tuple[tuple[Block, tuple[int, ...], int], ...] | None = None

    def blocks(self, table: TableSpec) -> tuple[tuple[Block, tuple[int, ...], int], ...]:
        if self.placed is None:
            frozen = _frozen(self.heads)
            self.placed = tuple((block, *places) for block in table.blocks
                                if (places := _column_map(block, frozen)) is not None)
        return self.placed


def _labelled_row(grid: _Grid, r: int, cells: list[Token], maps: _ColumnMaps,
                  table: TableSpec) -> GridRow | None:
    for block, positions, first_value in maps.blocks(table):
        named = _label_of(cells, first_value, block)
        if named is None:
            continue
        row, label = named
        values = _values_at(grid, r, positions, label)
        if not _readable(values, len(positions)):
            return None
        return GridRow(row, label, dict(zip(row_cell_keys(table.name, block)[row.key], values)), cells)
    return None


def _side_by_side_row(grid: _Grid, r: int, cells: list[Token], heads: dict[int, list[str]],
                      table: TableSpec) -> GridRow | None:
    """表四's one row of values: each grid column names its row and its column in the header."""
    if not any(t.kind is VALUE for t in cells) or any(t.kind is TEXT for t in cells):
        return None
    places = _places(table, _frozen(heads))
    keys = [k for k, _, _ in table.keys()]
    if len(places) != len(keys):
        return None
    values = _values_at(grid, r, [places[key] for key in keys], None)
    if not _readable(values, len(table.columns)):
        return None
    return GridRow(table.rows[0], None, dict(zip(keys, values)), cells)


@lru_cache(maxsize=1024)
def _places(table: TableSpec, heads: Heads) -> Mapping[str, int]:
    """The grid column of each cell of a one-row table, whose header names both its row and
    its column; cached by the header texts, as :func:`_column_map` is."""
    places: dict[str, int] = {}
    for c, texts in heads:
        row = next((x for x in table.rows if any(_matches_any(t, x.labels) for t in texts)), None)
        col = next((x for x in table.columns if any(_matches_any(t, x.labels) for t in texts)), None)
        if row is not None and col is not None:
            places.setdefault(cell_key(table.name, row.key, col.key), c)
    return MappingProxyType(places)


def _values_at(grid: _Grid, r: int, columns: Sequence[int], label: Token | None) -> list[Token | None]:
    """The token of the grid cell at (r, c) for each ``c`` of ``columns``, if a cell of this
    row starts or spans there."""
    cover = grid.cover
    out: list[Token | None] = []
    for c in columns:
        token = cover.get((r, c))
        if token is not None and (token is label or token.cell is None or token.cell[0] != r):
            token = None
        out.append(token)
    return out


def _readable(values: list[Token | None], n: int) -> bool:
    """Whether every cell holds a value or a blank (not text, not noise); anything else is the
    token stream's."""
    for v in values:
        if v is not None and (v.kind is TEXT or v.kind is NOISE):
            return False
    return not _run_in_one_cell(values, n)
