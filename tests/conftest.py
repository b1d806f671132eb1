"""Files several test modules read: made once per session, whichever module asks first."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from govinfo_report.writers.docx_writer import DocxWriter
from producer_matrix import produce_text
from test_docx_pdf_round_trip import EXPECTED, SOFFICE
from test_producer_matrix import REPORTS
from writer_support import report_from_expected


@pytest.fixture(scope="session")
def matrix_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("producer-matrix")
    produce_text(folder, REPORTS)
    return folder


@pytest.fixture(scope="session")
def produced(matrix_folder: Path) -> dict[str, bool]:
    """Which tools' files have been made; each tool runs once, on first need."""
    return {}


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """All DOCX files converted in one LibreOffice run (start-up is most of its cost)."""
    folder = tmp_path_factory.mktemp("docx-pdf")
    for path in EXPECTED:
        report = report_from_expected(json.loads(path.read_text(encoding="utf-8")))
        (folder / f"{path.stem}.docx").write_bytes(DocxWriter().render(report, []))
    assert SOFFICE is not None
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *sorted(map(str, folder.glob("*.docx")))],
                   check=True, capture_output=True, timeout=600)
    return {p.stem: p for p in folder.glob("*.pdf")}
