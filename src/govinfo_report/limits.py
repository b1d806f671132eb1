"""How much one file may cost: the resource policy every reader and the command line obey.

A batch scraped from the web holds bombs, lattices and endless streams next to real reports.
The largest real report known is well under 20 pages and 2 MB, so the defaults below leave a
wide margin for real files while keeping any one file to bounded time and memory. The limits
are data in one place: readers ask :func:`current` while they read and count as they go, the
API and the command line let a caller override any of them.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import os
from collections.abc import Iterator

import attrs

from .i18n import N_, MessageError

_MB = 1024 * 1024


@attrs.frozen
class Limits:
    """Ceilings for one file; exceeding one is a ``TooLargeError`` or ``TooComplexError``."""

    #: Size of the file itself.
    file_bytes: int = 64 * _MB
    #: Decompressed size of any one stream or archive member.
    stream_bytes: int = 64 * _MB
    #: Decompressed size of everything inflated from one file.
    inflated_bytes: int = 256 * _MB
    #: Pages of a PDF.
    pages: int = 1000
    #: Characters of text in the whole layout.
    chars: int = 8_000_000
    #: Paragraphs and tables in the layout (a real report has a few hundred).
    blocks: int = 5_000
    #: Tables in the layout, and cells over all of them.
    tables: int = 5000
    cells: int = 100_000
    #: Characters of one paragraph or cell. A whole report flattened onto one line is some
    #: tens of thousands; recognising a line costs more than its length, so it is capped.
    line_chars: int = 200_000
    #: Longest run of digits in one cell or paragraph. Cells printed run together make runs of
    #: a hundred digits at most; thousands of digits are no count (and no integer prints them).
    digits: int = 1000
    #: Drawing operations of a PDF over the whole file (glyphs, paths, forms drawn), so forms
    #: that draw each other many times over end early.
    operations: int = 300_000
    #: Ruling lines on one PDF page (a 1000x1000 lattice is an attack, not a report).
    grid_lines: int = 2000
    #: Elementary cells of one ruled PDF table (an official table has a few hundred).
    grid_cells: int = 10_000
    #: Nesting of markup elements or PDF objects.
    depth: int = 256
    #: Wall-clock seconds, and memory (address space beyond what the process already holds),
    #: of reading one file; enforced where a file is read in a worker process (the command line).
    seconds: float = 120.0
    memory_bytes: int = 768 * _MB


DEFAULT = Limits()
_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar("govinfo_report_limits", default=DEFAULT)


def current() -> Limits:
    """The limits of the read in progress (the defaults outside one)."""
    return _CURRENT.get()


@contextlib.contextmanager
def use(limits: Limits | None) -> Iterator[Limits]:
    """Make ``limits`` current for the reads inside the block (``None`` keeps what is current)."""
    if limits is None:
        yield current()
        return
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


# Bytes asked of the system at a time past a file's known size: no piece allocates more than
# this however high the count.
_PIECE = 64 * 1024
# Where the system has a text mode (Windows), a descriptor is opened out of it.
BINARY = getattr(os, "O_BINARY", 0)


def read_at_most(path: str | os.PathLike[str], count: int) -> bytes:
    """The first ``count`` bytes of a file, fewer only where the file ends sooner.

    Read from the descriptor itself: a buffered file object makes system calls of its own
    (a terminal test, a seek, a size) on every open, and a reader opens each file it reads.
    """
    fd = os.open(path, os.O_RDONLY | BINARY)
    try:
        return read_descriptor(fd, count, os.fstat(fd).st_size + 1)
    finally:
        os.close(fd)


def read_descriptor(fd: int, count: int, first: int) -> bytes:
    """At most ``count`` bytes from ``fd``: the first ``first`` of them (a regular file's size
    and one more, to see it end) in one piece, which costs their size once where pieces
    joined cost it twice; what a file gains meanwhile, or a stream holds, in bounded pieces."""
    if count <= 0:
        return b""
    data = os.read(fd, min(count, first))
    if not data or len(data) == count:
        return data
    pieces = [data]
    count -= len(data)
    while count > 0:
        piece = os.read(fd, min(count, _PIECE))
        if not piece:
            break
        pieces.append(piece)
        count -= len(piece)
    return b"".join(pieces)


class BadLimitError(MessageError):
    """An override that names no limit or gives it no positive number."""


def parse_override(limits: Limits, text: str) -> Limits:
    """``limits`` with one ``NAME=VALUE`` override applied (sizes accept K, M and G suffixes)."""
    name, sep, value = text.partition("=")
    name = name.strip().replace("-", "_")
    names = [f.name for f in attrs.fields(Limits)]
    if not sep or name not in names:
        raise BadLimitError(N_("unknown limit {override}; limits are {names}"),
                            {"override": repr(text), "names": ", ".join(names)})
    raw = value.strip().upper()
    scale = {"K": 1024, "M": _MB, "G": 1024 * _MB}.get(raw[-1:], 1)
    number = raw[:-1] if scale != 1 else raw
    try:
        amount = float(number) * scale
    except ValueError:
        amount = math.nan
    if not math.isfinite(amount):  # nor "inf" nor "nan": a limit is a number
        raise BadLimitError(N_("limit {name} needs a number, not {value}"), {"name": name, "value": repr(value)})
    if amount <= 0:
        raise BadLimitError(N_("limit {name} must be positive"), {"name": name})
    kind = type(getattr(DEFAULT, name))
    return attrs.evolve(limits, **{name: kind(amount)})
