"""Compare reading a PDF report with bare pdfminer page extraction, side by side in one process.

The budget for ``govinfo_report.read()`` plus every rule is 1.15x pdfminer's
``list(extract_pages(f, laparams=None))``; running all three alternately in the same process
keeps machine noise from favouring any of them. The reader alone is shown too.

    python benchmarks/bench_pdf.py [-n ROUNDS] [FILE.pdf ...]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from pdfminer.high_level import extract_pages

import govinfo_report as gr
from govinfo_report.plugins.manager import default_registry
from govinfo_report.readers.pdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "corpus" / "raw" / "kirogovcompare"
DEFAULT_FILES = [FIXTURES / "hongze-2023.pdf", FIXTURES / "hongze-2024.pdf"]


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bench(path: Path, rounds: int) -> tuple[list[float], list[float], list[float]]:
    reader = PdfReader()
    default_registry()
    baseline: list[float] = []
    layout: list[float] = []
    full: list[float] = []
    for _ in range(rounds):
        baseline.append(_timed(lambda: list(extract_pages(str(path), laparams=None))))
        layout.append(_timed(lambda: reader.read(path)))
        full.append(_timed(lambda: gr.check(gr.read(path))))
    return baseline, layout, full


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--rounds", type=int, default=7)
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    args = parser.parse_args(argv)
    print(f"{'file':<18} {'pdfminer best':>13} {'reader best':>11} {'read+rules best':>15} "
          f"{'ratio best':>10} {'ratio median':>12}")
    for path in args.files:
        baseline, layout, full = bench(path, args.rounds)
        best = min(full) / min(baseline)
        median = statistics.median(f / b for f, b in zip(full, baseline))
        print(f"{path.name:<18} {min(baseline):>12.3f}s {min(layout):>10.3f}s {min(full):>14.3f}s "
              f"{best:>10.2f} {median:>12.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
