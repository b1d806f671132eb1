"""The Word file a disclosure office publishes, drawn with python-docx.

Laid out from the official format with the template's merged headers, so an office can
produce its tables from its numbers. The file is meant for publication, so findings are not
drawn into it (the HTML writer is the annotated view); blank cells stay blank.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..formats.drawing import Drawing, official_tables
from ..model import Report
from .controls import printable
from .html_writer import format_value, report_title

BODY_FONT = "宋体"
HEADING_FONT = "黑体"


def _east_asian_font(style: Any, name: str) -> None:
    """python-docx sets only the Latin font; Chinese text needs ``w:eastAsia`` as well."""
    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _positions(grid: Drawing) -> list[tuple[int, int, int, int]]:
    """Each origin cell's (row, column, row span, column span) on the Word grid."""
    occupied: set[tuple[int, int]] = set()
    out: list[tuple[int, int, int, int]] = []
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            occupied.update((r + dr, c + dc) for dr in range(cell.row_span) for dc in range(cell.col_span))
            out.append((r, c, cell.row_span, cell.col_span))
            c += cell.col_span
    return out


def render_docx(report: Report) -> bytes:
    """The official report as a Word document."""
    fmt = report.format
    title = printable(report_title(report))
    document = Document()
    _east_asian_font(document.styles["Normal"], BODY_FONT)
    document.styles["Normal"].font.size = Pt(12)
    heading_style = document.styles["Heading 1"]
    _east_asian_font(heading_style, HEADING_FONT)
    heading_style.font.size = Pt(14)
    heading_style.font.color.rgb = RGBColor(0, 0, 0)
    document.core_properties.title = title
    if report.meta.agency:
        document.core_properties.author = printable(report.meta.agency)

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(18)

    tables = official_tables(fmt)
    for spec in fmt.sections:
        document.add_heading(f"{spec.number}、{spec.heading}", level=1)
        body = report.sections.get(spec.key)
        if body is not None:
            for line in printable(body.text).splitlines():
                if line.strip():
                    paragraph = document.add_paragraph(line.strip())
                    paragraph.paragraph_format.first_line_indent = Pt(24)
        if spec.key in tables:
            _table(document, tables[spec.key], report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: Any, grid: Drawing, report: Report) -> None:
    placed = _positions(grid)
    height = max(r + rs for r, _, rs, _ in placed)
    width = max(c + cs for _, c, _, cs in placed)
    cells = [cell for row in grid for cell in row]
    table = document.add_table(rows=height, cols=width)
    for row in table.rows:  # a row broken across pages splits its label from its numbers
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = Pt(10.5 if width <= 10 else 8)
    for (r, c, rs, cs), spec in zip(placed, cells, strict=True):
        cell = table.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
        cell.text = printable(format_value(report.value(spec.key)) if spec.key else spec.text)
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.font.size = size
    document.add_paragraph()
