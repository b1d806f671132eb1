"""Characters and ruling segments straight from the PDF content stream, by pdfminer.

pdfminer's layout objects (``LTChar`` and friends) and its layout analysis cost more than the
rest of the reader together, and their text order is wrong for tables anyway (a table comes
out column by column). So a small device collects only what placement needs (see
:mod:`.pdf_page`).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser, PDFSyntaxError
from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text

from ..errors import EncryptedFileError, ReadError, TooComplexError, TooLargeError
from ..i18n import N_
from ..limits import current
from .pdf_page import (
    COMPATIBILITY,
    UNMAPPED,
    Char,
    DocumentContent,
    LimitReached,
    Matrix,
    PageContent,
    add_path_segments,
    apply,
    drop_fake_bold,
    is_truncated,
    is_white,
    pdf_bytes,
    transformed_box,
    unreadable,
)
from .pdf_streams import counting, install

install()


class _CollectingDevice(PDFTextDevice):
    """Records glyph boxes and rules without building pdfminer layout objects."""

    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr)
        self.page = PageContent(0, 0.0, 0.0)
        self._glyphs: dict[int, dict[int, tuple[str, float]]] = {}
        self._limits = current()
        self._operations = 0

    def _count(self, amount: int = 1) -> None:
        """Count drawing work as it is done: forms drawing each other many times over, or a
        lattice of thousands of rules, end at the limit instead of running for hours."""
        self._operations += amount
        if self._operations > self._limits.operations:
            raise LimitReached(N_("more than {limit} drawing operations (limit operations={limit})"),
                            {"limit": self._limits.operations})
        lines = len(self.page.horizontals) + len(self.page.verticals)
        if lines > self._limits.grid_lines:
            raise LimitReached(N_("more than {limit} ruling lines on page {page} (limit grid_lines={limit})"),
                            {"limit": self._limits.grid_lines, "page": self.page.number})

    def begin_figure(self, name: str, bbox: Any, matrix: Matrix) -> None:
        self._count()

    def begin_page(self, page: PDFPage, ctm: Matrix) -> None:
        x0, y0, x1, y1 = page.mediabox
        (ax, ay), (bx, by) = apply(ctm, (x0, y0)), apply(ctm, (x1, y1))
        self.page = PageContent(self.page.number + 1, abs(bx - ax), abs(by - ay))
        self.ctm = ctm

    def render_image(self, name: str, stream: Any) -> None:
        self.page.images += 1

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: Any,
        graphicstate: Any,
    ) -> float:
        self._count()
        text, width = self._glyph(font, cid)
        adv: float = width * fontsize * scaling
        if text == UNMAPPED:
            self.page.unmapped += 1
        if text.isspace() or not text:
            return adv
        if font.is_vertical():
            self._add_vertical_char(text, matrix, font, fontsize, rise, cid, adv)
            return adv
        descent = rise
        a, b, c, d, e, f = matrix
        if b == 0 and c == 0:
            x0, x1 = e, a * adv + e
            y0, y1 = d * descent + f, d * (descent + fontsize) + f
        else:
            x0, x1, y0, y1 = transformed_box(matrix, (0.0, descent, adv, descent + fontsize))
        self._add_char(text, x0, y0, x1, y1)
        return adv

    def _glyph(self, font: PDFFont, cid: int) -> tuple[str, float]:
        """Cache the cid lookups: the same few hundred glyphs repeat across a report."""
        table = self._glyphs.setdefault(id(font), {})
        hit = table.get(cid)
        if hit is None:
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = UNMAPPED
            text = text.translate(COMPATIBILITY) if isinstance(text, str) else UNMAPPED
            hit = (text, font.char_width(cid))
            table[cid] = hit
        return hit

    def _add_vertical_char(
        self, text: str, matrix: Matrix, font: PDFFont, fontsize: float, rise: float, cid: int, adv: float
    ) -> None:
        disp = font.char_disp(cid)
        raw_vx, raw_vy = disp if isinstance(disp, tuple) else (None, 880.0)
        vx = fontsize * 0.5 if raw_vx is None else raw_vx * fontsize * 0.001
        vy = (1000 - raw_vy) * fontsize * 0.001
        x0, x1, y0, y1 = transformed_box(matrix, (-vx, vy + rise + adv, -vx + fontsize, vy + rise))
        self._add_char(text, x0, y0, x1, y1)

    def _add_char(self, text: str, x0: float, y0: float, x1: float, y1: float) -> None:
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        size = max(y1 - y0, 0.1)
        self.page.chars.append(Char(text, x0, y0, x1, y1, size))

    def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool, path: Sequence[Any]) -> None:
        self._count(len(path))
        start = 0
        for i in range(1, len(path) + 1):
            if i == len(path) or path[i][0] == "m":
                self._paint_subpath(gstate, stroke, fill, path[start:i])
                start = i

    def _paint_subpath(self, gstate: Any, stroke: bool, fill: bool, path: Sequence[Any]) -> None:
        points = _subpath_points(path, self.ctm or (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
        add_path_segments(self.page, points, stroke, fill and not is_white(gstate.ncolor))



def _subpath_points(path: Sequence[Any], ctm: Matrix) -> list[tuple[float, float]]:
    """Straight-line vertices of one subpath; a curve breaks the chain (it is no rule)."""
    points: list[tuple[float, float]] = []
    for op in path:
        kind = op[0]
        if kind in ("m", "l") and len(op) >= 3:
            points.append(apply(ctm, (float(op[-2]), float(op[-1]))))
        elif kind == "h" and points:
            points.append(points[0])
        elif kind in ("c", "v", "y"):
            return []
    return points


def load_document(path: Path) -> DocumentContent:
    """Run every page through the collecting device, turning pdfminer failures into ReadErrors."""
    data = pdf_bytes(path)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with counting(path):
            content = _load_repairing(data)
        content.truncated = is_truncated(data)
        return content
    except ReadError:
        raise
    except LimitReached as exc:
        raise TooComplexError(path, exc.template, exc.values) from None
    except MemoryError:
        raise TooLargeError(path, N_("a stream inflates beyond the memory limit (limit memory_bytes)")) from None
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedFileError(path, str(exc) or type(exc).__name__) from exc
    except Exception as exc:  # pdfminer raises many ad hoc types on damaged files
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise EncryptedFileError(path, str(exc)) from exc
        raise unreadable(path, data, f"{type(exc).__name__}: {exc}".strip().rstrip(":")) from exc


def _load_repairing(data: bytes) -> DocumentContent:
    """Read; if the cross-reference data is broken beyond pdfminer's own fallback, add a trailer.

    pdfminer rebuilds a lost xref table by scanning for objects, but it finds the catalog only
    through a ``trailer`` keyword, which files with cross-reference streams never have. Their
    ``/Root`` reference is still in the stream's dictionary, so a trailer naming it is enough;
    its ``/Info`` reference, where there is one, keeps the title and author.
    """
    try:
        return _load(data)
    except PDFSyntaxError as exc:
        roots = _ROOT_REF.findall(data)
        if "root" not in str(exc).lower() or not roots:
            raise
        number, generation = roots[-1]
        info = _INFO_REF.findall(data)
        extra = b" /Info %s %s R" % info[-1] if info else b""
        return _load(data + b"\ntrailer\n<< /Root " + number + b" " + generation + b" R" + extra + b" >>\n")


_ROOT_REF = re.compile(rb"/Root\s+(\d+)\s+(\d+)\s+R")
_INFO_REF = re.compile(rb"/Info\s+(\d+)\s+(\d+)\s+R")


def _load(data: bytes) -> DocumentContent:
    parser = PDFParser(io.BytesIO(data))
    document = PDFDocument(parser, password="")
    rsrcmgr = PDFResourceManager(caching=True)
    device = _CollectingDevice(rsrcmgr)
    interpreter = PDFPageInterpreter(rsrcmgr, device)
    pages: list[PageContent] = []
    limit = current().pages
    for page in PDFPage.create_pages(document):
        if len(pages) >= limit:
            raise LimitReached(N_("more than {limit} pages (limit pages={limit})"), {"limit": limit})
        interpreter.process_page(page)
        content = device.page
        content.chars = drop_fake_bold(content.chars)
        pages.append(content)
    return DocumentContent(pages, _metadata(document))


def _metadata(document: PDFDocument) -> dict[str, str]:
    out: dict[str, str] = {}
    for info in document.info or ():
        for key, raw in dict(info).items():
            value = resolve1(raw)
            if isinstance(value, bytes):
                text = _decode_info_string(value)
            elif isinstance(value, str):
                text = value
            else:
                continue
            text = text.strip("\x00 ").strip()
            if text:
                out[str(key).lower()] = text
    return out


def _decode_info_string(value: bytes) -> str:
    """Info strings are PDFDocEncoding or UTF-16 with a BOM; some writers use little-endian."""
    if value.startswith(b"\xff\xfe"):
        return value[2:].decode("utf-16-le", errors="replace")
    if value.startswith(b"\xfe\xff"):
        return value[2:].decode("utf-16-be", errors="replace")
    return str(decode_text(value))
