"""The official formats as data: one TableSpec shape, identities declared once, the template drawn from it."""

from __future__ import annotations

import pytest

from govinfo_report.formats import FORMAT_2019, FORMAT_2021, FORMATS, cell_key, format_for, official_labels
from govinfo_report.formats.drawing import draw, expand, official_tables
from govinfo_report.formats.identities import identities, year_identities
from govinfo_report.model import Meta, Report


@pytest.mark.parametrize("spec", FORMATS.values(), ids=FORMATS)
def test_every_key_is_drawn_once_in_the_printed_template(spec) -> None:  # type: ignore[no-untyped-def]
    drawn = [c.key for d in official_tables(spec).values() for row in d for c in row if c.key]
    assert drawn == spec.keys()


@pytest.mark.parametrize("spec", FORMATS.values(), ids=FORMATS)
def test_drawings_are_rectangles(spec) -> None:  # type: ignore[no-untyped-def]
    for table in spec.tables:
        grid = expand(draw(table))
        assert len({len(row) for row in grid}) == 1, table.title
        covered = sum(c.row_span * c.col_span for row in draw(table) for c in row)
        assert covered == len(grid) * len(grid[0]), table.title


def test_table_three_is_drawn_as_the_official_form() -> None:
    grid = expand(draw(FORMAT_2021.t3))
    assert (len(grid), len(grid[0])) == (3 + 25, 3 + 7)
    corner, applicants = grid[0][0], grid[0][3]
    assert corner is not None and (corner.row_span, corner.col_span) == (3, 3) and "勾稽关系" in corner.text
    assert applicants is not None and (applicants.text, applicants.col_span) == ("申请人情况", 7)
    assert [c.text for c in grid[2][4:9] if c] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    withheld = grid[3 + 4][1]
    assert withheld is not None and (withheld.text, withheld.row_span) == ("（三）不予公开", 8)
    assert grid[3 + 24][0] is not None and grid[3 + 24][0].text == "四、结转下年度继续办理"  # type: ignore[union-attr]
    assert len(expand(draw(FORMAT_2019.t3))) == 3 + 23


def test_table_four_is_drawn_side_by_side() -> None:
    grid = expand(draw(FORMAT_2021.t4))
    assert [(c.text, c.col_span) for c in grid[0] if c] == [("行政复议", 5), ("行政诉讼", 10)]
    assert [(c.text, c.col_span) for c in grid[1][5:] if c] == [("未经复议直接起诉", 5), ("复议后起诉", 5)]
    assert [c.key for c in grid[3] if c] == [k for k, _, _ in FORMAT_2021.t4.keys()]


def test_identities_are_expanded_from_their_declarations() -> None:
    codes = [i.code for i in identities(FORMAT_2021)]
    assert (codes.count("t3-row-sum"), codes.count("t3-column-total"), codes.count("t3-balance"),
            codes.count("t4-group-total")) == (25, 7, 7, 3)
    total = next(i for i in identities(FORMAT_2021) if i.code == "t3-column-total" and i.label == "总计")
    assert total.left == ("t3.total.total",)
    assert total.right[0] == "t3.granted.total" and total.right[-1] == "t3.other.other.total"
    old = next(i for i in identities(FORMAT_2019) if i.code == "t3-column-total" and i.label == "自然人")
    assert old.right[-1] == "t3.other.total.natural_person"


def test_identities_across_years_are_declared_per_format() -> None:
    new = {(y.code, y.label) for y in year_identities(FORMAT_2021)}
    assert ("carry-over", "总计") in new and ("in-force-stock", "行政规范性文件") in new
    assert len([c for c, _ in new if c == "in-force-stock"]) == 2
    old = [y for y in year_identities(FORMAT_2019) if y.code == "items-previous"]
    assert [y.label for y in old] == ["行政许可", "其他对外管理服务事项", "行政处罚", "行政强制", "行政事业性收费"]
    carry = next(y for y in year_identities(FORMAT_2021) if y.code == "carry-over" and y.label == "自然人")
    assert carry.terms == ((0, "t3.carried_over.natural_person", 1), (-1, "t3.carried_forward.natural_person", -1))


def test_a_report_resolves_its_format_once() -> None:
    assert Report(Meta(template="2019")).format is FORMAT_2019
    assert Report(Meta(year=2020)).format is FORMAT_2019
    assert Report(Meta(year=2023)).format is FORMAT_2021
    assert Report(Meta()).format is FORMAT_2021
    assert format_for("2021", 2019) is FORMAT_2021


def test_keys_and_official_labels() -> None:
    assert cell_key("t3", "withheld.state_secret", "total") == "t3.withheld.state_secret.total"
    labels = official_labels(FORMAT_2021)
    assert labels["t3.withheld.state_secret.commercial"] == "（三）不予公开 1.属于国家秘密 / 商业企业"
    assert labels["t3.granted.total"] == "（一）予以公开 / 总计"
    assert labels["t4.litigation_after_review.pending"] == "复议后起诉 / 尚未审结"
    assert set(labels) == set(FORMAT_2021.keys())
