"""A batch from the Python API holds each file to the same time and memory limits as the
command line: the file that overruns fails alone, typed, and the next file reads."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import govinfo_report as gr
from batch_support import PINGTAN
from govinfo_report import neighbours
from govinfo_report.corpora import work
from govinfo_report.isolation import isolation_available
from govinfo_report.limits import DEFAULT, use

pytestmark = pytest.mark.skipif(not isolation_available(), reason="needs fork to hold a file to its limits")

#: Too little for any reading: the alarm rings before a report could be read.
NO_TIME = attrs.evolve(DEFAULT, seconds=0.0001)
#: Far too little memory to read a copy padded with :data:`PADDING`: its bytes, its text and
#: its lines each take several times as much.
NO_MEMORY = attrs.evolve(DEFAULT, memory_bytes=1 << 20)
#: Prose lines after the report's signature, within every limit of a read: 6 MB of text.
PADDING = ("说明" * 500 + "\n").encode() * 2000


def _copies(tmp_path: Path, n: int, padding: bytes = b"") -> list[Path]:
    paths = []
    for i in range(n):
        path = tmp_path / f"{i}-{PINGTAN[0].name}"
        path.write_bytes(PINGTAN[0].read_bytes() + b"\n" * i + padding)  # distinct contents, none a duplicate
        paths.append(path)
    return paths


def test_the_time_limit_ends_a_file_in_an_api_batch(tmp_path: Path) -> None:
    outcome = work.process(work.Task(str(_copies(tmp_path, 1)[0]), "x", 0, alone=True, limits=NO_TIME))
    assert outcome.status == "failed" and outcome.error_kind == "TooComplexError"
    assert "limit seconds=0.0001" in (outcome.error_message or "")


def test_the_memory_limit_ends_a_file_and_the_batch_goes_on(tmp_path: Path) -> None:
    paths = _copies(tmp_path, 3, PADDING)
    # Starved in a process of its own: a long-running one holds address space that earlier
    # work freed, which a starved reading may take up again without asking for more.
    starve = "\n".join([
        "import sys, attrs, govinfo_report as gr",
        "from govinfo_report.limits import DEFAULT",
        "gr.read(sys.argv[1])  # what a read imports is imported: only the reading is starved",
        f"limits = attrs.evolve(DEFAULT, memory_bytes={NO_MEMORY.memory_bytes})",
        "for outcome in gr.iter_results(sys.argv[2:], jobs=1, alone=True, limits=limits):",
        "    print(outcome.status, outcome.error_kind)",
    ])
    source = str(Path(__file__).parent.parent / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-c", starve, str(PINGTAN[0]), *map(str, paths)],
                            capture_output=True, text=True, env=env, check=True)
    starved = [line.split() for line in result.stdout.splitlines()]
    assert len(starved) == 3 and {status for status, _ in starved} == {"failed"}, result.stdout
    assert {kind for _, kind in starved} <= {"TooLargeError", "memory"}
    clean = gr.read(PINGTAN[0])
    fed = {Path(o.path).name: o for o in gr.iter_results(paths, jobs=1, alone=True)}
    assert {o.status for o in fed.values()} == {"read"}
    cells = {row[0]: row[2] for row in fed[paths[0].name].cells}
    assert cells["t3.total.total"] == str(clean.value("t3.total.total")) == "23"


def test_the_limits_current_where_the_batch_starts_hold(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    with use(NO_TIME):
        summary = gr.batch(_copies(tmp_path, 2), store, jobs=1, alone=True)
    assert summary.read == 0 and summary.failures == {"TooComplexError": 2}


def test_neighbours_read_in_the_forked_worker_stay_for_the_next_files(tmp_path: Path) -> None:
    folder = tmp_path / "pingtan"
    folder.mkdir()
    for source in PINGTAN:
        (folder / source.name).write_bytes(source.read_bytes())
    before = neighbours.neighbours_known()
    digest = hashlib.sha256(PINGTAN[0].read_bytes()).hexdigest()
    first = work.process(work.Task(str(folder / PINGTAN[0].name), digest, 0))  # 2019 asks 2020 to decide a split
    held = {key[0] for key in neighbours.neighbours_known() - before}
    assert hashlib.sha256(PINGTAN[1].read_bytes()).hexdigest() in held
    again = work.process(work.Task(str(folder / PINGTAN[0].name), digest, 0))
    assert first.status == again.status == "read" and first.cells == again.cells
    cells = {row[0]: row[2] for row in first.cells}
    assert (cells["t2.licensing.previous"], cells["t2.licensing.change"]) == ("396", "0")


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_the_specimen_a_worker_reads_first_is_the_whole_form_read_back(template: str) -> None:
    report = work.read_specimen(template)
    assert report.format.name == template
    assert report.flat_cells() == dict.fromkeys(report.format.keys(), 0)
    assert [f.code for f in gr.check(report) if f.severity.value == "error"] == []
