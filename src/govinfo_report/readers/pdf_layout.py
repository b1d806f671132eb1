"""The PDF reader: glyphs and rules in, paragraphs and table grids out, by coordinates.

pdfminer's own text order follows the content stream, which in many government PDFs writes
a table column by column and splits vertical labels into one line per character. Placing
every glyph by its position — into the cell whose rules enclose it, or into a text line —
gives the reading order a person sees.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..collector import paused
from ..errors import EmptyDocumentError, NeedsOCRError, TooComplexError
from ..i18n import N_
from ..layout import Block, Layout, Location, Note, Paragraph
from .notes import images_only, truncated, unmapped_glyphs
from .pdf_backends import acyclic, load_document
from .pdf_grid import find_lattices, place_chars
from .pdf_page import DocumentContent, LimitReached, PageContent
from .pdf_tables import (
    TableDraft,
    absorb_cut_text,
    continues,
    draft_from_lattice,
    freeze,
    has_text,
    join,
    stream_tables,
)
from .pdf_text import TextLine, group_lines, is_page_furniture, join_lines, line_pieces

# Lines in this share of the page height at the top or bottom may be running heads or folios.
MARGIN = 0.1
# A running line keeps its distance from the page edge to within this many font sizes.
RUNNING_PLACE = 1.0
# A vertical gap above a line larger than this many font sizes starts a new paragraph.
PARAGRAPH_GAP = 1.2
# A line starting this many font sizes right of the body edge is an indented first line.
INDENT = 1.0
# A line ending this many font sizes short of the right edge ends its paragraph.
SHORT_LINE = 2.0
# Text this much larger than the body is a heading.
HEADING_SIZE = 1.15
# Below this many glyphs a document counts as having no text layer.
MIN_CHARS = 5
# Above this share of unmappable glyphs the text layer is useless without OCR.
MAX_UNMAPPED = 0.5


_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class _Item:
    """A page element awaiting ordering: a table draft or a run of prose lines."""

    top: float
    table: TableDraft | None = None
    line: TextLine | None = None


def read_pdf(path: Path, reader: str = "pdf", backend: str | None = None) -> Layout:
    """The layout of a PDF with a text layer; scans, encrypted and damaged files raise typed errors.

    A back-end that reads paused (PDFium's) stays paused through the layout, so its glyphs
    are freed before the collector resumes: resuming between the two sets off a collection
    that walks every glyph of the document. The others read with the collector running."""
    if acyclic(backend):
        with paused():
            return layout_of(path, load_document(path, backend), reader)
    doc = load_document(path, backend)
    with paused():
        return layout_of(path, doc, reader)


def layout_of(path: Path, doc: DocumentContent, reader: str = "pdf") -> Layout:
    """The layout of pages already reduced to glyphs and rules, whatever drew them (a PDF
    back-end, an OFD package, OCR of page images), so every fixed-layout format and every scan
    builds its tables one way."""
    notes = _check_text_layer(path, doc)
    try:
        pages = [_page_items(page) for page in doc.pages]
    except LimitReached as exc:
        raise TooComplexError(path, exc.template, exc.values) from None
    _drop_running_lines(pages, doc.pages)
    blocks = _assemble(pages, doc.pages)
    if doc.truncated:
        notes.append(truncated())
    metadata = {"title": doc.metadata["title"]} if "title" in doc.metadata else {}
    metadata.update({k: v for k, v in doc.metadata.items() if k in ("author", "creator", "producer")})
    metadata["pages"] = str(len(doc.pages))
    return Layout(tuple(blocks), source=str(path), reader=reader, metadata=metadata, notes=tuple(notes))


def _check_text_layer(path: Path, doc: DocumentContent) -> list[Note]:
    """Refuse scans and empty files early; describe partial problems as notes."""
    total = sum(len(p.chars) for p in doc.pages)
    images = sum(p.images for p in doc.pages)
    unmapped = sum(p.unmapped for p in doc.pages)
    if not doc.pages:
        raise EmptyDocumentError(path, N_("the document has no pages"))
    if total < MIN_CHARS:
        if images:
            raise NeedsOCRError(path, N_("{pages} page(s), {images} image(s), {glyphs} text glyph(s)"),
                                {"pages": len(doc.pages), "images": images, "glyphs": total})
        raise EmptyDocumentError(path, N_("{pages} page(s) without text or images"), {"pages": len(doc.pages)})
    if unmapped > MAX_UNMAPPED * total:
        raise NeedsOCRError(path, N_("{unmapped} of {glyphs} glyphs have no Unicode mapping"),
                            {"unmapped": unmapped, "glyphs": total})
    notes: list[Note] = []
    if unmapped:
        notes.append(unmapped_glyphs(unmapped))
    scanned = [p.number for p in doc.pages if p.images and not p.chars]
    if scanned:
        notes.append(images_only(scanned))
    return notes


def _page_items(page: PageContent) -> list[_Item]:
    """Tables (ruled, then aligned) and prose lines of one page, top to bottom."""
    chars = page.chars
    items: list[_Item] = []
    for lattice in find_lattices(page.horizontals, page.verticals):
        rest = place_chars(lattice, chars)
        if has_text(lattice):
            chars = rest
            items.append(_Item(lattice.ys[0], table=draft_from_lattice(page.number, lattice)))
    rows = [line_pieces(line) for line in group_lines(chars)]
    taken: set[int] = set()
    for start, end, draft in stream_tables(page.number, rows):
        items.append(_Item(draft.top, table=draft))
        taken.update(range(start, end))
    if page.confidence < 1.0:
        for item in items:
            for cell in item.table.cells if item.table is not None else ():
                cell.confidence = min(cell.confidence, page.confidence)
    for i, row in enumerate(rows):
        if i not in taken:
            items.extend(_Item(piece.y1, line=piece) for piece in row)
    items.sort(key=lambda it: -it.top)
    return items


def _drop_running_lines(pages: list[list[_Item]], contents: list[PageContent]) -> None:
    """Remove folios ("- 3 -"), print stamps and running heads from the page margins.

    A running head or foot comes back at the same place on most pages, only its page number
    changing ("1/4", "2/4"); a title printed once in the margin of the first page is text.
    """
    places: dict[tuple[str, bool], list[tuple[int, float]]] = {}
    for items, page in zip(pages, contents, strict=True):
        for it in items:
            if it.line is not None and _in_margin(it.line, page):
                key, offset = _place(it.line, page)
                places.setdefault(key, []).append((page.number, offset))
    threshold = max(2, len(pages) // 2 + 1)

    def running(line: TextLine, page: PageContent) -> bool:
        key, offset = _place(line, page)
        near = {number for number, other in places[key] if abs(other - offset) <= RUNNING_PLACE * line.size}
        return len(near) >= threshold

    for items, page in zip(pages, contents, strict=True):
        items[:] = [
            it
            for it in items
            if it.line is None
            or not _in_margin(it.line, page)
            or not (is_page_furniture(it.line.text) or running(it.line, page))
        ]


def _place(line: TextLine, page: PageContent) -> tuple[tuple[str, bool], float]:
    """A margin line's text with its numbers blanked, which edge it runs along, how far from it."""
    top = line.cy > page.height / 2
    return (_DIGITS.sub("0", line.text), top), (page.height - line.cy if top else line.cy)


def _in_margin(line: TextLine, page: PageContent) -> bool:
    return line.cy < page.height * MARGIN or line.cy > page.height * (1 - MARGIN)


def _assemble(pages: list[list[_Item]], contents: list[PageContent]) -> list[Block]:
    """Join tables across page breaks, then build paragraphs from the prose lines."""
    body = _body_size(pages)
    floor = _floor(contents)
    placed = [(page.number, it) for items, page in zip(pages, contents, strict=True) for it in items]
    sequence = _absorb_cut_rows(placed)
    blocks: list[Block] = []
    open_table: TableDraft | None = None
    lines: list[tuple[int, TextLine]] = []
    for number, item in sequence:
        if item.table is not None:
            blocks.extend(_paragraphs(lines, body))
            lines = []
            if open_table is not None and _carries_on(open_table, number, item.table):
                open_table = join(open_table, item.table, floor)
                continue
            if open_table is not None:
                blocks.append(freeze(open_table))
            open_table = item.table
            continue
        if item.line is not None:
            if open_table is not None:
                blocks.append(freeze(open_table))
                open_table = None
            lines.append((number, item.line))
    blocks.extend(_paragraphs(lines, body))
    if open_table is not None:
        blocks.append(freeze(open_table))
    return blocks


def _absorb_cut_rows(sequence: list[tuple[int, _Item]]) -> list[tuple[int, _Item]]:
    """Drop the lines a page break left under a table into it, when the next page carries it on."""
    out: list[tuple[int, _Item]] = []
    i = 0
    while i < len(sequence):
        number, item = sequence[i]
        out.append((number, item))
        i += 1
        if item.table is None:
            continue
        end = i
        while end < len(sequence) and sequence[end][0] == number and sequence[end][1].line is not None:
            end += 1
        if end == i or end == len(sequence):
            continue
        following, candidate = sequence[end]
        if (candidate.table is not None and following == number + 1 and continues(item.table, candidate.table)
                and absorb_cut_text(item.table, [it.line for _, it in sequence[i:end] if it.line is not None])):
            i = end
    return out


def _floor(contents: list[PageContent]) -> float | None:
    """The lowest glyph or rule on any page: the bottom of the text area, or of a footer below it."""
    lows = [c.y0 for page in contents for c in page.chars]
    lows += [s.fixed for page in contents for s in page.horizontals]
    lows += [s.lo for page in contents for s in page.verticals]
    return min(lows, default=None)


def _carries_on(draft: TableDraft, page: int, candidate: TableDraft) -> bool:
    """Only a table opening the page right after the one the draft last reached may continue it."""
    last = max((c.page for c in draft.cells), default=draft.page)
    return page == last + 1 and continues(draft, candidate)


def _body_size(pages: list[list[_Item]]) -> float:
    sizes = Counter(round(it.line.size) for items in pages for it in items if it.line is not None)
    return float(sizes.most_common(1)[0][0]) if sizes else 10.0


def _paragraphs(lines: list[tuple[int, TextLine]], body: float) -> list[Paragraph]:
    """Group consecutive lines into paragraphs by indentation, short last lines and gaps."""
    if not lines:
        return []
    left = min(line.x0 for _, line in lines)
    right = max(line.x1 for _, line in lines)
    out: list[Paragraph] = []
    group: list[tuple[int, TextLine]] = []
    gap = False
    for k, (page, line) in enumerate(lines):
        if group:
            prev_page, prev = group[-1]
            breaks, gap_now = _breaks(prev_page, prev, page, line, left, right)
            if breaks:
                out.append(_paragraph(group, gap, body))
                group, gap = [], gap_now
        elif k == 0:
            gap = False
        group.append((page, line))
    out.append(_paragraph(group, gap, body))
    return out


def _breaks(
    prev_page: int, prev: TextLine, page: int, line: TextLine, left: float, right: float
) -> tuple[bool, bool]:
    """(starts a new paragraph, with a blank gap before it)."""
    size = max(line.size, prev.size, 1.0)
    gap = page == prev_page and prev.y0 - line.y1 > PARAGRAPH_GAP * size
    same_row = page == prev_page and abs(prev.cy - line.cy) < 0.5 * size
    if gap or same_row or abs(line.size - prev.size) > 0.15 * size:
        return True, gap
    if line.x0 > left + INDENT * size or prev.x1 < right - SHORT_LINE * size:
        return True, False
    return False, False


def _paragraph(group: list[tuple[int, TextLine]], gap: bool, body: float) -> Paragraph:
    page = group[0][0]
    on_page = [line for p, line in group if p == page]
    bbox = (
        min(line.x0 for line in on_page),
        min(line.y0 for line in on_page),
        max(line.x1 for line in on_page),
        max(line.y1 for line in on_page),
    )
    size = max(line.size for _, line in group)
    return Paragraph(
        join_lines([line.text for _, line in group]),
        Location(page=page, bbox=bbox),
        gap_before=gap,
        heading=size >= HEADING_SIZE * body,
    )
