"""Each file is opened once however many steps read it, and the hash names the bytes parsed."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import shutil
import subprocess
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as gr
from govinfo_report import files
from govinfo_report.api import reader_of
from govinfo_report.errors import ReadError, TooLargeError, UnsupportedFormatError
from govinfo_report.files import SNIFF_BYTES, file_bytes, reading
from govinfo_report.interfaces import Reader
from govinfo_report.layout import Layout
from govinfo_report.limits import Limits, use
from govinfo_report.plugins.manager import PluginRegistry, default_registry
from govinfo_report.readers.text import TextReader

RAW = Path(__file__).parent / "fixtures" / "corpus" / "raw"
PINGTAN = sorted((RAW / "pingtan").glob("pingtan-*.txt"))
HONGZE = RAW / "kirogovcompare" / "hongze-2023.pdf"


@pytest.fixture
def opens(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """How many times each file was opened, by its name, through Python's two ways of opening."""
    counted: Counter[str] = Counter()
    real_os_open, real_io_open = os.open, io.open

    def os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        counted[Path(os.fsdecode(path)).name] += 1
        return real_os_open(path, *args, **kwargs)

    def io_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, bytes, os.PathLike)):
            counted[Path(os.fsdecode(file)).name] += 1
        return real_io_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(io, "open", io_open)
    monkeypatch.setattr("builtins.open", io_open)
    yield counted


def _copies(tmp_path: Path) -> list[Path]:
    """The same report in every format the library writes, beside it as printed."""
    report = gr.read(PINGTAN[4])
    out = [PINGTAN[4], HONGZE]
    for suffix in (".md", ".html", ".docx", ".json", ".csv", ".xlsx"):
        target = tmp_path / f"copy{suffix}"
        gr.write(report, target)
        out.append(target)
    return out


@pytest.mark.parametrize("backend", ["pdfminer", "pdfium"])
def test_read_opens_each_file_once_whatever_its_format(tmp_path: Path, opens: Counter[str], backend: str) -> None:
    pytest.importorskip("pypdfium2") if backend == "pdfium" else None
    files = _copies(tmp_path)
    opens.clear()
    for path in files:
        report = gr.read(path, pdf_backend=backend)
        assert report.meta.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert report.meta.year in (2023, 2024)
    # The hash above opened each file once more.
    assert {path.name: opens[path.name] for path in files} == {path.name: 2 for path in files}


def test_read_layout_opens_the_file_once(opens: Counter[str]) -> None:
    gr.read_layout(PINGTAN[0])
    assert opens[PINGTAN[0].name] == 1


def test_reading_with_neighbours_opens_each_file_once(tmp_path: Path, opens: Counter[str]) -> None:
    for path in PINGTAN:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    opens.clear()
    report = gr.read_with_neighbours(tmp_path / PINGTAN[1].name)
    assert report.meta.year == 2020
    # 2020 asks 2019 and 2021, each of which asks 2020 in turn (with one step fewer, so not
    # from the cache): it is still being read, and its bytes are at hand.
    assert opens == Counter({path.name: 1 for path in PINGTAN[:4]})


class _Rewriting(Reader):
    """A reader after whose reading the file changes on disk: what a file written to while a
    batch reads it looks like."""

    name = "rewriting"
    extensions = (".txt",)

    def sniff(self, head: bytes, path: Path) -> float:
        return 1.0

    def read(self, path: Path) -> Layout:
        layout = TextReader().read(path)
        path.write_bytes(PINGTAN[5].read_bytes())
        return layout


def test_the_hash_names_the_bytes_parsed_though_the_file_changes_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    # Longer than any first read, so that nothing but the bytes the reader read can be hashed.
    printed = PINGTAN[4].read_bytes() + b"\n" * (128 * 1024)
    path.write_bytes(printed)
    registry = PluginRegistry()
    registry.readers["rewriting"] = _Rewriting()
    report = gr.read(path, registry)
    assert report.meta.sha256 == hashlib.sha256(printed).hexdigest()
    assert report.meta.year == gr.read(PINGTAN[4]).meta.year == 2023
    assert path.read_bytes() == PINGTAN[5].read_bytes()  # the file did change


def test_file_bytes_reads_a_file_not_being_read_within_the_limit(tmp_path: Path) -> None:
    path, other = tmp_path / "a.bin", tmp_path / "b.bin"
    path.write_bytes(b"x" * 100)
    other.write_bytes(b"y" * 10)
    with reading(other, Limits()) as file:
        other.write_bytes(b"z")  # what was opened is read, not what the name holds now
        assert file_bytes(other) == file_bytes(str(other)) == b"y" * 10
        assert file_bytes(path) == b"x" * 100  # another file: read now
        with reading(path, Limits()) as inner:
            assert (file_bytes(path), file_bytes(other)) == (b"x" * 100, b"y" * 10)
            assert inner.head == b"x" * 100
        assert file.sha256() == hashlib.sha256(b"y" * 10).hexdigest()
    assert file_bytes(other) == b"z"  # no longer being read
    with use(Limits(file_bytes=99)), pytest.raises(TooLargeError) as caught:
        file_bytes(path)
    assert str(caught.value).endswith(f"{path.name}: the file is larger, or expands to more, than the safety "
                                      "limits allow (more than 99 bytes (limit file_bytes=99))")


def test_a_nested_read_under_smaller_limits_refuses_a_file_already_open(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(b"x" * 100)
    with reading(path, Limits()), pytest.raises(TooLargeError), reading(path, Limits(file_bytes=99)):
        pass


def test_finding_a_reader_reads_only_the_head_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    printed = PINGTAN[0].read_bytes() + b"\n" * (4 * SNIFF_BYTES)
    path.write_bytes(printed)
    with reading(path, Limits()) as file:
        assert file.head == printed[:SNIFF_BYTES]
        assert file.data() == printed
        file.release()
        assert file.data() == printed  # read again from the same opening
    assert reader_of(path).name == "text"


def test_a_file_no_reader_claims_is_refused_from_its_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "video.bin"
    path.write_bytes(b"\0" * (64 * SNIFF_BYTES))
    read = 0
    real = os.read

    def counting(fd: int, n: int) -> bytes:
        nonlocal read
        piece = real(fd, n)
        read += len(piece)
        return piece

    monkeypatch.setattr(os, "read", counting)
    with pytest.raises(UnsupportedFormatError):
        gr.read(path)
    assert read == SNIFF_BYTES


def test_a_file_read_whole_costs_its_size_once(tmp_path: Path) -> None:
    """The whole file is kept while the reader runs: reading it must cost its size, as
    reading it in one call does, not twice (pieces joined)."""
    path = tmp_path / "big.pdf"
    size = 8 << 20
    path.write_bytes(b"%PDF-1.4\n" + b"0" * size)
    for read in (lambda: file_bytes(path), lambda: _whole(path)):
        tracemalloc.start()
        try:
            assert len(read()) == size + 9
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert size < peak < 1.2 * size


def _whole(path: Path) -> bytes:
    with reading(path, Limits()) as file:
        return file.data()


def test_running_out_of_memory_reading_a_file_is_a_typed_error_naming_it(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(PINGTAN[0].read_bytes())

    def starved(fd: int, count: int, first: int) -> bytes:
        raise MemoryError

    monkeypatch.setattr(files, "read_descriptor", starved)
    with pytest.raises(TooLargeError) as caught:
        gr.read(path)
    assert str(caught.value) == (f"{path}: the file is larger, or expands to more, than the safety limits allow "
                                 "(ran out of memory reading the file)")


def test_a_failure_reading_a_file_already_open_is_a_read_error_naming_it(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(PINGTAN[0].read_bytes())

    def failing(fd: int, count: int, first: int) -> bytes:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(files, "read_descriptor", failing)
    with pytest.raises(ReadError) as caught:
        gr.read(path)
    assert str(caught.value) == f"{path}: cannot be read (Input/output error)"


@pytest.mark.parametrize(("name", "backend"), [("pingtan/pingtan-2023.txt", None),
                                               ("kirogovcompare/hongze-2023.pdf", "pdfminer"),
                                               ("kirogovcompare/hongze-2023.pdf", "pdfium")])
def test_a_file_gone_once_opened_is_still_read(name: str, backend: str | None, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Any second opening of the file, by Python or by a C library given its path (which
    counting Python's openings does not see), finds it gone."""
    if backend == "pdfium":
        pytest.importorskip("pypdfium2")
    path = tmp_path / Path(name).name
    printed = (RAW / name).read_bytes()
    path.write_bytes(printed)
    opening = files.OpenFile.__init__

    def then_gone(self: files.OpenFile, *args: Any) -> None:
        opening(self, *args)
        self.path.unlink()

    monkeypatch.setattr(files.OpenFile, "__init__", then_gone)
    report = gr.read(path, pdf_backend=backend)
    assert report.meta.year == 2023
    assert report.meta.sha256 == hashlib.sha256(printed).hexdigest()
    assert not path.exists()


@pytest.mark.libreoffice
def test_a_file_converted_by_libreoffice_is_converted_from_its_opening(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice is given a file to convert: it must be written from the bytes read (those
    the report's sha256 names), not copied from the file's name a second time."""
    if shutil.which("soffice") is None:
        pytest.skip("needs LibreOffice (soffice)")
    if "libreoffice" not in default_registry().readers:
        pytest.skip("the LibreOffice plugin is not installed")
    text = tmp_path / "report.txt"
    text.write_bytes(PINGTAN[4].read_bytes())
    subprocess.run(["soffice", "--headless", "--convert-to", "rtf", "--outdir", str(tmp_path), str(text)],
                   check=True, capture_output=True, timeout=120)
    path = tmp_path / "report.rtf"
    printed = path.read_bytes()
    opening = files.OpenFile.__init__

    def then_gone(self: files.OpenFile, *args: Any) -> None:
        opening(self, *args)
        self.path.unlink()

    monkeypatch.setattr(files.OpenFile, "__init__", then_gone)
    report = gr.read(path)
    assert (report.meta.reader, report.meta.year) == ("libreoffice", 2023)
    assert report.meta.sha256 == hashlib.sha256(printed).hexdigest()


@pytest.mark.parametrize("ending", [b"\r\n", b"\r"])
def test_a_csv_reads_the_same_whatever_its_line_endings(ending: bytes, tmp_path: Path) -> None:
    """Read from bytes, the CSV reader translates line endings as reading it as text did."""
    report = gr.read(PINGTAN[4])
    plain = tmp_path / "plain.csv"
    gr.write(report, plain)
    other = tmp_path / "other.csv"
    other.write_bytes(plain.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", ending))
    read = gr.read(other)
    assert read.tables == gr.read(plain).tables
    cell = read.cell("t2.regulations.issued")
    assert cell is not None and cell.value == report.cell("t2.regulations.issued").value is not None  # type: ignore[union-attr]
