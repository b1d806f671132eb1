"""Golden tests: every expected file of the corpus, scored as the corpus scorer scores it.

Every scored cell exact (an ``ambiguous`` key accepts any listed candidate), every expected
finding reported with the same severity and at least one of its cells, no error finding on
a report marked clean, and the right year and template.
"""

from __future__ import annotations

import filecmp
import fnmatch
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as gr

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
EXPECTED = sorted((CORPUS / "expected").glob("*.json"))
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _number(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    return Decimal(str(value))


def _same(want: Any, got: Any) -> bool:
    return _number(want) == _number(got)


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[gr.Report, list[gr.Finding]]]:
    out = {}
    for path in EXPECTED:
        gold = _load(path)
        report = gr.read_with_neighbours(CORPUS / gold["source"])
        out[path.name] = (report, gr.check(report))
    return out


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_every_scored_cell_is_exact(path: Path, results: dict[str, tuple[gr.Report, list[gr.Finding]]]) -> None:
    gold = _load(path)
    report, _ = results[path.name]
    flat = gr.flat(report)["cells"]
    unscored = gold.get("unscored", [])
    ambiguous = gold.get("ambiguous", {})
    wrong = []
    for key, want in gold["cells"].items():
        if any(fnmatch.fnmatchcase(key, p) for p in unscored):
            continue
        got = flat.get(key, "<missing>")
        if not (_same(want, got) or any(_same(c, got) for c in ambiguous.get(key, []))):
            wrong.append((key, want, got))
    assert wrong == []


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_expected_findings_are_reported(path: Path, results: dict[str, tuple[gr.Report, list[gr.Finding]]]) -> None:
    gold = _load(path)
    _, findings = results[path.name]
    missed = []
    for want in gold.get("findings", []):
        keys = set(want.get("cells", []))
        if not any(f.severity.value == want["severity"] and (not keys or keys & set(f.cells)) for f in findings):
            missed.append(want["rule"])
    assert missed == []


@pytest.mark.parametrize("path", [p for p in EXPECTED if _load(p).get("clean")], ids=lambda p: p.stem)
def test_no_error_on_a_clean_report(path: Path, results: dict[str, tuple[gr.Report, list[gr.Finding]]]) -> None:
    _, findings = results[path.name]
    assert [f.message for f in findings if f.is_error] == []


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_year_and_template(path: Path, results: dict[str, tuple[gr.Report, list[gr.Finding]]]) -> None:
    gold = _load(path)
    report, _ = results[path.name]
    assert (report.meta.year, report.meta.template) == (gold["meta"]["year"], gold["meta"]["template"])


def test_every_cell_key_of_the_template_is_present(results: dict[str, tuple[gr.Report, list[gr.Finding]]]) -> None:
    for name, (report, _) in results.items():
        gold = _load(CORPUS / "expected" / name)
        assert list(gr.flat(report)["cells"]) == list(gold["cells"]), name


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpus is not beside this checkout")
def test_fixtures_equal_the_shared_corpus() -> None:
    """The copies under tests/fixtures/corpus must stay byte-identical to the shared corpus."""
    copies = [p for p in CORPUS.rglob("*") if p.is_file()]
    assert copies
    differ = [str(p.relative_to(CORPUS)) for p in copies
              if not filecmp.cmp(p, SHARED / p.relative_to(CORPUS), shallow=False)]
    assert differ == []
