"""pdfminer's stream decoding charged to the file as it inflates: a bomb stops at the limit."""

from __future__ import annotations

import contextlib
import tracemalloc
import zlib
from pathlib import Path

import pytest
from pdfminer.lzw import lzwdecode
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import LIT
from pdfminer.runlength import rldecode

import hostile_files
from govinfo_report.errors import TooLargeError
from govinfo_report.limits import Limits, use
from govinfo_report.readers import pdf_streams
from govinfo_report.readers.pdf_chars import load_document

_MB = 1 << 20
SMALL = Limits(stream_bytes=2 * _MB, inflated_bytes=3 * _MB)


def _decoded(data: bytes, *filters: str) -> bytes:
    stream = PDFStream({"Filter": [LIT(f) for f in filters]}, data)
    stream.decode()
    assert stream.data is not None
    return stream.data


def test_a_flate_bomb_stops_at_the_stream_limit_without_inflating_it() -> None:
    bomb = zlib.compress(bytes(200 * _MB), 9)  # 200 KB that inflate to 200 MB
    tracemalloc.start()
    try:
        with use(SMALL), pytest.raises(TooLargeError, match="stream_bytes=2097152"), pdf_streams.counting("bomb.pdf"):
            _decoded(bomb, "FlateDecode")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * _MB, peak


def test_streams_add_up_to_the_file_limit() -> None:
    one = zlib.compress(bytes(_MB + _MB // 2))
    with use(SMALL), pytest.raises(TooLargeError, match="inflated_bytes=3145728"), \
            pdf_streams.counting("many.pdf") as budget:
        _decoded(one, "FlateDecode")
        _decoded(one, "FlateDecode")
        assert budget.spent == 3 * _MB
        _decoded(one, "FlateDecode")


def test_an_error_pdfminer_swallows_still_fails_the_file() -> None:
    # pdfminer catches errors around a broken font program; the file fails all the same.
    with use(SMALL), pytest.raises(TooLargeError), pdf_streams.counting("font.pdf"), \
            contextlib.suppress(TooLargeError):
        _decoded(zlib.compress(bytes(4 * _MB)), "FlateDecode")


def test_decoding_is_unchanged_within_the_limits_and_outside_a_read() -> None:
    text = b"BT /F1 12 Tf 72 700 Td (x) Tj ET " * 1000
    packed = zlib.compress(text)
    lzw = bytes.fromhex("800b6050220c0c8501")  # the example of the PDF reference, section 3.3.3
    run = bytes([2, 65, 66, 67, 253, 68, 128])
    with pdf_streams.counting("clean.pdf") as budget:
        assert _decoded(packed, "FlateDecode") == text
        assert _decoded(packed + b"trailing bytes", "FlateDecode") == text
        assert _decoded(lzw, "LZWDecode") == lzwdecode(lzw) == b"-----A---B"
        assert _decoded(run, "RunLengthDecode") == rldecode(run) == b"ABCDDDD"
    assert budget.spent == len(text) * 2 + 10 + 7
    assert _decoded(packed, "FlateDecode") == text  # no read in progress: nothing counted
    truncated = packed[:-6]  # pdfminer's own repair of a damaged stream still runs
    with pdf_streams.counting("damaged.pdf"):
        assert text.startswith(_decoded(truncated, "FlateDecode")[:100])


def test_run_length_and_lzw_bombs_stop_too() -> None:
    runs = bytes([129, 0]) * (5 * _MB // 128)  # 80 KB of runs, 128 zeros each
    assert pdf_streams._run_length_size(runs) == len(runs) // 2 * 128
    with use(SMALL), pytest.raises(TooLargeError), pdf_streams.counting("runs.pdf"):
        _decoded(runs, "RunLengthDecode")
    with use(Limits(stream_bytes=4, inflated_bytes=4)), pytest.raises(TooLargeError), \
            pdf_streams.counting("lzw.pdf"):
        _decoded(bytes.fromhex("800b6050220c0c8501"), "LZWDecode")


def test_a_bomb_in_a_file_is_a_typed_error(tmp_path: Path) -> None:
    path = hostile_files.pdf_flate_bomb(tmp_path, size=64 * _MB)
    with use(SMALL), pytest.raises(TooLargeError, match="a PDF stream inflates beyond"):
        load_document(path)
