"""The collector is paused around a report's reading and resumed only where it ran before."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

import govinfo_report as gr
import govinfo_report.recognize as recognize
from govinfo_report.collector import paused
from govinfo_report.interfaces import Rule
from govinfo_report.layout import Layout
from govinfo_report.model import Finding, Report
from govinfo_report.recognize.tokens import Token
from govinfo_report.rules import engine
from govinfo_report.serialize import report_to_dict

SEED = next((Path(__file__).parent / "fixtures" / "corpus" / "seeds").glob("*.txt"))


@pytest.fixture
def collecting() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_paused_within_and_resumed_after_even_on_error(collecting: None) -> None:
    with pytest.raises(ValueError), paused():
        assert not gc.isenabled()
        raise ValueError("boom")
    assert gc.isenabled()


def test_nested_pauses_resume_once_at_the_outermost(collecting: None) -> None:
    with paused():
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_caller_that_turned_it_off_keeps_it_off(collecting: None) -> None:
    gc.disable()
    with paused():
        pass
    assert not gc.isenabled()
    gc.enable()


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_a_report_leaves_the_collector_as_it_found_it(collecting: None, enabled: bool) -> None:
    expected = report_to_dict(gr.read(SEED))
    if not enabled:
        gc.disable()
    report = gr.read(SEED)
    gr.check(report)
    assert gc.isenabled() is enabled
    gc.enable()
    assert report_to_dict(report) == expected
    assert report.tables["t3"].found


def test_recognition_and_the_rules_run_paused(collecting: None, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, bool] = {}
    stream, run = recognize.stream, engine._run_report_rules

    def watched_stream(layout: Layout) -> tuple[list[Token], list[Token]]:
        seen["recognizing"] = gc.isenabled()
        return stream(layout)

    def watched_rules(report: Report, chosen: list[Rule]) -> list[Finding]:
        seen["checking"] = gc.isenabled()
        return run(report, chosen)

    monkeypatch.setattr(recognize, "stream", watched_stream)
    monkeypatch.setattr(engine, "_run_report_rules", watched_rules)
    gr.check(gr.read(SEED))
    assert seen == {"recognizing": False, "checking": False}
    assert gc.isenabled()
