"""What a report says about itself: agency from title, 落款, metadata or heading; issue dates."""

from __future__ import annotations

import pytest

from govinfo_report.layout import Layout, Paragraph
from govinfo_report.model import Report
from govinfo_report.readers.text import parse_text
from govinfo_report.recognize import recognize
from govinfo_report.recognize.meta import parse_date

BODY = ["一、总体情况", "本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。",
        *(f"本年度围绕第{n}项重点工作推进政务公开。" for n in range(1, 21)),
        "六、其他需要报告的事项", "本年度未收取信息处理费。"]


def read_lines(*lines: str, metadata: dict[str, str] | None = None) -> Report:
    layout = Layout(tuple(Paragraph(line) for line in lines), metadata=metadata or {})
    return recognize(layout)


@pytest.mark.parametrize(("title", "agency", "year"), [
    (["洪泽区人民政府", "2023 年政府信息公开工作年度报告"], "洪泽区人民政府", 2023),
    (["2024 年上海市科委政府信息公开工作", "年度报告"], "上海市科委", 2024),
    (["2025 年上海市人民政府办公厅政府信息公开", "工作年度报告"], "上海市人民政府办公厅", 2025),
    # A page narrower than the title: the break falls inside a word, after the body and year.
    (["淮安市洪泽区人民政府2024年政府信息公开工", "作年度报告"], "淮安市洪泽区人民政府", 2024),
])
def test_a_title_wrapped_over_lines_names_the_agency(title: list[str], agency: str, year: int) -> None:
    report = read_lines("正文", *title, *BODY)
    assert report.meta.agency == agency
    assert report.meta.provenance["agency"] == "title"
    assert report.meta.title == "".join(title)
    assert report.meta.year == year


def test_a_line_above_the_title_that_names_no_body_is_not_the_agency() -> None:
    report = read_lines("正文", "2023年政府信息公开工作年度报告", *BODY)
    assert report.meta.title == "2023年政府信息公开工作年度报告"
    assert report.meta.agency is None


def test_the_signature_names_the_agency_when_the_title_does_not() -> None:
    report = read_lines("2023年政府信息公开工作年度报告", *BODY, "某县财政局", "2024年1月15日")
    assert report.meta.agency == "某县财政局"
    assert report.meta.provenance["agency"] == "signature"
    assert report.meta.published == "2024-01-15"
    assert report.meta.provenance["published"] == "signature"


def test_metadata_names_the_agency_when_it_names_a_body() -> None:
    lines = ("2023年政府信息公开工作年度报告", *BODY)
    report = read_lines(*lines, metadata={"title": "政府信息公开工作年度报告", "author": "某市生态环境局"})
    assert (report.meta.agency, report.meta.provenance["agency"]) == ("某市生态环境局", "metadata")
    clerk = read_lines(*lines, metadata={"title": "政府信息公开工作年度报告", "author": "王守强"})
    assert clerk.meta.agency is None


def test_the_first_heading_names_the_agency_last() -> None:
    report = read_lines("某区应急管理局", "年度政府信息公开情况", *BODY)
    assert (report.meta.agency, report.meta.provenance["agency"]) == ("某区应急管理局", "heading")


@pytest.mark.parametrize(("printed", "iso"), [
    ("2024年1月15日", "2024-01-15"),
    ("2024年 1月 15日", "2024-01-15"),
    ("2024 年 01 月 15 日", "2024-01-15"),
    ("２０２４年１月１５日", "2024-01-15"),
    ("二〇二四年一月十五日", "2024-01-15"),
    ("二○二四年元月十五日", "2024-01-15"),
    ("二〇二三年十二月三十一日", "2023-12-31"),
    ("二〇二四年二月二十日", "2024-02-20"),
    ("（2024年1月15日）", "2024-01-15"),
    ("2024年1月15日印发", "2024-01-15"),
])
def test_the_signature_date_however_it_is_written(printed: str, iso: str) -> None:
    report = read_lines("某县财政局2023年政府信息公开工作年度报告", *BODY, "某县财政局", printed)
    assert report.meta.published == iso


def test_dates_in_sentences_are_not_the_issue_date() -> None:
    report = read_lines("某县财政局2023年政府信息公开工作年度报告",
                        "本年度报告中所列数据的统计周期为 2024 年 1 月 1 日至 12 月 31 日。", *BODY)
    assert report.meta.published is None


def test_a_labelled_page_date_under_the_title() -> None:
    report = recognize(parse_text("某县财政局2023年政府信息公开工作年度报告\n发布时间: 2024-02-08 16:34\n"
                                  + "\n".join(BODY)))
    assert (report.meta.published, report.meta.provenance["published"]) == ("2024-02-08", "heading")


def test_parse_date_rejects_impossible_dates() -> None:
    assert parse_date("2024年13月1日") is None
    assert parse_date("二〇二四年一月三十二日") is None


def test_a_document_number_cited_in_a_sentence_is_not_the_reports() -> None:
    cited = read_lines("某县财政局2023年政府信息公开工作年度报告",
                       "依据《年度报告格式》（国办公开办函〔2021〕30号）编制本报告。", *BODY)
    assert cited.meta.document_number is None
    own = read_lines("某县财政局2023年政府信息公开工作年度报告", "某财发〔2024〕3号", *BODY)
    assert own.meta.document_number == "某财发〔2024〕3号"
