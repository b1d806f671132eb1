"""How a batch shows its progress: a bar on a terminal, plain lines in a log, or nothing."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from ..i18n import t

_LINE_EVERY = 10.0


class Progress:
    """Counts files as they finish; the base class shows nothing (``--quiet``)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.errors = 0
        self.started = time.monotonic()

    def advance(self, failed: bool) -> None:
        self.done += 1
        self.errors += failed
        self.show()

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def show(self) -> None:
        """Nothing to show."""

    def close(self) -> None:
        """Nothing to close."""


class LineProgress(Progress):
    """A line every few seconds and one at the end: for logs, where a bar would be noise."""

    def __init__(self, total: int, out: TextIO, every: float = _LINE_EVERY) -> None:
        super().__init__(total)
        self.out, self.every, self.last = out, every, time.monotonic()

    def line(self) -> str:
        rate = self.rate()
        eta = (self.total - self.done) / rate if rate else 0.0
        return t("govinfo-report: {done}/{total} files, {rate} files/s, {failed} failed, ETA {eta} s",
                 done=self.done, total=self.total, rate=f"{rate:.1f}", failed=self.errors, eta=f"{eta:.0f}")

    def show(self) -> None:
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            print(self.line(), file=self.out, flush=True)

    def close(self) -> None:
        print(self.line(), file=self.out, flush=True)


class RichProgress(Progress):
    """A bar with files/s, failures and ETA, drawn by rich (refreshed from this thread only,
    so worker processes are never forked while a drawing thread holds a lock)."""

    def __init__(self, total: int, out: TextIO) -> None:
        super().__init__(total)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(TextColumn("reading"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[rate]} files/s, {task.fields[errors]} failed"),
                       TimeRemainingColumn(), console=Console(file=out), auto_refresh=False)
        self.task: Any = self.bar.add_task("files", total=total, rate="0.0", errors=0)
        self.bar.start()
        self.last = 0.0

    def show(self) -> None:
        self.bar.update(self.task, completed=self.done, rate=f"{self.rate():.1f}", errors=self.errors)
        now = time.monotonic()
        if now - self.last >= 0.1 or self.done == self.total:
            self.last = now
            self.bar.refresh()

    def close(self) -> None:
        self.bar.refresh()
        self.bar.stop()


def progress_for(total: int, quiet: bool, out: TextIO | None = None) -> Progress:
    """The bar on a terminal where rich is installed, plain lines otherwise, nothing if quiet."""
    out = out or sys.stderr
    if quiet:
        return Progress(total)
    if out.isatty():
        try:
            return RichProgress(total, out)
        except ImportError:
            pass
    return LineProgress(total, out)
