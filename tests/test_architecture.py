"""The layering ARCHITECTURE.md promises, kept by the contracts in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

import govinfo_report as gr

ROOT = Path(__file__).resolve().parent.parent


def test_layers_and_forbidden_imports_are_kept() -> None:
    """No cycle between layers, no lower layer importing a higher one, and rules, readers and
    writers never importing the recognizer (see [tool.importlinter] in pyproject.toml)."""
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_a_plugin_needs_only_the_package_itself() -> None:
    from govinfo_report import hookspecs, interfaces
    from govinfo_report.rules import engine

    assert gr.hookimpl is hookspecs.hookimpl
    assert (gr.Reader, gr.Writer) == (interfaces.Reader, interfaces.Writer)
    assert (gr.Rule, gr.RulePack, gr.Context) == (interfaces.Rule, engine.RulePack, engine.Context)
