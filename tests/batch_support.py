"""Small corpora for the batch tests, and the store's content in a comparable form."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
PINGTAN = sorted((FIXTURES / "corpus" / "raw" / "pingtan").glob("pingtan-*.txt"))
EXAMPLES = sorted((Path(__file__).parent.parent / "examples" / "reports").glob("*.txt"))


def make_corpus(folder: Path, copies: int = 1) -> Path:
    """Pingtan's seven years, the examples (``copies`` variants of each, distinct in content
    by trailing blank lines), an identical copy, and files that cannot be read."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in PINGTAN:
        shutil.copy(path, folder / path.name)
    for n in range(copies):
        for path in EXAMPLES:
            (folder / f"{path.stem}-v{n}.txt").write_bytes(path.read_bytes() + b"\n" * n)
    shutil.copy(PINGTAN[0], folder / "z-copy-of-pingtan-2019.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes((FIXTURES / "pdf" / "libreoffice-grid.pdf").read_bytes()[:900])
    (folder / "not-a-pdf.pdf").write_bytes("这不是PDF文件".encode())
    return folder


def store_content(path: Path) -> dict[str, Any]:
    """Everything a store holds, keyed by file path and content, without row ids or timings."""
    db = sqlite3.connect(path)
    try:
        files = sorted(db.execute("SELECT path, sha256, size, reader, status, error_kind, error_message, version, "
                                  "duplicate_of FROM files"))
        reports = sorted(db.execute("SELECT sha256, path, agency, year, template, title, published, division_code, "
                                    "division_level, body, body_key, model FROM reports"))
        cells = sorted(db.execute("SELECT r.sha256, c.key, c.label, c.value, c.raw, c.location FROM cells c "
                                  "JOIN reports r ON r.id = c.report_id"))
        findings = sorted(db.execute("SELECT r.sha256, f.scope, f.code, f.severity, f.cause, f.message, f.cells, "
                                     "f.expected, f.actual, coalesce(f.data, '') FROM findings f "
                                     "JOIN reports r ON r.id = f.report_id"))
    finally:
        db.close()
    return {"files": files, "reports": reports, "cells": cells, "findings": findings}
