"""Whole-corpus tables and the supervisor's summary, read back from what was written."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest

import govinfo_report as gr
from batch_support import make_corpus
from govinfo_report.cli import main
from govinfo_report.corpora.export import ExportError, export
from govinfo_report.corpora.store import Store
from govinfo_report.corpora.summary import deadline, summarise

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = make_corpus(tmp_path_factory.mktemp("corpus"))
    path = tmp_path_factory.mktemp("store") / "corpus.sqlite"
    gr.batch([corpus], path, jobs=2)
    return path


def _store_cells(store: Path) -> list[tuple[str, ...]]:
    db = sqlite3.connect(store)
    try:
        return [tuple("" if v is None else str(v) for v in row) for row in db.execute(
            "SELECT r.path, c.key, c.label, c.value, c.raw, c.location FROM cells c JOIN reports r "
            "ON r.id = c.report_id ORDER BY r.path, c.rowid")]
    finally:
        db.close()


_CELL_COLUMNS = ("path", "key", "label", "value", "raw", "location")


def test_csv_has_a_bom_and_the_store_cells(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "cells.csv"
    assert main(["export", str(store), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfpath,")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = [tuple(r[c] for c in _CELL_COLUMNS) for r in csv.DictReader(fh)]
    assert rows == _store_cells(store)
    assert len(rows) > 1000


def test_jsonl_and_parquet_hold_the_store_cells(store: Path, tmp_path: Path) -> None:
    export(store, tmp_path / "cells.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "cells.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [tuple("" if r[c] is None else str(r[c]) for c in _CELL_COLUMNS) for r in lines] == _store_cells(store)
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow (the parquet extra) is not installed")
    export(store, tmp_path / "cells.parquet")
    table = pq.read_table(tmp_path / "cells.parquet").to_pylist()
    assert [tuple("" if r[c] is None else str(r[c]) for c in _CELL_COLUMNS) for r in table] == _store_cells(store)


def test_a_workbook_holds_every_table(store: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl (the xlsx extra) is not installed")
    out = tmp_path / "corpus.xlsx"
    assert main(["export", str(store), "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["cells", "wide", "findings", "unreadable"]
    cells = list(book["cells"].iter_rows(values_only=True))
    header = cells[0]
    got = [tuple("" if r[header.index(c)] is None else str(r[header.index(c)]) for c in _CELL_COLUMNS)
           for r in cells[1:]]
    assert got == _store_cells(store)
    unreadable = list(book["unreadable"].iter_rows(values_only=True))
    assert sorted(Path(str(r[0])).name for r in unreadable[1:]) == ["empty.txt", "not-a-pdf.pdf", "truncated.pdf"]


def test_the_wide_table_has_one_row_per_report_and_a_column_per_key(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "wide.csv"
    export(store, out, ["wide"])
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    db = sqlite3.connect(store)
    expected = dict(db.execute("SELECT r.path, c.value FROM cells c JOIN reports r ON r.id = c.report_id "
                               "WHERE r.template = '2021' AND c.key = 't3.new_received.total'"))
    db.close()
    assert {r["path"]: r["t3.new_received.total"] or None for r in rows} == expected
    assert len(rows) == len(expected) >= 6


def test_export_refuses_what_it_cannot_write(store: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="one table"):
        export(store, tmp_path / "x.csv", ["cells", "findings"])
    assert main(["export", str(store), "-o", str(tmp_path / "x.pdf")]) == 2


def test_summary_counts_failures_lateness_and_rules(store: Path) -> None:
    with Store(store) as db:
        summary = summarise(db)
    by_name = {Path(r.path).name: r for r in summary.rows}
    assert len(by_name) == 10 and summary.unreadable == 3
    assert not by_name["pingtan-2020.txt"].passed  # it contradicts itself
    assert by_name["pingtan-2020.txt"].late  # published 2021-03-05, after 31 January
    assert not by_name["pingtan-2019.txt"].late
    assert deadline(2023, "某县人民政府").isoformat() == "2024-03-31"
    assert deadline(2023, "某县教育局").isoformat() == "2024-01-31"
    codes = {code: n for code, n, _ in summary.by_rule}
    assert codes["t3-column-total"] >= 1


def test_summary_workbook(store: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl (the xlsx extra) is not installed")
    assert main(["summary", str(store), "-o", str(tmp_path / "s.xlsx")]) == 0
    book = openpyxl.load_workbook(tmp_path / "s.xlsx", read_only=True)
    assert book.sheetnames == ["reports", "by rule", "worst", "late", "broken chains", "missing years"]
    assert len(list(book["reports"].iter_rows())) == 11


@pytest.mark.chromium
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: apt-get install chromium")
def test_summary_page_sorts_and_filters_in_a_browser(store: Path, tmp_path: Path) -> None:
    page = tmp_path / "summary.html"
    assert main(["summary", str(store), "-o", str(page)]) == 0
    assert CHROMIUM is not None

    def dom(fragment: str) -> str:
        with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
            run = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                  f"--user-data-dir={profile}", "--dump-dom", f"{page.as_uri()}#{fragment}"],
                                 capture_output=True, text=True, timeout=120, check=True)
        return run.stdout

    filtered = dom("filter=pingtan%20fail")
    assert 'id="shown">1<' in filtered
    visible = [row for row in filtered.split("<tr")[2:] if "hidden" not in row.split(">", 1)[0]]
    assert len(visible) == 1 and "pingtan-2020.txt" in visible[0]
    ordered = dom("sort=4")  # one click on the errors column: ascending
    errors = [int(row.split('class="errors">', 1)[1].split("<", 1)[0]) for row in ordered.split("<tr")[2:]]
    assert errors == sorted(errors) and errors[-1] >= 2
    assert "<svg" in ordered and 'data-rule="t3-column-total"' in ordered
