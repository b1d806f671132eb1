"""Aligning the token stream to the official tables by their row labels.

A row label is looked for in the format's row order; the values that follow it (up to the
next text) are its cells. Grid rows, one-cell-per-line dumps and space-separated lines all
reduce to that. Where the number of values does not fit the columns, the choice made is
reported as an uncertain reading, never taken silently.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType
from typing import Any, cast

import attrs

from .. import labels
from ..formats.identities import identities_by_key
from ..formats.spec import Block, Collapsed, Column, Kind, Row, TableSpec, cell_key, row_cell_keys
from ..i18n import N_
from ..model import Cause, Cell, Finding, Severity, Value, finding
from ..numbers import parse_value
from .grid import align
from .matching import Matches, matchers, row_matches
from .tokens import BLANK, EMPTY, NOISE, TEXT, VALUE, Token
from .tokens import Kind as TokenKind

UNCERTAIN = "uncertain-reading"
_NOTE = re.compile(r"^[（(][^）)]{1,40}[）)]$")
_LEADING_ZERO = re.compile(r"^[+\-−]?0\d")


@attrs.define
class TableReading:
    cells: dict[str, Cell] = attrs.field(factory=dict)
    extra: dict[str, Cell] = attrs.field(factory=dict)
    findings: list[Finding] = attrs.field(factory=list)
    span: tuple[int, int] | None = None
    placed: int = 0
    uncertain: int = 0
    found: bool = False
    # Row key → index of its label token; token indexes already placed in a cell.
    labels: dict[str, int] = attrs.field(factory=dict)
    used: set[int] = attrs.field(factory=set)
    unsure_rows: set[str] = attrs.field(factory=set)
    row_tokens: dict[str, list[Token]] = attrs.field(factory=dict)
    runs: list[PendingRun] = attrs.field(factory=list)

    @property
    def confidence(self) -> float:
        total = self.placed + self.uncertain
        return 1.0 if total == 0 else self.placed / total

    def widen(self, first: int, last: int) -> None:
        self.span = (first, last) if self.span is None else (min(self.span[0], first), max(self.span[1], last))


def _find_row(tokens: Sequence[Token], start: int, end: int, matches: Matches) -> int | None:
    """The token holding a row's label (``matches`` is the row's :func:`matchers`); a label
    wrapped over two lines counts as one."""
    alone, wrapped = matches
    for i in range(start, end):
        token = tokens[i]
        if token.kind is not TEXT:
            continue
        if alone(token.text):
            return i
        nxt = tokens[i + 1] if i + 1 < end else None
        if nxt is not None and nxt.kind is TEXT and len(token.text) < 60 and wrapped(token.text, nxt.text):
            return i + 1
    return None


def _values_after(tokens: Sequence[Token], pos: int, end: int) -> list[Token]:
    out: list[Token] = []
    for i in range(pos + 1, end):
        token = tokens[i]
        if token.kind is TEXT:
            break
        if token.kind is not NOISE:
            out.append(token)
    return out


def _trim(values: list[Token], n: int) -> list[Token]:
    """Drop layout padding (empty cells from merged columns) until ``n`` values remain."""
    vals = list(values)
    while len(vals) > n and vals[-1].kind is EMPTY:
        vals.pop()
    while len(vals) > n and vals[0].kind is EMPTY:
        vals.pop(0)
    i = len(vals) - 1
    while len(vals) > n and i >= 0:
        if vals[i].kind is EMPTY:
            vals.pop(i)
        i -= 1
    return vals


def choose_values(label: Token, values: list[Token], n: int) -> tuple[list[Token | None], bool]:
    """Pick the ``n`` cells of a row from the values following its label.

    Values in the label's own grid row win (a real row is the best evidence); otherwise the
    stream is read in order, as one-cell-per-line dumps require.
    """
    same_row = [v for v in values if v.row == label.row]
    if len(same_row) == n:
        # The row's own cells, as nearly every row is printed.
        return cast("list[Token | None]", same_row), False
    pool = same_row if len(same_row) >= n or (same_row and same_row == values) else values
    pool = _trim(pool, n)
    if len(pool) == n:
        return list(pool), _completed_by_blanks(label, pool)
    if len(pool) > n:
        return list(pool[:n]), True
    return [*pool, *([None] * (n - len(pool)))], True


def _completed_by_blanks(label: Token, pool: Sequence[Token]) -> bool:
    """The label's own row is short of cells and only blanks from the rows after it make up
    the count: a line of the row was lost, and which cell it was the layout cannot tell (a
    one-cell-per-line dump that lost a line takes the empty line after the row for its last
    cell, and every value moves one cell to the left)."""
    own = borrowed = False
    for v in pool:
        if v.row == label.row:
            own = True
        elif v.kind is VALUE:
            return False
        else:
            borrowed = True
    return own and borrowed


def make_cell(key: str, token: Token | None, kind: Kind) -> Cell:
    return _MAKERS[kind](key, token)


CellMaker = Callable[[str, Token | None], Cell]
# Readings kept per column kind; past this many texts a kind's are forgotten.
_READINGS_KEPT = 65536


def _maker(kind: Kind) -> CellMaker:
    """:func:`make_cell` for a column of ``kind``. Its readings are kept by the text alone:
    the same few strings ("0", "1", "—") fill most cells of every table, and a key holding
    the token's and the column's kinds would hash both enums in Python for every cell."""
    seen: dict[str, tuple[TokenKind, Value, str | None, str | None, bool]] = {}
    new = object.__new__

    def make(key: str, token: Token | None) -> Cell:
        if token is None:
            return Cell(key)
        text, token_kind = token.text, token.kind
        known = seen.get(text)
        if known is not None and known[0] is token_kind:
            _, value, raw, note, doubtful = known
        else:
            # Nothing printed reads alike whether the grid was drawn or not: "" is read anew.
            value, raw, note, doubtful = _cell_reading(text, token_kind, token.drawn, kind)
            if text:
                if len(seen) >= _READINGS_KEPT:
                    seen.clear()
                seen[text] = (token_kind, value, raw, note, doubtful)
        # A bare instance with its every field set, one statement each: the class's
        # ``__init__`` costs a call for each of the ~200 cells of a report.
        cell = new(Cell)
        cell.key = key
        cell.value = value
        cell.raw = raw
        cell.location = token.location
        cell.note = note
        cell.alternatives = ()
        cell.confidence = min(token.confidence, 0.5) if doubtful else token.confidence
        return cell

    return make


def _cell_reading(text: str, token_kind: TokenKind, drawn: bool, kind: Kind) -> tuple[Value, str | None,
                                                                                     str | None, bool]:
    """What a cell printed as ``text`` holds: value, raw text, note, and whether its text is
    in doubt."""
    # A glyph the reader could not map (U+FFFD) leaves the text in doubt, whatever the grid.
    doubtful = "\ufffd" in text
    if text == "" and not drawn:
        # Nothing at this place of a grid rebuilt from text: the cell may have been lost on
        # the way, which only the identities can tell, not a blank the report surely prints.
        return None, None, None, doubtful
    if token_kind in (EMPTY, BLANK):
        return None, text, None, doubtful
    parsed = parse_value(text, kind)
    if parsed is None:
        return None, text, None, doubtful
    if _LEADING_ZERO.match("".join(text.split())):
        # No count is printed "0690": a digit was lost before it, or two cells ran together.
        doubtful = True
    return parsed.value, text, parsed.note, doubtful


_MAKERS: dict[Kind, CellMaker] = {kind: _maker(kind) for kind in Kind}


def uncertain(template: str, args: dict[str, Any], keys: Sequence[str], cause: Cause = Cause.READING) -> Finding:
    return finding(UNCERTAIN, Severity.WARNING, template, args, keys, cause=cause)


@attrs.frozen
class PendingRun:
    """Digits printed without separators that stand for several cells; split by the solver."""

    keys: tuple[str, ...]
    kinds: tuple[Kind, ...]
    token: Token


def _is_run(values: list[Token], n: int) -> bool:
    """One or a few number tokens too few for the row, whose digits could hold all its cells."""
    if n == 1:
        return False
    printed: Token | None = None
    for v in values:
        if v.kind is VALUE:
            if printed is not None:
                return False  # a second number: the row's own cells
            printed = v
    return printed is not None and sum(ch.isdigit() for ch in printed.text) >= n


def _label_at(tokens: Sequence[Token], start: int, end: int, row: _RowPlan) -> tuple[int, list[Token]] | None:
    """This row's label, with the values after it; where the label appears twice (a heading,
    then the table), the one with values.

    The search for a second match stops at the next row's label, so a missing row can
    never borrow values from further down the table.
    """
    first = _find_row(tokens, start, end, row.matches)
    if first is None:
        return None
    values = _values_after(tokens, first, end)
    if values:
        return first, values
    stop = end
    if row.following is not None:
        nxt = _find_row(tokens, first + 1, end, row.following)
        stop = nxt if nxt is not None else end
    i = first + 1
    while i < stop:
        again = _find_row(tokens, i, stop, row.matches)
        if again is None:
            break
        again_values = _values_after(tokens, again, end)
        if again_values:
            return again, again_values
        i = again + 1
    return first, values


@attrs.frozen
class _RowPlan:
    """What reading one row needs that depends on the format alone."""

    row: Row
    keys: tuple[str, ...]
    matches: Matches
    # The next row's matchers: a second search for this row's label stops at that row.
    following: Matches | None


@attrs.frozen
class _BlockPlan:
    rows: tuple[_RowPlan, ...]
    kinds: tuple[Kind, ...]
    makers: tuple[CellMaker, ...]


@lru_cache(maxsize=256)
def _plan(prefix: str, block: Block) -> _BlockPlan:
    """Each row's cell keys and matchers and each column's cell maker: a matter of the format,
    so made once, not once per report."""
    rows, columns = block.rows, block.columns
    keys = row_cell_keys(prefix, block)
    plans = tuple(_RowPlan(row, keys[row.key], matchers(row), matchers(rows[i + 1]) if i + 1 < len(rows) else None)
                  for i, row in enumerate(rows))
    return _BlockPlan(plans, tuple(c.kind for c in columns), tuple(_MAKERS[c.kind] for c in columns))


def read_rows(tokens: Sequence[Token], start: int, end: int, prefix: str, block: Block,
              reading: TableReading) -> int:
    """Read ``block``'s rows in order from ``tokens[start:end]``; return where reading stopped."""
    plan = _plan(prefix, block)
    pos = start
    n = len(block.columns)
    kinds, makers = plan.kinds, plan.makers
    cells, labels, used = reading.cells, reading.labels, reading.used
    for row_plan in plan.rows:
        row, keys = row_plan.row, row_plan.keys
        if row.key in labels:
            continue  # read from its grid already
        found = _label_at(tokens, pos, end, row_plan)
        if found is None:
            for key in keys:
                cells[key] = Cell(key)
            continue
        reading.found = True
        at, values = found
        label = tokens[at]
        if (((not values or values[0].kind is EMPTY) and all(v.kind is EMPTY for v in values)
             and sum(v.row == label.row for v in values) < n)
                or (not label.in_table and len({v.row for v in values if v.in_table}) > 1)):
            # A label standing alone (its numbers wrapped away), or a loose label followed by
            # several grid rows, which may be anyone's: left for place_orphans.
            for key in keys:
                cells[key] = Cell(key)
            continue
        labels[row.key] = at
        if _is_run(values, n):
            run = next(v for v in values if v.kind is VALUE)
            reading.runs.append(PendingRun(keys, kinds, run))
            for key in keys:
                cells[key] = Cell(key, None, None, run.location)
            reading.widen(at, run.index)
            pos = run.index + 1
            continue
        chosen, unsure = choose_values(label, values, n)
        for key, make, token in zip(keys, makers, chosen):
            cells[key] = make(key, token)
        placed = [t for t in chosen if t is not None]
        last = at
        if placed:
            indexes = [t.index for t in placed]
            used.update(indexes)
            last = max(at, *indexes)
        reading.row_tokens[row.key] = placed
        if unsure:
            reading.uncertain += n
            reading.unsure_rows.add(row.key)
            read = (sum(v.row == label.row for v in placed) if _completed_by_blanks(label, placed)
                    else len(values))
            reading.findings.append(uncertain(
                N_("“{quote}”一行应有 {count} 个单元格，读到 {found} 个值；已按顺序取值，请核对原文。"),
                {"quote": label.text.strip(), "count": n, "found": read}, keys))
        else:
            reading.placed += n
        reading.widen(at, last)
        pos = last + 1
    return pos


def place_orphans(tokens: Sequence[Token], prefix: str, rows: Sequence[Row], columns: Sequence[Column],
                  reading: TableReading, is_label: Callable[[str], bool]) -> None:
    """Give rows whose label was lost the unlabelled value rows standing where they belong.

    Extractions often drop a wrapped label and leave its numbers as a row of their own.
    Between two rows that were found, the unlabelled rows are matched to the missing rows in
    format order, and only when their numbers agree; each placement is reported.
    """
    if reading.span is None:
        return
    n = len(columns)
    orphans: list[list[Token]] | None = None  # looked for only once a row is found missing
    found = [(i, r) for i, r in enumerate(rows) if r.key in reading.labels]
    bounds = [(-1, reading.span[0])] + [(i, reading.labels[r.key]) for i, r in found] + [(len(rows), 10**9)]
    for (i, lo), (j, hi) in itertools.pairwise(bounds):
        missing = [r for r in rows[i + 1:j] if r.key not in reading.labels]
        if not missing:
            continue
        if orphans is None:
            orphans = _orphan_rows(tokens, reading, n, is_label)
        between = [o for o in orphans if lo < o[0].index < hi]
        if len(between) != len(missing):
            continue
        for row, values in zip(missing, between):
            keys = [f"{prefix}.{row.key}.{c.key}" for c in columns]
            for key, col, token in zip(keys, columns, values):
                reading.cells[key] = make_cell(key, token, col.kind)
            reading.used.update(t.index for t in values)
            reading.labels[row.key] = values[0].index
            reading.uncertain += n
            reading.findings.append(uncertain(
                N_("“{row_label}”一行的标签在原文中缺失或残缺，已按表格行序把其后一行无标签的数字"
                   "（{quote}）归入该行，请核对原文。"),
                {"row_label": row.label, "quote": " ".join(t.text.strip() for t in values)}, keys))


def _orphan_rows(tokens: Sequence[Token], reading: TableReading, n: int,
                 is_label: Callable[[str], bool]) -> list[list[Token]]:
    assert reading.span is not None
    by_row: dict[int, list[Token]] = {}
    for token in tokens[reading.span[0]:]:
        if token.in_table:
            by_row.setdefault(token.row, []).append(token)
    out: list[list[Token]] = []
    for row_tokens in by_row.values():
        if any(t.index in reading.used for t in row_tokens):
            continue
        texts = [t for t in row_tokens if t.kind is TEXT]
        if any(is_label(t.text) for t in texts):
            continue
        values = _trim([t for t in row_tokens if t.kind is not TEXT and t.kind is not NOISE], n)
        if len(values) == n and sum(t.kind is VALUE for t in values) >= n - 1:
            out.append(values)
    return out


# -- any table ------------------------------------------------------------------------------
def read_table(tokens: Sequence[Token], start: int, end: int, table: TableSpec) -> TableReading:
    """The cells of ``table`` in ``tokens[start:end]``: from its grids where they align by
    their labels, from the token stream for the rest."""
    if table.one_row:
        return _read_one_row(tokens, start, end, table)
    reading = TableReading()
    _read_grids(tokens, start, end, table, reading)
    # Each block is looked for on its own: extractions often move a block's rows (a Markdown
    # table of 表二's （一）项 rows after the （五）（六）（八）项 lines).
    for block in table.blocks:
        read_rows(tokens, start, end, table.name, block, reading)
    if len(table.blocks) == 1:
        # Rows that lost their labels are placed by the format's row order, which only a
        # table printed in one piece keeps.
        block = table.blocks[0]
        place_orphans(tokens, table.name, block.rows, block.columns, reading,
                      lambda text: is_row_label(text, table))
    for block in table.blocks:
        _place_noted_cells(tokens, start, end, table.name, block.rows, block.columns, reading)
    for collapsed in table.collapsed:
        _collapsed_row(tokens, start, end, table, collapsed, reading)
    infer_single_gaps(reading, table)
    return reading


def _read_grids(tokens: Sequence[Token], start: int, end: int, table: TableSpec, reading: TableReading) -> None:
    """Rows of the layout's grids in the region, aligned to ``table`` by their labels."""
    # The tokens of each grid drawn in the region.
    grids: dict[int, list[Token]] = {}
    for t in tokens[start:end]:
        if t.drawn and t.in_table:
            grid = grids.get(t.block)
            if grid is None:
                grids[t.block] = grid = []
            grid.append(t)
    if not grids:
        return
    # A grid's tokens wherever the region cuts it. The stream holds a grid's cells one after
    # another (the token stream takes a layout block's cells together), so only the grid at each
    # end of the region can go on beyond it.
    head, tail = tokens[start].block, tokens[end - 1].block
    if head in grids:
        before = start
        while before > 0 and tokens[before - 1].block == head:
            before -= 1
        grids[head][:0] = tokens[before:start]
    if tail in grids:
        after = end
        while after < len(tokens) and tokens[after].block == tail:
            after += 1
        grids[tail].extend(tokens[end:after])
    places = _grid_places(table)
    cells, labels = reading.cells, reading.labels
    for number in sorted(grids):
        for found in align(grids[number], table):
            if found.row.key in labels and not table.one_row:
                continue
            first = found.label if found.label is not None else found.tokens[0]
            for key, token in found.values.items():
                row_key, make = places[key]
                cells[key] = make(key, token)
                labels[row_key] = first.index
            indexes = [t.index for t in found.tokens]
            reading.used.update(indexes)
            reading.widen(min(indexes), max(indexes))
            reading.found = True
            reading.placed += len(found.values)


@lru_cache(maxsize=64)
def _grid_places(table: TableSpec) -> Mapping[str, tuple[str, CellMaker]]:
    """For each cell key of ``table``, its row's key and the maker of its column's cells."""
    return MappingProxyType({key: (row.key, _MAKERS[column.kind]) for key, row, column in table.keys()})


def _place_noted_cells(tokens: Sequence[Token], start: int, end: int, prefix: str, rows: Sequence[Row],
                       columns: Sequence[Column], reading: TableReading) -> None:
    """Put back cells that carried a note and were torn out of their rows.

    A cell such as "55（含自然失效 29 件）" often lands outside the table in an extraction,
    leaving its row one value short. Such loose values are matched to the short rows in
    order, and each to the column its note speaks of; a note that names no column leaves
    the row as it was.
    """
    n = len(columns)
    short = [r for r in rows if r.key in reading.unsure_rows and len(reading.row_tokens[r.key]) == n - 1]
    if not short or not any(c.note_words for c in columns):
        return
    loose = []
    for token in tokens[start:end]:
        if token.kind is VALUE and token.index not in reading.used:
            parsed = parse_value(token.text)
            note = parsed.note if parsed is not None else None
            following = tokens[token.index + 1].text.strip() if token.index + 1 < len(tokens) else ""
            if not note and _NOTE.match(following):
                note = following  # the note wrapped onto a line of its own
            if note:
                loose.append((token, note))
    if len(loose) < len(short):
        return
    for row, (token, note) in zip(short, loose):
        column = next((i for i, c in enumerate(columns) if any(w in note for w in c.note_words)), None)
        if column is None:
            continue
        placed: list[Token | None] = list(reading.row_tokens[row.key])
        placed.insert(column, token)
        keys = [cell_key(prefix, row.key, c.key) for c in columns]
        for key, col, value in zip(keys, columns, placed):
            reading.cells[key] = make_cell(key, value, col.kind)
        reading.used.add(token.index)
        reading.findings.append(uncertain(
            N_("“{row_label}”一行少一个单元格；表外带注释的数字“{quote}”按其注释归入“{column_label}”，请核对原文。"),
            {"row_label": row.label, "quote": token.text.strip(), "column_label": columns[column].label}, keys))


@lru_cache(maxsize=65536)
def is_row_label(text: str, table: TableSpec) -> bool:
    """Whether ``text`` is any row or row-group label of ``table``."""
    groups = (Row("group", g.label) for g in table.row_groups)
    return any(row_matches(text, r) for r in (*table.rows, *groups))


def infer_single_gaps(reading: TableReading, table: TableSpec) -> None:
    """Fill a cell the layout lost (not a printed blank) when two identities both fix it.

    A Markdown extraction may drop the last cell of a row; when the row sum and the column
    identity give the same non-negative value, that value is the only one the report can
    mean. The cell keeps an empty raw text and the filling is reported.
    """
    cells = reading.cells
    by_key = identities_by_key(table)
    # A blank the layout shows is a fact of the report, never filled in; nor is a cell no
    # identity fixes.
    lost = [k for k, c in cells.items() if c.value is None and c.raw is None and k in by_key]
    if not lost:
        return
    # The cells of the identities that hold no number (absent ones too), kept up to date as
    # cells are filled: an identity solves a cell only when its other cells are all outside.
    unread = {k for k, c in cells.items() if c.value is None} | (by_key.keys() - cells.keys())
    for key in lost:
        unread.discard(key)
        solutions = set()
        solvable = 0  # identities whose every other cell holds a number
        for identity in by_key.get(key, ()):
            # Each side on its own, sparing the identity's key tuple made anew per question.
            if not (unread.isdisjoint(identity.left) and unread.isdisjoint(identity.right)):
                continue
            solvable += 1
            left = sum((cells[k].value or 0 for k in identity.left if k != key), 0)
            right = sum((cells[k].value or 0 for k in identity.right if k != key), 0)
            solutions.add(right - left if key in identity.left else left - right)
        value = solutions.pop() if len(solutions) == 1 and solvable >= 2 else None
        if value is None or value < 0:
            unread.add(key)
            continue
        cells[key] = attrs.evolve(cells[key], value=value, raw="", note="inferred from the table's identities")
        reading.findings.append(uncertain(
            N_("{cell_keys} 在原文中缺失，按表格的两条以上合计关系推得 {value}，请核对原文。"),
            {"cell_keys": [key], "value": value}, [key]))


def _collapsed_row(tokens: Sequence[Token], start: int, end: int, table: TableSpec, collapsed: Collapsed,
                   reading: TableReading) -> None:
    """A table that prints a row group as one row, as an older layout did.

    The printed aggregate is kept as an extra cell for the sum checks. Where it is 0 in every
    column the group's rows can only be 0, since counts are non-negative; otherwise they
    stay unknown. Either way the report deviates from its format, which is a finding.
    """
    sub_rows = table.group_rows(collapsed.row.label)
    columns = table.block_of(sub_rows[0].key).columns
    sub_keys = [cell_key(table.name, r.key, c.key) for r in sub_rows for c in columns]
    if not all(reading.cells[k].is_missing for k in sub_keys):
        return
    at = _find_row(tokens, start, end, matchers(collapsed.row))
    if at is None:
        return
    values = _values_after(tokens, at, end)
    if not values:
        return
    chosen, unsure = choose_values(tokens[at], values, len(columns))
    aggregate = {c.key: make_cell(cell_key(table.name, collapsed.row.key, c.key), t, c.kind)
                 for c, t in zip(columns, chosen)}
    reading.extra.update({cell.key: cell for cell in aggregate.values()})
    all_zero = all(cell.value == 0 for cell in aggregate.values())
    if all_zero:
        for row in sub_rows:
            for col in columns:
                key = cell_key(table.name, row.key, col.key)
                reading.cells[key] = Cell(key, 0, None, aggregate[col.key].location,
                                          f"implied by the single {collapsed.row.label} row printed as 0")
    outcome = (N_("{count} 个子项均按 0 计") if all_zero
               else N_("{count} 个子项无法确定，合计校验使用该行数值"))
    reading.findings.append(finding(
        collapsed.code, Severity.WARNING,
        N_("{table_label}按现行格式填报，但“{row_label}”只印了一行（旧版样式），缺少其分项；{outcome}。"),
        {"table_label": table.title, "row_label": collapsed.row.label,
         "outcome": {"template": outcome, "args": {"count": len(sub_rows)}}}, sub_keys, cause=Cause.REPORT))
    if unsure:
        reading.uncertain += len(columns)


# -- a table printed as one row (表四) --------------------------------------------------------
_SENTENCE_MARKS = ("。", "，", "；")


@lru_cache(maxsize=65536)
def _is_header(text: str, table: TableSpec) -> bool:
    """A header word of the table, or text that holds one (被申请行政复议 holds 行政复议);
    a sentence that mentions one (本年度未发生行政复议。) is prose before the table."""
    norm = labels.normalize(text)
    if not labels.core(text):
        return False
    if any(mark in text for mark in _SENTENCE_MARKS):
        return any(labels.matches(text, w) for w in (*table.headers, *(r.label for r in table.rows)))
    words = (*table.headers, *(g.label for g in table.column_groups), *(r.label for r in table.rows))
    return any(labels.matches(text, w) or (len(labels.core(w)) >= 4 and labels.normalize(w) in norm)
               for w in words)


def _read_one_row(tokens: Sequence[Token], start: int, end: int, table: TableSpec) -> TableReading:
    reading = TableReading()
    _read_grids(tokens, start, end, table, reading)
    keys = [k for k, _, _ in table.keys()]
    if all(k in reading.cells for k in keys):
        return reading
    kinds = [c.kind for _, _, c in table.keys()]
    first = next((i for i in range(start, end)
                  if tokens[i].kind is TEXT and _is_header(tokens[i].text, table)), None)
    if first is None:
        for key in keys:
            reading.cells[key] = Cell(key)
        return reading
    reading.found = True
    segments = _segments(tokens, first, end)
    last = segments[-1][1] if segments else []
    if _is_run(last, len(keys)):
        run = next(v for v in last if v.kind is VALUE)
        reading.runs.append(PendingRun(tuple(keys), tuple(kinds), run))
        for key in keys:
            reading.cells[key] = Cell(key, None, None, run.location)
        reading.widen(first, run.index)
        return reading
    chosen = _by_segments(segments, table)
    if chosen is not None:
        for key, kind, token in zip(keys, kinds, chosen):
            reading.cells[key] = make_cell(key, token, kind)
        reading.placed += len(keys)
        reading.widen(first, max(t.index for t in chosen))
        return reading
    garbled = _garbled_row(tokens, first, end, len(keys))
    for key, kind, maybe in zip(keys, kinds, garbled):
        reading.cells[key] = make_cell(key, maybe, kind)
    present = [t for t in garbled if t is not None]
    if present:
        reading.widen(first, max(t.index for t in present))
    reading.uncertain += len(keys)
    reading.findings.append(uncertain(
        N_("{table_label}的数据行与表头错位或残缺，无法逐格对齐；仅按右对齐读取了能识别的数字，其余单元格留空，请核对原文。"),
        {"table_label": table.title}, keys))
    return reading


def _segments(tokens: Sequence[Token], first: int, end: int) -> list[tuple[Token | None, list[Token]]]:
    """Runs of values, each with the text token just before it; stops at the next prose."""
    segments: list[tuple[Token | None, list[Token]]] = []
    before: Token | None = None
    current: list[Token] = []
    for i in range(first, end):
        token = tokens[i]
        if token.kind is NOISE:
            continue
        if token.kind is TEXT:
            if current:
                segments.append((before, current))
                current = []
            if len(labels.normalize(token.text)) > 40 and segments:
                break
            before = token
            continue
        current.append(token)
    if current:
        segments.append((before, current))
    return segments


def _strip_empty(values: list[Token]) -> list[Token]:
    vals = list(values)
    while vals and vals[-1].kind is EMPTY:
        vals.pop()
    while vals and vals[0].kind is EMPTY:
        vals.pop(0)
    return vals


def _by_segments(segments: list[tuple[Token | None, list[Token]]], table: TableSpec) -> list[Token] | None:
    width = len(table.columns)
    cells = width * len(table.rows)
    full = [vals for _, vals in segments if len(_trim(vals, cells)) == cells]
    if full:
        return _trim(full[-1], cells)
    segments = [(before, _strip_empty(vals)) for before, vals in segments]
    # One row per group, each after its own label.
    by_group: list[list[Token]] = []
    for group in table.rows:
        match = [vals for before, vals in segments
                 if before is not None and labels.matches(before.text, group.label) and len(vals) == width]
        if not match:
            break
        by_group.append(match[-1])
    if len(by_group) == len(table.rows):
        return [t for vals in by_group for t in vals]
    fives = [vals for _, vals in segments if len(vals) == width]
    if len(fives) >= len(table.rows):
        return [t for vals in fives[-len(table.rows):] for t in vals]
    return None


def _garbled_row(tokens: Sequence[Token], first: int, end: int, width: int) -> list[Token | None]:
    """The grid row holding the most numbers, right-aligned to the 15 columns.

    Used only when no clean run of values exists: what can be read is read, the rest is left
    blank and the whole table is reported as uncertain.
    """
    by_row: dict[int, list[Token]] = {}
    for i in range(first, end):
        token = tokens[i]
        if token.kind is TEXT and len(labels.normalize(token.text)) > 40:
            break
        if token.kind is not NOISE:
            by_row.setdefault(token.row, []).append(token)
    best = max(by_row.values(), key=lambda ts: sum(t.kind is VALUE for t in ts), default=[])
    if not any(t.kind is VALUE for t in best):
        return [None] * width
    row = list(best)
    while len(row) > width and row[-1].kind is EMPTY:
        row.pop()
    while len(row) > width and row[0].kind is EMPTY:
        row.pop(0)
    row = row[-width:]
    aligned: list[Token | None] = [None] * (width - len(row)) + list(row)
    return aligned
