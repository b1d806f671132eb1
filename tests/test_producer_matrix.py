"""Every expected report, produced by other programs, reads back to exactly the cells written.

For each file of the matrix (see ``producer_matrix.py``): every cell equals the written value
(a blank stays null), no wrong cell goes unnamed by a finding, and a report the corpus marks
clean raises no error. The files are made once per session in a temporary folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from producer_matrix import (
    PRODUCE,
    PRODUCERS,
    TOOL_MISSING,
    Producer,
    expected_reports,
    file_of,
    score,
    tool_available,
)

REPORTS = expected_reports()
MARKS = {"chromium": pytest.mark.chromium, "libreoffice": pytest.mark.libreoffice}


def _ensure(tool: str | None, folder: Path, done: dict[str, bool]) -> None:
    if tool is None or tool in done:
        return
    if not tool_available(tool):
        pytest.skip(TOOL_MISSING[tool])
    done[tool] = True
    PRODUCE[tool](folder, REPORTS)


def _cases() -> list[Any]:
    return [
        pytest.param(producer, stem, id=f"{producer.name}-{stem}",
                     marks=[MARKS[producer.tool]] if producer.tool else [])
        for producer in PRODUCERS
        for stem in REPORTS
    ]


@pytest.mark.parametrize(("producer", "stem"), _cases())
def test_produced_file_reads_back(producer: Producer, stem: str, matrix_folder: Path,
                                  produced: dict[str, bool]) -> None:
    _ensure(producer.tool, matrix_folder, produced)
    result = score(REPORTS[stem], file_of(matrix_folder, stem, producer), producer.exact)
    assert result.ok, f"{producer.what}:\n{result.problems()}"
