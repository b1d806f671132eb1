"""The work on one file, as plain rows: what a worker process (or a Dask worker) returns.

Rows are plain dicts and tuples so that they cross process and network boundaries cheaply
and the parent never holds a ``Report`` object: it only writes rows to the store.
"""

from __future__ import annotations

import json
import time
import traceback
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import attrs

from .. import gazetteer
from ..api import read, rules_for
from ..errors import ReadError, TooComplexError, TooLargeError
from ..formats import FORMATS, official_labels
from ..isolation import run_isolated
from ..limits import Limits, current, use
from ..model import Finding, Report, Value
from ..neighbours import keep_neighbours, neighbours_known, neighbours_read_since, read_with_neighbours
from ..readers.text import parse_text
from ..recognize import recognize
from ..rules.corpus import body_key
from ..rules.engine import run_report_rules
from ..serialize import report_from_flat, report_to_dict
from ..writers.text_writer import TextWriter

OVER_MEMORY = "the file needed more memory than the limit allows"


@attrs.frozen
class Task:
    """One file to read: its path and content hash, and how to read and check it."""

    path: str
    sha256: str
    size: int
    alone: bool = False
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    limits: Limits | None = None  # None: those current where the file is read


@attrs.define
class Outcome:
    """What reading one file gave: the file row, and for a readable report its rows."""

    path: str
    sha256: str
    size: int
    status: str  # "read", "failed" or "duplicate"
    seconds: float = 0.0
    reader: str | None = None
    error_kind: str | None = None
    error_message: str | None = None
    report: dict[str, Any] | None = None
    cells: list[tuple[Any, ...]] = attrs.field(factory=list)
    findings: list[tuple[Any, ...]] = attrs.field(factory=list)
    duplicate_of: str | None = None


def failed(task: Task, kind: str, message: str, seconds: float = 0.0) -> Outcome:
    return Outcome(task.path, task.sha256, task.size, "failed", seconds, error_kind=kind, error_message=message)


def _text(value: Value) -> str | None:
    if value is None:
        return None
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def cell_rows(report: Report) -> list[tuple[Any, ...]]:
    """Every key of the report's template: key, official label, value, raw text, location."""
    spec = report.format
    label_of = official_labels(spec)
    out = []
    for key in spec.keys():
        cell = report.cell(key)
        out.append((key, label_of[key], _text(cell.value) if cell else None, cell.raw if cell else None,
                    cell.location.describe() if cell and cell.location else None))
    return out


def finding_row(f: Finding) -> tuple[Any, ...]:
    return (f.code, f.severity.value, f.cause.value, f.message, " ".join(f.cells), f.expected, f.actual,
            json.dumps(f.data, ensure_ascii=False, default=str, sort_keys=True) if f.data else None)


def meta_row(report: Report) -> dict[str, Any]:
    meta = report.meta
    return {"agency": meta.agency, "year": meta.year, "template": report.format.name, "title": meta.title,
            "published": meta.published, "division_code": meta.division_code,
            "division_level": meta.division_level, "body": meta.body, "body_key": body_key(meta) or None,
            "model": json.dumps(report_to_dict(report), ensure_ascii=False, default=str)}


def read_specimen(template: str) -> Report:
    """The official form of ``template`` with every cell 0, written out by the text writer
    and read back: a reading that touches nothing outside the package."""
    form = FORMATS[template]
    meta = {"agency": "某某市人民政府办公室", "year": form.last_year or form.first_year, "template": template}
    specimen = report_from_flat({"meta": meta, "cells": dict.fromkeys(form.keys(), 0)})
    return recognize(parse_text(TextWriter().render(specimen, []), "specimen"))


@cache
def prepare() -> None:
    """Read and check, once in the process that forks a worker per file, a specimen of each
    official form. Every reading loads the plugins, the gazetteer and the converter's code,
    and fills the recognizer's caches of label matches, on first use; a fork inherits what
    was loaded before it, where loaded in each fork they cost twice the reading itself."""
    for template in FORMATS:
        report = read_specimen(template)
        run_report_rules(report, rules_for(None, None))
        meta_row(report)
    gazetteer.load()


def process(task: Task, timeout: float | None = None, memory_mb: int | None = None) -> Outcome:
    """Read and check one file; every failure becomes a row with its kind, never an exception.

    The file is read in a forked worker held to its limits' time and memory, as on the
    command line: a bomb inside a dependency ends that file alone, and the engine's worker
    neither dies under it nor keeps the memory it took. The neighbouring years the worker read
    come back with the outcome and stay here, so each is read once a batch, not once a file.

    An engine that cannot watch the reading from outside (a Dask worker) gives its own
    ``timeout`` and ``memory_mb``: the same fork holds the file to the stricter of those and
    the limits, and an overrun of the engine's bound is a ``timeout`` or ``memory`` failure, as
    a local engine's watchdog makes it, an overrun of the limits one of their errors.
    """
    start = time.perf_counter()
    limits = task.limits or current()
    bounds = _bounded(limits, timeout, memory_mb)
    prepare()
    known = neighbours_known()

    def read_remembering() -> tuple[Outcome, list[Any]]:
        return _read_and_check(task, limits), neighbours_read_since(known)

    try:
        outcome, read_there = run_isolated(read_remembering, task.path, bounds)
    except ReadError as exc:  # the reading ran out of time or memory
        outcome = _overrun(task, exc, limits, bounds)
    else:
        keep_neighbours(read_there)  # the next files of the folder find them read
    outcome.seconds = round(time.perf_counter() - start, 3)
    return outcome


def _bounded(limits: Limits, timeout: float | None, memory_mb: int | None) -> Limits:
    """``limits`` with the time and memory narrowed to an engine's bounds where stricter."""
    seconds = min(limits.seconds, timeout) if timeout else limits.seconds
    memory = min(limits.memory_bytes, memory_mb * 1024 * 1024) if memory_mb else limits.memory_bytes
    return attrs.evolve(limits, seconds=seconds, memory_bytes=memory)


def _overrun(task: Task, exc: ReadError, limits: Limits, bounds: Limits) -> Outcome:
    if isinstance(exc, TooComplexError) and bounds.seconds < limits.seconds:
        return failed(task, "timeout", f"no result within {bounds.seconds:g} s; its reading process was stopped",
                      bounds.seconds)
    if isinstance(exc, TooLargeError) and bounds.memory_bytes < limits.memory_bytes:
        return failed(task, "memory", OVER_MEMORY)
    return failed(task, type(exc).__name__, str(exc))


def _read_and_check(task: Task, limits: Limits) -> Outcome:
    try:
        with use(limits):
            report = read(task.path) if task.alone else read_with_neighbours(Path(task.path))
            # A rule that raises (a plugin's bug) is a rule-crashed finding of this file; the rest run.
            findings = run_report_rules(report, rules_for(task.select, task.ignore))
        if report.meta.sha256 != task.sha256:
            # The store files a report under the hash the batch took of its file before sending
            # it: a report of other bytes filed there would be another file's.
            return failed(task, "changed", "the file changed while the batch read it; read it again")
        return Outcome(task.path, task.sha256, task.size, "read", reader=report.meta.reader,
                       report=meta_row(report), cells=cell_rows(report),
                       findings=[finding_row(f) for f in findings])
    except ReadError as exc:
        return failed(task, type(exc).__name__, str(exc))
    except MemoryError:
        return failed(task, "memory", OVER_MEMORY)
    except RecursionError as exc:
        return failed(task, "internal", f"RecursionError: {exc}")
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return failed(task, "internal", f"{type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})")
