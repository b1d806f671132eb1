"""What the generated Markdown pages share."""


def table_cell(text: str) -> str:
    """``text`` as one cell of a Markdown table, whose cells a bare ``|`` would split."""
    return text.replace("|", "\\|")
