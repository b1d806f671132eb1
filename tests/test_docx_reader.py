"""DOCX reader: merges, runs, fields, text boxes, nested tables, the blank template, bombs."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from govinfo_report.errors import CorruptFileError, TooLargeError
from govinfo_report.layout import Layout, Paragraph, Table
from govinfo_report.limits import Limits, use
from govinfo_report.readers import safety
from govinfo_report.readers.docx import DocxReader, register_readers

TEMPLATE = Path(__file__).parent / "fixtures" / "corpus" / "raw" / "govnianbao" / "template-2021-blank.docx"


def read(path: Path) -> Layout:
    return DocxReader().read(path)


def paragraphs(layout: Layout) -> list[Paragraph]:
    return list(layout.paragraphs())


def tables(layout: Layout) -> list[Table]:
    return list(layout.tables())


# -- the official blank template ----------------------------------------------------------

@pytest.fixture(scope="module")
def template() -> Layout:
    return read(TEMPLATE)


def test_template_tables_intact(template: Layout) -> None:
    t2, t3, t4 = tables(template)
    shapes = [(len(g), len(g[0])) for g in (t.text_rows() for t in (t2, t3, t4))]
    assert shapes == [(14, 4), (28, 10), (4, 15)]
    g2 = t2.text_rows()
    assert g2[0][0] == "第二十条第（一）项" and t2.rows[0][0].col_span == 4
    assert g2[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert g2[2] == ["规章", "", "", ""]  # full-width spaces are blank
    assert g2[12][:2] == ["信息内容", "本年收费金额（单位：万元）"]
    assert g2[13][0] == "行政事业性收费"


def test_template_table_three_merges(template: Layout) -> None:
    t3 = tables(template)[1]
    grid = t3.text_rows()
    corner = t3.rows[0][0]
    assert (corner.row_span, corner.col_span) == (3, 3)
    assert corner.text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert grid[0][3] == "申请人情况" and t3.rows[0][1].col_span == 7
    assert grid[1][3:5] == ["自然人", "法人或其他组织"] and grid[1][9] == "总计"
    assert grid[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    results = t3.grid()[5][0]
    assert results is not None and results.text == "三、本年度办理结果" and results.row_span == 22
    withheld = t3.grid()[7][1]
    assert withheld is not None and (withheld.text, withheld.row_span) == ("（三）不予公开", 8)
    assert grid[26][1] == "（七）总计"
    assert grid[27][0] == "四、结转下年度继续办理"
    assert all(cell == "" for row in grid[3:] for cell in row[3:])


def test_template_table_four_and_text(template: Layout) -> None:
    t4 = tables(template)[2]
    grid = t4.text_rows()
    assert t4.rows[0][0].col_span == 5 and t4.rows[0][1].col_span == 10
    assert grid[1][:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert t4.rows[1][0].row_span == 2
    assert grid[2][5:10] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    headings = [p.text for p in paragraphs(template) if p.heading]
    assert headings[1:] == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                            "六、其他需要报告的事项"]
    indexes = [b.location.index for b in template.blocks]
    assert indexes == list(range(len(template.blocks)))


# -- a document built here ----------------------------------------------------------------

TEXT_BOX = (
    f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml">'
    "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>"
    "<w:p><w:r><w:t>文本框里的说明</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框里的说明</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)
COMPLEX_FIELD = (
    f'<w:p {nsdecls("w")}><w:r><w:t xml:space="preserve">第 </w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> 页</w:t></w:r>'
    '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>（共9页）</w:t></w:r></w:fldSimple></w:p>'
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    document = docx.Document()
    document.core_properties.title = "某某局2023年政府信息公开工作年度报告"
    document.add_heading("一、总体情况", level=1)
    para = document.add_paragraph()
    para.add_run("本年度共收到")
    para.add_run("政府信息公开").bold = True
    para.add_run("申请14件。")
    split = document.add_paragraph("第一行")
    split.add_run().add_break()
    split.add_run("第二行\t制表")
    document.add_paragraph()._p.append(parse_xml(TEXT_BOX))
    document.element.body.insert(len(document.element.body) - 1, parse_xml(COMPLEX_FIELD))
    bold = document.add_paragraph()
    bold.add_run("二、主动公开政府信息情况").bold = True

    table = document.add_table(rows=5, cols=4)
    table.cell(0, 0).merge(table.cell(0, 3)).text = "第二十条第（一）项"
    head = table.cell(1, 0).merge(table.cell(2, 0))  # vertical merge
    head.text = "信息内容"
    table.cell(1, 1).merge(table.cell(1, 3)).text = "件数"
    for c, label in enumerate(("本年制发", "本年废止", "现行有效"), start=1):
        cell = table.cell(2, c)
        cell.text = label[:2]
        cell.add_paragraph(label[2:])  # a label on two lines
    table.cell(3, 0).text = "规章"
    for c, value in enumerate(("2", "", "5"), start=1):
        table.cell(3, c).text = value
    table.cell(4, 0).text = "行政规范性文件"
    tall = table.cell(3, 3).merge(table.cell(4, 3))
    tall.text = "5"
    table.cell(4, 1).text = "1"

    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "版面"
    inner = outer.cell(0, 1).add_table(rows=2, cols=2)
    for r in range(2):
        for c in range(2):
            inner.cell(r, c).text = f"{r}{c}"
    path = tmp_path_factory.mktemp("docx") / "built.docx"
    document.save(str(path))
    return read(path)


def test_heading_style_bold_and_metadata(built: Layout) -> None:
    assert built.metadata["title"] == "某某局2023年政府信息公开工作年度报告"
    heads = [p.text for p in paragraphs(built) if p.heading]
    assert heads == ["一、总体情况", "二、主动公开政府信息情况"]


def test_runs_breaks_tabs_fields_and_text_boxes(built: Layout) -> None:
    texts = [p.text for p in paragraphs(built)]
    assert "本年度共收到政府信息公开申请14件。" in texts
    assert "第一行" in texts and "第二行 制表" in texts
    assert texts.count("文本框里的说明") == 1  # the VML fallback is not read twice
    assert "第 3 页（共9页）" in texts  # field results kept, field codes dropped
    assert not any("PAGE" in t for t in texts)


def test_vertical_and_horizontal_merges(built: Layout) -> None:
    table = tables(built)[0]
    assert table.location.index is not None
    grid = table.text_rows()
    assert grid == [
        ["第二十条第（一）项", "", "", ""],
        ["信息内容", "件数", "", ""],
        ["", "本年制发", "本年废止", "现行有效"],
        ["规章", "2", "", "5"],
        ["行政规范性文件", "1", "", ""],
    ]
    label = table.rows[1][0]
    assert (label.row_span, label.col_span) == (2, 1)
    tall = table.grid()[3][3]
    assert tall is not None and tall.row_span == 2
    assert (tall.location.row, tall.location.column) == (3, 3)
    assert table.rows[0][0].col_span == 4


def test_table_inside_table_is_read_as_its_own_table(built: Layout) -> None:
    inner = tables(built)[1]
    assert inner.text_rows() == [["00", "01"], ["10", "11"]]
    assert "版面" in [p.text for p in paragraphs(built)]


# -- hostile and broken files --------------------------------------------------------------

def test_zip_bomb_is_refused_without_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(zeros)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(TooLargeError) as caught:
        read(path)
    assert "bomb.docx" in str(caught.value) and "word/document.xml" in str(caught.value)


def test_total_budget_over_many_parts(tmp_path: Path) -> None:
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<x/>" + " " * 900)
        archive.writestr("word/styles.xml", " " * 900)
    with zipfile.ZipFile(path) as archive, use(Limits(inflated_bytes=1000)):
        budget = safety.ZipBudget(archive, path)
        budget.read("word/document.xml")
        with pytest.raises(TooLargeError):
            budget.read("word/styles.xml")


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "lol">{lol}]>'
           f'<w:document {nsdecls("w")}><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>')
    path = tmp_path / "lol.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml)
    # Refused by the parser's own amplification guard or, failing that, for its DOCTYPE.
    with pytest.raises(CorruptFileError, match=r"DOCTYPE|amplification"):
        read(path)
    # Even a caller that skipped the DOCTYPE check would get no expansion from the parser:
    # either libxml2 refuses the amplification or the entities stay unexpanded.
    try:
        tree = etree.fromstring(xml.encode(), parser=safety.xml_parser())
    except etree.XMLSyntaxError:
        return
    assert len("".join(tree.itertext())) < 100


def test_not_a_zip_and_legacy_doc(tmp_path: Path) -> None:
    text = tmp_path / "report.docx"
    text.write_text("这不是Word文件", encoding="utf-8")
    with pytest.raises(CorruptFileError, match="not a zip"):
        read(text)
    ole = tmp_path / "old.docx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(CorruptFileError, match="libreoffice"):
        read(ole)
    empty_zip = tmp_path / "empty.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    empty_zip.write_bytes(buffer.getvalue())
    with pytest.raises(CorruptFileError, match=r"word/document\.xml"):
        read(empty_zip)


def test_sniff_and_registration() -> None:
    reader = DocxReader()
    head = TEMPLATE.read_bytes()[:2048]
    assert reader.sniff(head, Path("x.bin")) >= 0.5
    assert reader.sniff(b"PK\x03\x04" + bytes(26) + b"mimetypeapplication/vnd.oasis.opendocument.text",
                        Path("x.odt")) == 0.0
    assert reader.sniff(b"<html>", Path("x.docx")) == 0.0
    registered: list[object] = []
    register_readers(register=registered.append)
    assert [type(r) for r in registered] == [DocxReader]
