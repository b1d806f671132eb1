"""A corpus of thousands of files with broken ones among them: every file accounted for.

Slow (minutes): under the ``large`` marker, left out of the default run and run by .ci/run.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import govinfo_report as gr
from batch_support import build_large_corpus

FILES, BROKEN = 3000, 30


@pytest.mark.large
def test_three_thousand_files_with_thirty_broken_are_all_accounted_for(tmp_path: Path) -> None:
    corpus, store = tmp_path / "corpus", tmp_path / "corpus.sqlite"
    kinds = build_large_corpus(corpus, FILES, BROKEN)
    summary = gr.batch([corpus], store, jobs=2)
    assert summary.files == FILES
    db = sqlite3.connect(store)
    # Rounds of copies repeat file names in their own folders: a file is its path in the corpus.
    root = corpus.resolve()
    rows = {Path(p).relative_to(root): (status, kind, dup) for p, status, kind, dup in db.execute(
        "SELECT path, status, error_kind, duplicate_of FROM files")}
    kind_of = {Path(p).name: kind for p, kind in db.execute(
        "SELECT path, error_kind FROM files WHERE path LIKE '%/broken/%'")}
    db.close()
    assert len(rows) == FILES
    broken = {path.name: row for path, row in rows.items() if path.parent.name == "broken"}
    assert len(broken) == BROKEN == sum(kinds.values())
    for name, (status, kind, dup) in broken.items():
        if status == "duplicate":  # empty files are all alike: each is the first empty one
            original = Path(str(dup)).name
            assert name.startswith("empty") and original.startswith("empty")
            assert kind_of[original] == "CorruptFileError"  # an empty file named .pdf
            continue
        assert status == "failed"
        expected = {"zip": {"TooLargeError"}, "empty": {"CorruptFileError"},
                    "truncated": {"CorruptFileError", "EmptyDocumentError"},
                    "not": {"NotAReportError", "CorruptFileError"}}[name.split("-")[0]]
        assert kind in expected, (name, kind)
    assert summary.read == FILES - BROKEN
    assert summary.failed + summary.duplicates == BROKEN
