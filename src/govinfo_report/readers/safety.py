"""Parsers and archive limits for untrusted input.

Reports are scraped from hundreds of thousands of sites, so every file is hostile until
proven otherwise: XML may carry entity bombs or external entities, and a ``.docx`` is a zip
that may inflate to gigabytes. Every XML or zip part any reader touches goes through here, so
the limits live in one place.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # lxml loads on the first parse, not when readers are listed
    from lxml import etree
    from lxml import html as lxml_html

from ..errors import CorruptFileError, TooComplexError, TooLargeError
from ..files import file_bytes
from ..i18n import N_
from ..limits import current

#: Compression ratio beyond which a member counts as a zip bomb. Word XML compresses about
#: 10-30:1; runs of zeros reach 1000:1. Small members are exempt: they cannot hurt anyone.
MAX_RATIO = 200
RATIO_EXEMPT_BYTES = 1024 * 1024

_CHUNK = 1024 * 1024
#: What a damaged archive member can raise while it is inflated.
_INFLATE_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError)


def xml_parser() -> etree.XMLParser:
    """An XML parser that never fetches, never expands entities and never loads a DTD."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def html_parser() -> lxml_html.HTMLParser:
    """An HTML parser with the same refusals as :func:`xml_parser`."""
    from lxml import html as lxml_html

    return lxml_html.HTMLParser(
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
    )


def parse_xml(data: bytes, path: str | Path, part: str = "") -> etree._Element:
    """Parse one XML part, refusing any DOCTYPE.

    OOXML parts never carry a DTD, so a DOCTYPE is either damage or an attack (entity
    expansion, external entities); refusing it outright is simpler and safer than trusting
    the parser to neutralise every trick. The parser itself says whether one was declared, so
    a UTF-16 part or a long comment before it cannot hide it.
    """
    from lxml import etree

    where = f"{part}: " if part else ""
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser=xml_parser()))
    except (etree.XMLSyntaxError, ValueError, LookupError) as exc:
        if isinstance(exc, etree.XMLSyntaxError) and "depth" in str(exc).lower():
            raise TooComplexError(path, N_("{where}XML nests deeper than the parser allows"),
                                  {"where": where}) from None
        raise CorruptFileError(path, N_("{where}malformed XML: {error}"), {"where": where, "error": str(exc)}) from None
    root = tree.getroot()
    if root is None:
        raise CorruptFileError(path, N_("{where}empty XML part"), {"where": where})
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise CorruptFileError(path, N_("{where}XML with a DOCTYPE/entity declarations is refused"), {"where": where})
    check_depth(root, path, where)
    return root


def check_depth(root: etree._Element, path: str | Path, where: str = "") -> None:
    """Refuse a tree nested deeper than the ``depth`` limit; deep trees make readers recurse.

    The test runs inside libxml2 (an XPath over ancestors), so a page of a million shallow
    elements costs a fraction of a second rather than a Python loop over every one.
    """
    limit = current().depth
    if root.xpath(f"boolean(descendant-or-self::*[count(ancestor::*) >= {int(limit)}])"):
        raise TooComplexError(path, N_("{where}elements nest deeper than {limit} (limit depth={limit})"),
                              {"where": where, "limit": limit})


class ZipBudget:
    """Reads members of one archive while enforcing the size and ratio limits.

    Sizes declared in the central directory are checked first, so an honest zip bomb is
    refused without inflating a byte; the inflated stream is also counted, so a lying header
    cannot get past the limits either.
    """

    def __init__(self, archive: zipfile.ZipFile, path: str | Path) -> None:
        self.archive = archive
        self.path = path
        self.spent = 0
        self._check_directory()

    def _check_directory(self) -> None:
        declared = 0
        for info in self.archive.infolist():
            self._check_member(info)
            declared += info.file_size
        if declared > current().inflated_bytes * 5:
            raise TooLargeError(self.path, N_("members declare {size} bytes uncompressed in total"), {"size": declared})

    def _check_member(self, info: zipfile.ZipInfo) -> None:
        limit = current().stream_bytes
        if info.file_size > limit:
            raise TooLargeError(self.path, N_("{member} would inflate to {size} bytes (limit stream_bytes={limit})"),
                                {"member": info.filename, "size": info.file_size, "limit": limit})
        if info.file_size > RATIO_EXEMPT_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise TooLargeError(self.path, N_("{member} compresses {ratio}:1 (limit {limit}:1)"),
                                {"member": info.filename, "ratio": info.file_size // max(info.compress_size, 1),
                                 "limit": MAX_RATIO})

    def names(self) -> set[str]:
        return set(self.archive.namelist())

    def read(self, name: str) -> bytes:
        """Inflate one member within the remaining budget."""
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            raise CorruptFileError(self.path, N_("missing part {member}"), {"member": name}) from None
        limits = current()
        limit = min(limits.stream_bytes, limits.inflated_bytes - self.spent)
        if info.file_size > limit:
            raise TooLargeError(self.path, N_("{member} would exceed the limit inflated_bytes={limit}"),
                                {"member": name, "limit": limits.inflated_bytes})
        chunks: list[bytes] = []
        size = 0
        try:
            with self.archive.open(info) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit or size > max(info.file_size, 0) + _CHUNK:
                        raise TooLargeError(
                            self.path, N_("{member} inflates beyond its declared size or the limits "
                                          "stream_bytes={stream_limit}, inflated_bytes={inflated_limit}"),
                            {"member": name, "stream_limit": limits.stream_bytes,
                             "inflated_limit": limits.inflated_bytes})
                    chunks.append(chunk)
        except _INFLATE_ERRORS as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise CorruptFileError(self.path, N_("{member}: {error}"), {"member": name, "error": error}) from None
        self.spent += size
        return b"".join(chunks)


def open_zip(path: str | Path, data: bytes | None = None) -> zipfile.ZipFile:
    """Open an archive (from ``data`` where its bytes are at hand), turning every way it can
    be broken into :class:`CorruptFileError`."""
    try:
        return zipfile.ZipFile(io.BytesIO(file_bytes(path) if data is None else data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise CorruptFileError(path, N_("not a zip archive: {error}"), {"error": str(exc)}) from None
