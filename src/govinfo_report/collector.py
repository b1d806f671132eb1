"""Pausing Python's cyclic garbage collector around work that makes many small objects.

Reading a report makes thousands of short-lived objects (glyphs, cells, tokens, findings),
nearly all of them freed by reference counting alone; yet each few hundred new objects sets
off a collection that walks every live object again. Reading one text report runs some five
percent faster paused. Only work that leaves little cyclic garbage runs paused (not pdfminer's
parser, whose objects refer to each other); what it leaves (the splitter's recursive closures,
a few thousand objects a report at most) is collected once the collector runs again.

The collector is one per process: while one thread reads paused, others run paused too.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """The collector paused within the block and resumed only where it was running before:
    a caller that turned it off keeps it off, and nested pauses resume once, at the outermost."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
