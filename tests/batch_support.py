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


def _distinct(paths: list[Path]) -> list[Path]:
    seen: dict[bytes, Path] = {}
    for path in paths:
        seen.setdefault(path.read_bytes(), path)
    return list(seen.values())


CORPUS_POOL = _distinct(sorted(p for p in (FIXTURES / "corpus").rglob("*")
                               if p.is_file() and p.suffix in (".txt", ".md", ".pdf", ".docx")
                               and p.parent.name != "expected" and p.name != "SOURCES.md") + EXAMPLES)


def _variant(data: bytes, suffix: str, k: int) -> bytes:
    """The same report in different bytes, so that copies are not deduplicated."""
    if suffix == ".pdf":
        return data + f"\n%copy {k}\n".encode()
    if suffix == ".docx":
        return data[:-2] + len(tag := f"copy {k}".encode()).to_bytes(2, "little") + tag \
            if data[-22:-18] == b"PK\x05\x06" else data
    return data + b"\n" * k


def _zip_bomb(path: Path, megabytes: int = 300) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("docProps/custom.xml", f"<name>{path.stem}</name>")  # each bomb its own bytes
        with z.open("word/document.xml", "w") as member:
            zeros = bytes(1 << 20)
            for _ in range(megabytes):
                member.write(zeros)


def build_large_corpus(folder: Path, files: int, broken: int = 30) -> dict[str, int]:
    """``files`` files: copies of the corpus under distinct names and contents, one folder
    per round of copies (so each body's years lie side by side as scraped), and ``broken``
    of them that cannot be read — truncated PDFs, non-PDFs named .pdf, empty files and zip
    bombs named .docx. Returns how many of each kind were made."""
    pdf = (FIXTURES / "pdf" / "libreoffice-grid.pdf").read_bytes()
    kinds = {"truncated": 0, "not-pdf": 0, "empty": 0, "zip-bomb": 0}
    (folder / "broken").mkdir(parents=True, exist_ok=True)
    for i in range(broken):
        kind = tuple(kinds)[i % 4]
        kinds[kind] += 1
        target = folder / "broken" / f"{kind}-{i}{'.docx' if kind == 'zip-bomb' else '.pdf'}"
        if kind == "truncated":
            target.write_bytes(pdf[: len(pdf) * (i + 1) // (broken + 1)])
        elif kind == "not-pdf":
            target.write_bytes(f"<html><body>页面不存在 {i}</body></html>".encode())
        elif kind == "empty":
            target.write_bytes(b"")
        else:
            _zip_bomb(target)
    made = broken
    k = 0
    while made < files:
        round_dir = folder / f"copies-{k:04d}"
        round_dir.mkdir(parents=True, exist_ok=True)
        for source in CORPUS_POOL:
            if made >= files:
                break
            name = source.name if source.parent.name != "seeds" else f"seed-{source.name}"
            (round_dir / name).write_bytes(_variant(source.read_bytes(), source.suffix, k))
            made += 1
        k += 1
    return kinds
