"""Finding the six sections by their headings, whatever numbering and wording they carry."""

from __future__ import annotations

from functools import lru_cache

import attrs

from .. import labels
from ..formats.official import SECTIONS
from ..formats.spec import SectionSpec
from .tokens import Kind, Token


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
    for label in spec.labels:
        if core == labels.core(label):
            return True  # the exact wording, whatever numbering the report gave it
        if labels.matches(text, label) and (not number or spec.number in number):
            return True
        # A heading run together with its first sentence ("一、总体情况。2023年…").
        if number and spec.number in number and core.startswith(labels.core(label)):
            return True
    return False


def find_headings(tokens: list[Token]) -> dict[str, Heading]:
    """The first heading of each section, in document order.

    Headings inside tables look alike (三、本年度办理结果, 四、结转下年度继续办理) but their
    wording differs, so matching the wording, not the numbering, tells them apart.
    """
    found: dict[str, Heading] = {}
    for i, token in enumerate(tokens):
        if token.kind is not Kind.TEXT or len(token.text) > 80:
            continue
        text = token.text.strip()
        # A numbered heading cut into pieces (wrapped, or split at a table label inside it)
        # is matched whole: up to three consecutive text pieces.
        pieces = range(i + 1, min(i + 3, len(tokens))) if labels.numbering(text) else range(0)
        for j in pieces:
            if tokens[j].kind is not Kind.TEXT or len(text) > 60:
                break
            key = section_of(text)
            if key is not None:
                break
            text += tokens[j].text.strip()
        key = section_of(text)
        if key is not None and key not in found:
            found[key] = Heading(key, token)
    return found


@lru_cache(maxsize=65536)
def section_of(text: str) -> str | None:
    """The section whose heading ``text`` is, if any (cached: headings repeat across reports)."""
    return next((spec.key for spec in SECTIONS if _heading_match(text, spec)), None)
