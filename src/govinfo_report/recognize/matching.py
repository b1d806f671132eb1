"""Whether a printed label names an official row: the one matcher for grids and token streams."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial

from .. import labels
from ..formats.spec import Block, Row

_SHORT = 2


def row_matches(text: str, row: Row) -> bool:
    """Whether a printed label is this row's label, alone or after its group label."""
    return matcher(row)(text)


@lru_cache(maxsize=128)
def matcher(row: Row) -> Callable[[str], bool]:
    """:func:`row_matches` for one row, its answers cached by the text alone: a search for a
    row's label asks it of every text it passes, which then costs no hashing of the row.

    The formats have some forty rows (group rows included), each row's cache 1,024 answers."""
    return lru_cache(maxsize=1024)(partial(_matches, row))


# A row's label matcher for one text, and for a text and the next one joined.
Matches = tuple[Callable[[str], bool], Callable[[str, str], bool]]


@lru_cache(maxsize=128)
def matchers(row: Row) -> Matches:
    """:func:`matcher` for one text and for a label wrapped over two, each with its answers
    cached: the search for a row's label asks both of most texts it passes, and joining the
    two texts anew each time costs more than looking the pair up."""
    alone = matcher(row)

    def wrapped(text: str, following: str) -> bool:
        return alone(text.strip() + following.strip())

    return alone, lru_cache(maxsize=1024)(wrapped)


def row_named(text: str, block: Block) -> Row | None:
    """The first of ``block``'s rows whose label ``text`` is: a grid asks it of every label
    cell it holds, and the same labels recur in every report of a format."""
    return None if len(text) > _LONGEST else _row_named(text, block)


@lru_cache(maxsize=65536)
def _row_named(text: str, block: Block) -> Row | None:
    return next((row for row in block.rows if matcher(row)(text)), None)


# No printed label is longer: a longer text is prose.
_LONGEST = 90


def _matches(row: Row, text: str) -> bool:
    if len(text) > _LONGEST:
        return False
    for label in row.labels:
        official_core = labels.core(label)
        if len(official_core) <= _SHORT and labels.numbering(text) != labels.numbering(label):
            continue  # "其他" alone is a column header, "3.其他" is the row
        if labels.matches(text, label):
            return True
        if _truncated(text, label):
            return True
        # The group label and the row label in one cell: "（三）不予公开1.属于国家秘密".
        norm = labels.normalize(text)
        if row.group and len(norm) > len(official_core) and norm.endswith(labels.normalize(label)):
            head = norm[: -len(labels.normalize(label))]
            if labels.matches(head, row.group) or labels.core(head) == "":
                return True
    return False


_MIN_PREFIX = 12


def _truncated(text: str, label: str) -> bool:
    """A long label cut short (a cell that broke across a page, a clipped extraction).

    Only a long enough beginning counts: twelve characters of an official label name one row.
    """
    printed, official = labels.core(text), labels.core(label)
    return _MIN_PREFIX <= len(printed) < len(official) and official.startswith(printed)


