"""The across-year step over a whole store: every body's reports, one body at a time.

Only one body's reports are rebuilt in memory at once, and the copies among them (the same
report saved under other names, in other bytes) share their sections and tables: a body whose
report was scraped a thousand times costs about what its distinct reports cost. Bodies with a division code are
grouped by it; names without one are grouped as ``same_body`` does (one name ending with
the other: 淮安市洪泽区 / 洪泽区), found through each name's suffixes rather than by
comparing every pair, so a corpus of many thousands of bodies stays fast.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import cattrs

from ..api import check_corpus
from ..model import Report, Section, Table
from ..serialize import default_converter, report_from_dict
from .store import Store
from .work import finding_row


def body_groups(members: Sequence[tuple[int, str, bool]]) -> list[list[int]]:
    """Report ids grouped by body, from ``(id, body_key, coded)`` rows."""
    coded: dict[str, list[int]] = {}
    named: dict[str, list[int]] = {}
    for report_id, key, is_coded in members:
        (coded if is_coded else named).setdefault(key, []).append(report_id)
    roots: dict[str, list[int]] = {}
    for key in sorted(named, key=len):
        root = next((key[i:] for i in range(len(key)) if key[i:] in roots), None)
        if root is None:
            roots[key] = list(named[key])
        else:
            roots[root].extend(named[key])
    return [ids for ids in (*coded.values(), *roots.values()) if len(ids) > 1]


def run_corpus_step(store: Store, version: str, select: Sequence[str] | None = None,
                    ignore: Sequence[str] | None = None) -> int:
    """Recompute the across-year findings of every body in the store; their number."""
    members = [(rid, key, body is not None) for rid, key, body in store.rows(
        "SELECT r.id, r.body_key, r.body FROM reports r WHERE r.version = ? AND r.body_key IS NOT NULL "
        "AND r.year IS NOT NULL ORDER BY r.id", (version,))]
    conv = default_converter()
    rows: list[tuple[Any, ...]] = []
    for ids in body_groups(members):
        marks = ",".join("?" * len(ids))
        by_source: dict[str, int] = {}
        reports = []
        for rid, report in rebuild(store.rows(f"SELECT id, path, model FROM reports WHERE id IN ({marks}) "
                                              "ORDER BY id", tuple(ids)), conv):
            by_source[report.meta.source or ""] = rid
            reports.append(report)
        for f in check_corpus(reports, select=select, ignore=ignore):
            owner = by_source.get(f.file or "")
            if owner is not None:
                rows.append((owner, *finding_row(f)))
    store.replace_corpus_findings(rows)
    return len(rows)


def rebuild(rows: Iterable[tuple[int, str, str]], conv: cattrs.Converter) -> Iterator[tuple[int, Report]]:
    """Reports from ``(id, path, model)`` rows, each named by its path; reports whose sections
    and tables are the same share one copy of them (the rules only read them)."""
    shared: dict[bytes, tuple[dict[str, Section], dict[str, Table]]] = {}
    for rid, path, model in rows:
        data = json.loads(model)
        content = hashlib.sha256(json.dumps([data.get("sections"), data.get("tables")],
                                            ensure_ascii=False).encode()).digest()
        known = shared.get(content)
        if known is not None:
            data["sections"], data["tables"] = {}, {}
        report = report_from_dict(data, conv)
        if known is None:
            shared[content] = report.sections, report.tables
        else:
            report.sections, report.tables = known
        report.meta.source = path
        yield rid, report
