"""Conventions this library's writers and readers share about the files it writes.

The HTML writer marks what it adds around a report (the summary, the findings list) so the
HTML reader skips it: a written page reads back to the report and nothing else. Both sides
import the mark from here, so neither imports the other.

The text and Markdown writers head their findings with a line the text reader stops at, for
the same reason: the findings are about the report, not part of it, and must not be read
back into its last section.
"""

ANNOTATION_ATTR = "data-govinfo-annotation"
# The heading in each language the findings may be written in.
FINDINGS_HEADINGS = {
    "zh": "检查结果（govinfo-report 检查所见，不属于报告原文）",
    "en": "Findings (what govinfo-report found; not part of the report)",
}
FINDINGS_HEADING = FINDINGS_HEADINGS["zh"]


def is_findings_heading(line: str) -> bool:
    """Whether ``line`` heads the findings a text or Markdown writer appended (``#`` marks aside)."""
    return line.lstrip("# ").strip() in FINDINGS_HEADINGS.values()


def may_hold_findings(text: str) -> bool:
    """Whether any line of ``text`` can be a findings heading: one test of the whole text
    spares the line-by-line test in the reports (nearly all) that hold none."""
    return any(heading in text for heading in FINDINGS_HEADINGS.values())
