"""Worker processes with a time and memory limit per file, replaced when they die or hang.

A pool from the standard library cannot tell which file killed a worker, nor stop one that
hangs; here each worker has its own pipe, so the parent knows what every worker is reading,
kills a worker whose file overruns its time, starts a fresh one, and records the reason.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from .work import OVER_MEMORY, Outcome, Task, failed, process

_PARENT_CHECK = 1.0
#: Most files of one folder a worker takes at a time (a body's years lie side by side).
_RUN = 32


def _limit_memory(megabytes: int | None) -> None:
    if not megabytes:
        return
    try:
        import resource
    except ImportError:  # Windows: no per-process address-space limit
        return
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(conn: Connection, memory_mb: int | None) -> None:
    """A worker's life: answer each task from the pipe with its outcome, until told to stop
    (``None``) or the pipe closes."""
    _limit_memory(memory_mb)
    parent = os.getppid()
    while True:
        try:
            # A parent killed outright (kill -9) cannot tell its workers; they notice here.
            while not conn.poll(_PARENT_CHECK):
                if os.getppid() != parent:
                    return
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            outcome = process(task)
        except MemoryError:  # outside what ``process`` guards: its result too big to keep
            outcome = failed(task, "memory", OVER_MEMORY)
        conn.send(outcome)


def _context() -> Any:
    # Forking starts a worker with the library already imported; where it is unsafe or
    # missing, the platform's default start method is used.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform == "linux" else None)


class _Worker:
    def __init__(self, ctx: Any, memory_mb: int | None) -> None:
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(target=_serve, args=(child, memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0

    def give(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def stop(self) -> None:
        # Forked workers share copies of each other's pipe ends, so closing ours is not
        # enough for the worker to see the end: it is told.
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.conn.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


def _death(process: BaseProcess) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        return f"the worker was killed by signal {-code} while reading this file"
    return f"the worker exited with status {code} while reading this file"


class _Runs:
    """The files each worker reads next: a run of consecutive files of one folder.

    A report's neighbouring years are looked for in its own folder, and a worker keeps the
    ones it has read; handing files out one by one in turn would give each worker every other
    year, and each would read the years between again. A worker takes its next file from its
    run, a new run (the next files of one folder, at most ``size``) when its run is done, and
    at the end, with nothing left to take, the last file of the longest run of another.
    """

    def __init__(self, tasks: Iterable[Task], workers: int, size: int = _RUN) -> None:
        self.pending = iter(tasks)
        self.size = size
        self.runs: list[deque[Task]] = [deque() for _ in range(workers)]
        self.following: Task | None = None
        self.exhausted = False

    def _take(self) -> Task | None:
        task, self.following = self.following, None
        if task is None:
            task = next(self.pending, None)
        return task

    def _new_run(self, run: deque[Task]) -> None:
        first = self._take()
        if first is None:
            self.exhausted = True
            return
        run.append(first)
        folder = os.path.dirname(first.path)
        while len(run) < self.size:
            task = self._take()
            if task is None:
                return
            if os.path.dirname(task.path) != folder:
                self.following = task
                return
            run.append(task)

    def next_for(self, slot: int) -> Task | None:
        run = self.runs[slot]
        if not run and not self.exhausted:
            self._new_run(run)
        if run:
            return run.popleft()
        longest = max(self.runs, key=len)
        return longest.pop() if longest else None

    def done(self) -> bool:
        return self.exhausted and not any(self.runs)


def _refill(workers: list[_Worker], runs: _Runs, ctx: Any, memory_mb: int | None) -> None:
    """Give every idle worker its next task."""
    for i, worker in enumerate(workers):
        if worker.task is not None:
            continue
        task = runs.next_for(i)
        if task is None:
            return
        try:
            worker.give(task)
        except OSError:  # the idle worker died (BrokenPipeError): a fresh one takes the task
            worker.kill()
            workers[i] = _Worker(ctx, memory_mb)
            workers[i].give(task)


def run_local(tasks: Iterable[Task], jobs: int, timeout: float | None = 60.0,
              memory_mb: int | None = None) -> Iterator[Outcome]:
    """Outcomes of ``tasks`` as they finish, read by ``jobs`` worker processes.

    A file that takes longer than ``timeout`` seconds, or whose worker dies (a crash, the
    memory limit), gets a failed outcome with the reason, and the worker is replaced.
    """
    ctx = _context()
    workers = [_Worker(ctx, memory_mb) for _ in range(max(1, jobs))]
    runs = _Runs(tasks, len(workers))
    try:
        while True:
            _refill(workers, runs, ctx, memory_mb)
            busy = [w for w in workers if w.task is not None]
            if not busy:
                return
            wait_for = None
            if timeout is not None:
                wait_for = max(0.0, min(w.started + timeout for w in busy) - time.monotonic())
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for))
            now = time.monotonic()
            finished: list[Outcome] = []
            for i, worker in enumerate(workers):
                task = worker.task
                if task is None:
                    continue
                outcome: Outcome | None = None
                if worker.conn in ready:
                    try:
                        outcome = worker.conn.recv()
                    except (EOFError, OSError):
                        worker.process.join()
                        outcome = failed(task, "crash", _death(worker.process), now - worker.started)
                elif worker.process.sentinel in ready:
                    worker.process.join()
                    outcome = failed(task, "crash", _death(worker.process), now - worker.started)
                elif timeout is not None and now - worker.started >= timeout:
                    outcome = failed(task, "timeout", f"no result within {timeout:g} s; the worker was replaced",
                                     now - worker.started)
                if outcome is None:
                    continue
                if outcome.error_kind in ("crash", "timeout"):
                    worker.kill()
                    workers[i] = _Worker(ctx, memory_mb)
                else:
                    worker.task = None
                finished.append(outcome)
            # The workers get their next files before these results are stored, so they do
            # not wait on the store.
            if not runs.done():
                _refill(workers, runs, ctx, memory_mb)
            yield from finished
    finally:
        for worker in workers:
            if worker.task is None:
                worker.stop()
            else:
                worker.kill()
