"""The producer matrix: every expected report of the corpus as other programs produce it, scored.

A reader tuned on the files at hand fails on the next program's output; this matrix writes each
expected report through the producers reports really pass through — a browser printing a page
to PDF (with and without its page header and footer), LibreOffice turning the page into DOCX and
that into PDF, Word's saved HTML, a CMS's bare article fragment, GBK pages — reads every file
back and compares cell by cell with what was written.

Runnable on its own to print the score we quote (it lives beside the tests because it scores
with the very function the tests assert with, on inputs built from the same test helpers):

    PYTHONPATH=src python tests/producer_matrix.py [--only NAME-GLOB] [--verbose]
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import govinfo_report as gr  # noqa: E402
from govinfo_report.formats import FORMATS  # noqa: E402
from govinfo_report.model import Report, Section, Severity  # noqa: E402
from word_html import CHARSET as WORD_CHARSET  # noqa: E402
from word_html import word_body, word_html  # noqa: E402
from writer_support import report_from_expected  # noqa: E402

EXPECTED = sorted((HERE / "fixtures" / "corpus" / "expected").glob("*.json"))
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TOOL_MISSING = {
    "chromium": "Chromium is not installed: apt-get install chromium fonts-noto-cjk",
    "libreoffice": "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui fonts-noto-cjk",
}
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync")
_CHROMIUM_WORKERS = 3
_META_CHARSET = re.compile(r"<meta charset=\"utf-8\">\n?", re.IGNORECASE)
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)
_TABLE_ATTRIBUTES = re.compile(r'(<table class="official"[^>]*?) border="1"[^>]*>')


@dataclass(frozen=True)
class Producer:
    """One way a report becomes a file: its name, the tool it needs (None: pure Python), the suffix."""

    name: str
    tool: str | None
    suffix: str
    what: str
    # False where the producer itself loses cells (a table run off the page): the file cannot
    # read exactly, and what is asked is that every wrong cell is named and nothing is blamed.
    exact: bool = True


PRODUCERS = (
    Producer("html", None, ".html", "our HTML writer, tables with no prose between them"),
    Producer("fragment", None, ".html", "the writer's body with prose, alone: no <html>, <head>, <body> or charset"),
    Producer("gbk-meta", None, ".html", "the writer's page in GBK declaring <meta charset=gbk>"),
    Producer("gbk-bare", None, ".html", "the writer's page in GBK declaring no charset"),
    Producer("word-html", None, ".htm", "Word's saved HTML (span soup, MsoTableGrid, GB2312)"),
    Producer("word-fragment", None, ".html", "Word's HTML pasted into a CMS article: body content only"),
    Producer("chromium", "chromium", ".pdf", "the writer's page printed by headless Chromium, default header/footer"),
    Producer("chromium-bare", "chromium", ".pdf", "the writer's page printed by headless Chromium, no header/footer"),
    Producer("chromium-word", "chromium", ".pdf", "Word's HTML printed by headless Chromium, default header/footer"),
    Producer("lo-docx", "libreoffice", ".docx", "the writer's page converted to DOCX by LibreOffice"),
    Producer("lo-docx-pdf", "libreoffice", ".pdf", "that DOCX converted to PDF by LibreOffice"),
    Producer("lo-word-docx", "libreoffice", ".docx", "Word's HTML converted to DOCX by LibreOffice"),
    Producer("lo-word-docx-pdf", "libreoffice", ".pdf", "that DOCX converted to PDF by LibreOffice"),
    Producer("styled", None, ".html", "the writer's page ruled by its stylesheet alone, as pages styled by CSS are"),
    Producer("lo-styled-docx-pdf", "libreoffice", ".pdf",
             "that page through LibreOffice to DOCX and PDF: the stylesheet's rules are lost and 表三 runs off "
             "the page, so its tables are unruled and clipped", exact=False),
)
BY_NAME = {p.name: p for p in PRODUCERS}


# Prose as reports write it, without figures (a figure in prose is checked against the tables):
# several kilobytes before the first table, as a CMS article has.
PROSE = {
    "overview": "\n".join([
        "本机关坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "持续深化重点领域信息公开，规范依申请公开办理流程，加强政府信息管理和平台建设。" * 10,
        "在主动公开方面，围绕中心工作及时发布政策文件、工作动态和办事指南，做好政策解读和回应关切，"
        "确保公众及时、准确获取政府信息。" * 4,
        "在依申请公开方面，严格按照法定程序和时限受理、办理政府信息公开申请，依法保障申请人合法权益。" * 4,
    ]),
    "problems": "政务公开工作仍存在公开内容不够全面、解读形式较为单一等问题。下一步将加强培训，"
                "提升公开质量，进一步做好政策解读和回应关切工作。" * 4,
    "other": "本机关无其他需要报告的事项。",
}


def matrix_report(expected: dict[str, Any], prose: bool = True) -> Report:
    """The expected report's cells, with prose in its sections as a published report has.

    Without prose the tables follow each other closely, and page breaks fall elsewhere: the
    writer's page is printed that way, Word's page with prose, so both layouts are tried.
    """
    report = report_from_expected(expected)
    for n, spec in enumerate(FORMATS[report.meta.template or "2021"].sections):
        if prose and spec.key in PROSE:
            report.sections[spec.key] = Section(spec.key, f"{spec.number}、{spec.heading}", PROSE[spec.key], order=n)
    return report


def expected_reports(only: str = "*") -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in EXPECTED if fnmatch.fnmatch(p.stem, only)}


def tool_available(tool: str | None) -> bool:
    return tool is None or (CHROMIUM if tool == "chromium" else SOFFICE) is not None


def file_of(folder: Path, stem: str, producer: Producer) -> Path:
    return folder / producer.name / f"{stem}{producer.suffix}"


# -- producing ---------------------------------------------------------------------------------
def produce_text(folder: Path, reports: dict[str, dict[str, Any]]) -> None:
    """Every pure-Python producer; the pages the tools start from are among them."""
    for producer in PRODUCERS:
        if producer.tool is None:
            (folder / producer.name).mkdir(parents=True, exist_ok=True)
    for stem, expected in reports.items():
        report = matrix_report(expected)
        page = file_of(folder, stem, BY_NAME["html"])
        gr.write(matrix_report(expected, prose=False), page)
        text = page.read_text(encoding="utf-8")
        body = _BODY.search(str(gr.render(report, "html")))
        assert body is not None
        file_of(folder, stem, BY_NAME["fragment"]).write_text(body.group(1).strip() + "\n", encoding="utf-8")
        file_of(folder, stem, BY_NAME["gbk-meta"]).write_bytes(
            _META_CHARSET.sub('<meta charset="gbk">\n', text).encode("gbk"))
        file_of(folder, stem, BY_NAME["gbk-bare"]).write_bytes(_META_CHARSET.sub("", text).encode("gbk"))
        file_of(folder, stem, BY_NAME["word-html"]).write_bytes(word_html(report).encode(WORD_CHARSET))
        file_of(folder, stem, BY_NAME["word-fragment"]).write_text(word_body(report), encoding="utf-8")
        file_of(folder, stem, BY_NAME["styled"]).write_text(_TABLE_ATTRIBUTES.sub(r"\1>", text), encoding="utf-8")


def produce_chromium(folder: Path, stems: Iterable[str]) -> None:
    """Prints with the browser's own command line; the profile is private and thrown away."""
    assert CHROMIUM is not None
    jobs: list[tuple[Path, Path, bool]] = []
    for name, source, header in (("chromium", "html", True), ("chromium-bare", "html", False),
                                 ("chromium-word", "word-html", True)):
        (folder / name).mkdir(parents=True, exist_ok=True)
        jobs += [(file_of(folder, s, BY_NAME[source]), file_of(folder, s, BY_NAME[name]), header) for s in stems]

    def run(job: tuple[Path, Path, bool]) -> None:
        source, target, header = job
        with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
            flags = [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
            if not header:
                flags.append("--no-pdf-header-footer")
            subprocess.run([CHROMIUM, *flags, f"--print-to-pdf={target}", source.as_uri()],
                           check=True, capture_output=True, timeout=300)

    with ThreadPoolExecutor(_CHROMIUM_WORKERS) as pool:
        list(pool.map(run, jobs))


def produce_libreoffice(folder: Path, stems: Iterable[str]) -> None:
    """HTML → DOCX → PDF, each step one soffice run over every file (start-up dominates)."""
    assert SOFFICE is not None
    stems = list(stems)
    docx = "docx:MS Word 2007 XML"
    steps = [("lo-docx", docx, "html"), ("lo-word-docx", docx, "word-html"), ("lo-styled-docx", docx, "styled"),
             ("lo-docx-pdf", "pdf", "lo-docx"), ("lo-word-docx-pdf", "pdf", "lo-word-docx"),
             ("lo-styled-docx-pdf", "pdf", "lo-styled-docx")]
    for target, convert_to, source in steps:
        out = folder / target
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="soffice-profile-") as profile:
            subprocess.run([SOFFICE, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                            "--convert-to", convert_to, "--outdir", str(out),
                            *(str(next((folder / source).glob(f"{s}.*"))) for s in stems)],
                           check=True, capture_output=True, timeout=600)


PRODUCE: dict[str, Callable[[Path, Iterable[str]], None]] = {
    "chromium": produce_chromium, "libreoffice": produce_libreoffice}


# -- scoring -----------------------------------------------------------------------------------
@dataclass
class Score:
    """How one produced file read back against the report written into it."""

    total: int = 0
    wrong: list[tuple[str, object, object]] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)
    false_errors: list[str] = field(default_factory=list)
    meta_wrong: list[tuple[str, object, object]] = field(default_factory=list)
    failure: str = ""
    exact_required: bool = True

    @property
    def exact(self) -> int:
        return self.total - len(self.wrong)

    @property
    def ok(self) -> bool:
        wrong = self.wrong if self.exact_required else []
        return not (wrong or self.silent or self.false_errors or self.meta_wrong or self.failure)

    def problems(self) -> str:
        lines = [self.failure] if self.failure else []
        lines += [f"meta {k}: expected {w!r}, got {g!r}" for k, w, g in self.meta_wrong]
        silent = set(self.silent)
        lines += [f"cell {k}: expected {w!r}, got {g!r}{' (silent)' if k in silent else ''}"
                  for k, w, g in self.wrong]
        lines += [f"error on a clean report: {e}" for e in self.false_errors]
        return "\n".join(lines)


def score(expected: dict[str, Any], path: Path, exact: bool = True) -> Score:
    """Every written cell must come back (blank as null), no wrong cell unnamed, no false error;
    where the producer loses cells (``exact`` false), only the last two."""
    want = matrix_report(expected).flat_cells()
    result = Score(total=len(want), exact_required=exact)
    try:
        report = gr.read(path)
    except gr.ReadError as exc:
        result.failure = f"unreadable: {exc}"
        result.wrong = [(k, v, None) for k, v in want.items()]
        result.silent = list(want)
        return result
    findings = gr.check(report)
    got = report.flat_cells()
    result.wrong = [(k, v, got.get(k, "<missing>")) for k, v in want.items() if got.get(k, "<missing>") != v]
    named = {k for f in findings for k in f.cells}
    result.silent = [k for k, _, _ in result.wrong if k not in named]
    if expected.get("clean"):
        result.false_errors = [f"{f.code}: {f.message}" for f in findings if f.severity is Severity.ERROR]
    for name in ("template", "year"):
        if getattr(report.meta, name) != expected["meta"][name]:
            result.meta_wrong.append((name, expected["meta"][name], getattr(report.meta, name)))
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="*", help="glob over expected report names")
    ap.add_argument("--producers", default="*", help="glob over producer names")
    ap.add_argument("--keep", type=Path, help="produce into this folder and keep the files")
    ap.add_argument("--verbose", "-v", action="store_true", help="list every wrong cell")
    args = ap.parse_args()
    reports = expected_reports(args.only)
    producers = [p for p in PRODUCERS if fnmatch.fnmatch(p.name, args.producers)]
    with tempfile.TemporaryDirectory(prefix="producer-matrix-") as tmp:
        folder = args.keep or Path(tmp)
        produce_text(folder, reports)
        for tool in sorted({p.tool for p in producers if p.tool}):
            if tool_available(tool):
                PRODUCE[tool](folder, reports)
            else:
                print(f"skipped {tool}: {TOOL_MISSING[tool]}")
        tally = {True: [0] * 6, False: [0] * 6}  # exact, total, silent, false errors, files, failing
        for producer in producers:
            if not tool_available(producer.tool):
                continue
            for stem, expected in reports.items():
                result = score(expected, file_of(folder, stem, producer), producer.exact)
                counts = tally[producer.exact]
                for i, n in enumerate((result.exact, result.total, len(result.silent), len(result.false_errors),
                                       1, not result.ok)):
                    counts[i] += n
                print(f"{'ok  ' if result.ok else 'FAIL'} {producer.name:16s} {stem:24s} cells {result.exact}/"
                      f"{result.total}  silent {len(result.silent)}  false errors {len(result.false_errors)}"
                      + (f"  meta {result.meta_wrong}" if result.meta_wrong else "")
                      + (f"  {result.failure}" if result.failure else ""))
                if args.verbose and not result.ok:
                    print("      " + result.problems().replace("\n", "\n      "))
    for exact, what in ((True, "read exactly"), (False, "cells lost by the producer, every wrong cell named")):
        e, t, silent, false, files, failing = tally[exact]
        if files:
            print(f"producer matrix ({what}): cells exact {e}/{t}, silent wrong {silent}, false errors {false}, "
                  f"files {files} ({failing} failing)")
    failing = tally[True][5] + tally[False][5]
    return 0 if failing == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
