"""Each file is opened once however many steps read it, and the hash names the bytes parsed."""

from __future__ import annotations

import hashlib
import io
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as gr
from govinfo_report.api import reader_of
from govinfo_report.errors import TooLargeError
from govinfo_report.files import SNIFF_BYTES, file_bytes, holding, opening
from govinfo_report.interfaces import Reader
from govinfo_report.layout import Layout
from govinfo_report.limits import Limits, use
from govinfo_report.plugins.manager import PluginRegistry
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
    """A reader that changes the file on disk before it reads it: what a file written to
    while a batch reads it looks like."""

    name = "rewriting"
    extensions = (".txt",)

    def sniff(self, head: bytes, path: Path) -> float:
        return 1.0

    def read(self, path: Path) -> Layout:
        path.write_bytes(PINGTAN[5].read_bytes())
        return TextReader().read(path)


def test_the_hash_names_the_bytes_parsed_though_the_file_changes_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    printed = PINGTAN[4].read_bytes()
    path.write_bytes(printed)
    registry = PluginRegistry()
    registry.readers["rewriting"] = _Rewriting()
    report = gr.read(path, registry)
    assert report.meta.sha256 == hashlib.sha256(printed).hexdigest()
    assert report.meta.year == gr.read(PINGTAN[4]).meta.year == 2023
    assert path.read_bytes() == PINGTAN[5].read_bytes()  # the file did change


def test_file_bytes_reads_a_file_nothing_holds_within_the_limit(tmp_path: Path) -> None:
    path, other = tmp_path / "a.bin", tmp_path / "b.bin"
    path.write_bytes(b"x" * 100)
    other.write_bytes(b"y")
    with holding(other, b"held"):
        assert file_bytes(other) == b"held"
        assert file_bytes(str(other)) == b"held"
        assert file_bytes(path) == b"x" * 100  # held for another file: read
        with holding(path, b"inner"):
            assert (file_bytes(path), file_bytes(other)) == (b"inner", b"held")
        assert file_bytes(path) == b"x" * 100
    assert file_bytes(other) == b"y"  # no longer held
    with use(Limits(file_bytes=99)), pytest.raises(TooLargeError) as caught:
        file_bytes(path)
    assert str(caught.value).endswith(f"{path.name}: the file is larger, or expands to more, than the safety "
                                      "limits allow (more than 99 bytes (limit file_bytes=99))")


def test_finding_a_reader_reads_only_the_head_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(PINGTAN[0].read_bytes() + b"\n" * (4 * SNIFF_BYTES))
    assert len(opening(path, Limits(), whole=False)) == SNIFF_BYTES
    assert opening(path, Limits(), whole=True) == path.read_bytes()
    assert reader_of(path).name == "text"
