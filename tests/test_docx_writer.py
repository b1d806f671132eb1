"""DOCX writer: the official tables with their merges, read back by the DOCX reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from govinfo_report.formats import FORMATS
from govinfo_report.formats.drawing import official_tables
from govinfo_report.layout import Layout, Table
from govinfo_report.readers.docx import DocxReader
from govinfo_report.writers.docx_writer import DocxWriter, register_writers
from govinfo_report.writers.html_writer import format_value
from writer_support import AGENCY, BLANK_KEYS, build_findings, build_report


def written(tmp_path: Path, template: str = "2021") -> Layout:
    data = DocxWriter().render(build_report(template), build_findings())
    assert isinstance(data, bytes) and data.startswith(b"PK\x03\x04")
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    return DocxReader().read(path)


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_tables_have_the_official_merges(tmp_path: Path, template: str) -> None:
    layout = written(tmp_path, template)
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    report = build_report(template)
    grids = official_tables(FORMATS[template])
    assert len(tables) == 3
    for table, grid in zip(tables, grids.values(), strict=True):
        got = [[(c.text, c.row_span, c.col_span) for c in row] for row in table.rows]
        want = [[(format_value(report.value(g.key)) if g.key else g.text, g.row_span, g.col_span)
                 for g in row] for row in grid]
        assert got == want


def test_template_shapes_values_and_blanks(tmp_path: Path) -> None:
    layout = written(tmp_path)
    t2, t3, t4 = (t.text_rows() for t in layout.tables())
    assert [(len(g), len(g[0])) for g in (t2, t3, t4)] == [(14, 4), (28, 10), (4, 15)]
    assert t2[13][:2] == ["行政事业性收费", "7539.443252"]
    assert t2[9][:2] == ["行政处罚", ""]  # blank, not 0
    assert "t2.penalty.decisions" in BLANK_KEYS
    assert t3[7][:3] == ["", "（三）不予公开", "1.属于国家秘密"]
    assert t3[4][5] == ""  # t3.carried_over.research is blank
    assert t4[3][8] == ""  # t4.litigation_direct.pending is blank


def test_title_headings_and_prose(tmp_path: Path) -> None:
    layout = written(tmp_path)
    assert layout.metadata["title"] == f"{AGENCY}2023年政府信息公开工作年度报告"
    heads = [p.text for p in layout.paragraphs() if p.heading]
    assert heads == [f"{AGENCY}2023年政府信息公开工作年度报告", "一、总体情况", "二、主动公开政府信息情况",
                     "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
                     "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    texts = [p.text for p in layout.paragraphs()]
    assert "总体情况的说明文字，第一段。" in texts
    assert not any("GIR-" in t for t in texts)  # findings are not printed into the publishable file


def test_registration() -> None:
    registered: list[object] = []
    register_writers(register=registered.append)
    (writer,) = registered
    assert isinstance(writer, DocxWriter) and writer.name == "docx" and writer.binary
