"""Reference pages generated from the code: the cell keys (docs/format.md, ``govinfo-report
keys``) and the command line (docs/cli.md). A test keeps the committed pages equal to these
functions' output, so the documentation cannot drift from the formats or the parser."""

from .cli import render_cli
from .keys import KeyRow, key_rows, render_keys, render_keys_page

__all__ = ["KeyRow", "key_rows", "render_cli", "render_keys", "render_keys_page"]
