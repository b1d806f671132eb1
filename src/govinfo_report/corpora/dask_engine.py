"""Reading on a Dask cluster: the same per-file work, spread over its workers.

The client submits tasks in a bounded window and writes outcomes to the store as they come
back, so neither side holds the corpus; the optional extra ``govinfo-report[dask]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import GovinfoReportError
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


def dask_engine(client: Any) -> Any:
    """An engine running each task on ``client``'s cluster, a few per worker at a time."""
    distributed = _distributed()

    def run(tasks: Iterable[Task]) -> Iterator[Outcome]:
        window = max(1, len(client.scheduler_info().get("workers", {})) * _WINDOW_PER_WORKER)
        pending = iter(tasks)
        running = distributed.as_completed()
        task_of: dict[str, Task] = {}

        def submit(task: Task) -> None:
            future = client.submit(process, task, pure=False)
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
