"""The fill-in workbook: each official table laid out as printed, ready for an office's numbers.

Empty, it is the template an office fills (``govinfo-report template``); filled with a report,
it is that report as a spreadsheet (``convert REPORT -o 报告.xlsx``). Only the value cells are
unlocked, each typed and validated as the format requires, and beside each table a live
formula shows every identity's difference, so what does not add up shows while typing.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..formats import Kind, TableSpec
from ..formats.drawing import draw
from ..formats.identities import table_identities
from ..formats.official import SECTIONS
from ..formats.workbook import (
    CHECK_NAMES,
    META_LABELS,
    META_SHEET,
    TABLE_COLUMN,
    TABLE_ROW,
    TEXT_FIRST_ROW,
    TEXT_SHEET,
    check_column,
    positions,
    sheet_name,
    width,
)
from ..model import Report

FONT = "仿宋_GB2312"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_INPUT = PatternFill("solid", fgColor="FFF8E1")
_WRONG = PatternFill("solid", fgColor="F4CCCC")
# Four decimals as entered; an amount converted from 元 may carry two more, shown, not rounded.
_NUMBER_FORMAT = {Kind.COUNT: "0", Kind.SIGNED: "0", Kind.MONEY: "0.0000##"}


def ref(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def _title(report: Report) -> str:
    meta = report.meta
    return meta.title or f"{meta.agency or ''}{meta.year or ''}年政府信息公开工作年度报告"


def _meta_sheet(ws: Worksheet, report: Report) -> None:
    meta = report.meta
    ws["A1"] = "政府信息公开工作年度报告 填报表"
    ws["A1"].font = Font(name=FONT, bold=True, size=14)
    values = {"agency": meta.agency, "year": meta.year, "template": report.format.name,
              "title": meta.title or (_title(report) if meta.agency else None), "published": meta.published}
    for i, (field, label) in enumerate(META_LABELS.items()):
        ws.cell(2 + i, 1, label).font = Font(name=FONT, bold=True)
        cell = ws.cell(2 + i, 2, values[field])
        cell.protection = Protection(locked=field == "template")
    note = 3 + len(META_LABELS)
    for i, line in enumerate((
        "填写说明：只在浅黄色单元格中填写数字；数量填非负整数，收费金额以万元为单位，最多四位小数。",
        "空着的单元格表示报告未填；没有发生的事项请填 0。",
        "各表右侧的“勾稽检查”列显示每一条勾稽关系的差额，全部为 0 时表内数字才相互吻合。",
        f"“格式”由报告年度决定（{report.format.name} 年版），请勿修改。",
    )):
        ws.cell(note + i, 1, line).font = Font(name=FONT)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 60
    ws.protection.sheet = True


def _text_sheet(ws: Worksheet, report: Report) -> None:
    for c, label in enumerate(("序号", "标题", "内容"), start=1):
        cell = ws.cell(TEXT_FIRST_ROW - 1, c, label)
        cell.font = Font(name=FONT, bold=True)
        cell.alignment = _CENTRE
        cell.border = _BOX
    for i, spec in enumerate(SECTIONS):
        row = TEXT_FIRST_ROW + i
        section = report.sections.get(spec.key)
        ws.cell(row, 1, spec.number).alignment = _CENTRE
        ws.cell(row, 2, section.heading if section is not None and section.heading else spec.heading)
        text = ws.cell(row, 3, section.text if section is not None and section.text else None)
        text.alignment = Alignment(vertical="top", wrap_text=True)
        text.protection = Protection(locked=False)
        for c in (1, 2, 3):
            ws.cell(row, c).border = _BOX
            ws.cell(row, c).font = Font(name=FONT)
        ws.row_dimensions[row].height = 120
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 36
    ws.column_dimensions["C"].width = 100
    ws.protection.sheet = True


def _money_validation(coordinate: str) -> DataValidation:
    """Non-negative, in 万元 to four decimals (to the yuan): a formula, as no built-in type says so."""
    rule = DataValidation(type="custom", formula1=f"AND({coordinate}>=0,ROUND({coordinate},4)={coordinate})",
                          allow_blank=True, showErrorMessage=True, errorTitle="金额",
                          error="请填非负数，单位万元，最多四位小数。")
    rule.add(coordinate)
    return rule


def _validation(kind: Kind) -> DataValidation:
    if kind is Kind.SIGNED:
        return DataValidation(type="whole", operator="between", formula1="-1000000000", formula2="1000000000",
                              allow_blank=True, showErrorMessage=True, errorTitle="增减",
                              error="请填整数（减少填负数）。")
    return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                          showErrorMessage=True, errorTitle="数量", error="请填非负整数。")


def _table_sheet(ws: Worksheet, report: Report, table: TableSpec) -> None:
    spec = report.format
    wide = width(table)
    ws.cell(1, TABLE_COLUMN, table.title).font = Font(name="黑体", bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=TABLE_COLUMN, end_row=1, end_column=TABLE_COLUMN + wide - 1)
    found = report.tables.get(table.name)
    places = positions(table)
    checks: dict[Kind, DataValidation] = {}
    r = TABLE_ROW
    taken: set[tuple[int, int]] = set()
    for drawn_row in draw(table):
        c = TABLE_COLUMN
        for drawn in drawn_row:
            while (r, c) in taken:
                c += 1
            for dr in range(drawn.row_span):
                for dc in range(drawn.col_span):
                    taken.add((r + dr, c + dc))
                    ws.cell(r + dr, c + dc).border = _BOX
            cell = ws.cell(r, c)
            if drawn.key is None:
                cell.value = drawn.text
                cell.font = Font(name=FONT, bold=drawn.header and drawn.row_span * drawn.col_span > 1)
                cell.alignment = _CENTRE if drawn.header and len(drawn.text) < 12 else _LEFT
            else:
                kind = spec.kind_of(drawn.key)
                value = report.value(drawn.key) if found is not None and found.found else None
                cell.value = value
                cell.number_format = _NUMBER_FORMAT[kind]
                cell.alignment = _CENTRE
                cell.fill = _INPUT
                cell.font = Font(name=FONT)
                cell.protection = Protection(locked=False)
                if kind is Kind.MONEY:
                    ws.add_data_validation(_money_validation(cell.coordinate))
                else:
                    checks.setdefault(kind, _validation(kind)).add(cell)
            if drawn.row_span > 1 or drawn.col_span > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + drawn.row_span - 1,
                               end_column=c + drawn.col_span - 1)
            c += drawn.col_span
        r += 1
    for validation in checks.values():
        ws.add_data_validation(validation)
    _identity_checks(ws, table, places, r)
    _widths(ws, table)
    ws.protection.sheet = True


def _identity_checks(ws: Worksheet, table: TableSpec, places: dict[str, tuple[int, int]], end_row: int) -> None:
    """The difference of each identity, live: 0 where the numbers agree, red where they do not."""
    col = check_column(table)
    for c, label in ((col, "勾稽检查"), (col + 1, "差额（应为 0）")):
        head = ws.cell(TABLE_ROW, c, label)
        head.font = Font(name=FONT, bold=True)
        head.alignment = _CENTRE
        head.border = _BOX
    row = TABLE_ROW
    for identity in table_identities(table):
        row += 1
        left = ",".join(ref(*places[key]) for key in identity.left)
        right = ",".join(ref(*places[key]) for key in identity.right)
        ws.cell(row, col, f"{identity.label}｜{CHECK_NAMES.get(identity.code, identity.code)}").font = Font(name=FONT)
        diff = ws.cell(row, col + 1, f"=SUM({left})-SUM({right})")
        diff.number_format = "0.####"
        diff.alignment = _CENTRE
        for c in (col, col + 1):
            ws.cell(row, c).border = _BOX
    if row > TABLE_ROW:
        span = f"{ref(TABLE_ROW + 1, col + 1)}:{ref(row, col + 1)}"
        ws.conditional_formatting.add(span, CellIsRule(operator="notEqual", formula=["0"], fill=_WRONG))
    note_row = max(row, end_row) + 2
    if table.corner:
        ws.cell(note_row, TABLE_COLUMN, f"勾稽关系：{table.corner.strip('（）')}").font = Font(name=FONT, italic=True)
    ws.column_dimensions[get_column_letter(col)].width = 48
    ws.column_dimensions[get_column_letter(col + 1)].width = 14


def _widths(ws: Worksheet, table: TableSpec) -> None:
    """Label columns wide enough for the official labels, value columns narrow, as printed."""
    value_columns = {c for _, c in positions(table).values()}
    for c in range(TABLE_COLUMN, TABLE_COLUMN + width(table)):
        ws.column_dimensions[get_column_letter(c)].width = 11 if c in value_columns else 18


def workbook(report: Report) -> bytes:
    """The workbook of ``report``: empty cells where it has no value (all of them, for a template)."""
    book = Workbook()
    meta_sheet = book.active
    assert meta_sheet is not None
    meta_sheet.title = META_SHEET
    _meta_sheet(meta_sheet, report)
    _text_sheet(book.create_sheet(TEXT_SHEET), report)
    for table in report.format.tables:
        _table_sheet(book.create_sheet(sheet_name(table)), report, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
