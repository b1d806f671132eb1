"""Text from a scraped report made safe for the formats the writers produce.

A title may carry control characters or NUL (a CMS pasting from another program), which XML
cannot hold at all and terminals and editors show as garbage; and a cell beginning with
``=`` is a formula to a spreadsheet, so a title such as ``=HYPERLINK(...)`` would run in
every row of a CSV opened there.
"""

from __future__ import annotations

import re

# C0 controls other than tab, line feed and carriage return, and DEL: XML 1.0 forbids them.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


def printable(text: str) -> str:
    """``text`` without the control characters no output format can carry."""
    return _CONTROLS.sub("", text)


def spreadsheet_safe(text: str) -> str:
    """A field a spreadsheet shows as text: a formula start is quoted, a signed number kept."""
    text = printable(text)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
