"""What a reader, a writer and a rule must provide.

Plugins subclass these (or duck-type them); the built-ins do exactly the same, so the plugin
interface is exercised by real code on every run.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import attrs

from .i18n import N_
from .model import Finding, Report, Severity

if TYPE_CHECKING:
    from .layout import Layout


class Reader(ABC):
    """Turns one file into a :class:`~govinfo_report.layout.Layout`.

    ``extensions`` are the suffixes the reader claims; :meth:`sniff` looks at the first bytes
    so that a file with a wrong or missing suffix still finds its reader.
    """

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()
    version: ClassVar[str] = ""
    # Keyword options :meth:`read` accepts beyond the path (``pdf_backend`` for PDFs); the API
    # hands a reader only the options it names, so readers that take none keep ``read(path)``.
    options: ClassVar[tuple[str, ...]] = ()

    def sniff(self, head: bytes, path: Path) -> float:
        """Confidence in [0, 1] that this reader can read a file starting with ``head``."""
        return 0.0

    @abstractmethod
    def read(self, path: Path) -> Layout:
        """Read ``path``; raise a :class:`~govinfo_report.errors.ReadError` subclass on failure."""


class DataReader(Reader):
    """Reads a file that already holds a report's data by key (the library's JSON, the long
    CSV, the fill-in workbook): the report comes from the data as it stands, with nothing to
    recognise, so it has no layout to give."""

    @abstractmethod
    def read_report(self, path: Path) -> Report:
        """The report ``path`` holds; raise a :class:`~govinfo_report.errors.ReadError` subclass on failure."""

    def read(self, path: Path) -> Layout:
        from .errors import UnsupportedFormatError

        raise UnsupportedFormatError(path, N_("the {reader} reader gives the report itself, not a layout"),
                                     {"reader": self.name})


class Writer(ABC):
    """Renders a report (and its findings) into one output format."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()
    binary: ClassVar[bool] = False
    version: ClassVar[str] = ""

    @abstractmethod
    def render(self, report: Report, findings: list[Finding]) -> bytes | str:
        """Return the whole output; ``bytes`` when :attr:`binary` is true."""


#: A cell's value in a rule example: a number, or ``None`` for a blank.
ExampleValue = int | str | None


@attrs.frozen
class RuleExample:
    """A report the rule fires on, as changes to a clean report of the 2021 format.

    The changes are data so that the catalogue shows them and a test makes the report and
    checks that the rule really fires: an example that no longer fires is caught, not printed.
    ``cells`` sets values by key (a string is a decimal; ``None`` a blank), ``sections``
    replaces a section's text (``None``: the section is not there), ``meta`` sets meta fields.
    ``before`` makes it a corpus example: last year's report is this one, a year earlier, with
    those cells set. ``printed`` replaces text in the report printed as text, for what only
    reading it shows (every old text is replaced at once, so two headings can swap).
    """

    says: str
    cells: tuple[tuple[str, ExampleValue], ...] = ()
    sections: tuple[tuple[str, str | None], ...] = ()
    meta: tuple[tuple[str, str | int | None], ...] = ()
    before: tuple[tuple[str, ExampleValue], ...] | None = None
    printed: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class Rule:
    """A registered check: a function with a stable code, a severity and its description.

    ``check`` takes a rule context (one report) or, for ``scope="corpus"``, the reports and
    the rule (several reports of one body).
    """

    code: str
    severity: Severity
    title: str
    description: str
    check: Callable[..., Iterable[Finding]]
    scope: str = "report"  # "report": one report; "corpus": several reports of one body
    pack: str = "core"
    tags: tuple[str, ...] = ()
    # The first report year the checked requirement exists in; None: every year. A report of
    # unknown year counts as the first year of the format it uses.
    applies_from: int | None = None
    # The provision behind the check: an article of the 条例 or a clause of the format.
    clause: str = ""
    example: RuleExample | None = None

    def applies_to(self, report: Report) -> bool:
        if self.applies_from is None:
            return True
        year = report.meta.year if report.meta.year is not None else report.format.first_year
        return year >= self.applies_from
