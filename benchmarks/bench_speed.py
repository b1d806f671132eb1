"""Every speed figure of the project side by side in one run, each as a ratio to its baseline.

* PDF: ``read()`` + all rules on each back-end against pdfminer's bare
  ``extract_pages(laparams=None)``, pdfplumber's ``extract_tables`` (where installed) and
  pypdfium2's own text extraction, alternating in one process so that machine noise favours
  none of them.
* Text: read + all rules per seed report, best of rounds.
* Start-up: ``govinfo-report --version`` and ``plugins`` as whole processes against a bare
  ``python -c 'import pdfminer.high_level'``. The package is byte-compiled first, as ``pip
  install`` does and as pdfminer's installed modules are: a source checkout run under
  ``PYTHONDONTWRITEBYTECODE`` would otherwise compile every module on every start.

    python benchmarks/bench_speed.py [-n ROUNDS] [FILE.pdf ...]

``--clock cpu`` times CPU seconds (of this process, or of the child processes) instead of
wall time: on a loaded machine the steadier figure.

The targets: PDFium ``read()`` + all rules at most 0.10x pdfminer's ``extract_pages``; text
read + all rules at most 1 ms per report; ``govinfo-report plugins`` at most 1.5x the bare
pdfminer import.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pdfminer.high_level import extract_pages

import govinfo_report as gr

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
PDFS = sorted((CORPUS / "raw" / "kirogovcompare").glob("*.pdf"))
SEEDS = sorted((CORPUS / "seeds").glob("*.txt"))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# What the figures count: wall seconds, or CPU seconds of this process and its children.
_CLOCKS: dict[str, Callable[[], float]] = {
    "wall": time.perf_counter,
    "cpu": lambda: time.process_time() + _children_cpu(),
}
_clock = _CLOCKS["wall"]


def _best(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = _clock()
        action()
        times.append(_clock() - start)
    return min(times)


def _side_by_side(actions: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Best time of each action, the actions taking turns round after round."""
    best = {name: float("inf") for name in actions}
    for _ in range(rounds):
        for name, action in actions.items():
            best[name] = min(best[name], _best(action, 1))
    return best


def pdf_actions(path: Path) -> dict[str, Callable[[], object]]:
    actions: dict[str, Callable[[], object]] = {
        "pdfminer extract_pages": lambda: list(extract_pages(str(path), laparams=None)),
        "read+rules (pdfminer)": lambda: gr.check(gr.read(path, pdf_backend="pdfminer")),
    }
    if importlib.util.find_spec("pypdfium2"):
        import pypdfium2 as pdfium

        def pdfium_text() -> None:
            document = pdfium.PdfDocument(str(path))
            for page in document:
                page.get_textpage().get_text_range()
            document.close()

        actions["read+rules (pdfium)"] = lambda: gr.check(gr.read(path, pdf_backend="pdfium"))
        actions["pypdfium2 get_text_range"] = pdfium_text
    if importlib.util.find_spec("pdfplumber"):
        import pdfplumber

        def plumber_tables() -> None:
            with pdfplumber.open(str(path)) as pdf:
                for page in pdf.pages:
                    page.extract_tables()

        actions["pdfplumber extract_tables"] = plumber_tables
    return actions


def text_per_report(rounds: int, reports: int = 200) -> float:
    files = [SEEDS[i % len(SEEDS)] for i in range(reports)]
    for path in SEEDS:
        gr.check(gr.read(path))
    return _best(lambda: [gr.check(gr.read(p)) for p in files], rounds) / len(files)


def _process(argv: list[str]) -> Callable[[], object]:
    return lambda: subprocess.run(argv, check=True, capture_output=True)


def startup(rounds: int) -> dict[str, float]:
    compileall.compile_dir(Path(gr.__file__).parent, quiet=1)
    return _side_by_side({
        "python -c 'import pdfminer.high_level'": _process([sys.executable, "-c", "import pdfminer.high_level"]),
        "govinfo-report --version": _process([sys.executable, "-m", "govinfo_report", "--version"]),
        "govinfo-report plugins": _process([sys.executable, "-m", "govinfo_report", "plugins"]),
    }, rounds)


_PARTS = ("pdf", "text", "startup")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--rounds", type=int, default=7)
    parser.add_argument("--clock", choices=sorted(_CLOCKS), default="wall")
    parser.add_argument("--part", action="append", choices=_PARTS,
                        help="measure only this part (repeatable; default: all)")
    parser.add_argument("files", nargs="*", type=Path, default=PDFS, help="PDFs to time (default: the fixtures)")
    args = parser.parse_args(argv)
    parts = set(args.part or _PARTS)
    global _clock
    _clock = _CLOCKS[args.clock]
    for path in args.files if "pdf" in parts else ():
        best = _side_by_side(pdf_actions(path), args.rounds)
        base = best["pdfminer extract_pages"]
        print(f"{path.name}: best of {args.rounds}, as a ratio to pdfminer extract_pages ({base * 1000:.0f} ms; "
              f"target for PDFium read+rules 0.10x)")
        for name, seconds in best.items():
            print(f"  {name:28s} {seconds / base:6.3f}x")
    if "text" in parts:
        per_report = text_per_report(args.rounds)
        print(f"text: read + all rules {per_report * 1000:.2f} ms per seed report "
              f"({per_report / 0.001:.2f}x the 1 ms budget)")
    if "startup" not in parts:
        return 0
    times = startup(args.rounds)
    base = times["python -c 'import pdfminer.high_level'"]
    print(f"start-up: best of {args.rounds} whole processes, as a ratio to a bare pdfminer import "
          f"({base * 1000:.0f} ms; target for plugins 1.5x)")
    for name, seconds in times.items():
        print(f"  {name:40s} {seconds / base:6.3f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
