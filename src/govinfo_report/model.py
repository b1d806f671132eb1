"""The report model: one typed object per annual report, whatever file it came from.

Every cell keeps the text it was read from and where it was found, so a finding can point a
person at the exact place in the original file, and a blank stays distinguishable from a 0.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

import attrs

from .errors import is_message
from .formats import FORMATS, FormatSpec, cell_names, format_for
from .i18n import DEFAULT, language, translate
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
    # The message before translation (a catalogue msgid) and the values that fill it, so the
    # finding can be told in either language; ``message`` is it told in Chinese.
    template: str | None = None
    args: dict[str, Any] = attrs.field(factory=dict)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def text(self, lang: str | None = None, spec: FormatSpec | None = None) -> str:
        """The message in ``lang`` (by default the current language), its cells named by their
        labels in ``spec`` (by default in every format)."""
        if self.template is None:
            return self.message
        return render(self.template, self.args, lang, spec)


def message(template: str, args: Mapping[str, Any] | None = None, spec: FormatSpec | None = None
            ) -> tuple[str, str, dict[str, Any]]:
    """``(message in Chinese, template, args)`` for a :class:`Finding`, its arguments made
    JSON-ready (a whole Decimal an int, another its decimal string), its cells named as in
    ``spec``."""
    plain = {name: _plain(value) for name, value in (args or {}).items()}
    return render(template, plain, DEFAULT, spec), template, plain


def finding(code: str, severity: Severity, template: str, args: Mapping[str, Any] | None = None,
            cells: Sequence[str] = (), **fields: Any) -> Finding:
    """A finding whose message is ``template`` filled from ``args``, in Chinese, told again in
    the reader's language when it is written."""
    text, template, plain = message(template, args)
    return Finding(code, severity, text, tuple(cells), template=template, args=plain, **fields)


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent == 0 else str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# Argument names say how a value is told: ``*label``/``*labels`` are official wording the
# catalogue translates, ``*cells`` maps cell keys to values and ``*keys`` lists cell keys, both
# shown by the cells' names; ``{"template": …, "args": …}`` is a message within the message. A
# list is joined in the language's manner: as alternatives (``*choices``), as clauses
# (``*clauses``), run together (``*parts``), else as an enumeration.
_JOINERS = {"choices": {"zh": " 或 ", "en": " or "}, "clauses": {"zh": "；", "en": "; "},
            "parts": {"zh": "", "en": ""}}
_ENUMERATION = {"zh": "、", "en": ", "}


def render(template: str, args: Mapping[str, Any], lang: str | None = None, spec: FormatSpec | None = None) -> str:
    """``template`` in ``lang``, its fields filled from ``args`` told in that language."""
    lang = language(lang)
    if not args:
        return translate(template, lang)
    return translate(template, lang).format(**{name: _told(name, value, lang, spec) for name, value in args.items()})


def _told(name: str, value: Any, lang: str, spec: FormatSpec | None) -> str:
    """One argument of a message as the message shows it (see the naming rules above)."""
    if name.endswith("cells") and isinstance(value, Mapping):
        names = _cell_names(spec, lang)
        return _ENUMERATION[lang].join(f"{names.get(k, k)}={_shown(v)}" for k, v in value.items())
    if not isinstance(value, list):
        return _item(name, value, lang, spec)
    joiner = next((j[lang] for suffix, j in _JOINERS.items() if name.endswith(suffix)), _ENUMERATION[lang])
    return joiner.join(_item(name, v, lang, spec) for v in value)


def _item(name: str, value: Any, lang: str, spec: FormatSpec | None) -> str:
    if type(value) not in _SCALARS and is_message(value):
        return render(value["template"], value.get("args", {}), lang, spec)
    if name.endswith(("label", "labels")):
        return translate(str(value), lang)
    if name.endswith("keys"):
        return _cell_names(spec, lang).get(str(value), str(value))
    return _shown(value)


# Types of the values most arguments hold, none a mapping, a list or a Decimal: told without
# asking the abstract Mapping (whose isinstance costs far more than a look at the type).
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _shown(value: Any) -> str:
    return "—" if value is None else str(value)


def _cell_names(spec: FormatSpec | None, lang: str) -> dict[str, str]:
    if spec is not None:
        return cell_names(spec, lang)
    return _every_cell_name(lang)


@cache
def _every_cell_name(lang: str) -> dict[str, str]:
    """Cell names of every format, the newest winning where a key means the same cell in both."""
    names: dict[str, str] = {}
    for spec in sorted(FORMATS.values(), key=lambda s: s.first_year):
        names.update(cell_names(spec, lang))
    return names


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

    def locations(self, keys: Sequence[str]) -> dict[str, Location]:
        """Where each of the cells ``keys`` names was printed, of those with a place."""
        cell = self.cell
        return {key: found.location for key in keys
                if (found := cell(key)) is not None and found.location is not None}

    def flat_cells(self) -> dict[str, Value]:
        return {cell.key: cell.value for cell in self.cells()}

    @property
    def full_text(self) -> str:
        return "\n".join(s.text for s in self.sections.values() if s.text)
