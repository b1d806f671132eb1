"""A table's ruling lines, found in the page image.

The recognised text is blanked out first: strokes of a bold heading, run together, are as
long and thin as a rule. Long thin runs of the ink left survive an opening with a long flat
(or tall) kernel: what is left are the rules. Each run becomes a segment in page space, the same thing a PDF
back-end reports for a stroked line, so the one grid stage builds tables from both.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2

from govinfo_report.readers.pdf_page import Segment

from .deskew import Image, ink, u8

# A rule is at least this share of the page width (or height) long.
MIN_LENGTH = 0.025
# And at most this thick (pixels at the working resolution); thicker blobs are pictures or stamps.
MAX_THICKNESS = 12
# Breaks this short (pixels) in a scanned rule (noise, faint toner) are bridged.
BRIDGE = 3
# A text box is blanked less this share of its height at top and bottom (and as many pixels at
# the ends): the detector pads a box, and the rules around the text must stay.
BOX_MARGIN = 0.2


def _runs(mask: Image, horizontal: bool) -> list[tuple[float, float, float]]:
    """(position across, start, end) of each line-shaped blob, in pixels."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[tuple[float, float, float]] = []
    for x, y, w, h, _area in stats[1:count]:
        if horizontal and h <= MAX_THICKNESS:
            out.append((float(y + h / 2), float(x), float(x + w)))
        elif not horizontal and w <= MAX_THICKNESS:
            out.append((float(x + w / 2), float(y), float(y + h)))
    return out


def blank_text(marks: Image, boxes: Sequence[Sequence[Sequence[float]]]) -> Image:
    """``marks`` with the inside of every text box cleared."""
    out = u8(marks.copy())
    for points in boxes:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        inset = BOX_MARGIN * (max(ys) - min(ys))
        x0, x1 = int(min(xs) + inset), int(max(xs) - inset)
        y0, y1 = int(min(ys) + inset), int(max(ys) - inset)
        if x1 > x0 and y1 > y0:
            out[y0:y1 + 1, x0:x1 + 1] = 0
    return out


def find_rules(gray: Image, boxes: Sequence[Sequence[Sequence[float]]], scale: float,
               height: float) -> tuple[list[Segment], list[Segment]]:
    """Horizontal and vertical rules of a page image as segments in page space (points,
    origin bottom-left), text ``boxes`` (corner points, pixels) left out; ``scale`` is points
    per pixel, ``height`` the page height in points."""
    marks = blank_text(ink(gray), boxes)
    h, w = marks.shape
    long_x = max(int(w * MIN_LENGTH), 10)
    long_y = max(int(h * MIN_LENGTH * w / h), 10)
    flat = u8(cv2.morphologyEx(marks, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (BRIDGE, 1))))
    flat = u8(cv2.morphologyEx(flat, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long_x, 1))))
    tall = u8(cv2.morphologyEx(marks, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, BRIDGE))))
    tall = u8(cv2.morphologyEx(tall, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long_y))))
    horizontals = [Segment(height - y * scale, x0 * scale, x1 * scale) for y, x0, x1 in _runs(flat, True)]
    verticals = [Segment(x * scale, height - y1 * scale, height - y0 * scale) for x, y0, y1 in _runs(tall, False)]
    return horizontals, verticals

