"""Every hostile file and byte mutation through ``parse --flat``: tracebacks, overruns, memory.

Runs the crafted files of ``tests/hostile_files.py`` and ``--mutations`` structured byte
mutations of every fixture and example report, each in its own process with the default
limits, as a crawler's batch would, and prints what the issue's contract asks: how many runs
printed a traceback, exited with a status other than 0, 1 or 3, answered a failure in more
than one line, or outlived the per-file limit; and the worst peak memory, with its file.

    python benchmarks/hostile_sweep.py [--mutations 40] [--jobs 2] [--skip-slow] [--log FILE]

Mutations run round by round over all fixtures, so a sweep stopped early has still touched
every kind of file; ``--log`` writes one line per file as it ends, for such a sweep.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile_files  # noqa: E402
from govinfo_report.limits import DEFAULT  # noqa: E402
from test_hostile_input import fixtures, mutations  # noqa: E402


def run_one(path: Path) -> tuple[Path, int, bytes, int, float]:
    """Exit status, stderr, peak resident memory (KB, the worker included) and seconds."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "govinfo_report", "parse", "--flat", "--alone",
                                 os.fsencode(path)], stdout=subprocess.DEVNULL, stderr=err)
        guard = threading.Timer(DEFAULT.seconds + 30, proc.kill)
        guard.start()
        _, status, usage = os.wait4(proc.pid, 0)  # rusage of the run, its reaped worker included
        guard.cancel()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return path, code, err.read(), usage.ru_maxrss, time.monotonic() - start


def answer(err: bytes) -> list[bytes]:
    """The lines of stderr that answer for the file: a warning about the installation (a
    plugin that failed to load) is printed by every run and says nothing of the file."""
    return [line for line in err.strip().splitlines() if not line.startswith(b"govinfo-report: warning: plugin")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mutations", type=int, default=40, help="rounds of mutations per fixture (5 kinds each)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-slow", action="store_true", help="leave out the big bombs")
    parser.add_argument("--log", type=Path, help="one line per file as it ends: status, seconds, peak KB, "
                                                 "traceback, lines on stderr, name")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        makers = {**hostile_files.FAST, **({} if args.skip_slow else hostile_files.SLOW)}
        paths: list[Path] = []
        for name, make in makers.items():
            (folder / name).mkdir()
            paths.append(make(folder / name))
        sources = [(source, random.Random(source.name), source.read_bytes()) for source in fixtures()]
        for round_ in range(args.mutations):
            for source, rng, data in sources:
                for kind, damaged in mutations(data, rng):
                    path = folder / f"{source.stem}.{kind}.{round_}{source.suffix}"
                    path.write_bytes(damaged)
                    paths.append(path)
        results = []
        log = args.log.open("w", encoding="utf-8", errors="backslashreplace") if args.log else None
        with ThreadPoolExecutor(args.jobs) as pool:
            for result in pool.map(run_one, paths):
                results.append(result)
                if log:
                    path, code, err, peak, seconds = result
                    log.write(f"{code}\t{seconds:.1f}\t{peak}\t{int(b'Traceback' in err)}\t"
                              f"{len(answer(err))}\t{path.name}\n")
                    log.flush()
        if log:
            log.close()
        tracebacks = [p for p, _, err, _, _ in results if b"Traceback" in err]
        bad_status = [(p, c) for p, c, _, _, _ in results if c not in (0, 1, 3)]
        multi_line = [p for p, c, err, _, _ in results if c == 3 and len(answer(err)) != 1]
        overrun = [p for p, _, _, _, s in results if s > DEFAULT.seconds + 5]
        worst = max(results, key=lambda r: r[3])
        slowest = max(results, key=lambda r: r[4])
        by_status: dict[int, int] = {}
        for _, code, _, _, _ in results:
            by_status[code] = by_status.get(code, 0) + 1
        print(f"files {len(results)} (crafted {len(makers)}, mutations {len(results) - len(makers)}); "
              f"exit statuses {dict(sorted(by_status.items()))}")
        print(f"tracebacks {len(tracebacks)}, other statuses {len(bad_status)}, multi-line failures "
              f"{len(multi_line)}, past the per-file limit {len(overrun)}")
        print(f"worst peak memory {worst[3] / 1024:.0f} MB: {worst[0].name}; "
              f"slowest {slowest[4]:.1f} s: {slowest[0].name}")
        for p in (tracebacks + [p for p, _ in bad_status] + multi_line + overrun)[:10]:
            print("  problem:", p.name)


if __name__ == "__main__":
    main()
