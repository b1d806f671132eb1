"""The across-year step over a whole store: every body's reports, one body at a time.

Only one body's reports are rebuilt in memory at once. Bodies with a division code are
grouped by it; names without one are grouped as ``same_body`` does (one name ending with
the other: 淮安市洪泽区 / 洪泽区), found through each name's suffixes rather than by
comparing every pair, so a corpus of many thousands of bodies stays fast.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..api import check_corpus
from ..serialize import make_converter, report_from_dict
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
    conv = make_converter()
    rows: list[tuple[Any, ...]] = []
    for ids in body_groups(members):
        marks = ",".join("?" * len(ids))
        found = list(store.rows(f"SELECT id, path, model FROM reports WHERE id IN ({marks})", tuple(ids)))
        by_source = {}
        reports = []
        for rid, path, model in found:
            report = report_from_dict(json.loads(model), conv)
            report.meta.source = path
            by_source[path] = rid
            reports.append(report)
        for f in check_corpus(reports, select=select, ignore=ignore):
            rid = by_source.get(f.file or "")
            if rid is not None:
                rows.append((rid, *finding_row(f)))
    store.replace_corpus_findings(rows)
    return len(rows)
