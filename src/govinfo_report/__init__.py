"""govinfo-report: read, check and write 政府信息公开工作年度报告.

>>> import govinfo_report as gr
>>> report = gr.read("report.pdf")            # doctest: +SKIP
>>> findings = gr.check(report)               # doctest: +SKIP
>>> gr.write(report, "report.html")           # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import check, check_corpus, read, read_layout, render, write
from .errors import GovinfoReportError, ReadError, WriteError
from .model import Cause, Cell, Finding, Meta, Report, Section, Severity, Table
from .serialize import flat, make_converter, report_from_dict, report_to_dict

__all__ = [
    "Cause", "Cell", "Finding", "GovinfoReportError", "Meta", "ReadError", "Report", "Section", "Severity",
    "Table", "WriteError", "__version__", "check", "check_corpus", "flat", "make_converter", "read",
    "read_layout", "render", "report_from_dict", "report_to_dict", "write",
]
