"""govinfo-report: read, check and write 政府信息公开工作年度报告.

>>> import govinfo_report as gr
>>> report = gr.read("report.pdf")            # doctest: +SKIP

A plugin needs nothing but this package: ``from govinfo_report import hookimpl, Reader,
Writer, Rule``.

>>> findings = gr.check(report)               # doctest: +SKIP
>>> gr.write(report, "report.html")           # doctest: +SKIP

Names load on first use: ``govinfo-report --version`` and a plugin importing ``hookimpl``
do not pay for the recognizer, the rules and the readers.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:
    from .api import check, check_corpus, read, read_layout, render, write
    from .corpora import batch, iter_results
    from .errors import GovinfoReportError, ReadError, WriteError
    from .hookspecs import hookimpl
    from .interfaces import DataReader, Reader, Rule, RuleExample, Writer
    from .model import Cause, Cell, Finding, Meta, Report, Section, Severity, Table
    from .neighbours import read_with_neighbours
    from .rules.engine import Context, RulePack
    from .serialize import flat, make_converter, report_from_dict, report_from_flat, report_to_dict

_HOMES = {
    ".api": ("check", "check_corpus", "read", "read_layout", "render", "write"),
    ".corpora": ("batch", "iter_results"),
    ".errors": ("GovinfoReportError", "ReadError", "WriteError"),
    ".hookspecs": ("hookimpl",),
    ".interfaces": ("DataReader", "Reader", "Rule", "RuleExample", "Writer"),
    ".model": ("Cause", "Cell", "Finding", "Meta", "Report", "Section", "Severity", "Table"),
    ".neighbours": ("read_with_neighbours",),
    ".rules.engine": ("Context", "RulePack"),
    ".serialize": ("flat", "make_converter", "report_from_dict", "report_from_flat", "report_to_dict"),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "Cause", "Cell", "Context", "DataReader", "Finding", "GovinfoReportError", "Meta", "ReadError", "Reader",
    "Report", "Rule", "RuleExample", "RulePack", "Section", "Severity", "Table", "WriteError", "Writer", "__version__",
    "batch", "check", "check_corpus", "flat", "hookimpl", "iter_results", "make_converter", "read", "read_layout",
    "read_with_neighbours", "render", "report_from_dict", "report_from_flat", "report_to_dict", "write",
]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
