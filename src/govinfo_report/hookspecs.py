"""Hook specifications. Each hook hands the plugin a ``register`` callback.

The callback style (as in datasette and llm) lets one plugin register any number of readers,
writers or rules, and lets the manager record which plugin registered what.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from .interfaces import Reader, Rule, Writer

PROJECT = "govinfo_report"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_readers(register: Callable[[Reader], Any]) -> None:
    """Register reader instances: ``register(MyReader())``."""


@hookspec
def register_writers(register: Callable[[Writer], Any]) -> None:
    """Register writer instances: ``register(MyWriter())``."""


@hookspec
def register_rules(register: Callable[[Rule], Any]) -> None:
    """Register rules (usually a whole pack): ``for rule in PACK: register(rule)``."""
