"""The corpus step: the same body's neighbouring years as evidence for an ambiguous reading.

When digits run together split more than one way, last year's 结转下年度 and next year's
上年结转 (and, in the 2019 format, 上一年项目数量) often decide it. A researcher's folder
holds those years beside each other, so the reports found there are read and their values
turned into soft facts: they break ties between splits the identities allow, nothing more.
``read`` never does this by itself; the command line and batch runs do, unless told not to.
"""

from __future__ import annotations

import itertools
import os
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

import attrs

from .api import read, read_layout, reader_of, report_from_layout
from .errors import ReadError
from .files import reading
from .formats import Kind
from .formats.identities import year_identities
from .interfaces import DataReader
from .limits import Limits, current, use
from .model import Report
from .plugins.manager import PluginRegistry
from .recognize.runs import SEVERAL_SPLITS
from .recognize.splitting import Fact
from .rules.corpus import same_body

_MAX_CANDIDATES = 8
_MAX_COMBINATIONS = 64


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


def read_with_neighbours(path: str | Path, registry: PluginRegistry | None = None, *, depth: int = 2,
                         pdf_backend: str | None = None, limits: Limits | None = None) -> Report:
    """Read one report; where digits run together split more than one way, read the same
    body's reports for the neighbouring years beside it and let them decide.

    ``depth`` is how many steps of that to take (each neighbour is read with one step fewer).
    A neighbour read once is kept for the others that ask for it, by its content. ``limits``
    hold for every file read, the neighbours included.
    """
    p = Path(path)
    with use(limits) as active, reading(p, active) as file:
        if isinstance(reader_of(p, registry), DataReader):
            return read(p, registry)  # data by key: nothing run together for a neighbour to decide
        layout = read_layout(p, registry, pdf_backend=pdf_backend)
        report = report_from_layout(p, layout)
        # Its bytes are not needed again (their hash is kept) while the neighbours are read.
        file.release()
        if depth > 0 and any(f.actual == SEVERAL_SPLITS for f in report.reading_findings):
            others = neighbours(report, p, lambda q: _read_neighbour(q, registry, depth - 1, pdf_backend))
            if others:
                report = report_from_layout(p, layout, cross_year_facts(report, others))
    return report


# Neighbours already read in this process, by content: in a batch every report of a body asks
# for the same few years, and a file renamed or copied is still the same report. Read with
# its own neighbours (depth > 0), what it reads also depends on the folder it lies in.
_NEIGHBOUR_CACHE_SIZE = 256
_CacheKey = tuple[str, str, int, "str | None"]
_neighbour_cache: OrderedDict[_CacheKey, Report] = OrderedDict()


def neighbours_known() -> frozenset[_CacheKey]:
    """What the neighbour cache of this process holds now, to tell later what was added."""
    return frozenset(_neighbour_cache)


def neighbours_read_since(known: frozenset[_CacheKey]) -> list[tuple[_CacheKey, Report]]:
    """The neighbours read since ``known`` was taken: a file read in a forked worker sends
    them back, so that the process it was forked from keeps them for the files after it."""
    return [(key, report) for key, report in _neighbour_cache.items() if key not in known]


def keep_neighbours(entries: list[tuple[_CacheKey, Report]]) -> None:
    """Add neighbours read elsewhere (in a forked worker) to this process's cache."""
    for key, report in entries:
        _neighbour_cache[key] = report
        _neighbour_cache.move_to_end(key)
    while len(_neighbour_cache) > _NEIGHBOUR_CACHE_SIZE:
        _neighbour_cache.popitem(last=False)


def _read_neighbour(path: Path, registry: PluginRegistry | None, depth: int, pdf_backend: str | None) -> Report:
    if registry is not None:  # another registry may read the file differently
        return read_with_neighbours(path, registry, depth=depth, pdf_backend=pdf_backend)
    with reading(path, current()) as file:
        key = (file.sha256(), str(path.parent.resolve()) if depth > 0 else "", depth, pdf_backend)
        report = _neighbour_cache.get(key)
        if report is None:
            report = read_with_neighbours(path, registry, depth=depth, pdf_backend=pdf_backend)
            _neighbour_cache[key] = report
            if len(_neighbour_cache) > _NEIGHBOUR_CACHE_SIZE:
                _neighbour_cache.popitem(last=False)
            return report
    _neighbour_cache.move_to_end(key)
    # The same report, named by the path it was asked for: findings cite that file.
    return attrs.evolve(report, meta=attrs.evolve(report.meta, source=str(path)))


def _values(report: Report, key: str) -> frozenset[int]:
    """Every value a neighbour's cell may have: its reading and the alternatives it admits."""
    cell = report.cell(key)
    if cell is None or not isinstance(cell.value, int):
        return frozenset()
    return frozenset({cell.value, *(v for v in cell.alternatives if isinstance(v, int))})


def cross_year_facts(report: Report, others: list[Report]) -> list[Fact]:
    """Soft facts the neighbouring years give about ``report``'s cells.

    Each identity across years (formats: the carry-over, 2019's 上一年项目数量, 2021's 现行有效
    stock) is solved for this report's cells, given what the other year's report reads.
    """
    spec = report.format
    year = report.meta.year or 0
    facts: list[Fact] = []
    for other in others:
        before = other.meta.year == year - 1
        mine_at, theirs_at = (0, -1) if before else (-1, 0)
        source = f"{'previous' if before else 'next'} year: {other.meta.source}"
        for identity in year_identities(spec):
            mine = [(k, c) for off, k, c in identity.terms if off == mine_at]
            theirs = [(k, c) for off, k, c in identity.terms if off == theirs_at]
            fact = _solve(mine, theirs, other, spec.kind_of, source)
            if fact is not None:
                facts.append(fact)
    return facts


def _solve(mine: list[tuple[str, int]], theirs: list[tuple[str, int]], other: Report,
           kind_of: Callable[[str], Kind], source: str) -> Fact | None:
    """``sum(c·mine) + sum(c·theirs) = 0`` as a fact on the sum of this report's cells, when
    they all weigh the same sign and the other report holds every cell of its side."""
    signs = {c for _, c in mine}
    if not mine or len(signs) != 1 or not theirs:
        return None
    sign = signs.pop()
    options = [[c * v for v in _values(other, k)] for k, c in theirs]
    if not all(options):
        return None
    sums = {-sign * sum(combo) for combo in itertools.islice(itertools.product(*options), _MAX_COMBINATIONS)}
    if all(kind_of(k) is not Kind.SIGNED for k, _ in mine):
        sums = {v for v in sums if v >= 0}
    return Fact(tuple(k for k, _ in mine), frozenset(sums), source) if sums else None
