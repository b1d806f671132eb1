"""Readers of the data the library itself writes: its JSON (full model or flat) and the long CSV.

A report filled in by hand or by another program comes back as the same model, so it can be
checked and written out as the official document without being printed first.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import CorruptFileError, as_value
from ..files import file_bytes
from ..formats import Kind, format_for
from ..hookspecs import hookimpl
from ..i18n import N_, MessageError
from ..interfaces import DataReader, Reader
from ..model import Cell, Meta, Report
from ..numbers import parse_value

BOM = "\ufeff"
# The columns the long CSV starts with (the CSV writer's own order).
CSV_HEAD = "source,agency,year,template,key"


class JsonReader(DataReader):
    """The full model (``convert -o x.json``) or the flat form (``parse --flat``), by its shape."""

    name = "json"
    extensions = (".json",)

    def sniff(self, head: bytes, path: Path) -> float:
        text = head.lstrip(BOM.encode()).lstrip()
        if not text.startswith(b"{"):
            return 0.0
        return 0.9 if b'"meta"' in head or b'"schema_version"' in head else 0.3

    def read_report(self, path: Path) -> Report:
        try:
            data: Any = json.loads(file_bytes(path).decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CorruptFileError(path, N_("not JSON: {error}"), {"error": str(exc)}) from exc
        if not isinstance(data, dict):
            raise CorruptFileError(path, N_("a report's JSON is an object"))
        from ..serialize import is_flat, report_from_dict, report_from_flat  # cattrs: on first use

        try:
            return report_from_flat(data) if is_flat(data) else report_from_dict(data)
        except (ValueError, TypeError, KeyError) as exc:
            # The library's own words are told in the reader's language; a dependency's, as they are.
            error = as_value(exc.template, **exc.values) if isinstance(exc, MessageError) else str(exc)
            raise CorruptFileError(path, N_("not a report's JSON: {error}"), {"error": error}) from exc


class CsvReader(DataReader):
    """The long CSV: one row per cell, the value by key, the printed text beside it."""

    name = "csv"
    extensions = (".csv",)

    def sniff(self, head: bytes, path: Path) -> float:
        return 0.9 if head.lstrip(BOM.encode()).startswith(CSV_HEAD.encode()) else 0.0

    def read_report(self, path: Path) -> Report:
        try:
            rows = list(csv.DictReader(io.StringIO(file_bytes(path).decode("utf-8-sig"), newline=None)))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise CorruptFileError(path, N_("not a CSV: {error}"), {"error": str(exc)}) from exc
        if not rows or "key" not in rows[0] or "value" not in rows[0]:
            raise CorruptFileError(path, N_("the long CSV needs a header with key and value columns"))
        first = rows[0]
        year = first.get("year") or ""
        meta = Meta(agency=first.get("agency") or None, year=int(year) if year.isdigit() else None,
                    template=first.get("template") or None, body=first.get("body") or None,
                    division_code=first.get("division_code") or None)
        spec = format_for(meta.template, meta.year)
        cells: dict[str, Cell] = {}
        for row in rows:
            key = row.get("key") or ""
            if not key:
                continue
            cells[key] = _cell(key, row.get("value") or "", row.get("raw") or "", row.get("note") or None,
                               spec.kind_of(key), path)
        from ..serialize import assemble  # cattrs: on first use

        return assemble(meta, cells, {})


def _cell(key: str, text: str, raw: str, note: str | None, kind: Kind, path: Path) -> Cell:
    """A row's cell; with no value it is a blank (a table with no value at all is missing,
    which :func:`~govinfo_report.serialize.assemble` decides)."""
    if not text.strip():
        return Cell(key, None, raw, note=note)
    parsed = parse_value(text, kind)
    if parsed is None:
        raise CorruptFileError(path, N_("{key}: {value} is not a number"), {"key": key, "value": repr(text)})
    return Cell(key, parsed.value, raw or text, note=note)


@hookimpl
def register_readers(register: Callable[[Reader], Any]) -> None:
    register(JsonReader())
    register(CsvReader())
