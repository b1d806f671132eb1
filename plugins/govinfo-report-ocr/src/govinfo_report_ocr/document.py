"""Which pages need OCR, and the document they make together with the rest.

A PDF is first run through the built-in back-end: pages that carry text keep it (a born-digital
report is read exactly as without this plugin), pages that hold only images, or text whose
glyphs mostly map to nothing, are rendered and recognised. A page image file is one page
per frame (a multi-page TIFF is a whole report).
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from govinfo_report.errors import (
    ConverterMissingError,
    CorruptFileError,
    EmptyDocumentError,
    TooComplexError,
    TooLargeError,
)
from govinfo_report.files import file_bytes, reading
from govinfo_report.i18n import N_
from govinfo_report.layout import Layout
from govinfo_report.limits import current
from govinfo_report.readers.notes import read_by_ocr
from govinfo_report.readers.pdf_backends import load_document
from govinfo_report.readers.pdf_layout import MAX_UNMAPPED, MIN_CHARS, layout_of
from govinfo_report.readers.pdf_page import DocumentContent, PageContent

if TYPE_CHECKING:
    from types import ModuleType

    import numpy as np

# A page image without a resolution of its own is taken to be scanned at this many dpi.
DEFAULT_DPI = 200.0
POINTS_PER_INCH = 72.0


def needs_ocr(page: PageContent) -> bool:
    """A page whose text must come from its image: no text layer over a picture, or glyphs
    that mostly map to no character."""
    if page.images and len(page.chars) < MIN_CHARS:
        return True
    return bool(page.chars) and page.unmapped > MAX_UNMAPPED * len(page.chars)


def _ocr(path: Path) -> ModuleType:
    """The page recogniser; loaded only for a page that needs it, so a text PDF never waits
    for (or needs) OpenCV and the models."""
    try:
        from . import pages
    except ImportError as exc:
        raise ConverterMissingError(path, N_("OCR needs RapidOCR and OpenCV ({error}): pip install govinfo-report-ocr"),
                                    {"error": str(exc)}) from None
    return pages


def _recognised(ocr: ModuleType, path: Path, number: int, gray: np.ndarray, width: float,
                height: float) -> tuple[PageContent, float]:
    """One page through the recogniser; its engine's failures become typed errors. Under an
    address-space limit (the command line reads each file in a limited worker) the engine's
    thread pools and buffers need more than a text reader's default allows."""
    try:
        page, angle = ocr.read_page(number, gray, width, height)
    except Exception as exc:
        if _address_space_limited():
            raise TooLargeError(path, N_("OCR needs more memory than the limit allows ({error}); "
                                         "raise it, e.g. --limit memory_bytes=4000000000"),
                                {"error": type(exc).__name__}) from None
        raise CorruptFileError(path, N_("the OCR engine failed on page {page}: {error}"),
                               {"page": number, "error": f"{type(exc).__name__}: {exc}"}) from exc
    return page, angle


def _address_space_limited() -> bool:
    try:
        import resource
    except ImportError:  # not POSIX: no such limit
        return False
    return resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY


def read_scan(path: Path, reader: str, backend: str | None = None) -> Layout:
    # Opened once for every step below (already open where the library's read opened it).
    with reading(path, current()):
        if b"%PDF-" in file_bytes(path)[:1024]:
            return _read_pdf(path, reader, backend)
        return _read_images(path, reader)


def _read_pdf(path: Path, reader: str, backend: str | None) -> Layout:
    doc = load_document(path, backend)
    scanned = [i for i, page in enumerate(doc.pages) if needs_ocr(page)]
    if not scanned:
        return layout_of(path, doc, "pdf")
    ocr = _ocr(path)
    import numpy as np
    import pypdfium2 as pdfium

    angles: list[float] = []
    document = pdfium.PdfDocument(file_bytes(path))
    try:
        for i in scanned:
            old = doc.pages[i]
            page = document[i]
            try:
                scale = ocr.WORK_SIDE / max(page.get_width(), page.get_height())
                image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            finally:
                page.close()
            doc.pages[i], angle = _recognised(ocr, path, old.number, np.asarray(image), old.width, old.height)
            angles.append(angle)
    finally:
        document.close()
    return _with_note(layout_of(path, doc, reader), [doc.pages[i].number for i in scanned], angles)


def _read_images(path: Path, reader: str) -> Layout:
    ocr = _ocr(path)
    import numpy as np
    from PIL import Image, ImageSequence

    frames: list[tuple[np.ndarray, float, float]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(file_bytes(path))) as image:
                for frame in ImageSequence.Iterator(image):
                    if len(frames) >= current().pages:
                        raise TooComplexError(path, N_("more than {limit} pages (limit pages={limit})"),
                                              {"limit": current().pages})
                    dpi = frame.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))
                    xdpi, ydpi = (float(d) or DEFAULT_DPI for d in dpi)
                    gray = np.asarray(frame.convert("L"))
                    height, width = gray.shape
                    frames.append((gray, width * POINTS_PER_INCH / xdpi, height * POINTS_PER_INCH / ydpi))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise TooLargeError(path, str(exc)) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise CorruptFileError(path, N_("not a readable image: {error}"), {"error": str(exc)}) from None
    if not frames:
        raise EmptyDocumentError(path, N_("the image file holds no frames"))
    pages: list[PageContent] = []
    angles: list[float] = []
    for number, (gray, width, height) in enumerate(frames, start=1):
        page, angle = _recognised(ocr, path, number, gray, width, height)
        pages.append(page)
        angles.append(angle)
    doc = DocumentContent(pages, {})
    return _with_note(layout_of(path, doc, reader), [p.number for p in pages], angles)


def _with_note(layout: Layout, numbers: list[int], angles: list[float]) -> Layout:
    """Say which pages were read by OCR, so every reading of them is known to be one."""
    turned = [(n, a) for n, a in zip(numbers, angles, strict=True) if a]
    metadata = {**layout.metadata, "ocr_pages": ",".join(map(str, numbers))}
    return attrs.evolve(layout, notes=(*layout.notes, read_by_ocr(numbers, turned)), metadata=metadata)
