"""Where each origin cell of a spanned table stands once its spans are laid out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govinfo_report.layout import Table, TableCell


def _cells(spans: list[list[tuple[int, int]]]) -> Table:
    return Table(tuple(tuple(TableCell(f"{r}.{i}", row_span=rs, col_span=cs) for i, (rs, cs) in enumerate(row))
                       for r, row in enumerate(spans)))


def _laid_out_by_filling(table: Table) -> list[tuple[int, int, str]]:
    """The same places found another way: every covered place of a grid marked as it fills."""
    taken: dict[int, set[int]] = {}
    out = []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while c in taken.get(r, set()):
                c += 1
            out.append((r, c, cell.text))
            for dr in range(max(cell.row_span, 1)):
                taken.setdefault(r + dr, set()).update(range(c, c + max(cell.col_span, 1)))
    return out


def test_a_tall_label_pushes_the_rows_below_it_right() -> None:
    table = _cells([[(3, 1), (1, 2)], [(1, 1), (1, 1)], [(1, 1)]])
    assert [(r, c) for r, c, _ in table.positions()] == [(0, 0), (0, 1), (1, 1), (1, 2), (2, 1)]
    assert table.text_rows() == [["0.0", "0.1", ""], ["", "1.0", "1.1"], ["", "2.0", ""]]


def test_a_wide_cell_and_a_tall_one_beside_it() -> None:
    table = _cells([[(1, 2), (2, 1)], [(1, 1), (1, 1)], [(1, 1), (1, 1), (1, 1)]])
    assert [(r, c) for r, c, _ in table.positions()] == [(0, 0), (0, 2), (1, 0), (1, 1), (2, 0), (2, 1), (2, 2)]


def test_spans_of_zero_count_as_one() -> None:
    table = _cells([[(0, 0), (1, 1)], [(1, 1)]])
    assert [(r, c) for r, c, _ in table.positions()] == [(0, 0), (0, 1), (1, 0)]


@given(st.lists(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=5), max_size=6))
def test_positions_agree_with_filling_a_grid(spans: list[list[tuple[int, int]]]) -> None:
    table = _cells(spans)
    assert [(r, c, cell.text) for r, c, cell in table.positions()] == _laid_out_by_filling(table)
