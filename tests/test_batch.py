"""The batch runner: every file accounted for in the store, resumable, robust to workers
that crash or hang, with the across-year step over the whole store."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

import govinfo_report as gr
from batch_support import PINGTAN, make_corpus, store_content
from govinfo_report.cli import main
from govinfo_report.corpora import Store, StoreError, run, work, workers
from govinfo_report.corpora.corpus import body_groups, rebuild
from govinfo_report.corpora.progress import LineProgress, progress_for
from govinfo_report.corpora.walk import walk
from govinfo_report.i18n import using
from govinfo_report.interfaces import Rule
from govinfo_report.model import Severity
from govinfo_report.rules.engine import RULE_CRASHED
from govinfo_report.serialize import make_converter, report_to_dict

SRC = Path(__file__).resolve().parent.parent / "src"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def stored(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, run.BatchSummary]:
    store = tmp_path_factory.mktemp("store") / "corpus.sqlite"
    return store, gr.batch([corpus], store, jobs=2)


def _rows(store: Path, sql: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(store)
    try:
        return list(db.execute(sql))
    finally:
        db.close()


def test_walk_skips_hidden_folders_and_takes_only_claimed_types(tmp_path: Path) -> None:
    for name in ("a.txt", "b.pdf", "notes.xyz", ".hidden.txt", ".git/x.txt", ".pytest_cache/y.txt",
                 "2023/c.html", "2023/skip-me.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in walk([tmp_path], [".txt", ".pdf", ".html"])]
    assert found == ["a.txt", "b.pdf", "2023/c.html", "2023/skip-me.txt"]
    found = [p.relative_to(tmp_path).as_posix()
             for p in walk([tmp_path], [".txt"], include=["*.txt", "*.xyz"], exclude=["skip-*"])]
    assert found == ["a.txt", "notes.xyz"]
    assert list(walk([tmp_path / ".hidden.txt"], [".pdf"])) == [tmp_path / ".hidden.txt"]


def test_a_folders_own_notes_are_left_out_and_other_text_that_is_no_report_fails(tmp_path: Path) -> None:
    shutil.copy(PINGTAN[0], tmp_path / PINGTAN[0].name)
    for name in ("README.md", "readme.txt", "LICENSE.txt", "CHANGELOG.md", "sub/Contributing.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# 说明\n\n本文件夹收集各地政府信息公开工作年度报告。\n", encoding="utf-8")
    (tmp_path / "下载说明.txt").write_text("本页面的附件下载失败，请稍后再试。\n", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in walk([tmp_path], [".txt", ".md"])]
    assert found == [PINGTAN[0].name, "下载说明.txt"]
    assert [p.name for p in walk([tmp_path / "README.md"], [".md"])] == ["README.md"]  # named: read
    assert [p.name for p in walk([tmp_path], [".md"], include=["README*"])] == ["README.md"]
    summary = gr.batch([tmp_path], tmp_path / "s.sqlite", jobs=1)
    assert (summary.files, summary.read, summary.failed) == (2, 1, 1)
    assert _rows(tmp_path / "s.sqlite", "SELECT error_kind FROM files WHERE status = 'failed'") == [
        ("NotAReportError",)]


def test_every_file_is_accounted_for_once(corpus: Path, stored: tuple[Path, run.BatchSummary]) -> None:
    store, summary = stored
    files = {Path(p).name: (status, kind, dup) for p, status, kind, dup in _rows(
        store, "SELECT path, status, error_kind, duplicate_of FROM files")}
    assert set(files) == {p.name for p in corpus.iterdir()}
    assert (summary.files, summary.read, summary.failed, summary.duplicates) == (14, 10, 3, 1)
    assert files["z-copy-of-pingtan-2019.txt"][0] == "duplicate"
    assert Path(str(files["z-copy-of-pingtan-2019.txt"][2])).name == "pingtan-2019.txt"
    assert files["empty.txt"][:2] == ("failed", "EmptyDocumentError")
    assert {files[n][0] for n in ("truncated.pdf", "not-a-pdf.pdf")} == {"failed"}
    assert summary.failures == {"EmptyDocumentError": 1, "CorruptFileError": 1, "NotAReportError": 1}
    assert files["truncated.pdf"][1] == "CorruptFileError"


def test_the_store_holds_what_the_library_reads(corpus: Path, stored: tuple[Path, run.BatchSummary]) -> None:
    store, _ = stored
    path = corpus / "pingtan-2022.txt"
    report = gr.read_with_neighbours(path)
    expected = [(k, lab, v, raw, loc) for k, lab, v, raw, loc in work.cell_rows(report)]
    got = _rows(store, f"SELECT c.key, c.label, c.value, c.raw, c.location FROM cells c JOIN reports r "
                       f"ON r.id = c.report_id WHERE r.path = '{path}' ORDER BY c.rowid")
    assert sorted(got) == sorted(expected)
    assert ("t3.new_received.total",) in {(k,) for k, *_ in got}
    findings = sorted(_rows(store, f"SELECT f.code, f.severity, f.message FROM findings f JOIN reports r "
                                   f"ON r.id = f.report_id WHERE r.path = '{path}' AND f.scope = 'report'"))
    assert findings == sorted((f.code, f.severity.value, f.message) for f in gr.check(report))
    meta = _rows(store, f"SELECT agency, year, template FROM reports WHERE path = '{path}'")
    assert meta == [(report.meta.agency, 2022, "2021")]


def test_the_across_year_step_runs_over_the_whole_store(corpus: Path, stored: tuple[Path, run.BatchSummary]) -> None:
    store, summary = stored
    reports = [gr.read_with_neighbours(corpus / p.name) for p in PINGTAN]
    expected = sorted((Path(f.file or "").name, f.code, f.message) for f in gr.check_corpus(reports))
    got = sorted((Path(str(p)).name, c, m) for p, c, m in _rows(
        store, "SELECT r.path, f.code, f.message FROM findings f JOIN reports r ON r.id = f.report_id "
               "WHERE f.scope = 'corpus' AND r.path LIKE '%pingtan%'"))
    assert got == expected
    assert len([g for g in got if g[1] == "carry-over-checked"]) == 6
    assert summary.corpus_findings >= len(expected)


def test_bodies_without_a_division_code_group_by_name_suffix() -> None:
    rows = [(1, "淮安市洪泽区", False), (2, "洪泽区", False), (3, "320813:人民政府", True),
            (4, "320813:人民政府", True), (5, "别处", False)]
    assert sorted(map(sorted, body_groups(rows))) == [[1, 2], [3, 4]]


def test_copies_of_a_report_share_their_tables_in_the_across_year_step() -> None:
    conv = make_converter()
    models = [json.dumps(report_to_dict(gr.read(path), conv), ensure_ascii=False) for path in PINGTAN[:2]]
    rows = [(1, "a/2019.txt", models[0]), (2, "b/2019.txt", models[0]), (3, "a/2020.txt", models[1])]
    built = dict(rebuild(iter(rows), conv))
    assert [built[i].meta.source for i in (1, 2, 3)] == ["a/2019.txt", "b/2019.txt", "a/2020.txt"]
    assert built[2].tables is built[1].tables and built[2].sections is built[1].sections
    assert built[3].tables is not built[1].tables
    assert built[2].flat_cells() == gr.read(PINGTAN[0]).flat_cells() != built[3].flat_cells()
    assert built[2].value("t3.carried_over.total") == gr.read(PINGTAN[0]).value("t3.carried_over.total")


def test_a_second_run_skips_what_is_stored_and_reads_what_changed(tmp_path: Path) -> None:
    corpus, store = make_corpus(tmp_path / "corpus"), tmp_path / "s.sqlite"
    gr.batch([corpus], store, jobs=1)
    before = store_content(store)
    again = gr.batch([corpus], store, jobs=1)
    assert (again.skipped, again.read, again.failed) == (14, 0, 0)
    assert store_content(store) == before
    (corpus / "empty.txt").write_bytes(PINGTAN[1].read_bytes())
    third = gr.batch([corpus], store, jobs=1)
    assert (third.skipped, third.read, third.failed, third.duplicates) == (13, 0, 0, 1)  # a copy of pingtan-2020
    rerun = gr.batch([corpus], store, jobs=1, rerun_failed=True)
    assert (rerun.read, rerun.failed, rerun.skipped) == (0, 2, 12)
    assert len(store_content(store)["files"]) == 14


def test_killed_halfway_then_resumed_gives_the_uninterrupted_store(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", copies=3)
    whole, resumed = tmp_path / "whole.sqlite", tmp_path / "resumed.sqlite"
    gr.batch([corpus], whole, jobs=1)
    command = [sys.executable, "-m", "govinfo_report", "batch", str(corpus), "--store", str(resumed), "-j", "1",
               "--quiet"]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    child = subprocess.Popen(command, env=env, start_new_session=True)
    try:
        while child.poll() is None:
            if resumed.exists() and _stored_files(resumed) >= 6:
                break
            time.sleep(0.05)
        assert child.poll() is None, "the run finished before it could be interrupted"
        os.killpg(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    halfway = _stored_files(resumed)
    assert 6 <= halfway < 20
    assert subprocess.run(command, env=env).returncode == 0
    assert store_content(resumed) == store_content(whole)


def _stored_files(store: Path) -> int:
    try:
        return int(_rows(store, "SELECT count(*) FROM files")[0][0])
    except sqlite3.Error:
        return 0


def _misbehave(task: work.Task) -> work.Outcome:
    name = Path(task.path).name
    if name.startswith("hang"):
        time.sleep(600)
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("oom"):
        bytearray(1 << 33)
    return work.Outcome(task.path, task.sha256, task.size, "read")


def test_workers_that_hang_crash_or_blow_their_memory_are_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "process", _misbehave)
    names = ["ok-1", "hang", "ok-2", "crash", "ok-3", "oom", "ok-4"]
    tasks = [work.Task(f"/corpus/{n}.txt", n, 0) for n in names]
    got = {Path(o.path).stem: o for o in workers.run_local(tasks, jobs=2, timeout=2.0, memory_mb=1024)}
    assert set(got) == set(names)
    assert {n for n, o in got.items() if o.status == "read"} == {"ok-1", "ok-2", "ok-3", "ok-4"}
    assert got["hang"].error_kind == "timeout"
    assert got["crash"].error_kind == "crash"
    assert "signal 9" in (got["crash"].error_message or "")
    assert got["oom"].error_kind == "memory"


def test_each_worker_reads_a_run_of_one_folder_and_takes_from_others_at_the_end() -> None:
    # A body's years lie side by side in a folder: one worker reading them in turn keeps the
    # neighbouring years it read, where workers taking files by turns would each read them.
    tasks = [work.Task(f"/c/{folder}/{n}.txt", f"{folder}{n}", 0) for folder, count in (("a", 5), ("b", 3))
             for n in range(count)]
    runs = workers._Runs(tasks, 2, size=4)
    taken = [(slot, Path(t.path).parent.name + Path(t.path).stem) for slot in (0, 1, 1, 0, 0, 1, 1)
             if (t := runs.next_for(slot)) is not None]
    assert taken == [(0, "a0"), (1, "a4"), (1, "b0"), (0, "a1"), (0, "a2"), (1, "b1"), (1, "b2")]
    assert (runs.next_for(1), runs.next_for(0)) == (tasks[3], None)  # a3, the rest of a's run
    assert runs.done()


def test_a_rule_that_raises_is_a_finding_of_that_file_and_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: object) -> Iterable[gr.Finding]:
        raise ZeroDivisionError("division by zero")

    rules = [*gr.api.rules_for(), Rule("plugin-broken", Severity.WARNING, "broken", "", broken, pack="third")]
    monkeypatch.setattr(work, "rules_for", lambda select, ignore: rules)
    outcome = work.process(work.Task(str(PINGTAN[0]), _sha256(PINGTAN[0]), 0, alone=True))
    assert outcome.status == "read"
    internal = [f for f in outcome.findings if f[0] == RULE_CRASHED]
    assert len(internal) == 1
    assert "plugin-broken" in internal[0][3] and "ZeroDivisionError" in internal[0][3]
    assert len(outcome.findings) == len(gr.check(gr.read(PINGTAN[0]))) + 1


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("alone", [True, False])
def test_a_file_changed_since_the_batch_hashed_it_is_not_filed_under_that_hash(alone: bool, tmp_path: Path) -> None:
    """The store files a report under the hash taken before the file was sent to be read; a
    file that changed meanwhile fails, to be read again, rather than be filed as other bytes."""
    path = tmp_path / PINGTAN[0].name
    path.write_bytes(PINGTAN[0].read_bytes())
    hashed = _sha256(path)
    path.write_bytes(PINGTAN[1].read_bytes())
    outcome = work.process(work.Task(str(path), hashed, 0, alone=alone))
    assert (outcome.status, outcome.error_kind, outcome.sha256) == ("failed", "changed", hashed)
    assert outcome.error_message == "the file changed while the batch read it; read it again"
    assert outcome.report is None and outcome.cells == []
    unchanged = work.process(work.Task(str(path), _sha256(path), 0, alone=alone))
    assert unchanged.status == "read" and unchanged.report is not None and unchanged.report["year"] == 2020


def test_iter_results_gives_every_outcome_without_a_store(corpus: Path) -> None:
    got = {Path(o.path).name: o.status for o in gr.iter_results([corpus], jobs=1)}
    assert len(got) == 14
    assert got["z-copy-of-pingtan-2019.txt"] == "duplicate"
    assert sum(s == "read" for s in got.values()) == 10


def test_progress_is_lines_off_a_terminal_and_nothing_when_quiet() -> None:
    out = io.StringIO()
    shown = progress_for(3, quiet=False, out=out)
    assert isinstance(shown, LineProgress)
    with using("en"):
        for failed in (False, True, False):
            shown.advance(failed)
        shown.close()
    assert out.getvalue().startswith("govinfo-report: 3/3 files,")
    assert "1 failed" in out.getvalue()
    quiet = io.StringIO()
    silent = progress_for(3, quiet=True, out=quiet)
    silent.advance(False)
    silent.close()
    assert quiet.getvalue() == ""


def test_cli_batch_reports_a_summary_and_quiet_prints_nothing(corpus: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "c.sqlite"
    assert main(["batch", str(corpus), "--store", str(store), "-j", "1", "--exclude", "pingtan-20*",
                 "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "7 files: 4 read, 3 failed" in err
    assert "0 duplicates" in err
    assert main(["batch", str(corpus), "--store", str(store), "-j", "1", "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["batch", str(corpus), "--store", str(store), "-j", "1", "--rerun", "failed", "--lang", "zh"]) == 0
    assert "失败 3 个" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["batch", str(corpus), "--store", str(store), "--rerun", "everything"])
    (tmp_path / "bad.sqlite").write_text("not a database")
    assert main(["batch", str(corpus), "--store", str(tmp_path / "bad.sqlite")]) == 2
    assert "not a corpus store" in capsys.readouterr().err
    with pytest.raises(StoreError):
        Store(tmp_path / "bad.sqlite")
