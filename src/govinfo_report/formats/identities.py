"""The identities a format's tables obey, expanded from their declarations in the specs.

Declared once per table (:class:`~.spec.Sum`, :class:`~.spec.AcrossYears`), they serve the
rule engine (a failing identity is a finding), the recognizer (numbers run together are split
so that every identity holds) and the corpus step (a neighbouring year's report decides a
split this one leaves open).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import attrs

from .spec import AcrossYears, Block, FormatSpec, Sum, TableSpec, Term, cell_key


@attrs.frozen
class Identity:
    """``sum(left) == sum(right)``; a blank counts as 0, as the format intends."""

    code: str  # the rule that reports it: t3-row-sum, t3-column-total, t3-balance, t4-group-total
    label: str  # the row, column or group it concerns, as printed
    left: tuple[str, ...]
    right: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return (*self.left, *self.right)


@attrs.frozen
class YearIdentity:
    """One instance of an :class:`~.spec.AcrossYears` identity: ``sum(c × cell) == 0`` over
    cells of this year's report (offset 0) and the year before's (offset -1)."""

    code: str
    label: str
    terms: tuple[tuple[int, str, int], ...]  # (offset, key, coefficient)
    soft: bool


def _instances(table: TableSpec, along: str, names: tuple[str, ...]) -> Iterator[tuple[Block, str, str]]:
    """Each row (``along="row"``, ``names`` are columns) or column (``names`` are rows) the
    declaration holds in, with its printed label and its key."""
    for block in table.blocks:
        if along == "row":
            if {c.key for c in block.columns} >= set(names):
                for row in block.rows:
                    yield block, row.label, row.key
        elif {r.key for r in block.rows} >= set(names):
            for col in block.columns:
                yield block, col.label, col.key


def _key(table: TableSpec, along: str, instance: str, name: str) -> str:
    return cell_key(table.name, instance, name) if along == "row" else cell_key(table.name, name, instance)


def _expand(table: TableSpec, declared: Sum) -> Iterator[Identity]:
    for _, label, instance in _instances(table, declared.along, (*declared.left, *declared.right)):
        yield Identity(declared.code, label,
                       tuple(_key(table, declared.along, instance, n) for n in declared.left),
                       tuple(_key(table, declared.along, instance, n) for n in declared.right))


@cache
def identities(spec: FormatSpec) -> tuple[Identity, ...]:
    """Every identity within one report, in the order the format prints its tables."""
    return tuple(identity for table in spec.tables for identity in table_identities(table))


@cache
def table_identities(table: TableSpec) -> tuple[Identity, ...]:
    return tuple(identity for declared in table.sums for identity in _expand(table, declared))


@cache
def identities_by_key(scope: FormatSpec | TableSpec) -> dict[str, tuple[Identity, ...]]:
    """For each cell key, the identities it takes part in (in a whole format, or one table)."""
    index: dict[str, list[Identity]] = {}
    found = identities(scope) if isinstance(scope, FormatSpec) else table_identities(scope)
    for identity in found:
        for key in identity.keys:
            index.setdefault(key, []).append(identity)
    return {k: tuple(v) for k, v in index.items()}


def _expand_years(table: TableSpec, declared: AcrossYears) -> Iterator[YearIdentity]:
    names = tuple(dict.fromkeys(t.name for t in declared.terms))
    for _, label, instance in _instances(table, declared.along, names):
        yield YearIdentity(declared.code, label, tuple(
            (t.offset, _key(table, declared.along, instance, t.name), t.coefficient) for t in declared.terms),
            declared.soft)


@cache
def year_identities(spec: FormatSpec) -> tuple[YearIdentity, ...]:
    """Every identity between a report in ``spec`` and the same body's report a year before.

    Both reports are taken to use the same format; where they do not, only the identities
    whose cells both formats share can be checked, which the caller decides.
    """
    return tuple(identity for table in spec.tables for declared in table.across_years
                 for identity in _expand_years(table, declared))


__all__ = ["Identity", "Term", "YearIdentity", "identities", "identities_by_key", "table_identities", "year_identities"]
