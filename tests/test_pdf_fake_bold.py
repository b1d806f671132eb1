"""Fake bold: a glyph drawn again within a fifth of its size, in the same or a neighbouring
2 pt cell, is one glyph; kept glyphs are filed in blocks, and a copy is found whichever
side of a block's edge it falls."""

from __future__ import annotations

import pytest

from govinfo_report.readers.pdf_page import Char, drop_fake_bold


def _glyph(text: str, x: float, y: float, size: float = 12.0) -> Char:
    return Char(text, x, y, x + size, y + size, size)


@pytest.mark.parametrize(("first", "copy"), [
    ((15.9, 100.0), (16.1, 100.0)),  # across a block's left/right edge
    ((100.0, 31.9), (100.0, 32.2)),  # across a block's lower/upper edge
    ((-0.1, -0.1), (0.1, 0.1)),  # across the edges at the origin, into negative cells
    ((47.9, 47.9), (48.1, 48.1)),  # across a block's corner
], ids=["x-edge", "y-edge", "origin", "corner"])
def test_a_copy_across_a_block_edge_is_dropped(first: tuple[float, float], copy: tuple[float, float]) -> None:
    kept = drop_fake_bold([_glyph("年", *first), _glyph("年", *copy), _glyph("月", *copy)])
    assert [(c.text, c.x0, c.y0) for c in kept] == [("年", *first), ("月", *copy)]


def test_a_copy_two_cells_away_is_a_glyph_of_its_own() -> None:
    """Within the tolerance (2.4 pt at 12 pt) but in cells 6 and 8: two glyphs."""
    glyphs = [_glyph("0", 13.9, 100.0), _glyph("0", 16.0, 100.0)]
    assert drop_fake_bold(glyphs) == glyphs


def test_only_kept_glyphs_are_compared() -> None:
    """The second stroke is dropped; the third lies within the tolerance of the dropped one
    only, so it is kept."""
    a, b, c = _glyph("1", 0.5, 100.0), _glyph("1", 1.9, 100.0), _glyph("1", 3.3, 100.0)
    assert drop_fake_bold([a, b, c]) == [a, c]


def test_a_copy_beyond_the_tolerance_is_kept() -> None:
    """At 5 pt a copy may lie 1 pt away at most."""
    glyphs = [_glyph("a", 10.0, 10.0, 5.0), _glyph("a", 11.2, 10.0, 5.0)]
    assert drop_fake_bold(glyphs) == glyphs
