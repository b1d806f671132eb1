"""The OCR plugin: its registration and claims, levelling, rules from pixels, one page read.

What needs RapidOCR and OpenCV skips with a reason where they are not installed; the scans of
the whole corpus are scored under the ``ocr`` marker (tests/test_ocr_scans.py).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from govinfo_report.api import read_layout
from govinfo_report.errors import ConverterMissingError, CorruptFileError
from govinfo_report.layout import Note, Table
from govinfo_report.plugins.manager import load_registry
from scan_support import ScanStyle, scan_images, scan_pdf

PLUGIN = Path(__file__).parent.parent / "plugins" / "govinfo-report-ocr"
sys.path.insert(0, str(PLUGIN / "src"))

import govinfo_report_ocr as plugin  # noqa: E402

GRID = Path(__file__).parent / "fixtures" / "pdf" / "libreoffice-grid.pdf"
HAS_OCR = importlib.util.find_spec("rapidocr_onnxruntime") is not None
needs_ocr = pytest.mark.skipif(not HAS_OCR, reason="RapidOCR is not installed: "
                                                   "pip install -e plugins/govinfo-report-ocr")


def test_entry_point_and_claims() -> None:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"]["govinfo_report"] == {"ocr": "govinfo_report_ocr"}
    registry = load_registry(entry_points=False, extra=(plugin,))
    assert [p.readers for p in registry.plugins if p.name == "govinfo_report_ocr"] == [("ocr",)]
    # Every PDF comes to the plugin, which hands a text layer to the built-in placement.
    assert registry.reader_for(GRID, GRID.read_bytes()[:64]).name == "ocr"
    reader = plugin.OcrReader()
    assert reader.sniff(b"\x89PNG\r\n\x1a\n", Path("page.bin")) == 1.0
    assert reader.sniff(b"II*\x00", Path("page.tif")) == 1.0
    assert reader.sniff(b"PK\x03\x04", Path("a.docx")) == 0.0


@pytest.mark.skipif(importlib.util.find_spec("govinfo_report_ocr") is None
                    or not any(d.metadata["Name"] == "govinfo-report-ocr" for d in importlib.metadata.distributions()),
                    reason="the OCR plugin is not installed: pip install -e plugins/govinfo-report-ocr")
def test_plugins_command_lists_it(capsys: pytest.CaptureFixture[str]) -> None:
    from govinfo_report.cli import main

    assert main(["plugins", "--format", "json"]) == 0
    row = next(row for row in json.loads(capsys.readouterr().out) if row["name"] == "ocr")
    assert row["readers"] == ["ocr"] and row["builtin"] is False


@needs_ocr
def test_a_text_layer_is_read_as_without_the_plugin() -> None:
    registry = load_registry(entry_points=False, extra=(plugin,))
    layout = read_layout(GRID, registry)
    assert layout.reader == "pdf"
    assert layout == read_layout(GRID, load_registry(entry_points=False))


def test_a_text_layer_is_read_without_loading_the_image_libraries() -> None:
    # In a fresh interpreter: this one may hold numpy from other tests.
    script = ("import sys; sys.path.insert(0, sys.argv[1]); import govinfo_report_ocr as plugin; "
              "from govinfo_report.api import read_layout; from govinfo_report.plugins.manager import load_registry; "
              "layout = read_layout(sys.argv[2], load_registry(entry_points=False, extra=(plugin,))); "
              "print(layout.reader, sorted({'numpy', 'PIL', 'cv2'} & set(sys.modules)))")
    run = subprocess.run([sys.executable, "-c", script, str(PLUGIN / "src"), str(GRID)],
                         capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["pdf", "[]"]


@needs_ocr
def test_tilted_page_is_levelled() -> None:
    import numpy as np
    from govinfo_report_ocr.deskew import deskew, skew_angle

    page = scan_images(GRID, ScanStyle(200, 1.5, 8.0, 75))[0]
    gray = np.asarray(page)
    assert skew_angle(gray) == pytest.approx(-1.5, abs=0.15)
    level, angle = deskew(gray)
    assert angle == pytest.approx(-1.5, abs=0.15)
    assert abs(skew_angle(level)) < 0.15
    straight = np.asarray(scan_images(GRID, ScanStyle(200, 0.0, 8.0, 75))[0])
    assert deskew(straight)[1] == 0.0


@needs_ocr
def test_rules_are_found_in_pixels_and_text_is_not_a_rule() -> None:
    import cv2
    import numpy as np
    from govinfo_report_ocr.rules import find_rules

    gray = np.full((1000, 800), 255, np.uint8)
    for y in (100, 200, 300):
        cv2.line(gray, (100, y), (700, y), 0, 2)
    for x in (100, 400, 700):
        cv2.line(gray, (x, 100), (x, 300), 0, 2)
    for left in range(120, 680, 26):  # a heading's strokes, run together, inside its text box
        cv2.line(gray, (left, 520), (left + 24, 520), 0, 3)
    heading = [[110, 490], [690, 490], [690, 550], [110, 550]]
    assert len(find_rules(gray, [], 0.5, 500.0)[0]) == 4
    horizontals, verticals = find_rules(gray, [heading], 0.5, 500.0)
    assert sorted(round(s.fixed) for s in horizontals) == [350, 400, 450]
    assert sorted(round(s.fixed) for s in verticals) == [50, 200, 350]
    assert all(abs(s.lo - 350) < 2 and abs(s.hi - 450) < 2 for s in verticals)
    assert all(abs(s.lo - 50) < 2 and abs(s.hi - 350) < 2 for s in horizontals)


@needs_ocr
def test_scanned_page_reads_like_its_text_layer(tmp_path: Path) -> None:
    scan = scan_pdf(GRID, tmp_path / "scan.pdf", ScanStyle(200, 1.0, 8.0, 75))
    registry = load_registry(entry_points=False, extra=(plugin,))
    layout = read_layout(scan, registry)
    original = read_layout(GRID, registry)
    assert layout.reader == "ocr"
    assert [t.text_rows() for t in layout.tables()] == [t.text_rows() for t in original.tables()]
    assert [p.text for p in layout.paragraphs()] == [p.text for p in original.paragraphs()]
    cells = [cell for table in layout.tables() for row in table.rows for cell in row if isinstance(table, Table)]
    assert cells and all(0 < cell.confidence < 1 for cell in cells)
    ocr = [note for note in layout.notes if isinstance(note, Note) and "turns" in note.args]
    assert ocr and ocr[0].args["pages"] == [1] and ocr[0].args["turns"][0]["args"]["page"] == 1


@needs_ocr
def test_page_image_files(tmp_path: Path) -> None:
    page = scan_images(GRID, ScanStyle(150, 0.0, 6.0, 85))[0]
    png = tmp_path / "page.png"
    page.save(png, dpi=(150, 150))
    registry = load_registry(entry_points=False, extra=(plugin,))
    layout = read_layout(png, registry)
    assert [t.text_rows() for t in layout.tables()] == [t.text_rows() for t in read_layout(GRID, registry).tables()]
    broken = tmp_path / "broken.png"
    broken.write_bytes(png.read_bytes()[:200])
    with pytest.raises(CorruptFileError, match=r"broken\.png"):
        read_layout(broken, registry)


def test_the_plugins_errors_are_told_in_either_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the plugin says in the reader's language; the import's and the image library's own
    words quoted inside it. Runs without RapidOCR: the recogniser is never reached; the image
    is opened by the plugin's own dependencies."""
    pytest.importorskip("numpy", reason="the OCR plugin's dependencies are not installed: "
                                        "pip install -e plugins/govinfo-report-ocr")
    pytest.importorskip("PIL", reason="Pillow is not installed")
    from govinfo_report_ocr import document

    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    monkeypatch.delattr(plugin, "pages", raising=False)
    monkeypatch.setitem(sys.modules, "govinfo_report_ocr.pages", None)
    with pytest.raises(ConverterMissingError) as caught:
        document.read_scan(broken, "ocr")
    why = caught.value.values["error"]
    assert "govinfo_report_ocr.pages" in str(why)
    assert str(caught.value).endswith(f"(OCR needs RapidOCR and OpenCV ({why}): pip install govinfo-report-ocr)")
    assert caught.value.text("zh").endswith(f"（图像识别（OCR）需要 RapidOCR 和 OpenCV（{why}）："
                                            "pip install govinfo-report-ocr）")
    monkeypatch.setattr(document, "_ocr", lambda path: None)
    with pytest.raises(CorruptFileError) as caught:
        document.read_scan(broken, "ocr")
    why = caught.value.values["error"]
    assert str(caught.value) == (f"{broken}: the file is damaged or not of the type its name says "
                                 f"(not a readable image: {why})")
    assert caught.value.text("zh") == f"{broken}: 文件已损坏，或与其扩展名所示类型不符（不是可读取的图像：{why}）"
