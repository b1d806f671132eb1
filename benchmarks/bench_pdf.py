"""Compare the PDF reader with bare pdfminer page extraction, side by side in one process.

The budget for reading (plus, later, the rules) is 1.15x pdfminer's
``list(extract_pages(f, laparams=None))``; running both alternately in the same process
keeps machine noise from favouring either side.

    python benchmarks/bench_pdf.py [-n ROUNDS] [FILE.pdf ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pdfminer.high_level import extract_pages

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from govinfo_report.readers.pdf import PdfReader  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
DEFAULT_FILES = [FIXTURES / "hongze-2023.pdf", FIXTURES / "hongze-2024.pdf"]


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bench(path: Path, rounds: int) -> tuple[list[float], list[float]]:
    reader = PdfReader()
    baseline: list[float] = []
    ours: list[float] = []
    for _ in range(rounds):
        baseline.append(_timed(lambda: list(extract_pages(str(path), laparams=None))))
        ours.append(_timed(lambda: reader.read(path)))
    return baseline, ours


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--rounds", type=int, default=7)
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    args = parser.parse_args(argv)
    print(f"{'file':<20} {'pdfminer best':>14} {'reader best':>12} {'best ratio':>10} {'median ratio':>12}")
    total_base = total_ours = 0.0
    for path in args.files:
        baseline, ours = bench(path, args.rounds)
        best = min(ours) / min(baseline)
        median = statistics.median(ours) / statistics.median(baseline)
        total_base += min(baseline)
        total_ours += min(ours)
        print(f"{path.name:<20} {min(baseline):>13.3f}s {min(ours):>11.3f}s {best:>10.2f} {median:>12.2f}")
    print(f"{'all files':<20} {total_base:>13.3f}s {total_ours:>11.3f}s {total_ours / total_base:>10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
