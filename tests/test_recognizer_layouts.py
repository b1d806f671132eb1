"""The text layouts real reports come in, each as a small inline text, read to exact cells."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

import govinfo_report as gr
from govinfo_report.errors import TooLargeError
from govinfo_report.formats import FORMAT_2019, FORMAT_2021, FormatSpec
from govinfo_report.limits import Limits, use
from govinfo_report.model import Cause, Report
from govinfo_report.readers.text import TextReader, parse_text
from govinfo_report.recognize import detect_template, recognize
from govinfo_report.recognize.tokens import stream

TITLE = "某县财政局2023年政府信息公开工作年度报告"
T3_HEADER = "申请人情况\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计"
T4_KEYS = [f"t4.{g.key}.{c.key}" for g in FORMAT_2021.t4.rows for c in FORMAT_2021.t4.columns]


def read_text(text: str) -> Report:
    return recognize(parse_text(text))


def t3_value(i: int, j: int) -> int:
    """Row i, column j of 表三: distinct everywhere, so a shifted cell shows."""
    return i * 7 + j


def t3_expected(spec: FormatSpec = FORMAT_2021) -> dict[str, int]:
    return {f"t3.{row.key}.{col.key}": t3_value(i, j)
            for i, row in enumerate(spec.t3.rows) for j, col in enumerate(spec.t3.columns)}


def t3_values(report: Report, spec: FormatSpec = FORMAT_2021) -> dict[str, object]:
    return {key: report.value(key) for key in t3_expected(spec)}


def tab_t3(label: Callable[[int, str], list[str] | None] = lambda i, key: None,
           spec: FormatSpec = FORMAT_2021) -> list[str]:
    """表三 as tab-separated rows; ``label(i, key)`` may replace a row's lines."""
    lines = ["三、收到和处理政府信息公开申请情况", T3_HEADER]
    for i, row in enumerate(spec.t3.rows):
        values = "\t".join(str(t3_value(i, j)) for j in range(len(spec.t3.columns)))
        custom = label(i, row.key)
        if custom is not None:
            lines.extend(custom[:-1])
            lines.append(f"{custom[-1]}\t{values}")
        else:
            lines.append(f"{row.group or ''}\t{row.label}\t{values}")
    return lines


def with_title(*parts: list[str], title: str = TITLE) -> str:
    return "\n".join([title, "", *[line for part in parts for line in part]])


T4_CLEAN = [
    "四、政府信息公开行政复议、行政诉讼情况",
    "行政复议\t\t\t\t\t行政诉讼",
    "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3),
    "\t".join(str(200 + i) for i in range(15)),
    "五、存在的主要问题及改进情况",
    "问题若干。",
]


# -- one cell per line -------------------------------------------------------------------------
def test_one_cell_per_line_with_blank_lines_between_rows() -> None:
    lines = ["三、收到和处理政府信息公开申请情况", "", "申请人情况", "", "自然人", "商业企业", "科研机构",
             "社会公益组织", "法律服务机构", "其他", "总计", ""]
    previous_group = None
    for i, row in enumerate(FORMAT_2021.t3.rows):
        if row.group and row.group != previous_group:
            lines.append(row.group)
        previous_group = row.group
        lines.append(row.label)
        lines.extend(str(t3_value(i, j)) for j in range(7))
        lines.append("")
    report = read_text(with_title(lines))
    assert t3_values(report) == t3_expected()
    assert report.reading_findings == []
    assert report.cell("t3.granted.total").location.line is not None


@pytest.mark.parametrize("blank", ["\u3000", "\u00a0", "\t "], ids=["ideographic", "nbsp", "tab-space"])
def test_one_cell_per_line_blank_cells(blank: str) -> None:
    lines = ["三、收到和处理政府信息公开申请情况", ""]
    for i, row in enumerate(FORMAT_2021.t3.rows):
        lines.append(row.label)
        lines.extend([blank] * 6 + [str(i)])
        lines.append("")
    report = read_text(with_title(lines))
    for i, row in enumerate(FORMAT_2021.t3.rows):
        for col in FORMAT_2021.t3.columns[:-1]:
            cell = report.cell(f"t3.{row.key}.{col.key}")
            assert cell.value is None and cell.is_blank, cell
        assert report.value(f"t3.{row.key}.total") == i
    assert report.reading_findings == []


def test_one_cell_per_line_blank_cells_as_ascii_spaces() -> None:
    lines = ["三、收到和处理政府信息公开申请情况", ""]
    for i, row in enumerate(FORMAT_2021.t3.rows):
        lines.append(row.label)
        lines.extend([" "] * 6 + [str(i)])
        lines.append("")
    report = read_text(with_title(lines))
    assert report.value("t3.new_received.natural_person") is None
    assert report.value("t3.new_received.total") == 0
    assert report.value("t3.carried_forward.total") == len(FORMAT_2021.t3.rows) - 1


# -- tab-separated rows ------------------------------------------------------------------------
def test_tab_separated_rows() -> None:
    report = read_text(with_title(tab_t3(), T4_CLEAN))
    assert t3_values(report) == t3_expected()
    assert [report.value(k) for k in T4_KEYS] == list(range(200, 215))
    assert report.reading_findings == []
    cell = report.cell("t3.new_received.commercial")
    assert cell.raw == "1"
    assert (cell.location.line, cell.location.column) == (5, 3)


def test_tab_rows_with_empty_trailing_fields_and_only_total_filled() -> None:
    header = ["三、收到和处理政府信息公开申请情况",
              "申请人情况\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
              "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t"]
    lines = list(header)
    for i, row in enumerate(FORMAT_2021.t3.rows):
        if i % 3 == 0:  # the six applicant columns empty, only 总计 printed
            lines.append(f"{row.group or ''}\t{row.label}\t\t\t\t\t\t\t{i}\t\t")
        else:
            lines.append(f"{row.group or ''}\t{row.label}\t" + "\t".join([str(i)] * 7) + "\t\t")
    report = read_text(with_title(lines))
    for i, row in enumerate(FORMAT_2021.t3.rows):
        values = [report.value(f"t3.{row.key}.{c.key}") for c in FORMAT_2021.t3.columns]
        if i % 3 == 0:
            assert values == [None] * 6 + [i], row.key  # blank, never 0
        else:
            assert values == [i] * 7, row.key
    assert report.reading_findings == []


def test_tab_rows_blank_cells_written_as_spaces() -> None:
    marks = [" ", "\u3000", "\u00a0", "—", "/", "无"]

    lines = ["三、收到和处理政府信息公开申请情况", T3_HEADER]
    for i, r in enumerate(FORMAT_2021.t3.rows):
        lines.append(f"{r.group or ''}\t{r.label}\t" + "\t".join(marks) + f"\t{i}")
    report = read_text(with_title(lines))
    cells = [report.cell(f"t3.new_received.{c.key}") for c in FORMAT_2021.t3.columns[:-1]]
    assert [c.value for c in cells] == [None] * 6
    assert [c.raw for c in cells] == marks
    assert all(c.is_blank for c in cells)
    assert report.value("t3.carried_forward.total") == 24
    blank = [f for f in gr.check(report, select=["blank-cell"]) if "t3.new_received.natural_person" in f.cells]
    assert len(blank) == 1 and len(blank[0].cells) == 6 * 25


# -- labels split or spaced ----------------------------------------------------------------------
def test_labels_spaced_out_and_split_across_lines() -> None:
    def label(i: int, key: str) -> list[str] | None:
        return {
            "new_received": ["\t一、本 年 新 收 政 府 信 息 公 开 申 请 数 量"],
            "granted": ["三、 本 年 度 办 理 结 果\t(一) 予 以 公 开"],
            "partially_granted": ["\t(二)部分公开(区分处理的,只计这一情形,不计其他情形)"],
            "not_processed.publication": ["(五) 不予", "", "处理\t3. 要求提供公开出版物"],
        }.get(key)

    lines = tab_t3(label)
    lines[1] = "申请人情况\t\t自 然 人\t商 业 企 业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总 计"
    report = read_text(with_title(lines))
    assert t3_values(report) == t3_expected()
    assert report.reading_findings == []


def test_row_label_wrapped_over_two_lines() -> None:
    def label(i: int, key: str) -> list[str] | None:
        return ["\t一、本年新收政府信息公开", "申请数量"] if key == "new_received" else None

    report = read_text(with_title(tab_t3(label)))
    assert [report.value(f"t3.new_received.{c.key}") for c in FORMAT_2021.t3.columns] == list(range(7))


# -- page breaks -------------------------------------------------------------------------------
@pytest.mark.parametrize("footer", [["- 3 -"], ["", "- 3 -", ""], ["— 3 —"], ["", "第 3 页 共 5 页", ""],
                                    ["", "- 3 -", "", TITLE, ""]],
                         ids=["dash", "dash-gaps", "emdash", "page-of", "running-title"])
def test_page_break_inside_table_three(footer: list[str]) -> None:
    def label(i: int, key: str) -> list[str] | None:
        if key == "unavailable.not_held":
            return [*footer, f"（四）无法提供\t{FORMAT_2021.t3.rows[i].label}"]
        return None

    report = read_text(with_title(tab_t3(label)))
    assert t3_values(report) == t3_expected()
    assert report.reading_findings == []


def test_page_break_in_a_one_cell_per_line_table() -> None:
    lines = ["三、收到和处理政府信息公开申请情况", ""]
    for i, row in enumerate(FORMAT_2021.t3.rows):
        lines.append(row.label)
        lines.extend(str(t3_value(i, j)) for j in range(7))
        lines.append("")
        if row.key == "withheld.inquiry":
            lines.extend(["- 3 -", ""])
    report = read_text(with_title(lines))
    assert t3_values(report) == t3_expected()


# -- a garbled 表四 ----------------------------------------------------------------------------
GARBLED_T4 = [
    "四、政府信息公开行政复议、行政诉讼情况",
    "行政复议\t\t\t\t\t行政诉讼",
    "结果\t结果\t其他\t尚未\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉",
    "维持\t纠正\t结果\t审结\t\t结果\t结果\t其他\t尚未\t总计",
    "1\t0\t0\t1\t2\t结果\t0\t维持\t0\t0\t0\t0\t0\t0",
    "五、存在的主要问题及改进情况",
    "问题若干。",
]


def test_garbled_table_four_is_read_as_far_as_possible_and_flagged() -> None:
    report = read_text(with_title(tab_t3(), GARBLED_T4))
    assert t3_values(report) == t3_expected()  # 表三 unaffected
    unsure = [f for f in report.reading_findings if f.code == "uncertain-reading"]
    assert len(unsure) == 1
    assert unsure[0].cells == tuple(T4_KEYS)
    assert unsure[0].cause is Cause.READING
    cells = [report.cell(k) for k in T4_KEYS]
    printed = {"0", "1", "2"}
    read = [c for c in cells if c.value is not None]
    assert len(read) >= 10  # as far as possible
    for cell in read:  # nothing invented: every value is a number printed in the row
        assert cell.raw in printed and str(cell.value) == cell.raw
    for cell in cells:
        if cell.raw in ("结果", "维持"):
            assert cell.value is None  # a text fragment never becomes a number
    # a sum that fails on these cells is blamed on the reading, not on the report
    t4 = gr.check(report, select=["t4-group-total"])
    assert t4 and all(f.cause is Cause.READING for f in t4)


def test_clean_table_four_after_table_three() -> None:
    report = read_text(with_title(tab_t3(), T4_CLEAN))
    assert [report.value(k) for k in T4_KEYS] == list(range(200, 215))


def test_table_four_is_read_when_table_three_is_absent() -> None:
    report = read_text(with_title(T4_CLEAN))
    assert [report.value(k) for k in T4_KEYS] == list(range(200, 215))


# -- encodings ---------------------------------------------------------------------------------
def _file_text() -> str:
    return with_title(tab_t3(), T4_CLEAN)


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf8.txt", lambda t: t.encode("utf-8")),
        ("utf8-bom.txt", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
        ("gb18030.txt", lambda t: t.encode("gb18030")),
        ("gbk.txt", lambda t: t.replace("“", '"').replace("”", '"').encode("gbk")),
        ("crlf.txt", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_encodings(tmp_path: Path, name: str, encode: Callable[[str], bytes]) -> None:
    path = tmp_path / name
    path.write_bytes(encode(_file_text()))
    report = gr.read(path)
    assert report.meta.agency == "某县财政局"
    assert report.meta.year == 2023
    assert report.meta.title == TITLE  # no BOM left on the first line
    assert t3_values(report) == t3_expected()
    assert report.meta.source == str(path)
    assert report.meta.sha256 is not None and len(report.meta.sha256) == 64


@pytest.mark.parametrize("padding", [0, 8192, 64 * 1024 - 1, 64 * 1024, 200_000])
def test_hash_is_of_the_whole_file(tmp_path: Path, padding: int) -> None:
    """A small file is hashed from the bytes read to sniff it, a large one read anew: either
    way the hash covers every byte, so files differing only past the sniffed bytes differ."""
    body = _file_text().encode("utf-8")
    hashes = set()
    for last in (b"1", b"2"):
        path = tmp_path / f"report-{last.decode()}.txt"
        path.write_bytes(body + b" " * max(padding - len(body) - 1, 0) + last)
        report = gr.read(path)
        assert report.meta.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        hashes.add(report.meta.sha256)
    assert len(hashes) == 2


def test_text_reader_holds_its_own_byte_limit(tmp_path: Path) -> None:
    """Called on its own (as a plugin may), the reader reads no more than the limit allows."""
    path = tmp_path / "report.txt"
    path.write_bytes(_file_text().encode("utf-8"))
    size = path.stat().st_size
    with use(Limits(file_bytes=size)):
        assert TextReader().read(path).blocks
    with use(Limits(file_bytes=size - 1)), pytest.raises(TooLargeError):
        TextReader().read(path)


def test_undecodable_bytes_are_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "报告".encode("gbk") + b"\xff\xfe\xfa")
    with pytest.raises(gr.ReadError) as info:
        gr.read(path)
    assert str(path) in str(info.value)


# -- template detection ------------------------------------------------------------------------
def _t2(spec: FormatSpec) -> list[str]:
    lines = ["二、主动公开政府信息情况"]
    for block in spec.t2.blocks:
        lines.append(block.banner)
        lines.append("\t".join(["信息内容", *(c.label for c in block.columns)]))
        lines.extend("\t".join([row.label, *(["0"] * len(block.columns))]) for row in block.rows)
    return lines


@pytest.mark.parametrize(("spec", "year"), [(FORMAT_2021, 2020), (FORMAT_2019, 2023), (FORMAT_2021, 2023),
                                            (FORMAT_2019, 2019)])
def test_template_detected_from_fingerprints_whatever_the_year(spec: FormatSpec, year: int) -> None:
    text = with_title(_t2(spec), tab_t3(spec=spec), title=f"某县财政局{year}年政府信息公开工作年度报告")
    report = read_text(text)
    assert report.meta.template == spec.name
    assert report.meta.year == year
    assert t3_values(report, spec) == t3_expected(spec)


@pytest.mark.parametrize(("year", "template"), [(2019, "2019"), (2020, "2019"), (2021, "2021"),
                                                (2024, "2021"), (None, "2021")])
def test_template_tie_broken_by_year(year: int | None, template: str) -> None:
    tokens = stream(parse_text("一、总体情况\n本年度工作平稳。\n规章\t0\t0\t0"))[0]
    assert detect_template(tokens, year) == template


def test_template_fingerprints_counted_not_just_present() -> None:
    # one 2021 fingerprint against three 2019 ones: 2019 wins
    text = "本年新制作数量\n本年新公开数量\n对外公开总数量\n本年制发件数"
    assert detect_template(stream(parse_text(text))[0], 2023) == "2019"


# -- title, agency and year --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("兑镇镇人民政府 兑镇镇 2023 年政府信息公开工作年度报告", "兑镇镇人民政府", 2023),
        ("2024 年上海市科委政府信息公开工作年度报告", "上海市科委", 2024),
        ("某县人民政府办公室2023年度政府信息公开工作年度报告", "某县人民政府办公室", 2023),
        ("《某县教育局2022年政府信息公开工作年度报告》", "某县教育局", 2022),
        ("某街道办事处2023年政府信息公开年报", "某街道办事处", 2023),
        ("金殿镇2022年政府信息公开年度报告", "金殿镇", 2022),
    ],
)
def test_title_gives_agency_and_year(title: str, agency: str, year: int) -> None:
    report = read_text(with_title(tab_t3(), title=title))
    assert report.meta.title == title
    assert report.meta.agency == agency
    assert report.meta.year == year
    assert report.meta.provenance["year"] == "title"


def test_year_from_the_statistics_period_when_the_title_has_none() -> None:
    text = with_title(["一、总体情况", "本报告统计期限为2022年1月1日至2022年12月31日。"], tab_t3(),
                      title="上海市科委政府信息公开工作年度报告")
    report = read_text(text)
    assert report.meta.agency == "上海市科委"
    assert report.meta.year == 2022
    assert report.meta.provenance["year"] == "statistics period"
    assert report.meta.statistics_period == "2022-01-01/2022-12-31"


def test_year_from_the_body_when_title_and_period_have_none() -> None:
    text = with_title(["一、总体情况", "2021年，我局认真贯彻落实政府信息公开条例。"], tab_t3(),
                      title="某区民政局政府信息公开工作年度报告")
    report = read_text(text)
    assert report.meta.agency == "某区民政局"
    assert report.meta.year == 2021
    assert report.meta.provenance["year"] == "body"


def test_title_year_wins_over_body_and_mismatch_is_reported() -> None:
    text = with_title(["一、总体情况", "本报告统计期限为2022年1月1日至2022年12月31日。"], tab_t3())
    report = read_text(text)
    assert report.meta.year == 2023
    finding = next(f for f in gr.check(report, select=["year-mismatch"]))
    assert (finding.expected, finding.actual) == ("2023", "2022")


def test_agency_from_a_cover_letter_title() -> None:
    report = read_text(with_title(tab_t3(), title="关于印发《某县教育局2023年政府信息公开工作年度报告》的通知"))
    assert report.meta.year == 2023
    assert report.meta.agency == "某县教育局"


# -- section headings --------------------------------------------------------------------------
HEADINGS = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
            "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]
KEYS = ["overview", "active", "requests", "appeals", "problems", "other"]


def _sections(numbering: list[str], order: list[int] | None = None) -> Report:
    order = order if order is not None else list(range(6))
    text = "\n".join(f"{numbering[i]}{HEADINGS[i]}\n第{i}节正文。" for i in order)
    return read_text(text)


@pytest.mark.parametrize(
    "numbering",
    [
        ["一、", "二、", "三、", "四、", "五、", "六、"],
        ["一.", "二.", "三.", "四.", "五.", "六."],
        ["（一）", "(二)", "（三）", "(四)", "（五）", "(六)"],
        ["1、", "2、", "3、", "4、", "5、", "6、"],
        ["1.", "2.", "3.", "4.", "5.", "6."],
        ["", "", "", "", "", ""],
        ["（一）", "(二)", "3.", "四.", "5、", "六、"],
    ],
    ids=["cn-dun", "cn-dot", "paren", "arabic-dun", "arabic-dot", "none", "mixed"],
)
def test_section_headings_with_any_numbering(numbering: list[str]) -> None:
    report = _sections(numbering)
    for i, key in enumerate(KEYS):
        section = report.sections[key]
        assert section.found, key
        assert section.heading == f"{numbering[i]}{HEADINGS[i]}"
        assert section.text == f"第{i}节正文。"
        assert section.order == i


def test_section_headings_out_of_order() -> None:
    order = [0, 1, 2, 3, 5, 4]
    report = _sections(["一、", "二、", "三、", "四、", "五、", "六、"], order)
    assert report.sections["problems"].order == 5
    assert report.sections["other"].order == 4
    assert report.sections["problems"].text == "第4节正文。"
    assert report.sections["other"].text == "第5节正文。"
    finding = next(iter(gr.check(report, select=["section-order"])))
    assert finding.actual == "一、二、三、四、六、五"


def test_section_heading_run_together_with_its_first_sentence() -> None:
    text = "\n".join(f"{n}、{h}。本段正文开始" for n, h in zip("一二三四五六", HEADINGS, strict=True))
    report = read_text(text)
    assert all(report.sections[k].found for k in KEYS)
    assert [report.sections[k].order for k in KEYS] == list(range(6))


def test_section_missing_heading_leaves_it_unfound() -> None:
    report = _sections(["一、", "二、", "三、", "四、", "五、", "六、"], [0, 1, 2, 3, 5])
    assert not report.sections["problems"].found
    assert report.sections["problems"].text == ""
    assert [f.expected for f in gr.check(report, select=["section-missing"])] == ["存在的主要问题及改进情况"]


def test_table_row_headings_are_not_taken_for_sections() -> None:
    report = read_text(with_title(["一、总体情况", "正文。"], tab_t3(), T4_CLEAN))
    assert report.sections["requests"].heading == "三、收到和处理政府信息公开申请情况"
    assert report.sections["appeals"].heading == "四、政府信息公开行政复议、行政诉讼情况"
    assert report.sections["overview"].text == "正文。"


# -- units and signs inside 表二 cells ---------------------------------------------------------
T2_2019_CELLS = {
    "licensing": ["5", "+1", "6"],
    "other_services": ["0+11"],  # 上一年项目数量 0, 本年增/减 +1, 处理决定数量 1, run together
    "penalty": ["3", "-3", "0"],
    "coercion": ["1", "＋1", "2件"],
    "fees": ["12件", "-2"],
    "procurement": ["2个", "2笔 984361元"],
}


def _t2_2019(layout: str) -> str:
    lines = ["某县财政局2019年政府信息公开工作年度报告", "二、主动公开政府信息情况"]
    for block in FORMAT_2019.t2.blocks:
        lines.append(block.banner)
        header = ["信息内容", *(c.label for c in block.columns)]
        rows = [[row.label, *T2_2019_CELLS.get(row.key, ["0"] * len(block.columns))] for row in block.rows]
        for fields in (header, *rows):
            if layout == "cell per line":
                lines.extend(fields)
            else:
                lines.append(("\t" if layout == "tabs" else " ").join(fields))
    return "\n".join(lines)


@pytest.mark.parametrize("layout", ["tabs", "cell per line", "spaces"])
def test_units_and_signs_inside_table_two_cells(layout: str) -> None:
    report = read_text(_t2_2019(layout))
    assert report.meta.template == "2019"
    values = {key: report.value(key) for key, _, _ in FORMAT_2019.t2.keys()}
    assert values == {
        **{key: 0 for key, _, _ in FORMAT_2019.t2.keys()},
        "t2.licensing.previous": 5, "t2.licensing.change": 1, "t2.licensing.decisions": 6,
        "t2.other_services.previous": 0, "t2.other_services.change": 1, "t2.other_services.decisions": 1,
        "t2.penalty.previous": 3, "t2.penalty.change": -3, "t2.penalty.decisions": 0,
        "t2.coercion.previous": 1, "t2.coercion.change": 1, "t2.coercion.decisions": 2,
        "t2.fees.previous": 12, "t2.fees.change": -2,
        "t2.procurement.items": 2, "t2.procurement.amount": Decimal("98.4361"),
    }
    amount = report.tables["t2"].cells["t2.procurement.amount"]
    assert (amount.raw, amount.note) == ("2笔 984361元", "2笔")
    assert report.tables["t2"].cells["t2.other_services.change"].raw == "0+11"
    assert not report.reading_findings


# -- sub-headings and heading families -------------------------------------------------------
def _report_with_subheadings(top: Callable[[int, str], str], sub: Callable[[int, str], str]) -> str:
    """A report whose 总体情况 has sub-headings worded like the headings of 二 and 三."""
    overview = [top(0, HEADINGS[0]), "本年度工作总体平稳。",
                sub(1, "主动公开政府信息情况"), "主动公开文件 20 件。",
                sub(2, "依申请公开政府信息情况"), "收到申请 3 件。",
                sub(3, "政府信息管理"), "管理规范。"]
    t2 = _t2(FORMAT_2021)
    t2[0] = top(1, HEADINGS[1])
    t3 = tab_t3()
    t3[0] = top(2, HEADINGS[2])
    t4 = [top(3, HEADINGS[3]), *T4_CLEAN[1:4], top(4, HEADINGS[4]), "问题若干。"]
    return with_title(overview, t2, t3, t4, [top(5, HEADINGS[5]), "无。"])


CN = "一二三四五六"


@pytest.mark.parametrize(
    ("top", "sub"),
    [
        (lambda i, h: f"{CN[i]}、{h}", lambda i, h: f"（{CN[i - 1]}）{h}"),
        (lambda i, h: f"{CN[i]}.{h}", lambda i, h: f"{i}、{h}"),
        (lambda i, h: f"第{CN[i]}部分 {h}", lambda i, h: f"{CN[i - 1]}、{h}"),
        (lambda i, h: f"（{CN[i]}）{h}", lambda i, h: f"{i}.{h}"),
        (lambda i, h: h, lambda i, h: f"（{CN[i - 1]}）{h}"),  # the real headings have no numbering
        (lambda i, h: h if i else f"一、{h}", lambda i, h: f"（{CN[i - 1]}）{h}"),  # only 一 is numbered
    ],
    ids=["cn-dun", "cn-dot/arabic", "part/cn", "paren/arabic", "unnumbered", "only-overview-numbered"],
)
def test_sub_headings_of_the_overview_are_not_sections(top: Callable[[int, str], str],
                                                       sub: Callable[[int, str], str]) -> None:
    report = read_text(_report_with_subheadings(top, sub))
    assert [report.sections[k].heading for k in KEYS] == [top(i, h) for i, h in enumerate(HEADINGS)]
    assert [report.sections[k].order for k in KEYS] == list(range(6))
    overview = report.sections["overview"].text.splitlines()
    assert overview[0] == "本年度工作总体平稳。" and overview[-1] == "管理规范。"
    assert sub(1, "主动公开政府信息情况") in overview
    assert report.value("t2.regulations.issued") == 0 and report.value("t2.fees.amount") == 0
    assert t3_values(report) == t3_expected()
    assert [report.value(k) for k in T4_KEYS] == list(range(200, 215))


@pytest.mark.parametrize("heading", [
    "五、存在的主要问题及明年工作计划",
    "五、存在的主要问题及下一步工作打算",
    "五、存在的主要问题及下一步工作计划",
    "五、政务公开工作存在的问题和下一步工作安排",
    "存在问题及下一步工作思路",
])
def test_problems_heading_family(heading: str) -> None:
    report = read_text("\n".join([
        "一、总体情况", "正文。", "四、政府信息公开行政复议、行政诉讼情况", "无。",
        heading, "存在的主要问题是人手不足。", "六、其他需要报告的事项", "无。"]))
    assert report.sections["problems"].heading == heading
    assert report.sections["problems"].text == "存在的主要问题是人手不足。"
    assert report.sections["problems"].order == 2


def test_problems_heading_family_needs_its_tail_or_its_number() -> None:
    report = read_text("\n".join(["一、总体情况", "存在的主要问题", "四、存在的主要问题", "六、其他需要报告的事项"]))
    assert report.sections["problems"].heading is None
    assert read_text("五、存在的主要问题\n正文。").sections["problems"].heading == "五、存在的主要问题"


def test_a_prose_line_ending_in_a_measured_number_stays_prose() -> None:
    report = read_text("一、总体情况\n全年收到政府信息公开申请 12件\n办结 11件")
    assert report.sections["overview"].text == "全年收到政府信息公开申请 12件\n办结 11件"


def test_signed_cells_run_together_in_a_flattened_page() -> None:
    items = "信息内容上一年项目数量本年增/减处理决定数量"
    line = ("二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量"
            f"规章 0 0 0 规范性文件 1 1 1 第二十条第（五）项{items}行政许可5+16其他对外管理服务事项0+11"
            f"第二十条第（六）项{items}行政处罚3-30行政强制0＋11"
            "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费 0 0"
            "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购 0 0 三、收到和处理政府信息公开申请情况")
    report = read_text(f"某县2019年政府信息公开工作年度报告\n{line}")
    got = {row: tuple(report.value(f"t2.{row}.{c}") for c in ("previous", "change", "decisions"))
           for row in ("licensing", "other_services", "penalty", "coercion")}
    assert got == {"licensing": (5, 1, 6), "other_services": (0, 1, 1), "penalty": (3, -3, 0),
                   "coercion": (0, 1, 1)}


def test_without_an_overview_heading_the_level_most_sections_use_is_the_top() -> None:
    text = _report_with_subheadings(lambda i, h: f"{CN[i]}、{h}", lambda i, h: f"（{CN[i - 1]}）{h}")
    report = read_text(text.replace("一、总体情况\n", ""))
    assert not report.sections["overview"].found
    assert [report.sections[k].heading for k in KEYS[1:]] == [f"{CN[i]}、{h}" for i, h in enumerate(HEADINGS) if i]
    assert t3_values(report) == t3_expected()


def test_a_one_cell_per_line_row_that_lost_a_line_is_uncertain(tmp_path: Path) -> None:
    """The seed prints each cell of 表三 on its own line, rows apart by an empty line. With one
    blank cell's line lost, （一）予以公开 has six lines; the empty line after it would make the
    seventh and every value would move one cell to the left (the total's 0 into 其他)."""
    source = Path(__file__).parent / "fixtures" / "corpus" / "seeds" / "000_0449c33542532b0e.txt"
    lines = source.read_bytes().split(b"\n")
    at = next(i for i, line in enumerate(lines) if line.strip() == "（一）予以公开".encode())
    assert [line.strip() for line in lines[at + 1:at + 8]] == [b"\xc2\xa0"] * 6 + [b"0"]
    path = tmp_path / source.name
    path.write_bytes(b"\n".join(lines[:at + 1] + lines[at + 2:]))
    report = gr.read(path)
    row = [f"t3.granted.{c.key}" for c in report.format.t3.columns]
    doubts = [f for f in report.reading_findings if f.code == "uncertain-reading" and set(row) <= set(f.cells)]
    assert len(doubts) == 1 and "读到 6 个值" in doubts[0].message
    clean = gr.read(source)
    assert clean.value("t3.granted.total") == 0 and clean.value("t3.granted.other_org") is None
    assert not [f for f in clean.reading_findings if set(row) & set(f.cells)]


def test_a_count_printed_with_a_leading_zero_is_uncertain(tmp_path: Path) -> None:
    """pingtan-2022 prints 行政许可10690; with its 1 lost the cell reads 0690, which no count
    is printed as, and no identity vouches for the cell."""
    source = Path(__file__).parent / "fixtures" / "corpus" / "raw" / "pingtan" / "pingtan-2022.txt"
    data = source.read_bytes()
    at = data.index("行政许可10690".encode()) + len("行政许可".encode())
    path = tmp_path / source.name
    path.write_bytes(data[:at] + data[at + 1:])
    key = "t2.licensing.decisions"
    damaged = gr.read(path)
    assert damaged.value(key) == 690
    assert [f.code for f in damaged.reading_findings if key in f.cells] == ["uncertain-reading"]
    clean = gr.read(source)
    assert clean.value(key) == 10690 and not [f for f in clean.reading_findings if key in f.cells]


def test_section_prose_leaves_out_the_tokens_of_every_table_read() -> None:
    from govinfo_report.recognize import _outside

    def outside(indexes: list[int], start: int, end: int, spans: list[tuple[int, int]]) -> list[int]:
        tokens = [SimpleNamespace(index=index) for index in indexes]
        return [token.index for token in _outside(tokens, start, end, spans)]  # type: ignore[arg-type]

    every = list(range(20))
    # Spans are inclusive, may overlap, and may reach outside the section either side.
    assert outside(every, 2, 15, [(0, 3), (6, 8), (7, 9), (14, 30)]) == [4, 5, 10, 11, 12, 13]
    assert outside(every, 2, 6, []) == [2, 3, 4, 5]
    assert outside(every, 2, 6, [(8, 9)]) == [2, 3, 4, 5]
    # Some of a stream's tokens (its texts): those between the spans, by their indexes.
    some = [1, 4, 5, 9, 10, 13, 16, 19]
    assert outside(some, 2, 15, [(0, 3), (6, 8), (7, 9), (14, 30)]) == [4, 5, 10, 13]
    assert outside(some, 2, 17, [(4, 5)]) == [9, 10, 13, 16]
    assert outside(some, 6, 9, []) == []
