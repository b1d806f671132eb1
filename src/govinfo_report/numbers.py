"""Turning the text of a table cell into a value.

Reports write numbers in many ways: full-width digits, thousands separators, units inside the
cell ("78.80 万元", "75394432.52元", "12件"), a count of payments before their amount
("2笔 984361元"), notes in brackets ("22（其中修订 16 件）"), signed changes ("-185", "＋1"),
and blanks as "—", "/" or "无". A blank is never 0.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import attrs

from .formats.spec import Kind

BLANK_MARKS = frozenset({"", "—", "——", "-", "--", "－", "–", "/", "／", "\\", "无", "空", "…", "x", "X", "×"})

# Horizontal white space of every width a word processor emits.
_SPACES = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\ufeff"
_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋（）：／　", "0123456789.,-+():/ "
)
# Measure words a count may carry ("12件", "3人次"), longest first so 人次 is not read as 人.
COUNT_UNITS = ("人次", "件", "个", "项", "次", "条", "宗", "起", "家", "人", "笔", "份", "户")
MONEY_UNITS = ("万元", "元")
_UNITS = "|".join((*MONEY_UNITS, *COUNT_UNITS))
_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_NUMBER = re.compile(
    rf"^(?P<sign>[+\-−])?\s*(?P<num>{_AMOUNT})\s*"
    rf"(?P<unit>{_UNITS})?"
    r"(?P<note>\(.*\))?$"
)
# A money cell that first counts what was paid: "2笔 984361元" is two payments, 98.4361 万元.
_COUNTED_AMOUNT = re.compile(
    rf"^(?P<count>\d+)\s*(?P<measure>{'|'.join(COUNT_UNITS)})\s*(?P<num>{_AMOUNT})\s*"
    rf"(?P<unit>{'|'.join(MONEY_UNITS)})(?P<note>\(.*\))?$"
)


@attrs.frozen
class Parsed:
    """A cell's text read as a value: ``blank`` when the report printed nothing meaningful."""

    value: int | Decimal | None
    blank: bool
    unit: str | None = None
    note: str | None = None


def clean(text: str) -> str:
    """Strip every kind of white space and unify full-width forms."""
    return text.translate(_FULL_WIDTH).strip(_SPACES)


@lru_cache(maxsize=4096)
def parse_value(text: str, kind: Kind = Kind.COUNT) -> Parsed | None:
    """The value of ``text``, or ``None`` when ``text`` is not a cell value at all (a label).

    Cached because the same few dozen strings ("0", "1", "—") make up most of every table.
    """
    s = clean(text)
    for ch in _SPACES:
        if ch in s:
            s = s.replace(ch, "")
    if s in BLANK_MARKS:
        return Parsed(None, True)
    m = _NUMBER.match(s) or _COUNTED_AMOUNT.match(s)
    if m is None:
        return None
    num = m.group("num").replace(",", "")
    unit = m.group("unit")
    note = m.group("note")
    if "count" in m.groupdict():
        note = m.group("count") + m.group("measure") + (note or "")
    try:
        dec = Decimal(num)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        return None
    if m.groupdict().get("sign") in ("-", "−"):
        dec = -dec
    if kind is Kind.MONEY:
        if unit == "元":
            dec = dec / Decimal(10000)
        return Parsed(_normal_money(dec), False, unit, note)
    value: int | Decimal = int(dec) if dec == dec.to_integral_value() and "." not in num else dec
    return Parsed(value, False, unit, note)


def _normal_money(dec: Decimal) -> Decimal:
    """Drop trailing zeros so 78.80 and 78.8 are the same amount, without exponent notation."""
    normal = dec.normalize()
    if normal == normal.to_integral_value():
        return normal.quantize(Decimal(1))
    return normal


def is_value(text: str) -> bool:
    return parse_value(text) is not None


_DIGIT_RUN = re.compile(r"^[+\-]?\d{2,}$")


def is_digit_run(text: str) -> bool:
    """A bare run of digits that may be several cells written together (no separators)."""
    return bool(_DIGIT_RUN.match(clean(text).replace(" ", "")))
