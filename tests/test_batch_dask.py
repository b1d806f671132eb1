"""The Dask engine gives the store the local engine gives."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

import govinfo_report as gr
from batch_support import FIXTURES, make_corpus, store_content
from govinfo_report.corpora import dask_engine, work
from govinfo_report.corpora.work import Outcome, Task
from govinfo_report.limits import Limits

distributed = pytest.importorskip("distributed", reason="dask[distributed] (the dask extra) is not installed")


@pytest.mark.dask
def test_a_local_cluster_of_two_workers_matches_the_local_engine(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    local, remote = tmp_path / "local.sqlite", tmp_path / "dask.sqlite"
    gr.batch([corpus], local, jobs=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as \
            cluster, distributed.Client(cluster) as client:
        summary = gr.batch([corpus], remote, client=client)
    assert (summary.read, summary.failed, summary.duplicates) == (10, 3, 1)
    assert store_content(remote) == store_content(local)


def _misbehave(task: Task, limits: Limits) -> Outcome:
    name = Path(task.path).stem
    if name == "hang":
        time.sleep(600)
    if name == "oom":
        bytearray(1 << 33)
    return Outcome(task.path, task.sha256, task.size, "read")


@pytest.mark.dask
def test_a_file_on_a_dask_worker_is_held_to_the_local_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    # Worker threads in this process, so that the stand-in for the reading is theirs too. The
    # engine's bounds are stricter than the limits (120 s, 768 MB): overrunning them is its own.
    monkeypatch.setattr(work, "_read_and_check", _misbehave)
    names = ["ok-1", "hang", "ok-2", "oom", "ok-3"]
    tasks = [Task(f"/corpus/{n}.txt", n, 0) for n in names]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as \
            cluster, distributed.Client(cluster) as client:
        got = {Path(o.path).stem: o for o in dask_engine.dask_engine(client, timeout=2.0, memory_mb=512)(tasks)}
    assert set(got) == set(names)
    assert {n for n, o in got.items() if o.status == "read"} == {"ok-1", "ok-2", "ok-3"}
    assert (got["hang"].status, got["hang"].error_kind) == ("failed", "timeout")
    assert "2 s" in (got["hang"].error_message or "")
    assert (got["oom"].status, got["oom"].error_kind) == ("failed", "memory")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a reading is isolated only where fork exists")
def test_a_file_on_a_dask_worker_is_read_in_one_forked_process(monkeypatch: pytest.MonkeyPatch) -> None:
    seed = sorted((FIXTURES / "corpus" / "seeds").glob("*.txt"))[0]
    task = Task(str(seed), hashlib.sha256(seed.read_bytes()).hexdigest(), seed.stat().st_size, alone=True)
    work.prepare()
    forks = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    outcome = dask_engine.process_limited(task, 30.0, 1024)
    assert (outcome.status, len(forks)) == ("read", 1)
    cells = {row[0]: row[2] for row in outcome.cells}
    assert cells == {row[0]: row[2] for row in work.process(task).cells}
