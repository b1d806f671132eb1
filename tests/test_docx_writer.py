"""DOCX writer: the official tables with their merges, read back by the DOCX reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from govinfo_report.formats import FORMATS
from govinfo_report.formats.drawing import official_tables
from govinfo_report.layout import Layout, Table
from govinfo_report.readers.docx import DocxReader
from govinfo_report.writers.docx_writer import DocxWriter, register_writers
from govinfo_report.writers.html_writer import format_value
from writer_support import AGENCY, BLANK_KEYS, build_findings, build_report


def written(tmp_path: Path, template: str = "2021") -> Layout:
    data = DocxWriter().render(build_report(template), build_findings())
    assert isinstance(data, bytes) and data.startswith(b"PK\x03\x04")
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    return DocxReader().read(path)


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_tables_have_the_official_merges(tmp_path: Path, template: str) -> None:
    layout = written(tmp_path, template)
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    report = build_report(template)
    grids = official_tables(FORMATS[template])
    assert len(tables) == 3
    for table, grid in zip(tables, grids.values(), strict=True):
        got = [[(c.text, c.row_span, c.col_span) for c in row] for row in table.rows]
        want = [[(format_value(report.value(g.key)) if g.key else g.text, g.row_span, g.col_span)
                 for g in row] for row in grid]
        assert got == want


def test_template_shapes_values_and_blanks(tmp_path: Path) -> None:
    layout = written(tmp_path)
    t2, t3, t4 = (t.text_rows() for t in layout.tables())
    assert [(len(g), len(g[0])) for g in (t2, t3, t4)] == [(14, 4), (28, 10), (4, 15)]
    assert t2[13][:2] == ["行政事业性收费", "7539.443252"]
    assert t2[9][:2] == ["行政处罚", ""]  # blank, not 0
    assert "t2.penalty.decisions" in BLANK_KEYS
    assert t3[7][:3] == ["", "（三）不予公开", "1.属于国家秘密"]
    assert t3[4][5] == ""  # t3.carried_over.research is blank
    assert t4[3][8] == ""  # t4.litigation_direct.pending is blank


def test_title_headings_and_prose(tmp_path: Path) -> None:
    layout = written(tmp_path)
    assert layout.metadata["title"] == f"{AGENCY}2023年政府信息公开工作年度报告"
    heads = [p.text for p in layout.paragraphs() if p.heading]
    assert heads == [f"{AGENCY}2023年政府信息公开工作年度报告", "一、总体情况", "二、主动公开政府信息情况",
                     "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
                     "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    texts = [p.text for p in layout.paragraphs()]
    assert "总体情况的说明文字，第一段。" in texts
    assert not any("GIR-" in t for t in texts)  # findings are not printed into the publishable file


def test_registration() -> None:
    registered: list[object] = []
    register_writers(register=registered.append)
    (writer,) = registered
    assert isinstance(writer, DocxWriter) and writer.name == "docx" and writer.binary


def _document_xml(template: str = "2021", report: object = None) -> etree._Element:
    import io
    import zipfile

    data = DocxWriter().render(report or build_report(template), [])  # type: ignore[arg-type]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_column_widths_are_the_official_templates(template: str) -> None:
    root = _document_xml(template)
    grids = [[int(c.get(f"{W}w")) for c in grid.iter(f"{W}gridCol")] for grid in root.iter(f"{W}tblGrid")]
    # read from the official 2021 template's w:tblGrid
    assert grids[1] == [754, 921, 3271, *[685] * 7]
    assert sum(grids[0]) == sum(grids[2]) == 9741 and len(set(grids[0])) <= 2 and len(grids[2]) == 15
    layouts = [t.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") for t in root.iter(f"{W}tbl")]
    assert layouts == ["fixed"] * 3


def test_header_rows_repeat_and_cells_are_centred() -> None:
    root = _document_xml()
    t2, t3, t4 = root.iter(f"{W}tbl")
    repeated = [sum(1 for tr in t.iter(f"{W}tr") if tr.find(f"{W}trPr/{W}tblHeader") is not None)
                for t in (t2, t3, t4)]
    assert repeated == [2, 3, 3]
    cells = list(t3.iter(f"{W}tc"))
    assert all(tc.find(f"{W}tcPr/{W}vAlign").get(f"{W}val") == "center" for tc in cells)
    sizes = {int(sz.get(f"{W}val")) for t in (t3, t4) for sz in t.iter(f"{W}sz")}
    assert sizes == {20}  # 10 pt, not 8


def test_page_and_faces_are_an_official_documents() -> None:
    import io
    import zipfile

    data = DocxWriter().render(build_report(), [])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("word/styles.xml").decode()
        fonts = archive.read("word/fontTable.xml").decode()
    root = etree.fromstring(_document_xml_bytes(data))
    margins = root.find(f".//{W}sectPr/{W}pgMar")
    mm = {side: round(int(margins.get(f"{W}{side}")) / 1440 * 25.4) for side in ("top", "bottom", "left", "right")}
    assert mm == {"top": 37, "bottom": 35, "left": 28, "right": 26}
    assert 'w:eastAsia="仿宋_GB2312"' in styles and 'w:eastAsia="方正小标宋简体"' in styles
    assert 'w:eastAsia="黑体"' in styles
    assert '<w:altName w:val="宋体"/>' in fonts and '<w:altName w:val="仿宋"/>' in fonts


def _document_xml_bytes(data: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def test_signature_is_right_aligned_and_a_missing_section_is_not_printed() -> None:
    report = build_report()
    report.meta.published = "2024-01-20"
    report.sections["problems"].text = ""
    report.sections["problems"].heading = None
    root = _document_xml(report=report)
    paragraphs = [("".join(t.text or "" for t in p.iter(f"{W}t")),
                   p.find(f"{W}pPr/{W}jc").get(f"{W}val") if p.find(f"{W}pPr/{W}jc") is not None else None)
                  for p in root.find(f"{W}body").findall(f"{W}p")]
    assert paragraphs[-2:] == [(AGENCY, "right"), ("2024年1月20日", "right")]
    texts = [t for t, _ in paragraphs]
    assert "五、存在的主要问题及改进情况" not in texts and "六、其他需要报告的事项" in texts
