"""Which parser runs a PDF's content stream: PDFium where installed, pdfminer otherwise.

PDFium (the ``fast`` extra, pypdfium2) is about ten times quicker; pdfminer is pure Python
and always there. Both fill the same :class:`~.pdf_page.DocumentContent`, so the choice
changes the time a read takes, never what it reads.
"""

from __future__ import annotations

import importlib.util
from contextlib import nullcontext
from functools import cache
from pathlib import Path

from ..collector import paused
from ..errors import ConverterMissingError
from ..i18n import N_
from .pdf_page import DocumentContent

BACKENDS = ("pdfminer", "pdfium")
# Back-ends whose reading leaves next to no reference cycles, so it may run with the
# collector paused (see :mod:`govinfo_report.collector`); pdfminer's objects refer to each
# other, and its parser reads with the collector running.
_ACYCLIC = frozenset({"pdfium"})


@cache
def pdfium_available() -> bool:
    return importlib.util.find_spec("pypdfium2") is not None


def default_backend() -> str:
    return "pdfium" if pdfium_available() else "pdfminer"


def known(backend: str | None) -> None:
    """Refuse a back-end that is not one: a caller's mistake, told before any file is opened."""
    if backend is not None and backend not in BACKENDS:
        raise ValueError(f"unknown PDF back-end {backend!r}; choose one of {', '.join(BACKENDS)}")


def acyclic(backend: str | None) -> bool:
    """Whether ``backend`` (None: the default one) reads with the collector paused."""
    return (backend or default_backend()) in _ACYCLIC


def load_document(path: Path, backend: str | None = None) -> DocumentContent:
    """The page content of ``path`` by ``backend`` (None: the default one)."""
    name = backend or default_backend()
    known(name)
    if name == "pdfium":
        if not pdfium_available():
            raise ConverterMissingError(
                path, N_("the pdfium back-end needs pypdfium2: pip install 'govinfo-report[fast]'"))
        from . import pdf_pdfium

        load = pdf_pdfium.load_document
    else:
        from . import pdf_chars

        load = pdf_chars.load_document
    with paused() if acyclic(name) else nullcontext():
        return load(path)
