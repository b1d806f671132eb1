"""Characters and ruling segments straight from the PDF content stream.

pdfminer's layout objects (``LTChar`` and friends) and its layout analysis cost more than the
rest of the reader together, and their text order is wrong for tables anyway (a table comes
out column by column). So a small device collects only what placement needs: each glyph's
text and box, and each axis-aligned stroke or hairline rectangle that could be a table rule.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser, PDFSyntaxError
from pdfminer.pdftypes import resolve1
from pdfminer.utils import apply_matrix_pt, decode_text

from ..errors import CorruptFileError, EncryptedFileError, ReadError, TooComplexError, TooLargeError
from ..limits import current

# A filled rectangle this thin (points) is a drawn rule, not a background.
HAIRLINE = 2.0
# Shorter strokes are dots, hatching or glyph fragments, never table rules.
MIN_SEGMENT = 0.8
# How close (as a share of the font size) a second copy of a glyph must be to count as the
# second stroke of a fake bold rather than a real repeated character.
FAKE_BOLD_TOLERANCE = 0.2

UNMAPPED = "\ufffd"

Matrix = tuple[float, float, float, float, float, float]


@dataclass(slots=True)
class Char:
    """One visible glyph in page space (origin bottom-left, y up)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class Segment:
    """An axis-aligned rule: ``fixed`` is its y (horizontal) or x (vertical)."""

    fixed: float
    lo: float
    hi: float


@dataclass(slots=True)
class PageContent:
    """What one page holds once the content stream has been run."""

    number: int
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    horizontals: list[Segment] = field(default_factory=list)
    verticals: list[Segment] = field(default_factory=list)
    images: int = 0
    unmapped: int = 0


@dataclass(slots=True)
class DocumentContent:
    pages: list[PageContent]
    metadata: dict[str, str]
    truncated: bool = False


class _CollectingDevice(PDFTextDevice):
    """Records glyph boxes and rules without building pdfminer layout objects."""

    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr)
        self.page = PageContent(0, 0.0, 0.0)
        self._glyphs: dict[int, dict[int, tuple[str, float]]] = {}
        self._descents: dict[int, float] = {}
        self._limits = current()
        self._operations = 0

    def _count(self, amount: int = 1) -> None:
        """Count drawing work as it is done: forms drawing each other many times over, or a
        lattice of thousands of rules, end at the limit instead of running for hours."""
        self._operations += amount
        if self._operations > self._limits.operations:
            raise _Exceeded(f"more than {self._limits.operations} drawing operations "
                            f"(limit operations={self._limits.operations})")
        lines = len(self.page.horizontals) + len(self.page.verticals)
        if lines > self._limits.grid_lines:
            raise _Exceeded(f"more than {self._limits.grid_lines} ruling lines on page {self.page.number} "
                            f"(limit grid_lines={self._limits.grid_lines})")

    def begin_figure(self, name: str, bbox: Any, matrix: Matrix) -> None:
        self._count()

    def begin_page(self, page: PDFPage, ctm: Matrix) -> None:
        x0, y0, x1, y1 = page.mediabox
        (ax, ay), (bx, by) = apply_matrix_pt(ctm, (x0, y0)), apply_matrix_pt(ctm, (x1, y1))
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
        descent = self._descent(font) * fontsize + rise
        a, b, c, d, e, f = matrix
        if b == 0 and c == 0:
            x0, x1 = e, a * adv + e
            y0, y1 = d * descent + f, d * (descent + fontsize) + f
        else:
            x0, x1, y0, y1 = _transformed_box(matrix, (0.0, descent, adv, descent + fontsize))
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
            hit = (text if isinstance(text, str) else UNMAPPED, font.char_width(cid))
            table[cid] = hit
        return hit

    def _descent(self, font: PDFFont) -> float:
        value = self._descents.get(id(font))
        if value is None:
            value = float(font.get_descent())
            self._descents[id(font)] = value
        return value

    def _add_vertical_char(
        self, text: str, matrix: Matrix, font: PDFFont, fontsize: float, rise: float, cid: int, adv: float
    ) -> None:
        disp = font.char_disp(cid)
        raw_vx, raw_vy = disp if isinstance(disp, tuple) else (None, 880.0)
        vx = fontsize * 0.5 if raw_vx is None else raw_vx * fontsize * 0.001
        vy = (1000 - raw_vy) * fontsize * 0.001
        x0, x1, y0, y1 = _transformed_box(matrix, (-vx, vy + rise + adv, -vx + fontsize, vy + rise))
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
        if len(points) < 2:
            return
        if stroke:
            for p, q in pairwise(points):
                self._add_segment(p, q)
        elif fill and _is_axis_rectangle(points) and not _is_white(gstate.ncolor):
            self._add_hairline_rect(points)

    def _add_hairline_rect(self, points: list[tuple[float, float]]) -> None:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if y1 - y0 <= HAIRLINE and x1 - x0 > y1 - y0:
            mid = (y0 + y1) / 2
            self._add_segment((x0, mid), (x1, mid))
        elif x1 - x0 <= HAIRLINE and y1 - y0 > x1 - x0:
            mid = (x0 + x1) / 2
            self._add_segment((mid, y0), (mid, y1))

    def _add_segment(self, p: tuple[float, float], q: tuple[float, float]) -> None:
        dx, dy = abs(p[0] - q[0]), abs(p[1] - q[1])
        if dy < 0.5 and dx >= MIN_SEGMENT:
            self.page.horizontals.append(Segment((p[1] + q[1]) / 2, min(p[0], q[0]), max(p[0], q[0])))
        elif dx < 0.5 and dy >= MIN_SEGMENT:
            self.page.verticals.append(Segment((p[0] + q[0]) / 2, min(p[1], q[1]), max(p[1], q[1])))


Box = tuple[float, float, float, float]


def _transformed_box(matrix: Matrix, box: Box) -> Box:
    x0, y0, x1, y1 = box
    corners = [apply_matrix_pt(matrix, (x, y)) for x in (x0, x1) for y in (y0, y1)]
    xs = [p[0] for p in corners]
    ys = [p[1] for p in corners]
    return min(xs), max(xs), min(ys), max(ys)


def _subpath_points(path: Sequence[Any], ctm: Matrix) -> list[tuple[float, float]]:
    """Straight-line vertices of one subpath; a curve breaks the chain (it is no rule)."""
    points: list[tuple[float, float]] = []
    for op in path:
        kind = op[0]
        if kind in ("m", "l") and len(op) >= 3:
            points.append(apply_matrix_pt(ctm, (float(op[-2]), float(op[-1]))))
        elif kind == "h" and points:
            points.append(points[0])
        elif kind in ("c", "v", "y"):
            return []
    return points


def _is_axis_rectangle(points: list[tuple[float, float]]) -> bool:
    if len(points) not in (4, 5):
        return False
    xs = {round(p[0], 1) for p in points}
    ys = {round(p[1], 1) for p in points}
    return len(xs) <= 2 and len(ys) <= 2


def _is_white(color: Any) -> bool:
    """Background fills in white are invisible and must not become table rules."""
    if isinstance(color, (int, float)):
        return float(color) >= 0.99
    if isinstance(color, (list, tuple)):
        values = [float(v) for v in color if isinstance(v, (int, float))]
        if len(values) == 3:
            return min(values) >= 0.99
        if len(values) == 4:
            return max(values) <= 0.01
        if len(values) == 1:
            return values[0] >= 0.99
    return False


def drop_fake_bold(chars: list[Char]) -> list[Char]:
    """Remove the second copy of glyphs drawn twice at almost the same spot (fake bold)."""
    seen: dict[tuple[str, int, int], list[Char]] = {}
    kept: list[Char] = []
    for ch in chars:
        kx, ky = int(ch.x0 // 2), int(ch.y0 // 2)
        tol = ch.size * FAKE_BOLD_TOLERANCE
        duplicate = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other in seen.get((ch.text, kx + dx, ky + dy), ()):
                    if abs(other.x0 - ch.x0) <= tol and abs(other.y0 - ch.y0) <= tol:
                        duplicate = True
                        break
        if not duplicate:
            seen.setdefault((ch.text, kx, ky), []).append(ch)
            kept.append(ch)
    return kept


class _Exceeded(Exception):
    """A limit was reached while pdfminer was drawing; it becomes a ``TooComplexError``."""


def load_document(path: Path) -> DocumentContent:
    """Run every page through the collecting device, turning pdfminer failures into ReadErrors."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorruptFileError(path, f"cannot open: {exc.strerror or exc}") from exc
    _check_header(path, data)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        content = _load_repairing(data)
        content.truncated = is_truncated(data)
        return content
    except ReadError:
        raise
    except _Exceeded as exc:
        raise TooComplexError(path, str(exc)) from None
    except MemoryError:
        raise TooLargeError(path, "a stream inflates beyond the memory limit (limit memory_bytes)") from None
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedFileError(path, str(exc) or type(exc).__name__) from exc
    except Exception as exc:  # pdfminer raises many ad hoc types on damaged files
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise EncryptedFileError(path, str(exc)) from exc
        raise CorruptFileError(path, _corrupt_detail(data, exc)) from exc


def _check_header(path: Path, data: bytes) -> None:
    if not data:
        raise CorruptFileError(path, "the file is empty")
    if b"%PDF-" not in data[:1024]:
        raise CorruptFileError(path, "no %PDF- header in the first 1024 bytes; not a PDF")


def _corrupt_detail(data: bytes, exc: BaseException) -> str:
    cause = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    if is_truncated(data):
        return f"truncated: no %%EOF marker at the end ({len(data)} bytes); {cause}"
    return cause


def is_truncated(data: bytes) -> bool:
    return b"%%EOF" not in data[-2048:]


def _load_repairing(data: bytes) -> DocumentContent:
    """Read; if the cross-reference data is broken beyond pdfminer's own fallback, add a trailer.

    pdfminer rebuilds a lost xref table by scanning for objects, but it finds the catalog only
    through a ``trailer`` keyword, which files with cross-reference streams never have. Their
    ``/Root`` reference is still in the stream's dictionary, so a trailer naming it is enough.
    """
    try:
        return _load(data)
    except PDFSyntaxError as exc:
        roots = _ROOT_REF.findall(data)
        if "root" not in str(exc).lower() or not roots:
            raise
        number, generation = roots[-1]
        return _load(data + b"\ntrailer\n<< /Root " + number + b" " + generation + b" R >>\n")


_ROOT_REF = re.compile(rb"/Root\s+(\d+)\s+(\d+)\s+R")


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
            raise _Exceeded(f"more than {limit} pages (limit pages={limit})")
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
