"""The Dask engine gives the store the local engine gives."""

from __future__ import annotations

from pathlib import Path

import pytest

import govinfo_report as gr
from batch_support import make_corpus, store_content

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
