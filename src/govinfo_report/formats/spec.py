"""The vocabulary in which the official layouts are declared as data.

Every official table — 表二, 表三 and 表四 alike — is one :class:`TableSpec`: blocks of rows ×
columns, the row groups and banners printed around them, the header words above them and the
identities their cells obey. The recognizer aligns grids against it, the rule engine derives
its sum checks from it, the writers draw the printed template from it; a new format revision
is new data, not new code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import Enum
from functools import cache
from types import MappingProxyType

import attrs

from ..i18n import DEFAULT, translate


class Kind(str, Enum):
    """How a cell's text becomes a value."""

    COUNT = "count"  # non-negative integer
    SIGNED = "signed"  # 本年增/减
    MONEY = "money"  # decimal, 万元


def cell_key(table: str, row: str, column: str) -> str:
    """The stable key of a cell (FORMAT.md): ``t3.withheld.state_secret.total``."""
    return f"{table}.{row}.{column}"


@cache
def row_cell_keys(table: str, block: Block) -> Mapping[str, tuple[str, ...]]:
    """The cell keys of each of ``block``'s rows in table ``table``, by the row's key, its
    columns in order: a matter of the format, made once rather than for every row read."""
    return MappingProxyType({row.key: tuple(cell_key(table, row.key, col.key) for col in block.columns)
                             for row in block.rows})


@cache
def table_cell_keys(table: TableSpec) -> tuple[str, ...]:
    """A table's cell keys in their order: a matter of the format, made once rather than for
    every report."""
    return tuple(key for key, _, _ in table.keys())


@attrs.frozen
class Column:
    key: str
    label: str
    kind: Kind = Kind.COUNT
    variants: tuple[str, ...] = ()
    # Words that, in a note printed inside a cell ("55（含自然失效 29 件）"), say the cell
    # belongs to this column; extractions tear such cells out of their rows.
    note_words: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


@attrs.frozen(cache_hash=True)
class Row:
    """A table row. ``group`` is the merged label printed to its left (（三）不予公开 …)."""

    key: str
    label: str
    variants: tuple[str, ...] = ()
    group: str | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


@attrs.frozen(cache_hash=True)
class Block:
    """A rectangle of rows × columns; 表二 has one per 第二十条 item, under its banner."""

    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    banner: str | None = None


@attrs.frozen
class Group:
    """A merged label spanning several rows (（三）不予公开) or columns (行政诉讼)."""

    label: str
    variants: tuple[str, ...] = ()
    # The keys of the columns it spans, or of the rows 表四 prints side by side under it;
    # empty: every one.
    members: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


@attrs.frozen
class Collapsed:
    """A row some reports print in place of a whole row group, as an older layout did (the
    2019 format's single （六）其他处理 row in a 2021 表三). ``code`` names the finding that
    reports the deviation."""

    row: Row
    code: str


@attrs.frozen
class Sum:
    """An identity repeated over a table: ``sum(left) == sum(right)``, blanks counting as 0.

    ``along="row"``: for every row of the table, ``left`` and ``right`` name columns (the
    row's 总计 against its parts). ``along="column"``: for every column, they name rows (the
    （七）总计 row, or the 勾稽关系 printed in 表三's corner).
    """

    code: str
    along: str
    left: tuple[str, ...]
    right: tuple[str, ...]


@attrs.frozen
class Term:
    """One term of an identity across years: ``coefficient`` × the cell ``name`` in the
    report ``offset`` years from the one being checked (0 this year, -1 the year before)."""

    offset: int
    name: str
    coefficient: int


@attrs.frozen
class AcrossYears:
    """An identity between one body's consecutive reports: the terms add up to 0.

    Repeated like :class:`Sum`: ``along="column"`` terms name rows and hold in every column,
    ``along="row"`` terms name columns and hold in every row that has them. A soft identity
    (现行有效 stock) may differ for good reasons; a hard one (the carry-over) should not.
    """

    code: str
    along: str
    terms: tuple[Term, ...]
    soft: bool = False


@attrs.frozen(cache_hash=True)
class TableSpec:
    """One official table: what it is called, where it stands, and what it holds."""

    name: str  # "t2", "t3", "t4": the first part of every cell key
    title: str  # 表二 …
    section: str  # the key of the section that holds it
    blocks: tuple[Block, ...]
    # Merged labels over runs of rows (表三's （三）不予公开 …), in printing order.
    row_groups: tuple[Group, ...] = ()
    # Merged labels over runs of columns (申请人情况, 法人或其他组织, 行政诉讼).
    column_groups: tuple[Group, ...] = ()
    # Words printed in the header rows; none of them is a row label.
    headers: tuple[str, ...] = ()
    # The header over the label column (表二's 信息内容) and the note in the corner (表三's 勾稽).
    label_header: str | None = None
    corner: str | None = None
    # 表四 prints its rows side by side as one row of cells, each row under its own banner.
    one_row: bool = False
    collapsed: tuple[Collapsed, ...] = ()
    sums: tuple[Sum, ...] = ()
    across_years: tuple[AcrossYears, ...] = ()

    def keys(self) -> Iterator[tuple[str, Row, Column]]:
        return iter(_keys_of(self))

    @property
    def rows(self) -> tuple[Row, ...]:
        return _rows_of(self)

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns of a table with one block (表三, 表四); 表二's differ by block."""
        if len(self.blocks) != 1:
            raise ValueError(f"{self.title} has a column set per block")
        return self.blocks[0].columns

    def block_of(self, row_key: str) -> Block:
        return next(b for b in self.blocks if any(r.key == row_key for r in b.rows))

    def group_rows(self, group: str) -> tuple[Row, ...]:
        return _group_rows(self, group)


@attrs.frozen
class SectionSpec:
    key: str
    number: str
    heading: str
    variants: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.heading, *self.variants)


@attrs.frozen(cache_hash=True)
class FormatSpec:
    """One official layout: 2021 (国办公开办函〔2021〕30号) or 2019 (〔2019〕60号)."""

    name: str
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSpec, ...]
    # First report year the format is meant for, and the last (None: still current).
    first_year: int = 0
    last_year: int | None = None
    # Labels only this format prints: evidence for detection.
    fingerprints: tuple[str, ...] = ()

    def table(self, name: str) -> TableSpec:
        return next(t for t in self.tables if t.name == name)

    @property
    def t2(self) -> TableSpec:
        return self.table("t2")

    @property
    def t3(self) -> TableSpec:
        return self.table("t3")

    @property
    def t4(self) -> TableSpec:
        return self.table("t4")

    def cells(self) -> Iterator[tuple[str, Row, Column]]:
        for table in self.tables:
            yield from table.keys()

    def keys(self) -> list[str]:
        """Every cell key in FORMAT.md order (the order of the corpus's expected files)."""
        return [k for k, _, _ in self.cells()]

    def kind_of(self, key: str) -> Kind:
        return _kinds(self).get(key, Kind.COUNT)

    def section(self, key: str) -> SectionSpec:
        return next(s for s in self.sections if s.key == key)


@cache
def _kinds(spec: FormatSpec) -> dict[str, Kind]:
    return {k: col.kind for k, _, col in spec.cells()}


@cache
def official_label_parts(spec: FormatSpec, lang: str = DEFAULT) -> dict[str, tuple[str, str]]:
    """Each key's official row label and column label, e.g. ("（三）不予公开 1.属于国家秘密", "自然人").

    A row's group is named where the row label alone is ambiguous; the outermost group
    (三、本年度办理结果) adds nothing and is left out. In English each label is the catalogue's
    translation of the official Chinese one.
    """
    out: dict[str, tuple[str, str]] = {}
    for table in spec.tables:
        outer = table.row_groups[0].label if table.row_groups else None
        for key, row, col in table.keys():
            row_label = translate(row.label, lang)
            if row.group and row.group != outer:
                row_label = f"{translate(row.group, lang)} {row_label}"
            out[key] = (row_label, translate(col.label, lang))
    return out


@cache
def official_labels(spec: FormatSpec, lang: str = DEFAULT) -> dict[str, str]:
    """Each key's official row and column label, e.g. "（三）不予公开 1.属于国家秘密 / 自然人"."""
    return {key: f"{row} / {column}" for key, (row, column) in official_label_parts(spec, lang).items()}


@cache
def cell_names(spec: FormatSpec, lang: str = DEFAULT) -> dict[str, str]:
    """Each cell's name as a person finds it in the printed report: its table and its labels
    ("表三 （三）不予公开 1.属于国家秘密 / 自然人"). Outputs for people name cells so; the key
    stays in the data for programs."""
    titles = {table.name: translate(table.title, lang) for table in spec.tables}
    return {key: f"{titles[key[:2]]} {label}" for key, label in official_labels(spec, lang).items()}


# A table's rows are asked for per row read and per rule; the spec hashes once, so they are
# gathered once per table.
@cache
def _keys_of(spec: TableSpec) -> tuple[tuple[str, Row, Column], ...]:
    return tuple((cell_key(spec.name, row.key, col.key), row, col)
                 for block in spec.blocks for row in block.rows for col in block.columns)


@cache
def _rows_of(spec: TableSpec) -> tuple[Row, ...]:
    return tuple(row for block in spec.blocks for row in block.rows)


@cache
def _group_rows(spec: TableSpec, group: str) -> tuple[Row, ...]:
    return tuple(r for r in spec.rows if r.group == group)
