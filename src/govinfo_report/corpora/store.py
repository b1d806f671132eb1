"""The corpus store: one SQLite file (WAL) holding every file, report, cell and finding.

Each file's rows are written in one transaction as its result arrives, so an interrupted
run loses nothing it committed, and the parent's memory does not grow with the corpus.
The schema is documented in docs/store.md; ``SCHEMA_VERSION`` changes when it does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from ..errors import GovinfoReportError
from .work import Outcome

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS store_info (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    reader TEXT,
    status TEXT NOT NULL CHECK (status IN ('read', 'failed', 'duplicate')),
    error_kind TEXT,
    error_message TEXT,
    seconds REAL,
    version TEXT NOT NULL,
    duplicate_of TEXT
);
CREATE INDEX IF NOT EXISTS files_sha256 ON files (sha256, version);
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    version TEXT NOT NULL,
    path TEXT NOT NULL,
    agency TEXT, year INTEGER, template TEXT, title TEXT, published TEXT,
    division_code TEXT, division_level TEXT, body TEXT, body_key TEXT,
    model TEXT NOT NULL,
    UNIQUE (sha256, version)
);
CREATE INDEX IF NOT EXISTS reports_body ON reports (body_key, year);
CREATE TABLE IF NOT EXISTS cells (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    key TEXT NOT NULL, label TEXT NOT NULL, value TEXT, raw TEXT, location TEXT,
    PRIMARY KEY (report_id, key)
);
CREATE TABLE IF NOT EXISTS findings (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    scope TEXT NOT NULL CHECK (scope IN ('report', 'corpus')),
    code TEXT NOT NULL, severity TEXT NOT NULL, cause TEXT NOT NULL, message TEXT NOT NULL,
    cells TEXT NOT NULL, expected TEXT, actual TEXT, data TEXT
);
CREATE INDEX IF NOT EXISTS findings_report ON findings (report_id, scope);
"""


class StoreError(GovinfoReportError):
    """The store file is not a store this version can use."""


@attrs.frozen
class Known:
    """What the store already holds for a path."""

    sha256: str
    version: str
    status: str


class Store:
    """A corpus store opened for reading and writing."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(SCHEMA)
            found = self.db.execute("SELECT value FROM store_info WHERE name = 'schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a corpus store ({exc})") from None
        if found is None:
            self.db.execute("INSERT INTO store_info VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif found[0] != str(SCHEMA_VERSION):
            raise StoreError(f"{self.path}: store schema version {found[0]}, this library writes {SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------------------
    def known(self, path: str) -> Known | None:
        row = self.db.execute("SELECT sha256, version, status FROM files WHERE path = ?", (path,)).fetchone()
        return None if row is None else Known(*row)

    def original(self, sha256: str, version: str) -> str | None:
        """The path a content was first read from (the one its duplicates point to)."""
        row = self.db.execute("SELECT path FROM files WHERE sha256 = ? AND version = ? AND status != 'duplicate' "
                              "ORDER BY path LIMIT 1", (sha256, version)).fetchone()
        return None if row is None else str(row[0])

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        yield from self.db.execute(sql, params)

    # -- writing ----------------------------------------------------------------------------
    def record(self, outcome: Outcome, version: str) -> None:
        """One file's rows, all or nothing."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM files WHERE path = ?", (outcome.path,))
            db.execute("INSERT INTO files (path, sha256, size, reader, status, error_kind, error_message, seconds, "
                       "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (outcome.path, outcome.sha256, outcome.size, outcome.reader, outcome.status,
                        outcome.error_kind, outcome.error_message, outcome.seconds, version))
            if outcome.report is not None:
                db.execute("DELETE FROM reports WHERE sha256 = ? AND version = ?", (outcome.sha256, version))
                r = outcome.report
                report_id = db.execute(
                    "INSERT INTO reports (sha256, version, path, agency, year, template, title, published, "
                    "division_code, division_level, body, body_key, model) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (outcome.sha256, version, outcome.path, r["agency"], r["year"], r["template"], r["title"],
                     r["published"], r["division_code"], r["division_level"], r["body"], r["body_key"],
                     r["model"])).lastrowid
                db.executemany("INSERT INTO cells VALUES (?, ?, ?, ?, ?, ?)",
                               [(report_id, *row) for row in outcome.cells])
                db.executemany("INSERT INTO findings VALUES (?, 'report', ?, ?, ?, ?, ?, ?, ?, ?)",
                               [(report_id, *row) for row in outcome.findings])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def record_duplicate(self, path: str, sha256: str, size: int, original: str, version: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO files (path, sha256, size, status, version, duplicate_of) "
                        "VALUES (?, ?, ?, 'duplicate', ?, ?)", (path, sha256, size, version, original))

    def prune(self) -> int:
        """Drop reports no file points to any more (a file changed or was read by another
        version); their cells and findings go with them."""
        cur = self.db.execute("DELETE FROM reports WHERE NOT EXISTS (SELECT 1 FROM files f WHERE "
                              "f.sha256 = reports.sha256 AND f.version = reports.version AND f.status = 'read')")
        return cur.rowcount

    def replace_corpus_findings(self, rows: list[tuple[Any, ...]]) -> None:
        """The across-year findings, recomputed as a whole after each run."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM findings WHERE scope = 'corpus'")
            db.executemany("INSERT INTO findings VALUES (?, 'corpus', ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
