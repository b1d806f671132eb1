"""What a reader is told about digits run together that split more than one way.

The message names the few likeliest splits of the run and what ruled others out; the finding's
data carries every candidate, through the JSON writers and the schemas.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import govinfo_report as gr
from govinfo_report.model import Finding, Report
from govinfo_report.recognize.runs import SEVERAL_SPLITS, SHOWN_SPLITS
from govinfo_report.serialize import report_from_dict, report_to_dict

ROOT = Path(__file__).resolve().parents[1]
PINGTAN = ROOT / "tests" / "fixtures" / "corpus" / "raw" / "pingtan"


def _alone(year: int) -> Report:
    return gr.read(PINGTAN / f"pingtan-{year}.txt")


def _splits(report: Report) -> list[Finding]:
    return [f for f in report.reading_findings if f.actual == SEVERAL_SPLITS]


def _shown(split: list[int | str]) -> str:
    return " | ".join(str(v) for v in split)


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2023, 2024, 2025])
def test_one_finding_per_run_naming_at_most_five_splits(year: int) -> None:
    report = _alone(year)
    findings = _splits(report)
    assert findings
    for f in findings:
        candidates = f.data["candidates"]
        assert len(candidates) > 1
        assert set(f.cells) <= set(f.data["keys"])
        assert candidates[0] == [report.value(k) if isinstance(report.value(k), int) else str(report.value(k))
                                 for k in f.data["keys"]]
        named = [c for c in candidates if f"：{_shown(c)}；" in f.message or f"；{_shown(c)}" in f.message
                 or f"：{_shown(c)}。" in f.message]
        assert named == candidates[:SHOWN_SPLITS]
        assert f"有 {len(candidates)} 种拆分" in f.message
        json.dumps(f.data)


def test_the_licensing_run_of_2020_lists_28_splits_and_names_five() -> None:
    [f] = [f for f in _splits(_alone(2020)) if f.data["run"] == "396442278"]
    assert len(f.data["candidates"]) == 28
    assert f.message.endswith("其余 23 种见 data.candidates。请核对原文。")
    assert f.cells == ("t2.licensing.previous", "t2.licensing.change", "t2.licensing.decisions")


def test_what_the_prose_states_rules_splits_out() -> None:
    [f] = _splits(_alone(2023))
    assert f.data["candidates"] == [[77, 132, 470], [77, 13, 2470], [77, 1324, 70], [77, 1, 32470], [77, 13247, 0]]
    assert f.data["ruled_out"] == 16
    assert [s[:9] for s in f.data["ruled_out_by"]] == ["prose: 按照"]
    assert "另有 16 种拆分与正文“按照省政府办公厅" in f.message


def test_candidates_travel_through_json_and_validate_against_the_schemas() -> None:
    report = _alone(2023)
    findings = gr.check(report)
    [f] = [f for f in findings if f.actual == SEVERAL_SPLITS]
    full = json.loads(str(gr.render(report, "json", findings)))
    jsonschema.validate(full, json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8")))
    [written] = [x for x in full["findings"] if x.get("actual") == SEVERAL_SPLITS]
    assert written["data"] == f.data
    flat = json.loads(str(gr.render(report, "flat-json", findings)))
    jsonschema.validate(flat, json.loads((ROOT / "docs" / "flat.schema.json").read_text(encoding="utf-8")))
    assert [x["data"] for x in flat["findings"] if x.get("actual") == SEVERAL_SPLITS] == [f.data]
    assert all("data" not in x for x in flat["findings"] if x.get("actual") != SEVERAL_SPLITS)
    again = report_from_dict(json.loads(json.dumps(report_to_dict(report))))
    assert [g.data for g in _splits(again)] == [f.data]


def test_a_digit_doubled_in_a_run_is_caught_by_the_figure_the_prose_states(tmp_path: Path) -> None:
    """表四 of pingtan-2025 with one 6 doubled: 25 | 38 | 0 | 3 | 66 then satisfies every
    identity, but the prose states 行政复议36起, so the split is reported, not taken silently."""
    source = PINGTAN / "pingtan-2025.txt"
    data = source.read_bytes()
    run = b"25380363300630003"
    at = data.index(run)
    assert len(data.split(run)) == 2
    path = tmp_path / source.name
    path.write_bytes(data[:at + 6] + b"6" + data[at + 6:])
    report = gr.read(path)
    assert report.value("t4.review.total") == 66  # the only split every identity allows
    against = [f for f in report.reading_findings if f.code == "uncertain-reading" and "行政复议36起" in f.message]
    assert len(against) == 1
    assert "t4.review.total" in against[0].cells and "t4.review.corrected" in against[0].cells
    assert against[0].expected == "36"
    clean = gr.read(source)  # as printed, the split meets the prose and nothing is said
    assert clean.value("t4.review.total") == 36
    assert not [f for f in clean.reading_findings if "行政复议36起" in f.message]
