"""The worker that reads one file: results, errors, crashes, and the memory and time limits."""

from __future__ import annotations

import copyreg
import time

import pytest

from govinfo_report.errors import CorruptFileError, InternalError, TooComplexError, TooLargeError
from govinfo_report.isolation import isolation_available, run_isolated
from govinfo_report.limits import Limits
from govinfo_report.readers.safety import parse_xml

pytestmark = pytest.mark.skipif(not isolation_available(), reason="needs fork")


def test_result_and_library_errors_come_back() -> None:
    assert run_isolated(lambda: {"cells": [1, 2, 3]}, "a.txt", Limits()) == {"cells": [1, 2, 3]}

    def damaged() -> None:
        raise CorruptFileError("a.docx", "word/document.xml: bad deflate")

    with pytest.raises(CorruptFileError) as caught:
        run_isolated(damaged, "a.docx", Limits())
    assert caught.value.path == "a.docx" and caught.value.detail == "word/document.xml: bad deflate"


def test_a_read_error_comes_back_without_its_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where exceptions pickle with their chains (tblib, as Dask installs it), a dependency's
    exception behind a read error (lxml's, whose error log does not pickle) stays behind:
    the error itself comes back, not a worker that seemed to run out of memory."""
    pickling_support = pytest.importorskip("tblib.pickling_support", reason="tblib comes with the dask extra")
    monkeypatch.setitem(copyreg.dispatch_table, CorruptFileError, pickling_support.pickle_exception)
    with pytest.raises(CorruptFileError) as caught:
        run_isolated(lambda: parse_xml(b"<w:document", "a.docx", "word/document.xml"), "a.docx", Limits())
    assert caught.value.template == "{where}malformed XML: {error}"
    assert caught.value.values["where"] == "word/document.xml: "


def test_a_crash_is_an_internal_error_naming_the_file() -> None:
    def crash() -> None:
        raise ZeroDivisionError("bug")

    with pytest.raises(InternalError, match=r"a\.pdf: ZeroDivisionError: bug"):
        run_isolated(crash, "a.pdf", Limits())


def test_memory_limit_ends_the_worker_with_a_typed_error() -> None:
    def hog() -> int:
        blocks = [bytearray(16 * 1024 * 1024) for _ in range(64)]  # 1 GiB
        return len(blocks)

    with pytest.raises(TooLargeError, match="limit memory_bytes"):
        run_isolated(hog, "bomb.pdf", Limits(memory_bytes=256 * 1024 * 1024))


def test_time_limit_ends_even_a_sleeping_worker() -> None:
    def hang() -> None:
        time.sleep(600)

    with pytest.raises(TooComplexError, match=r"limit seconds=0\.5"):
        run_isolated(hang, "fifo.txt", Limits(seconds=0.5))
