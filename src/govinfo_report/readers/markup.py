"""Whether a file's first bytes are HTML, page or fragment.

Crawlers and CMS exports often save only a report's article body: no ``<html>``, ``<body>``
or charset, just ``<p>``, ``<div>`` or ``<table>`` elements, in UTF-8 or GBK. Such a fragment
must reach the HTML reader whatever its suffix, while a Markdown or text report that merely
holds a ``<br>`` or opens with ``<p align="center">`` stays with the text reader. The
evidence is the markup itself: what the file begins with, the elements only a page or a
table has, how many elements are closed, and the rule lines of Markdown tables.
"""

from __future__ import annotations

import re
from functools import cache


@cache
def _elements() -> frozenset[bytes]:
    """Elements of HTML, by name; a tag of any other name ("<o:p>", "<申请人>") is no evidence.
    lxml loads on the first sniff, not when readers are listed."""
    from lxml.html import defs

    return frozenset(tag.encode("ascii") for tag in defs.tags)


# Elements only a page or a table has: where one appears, the file is markup.
_STRUCTURE = frozenset({b"html", b"head", b"body", b"meta", b"table", b"tbody", b"tr", b"td", b"div"})
_TAG = re.compile(rb"<(/?)([a-z][a-z0-9]*)(?=[\s/>])[^<>]*>")
# What may come before the first element: comments and an XML declaration.
_PROLOGUE = re.compile(rb"^(?:\s*(?:<!--.*?-->|<\?xml[^>]*>))+", re.DOTALL)
# A Markdown pipe table's rule line ("|---|---|"): converters put HTML in Markdown, never
# the other way round.
_PIPE_RULE = re.compile(rb"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+", re.MULTILINE)
# Closed elements that make a text without a page structure HTML all the same.
_MIN_CLOSED = 3

PAGE = 0.9  # a declared page: <!DOCTYPE html>, <html>
FRAGMENT = 0.8  # it begins with an HTML element
STRUCTURED = 0.7  # it holds page or table elements somewhere
MARKED_UP = 0.6  # it closes several HTML elements


def html_likelihood(head: bytes) -> float:
    """How surely ``head`` (the first few KB of a file) is HTML, from 0 to :data:`PAGE`."""
    if b"<" not in head[:4096]:
        return 0.0  # no tag at all: every test below would fail, and lowering 4 KB costs
    text = head[:4096].removeprefix(b"\xef\xbb\xbf").lower()
    text = _PROLOGUE.sub(b"", text).lstrip()
    if text.startswith((b"<!doctype html", b"<html")):
        return PAGE
    if _PIPE_RULE.search(text):
        return 0.0
    elements = _elements()
    tags = [(closing, name) for closing, name in _TAG.findall(text) if name in elements]
    first = _TAG.match(text)
    if first is not None and first.group(2) in elements:
        return FRAGMENT
    if any(name in _STRUCTURE for _, name in tags):
        return STRUCTURED
    if sum(1 for closing, _ in tags if closing) >= _MIN_CLOSED:
        return MARKED_UP
    return 0.0
