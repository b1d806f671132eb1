"""Text boxes from RapidOCR, as glyphs in page space.

The recogniser gives one box per run of text with one score. Placement works on glyphs, so a
box's text is spread over its width: a Chinese character takes a full em, a digit or Latin
letter half of one, which is how the fonts these reports use set them. Every glyph keeps the
box's score as its confidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from govinfo_report.readers.pdf_page import Char
from govinfo_report.readers.pdf_text import is_wide

from .deskew import Image

# A detected box is this many times the font size tall (the detector pads the ink).
BOX_TO_SIZE = 1.25
# What the recogniser's models write for a mark they mistake: the enumeration comma of
# "四、" comes out as the dot radical 丶, which no report text uses.
MISREAD = str.maketrans({"丶": "、"})


@cache
def engine() -> Any:
    """One RapidOCR engine per process: loading its models takes longer than a page."""
    from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-untyped]

    return RapidOCR(use_cls=False)


def recognise(gray: Image) -> list[tuple[list[list[float]], str, float]]:
    """(corner points in pixels, text, score) of each text box on the page."""
    found, _ = engine()(gray, use_cls=False)
    return [(box, str(text), float(score)) for box, text, score in found or ()]


def box_chars(points: Sequence[Sequence[float]], text: str, score: float, scale: float, height: float) -> list[Char]:
    """The glyphs of one text box, in points with the origin at the page's lower left."""
    text = text.translate(MISREAD).strip()
    if not text:
        return []
    xs = [p[0] * scale for p in points]
    ys = [height - p[1] * scale for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    size = (y1 - y0) / BOX_TO_SIZE
    middle = (y0 + y1) / 2
    weights = [1.0 if is_wide(ch) else 0.5 for ch in text]
    step = (x1 - x0) / sum(weights)
    chars: list[Char] = []
    left = x0
    for ch, weight in zip(text, weights, strict=True):
        right = left + weight * step
        if not ch.isspace():
            chars.append(Char(ch, left, middle - size / 2, right, middle + size / 2, size, score))
        left = right
    return chars
