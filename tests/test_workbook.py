"""The fill-in workbook, and the readers of the data the library writes.

An office starts from the empty workbook, types its numbers, checks them and publishes the
Word file; every step must keep the numbers it was given.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as gr
from govinfo_report.cli import main
from govinfo_report.errors import CorruptFileError
from govinfo_report.formats import FORMATS, Kind
from govinfo_report.formats.drawing import draw
from govinfo_report.formats.identities import table_identities
from govinfo_report.formats.workbook import META_SHEET, TEXT_FIRST_ROW, TEXT_SHEET, check_column, positions
from govinfo_report.serialize import report_from_dict
from writer_support import build_report, report_from_expected

openpyxl = pytest.importorskip("openpyxl")

EXPECTED = sorted((Path(__file__).parent / "fixtures" / "corpus" / "expected").glob("*.json"))


def _template(tmp_path: Path, year: int, agency: str = "某某县人民政府") -> Path:
    out = tmp_path / f"填报{year}.xlsx"
    assert main(["template", "--year", str(year), "--agency", agency, "-o", str(out)]) == 0
    return out


def _fill(path: Path, expected: dict[str, Any]) -> None:
    """What an office does: type each number into its cell of the right sheet."""
    book = openpyxl.load_workbook(path)
    spec = FORMATS[expected["meta"]["template"]]
    for table in spec.tables:
        ws = book[table.title]
        for key, (row, column) in positions(table).items():
            value = expected["cells"][key]
            ws.cell(row, column).value = float(value) if isinstance(value, float) else value
    ws = book[TEXT_SHEET]
    ws.cell(TEXT_FIRST_ROW, 3).value = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》。"
    ws.cell(TEXT_FIRST_ROW + 5, 3).value = "本年度未收取信息处理费。"
    book.save(path)


@pytest.mark.parametrize("year, template, rows", [(2025, "2021", 25), (2020, "2019", 23)])
def test_template_lays_out_each_table_as_printed(tmp_path: Path, year: int, template: str, rows: int) -> None:
    book = openpyxl.load_workbook(_template(tmp_path, year))
    assert book.sheetnames == [META_SHEET, TEXT_SHEET, "表二", "表三", "表四"]
    spec = FORMATS[template]
    t3 = book["表三"]
    texts = {str(c.value) for row in t3.iter_rows() for c in row if isinstance(c.value, str)}
    assert "（七）总计" in texts and "法人或其他组织" in texts and "自然人" in texts
    assert any("勾稽关系" in t for t in texts)
    assert len({r for r, _ in positions(spec.t3).values()}) == rows
    # the merged headers of the drawing are merged in the sheet
    merged = {str(m) for m in t3.merged_cells.ranges}
    assert len(merged) == sum(1 for row in draw(spec.t3) for c in row if c.row_span > 1 or c.col_span > 1) + 1
    # value cells are the only unlocked ones in a protected sheet, each validated
    assert t3.protection.sheet
    validated = {str(c) for dv in t3.data_validations.dataValidation for rng in dv.sqref.ranges for c in [rng]}
    for key, (row, column) in positions(spec.t3).items():
        cell = t3.cell(row, column)
        assert cell.protection.locked is False, key
        assert cell.number_format == "0"
        assert any(cell.coordinate in r for r in validated), key
    assert t3.cell(1, 1).protection.locked is not False
    # one live formula per identity, beside the table
    col = check_column(spec.t3)
    formulas = [t3.cell(r, col + 1).value for r in range(4, 4 + len(table_identities(spec.t3)))]
    assert all(isinstance(f, str) and f.startswith("=SUM(") for f in formulas)
    assert len(formulas) == len(table_identities(spec.t3))


def test_identity_formula_names_the_cells_of_its_identity(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_template(tmp_path, 2025))
    spec = FORMATS["2021"]
    t4 = book["表四"]
    col = check_column(spec.t4)
    first = table_identities(spec.t4)[0]  # 行政复议: total = upheld + corrected + other + pending
    places = positions(spec.t4)
    cells = [t4.cell(*places[k]).coordinate for k in (*first.left, *first.right)]
    formula = t4.cell(4, col + 1).value
    assert formula == f"=SUM({cells[0]})-SUM({','.join(cells[1:])})"


def test_fee_is_money_with_four_decimals(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_template(tmp_path, 2025))
    t2 = book["表二"]
    row, column = positions(FORMATS["2021"].t2)["t2.fees.amount"]
    cell = t2.cell(row, column)
    assert cell.number_format == "0.0000##"
    rules = [dv for dv in t2.data_validations.dataValidation if cell.coordinate in str(dv.sqref)]
    assert rules and rules[0].type == "custom" and "ROUND" in (rules[0].formula1 or "")


@pytest.mark.parametrize("expected_path", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_fill_check_publish_read_back(tmp_path: Path, expected_path: Path) -> None:
    """template → fill → check → convert to Word → read back: the same cells throughout."""
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    meta = expected["meta"]
    path = _template(tmp_path, meta["year"], meta["agency"])
    _fill(path, expected)
    want = report_from_expected(expected).flat_cells()

    filled = gr.read(path)
    assert filled.meta.template == meta["template"] and filled.meta.year == meta["year"]
    assert filled.flat_cells() == want
    assert filled.sections["other"].text == "本年度未收取信息处理费。"
    codes = {f.code for f in gr.check(filled)}
    assert "fee-statement-missing" not in codes and "table-missing" not in codes

    docx = tmp_path / "报告.docx"
    assert main(["convert", str(path), "-o", str(docx)]) == 0
    back = gr.read(docx)
    wrong = {k: (v, back.flat_cells().get(k)) for k, v in want.items() if back.flat_cells().get(k) != v}
    assert not wrong
    assert _findings(back) == _findings(filled)


def _findings(report: gr.Report) -> set[tuple[str, tuple[str, ...]]]:
    return {(f.code, f.cells) for f in gr.check(report)}


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_xlsx_writer_reads_back(tmp_path: Path, template: str) -> None:
    report = build_report(template)
    path = gr.write(report, tmp_path / "报告.xlsx", [])
    back = gr.read(path)
    assert back.meta.agency == report.meta.agency and back.meta.title == report.meta.title
    assert back.flat_cells() == report.flat_cells()
    assert back.value("t2.fees.amount" if template == "2021" else "t2.procurement.amount") == Decimal("7539.443252")
    for key, section in report.sections.items():
        assert back.sections[key].text == section.text


@pytest.mark.parametrize("writer", ["json", "flat-json", "csv", "xlsx"])
@pytest.mark.parametrize("template", ["2021", "2019"])
def test_data_writers_read_back_to_the_same_cells(tmp_path: Path, writer: str, template: str) -> None:
    report = build_report(template)
    suffix = {"json": ".json", "flat-json": ".flat.json", "csv": ".csv", "xlsx": ".xlsx"}[writer]
    path = gr.write(report, tmp_path / f"report{suffix}", [], to=writer)
    back = gr.read(path)
    assert back.meta.year == report.meta.year and back.meta.template == template
    assert back.flat_cells() == report.flat_cells()
    blank = back.cell("t3.carried_over.research")
    assert blank is not None and blank.value is None
    findings = {(f.code, f.cells) for f in gr.check(back) if f.code.startswith("t")}
    assert findings == {(f.code, f.cells) for f in gr.check(report) if f.code.startswith("t")}


def test_a_missing_table_reads_back_missing(tmp_path: Path) -> None:
    report = build_report("2021")
    for cell in report.tables["t4"].cells.values():
        cell.value, cell.raw = None, None
    report.tables["t4"].found = False
    for writer, suffix in (("xlsx", ".xlsx"), ("csv", ".csv"), ("json", ".json")):
        back = gr.read(gr.write(report, tmp_path / f"r{suffix}", [], to=writer))
        assert not back.tables["t4"].found, writer
        assert all(c.is_missing for c in back.tables["t4"].cells.values()), writer


def test_flat_json_is_refused_by_the_full_model_loader() -> None:
    flat = gr.flat(build_report("2021"))
    with pytest.raises(ValueError, match="flat form"):
        report_from_dict(flat)
    report = gr.report_from_flat(flat)
    assert report.value("t3.total.total") == build_report("2021").value("t3.total.total")


def test_expected_files_read_as_flat_json(tmp_path: Path) -> None:
    path = EXPECTED[0]
    expected = json.loads(path.read_text(encoding="utf-8"))
    report = gr.read(path)
    assert report.flat_cells() == report_from_expected(expected).flat_cells()


def test_text_in_a_number_cell_is_read_as_printed_or_refused(tmp_path: Path) -> None:
    path = _template(tmp_path, 2025)
    book = openpyxl.load_workbook(path)
    spec = FORMATS["2021"]
    places = positions(spec.t3)
    book["表三"].cell(*places["t3.granted.natural_person"]).value = "—"
    book["表三"].cell(*places["t3.granted.total"]).value = "3"
    book.save(path)
    report = gr.read(path)
    assert report.cell("t3.granted.natural_person").is_blank
    assert report.value("t3.granted.total") == 3
    book["表三"].cell(*places["t3.granted.total"]).value = "三件"
    book.save(path)
    with pytest.raises(CorruptFileError, match=r"t3\.granted\.total"):
        gr.read(path)


def test_money_kind_survives_a_float_cell(tmp_path: Path) -> None:
    assert FORMATS["2021"].kind_of("t2.fees.amount") is Kind.MONEY
    path = _template(tmp_path, 2024)
    book = openpyxl.load_workbook(path)
    book["表二"].cell(*positions(FORMATS["2021"].t2)["t2.fees.amount"]).value = 0.35
    book.save(path)
    assert gr.read(path).value("t2.fees.amount") == Decimal("0.35")


def test_live_checks_show_each_failing_identity(tmp_path: Path) -> None:
    """Evaluated on the filled numbers, the formulas beside the tables are non-zero exactly
    where the rules find a sum that does not hold."""
    import re

    expected = json.loads((Path(__file__).parent / "fixtures" / "corpus" / "expected" / "pingtan-2021.json")
                          .read_text(encoding="utf-8"))
    expected["cells"]["t3.granted.commercial"] += 1
    expected["cells"]["t4.review.upheld"] += 2
    path = _template(tmp_path, 2021)
    _fill(path, expected)
    book = openpyxl.load_workbook(path)
    spec = FORMATS["2021"]
    shown: set[tuple[str, str]] = set()
    for table in spec.tables:
        ws = book[table.title]
        col = check_column(table)
        for row, identity in enumerate(table_identities(table), start=4):
            left, right = re.fullmatch(r"=SUM\(([^)]*)\)-SUM\(([^)]*)\)", ws.cell(row, col + 1).value).groups()

            def total(refs: str, ws: Any = ws) -> Decimal:
                return sum((Decimal(str(ws[ref].value or 0)) for ref in refs.split(",")), Decimal(0))

            if total(left) != total(right):
                shown.add((identity.code, identity.label))
    sums = [f for f in gr.check(gr.read(path)) if f.code in {"t3-row-sum", "t3-column-total", "t3-balance",
                                                              "t4-group-total"}]
    assert shown == {("t3-column-total", "商业企业"), ("t3-row-sum", "（一）予以公开"), ("t4-group-total", "行政复议")}
    assert sorted(f.code for f in sums) == sorted(code for code, _ in shown)
