"""The same page content as :mod:`.pdf_chars`, read by PDFium (the ``fast`` extra).

PDFium parses and interprets a page in C, an order of magnitude faster than pdfminer, and
hands back each character with its origin, loose box, matrix and font, and each path with
its segments. They are turned here into exactly the boxes and rules the pdfminer device
records — the glyph box runs from the baseline to one font size above it, as wide as the
font's advance — so the glyph and grid stages after it see the same page either way.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ..errors import CorruptFileError, EncryptedFileError, TooComplexError
from ..limits import current
from .pdf_page import (
    COMPATIBILITY,
    UNMAPPED,
    Char,
    DocumentContent,
    Matrix,
    PageContent,
    add_path_segments,
    apply,
    compose,
    drop_fake_bold,
    is_truncated,
    page_matrix,
    pdf_bytes,
    transformed_box,
)

# Path segment kinds as PDFium numbers them.
_LINETO, _BEZIERTO, _MOVETO = raw.FPDF_SEGMENT_LINETO, raw.FPDF_SEGMENT_BEZIERTO, raw.FPDF_SEGMENT_MOVETO
_METADATA = ("Title", "Author", "Creator", "Producer")


def load_document(path: Path) -> DocumentContent:
    """Every page's glyphs and rules; PDFium's failures become the reader's typed errors."""
    data = pdf_bytes(path)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise EncryptedFileError(path, "a password is needed to open the file") from exc
        detail = f"PDFium: {exc}"
        if is_truncated(data):
            detail = f"truncated: no %%EOF marker at the end ({len(data)} bytes); {detail}"
        raise CorruptFileError(path, detail) from exc
    try:
        limit = current().pages
        if len(document) > limit:
            raise TooComplexError(path, f"more than {limit} pages (limit pages={limit})")
        pages = [_page(document, index) for index in range(len(document))]
        metadata = _metadata(document)
    finally:
        document.close()
    return DocumentContent(pages, metadata, truncated=is_truncated(data))


def _page(document: pdfium.PdfDocument, index: int) -> PageContent:
    page = document[index]
    try:
        x0, y0, x1, y1 = page.get_mediabox()
        ctm = page_matrix(page.get_rotation(), (x0, y0, x1, y1))
        (ax, ay), (bx, by) = apply(ctm, (x0, y0)), apply(ctm, (x1, y1))
        content = PageContent(index + 1, abs(bx - ax), abs(by - ay))
        textpage = page.get_textpage()
        try:
            _collect_chars(textpage.raw, ctm, content)
        finally:
            textpage.close()
        for obj, matrix in _objects(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, ctm):
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_IMAGE:
                content.images += 1
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                _collect_path(obj, matrix, content)
        content.chars = drop_fake_bold(content.chars)
        return content
    finally:
        page.close()


@dataclass(slots=True)
class _Glyph:
    text: str
    obj: int
    x: float
    y: float
    box: tuple[float, float, float, float]
    size: float
    upright: bool
    reach: float  # the right edge of PDFium's own box, which spans a whole ligature


def _collect_chars(textpage: Any, ctm: Matrix, content: PageContent) -> None:
    glyphs = _whole_glyphs(_glyphs(textpage, content))
    vertical = _vertical_objects(glyphs)
    straight = ctm[1] == 0 and ctm[2] == 0 and ctm[0] > 0 and ctm[3] > 0
    for glyph in glyphs:
        # Written top to bottom, pdfminer's box is one font size square from the origin.
        square = (glyph.x, glyph.y, glyph.x + glyph.size, glyph.y + glyph.size)
        box = square if glyph.obj in vertical else glyph.box
        if straight:
            x0, y0 = apply(ctm, (box[0], box[1]))
            x1, y1 = apply(ctm, (box[2], box[3]))
        else:
            x0, x1, y0, y1 = transformed_box(ctm, box)
        _add_char(content, glyph.text, x0, y0, x1, y1)


def _whole_glyphs(glyphs: Iterator[_Glyph]) -> list[_Glyph]:
    """One glyph per drawn shape. A ligature mapped to several letters ("ff") comes from
    PDFium as one character per letter at the same origin; pdfminer keeps it whole, and
    apart the letters would look like a glyph drawn twice (fake bold) and lose one."""
    out: list[_Glyph] = []
    for glyph in glyphs:
        last = out[-1] if out else None
        if last is not None and last.obj == glyph.obj and last.x == glyph.x and last.y == glyph.y:
            last.text += glyph.text
            last.box = (min(last.box[0], glyph.box[0]), min(last.box[1], glyph.box[1]),
                        max(last.box[2], glyph.box[2], last.reach, glyph.reach), max(last.box[3], glyph.box[3]))
        else:
            out.append(glyph)
    return out


def _glyphs(textpage: Any, content: PageContent) -> Iterator[_Glyph]:
    """The visible characters, each boxed as pdfminer boxes it: from the baseline up one font
    size, from the origin as far as the font's advance width for it."""
    loose = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    width = ctypes.c_float()
    one = ctypes.c_float(1.0)
    objects: dict[int, tuple[Any, bool, float, float] | None] = {}
    widths: dict[tuple[int, int], float | None] = {}
    for i in range(raw.FPDFText_CountChars(textpage)):
        if raw.FPDFText_IsGenerated(textpage, i):
            continue
        code = raw.FPDFText_GetUnicode(textpage, i)
        text = chr(code).translate(COMPATIBILITY)
        if raw.FPDFText_HasUnicodeMapError(textpage, i) == 1:
            text = UNMAPPED
            content.unmapped += 1
        if not text or text.isspace() or text == "\x00":
            continue
        obj = raw.FPDFText_GetTextObject(textpage, i)
        handle = ctypes.cast(obj, ctypes.c_void_p).value or 0
        if handle not in objects:
            objects[handle] = _object_metrics(textpage, i, obj) if handle else None
        metrics = objects[handle]
        if metrics is None:
            continue
        font, upright, fontsize, xscale = metrics
        raw.FPDFText_GetCharOrigin(textpage, i, ox, oy)
        raw.FPDFText_GetLooseCharBox(textpage, i, loose)
        if upright:
            key = (ctypes.cast(font, ctypes.c_void_p).value or 0, code)
            if key not in widths:
                widths[key] = width.value if raw.FPDFFont_GetGlyphWidth(font, code, one, width) else None
            advance = widths[key]
            right = loose.right if advance is None else ox.value + advance * xscale
            box = (ox.value if advance is not None else loose.left, oy.value, right, oy.value + fontsize)
        else:
            box = (loose.left, loose.bottom, loose.right, loose.top)
        yield _Glyph(text, handle, ox.value, oy.value, box, fontsize, upright, loose.right)


def _object_metrics(textpage: Any, index: int, obj: Any) -> tuple[Any, bool, float, float] | None:
    """A text object's font, whether it runs upright, its font size on the page and the
    horizontal size of its glyphs: the same for every character it draws, so asked once."""
    size = ctypes.c_float()
    if not raw.FPDFTextObj_GetFontSize(obj, size):
        return None
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(textpage, index, matrix)
    upright = matrix.b == 0 and matrix.c == 0
    return (raw.FPDFTextObj_GetFont(obj), upright, size.value * (matrix.d if upright else 1.0),
            size.value * matrix.a)


def _vertical_objects(glyphs: list[_Glyph]) -> set[int]:
    """Text objects written top to bottom (a vertical-writing font, as in narrow row labels).

    PDFium does not say which fonts write vertically, but their glyphs show it: within one
    text object each origin sits straight below the one before. A lone glyph tells by its
    loose box, which PDFium draws for vertical fonts in unscaled text space."""
    by_object: dict[int, list[_Glyph]] = {}
    for glyph in glyphs:
        by_object.setdefault(glyph.obj, []).append(glyph)
    vertical: set[int] = set()
    for handle, members in by_object.items():
        if not members[0].upright:
            continue
        if len(members) > 1:
            if all(abs(a.x - b.x) < 0.01 and b.y < a.y for a, b in pairwise(members)):
                vertical.add(handle)
        elif members[0].box[2] - members[0].box[0] > 3 * members[0].size:
            vertical.add(handle)
    return vertical


def _add_char(content: PageContent, text: str, x0: float, y0: float, x1: float, y1: float) -> None:
    if x1 < x0:
        x0, x1 = x1, x0
    if y1 < y0:
        y0, y1 = y1, y0
    content.chars.append(Char(text, x0, y0, x1, y1, max(y1 - y0, 0.1)))


def _objects(parent: Any, count: Any, get: Any, matrix: Matrix) -> Iterator[tuple[Any, Matrix]]:
    """Page objects with the matrix that takes them to page space, descending into forms."""
    for index in range(count(parent)):
        obj = get(parent, index)
        if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_FORM:
            yield from _objects(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject,
                                compose(_object_matrix(obj), matrix))
        else:
            yield obj, matrix


def _object_matrix(obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _collect_path(obj: Any, outer: Matrix, content: PageContent) -> None:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
        return
    fill = fill_mode.value != raw.FPDF_FILLMODE_NONE
    if not fill and not stroke.value:
        return
    white = fill and _white_fill(obj)
    matrix = compose(_object_matrix(obj), outer)
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    points: list[tuple[float, float]] = []
    curved = False
    for index in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, index)
        kind = raw.FPDFPathSegment_GetType(segment)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        if kind == _MOVETO:
            if points and not curved:
                subpaths.append(points)
            points, curved = [], False
        elif kind == _BEZIERTO:
            curved = True
        points.append(apply(matrix, (x.value, y.value)))
        if raw.FPDFPathSegment_GetClose(segment) and points[-1] != points[0]:
            points.append(points[0])  # a rectangle's last corner already closes it
    if points and not curved:
        subpaths.append(points)
    for sub in subpaths:
        add_path_segments(content, sub, stroke=bool(stroke.value), fill=fill and not white)


def _white_fill(obj: Any) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not raw.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return False
    return min(r.value, g.value, b.value) >= 253


def _metadata(document: pdfium.PdfDocument) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in _METADATA:
        value = document.get_metadata_value(key).strip("\x00 ").strip()
        if value:
            out[key.lower()] = value
    return out
