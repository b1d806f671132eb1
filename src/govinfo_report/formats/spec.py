"""The vocabulary in which the official layouts are declared as data.

The recognizer aligns against these objects, the rule engine derives its sum checks from
them and the writers render from them, so a new format revision is new data, not new code.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum

import attrs


class Kind(str, Enum):
    """How a cell's text becomes a value."""

    COUNT = "count"  # non-negative integer
    SIGNED = "signed"  # 本年增/减
    MONEY = "money"  # decimal, 万元


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


@attrs.frozen
class Block:
    """One 第二十条第（X）项 block of 表二: its own rows and columns."""

    item: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]


@attrs.frozen
class SectionSpec:
    key: str
    number: str
    heading: str
    variants: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.heading, *self.variants)


@attrs.frozen
class Group:
    """A merged group label in 表三 (（三）不予公开) and the rows it spans."""

    label: str
    variants: tuple[str, ...] = ()


@attrs.frozen(cache_hash=True)
class FormatSpec:
    """One official layout: 2021 (国办公开办函〔2021〕30号) or 2019 (〔2019〕60号)."""

    name: str
    sections: tuple[SectionSpec, ...]
    t2_blocks: tuple[Block, ...]
    t3_rows: tuple[Row, ...]
    t3_columns: tuple[Column, ...]
    t3_groups: tuple[Group, ...]
    t3_headers: tuple[str, ...]
    t4_groups: tuple[Row, ...]
    t4_columns: tuple[Column, ...]
    t4_headers: tuple[str, ...]
    # First report year the format is meant for, and the last (None: still current).
    first_year: int = 0
    last_year: int | None = None
    # Labels only this format prints: evidence for detection.
    fingerprints: tuple[str, ...] = ()

    # -- keys ------------------------------------------------------------------------------
    def t2_keys(self) -> Iterator[tuple[str, Row, Column]]:
        for block in self.t2_blocks:
            for row in block.rows:
                for col in block.columns:
                    yield f"t2.{row.key}.{col.key}", row, col

    def t3_keys(self) -> Iterator[tuple[str, Row, Column]]:
        for row in self.t3_rows:
            for col in self.t3_columns:
                yield f"t3.{row.key}.{col.key}", row, col

    def t4_keys(self) -> Iterator[tuple[str, Row, Column]]:
        for group in self.t4_groups:
            for col in self.t4_columns:
                yield f"t4.{group.key}.{col.key}", group, col

    def keys(self) -> list[str]:
        """Every cell key in FORMAT.md order (the order of the corpus's expected files)."""
        return [k for k, _, _ in (*self.t2_keys(), *self.t3_keys(), *self.t4_keys())]

    def kind_of(self, key: str) -> Kind:
        for k, _, col in (*self.t2_keys(), *self.t3_keys(), *self.t4_keys()):
            if k == key:
                return col.kind
        return Kind.COUNT

    # -- the rows the identities are built from -----------------------------------------------
    @property
    def t3_outcome_rows(self) -> tuple[Row, ...]:
        """Rows from （一）予以公开 to the last （六） row: the ones （七）总计 adds up."""
        keys = [r.key for r in self.t3_rows]
        start, end = keys.index("granted"), keys.index("total")
        return self.t3_rows[start:end]

    @property
    def t3_applicant_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.t3_columns if c.key != "total")

    @property
    def t4_part_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.t4_columns if c.key != "total")

    def section(self, key: str) -> SectionSpec:
        return next(s for s in self.sections if s.key == key)
