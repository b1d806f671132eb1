"""Text read from an image carries its confidence to the cells, and doubtful cells are reported.

The OCR plugin hands the placement glyphs with the recogniser's scores and a page ceiling
below 1; this is the core's half of that contract, shown on a text-layer PDF given such scores.
"""

from __future__ import annotations

from pathlib import Path

from govinfo_report.formats import FORMATS
from govinfo_report.layout import Table
from govinfo_report.readers.pdf_backends import load_document
from govinfo_report.readers.pdf_layout import layout_of
from govinfo_report.recognize import recognize
from govinfo_report.recognize.doubts import confirmed
from govinfo_report.recognize.tables import UNCERTAIN

HONGZE = Path(__file__).parent / "fixtures" / "corpus" / "raw" / "kirogovcompare" / "hongze-2023.pdf"


def test_page_ceiling_and_glyph_scores_reach_the_cells() -> None:
    doc = load_document(HONGZE)
    for page in doc.pages:
        page.confidence = 0.9
    low = next(ch for ch in doc.pages[2].chars if ch.text == "4")  # 行政处罚 4119
    low.confidence = 0.4
    layout = layout_of(HONGZE, doc, "ocr")
    cells = [cell for table in layout.tables() if isinstance(table, Table) for row in table.rows for cell in row]
    assert cells and max(cell.confidence for cell in cells) == 0.9
    assert min(cell.confidence for cell in cells if cell.text == "4119") == 0.4
    report = recognize(layout)
    assert report.cell("t2.penalty.decisions").confidence == 0.4
    named = {key for f in report.reading_findings if f.code == UNCERTAIN for key in f.cells}
    spec = FORMATS[report.meta.template]
    unconfirmed = {key for key in spec.keys() if report.cell(key) is not None
                   and report.cell(key).confidence < 1.0 and not confirmed(report, spec, key)}
    # Every cell no identity vouches for is named; a cell every sum confirms is not.
    assert "t2.penalty.decisions" in named and unconfirmed <= named and len(named) >= 10
    assert "t3.new_received.natural_person" not in named
    assert confirmed(report, spec, "t3.new_received.natural_person")
