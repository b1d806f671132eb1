"""The PDF reader plugin.

Registration stays light: pdfminer and the table code load on the first PDF read, so a
batch of text or HTML reports never pays for them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..hookspecs import hookimpl
from ..interfaces import Reader
from ..layout import Layout


class PdfReader(Reader):
    """Reads PDFs with a text layer; scans, encrypted and damaged files raise typed errors."""

    name = "pdf"
    extensions = (".pdf",)
    version = "1"
    options = ("pdf_backend",)

    def sniff(self, head: bytes, path: Path) -> float:
        return 1.0 if head.lstrip()[:5] == b"%PDF-" else 0.0

    def read(self, path: Path, pdf_backend: str | None = None) -> Layout:
        """``pdf_backend`` ("pdfminer" or "pdfium") forces a parser; by default PDFium runs
        where the ``fast`` extra is installed, pdfminer elsewhere. Both give the same layout."""
        from .pdf_layout import read_pdf

        return read_pdf(Path(path), self.name, pdf_backend)


@hookimpl
def register_readers(register: Callable[[Reader], Any]) -> None:
    register(PdfReader())
