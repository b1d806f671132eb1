"""Reading on a Dask cluster: the same per-file work, spread over its workers.

The client submits tasks in a bounded window and writes outcomes to the store as they come
back, so neither side holds the corpus; the optional extra ``govinfo-report[dask]``.

A Dask worker reads many files in one long-lived process, and a file that hangs or inflates
inside a dependency would take the worker with it; so each file is read in a process forked
from the worker and held to the time and memory limits of the local engine, and an overrun
is a failed outcome of that file as it is locally (``timeout``, ``memory``, ``crash``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import GovinfoReportError, InternalError
from .work import Outcome, Task, failed, process

_WINDOW_PER_WORKER = 4


class DaskMissingError(GovinfoReportError):
    def __init__(self) -> None:
        super().__init__("the Dask engine needs dask.distributed: pip install 'govinfo-report[dask]'")


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise DaskMissingError() from None
    return distributed


def connect(address: str | None) -> Any:
    """A client of the scheduler at ``address``, or of a new local cluster."""
    distributed = _distributed()
    return distributed.Client(address) if address else distributed.Client(processes=True)


def process_limited(task: Task, seconds: float | None, memory_mb: int | None) -> Outcome:
    """``process(task)`` held to ``seconds`` and ``memory_mb`` (of address space beyond the
    worker's own) in the one process it forks for the file; where ``fork`` is missing, in the
    worker itself."""
    try:
        return process(task, seconds, memory_mb)
    except InternalError as exc:
        return failed(task, "crash", str(exc).splitlines()[0])


def dask_engine(client: Any, timeout: float | None = 60.0, memory_mb: int | None = 2048) -> Any:
    """An engine running each task on ``client``'s cluster, a few per worker at a time, each
    file held to ``timeout`` seconds and ``memory_mb`` MB as on a local worker."""
    distributed = _distributed()

    def run(tasks: Iterable[Task]) -> Iterator[Outcome]:
        window = max(1, len(client.scheduler_info().get("workers", {})) * _WINDOW_PER_WORKER)
        pending = iter(tasks)
        running = distributed.as_completed()
        task_of: dict[str, Task] = {}

        def submit(task: Task) -> None:
            future = client.submit(process_limited, task, timeout, memory_mb, pure=False)
            task_of[future.key] = task
            running.add(future)

        for task in pending:
            submit(task)
            if len(task_of) >= window:
                break
        for future in running:
            task = task_of.pop(future.key)
            try:
                outcome: Outcome = future.result()
            except Exception as exc:  # the worker died under the task (Dask retries, then gives up)
                outcome = failed(task, "crash", f"the Dask worker failed: {type(exc).__name__}: {exc}")
            future.release()
            yield outcome
            following = next(pending, None)
            if following is not None:
                submit(following)

    return run
