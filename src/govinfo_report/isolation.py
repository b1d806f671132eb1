"""Reading one file in a worker process, so no file can take more than its share.

Limits counted inside the readers stop the attacks we know of; a hang or a memory blow-up
inside a dependency (a PDF library looping on a crafted object, a C decoder inflating a
bomb) cannot be counted from Python. A forked worker with an address-space limit and an
alarm ends such a file whatever it does, and the batch goes on with the next one.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .errors import InternalError, ReadError, TooComplexError, TooLargeError
from .i18n import N_
from .limits import Limits

T = TypeVar("T")

#: Exit status of a worker that could not even report its failure (out of memory while doing so).
_WORKER_FAILED = 70


def isolation_available() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def run_isolated(task: Callable[[], T], path: str | Path, limits: Limits) -> T:
    """``task()`` run in a forked worker held to ``limits.seconds`` and ``limits.memory_bytes``.

    Its result, or the library error it raised, comes back as if it had run here; a worker
    killed by the alarm or starved of memory becomes a ``TooComplexError`` or
    ``TooLargeError`` naming the file and the limit. Where ``fork`` is missing the task runs
    in this process, held only to the limits the readers count.
    """
    if not isolation_available():
        return task()
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the worker's side runs in the child process
        os.close(read_end)
        _work(task, write_end, limits, path)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if payload:
        kind, value = pickle.loads(payload)
        if kind == "error":
            raise value
        if kind == "crash":
            raise InternalError(f"{path}: {value}")
        return value  # type: ignore[no-any-return]
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGALRM, signal.SIGXCPU):
        raise TooComplexError(path, N_("reading took longer than {limit} s (limit seconds={limit})"),
                              {"limit": f"{limits.seconds:g}"})
    raise TooLargeError(path, N_("the reader exceeded the memory limit (limit memory_bytes={limit})"),
                        {"limit": limits.memory_bytes})


def _address_space() -> int:
    """Bytes of address space this process holds already (0 where the system does not say)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _work(task: Callable[[], T], fd: int, limits: Limits, path: str | Path) -> None:  # pragma: no cover
    code = 0
    try:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_REAL, limits.seconds)
        # The worker inherits the parent's address space; the limit is what reading may add.
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = _address_space() + limits.memory_bytes
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        try:
            outcome: tuple[str, object] = ("value", task())
        except ReadError as exc:
            # The error crosses without its chain: a dependency's exception there may not pickle
            # (lxml's error log does not, where tblib pickles chains, as under Dask).
            exc.__cause__ = exc.__context__ = None
            outcome = ("error", exc.with_traceback(None))
        except MemoryError:
            outcome = ("error", TooLargeError(
                path, N_("the reader exceeded the memory limit (limit memory_bytes={limit})"),
                {"limit": limits.memory_bytes}))
        except Exception as exc:
            outcome = ("crash", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = b""
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(data)
        if not data:
            code = _WORKER_FAILED
    except BaseException:
        code = _WORKER_FAILED
    finally:
        os._exit(code)
