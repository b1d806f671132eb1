"""The Python API: ``read``, ``check`` and ``write``, mirroring the command line."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import CorruptFileError, NotAReportError, ReadError, UnsupportedFormatError, WriteError
from .layout import Layout
from .model import Finding, Report
from .plugins.manager import PluginRegistry, default_registry
from .recognize import recognize

_SNIFF_BYTES = 8192


def read_layout(path: str | Path, registry: PluginRegistry | None = None) -> Layout:
    """The format-neutral layout of a file, from whichever reader claims it."""
    registry = registry or default_registry()
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except FileNotFoundError:
        raise ReadError(p, "no such file") from None
    except IsADirectoryError:
        raise ReadError(p, "is a directory") from None
    except OSError as exc:
        raise ReadError(p, exc.strerror or str(exc)) from None
    reader = registry.reader_for(p, head)
    if reader is None:
        raise UnsupportedFormatError(p, f"suffix {p.suffix or '(none)'!r}")
    try:
        return reader.read(p)
    except ReadError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError,
            UnicodeError, OverflowError, RecursionError, EOFError) as exc:
        # A reader tripping over malformed input is a damaged file, not a crash of ours.
        raise CorruptFileError(p, f"{reader.name} reader: {type(exc).__name__}: {exc}") from exc


def read(path: str | Path, registry: PluginRegistry | None = None) -> Report:
    """Read one report file into the model."""
    p = Path(path)
    layout = read_layout(p, registry)
    report = recognize(layout)
    if not any(t.found for t in report.tables.values()) and not any(s.found for s in report.sections.values()):
        raise NotAReportError(p)
    report.meta.source = str(p)
    report.meta.sha256 = hashlib.sha256(p.read_bytes()).hexdigest()
    return report
