"""Hostile input through the command line: every file ends in a typed one-line answer.

Each file runs in its own subprocess, as a crawler's batch would meet it, with the per-file
limits lowered where that keeps the suite quick; the assertions are the contract: exit 0, 1
or 3, never a traceback, and on failure one line on stderr naming the file.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile_files
from govinfo_report.readers.notes import damaged_characters

ROOT = Path(__file__).parent.parent
#: Long enough for any real report on a slow machine; the reader's own limit ends a file first.
GUARD_SECONDS = 600


def run_parse(path: Path, *limits: str) -> subprocess.CompletedProcess[bytes]:
    options = [arg for limit in limits for arg in ("--limit", limit)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    # The reasons below are matched in English; test_i18n covers the Chinese ones.
    return subprocess.run([sys.executable, "-m", "govinfo_report", "parse", "--flat", "--alone", "--lang", "en",
                           *options, os.fsencode(path)], capture_output=True, env=env, timeout=GUARD_SECONDS)


def assert_contract(path: Path, result: subprocess.CompletedProcess[bytes]) -> None:
    stderr = result.stderr.decode("utf-8")  # strict: the output is always valid UTF-8
    result.stdout.decode("utf-8")
    assert result.returncode in (0, 1, 3), (path, result.returncode, stderr[-2000:])
    assert "Traceback" not in stderr, stderr[-2000:]
    if result.returncode == 3:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1, stderr
        shown = os.fsdecode(path).encode("utf-8", "backslashreplace").decode("utf-8")
        assert shown in lines[0], (shown, lines[0])


#: Each crafted file and the reason its answer must give.
EXPECTED = {
    # pdfminer calls the stream damaged, PDFium reads the page and finds no text: typed either way;
    # the fan-out meets the operations limit under pdfminer, the memory limit inside PDFium.
    "pdf-self-length": "", "pdf-xobject-loop": "", "pdf-xobject-fanout": "limit",
    "docx-bad-deflate": "damaged", "docx-unsupported-method": "compression method",
    "docx-doctype-utf16": "DOCTYPE", "docx-doctype-after-comment": "DOCTYPE",
    "docx-deep": "nests deeper", "html-deep": "nest deeper",
    "text-huge-cell": "limit digits", "text-too-big": "limit file_bytes", "fifo": "not a regular file",
    # A lattice of 1,000 rules meets grid_lines under pdfminer, grid_cells under PDFium.
    "bad-name": "", "pdf-lattice": "limit grid_cells", "pdf-lattice-1000": "limit grid_",
    "pdf-many-pages": "limit pages", "pdf-flate-bomb": "limit", "pdf-incremental-bomb": "",
    "pdf-tounicode-bomb": "limit", "html-many-tables": "limit", "text-digit-line": "limit digits",
    "text-pipe-line": "limit cells", "markdown-pipe-grid": "limit cells", "text-digit-line-50m": "limit chars",
    "text-pipe-line-50m": "limit chars", "pdf-lattice-200": "limit grid_cells",
    "text-long-line": "limit line_chars",
    "ofd-zip-bomb": "limit 200:1", "ofd-inflate-bomb": "limit stream_bytes", "ofd-external-entity": "DOCTYPE",
    "ofd-self-reference": "expected an ofd:Document", "ofd-many-pages": "limit pages",
    "ofd-long-deltax": "limit operations",
}
#: Lower limits keep the crafted cases quick; each still meets the limit it is built to hit.
QUICK = ("seconds=60", "memory_bytes=512M", "operations=50000")


def _check_crafted(name: str, make: Callable[[Path], Path], tmp_path: Path) -> None:
    path = make(tmp_path)
    result = run_parse(path, *QUICK)
    assert_contract(path, result)
    if EXPECTED[name]:
        assert result.returncode == 3 and EXPECTED[name] in result.stderr.decode(), result.stderr.decode()


@pytest.mark.parametrize("name", sorted(hostile_files.FAST))
def test_crafted_file_gets_a_typed_answer(name: str, tmp_path: Path) -> None:
    _check_crafted(name, hostile_files.FAST[name], tmp_path)


def test_a_name_that_is_not_utf8_prints_valid_utf8(tmp_path: Path) -> None:
    path = hostile_files.bad_name(tmp_path)
    result = run_parse(path)
    assert result.returncode in (0, 1)
    assert "\\udcd5\\udcfe" in result.stdout.decode("utf-8")


def test_devices_are_refused_at_once() -> None:
    for device in ("/dev/zero", "/dev/urandom"):
        if Path(device).exists():
            result = run_parse(Path(device))
            assert result.returncode == 3 and "not a regular file" in result.stderr.decode()


@pytest.mark.fuzz
@pytest.mark.parametrize("name", sorted(hostile_files.SLOW))
def test_bomb_gets_a_typed_answer(name: str, tmp_path: Path) -> None:
    _check_crafted(name, hostile_files.SLOW[name], tmp_path)


# -- byte-level damage of every fixture ---------------------------------------------------------
def fixtures() -> list[Path]:
    suffixes = {".txt", ".md", ".html", ".docx", ".pdf"}
    found = [p for folder in (ROOT / "examples" / "reports", ROOT / "tests" / "fixtures")
             for p in sorted(folder.rglob("*")) if p.suffix in suffixes]
    return found


def mutations(data: bytes, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    """Structured damage: truncation, byte flips, a chunk duplicated or dropped, a digit changed."""
    n = len(data)
    cut = rng.randrange(1, n)
    yield "truncate", data[:cut]
    flipped = bytearray(data)
    for _ in range(max(1, n // 2000)):
        flipped[rng.randrange(n)] ^= 1 << rng.randrange(8)
    yield "flip", bytes(flipped)
    a, b = sorted(rng.sample(range(n), 2))
    b = min(b, a + 4096)
    yield "duplicate", data[:b] + data[a:b] + data[b:]
    yield "drop", data[:a] + data[b:]
    digits = [i for i, c in enumerate(data) if 48 <= c <= 57]
    if digits:
        at = rng.choice(digits)
        yield "digit", data[:at] + bytes([48 + (data[at] - 47) % 10]) + data[at + 1:]


@pytest.mark.fuzz
@pytest.mark.parametrize("source", fixtures(), ids=lambda p: p.name)
def test_damaged_fixture_gets_a_typed_answer(source: Path, tmp_path: Path) -> None:
    rng = random.Random(source.name)
    data = source.read_bytes()
    for round_ in range(int(os.environ.get("GOVINFO_FUZZ_ROUNDS", "1"))):
        for kind, damaged in mutations(data, rng):
            path = tmp_path / f"{kind}-{round_}{source.suffix}"
            path.write_bytes(damaged)
            assert_contract(path, run_parse(path, *QUICK))


# -- damage read, not refused -------------------------------------------------------------------
def test_one_bad_byte_is_read_and_reported(tmp_path: Path) -> None:
    import govinfo_report as gr

    source = ROOT / "examples" / "reports" / "baihe-2023.txt"
    clean = gr.read(source)
    data = source.read_bytes()
    at = data.index("三、".encode())  # a heading, far from any number
    path = tmp_path / "baihe-2023.txt"
    path.write_bytes(data[:at] + b"\xff" + data[at + 1:])
    damaged = gr.read(path)
    template = damaged_characters(0, "", 0).template
    told = [f for f in damaged.reading_findings
            if isinstance(note := f.args.get("note"), dict) and note["template"] == template]
    bad = (data[:at] + b"\xff" + data[at + 1:]).decode("utf-8", "replace").count("\ufffd")
    assert [f.args["note"]["args"] for f in told] == [{"count": bad, "encoding": "utf-8", "offset": at}]
    english = f"{bad} damaged character(s) could not be decoded as utf-8 (the first at byte offset {at})"
    assert english in told[0].text("en")
    assert f"{bad} 个字符已损坏，无法按 utf-8 解码（第一个位于字节偏移 {at} 处）" in told[0].text("zh")
    keys = list(clean.format.keys())
    assert [damaged.value(k) for k in keys] == [clean.value(k) for k in keys]
    cut = tmp_path / "cut.txt"  # ends inside a multi-byte character
    body = data.rstrip()
    cut.write_bytes(body[:-1] if body[-1] >= 0x80 else body + "年".encode()[:2])
    result = run_parse(cut)
    assert result.returncode in (0, 1) and "damaged" in result.stdout.decode()


def test_garbage_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(random.Random(1).randrange(128, 256) for _ in range(5000)))
    result = run_parse(path)
    assert_contract(path, result)


# -- structured damage in process: only the library's own errors escape --------------------------
_DOCX = ROOT / "tests" / "fixtures" / "corpus" / "raw" / "govnianbao" / "template-2021-blank.docx"
_TEXT = ROOT / "examples" / "reports" / "duizhen-2023.txt"


@st.composite
def damaged(draw: st.DrawFn, source: Path) -> bytes:
    """Truncation, a run of flipped bytes, or a chunk duplicated or dropped, anywhere in the file."""
    data = source.read_bytes()
    kind = draw(st.sampled_from(["truncate", "flip", "duplicate", "drop"]))
    a = draw(st.integers(0, len(data) - 1))
    b = draw(st.integers(a, min(len(data), a + 2048)))
    if kind == "truncate":
        return data[:a]
    if kind == "flip":
        mask = draw(st.integers(1, 255))
        return data[:a] + bytes(c ^ mask for c in data[a:b]) + data[b:]
    if kind == "duplicate":
        return data[:b] + data[a:b] + data[b:]
    return data[:a] + data[b:]


def _read_expecting_only_library_errors(path: Path, data: bytes) -> None:
    import govinfo_report as gr
    from govinfo_report.errors import GovinfoReportError

    path.write_bytes(data)
    try:
        report = gr.read(path)
    except GovinfoReportError as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)
        return
    gr.check(report)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=damaged(_DOCX))
def test_damaged_docx_raises_only_library_errors(tmp_path: Path, data: bytes) -> None:
    _read_expecting_only_library_errors(tmp_path / "damaged.docx", data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=damaged(_TEXT))
def test_damaged_text_raises_only_library_errors(tmp_path: Path, data: bytes) -> None:
    _read_expecting_only_library_errors(tmp_path / "damaged.txt", data)
