"""Scans made from PDFs: what a printed report looks like after a scanner or a phone.

Each page is rendered at a scanner's resolution, turned by a small angle as a sheet lies
crooked on the glass, given sensor noise, and stored JPEG-compressed in a PDF with no text
layer. Pure pypdfium2 and Pillow, so any test can make one.
"""

from __future__ import annotations

import fnmatch
import io
import json
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PIL import Image, ImageChops

from govinfo_report.formats import FORMATS
from govinfo_report.model import Finding, Report
from govinfo_report.recognize.tables import UNCERTAIN
from govinfo_report.writers.docx_writer import DocxWriter
from writer_support import expected_value, report_from_expected


@dataclass(frozen=True)
class ScanStyle:
    """How one scan is made: resolution, tilt (degrees, counter-clockwise), noise, JPEG quality."""

    dpi: int = 200
    angle: float = 0.0
    noise: float = 8.0
    quality: int = 75

    def describe(self) -> str:
        return f"{self.dpi} dpi, turned {self.angle:+.1f}°, noise σ={self.noise:g}, JPEG q{self.quality}"


# The styles a set of scans cycles through: 150-300 dpi, level or turned by up to 2°.
STYLES = (
    ScanStyle(200, 0.0, 8.0, 75),
    ScanStyle(300, 1.2, 10.0, 70),
    ScanStyle(150, -0.8, 6.0, 85),
    ScanStyle(250, -1.8, 12.0, 60),
    ScanStyle(200, 2.0, 8.0, 80),
    ScanStyle(300, 0.0, 6.0, 65),
)


def scan_page(image: Image.Image, style: ScanStyle) -> Image.Image:
    """One rendered page as the scanner gives it back (grey levels)."""
    gray = image.convert("L")
    if style.angle:
        gray = gray.rotate(style.angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if style.noise:
        noise = Image.effect_noise(gray.size, style.noise)
        gray = ImageChops.add(gray, noise, 1.0, -128)
    buffer = io.BytesIO()
    gray.save(buffer, "JPEG", quality=style.quality)
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def scan_images(source: Path, style: ScanStyle) -> list[Image.Image]:
    document = pdfium.PdfDocument(source)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            try:
                pages.append(scan_page(page.render(scale=style.dpi / 72).to_pil(), style))
            finally:
                page.close()
        return pages
    finally:
        document.close()


def scan_pdf(source: Path, target: Path, style: ScanStyle) -> Path:
    """``source`` printed and scanned into ``target``: one JPEG image per page, no text."""
    pages = scan_images(source, style)
    pages[0].save(target, "PDF", resolution=float(style.dpi), save_all=True, append_images=pages[1:],
                  quality=style.quality)
    return target


def style_for(index: int) -> ScanStyle:
    return STYLES[index % len(STYLES)]


# -- the scan set and its score ----------------------------------------------------------------

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
EXPECTED = sorted((CORPUS / "expected").glob("*.json"))


@dataclass(frozen=True)
class Scan:
    """One scan of the set: its expected file, the PDF it was made from, and how."""

    name: str
    expected: Path
    source: str  # "round-trip" (written as DOCX, printed by LibreOffice) or "original"
    style: ScanStyle


def scan_set(expected: Sequence[Path] = EXPECTED) -> list[Scan]:
    """Every expected report printed from its DOCX round trip, and every report that is itself
    a PDF scanned from the original; styles cycle so each resolution and tilt recurs."""
    scans = [Scan(f"{p.stem}.round-trip", p, "round-trip", style_for(i)) for i, p in enumerate(expected)]
    originals = [p for p in expected if _source(p).suffix.lower() == ".pdf"]
    scans += [Scan(f"{p.stem}.original", p, "original", style_for(i + 1)) for i, p in enumerate(originals)]
    return scans


def _source(expected: Path) -> Path:
    return CORPUS / json.loads(expected.read_text(encoding="utf-8"))["source"]


def make_scans(scans: Sequence[Scan], folder: Path, soffice: str | None) -> dict[str, Path]:
    """The scans as image-only PDFs in ``folder`` (kept there: making them is slow)."""
    folder.mkdir(parents=True, exist_ok=True)
    printed = folder / "printed"
    wanted = [s for s in scans if s.source == "round-trip" and not (folder / f"{s.name}.pdf").exists()]
    if wanted:
        if soffice is None:
            raise RuntimeError("LibreOffice (soffice) is needed to print the round-trip PDFs")
        printed.mkdir(exist_ok=True)
        for scan in wanted:
            report = report_from_expected(json.loads(scan.expected.read_text(encoding="utf-8")))
            (printed / f"{scan.expected.stem}.docx").write_bytes(DocxWriter().render(report, []))
        subprocess.run([soffice, f"-env:UserInstallation={(printed / 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(printed),
                        *sorted(str(printed / f"{s.expected.stem}.docx") for s in wanted)],
                       check=True, capture_output=True, timeout=900)
    out: dict[str, Path] = {}
    for scan in scans:
        target = folder / f"{scan.name}.pdf"
        if not target.exists():
            source = printed / f"{scan.expected.stem}.pdf" if scan.source == "round-trip" else _source(scan.expected)
            scan_pdf(source, target, scan.style)
        out[scan.name] = target
    return out


@dataclass
class Score:
    """Cells of one scan: read exactly, wrong but named by an uncertain reading, wrong silently."""

    name: str
    pages: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    exact: int = 0
    flagged_wrong: int = 0
    flagged_exact: int = 0
    silent: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def total(self) -> int:
        return self.exact + self.flagged_wrong + len(self.silent)


def score_report(name: str, report: Report, findings: Sequence[Finding], expected: dict[str, Any]) -> Score:
    """Compare every scored cell with the expected file; an ``ambiguous`` key accepts any
    of its candidates, ``unscored`` keys are left out."""
    spec = FORMATS[expected["meta"]["template"]]
    unscored = expected.get("unscored", [])
    ambiguous = expected.get("ambiguous", {})
    named = {k for f in [*findings, *report.reading_findings] if f.code == UNCERTAIN for k in f.cells}
    got = report.flat_cells()
    score = Score(name)
    for key in spec.keys():
        if any(fnmatch.fnmatchcase(key, pattern) for pattern in unscored):
            continue
        kind = spec.kind_of(key)
        candidates = ambiguous.get(key, [expected["cells"][key]])
        right = got.get(key) in [expected_value(c, kind) for c in candidates]
        if right:
            score.exact += 1
            score.flagged_exact += key in named
        elif key in named:
            score.flagged_wrong += 1
        else:
            score.silent.append(key)
    return score
