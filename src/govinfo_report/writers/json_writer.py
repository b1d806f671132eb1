"""JSON writers: the full model with its findings, and the flat form of FORMAT.md.

cattrs (in :mod:`..serialize`) loads on the first report written, not when writers are listed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..hookspecs import hookimpl
from ..interfaces import Writer
from ..model import Finding, Report


class JsonWriter(Writer):
    """Everything the model holds, so that :func:`report_from_dict` rebuilds the report."""

    name = "json"
    extensions = (".json",)

    def render(self, report: Report, findings: list[Finding]) -> str:
        from ..serialize import default_converter, dumps, report_to_dict

        conv = default_converter()
        data = report_to_dict(report, conv)
        data["findings"] = [conv.unstructure(f) for f in findings]
        return dumps(data) + "\n"


class FlatJsonWriter(Writer):
    """One object per report: meta, every cell by key, findings — the form tools compare."""

    name = "flat-json"
    extensions = (".flat.json",)

    def render(self, report: Report, findings: list[Finding]) -> str:
        from ..serialize import dumps, flat

        return dumps(flat(report, findings)) + "\n"


@hookimpl
def register_writers(register: Callable[[Writer], Any]) -> None:
    register(JsonWriter())
    register(FlatJsonWriter())
