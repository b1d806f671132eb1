"""Which files a batch reads: the sources' files a reader claims, hidden folders left out.

A scraped corpus sits beside notes, caches and version-control folders; walking into
``.git`` or ``.pytest_cache`` wastes time and fills the store with unreadable rows, so a
folder or file whose name starts with a dot is skipped unless it is named as a source. So are
the notes a folder kept under version control carries beside its files (README.md, LICENSE,
CHANGELOG.md): they are text a reader would take, are never reports, and would otherwise sit
among the failures. Any other file that is not a report is read and recorded as failed
(``NotAReportError``): a scraped page that is not a report is something to see.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

#: Names of a folder's own notes, left out below a folder unless ``include`` names them.
FOLDER_NOTES = ("README*", "LICENSE*", "LICENCE*", "COPYING*", "NOTICE*", "AUTHORS*", "CONTRIBUTING*",
                "CHANGELOG*", "CHANGES*", "HISTORY*", "CODE_OF_CONDUCT*")


def _matches(path: Path, root: Path, patterns: Sequence[str]) -> bool:
    """A glob matches the file's name or its path below the source (``2023/*.pdf``)."""
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    return any(fnmatch.fnmatch(path.name, p) or fnmatch.fnmatch(relative, p) for p in patterns)


def _wanted(path: Path, root: Path, suffixes: frozenset[str], include: Sequence[str],
            exclude: Sequence[str]) -> bool:
    if exclude and _matches(path, root, exclude):
        return False
    if include:
        return _matches(path, root, include)
    if any(fnmatch.fnmatch(path.name.upper(), p) for p in FOLDER_NOTES):
        return False
    return path.suffix.lower() in suffixes


def walk(sources: Iterable[str | Path], suffixes: Iterable[str], include: Sequence[str] = (),
         exclude: Sequence[str] = ()) -> Iterator[Path]:
    """Files under ``sources`` in a stable order (sorted within each folder).

    A file named as a source is always taken; below a folder only the ``suffixes`` readers
    claim, less the folder's notes (``FOLDER_NOTES``), or, given ``include``, what its globs
    match; minus what ``exclude`` matches.
    """
    claimed = frozenset(s.lower() for s in suffixes)
    for source in sources:
        root = Path(source)
        if not root.is_dir():
            yield root
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            base = Path(folder)
            for name in sorted(files):
                path = base / name
                if not name.startswith(".") and _wanted(path, root, claimed, include, exclude):
                    yield path
