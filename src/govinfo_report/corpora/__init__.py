"""Corpora: many thousands of reports read by worker processes into a resumable SQLite store.

Sits above the single-file API and the corpus step (``neighbours``), below the command line.
"""

from __future__ import annotations

from .run import BatchSummary, batch, iter_results
from .store import SCHEMA_VERSION, Store, StoreError
from .work import Outcome, Task

__all__ = ["SCHEMA_VERSION", "BatchSummary", "Outcome", "Store", "StoreError", "Task", "batch", "iter_results"]
