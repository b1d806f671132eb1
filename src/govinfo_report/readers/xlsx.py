"""Reader of the fill-in workbook: the numbers and text an office typed, back into a report.

The places of the cells come from the same module the workbook's writer takes them from, so
whatever the writer lays out is read back from exactly there; the printed labels around them
are for the person filling in, not for the reader.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import CorruptFileError
from ..files import file_bytes
from ..formats import Kind, format_for
from ..formats.official import SECTIONS
from ..formats.workbook import META_LABELS, META_SHEET, TEXT_FIRST_ROW, TEXT_SHEET, positions, sheet_name
from ..hookspecs import hookimpl
from ..i18n import N_
from ..interfaces import DataReader, Reader
from ..model import Cell, Meta, Report
from ..numbers import parse_value
from .safety import ZipBudget, open_zip


class XlsxReader(DataReader):
    name = "xlsx"
    extensions = (".xlsx", ".xlsm")

    def sniff(self, head: bytes, path: Path) -> float:
        if not head.startswith(b"PK\x03\x04"):
            return 0.0
        return 0.9 if b"xl/" in head else 0.0

    def read_report(self, path: Path) -> Report:
        from openpyxl import load_workbook

        from ..serialize import assemble

        data = file_bytes(path)
        with open_zip(path, data) as archive:
            ZipBudget(archive, path)  # refuses a bomb before openpyxl inflates anything
        try:
            book = load_workbook(io.BytesIO(data), data_only=True, read_only=False)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise CorruptFileError(path, N_("not a readable workbook: {error}"), {"error": str(exc)}) from exc
        if META_SHEET not in book.sheetnames:
            raise CorruptFileError(path, N_("not the fill-in workbook: no sheet {sheet}"), {"sheet": repr(META_SHEET)})
        meta = _meta(book[META_SHEET], path)
        spec = format_for(meta.template, meta.year)
        cells: dict[str, Cell] = {}
        for table in spec.tables:
            if sheet_name(table) not in book.sheetnames:
                continue
            ws = book[sheet_name(table)]
            for key, (row, column) in positions(table).items():
                cells[key] = _cell(key, ws.cell(row, column).value, spec.kind_of(key), path)
        texts: dict[str, tuple[str | None, str]] = {}
        if TEXT_SHEET in book.sheetnames:
            ws = book[TEXT_SHEET]
            for i, section in enumerate(SECTIONS):
                heading, text = ws.cell(TEXT_FIRST_ROW + i, 2).value, ws.cell(TEXT_FIRST_ROW + i, 3).value
                body = "" if text is None else str(text).strip()
                texts[section.key] = (str(heading).strip() if body and heading else None, body)
        return assemble(meta, cells, texts)


def _meta(ws: Any, path: Path) -> Meta:
    found: dict[str, Any] = {}
    by_label = {label: field for field, label in META_LABELS.items()}
    for row in ws.iter_rows(min_col=1, max_col=2):
        label, value = row[0].value, row[1].value
        if isinstance(label, str) and label.strip() in by_label and value not in (None, ""):
            found[by_label[label.strip()]] = value
    year = found.get("year")
    if year is not None:
        try:
            year = int(str(year).strip().rstrip("年"))
        except ValueError:
            raise CorruptFileError(path, N_("{label} {value} is not a year"),
                                   {"label": META_LABELS["year"], "value": repr(year)}) from None
    published = found.get("published")
    if isinstance(published, (datetime, date)):
        published = published.strftime("%Y-%m-%d")
    return Meta(agency=_text(found.get("agency")), year=year, template=_text(found.get("template")),
                title=_text(found.get("title")), published=_text(published))


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def _cell(key: str, value: Any, kind: Kind, path: Path) -> Cell:
    """A typed cell as the workbook holds it; text typed into a number cell is read as the
    report would print it ("—" a blank, "12万元" an amount), else refused with its place."""
    if value is None:
        return Cell(key, None, "")
    if isinstance(value, bool):
        raise CorruptFileError(path, N_("{key}: {value} is not a number"), {"key": key, "value": repr(value)})
    if isinstance(value, int):
        return Cell(key, value, str(value))
    if isinstance(value, float):
        dec = Decimal(repr(value))
        if kind is not Kind.MONEY and dec == dec.to_integral_value():
            return Cell(key, int(dec), str(int(dec)))
        parsed = parse_value(format(dec, "f"), kind)
        return Cell(key, parsed.value if parsed is not None else dec, format(dec, "f"))
    text = str(value)
    parsed = parse_value(text, kind)
    if parsed is None:
        raise CorruptFileError(path, N_("{key}: {value} is not a number"), {"key": key, "value": repr(text)})
    return Cell(key, parsed.value, text)


@hookimpl
def register_readers(register: Callable[[Reader], Any]) -> None:
    register(XlsxReader())
