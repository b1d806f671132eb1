"""Pausing Python's cyclic garbage collector around work that makes many small objects.

Reading a report makes thousands of short-lived objects (glyphs, cells, tokens, findings)
that refer to none of each other in cycles, so reference counting frees them all; yet each
few hundred new objects sets off a collection that walks every live object again. Reading one
text report runs some five percent faster paused. Only work that leaves little cyclic garbage
runs paused (not pdfminer's parser, whose objects refer to each other); what it leaves is
collected once the collector runs again.
"""

from __future__ import annotations

import gc

__all__ = ["paused"]


class paused:
    """The collector paused within the block and resumed only where it was running before:
    a caller that turned it off keeps it off, and nested pauses resume once, at the outermost.
    A class, as contextlib's own small managers are: it is entered several times a report."""

    __slots__ = ("_collecting",)

    def __enter__(self) -> None:
        self._collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *_: object) -> None:
        if self._collecting:
            gc.enable()
