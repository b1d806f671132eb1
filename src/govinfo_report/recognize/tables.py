"""Aligning the token stream to the official tables by their row labels.

A row label is looked for in the format's row order; the values that follow it (up to the
next text) are its cells. Grid rows, one-cell-per-line dumps and space-separated lines all
reduce to that. Where the number of values does not fit the columns, the choice made is
reported as an uncertain reading, never taken silently.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import attrs

from .. import labels
from ..formats.identities import identities_by_key
from ..formats.spec import Column, FormatSpec, Kind, Row
from ..model import Cause, Cell, Finding, Severity
from ..numbers import parse_value
from .tokens import Kind as TokenKind
from .tokens import Token

UNCERTAIN = "uncertain-reading"
_NOTE = re.compile(r"^[（(][^）)]{1,40}[）)]$")
SINGLE_OTHER_ROW = "t3-single-other-row"


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


_SHORT = 2


@lru_cache(maxsize=65536)
def row_matches(text: str, row: Row) -> bool:
    """Whether a printed label is this row's label, alone or after its group label."""
    if len(text) > 90:
        return False
    for label in row.labels:
        official_core = labels.core(label)
        if len(official_core) <= _SHORT and labels.numbering(text) != labels.numbering(label):
            continue  # "其他" alone is a column header, "3.其他" is the row
        if labels.matches(text, label):
            return True
        if _truncated(text, label):
            return True
        # The group label and the row label in one cell: "（三）不予公开1.属于国家秘密".
        norm = labels.normalize(text)
        if row.group and len(norm) > len(official_core) and norm.endswith(labels.normalize(label)):
            head = norm[: -len(labels.normalize(label))]
            if labels.matches(head, row.group) or labels.core(head) == "":
                return True
    return False


_MIN_PREFIX = 12


def _truncated(text: str, label: str) -> bool:
    """A long label cut short (a cell that broke across a page, a clipped extraction).

    Only a long enough beginning counts: twelve characters of an official label name one row.
    """
    printed, official = labels.core(text), labels.core(label)
    return _MIN_PREFIX <= len(printed) < len(official) and official.startswith(printed)


def _find_row(tokens: Sequence[Token], start: int, end: int, row: Row) -> int | None:
    """The token holding the row's label; a label wrapped over two lines counts as one."""
    for i in range(start, end):
        token = tokens[i]
        if token.kind is not TokenKind.TEXT:
            continue
        if row_matches(token.text, row):
            return i
        nxt = tokens[i + 1] if i + 1 < end else None
        if (nxt is not None and nxt.kind is TokenKind.TEXT and len(token.text) < 60
                and row_matches(token.text.strip() + nxt.text.strip(), row)):
            return i + 1
    return None


def _values_after(tokens: Sequence[Token], pos: int, end: int) -> list[Token]:
    out: list[Token] = []
    for i in range(pos + 1, end):
        token = tokens[i]
        if token.kind is TokenKind.TEXT:
            break
        if token.kind is not TokenKind.NOISE:
            out.append(token)
    return out


def _trim(values: list[Token], n: int) -> list[Token]:
    """Drop layout padding (empty cells from merged columns) until ``n`` values remain."""
    vals = list(values)
    while len(vals) > n and vals[-1].kind is TokenKind.EMPTY:
        vals.pop()
    while len(vals) > n and vals[0].kind is TokenKind.EMPTY:
        vals.pop(0)
    i = len(vals) - 1
    while len(vals) > n and i >= 0:
        if vals[i].kind is TokenKind.EMPTY:
            vals.pop(i)
        i -= 1
    return vals


def choose_values(label: Token, values: list[Token], n: int) -> tuple[list[Token | None], bool]:
    """Pick the ``n`` cells of a row from the values following its label.

    Values in the label's own grid row win (a real row is the best evidence); otherwise the
    stream is read in order, as one-cell-per-line dumps require.
    """
    same_row = [v for v in values if v.row == label.row]
    pool = same_row if len(same_row) >= n or (same_row and same_row == values) else values
    pool = _trim(pool, n)
    if len(pool) == n:
        return list(pool), False
    if len(pool) > n:
        return list(pool[:n]), True
    return [*pool, *([None] * (n - len(pool)))], True


def make_cell(key: str, token: Token | None, kind: Kind) -> Cell:
    if token is None:
        return Cell(key)
    if token.kind in (TokenKind.EMPTY, TokenKind.BLANK):
        return Cell(key, None, token.text, token.location)
    parsed = parse_value(token.text, kind)
    if parsed is None:
        return Cell(key, None, token.text, token.location)
    return Cell(key, parsed.value, token.text, token.location, parsed.note)


def uncertain(message: str, keys: Sequence[str], cause: Cause = Cause.READING) -> Finding:
    return Finding(UNCERTAIN, Severity.WARNING, message, tuple(keys), cause=cause)


@attrs.frozen
class PendingRun:
    """Digits printed without separators that stand for several cells; split by the solver."""

    keys: tuple[str, ...]
    kinds: tuple[Kind, ...]
    token: Token


def _is_run(values: list[Token], n: int) -> bool:
    """One or a few number tokens too few for the row, whose digits could hold all its cells."""
    printed = [v for v in values if v.kind is TokenKind.VALUE]
    if len(printed) != 1 or n == 1:
        return False
    return sum(ch.isdigit() for ch in printed[0].text) >= n


def _label_at(tokens: Sequence[Token], start: int, end: int, row: Row, following: Row | None) -> int | None:
    """This row's label; where it appears twice (a heading, then the table), the one with values.

    The search for a second match stops at the next row's label, so a missing row can
    never borrow values from further down the table.
    """
    first = _find_row(tokens, start, end, row)
    if first is None or _values_after(tokens, first, end):
        return first
    stop = end
    if following is not None:
        nxt = _find_row(tokens, first + 1, end, following)
        stop = nxt if nxt is not None else end
    i = first + 1
    while i < stop:
        again = _find_row(tokens, i, stop, row)
        if again is None:
            break
        if _values_after(tokens, again, end):
            return again
        i = again + 1
    return first


def read_rows(tokens: Sequence[Token], start: int, end: int, prefix: str, rows: Sequence[Row],
              columns: Sequence[Column], reading: TableReading) -> int:
    """Read ``rows`` in order from ``tokens[start:end]``; return where reading stopped."""
    pos = start
    n = len(columns)
    kinds = tuple(c.kind for c in columns)
    for i, row in enumerate(rows):
        at = _label_at(tokens, pos, end, row, rows[i + 1] if i + 1 < len(rows) else None)
        keys = [f"{prefix}.{row.key}.{c.key}" for c in columns]
        if at is None:
            for key in keys:
                reading.cells[key] = Cell(key)
            continue
        reading.found = True
        values = _values_after(tokens, at, end)
        own_row = [v for v in values if v.row == tokens[at].row]
        grid_rows = {v.row for v in values if v.in_table and not tokens[at].in_table}
        if (not any(v.kind is not TokenKind.EMPTY for v in values) and len(own_row) < n) or len(grid_rows) > 1:
            # A label standing alone (its numbers wrapped away), or a loose label followed by
            # several grid rows, which may be anyone's: left for place_orphans.
            for key in keys:
                reading.cells[key] = Cell(key)
            continue
        reading.labels[row.key] = at
        if _is_run(values, n):
            run = next(v for v in values if v.kind is TokenKind.VALUE)
            reading.runs.append(PendingRun(tuple(keys), kinds, run))
            for key in keys:
                reading.cells[key] = Cell(key, None, None, run.location)
            reading.widen(at, run.index)
            pos = run.index + 1
            continue
        chosen, unsure = choose_values(tokens[at], values, n)
        for key, col, token in zip(keys, columns, chosen):
            reading.cells[key] = make_cell(key, token, col.kind)
        reading.row_tokens[row.key] = [t for t in chosen if t is not None]
        if unsure:
            reading.uncertain += n
            reading.unsure_rows.add(row.key)
            reading.findings.append(uncertain(
                f"“{tokens[at].text.strip()}”一行应有 {n} 个单元格，读到 {len(values)} 个值；"
                "已按顺序取值，请核对原文。", keys))
        else:
            reading.placed += n
        used = [t.index for t in chosen if t is not None]
        reading.used.update(used)
        last = max([*used, at])
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
    orphans = _orphan_rows(tokens, reading, n, is_label)
    found = [(i, r) for i, r in enumerate(rows) if r.key in reading.labels]
    bounds = [(-1, reading.span[0])] + [(i, reading.labels[r.key]) for i, r in found] + [(len(rows), 10**9)]
    for (i, lo), (j, hi) in itertools.pairwise(bounds):
        missing = [r for r in rows[i + 1:j] if r.key not in reading.labels]
        if not missing:
            continue
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
                f"“{row.label}”一行的标签在原文中缺失或残缺，已按表格行序把其后一行无标签的数字"
                f"（{' '.join(t.text.strip() for t in values)}）归入该行，请核对原文。", keys))


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
        texts = [t for t in row_tokens if t.kind is TokenKind.TEXT]
        if any(is_label(t.text) for t in texts):
            continue
        values = _trim([t for t in row_tokens if t.kind is not TokenKind.TEXT and t.kind is not TokenKind.NOISE], n)
        if len(values) == n and sum(t.kind is TokenKind.VALUE for t in values) >= n - 1:
            out.append(values)
    return out


# -- 表二 -----------------------------------------------------------------------------------
def read_t2(tokens: Sequence[Token], start: int, end: int, spec: FormatSpec) -> TableReading:
    """Each 第二十条 block is looked for on its own: extractions often move a block's rows
    (a Markdown table of the （一）项 rows after the （五）（六）（八）项 lines)."""
    reading = TableReading()
    for block in spec.t2_blocks:
        read_rows(tokens, start, end, "t2", block.rows, block.columns, reading)
    for block in spec.t2_blocks:
        _place_noted_cells(tokens, start, end, block.rows, block.columns, reading)
    return reading


def _place_noted_cells(tokens: Sequence[Token], start: int, end: int, rows: Sequence[Row],
                       columns: Sequence[Column], reading: TableReading) -> None:
    """Put back cells that carried a note and were torn out of their rows.

    A cell such as "55（含自然失效 29 件）" often lands outside the table in an extraction,
    leaving its row one value short. Such loose values are matched to the short rows in
    order, and each to the column its note speaks of; a note that names no column leaves
    the row as it was.
    """
    n = len(columns)
    short = [r for r in rows if r.key in reading.unsure_rows and len(reading.row_tokens[r.key]) == n - 1]
    if not short:
        return
    loose = []
    for token in tokens[start:end]:
        if token.kind is TokenKind.VALUE and token.index not in reading.used:
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
        keys = [f"t2.{row.key}.{c.key}" for c in columns]
        for key, col, value in zip(keys, columns, placed):
            reading.cells[key] = make_cell(key, value, col.kind)
        reading.used.add(token.index)
        reading.findings.append(uncertain(
            f"“{row.label}”一行少一个单元格；表外带注释的数字“{token.text.strip()}”按其注释归入"
            f"“{columns[column].label}”，请核对原文。", keys))


# -- 表三 -----------------------------------------------------------------------------------
def read_t3(tokens: Sequence[Token], start: int, end: int, spec: FormatSpec) -> TableReading:
    reading = TableReading()
    read_rows(tokens, start, end, "t3", spec.t3_rows, spec.t3_columns, reading)
    place_orphans(tokens, "t3", spec.t3_rows, spec.t3_columns, reading, lambda text: is_t3_label(text, spec))
    if spec.name == "2021":
        _single_other_row(tokens, start, end, spec, reading)
    infer_single_gaps(reading, spec)
    return reading


@lru_cache(maxsize=65536)
def is_t3_label(text: str, spec: FormatSpec) -> bool:
    """Whether ``text`` is any 表三 row or group label of the format."""
    groups = (Row("group", g.label) for g in spec.t3_groups)
    return any(row_matches(text, r) for r in (*spec.t3_rows, *groups))


def infer_single_gaps(reading: TableReading, spec: FormatSpec) -> None:
    """Fill a cell the layout lost (not a printed blank) when two identities both fix it.

    A Markdown extraction may drop the last cell of a row; when the row sum and the column
    identity give the same non-negative value, that value is the only one the report can
    mean. The cell keeps an empty raw text and the filling is reported.
    """
    cells = reading.cells
    for key, cell in cells.items():
        if cell.value is not None or cell.raw not in (None, ""):
            continue
        involved = identities_by_key(spec).get(key, ())
        solutions = set()
        for identity in involved:
            others = [k for k in identity.keys if k != key]
            if any(cells.get(k) is None or cells[k].value is None for k in others):
                continue
            left = sum((cells[k].value or 0 for k in identity.left if k != key), 0)
            right = sum((cells[k].value or 0 for k in identity.right if k != key), 0)
            solutions.add(right - left if key in identity.left else left - right)
        if len(solutions) == 1 and len([i for i in involved if all(
                cells.get(k) is not None and (k == key or cells[k].value is not None) for k in i.keys)]) >= 2:
            value = solutions.pop()
            if value < 0:
                continue
            cells[key] = attrs.evolve(cell, value=value, raw="", note="inferred from the table's identities")
            reading.findings.append(uncertain(
                f"{key} 在原文中缺失，按表格的两条以上合计关系推得 {value}，请核对原文。", [key]))


def _single_other_row(tokens: Sequence[Token], start: int, end: int, spec: FormatSpec,
                      reading: TableReading) -> None:
    """A 2021 table that prints （六）其他处理 as one row, as the 2019 format did.

    The printed aggregate is kept as an extra cell for the sum checks. Where it is 0 in every
    column the three sub-rows can only be 0, since counts are non-negative; otherwise they
    stay unknown. Either way the report deviates from its format, which is a finding.
    """
    sub_rows = [r for r in spec.t3_rows if r.key.startswith("other.")]
    sub_keys = [f"t3.{r.key}.{c.key}" for r in sub_rows for c in spec.t3_columns]
    if not all(reading.cells[k].is_missing for k in sub_keys):
        return
    group = Row("other.total", "（六）其他处理")
    at = _find_row(tokens, start, end, group)
    if at is None:
        return
    values = _values_after(tokens, at, end)
    if not values:
        return
    chosen, unsure = choose_values(tokens[at], values, len(spec.t3_columns))
    aggregate = {c.key: make_cell(f"t3.other.total.{c.key}", t, c.kind) for c, t in zip(spec.t3_columns, chosen)}
    reading.extra.update({cell.key: cell for cell in aggregate.values()})
    all_zero = all(cell.value == 0 for cell in aggregate.values())
    if all_zero:
        for row in sub_rows:
            for col in spec.t3_columns:
                key = f"t3.{row.key}.{col.key}"
                reading.cells[key] = Cell(key, 0, None, aggregate[col.key].location,
                                          "implied by the single （六）其他处理 row printed as 0")
    outcome = "三个子项均按 0 计" if all_zero else "三个子项无法确定，合计校验使用该行数值"
    reading.findings.append(Finding(
        SINGLE_OTHER_ROW, Severity.WARNING,
        f"表三按 2021 版格式填报，但“（六）其他处理”只印了一行（2019 版样式），缺少 1./2./3. 三个子项；{outcome}。",
        tuple(sub_keys), cause=Cause.REPORT))
    if unsure:
        reading.uncertain += len(spec.t3_columns)


# -- 表四 -----------------------------------------------------------------------------------
def _is_t4_header(text: str, spec: FormatSpec) -> bool:
    core = labels.core(text)
    if not core:
        return False
    return any(labels.matches(text, h) for h in spec.t4_headers) or "复议" in core or "诉讼" in core


def read_t4(tokens: Sequence[Token], start: int, end: int, spec: FormatSpec) -> TableReading:
    reading = TableReading()
    keys = [f"t4.{g.key}.{c.key}" for g in spec.t4_groups for c in spec.t4_columns]
    kinds = [c.kind for _ in spec.t4_groups for c in spec.t4_columns]
    first = next((i for i in range(start, end)
                  if tokens[i].kind is TokenKind.TEXT and _is_t4_header(tokens[i].text, spec)), None)
    if first is None:
        for key in keys:
            reading.cells[key] = Cell(key)
        return reading
    reading.found = True
    segments = _segments(tokens, first, end)
    last = segments[-1][1] if segments else []
    if _is_run(last, len(keys)):
        run = next(v for v in last if v.kind is TokenKind.VALUE)
        reading.runs.append(PendingRun(tuple(keys), tuple(kinds), run))
        for key in keys:
            reading.cells[key] = Cell(key, None, None, run.location)
        reading.widen(first, run.index)
        return reading
    chosen = _t4_by_segments(segments, spec)
    if chosen is not None:
        for key, kind, token in zip(keys, kinds, chosen):
            reading.cells[key] = make_cell(key, token, kind)
        reading.placed += len(keys)
        reading.widen(first, max(t.index for t in chosen))
        return reading
    garbled = _t4_garbled_row(tokens, first, end, len(keys))
    for key, kind, maybe in zip(keys, kinds, garbled):
        reading.cells[key] = make_cell(key, maybe, kind)
    present = [t for t in garbled if t is not None]
    if present:
        reading.widen(first, max(t.index for t in present))
    reading.uncertain += len(keys)
    reading.findings.append(uncertain(
        "表四的数据行与表头错位或残缺，无法逐格对齐；仅按右对齐读取了能识别的数字，其余单元格留空，请核对原文。", keys))
    return reading


def _segments(tokens: Sequence[Token], first: int, end: int) -> list[tuple[Token | None, list[Token]]]:
    """Runs of values, each with the text token just before it; stops at the next prose."""
    segments: list[tuple[Token | None, list[Token]]] = []
    before: Token | None = None
    current: list[Token] = []
    for i in range(first, end):
        token = tokens[i]
        if token.kind is TokenKind.NOISE:
            continue
        if token.kind is TokenKind.TEXT:
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
    while vals and vals[-1].kind is TokenKind.EMPTY:
        vals.pop()
    while vals and vals[0].kind is TokenKind.EMPTY:
        vals.pop(0)
    return vals


def _t4_by_segments(segments: list[tuple[Token | None, list[Token]]], spec: FormatSpec) -> list[Token] | None:
    width = len(spec.t4_columns)
    cells = width * len(spec.t4_groups)
    full = [vals for _, vals in segments if len(_trim(vals, cells)) == cells]
    if full:
        return _trim(full[-1], cells)
    segments = [(before, _strip_empty(vals)) for before, vals in segments]
    # One row per group, each after its own label.
    by_group: list[list[Token]] = []
    for group in spec.t4_groups:
        match = [vals for before, vals in segments
                 if before is not None and labels.matches(before.text, group.label) and len(vals) == width]
        if not match:
            break
        by_group.append(match[-1])
    if len(by_group) == len(spec.t4_groups):
        return [t for vals in by_group for t in vals]
    fives = [vals for _, vals in segments if len(vals) == width]
    if len(fives) >= len(spec.t4_groups):
        return [t for vals in fives[-len(spec.t4_groups):] for t in vals]
    return None


def _t4_garbled_row(tokens: Sequence[Token], first: int, end: int, width: int) -> list[Token | None]:
    """The grid row holding the most numbers, right-aligned to the 15 columns.

    Used only when no clean run of values exists: what can be read is read, the rest is left
    blank and the whole table is reported as uncertain.
    """
    by_row: dict[int, list[Token]] = {}
    for i in range(first, end):
        token = tokens[i]
        if token.kind is TokenKind.TEXT and len(labels.normalize(token.text)) > 40:
            break
        if token.kind is not TokenKind.NOISE:
            by_row.setdefault(token.row, []).append(token)
    best = max(by_row.values(), key=lambda ts: sum(t.kind is TokenKind.VALUE for t in ts), default=[])
    if not any(t.kind is TokenKind.VALUE for t in best):
        return [None] * width
    row = list(best)
    while len(row) > width and row[-1].kind is TokenKind.EMPTY:
        row.pop()
    while len(row) > width and row[0].kind is TokenKind.EMPTY:
        row.pop(0)
    row = row[-width:]
    aligned: list[Token | None] = [None] * (width - len(row)) + list(row)
    return aligned
