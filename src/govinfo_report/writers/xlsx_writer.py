"""The fill-in workbook writer (see :mod:`.xlsx_render`); openpyxl loads on the first workbook
written, so listing or using the other writers never pays for it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..hookspecs import hookimpl
from ..interfaces import Writer
from ..model import Finding, Report


class XlsxWriter(Writer):
    """The fill-in workbook with the report's numbers and text; findings stay out of it, since
    the live checks beside each table show them and follow every change."""

    name = "xlsx"
    extensions = (".xlsx",)
    binary = True

    def render(self, report: Report, findings: list[Finding]) -> bytes:
        from .xlsx_render import workbook

        return workbook(report)


@hookimpl
def register_writers(register: Callable[[Writer], Any]) -> None:
    register(XlsxWriter())
