"""MkDocs hook: the docstrings' Sphinx roles (:class:`~a.b.C`) shown as plain code (`C`).

The package's docstrings name other objects the Sphinx way, which reads well in ``help()``;
mkdocstrings renders them as Markdown, where the role would show as text.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:class|meth|func|attr|mod|data|exc|obj):(<code>)(~)?([\w.]+)(</code>)")


def _shown(match: re.Match[str]) -> str:
    name = match.group(3).rsplit(".", 1)[-1] if match.group(2) else match.group(3)
    return f"{match.group(1)}{name}{match.group(4)}"


def on_page_content(html: str, **kwargs: Any) -> str:
    return _ROLE.sub(_shown, html)
