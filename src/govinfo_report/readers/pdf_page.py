"""One page as the PDF draws it, whichever parser ran the content stream.

Both back-ends (pdfminer in :mod:`.pdf_chars`, PDFium in :mod:`.pdf_pdfium`) reduce a page to
the same few things placement needs: each glyph's text and box, and each axis-aligned stroke
or hairline rectangle that could be a table rule. Keeping the geometry here, free of either
parser, is what makes the two back-ends give the same layout.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise
from math import floor, isfinite
from operator import attrgetter
from pathlib import Path
from typing import Any

from ..errors import CorruptFileError
from ..files import file_bytes
from ..i18n import N_

# A filled rectangle this thin (points) is a drawn rule, not a background.
HAIRLINE = 2.0
# Shorter strokes are dots, hatching or glyph fragments, never table rules.
MIN_SEGMENT = 0.8
# How close (as a share of the font size) a second copy of a glyph must be to count as the
# second stroke of a fake bold rather than a real repeated character.
FAKE_BOLD_TOLERANCE = 0.2

UNMAPPED = "\ufffd"

# Latin ligatures (ﬁ, ﬀ) stand for their letters. PDFium hands them over as the letters, so
# both back-ends do. Radicals (⾦ for 金) are kept as the file maps them; the recognizer folds
# them for both.
COMPATIBILITY = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}

Matrix = tuple[float, float, float, float, float, float]


@dataclass(slots=True)
class Char:
    """One visible glyph in page space (origin bottom-left, y up): from its baseline up one
    font size, as wide as its advance. Fonts' own descents are left out: many writers leave
    them zero in the PDF, and parsers that fill them in from the font program would place
    the same glyph differently."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    # How sure the reader is of this glyph: 1.0 for a text layer, the recogniser's score for
    # text read by OCR from a page image.
    confidence: float = 1.0

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
    # The most any cell placed on this page can be trusted: below 1.0 where the page was read
    # from an image, since a digit OCR missed leaves an empty cell no glyph score can flag.
    confidence: float = 1.0


@dataclass(slots=True)
class DocumentContent:
    pages: list[PageContent]
    metadata: dict[str, str]
    truncated: bool = False

def add_path_segments(page: PageContent, points: list[tuple[float, float]], stroke: bool, fill: bool) -> None:
    """Record one straight-edged subpath (page space) as rules: every stroked edge, or a
    filled rectangle thin enough to be a drawn line. ``fill`` is False for invisible fills."""
    if len(points) < 2:
        return
    if stroke:
        for p, q in pairwise(points):
            _add_segment(page, p, q)
    elif fill and _is_axis_rectangle(points):
        _add_hairline_rect(page, points)


def _add_hairline_rect(page: PageContent, points: list[tuple[float, float]]) -> None:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    if y1 - y0 <= HAIRLINE and x1 - x0 > y1 - y0:
        mid = (y0 + y1) / 2
        _add_segment(page, (x0, mid), (x1, mid))
    elif x1 - x0 <= HAIRLINE and y1 - y0 > x1 - x0:
        mid = (x0 + x1) / 2
        _add_segment(page, (mid, y0), (mid, y1))


def _add_segment(page: PageContent, p: tuple[float, float], q: tuple[float, float]) -> None:
    dx, dy = abs(p[0] - q[0]), abs(p[1] - q[1])
    if dy < 0.5 and dx >= MIN_SEGMENT:
        page.horizontals.append(Segment((p[1] + q[1]) / 2, min(p[0], q[0]), max(p[0], q[0])))
    elif dx < 0.5 and dy >= MIN_SEGMENT:
        page.verticals.append(Segment((p[0] + q[0]) / 2, min(p[1], q[1]), max(p[1], q[1])))


def apply(matrix: Matrix, point: tuple[float, float]) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    x, y = point
    return a * x + c * y + e, b * x + d * y + f


def page_matrix(rotate: int, mediabox: tuple[float, float, float, float]) -> Matrix:
    """User space to the upright page with its origin at the media box's lower left corner."""
    x0, y0, x1, y1 = mediabox
    rotate %= 360
    if rotate == 90:
        return (0.0, -1.0, 1.0, 0.0, -y0, x1)
    if rotate == 180:
        return (-1.0, 0.0, 0.0, -1.0, x1, y1)
    if rotate == 270:
        return (0.0, 1.0, -1.0, 0.0, y1, -x0)
    return (1.0, 0.0, 0.0, 1.0, -x0, -y0)


def compose(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` then ``outer``: the matrix of an object drawn inside a transformed container."""
    a1, b1, c1, d1, e1, f1 = inner
    a0, b0, c0, d0, e0, f0 = outer
    return (a1 * a0 + b1 * c0, a1 * b0 + b1 * d0, c1 * a0 + d1 * c0, c1 * b0 + d1 * d0,
            e1 * a0 + f1 * c0 + e0, e1 * b0 + f1 * d0 + f0)


Box = tuple[float, float, float, float]


def transformed_box(matrix: Matrix, box: Box) -> Box:
    """The upright bounds (x0, x1, y0, y1) of ``box`` (x0, y0, x1, y1) after ``matrix``."""
    x0, y0, x1, y1 = box
    corners = [apply(matrix, (x, y)) for x in (x0, x1) for y in (y0, y1)]
    xs = [p[0] for p in corners]
    ys = [p[1] for p in corners]
    return min(xs), max(xs), min(ys), max(ys)

def _is_axis_rectangle(points: list[tuple[float, float]]) -> bool:
    if len(points) not in (4, 5):
        return False
    xs = {round(p[0], 1) for p in points}
    ys = {round(p[1], 1) for p in points}
    return len(xs) <= 2 and len(ys) <= 2


def is_white(color: Any) -> bool:
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
    """Remove the second copy of glyphs drawn twice at almost the same spot (fake bold).

    A copy counts when it lies within the tolerance and in the same or a neighbouring 2 pt
    cell as a glyph kept before it. Such neighbours lie within 4 pt of each other both ways,
    and a glyph with no glyph of its text that near is neither a copy nor the original of
    one: most pages have none, and the page is let through after one sort of the glyphs'
    places; otherwise only the glyphs that have such a neighbour are compared, in their order.
    """
    if not isfinite(sum(map(_X0, chars), sum(map(_Y0, chars)))):
        return _kept(chars)  # no 2 pt cell holds such a place: the cell's reckoning tells so
    near = _near_places(chars)
    if not near:
        return chars
    place = _PLACE
    suspects = [ch for ch in chars if place(ch) in near]
    kept = _kept(suspects)
    if len(kept) == len(suspects):
        return chars
    dropped = {id(ch) for ch in suspects} - {id(ch) for ch in kept}
    return [ch for ch in chars if id(ch) not in dropped]


# Glyphs in the same or neighbouring 2 pt cells lie less than this far apart (points) both ways.
_NEAR = 4.0
# How many glyphs of one text, sorted by height, one glyph is compared with (those just
# below it): a longer run of them (a row of dots at one height) counts as near without a look.
_LOOK_BACK = 32
_PLACE = attrgetter("text", "y0", "x0")
_X0, _Y0 = attrgetter("x0"), attrgetter("y0")


def _near_places(chars: list[Char]) -> set[tuple[str, float, float]]:
    """The places (text, y0, x0) of glyphs with another glyph of their text within ``_NEAR``
    both ways. Sorted by text, then height, such a pair is found in one run of glyphs of
    the text each within ``_NEAR`` above the one before."""
    entries = sorted(map(_PLACE, chars))
    near: set[tuple[str, float, float]] = set()
    start = 0
    last_text, last_y = "", 0.0
    for j, (text, y, x) in enumerate(entries):
        if text != last_text or y - last_y > _NEAR:
            start = j
        elif j - start >= _LOOK_BACK:
            near.update(entries[start : j + 1] if j - start == _LOOK_BACK else (entries[j],))
        else:
            for k in range(j - 1, start - 1, -1):
                other = entries[k]
                if y - other[1] > _NEAR:
                    break
                if -_NEAR <= x - other[2] <= _NEAR:
                    near.add(other)
                    near.add(entries[j])
        last_text, last_y = text, y
    return near


def _kept(chars: list[Char]) -> list[Char]:
    """The glyphs of ``chars`` that copy no glyph kept before them. Kept glyphs are filed by
    their text, then by 16 pt block (8 x 8 cells), so the neighbours of a cell are mostly
    found in one block, at the edge of one in two or four, and a glyph whose text has not
    been kept yet is kept without a look."""
    seen: dict[str, dict[tuple[int, int], list[tuple[int, int, float, float]]]] = {}
    kept: list[Char] = []
    get, keep = seen.get, kept.append
    for ch in chars:
        text, x0, y0 = ch.text, ch.x0, ch.y0
        kx, ky = floor(x0 // 2), floor(y0 // 2)
        blocks = get(text)
        if blocks is None:
            seen[text] = {(kx >> 3, ky >> 3): [(kx, ky, x0, y0)]}
        elif _copies_one_of(blocks, kx, ky, x0, y0, ch.size * FAKE_BOLD_TOLERANCE):
            continue
        else:
            block = blocks.get((kx >> 3, ky >> 3))
            if block is None:
                blocks[kx >> 3, ky >> 3] = [(kx, ky, x0, y0)]
            else:
                block.append((kx, ky, x0, y0))
        keep(ch)
    return kept


def _copies_one_of(blocks: dict[tuple[int, int], list[tuple[int, int, float, float]]],
                   kx: int, ky: int, x0: float, y0: float, tol: float) -> bool:
    left, right, low, high = (kx - 1) >> 3, (kx + 1) >> 3, (ky - 1) >> 3, (ky + 1) >> 3
    for bx in (left,) if left == right else (left, right):
        for by in (low,) if low == high else (low, high):
            for ox, oy, ox0, oy0 in blocks.get((bx, by), ()):
                if -1 <= ox - kx <= 1 and -1 <= oy - ky <= 1 and abs(ox0 - x0) <= tol and abs(oy0 - y0) <= tol:
                    return True
    return False


class LimitReached(Exception):
    """A safety limit met deep inside a page's reading (pdfminer drawing it, a lattice being
    built), where the file is not known; the reader makes it a ``TooComplexError`` with the
    same catalogue message and values."""

    def __init__(self, template: str, values: dict[str, object]) -> None:
        super().__init__(template.format(**values))
        self.template, self.values = template, values


def pdf_bytes(path: Path) -> bytes:
    """The file's bytes, refused unless they start as a PDF: both back-ends parse from them."""
    try:
        data = file_bytes(path)
    except OSError as exc:
        raise CorruptFileError(path, N_("cannot open: {error}"), {"error": exc.strerror or str(exc)}) from exc
    if not data:
        raise CorruptFileError(path, N_("the file is empty"))
    if b"%PDF-" not in data[:1024]:
        raise CorruptFileError(path, N_("no %PDF- header in the first 1024 bytes; not a PDF"))
    return data


def is_truncated(data: bytes) -> bool:
    return b"%%EOF" not in data[-2048:]


def unreadable(path: Path, data: bytes, cause: str) -> CorruptFileError:
    """The error for a PDF its parser gave up on, ``cause`` in the parser's words; a file cut
    short, as interrupted downloads are, is told as such."""
    if is_truncated(data):
        return CorruptFileError(path, N_("truncated: no %EOF marker at the end ({size} bytes); {error}"),
                                {"size": len(data), "error": cause})
    return CorruptFileError(path, cause)
