"""Cutting run-together text at the official labels.

Crawlers flatten a whole web page into one line: headings, row labels and numbers follow
each other with no separator (``…内部事务信息3200000326.属于四类过程性信息…``). Finding the
official labels inside such a line, and cutting there, turns it back into the token stream
every other layout produces; the numbers between two labels are then that row's cells.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import labels
from ..formats.official import FORMATS, SECTIONS

# A line is cut only when it holds this many distinct row labels: prose mentions a label
# now and then, a flattened table holds dozens.
MIN_LABELS = 3
_MIN_CORE = 4


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[tuple[str, ...], frozenset[str]]:
    """Normalised labels to cut at, longest first, and those that are row labels."""
    found: set[str] = set()
    rows: set[str] = set()
    for spec in FORMATS.values():
        for table in spec.tables:
            for block in table.blocks:
                if block.banner:
                    found.add(labels.normalize(block.banner))
                for row in block.rows:
                    rows.update(labels.normalize(x) for x in row.labels)
            words = [*table.headers, *(g.label for g in (*table.row_groups, *table.column_groups)),
                     *(c.label for b in table.blocks for c in b.columns)]
            # Short header words (其他, 总计) also stand in prose and in row labels; they are cut
            # at only where a table prints its values right under its header (表四's one row).
            shortest = 2 if table.one_row else _MIN_CORE
            found.update(labels.normalize(w) for w in words if len(labels.core(w)) >= shortest)
    for section in SECTIONS:
        for heading in section.labels:
            found.add(labels.normalize(f"{section.number}、{heading}"))
    found |= rows
    ordered = tuple(sorted((x for x in found if len(labels.core(x)) >= 2), key=len, reverse=True))
    return ordered, frozenset(rows)


def is_table_label(text: str) -> bool:
    """Whether ``text`` is a label of the official tables (a banner, header or row label).

    Tables dumped one cell per line leave their labels among the paragraphs; they are not
    the report's prose.
    """
    return labels.normalize(text) in _label_set()


@lru_cache(maxsize=1)
def _label_set() -> frozenset[str]:
    vocabulary, _ = _vocabulary()
    return frozenset(vocabulary) | frozenset(
        labels.normalize(h) for spec in FORMATS.values() for table in spec.tables for h in table.headers)


def _normal_map(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        norm = labels.fold(ch)
        for c in norm:
            out.append(c)
            origin.append(i)
    return "".join(out), origin


def cut(text: str) -> list[str] | None:
    """The pieces of ``text`` split at official labels, or ``None`` if it is not a flattened table."""
    vocabulary, rows = _vocabulary()
    norm, origin = _normal_map(text)
    if len(norm) < 20:
        return None
    taken = [False] * len(norm)
    spans: list[tuple[int, int]] = []
    row_hits: set[str] = set()  # distinct row labels found
    for label in vocabulary:
        start = norm.find(label)
        while start != -1:
            end = start + len(label)
            if not any(taken[start:end]):
                spans.append((start, end))
                for k in range(start, end):
                    taken[k] = True
                if label in rows:
                    row_hits.add(label)
            start = norm.find(label, end)
    if len(row_hits) < MIN_LABELS:
        return None
    spans.sort()
    # A flattened table has numbers right after its row labels; prose that merely names
    # 规章、行政许可、行政处罚 has words there.
    followed = sum(1 for (start, end) in spans
                   if norm[start:end] in rows and end < len(norm) and norm[end].isdigit())
    if followed < MIN_LABELS:
        return None
    pieces: list[str] = []
    cursor = 0
    for start, end in spans:
        a, b = origin[start], origin[end - 1] + 1
        if a > cursor:
            pieces.append(text[cursor:a])
        pieces.append(text[a:b])
        cursor = b
    if cursor < len(text):
        pieces.append(text[cursor:])
    out: list[str] = []
    for piece in (x.strip() for x in pieces):
        m = _LEADING_NUMBERS.match(piece)
        if m:  # "0000000 四、…": a row's numbers before a heading the vocabulary lacks
            out.extend([m.group(1), m.group(2)])
        elif piece:
            out.append(piece)
    return out


_LEADING_NUMBERS = re.compile(r"^([\d.,+\-]+(?:\s+[\d.,+\-]+)*)\s+(\D.*)$", re.DOTALL)
