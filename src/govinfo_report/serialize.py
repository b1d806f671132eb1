"""JSON forms of a report: the full model (round-trips) and the flat form of FORMAT.md.

A host application that adds its own hooks builds its own cattrs converter with
:func:`make_converter` and passes it, without touching global state; everyone else shares
:func:`default_converter`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from .formats import format_for
from .formats.official import SECTIONS
from .i18n import N_, MessageError
from .layout import Location
from .model import Cell, Finding, Meta, Report, Section, Table, Value

SCHEMA_VERSION = 1


def json_number(value: Decimal) -> float | str:
    """A Decimal as a JSON number when a float holds it exactly, else as its decimal string."""
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else str(value)


def to_value(raw: Any) -> Value:
    if raw is None or (isinstance(raw, int) and not isinstance(raw, bool)):
        return raw
    dec = Decimal(str(raw))
    return int(dec) if isinstance(raw, str) and dec == dec.to_integral_value() and "." not in raw else dec


def make_converter() -> cattrs.Converter:
    conv = cattrs.Converter()
    conv.register_unstructure_hook(Decimal, json_number)
    conv.register_structure_hook(Decimal, lambda v, _: Decimal(str(v)))
    conv.register_unstructure_hook(
        Location, make_dict_unstructure_fn(Location, conv, _cattrs_omit_if_default=True))

    def structure_location(data: dict[str, Any], _: type) -> Location:
        fields = dict(data)
        if fields.get("bbox") is not None:
            x0, y0, x1, y1 = (float(x) for x in fields["bbox"])
            fields["bbox"] = (x0, y0, x1, y1)
        return Location(**fields)

    conv.register_structure_hook(Location, structure_location)

    def unstructure_cell(cell: Cell) -> dict[str, Any]:
        out: dict[str, Any] = {"value": conv.unstructure(cell.value), "raw": cell.raw}
        if cell.location is not None:
            out["location"] = conv.unstructure(cell.location)
        if cell.note is not None:
            out["note"] = cell.note
        if cell.alternatives:
            out["alternatives"] = [conv.unstructure(v) for v in cell.alternatives]
        if cell.confidence < 1.0:
            out["confidence"] = cell.confidence
        return out

    def structure_cell(data: dict[str, Any], _: type) -> Cell:
        loc = data.get("location")
        alternatives = tuple(v for v in (to_value(a) for a in data.get("alternatives", ())) if v is not None)
        return Cell(data.get("key", ""), to_value(data.get("value")), data.get("raw"),
                    conv.structure(loc, Location) if loc is not None else None, data.get("note"), alternatives,
                    float(data.get("confidence", 1.0)))

    conv.register_unstructure_hook(Cell, unstructure_cell)
    conv.register_structure_hook(Cell, structure_cell)
    finding_fields = make_dict_unstructure_fn(
        Finding, conv, locations=override(omit_if_default=True), file=override(omit_if_default=True),
        data=override(omit_if_default=True), template=override(omit_if_default=True),
        args=override(omit_if_default=True))

    def unstructure_finding(finding: Finding) -> dict[str, Any]:
        # The message in the language chosen for this output; ``template`` and ``args`` keep
        # what it says for programs and for telling it again in the other language.
        return {**finding_fields(finding), "message": finding.text()}

    conv.register_unstructure_hook(Finding, unstructure_finding)
    return conv


@cache
def default_converter() -> cattrs.Converter:
    """The converter of the callers that add no hook of their own, built once a process:
    cattrs writes and compiles its code for each class on first use, which costs more than
    converting a report. Register no hook on it; build your own with :func:`make_converter`."""
    return make_converter()


def report_to_dict(report: Report, converter: cattrs.Converter | None = None) -> dict[str, Any]:
    conv = converter or default_converter()
    data = conv.unstructure(report)
    for table in data["tables"].values():
        table.pop("name", None)
    return {"schema_version": SCHEMA_VERSION, **data}


def report_from_dict(data: dict[str, Any], converter: cattrs.Converter | None = None) -> Report:
    """Rebuild a report from :func:`report_to_dict` output (schema version checked)."""
    version = data.get("schema_version")
    if is_flat(data):
        raise MessageError(N_("this is the flat form (meta and cells by key), not the full model: "
                              "read it with report_from_flat"))
    if version != SCHEMA_VERSION:
        raise MessageError(N_("unsupported schema_version {version} (this library reads {supported})"),
                           {"version": repr(version), "supported": SCHEMA_VERSION})
    conv = converter or default_converter()
    body = {k: v for k, v in data.items() if k not in ("schema_version", "findings")}
    for name, table in body.get("tables", {}).items():
        table["name"] = name
        for part in ("cells", "extra"):
            for key, cell in table.get(part, {}).items():
                cell["key"] = key
    for key, section in body.get("sections", {}).items():
        section.setdefault("key", key)
    return conv.structure(body, Report)


def flat(report: Report, findings: list[Finding] | None = None) -> dict[str, Any]:
    """FORMAT.md's flat form: meta, every cell key of the template (null where blank), findings."""
    meta = attrs.asdict(report.meta)
    spec = report.format
    cells: dict[str, Any] = {}
    for key in spec.keys():
        value = report.value(key)
        cells[key] = json_number(value) if isinstance(value, Decimal) else value
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "meta": meta, "cells": cells}
    if findings is not None:
        conv = default_converter()
        out["findings"] = [conv.unstructure(f) for f in findings]
    return out


def is_flat(data: Any) -> bool:
    """Whether ``data`` is FORMAT.md's flat form rather than the full model."""
    return isinstance(data, dict) and isinstance(data.get("cells"), dict) and "tables" not in data


def report_from_flat(data: dict[str, Any]) -> Report:
    """A report from the flat form: meta and each cell's value (a null is a blank; a key the
    object leaves out, a cell the report lacks). The flat form carries no prose."""
    if not is_flat(data):
        raise MessageError(N_("not the flat form: it needs a \"cells\" object of values by key"))
    meta_data = data.get("meta")
    if not isinstance(meta_data, dict):
        raise MessageError(N_("the flat form needs a \"meta\" object (agency, year, template)"))
    known = {f.name for f in attrs.fields(Meta)}
    meta = Meta(**{k: v for k, v in meta_data.items() if k in known})
    if meta.year is not None:
        meta.year = int(meta.year)
    cells = {key: Cell(key, to_value(value), "" if value is None else str(value))
             for key, value in data["cells"].items()}
    return assemble(meta, cells, {})


def assemble(meta: Meta, cells: dict[str, Cell], texts: dict[str, tuple[str | None, str]]) -> Report:
    """A report from data already keyed: each table of the meta's format with its cells (a
    table none of whose cells holds a value counts as not found), each section's heading and text.

    The readers of data files (the library's JSON, the long CSV, the fill-in workbook) build
    their reports here, so that they agree on what a missing table or section is.
    """
    report = Report(meta=meta)
    spec = format_for(meta.template, meta.year)
    meta.template = spec.name
    for table in spec.tables:
        own = {key: cells.get(key, Cell(key)) for key, _, _ in table.keys()}
        extra = {key: cell for key, cell in cells.items() if key.startswith(table.name + ".") and key not in own}
        found = any(cell.value is not None for cell in own.values())
        if not found:
            own = {key: Cell(key) for key in own}
        report.tables[table.name] = Table(table.name, own, extra, found=found)
    tables_in = {t.section: report.tables[t.name].found for t in spec.tables}
    for order, section_spec in enumerate(SECTIONS):
        heading, text = texts.get(section_spec.key, (None, ""))
        if heading is None and (text or tables_in.get(section_spec.key)):
            heading = f"{section_spec.number}、{section_spec.heading}"
        report.sections[section_spec.key] = Section(section_spec.key, heading, text,
                                                    order=order if heading is not None else None)
    return report


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
