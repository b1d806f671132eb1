"""Figures read from the prose of the Pingtan reports, and the ones deliberately not read."""

from __future__ import annotations

from pathlib import Path

import pytest

from govinfo_report.formats.statements import STATEMENTS, sentences, statements, subject_of
from govinfo_report.recognize.splitting import prose_facts as facts


def _read(text: str, template: str | None = "2021") -> list[tuple[str, int]]:
    return [(s.statement.name, s.value) for s in statements(text, template)]


@pytest.mark.parametrize(("text", "expected"), [
    ("本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。",
     [("本年收到申请", 70), ("本年办结申请", 69), ("结转下年度", 1)]),
    ("2025年，全区共收到政府信息公开申请154件，共办结148件，结转至2026年6件。全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。",
     [("本年收到申请", 154), ("本年办结申请", 148), ("结转下年度", 6), ("行政复议", 36), ("行政诉讼", 9)]),
    ("2022年，全区政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件，均已结案。",
     [("行政复议", 2), ("行政诉讼", 1)]),
    ("设立规范性文件库，集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。",
     [("现行有效行政规范性文件", 698), ("制发行政规范性文件", 88)]),
    ("动态更新发布本年度制发行政规范性文件62件，并同步做好全真版上传等工作。",
     [("制发行政规范性文件", 62)]),
    ("2020年全区各级行政机关共受理政府信息公开申请21件", [("本年收到申请", 21)]),
])
def test_pingtan_statements(text: str, expected: list[tuple[str, int]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize("text", [
    "经清理，已宣布废止规范性文件5件，拟适时修改3件",  # a clean-up, not this year's 废止 column
    "受理各类群众诉求259起",  # not information-disclosure applications
    "收到群众诉求348件，现场解决162件",
    "全年主动公开各类政府信息10407条",
    # cases of review and litigation handled, not applications
    "依法做好相关行政复议、行政诉讼案件的应诉工作，全县共办理相关案件 74 件，有力维护了群众合法权益",
    "共办理群众留言52件",
])
def test_figures_of_other_things_are_not_read(text: str) -> None:
    assert _read(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("上年结转政府信息公开申请2件", [("上年结转申请", 2)]),
    ("本年度新收政府信息公开申请30件，上年度结转3件", [("本年收到申请", 30), ("上年结转申请", 3)]),
    ("结转上年度申请4件，均已办结", [("上年结转申请", 4)]),
    ("其中5件为上年结转", [("上年结转申请", 5)]),
    ("上年结转至本年度的行政复议案件1件", [("行政复议", 1)]),  # a review case, not an application
])
def test_carried_over_from_last_year(text: str, expected: list[tuple[str, int]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize("text", [
    "本年度被申请行政复议和提起行政诉讼共16件",
    "因政府信息公开被申请行政复议、提起行政诉讼共16起",
])
def test_review_and_litigation_together_is_one_figure(text: str) -> None:
    assert _read(text) == [("行政复议和行政诉讼", 16)]
    [stated] = statements(text, "2021")
    assert stated.statement.cells == ("t4.review.total", "t4.litigation_direct.total",
                                      "t4.litigation_after_review.total")


@pytest.mark.parametrize(("sentence", "figure", "subject"), [
    ("全县共办理相关案件 74 件", "74", "其他"),
    ("收到行政复议申请3件", "3", "行政复议"),
    ("共收到70件申请", "70", "申请"),
    ("共有行政诉讼案件1件、行政复议案件2件", "1", "行政诉讼"),
    ("共有行政诉讼案件1件、行政复议案件2件", "2", "行政复议"),
    ("被申请行政复议和提起行政诉讼共16件", "16", "行政复议和行政诉讼"),
    ("办结69件", "69", None),
])
def test_the_subject_of_a_figure(sentence: str, figure: str, subject: str | None) -> None:
    start = sentence.index(figure)
    assert subject_of(sentence, start, start + len(figure)) == subject


def test_a_received_figure_about_review_cases_is_not_an_application() -> None:
    assert _read("本年度收到行政复议申请3件") == [("行政复议", 3)]


def test_normative_documents_only_in_the_2021_format() -> None:
    text = "集中公开现行有效行政规范性文件698件"
    assert _read(text, "2019") == []
    assert _read(text, None) == [("现行有效行政规范性文件", 698)]


def test_facts_are_soft_and_on_the_strictest_scope() -> None:
    found = facts("全区共收到政府信息公开申请154件，共办结148件", "2021")
    assert [(f.keys, set(f.values), f.hard) for f in found] == [
        (("t3.new_received.total",), {154}, False),
        (("t3.total.total",), {148}, False),
    ]
    assert all(f.source.startswith("prose: ") for f in found)


def test_a_figure_is_stated_once() -> None:
    assert _read("行政复议2件。行政复议2件") == [("行政复议", 2)]


def _corpus_sentences() -> list[str]:
    root = Path(__file__).parent / "fixtures" / "corpus"
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.suffix in (".txt", ".md")]
    return [s for text in texts for s in sentences(text)]


def test_every_match_of_a_statement_holds_one_of_its_words() -> None:
    """The words are what lets a sentence skip a statement's patterns: a match without one of
    them would be a figure lost."""
    found = 0
    for sentence in _corpus_sentences():
        for statement in STATEMENTS:
            assert statement.words
            for pattern in statement.patterns:
                for m in pattern.finditer(sentence):
                    found += 1
                    assert any(w in m.group(0) for w in statement.words), (statement.name, m.group(0))
    assert found > 20


def test_overlapping_words_are_each_found() -> None:
    # 新收到 holds 新收 and 收到; 已办结转 would hide 结转 from a search that cannot overlap.
    assert _read("本年度新收到申请3件") == [("本年收到申请", 3)]
    assert _read("已办结转至下年度2件") == [("本年办结申请", 2), ("结转下年度", 2)]
