"""Every expected report of the corpus, scanned, read through the OCR plugin (``-m ocr``).

Scans are made by :mod:`scan_support` from the DOCX round trip printed by LibreOffice and from
the original PDFs. Each cell must be exact or named by an ``uncertain-reading`` finding, and
at least 98 % of all cells exact. OCR takes tens of seconds a page, so this runs in CI after
the plugin is installed, not by default.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report.plugins.manager import PluginRegistry, load_registry
from scan_support import Scan, Score, make_scans, scan_set, score_report

sys.path.insert(0, str(Path(__file__).parent.parent / "plugins" / "govinfo-report-ocr" / "src"))

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SCANS = scan_set()

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.skipif(importlib.util.find_spec("rapidocr_onnxruntime") is None,
                       reason="RapidOCR is not installed: pip install -e plugins/govinfo-report-ocr"),
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                               "apt-get install libreoffice-writer-nogui fonts-noto-cjk"),
]


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_scans(SCANS, tmp_path_factory.mktemp("scans"), SOFFICE)


@pytest.fixture(scope="module")
def registry() -> PluginRegistry:
    import govinfo_report_ocr

    return load_registry(entry_points=False, extra=(govinfo_report_ocr,))


@pytest.fixture(scope="module")
def scores() -> list[Score]:
    return []


@pytest.mark.parametrize("scan", SCANS, ids=[s.name for s in SCANS])
def test_scan_reads_with_no_silent_error(scan: Scan, scans: dict[str, Path], registry: PluginRegistry,
                                         scores: list[Score]) -> None:
    report = gr.read(scans[scan.name], registry)
    assert report.meta.reader == "ocr"
    score = score_report(scan.name, report, gr.check(report, registry=registry),
                         json.loads(scan.expected.read_text(encoding="utf-8")))
    scores.append(score)
    assert score.silent == []


def test_share_of_exact_cells(scores: list[Score]) -> None:
    if len(scores) < len(SCANS):
        pytest.skip("runs after every scan has been read")
    assert sum(s.exact for s in scores) >= 0.98 * sum(s.total for s in scores)
