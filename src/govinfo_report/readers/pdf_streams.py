"""What pdfminer inflates, counted as it inflates.

pdfminer decodes a stream in one call (``zlib.decompress``, ``lzwdecode``, ``rldecode``), so
a few kilobytes of deflated zeros become gigabytes before any check sees them, and only the
worker's memory limit would end the file. Its stream class looks those decoders up in its
own module; the stand-ins put there inflate in bounded steps and charge every byte to the
file being read, so a bomb ends in ``TooLargeError`` at ``stream_bytes`` or
``inflated_bytes``. Outside :func:`counting` they decode exactly as pdfminer's own do.
"""

from __future__ import annotations

import contextlib
import contextvars
import zlib
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pdfminer.pdftypes
from pdfminer.lzw import LZWDecoder, lzwdecode
from pdfminer.runlength import rldecode

from ..errors import TooLargeError
from ..i18n import N_
from ..limits import current

#: Output asked of zlib per step: small enough that a step never holds much past the limit.
_STEP = 1 << 20


class Budget:
    """Bytes one file may still inflate; the first overrun is kept, since pdfminer swallows
    some errors (a broken font stream) and the file must fail all the same."""

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self.limits = current()
        self.spent = 0
        self.exceeded: TooLargeError | None = None

    def room(self) -> int:
        return max(0, min(self.limits.stream_bytes, self.limits.inflated_bytes - self.spent))

    def spend(self, size: int, stream: int) -> None:
        """Charge ``size`` more bytes, ``stream`` of them so far in the current stream."""
        self.spent += size
        limits = self.limits
        if stream > limits.stream_bytes or self.spent > limits.inflated_bytes:
            self.exceeded = self.exceeded or TooLargeError(
                self.path, N_("a PDF stream inflates beyond the limits stream_bytes={stream_limit}, "
                              "inflated_bytes={inflated_limit}"),
                {"stream_limit": limits.stream_bytes, "inflated_limit": limits.inflated_bytes})
            raise self.exceeded


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("govinfo_report_pdf_budget", default=None)


@contextlib.contextmanager
def counting(path: str | Path) -> Iterator[Budget]:
    """Charge what pdfminer inflates inside the block to ``path``; raise on the way out if
    a limit was passed, even where pdfminer caught the error."""
    budget = Budget(path)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)
    if budget.exceeded is not None:
        raise budget.exceeded


def _inflate(data: bytes) -> bytes:
    budget = _BUDGET.get()
    if budget is None:
        return zlib.decompress(data)
    inflater = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    pending = data
    while True:
        chunk = inflater.decompress(pending, _STEP)
        size += len(chunk)
        budget.spend(len(chunk), size)
        out.append(chunk)
        pending = inflater.unconsumed_tail
        if inflater.eof or (not pending and not chunk):
            break
    if not inflater.eof:
        # As zlib.decompress does, so pdfminer falls back to its reading of damaged streams.
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return b"".join(out)


class _CountingInflater:
    """A ``zlib.decompressobj`` whose output is charged, for pdfminer's byte-by-byte repair."""

    def __init__(self, *args: Any) -> None:
        self._inflater = zlib.decompressobj(*args)
        self._size = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        chunk = self._inflater.decompress(data, max_length)
        budget = _BUDGET.get()
        if budget is not None:
            self._size += len(chunk)
            budget.spend(len(chunk), self._size)
        return chunk

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inflater, name)


class _Zlib:
    """The part of :mod:`zlib` pdfminer's stream decoding uses."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        return _inflate(data) if not args else zlib.decompress(data, *args)

    @staticmethod
    def decompressobj(*args: Any) -> _CountingInflater:
        return _CountingInflater(*args)


def _lzw(data: bytes) -> bytes:
    budget = _BUDGET.get()
    if budget is None:
        return lzwdecode(data)
    out: list[bytes] = []
    size = 0
    for piece in LZWDecoder(BytesIO(data)).run():
        size += len(piece)
        budget.spend(len(piece), size)
        out.append(piece)
    return b"".join(out)


def _run_length(data: bytes) -> bytes:
    budget = _BUDGET.get()
    if budget is not None:
        size = _run_length_size(data)
        if size > budget.room():
            budget.spend(size, size)
    decoded = rldecode(data)
    if budget is not None:
        budget.spend(len(decoded), len(decoded))
    return decoded


def _run_length_size(data: bytes) -> int:
    """How long ``rldecode(data)`` will be, without building it (pdfminer holds one Python
    int per output byte while it decodes)."""
    size, i = 0, 0
    while i < len(data) and data[i] != 128:
        length = data[i]
        if length < 128:
            size += length + 1
            i += length + 2
        else:
            size += 257 - length
            i += 2
    return size


def install() -> None:
    """Put the counting decoders where pdfminer's stream class looks its decoders up."""
    setattr(pdfminer.pdftypes, "zlib", _Zlib)  # noqa: B010 - a module attribute pdfminer reads
    setattr(pdfminer.pdftypes, "lzwdecode", _lzw)  # noqa: B010
    setattr(pdfminer.pdftypes, "rldecode", _run_length)  # noqa: B010
