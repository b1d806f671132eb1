"""Matching printed labels against the official ones.

Printed labels differ from the official text by spacing ("自 然 人"), punctuation width,
numbering ("（一）", "(一)", "一、", "1."), line wraps and OCR errors (沭 read as 沐). One
general method covers all of them: normalise both sides, then compare by edit distance,
so no label needs a one-off fix.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .glyphs import fold_radicals

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "〝": '"', "〞": '"'})
_DROP = re.compile(r"[\s\u00a0\u3000\u2002\u2003*_#|`>]+")
_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分[、.．:：]?|[（(]?[一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]"
    r"|[（(]?\d{1,2}[)）]|\d{1,2}[.、．](?!\d))+"
)
_TRAILING = re.compile(r"[：:。，,；;、.]+$")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Radicals as ideographs, NFKC (full-width → ASCII), unified quotes, no white space or
    Markdown marks.

    Character by character this maps one character to at most a few, which lets a caller
    map positions in the folded text back to the original.
    """
    return _DROP.sub("", unicodedata.normalize("NFKC", fold_radicals(text)).translate(_QUOTES))


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """Canonical form of a label: folded, without trailing punctuation."""
    return _TRAILING.sub("", fold(text))


@lru_cache(maxsize=8192)
def core(text: str) -> str:
    """The label without its numbering: "（三）不予公开" → "不予公开"."""
    norm = normalize(text)
    stripped = _NUMBERING.sub("", norm)
    return stripped or norm


@lru_cache(maxsize=8192)
def numbering(text: str) -> str:
    """The numbering a label carries ("（三）" → "(三)"), or "" when it has none."""
    norm = normalize(text)
    m = _NUMBERING.match(norm)
    return m.group(0) if m else ""


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning ``limit + 1``) once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        best = i
        for j, cb in enumerate(b, 1):
            cost = previous[j - 1] + (ca != cb)
            ins = current[j - 1] + 1
            dele = previous[j] + 1
            v = min(cost, ins, dele)
            current.append(v)
            best = min(best, v)
        if best > limit:
            return limit + 1
        previous = current
    return previous[-1]


def tolerance(label: str) -> int:
    """Edits allowed for a label of this length: none for short labels, where one wrong
    character already makes another word (规章 / 规范), about one in six for long ones."""
    n = len(label)
    if n <= 3:
        return 0
    if n <= 6:
        return 1
    return max(1, n // 6)


def similarity(a: str, b: str) -> float:
    """1 − normalised edit distance between the cores of two labels."""
    ca, cb = core(a), core(b)
    if not ca or not cb:
        return 0.0
    limit = max(len(ca), len(cb))
    return 1.0 - distance(ca, cb, limit) / limit


@lru_cache(maxsize=65536)
def matches(printed: str, official: str) -> bool:
    """Whether ``printed`` is ``official`` up to spacing, numbering and a few wrong characters."""
    p, o = core(printed), core(official)
    if p == o:
        return True
    return distance(p, o, tolerance(o)) <= tolerance(o)
