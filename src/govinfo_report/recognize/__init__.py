"""The one recognizer: layout in, :class:`~govinfo_report.model.Report` out.

It knows reports, not file formats. Every reader feeds it the same layout, so a label
variant or a section-heading fix made here helps PDF, HTML, Word and text alike.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from operator import attrgetter

from .. import labels
from ..collector import paused
from ..formats.official import FORMAT_2019, FORMAT_2021, FORMATS, SECTIONS
from ..formats.spec import FormatSpec, TableSpec, table_cell_keys
from ..glyphs import fold_radicals, has_radicals
from ..layout import Layout
from ..model import Report, Section, Table
from . import sections as sec
from .doubts import doubts
from .matching import matcher
from .meta import read_meta
from .runs import split_runs
from .segment import is_table_label
from .splitting import Fact, prose_facts
from .tables import TableReading, read_table
from .tokens import TEXT, Token, stream

__all__ = ["detect_template", "recognize"]


def detect_template(tokens: Sequence[Token], year: int | None) -> str:
    """2019 or 2021, from the labels only one of them prints; the year breaks a tie."""
    old = new = 0
    for token in tokens:
        if token.kind is not TEXT or len(token.text) > 120:
            continue
        hits_old, hits_new = _fingerprint_hits(token.text)
        old += hits_old
        new += hits_new
    if old > new:
        return FORMAT_2019.name
    if new > old:
        return FORMAT_2021.name
    return FORMAT_2019.name if year is not None and year <= 2020 else FORMAT_2021.name


@lru_cache(maxsize=65536)
def _fingerprint_hits(text: str) -> tuple[int, int]:
    """How many 2019 and 2021 fingerprints ``text`` holds (cached: labels repeat)."""
    norm = labels.normalize(text)
    return (sum(1 for f in _PRINTS[FORMAT_2019.name] if f in norm),
            sum(1 for f in _PRINTS[FORMAT_2021.name] if f in norm))


_PRINTS = {name: tuple(labels.normalize(f) for f in spec.fingerprints) for name, spec in FORMATS.items()}


def _first_label(tokens: Sequence[Token], spec: FormatSpec, start: int) -> int | None:
    # The row's matcher taken once, and the tokens walked in place: the search passes every
    # token of 表二.
    matches = matcher(spec.t3.rows[0])
    for i in range(start, len(tokens)):
        token = tokens[i]
        if token.kind is TEXT and matches(token.text):
            return token.index
    return None


def _regions(tokens: Sequence[Token], headings: dict[str, sec.Heading],
             spec: FormatSpec) -> dict[str, tuple[int, int]]:
    """Where to look for each table: between its section heading and the next one.

    Missing headings are common, so each bound falls back to the next landmark that exists.
    """
    n = len(tokens)
    at = {k: h.token.index for k, h in headings.items()}
    t3_label = _first_label(tokens, spec, at.get("active", 0))
    t3_start = at.get("requests", t3_label if t3_label is not None else n)
    if t3_label is not None and t3_label < t3_start:
        t3_start = t3_label
    t4_start = at.get("appeals", n)
    if t4_start < t3_start < n:
        t4_start = n  # an 四 heading before 表三 is not the table's section
    t4_end = next((at[k] for k in ("problems", "other") if k in at and at[k] > t4_start), n)
    t2_start = at.get("active", 0)
    return {
        "t2": (t2_start, t3_start if t3_start > t2_start else n),
        "t3": (t3_start, max(t3_start, t4_start)),
        # after its section's heading, which names 行政复议 too but is no header of the table
        "t4": (t4_start + 1 if "appeals" in at and t4_start == at["appeals"] else t4_start, t4_end),
    }


def recognize(layout: Layout, facts: Sequence[Fact] = ()) -> Report:
    """The report in ``layout``. ``facts`` (from other years of the same body, say) only
    break ties between splits of run-together digits that every identity allows."""
    with paused():
        return _recognize(layout, facts)


def _recognize(layout: Layout, facts: Sequence[Fact]) -> Report:
    # Once, so labels, meta and prose all see ideographs; one search over all the text finds
    # the few layouts that print radicals at all.
    if has_radicals("\n".join(layout.texts())):
        layout = layout.map_text(fold_radicals)
    tokens, texts = stream(layout)
    headings = sec.find_headings(tokens, texts)
    meta, title_tokens = read_meta(tokens, texts, layout.metadata, headings)
    meta.source, meta.reader = layout.source, layout.reader
    template = detect_template(texts, meta.year)  # only text tokens count
    meta.template = template
    spec = FORMATS[template]
    regions = _regions(tokens, headings, spec)
    readings = {table.name: read_table(tokens, *regions[table.name], table) for table in spec.tables}
    def all_facts() -> list[Fact]:
        prose = "\n".join(p.text for p in layout.paragraphs())
        return [*prose_facts(prose, template), *facts]

    split_runs(readings, spec, all_facts)
    report = Report(meta=meta)
    for name, reading in readings.items():
        report.tables[name] = _table(spec.table(name), reading)
        report.reading_findings.extend(reading.findings)
    report.reading_findings.extend(doubts(report, spec, layout.notes))
    report.sections = _sections(tokens, texts, headings, readings, title_tokens)
    _drop_signature(report)
    return report


_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?$")


def _drop_signature(report: Report) -> None:
    """The 落款 under the last section (the body's name, the date) signs the report; it is
    not part of the section's prose, whose statements the rules read."""
    found = [s for s in report.sections.values() if s.found and s.text]
    if not found:
        return
    last = max(found, key=lambda s: s.order if s.order is not None else -1)
    agency = "".join((report.meta.agency or "").split())
    lines = last.text.splitlines()
    while lines and (("".join(lines[-1].split()) == agency and agency) or _DATE_LINE.match(lines[-1].strip())):
        lines.pop()
    last.text = "\n".join(lines)


def _table(spec: TableSpec, reading: TableReading) -> Table:
    keys = table_cell_keys(spec)
    read = reading.cells
    # The reading holds the template's cells in the template's order (a copy is then the
    # same dict, made at once), unless it read them otherwise.
    cells = read.copy() if tuple(read) == keys else {key: read[key] for key in keys}
    return Table(spec.name, cells, dict(reading.extra), reading.confidence, reading.found)


def _sections(tokens: Sequence[Token], texts: Sequence[Token], headings: dict[str, sec.Heading],
              readings: dict[str, TableReading], title_tokens: Sequence[Token]) -> dict[str, Section]:
    """Each section's prose: its paragraphs, without the tables read inside it (``texts``:
    the text tokens among ``tokens``, where prose can only be)."""
    # The tokens of a table read, and the title's tokens: neither is section prose.
    spans = sorted(r.span for r in readings.values() if r.span is not None)
    titles = {id(title) for title in title_tokens}
    ordered = sorted(headings.values(), key=lambda h: h.token.index)
    bounds = {h.key: (h.token.index, ordered[i + 1].token.index if i + 1 < len(ordered) else len(tokens))
              for i, h in enumerate(ordered)}
    result: dict[str, Section] = {}
    for _order, spec in enumerate(SECTIONS):
        heading = headings.get(spec.key)
        if heading is None:
            result[spec.key] = Section(spec.key)
            continue
        start, end = bounds[spec.key]
        lines = [
            line for t in _outside(texts, start + 1, end, spans)
            if not t.in_table and id(t) not in titles and not is_table_label(t.text)
            and (line := t.text.strip())
        ]
        result[spec.key] = Section(spec.key, heading.token.text.strip(), "\n".join(lines),
                                   heading.token.location, order=ordered.index(heading))
    return result


_INDEX = attrgetter("index")


def _outside(tokens: Sequence[Token], start: int, end: int, spans: Sequence[tuple[int, int]]) -> list[Token]:
    """The tokens of ``tokens`` (some of a stream's, in its order) whose index is from ``start``
    up to ``end`` and within none of ``spans`` (inclusive, sorted by their first index, maybe
    overlapping), taken as slices between the spans rather than token by token."""
    def at(index: int) -> int:
        return bisect_left(tokens, index, key=_INDEX)

    out: list[Token] = []
    pos = start
    for first, last in spans:
        if first > pos:
            out.extend(tokens[at(pos):at(min(first, end))])
        pos = max(pos, last + 1)
        if pos >= end:
            return out
    out.extend(tokens[at(pos):at(end)])
    return out
