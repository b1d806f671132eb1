"""One-digit mutations of the text reports: does any reading turn wrong without a finding?

A digit inserted, deleted or replaced is the damage a careless re-typing or an extraction
makes, and the one that yields a well-formed report with other numbers. Each mutated file
is read and checked with every rule, and compared with the reading of the file as it was:

* a cell whose value changed, named by no finding, is *unexplained* unless it is the one
  cell the mutation edited (its new value is the old one with one digit inserted, deleted
  or replaced, and no other cell changed unnamed);
* a mutation with an unexplained cell is a *silent wrong reading*, the failure that matters.

    python benchmarks/digit_sweep.py [--per-file 40] [--seed 1] [--show 10]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

import attrs  # noqa: E402

import govinfo_report as gr  # noqa: E402
from govinfo_report.errors import ReadError  # noqa: E402
from govinfo_report.formats.statements import statements  # noqa: E402

#: Text reports whose readings the corpus scores exactly.
SOURCES = ("examples/reports", "tests/fixtures/corpus/raw", "tests/fixtures/corpus/seeds")
SUFFIXES = (".txt", ".md", ".html")


def sources() -> list[Path]:
    return [p for folder in SOURCES for p in sorted((ROOT / folder).rglob("*")) if p.suffix in SUFFIXES]


def digit_mutations(data: bytes, rng: random.Random, count: int) -> Iterator[tuple[str, bytes]]:
    """``count`` digits picked at random (every digit if 0), each inserted beside, deleted and replaced."""
    digits = [i for i, c in enumerate(data) if 48 <= c <= 57]
    for at in (digits if count == 0 else rng.sample(digits, min(count, len(digits)))):
        new = bytes([48 + (data[at] - 47 + rng.randrange(9)) % 10])
        yield f"insert@{at}", data[:at] + bytes([48 + rng.randrange(10)]) + data[at:]
        yield f"delete@{at}", data[:at] + data[at + 1:]
        yield f"replace@{at}", data[:at] + new + data[at + 1:]


def one_edit(old: object, new: object) -> bool:
    """Whether ``new`` is ``old`` with one digit inserted, deleted or replaced (``78.8`` less
    its last digit prints ``78.``, which is 78)."""
    if old is None or new is None:
        return False
    a, b = str(old), str(new)
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any((long_[:i] + long_[i + 1:]).rstrip(".") == short.rstrip(".") for i in range(len(long_)))


@attrs.frozen
class Reading:
    values: dict[str, object]
    named: frozenset[str]  # cells some finding names
    source: dict[str, object]  # cell → the printed token it came from (a run's cells share one)
    stated: tuple[tuple[str, int], ...]  # the figures the prose states


def reading(path: Path) -> Reading | None:
    try:
        report = gr.read(path)
    except ReadError:
        return None
    findings = [*report.reading_findings, *gr.check(report)]
    keys = report.format.keys()
    cells = {key: report.cell(key) for key in keys}
    return Reading({key: report.value(key) for key in keys}, frozenset(k for f in findings for k in f.cells),
                   {k: (c.raw, c.location) for k, c in cells.items() if c is not None and c.raw},
                   tuple((s.statement.name, s.value) for s in statements(path.read_text("utf-8", "replace"))))


def unexplained(before: Reading, after: Reading) -> tuple[list[str], bool]:
    """The changed cells no finding accounts for, and whether a stated figure changed too.

    A changed cell is accounted for when a finding names it, when a finding names a cell
    split from the same printed run (the user is sent to that run), or when it is the one
    cell the mutation edited.
    """
    named_sources = {after.source[k] for k in after.named if k in after.source}
    changed = [k for k in after.values if k not in after.named and before.values.get(k) != after.values[k]
               and not (k in after.source and after.source[k] in named_sources)]
    if len(changed) == 1 and one_edit(before.values.get(changed[0]), after.values[changed[0]]):
        return [], False
    return changed, before.stated != after.stated


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-file", type=int, default=40, help="digits mutated per file (3 mutations each)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=10, help="silent wrong readings printed")
    parser.add_argument("--only", nargs="*", default=[], help="file names to mutate (default: all)")
    args = parser.parse_args()
    start = time.monotonic()
    total, refused = 0, 0
    silent: list[tuple[str, str, list[tuple[str, object, object]]]] = []
    followed: list[tuple[str, str, list[tuple[str, object, object]]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for source in [s for s in sources() if not args.only or s.name in args.only]:
            path = Path(tmp) / source.name
            path.write_bytes(source.read_bytes())
            base = reading(path)
            if base is None:
                continue
            rng = random.Random(f"{args.seed}:{source.name}")
            for what, data in digit_mutations(source.read_bytes(), rng, args.per_file):
                path.write_bytes(data)
                total += 1
                got = reading(path)
                if got is None:
                    refused += 1
                    continue
                wrong, stated = unexplained(base, got)
                if wrong:
                    found = (source.name, what, [(k, base.values.get(k), got.values[k]) for k in wrong])
                    (followed if stated else silent).append(found)
    print(f"one-digit mutations {total} over {len(sources())} files; refused {refused}; "
          f"silent wrong readings {len(silent)}; readings that follow a stated figure the mutation changed "
          f"{len(followed)}  ({time.monotonic() - start:.0f} s)")
    for name, what, cells in silent[:args.show]:
        print(f"  {name} {what}: " + "; ".join(f"{k} {a!r}->{b!r}" for k, a, b in cells[:6]))
    sys.exit(1 if silent else 0)


if __name__ == "__main__":
    main()
