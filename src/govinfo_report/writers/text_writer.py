"""Plain text and Markdown: the report as a person reads it, tables included.

Both render from the format spec, blanks as "—" (never 0), and both read back through the
text reader to the same cells: Markdown as pipe tables, plain text as tab-separated rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from ..formats.drawing import Drawing, expand, official_tables
from ..formats.official import SECTIONS
from ..hookspecs import hookimpl
from ..interfaces import Writer
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


def render_lines(report: Report, table: Callable[[list[list[str]]], list[str]],
                 findings: list[Finding]) -> Iterator[str]:
    tables = {section: table_rows(report, drawing) for section, drawing in official_tables(report.format).items()}
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
        yield "检查结果"
        yield ""
        for f in findings:
            cells = f"（{', '.join(f.cells[:6])}{' …' if len(f.cells) > 6 else ''}）" if f.cells else ""
            yield f"[{f.severity.value}] {f.code}: {f.message}{cells}"


def _pipe_table(rows: list[list[str]]) -> list[str]:
    """A pipe table; the separator after the first row makes Markdown renderers draw it."""
    lines = ["| " + " | ".join(c.replace("|", "/") for c in cells) + " |" for cells in rows]
    width = max(len(cells) for cells in rows)
    return [lines[0], "|" + "---|" * width, *lines[1:]]


def _tab_table(rows: list[list[str]]) -> list[str]:
    return ["\t".join(cells) for cells in rows]


class MarkdownWriter(Writer):
    name = "markdown"
    extensions = (".md", ".markdown")

    def render(self, report: Report, findings: list[Finding]) -> str:
        lines = list(render_lines(report, _pipe_table, findings))
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
