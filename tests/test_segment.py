"""Cutting a flattened page at the official labels, positions kept through folding."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govinfo_report import labels
from govinfo_report.recognize.segment import _normal_map, cut

# Characters folding maps to one (full-width digits, radicals), to several (ligatures, ①,
# ㍿) or to none (white space, Markdown marks), among ideographs and digits it leaves alone.
_MIXED = "０１２ＡＢ「」“”⼀⾦ 　\t*#|ｱ①ﬀ㈠㍿é\u0301e行政许可处罚12.,（）"


def _folded_one_by_one(text: str) -> tuple[str, list[int]]:
    out, origin = [], []
    for i, ch in enumerate(text):
        for c in labels.fold(ch):
            out.append(c)
            origin.append(i)
    return "".join(out), origin


@given(st.text(alphabet=_MIXED, max_size=80) | st.text(max_size=40))
def test_the_folded_text_and_its_origins_are_those_of_each_character_folded(text: str) -> None:
    norm, origin = _normal_map(text)
    assert (norm, list(origin)) == _folded_one_by_one(text)
    # What a cut relies on: origins stand in the text, in order, each folding to what it gave.
    assert list(origin) == sorted(origin) and all(0 <= i < len(text) for i in origin)
    assert all(norm[k] in labels.fold(text[i]) for k, i in enumerate(origin))


def test_a_flattened_table_is_cut_where_its_labels_stand_in_the_printed_text() -> None:
    # Full-width digits fold to one character each, the ideographic spaces to none: the cuts
    # fall in the printed text all the same, and the pieces are what it prints.
    text = "规章１２３４５６　规范性文件７８９０１２　行政许可０００００１　行政处罚３４５６７８"
    assert cut(text) == ["规章", "１２３４５６", "规范性文件", "７８９０１２", "行政许可", "０００００１",
                         "行政处罚", "３４５６７８"]
