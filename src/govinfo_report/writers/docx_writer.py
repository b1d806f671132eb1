"""DOCX writer: the report as the Word file a disclosure office publishes.

The file is meant for publication, so findings are not drawn into it (the HTML writer is
the annotated view). python-docx loads on the first Word file written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..hookspecs import hookimpl
from ..interfaces import Writer
from ..model import Finding, Report


class DocxWriter(Writer):
    """Writes the title, the six sections and the three official tables."""

    name = "docx"
    extensions = (".docx",)
    binary = True

    def render(self, report: Report, findings: list[Finding]) -> bytes:
        from .docx_render import render_docx

        return render_docx(report)


@hookimpl
def register_writers(register: Callable[[Writer], Any]) -> None:
    register(DocxWriter())
