"""DOCX reader: WordprocessingML read directly with lxml.

python-docx hides what a reader of merged report tables needs (``w:vMerge`` chains, text
boxes, field results, content controls) and trusts the archive; reading the XML ourselves
through the safe parser and the zip budget keeps both the grid and the limits exact.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # lxml loads on the first parse, not when readers are listed
    from lxml import etree

from ..errors import CorruptFileError, EmptyDocumentError
from ..files import file_bytes
from ..hookspecs import hookimpl
from ..i18n import N_
from ..interfaces import Reader
from ..layout import Block, Layout, Location, Paragraph, Table, TableCell
from .encoding import clean_text, join_lines
from .safety import ZipBudget, open_zip, parse_xml

W_NS = frozenset({
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO strict
})
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CORE_NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# A fully bold paragraph longer than this is emphasis, not a heading.
_HEADING_MAX_CHARS = 60
# Wrappers whose children are ordinary body content.
_TRANSPARENT = frozenset({"sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo", "hyperlink",
                          "fldSimple", "dir", "bdo"})
# Never shown as document text.
_SKIP = frozenset({"delText", "instrText", "del", "moveFrom", "rPr", "pPr", "tblPr", "trPr", "tcPr",
                   "sectPr", "commentReference", "footnoteReference", "endnoteReference", "sdtPr",
                   "sdtEndPr", "bookmarkStart", "bookmarkEnd", "proofErr", "lastRenderedPageBreak"})


def _qname(el: etree._Element) -> tuple[str, str]:
    tag = el.tag
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        return ns, local
    return "", tag


def _w(el: etree._Element) -> str:
    """The local name of a WordprocessingML element, '' for anything else."""
    ns, local = _qname(el)
    return local if ns in W_NS else ""


def _wattr(el: etree._Element, name: str) -> str | None:
    for ns in W_NS:
        value = el.get(f"{{{ns}}}{name}")
        if value is not None:
            return str(value)
    return None


def _wchild(el: etree._Element | None, name: str) -> etree._Element | None:
    if el is None:
        return None
    for child in el:
        if _w(child) == name:
            return child
    return None


def _on(el: etree._Element | None) -> bool:
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``) as a boolean."""
    if el is None:
        return False
    return (_wattr(el, "val") or "true").lower() not in ("0", "false", "off", "none")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _alternate(el: etree._Element) -> etree._Element | None:
    """The branch of ``mc:AlternateContent`` to read: its first Choice, else its Fallback.

    Both branches hold the same text (a DrawingML text box and its VML twin), so reading
    one keeps text boxes from appearing twice.
    """
    for child in el:
        if _qname(child) == (MC_NS, "Choice"):
            return child
    for child in el:
        if _qname(child) == (MC_NS, "Fallback"):
            return child
    return None


class _Styles:
    """Which paragraph styles are headings (by name or outline level) or bold."""

    def __init__(self, root: etree._Element | None) -> None:
        self.info: dict[str, tuple[str, int | None, bool, str | None]] = {}
        if root is None:
            return
        for style in root:
            if _w(style) != "style" or _wattr(style, "type") not in (None, "paragraph"):
                continue
            style_id = _wattr(style, "styleId") or ""
            name_el = _wchild(style, "name")
            name = (_wattr(name_el, "val") or "") if name_el is not None else ""
            ppr = _wchild(style, "pPr")
            level_el = _wchild(ppr, "outlineLvl")
            level = _int(_wattr(level_el, "val"), 9) if level_el is not None else None
            bold = _on(_wchild(_wchild(style, "rPr"), "b"))
            based = _wchild(style, "basedOn")
            self.info[style_id] = (name, level, bold, _wattr(based, "val") if based is not None else None)

    def _chain(self, style_id: str | None) -> Iterator[tuple[str, int | None, bool, str | None]]:
        seen: set[str] = set()
        while style_id and style_id in self.info and style_id not in seen:
            seen.add(style_id)
            entry = self.info[style_id]
            yield entry
            style_id = entry[3]

    def is_heading(self, style_id: str | None) -> bool:
        for name, level, _, _ in self._chain(style_id):
            lowered = name.lower()
            if lowered.startswith(("heading", "title")) or "标题" in name:
                return True
            if level is not None:
                return level < 9
        return False

    def is_bold(self, style_id: str | None) -> bool:
        return any(bold for _, _, bold, _ in self._chain(style_id))


class _Paragraph:
    """The text of one ``w:p``: runs, tabs, breaks and field results, minus field codes."""

    def __init__(self, p: etree._Element, styles: _Styles) -> None:
        self.pieces: list[tuple[str, bool]] = []
        self.boxes: list[etree._Element] = []
        self.fields: list[bool] = []  # per open field: are we in its result yet?
        ppr = _wchild(p, "pPr")
        style_el = _wchild(ppr, "pStyle")
        style = _wattr(style_el, "val") if style_el is not None else None
        level_el = _wchild(ppr, "outlineLvl")
        self.heading = styles.is_heading(style) or (
            level_el is not None and _int(_wattr(level_el, "val"), 9) < 9)
        self.style_bold = styles.is_bold(style)
        for child in p:
            self.visit(child, self.style_bold)

    def visit(self, el: etree._Element, bold: bool) -> None:
        ns, local = _qname(el)
        if (ns, local) == (MC_NS, "AlternateContent"):
            branch = _alternate(el)
            if branch is not None:
                for child in branch:
                    self.visit(child, bold)
            return
        name = _w(el)
        if name == "txbxContent":
            self.boxes.append(el)
            return
        if name in _SKIP:
            return
        if name == "r":
            rpr = _wchild(el, "rPr")
            b = _wchild(rpr, "b")
            bold = _on(b) if b is not None else self.style_bold
        elif name == "fldChar":
            kind = _wattr(el, "fldCharType")
            if kind == "begin":
                self.fields.append(False)
            elif kind == "separate" and self.fields:
                self.fields[-1] = True
            elif kind == "end" and self.fields:
                self.fields.pop()
            return
        shown = all(self.fields)
        if name == "t":
            if shown and el.text:
                self.pieces.append((el.text, bold))
            return
        if name == "tab" and shown:
            self.pieces.append(("\t", bold))
            return
        if name in ("br", "cr") and shown:
            self.pieces.append(("\n", bold))
            return
        if name == "noBreakHyphen" and shown:
            self.pieces.append(("-", bold))
            return
        for child in el:
            self.visit(child, bold)

    @property
    def lines(self) -> list[str]:
        return "".join(text for text, _ in self.pieces).split("\n")

    @property
    def all_bold(self) -> bool:
        shown = [bold for text, bold in self.pieces if text.strip()]
        return bool(shown) and all(shown)


class _Builder:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.blocks: list[Block] = []

    def body(self, container: etree._Element) -> None:
        for child in container:
            ns, local = _qname(child)
            if (ns, local) == (MC_NS, "AlternateContent"):
                branch = _alternate(child)
                if branch is not None:
                    self.body(branch)
                continue
            name = _w(child)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                self.table(child)
            elif name in _TRANSPARENT:
                self.body(child)

    def paragraph(self, p: etree._Element) -> None:
        para = _Paragraph(p, self.styles)
        for line in para.lines:
            text = clean_text(line, tighten_cjk=False)
            if text:
                heading = para.heading or (para.all_bold and len(text) <= _HEADING_MAX_CHARS)
                self.blocks.append(Paragraph(text, Location(index=len(self.blocks)), heading=heading))
        for box in para.boxes:
            self.body(box)

    def table(self, tbl: etree._Element) -> None:
        rows = list(_rows(tbl))
        if any(_w(node) == "tbl" for row in rows for node in row.iter()):
            # A layout wrapper: its cells are page regions, the data tables sit inside.
            for row in rows:
                for tc in _cells(row):
                    self.body(tc)
            return
        index = len(self.blocks)
        self.blocks.append(_grid(rows, index, self.styles))


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """The ``w:tag`` children of ``parent``, looking through content controls and the like."""
    for child in parent:
        name = _w(child)
        if name == tag:
            yield child
        elif name in _TRANSPARENT:
            yield from _children(child, tag)


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    return _children(tbl, "tr")


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    return _children(tr, "tc")


def _cell_text(tc: etree._Element, styles: _Styles) -> str:
    lines: list[str] = []

    def collect(container: etree._Element) -> None:
        for child in container:
            name = _w(child)
            if name == "p":
                para = _Paragraph(child, styles)
                lines.extend(para.lines)
                for box in para.boxes:
                    collect(box)
            elif name in _TRANSPARENT:
                collect(child)

    collect(tc)
    return join_lines(lines)


def _grid(rows: list[etree._Element], index: int, styles: _Styles) -> Table:
    """Place cells on the grid columns, then fold ``w:vMerge`` chains into row spans."""
    placed: list[list[tuple[int, int, str | None, etree._Element | None]]] = []
    for tr in rows:
        trpr = _wchild(tr, "trPr")
        before = _wchild(trpr, "gridBefore")
        column = _int(_wattr(before, "val"), 0) if before is not None else 0
        entries: list[tuple[int, int, str | None, etree._Element | None]] = []
        if column > 0:
            entries.append((0, column, None, None))
        for tc in _cells(tr):
            tcpr = _wchild(tc, "tcPr")
            span_el = _wchild(tcpr, "gridSpan")
            span = max(1, _int(_wattr(span_el, "val"), 1)) if span_el is not None else 1
            merge_el = _wchild(tcpr, "vMerge")
            merge = None if merge_el is None else (_wattr(merge_el, "val") or "continue")
            entries.append((column, span, merge, tc))
            column += span
        placed.append(entries)

    starts = [{col: merge for col, _, merge, _ in entries} for entries in placed]
    out: list[tuple[TableCell, ...]] = []
    for r, entries in enumerate(placed):
        cells: list[TableCell] = []
        for col, span, merge, tc in entries:
            if merge == "continue" and r > 0 and col in starts[r - 1]:
                continue  # covered by the origin cell above
            row_span = 1
            while r + row_span < len(placed) and starts[r + row_span].get(col) == "continue":
                row_span += 1
            text = _cell_text(tc, styles) if tc is not None else ""
            cells.append(TableCell(text, Location(index=index, row=r, column=col),
                                   row_span=row_span, col_span=span))
        out.append(tuple(cells))
    return Table(tuple(out), Location(index=index))


def _relationship_target(budget: ZipBudget, rels_part: str, type_suffix: str, base: str) -> str | None:
    if rels_part not in budget.names():
        return None
    root = parse_xml(budget.read(rels_part), budget.path, rels_part)
    for rel in root.iter(f"{{{REL_NS}}}Relationship"):
        if (rel.get("Type") or "").endswith(type_suffix) and rel.get("TargetMode") != "External":
            target = rel.get("Target") or ""
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join(base, target))
    return None


def _core_metadata(budget: ZipBudget) -> dict[str, str]:
    part = "docProps/core.xml"
    if part not in budget.names():
        return {}
    root = parse_xml(budget.read(part), budget.path, part)
    fields = {"dc:title": "title", "dc:creator": "author", "dc:subject": "subject",
              "cp:keywords": "keywords", "dc:description": "description",
              "dcterms:created": "created", "dcterms:modified": "modified"}
    meta: dict[str, str] = {}
    for qualified, key in fields.items():
        prefix, local = qualified.split(":")
        node = root.find(f"{{{CORE_NS[prefix]}}}{local}")
        if node is not None and node.text and node.text.strip():
            meta[key] = node.text.strip()
    return meta


def read_docx(path: str | Path) -> Layout:
    """Lay out a WordprocessingML package (also used by converting plugins)."""
    try:
        data = file_bytes(path)
    except OSError as exc:
        raise CorruptFileError(path, str(exc)) from None
    if data.startswith(OLE_MAGIC):
        raise CorruptFileError(
            path, N_("this is a legacy Word/WPS binary or an encrypted file, not OOXML; "
                     "install the govinfo-report-libreoffice plugin to read .doc/.wps"))
    with open_zip(path, data) as archive:
        budget = ZipBudget(archive, path)
        main = _relationship_target(budget, "_rels/.rels", "/officeDocument", "") or "word/document.xml"
        if main not in budget.names():
            raise CorruptFileError(path, N_("no main document part (word/document.xml)"))
        document = parse_xml(budget.read(main), path, main)
        base = posixpath.dirname(main)
        rels = posixpath.join(base, "_rels", posixpath.basename(main) + ".rels")
        styles_part = _relationship_target(budget, rels, "/styles", base)
        styles_root = None
        if styles_part and styles_part in budget.names():
            styles_root = parse_xml(budget.read(styles_part), path, styles_part)
        metadata = _core_metadata(budget)
    body = _wchild(document, "body")
    if body is None:
        raise CorruptFileError(path, N_("{part} has no w:body"), {"part": main})
    builder = _Builder(_Styles(styles_root))
    builder.body(body)
    if not builder.blocks:
        raise EmptyDocumentError(path)
    return Layout(tuple(builder.blocks), source=str(path), reader="docx", metadata=metadata)


class DocxReader(Reader):
    """Reads Word 2007+ (.docx, .docm) and WPS files saved as OOXML."""

    name = "docx"
    extensions = (".docx", ".docm", ".dotx")

    def sniff(self, head: bytes, path: Path) -> float:
        if not head.startswith(b"PK\x03\x04"):
            return 0.0
        if b"mimetypeapplication/vnd.oasis" in head[:100]:
            return 0.0  # OpenDocument
        if b"word/" in head:
            return 0.9
        if b"[Content_Types].xml" in head:
            return 0.5
        return 0.2

    def read(self, path: Path) -> Layout:
        return read_docx(path)


@hookimpl
def register_readers(register: Callable[[Reader], Any]) -> None:
    register(DocxReader())
