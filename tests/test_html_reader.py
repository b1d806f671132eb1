"""HTML reader: CMS chrome, Word-pasted tables, encodings, hostile markup."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html as lxml_html

import govinfo_report as gr
from govinfo_report.api import read_layout
from govinfo_report.errors import DecodeError, EmptyDocumentError
from govinfo_report.layout import Layout, Paragraph, Table
from govinfo_report.plugins.manager import default_registry
from govinfo_report.readers.encoding import decode_bytes, join_lines
from govinfo_report.readers.html import HtmlReader, register_readers
from govinfo_report.readers.markup import FRAGMENT, MARKED_UP, PAGE, STRUCTURED, html_likelihood

FIXTURES = Path(__file__).parent / "fixtures"
CMS_PAGE = FIXTURES / "html" / "cms-report.html"
TEMPLATE = FIXTURES / "corpus" / "raw" / "govnianbao" / "template-2021-blank.docx"


def read(path: Path) -> Layout:
    return HtmlReader().read(path)


def paragraphs(layout: Layout) -> list[Paragraph]:
    return list(layout.paragraphs())


def tables(layout: Layout) -> list[Table]:
    return list(layout.tables())


@pytest.fixture(scope="module")
def cms() -> Layout:
    return read(CMS_PAGE)


def test_chrome_is_dropped_but_the_report_title_is_kept(cms: Layout) -> None:
    text = "\n".join(p.text for p in paragraphs(cms))
    for chrome in ("首页", "办事服务", "当前位置", "分享到", "微博", "打印本页", "关闭窗口", "相关链接",
                   "2022年政府信息公开工作年度报告", "版权所有", "备案号", "统计代码", "长者模式"):
        assert chrome not in text, chrome
    title = paragraphs(cms)[0]
    assert title.text == "石桥县交通运输局2023年政府信息公开工作年度报告"
    assert title.heading


def test_headings_from_bold_paragraphs_in_order(cms: Layout) -> None:
    headings = [p.text for p in paragraphs(cms) if p.heading]
    assert headings == [
        "石桥县交通运输局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]


def test_prose_joins_wrapped_source_lines_and_splits_at_br(cms: Layout) -> None:
    texts = [p.text for p in paragraphs(cms)]
    start = "2023年，我局认真贯彻落实《条例》，坚持以公开为常态"
    assert any(t.startswith(start) and "收到政府信息公开申请14件" in t for t in texts)
    assert "本年度未收取信息处理费。" in texts
    assert "我局无其他需要报告的事项。" in texts


def test_metadata_from_title_and_cms_meta(cms: Layout) -> None:
    assert cms.metadata["article_title"] == "石桥县交通运输局2023年政府信息公开工作年度报告"
    assert cms.metadata["published"] == "2024-01-26 09:30"
    assert cms.metadata["title"].startswith("石桥县交通运输局2023年")
    assert cms.reader == "html"


def test_blocks_in_reading_order(cms: Layout) -> None:
    kinds = ["T" if isinstance(b, Table) else ("H" if b.heading else "P") for b in cms.blocks]
    assert "".join(kinds) == "HPPHPHTHTTHTHPHPP"


def test_layout_wrapper_is_not_a_table_but_its_data_table_is(cms: Layout) -> None:
    t2 = tables(cms)[0]
    grid = t2.text_rows()
    assert (len(grid), len(grid[0])) == (14, 4)
    assert grid[0][0] == "第二十条第（一）项"
    assert t2.rows[0][0].col_span == 4
    assert grid[3] == ["行政规范性文件", "3", "1", "17"]
    assert grid[6][:2] == ["行政许可", "126"]
    assert grid[10][:2] == ["行政强制", ""]  # &nbsp; is blank, not 0
    assert grid[13][:2] == ["行政事业性收费", "12.5"]
    tree = lxml_html.parse(str(CMS_PAGE))
    (node,) = tree.xpath(t2.location.xpath)
    assert node.tag == "table" and node.get("class") == "MsoNormalTable"


def test_split_table_is_two_tables_with_spans_kept(cms: Layout) -> None:
    first, second = tables(cms)[1:3]
    head = first.text_rows()
    assert (len(head), len(head[0])) == (15, 10)
    corner = first.rows[0][0]
    assert (corner.row_span, corner.col_span) == (3, 3)
    assert corner.text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert head[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]  # <br> joined
    assert head[3] == ["一、本年新收政府信息公开申请数量", "", "", "12", "2", "0", "0", "0", "0", "14"]
    assert head[5][:2] == ["三、本年度办理结果", "（一）予以公开"]  # 本年度<br>办理结果 joined
    results = first.rows[5][0]
    assert results.row_span == 10
    withheld = first.rows[7][0]
    assert (withheld.text, withheld.row_span) == ("（三）不予公开", 8)
    assert head[10] == ["", "", "4.保护第三方合法权益", "1", "0", "", "0", "0", "0", "1"]
    tail = second.text_rows()
    assert (len(tail), len(tail[0])) == (13, 10)
    assert tail[-2] == ["", "（七）总计", "", "12", "2", "0", "0", "0", "0", "14"]
    assert tail[-1] == ["四、结转下年度继续办理", "", "", "1", "0", "0", "0", "0", "0", "1"]
    cell = second.rows[0][3]
    assert (cell.location.row, cell.location.column) == (0, 3)
    assert cell.location.xpath is not None and cell.location.xpath.endswith("/tr[1]/td[4]")


def test_table_four_headers_and_values(cms: Layout) -> None:
    t4 = tables(cms)[3].text_rows()
    assert (len(t4), len(t4[0])) == (4, 15)
    assert t4[0][0] == "行政复议" and t4[0][5] == "行政诉讼"
    assert t4[1][:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert t4[1][5] == "未经复议直接起诉" and t4[1][10] == "复议后起诉"
    assert t4[3] == ["1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "1", "1"]


def _as_gbk(tmp_path: Path, declare: str | None) -> Path:
    text = CMS_PAGE.read_text(encoding="utf-8")
    text = re.sub(r'<meta http-equiv="Content-Type"[^>]*>', "", text)
    if declare:
        text = text.replace("<head>", f'<head>\n<meta charset="{declare}">')
    path = tmp_path / "report.htm"
    path.write_bytes(text.encode("gb18030"))
    return path


@pytest.mark.parametrize("declare", [None, "gb2312", "GBK", "utf-8", "iso-8859-1"])
def test_gbk_page_reads_like_the_utf8_one(tmp_path: Path, cms: Layout, declare: str | None) -> None:
    layout = read(_as_gbk(tmp_path, declare))
    assert [p.text for p in paragraphs(layout)] == [p.text for p in paragraphs(cms)]
    assert [t.text_rows() for t in tables(layout)] == [t.text_rows() for t in tables(cms)]


def test_decode_bytes_order_and_failure(tmp_path: Path) -> None:
    assert decode_bytes("政府信息公开".encode("gb18030"), "x") == "政府信息公开"
    assert decode_bytes(b"\xef\xbb\xbf" + "年报".encode(), "x") == "年报"
    assert decode_bytes("年报".encode("utf-16-le").join([b"\xff\xfe", b""]), "x") == "年报"
    with pytest.raises(DecodeError, match=r"bad\.htm"):
        decode_bytes(b"<p>\x81\x20\xff\xff</p>", tmp_path / "bad.htm")


def test_join_lines_keeps_cjk_tight_and_latin_apart() -> None:
    assert join_lines(["结果", "纠正"]) == "结果纠正"
    assert join_lines(["本年收费金额", "(单位：万元)"]) == "本年收费金额(单位：万元)"
    assert join_lines(["Total", "count"]) == "Total count"


def test_entity_expansion_is_not_performed(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    page = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol0 "lol">{lol}]>'
            '<html><body><p>一、总体情况</p><p>&lol9;</p></body></html>')
    path = tmp_path / "lol.html"
    path.write_text(page, encoding="utf-8")
    layout = read(path)
    text = layout.plain_text()
    assert "一、总体情况" in text
    assert len(text) < 1000  # 10**9 "lol"s were not produced


def test_hostile_spans_are_clamped(tmp_path: Path) -> None:
    path = tmp_path / "spans.html"
    path.write_text('<table><tr><td rowspan="99999" colspan="99999">a</td><td>b</td></tr>'
                    '<tr><td rowspan="0">c</td><td colspan="x">d</td></tr></table>', encoding="utf-8")
    (table,) = tables(read(path))
    first = table.rows[0][0]
    assert first.row_span == 2 and first.col_span == 1000
    assert table.rows[1][0].row_span == 1 and table.rows[1][1].col_span == 1


def test_empty_and_script_only_pages(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"   \n")
    with pytest.raises(EmptyDocumentError):
        read(empty)
    scripts = tmp_path / "scripts.html"
    scripts.write_text("<html><head><script>var a=1</script></head><body><script>x()</script></body></html>")
    with pytest.raises(EmptyDocumentError):
        read(scripts)


def test_sniff_and_registration() -> None:
    reader = HtmlReader()
    assert reader.sniff(b"\xef\xbb\xbf<!DOCTYPE html><html>", Path("a.doc")) >= 0.9
    assert reader.sniff(b"<meta charset=gbk><table>", Path("a")) > 0.5
    assert reader.sniff(b"%PDF-1.7", Path("a.html")) == 0.0
    registered: list[object] = []
    register_readers(register=registered.append)
    assert [type(r) for r in registered] == [HtmlReader]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_html_export_of_the_template(tmp_path: Path) -> None:
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "html",
                    "--outdir", str(tmp_path), str(TEMPLATE)], check=True, capture_output=True, timeout=180)
    layout = read(tmp_path / "template-2021-blank.html")
    shapes = [(len(g), len(g[0])) for g in (t.text_rows() for t in tables(layout))]
    assert shapes == [(14, 4), (28, 10), (4, 15)]
    t3 = tables(layout)[1].text_rows()
    assert t3[7][1:3] == ["（三）不予公开", "1.属于国家秘密"]
    assert "一、总体情况" in [p.text for p in paragraphs(layout)]


# -- article bodies saved on their own ---------------------------------------------------------
def _article_body() -> str:
    """The CMS page's article body as a CMS saves it: no <html>, <body>, <title> or charset,
    and enough prose before the first table that no page or table element is near the top."""
    page = CMS_PAGE.read_text("utf-8")
    body = page[page.index(">", page.index('<div class="TRS_Editor">')) + 1:page.index('<div class="print">')]
    body = body[:body.rindex("</div>")]
    prose = "<p>" + "我局认真贯彻落实《条例》，持续推进政务公开工作。" * 120 + "</p>\n"
    at = body.index("<p class=MsoNormal><b><span style='font-family:黑体'>二、")
    return body[:at] + prose + body[at:]


def _cells(path: Path) -> dict[str, object]:
    report = gr.read(path)
    return {key: cell.value for table in report.tables.values() for key, cell in table.cells.items()}


@pytest.mark.parametrize(
    ("wrap", "encoding", "name"),
    [
        (lambda body: body, "utf-8", "article.html"),
        (lambda body: f"<div class=\"TRS_Editor\">{body}</div>", "utf-8", "article.html"),
        (lambda body: body[body.index("<table"):], "utf-8", "article.html"),
        (lambda body: body, "gb18030", "article.htm"),
        (lambda body: f"<!-- 正文 -->\n<p>{body}", "gb18030", "article"),
    ],
    ids=["p-utf8", "div-utf8", "table-utf8", "p-gbk-htm", "comment-gbk-no-suffix"],
)
def test_article_body_fragment_reads_like_the_whole_page(tmp_path: Path, wrap: Callable[[str], str],
                                                          encoding: str, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(wrap(_article_body()).encode(encoding))
    layout = read_layout(path)
    assert layout.reader == "html"
    page = read(CMS_PAGE)
    assert [t.text_rows() for t in tables(layout)] == [t.text_rows() for t in tables(page)]
    expected = _cells(CMS_PAGE)
    assert _cells(path) == expected
    assert expected["t2.licensing.decisions"] == 126


@pytest.mark.parametrize(
    ("head", "name", "reader"),
    [
        ("<p>一、总体情况</p>", "a.html", "html"),
        ("<P class=MsoNormal>一、总体情况</P>", "a.txt", "html"),
        ("<div>正文</div>", "a", "html"),
        ("<p>一、总体情况</p>", "a.doc", "html"),
        ("<table><tr><td>规章</td></tr></table>", "a.htm", "html"),
        ("一、总体情况</p><p>正文</p><p>二、主动公开</p>", "a", "html"),
        ("| 结果<br>维持 | 0 |\n|---|---|", "a.md", "text"),
        ('<p align="center">某县2023年年度报告</p>\n\n| 规章 | 0 |\n| --- | --- |', "a.md", "text"),
        ('<div align="center">某县2023年年度报告</div>\n\n|规章|0|\n|:---|---:|', "a", "text"),
        ("一、总体情况\n正文。\n", "a", "text"),
        ("<申请人情况>\n正文。\n", "a.txt", "text"),
    ],
)
def test_reader_chosen_by_sniffing_fragments(head: str, name: str, reader: str) -> None:
    for encoding in ("utf-8", "gb18030"):
        chosen = default_registry().reader_for(Path(name), head.encode(encoding))
        assert chosen is not None and chosen.name == reader, (encoding, head)


def test_html_likelihood_levels() -> None:
    assert html_likelihood(b"\xef\xbb\xbf<!DOCTYPE html><html>") == PAGE
    assert html_likelihood(b'<?xml version="1.0"?>\n<html xmlns="x">') == PAGE
    assert html_likelihood(b"  <!-- a -->\n<p>x</p>") == FRAGMENT
    assert html_likelihood("正文<table>".encode()) == STRUCTURED
    assert html_likelihood("正文</p>正文</span>正文</p>".encode()) == MARKED_UP
    assert html_likelihood("结果<br>维持 <o:p></o:p> <申请人>".encode()) == 0.0
def test_article_fragment_with_long_word_prose_is_read_as_html(tmp_path: Path) -> None:
    # What a CMS stores for a pasted Word document: no <html>, <head>, <body> or charset, and
    # kilobytes of paragraph markup before the first table.
    prose = ("<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:仿宋'>"
             + "本机关坚持以公开为常态、不公开为例外，持续深化政务公开工作。" * 6
             + "</span><span lang=EN-US><o:p></o:p></span></p>\n") * 8
    table = ("<table class=MsoTableGrid border=1><tr><td><p class=MsoNormal><span>行政许可</span></p></td>"
             "<td><p class=MsoNormal><span lang=EN-US>55<span>0</span><o:p></o:p></span></p></td></tr></table>")
    path = tmp_path / "article.html"
    path.write_text(prose + table, encoding="utf-8")
    layout = read_layout(path)
    assert layout.reader == "html"
    assert [t.text_rows() for t in tables(layout)] == [[["行政许可", "550"]]]
    assert paragraphs(layout)[0].text.startswith("本机关坚持以公开为常态")
