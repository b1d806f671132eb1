"""HTML reader: report pages as government CMS sites serve them.

The report sits inside a page of navigation, breadcrumbs, share buttons and related links;
its tables were usually pasted from Word (``MsoNormalTable``, ``<o:p>``, styled spans) and are
sometimes wrapped in layout tables or split over several ``<table>`` elements. The reader
drops chrome only where it is recognisable and carries no report text, keeps everything
else in reading order, and leaves finding the report to the recognizer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:  # lxml loads on the first page read, not when readers are listed
    from lxml import etree

from ..errors import CorruptFileError, EmptyDocumentError, TooComplexError
from ..files import file_bytes
from ..hookspecs import hookimpl
from ..i18n import N_
from ..interfaces import Reader
from ..layout import Block, Layout, Location, Paragraph, Table, TableCell
from ..limits import current
from ..markup import ANNOTATION_ATTR
from .encoding import clean_text, decode_reporting_damage, join_lines
from .markup import html_likelihood
from .safety import check_depth, html_parser

# Never content: dropped with everything inside.
_DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "button", "select", "option", "input", "textarea", "map", "audio", "video", "head",
    "link", "meta",
})
# Page chrome by tag or by class/id; dropped only when it holds no report text (see _is_chrome).
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|top|wza|breadcrumbs?|crumbs?|bread|position|location|dqwz|share|"
    r"bdshare|jiathis|footer|foot|header|topbar|sidebar|related|relate|xgxx|xglj|xgwz|copyright|"
    r"banner|toolbar|search|login|print|fenxiang)(?:$|[\s_-]|\d)",
    re.IGNORECASE,
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.IGNORECASE)
# Text that marks a container as report content even if its class looks like chrome.
_REPORT_WORDS = ("年度报告", "年报", "政府信息公开")

_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
    "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "address", "figure", "figcaption",
    "body", "form", "fieldset", "legend", "caption", "hr", "tr", "td", "th", "details", "summary",
})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BOLD_TAGS = frozenset({"b", "strong"})
# A fully bold paragraph longer than this is emphasis, not a heading.
_HEADING_MAX_CHARS = 60
# HTML caps colspan at 1000; the same cap keeps a hostile span from exploding Table.grid().
_MAX_COLSPAN = 1000


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def _tag(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    if "}" in tag:
        tag = tag.rsplit("}", 1)[1]
    return tag.lower()


def _span(value: str | None, default: int = 1) -> int:
    if not value:
        return default
    match = re.search(r"\d+", value)
    if not match:
        return default
    return int(match.group())


def _is_hidden(el: etree._Element) -> bool:
    return bool(_HIDDEN.search(el.get("style", ""))) or el.get("hidden") is not None


def _keeps_report(el: etree._Element) -> bool:
    """Whether a chrome-looking element still carries the report.

    It does when it holds a table, a heading naming the report (CMS article headers) or a
    long text about it (a body with an unlucky class name) -- unless its text is mostly
    links: lists of links to other reports are navigation, whatever they say.
    """
    if el.find(".//table") is not None:
        return True
    text = clean_text("".join(el.itertext()))
    if not text or not any(word in text for word in _REPORT_WORDS):
        return False
    linked = sum(len(clean_text("".join(a.itertext()))) for a in el.iter("a"))
    if linked * 2 >= len(text):
        return False
    if len(text) > 300:
        return True
    return any(_tag(node) in _HEADING_TAGS and any(w in "".join(node.itertext()) for w in _REPORT_WORDS)
               for node in el.iter())


def _is_chrome(el: etree._Element) -> bool:
    tag = _tag(el)
    names = f"{el.get('class', '')} {el.get('id', '')}"
    looks = tag in _CHROME_TAGS or bool(_CHROME_NAME.search(names)) or _is_hidden(el)
    return looks and tag not in ("body", "html", "table", "td", "tr", "th") and not _keeps_report(el)


def _is_bold(el: etree._Element) -> bool:
    return _tag(el) in _BOLD_TAGS or bool(_BOLD_STYLE.search(el.get("style", "")))


def _own_rows(table: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    return [row for row in rows if not _is_hidden(row)]


def _own_cells(row: etree._Element) -> list[etree._Element]:
    cells: list[etree._Element] = row.xpath("./td|./th")
    return cells


class _Builder:
    """Walks the body once, turning block boundaries into paragraphs and tables into grids."""

    def __init__(self, tree: etree._ElementTree, path: str | Path) -> None:
        self.tree = tree
        self.path = path
        self.limits = current()
        self.tables_seen = 0
        self.blocks: list[Block] = []
        self.segments: list[tuple[str, bool]] = []
        self.anchor: etree._Element | None = None

    # -- paragraphs ------------------------------------------------------------------------
    def add(self, text: str | None, bold: bool, container: etree._Element) -> None:
        if not text:
            return
        if not self.segments:
            self.anchor = container
        self.segments.append((text, bold))

    def flush(self) -> None:
        segments, anchor = self.segments, self.anchor
        self.segments, self.anchor = [], None
        text = clean_text("".join(s for s, _ in segments))
        if not text or anchor is None:
            return
        all_bold = all(bold for s, bold in segments if s.strip())
        heading = _tag(anchor) in _HEADING_TAGS or (all_bold and len(text) <= _HEADING_MAX_CHARS)
        self.count_block()
        self.blocks.append(Paragraph(text, Location(xpath=self.tree.getpath(anchor)), heading=heading))

    def walk(self, el: etree._Element, bold: bool, container: etree._Element) -> None:
        tag = _tag(el)
        if not tag or tag in _DROP_TAGS or el.get(ANNOTATION_ATTR) is not None or _is_chrome(el):
            pass
        elif tag == "table":
            self.flush()
            self.table(el, bold)
        elif tag == "br":
            self.flush()
        elif tag in _BLOCK_TAGS:
            self.flush()
            own = bold or _is_bold(el) or tag == "th"
            self.add(el.text, own, el)
            for child in el:
                self.walk(child, own, el)
            self.flush()
        else:
            own = bold or _is_bold(el)
            self.add(el.text, own, container)
            for child in el:
                self.walk(child, own, container)
        self.add(el.tail, bold, el.getparent() if tag in _BLOCK_TAGS else container)

    def count_block(self) -> None:
        """Count blocks as they are made: each one's XPath costs more the more siblings it
        has, so a page of a hundred thousand paragraphs or tables ends at the limit."""
        if len(self.blocks) >= self.limits.blocks:
            raise TooComplexError(self.path, N_("more than {limit} paragraphs and tables (limit blocks={limit})"),
                                  {"limit": self.limits.blocks})

    # -- tables ----------------------------------------------------------------------------
    def table(self, el: etree._Element, bold: bool) -> None:
        self.tables_seen += 1
        if self.tables_seen > self.limits.tables:
            limit = self.limits.tables
            raise TooComplexError(self.path, N_("more than {limit} tables (limit tables={limit})"), {"limit": limit})
        rows = _own_rows(el)
        cells = [cell for row in rows for cell in _own_cells(row)]
        caption = el.find("caption")
        if caption is not None:
            self.walk_caption(caption, bold)
        if el.find(".//table") is not None or len(cells) <= 1:
            # A layout wrapper: its cells are page regions, the data tables sit inside.
            for cell in cells:
                self.walk_container(cell, bold)
            return
        self.count_block()
        self.blocks.append(self.data_table(el, rows))

    def walk_caption(self, caption: etree._Element, bold: bool) -> None:
        self.add(caption.text, bold, caption)
        for child in caption:
            self.walk(child, bold, caption)
        self.flush()

    def walk_container(self, cell: etree._Element, bold: bool) -> None:
        self.flush()
        self.add(cell.text, bold, cell)
        for child in cell:
            self.walk(child, bold, cell)
        self.flush()

    def data_table(self, el: etree._Element, rows: list[etree._Element]) -> Table:
        out: list[tuple[TableCell, ...]] = []
        for r, row in enumerate(rows):
            remaining = len(rows) - r
            cells: list[TableCell] = []
            for c, td in enumerate(_own_cells(row)):
                if _is_hidden(td):
                    continue
                row_span = _span(td.get("rowspan"))
                row_span = remaining if row_span == 0 else max(1, min(row_span, remaining))
                col_span = max(1, min(_span(td.get("colspan")), _MAX_COLSPAN))
                cells.append(TableCell(
                    _cell_text(td),
                    Location(xpath=self.tree.getpath(td), row=r, column=c),
                    row_span=row_span,
                    col_span=col_span,
                ))
            out.append(tuple(cells))
        return Table(tuple(out), Location(xpath=self.tree.getpath(el)))


def _cell_text(td: etree._Element) -> str:
    """A cell's text with line breaks and inner paragraphs joined as one label."""
    lines: list[str] = [""]

    def visit(el: etree._Element) -> None:
        tag = _tag(el)
        if tag and tag not in _DROP_TAGS:
            if tag == "br" or tag in _BLOCK_TAGS:
                lines.append("")
            lines[-1] += el.text or ""
            for child in el:
                visit(child)
            if tag in _BLOCK_TAGS:
                lines.append("")
        lines[-1] += el.tail or ""

    lines[-1] += td.text or ""
    for child in td:
        visit(child)
    return join_lines(lines)


def _metadata(root: etree._Element) -> dict[str, str]:
    meta: dict[str, str] = {}
    title = root.find(".//title")
    if title is not None:
        text = clean_text("".join(title.itertext()))
        if text:
            meta["title"] = text
    names = {"articletitle": "article_title", "pubdate": "published", "contentsource": "source",
             "sitename": "site", "description": "description", "keywords": "keywords",
             "author": "author", "columnname": "column"}
    for node in root.iter("meta"):
        name = (node.get("name") or "").lower()
        content = clean_text(node.get("content") or "")
        if name in names and content:
            meta.setdefault(names[name], content)
    return meta


class HtmlReader(Reader):
    """Reads HTML and XHTML pages, including Word, WPS and LibreOffice HTML exports."""

    name = "html"
    extensions = (".html", ".htm", ".shtml", ".xhtml")

    def sniff(self, head: bytes, path: Path) -> float:
        return html_likelihood(head)

    def read(self, path: Path) -> Layout:
        try:
            data = file_bytes(path)
        except OSError as exc:
            raise CorruptFileError(path, str(exc)) from None
        if not data.strip():
            raise EmptyDocumentError(path)
        text, damage = decode_reporting_damage(data, path)
        layout = read_html_text(text, path)
        return attrs.evolve(layout, notes=layout.notes + damage) if damage else layout


def read_html_text(text: str, path: str | Path = "") -> Layout:
    """Lay out already decoded HTML (plugins that fetch or convert pages reuse this)."""
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        raise EmptyDocumentError(path)
    from lxml import etree
    from lxml import html as lxml_html

    parser = html_parser()
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise CorruptFileError(path, N_("unparseable HTML: {error}"), {"error": str(exc)}) from None
    if any("depth" in entry.message.lower() for entry in parser.error_log):
        # The parser stops descending and drops what lies deeper: say so rather than
        # reporting a page without text.
        raise TooComplexError(path, N_("elements nest deeper than the parser allows (limit depth)"))
    check_depth(root, path)
    tree = root.getroottree()
    builder = _Builder(tree, path)
    body = root.find("body")
    start = body if body is not None else root
    builder.walk_container(start, False)
    if not builder.blocks:
        raise EmptyDocumentError(path)
    return Layout(tuple(builder.blocks), source=str(path), reader="html", metadata=_metadata(root))


@hookimpl
def register_readers(register: Callable[[Reader], Any]) -> None:
    register(HtmlReader())
