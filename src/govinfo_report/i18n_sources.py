"""What the catalogues translate beyond the strings marked in the source, for Babel.

Official labels, statement names and rule titles and descriptions are data, and argparse's
own words live in the standard library; none of them is a marked call Babel could find.
``babel.cfg`` maps this extractor onto ``formats/official.py``, so ``pybabel extract`` collects
them with the rest and ``pybabel update`` never drops them.
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator
from typing import Any

Message = tuple[int, str | None, str, list[str]]


def official_words() -> list[str]:
    """Every label, title and heading the official formats print, and each statement's name."""
    from .formats import FORMATS
    from .formats.identities import identities, year_identities
    from .formats.official import SECTIONS
    from .formats.statements import STATEMENTS

    words: list[str] = []
    for spec in FORMATS.values():
        for table in spec.tables:
            words.append(table.title)
            words += [group.label for group in (*table.row_groups, *table.column_groups)]
            for block in table.blocks:
                words += [block.banner] if block.banner else []
                words += [w for row in block.rows for w in (row.label, row.group) if w]
                words += [column.label for column in block.columns]
            words += [collapsed.row.label for collapsed in table.collapsed]
        words += [identity.label for identity in identities(spec)]
        words += [identity.label for identity in year_identities(spec)]
    for section in SECTIONS:
        words += [section.number, section.heading]
    words += [statement.name for statement in STATEMENTS]
    return list(dict.fromkeys(words))


def rule_words() -> list[str]:
    """Each built-in rule's title and description."""
    from .plugins.manager import load_registry

    rules = load_registry(entry_points=False).rules.values()
    return list(dict.fromkeys(w for rule in rules for w in (rule.title, rule.description) if w))


def argparse_words() -> list[str]:
    """The msgids argparse looks up through ``_`` and ``ngettext`` (usage:, options, its errors)."""
    tree = ast.parse(open(argparse.__file__, encoding="utf-8").read())  # noqa: SIM115
    words: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
            words += [a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return list(dict.fromkeys(words))


def extract(fileobj: Any, keywords: Any, comment_tags: Any, options: dict[str, str]) -> Iterator[Message]:
    """A Babel extraction method: the file it is mapped onto only anchors the messages."""
    for lineno, words in enumerate((official_words(), rule_words(), argparse_words()), 1):
        for word in words:
            yield lineno, None, word, []
