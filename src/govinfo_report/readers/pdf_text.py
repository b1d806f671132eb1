"""Text lines and paragraphs from placed glyphs.

Chinese has no spaces between words, yet PDF writers justify lines by spreading glyphs or by
drawing space glyphs; both must vanish. Spaces are put back only between two Latin or digit
runs that stand visibly apart, so "0517-87222589" stays one token and "2023 年" reads
"2023年".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from .pdf_page import Char

# A gap wider than this share of the font size separates two Latin words.
WORD_GAP = 0.25
# A gap wider than this many font sizes splits a line into separate pieces (columns).
PIECE_GAP = 2.5
# Two glyphs sit on one line when their centres differ by less than this share of the size.
SAME_LINE = 0.45

_DASHES = r"[\s\-—–－―‒_·.]*"
_PAGE_NUMBER = re.compile(rf"^{_DASHES}(第\s*)?\d{{1,4}}(\s*页)?([\s/／]*(共\s*)?\d{{1,4}}\s*页?)?{_DASHES}$")
_PAGE_OF = re.compile(r"^\s*(page\s*)?\d{1,4}\s*(/|of)\s*\d{1,4}\s*$", re.IGNORECASE)
# What a browser stamps on a printed page: the page's address and the time of printing.
_ADDRESS = re.compile(r"^\s*(?:file|https?)://\S+\s*$", re.IGNORECASE)
_PRINT_TIME = re.compile(
    r"^\s*\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[,\s]*(?:上午|下午)?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]\.?M\.?)?\s*$",
    re.IGNORECASE,
)


_LEFT = attrgetter("x0")


@dataclass(slots=True)
class TextLine(Char):
    """One visual line (or one piece of a line split by a wide gap): a box of text like a glyph."""


def is_wide(ch: str) -> bool:
    """CJK ideographs, kana, hangul and full-width punctuation need no spaces around them."""
    code = ord(ch[0])
    return code >= 0x2E80 or 0x2000 <= code <= 0x206F or 0x3000 <= code <= 0x303F


def group_lines(chars: Sequence[Char]) -> list[list[Char]]:
    """Cluster glyphs into lines top to bottom, each sorted left to right."""
    if len(chars) < 2:
        return [list(chars)] if chars else []
    heights = [-(c.y0 + c.y1) / 2 for c in chars]
    lines: list[list[Char]] = []
    line: list[Char] = []
    centre = size = 0.0
    for i in sorted(range(len(chars)), key=heights.__getitem__):
        ch, cy = chars[i], -heights[i]
        low = size if size < ch.size else ch.size
        if line and abs(cy - centre) <= SAME_LINE * (1.0 if low < 1.0 else low):
            line.append(ch)
        else:
            line = [ch]
            lines.append(line)
            centre, size = cy, ch.size
    for line in lines:
        line.sort(key=_LEFT)
    return lines


def join_chars(chars: Sequence[Char]) -> str:
    """Join one line's glyphs, spacing only Latin or digit runs that stand apart."""
    parts: list[str] = []
    prev: Char | None = None
    for ch in chars:
        if prev is not None:
            size, before = ch.size, prev.size
            apart = ch.x0 - prev.x1 > WORD_GAP * (before if before > size else size)
            if apart and not is_wide(prev.text[-1]) and not is_wide(ch.text[0]):
                parts.append(" ")
        parts.append(ch.text)
        prev = ch
    return "".join(parts)


def join_lines(texts: Sequence[str]) -> str:
    """Join wrapped lines of one cell or paragraph; only Latin-to-Latin wraps get a space."""
    out = ""
    for text in texts:
        if not text:
            continue
        if out and not is_wide(out[-1]) and not is_wide(text[0]) and out[-1] != "-":
            out += " "
        out += text
    return out


def line_pieces(line: list[Char]) -> list[TextLine]:
    """A line's pieces, split where a gap is far wider than a word gap (separate columns or
    fields), each joined as :func:`join_chars` joins glyphs and boxed in the same one pass
    over them: a page's lines hold most of its glyphs, and a pass for each of a piece's text,
    its four edges, its size and its confidence cost more than the joining itself."""
    pieces: list[TextLine] = []
    prev = line[0]
    parts, sizes = [prev.text], [prev.size]
    x0, y0, x1, y1, low = prev.x0, prev.y0, prev.x1, prev.y1, prev.confidence
    for ch in line[1:]:
        left, size, before = ch.x0, ch.size, prev.size
        gap, wider = left - prev.x1, (before if before > size else size)
        if gap > PIECE_GAP * wider:
            pieces.append(TextLine("".join(parts), x0, y0, x1, y1, _median(sizes), low))
            parts, sizes = [ch.text], [size]
            x0, y0, x1, y1, low = left, ch.y0, ch.x1, ch.y1, ch.confidence
            prev = ch
            continue
        if gap > WORD_GAP * wider and not is_wide(prev.text[-1]) and not is_wide(ch.text[0]):
            parts.append(" ")
        parts.append(ch.text)
        sizes.append(size)
        # Compared as min() and max() compare (the first of equals kept), so the box is theirs.
        bottom, right, top, sure = ch.y0, ch.x1, ch.y1, ch.confidence
        if left < x0:
            x0 = left
        if bottom < y0:
            y0 = bottom
        if right > x1:
            x1 = right
        if top > y1:
            y1 = top
        if sure < low:
            low = sure
        prev = ch
    pieces.append(TextLine("".join(parts), x0, y0, x1, y1, _median(sizes), low))
    return pieces


def cell_text(chars: Sequence[Char]) -> str:
    """A cell's text; most cells hold one glyph (a digit) or none, and need no lines."""
    if len(chars) < 2:
        return chars[0].text if chars else ""
    return join_lines([join_chars(line) for line in group_lines(chars)])


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


def is_page_furniture(text: str) -> bool:
    """Page numbers such as "- 3 -", "— 3 —", "第3页 共5页", "3/5", and a browser's print
    stamps (``file:///…/report.html``, "11/30/26, 2:12 AM"), which a one-page printout has once."""
    stripped = text.strip()
    return bool(stripped) and any(p.match(stripped) for p in (_PAGE_NUMBER, _PAGE_OF, _ADDRESS, _PRINT_TIME))
