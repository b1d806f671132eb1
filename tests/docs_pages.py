"""Write the documentation pages that are generated from the code.

    PYTHONPATH=src python tests/docs_pages.py

writes docs/cli.md (the parser), docs/rules.md (the registered rules) and docs/format.md
(the cell keys of the formats); test_docs.py fails while a committed page differs.
"""

from __future__ import annotations

from pathlib import Path

from govinfo_report.catalogue import render_catalogue
from govinfo_report.cli import build_parser
from govinfo_report.i18n import using
from govinfo_report.plugins.manager import load_registry
from govinfo_report.reference import render_cli, render_keys_page

DOCS = Path(__file__).resolve().parents[1] / "docs"


def generated_pages() -> dict[str, str]:
    """Each generated page's name under docs/ and its text: the site is in English, the cell
    labels the official Chinese ones."""
    with using("en"):
        return {
            "cli.md": render_cli(build_parser()),
            "rules.md": render_catalogue(load_registry(entry_points=False)),
            "format.md": render_keys_page(),
        }


if __name__ == "__main__":
    for name, text in generated_pages().items():
        (DOCS / name).write_text(text, encoding="utf-8")
        print(f"wrote docs/{name}")
