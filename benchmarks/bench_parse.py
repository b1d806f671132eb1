"""Parse and check a few hundred text reports in one process; print the time per report.

The seeds are read again and again (different files each round would only measure the disk).
Label matching is cached per process, so the first round is reported apart: it is what a
one-off `govinfo-report check` pays, the rest is what a batch pays per report.

    python benchmarks/bench_parse.py [--reports 300] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import govinfo_report as gr
from govinfo_report.plugins.manager import default_registry

SEEDS = sorted((Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "corpus" / "seeds").glob("*.txt"))


def run(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        gr.check(gr.read(path))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    default_registry()
    files = [SEEDS[i % len(SEEDS)] for i in range(args.reports)]
    first = run(SEEDS)
    times = [run(files) / len(files) for _ in range(args.rounds)]
    print(f"first pass (cold caches): {first / len(SEEDS) * 1000:.2f} ms per report")
    print(f"{args.reports} reports x {args.rounds} rounds: best {min(times) * 1000:.2f} ms, "
          f"median {statistics.median(times) * 1000:.2f} ms per report (parse + all rules)")


if __name__ == "__main__":
    main()
