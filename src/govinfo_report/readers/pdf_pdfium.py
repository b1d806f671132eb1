"""The same page content as :mod:`.pdf_chars`, read by PDFium (the ``fast`` extra).

PDFium parses and interprets a page in C, an order of magnitude faster than pdfminer, and
hands back each character with its origin, loose box, matrix and font, and each path with
its segments. They are turned here into exactly the boxes and rules the pdfminer device
records — the glyph box runs from the baseline to one font size above it, as wide as the
font's advance — so the glyph and grid stages after it see the same page either way.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
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
        page_handle = ctypes.cast(page.raw, ctypes.c_void_p).value or 0
        scratch = _Scratch()
        for obj, kind, matrix in _objects(page_handle, _count_objects, _page_object, ctm):
            if kind == raw.FPDF_PAGEOBJ_IMAGE:
                content.images += 1
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                _collect_path(obj, matrix, content, scratch)
        content.chars = drop_fake_bold(content.chars)
        return content
    finally:
        page.close()


def _bound(function: Any, restype: Any, *argtypes: Any) -> Any:
    """``function`` called with plain integer handles. The per-character calls run thousands
    of times a page; typed pointers would cost a Python object (and a cast) each time."""
    address = ctypes.cast(function, ctypes.c_void_p).value or 0
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_P, _INT, _UINT, _FLOAT = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_float
_count_chars = _bound(raw.FPDFText_CountChars, _INT, _P)
_unicode = _bound(raw.FPDFText_GetUnicode, _UINT, _P, _INT)
_is_generated = _bound(raw.FPDFText_IsGenerated, _INT, _P, _INT)
_map_error = _bound(raw.FPDFText_HasUnicodeMapError, _INT, _P, _INT)
_text_object = _bound(raw.FPDFText_GetTextObject, _P, _P, _INT)
_char_origin = _bound(raw.FPDFText_GetCharOrigin, _INT, _P, _INT, _P, _P)
_loose_box = _bound(raw.FPDFText_GetLooseCharBox, _INT, _P, _INT, _P)
_char_matrix = _bound(raw.FPDFText_GetMatrix, _INT, _P, _INT, _P)
_font_size = _bound(raw.FPDFTextObj_GetFontSize, _INT, _P, _P)
_font = _bound(raw.FPDFTextObj_GetFont, _P, _P)
_glyph_width = _bound(raw.FPDFFont_GetGlyphWidth, _INT, _P, _UINT, _FLOAT, _P)
_count_objects = _bound(raw.FPDFPage_CountObjects, _INT, _P)
_page_object = _bound(raw.FPDFPage_GetObject, _P, _P, _INT)
_form_count = _bound(raw.FPDFFormObj_CountObjects, _INT, _P)
_form_object = _bound(raw.FPDFFormObj_GetObject, _P, _P, ctypes.c_ulong)
_object_type = _bound(raw.FPDFPageObj_GetType, _INT, _P)
_get_matrix = _bound(raw.FPDFPageObj_GetMatrix, _INT, _P, _P)
_fill_color = _bound(raw.FPDFPageObj_GetFillColor, _INT, _P, _P, _P, _P, _P)
_draw_mode = _bound(raw.FPDFPath_GetDrawMode, _INT, _P, _P, _P)
_count_segments = _bound(raw.FPDFPath_CountSegments, _INT, _P)
_segment = _bound(raw.FPDFPath_GetPathSegment, _P, _P, _INT)
_segment_type = _bound(raw.FPDFPathSegment_GetType, _INT, _P)
_segment_point = _bound(raw.FPDFPathSegment_GetPoint, _INT, _P, _P, _P)
_segment_close = _bound(raw.FPDFPathSegment_GetClose, _INT, _P)
# PDFium inserts only spaces and line breaks of its own between the characters drawn.
_GENERATED = frozenset((0x20, 0x0D, 0x0A))


@dataclass(slots=True)
class _Glyph:
    text: str
    obj: int
    x: float
    y: float
    box: tuple[float, float, float, float]
    size: float
    upright: bool
    index: int  # PDFium's character index, to ask for its loose box when it is needed


def _collect_chars(textpage: Any, ctm: Matrix, content: PageContent) -> None:
    glyphs, vertical = _glyphs(ctypes.cast(textpage, ctypes.c_void_p).value or 0, content)
    a, b, c, d, e, f = ctm
    straight = b == 0 and c == 0 and a > 0 and d > 0
    chars = content.chars
    for glyph in glyphs:
        # Written top to bottom, pdfminer's box is one font size square from the origin.
        square = glyph.obj in vertical
        box = (glyph.x, glyph.y, glyph.x + glyph.size, glyph.y + glyph.size) if square else glyph.box
        if straight:
            x0, y0 = a * box[0] + e, d * box[1] + f
            x1, y1 = a * box[2] + e, d * box[3] + f
        else:
            x0, x1, y0, y1 = transformed_box(ctm, box)
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        chars.append(Char(glyph.text, x0, y0, x1, y1, max(y1 - y0, 0.1)))


def _glyphs(textpage: int, content: PageContent) -> tuple[list[_Glyph], set[int]]:
    """The visible characters, each boxed as pdfminer boxes it: from the baseline up one font
    size, from the origin as far as the font's advance width for it; and the text objects
    among them written top to bottom.

    A ligature mapped to several letters ("ff") comes from PDFium as one character per letter
    at the same origin; pdfminer keeps it whole, and apart the letters would look like a glyph
    drawn twice (fake bold) and lose one, so they are joined into one glyph here.

    A text object's font, direction and size are the same for every character it draws, so
    they are asked once per object, into buffers shared by the whole page."""
    doubles = (ctypes.c_double * 2)()
    ox_at = ctypes.addressof(doubles)
    oy_at = ox_at + ctypes.sizeof(ctypes.c_double)
    single = ctypes.c_float()
    single_at = ctypes.addressof(single)
    matrix = raw.FS_MATRIX()
    matrix_at = ctypes.addressof(matrix)
    texts: dict[int, str | None] = {}
    objects: dict[int, tuple[int, bool, float, float] | None] = {}
    widths: dict[tuple[int, int], float | None] = {}
    runs: dict[int, list[Any]] = {}  # per upright object: first glyph, last glyph, straight below so far
    out: list[_Glyph] = []
    last: _Glyph | None = None
    for i in range(_count_chars(textpage)):
        code = _unicode(textpage, i)
        if code in _GENERATED and _is_generated(textpage, i):
            continue
        if _map_error(textpage, i) == 1:
            text = UNMAPPED
            content.unmapped += 1
        else:
            if code not in texts:
                texts[code] = _visible(code)
            seen = texts[code]
            if seen is None:
                continue
            text = seen
        handle = _text_object(textpage, i) or 0
        if handle in objects:
            metrics = objects[handle]
        else:
            metrics = None
            if handle and _font_size(handle, single_at):
                size = single.value
                _char_matrix(textpage, i, matrix_at)
                upright = matrix.b == 0 and matrix.c == 0
                metrics = (_font(handle) or 0, upright, size * (matrix.d if upright else 1.0), size * matrix.a)
            objects[handle] = metrics
        if metrics is None:
            continue
        font, upright, fontsize, xscale = metrics
        _char_origin(textpage, i, ox_at, oy_at)
        x, y = doubles[0], doubles[1]
        advance: float | None = None
        if upright:
            key = (font, code)
            if key not in widths:
                widths[key] = single.value if _glyph_width(font, code, 1.0, single_at) else None
            advance = widths[key]
        if advance is not None:
            box = (x, y, x + advance * xscale, y + fontsize)
        else:
            left, bottom, right, top = _loose(textpage, i)
            box = (left, y, right, y + fontsize) if upright else (left, bottom, right, top)
        if last is not None and last.obj == handle and last.x == x and last.y == y:
            reach = max(_loose(textpage, last.index)[2], _loose(textpage, i)[2])
            last.text += text
            last.box = (min(last.box[0], box[0]), min(last.box[1], box[1]),
                        max(last.box[2], box[2], reach), max(last.box[3], box[3]))
            continue
        last = _Glyph(text, handle, x, y, box, fontsize, upright, i)
        out.append(last)
        if upright:
            run = runs.get(handle)
            if run is None:
                runs[handle] = [last, last, True]
            else:
                before = run[1]
                run[2] = run[2] and abs(before.x - x) < 0.01 and y < before.y
                run[1] = last
    return out, _vertical(runs)


def _vertical(runs: dict[int, list[Any]]) -> set[int]:
    """Text objects written top to bottom (a vertical-writing font, as in narrow row labels).

    PDFium does not say which fonts write vertically, but their glyphs show it: within one
    text object each origin sits straight below the one before. A lone glyph tells by its
    loose box, which PDFium draws for vertical fonts in unscaled text space."""
    vertical: set[int] = set()
    for handle, (first, final, below) in runs.items():
        if first is not final:
            if below:
                vertical.add(handle)
        elif first.box[2] - first.box[0] > 3 * first.size:
            vertical.add(handle)
    return vertical


def _visible(code: int) -> str | None:
    text = chr(code).translate(COMPATIBILITY)
    return None if not text or text.isspace() or text == "\x00" else text


def _loose(textpage: int, index: int) -> tuple[float, float, float, float]:
    """PDFium's own box for a character (left, bottom, right, top); a ligature's spans all of it."""
    rect = raw.FS_RECTF()
    _loose_box(textpage, index, ctypes.addressof(rect))
    return rect.left, rect.bottom, rect.right, rect.top


def _objects(parent: int, count: Any, get: Any, matrix: Matrix) -> list[tuple[int, int, Matrix]]:
    """Page objects with their kind and the matrix that takes them to page space, descending
    into forms."""
    out: list[tuple[int, int, Matrix]] = []
    for index in range(count(parent)):
        obj = get(parent, index) or 0
        kind = _object_type(obj) if obj else raw.FPDF_PAGEOBJ_UNKNOWN
        if kind == raw.FPDF_PAGEOBJ_FORM:
            out += _objects(obj, _form_count, _form_object, compose(_object_matrix(obj), matrix))
        elif kind != raw.FPDF_PAGEOBJ_TEXT:
            out.append((obj, kind, matrix))
    return out


def _object_matrix(obj: int) -> Matrix:
    m = raw.FS_MATRIX()
    if not _get_matrix(obj, ctypes.addressof(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


class _Scratch:
    """Buffers PDFium writes a path's draw mode, fill colour and points into, allocated once
    a page rather than once a path."""

    __slots__ = ("modes", "modes_at", "rgba", "rgba_at", "x_at", "xy", "y_at")

    def __init__(self) -> None:
        self.modes = (ctypes.c_int * 2)()
        self.modes_at = (ctypes.addressof(self.modes), ctypes.addressof(self.modes) + ctypes.sizeof(ctypes.c_int))
        self.rgba = (ctypes.c_uint * 4)()
        at, step = ctypes.addressof(self.rgba), ctypes.sizeof(ctypes.c_uint)
        self.rgba_at = (at, at + step, at + 2 * step, at + 3 * step)
        self.xy = (ctypes.c_float * 2)()
        self.x_at = ctypes.addressof(self.xy)
        self.y_at = self.x_at + ctypes.sizeof(ctypes.c_float)


def _collect_path(obj: int, outer: Matrix, content: PageContent, scratch: _Scratch) -> None:
    modes = scratch.modes
    if not _draw_mode(obj, *scratch.modes_at):
        return
    fill, stroke = modes[0] != raw.FPDF_FILLMODE_NONE, bool(modes[1])
    if not fill and not stroke:
        return
    white = fill and _white_fill(obj, scratch)
    a, b, c, d, e, f = compose(_object_matrix(obj), outer)
    xy, x_at, y_at = scratch.xy, scratch.x_at, scratch.y_at
    subpaths: list[list[tuple[float, float]]] = []
    points: list[tuple[float, float]] = []
    curved = False
    for index in range(_count_segments(obj)):
        segment = _segment(obj, index)
        kind = _segment_type(segment)
        _segment_point(segment, x_at, y_at)
        if kind == _MOVETO:
            if points and not curved:
                subpaths.append(points)
            points, curved = [], False
        elif kind == _BEZIERTO:
            curved = True
        x, y = xy[0], xy[1]
        points.append((a * x + c * y + e, b * x + d * y + f))
        if _segment_close(segment) and points[-1] != points[0]:
            points.append(points[0])  # a rectangle's last corner already closes it
    if points and not curved:
        subpaths.append(points)
    for sub in subpaths:
        add_path_segments(content, sub, stroke=stroke, fill=fill and not white)


def _white_fill(obj: int, scratch: _Scratch) -> bool:
    rgba = scratch.rgba
    if not _fill_color(obj, *scratch.rgba_at):
        return False
    return min(rgba[0], rgba[1], rgba[2]) >= 253


def _metadata(document: pdfium.PdfDocument) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in _METADATA:
        value = document.get_metadata_value(key).strip("\x00 ").strip()
        if value:
            out[key.lower()] = value
    return out
