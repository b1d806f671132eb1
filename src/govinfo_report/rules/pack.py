"""The built-in rule packs every rule module adds itself to."""

from __future__ import annotations

from .engine import RulePack

CORE = RulePack("core")
CORPUS = RulePack("corpus")
