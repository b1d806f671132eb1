"""Write a report as the official Word file and as an HTML page with its findings marked.

    python examples/to_word.py REPORT OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import govinfo_report as gr


def main(source: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    report = gr.read(source)
    findings = gr.check(report)
    docx = gr.write(report, out / (source.stem + ".docx"), findings)
    html = gr.write(report, out / (source.stem + ".html"), findings)
    errors = sum(f.is_error for f in findings)
    print(f"{docx} and {html} written; {errors} error(s), {len(findings) - errors} other finding(s)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
