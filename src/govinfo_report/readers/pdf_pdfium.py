"""The same page content as :mod:`.pdf_chars`, read by PDFium (the ``fast`` extra).

PDFium parses and interprets a page in C, an order of magnitude faster than pdfminer, and
hands back each character with its origin, loose box, matrix and font, and each path with
its segments. They are turned here into exactly the boxes and rules the pdfminer device
records — the glyph box runs from the baseline to one font size above it, as wide as the
font's advance — so the glyph and grid stages after it see the same page either way.
"""

from __future__ import annotations

import ctypes
import struct
from collections.abc import KeysView
from math import copysign
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ..errors import CorruptFileError, EncryptedFileError, TooComplexError
from ..i18n import N_
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
    unreadable,
)

# Path segment kinds as PDFium numbers them.
_LINETO, _BEZIERTO, _MOVETO = raw.FPDF_SEGMENT_LINETO, raw.FPDF_SEGMENT_BEZIERTO, raw.FPDF_SEGMENT_MOVETO
_FILL_NONE = raw.FPDF_FILLMODE_NONE
_METADATA = ("Title", "Author", "Creator", "Producer")
# Code point → its glyph's text, empty for a blank: the same in every file, so kept from file
# to file, for as many code points as a few thousand reports hold (not every one a file names).
_TEXTS: dict[int, str] = {}
_TEXTS_KEPT = 1 << 16


def load_document(path: Path) -> DocumentContent:
    """Every page's glyphs and rules; PDFium's failures become the reader's typed errors."""
    data = pdf_bytes(path)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise EncryptedFileError(path, N_("a password is needed to open the file")) from exc
        raise unreadable(path, data, f"PDFium: {exc}") from exc
    try:
        limit = current().pages
        if len(document) > limit:
            raise TooComplexError(path, N_("more than {limit} pages (limit pages={limit})"), {"limit": limit})
        pages = _pages(path, document)
        metadata = _metadata(document)
    finally:
        document.close()
    return DocumentContent(pages, metadata, truncated=is_truncated(data))


def _pages(path: Path, document: pdfium.PdfDocument) -> list[PageContent]:
    """Every page, each opened and closed here by PDFium's own calls: pypdfium2's page
    objects (and the finalizers they register) cost more than reading a short page.

    A page is closed only once the next one has been read. The fonts it draws with stay
    alive meanwhile, so the advance widths asked of them, kept by each font's address, serve
    the next page too (most pages draw with the fonts of the page before), and no font PDFium
    makes for the next page can take the address of one whose widths are kept."""
    widths: dict[int, dict[int, float | None]] = {}
    pages: list[PageContent] = []
    previous: _Handle | None = None
    try:
        for index in range(len(document)):
            page = _load_page(document.raw, index)
            if not page:
                raise CorruptFileError(path, N_("PDFium cannot load page {page}"), {"page": index + 1})
            try:
                pages.append(_page(path, page, index, _TEXTS, widths))
            finally:
                if previous is not None:
                    _close_page(previous)
                previous = page
    finally:
        if previous is not None:
            _close_page(previous)
    return pages


def _page(path: Path, page: _Handle, index: int, texts: dict[int, str],
          widths: dict[int, dict[int, float | None]]) -> PageContent:
    """One open page. ``texts`` holds the text of each code point met before; ``widths``, per
    font of the page before, the advance width of each code asked, and leaves with this
    page's fonts alone."""
    x0, y0, x1, y1 = _mediabox(page)
    rotation = _rotation(page)
    if rotation < 0:
        raise CorruptFileError(path, N_("PDFium cannot read the rotation of page {page}"), {"page": index + 1})
    ctm = page_matrix(90 * rotation, (x0, y0, x1, y1))
    (ax, ay), (bx, by) = apply(ctm, (x0, y0)), apply(ctm, (x1, y1))
    content = PageContent(index + 1, abs(bx - ax), abs(by - ay))
    textpage = _load_textpage(page)
    if not textpage:
        raise CorruptFileError(path, N_("PDFium cannot read the text of page {page}"), {"page": index + 1})
    try:
        drawn = _collect_chars(_argument(textpage.value), ctm, content, texts, widths)
    finally:
        _close_textpage(textpage)
    scratch = _Scratch()
    for obj, kind, matrix in _objects(_argument(page.value), _count_objects, _page_object, ctm, drawn):
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            content.images += 1
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            _collect_path(obj, matrix, content, scratch)
    content.chars = drop_fake_bold(content.chars)
    return content


def _mediabox(page: _Handle) -> tuple[float, float, float, float]:
    """The page's media box; US Letter where the page has none of its own, as pypdfium2's
    ``get_mediabox`` has it (in integers, as it does)."""
    box = (ctypes.c_float * 4)()
    if not _get_mediabox(page, *_pointers(box)):
        return (0, 0, 612, 792)
    return box[0], box[1], box[2], box[3]


class _Handle(ctypes.c_void_p):
    """A PDFium handle as a function returns it: ctypes keeps it a pointer object, so it goes
    back into PDFium as it came out."""


def _argument(address: int | None) -> Any:
    """The PDFium object at ``address`` as an argument to pass to the functions asked about
    it many times: ctypes passes a pointer object (a :class:`_Handle`) by making a new
    argument of it on every call, but takes a ``byref()`` as it is, and a ``byref()`` of the
    memory at the address is the address. Its contents are never read through it."""
    return ctypes.byref(ctypes.c_char.from_address(address or 0))


def _lean(function: Any, restype: Any = ctypes.c_int, *arguments: Any, long: bool = False) -> Any:
    """``function`` without argument types, so ctypes converts nothing on the way in: a third
    of what a call costs, and a page makes thousands of calls. Indices go in as Python ints
    (C ints), pointers only as ctypes objects (a :class:`_Handle`, an array, ``byref``): an
    address given as a Python int would be cut to a C int. A function asked about objects
    known by their address (a text object, a font) declares its ``arguments`` instead, so
    the address goes in as it is: cheaper than making a handle of it for each call.

    A quick call keeps the interpreter's lock, whose letting go and taking back cost a fifth
    of the call; a ``long`` one (parsing a page) lets other threads run meanwhile."""
    address = ctypes.cast(function, ctypes.c_void_p).value or 0
    prototype = ctypes.CFUNCTYPE if long else ctypes.PYFUNCTYPE
    return prototype(restype, *arguments)(address)


_load_page = _lean(raw.FPDF_LoadPage, _Handle, long=True)
_close_page = _lean(raw.FPDF_ClosePage, None)
_get_mediabox = _lean(raw.FPDFPage_GetMediaBox)
_rotation = _lean(raw.FPDFPage_GetRotation)
_load_textpage = _lean(raw.FPDFText_LoadPage, _Handle, long=True)
_close_textpage = _lean(raw.FPDFText_ClosePage, None)
_count_chars = _lean(raw.FPDFText_CountChars)
_get_text = _lean(raw.FPDFText_GetText)
_unicode = _lean(raw.FPDFText_GetUnicode, ctypes.c_uint)
_map_error = _lean(raw.FPDFText_HasUnicodeMapError)
_text_object = _lean(raw.FPDFText_GetTextObject, ctypes.c_void_p)
_char_origin = _lean(raw.FPDFText_GetCharOrigin)
_loose_box = _lean(raw.FPDFText_GetLooseCharBox)
_char_matrix = _lean(raw.FPDFText_GetMatrix)
_text_font_size = _lean(raw.FPDFText_GetFontSize, ctypes.c_double)
_font = _lean(raw.FPDFTextObj_GetFont, ctypes.c_void_p, ctypes.c_void_p)
_glyph_width = _lean(raw.FPDFFont_GetGlyphWidth, ctypes.c_int, ctypes.c_void_p, ctypes.c_uint, ctypes.c_float,
                     ctypes.POINTER(ctypes.c_float))
_count_objects = _lean(raw.FPDFPage_CountObjects)
_page_object = _lean(raw.FPDFPage_GetObject, ctypes.c_void_p)
_form_count = _lean(raw.FPDFFormObj_CountObjects)
_form_child = _lean(raw.FPDFFormObj_GetObject, ctypes.c_void_p)
_object_type = _lean(raw.FPDFPageObj_GetType)
_get_matrix = _lean(raw.FPDFPageObj_GetMatrix)
_fill_color = _lean(raw.FPDFPageObj_GetFillColor)
_draw_mode = _lean(raw.FPDFPath_GetDrawMode)
_count_segments = _lean(raw.FPDFPath_CountSegments)
_segment = _lean(raw.FPDFPath_GetPathSegment, _Handle)
_segment_type = _lean(raw.FPDFPathSegment_GetType)
_segment_point = _lean(raw.FPDFPathSegment_GetPoint)
_segment_close = _lean(raw.FPDFPathSegment_GetClose)
# The font size FPDFFont_GetGlyphWidth is asked at: widths come back per unit of size.
_UNIT = ctypes.c_float(1.0)
# The scaling and skewing parts (a, b, c, d) of an FS_MATRIX, read in one step.
_SCALES = struct.Struct("4f")
# What PDFium's page text holds for a character whose code point it keeps apart (a hyphen
# at a line's end, a glyph mapped to nothing).
_SET_APART = "\ufffe"
# The code PDFium gives a hyphen it takes to break a word at a line's end, and the hyphen.
_LINE_END_HYPHEN, _HYPHEN = 0x02, 0x2D
# A glyph while the page is read: [text, text object, origin x, origin y, box x0, y0, x1, y1,
# font size, PDFium's character index (to ask for its loose box when it is needed), and what
# its text object's glyphs share: its font's advance widths, the font, upright or not,
# horizontal scale]. A text object's latest glyph stands for the object, so a page of one
# object per glyph makes one list per glyph.
_TEXT, _OBJ, _X, _Y, _X0, _Y0, _X1, _Y1, _SIZE, _INDEX = range(10)


def _collect_chars(textpage: Any, ctm: Matrix, content: PageContent, texts: dict[int, str],
                   widths: dict[int, dict[int, float | None]]) -> KeysView[int]:
    """Add the page's glyphs to ``content``; the text objects that drew characters."""
    glyphs, vertical, drawn = _glyphs(textpage, content, texts, widths)
    a, b, c, d, e, f = ctm
    straight = b == 0 and c == 0 and a > 0 and d > 0
    append = content.chars.append
    # An upright page whose media box starts at the origin leaves its glyphs where they are.
    moved = not (straight and a == d == 1 and _unmoved(e) and _unmoved(f)) or bool(vertical)
    for text, obj, x, y, x0, y0, x1, y1, size, _, _, _, _, _ in glyphs:
        if moved:
            if obj in vertical:
                # Written top to bottom, pdfminer's box is one font size square from the origin.
                x0, y0, x1, y1 = x, y, x + size, y + size
            if straight:
                x0, y0, x1, y1 = a * x0 + e, d * y0 + f, a * x1 + e, d * y1 + f
            else:
                x0, x1, y0, y1 = transformed_box(ctm, (x0, y0, x1, y1))
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        height = y1 - y0
        append(Char(text, x0, y0, x1, y1, 0.1 if height < 0.1 else height))
    return drawn


def _unmoved(shift: float) -> bool:
    """Whether adding ``shift`` leaves every coordinate as it is: a negative zero does (a
    positive one would turn a negative zero positive), as a media box starting at 0 gives."""
    return shift == 0 and copysign(1.0, shift) < 0


def _codes(textpage: Any, count: int) -> tuple[list[int], bool]:
    """Every character's code point, from the page's text in one call where it lines up one
    for one with the characters; else (a code point beyond 16 bits, a control character
    left out of the text) one character at a time. And whether any is half of a surrogate
    pair: PDFium keeps a code point beyond 16 bits as two characters."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = _get_text(textpage, 0, count, buffer)
    text = bytes(buffer)[: 2 * max(written - 1, 0)].decode("utf-16-le", "surrogatepass")
    if len(text) != count:
        codes = [_code(textpage, i) for i in range(count)]
        return codes, any(0xD800 <= code <= 0xDFFF for code in codes)
    codes = list(map(ord, text))
    i = text.find(_SET_APART)
    while i >= 0:
        codes[i] = _code(textpage, i)
        i = text.find(_SET_APART, i + 1)
    return codes, False


def _code(textpage: Any, index: int) -> int:
    """One character's code point; a hyphen PDFium marks as ending a line is the hyphen."""
    code: int = _unicode(textpage, index)
    return _HYPHEN if code == _LINE_END_HYPHEN else code


def _paired(text: str) -> str:
    """``text`` with each surrogate pair joined into its code point (one glyph drawn at one
    origin, which PDFium gives as two characters); a lone half is no character."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _glyphs(textpage: Any, content: PageContent, texts: dict[int, str],
            kept: dict[int, dict[int, float | None]]) -> tuple[list[list[Any]], set[int], KeysView[int]]:
    """The visible characters, each boxed as pdfminer boxes it: from the baseline up one font
    size, from the origin as far as the font's advance width for it; and the text objects
    among them written top to bottom.

    A ligature mapped to several letters ("ff") comes from PDFium as one character per letter
    at the same origin; pdfminer keeps it whole, and apart the letters would look like a glyph
    drawn twice (fake bold) and lose one, so they are joined into one glyph here.

    A text object's font, direction and size are the same for every character it draws, so
    they are asked once per object, into buffers shared by the whole page; a glyph's advance
    width once per font and code, ``kept`` holding those of the fonts of the page before
    (and left with those of this page's fonts). The spaces and
    line breaks PDFium makes up go with the real ones, as blanks: PDFium's own never lack a
    Unicode mapping, so they need no question of their own.

    Which fonts write top to bottom (as in narrow row labels) PDFium tells in the advance it
    gives for a glyph: a vertical font's is its vertical advance, downward, so negative. Any
    glyph of such a font is boxed as written down, as pdfminer decides by the font alone. The
    glyphs show it too: within one text object each origin sits straight below the one
    before; and older PDFium builds draw a lone vertical glyph's loose box in unscaled text
    space, over three font sizes wide.
    """
    doubles = (ctypes.c_double * 2)()
    x_at, y_at = ctypes.byref(doubles), ctypes.byref(doubles, ctypes.sizeof(ctypes.c_double))
    single = ctypes.c_float()
    single_at = ctypes.byref(single)
    matrix = raw.FS_MATRIX()
    matrix_at = ctypes.byref(matrix)
    scales = _SCALES.unpack_from
    map_error, text_object, char_origin, glyph_width = _map_error, _text_object, _char_origin, _glyph_width
    fonts: dict[int, dict[int, float | None]] = {}  # per font of the page: the advance width of each code asked
    objects: dict[int, list[Any]] = {}  # per text object: its latest glyph
    below: dict[int, bool] = {}  # per upright object of several glyphs: each straight below the one before
    wide: set[int] = set()  # upright objects whose first glyph is over three font sizes wide
    downward: set[int] = set()  # objects whose font advances downward: written top to bottom
    out: list[list[Any]] = []
    append = out.append
    last: list[Any] = []
    last_key, last_x, last_y = 0, 0.0, 0.0
    codes, halves = _codes(textpage, _count_chars(textpage))
    for i, code in enumerate(codes):
        text: str | None
        if map_error(textpage, i) == 1:
            text = UNMAPPED
            content.unmapped += 1
        else:
            text = texts.get(code)
            if text is None:
                text = _visible(code)
                if len(texts) < _TEXTS_KEPT:
                    texts[code] = text
            if not text:
                continue
        key = text_object(textpage, i)
        before = objects.get(key)
        if before is None:
            if not key:
                continue  # drawn by no text object PDFium can name: nothing to measure it by
            size = _text_font_size(textpage, i)
            _char_matrix(textpage, i, matrix_at)
            a, b, c, d = scales(matrix)
            upright = b == 0 and c == 0
            font = _font(key) or 0
            widths = fonts.get(font)
            if widths is None:
                widths = fonts[font] = kept.get(font) or {}
            fontsize, xscale = size * (d if upright else 1.0), size * a
        else:
            _, _, _, _, _, _, _, _, fontsize, _, widths, font, upright, xscale = before
        char_origin(textpage, i, x_at, y_at)
        x, y = doubles[0], doubles[1]
        if upright:
            advance = widths.get(code)
            if advance is None and code not in widths:
                advance = widths[code] = single.value if font and glyph_width(font, code, _UNIT, single_at) else None
            if advance is not None:
                if advance < 0:
                    downward.add(key)
                x1, y1 = x + advance * xscale, y + fontsize
                x0, y0 = x, y
            else:
                x0, _, x1, _ = _loose(textpage, i)
                y0, y1 = y, y + fontsize
        else:
            x0, y0, x1, y1 = _loose(textpage, i)
        if key == last_key and x == last_x and y == last_y:
            reach = max(_loose(textpage, last[_INDEX])[2], _loose(textpage, i)[2])
            last[_TEXT] += text
            last[_X0], last[_Y0] = min(last[_X0], x0), min(last[_Y0], y0)
            last[_X1], last[_Y1] = max(last[_X1], x1, reach), max(last[_Y1], y1)
            if upright and last[_X1] - last[_X0] > 3 * fontsize:
                wide.add(key)
            continue
        last = [text, key, x, y, x0, y0, x1, y1, fontsize, i, widths, font, upright, xscale]
        last_key, last_x, last_y = key, x, y
        append(last)
        objects[key] = last
        if upright:
            if before is None:
                if x1 - x0 > 3 * fontsize:
                    wide.add(key)
            else:
                below[key] = below.get(key, True) and abs(before[_X] - x) < 0.01 and y < before[_Y]
    kept.clear()
    kept.update(fonts)
    if halves:
        for glyph in out:
            glyph[_TEXT] = _paired(glyph[_TEXT])
    vertical = {handle for handle, straight in below.items() if straight} | (wide - below.keys()) | downward
    return out, vertical, objects.keys()


def _visible(code: int) -> str:
    """The text a code point's glyph stands for; empty for a blank."""
    text = chr(code)
    text = COMPATIBILITY.get(code, text)
    return "" if text.isspace() or text == "\x00" else text


def _loose(textpage: Any, index: int) -> tuple[float, float, float, float]:
    """PDFium's own box for a character (left, bottom, right, top); a ligature's spans all of it."""
    rect = raw.FS_RECTF()
    _loose_box(textpage, index, ctypes.byref(rect))
    return rect.left, rect.bottom, rect.right, rect.top


def _objects(parent: Any, count: Any, get: Any, matrix: Matrix, texts: KeysView[int]) -> list[tuple[Any, int, Matrix]]:
    """Page objects other than text with their kind and the matrix that takes them to page
    space, descending into forms. ``texts`` are text objects already known (from the
    characters they drew), which need no question about their kind. ``get`` gives each
    object's address as a plain int, made an argument only for the few objects asked
    more: a page of one text object per glyph has thousands."""
    out: list[tuple[Any, int, Matrix]] = []
    others = [address for index in range(count(parent)) if (address := get(parent, index)) and address not in texts]
    for address in others:
        obj = _argument(address)
        kind = _object_type(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            out += _objects(obj, _form_count, _form_object, compose(_object_matrix(obj), matrix), texts)
        elif kind != raw.FPDF_PAGEOBJ_TEXT:
            out.append((obj, kind, matrix))
    return out


def _form_object(form: Any, index: int) -> int | None:
    """A form's child object: PDFium counts them in unsigned longs, wider than a C int."""
    child: int | None = _form_child(form, ctypes.c_ulong(index))
    return child


def _object_matrix(obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if not _get_matrix(obj, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


class _Scratch:
    """Buffers PDFium writes a path's draw mode, fill colour and points into, allocated once
    a page rather than once a path."""

    __slots__ = ("modes", "modes_at", "rgba", "rgba_at", "x_at", "xy", "y_at")

    def __init__(self) -> None:
        self.modes = (ctypes.c_int * 2)()
        self.modes_at = _pointers(self.modes)
        self.rgba = (ctypes.c_uint * 4)()
        self.rgba_at = _pointers(self.rgba)
        self.xy = (ctypes.c_float * 2)()
        self.x_at, self.y_at = _pointers(self.xy)


def _pointers(array: Any) -> tuple[Any, ...]:
    """A pointer to each element of ``array``, for functions that write one value apiece."""
    step = ctypes.sizeof(array._type_)
    return tuple(ctypes.byref(array, k * step) for k in range(len(array)))


def _collect_path(obj: Any, outer: Matrix, content: PageContent, scratch: _Scratch) -> None:
    """The rules a path draws. One neither stroked nor filled in a visible colour draws none,
    and is left unread: word processors lay a white rectangle under most table cells."""
    modes = scratch.modes
    if not _draw_mode(obj, *scratch.modes_at):
        return
    stroke = bool(modes[1])
    fill = False
    if modes[0] != _FILL_NONE:
        rgba = scratch.rgba
        fill = not _fill_color(obj, *scratch.rgba_at) or min(rgba[0], rgba[1], rgba[2]) < 253
    if not fill and not stroke:
        return
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
        add_path_segments(content, sub, stroke=stroke, fill=fill)


def _metadata(document: pdfium.PdfDocument) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in _METADATA:
        value = document.get_metadata_value(key).strip("\x00 ").strip()
        if value:
            out[key.lower()] = value
    return out
