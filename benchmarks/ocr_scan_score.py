"""Score the OCR plugin on scans of every expected report of the corpus.

Each expected report is written as DOCX, printed to PDF by LibreOffice and "scanned" (rendered
at 150-300 dpi, some pages turned by up to 2°, noise, JPEG, no text layer); the reports that are
PDFs themselves are scanned from the original too (``tests/scan_support.py`` says how). Every
scan is read through the plugin and each scored cell counted as exact, wrong but named by an
``uncertain-reading`` finding, or wrong silently; seconds per page are the read's wall time and
the CPU time of all its threads (the fairer figure on a shared machine).

    python benchmarks/ocr_scan_score.py [--scans DIR] [--only GLOB] [--verbose]

Needs the plugin installed (pip install -e plugins/govinfo-report-ocr) and, to print the round
trips, LibreOffice. Exit status 0 when nothing is silently wrong and at least 98 % is exact.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import pypdfium2 as pdfium  # noqa: E402

import govinfo_report as gr  # noqa: E402
from govinfo_report.api import reader_of  # noqa: E402
from govinfo_report.errors import ReadError  # noqa: E402
from scan_support import Score, make_scans, scan_set, score_report  # noqa: E402

EXACT_SHARE = 0.98


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scans", type=Path, help="folder to keep the scans in (default: a temporary one)")
    parser.add_argument("--only", default="*", help="glob over scan names, e.g. 'pingtan-*'")
    parser.add_argument("--verbose", "-v", action="store_true", help="name every silently wrong cell")
    args = parser.parse_args(argv)
    if reader_of(ROOT / "tests" / "fixtures" / "pdf" / "libreoffice-grid.pdf").name != "ocr":
        print("the OCR plugin is not installed: pip install -e plugins/govinfo-report-ocr", file=sys.stderr)
        return 2
    scans = [s for s in scan_set() if fnmatch.fnmatchcase(s.name, args.only)]
    with tempfile.TemporaryDirectory(prefix="ocr-scans-") as tmp:
        folder = args.scans or Path(tmp)
        files = make_scans(scans, folder, shutil.which("soffice") or shutil.which("libreoffice"))
        scores = [_score(scan.name, files[scan.name], scan.expected, scan.style.describe(), args.verbose)
                  for scan in scans]
    return _summary(scores)


def _score(name: str, path: Path, expected_path: Path, style: str, verbose: bool) -> Score:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    pages = len(pdfium.PdfDocument(path))
    start, cpu = time.perf_counter(), time.process_time()
    try:
        report = gr.read(path)
    except ReadError as exc:
        score = Score(name, pages, time.perf_counter() - start, time.process_time() - cpu, error=str(exc))
        print(f"{name:40} {style:40} unreadable: {exc}", flush=True)
        return score
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    score = score_report(name, report, gr.check(report), expected)
    score.pages, score.seconds, score.cpu = pages, seconds, cpu
    print(f"{name:40} {style:40} exact {score.exact:3}/{score.total:3}  flagged wrong {score.flagged_wrong:2}  "
          f"silent {len(score.silent):2}  flagged exact {score.flagged_exact:3}  "
          f"{seconds / pages:5.1f} s/page ({cpu / pages:4.1f} s CPU)", flush=True)
    if verbose and score.silent:
        got = report.flat_cells()
        print("    silent: " + ", ".join(f"{k}={got.get(k)!r} (want {expected['cells'][k]!r})" for k in score.silent))
    return score


def _summary(scores: list[Score]) -> int:
    total = sum(s.total for s in scores)
    exact = sum(s.exact for s in scores)
    silent = sum(len(s.silent) for s in scores)
    flagged = sum(s.flagged_wrong for s in scores)
    unreadable = sum(bool(s.error) for s in scores)
    pages = sum(s.pages for s in scores)
    seconds = sum(s.seconds for s in scores)
    cpu = sum(s.cpu for s in scores)
    share = exact / total if total else 0.0
    print(f"\nscans {len(scores)} ({pages} pages), unreadable {unreadable}; cells exact {exact}/{total} "
          f"({100 * share:.2f} %), wrong but flagged uncertain-reading {flagged}, silent wrong {silent}; "
          f"{seconds / max(pages, 1):.1f} s/page ({cpu / max(pages, 1):.1f} s of CPU time, all threads)")
    return 0 if silent == 0 and unreadable == 0 and share >= EXACT_SHARE else 1


if __name__ == "__main__":
    raise SystemExit(main())
