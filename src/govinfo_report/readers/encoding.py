"""Bytes to text for Chinese government files.

Sites serve UTF-8, GBK, GB2312 or GB18030, often with no declaration or a wrong one. Strict
UTF-8 almost never decodes GBK text by accident, so it goes first; then whatever the page
declares; then GB18030, the superset of GB2312 and GBK that sites actually use.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import DecodeError
from ..i18n import N_
from ..layout import Note
from .notes import damaged_characters

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_DECLARED = re.compile(
    rb"""(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)

# Declared names that mean "some GB encoding": GB18030 decodes all of them.
_GB_ALIASES = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "euc-cn", "hz-gb-2312", "ms936", "gb_2312-80"}
# Single-byte charsets a CMS may declare by default while serving GBK; they decode any byte
# sequence, so they are tried only after GB18030.
_SINGLE_BYTE = {"iso8859-1", "cp1252", "ascii"}


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` or XML declaration names in the first 8 KB, normalised."""
    match = _DECLARED.search(data[:8192])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").strip().lower()
    if name in _GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, path: str | Path) -> str:
    """Decode a whole file; raise :class:`DecodeError` when no candidate decodes it cleanly.

    Nothing is decoded with replacement characters: a wrong guess that silently mangles
    labels would surface later as a baffling "table not found", far from its cause.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name)
            except UnicodeDecodeError as exc:
                raise DecodeError(path, N_("byte-order mark says {encoding} but {error} at {offset}"),
                                  {"encoding": name, "error": exc.reason, "offset": exc.start}) from None
    candidates: list[str] = ["utf-8"]
    declared = declared_charset(data)
    if declared and declared not in _SINGLE_BYTE:
        candidates.append(declared)
    candidates.append("gb18030")
    if declared in _SINGLE_BYTE:
        candidates.append(declared)
    tried: list[str] = []
    for name in candidates:
        if name in tried:
            continue
        tried.append(name)
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    raise DecodeError(path, N_("not valid as any of {encodings}"), {"encodings": ", ".join(tried)})


#: Share of undecodable bytes up to which a file is read with the damage reported; beyond it
#: the guess of encoding is more likely wrong than the file damaged.
MAX_DAMAGE = 0.01


def decode_reporting_damage(data: bytes, path: str | Path) -> tuple[str, tuple[Note, ...]]:
    """Decode like :func:`decode_bytes`; where a few bytes are damaged (a flipped byte, a
    multi-byte character cut off), read the rest and describe the damage as a note.

    One bad byte must not make a whole report unreadable, nor pass unmentioned: each damaged
    span becomes U+FFFD, which no label or number matches, and the note becomes a finding.
    """
    try:
        return decode_bytes(data, path), ()
    except DecodeError as error:
        failure = error
    declared = declared_charset(data)
    best: tuple[int, str, str] | None = None
    for name in dict.fromkeys(["utf-8", declared or "utf-8", "gb18030"]):
        try:
            text = data.decode(name, errors="replace")
        except LookupError:
            continue
        damaged = text.count("\ufffd")
        if best is None or damaged < best[0]:
            best = (damaged, name, text)
    if best is None or best[0] > max(1, int(len(data) * MAX_DAMAGE)):
        raise failure
    damaged, name, text = best
    try:
        data.decode(name)
        first = 0
    except UnicodeDecodeError as exc:
        first = exc.start
    return text, (damaged_characters(damaged, name, first),)


# -- text clean-up shared by the markup readers ---------------------------------------------

_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b\ufeff]+")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def clean_text(text: str, *, tighten_cjk: bool = True) -> str:
    """Collapse markup whitespace the way a browser does, minus the spaces CJK never has.

    Word and CMS editors wrap source lines in the middle of Chinese phrases; a browser shows
    a stray space there, but a label matcher must see 本年新收政府信息公开申请数量 whole.
    Word files have no source wrapping: their spaces and tabs were typed, so their readers
    pass ``tighten_cjk=False`` and keep them (as single spaces).
    """
    text = _SPACES.sub(" ", text)
    if tighten_cjk:
        text = _SPACE_BETWEEN_CJK.sub("", text)
    return text.strip()


def join_lines(lines: list[str]) -> str:
    """Join the lines of a broken label: no space where either side is CJK, one otherwise.

    Narrow header cells break 结果<br>纠正 over two lines; the label is 结果纠正.
    """
    out = ""
    for line in (clean_text(part) for part in lines):
        if not line:
            continue
        if out and not (_CJK_CHAR.match(out[-1]) or _CJK_CHAR.match(line[0])):
            out += " "
        out += line
    return out
