"""Cell values (``numbers.parse_value``), label matching (``labels``), and every label variant
declared in ``formats/official.py`` recognised in a report text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govinfo_report import labels
from govinfo_report.formats import FORMAT_2019, FORMAT_2021, FORMATS, FormatSpec, Kind
from govinfo_report.formats.official import SECTIONS
from govinfo_report.model import Report
from govinfo_report.numbers import is_digit_run, is_value, parse_value
from govinfo_report.readers.text import parse_text
from govinfo_report.recognize import recognize

# -- parse_value ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("0", Kind.COUNT, 0),
        ("１２３", Kind.COUNT, 123),
        ("1,234", Kind.COUNT, 1234),
        ("１,２３４", Kind.COUNT, 1234),
        ("12,345,678", Kind.COUNT, 12345678),
        ("12件", Kind.COUNT, 12),
        ("12人", Kind.COUNT, 12),
        ("3人次", Kind.COUNT, 3),
        ("4 项", Kind.COUNT, 4),
        ("＋1", Kind.SIGNED, 1),
        ("2笔 984361元", Kind.MONEY, Decimal("98.4361")),
        ("3 笔 12.5 万元", Kind.MONEY, Decimal("12.5")),
        (" 7 ", Kind.COUNT, 7),
        ("\u30007\u3000", Kind.COUNT, 7),
        ("-185", Kind.SIGNED, -185),
        ("－5", Kind.SIGNED, -5),
        ("−7", Kind.SIGNED, -7),
        ("+3", Kind.SIGNED, 3),
        ("78.80 万元", Kind.MONEY, Decimal("78.8")),
        ("78.80万元", Kind.MONEY, Decimal("78.8")),
        ("78.80", Kind.MONEY, Decimal("78.8")),
        ("75394432.52元", Kind.MONEY, Decimal("7539.443252")),
        ("75,394,432.52元", Kind.MONEY, Decimal("7539.443252")),
        ("10000元", Kind.MONEY, Decimal("1")),
        ("0.00", Kind.MONEY, Decimal("0")),
        ("1,234.5", Kind.MONEY, Decimal("1234.5")),
    ],
)
def test_parse_value_numbers(text: str, kind: Kind, value: int | Decimal) -> None:
    parsed = parse_value(text, kind)
    assert parsed is not None
    assert parsed.blank is False
    assert parsed.value == value
    assert type(parsed.value) is type(value)


def test_parse_value_money_is_exact_and_has_no_exponent() -> None:
    parsed = parse_value("75394432.52元", Kind.MONEY)
    assert parsed is not None
    assert str(parsed.value) == "7539.443252"
    assert parsed.unit == "元"
    assert str(parse_value("7730.28", Kind.MONEY).value) == "7730.28"
    assert str(parse_value("100", Kind.MONEY).value) == "100"  # not 1E+2


def test_parse_value_keeps_the_unit_and_note() -> None:
    parsed = parse_value("22（其中修订 16 件）")
    assert parsed is not None
    assert parsed.value == 22
    assert parsed.note is not None and "其中修订" in parsed.note and "16" in parsed.note
    money = parse_value("78.80 万元", Kind.MONEY)
    assert money is not None and money.unit == "万元"


def test_parse_value_keeps_the_count_before_an_amount_in_the_note() -> None:
    parsed = parse_value("2笔 984361元", Kind.MONEY)
    assert parsed is not None
    assert (parsed.value, parsed.unit, parsed.note) == (Decimal("98.4361"), "元", "2笔")


def test_parse_value_count_with_a_fraction_stays_decimal() -> None:
    parsed = parse_value("1.50")
    assert parsed is not None and parsed.value == Decimal("1.5") and isinstance(parsed.value, Decimal)


@pytest.mark.parametrize("text", ["", " ", "\u3000", "\u00a0", "\t", "—", "——", "-", "/", "／", "无",
                                  " — ", "\u3000/\u3000"])
def test_parse_value_blanks(text: str) -> None:
    parsed = parse_value(text)
    assert parsed is not None
    assert parsed.blank is True
    assert parsed.value is None


@pytest.mark.parametrize("text", ["行政许可", "自然人", "（一）予以公开", "— 3 —", "- 3 -", "3 —", "第3页",
                                  "2023年", "一、总体情况"])
def test_parse_value_not_a_value(text: str) -> None:
    assert parse_value(text) is None
    assert is_value(text) is False


def test_is_value_and_digit_run() -> None:
    assert is_value("0") and is_value("—")
    assert is_digit_run("3200000326") and is_digit_run("12")
    assert not is_digit_run("3") and not is_digit_run("1,234") and not is_digit_run("12a")


# -- labels -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("自 然 人", "自然人"),
        ("自\u3000然\u00a0人", "自然人"),
        ("（三）不予公开", "(三)不予公开"),
        ("(三) 不予公开", "(三)不予公开"),
        ("总计：", "总计"),
        ("3.危及“三安全一稳定”", '3.危及"三安全一稳定"'),
        ("**行政许可**", "行政许可"),
        ("| 规章 |", "规章"),
        ("ＡＢＣ１２３", "ABC123"),
    ],
)
def test_normalize(text: str, normal: str) -> None:
    assert labels.normalize(text) == normal


@pytest.mark.parametrize(
    ("text", "core", "number"),
    [
        ("一、总体情况", "总体情况", "一、"),
        ("一.总体情况", "总体情况", "一."),
        ("（一）予以公开", "予以公开", "(一)"),
        ("(一)予以公开", "予以公开", "(一)"),
        ("1.属于国家秘密", "属于国家秘密", "1."),
        ("1、属于国家秘密", "属于国家秘密", "1、"),
        ("1．属于国家秘密", "属于国家秘密", "1."),
        ("（1）属于国家秘密", "属于国家秘密", "(1)"),
        ("（三）1.属于国家秘密", "属于国家秘密", "(三)1."),
        ("（三）不予公开1.属于国家秘密", "不予公开1.属于国家秘密", "(三)"),
        ("自然人", "自然人", ""),
        ("1.5万元", "1.5万元", ""),
    ],
)
def test_core_and_numbering(text: str, core: str, number: str) -> None:
    assert labels.core(text) == core
    assert labels.numbering(text) == number


def test_core_of_numbering_alone_is_the_numbering() -> None:
    assert labels.core("（一）") == "(一)"


@pytest.mark.parametrize(
    ("printed", "official"),
    [
        ("自 然 人", "自然人"),
        ("总 计", "总计"),
        ("（二）部分公开(区分处理的,只计这一情形,不计其他情形)",
         "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        ("一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量"),
        ("1、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量"),
        ("(一)予以公开", "（一）予以公开"),
        ("一、予以公开", "（一）予以公开"),
        ("1.予以公开", "（一）予以公开"),
        ("1、予以公开", "（一）予以公开"),
        ("予以公开", "（一）予以公开"),
        ("3.危及\"三安全一稳定\"", "3.危及“三安全一稳定”"),
        # OCR-style one-character errors on long labels
        ("一、本年新收政府信息公开申清数量", "一、本年新收政府信息公开申请数量"),
        ("1.本机关不掌捏相关政府信息", "1.本机关不掌握相关政府信息"),
        ("5.要求行政机关确认或重新出貝已获取信息", "5.要求行政机关确认或重新出具已获取信息"),
        ("四、结转下年度继续力理", "四、结转下年度继续办理"),
    ],
)
def test_matches_accepts(printed: str, official: str) -> None:
    assert labels.matches(printed, official)


@pytest.mark.parametrize(
    ("printed", "official"),
    [
        ("规范", "规章"),
        ("规章", "规范性文件"),
        ("行政处罚", "行政许可"),
        ("行政强制", "行政许可"),
        ("法人", "自然人"),
        ("结果纠正", "结果维持"),
        ("二、上年结转政府信息公开申请数量", "一、本年新收政府信息公开申请数量"),
        ("四、结转下年度继续办理", "二、上年结转政府信息公开申请数量"),
    ],
)
def test_matches_rejects(printed: str, official: str) -> None:
    assert not labels.matches(printed, official)


def test_tolerance_grows_with_length() -> None:
    assert labels.tolerance("规章") == 0
    assert labels.tolerance("自然人") == 0
    assert labels.tolerance("行政许可") == 1
    assert labels.tolerance("本年新收政府信息公开申请数量") == 2


def test_distance_and_similarity() -> None:
    assert labels.distance("abc", "abc", 2) == 0
    assert labels.distance("abc", "abd", 2) == 1
    assert labels.distance("abc", "xyz", 1) == 2  # gives up at limit + 1
    assert labels.distance("a", "abcd", 1) == 2
    assert labels.similarity("自然人", "自 然 人") == 1.0
    assert labels.similarity("规章", "规范") == 0.5


# -- every declared label variant, recognised in a report text --------------------------------


def value_of(index: int) -> str:
    return str(100 + index)


def report_text(spec: FormatSpec, year: int, *, rows: dict[tuple[str, str], str] | None = None,
                columns: dict[tuple[str, str], str] | None = None,
                headings: dict[str, str] | None = None) -> str:
    """A tab-separated report of ``spec`` with every cell distinct (its index + 100).

    ``rows``/``columns`` map (table, key) to the printed label; ``headings`` section key → heading.
    """
    rows, columns, headings = rows or {}, columns or {}, headings or {}
    keys = spec.keys()
    index = {k: i for i, k in enumerate(keys)}
    out = [f"测试县交通运输局{year}年政府信息公开工作年度报告", ""]

    def heading(key: str) -> None:
        s = spec.section(key)
        out.extend([f"{s.number}、{headings.get(key, s.heading)}", ""])

    heading("overview")
    out.extend(["本年度工作总体平稳。", ""])
    heading("active")
    for block in spec.t2.blocks:
        out.append(block.banner)
        out.append("\t".join(["信息内容", *(columns.get(("t2", c.key), c.label) for c in block.columns)]))
        for row in block.rows:
            out.append("\t".join([rows.get(("t2", row.key), row.label),
                                  *(value_of(index[f"t2.{row.key}.{c.key}"]) for c in block.columns)]))
    out.append("")
    heading("requests")
    out.append("\t".join(["申请人情况", "", *(columns.get(("t3", c.key), c.label) for c in spec.t3.columns)]))
    for row in spec.t3.rows:
        out.append("\t".join([row.group or "", rows.get(("t3", row.key), row.label),
                              *(value_of(index[f"t3.{row.key}.{c.key}"]) for c in spec.t3.columns)]))
    out.append("")
    heading("appeals")
    out.append("行政复议\t\t\t\t\t行政诉讼")
    out.append("\t".join(c.label for _ in spec.t4.rows for c in spec.t4.columns))
    out.append("\t".join(value_of(index[k]) for k in keys if k.startswith("t4.")))
    out.append("")
    heading("problems")
    out.extend(["问题和改进措施。", ""])
    heading("other")
    out.append("本年度未收取信息处理费。")
    return "\n".join(out)


def read_text(text: str) -> Report:
    return recognize(parse_text(text))


def assert_all_cells(report: Report, spec: FormatSpec) -> None:
    expected = {k: int(value_of(i)) for i, k in enumerate(spec.keys())}
    got = {k: report.value(k) for k in spec.keys()}
    assert got == expected


@pytest.mark.parametrize("spec", [FORMAT_2021, FORMAT_2019], ids=["2021", "2019"])
def test_official_labels_read_every_cell(spec: FormatSpec) -> None:
    report = read_text(report_text(spec, 2023 if spec is FORMAT_2021 else 2020))
    assert report.meta.template == spec.name
    assert_all_cells(report, spec)
    assert report.reading_findings == []
    assert all(s.found for s in report.sections.values())


def _row_variants() -> list[tuple[str, str, str, str]]:
    out = []
    for spec in FORMATS.values():
        for block in spec.t2.blocks:
            for row in block.rows:
                out.extend((spec.name, "t2", row.key, v) for v in row.variants)
        for row in spec.t3.rows:
            out.extend((spec.name, "t3", row.key, v) for v in row.variants)
    return sorted(set(out))


def _column_variants() -> list[tuple[str, str, str, str]]:
    out = []
    for spec in FORMATS.values():
        for block in spec.t2.blocks:
            for col in block.columns:
                out.extend((spec.name, "t2", col.key, v) for v in col.variants)
        for col in spec.t3.columns:
            out.extend((spec.name, "t3", col.key, v) for v in col.variants)
        for col in spec.t4.columns:
            out.extend((spec.name, "t4", col.key, v) for v in col.variants)
    return sorted(set(out))


def _section_variants() -> list[tuple[str, str]]:
    return [(s.key, v) for s in SECTIONS for v in s.variants]


ROW_VARIANTS = _row_variants()
COLUMN_VARIANTS = _column_variants()
SECTION_VARIANTS = _section_variants()


def test_variant_lists_are_not_empty() -> None:
    # If official.py grows variants, the parametrized tests below pick them up by themselves.
    assert ("2021", "t3", "partially_granted", "（二）部分公开") in ROW_VARIANTS
    assert ("2021", "t3", "social_welfare", "社会组织") in COLUMN_VARIANTS
    assert ("appeals", "因政府信息公开工作被申请行政复议、提起行政诉讼情况") in SECTION_VARIANTS
    assert len(SECTION_VARIANTS) == sum(len(s.variants) for s in SECTIONS)


def _year(name: str) -> int:
    return 2023 if name == "2021" else 2020


@pytest.mark.parametrize(("template", "table", "key", "variant"), ROW_VARIANTS,
                         ids=[f"{t}-{k}-{v}" for t, _, k, v in ROW_VARIANTS])
def test_row_variant_is_recognised(template: str, table: str, key: str, variant: str) -> None:
    spec = FORMATS[template]
    report = read_text(report_text(spec, _year(template), rows={(table, key): variant}))
    assert report.meta.template == template
    assert_all_cells(report, spec)
    row_cells = [k for k in spec.keys() if k.startswith(f"{table}.{key}.")]
    assert row_cells and all(report.cell(k).raw is not None for k in row_cells)


@pytest.mark.parametrize(("template", "table", "key", "variant"), COLUMN_VARIANTS,
                         ids=[f"{t}-{tb}-{k}-{v}" for t, tb, k, v in COLUMN_VARIANTS])
def test_column_variant_is_recognised(template: str, table: str, key: str, variant: str) -> None:
    spec = FORMATS[template]
    report = read_text(report_text(spec, _year(template), columns={(table, key): variant}))
    assert report.meta.template == template
    assert_all_cells(report, spec)


@pytest.mark.parametrize(("key", "variant"), SECTION_VARIANTS, ids=[v for _, v in SECTION_VARIANTS])
@pytest.mark.parametrize("spec", [FORMAT_2021, FORMAT_2019], ids=["2021", "2019"])
def test_section_variant_is_recognised(spec: FormatSpec, key: str, variant: str) -> None:
    report = read_text(report_text(spec, _year(spec.name), headings={key: variant}))
    section = report.sections[key]
    assert section.found
    assert section.heading is not None and labels.core(section.heading) == labels.core(variant)
    assert [k for k, s in report.sections.items() if s.found] == [s.key for s in SECTIONS]
    assert [report.sections[s.key].order for s in SECTIONS] == list(range(6))
    assert_all_cells(report, spec)


def test_section_texts_stay_in_their_sections() -> None:
    report = read_text(report_text(FORMAT_2021, 2023))
    assert report.sections["overview"].text == "本年度工作总体平稳。"
    assert report.sections["problems"].text == "问题和改进措施。"
    assert report.sections["other"].text == "本年度未收取信息处理费。"


