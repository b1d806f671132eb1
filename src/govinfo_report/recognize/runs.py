"""Splitting the digit runs the aligner set aside, and reporting what stays open.

The aligner records a run (``21710000218`` for a seven-cell row) instead of guessing; here
all runs of a report are split at once under the format's identities and the figures the
prose states. Where several splits satisfy everything, the most plausible one is taken and
the finding says so, naming every candidate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..formats.identities import identities
from ..formats.spec import FormatSpec
from ..i18n import N_
from ..model import Cause, Cell, Finding, Severity, Value, finding
from .splitting import STOPPED, Fact, Run, SplitResult, solve
from .tables import UNCERTAIN, PendingRun, TableReading

SEVERAL_SPLITS = "several splits"
SHOWN_SPLITS = 5  # splits a message names; the finding's data lists them all


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
    stated = facts()
    result = solve(runs, known, identities(spec), stated)
    for name, run in pending:
        _fill(readings[name], run, result.values, result.alternatives)
    for name, run in pending:
        readings[name].findings.extend(_against_the_prose(run, stated, {**known, **result.values}))
    if not result.values:
        keys = [k for _, p in pending for k in p.keys]
        readings[pending[0][0]].findings.append(finding(
            UNCERTAIN, Severity.WARNING,
            N_("连写在一起的数字无法拆分为各单元格（{reason_clauses}），这些单元格留空，请核对原文。"),
            {"reason_clauses": list(result.decided_by)}, keys, cause=Cause.READING))
        return
    for name, run in pending:
        several = _several_splits(run, result)
        if several is not None:
            readings[name].findings.append(several)
    for reading in readings.values():
        unresolved = [p for p in reading.runs if any(k not in result.values for k in p.keys)]
        if unresolved:
            reading.findings.append(finding(
                UNCERTAIN, Severity.WARNING, N_("部分连写数字未能拆分，相应单元格留空，请核对原文。"), {},
                [k for p in unresolved for k in p.keys], cause=Cause.READING))


def _several_splits(run: PendingRun, result: SplitResult) -> Finding | None:
    """One run read more than one way: the few likeliest splits in the message, all in ``data``."""
    cells = tuple(k for k in run.keys if k in result.alternatives)
    candidates = result.candidates.get(run.keys, ())
    complete = not any(d.startswith(STOPPED) for d in result.decided_by)
    if not cells or not candidates or (complete and len(candidates) < 2):
        return None
    text = run.token.text.strip()
    shown = [" | ".join(_show(v) for v in split) for split in candidates[:SHOWN_SPLITS]]
    more = len(candidates) - len(shown)
    parts: list[dict[str, Any]] = []
    if len(shown) > 1:
        parts.append({"template": N_("；其次：{split_clauses}"), "args": {"split_clauses": shown[1:]}})
    if more:
        parts.append({"template": N_("；其余 {more} 种见 data.candidates"), "args": {"more": more}})
    if not complete:
        parts.append({"template": N_("；枚举已达上限，候选可能不全")})
    ruled_out = result.ruled_out.get(run.keys, 0)
    if ruled_out and result.ruled_out_by:
        parts.append({"template": N_("。另有 {ruled_out} 种拆分与{sources}不符，已排除"),
                      "args": {"ruled_out": ruled_out, "sources": [_source(s) for s in result.ruled_out_by]}})
    data: dict[str, Any] = {
        "run": text,
        "keys": list(run.keys),
        "candidates": [[_json(v) for v in split] for split in candidates],
        "complete": complete,
        "ruled_out": ruled_out,
        "ruled_out_by": list(result.ruled_out_by) if ruled_out else [],
        "decided_by": list(result.decided_by),
    }
    return finding(UNCERTAIN, Severity.WARNING,
                   N_("连写数字“{quote}”（{run}）有 {count} 种拆分，合计关系和已知数字都无法区分；"
                      "已取最可能的一种：{first}{detail_parts}。请核对原文。"),
                   {"quote": text, "run": _keys(run.keys), "count": len(candidates), "first": shown[0],
                    "detail_parts": parts}, cells, actual=SEVERAL_SPLITS, cause=Cause.READING, data=data)


def _against_the_prose(run: PendingRun, facts: Sequence[Fact], values: Mapping[str, Value]) -> Iterator[Finding]:
    """A split that contradicts a figure the prose states, under every scope it may mean.

    Identities can allow one split only, and a wrong one, when a digit was lost or doubled;
    the prose then is the only witness, and a split it contradicts is reported.
    """
    if not all(k in values for k in run.keys):
        return
    for fact in facts:
        if not any(k in run.keys for scope in fact.scopes for k in scope):
            continue
        sums = {sum(values[k] or 0 for k in scope) for scope in fact.scopes if all(k in values for k in scope)}
        if not sums or sums & fact.values:
            continue
        shown = " | ".join(_show(values[k]) for k in run.keys)
        figures = sorted(fact.values)
        yield finding(UNCERTAIN, Severity.WARNING,
                      N_("连写数字“{quote}”（{run}）按合计关系拆分为 {split}，与{source}所称的 {figure_choices} 不符；"
                         "拆分可能有误（数字多印或漏印），请核对原文。"),
                      {"quote": run.token.text.strip(), "run": _keys(run.keys), "split": shown,
                       "source": _source(fact.source), "figure_choices": figures},
                      run.keys, expected=" | ".join(str(v) for v in figures), actual=shown, cause=Cause.READING)


def _keys(keys: Sequence[str]) -> str:
    """``t2.a.x | y | z``: the keys of a run, their shared prefix written once."""
    parts = [k.split(".") for k in keys]
    shared = 0
    while all(len(p) > shared + 1 and p[shared] == parts[0][shared] for p in parts):
        shared += 1
    return " | ".join(k if i == 0 else ".".join(p[shared:]) for i, (k, p) in enumerate(zip(keys, parts, strict=True)))


# Where a soft fact came from (see prose_facts.facts and neighbours.cross_year_facts), in words.
_SOURCES = (("prose: ", N_("正文“{quote}”")), ("previous year: ", N_("上年报告（{quote}）")),
            ("next year: ", N_("下年报告（{quote}）")))


def _source(source: str) -> dict[str, Any]:
    for prefix, words in _SOURCES:
        if source.startswith(prefix):
            return {"template": words, "args": {"quote": source[len(prefix):]}}
    return {"template": "{quote}", "args": {"quote": source}}


def _json(value: int | Decimal) -> int | str:
    return value if isinstance(value, int) else _show(value)


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

