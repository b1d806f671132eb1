"""Check every report in a folder; write all cells and all findings as two CSV files.

A file that cannot be read is listed with its reason in unreadable.csv; the rest go on.

    python examples/check_folder.py FOLDER OUT_DIR
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import govinfo_report as gr
from govinfo_report.writers.csv_writer import COLUMNS, rows


def main(folder: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    reports = []
    with (out / "cells.csv").open("w", newline="", encoding="utf-8") as cells_file, \
         (out / "findings.csv").open("w", newline="", encoding="utf-8") as findings_file, \
         (out / "unreadable.csv").open("w", newline="", encoding="utf-8") as bad_file:
        cells = csv.DictWriter(cells_file, fieldnames=COLUMNS)
        cells.writeheader()
        findings = csv.writer(findings_file)
        findings.writerow(["file", "code", "severity", "cause", "cells", "message"])
        bad = csv.writer(bad_file)
        bad.writerow(["file", "error"])
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            try:
                report = gr.read(path)
            except gr.ReadError as exc:
                bad.writerow([str(path), str(exc)])
                continue
            result = gr.check(report)
            reports.append(report)
            cells.writerows(rows(report, result))
            for f in result:
                findings.writerow([str(path), f.code, f.severity.value, f.cause.value, " ".join(f.cells), f.message])
        for f in gr.check_corpus(reports):
            findings.writerow([f.file, f.code, f.severity.value, f.cause.value, " ".join(f.cells), f.message])
    print(f"{len(reports)} reports checked; results in {out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
