"""The worker that reads one file: results, errors, crashes, and the memory and time limits."""

from __future__ import annotations

import time

import pytest

from govinfo_report.errors import CorruptFileError, InternalError, TooComplexError, TooLargeError
from govinfo_report.isolation import isolation_available, run_isolated
from govinfo_report.limits import Limits

pytestmark = pytest.mark.skipif(not isolation_available(), reason="needs fork")


def test_result_and_library_errors_come_back() -> None:
    assert run_isolated(lambda: {"cells": [1, 2, 3]}, "a.txt", Limits()) == {"cells": [1, 2, 3]}

    def damaged() -> None:
        raise CorruptFileError("a.docx", "word/document.xml: bad deflate")

    with pytest.raises(CorruptFileError) as caught:
        run_isolated(damaged, "a.docx", Limits())
    assert caught.value.path == "a.docx" and caught.value.detail == "word/document.xml: bad deflate"


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
