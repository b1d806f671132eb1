"""The report model: one typed object per annual report, whatever file it came from.

Every cell keeps the text it was read from and where it was found, so a finding can point a
person at the exact place in the original file, and a blank stays distinguishable from a 0.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs

from .formats import FormatSpec, format_for
from .layout import Location

Value = int | Decimal | None


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


class Cause(str, Enum):
    """Whether a finding most likely lies in the report itself or in our reading of it."""

    REPORT = "report"
    READING = "reading"
    UNKNOWN = "unknown"
    # A fault of ours or a plugin's (a rule that raised), neither the report's nor the reading's.
    INTERNAL = "internal"


@attrs.define
class Cell:
    """One table cell. ``raw`` is ``None`` when the report does not print the cell at all."""

    key: str
    value: Value = None
    raw: str | None = None
    location: Location | None = None
    note: str | None = None
    # Other values the printed text admits when it could be read more than one way; the
    # chosen ``value`` is the most plausible of them and an uncertain-reading finding says so.
    alternatives: tuple[int | Decimal, ...] = ()
    # How sure the reader was that this text belongs to this cell (1.0: a drawn grid, exact).
    confidence: float = 1.0

    @property
    def is_blank(self) -> bool:
        """Printed but empty (blank, "—", "/", "无"): a fact distinct from 0."""
        return self.value is None and self.raw is not None

    @property
    def is_missing(self) -> bool:
        return self.raw is None and self.value is None


@attrs.define
class Table:
    """One official table (``t2``, ``t3`` or ``t4``), its cells keyed as in FORMAT.md."""

    name: str
    cells: dict[str, Cell] = attrs.field(factory=dict)
    # Cells the report prints that the template does not have (a 2019-style single （六） row
    # in a 2021 table, say): kept so rules can use them, never passed off as template cells.
    extra: dict[str, Cell] = attrs.field(factory=dict)
    # Share of cells placed without ambiguity, as the reader and recognizer saw it.
    confidence: float = 1.0
    found: bool = True


@attrs.define
class Section:
    key: str
    heading: str | None = None
    text: str = ""
    location: Location | None = None
    order: int | None = None

    @property
    def found(self) -> bool:
        return self.heading is not None


@attrs.define
class Meta:
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    title: str | None = None
    published: str | None = None
    document_number: str | None = None
    source: str | None = None
    sha256: str | None = None
    reader: str | None = None
    # Where each meta value came from ("title", "body", "metadata", …), for year checks.
    provenance: dict[str, str] = attrs.field(factory=dict)
    statistics_period: str | None = None
    # GB/T 2260 code and level (省, 市, 县, 乡镇) of the division the agency belongs to.
    division_code: str | None = None
    division_level: str | None = None
    # One key for one body across years and spellings ("320813:人民政府"), joinable by researchers.
    body: str | None = None


@attrs.define
class Finding:
    """One result of a rule: what is wrong, where, and what was expected."""

    code: str
    severity: Severity
    message: str
    cells: tuple[str, ...] = ()
    expected: str | None = None
    actual: str | None = None
    cause: Cause = Cause.UNKNOWN
    file: str | None = None
    # Where each named cell (or, across years, each file) stands in the source, so a writer
    # can point at the place: page and box, XPath, line.
    locations: dict[str, Location] = attrs.field(factory=dict)
    # What the message says, as JSON-ready values a program can use without parsing the message
    # (the candidates of an uncertain reading, say).
    data: dict[str, Any] = attrs.field(factory=dict)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


@attrs.define
class Report:
    meta: Meta
    sections: dict[str, Section] = attrs.field(factory=dict)
    tables: dict[str, Table] = attrs.field(factory=dict)
    # What the recognizer could not read with certainty; the rule engine reports these.
    reading_findings: list[Finding] = attrs.field(factory=list)

    @property
    def format(self) -> FormatSpec:
        """The official layout the report follows: as recognised, else that of its year."""
        return format_for(self.meta.template, self.meta.year)

    def cells(self) -> Iterator[Cell]:
        for table in self.tables.values():
            yield from table.cells.values()

    def cell(self, key: str) -> Cell | None:
        table = self.tables.get(key[:2])
        if table is None:
            return None
        cell = table.cells.get(key)
        return cell if cell is not None else table.extra.get(key)

    def value(self, key: str) -> Value:
        cell = self.cell(key)
        return None if cell is None else cell.value

    def flat_cells(self) -> dict[str, Value]:
        return {cell.key: cell.value for cell in self.cells()}

    @property
    def full_text(self) -> str:
        return "\n".join(s.text for s in self.sections.values() if s.text)
