"""One body's reports checked together, and neighbouring years deciding ambiguous splits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report.cli import main
from govinfo_report.layout import Location

PINGTAN = sorted((Path(__file__).parent / "fixtures" / "corpus" / "raw" / "pingtan").glob("pingtan-*.txt"))
EXPECTED = Path(__file__).parent / "fixtures" / "corpus" / "expected"


def test_check_json_reports_the_carry_over_of_each_consecutive_pair(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", *map(str, PINGTAN)]) == 1  # pingtan-2020 contradicts itself
    out = json.loads(capsys.readouterr().out)
    assert [r["meta"]["year"] for r in out["reports"]] == list(range(2019, 2026))
    pairs = [f for f in out["corpus_findings"] if f["code"] in ("carry-over", "carry-over-checked")]
    assert len(pairs) == 6
    assert all(f["code"] == "carry-over-checked" for f in pairs)
    files = [tuple(Path(f["locations"][when]["file"]).name for when in ("previous", "current")) for f in pairs]
    assert files == [(f"pingtan-{y}.txt", f"pingtan-{y + 1}.txt") for y in range(2019, 2025)]
    stock = {f["file"][-8:-4]: f["actual"] for f in out["corpus_findings"] if f["code"] == "in-force-stock"}
    assert stock == {"2023": "470", "2024": "440", "2025": "546"}


def test_a_broken_carry_over_names_both_files_and_cells() -> None:
    before, after = gr.read(PINGTAN[2]), gr.read(PINGTAN[3])  # 2021 carries 1 forward, 2022 takes it
    after.tables["t3"].cells["t3.carried_over.natural_person"].value = 0
    findings = gr.check_corpus([before, after], select=["carry-over"])
    assert len(findings) == 1
    assert set(findings[0].cells) == {"t3.carried_over.natural_person", "t3.carried_forward.natural_person"}
    assert findings[0].locations == {"previous": Location(file=str(PINGTAN[2])),
                                     "current": Location(file=str(PINGTAN[3]))}


def test_read_alone_an_ambiguous_split_is_flagged_with_every_candidate() -> None:
    report = gr.read(PINGTAN[0])  # 2019: 行政许可 "3960181" splits several ways
    gold = json.loads((EXPECTED / "pingtan-2019.json").read_text(encoding="utf-8"))["cells"]
    flagged = {k for f in report.reading_findings if f.code == "uncertain-reading" for k in f.cells}
    for key, want in gold.items():
        cell = report.cell(key)
        assert cell is not None
        if cell.value != want and not (cell.value is not None and want is not None and float(cell.value) == want):
            assert key in flagged, key
            assert want in [float(v) for v in cell.alternatives] or float(want) in [float(v) for v in cell.alternatives]


def test_the_neighbouring_years_beside_the_file_decide_the_split() -> None:
    alone = gr.read(PINGTAN[0])
    helped = gr.read_with_neighbours(PINGTAN[0])
    assert (alone.value("t2.licensing.previous"), alone.value("t2.licensing.change")) != (396, 0)
    assert (helped.value("t2.licensing.previous"), helped.value("t2.licensing.change")) == (396, 0)
    assert helped.value("t2.coercion.previous") == 126


def test_a_neighbour_read_before_elsewhere_is_cited_by_the_path_asked_for(tmp_path: Path) -> None:
    """The same years copied to two folders: each report's findings name its own folder's files."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        for source in PINGTAN[:3]:
            (tmp_path / folder / source.name).write_bytes(source.read_bytes())
    first = gr.read_with_neighbours(tmp_path / "a" / PINGTAN[1].name)
    second = gr.read_with_neighbours(tmp_path / "b" / PINGTAN[1].name)
    assert first.flat_cells() == second.flat_cells()
    cited = " ".join(f.message for f in second.reading_findings)
    assert str(tmp_path / "b") in cited and str(tmp_path / "a") not in cited
