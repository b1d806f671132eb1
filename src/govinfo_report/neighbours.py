"""Reports of the same body for the neighbouring years, as evidence for an ambiguous reading.

When digits run together split more than one way, last year's 结转下年度 and next year's
上年结转 (and, in the 2019 format, 上一年项目数量) often decide it. A researcher's folder
holds those years beside each other, so the reports found there are read and their values
turned into soft facts: they break ties between splits the identities allow, nothing more.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from .errors import ReadError
from .formats import FORMATS
from .model import Report
from .recognize.splitting import Fact
from .rules.corpus import same_body

_MAX_CANDIDATES = 8


@lru_cache(maxsize=64)
def _listing(folder: str) -> tuple[str, ...]:
    """File names of a folder, listed once per process (folders can hold many thousands)."""
    try:
        return tuple(sorted(os.listdir(folder)))
    except OSError:
        return ()


def candidates(path: Path, year: int) -> Iterator[Path]:
    """Files beside ``path`` whose name mentions the year before or after ``year``."""
    wanted = re.compile(rf"(?<!\d)(?:{year - 1}|{year + 1})(?!\d)")
    found = 0
    for name in _listing(str(path.parent)):
        if name != path.name and Path(name).suffix == path.suffix and wanted.search(name):
            yield path.parent / name
            found += 1
            if found >= _MAX_CANDIDATES:
                return


def neighbours(report: Report, path: Path, read_alone: Callable[[Path], Report]) -> list[Report]:
    """The reports of the same body for the years just before and after ``report``."""
    if report.meta.year is None:
        return []
    out = []
    for candidate in candidates(path, report.meta.year):
        try:
            other = read_alone(candidate)
        except ReadError:
            continue
        if other.meta.year in (report.meta.year - 1, report.meta.year + 1) and same_body(other.meta, report.meta):
            out.append(other)
    return out


def _values(report: Report, key: str) -> frozenset[int]:
    """Every value a neighbour's cell may have: its reading and the alternatives it admits."""
    cell = report.cell(key)
    if cell is None or not isinstance(cell.value, int):
        return frozenset()
    return frozenset({cell.value, *(v for v in cell.alternatives if isinstance(v, int))})


def cross_year_facts(report: Report, others: list[Report]) -> list[Fact]:
    """Soft facts the neighbouring years give about ``report``'s cells."""
    facts: list[Fact] = []
    spec = FORMATS[report.meta.template or "2021"]
    year = report.meta.year or 0
    for other in others:
        before = other.meta.year == year - 1
        source = f"{'previous' if before else 'next'} year: {other.meta.source}"
        for col in spec.t3_columns:
            mine = f"t3.carried_over.{col.key}" if before else f"t3.carried_forward.{col.key}"
            theirs = _values(other, f"t3.carried_forward.{col.key}" if before else f"t3.carried_over.{col.key}")
            if theirs:
                facts.append(Fact((mine,), theirs, source))
        if spec.name == "2019" and other.meta.template == "2019":
            facts.extend(_items_2019(report, other, before, source))
        if spec.name == "2021" and other.meta.template == "2021" and not before:
            facts.extend(_in_force_2021(other, source))
    return facts


def _items_2019(report: Report, other: Report, before: bool, source: str) -> Iterator[Fact]:
    """2019 format: 上一年项目数量 of a year = 上一年项目数量 + 本年增/减 of the year before."""
    spec = FORMATS["2019"]
    for block in spec.t2_blocks:
        if [c.key for c in block.columns][:2] != ["previous", "change"]:
            continue
        for row in block.rows:
            prev, change = f"t2.{row.key}.previous", f"t2.{row.key}.change"
            if before:
                sums = frozenset(p + c for p in _values(other, prev) for c in _values(other, change))
                if sums:
                    yield Fact((prev,), sums, source)
            else:
                nxt = _values(other, prev)
                if nxt:
                    yield Fact((prev, change), nxt, source)


def _in_force_2021(nxt: Report, source: str) -> Iterator[Fact]:
    """2021 format: this year's 现行有效 = next year's 现行有效 − 本年制发 + 本年废止 (soft)."""
    for row in ("regulations", "normative_documents"):
        in_force, issued, repealed = (_values(nxt, f"t2.{row}.{c}") for c in ("in_force", "issued", "repealed"))
        values = frozenset(f - i + r for f in in_force for i in issued for r in repealed if f - i + r >= 0)
        if values:
            yield Fact((f"t2.{row}.in_force",), values, source)
