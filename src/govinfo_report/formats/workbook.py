"""Where everything sits in the fill-in workbook, shared by the workbook's writer and reader.

An office fills the official tables in a spreadsheet laid out as printed; the numbers are read
back from the places the drawing gives them. Writer and reader take those places from here, so
neither can drift from the other, and a new format revision moves both at once.
"""

from __future__ import annotations

from functools import cache

from .drawing import draw, expand
from .spec import TableSpec

META_SHEET = "说明"
TEXT_SHEET = "正文"

# The meta sheet: one label in column A, its value in column B.
META_LABELS = {
    "agency": "机关名称",
    "year": "报告年度",
    "template": "格式",
    "title": "标题",
    "published": "发布日期",
}

# The table sheets: the title in row 1, the printed grid from this row and column on.
TABLE_ROW = 3
TABLE_COLUMN = 1
# The identity checks stand one empty column to the right of the grid.
CHECK_GAP = 1

# The text sheet: a header row, then one row per section: number, heading, text.
TEXT_FIRST_ROW = 2

CHECK_NAMES = {
    "t3-row-sum": "行：总计 = 各申请人之和",
    "t3-column-total": "列：（七）总计 = 各办理结果之和",
    "t3-balance": "列：第一项 + 第二项 = 第三项 + 第四项",
    "t4-group-total": "总计 = 维持 + 纠正 + 其他 + 尚未审结",
}


def sheet_name(table: TableSpec) -> str:
    return table.title


def width(table: TableSpec) -> int:
    grid = expand(draw(table))
    return len(grid[0]) if grid else 0


@cache
def positions(table: TableSpec) -> dict[str, tuple[int, int]]:
    """Each value cell's key → its (row, column) in the table's sheet, both counted from 1."""
    out: dict[str, tuple[int, int]] = {}
    for r, row in enumerate(expand(draw(table))):
        for c, cell in enumerate(row):
            if cell is not None and cell.key:
                out[cell.key] = (TABLE_ROW + r, TABLE_COLUMN + c)
    return out


def check_column(table: TableSpec) -> int:
    """The first column of the identity checks beside ``table``."""
    return TABLE_COLUMN + width(table) + CHECK_GAP
