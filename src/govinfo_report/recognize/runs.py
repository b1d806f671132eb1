"""Splitting the digit runs the aligner set aside, and reporting what stays open.

The aligner records a run (``21710000218`` for a seven-cell row) instead of guessing; here
all runs of a report are split at once under the format's identities and the figures the
prose states. Where several splits satisfy everything, the most plausible one is taken and
the finding says so, naming every candidate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from ..formats.identities import identities
from ..formats.spec import FormatSpec
from ..model import Cause, Cell, Finding, Severity, Value
from .splitting import Fact, Run, solve
from .tables import UNCERTAIN, PendingRun, TableReading

SEVERAL_SPLITS = "several splits"


def split_runs(readings: Mapping[str, TableReading], spec: FormatSpec,
               facts: Callable[[], Sequence[Fact]] = tuple) -> None:
    """Fill the cells of every pending run in ``readings``; add findings for open choices.

    ``facts`` is called only when there is a run to split: most reports have none.
    """
    pending = [(name, p) for name, reading in readings.items() for p in reading.runs]
    if not pending:
        return
    runs = [Run(p.keys, p.token.text, p.kinds) for _, p in pending]
    known: dict[str, Value] = {}
    for reading in readings.values():
        for key, cell in (*reading.cells.items(), *reading.extra.items()):
            if cell.raw is not None:
                known[key] = cell.value if cell.value is not None else 0
    result = solve(runs, known, identities(spec), facts())
    for name, run in pending:
        _fill(readings[name], run, result.values, result.alternatives)
    if not result.values:
        keys = [k for _, p in pending for k in p.keys]
        readings[pending[0][0]].findings.append(Finding(
            UNCERTAIN, Severity.WARNING,
            "连写在一起的数字无法拆分为各单元格（" + "；".join(result.decided_by) + "），这些单元格留空，请核对原文。",
            tuple(keys), cause=Cause.READING))
        return
    if result.alternatives:
        shown = "；".join(f"{k}: {' / '.join(_show(v) for v in vs)}" for k, vs in result.alternatives.items())
        readings[pending[0][0]].findings.append(Finding(
            UNCERTAIN, Severity.WARNING,
            "连写在一起的数字有多种拆分都满足全部合计关系和正文数字；已取最可能的一种（首个候选），"
            f"候选：{shown}。请核对原文。",
            tuple(result.alternatives), expected=None, actual=SEVERAL_SPLITS, cause=Cause.READING))
    for reading in readings.values():
        unresolved = [p for p in reading.runs if any(k not in result.values for k in p.keys)]
        if unresolved:
            reading.findings.append(Finding(
                UNCERTAIN, Severity.WARNING, "部分连写数字未能拆分，相应单元格留空，请核对原文。",
                tuple(k for p in unresolved for k in p.keys), cause=Cause.READING))


def _fill(reading: TableReading, run: PendingRun, values: Mapping[str, Value],
          alternatives: Mapping[str, tuple[int | Decimal, ...]]) -> None:
    if not all(k in values for k in run.keys):
        return
    for key in run.keys:
        reading.cells[key] = Cell(key, values[key], run.token.text, run.token.location,
                                  f"split from the run {run.token.text.strip()}", alternatives.get(key, ())[1:])
    reading.placed += len(run.keys)


def _show(value: Value) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)

