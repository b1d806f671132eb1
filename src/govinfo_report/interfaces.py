"""What a reader and a writer must provide.

Plugins subclass these (or duck-type them); the built-ins do exactly the same, so the plugin
interface is exercised by real code on every run.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from .layout import Layout
    from .model import Finding, Report


class Reader(ABC):
    """Turns one file into a :class:`~govinfo_report.layout.Layout`.

    ``extensions`` are the suffixes the reader claims; :meth:`sniff` looks at the first bytes
    so that a file with a wrong or missing suffix still finds its reader.
    """

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()
    version: ClassVar[str] = ""

    def sniff(self, head: bytes, path: Path) -> float:
        """Confidence in [0, 1] that this reader can read a file starting with ``head``."""
        return 0.0

    @abstractmethod
    def read(self, path: Path) -> Layout:
        """Read ``path``; raise a :class:`~govinfo_report.errors.ReadError` subclass on failure."""


class Writer(ABC):
    """Renders a report (and its findings) into one output format."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()
    binary: ClassVar[bool] = False
    version: ClassVar[str] = ""

    @abstractmethod
    def render(self, report: Report, findings: list[Finding]) -> bytes | str:
        """Return the whole output; ``bytes`` when :attr:`binary` is true."""
