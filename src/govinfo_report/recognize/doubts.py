"""What the readers were unsure of, as findings on the cells concerned.

A reader knows when it guessed: a cell placed without ruling lines, a glyph it could not map,
a page it could not read. Such a cell is reported unless the table's own identities confirm
it (every sum it takes part in holds), so no doubtful number reaches a user unmarked, and a
sum that fails over it is a reading problem, not the report's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..errors import as_value
from ..formats.identities import identities_by_key
from ..formats.spec import FormatSpec, table_cell_keys
from ..i18n import N_
from ..layout import Note
from ..model import Cause, Finding, Report, Severity, finding
from .tables import UNCERTAIN


def _holds(report: Report, left: Sequence[str], right: Sequence[str]) -> bool:
    def total(keys: Sequence[str]) -> object:
        return sum((report.value(k) or 0 for k in keys), 0)
    return total(left) == total(right)


def confirmed(report: Report, spec: FormatSpec, key: str) -> bool:
    """Whether the identities vouch for a cell: it holds a number, takes part in one identity,
    and each one holds. Sums read a blank as 0, so they cannot tell a blank from a 0 the
    reader missed: an empty cell is never confirmed."""
    involved = identities_by_key(spec).get(key, ())
    return (report.value(key) is not None and bool(involved)
            and all(_holds(report, i.left, i.right) for i in involved))


def doubts(report: Report, spec: FormatSpec, notes: Sequence[Note | str]) -> Iterator[Finding]:
    for table in spec.tables:
        printed = report.tables.get(table.name)
        cells = printed.cells if printed is not None else {}
        unsure = [cell.key for key in table_cell_keys(table)
                  if (cell := cells.get(key) or report.cell(key)) is not None and cell.confidence < 1.0
                  and not confirmed(report, spec, key)]
        if unsure:
            yield finding(UNCERTAIN, Severity.WARNING,
                          N_("{table_label}有 {count} 个单元格的文字或位置读取把握不足（版面无表格线，"
                             "有无法识别的字形，或由图像识别（OCR）读出），且无法由表格的合计关系确认，请核对原文。"),
                          {"table_label": table.title, "count": len(unsure)}, unsure, cause=Cause.READING)
    for note in notes:
        told = as_value(note.template, **note.args) if isinstance(note, Note) else note
        yield finding(UNCERTAIN, Severity.WARNING, N_("读取时发现：{note}。"), {"note": told}, cause=Cause.READING)
