"""Radical code points in text layers read as the ideographs a reader means."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import attrs
import pytest

from govinfo_report import glyphs, labels
from govinfo_report.formats import FORMAT_2021
from govinfo_report.readers.pdf_layout import read_pdf
from govinfo_report.readers.text import parse_text
from govinfo_report.recognize import recognize
from pdf_support import assemble
from test_recognizer_layouts import T3_HEADER, t3_expected, t3_value, t3_values


def tiny_pdf(lines: list[str], path: Path) -> None:
    """A one-page PDF whose text layer carries exactly ``lines``: every character is drawn
    with a one-byte code that the font's ToUnicode map names, as PDFs with radicals do."""
    chars = sorted({c for line in lines for c in line})
    codes = {c: 0x21 + i for i, c in enumerate(chars)}
    pairs = "\n".join(f"<{codes[c]:02X}> <{ord(c):04X}>" for c in chars)
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /Custom def\n"
            "1 begincodespacerange <00> <FF> endcodespacerange\n"
            f"{len(chars)} beginbfchar\n{pairs}\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop "
            "end end")
    ops = ["BT", "/F1 10 Tf", "2 Tc"]
    for i, line in enumerate(lines):
        ops.append(f"1 0 0 1 72 {800 - 40 * i} Tm <{''.join(f'{codes[c]:02X}' for c in line)}> Tj")
    ops.append("ET")
    content = "\n".join(ops)
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        f"<< /Length {len(cmap)} >>\nstream\n{cmap}\nendstream",
    ]
    path.write_bytes(assemble([o.encode() for o in objects]))


@pytest.mark.parametrize(("printed", "meant"), [
    ("⼈⺠", "人民"),  # U+2F08 Kangxi (decomposes), U+2EA0 Supplement (does not)
    ("⻔⼾⽹站", "门户网站"),  # ⼾ decomposes to the traditional 戶
    ("⾏政", "行政"),
    ("⻓期⻅效", "长期见效"),
])
def test_radicals_fold_to_the_ideograph_meant(printed: str, meant: str) -> None:
    assert glyphs.fold_radicals(printed) == meant


def test_nfkc_alone_would_give_the_traditional_or_nothing() -> None:
    assert unicodedata.normalize("NFKC", "⼾") == "戶"
    assert unicodedata.normalize("NFKC", "⺠⻔") == "⺠⻔"


def test_the_table_comes_from_the_decompositions() -> None:
    # ⾔ U+2F94 is in no override: its decomposition alone maps it.
    assert "\u2f94" not in glyphs.SIMPLIFIED_OVERRIDES
    assert glyphs.RADICALS[0x2F94] == "言"
    assert len(glyphs.RADICALS) > 214  # every Kangxi radical, and the overridden supplement


@pytest.mark.parametrize(("radical", "meant"), sorted(glyphs.SIMPLIFIED_OVERRIDES.items()))
def test_each_override_is_needed_and_names_a_mainland_ideograph(radical: str, meant: str) -> None:
    assert any(first <= ord(radical) <= last for first, last in glyphs.RADICAL_BLOCKS)
    assert glyphs.is_unified_ideograph(meant)
    assert unicodedata.normalize("NFKC", radical) != meant  # the decompositions do not give it
    meant.encode("gbk")  # a character of the mainland's character set
    assert glyphs.fold_radicals(radical) == meant


def test_labels_match_through_radicals() -> None:
    assert labels.normalize("⾏政许可") == "行政许可"
    assert labels.matches("（⼀）予以公开", "（一）予以公开")


def test_radicals_are_found_wherever_fold_radicals_changes_the_text() -> None:
    assert glyphs.has_radicals("某县⼈民政府")
    assert glyphs.fold_radicals("某县⼈民政府") != "某县⼈民政府"
    assert not glyphs.has_radicals("某县人民政府（一）行政许可 12")


def test_a_radical_in_one_cell_alone_is_folded() -> None:
    """The recognizer looks for radicals once over the whole layout; one in a single cell or in
    the metadata is enough for every text to be folded."""
    layout = parse_text("一、总体情况\n本年度工作平稳。\n规章\t0\t⼀\t0")
    assert layout.texts() == ["一、总体情况", "本年度工作平稳。", "规章", "0", "⼀", "0"]
    assert glyphs.has_radicals("\n".join(layout.texts()))
    assert not glyphs.has_radicals("\n".join(parse_text("一、总体情况\n规章\t0\t0").texts()))
    titled = attrs.evolve(parse_text("一、总体情况"), metadata={"title": "某县⼈民政府年度报告"})
    assert titled.texts() == ["一、总体情况", "某县⼈民政府年度报告"]
    assert recognize(titled).meta.title == "某县人民政府年度报告"


def test_table_labels_meta_and_prose_printed_with_radicals_are_read() -> None:
    radical_forms = str.maketrans({"人": "⼈", "民": "⺠", "行": "⾏", "门": "⻔", "户": "⼾", "一": "⼀"})
    lines = ["某县⼈⺠政府2023年政府信息公开工作年度报告", "", "一、总体情况", "本机关通过⻔⼾⽹站公开信息。",
             "三、收到和处理政府信息公开申请情况", T3_HEADER]
    for i, row in enumerate(FORMAT_2021.t3.rows):
        values = "\t".join(str(t3_value(i, j)) for j in range(len(FORMAT_2021.t3.columns)))
        lines.append(f"{(row.group or '').translate(radical_forms)}\t{row.label.translate(radical_forms)}\t{values}")
    report = recognize(parse_text("\n".join(lines)))
    assert report.meta.agency == "某县人民政府"
    assert report.sections["overview"].text == "本机关通过门户网站公开信息。"
    assert t3_values(report) == t3_expected()


def test_a_pdf_text_layer_with_radicals(tmp_path: Path) -> None:
    path = tmp_path / "radicals.pdf"
    lines = ["某县⼈⺠政府2023年政府信息公开工作年度报告", "一、总体情况", "本机关通过⻔⼾⽹站公开⾏政规范性文件。"]
    tiny_pdf(lines, path)
    layout = read_pdf(path)
    assert "⼈⺠" in layout.plain_text()  # the reader keeps what the file says
    report = recognize(layout)
    assert report.meta.agency == "某县人民政府"
    assert report.meta.title == "某县人民政府2023年政府信息公开工作年度报告"
    assert report.sections["overview"].text == "本机关通过门户网站公开行政规范性文件。"
