"""A file's bytes, read once for everything that reads the file.

Reading a report asks for its bytes several times: to find its reader, to parse it, to hash
it for the report's ``sha256``, and, with its neighbouring years, to know whether the same
content was read before. Each asked the file system anew, so a batch opened every file four
or five times, and the hash could name other bytes than those parsed if the file changed
meanwhile. Now whoever opens a file first holds its bytes (:func:`holding`) while the rest of
the reading runs, and every reader asks :func:`file_bytes`, which gives the bytes held for
that file, or reads it where nothing holds it (a reader called on its own, a file a plugin's
converter wrote).
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from .errors import NotARegularFileError, ReadError, TooLargeError
from .i18n import N_
from .limits import Limits, current, read_at_most

# What a reader is chosen by: the file's first bytes.
SNIFF_BYTES = 8192
# The bytes of each file being read, by its path as a string: a report read with its
# neighbouring years is still being read while they are, and they ask for it in turn.
_HELD: contextvars.ContextVar[Mapping[str, bytes]] = contextvars.ContextVar("held", default=MappingProxyType({}))


def held(path: str | Path) -> bytes | None:
    """The bytes held for ``path``, if any."""
    return _HELD.get().get(os.fspath(path))


@contextlib.contextmanager
def holding(path: str | Path, data: bytes) -> Iterator[bytes]:
    """Hold ``data`` as the bytes of ``path`` for every reading of it within."""
    token = _HELD.set({**_HELD.get(), os.fspath(path): data})
    try:
        yield data
    finally:
        _HELD.reset(token)


def file_bytes(path: str | Path) -> bytes:
    """The bytes of ``path``: those held for it, else the file read now within the
    ``file_bytes`` limit. An :class:`OSError` is left to the reader, which names what failed
    in its own terms."""
    data = held(path)
    return data if data is not None else _within(path, current().file_bytes)


def _within(path: str | Path, limit: int) -> bytes:
    data = read_at_most(path, limit + 1)
    if len(data) > limit:  # grown since it was looked at, or never looked at
        raise TooLargeError(path, N_("more than {limit} bytes (limit file_bytes={limit})"), {"limit": limit})
    return data


def opening(path: Path, limits: Limits, *, whole: bool) -> bytes:
    """The bytes held for ``path``, else the file read now: ``whole``, or as much of it as
    finding its reader needs. Only a regular file within the ``file_bytes`` limit is opened:
    a pipe would block, a device never ends."""
    data = held(path)
    if data is not None:
        return data
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
    if info.st_size > limits.file_bytes:
        raise TooLargeError(path, N_("{size} bytes (limit file_bytes={limit})"),
                            {"size": info.st_size, "limit": limits.file_bytes})
    try:
        return _within(path, limits.file_bytes) if whole else read_at_most(path, SNIFF_BYTES)
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from None


@contextlib.contextmanager
def opened(path: Path, limits: Limits) -> Iterator[bytes]:
    """The whole file, held for every reading of it within (read now unless already held)."""
    data = held(path)
    if data is not None:
        yield data
        return
    with holding(path, opening(path, limits, whole=True)) as data:
        yield data
