"""Hand-built PDFs for the reader tests: numbered objects, a correct cross-reference table."""

from __future__ import annotations

from collections.abc import Sequence


def assemble(objects: Sequence[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF of ``objects`` (object 1 the catalog), each numbered in order, with its xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
