"""A batch run: walk the sources, skip what the store already holds, read the rest in
workers, write each result as it arrives, then run the across-year step over the store."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from ..limits import Limits, current
from ..plugins.manager import default_registry
from ..version import __version__
from .corpus import run_corpus_step
from .progress import progress_for
from .store import Store
from .walk import walk
from .work import Outcome, Task, failed
from .workers import run_local

Engine = Callable[[Iterable[Task]], Iterator[Outcome]]

_CHUNK = 1 << 20


@attrs.define
class BatchSummary:
    """What a run did: files seen, read, failed, found identical to another, skipped as done."""

    store: str | None
    files: int = 0
    read: int = 0
    failed: int = 0
    duplicates: int = 0
    skipped: int = 0
    corpus_findings: int = 0
    seconds: float = 0.0
    failures: dict[str, int] = attrs.field(factory=dict)


def _hash(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def files_of(sources: Iterable[str | Path], include: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[Path]:
    """The files to read, as absolute paths: the store knows a file by its path, so that
    ``reports/`` today and ``./reports`` tomorrow are the same files."""
    suffixes = {s for r in default_registry().readers.values() for s in r.extensions}
    return [Path(os.path.abspath(p)) for p in walk(sources, suffixes, include, exclude)]


def local_engine(jobs: int, timeout: float | None, memory_mb: int | None) -> Engine:
    return lambda tasks: run_local(tasks, jobs, timeout, memory_mb)


def iter_results(sources: Iterable[str | Path], *, jobs: int | None = None, include: Sequence[str] = (),
                 exclude: Sequence[str] = (), alone: bool = False, select: Sequence[str] | None = None,
                 ignore: Sequence[str] | None = None, timeout: float | None = 60.0,
                 memory_mb: int | None = None, engine: Engine | None = None,
                 limits: Limits | None = None) -> Iterator[Outcome]:
    """Every file's outcome as it finishes, without a store (identical files read once:
    the copies come back as ``duplicate`` outcomes naming the first). Each file is read in
    a worker of its own held to ``limits`` (the current ones if ``None``), time and memory
    included, as on the command line."""
    engine = engine or local_engine(jobs or default_jobs(), timeout, memory_mb)
    first: dict[str, str] = {}
    duplicates: list[Outcome] = []

    def tasks() -> Iterator[Task]:
        for path in files_of(sources, include, exclude):
            task = _task(path, alone, select, ignore, limits)
            if isinstance(task, Outcome):
                duplicates.append(task)
                continue
            if task.sha256 in first:
                duplicates.append(Outcome(task.path, task.sha256, task.size, "duplicate",
                                          duplicate_of=first[task.sha256]))
                continue
            first[task.sha256] = task.path
            yield task

    for outcome in engine(tasks()):
        yield outcome
        while duplicates:
            yield duplicates.pop(0)
    yield from duplicates


def _task(path: Path, alone: bool, select: Sequence[str] | None, ignore: Sequence[str] | None,
          limits: Limits | None) -> Task | Outcome:
    try:
        sha, size = _hash(path)
    except OSError as exc:
        return failed(Task(str(path), "", 0), "ReadError", f"{path}: {exc.strerror or exc}")
    return Task(str(path), sha, size, alone, None if select is None else tuple(select),
                None if ignore is None else tuple(ignore), limits or current())


def batch(sources: Iterable[str | Path], store: str | Path, *, jobs: int | None = None,
          include: Sequence[str] = (), exclude: Sequence[str] = (), alone: bool = False,
          select: Sequence[str] | None = None, ignore: Sequence[str] | None = None,
          timeout: float | None = 60.0, memory_mb: int | None = 2048, rerun_failed: bool = False,
          quiet: bool = True, progress_to: TextIO | None = None, client: Any = None,
          engine: Engine | None = None, limits: Limits | None = None) -> BatchSummary:
    """Read and check every report under ``sources`` into the SQLite ``store``.

    Each file is read in a worker of its own held to ``limits`` (the current ones if
    ``None``), time and memory included, as on the command line.

    Files already in the store with the same content and library version are skipped (with
    ``rerun_failed``, those that failed are read again), so an interrupted run resumes where
    it stopped. ``client``, a ``dask.distributed.Client``, spreads the reading over its cluster
    (each file held to the same ``timeout`` and ``memory_mb``).
    """
    started = time.monotonic()
    if engine is None and client is not None:
        from .dask_engine import dask_engine

        engine = dask_engine(client, timeout, memory_mb)
    engine = engine or local_engine(jobs or default_jobs(), timeout, memory_mb)
    paths = files_of(sources, include, exclude)
    summary = BatchSummary(str(store), files=len(paths))
    with Store(store) as db:
        progress = progress_for(len(paths), quiet, progress_to)
        # Contents being read now; once stored, the store answers for them.
        first: dict[str, str] = {}

        def tasks() -> Iterator[Task]:
            for path in paths:
                task = _task(path, alone, select, ignore, limits)
                if isinstance(task, Outcome):
                    _count(summary, task)
                    db.record(task, __version__)
                    progress.advance(True)
                    continue
                known = db.known(task.path)
                if known and known.sha256 == task.sha256 and known.version == __version__ and not (
                        rerun_failed and known.status == "failed"):
                    summary.skipped += 1
                    progress.advance(False)
                    continue
                original = first.get(task.sha256) or db.original(task.sha256, __version__)
                if original is not None and original != task.path:
                    db.record_duplicate(task.path, task.sha256, task.size, original, __version__)
                    summary.duplicates += 1
                    progress.advance(False)
                    continue
                first[task.sha256] = task.path
                yield task

        try:
            for outcome in engine(tasks()):
                db.record(outcome, __version__)
                first.pop(outcome.sha256, None)
                _count(summary, outcome)
                progress.advance(outcome.status == "failed")
        finally:
            progress.close()
        db.prune()
        summary.corpus_findings = run_corpus_step(db, __version__, select, ignore)
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


def _count(summary: BatchSummary, outcome: Outcome) -> None:
    if outcome.status == "read":
        summary.read += 1
    else:
        summary.failed += 1
        kind = outcome.error_kind or "unknown"
        summary.failures[kind] = summary.failures.get(kind, 0) + 1
