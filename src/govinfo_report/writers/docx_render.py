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
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from lxml import etree

from ..formats.drawing import Drawing, expand, official_tables
from ..model import Report
from .controls import printable
from .html_writer import format_value, report_title

# GB/T 9704 sets official documents in these faces; where a reader's machine lacks them the
# font table names the common face to use instead.
TITLE_FONT, TITLE_FALLBACK = "方正小标宋简体", "宋体"
BODY_FONT, BODY_FALLBACK = "仿宋_GB2312", "仿宋"
HEADING_FONT = "黑体"
SUBHEADING_FONT, SUBHEADING_FALLBACK = "楷体_GB2312", "楷体"
LATIN_FONT = "Times New Roman"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(10)
LINE = Pt(28)  # the fixed line pitch of an official document's body
# GB/T 9704 page: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}
# The official template's grids (twips): the whole table, the number columns of 表三, and
# the narrow columns its nested outcome groups are printed in.
TABLE_WIDTH = 9741
NUMBER_WIDTH = 685
GROUP_WIDTHS = (754, 921)
# A table of this many rows fills most of a page (表三: 28 or 26 rows), as many body lines
# as it takes; a page holds PAGE_LINES body lines of LINE_CHARS characters (三号 at 28 pt on
# the GB/T 9704 type area of 156 × 225 mm).
WHOLE_PAGE_ROWS = 20
TABLE_PAGE_LINES = 17
PAGE_LINES = 22
LINE_CHARS = 27


def _east_asian_font(style: Any, name: str, latin: str = LATIN_FONT) -> None:
    """python-docx sets only the Latin font; Chinese text needs ``w:eastAsia`` as well."""
    style.font.name = latin
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), name)


def _font_fallbacks(document: Any) -> None:
    """Name in the font table the face to use where an official face is not installed."""
    part = next((p for p in document.part.package.parts if p.partname.endswith("/fontTable.xml")), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    for name, alt in ((TITLE_FONT, TITLE_FALLBACK), (BODY_FONT, BODY_FALLBACK),
                      (SUBHEADING_FONT, SUBHEADING_FALLBACK), (HEADING_FONT, "SimHei")):
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "roman" if name != HEADING_FONT else "modern"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


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
    """The official report as a Word document, set as an official document is."""
    fmt = report.format
    title = printable(report_title(report))
    document = Document()
    _styles(document)
    _font_fallbacks(document)
    document.core_properties.title = title
    if report.meta.agency:
        document.core_properties.author = printable(report.meta.agency)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.PORTRAIT
    for side, length in MARGINS.items():
        setattr(section, side, length)

    document.add_paragraph(title, style="Title")

    tables = official_tables(fmt)
    names = {t.section: t.name for t in fmt.tables}
    for spec in fmt.sections:
        body = report.sections.get(spec.key)
        text = body.text if body is not None else ""
        table = report.tables.get(names[spec.key]) if spec.key in names else None
        has_table = table is not None and table.found
        if not text.strip() and not has_table:
            continue  # a section the report lacks is reported by the rules, not printed empty
        head = document.add_heading(printable(f"{spec.number}、{spec.heading}"), level=1)
        head.paragraph_format.keep_with_next = True
        lines = [line.strip() for line in printable(text).splitlines() if line.strip()]
        # A table too long to share a page starts a new one, so that it is printed whole, as
        # the template prints it: with its heading where the prose before it is short,
        # after the prose where that is long.
        whole_page = has_table and len(tables[spec.key]) >= WHOLE_PAGE_ROWS
        short = 1 + _body_lines(lines) + TABLE_PAGE_LINES <= PAGE_LINES
        head.paragraph_format.page_break_before = whole_page and short
        paragraph = None
        for line in lines:
            paragraph = document.add_paragraph(line)
        if whole_page and not short and paragraph is not None:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
        if spec.key in tables and has_table:
            _table(document, tables[spec.key], report)
    _signature(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _styles(document: Any) -> None:
    normal = document.styles["Normal"]
    _east_asian_font(normal, BODY_FONT)
    normal.font.size = BODY_SIZE
    body = normal.paragraph_format
    body.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.line_spacing = LINE
    body.first_line_indent = Pt(32)  # two characters of 三号
    body.space_before = body.space_after = Pt(0)
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    heading_style = document.styles["Heading 1"]
    _east_asian_font(heading_style, HEADING_FONT)
    heading_style.font.size = BODY_SIZE
    heading_style.font.bold = False
    heading_style.font.color.rgb = RGBColor(0, 0, 0)
    head = heading_style.paragraph_format
    head.first_line_indent = Pt(32)
    head.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    head.line_spacing = LINE
    head.space_before = head.space_after = Pt(0)
    title = document.styles["Title"]
    _east_asian_font(title, TITLE_FONT)
    title.font.size = TITLE_SIZE
    title.font.bold = False
    title.font.color.rgb = RGBColor(0, 0, 0)
    for border in title.element.get_or_add_pPr().findall(qn("w:pBdr")):
        border.getparent().remove(border)  # the default Title's rule under the text
    layout = title.paragraph_format
    layout.alignment = WD_ALIGN_PARAGRAPH.CENTER
    layout.first_line_indent = Pt(0)
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = Pt(36)
    layout.space_after = LINE
    for name in ("Heading 2", "Heading 3"):
        _east_asian_font(document.styles[name], SUBHEADING_FONT)
        document.styles[name].font.size = BODY_SIZE
        document.styles[name].font.color.rgb = RGBColor(0, 0, 0)


def _body_lines(paragraphs: list[str]) -> int:
    """How many lines the paragraphs take in the body face, first-line indent included."""
    return sum(-(-(len(text) + 2) // LINE_CHARS) for text in paragraphs)


def _signature(document: Any, report: Report) -> None:
    """The 落款: the body and the date, right-aligned under the text."""
    lines = [printable(x) for x in (report.meta.agency, _date(report.meta.published)) if x]
    if not lines:
        return
    document.add_paragraph().paragraph_format.first_line_indent = Pt(0)
    for line in lines:
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.right_indent = Pt(64)  # four characters in from the margin


def _date(published: str | None) -> str | None:
    """An ISO date as an official document prints it (2024年1月20日); other text as given."""
    if not published:
        return None
    parts = published.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{int(parts[0])}年{int(parts[1])}月{int(parts[2])}日"
    return published


def column_widths(grid: Drawing) -> list[int]:
    """The template's grid: label columns and number columns as the official file draws them.

    A table whose row labels take one column (表二, 表四) divides the width evenly, as the
    template does; one whose outcomes nest in groups (表三) gives each number column its
    narrow width, the group columns theirs, and the row labels what is left.
    """
    rows = expand(grid)
    width = len(rows[0])
    value_columns = {c for row in rows for c, cell in enumerate(row) if cell is not None and cell.key}
    labels = [c for c in range(width) if c not in value_columns]
    if len(labels) <= 1:
        return [TABLE_WIDTH // width + (1 if c < TABLE_WIDTH % width else 0) for c in range(width)]
    groups = list(GROUP_WIDTHS[-(len(labels) - 1):])
    rest = TABLE_WIDTH - NUMBER_WIDTH * len(value_columns) - sum(groups)
    label_widths = iter([*groups, rest])
    return [NUMBER_WIDTH if c in value_columns else next(label_widths) for c in range(width)]


def _header_rows(grid: Drawing) -> int:
    """How many rows at the top hold only labels: those repeat on a continuation page."""
    count = 0
    for row in grid:
        if any(cell.key for cell in row):
            break
        count += 1
    return count


def _table(document: Any, grid: Drawing, report: Report) -> None:
    placed = _positions(grid)
    height = max(r + rs for r, _, rs, _ in placed)
    width = max(c + cs for _, c, _, cs in placed)
    cells = [cell for row in grid for cell in row]
    widths = column_widths(grid)
    table = document.add_table(rows=height, cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table, widths)
    heads = _header_rows(grid)
    for i, row in enumerate(table.rows):
        props = row._tr.get_or_add_trPr()
        props.append(OxmlElement("w:cantSplit"))  # a row broken across pages splits its label from its numbers
        if i < heads:
            props.append(OxmlElement("w:tblHeader"))
    for (r, c, rs, cs), spec in zip(placed, cells, strict=True):
        cell = table.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
        cell.text = printable(format_value(report.value(spec.key)) if spec.key else spec.text)
        row_label = not spec.key and r >= heads and len(spec.text) > 8 and any(d.key for d in grid[r])
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if row_label else WD_ALIGN_PARAGRAPH.CENTER
            layout = paragraph.paragraph_format
            layout.first_line_indent = Pt(0)
            layout.line_spacing_rule = WD_LINE_SPACING.SINGLE
            # every row but the last keeps with the next: the table stays on one page where it fits
            layout.keep_with_next = r + rs < height
            for run in paragraph.runs:
                run.font.size = TABLE_SIZE
    for row in table.rows:  # every grid cell, the ones under a merge as well
        for tc in row._tr.tc_lst:
            tc.get_or_add_tcPr().vAlign_val = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    document.add_paragraph()


def _fixed_layout(table: Any, widths: list[int]) -> None:
    """Column widths as the template's grid, held fixed so no renderer reflows them."""
    tbl = table._tbl
    props = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    props.append(layout)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(sum(widths)))
    total.set(qn("w:type"), "dxa")
    for old in props.findall(qn("w:tblW")):
        props.remove(old)
    props.append(total)
    for col, twips in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(twips))
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = Twips(widths[c])
