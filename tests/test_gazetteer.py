"""Divisions named by the agency: GB/T 2260 codes, look-alike slips folded, one body key."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from govinfo_report import gazetteer
from govinfo_report.layout import Layout, Paragraph
from govinfo_report.model import Meta, Report
from govinfo_report.recognize import recognize
from govinfo_report.rules.corpus import group_by_body, same_body
from govinfo_report.serialize import flat
from govinfo_report.writers.csv_writer import CsvWriter

ROOT = Path(__file__).resolve().parents[1]


def read_title(title: str, year: int = 2023) -> Report:
    lines = (title, "一、总体情况", f"本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。")
    return recognize(Layout(tuple(Paragraph(line) for line in lines)))


@pytest.mark.parametrize(("agency", "code", "level", "body"), [
    ("洪泽区人民政府", "320813", "县", "320813:人民政府"),
    ("淮安市洪泽区人民政府", "320813", "县", "320813:人民政府"),
    ("淮安市洪泽区政府", "320813", "县", "320813:人民政府"),
    ("洪泽区政府办公室", "320813", "县", "320813:人民政府办公室"),
    ("上海市人民政府办公厅", "310000", "省", "310000:人民政府办公厅"),
    ("淮安市", "320800", "市", "320800:人民政府"),
    ("北京市朝阳区人民政府", "110105", "县", "110105:人民政府"),
    ("某市平潭综合实验区管理委员会", None, None, None),
])
def test_agency_gives_division_code_level_and_body(agency: str, code: str | None, level: str | None,
                                                   body: str | None) -> None:
    meta = read_title(f"{agency}2023年政府信息公开工作年度报告").meta
    assert (meta.agency, meta.division_code, meta.division_level, meta.body) == (agency, code, level, body)


def test_a_township_has_its_level_and_its_county_in_the_body_key() -> None:
    meta = read_title("房县白鹤镇人民政府2023年政府信息公开工作年度报告").meta
    assert (meta.division_level, meta.division_code, meta.body) == ("乡镇", None, "420325:白鹤镇人民政府")
    alone = read_title("金殿镇2022年政府信息公开年度报告").meta
    assert (alone.division_level, alone.division_code, alone.body) == ("乡镇", None, None)


def test_a_look_alike_slip_in_a_county_name_is_folded_and_noted() -> None:
    meta = read_title("沐阳县人民政府 2025 年 政府信息公开工作年度报告", 2025).meta
    assert meta.agency == "沭阳县人民政府"
    assert (meta.division_code, meta.division_level, meta.body) == ("321322", "县", "321322:人民政府")
    assert meta.provenance["division"] == "gazetteer (沐阳县 read as 沭阳县)"
    assert meta.title == "沐阳县人民政府 2025 年 政府信息公开工作年度报告"  # printed as it is


def test_a_fold_stays_inside_the_parent_the_text_names() -> None:
    assert gazetteer.read("江苏省沐阳县人民政府").division.code == "321322"  # type: ignore[union-attr]
    # 沭阳县 is not in 河南省; the 河南 counties one character away (泌阳县, 汝阳县…) are no
    # look-alikes: the county stays unplaced, and the body is not passed off as the province's.
    henan = gazetteer.read("河南省沐阳县人民政府")
    assert henan is not None and henan.folds == ()
    assert (henan.unplaced, henan.division, henan.level) == ("沐阳县", None, None)


def test_a_slip_that_is_no_look_alike_is_not_folded() -> None:
    assert gazetteer.read("洪阳县人民政府") is None  # 安阳县, 邵阳县 … differ by more than a stroke


def test_a_name_several_divisions_share_gets_no_code() -> None:
    meta = read_title("朝阳区人民政府2023年政府信息公开工作年度报告").meta
    assert (meta.division_code, meta.division_level, meta.body) == (None, None, None)
    assert meta.agency == "朝阳区人民政府"


def test_reports_of_one_body_group_by_the_body_key() -> None:
    slip = read_title("沐阳县人民政府2023年政府信息公开工作年度报告").meta
    exact = read_title("江苏省沭阳县政府2024年政府信息公开工作年度报告", 2024).meta
    assert slip.body == exact.body == "321322:人民政府"
    assert same_body(slip, exact)
    # Different bodies whose names end alike are kept apart once their divisions are known.
    beijing = Meta(agency="北京市朝阳区人民政府", year=2023, body="110105:人民政府")
    changchun = Meta(agency="朝阳区人民政府", year=2024, body="220104:人民政府")
    assert not same_body(beijing, changchun)
    groups = group_by_body([Report(slip), Report(exact), Report(beijing), Report(changchun)])
    assert [[r.meta.year for r in g] for g in groups] == [[2023, 2024]]


def test_reports_without_a_division_still_group_by_name() -> None:
    before = Meta(agency="平潭综合实验区", year=2022)
    after = Meta(agency="平潭综合实验区管委会", year=2023)
    assert same_body(before, after)


def test_division_fields_validate_against_the_flat_schema() -> None:
    report = read_title("淮安市洪泽区人民政府2024年政府信息公开工作年度报告", 2024)
    report.meta.template = "2021"
    out = flat(report)
    assert out["meta"]["division_code"] == "320813" and out["meta"]["body"] == "320813:人民政府"
    jsonschema.validate(out, json.loads((ROOT / "docs" / "flat.schema.json").read_text(encoding="utf-8")))


def test_csv_rows_carry_the_body_key_to_join_on() -> None:
    report = read_title("淮安市洪泽区人民政府2024年政府信息公开工作年度报告", 2024)
    report.meta.template = "2021"
    rows = list(csv.DictReader(io.StringIO(CsvWriter().render(report, []).removeprefix("\ufeff"))))
    assert {(r["body"], r["division_code"]) for r in rows} == {("320813:人民政府", "320813")}
