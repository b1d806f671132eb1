"""HTML writer: official merged headers, marked cells, findings list, self-contained, round trip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from govinfo_report.formats import FORMATS
from govinfo_report.formats.drawing import official_tables
from govinfo_report.layout import Table
from govinfo_report.readers.html import HtmlReader
from govinfo_report.writers.html_writer import HtmlWriter, format_value, register_writers
from writer_support import BLANK_KEYS, FEE, build_findings, build_report


@pytest.fixture(scope="module")
def page() -> str:
    return HtmlWriter().render(build_report(), build_findings())


@pytest.fixture(scope="module")
def doc(page: str) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(page)


def th(doc: lxml_html.HtmlElement, text: str) -> lxml_html.HtmlElement:
    (cell,) = [c for c in doc.iter("th") if c.text_content() == text][:1]
    return cell


def spans(cell: lxml_html.HtmlElement) -> tuple[int, int]:
    return int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))


def test_title_and_six_sections(doc: lxml_html.HtmlElement) -> None:
    assert doc.findtext(".//h1") == "测试县交通运输局2023年政府信息公开工作年度报告"
    headings = [h.text_content() for h in doc.iter("h2")]
    assert headings[:6] == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                            "六、其他需要报告的事项"]
    assert "第二段：本年度共收到申请若干件。" in [p.text_content() for p in doc.iter("p")]


def test_merged_headers_as_in_the_template(doc: lxml_html.HtmlElement) -> None:
    assert spans(th(doc, "第二十条第（一）项")) == (1, 4)
    assert spans(th(doc, "本年收费金额（单位：万元）")) == (1, 3)
    assert spans(th(doc, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")) == (3, 3)
    assert spans(th(doc, "申请人情况")) == (1, 7)
    assert spans(th(doc, "自然人")) == (2, 1)
    assert spans(th(doc, "法人或其他组织")) == (1, 5)
    assert spans(th(doc, "三、本年度办理结果")) == (22, 1)
    assert spans(th(doc, "（三）不予公开")) == (8, 1)
    assert spans(th(doc, "（四）无法提供")) == (3, 1)
    assert spans(th(doc, "（五）不予处理")) == (5, 1)
    assert spans(th(doc, "（六）其他处理")) == (3, 1)
    assert spans(th(doc, "（一）予以公开")) == (1, 2)
    assert spans(th(doc, "（七）总计")) == (1, 2)
    assert spans(th(doc, "一、本年新收政府信息公开申请数量")) == (1, 3)
    assert spans(th(doc, "行政复议")) == (1, 5)
    assert spans(th(doc, "行政诉讼")) == (1, 10)
    assert spans(th(doc, "未经复议直接起诉")) == (1, 5)
    assert spans(th(doc, "复议后起诉")) == (1, 5)


def test_values_blanks_and_money(doc: lxml_html.HtmlElement) -> None:
    report = build_report()
    for key in FORMATS["2021"].keys():
        cell = doc.get_element_by_id(f"cell-{key}")
        assert cell.text_content() == format_value(report.value(key)), key
    for key in BLANK_KEYS:
        cell = doc.get_element_by_id(f"cell-{key}")
        assert cell.text_content() == "" and "blank" in cell.get("class", "").split()
    assert doc.get_element_by_id("cell-t2.fees.amount").text_content() == str(FEE) == "7539.443252"


def test_finding_cells_are_marked(doc: lxml_html.HtmlElement) -> None:
    total = doc.get_element_by_id("cell-t3.total.total")
    assert "f-error" in total.get("class", "").split()
    assert "表三（七）总计行之和不等于总计列" in total.get("title", "")
    blank = doc.get_element_by_id("cell-t3.carried_over.research")
    assert "f-warning" in blank.get("class", "").split()
    assert "f-info" in doc.get_element_by_id("cell-t2.fees.amount").get("class", "")
    plain = doc.get_element_by_id("cell-t3.granted.commercial")
    assert not any(c.startswith("f-") for c in plain.get("class", "").split())


def test_findings_list_links_to_existing_cells(doc: lxml_html.HtmlElement, page: str) -> None:
    findings = doc.get_element_by_id("findings")
    items = findings.findall(".//li[@class]")
    assert len([li for li in items if li.get("class", "").startswith("sev-")]) == 5
    assert items[0].get("class") == "sev-error"  # errors first
    hrefs = [a.get("href") for a in findings.iter("a")]
    assert "#cell-t3.total.total" in hrefs and "#cell-t4.review.total" in hrefs
    for href in hrefs:
        assert doc.get_element_by_id(href[1:]) is not None
    assert "meta.published" in findings.text_content()  # named, though not a table cell
    legend = findings.find_class("legend")[0].text_content()
    assert "错误" in legend and "警告" in legend and "提示" in legend


def test_page_is_self_contained(page: str) -> None:
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.IGNORECASE)
    assert "url(" not in page and "@import" not in page and "<script" not in page.lower()
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def _grids(path: Path) -> list[list[list[str]]]:
    tables = [b for b in HtmlReader().read(path).blocks if isinstance(b, Table)]
    return [t.text_rows() for t in tables]


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_reads_back_to_the_same_cells(tmp_path: Path, template: str) -> None:
    report = build_report(template)
    fmt = FORMATS[template]
    path = tmp_path / "report.html"
    path.write_text(HtmlWriter().render(report, build_findings()), encoding="utf-8")
    t2, t3, t4 = _grids(path)
    expected = official_tables(fmt)
    assert (len(t2), len(t3), len(t4)) == tuple(len(g) for g in expected.values())
    # 表三: data rows start under the three header rows, values in the last seven columns.
    for r, row in enumerate(fmt.t3.rows):
        for c, col in enumerate(fmt.t3.columns):
            assert t3[3 + r][3 + c] == format_value(report.value(f"t3.{row.key}.{col.key}"))
        assert row.label in t3[3 + r][:3]
    keys = [f"t4.{g.key}.{c.key}" for g in fmt.t4.rows for c in fmt.t4.columns]
    values = [format_value(report.value(key)) for key in keys]
    assert t4[3] == values
    # 表二: a banner, a header, then the block's rows.
    r = 0
    for block in fmt.t2.blocks:
        assert t2[r][0] == block.banner
        for i, row in enumerate(block.rows):
            line = t2[r + 2 + i]
            assert line[0] == row.label
            assert line[1:1 + len(block.columns)] == [
                format_value(report.value(f"t2.{row.key}.{col.key}")) for col in block.columns]
        r += 2 + len(block.rows)
    text = "\n".join(p.text for p in HtmlReader().read(path).paragraphs())
    assert "检查结果" not in text and "GIR-" not in text  # annotations are not report text


def test_registration() -> None:
    registered: list[object] = []
    register_writers(register=registered.append)
    (writer,) = registered
    assert isinstance(writer, HtmlWriter) and writer.name == "html" and ".html" in writer.extensions


def test_a_finding_points_at_the_place_of_its_cells_in_the_source() -> None:
    from govinfo_report.layout import Location
    from govinfo_report.model import Finding, Severity

    finding = Finding("t3-row-sum", Severity.ERROR, "表三行合计不符", ("t3.granted.total",),
                      locations={"t3.granted.total": Location(page=3, bbox=(72.0, 510.2, 140.0, 522.0))})
    page = HtmlWriter().render(build_report(), [finding])
    link = lxml_html.document_fromstring(page).get_element_by_id("finding-1").find(".//a")
    assert link.get("title") == "原文位置：p.3 (72.0,510.2)-(140.0,522.0)"


def test_findings_name_cells_by_their_printed_labels(doc: lxml_html.HtmlElement) -> None:
    links = {a.get("data-key"): a.text_content() for a in doc.get_element_by_id("findings").iter("a")}
    assert links["t3.total.total"] == "表三 （七）总计 / 总计"
    assert links["t4.review.total"] == "表四 行政复议 / 总计"


def test_a_column_total_marks_its_total_strongly_and_its_contributors_lightly() -> None:
    import json

    import govinfo_report as gr
    from govinfo_report.model import Cause
    from writer_support import report_from_expected

    expected = Path(__file__).parent / "fixtures" / "corpus" / "expected" / "pingtan-2021.json"
    report = report_from_expected(json.loads(expected.read_text(encoding="utf-8")))
    granted = report.cell("t3.granted.commercial")
    assert granted is not None and isinstance(granted.value, int)
    granted.value += 1  # the 商业企业 column no longer adds up, nor the 予以公开 row
    findings = gr.check(report)
    assert {"t3-column-total", "t3-row-sum"} <= {f.code for f in findings}
    doc = lxml_html.document_fromstring(HtmlWriter().render(report, findings))

    def classes(key: str) -> set[str]:
        return set(doc.get_element_by_id(f"cell-{key}").get("class", "").split())

    assert "f-error" in classes("t3.total.commercial")  # the column's 总计: what is wrong
    assert "f-error" in classes("t3.granted.total")  # the row's 总计
    assert "cited" in classes("t3.withheld.state_secret.commercial") and "f-error" not in classes(
        "t3.withheld.state_secret.commercial")  # summed into the total: cited only
    assert not classes("t3.withheld.state_secret.research") & {"f-error", "cited"}  # another column: untouched
    doubt = gr.Finding("uncertain-reading", gr.Severity.WARNING, "读取存疑", cells=("t3.granted.research",),
                       cause=Cause.READING)
    doc = lxml_html.document_fromstring(HtmlWriter().render(report, [*findings, doubt]))
    assert "reading" in set(doc.get_element_by_id("cell-t3.granted.research").get("class", "").split())
