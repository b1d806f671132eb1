"""Read errors told in either language: what the library says in Chinese or English, what comes
from the file or a dependency (a part's name, a value, an exception's text) quoted as it is.

``str()`` stays the English line the logs and the batch store have always held, and an error
crossing a process boundary keeps its catalogue message.
"""

from __future__ import annotations

import io
import json
import pickle
import re
import zipfile
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report.api import _guarded
from govinfo_report.cli import main
from govinfo_report.errors import ReadError, as_value
from govinfo_report.i18n import N_
from govinfo_report.limits import DEFAULT, BadLimitError, Limits, parse_override, use
from govinfo_report.readers.data import CsvReader, JsonReader
from govinfo_report.readers.docx import read_docx
from govinfo_report.readers.encoding import decode_bytes
from govinfo_report.readers.html import read_html_text
from govinfo_report.readers.ofd_content import load_document
from govinfo_report.readers.pdf_page import pdf_bytes
from govinfo_report.readers.pdf_streams import Budget
from govinfo_report.readers.safety import ZipBudget, open_zip, parse_xml

DAMAGED_ZH = "文件已损坏，或与其扩展名所示类型不符"
DAMAGED_EN = "the file is damaged or not of the type its name says"
TOO_LARGE_ZH = "文件大小或解压后的大小超出安全限制"
TOO_LARGE_EN = "the file is larger, or expands to more, than the safety limits allow"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def told(error: ReadError, en: str, zh: str) -> None:
    """``error`` reads ``en`` in English and in its ``str()``, ``zh`` in Chinese, on either
    side of a pickle."""
    assert str(error) == en
    assert error.text("en") == en
    assert error.text("zh") == zh
    rebuild, args = error.__reduce__()  # as it crosses a process, without its chain
    again = pickle.loads(pickle.dumps(rebuild(*args)))
    assert (type(again), str(again), again.text("zh")) == (type(error), en, zh)


def archive(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


# -- safety: XML parts and zip members ---------------------------------------------------------------
def test_malformed_xml_quotes_the_parsers_words() -> None:
    with pytest.raises(gr.errors.CorruptFileError) as caught:
        parse_xml(b"<w:document", "a.docx", "word/document.xml")
    error = caught.value
    parser_says = str(error.values["error"])
    assert "\n" not in parser_says and parser_says
    told(error, f"a.docx: {DAMAGED_EN} (word/document.xml: malformed XML: {parser_says})",
         f"a.docx: {DAMAGED_ZH}（word/document.xml: XML 格式错误：{parser_says}）")


def test_a_doctype_is_refused_in_either_language() -> None:
    with pytest.raises(gr.errors.CorruptFileError) as caught:
        parse_xml(b"<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>", "a.docx", "word/styles.xml")
    told(caught.value,
         f"a.docx: {DAMAGED_EN} (word/styles.xml: XML with a DOCTYPE/entity declarations is refused)",
         f"a.docx: {DAMAGED_ZH}（word/styles.xml: 拒绝读取含 DOCTYPE 或实体声明的 XML）")


def test_a_missing_part_and_a_file_that_is_no_zip(tmp_path: Path) -> None:
    path = archive(tmp_path / "a.docx", {"[Content_Types].xml": b"<Types/>"})
    with open_zip(path) as z, pytest.raises(gr.errors.CorruptFileError) as caught:
        ZipBudget(z, path).read("word/document.xml")
    told(caught.value, f"{path}: {DAMAGED_EN} (missing part word/document.xml)",
         f"{path}: {DAMAGED_ZH}（缺少部件 word/document.xml）")
    junk = tmp_path / "b.docx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(gr.errors.CorruptFileError) as caught:
        open_zip(junk)
    told(caught.value, f"{junk}: {DAMAGED_EN} (not a zip archive: File is not a zip file)",
         f"{junk}: {DAMAGED_ZH}（不是 zip 压缩包：File is not a zip file）")


def test_the_sizes_members_declare_and_inflate_are_told_with_their_numbers(tmp_path: Path) -> None:
    path = archive(tmp_path / "a.docx", {"a.xml": bytes(40), "b.xml": bytes(40)})
    with use(Limits(inflated_bytes=10)), open_zip(path) as z, pytest.raises(gr.errors.TooLargeError) as caught:
        ZipBudget(z, path)
    told(caught.value, f"{path}: {TOO_LARGE_EN} (members declare 80 bytes uncompressed in total)",
         f"{path}: {TOO_LARGE_ZH}（各成员声明的解压后大小共 80 字节）")
    with use(Limits(inflated_bytes=50)), open_zip(path) as z:
        budget = ZipBudget(z, path)
        assert budget.read("a.xml") == bytes(40)
        with pytest.raises(gr.errors.TooLargeError) as caught:
            budget.read("b.xml")
    told(caught.value, f"{path}: {TOO_LARGE_EN} (b.xml would exceed the limit inflated_bytes=50)",
         f"{path}: {TOO_LARGE_ZH}（b.xml 解压后将超出限制 inflated_bytes=50）")


def test_a_zip_bombs_ratio_is_told_with_its_numbers(tmp_path: Path) -> None:
    path = archive(tmp_path / "a.docx", {"word/document.xml": bytes(4 << 20)}, zipfile.ZIP_DEFLATED)
    info = zipfile.ZipFile(path).getinfo("word/document.xml")
    ratio = info.file_size // info.compress_size
    with open_zip(path) as z, pytest.raises(gr.errors.TooLargeError) as caught:
        ZipBudget(z, path)
    told(caught.value, f"{path}: {TOO_LARGE_EN} (word/document.xml compresses {ratio}:1 (limit 200:1))",
         f"{path}: {TOO_LARGE_ZH}（word/document.xml 的压缩比为 {ratio}:1（上限 200:1））")


# -- the readers -----------------------------------------------------------------------------------
def test_a_word_file_without_a_body(tmp_path: Path) -> None:
    path = archive(tmp_path / "a.docx", {"word/document.xml": f'<w:document xmlns:w="{W}"/>'.encode()})
    with pytest.raises(gr.errors.CorruptFileError) as caught:
        read_docx(path)
    told(caught.value, f"{path}: {DAMAGED_EN} (word/document.xml has no w:body)",
         f"{path}: {DAMAGED_ZH}（word/document.xml 中没有 w:body）")


def test_a_report_file_that_is_not_json_or_holds_no_number(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("[1,", encoding="utf-8")
    with pytest.raises(gr.errors.CorruptFileError) as caught:
        JsonReader().read_report(path)
    parser_says = str(caught.value.values["error"])
    assert parser_says.startswith("Expecting value")
    told(caught.value, f"{path}: {DAMAGED_EN} (not JSON: {parser_says})",
         f"{path}: {DAMAGED_ZH}（不是 JSON：{parser_says}）")
    csv = tmp_path / "a.csv"
    csv.write_text("source,agency,year,template,key,value\na.pdf,某局,2023,2021,t3.total.total,许多\n",
                   encoding="utf-8")
    with pytest.raises(gr.errors.CorruptFileError) as caught:
        CsvReader().read_report(csv)
    told(caught.value, f"{csv}: {DAMAGED_EN} (t3.total.total: '许多' is not a number)",
         f"{csv}: {DAMAGED_ZH}（t3.total.total：'许多' 不是数字）")


@pytest.mark.parametrize(("data", "en", "zh"), [
    ({"schema_version": 99}, "unsupported schema_version 99 (this library reads 1)",
     "不支持的 schema_version 99（本库读取的版本为 1）"),
    ({"cells": {}}, 'the flat form needs a "meta" object (agency, year, template)',
     "扁平格式需要一个“meta”对象（agency、year、template）"),
])
def test_the_librarys_own_words_on_a_reports_json_are_told_in_either_language(
        data: dict[str, object], en: str, zh: str, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(gr.errors.CorruptFileError) as caught:
        JsonReader().read_report(path)
    told(caught.value, f"{path}: {DAMAGED_EN} (not a report's JSON: {en})",
         f"{path}: {DAMAGED_ZH}（不是报告的 JSON：{zh}）")
    with pytest.raises(ValueError, match="^" + re.escape(en) + "$"):  # the API's ValueError as it was
        (gr.report_from_flat if "cells" in data else gr.report_from_dict)(data)


def test_a_data_reader_gives_no_layout(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    with pytest.raises(gr.errors.UnsupportedFormatError) as caught:
        JsonReader().read(path)
    told(caught.value,
         f"{path}: no reader claims this file type (the json reader gives the report itself, not a layout)",
         f"{path}: 没有读取器支持这种文件类型（json 读取器直接给出报告数据，不给出版面）")


def test_a_workbook_that_is_not_the_fill_in_one(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="the workbook reader needs openpyxl")
    from govinfo_report.formats.workbook import META_SHEET
    from govinfo_report.readers.xlsx import XlsxReader

    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    path = tmp_path / "a.xlsx"
    book.save(path)
    with pytest.raises(gr.errors.CorruptFileError) as caught:
        XlsxReader().read_report(path)
    told(caught.value, f"{path}: {DAMAGED_EN} (not the fill-in workbook: no sheet {META_SHEET!r})",
         f"{path}: {DAMAGED_ZH}（不是填报工作簿：没有工作表 {META_SHEET!r}）")


def test_an_ofd_without_its_root(tmp_path: Path) -> None:
    path = archive(tmp_path / "a.ofd", {"Doc_0/Document.xml": b"<Document/>"})
    with pytest.raises(gr.errors.CorruptFileError) as caught:
        load_document(path)
    told(caught.value, f"{path}: {DAMAGED_EN} (no OFD.xml at the root of the archive; not an OFD)",
         f"{path}: {DAMAGED_ZH}（压缩包根目录下没有 OFD.xml，不是 OFD 文件）")


def test_text_in_no_encoding_tried() -> None:
    with pytest.raises(gr.errors.DecodeError) as caught:
        decode_bytes(b"\x80", "a.txt")
    told(caught.value, "a.txt: the text encoding could not be determined (not valid as any of utf-8, gb18030)",
         "a.txt: 无法确定文字编码（按 utf-8, gb18030 均无法正确解码）")
    with pytest.raises(gr.errors.DecodeError) as caught:
        decode_bytes(b"\xef\xbb\xbfa\xff", "b.txt")
    told(caught.value,
         "b.txt: the text encoding could not be determined "
         "(byte-order mark says utf-8 but invalid start byte at 1)",
         "b.txt: 无法确定文字编码（字节顺序标记表明是 utf-8，但在字节偏移 1 处出错：invalid start byte）")


def test_unparseable_html() -> None:
    with pytest.raises(gr.errors.CorruptFileError) as caught:
        read_html_text("<!-- nothing but a comment -->", "a.html")
    told(caught.value, f"a.html: {DAMAGED_EN} (unparseable HTML: Document is empty)",
         f"a.html: {DAMAGED_ZH}（无法解析的 HTML：Document is empty）")


def test_a_dependency_tripping_inside_a_reader_is_quoted_after_the_readers_name() -> None:
    def trip() -> None:
        raise ValueError("bad\nbytes")

    with pytest.raises(gr.errors.CorruptFileError) as caught:
        _guarded(Path("a.json"), JsonReader(), trip)
    told(caught.value, f"a.json: {DAMAGED_EN} (json reader: ValueError: bad bytes)",
         f"a.json: {DAMAGED_ZH}（json 读取器：ValueError: bad bytes）")


# -- limits on the command line --------------------------------------------------------------------
@pytest.mark.parametrize(("override", "en", "zh"), [
    ("nosuch=1", "unknown limit 'nosuch=1'; limits are file_bytes,", "未知的限制 'nosuch=1'；可用的限制有 file_bytes,"),
    ("pages=many", "limit pages needs a number, not 'many'", "限制 pages 需要一个数字，而不是 'many'"),
    ("seconds=inf", "limit seconds needs a number, not 'inf'", "限制 seconds 需要一个数字，而不是 'inf'"),
    ("pages=0", "limit pages must be positive", "限制 pages 必须大于 0"),
])
def test_a_bad_limit_is_a_usage_error_in_either_language(override: str, en: str, zh: str,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(BadLimitError) as caught:
        parse_override(DEFAULT, override)
    assert str(caught.value).startswith(en) and caught.value.text("en").startswith(en)
    assert caught.value.text("zh").startswith(zh)
    assert pickle.loads(pickle.dumps(caught.value)).text("zh") == caught.value.text("zh")
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert main(["parse", "--limit", override, "a.txt"]) == 2
    assert capsys.readouterr().err.startswith(f"govinfo-report：错误：{zh}")
    assert main(["--lang", "en", "parse", "--limit", override, "a.txt"]) == 2
    assert capsys.readouterr().err.startswith(f"govinfo-report: error: {en}")


def test_a_nested_message_is_told_in_the_language_around_it() -> None:
    inner = as_value(N_("{part} has no w:body"), part="word/document.xml")
    error = gr.errors.CorruptFileError("a.doc", N_("after conversion: {detail}"), {"detail": inner})
    told(error, f"a.doc: {DAMAGED_EN} (after conversion: word/document.xml has no w:body)",
         f"a.doc: {DAMAGED_ZH}（转换后：word/document.xml 中没有 w:body）")


def test_standard_input_is_named_in_a_dependencys_words_too(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Standard input is read from a temporary copy; a dependency quoting that copy's path in
    a catalogue message's value names ``-`` instead, in either language."""
    import govinfo_report.isolation
    import govinfo_report.neighbours

    def unreadable(path: Path, **_: object) -> None:
        raise gr.errors.CorruptFileError(path, N_("not a readable image: {error}"),
                                         {"error": f"cannot identify image file {str(path)!r}"})

    monkeypatch.setattr(govinfo_report.neighbours, "read_with_neighbours", unreadable)
    monkeypatch.setattr(govinfo_report.isolation, "run_isolated", lambda task, path, limits: task())
    for lang, line in (("en", f"-: {DAMAGED_EN} (not a readable image: cannot identify image file '-')"),
                       ("zh", f"-: {DAMAGED_ZH}（不是可读取的图像：cannot identify image file '-'）")):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"\x89PNG\r\n\x1a\n")))
        assert main(["--lang", lang, "check", "-"]) == 3
        assert capsys.readouterr().err.strip() == f"govinfo-report: {line}"


# -- PDF: both back-ends -----------------------------------------------------------------------------
@pytest.mark.parametrize("backend", ["pdfminer", "pdfium"])
def test_a_pdf_cut_short_is_told_so_with_the_parsers_words(tmp_path: Path, backend: str) -> None:
    if backend == "pdfium":
        pytest.importorskip("pypdfium2", reason="the pdfium back-end needs pypdfium2 (the fast extra)")
    whole = (Path(__file__).parent / "fixtures" / "pdf" / "libreoffice-grid.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(gr.errors.CorruptFileError) as caught:
        gr.read(path, pdf_backend=backend)
    error = caught.value
    cause = re.sub(r".*bytes\); ", "", error.detail)
    assert cause and "%%" not in str(error)
    told(error, f"{path}: {DAMAGED_EN} (truncated: no %EOF marker at the end ({len(whole) // 3} bytes); {cause})",
         f"{path}: {DAMAGED_ZH}（文件不完整：末尾没有 %EOF 标记（{len(whole) // 3} 字节）；{cause}）")


def test_a_file_without_a_pdf_header(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(b"hello " * 300)
    with pytest.raises(gr.errors.CorruptFileError) as caught:
        pdf_bytes(path)
    told(caught.value, f"{path}: {DAMAGED_EN} (no %PDF- header in the first 1024 bytes; not a PDF)",
         f"{path}: {DAMAGED_ZH}（前 1024 个字节中没有 %PDF- 文件头；不是 PDF）")


def test_a_pdf_stream_past_the_limits(tmp_path: Path) -> None:
    with use(Limits(stream_bytes=100, inflated_bytes=1000)):
        budget = Budget(tmp_path / "a.pdf")
    with pytest.raises(gr.errors.TooLargeError) as caught:
        budget.spend(101, 101)
    told(caught.value, f"{tmp_path / 'a.pdf'}: {TOO_LARGE_EN} (a PDF stream inflates beyond the limits "
                       "stream_bytes=100, inflated_bytes=1000)",
         f"{tmp_path / 'a.pdf'}: {TOO_LARGE_ZH}（有 PDF 数据流解压后超出限制 stream_bytes=100、inflated_bytes=1000）")
