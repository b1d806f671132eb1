"""HTML writer: the report as one self-contained page, findings marked on their cells.

The page is laid out from the official format (not from the source file), so a reader sees
the tables exactly as 国办公开办函 prints them, with the cells a rule complains about
coloured and explained on hover. Nothing is fetched and no script runs: the page can be
mailed, archived or opened offline. Numbers are written plainly so that the HTML reader
reads the page back to the same cells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from html import escape
from typing import Any

from ..formats import FormatSpec, cell_names
from ..formats.drawing import Drawing, DrawnCell, official_tables
from ..formats.identities import identities
from ..hookspecs import hookimpl
from ..i18n import N_, language, t, translate
from ..interfaces import Writer
from ..markup import ANNOTATION_ATTR
from ..model import Cause, Finding, Report, Severity, Value
from .controls import printable

SEVERITY_LABELS = {Severity.ERROR: N_("错误"), Severity.WARNING: N_("警告"), Severity.INFO: N_("提示")}


def _severity(severity: Severity) -> str:
    return translate(SEVERITY_LABELS[severity])


def _lang() -> str:
    """The language attribute of what this library adds, where it is not the page's Chinese."""
    return "" if language() == "zh" else ' lang="en"'


def format_value(value: Value) -> str:
    """A cell value as printed: blank stays blank, money exactly as stored, never 1E+1."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def report_title(report: Report) -> str:
    if report.meta.title:
        return report.meta.title
    agency = report.meta.agency or ""
    year = f"{report.meta.year}年" if report.meta.year else ""
    return f"{agency}{year}政府信息公开工作年度报告"


Marks = dict[str, list[tuple[Finding, bool]]]


def findings_by_cell(findings: list[Finding], spec: FormatSpec) -> Marks:
    """Each cell's findings, each with whether the cell is what it is about (not only cited)."""
    marked: Marks = {}
    for finding in findings:
        principal = principal_cells(finding, spec)
        for key in finding.cells:
            marked.setdefault(key, []).append((finding, key in principal))
    return marked


def principal_cells(finding: Finding, spec: FormatSpec) -> frozenset[str]:
    """The cells a finding is about, as against those it only cites.

    For a failing identity (a column's 总计 against its outcomes) the total is what is wrong,
    the cells summed to it the evidence: the identity whose cells the finding names says
    which side is which. Any other finding is about every cell it names.
    """
    named = set(finding.cells)
    for identity in identities(spec):
        if identity.code == finding.code and set(identity.keys) == named:
            return frozenset(identity.left)
    return frozenset(named)


def _printed(report: Report, section: str) -> bool:
    """Whether the report has the table of ``section`` (a table it lacks is not drawn)."""
    table = next((t for t in report.format.tables if t.section == section), None)
    found = report.tables.get(table.name) if table is not None else None
    return found is not None and found.found


def cell_id(key: str) -> str:
    """The element id of a cell. Ids may hold dots; only CSS selectors would need escaping,
    and the stylesheet selects by attribute, so fragment links stay readable keys."""
    return f"cell-{key}"


_CSS = """
body{font-family:"SimSun","Songti SC","Noto Serif CJK SC",serif;margin:2em auto;max-width:1100px;
 color:#111;line-height:1.7;padding:0 1em}
h1{text-align:center;font-size:1.6em}
h2{font-size:1.2em;margin-top:1.6em}
p{text-indent:2em;margin:.4em 0}
table.official{border-collapse:collapse;width:100%;margin:.8em 0;font-size:.92em}
table.official td,table.official th{border:1px solid #333;padding:.25em .35em;text-align:center;
 vertical-align:middle}
table.official th{background:#f3f3f3;font-weight:normal}
td.v{min-width:2.2em;position:relative}
td.blank{background:repeating-linear-gradient(45deg,#fafafa,#fafafa 4px,#eee 4px,#eee 8px)}
td.f-error{background:#ffd6d6;outline:2px solid #c00;outline-offset:-2px}
td.f-warning{background:#fff1c2;outline:2px solid #d49b00;outline-offset:-2px}
td.f-info{background:#dcebff;outline:2px solid #3471c4;outline-offset:-2px}
td.f-error::after,td.f-warning::after,td.f-info::after{content:"";position:absolute;top:0;right:0;
 border-style:solid;border-width:0 8px 8px 0;border-color:transparent #c00 transparent transparent}
td.f-warning::after{border-right-color:#d49b00}
td.f-info::after{border-right-color:#3471c4}
td.cited{outline:1px dashed #888;outline-offset:-2px}
td.cited.s-error{background:#fff0f0}
td.cited.s-warning{background:#fffaeb}
td.reading{background:#eef3fb;outline:2px dotted #3471c4;outline-offset:-2px}
td.reading::after{border-right-color:#3471c4}
.swatch.cited{background:#fff0f0;outline:1px dashed #888}
.swatch.reading{background:#eef3fb;outline:2px dotted #3471c4}
td[id]:target{box-shadow:0 0 0 3px #1d5fd1 inset}
td.v:hover{filter:brightness(.93);cursor:help}
.annotation{font-family:sans-serif;font-size:.9em;color:#333}
.summary{border:1px solid #ccc;background:#fafafa;padding:.5em 1em;margin-bottom:1em}
.findings{border-top:2px solid #333;margin-top:2.5em}
.findings li{margin:.35em 0}
.badge{display:inline-block;min-width:2.5em;text-align:center;border-radius:3px;padding:0 .4em;
 margin-right:.4em;color:#fff;font-size:.85em}
.sev-error .badge,.swatch.f-error{background:#c00}
.sev-warning .badge,.swatch.f-warning{background:#d49b00}
.sev-info .badge,.swatch.f-info{background:#3471c4}
.swatch{display:inline-block;width:1em;height:1em;vertical-align:middle;margin:0 .3em 0 1em}
.legend{list-style:none;padding:0}
.legend li{display:inline-block}
code{font-family:monospace;font-size:.95em}
"""


class HtmlWriter(Writer):
    """Writes the report page; the findings list links to every cell it names."""

    name = "html"
    extensions = (".html", ".htm")
    binary = False

    def render(self, report: Report, findings: list[Finding]) -> str:
        return printable("".join(_page(report, findings)))


def _page(report: Report, findings: list[Finding]) -> Iterator[str]:
    fmt = report.format
    title = report_title(report)
    marked = findings_by_cell(findings, fmt)
    # A table the report lacks is not drawn with blanks: read back, it must stay missing.
    tables = {section: drawing for section, drawing in official_tables(fmt).items() if _printed(report, section)}
    yield ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
           f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n")
    yield f"<h1>{escape(title)}</h1>\n"
    yield from _summary(report, findings, fmt)
    for spec in fmt.sections:
        section = report.sections.get(spec.key)
        yield f'<h2 id="section-{spec.key}">{escape(spec.number)}、{escape(spec.heading)}</h2>\n'
        if section is not None:
            for line in section.text.splitlines():
                if line.strip():
                    yield f"<p>{escape(line.strip())}</p>\n"
        if spec.key in tables:
            yield from _table(tables[spec.key], report, marked, spec.key)
    rendered = {cell.key for grid in tables.values() for row in grid for cell in row if cell.key}
    yield from _findings(findings, rendered, cell_names(report.format, language()), fmt)
    yield "</body>\n</html>\n"


def _summary(report: Report, findings: list[Finding], fmt: FormatSpec) -> Iterator[str]:
    counts = {sev: sum(1 for f in findings if f.severity is sev) for sev in Severity}
    parts = [t("模板 {name}", name=escape(fmt.name))]
    if report.meta.agency:
        parts.append(t("机关 {agency}", agency=escape(report.meta.agency)))
    if report.meta.year:
        parts.append(t("年度 {year}", year=report.meta.year))
    parts.append(translate("；").join(f"{_severity(s)} {counts[s]}" for s in Severity))
    heading = escape(translate("检查结果"))
    yield (f'<div class="annotation summary"{_lang()} {ANNOTATION_ATTR}="summary">'
           f'{" · ".join(parts)} · <a href="#findings">{heading}</a></div>\n')


def _table(grid: Drawing, report: Report, marked: Marks, name: str) -> Iterator[str]:
    # Rules and width as attributes too: converters that ignore the stylesheet (LibreOffice
    # opening the page as a document) keep the grid ruled and within the page.
    yield f'<table class="official" id="table-{name}" border="1" cellspacing="0" cellpadding="2" width="100%">\n'
    for row in grid:
        yield "<tr>"
        for cell in row:
            yield _cell(cell, report, marked)
        yield "</tr>\n"
    yield "</table>\n"


def _cell(cell: DrawnCell, report: Report, marked: Marks) -> str:
    spans = ""
    if cell.row_span > 1:
        spans += f' rowspan="{cell.row_span}"'
    if cell.col_span > 1:
        spans += f' colspan="{cell.col_span}"'
    if cell.key is None:
        return f"<th{spans}>{escape(cell.text)}</th>"
    value = report.value(cell.key)
    classes = ["v"]
    if value is None:
        classes.append("blank")
    tips = [f"{cell.key}" + (translate(" (空白)") if value is None else "")]
    found = marked.get(cell.key, [])
    # What is wrong with the report is marked strongly, the cells a sum only cites lightly,
    # and a doubt about our reading differently from both.
    about = [f for f, principal in found if principal and f.cause is not Cause.READING]
    doubted = [f for f, principal in found if principal and f.cause is Cause.READING]
    if about:
        classes.append(f"f-{max(about, key=lambda f: f.severity.rank).severity.value}")
    elif doubted:
        classes.append("reading")
    elif found:
        classes.extend(("cited", f"s-{max((f for f, _ in found), key=lambda f: f.severity.rank).severity.value}"))
    tips.extend(f"[{_severity(f.severity)}] {f.code}: {f.text(spec=report.format)}" for f, _ in found)
    title = escape("\n".join(tips), quote=True)
    return (f'<td{spans} id="{escape(cell_id(cell.key))}" class="{" ".join(classes)}" '
            f'data-key="{escape(cell.key)}" title="{title}">{escape(format_value(value))}</td>')


def _findings(findings: list[Finding], rendered: set[str], labels: dict[str, str],
              spec: FormatSpec) -> Iterator[str]:
    yield f'<section class="annotation findings" id="findings"{_lang()} {ANNOTATION_ATTR}="findings">\n'
    heading, cited, doubted = (escape(translate(w)) for w in (
        N_("检查结果"), N_("参与不成立的合计"), N_("识读存疑（可能是读取问题）")))
    yield f"<h2>{heading}</h2>\n"
    yield '<ul class="legend">'
    for sev in Severity:
        yield f'<li><span class="swatch f-{sev.value}"></span>{_severity(sev)}（{sev.value}）</li>'
    yield f'<li><span class="swatch cited"></span>{cited}</li>'
    yield f'<li><span class="swatch reading"></span>{doubted}</li>'
    yield "</ul>\n"
    if not findings:
        none = escape(translate("未发现问题。"))
        yield f"<p>{none}</p>\n</section>\n"
        return
    yield "<ol>\n"
    ordered = sorted(findings, key=lambda f: -f.severity.rank)
    for n, finding in enumerate(ordered, 1):
        sev = finding.severity
        badge = f'<span class="badge">{_severity(sev)}</span>'
        yield (f'<li id="finding-{n}" class="sev-{sev.value}">{badge}'
               f"<code>{escape(finding.code)}</code> {escape(finding.text(spec=spec))}")
        if finding.expected is not None or finding.actual is not None:
            yield escape(t("（应为 {expected}，实为 {actual}）", expected=finding.expected or "—",
                           actual=finding.actual or "—"))
        if finding.cells:
            links = []
            for key in finding.cells:
                # Where the cell stands in the source file, for a person checking the original.
                # A person reads the cell by its printed labels; the key stays in data-key.
                place = finding.locations.get(key)
                attrs_ = f' data-key="{escape(key)}"'
                if place is not None:
                    where = escape(t("原文位置：{place}", place=place.describe()))
                    attrs_ += f' title="{where}"'
                name = escape(labels.get(key, key))
                if key in rendered:
                    links.append(f'<a href="#{escape(cell_id(key))}"{attrs_}>{name}</a>')
                else:
                    links.append(f"<code{attrs_}>{name}</code>")
            label, separator = escape(translate("单元格：")), translate("、")
            yield f"<br>{label}{separator.join(links)}"
        yield "</li>\n"
    yield "</ol>\n</section>\n"


@hookimpl
def register_writers(register: Callable[[Writer], Any]) -> None:
    register(HtmlWriter())
