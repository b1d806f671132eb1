"""CSV in long form: one row per cell, so thousands of reports stack into one table."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from ..formats import official_labels
from ..hookspecs import hookimpl
from ..interfaces import Writer
from ..model import Finding, Report
from .controls import spreadsheet_safe

# ``body`` and ``division_code`` (last, so existing columns keep their places) let rows of
# one body join across years and sources.
# Spreadsheet programs take a CSV without it for the locale's code page and garble the labels.
BOM = "\ufeff"
COLUMNS = ("source", "agency", "year", "template", "key", "label", "value", "raw", "location", "note", "findings",
           "body", "division_code")


def rows(report: Report, findings: list[Finding]) -> Iterator[dict[str, str]]:
    spec = report.format
    label_of = official_labels(spec)
    codes: dict[str, list[str]] = {}
    for f in findings:
        for key in f.cells:
            codes.setdefault(key, []).append(f.code)
    for key in spec.keys():
        cell = report.cell(key)
        value = cell.value if cell else None
        yield {
            "source": report.meta.source or "",
            "agency": report.meta.agency or "",
            "year": "" if report.meta.year is None else str(report.meta.year),
            "template": spec.name,
            "key": key,
            "label": label_of[key],
            "value": "" if value is None else (format(value, "f") if isinstance(value, Decimal) else str(value)),
            "raw": "" if cell is None or cell.raw is None else cell.raw,
            "location": cell.location.describe() if cell and cell.location else "",
            "note": cell.note or "" if cell else "",
            "findings": " ".join(sorted(set(codes.get(key, [])))),
            "body": report.meta.body or "",
            "division_code": report.meta.division_code or "",
        }


class CsvWriter(Writer):
    name = "csv"
    extensions = (".csv",)

    def render(self, report: Report, findings: list[Finding]) -> str:
        buffer = io.StringIO()
        buffer.write(BOM)
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows(report, findings))
        return buffer.getvalue()


@hookimpl
def register_writers(register: Callable[[Writer], Any]) -> None:
    register(CsvWriter())
