"""Plain text and Markdown: crawler dumps, copy-pastes, PDF and OCR extractions.

Lines with tabs become table rows, Markdown pipe rows become table rows, every other line a
paragraph that remembers whether a blank line came before it — in one-cell-per-line dumps
those blank lines are what separates table rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs

from ..collector import paused
from ..errors import EmptyDocumentError, ReadError, TooComplexError, TooLargeError
from ..files import file_bytes
from ..hookspecs import hookimpl
from ..i18n import N_
from ..interfaces import Reader
from ..layout import Block, Layout, Location, Table, TableCell, new_cells, new_paragraphs
from ..limits import current
from ..markup import FINDINGS_HEADINGS, is_findings_heading, may_hold_findings
from .encoding import decode_reporting_damage
from .markup import STRUCTURED, html_likelihood

_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_RULE_FIELDS = re.compile(r"^[-—–:：=\s]*$")


# The places of lines 1, 2, ... (index 0 unused): immutable, and the same line numbers recur
# in every report of a batch, so each is made once per process (up to a bound), and a line's
# is found by indexing rather than through a cache's call.
_KEPT_LINES = 16384
_line_places: list[Location] = [Location(line=0)]


def _places(count: int) -> list[Location]:
    """The places of lines 1 to ``count``, indexed by line number, or of as many of them as
    are kept: a line past those has its place made when a paragraph or table stands on it
    (a file of blank lines makes none)."""
    global _line_places
    kept = _line_places
    count = min(count, _KEPT_LINES)
    if count < len(kept):
        return kept
    # Rebound whole: a reader in another thread sees the old list or this one.
    _line_places = kept + [Location(line=n) for n in range(len(kept), count + 1)]
    return _line_places


def _locations(line: int, width: int) -> tuple[Location, ...]:
    return tuple(Location(line=line, column=column) for column in range(width))


# Only rows as wide as a table prints are kept, so that the cache's memory stays bounded.
_WIDEST_KEPT = 32
_kept_locations = lru_cache(maxsize=2048)(_locations)


def _row_at(line: int, width: int) -> tuple[Location, ...]:
    """The places of a row's cells, looked up once per row rather than once per cell."""
    return _kept_locations(line, width) if width <= _WIDEST_KEPT else _locations(line, width)


def _row(line: str) -> tuple[str, list[str]]:
    """The kind of row a line is, "pipe" (Markdown), "tab" or "" (a paragraph), with the
    tab-separated fields."""
    if "|" in line:
        s = line.strip()
        if s.startswith("|") and s.count("|") >= 2:
            return "pipe", []
    if "\t" in line:
        fields = line.split("\t")
        if len(fields) >= 3 or (len(fields) == 2 and fields[0].strip() != "" and fields[1].strip() != ""):
            return "tab", fields
    return "", []


def _pipe_fields(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [f.strip() for f in s.split("|")]


def parse_text(text: str, source: str = "") -> Layout:
    """The layout of a text, separate from file handling so tests and plugins can use it."""
    with paused():
        return _parse_text(text, source)


def _parse_text(text: str, source: str) -> Layout:
    limits = current()
    lines = _report_lines(text, source, limits.chars)
    # Paragraphs and cells are gathered as their texts and places and made in batches (see
    # :func:`new_paragraphs`); each table is kept with the number of paragraphs before it,
    # and the blocks are put together at the end.
    tables: list[tuple[int, Table]] = []
    texts: list[str] = []
    locations: list[Location] = []
    gaps: list[bool] = []
    fields_of_table: list[str] = []
    places_of_table: list[Location] = []
    widths: list[int] = []
    table_kind = ""
    table_line = 0
    gap = False
    places = _places(len(lines))
    last_kept = len(places) - 1

    def flush() -> None:
        nonlocal table_kind
        if widths:
            made = new_cells(fields_of_table, places_of_table)
            rows: list[tuple[TableCell, ...]] = []
            first = 0
            for width in widths:
                rows.append(tuple(made[first:first + width]))
                first += width
            tables.append((len(texts), Table(tuple(rows), places[table_line] if table_line <= last_kept
                                             else Location(line=table_line), drawn=False)))
            fields_of_table.clear()
            places_of_table.clear()
            widths.clear()
        table_kind = ""

    cells = 0
    for number, line in enumerate(lines, 1):
        if not line:
            gap = True
            continue
        if "|" in line or "\t" in line:  # most lines of a report are prose, which holds neither
            kind, fields = _row(line)
            if kind:
                if kind != table_kind:
                    flush()
                    table_kind, table_line = kind, number
                if kind == "pipe":
                    if _PIPE_SEPARATOR.match(line):
                        continue
                    fields = _pipe_fields(line)
                cells += len(fields)
                if cells > limits.cells:
                    raise TooComplexError(source, N_("more than {limit} table cells (limit cells={limit})"),
                                          {"limit": limits.cells})
                joined = "".join(fields)  # each field is a rule line's when all of them together are
                if _RULE_FIELDS.match(joined) and joined.strip():
                    continue  # a rule line drawn with dashes, not data
                fields_of_table += fields
                places_of_table += _row_at(number, len(fields))
                widths.append(len(fields))
                gap = False
                continue
        if table_kind:
            flush()
        texts.append(line.strip("\t\r\n\ufeff"))
        locations.append(places[number] if number <= last_kept else Location(line=number))
        gaps.append(gap)
        gap = False
    flush()
    paragraphs = new_paragraphs(texts, locations, gaps)
    blocks: list[Block] = []
    first = 0
    for before, table in tables:
        blocks += paragraphs[first:before]
        blocks.append(table)
        first = before
    blocks += paragraphs[first:]
    return Layout(tuple(blocks), source=source, reader="text")


def _report_lines(text: str, source: str, limit: int) -> list[str]:
    """The lines of the report, without what this library's writers appended about it, held
    to the limit on characters before the text is split: a text of line breaks alone splits
    into as many strings as it has characters, several times its own size."""
    start = _findings_start(text) if may_hold_findings(text) else None
    # Cut short, the report's length counts its lines joined by one line break each.
    count = len(text) if start is None else max(start - text.count("\r\n", 0, start) - 1, 0)
    if count > limit:
        raise TooLargeError(source, N_("{count} characters (limit chars={limit})"), {"count": count, "limit": limit})
    return text.splitlines() if start is None else text[:start].splitlines()


# Where ``str.splitlines`` ends a line.
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK = re.compile(f"[{_BREAKS}]")


def _findings_start(text: str) -> int | None:
    """Where the first line heading appended findings starts, found by searching the text
    for the headings rather than splitting it into lines; each line is looked at once."""
    first: int | None = None
    for heading in FINDINGS_HEADINGS.values():
        floor = 0  # the start of a line: no line break is looked for before it
        at = text.find(heading)
        while at >= 0 and (first is None or at < first):
            start = max(max(text.rfind(mark, floor, at) for mark in _BREAKS) + 1, floor)
            end = found.start() if (found := _BREAK.search(text, at)) else len(text)
            if is_findings_heading(text[start:end]):
                first = start
                break
            floor = end
            at = text.find(heading, end)
    return first


class TextReader(Reader):
    name = "text"
    extensions = (".txt", ".text", ".md", ".markdown")

    def sniff(self, head: bytes, path: Path) -> float:
        if not head or b"\x00" in head[:4096] or head.lstrip()[:5] in (b"%PDF-",) or head[:2] == b"PK":
            return 0.0
        # A Markdown report may hold a stray <br>; a file that opens with markup or holds a
        # page's or a table's elements is HTML, however it is named.
        if head.lstrip()[:5].lower() == b"<?xml" or html_likelihood(head) >= STRUCTURED:
            return 0.0
        return 0.5

    def read(self, path: Path) -> Layout:
        try:
            data = file_bytes(path)
        except OSError as exc:
            raise ReadError(path, exc.strerror or str(exc)) from exc
        text, damage = decode_reporting_damage(data, path)
        if not text or text.isspace():
            raise EmptyDocumentError(path)
        layout = parse_text(text, str(path))
        return attrs.evolve(layout, notes=layout.notes + damage) if damage else layout


@hookimpl
def register_readers(register: Callable[[Reader], Any]) -> None:
    register(TextReader())
