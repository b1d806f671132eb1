"""The cell keys of each official form, with their tables, row and column labels."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

import attrs

from ..formats import FORMATS, official_label_parts
from ..i18n import DEFAULT, translate
from .markdown import table_cell


@attrs.frozen
class KeyRow:
    """One cell key with its official labels and the templates that print it so."""

    key: str
    table: str
    row: str
    column: str
    templates: tuple[str, ...]


def key_rows(template: str | None = None, lang: str = DEFAULT) -> list[KeyRow]:
    """Every cell key of ``template`` (or of both formats), in the order of the formats; a key
    both formats print with the same labels is one row naming both. The labels are the official
    Chinese ones, or in English their catalogue translations."""
    specs = [FORMATS[template]] if template else sorted(FORMATS.values(), key=lambda s: -s.first_year)
    rows: dict[tuple[str, str, str], list[str]] = {}
    titles: dict[str, str] = {}
    for spec in specs:
        for table in spec.tables:
            titles[table.name] = translate(table.title, lang)
        for key, (row, column) in official_label_parts(spec, lang).items():
            rows.setdefault((key, row, column), []).append(spec.name)
    return [KeyRow(key, titles[key.split(".", 1)[0]], row, column, tuple(sorted(names)))
            for (key, row, column), names in rows.items()]


def render_keys(rows: Sequence[KeyRow], output: str = "text") -> str:
    """The keys as ``text`` (aligned columns), ``json`` or ``csv`` (with a header row)."""
    if output == "json":
        return json.dumps([attrs.asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n"
    if output == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["key", "table", "row label", "column label", "templates"])
        writer.writerows([r.key, r.table, r.row, r.column, " ".join(r.templates)] for r in rows)
        return out.getvalue()
    width = max((len(r.key) for r in rows), default=0)
    return "".join(f"{r.key:{width}s}  {'/'.join(r.templates):9s}  {r.table} {r.row} / {r.column}\n" for r in rows)


def render_keys_page() -> str:
    lines = [
        "# Cell keys",
        "",
        "Generated from the official formats (`govinfo-report keys`). Every table cell of a report",
        "has a stable key, `table.row.column` (`t3.withheld.state_secret.total`): outputs, the",
        "flat JSON, the long CSV, findings and `report.value(key)` all name cells by it. The row",
        "and column labels are those printed in the official format; the last column says which",
        "formats have the cell: 2021 (国办公开办函〔2021〕30号, report years 2021 on) and 2019",
        "(国办公开办函〔2019〕60号, report years 2019 and 2020). A key both formats print with",
        "the same labels is one row.",
        "",
        "```sh",
        "govinfo-report keys --template 2021 --format csv",
        "```",
    ]
    rows = key_rows()
    for title in dict.fromkeys(r.table for r in rows):
        lines += ["", f"## {title}", "", "| key | row | column | formats |", "|---|---|---|---|"]
        lines += [f"| `{r.key}` | {table_cell(r.row)} | {table_cell(r.column)} | {', '.join(r.templates)} |"
                  for r in rows if r.table == title]
    lines.append("")
    return "\n".join(lines)
