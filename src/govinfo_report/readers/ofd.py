"""The OFD reader plugin (GB/T 33190, the national fixed-layout format).

It needs only lxml: the package's XML parts are reduced to glyphs and rules
(:mod:`.ofd_content`) and laid out by the same stages as a PDF's pages.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..hookspecs import hookimpl
from ..interfaces import Reader
from ..layout import Layout

_LOCAL_HEADER = b"PK\x03\x04"


class OfdReader(Reader):
    """Reads OFD packages; encrypted, damaged and oversized ones raise typed errors."""

    name = "ofd"
    extensions = (".ofd",)
    version = "1"

    def sniff(self, head: bytes, path: Path) -> float:
        return 1.0 if "OFD.xml" in _member_names(head) else 0.0

    def read(self, path: Path) -> Layout:
        from .ofd_content import load_document
        from .pdf_layout import layout_of

        return layout_of(Path(path), load_document(Path(path)), self.name)


def _member_names(head: bytes) -> Iterator[str]:
    """The names of the zip members whose local headers lie within ``head``, in order.

    An OFD's root part is a member named exactly ``OFD.xml``; looking for the name as a
    member, not as bytes anywhere, keeps a Word file quoting it from being taken for one."""
    at = 0
    while head.startswith(_LOCAL_HEADER, at) and at + 30 <= len(head):
        flags, size, name_length, extra_length = struct.unpack_from("<6xH10xI4xHH", head, at)
        name = head[at + 30:at + 30 + name_length]
        yield name.decode("utf-8" if flags & 0x800 else "cp437", "replace")
        if flags & 0x8:  # sizes follow the data: the next header cannot be found from here
            return
        at += 30 + name_length + extra_length + size


@hookimpl
def register_readers(register: Callable[[Reader], Any]) -> None:
    register(OfdReader())
