"""Conventions this library's writers and readers share about the files it writes.

The HTML writer marks what it adds around a report (the summary, the findings list) so the
HTML reader skips it: a written page reads back to the report and nothing else. Both sides
import the mark from here, so neither imports the other.
"""

ANNOTATION_ATTR = "data-govinfo-annotation"
