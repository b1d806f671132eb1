"""Read scanned reports offline: image-only PDFs and page images (PNG, JPEG, TIFF).

Many reports are published as a printed, stamped copy scanned or photographed to PDF. This
plugin renders each page without a text layer, levels it, finds the table rules in the image
and reads the text with RapidOCR, whose Chinese models ship inside its wheel, so nothing is
downloaded while reading. The result is handed to the same placement as a born-digital PDF's
glyphs and rules, so tables, page breaks and sections come out the way any reader's do; what
OCR could not make sure of is left for the recognizer to report as an uncertain reading.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from govinfo_report import Reader, hookimpl
from govinfo_report.layout import Layout

__version__ = "0.1.0"

PDF_MAGIC = b"%PDF-"
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
# Above the built-in PDF reader's claim, so every PDF comes here; one with a text layer is
# read by the built-in placement exactly as without this plugin, only scanned pages get OCR.
PDF_CLAIM = 1.05


class OcrReader(Reader):
    """Reads scans: OCR for pages without text, the built-in PDF reading for the rest."""

    name = "ocr"
    extensions = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
    version = __version__
    options = ("pdf_backend",)

    def sniff(self, head: bytes, path: Path) -> float:
        if head.lstrip()[:5] == PDF_MAGIC:
            return PDF_CLAIM
        return 1.0 if head.startswith(IMAGE_MAGIC) else 0.0

    def read(self, path: Path, pdf_backend: str | None = None) -> Layout:
        from .document import read_scan

        return read_scan(Path(path), self.name, pdf_backend)


@hookimpl
def register_readers(register: Callable[[Reader], Any]) -> None:
    register(OcrReader())
