"""OFD files made at test time, following GB/T 33190: a PDF's pages rewritten as an OFD package.

The page content of the PDF (each glyph with its place and size, each ruling line) is written
as a producer of OFD writes it: one ``ofd:TextObject`` per run of glyphs on one baseline, its
``Boundary`` around the run, the first glyph at ``X``/``Y`` inside it and the others placed by
``DeltaX`` (with the ``g N D`` shorthand for repeated steps) or ``DeltaY`` (a column written
top to bottom); the rules as ``ofd:PathObject`` with ``AbbreviatedData``, in millimetres, y down.
Options move the same drawing through the parts of the standard a reader must follow: object
CTMs, rules drawn on a template page, rules drawn as filled hairline rectangles, pages split
over two documents.
"""

from __future__ import annotations

import itertools
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from govinfo_report.readers.pdf_backends import load_document
from govinfo_report.readers.pdf_page import Char, PageContent
from govinfo_report.readers.pdf_text import WORD_GAP, is_wide

NS = "http://www.ofdspec.org/2016"
MM = 25.4 / 72  # millimetres per point


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


@dataclass(frozen=True)
class Style:
    """How the drawing is written; every style draws the same page."""

    #: Text objects carry a CTM halving them, with their numbers doubled to match.
    scaled: bool = False
    #: The ruling lines go on a template page every page uses.
    template_rules: bool = False
    #: Rules are filled thin rectangles instead of stroked lines.
    filled_rules: bool = False
    #: The pages are split over two documents (two DocBody entries).
    two_documents: bool = False


def pdf_to_ofd(pdf: Path, target: Path, style: Style = Style()) -> Path:
    """Write ``target``, an OFD of the pages of ``pdf``."""
    content = load_document(pdf)
    pages = content.pages
    for page in pages:
        page.chars = [letter for ch in page.chars for letter in _letters(ch)]
    groups = [pages[: (len(pages) + 1) // 2], pages[(len(pages) + 1) // 2:]] if style.two_documents else [pages]
    groups = [g for g in groups if g]
    parts: dict[str, bytes] = {}
    for index, group in enumerate(groups):
        parts.update(_document(f"Doc_{index}", group, style))
    title = content.metadata.get("title", pdf.stem)
    parts = {"OFD.xml": ofd_root([f"Doc_{i}/Document.xml" for i in range(len(groups))], title), **parts}
    return write_package(target, parts)


def write_package(target: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def xml(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def ofd_root(documents: list[str], title: str = "") -> bytes:
    root = etree.Element(q("OFD"), nsmap={"ofd": NS}, Version="1.0", DocType="OFD")
    for doc in documents:
        body = etree.SubElement(root, q("DocBody"))
        info = etree.SubElement(body, q("DocInfo"))
        etree.SubElement(info, q("DocID")).text = "0" * 32
        if title:
            etree.SubElement(info, q("Title")).text = title
        etree.SubElement(info, q("Creator")).text = "ofd_support"
        etree.SubElement(body, q("DocRoot")).text = doc
    return xml(root)


def document_xml(pages: list[str], box: tuple[float, float], templates: dict[str, str] | None = None,
                 public_res: str = "PublicRes.xml") -> bytes:
    root = etree.Element(q("Document"), nsmap={"ofd": NS})
    common = etree.SubElement(root, q("CommonData"))
    etree.SubElement(common, q("MaxUnitID")).text = "1000000"
    area = etree.SubElement(common, q("PageArea"))
    etree.SubElement(area, q("PhysicalBox")).text = f"0 0 {box[0]:.3f} {box[1]:.3f}"
    etree.SubElement(common, q("PublicRes")).text = public_res
    for ident, loc in (templates or {}).items():
        etree.SubElement(common, q("TemplatePage"), ID=ident, BaseLoc=loc)
    pages_el = etree.SubElement(root, q("Pages"))
    for i, loc in enumerate(pages):
        etree.SubElement(pages_el, q("Page"), ID=str(i + 1), BaseLoc=loc)
    return xml(root)


def public_res() -> bytes:
    root = etree.Element(q("Res"), nsmap={"ofd": NS}, BaseLoc="Res")
    fonts = etree.SubElement(root, q("Fonts"))
    etree.SubElement(fonts, q("Font"), ID="2", FontName="SimSun", FamilyName="SimSun")
    return xml(root)


def page_root(templates: tuple[str, ...] = (), box: tuple[float, float] | None = None) -> tuple[
        etree._Element, etree._Element]:
    """A page and the body layer its objects go in."""
    root = etree.Element(q("Page"), nsmap={"ofd": NS})
    if box is not None:
        area = etree.SubElement(root, q("Area"))
        etree.SubElement(area, q("PhysicalBox")).text = f"0 0 {box[0]:.3f} {box[1]:.3f}"
    for ident in templates:
        etree.SubElement(root, q("Template"), TemplateID=ident, ZOrder="Background")
    content = etree.SubElement(root, q("Content"))
    layer = etree.SubElement(content, q("Layer"), Type="Body", ID="3")
    return root, layer


def _document(folder: str, pages: list[PageContent], style: Style) -> dict[str, bytes]:
    parts: dict[str, bytes] = {}
    first = (pages[0].width * MM, pages[0].height * MM)
    templates: dict[str, str] = {}
    page_locs: list[str] = []
    for index, page in enumerate(pages):
        size = (page.width * MM, page.height * MM)
        ident = ""
        if style.template_rules:
            ident = str(100 + index)
            template, layer = page_root()
            _rules(layer, page, style)
            templates[ident] = f"Tpls/Tpl_{index}/Content.xml"
            parts[f"{folder}/{templates[ident]}"] = xml(template)
        root, layer = page_root((ident,) if ident else (), None if size == first else size)
        if not style.template_rules:
            _rules(layer, page, style)
        for run in _runs(page.chars):
            _text_object(layer, run, page.height, style)
        page_locs.append(f"Pages/Page_{index}/Content.xml")
        parts[f"{folder}/{page_locs[-1]}"] = xml(root)
    parts[f"{folder}/Document.xml"] = document_xml(page_locs, first, templates)
    parts[f"{folder}/PublicRes.xml"] = public_res()
    return parts


def _letters(ch: Char) -> list[Char]:
    """A ligature ("fi") is one glyph in a PDF; OFD places every character, so its letters
    share its advance."""
    step = (ch.x1 - ch.x0) / len(ch.text)
    return [Char(letter, ch.x0 + i * step, ch.y0, ch.x0 + (i + 1) * step, ch.y1, ch.size)
            for i, letter in enumerate(ch.text)]


def _runs(chars: list[Char]) -> list[list[Char]]:
    """Glyphs one text object can hold: on one baseline left to right, or in one column downwards."""
    runs: list[list[Char]] = []
    for ch in chars:
        run = runs[-1] if runs else None
        if run is not None and abs(run[-1].size - ch.size) < 0.01:
            last = run[-1]
            across = abs(last.y0 - ch.y0) < 0.01 and 0 < ch.x0 - last.x0 < 4 * ch.size
            down = abs(last.x0 - ch.x0) < 0.01 and 0 < last.y0 - ch.y0 < 4 * ch.size
            if (across and (len(run) == 1 or abs(run[0].y0 - run[1].y0) < 0.01)) or (
                    down and (len(run) == 1 or abs(run[0].x0 - run[1].x0) < 0.01)):
                run.append(ch)
                continue
        runs.append([ch])
    return runs


def steps(values: list[float]) -> str:
    """A DeltaX/DeltaY list, runs of three or more equal steps written ``g N D``."""
    out: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j < len(values) and values[j] == values[i]:
            j += 1
        text = _num(values[i])
        out.append(f"g {j - i} {text}" if j - i >= 3 else " ".join([text] * (j - i)))
        i = j
    return " ".join(out)


def _num(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def _text_object(layer: etree._Element, run: list[Char], height: float, style: Style) -> None:
    size = run[0].size * MM
    left = min(c.x0 for c in run) * MM
    top = (height - max(c.y1 for c in run)) * MM
    right = max(c.x1 for c in run) * MM
    bottom = (height - min(c.y0 for c in run)) * MM
    k = 2.0 if style.scaled else 1.0
    obj = etree.SubElement(layer, q("TextObject"), ID="4", Font="2", Size=_num(size * k),
                           Boundary=f"{_num(left)} {_num(top)} {_num(right - left)} {_num(bottom - top)}")
    if style.scaled:
        obj.set("CTM", "0.5 0 0 0.5 0 0")
    etree.SubElement(obj, q("FillColor"), Value="0 0 0")
    x = round(run[0].x0 * MM - left, 6)
    y = round((height - run[0].y0) * MM - top, 6)
    code = etree.SubElement(obj, q("TextCode"), X=_num(x * k), Y=_num(y * k))
    vertical = len(run) > 1 and abs(run[0].x0 - run[1].x0) < 0.01
    if vertical:
        ys = [round((height - c.y0) * MM * k, 6) for c in run]
        code.set("DeltaY", steps([round(b - a, 6) for a, b in itertools.pairwise(ys)]))
        code.text = "".join(c.text for c in run)
        return
    placed = _with_spaces(run)
    xs = [round(x * MM * k, 6) for _, x in placed]
    if len(placed) > 1:
        code.set("DeltaX", steps([round(b - a, 6) for a, b in itertools.pairwise(xs)]))
    code.text = "".join(text for text, _ in placed)


def _with_spaces(run: list[Char]) -> list[tuple[str, float]]:
    """The run's characters and where each starts, with a space character where the PDF leaves
    a word gap between Latin letters or digits, as a producer writes the space it was given."""
    out = [(run[0].text, run[0].x0)]
    for prev, ch in itertools.pairwise(run):
        gap = ch.x0 - prev.x1
        if gap > WORD_GAP * max(ch.size, prev.size) and not is_wide(prev.text[-1]) and not is_wide(ch.text[0]):
            out.append((" ", prev.x1))
        out.append((ch.text, ch.x0))
    return out


def _rules(layer: etree._Element, page: PageContent, style: Style) -> None:
    for seg in page.horizontals:
        _rule(layer, (seg.lo, seg.fixed), (seg.hi, seg.fixed), page.height, style)
    for seg in page.verticals:
        _rule(layer, (seg.fixed, seg.lo), (seg.fixed, seg.hi), page.height, style)


def _rule(layer: etree._Element, p: tuple[float, float], r: tuple[float, float], height: float,
          style: Style) -> None:
    (x0, y0), (x1, y1) = [(x * MM, (height - y) * MM) for x, y in (p, r)]
    left, top = min(x0, x1) - 1, min(y0, y1) - 1
    box = f"{_num(left)} {_num(top)} {_num(abs(x1 - x0) + 2)} {_num(abs(y1 - y0) + 2)}"
    a = (round(x0 - left, 6), round(y0 - top, 6))
    b = (round(x1 - left, 6), round(y1 - top, 6))
    if style.filled_rules:
        w = 0.1  # mm, a hairline
        dx, dy = (0.0, w / 2) if a[1] == b[1] else (w / 2, 0.0)
        data = (f"M {_num(a[0] - dx)} {_num(a[1] - dy)} L {_num(b[0] + dx)} {_num(a[1] - dy)} "
                f"L {_num(b[0] + dx)} {_num(b[1] + dy)} L {_num(a[0] - dx)} {_num(b[1] + dy)} C")
        obj = etree.SubElement(layer, q("PathObject"), ID="5", Boundary=box, Stroke="false", Fill="true")
        etree.SubElement(obj, q("FillColor"), Value="0 0 0")
    else:
        data = f"M {_num(a[0])} {_num(a[1])} L {_num(b[0])} {_num(b[1])}"
        obj = etree.SubElement(layer, q("PathObject"), ID="5", Boundary=box, LineWidth="0.25")
    etree.SubElement(obj, q("AbbreviatedData")).text = data
