"""Whole-corpus tables out of a store: long cells, wide cells, findings, unreadable files.

Rows stream from SQLite to the file, so a store of any size exports in flat memory. CSV is
written with a UTF-8 BOM because Excel on Chinese Windows otherwise opens it as GBK.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import GovinfoReportError
from ..formats import format_for
from .store import Store

TABLES = ("cells", "wide", "findings", "unreadable")
SUFFIXES = (".csv", ".jsonl", ".xlsx", ".parquet")
SHEET_ROWS = 1_048_576

_META = ("path", "sha256", "agency", "year", "template", "body", "division_code", "division_level", "published")
_META_SQL = ", ".join(f"r.{c}" for c in _META)

_QUERIES = {
    "cells": ((*_META, "key", "label", "value", "raw", "location"),
              f"SELECT {_META_SQL}, c.key, c.label, c.value, c.raw, c.location FROM cells c "
              "JOIN reports r ON r.id = c.report_id ORDER BY r.path, c.rowid"),
    "findings": (("path", "agency", "year", "body", "scope", "code", "severity", "cause", "message", "cells",
                  "expected", "actual", "data"),
                 "SELECT r.path, r.agency, r.year, r.body, f.scope, f.code, f.severity, f.cause, f.message, f.cells, "
                 "f.expected, f.actual, f.data FROM findings f JOIN reports r ON r.id = f.report_id "
                 "ORDER BY r.path, f.scope DESC, f.rowid"),
    "unreadable": (("path", "sha256", "size", "reader", "error_kind", "error_message", "seconds"),
                   "SELECT path, sha256, size, reader, error_kind, error_message, seconds FROM files "
                   "WHERE status = 'failed' ORDER BY path"),
}


class ExportError(GovinfoReportError):
    """The export cannot be written as asked."""


def table(store: Store, name: str, template: str = "2021") -> tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]:
    """A table's columns and its rows, streamed from the store."""
    if name == "wide":
        return _wide(store, template)
    if name not in _QUERIES:
        raise ExportError(f"no table {name!r}; the tables are {', '.join(TABLES)}")
    columns, sql = _QUERIES[name]
    return columns, store.rows(sql)


def _wide(store: Store, template: str) -> tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]:
    """One row per report of ``template``, one column per cell key of that template."""
    keys = tuple(format_for(template, None).keys())
    columns = _META + keys

    def rows() -> Iterator[tuple[Any, ...]]:
        current: list[Any] | None = None
        values: dict[str, Any] = {}
        for *meta, key, value in store.rows(
                f"SELECT {_META_SQL}, r.id, c.key, c.value FROM reports r JOIN cells c ON c.report_id = r.id "
                "WHERE r.template = ? ORDER BY r.path, r.id", (template,)):
            if current is None or meta != current:
                if current is not None:
                    yield (*current[:-1], *(values.get(k) for k in keys))
                current, values = meta, {}
            values[key] = value
        if current is not None:
            yield (*current[:-1], *(values.get(k) for k in keys))

    return columns, rows()


def export(store_path: str | Path, output: str | Path, tables: Sequence[str] = ("cells",),
           template: str = "2021") -> Path:
    """Write the store's ``tables`` to ``output``, its format by suffix: one table for CSV,
    JSON Lines and Parquet, a sheet per table for a workbook."""
    out = Path(output)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"{out}: cannot export to {suffix or 'a file without suffix'!r}; "
                          f"use one of {', '.join(SUFFIXES)}")
    if suffix != ".xlsx" and len(tables) != 1:
        raise ExportError(f"{out}: {suffix} holds one table; name one with --table")
    with Store(store_path) as store:
        if suffix == ".xlsx":
            _xlsx(out, [(name, *table(store, name, template)) for name in tables])
        else:
            columns, rows = table(store, tables[0], template)
            {".csv": _csv, ".jsonl": _jsonl, ".parquet": _parquet}[suffix](out, columns, rows)
    return out


def _csv(out: Path, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> None:
    with out.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(("" if v is None else v for v in row) for row in rows)


def _jsonl(out: Path, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(dict(zip(columns, row)), ensure_ascii=False) + "\n")


def _parquet(out: Path, columns: Sequence[str], rows: Iterator[tuple[Any, ...]], batch: int = 50_000) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("Parquet needs pyarrow: pip install 'govinfo-report[parquet]'") from None
    # Every column as text but the numeric meta: a cell value keeps its exact printed decimal.
    numeric = {"year": pa.int64(), "size": pa.int64(), "seconds": pa.float64()}
    schema = pa.schema([(c, numeric.get(c, pa.string())) for c in columns])
    with pq.ParquetWriter(out, schema) as writer:
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                writer.write_table(_arrow(pa, schema, columns, chunk))
                chunk = []
        writer.write_table(_arrow(pa, schema, columns, chunk))


def _arrow(pa: Any, schema: Any, columns: Sequence[str], chunk: list[tuple[Any, ...]]) -> Any:
    data = {c: [row[i] for row in chunk] for i, c in enumerate(columns)}
    return pa.Table.from_pydict(data, schema=schema)


def _xlsx(out: Path, sheets: list[tuple[str, tuple[str, ...], Iterator[tuple[Any, ...]]]]) -> None:
    from openpyxl import Workbook  # on first use: start-up stays light
    book = Workbook(write_only=True)
    for name, columns, rows in sheets:
        # A sheet holds at most 1,048,576 rows; a longer table goes on to "cells 2", …
        part, used, sheet = 1, SHEET_ROWS, None
        for row in rows:
            if used >= SHEET_ROWS:
                sheet = book.create_sheet(name if part == 1 else f"{name} {part}")
                sheet.append(list(columns))
                part, used = part + 1, 1
            assert sheet is not None
            sheet.append(list(row))
            used += 1
        if sheet is None:
            book.create_sheet(name).append(list(columns))
    book.save(out)
