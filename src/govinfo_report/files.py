"""A report file opened once for every step that reads it.

Reading a report asks for its file several times: its first bytes to find its reader, all of
it to parse, all of it again to hash for the report's ``sha256``, and, read with its
neighbouring years, its hash again to know whether the same content was read before. A batch
over hundreds of thousands of files on a network share pays for every opening, and a hash
taken from a second reading may name other bytes than those parsed. So the first step opens
the file (:func:`reading`) and every step within shares that opening: the first bytes choose
the reader, and the whole bytes are read only once a reader asks for them
(:func:`file_bytes`, which readers and plugins ask instead of opening the file), so a file no
reader claims is refused from its first bytes.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from .errors import NotARegularFileError, ReadError, TooLargeError
from .i18n import N_
from .limits import BINARY, Limits, current, read_at_most, read_descriptor

# What a reader is chosen by: the file's first bytes.
SNIFF_BYTES = 8192


class OpenFile:
    """A file opened for reading: its first bytes at once, its whole bytes and their hash on
    first ask. The whole bytes can be let go while the file stays open (a report's neighbours
    are read meanwhile) and are read again from the same opening if asked for again."""

    __slots__ = ("_data", "_digest", "_fd", "_limit", "head", "path", "size")

    def __init__(self, path: Path, fd: int, size: int, limit: int) -> None:
        self.path, self.size, self._fd, self._limit = path, size, fd, limit
        self.head = _read_open(path, lambda: os.read(fd, SNIFF_BYTES))
        # A file shorter than its first bytes' share is whole already.
        self._data: bytes | None = self.head if len(self.head) < SNIFF_BYTES else None
        self._digest: str | None = None

    def data(self) -> bytes:
        """The whole file, within the ``file_bytes`` limit it was opened under."""
        if self._data is None:
            data = _read_open(self.path, self._whole)
            within_limit(self.path, data, self._limit)
            self._data = data
        return self._data

    def _whole(self) -> bytes:
        os.lseek(self._fd, 0, os.SEEK_SET)
        return read_descriptor(self._fd, self._limit + 1, self.size + 1)

    def sha256(self) -> str:
        if self._digest is None:
            import hashlib  # OpenSSL's, loaded on first use: plugins import this module at start-up

            self._digest = hashlib.sha256(self.data()).hexdigest()
        return self._digest

    def release(self) -> None:
        """Let the whole bytes go (their hash is kept)."""
        if self._data is not None and self._data is not self.head:
            self._data = None


# The files being read, by path as a string: a report read with its neighbouring years is
# still being read while they are, and they ask for it in turn.
_OPEN: contextvars.ContextVar[Mapping[str, OpenFile]] = contextvars.ContextVar("open", default=MappingProxyType({}))


@contextlib.contextmanager
def reading(path: Path, limits: Limits) -> Iterator[OpenFile]:
    """``path`` opened for every step within that reads it (already open: that opening). Only
    a regular file within the ``file_bytes`` limit is opened: a pipe would block, a device
    never ends."""
    key = os.fspath(path)
    opened = _OPEN.get().get(key)
    size = _regular_size(path) if opened is None else opened.size
    if size > limits.file_bytes:
        raise TooLargeError(path, N_("{size} bytes (limit file_bytes={limit})"),
                            {"size": size, "limit": limits.file_bytes})
    if opened is not None:
        yield opened
        return
    try:
        fd = os.open(path, os.O_RDONLY | BINARY)
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from None
    try:
        opened = OpenFile(path, fd, size, limits.file_bytes)
        token = _OPEN.set({**_OPEN.get(), key: opened})
        try:
            yield opened
        finally:
            _OPEN.reset(token)
    finally:
        os.close(fd)


def _regular_size(path: Path) -> int:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(path, N_("no such file")) from None
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(path, N_("is a directory"))
    if not stat.S_ISREG(info.st_mode):
        raise NotARegularFileError(path)
    return info.st_size


def file_bytes(path: str | Path) -> bytes:
    """The bytes of ``path``: from its opening where it is being read, else read now within
    the ``file_bytes`` limit. An :class:`OSError` is left to the reader, which names what
    failed in its own terms."""
    opened = _OPEN.get().get(os.fspath(path))
    if opened is not None:
        return opened.data()
    limit = current().file_bytes
    data = _reading(path, lambda: read_at_most(path, limit + 1))
    within_limit(path, data, limit)
    return data


def within_limit(path: str | Path, data: bytes, limit: int) -> None:
    """Refuse ``data`` read as ``limit`` and one more bytes: a file that has them is larger
    than the limit, however it looked when it was opened."""
    if len(data) > limit:  # grown since it was looked at, or never looked at
        raise TooLargeError(path, N_("more than {limit} bytes (limit file_bytes={limit})"), {"limit": limit})


def _read_open(path: Path, read: Callable[[], bytes]) -> bytes:
    """What ``read`` reads of a file already open, a failure told as a :class:`ReadError`
    naming it: whoever asked (the API choosing a reader, hashing the file) is not a reader
    that could name it in its own terms."""
    try:
        return _reading(path, read)
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from None


def _reading(path: str | Path, read: Callable[[], bytes]) -> bytes:
    """What ``read`` reads of ``path``; running out of memory on the way is the file's being
    too large, told as such, as a reader's running out is."""
    try:
        return read()
    except MemoryError:
        raise TooLargeError(path, N_("ran out of memory reading the file")) from None
