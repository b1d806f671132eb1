"""OFD pages (GB/T 33190) reduced to the glyphs and rules the PDF stages place.

An OFD is a zip of XML parts: ``OFD.xml`` names each document's ``Document.xml``, which lists
its pages and templates; a page's ``Content.xml`` draws text objects (each character's place
given by ``X``/``Y`` and the ``DeltaX``/``DeltaY`` steps) and path objects (``AbbreviatedData``).
Everything is in millimetres, y down, inside each object's ``Boundary`` and ``CTM``; it is
turned here into points, y up, so the page is the same :class:`~.pdf_page.PageContent` a PDF
parser gives and the grid, table and text stages read it unchanged.

Every part comes through the zip budget and the DOCTYPE-refusing parser, as a DOCX's do.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import CorruptFileError, EncryptedFileError, TooComplexError
from ..i18n import N_
from ..limits import current
from .pdf_page import (
    COMPATIBILITY,
    Char,
    DocumentContent,
    Matrix,
    PageContent,
    add_path_segments,
    apply,
    compose,
    drop_fake_bold,
    transformed_box,
)
from .safety import ZipBudget, open_zip, parse_xml

ROOT = "OFD.xml"
#: Points per millimetre: the PDF stages' thresholds are in points.
POINTS_PER_MM = 72 / 25.4
_Area = tuple[float, float, float, float]
#: An A4 page, for a document that gives no page area at all.
_A4: _Area = (0.0, 0.0, 210.0, 297.0)
#: Share of the font size a narrow (Latin, digit) glyph is taken to advance, when the file
#: gives no step after it; wide (CJK) glyphs advance one font size.
_NARROW = 0.5
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
#: Numbers each AbbreviatedData command takes.
_ARGUMENTS = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def load_document(path: Path) -> DocumentContent:
    """Every page of every document in the package, in order."""
    with open_zip(path) as archive:
        for info in archive.infolist():
            if info.flag_bits & 0x1:
                raise EncryptedFileError(path, N_("zip member {member} is encrypted"), {"member": info.filename})
        budget = ZipBudget(archive, path)
        names = budget.names()
        if ROOT not in names:
            raise CorruptFileError(path, N_("no {part} at the root of the archive; not an OFD"), {"part": ROOT})
        if any(posixpath.basename(name).lower() == "encryptions.xml" for name in names):
            raise EncryptedFileError(path, N_("the package carries an Encryptions.xml"))
        return _Package(path, budget).read()


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _children(el: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in el if _local(child) == name)


def _child(el: etree._Element | None, name: str) -> etree._Element | None:
    return None if el is None else next(_children(el, name), None)


def _text(el: etree._Element | None) -> str:
    return "" if el is None else "".join(el.itertext()).strip()


@dataclass(slots=True)
class _Budget:
    """Drawing work and characters over the whole file, refused past the limits as they are spent."""

    path: Path
    operations: int = 0
    chars: int = 0

    def spend(self, amount: int = 1) -> None:
        self.operations += amount
        limit = current().operations
        if self.operations > limit:
            raise TooComplexError(self.path, N_("more than {limit} drawing operations (limit operations={limit})"),
                                  {"limit": limit})

    def glyphs(self, amount: int) -> None:
        self.chars += amount
        limit = current().chars
        if self.chars > limit:
            raise TooComplexError(self.path, N_("more than {limit} characters (limit chars={limit})"), {"limit": limit})


@dataclass(slots=True)
class _Page:
    """One page to draw: its content part and the templates drawn with it."""

    part: str
    root: etree._Element
    templates: list[str] = field(default_factory=list)


class _Package:
    def __init__(self, path: Path, budget: ZipBudget) -> None:
        self.path = path
        self.zip = budget
        self.work = _Budget(path)
        self.templates: dict[str, etree._Element] = {}

    def part(self, name: str, kind: str) -> etree._Element:
        """A part whose root must be ``kind`` (a page pointing at its document is damage)."""
        root = parse_xml(self.zip.read(name), self.path, name)
        found = _local(root)
        if found != kind:
            if not found:
                raise CorruptFileError(self.path, N_("{part}: expected an ofd:{kind}, found nothing"),
                                       {"part": name, "kind": kind})
            raise CorruptFileError(self.path, N_("{part}: expected an ofd:{kind}, found {found}"),
                                   {"part": name, "kind": kind, "found": found})
        return root

    def resolve(self, base: str, loc: str | None, what: str) -> str:
        """A package path from a ``BaseLoc``/``DocRoot``: absolute from the root, else relative
        to the folder of the part naming it; never outside the package."""
        if not loc or not loc.strip():
            raise CorruptFileError(self.path, N_("{part}: {what} names no part"), {"part": base, "what": what})
        loc = loc.strip().replace("\\", "/")
        joined = loc.lstrip("/") if loc.startswith("/") else posixpath.join(posixpath.dirname(base), loc)
        name = posixpath.normpath(joined)
        if name.startswith("../") or name in ("..", "."):
            raise CorruptFileError(self.path, N_("{part}: {what} {location} points outside the package"),
                                   {"part": base, "what": what, "location": repr(loc)})
        return name

    def read(self) -> DocumentContent:
        root = self.part(ROOT, "OFD")
        bodies = list(_children(root, "DocBody"))
        if not bodies:
            raise CorruptFileError(self.path, N_("{part} has no DocBody; not an OFD"), {"part": ROOT})
        metadata = _metadata(_child(bodies[0], "DocInfo"))
        documents = [self.resolve(ROOT, _text(_child(body, "DocRoot")), "DocRoot") for body in bodies]
        plans = [self._plan(name) for name in documents]
        total = sum(len(pages) for _, _, pages in plans)
        limit = current().pages
        if total > limit:
            raise TooComplexError(self.path, N_("more than {limit} pages (limit pages={limit})"), {"limit": limit})
        out: list[PageContent] = []
        for area, templates, pages in plans:
            for page_part in pages:
                out.append(self._page(len(out) + 1, page_part, area, templates))
        return DocumentContent(out, metadata)

    def _plan(self, document: str) -> tuple[_Area, dict[str, str], list[str]]:
        """A document's default page area, its templates (by ID) and page parts, in page order."""
        root = self.part(document, "Document")
        common = _child(root, "CommonData")
        area = _box(_child(_child(common, "PageArea"), "PhysicalBox"), _A4)
        templates = {
            str(t.get("ID")): self.resolve(document, t.get("BaseLoc"), "TemplatePage")
            for t in (_children(common, "TemplatePage") if common is not None else ())
        }
        pages_el = _child(root, "Pages")
        pages = [self.resolve(document, p.get("BaseLoc"), "Page")
                 for p in (_children(pages_el, "Page") if pages_el is not None else ())]
        return area, templates, pages

    def _page(self, number: int, part: str, area: _Area,
              templates: dict[str, str]) -> PageContent:
        root = self.part(part, "Page")
        x0, y0, width, height = _box(_child(_child(root, "Area"), "PhysicalBox"), area)
        content = PageContent(number, width * POINTS_PER_MM, height * POINTS_PER_MM)
        # Millimetres, y down, from the page area's corner, to points, y up.
        matrix = (POINTS_PER_MM, 0.0, 0.0, -POINTS_PER_MM, -x0 * POINTS_PER_MM, (y0 + height) * POINTS_PER_MM)
        for use in _children(root, "Template"):
            ident = str(use.get("TemplateID", ""))
            if ident not in templates:
                raise CorruptFileError(self.path, N_("{part}: template {template} is not in the document"),
                                       {"part": part, "template": repr(ident)})
            if templates[ident] == part:
                raise CorruptFileError(self.path, N_("{part}: the page is its own template"), {"part": part})
            if templates[ident] not in self.templates:  # shared by many pages: inflated once
                self.templates[templates[ident]] = self.part(templates[ident], "Page")
            self._draw(self.templates[templates[ident]], matrix, content)
        self._draw(root, matrix, content)
        content.chars = drop_fake_bold(content.chars)
        return content

    def _draw(self, page: etree._Element, matrix: Matrix, content: PageContent) -> None:
        body = _child(page, "Content")
        if body is None:
            return
        for layer in _children(body, "Layer"):
            self._objects(layer, matrix, content)

    def _objects(self, parent: etree._Element, matrix: Matrix, content: PageContent) -> None:
        for obj in parent:
            kind = _local(obj)
            self.work.spend()
            if obj.get("Visible", "true").strip().lower() == "false":
                continue
            if kind == "PageBlock":
                self._objects(obj, matrix, content)
            elif kind == "TextObject":
                self._text_object(obj, _object_matrix(obj, matrix), content)
            elif kind == "PathObject":
                self._path_object(obj, _object_matrix(obj, matrix), content)
            elif kind == "ImageObject":
                content.images += 1

    def _text_object(self, obj: etree._Element, matrix: Matrix, content: PageContent) -> None:
        size = _number(obj.get("Size"), 0.0)
        if size <= 0:
            return
        hscale = _number(obj.get("HScale"), 1.0)
        edge = _right_edge(obj)
        codes = [code for code in _children(obj, "TextCode") if code.text]
        x = y = 0.0
        for code in codes:
            text = code.text or ""
            self.work.glyphs(len(text))
            self.work.spend(len(text))
            x = _number(code.get("X"), x)
            y = _number(code.get("Y"), y)
            steps_x = _steps(code.get("DeltaX"), len(text) - 1)
            steps_y = _steps(code.get("DeltaY"), len(text) - 1)
            vertical = bool(steps_y) and not any(steps_x)
            for i, ch in enumerate(text):
                dx = steps_x[i] if i < len(steps_x) else None
                if not ch.isspace():
                    wide = size if vertical else _advance(ch, size, dx) * hscale
                    if edge is not None and code is codes[-1] and i == len(text) - 1 and 0 < edge - x <= size:
                        wide = edge - x  # the last glyph ends where the object's boundary does
                    _add_char(content, ch.translate(COMPATIBILITY), matrix, (x, y - size, x + wide, y))
                if dx is not None:
                    x += dx
                elif not vertical:  # no step given: the glyph's own advance, along the line
                    x += _advance(ch, size, None) * hscale
                y += steps_y[i] if i < len(steps_y) else 0.0

    def _path_object(self, obj: etree._Element, matrix: Matrix, content: PageContent) -> None:
        stroke = obj.get("Stroke", "true").strip().lower() != "false"
        fill = obj.get("Fill", "false").strip().lower() == "true"
        if fill and _white(_child(obj, "FillColor")):
            fill = False
        if not (stroke or fill):
            return
        data = _text(_child(obj, "AbbreviatedData"))
        for points in self._subpaths(data):
            placed = [(_snap(x), _snap(y)) for x, y in (apply(matrix, p) for p in points)]
            add_path_segments(content, placed, stroke=stroke, fill=fill)
        lines = len(content.horizontals) + len(content.verticals)
        limit = current().grid_lines
        if lines > limit:
            raise TooComplexError(
                self.path, N_("more than {limit} ruling lines on page {page} (limit grid_lines={limit})"),
                {"limit": limit, "page": content.number})

    def _subpaths(self, data: str) -> Iterator[list[tuple[float, float]]]:
        """The straight subpaths of an AbbreviatedData path; curved ones are no table rules."""
        points: list[tuple[float, float]] = []
        curved = False
        tokens = _TOKEN.finditer(data)
        for match in tokens:
            command = match.group()
            if command not in _ARGUMENTS:
                raise CorruptFileError(self.path, N_("path data: unexpected {token}"), {"token": repr(command[:20])})
            self.work.spend()
            args: list[float] = []
            for _ in range(_ARGUMENTS[command]):
                value = next(tokens, None)
                if value is None or not _NUMBER.fullmatch(value.group()):
                    raise CorruptFileError(self.path, N_("path data: {command} lacks its numbers"),
                                           {"command": command})
                args.append(float(value.group()))
            if command in ("S", "M"):
                if len(points) > 1 and not curved:
                    yield points
                points, curved = [(args[0], args[1])], False
            elif command == "C":
                if points and points[-1] != points[0]:
                    points.append(points[0])
            else:
                curved = curved or command != "L"
                points.append((args[-2], args[-1]))
        if len(points) > 1 and not curved:
            yield points


def _metadata(info: etree._Element | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in ("Title", "Author", "Creator"):
        value = _text(_child(info, key))
        if value:
            out[key.lower()] = value
    return out


def _box(el: etree._Element | None, default: _Area) -> _Area:
    values = _numbers(_text(el), 4)
    if len(values) != 4 or values[2] <= 0 or values[3] <= 0:
        return default
    return values[0], values[1], values[2], values[3]


def _object_matrix(obj: etree._Element, outer: Matrix) -> Matrix:
    """Object space to page points: the object's CTM, then its Boundary's corner, then the page's."""
    x, y, _, _ = _box_or_origin(obj.get("Boundary"))
    ctm = _numbers(obj.get("CTM") or "", 6)
    inner = (ctm[0], ctm[1], ctm[2], ctm[3], ctm[4], ctm[5]) if len(ctm) == 6 else _IDENTITY
    return compose(compose(inner, (1.0, 0.0, 0.0, 1.0, x, y)), outer)


def _right_edge(obj: etree._Element) -> float | None:
    """The right side of a text object's Boundary in its own space, where the CTM keeps it upright.

    The file gives no glyph widths, only steps between glyphs; the boundary is the one place
    that says how far the last glyph reaches."""
    width = _box_or_origin(obj.get("Boundary"))[2]
    ctm = _numbers(obj.get("CTM") or "", 6)
    if len(ctm) != 6:
        return width if width > 0 else None
    a, b, c, _, e, _ = ctm
    return (width - e) / a if width > 0 and a > 0 and b == 0 and c == 0 else None


def _box_or_origin(text: str | None) -> tuple[float, float, float, float]:
    values = _numbers(text or "", 4)
    return (values[0], values[1], values[2], values[3]) if len(values) == 4 else (0.0, 0.0, 0.0, 0.0)


def _numbers(text: str, most: int) -> list[float]:
    out: list[float] = []
    for match in _NUMBER.finditer(text):
        out.append(float(match.group()))
        if len(out) >= most:
            break
    return out


def _number(text: str | None, default: float) -> float:
    values = _numbers(text or "", 1)
    return values[0] if values else default


def _steps(text: str | None, wanted: int) -> list[float]:
    """The first ``wanted`` steps of a DeltaX/DeltaY list, ``g N D`` standing for N steps of D.

    Only as many as there are characters are expanded, so a hostile ``g 999999999 1`` or a
    list longer than its text costs nothing."""
    out: list[float] = []
    if not text or wanted <= 0:
        return out
    tokens = iter(text.split(maxsplit=3 * wanted + 3))
    for token in tokens:
        if len(out) >= wanted:
            break
        if token == "g":
            count, value = next(tokens, ""), next(tokens, "")
            if not (_NUMBER.fullmatch(count) and _NUMBER.fullmatch(value)):
                break
            out.extend([float(value)] * min(max(int(float(count)), 0), wanted - len(out)))
        elif _NUMBER.fullmatch(token):
            out.append(float(token))
        else:
            break
    return out


def _advance(ch: str, size: float, step: float | None) -> float:
    """How far a glyph reaches, the file giving only the step to the next one.

    A wide glyph is a font size, never past the next. A narrow one (a Latin letter is from a
    quarter to nearly a whole font size) fills its step up to a font size: a space between
    words is a character of its own in the text code, so a step holds no word gap; with no
    step it is taken as half a font size."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return step if step is not None and 0 < step < size else size
    return step if step is not None and 0 < step <= size else _NARROW * size


def _add_char(content: PageContent, text: str, matrix: Matrix, box: tuple[float, float, float, float]) -> None:
    x0, x1, y0, y1 = (_snap(v) for v in transformed_box(matrix, box))
    content.chars.append(Char(text, x0, y0, x1, y1, max(y1 - y0, 0.1)))


def _snap(value: float) -> float:
    """Points rounded to 1/10000: millimetre decimals turned into points carry noise far below
    any meaning, and a rule a producer placed exactly at a grid threshold must stay there."""
    return round(value, 4)


def _white(color: etree._Element | None) -> bool:
    values = _numbers(color.get("Value", "") if color is not None else "", 4)
    return len(values) == 3 and min(values) >= 253
