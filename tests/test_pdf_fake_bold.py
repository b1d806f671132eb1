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


def test_copies_among_far_glyphs_are_found_and_the_order_kept() -> None:
    """Only glyphs with one of their text within 4 pt are compared; the rest pass untouched,
    in their order around the copies dropped."""
    page = [_glyph("年", 10.0, 100.0), _glyph("年", 200.0, 100.0), _glyph("月", 10.3, 100.0),
            _glyph("年", 10.4, 100.2), _glyph("日", 50.0, 50.0), _glyph("年", 200.0, 100.0)]
    assert [(c.text, c.x0) for c in drop_fake_bold(page)] == [("年", 10.0), ("年", 200.0), ("月", 10.3),
                                                              ("日", 50.0)]


def test_a_long_row_of_one_glyph_keeps_its_copies_found() -> None:
    """Past the glyphs one is compared with at one height (a row of dots), every glyph of the
    row is compared by cells: each dot's second stroke is dropped, the dots 3 pt apart kept."""
    dots = [_glyph(".", 3.0 * k + dx, 100.0, 6.0) for k in range(60) for dx in (0.0, 0.3)]
    kept = drop_fake_bold(dots)
    assert [c.x0 for c in kept] == [3.0 * k for k in range(60)]


def test_the_same_glyphs_as_comparing_every_glyph() -> None:
    """On random pages crowded with three texts, whichever glyphs are let through without a
    look, the outcome is that of comparing every glyph by cells."""
    from random import Random

    from govinfo_report.readers.pdf_page import _kept

    rnd = Random(7)
    for _ in range(500):
        page = []
        for _ in range(rnd.randint(0, 80)):
            x = rnd.uniform(-30.0, 30.0) if rnd.random() < 0.5 else rnd.randint(-60, 60) * 0.5
            y = rnd.choice([rnd.uniform(-20.0, 20.0), 3.0, -1.5])
            page.append(_glyph(rnd.choice("a.年"), x, y, rnd.choice([1.0, 10.0, 30.0])))
        assert [id(c) for c in drop_fake_bold(page)] == [id(c) for c in _kept(page)]


def test_a_glyph_at_no_finite_place_is_refused_as_comparing_every_glyph_refuses_it() -> None:
    """Such a place has no 2 pt cell; letting the page through would read it on."""
    with pytest.raises(ValueError, match="NaN"):
        drop_fake_bold([_glyph("a", 1.0, 1.0), _glyph("b", float("inf"), 1.0)])
