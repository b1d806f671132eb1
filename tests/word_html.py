"""A report written the way Microsoft Word saves a document as HTML ("Web page, filtered" off).

Most reports on government sites were typed in Word and pasted or saved into the CMS, so the
markup readers meet is Word's: every paragraph a ``MsoNormal`` with ``<span>`` runs carrying
``mso-`` styles and an empty ``<o:p>``, tables of class ``MsoTableGrid`` with widths and border
styles on every cell, blank cells holding ``&nbsp;`` (or a full-width space someone typed),
numbers split over several nested runs, and the hidden row of column widths Word appends to a
table with merged cells. The page declares GB2312, as a Chinese Word saves it.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from govinfo_report.formats.drawing import Drawing, DrawnCell, official_tables
from govinfo_report.model import Report
from govinfo_report.writers.html_writer import format_value, report_title

CHARSET = "gb2312"

_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset={charset}">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<title>{title}</title>
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Print</w:View>
  <w:SpellingState>Clean</w:SpellingState>
  <w:DocumentKind>DocumentNotSpecified</w:DocumentKind>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face
	{{font-family:宋体;
	panose-1:2 1 6 0 3 1 1 1 1 1;
	mso-font-charset:134;}}
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
	{{mso-style-unhide:no;
	mso-style-qformat:yes;
	margin:0cm;
	text-align:justify;
	text-justify:inter-ideograph;
	font-size:10.5pt;
	font-family:"Times New Roman",serif;
	mso-fareast-font-family:宋体;}}
table.MsoTableGrid
	{{mso-style-name:网格型;
	border:solid windowtext 1.0pt;
	font-size:10.5pt;}}
@page WordSection1
	{{size:595.3pt 841.9pt;
	margin:72.0pt 90.0pt 72.0pt 90.0pt;}}
div.WordSection1
	{{page:WordSection1;}}
-->
</style>
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>
"""

_TAIL = "\n</div>\n\n</body>\n\n</html>\n"
_RUN = "style='font-family:宋体;mso-ascii-font-family:\"Times New Roman\";mso-hansi-font-family:\"Times New Roman\"'"
_NUMBER_RUN = "lang=EN-US style='font-size:10.0pt;mso-bidi-font-size:10.5pt'"
_TD_STYLE = ("border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;"
             "padding:0cm 5.4pt 0cm 5.4pt")
# Blank cells as people leave them in Word: the non-breaking space Word writes itself, a
# full-width space typed in, plain spaces.
_BLANKS = ("&nbsp;", "\u3000", "&nbsp;&nbsp;", "  ")
_COLUMN_WIDTH = 52


def word_html(report: Report) -> str:
    """The whole saved page (declared :data:`CHARSET`; encode it with that codec)."""
    return _HEAD.format(charset=CHARSET, title=escape(report_title(report))) + word_body(report) + _TAIL


def word_body(report: Report) -> str:
    """What a CMS keeps when the Word page is pasted into an article: the body's content only."""
    return "".join(_body(report))


def _body(report: Report) -> Iterator[str]:
    fmt = report.format
    tables = official_tables(fmt)
    yield ("<p class=MsoNormal align=center style='text-align:center'><b><span "
           f"style='font-size:18.0pt;font-family:宋体'>{escape(report_title(report))}</span></b>"
           "<b><span lang=EN-US style='font-size:18.0pt'><o:p></o:p></span></b></p>\n\n")
    blank = 0
    for spec in fmt.sections:
        yield (f"<p class=MsoNormal style='text-indent:32.0pt'><b><span {_RUN}>"
               f"{escape(spec.number)}、{escape(spec.heading)}</span></b><span lang=EN-US><o:p></o:p></span></p>\n\n")
        section = report.sections.get(spec.key)
        if section is not None:
            for line in section.text.splitlines():
                if line.strip():
                    yield (f"<p class=MsoNormal style='text-indent:32.0pt'><span {_RUN}>{escape(line.strip())}"
                           "</span><span lang=EN-US><o:p></o:p></span></p>\n\n")
        if spec.key in tables:
            grid = tables[spec.key]
            rows: list[str] = []
            for r, row in enumerate(grid):
                cells = []
                for cell in row:
                    cells.append(_td(cell, report, blank))
                    if cell.key is not None and report.value(cell.key) is None:
                        blank += 1
                rows.append(f" <tr style='mso-yfti-irow:{r}'>\n" + "".join(cells) + " </tr>\n")
            yield ("<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0\n style='border-collapse:collapse;"
                   "border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184;"
                   "mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n" + "".join(rows) + _width_row(grid) + "</table>\n\n")
            yield "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n\n"


def _td(cell: DrawnCell, report: Report, blank: int) -> str:
    spans = (f" colspan={cell.col_span}" if cell.col_span > 1 else "") + (
        f" rowspan={cell.row_span}" if cell.row_span > 1 else "")
    width = _COLUMN_WIDTH * cell.col_span
    if cell.key is None:
        text = f"<span {_RUN}>{escape(cell.text)}</span>"
    else:
        printed = format_value(report.value(cell.key))
        if not printed:
            text = f"<span lang=EN-US><o:p>{_BLANKS[blank % len(_BLANKS)]}</o:p></span>"
        else:
            # Word splits a run wherever editing touched it; a number often arrives in pieces.
            head, tail = printed[: len(printed) // 2], printed[len(printed) // 2:]
            text = (f"<span {_NUMBER_RUN}><span style='mso-spacerun:yes'>{head}</span>{tail}"
                    "<o:p></o:p></span>")
    return (f"  <td width={width}{spans} valign=top style='width:{width * 0.75:.1f}pt;{_TD_STYLE}'>\n"
            f"  <p class=MsoNormal align=center style='text-align:center'>{text}</p>\n  </td>\n")


def _width_row(grid: Drawing) -> str:
    """Word's trailer for tables with merged cells: an invisible row of empty width cells."""
    columns = sum(cell.col_span for cell in grid[-1])
    cells = "".join(f"  <td width={_COLUMN_WIDTH} style='border:none'></td>\n" for _ in range(columns))
    return f" <![if !supportMisalignedColumns]>\n <tr height=0>\n{cells} </tr>\n <![endif]>\n"
