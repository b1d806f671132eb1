"""Finding the six sections by their headings, whatever numbering and wording they carry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import attrs

from .. import labels
from ..formats.headings import FAMILIES
from ..formats.official import FORMATS, SECTIONS
from ..formats.spec import SectionSpec
from .tokens import TEXT, Token


@attrs.define
class Heading:
    key: str
    token: Token


def _heading_match(text: str, spec: SectionSpec) -> bool:
    norm = labels.normalize(text)
    if len(norm) > 60:
        return False
    number = labels.numbering(text)
    core = labels.core(text)
    numbered_as_spec = bool(number) and spec.number in number
    for label in spec.labels:
        if core == labels.core(label):
            return True  # the exact wording, whatever numbering the report gave it
        if labels.matches(text, label) and (not number or numbered_as_spec):
            return True
        # A heading run together with its first sentence ("一、总体情况。2023年…").
        if numbered_as_spec and core.startswith(labels.core(label)):
            return True
    family = _FAMILIES.get(spec.key)
    return family is not None and (family.names(core) or (numbered_as_spec and family.opens(core)))


_FAMILIES = {family.key: family for family in FAMILIES}


@attrs.frozen
class _Candidate:
    key: str
    token: Token


def _candidates(tokens: list[Token], texts: Sequence[Token]) -> list[_Candidate]:
    """Every text that reads as a section heading, in document order (``texts``: the text
    tokens among ``tokens``)."""
    found: list[_Candidate] = []
    for token in texts:
        if len(token.text) > 80:
            continue
        numbered, key = _alone(token.text)
        # A numbered heading cut into pieces (wrapped, or split at a table label inside it)
        # is matched whole: up to three consecutive text pieces.
        if numbered and key is None:
            i = token.index
            text = token.text.strip()
            for j in range(i + 1, min(i + 3, len(tokens))):
                if tokens[j].kind is not TEXT or len(text) > 60:
                    break
                key = section_of(text)
                if key is not None:
                    break
                text += tokens[j].text.strip()
            key = section_of(text)
        if key is not None:
            found.append(_Candidate(key, token))
    return found


@lru_cache(maxsize=65536)
def _alone(text: str) -> tuple[bool, str | None]:
    """Whether ``text`` is numbered, and the section it heads on its own: asked of every short
    text of every report, most of them labels and headings that recur from report to report."""
    stripped = text.strip()
    return bool(labels.numbering(stripped)), section_of(stripped)


def find_headings(tokens: list[Token], texts: Sequence[Token]) -> dict[str, Heading]:
    """The heading of each section, in document order.

    Wording alone misleads: 一、总体情况 often has sub-headings （一）主动公开政府信息情况 and
    （二）依申请公开政府信息情况 that read like the headings of 二 and 三, and table rows
    (三、本年度办理结果) look like headings too. Of the texts whose wording fits, the one
    numbered at the document's top level is taken, then the one its section's table follows,
    then the first.
    """
    candidates = _candidates(tokens, texts)
    top = _top_level(candidates)
    boundaries = frozenset(c.token.index for c in candidates)
    chosen: list[_Candidate] = []
    for spec in SECTIONS:
        mine = [c for c in candidates if c.key == spec.key]
        if mine:
            chosen.append(min(mine, key=lambda c: (
                level(c.token.text) != top, not _table_follows(tokens, c, boundaries), c.token.index)))
    chosen.sort(key=lambda c: c.token.index)
    return {c.key: Heading(c.key, c.token) for c in chosen}


# Numbering styles, one per level of headings; 一、 and 一. are the same style.
_LEVELS = (
    ("第一部分", re.compile(r"^第[一二三四五六七八九十]+部分")),
    ("（一）", re.compile(r"^\([一二三四五六七八九十]+\)")),
    ("一、", re.compile(r"^[一二三四五六七八九十]+[、.]")),
    ("(1)", re.compile(r"^\(\d{1,2}\)")),
    ("1、", re.compile(r"^\d{1,2}[、.]")),
)


def level(text: str) -> str:
    """The numbering style of a heading ("一、", "（一）", "1、" …), "" when it has none."""
    number = labels.numbering(text)
    return next((name for name, pattern in _LEVELS if pattern.match(number)), "")


def _top_level(candidates: list[_Candidate]) -> str | None:
    """The level of the section headings: that of the first 总体情况 heading, or else the one
    most sections have a heading at (sub-headings only echo a few sections)."""
    overview = next((c for c in candidates if c.key == SECTIONS[0].key), None)
    if overview is not None:
        return level(overview.token.text)
    keys: dict[str, set[str]] = {}
    for c in candidates:
        keys.setdefault(level(c.token.text), set()).add(c.key)
    return max(keys, key=lambda lv: len(keys[lv])) if keys else None


# Texts (paragraphs or cells) after a heading within which its table's labels must show.
_TABLE_WINDOW = 6


def _table_follows(tokens: list[Token], candidate: _Candidate, boundaries: frozenset[int]) -> bool:
    """Whether the labels of the section's own table follow its heading, before any other."""
    seen = 0
    for token in tokens[candidate.token.index + 1:]:
        if token.kind is not TEXT:
            continue
        if token.index in boundaries or seen >= _TABLE_WINDOW:
            return False
        if _is_label_of(token.text, candidate.key):
            return True
        seen += 1
    return False


@lru_cache(maxsize=65536)
def _is_label_of(text: str, key: str) -> bool:
    core = labels.core(text)
    return bool(core) and any(labels.matches(text, label) for label in _table_labels().get(key, ()))


@lru_cache(maxsize=1)
def _table_labels() -> dict[str, tuple[str, ...]]:
    """The labels that open each section's table, in either format: 二 → 表二, 三 → 表三, 四 → 表四."""
    found: dict[str, list[str]] = {}
    for spec in FORMATS.values():
        for table in spec.tables:
            words = found.setdefault(table.section, [])
            words.extend(b.banner for b in table.blocks if b.banner)
            words.extend(table.headers)
            words.extend(label for b in table.blocks for c in b.columns for label in c.labels)
            words.extend(label for r in table.rows for label in r.labels)
    return {section: tuple(dict.fromkeys(words)) for section, words in found.items()}


@lru_cache(maxsize=65536)
def section_of(text: str) -> str | None:
    """The section whose heading ``text`` is, if any (cached: headings repeat across reports)."""
    return next((spec.key for spec in SECTIONS if _heading_match(text, spec)), None)
