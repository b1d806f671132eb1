"""Page images in, page content out: levelled, ruled, recognised.

Images are worked on at a fixed size (the long side ``WORK_SIDE`` pixels): large enough for
the recogniser to read a table's small print, small enough that it is not downscaled again
inside it, and the same for a 150 dpi scan as for a 300 dpi one.
"""

from __future__ import annotations

import cv2

from govinfo_report.readers.pdf_page import PageContent

from .deskew import Image, deskew, u8
from .rules import find_rules
from .text import box_chars, recognise

WORK_SIDE = 2000
# Nothing read from an image is certain: every cell of an OCR page is at most this sure, so a
# cell no table sum confirms is reported, even where the recogniser scored each glyph high
# (a digit it never saw leaves an empty cell with no score at all).
CEILING = 0.9


def working_size(gray: Image) -> Image:
    """The image scaled so its long side is ``WORK_SIDE`` pixels."""
    factor = WORK_SIDE / max(gray.shape)
    if abs(factor - 1.0) < 0.01:
        return gray
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return u8(cv2.resize(gray, None, fx=factor, fy=factor, interpolation=interpolation))


def read_page(number: int, gray: Image, width: float, height: float) -> tuple[PageContent, float]:
    """One page image (grey levels) of ``width`` x ``height`` points as glyphs and rules, and
    the angle (degrees) it was turned by to level it."""
    level, angle = deskew(working_size(gray))
    scale = width / level.shape[1]
    found = recognise(level)
    horizontals, verticals = find_rules(level, [points for points, _, _ in found], scale, height)
    chars = [ch for points, text, score in found for ch in box_chars(points, text, score, scale, height)]
    page = PageContent(number, width, height, chars, horizontals, verticals, confidence=CEILING)
    return page, angle
