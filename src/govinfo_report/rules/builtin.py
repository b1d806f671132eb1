"""The built-in rule pack, registered through the same hook as a third-party pack."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..hookspecs import hookimpl
from ..interfaces import Rule
from . import agency, identities, prose, structure, template, values  # noqa: F401  (they fill CORE)
from .pack import CORE


@hookimpl
def register_rules(register: Callable[[Rule], Any]) -> None:
    CORE.register_all(register)
