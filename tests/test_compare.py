"""``diff``: one body's reports a year apart, the changed cells and the carry-over chain."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report.cli import main
from govinfo_report.compare import compare, to_html, to_json

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
PINGTAN = sorted((CORPUS / "raw" / "pingtan").glob("pingtan-*.txt"))
HONGZE = [CORPUS / "raw" / "kirogovcompare" / f"hongze-{year}.pdf" for year in (2023, 2024)]
PAIRS: list[tuple[Path, Path]] = [*itertools.pairwise(PINGTAN), (HONGZE[0], HONGZE[1])]


def _expected(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((CORPUS / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    return data


def _carry_pairs(before: str, after: str) -> dict[str, tuple[object, object]]:
    """Per 表三 column, (last year's 结转下年度, this year's 上年结转), from the expected files."""
    was, now = _expected(before)["cells"], _expected(after)["cells"]
    assert isinstance(was, dict) and isinstance(now, dict)
    columns = [k.rsplit(".", 1)[1] for k in now if k.startswith("t3.carried_over.")]
    return {c: (was[f"t3.carried_forward.{c}"] or 0, now[f"t3.carried_over.{c}"] or 0) for c in columns}


@pytest.mark.parametrize("before, after", PAIRS, ids=[f"{a.stem}-{b.stem}" for a, b in PAIRS])
def test_diff_shows_the_carry_over_pairs(before: Path, after: Path) -> None:
    comparison = compare(gr.read_with_neighbours(before), gr.read_with_neighbours(after))
    carry = {link.label: link for link in comparison.links if link.code == "carry-over"}
    want = _carry_pairs(before.stem, after.stem)
    assert len(carry) == len(want) == 7
    labels = {"natural_person": "自然人", "commercial": "商业企业", "research": "科研机构",
              "social_welfare": "社会公益组织", "legal_service": "法律服务机构", "other_org": "其他", "total": "总计"}
    for column, (was, now) in want.items():
        link = carry[labels[column]]
        got = {k.split(":")[0]: v or 0 for k, v in link.values.items()}
        assert (got["previous"], got["current"]) == (was, now)
        assert link.holds == (was == now)


def test_diff_lists_each_changed_cell_with_both_values() -> None:
    before, after = PINGTAN[0], PINGTAN[1]
    comparison = compare(gr.read_with_neighbours(before), gr.read_with_neighbours(after))
    was, now = _expected(before.stem)["cells"], _expected(after.stem)["cells"]
    assert isinstance(was, dict) and isinstance(now, dict)
    changed = {c.key: (c.before, c.after) for changes in comparison.changes.values() for c in changes}
    def norm(v: object) -> object:
        return Decimal(str(v)) if isinstance(v, float) else v

    assert changed == {k: (norm(was[k]), norm(now[k])) for k in now if k in was and norm(was[k]) != norm(now[k])}
    assert comparison.unchanged + len(changed) == sum(1 for k in now if k in was)
    data = to_json(comparison)
    assert data["before"]["year"] == 2019 and data["after"]["year"] == 2020
    assert sum(len(v) for v in data["changes"].values()) == len(changed)
    page = to_html(comparison)
    assert page.startswith("<!DOCTYPE html>") and "跨年度勾稽" in page and 'data-key="t3.' in page


def test_diff_command_in_each_format(capsys: pytest.CaptureFixture[str]) -> None:
    a, b = (str(p) for p in HONGZE)
    assert main(["diff", b, a]) in (0, 1)  # the order given does not matter: the earlier year comes first
    text = capsys.readouterr().out
    assert text.splitlines()[0].index("2023 年") < text.splitlines()[0].index("2024 年")
    assert "[carry-over] 总计" in text
    main(["diff", a, b, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert len([x for x in data["across_years"] if x["code"] == "carry-over"]) == 7
    main(["diff", a, b, "--format", "html"])
    assert "<table>" in capsys.readouterr().out
