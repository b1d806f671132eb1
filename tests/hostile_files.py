"""Hostile files made at test time: bombs of each kind, lattices, loops and special files.

Each maker writes one file into a folder and returns its path; the tests run every one
through the command line in a subprocess and expect a typed, one-line answer in bounded time.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from ofd_support import NS, document_xml, ofd_root, write_package
from pdf_support import assemble

_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << %s >> >>"
_FONT = b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _one_page(content: bytes, resources: bytes = _FONT, more: tuple[bytes, ...] = (),
              content_extra: bytes = b"") -> bytes:
    return assemble([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     _PAGE % resources, _stream(content, content_extra), *more])


def _deflate_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9)
    block = bytes(1 << 20)
    out = [packer.compress(block) for _ in range(size >> 20)]
    return b"".join(out) + packer.flush()


def pdf_self_length(folder: Path) -> Path:
    body = b"<< /Length 4 0 R >>\nstream\nBT /F1 12 Tf 72 700 Td (x) Tj ET\nendstream"
    return _write(folder / "self-length.pdf", assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _PAGE % _FONT, body]))


def pdf_xobject_fanout(folder: Path) -> Path:
    """Form XObjects each drawing the next one 20 times, ten levels deep: 20**10 draws."""
    levels = 10
    more = []
    for level in range(levels):
        number = 5 + level
        if level + 1 < levels:
            content = b"q /X%d Do Q " % (number + 1) * 20
            resources = b"<< /XObject << /X%d %d 0 R >> >>" % (number + 1, number + 1)
        else:
            content, resources = b"0 0 m 1 1 l S", b"<< >>"
        more.append(_stream(content, b"/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources " + resources))
    return _write(folder / "fanout.pdf", _one_page(b"/X5 Do", b"/XObject << /X5 5 0 R >>", tuple(more)))


def pdf_xobject_loop(folder: Path) -> Path:
    form = _stream(b"/X5 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] "
                              b"/Resources << /XObject << /X5 5 0 R >> >>")
    return _write(folder / "loop.pdf", _one_page(b"/X5 Do", b"/XObject << /X5 5 0 R >>", (form,)))


def pdf_lattice(folder: Path, n: int = 400) -> Path:
    step = 500 / n
    lines = [b"%.2f 50 m %.2f 550 l S" % (50 + i * step, 50 + i * step) for i in range(n + 1)]
    lines += [b"50 %.2f m 550 %.2f l S" % (50 + i * step, 50 + i * step) for i in range(n + 1)]
    text = b"BT /F1 4 Tf " + b" ".join(b"1 0 0 1 %.2f %.2f Tm (1) Tj" % (52 + (i % n) * step, 52 + (i // n) * step)
                                          for i in range(0, n * n, 97)) + b" ET"
    return _write(folder / f"lattice-{n}.pdf", _one_page(b"0.1 w " + b"\n".join(lines) + b"\n" + text))


def pdf_many_pages(folder: Path, pages: int = 20000) -> Path:
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               _stream(b"BT /F1 12 Tf 72 700 Td (page) Tj ET")]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 3 0 R /Resources << %s >> >>"
                % _FONT] * pages
    return _write(folder / "pages.pdf", assemble(objects))


def pdf_flate_bomb(folder: Path, size: int = 1 << 30) -> Path:
    """A content stream deflated twice: a few kilobytes that inflate to ``size`` bytes."""
    once = _deflate_zeros(size)
    twice = zlib.compress(once, 9)
    return _write(folder / "flate-bomb.pdf", _one_page(twice, content_extra=b"/Filter [/FlateDecode /FlateDecode]"))


def pdf_incremental_bomb(folder: Path, updates: int = 3000) -> Path:
    """One object rewritten by thousands of incremental updates, each with its own xref."""
    data = bytearray(_one_page(b"BT /F1 12 Tf 72 700 Td (x) Tj ET"))
    previous = data.rindex(b"startxref")
    previous = int(data[previous + 9:].split()[0])
    for _ in range(updates):
        offset = len(data)
        data += b"4 0 obj\n" + _stream(b"BT /F1 12 Tf 72 700 Td (y) Tj ET") + b"\nendobj\n"
        xref = len(data)
        data += b"xref\n0 1\n0000000000 65535 f \n4 1\n%010d 00000 n \n" % offset
        data += b"trailer\n<< /Size 5 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (previous, xref)
        previous = xref
    return _write(folder / "incremental.pdf", bytes(data))


def pdf_tounicode_bomb(folder: Path, size: int = 1 << 30) -> Path:
    cmap = _stream(zlib.compress(_deflate_zeros(size)), b"/Filter [/FlateDecode /FlateDecode]")
    font = (b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 5 0 R >> >>")
    return _write(folder / "tounicode-bomb.pdf", _one_page(b"BT /F1 12 Tf 72 700 Td (x) Tj ET", font, (cmap,)))


def docx_bad_deflate(folder: Path) -> Path:
    path = folder / "bad-deflate.docx"
    document = ("<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body>"
                + "<w:p><w:r><w:t>政府信息公开工作年度报告</w:t></w:r></w:p>" * 200 + "</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    data = bytearray(path.read_bytes())
    start = data.index(b"word/document.xml") + len("word/document.xml") + 40
    for i in range(start, start + 64):
        data[i] ^= 0x5A
    return _write(path, bytes(data))


def docx_unsupported_method(folder: Path) -> Path:
    path = folder / "method.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            data[at + offset:at + offset + 2] = struct.pack("<H", 99)
            at += 4
    return _write(path, bytes(data))


def docx_doctype_utf16(folder: Path) -> Path:
    path = folder / "utf16-doctype.docx"
    xml = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY a "政府">]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml.encode("utf-16"))
    return path


def docx_doctype_after_comment(folder: Path) -> Path:
    """A DOCTYPE behind a comment longer than any fixed-size byte search looks."""
    path = folder / "comment-doctype.docx"
    xml = ('<?xml version="1.0"?><!--' + "x" * 100_000 + '--><!DOCTYPE d [<!ENTITY a "政府">]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return path


def xml_deep(folder: Path, depth: int = 5000) -> Path:
    path = folder / "deep.docx"
    xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + "<w:sdt><w:sdtContent>" * depth + "</w:sdtContent></w:sdt>" * depth + "</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return path


def html_deep(folder: Path, depth: int = 20000) -> Path:
    return _write(folder / "deep.html", ("<html><body>" + "<div>" * depth + "政府信息公开" + "</div>" * depth
                                         + "</body></html>").encode())


def html_many_tables(folder: Path, tables: int = 100_000) -> Path:
    return _write(folder / "tables.html", ("<html><body>" + "<table><tr><td>1</td></tr></table>" * tables
                                           + "</body></html>").encode())


def text_digit_line(folder: Path, size: int = 100_000) -> Path:
    return _write(folder / "digits.txt", b"\xe6\x9c\xac\xe5\xb9\xb4\xe6\x96\xb0\xe6\x94\xb6" + b"7" * size + b"\n")


def text_pipe_line(folder: Path, size: int = 2 << 20) -> Path:
    return _write(folder / "pipes.md", b"|" * size + b"\n")


def text_long_line(folder: Path, repeats: int = 40_000) -> Path:
    """Prose of a million characters on one line: no digit run or cell count is out of bounds."""
    line = "本年新收政府信息公开申请数量 12 行政复议 3 " * repeats
    return _write(folder / "line.txt", f"政府信息公开工作年度报告\n{line}\n".encode())


def markdown_pipe_grid(folder: Path, rows: int = 3000, columns: int = 300) -> Path:
    line = "|" + "|".join(["1"] * columns) + "|\n"
    return _write(folder / "grid.md", ("# 政府信息公开工作年度报告\n" + line * rows).encode())


def text_huge_cell(folder: Path) -> Path:
    """A report whose total cell holds 5,000 digits."""
    return _write(folder / "huge-cell.txt", ("政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
                                             "一、本年新收政府信息公开申请数量\t" + "9" * 5000 + "\n").encode())


def text_too_big(folder: Path, size: int = 70 << 20) -> Path:
    path = folder / "big.txt"
    with path.open("wb") as fh:
        fh.truncate(size)
    return path


def fifo(folder: Path) -> Path:
    path = folder / "report.txt"
    os.mkfifo(path)
    return path


def bad_name(folder: Path) -> Path:
    name = os.fsdecode(b"\xd5\xfe\xb8\xae-2023.txt")  # GBK bytes, not valid UTF-8
    source = Path(__file__).parent.parent / "examples" / "reports" / "duizhen-2023.txt"
    return _write(folder / name, source.read_bytes())


_OFD_PAGE = (f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="1">%s</ofd:Layer></ofd:Content></ofd:Page>')


def _ofd(path: Path, content: str | bytes, pages: int = 1, root: str = "Doc_0/Document.xml") -> Path:
    locs = ["Pages/Page_0/Content.xml"] * pages
    return write_package(path, {"OFD.xml": ofd_root([root]), "Doc_0/Document.xml": document_xml(locs, (210, 297)),
                                "Doc_0/Pages/Page_0/Content.xml": content})


def ofd_zip_bomb(folder: Path, size: int = 8 << 20) -> Path:
    """A page part of zeros: refused by its ratio, or by its declared size past stream_bytes."""
    path = _ofd(folder / "bomb.ofd", _OFD_PAGE % "")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("Doc_0/Pages/Page_1/Content.xml", "w", force_zip64=True) as out:
        block = bytes(1 << 20)
        for _ in range(size >> 20):
            out.write(block)
    return path


def ofd_external_entity(folder: Path) -> Path:
    page = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + _OFD_PAGE % '<ofd:TextObject ID="2" Boundary="0 0 100 10" Size="5"><ofd:TextCode X="0" Y="5">&x;'
            '</ofd:TextCode></ofd:TextObject>')
    return _ofd(folder / "xxe.ofd", page)


def ofd_self_reference(folder: Path) -> Path:
    return _ofd(folder / "self.ofd", _OFD_PAGE % "", root="OFD.xml")


def ofd_many_pages(folder: Path, pages: int = 20000) -> Path:
    return _ofd(folder / "pages.ofd", _OFD_PAGE % "", pages)


def ofd_long_deltax(folder: Path, chars: int = 100_000) -> Path:
    """One text code of many glyphs, its DeltaX a huge ``g`` count and then a token per glyph."""
    steps = "g 999999999 4 " + "4 " * chars
    text = ('<ofd:TextObject ID="2" Boundary="0 0 200 10" Size="4">'
            f'<ofd:TextCode X="0" Y="4" DeltaX="{steps}">{"政" * chars}</ofd:TextCode></ofd:TextObject>')
    return _ofd(folder / "deltax.ofd", _OFD_PAGE % text)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


#: Quick to make and to refuse: the default suite runs these.
FAST: dict[str, Callable[[Path], Path]] = {
    "pdf-self-length": pdf_self_length, "pdf-xobject-loop": pdf_xobject_loop,
    "pdf-xobject-fanout": pdf_xobject_fanout, "docx-bad-deflate": docx_bad_deflate,
    "docx-unsupported-method": docx_unsupported_method, "docx-doctype-utf16": docx_doctype_utf16,
    "docx-doctype-after-comment": docx_doctype_after_comment,
    "docx-deep": xml_deep, "html-deep": html_deep, "text-huge-cell": text_huge_cell,
    "text-too-big": text_too_big, "fifo": fifo, "bad-name": bad_name,
    "text-digit-line": text_digit_line, "text-pipe-line": text_pipe_line,
    "pdf-lattice-200": lambda folder: pdf_lattice(folder, 200), "text-long-line": text_long_line,
    "ofd-zip-bomb": ofd_zip_bomb, "ofd-external-entity": ofd_external_entity,
    "ofd-self-reference": ofd_self_reference, "ofd-many-pages": ofd_many_pages, "ofd-long-deltax": ofd_long_deltax,
}
#: Bombs and lattices of the size an attacker would send: the ``fuzz`` marker runs these.
SLOW: dict[str, Callable[[Path], Path]] = {
    "pdf-lattice": pdf_lattice, "pdf-lattice-1000": lambda folder: pdf_lattice(folder, 1000),
    "pdf-many-pages": pdf_many_pages, "pdf-flate-bomb": pdf_flate_bomb,
    "pdf-incremental-bomb": pdf_incremental_bomb, "pdf-tounicode-bomb": pdf_tounicode_bomb,
    "html-many-tables": html_many_tables, "markdown-pipe-grid": markdown_pipe_grid,
    "text-digit-line-50m": lambda folder: text_digit_line(folder, 50 << 20),
    "text-pipe-line-50m": lambda folder: text_pipe_line(folder, 50 << 20),
    "ofd-inflate-bomb": lambda folder: ofd_zip_bomb(folder, 1 << 30),
}
