"""Plain text and Markdown: the report as a person reads it, tables included.

Both render from the format spec, blanks as "—" (never 0), and both read back through the
text reader to the same cells: Markdown as pipe tables, plain text as tab-separated rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from ..formats import cell_names
from ..formats.drawing import Drawing, expand, flat_header, official_tables
from ..formats.official import SECTIONS
from ..hookspecs import hookimpl
from ..i18n import language
from ..interfaces import Writer
from ..markup import FINDINGS_HEADINGS
from ..model import Finding, Report, Value
from .controls import printable

BLANK = "—"


def format_value(value: Value) -> str:
    if value is None:
        return BLANK
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def table_rows(report: Report, drawing: Drawing) -> list[list[str]]:
    """An official table as rows of strings, drawn as the format prints it: a merged cell's
    text at its place, the places under its span left empty."""
    return [[format_value(report.value(cell.key)) if cell is not None and cell.key
             else (cell.text if cell is not None else "") for cell in row]
            for row in expand(drawing)]


def flat_rows(report: Report, drawing: Drawing) -> list[list[str]]:
    """The table with its header rows flattened into one row of labels (see :func:`flat_header`)."""
    header, height = flat_header(drawing)
    return [header, *table_rows(report, drawing)[height:]]


def render_lines(report: Report, table: Callable[[list[list[str]]], list[str]],
                 findings: list[Finding], rows: Callable[[Report, Drawing], list[list[str]]] = table_rows,
                 ) -> Iterator[str]:
    names = {t.section: t.name for t in report.format.tables}
    # A table the report lacks is not written as a grid of blanks: read back, it stays missing.
    tables = {section: rows(report, drawing) for section, drawing in official_tables(report.format).items()
              if (printed := report.tables.get(names[section])) is not None and printed.found}
    title = report.meta.title or f"{report.meta.agency or ''}{report.meta.year or ''}年政府信息公开工作年度报告"
    yield title
    yield ""
    for section_spec in SECTIONS:
        section = report.sections.get(section_spec.key)
        yield f"{section_spec.number}、{section_spec.heading}"
        yield ""
        if section is not None and section.text:
            for line in section.text.splitlines():
                yield line
                yield ""
        if section_spec.key in tables:
            yield from table(tables[section_spec.key])
            yield ""
    if findings:
        lang = language()
        yield FINDINGS_HEADINGS[lang]
        yield ""
        names = cell_names(report.format, lang)
        opening, separator, closing = ("（", "；", "）") if lang == "zh" else (" (", "; ", ")")
        for f in findings:
            shown = [names.get(key, key) for key in f.cells[:6]]
            cells = f"{opening}{separator.join(shown)}{' …' if len(f.cells) > 6 else ''}{closing}" if f.cells else ""
            yield f"[{f.severity.value}] {f.code}: {f.text(spec=report.format)}{cells}"


def _pipe_table(rows: list[list[str]]) -> list[str]:
    """A GFM table: one header row, a delimiter row of as many columns, the body rows."""
    width = max(len(cells) for cells in rows)
    lines = ["| " + " | ".join(_pipe_cell(c) for c in [*cells, *[""] * (width - len(cells))]) + " |"
             for cells in rows]
    return [lines[0], "|" + " --- |" * width, *lines[1:]]


def _pipe_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _tab_table(rows: list[list[str]]) -> list[str]:
    return ["\t".join(cells) for cells in rows]


class MarkdownWriter(Writer):
    name = "markdown"
    extensions = (".md", ".markdown")

    def render(self, report: Report, findings: list[Finding]) -> str:
        lines = list(render_lines(report, _pipe_table, findings, flat_rows))
        lines[0] = "# " + lines[0]
        return printable("\n".join(lines) + "\n")


class TextWriter(Writer):
    name = "text"
    extensions = (".txt",)

    def render(self, report: Report, findings: list[Finding]) -> str:
        return printable("\n".join(render_lines(report, _tab_table, findings)) + "\n")


@hookimpl
def register_writers(register: Callable[[Writer], Any]) -> None:
    register(MarkdownWriter())
    register(TextWriter())
