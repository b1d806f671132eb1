"""Batch throughput with two workers against one, and the parent's peak memory by corpus size.

A folder of copies of the test corpus (distinct names and bytes, each round of copies in its
own folder) with 30 broken files among them is read by ``gr.batch`` with ``-j 1`` and with
``-j 2`` side by side; each run is a fresh process with a fresh store, which prints the
parent's own peak resident memory (workers are separate processes). Every file must be
accounted for in the store: read, failed with its reason, or a duplicate of one of those.

On a machine others load, seconds measure the load as much as the batch, so each run also
prints the load average and where its processor time went: the workers' (the reading, which
two workers share), the parent's (walking, hashing, the store) and the across-year step's
(after the reading, in the parent). Two workers can be at most
``(workers + parent) / max(workers / 2, parent)`` times faster, less the across-year step.

    python benchmarks/bench_batch.py [--memory-at 300,3000] [--ratio-at 3000] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from batch_support import build_large_corpus  # noqa: E402


def _child(folder: str, store: str, jobs: int) -> None:
    """One batch run in this process; prints its figures as JSON."""
    import govinfo_report as gr
    from govinfo_report.corpora import run

    # The peak and the processor time while files are read, apart from the across-year step
    # after them (which holds one body's reports at a time).
    reading: dict[str, float] = {}
    corpus_step = run.run_corpus_step

    def measured(*args: object, **kwargs: object) -> int:
        reading.update(peak_mb=_peak_mb(), parent_cpu=_cpu(resource.RUSAGE_SELF), at=time.perf_counter())
        found = corpus_step(*args, **kwargs)  # type: ignore[arg-type]
        reading.update(corpus_seconds=time.perf_counter() - reading["at"],
                       corpus_cpu=_cpu(resource.RUSAGE_SELF) - reading["parent_cpu"])
        return found

    run.run_corpus_step = measured  # type: ignore[assignment]
    load = os.getloadavg()[0]
    started_cpu = _cpu(resource.RUSAGE_SELF)  # the imports, before and whatever the run
    start = time.perf_counter()
    summary = gr.batch([folder], store, jobs=jobs)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(), "reading_peak_mb": reading["peak_mb"],
                      "parent_cpu": reading["parent_cpu"] - started_cpu, "workers_cpu": _cpu(resource.RUSAGE_CHILDREN),
                      "corpus_seconds": reading["corpus_seconds"], "corpus_cpu": reading["corpus_cpu"],
                      "load": max(load, os.getloadavg()[0]), "files": summary.files, "read": summary.read,
                      "failed": summary.failed, "duplicates": summary.duplicates}))


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(folder: Path, jobs: int, work: Path) -> dict[str, float]:
    store = work / f"store-{folder.name}-j{jobs}.sqlite"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, __file__, "--child", str(folder), str(store), str(jobs)],
                         env=env, check=True, capture_output=True, text=True).stdout
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    db = sqlite3.connect(store)
    accounted = db.execute("SELECT count(*) FROM files WHERE status = 'read' OR (status = 'failed' AND "
                           "error_kind IS NOT NULL AND error_message IS NOT NULL) OR duplicate_of IS NOT NULL"
                           ).fetchone()[0]
    db.close()
    on_disk = sum(len(files) for _, _, files in os.walk(folder))
    assert accounted == on_disk == figures["files"], (accounted, on_disk, figures)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--memory-at", default="300,3000", help="corpus sizes whose parent peak memory is measured")
    parser.add_argument("--ratio-at", type=int, default=3000, help="corpus size of the -j 2 / -j 1 comparison")
    parser.add_argument("--rounds", type=int, default=1, help="alternating -j 1 / -j 2 runs; the best of each")
    parser.add_argument("--no-ratio", action="store_true", help="measure memory only (-j 2)")
    parser.add_argument("--broken", type=int, default=30)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        folder, store, jobs = args.child
        _child(folder, store, int(jobs))
        return
    sizes = sorted({*(int(n) for n in args.memory_at.split(",")), args.ratio_at})
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        work = Path(tmp)
        results: dict[tuple[int, int], dict[str, float]] = {}
        for size in sizes:
            folder = work / f"corpus-{size}"
            build_large_corpus(folder, size, min(args.broken, size // 10))
            ratio = size == args.ratio_at and not args.no_ratio
            for _ in range(args.rounds if ratio else 1):
                for jobs in ((1, 2) if ratio else (2,)):
                    r = measure(folder, jobs, work)
                    _show(size, jobs, r)
                    if (size, jobs) not in results or r["seconds"] < results[size, jobs]["seconds"]:
                        results[size, jobs] = r
        if not args.no_ratio:
            one, two = results[args.ratio_at, 1], results[args.ratio_at, 2]
            print(f"throughput -j 2 / -j 1 at {args.ratio_at} files: {one['seconds'] / two['seconds']:.2f}x "
                  f"(load average {one['load']:.1f} / {two['load']:.1f} on {os.cpu_count()} cores)")
            print(f"processor time -j 1 / -j 2 (all processes): {_total(one) / _total(two):.2f}; two workers "
                  f"could be {_bound(two):.2f}x faster on 2 free cores")
        for key, what in (("reading_peak_mb", "reading"), ("peak_mb", "with the across-year step")):
            peaks = [results[size, 2][key] for size in sizes]
            print(f"parent peak memory {what}, -j 2: " + ", ".join(f"{s} files {p:.0f} MB" for s, p in
                                                               zip(sizes, peaks))
                  + f" (largest/smallest {peaks[-1] / peaks[0]:.2f})")


def _show(size: int, jobs: int, r: dict[str, float]) -> None:
    print(f"{size} files, -j {jobs}: {r['seconds']:.1f} s, {size / r['seconds']:.2f} files/s (load average "
          f"{r['load']:.1f}); processor s: workers {r['workers_cpu']:.1f}, parent {r['parent_cpu']:.1f} reading "
          f"+ {r['corpus_cpu']:.1f} across years ({r['corpus_seconds']:.1f} s); parent peak "
          f"{r['reading_peak_mb']:.0f} MB reading, {r['peak_mb']:.0f} MB with the across-year step "
          f"({r['read']:.0f} read, {r['failed']:.0f} failed, {r['duplicates']:.0f} duplicates)", flush=True)


def _total(r: dict[str, float]) -> float:
    return r["workers_cpu"] + r["parent_cpu"] + r["corpus_cpu"]


def _bound(two: dict[str, float]) -> float:
    """How much faster than one worker two could be on two free cores, from the processor
    time of the run with two: the reading shared by both (the parent taking its part of the
    cores), then the across-year step alone."""
    reading = max((two["workers_cpu"] + two["parent_cpu"]) / 2, two["parent_cpu"])
    alone = max(two["workers_cpu"], two["parent_cpu"])
    return (alone + two["corpus_cpu"]) / (reading + two["corpus_cpu"])


if __name__ == "__main__":
    main()
