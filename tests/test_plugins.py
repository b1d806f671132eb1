"""The plugin manager: built-ins through the hooks, extra plugins, broken plugins, reader choice."""

from __future__ import annotations

import importlib.metadata
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as gr
from govinfo_report.errors import NotAReportError, ReadError, UnknownWriterError
from govinfo_report.hookspecs import hookimpl
from govinfo_report.interfaces import Reader, Rule, Writer
from govinfo_report.layout import Layout, Location, Paragraph, Table, TableCell
from govinfo_report.model import Finding, Report, Severity
from govinfo_report.plugins.manager import (
    DEFAULT_PLUGINS,
    ENTRY_POINT_GROUP,
    PluginLoadWarning,
    PluginRegistry,
    load_registry,
)
from govinfo_report.rules.engine import Context
from govinfo_report.rules.pack import CORE, CORPUS

FIXTURES = Path(__file__).parent / "fixtures"


def quiet_registry(**kwargs: Any) -> PluginRegistry:
    with warnings.catch_warnings():
        warnings.simplefilter("error", PluginLoadWarning)  # the built-ins load without a warning
        return load_registry(**kwargs)


# -- built-ins -------------------------------------------------------------------------------
def test_builtins_register_through_the_hooks() -> None:
    registry = quiet_registry(entry_points=False)
    assert set(registry.readers) == {"text", "html", "docx", "pdf", "ofd", "json", "csv", "xlsx"}
    assert set(registry.writers) == {"json", "flat-json", "csv", "markdown", "text", "html", "docx", "xlsx"}
    assert set(registry.rules) == {r.code for r in (*CORE, *CORPUS)}
    assert [p.name for p in registry.plugins] == list(DEFAULT_PLUGINS)
    assert all(p.builtin and p.error is None for p in registry.plugins)
    by_name = {p.name: p for p in registry.plugins}
    assert by_name["govinfo_report.readers.text"].readers == ("text",)
    assert by_name["govinfo_report.writers.text_writer"].writers == ("markdown", "text")
    assert set(by_name["govinfo_report.rules.corpus"].rules) == {r.code for r in CORPUS}
    assert set(by_name["govinfo_report.rules.builtin"].rules) == {r.code for r in CORE}
    for reader in registry.readers.values():
        assert isinstance(reader, Reader) and reader.extensions
    for writer in registry.writers.values():
        assert isinstance(writer, Writer) and writer.extensions


def test_writer_lookup_by_name_and_suffix() -> None:
    registry = quiet_registry(entry_points=False)
    assert registry.writer("markdown").name == "markdown"
    assert registry.writer(".md").name == "markdown"
    assert registry.writer("md").name == "markdown"
    assert registry.writer(".flat.json").name == "flat-json"
    assert registry.writer("CSV").name == "csv"
    with pytest.raises(UnknownWriterError, match="xyz"):
        registry.writer(".xyz")


# -- extra plugin objects ----------------------------------------------------------------------
class DemoReader(Reader):
    """Reads ``.gir`` files: one line "label=value" per 表二 row."""

    name = "demo"
    extensions = (".gir",)

    def sniff(self, head: bytes, path: Path) -> float:
        return 0.95 if head.startswith(b"GIR1\n") else 0.0

    def read(self, path: Path) -> Layout:
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        rows = tuple((TableCell(label), TableCell(value)) for label, value in (ln.split("=") for ln in lines[1:]))
        return Layout((Paragraph(lines[0], Location(line=2)), Paragraph("二、主动公开政府信息情况"),
                       Table(rows)), source=str(path), reader=self.name)


class DemoWriter(Writer):
    name = "demo-writer"
    extensions = (".demo",)

    def render(self, report: Report, findings: list[Finding]) -> str:
        return f"{report.meta.agency}|{report.value('t2.licensing.decisions')}|{len(findings)}\n"


def _demo_check(ctx: Context):
    value = ctx.value("t2.licensing.decisions")
    if value is not None and value > 100:
        yield ctx.finding("许可决定数量很多。", ["t2.licensing.decisions"], "<= 100", value)


DEMO_RULE = Rule("demo-many-licences", Severity.INFO, "许可很多", "More than 100 licensing decisions.",
                 _demo_check, tags=("demo",), pack="demo")


class DemoPlugin:
    __name__ = "demo-plugin"
    __version__ = "9.9"

    @hookimpl
    def register_readers(self, register: Callable[[Reader], Any]) -> None:
        register(DemoReader())

    @hookimpl
    def register_writers(self, register: Callable[[Writer], Any]) -> None:
        register(DemoWriter())

    @hookimpl
    def register_rules(self, register: Callable[[Rule], Any]) -> None:
        register(DEMO_RULE)


def test_extra_plugin_adds_a_reader_a_writer_and_a_rule(tmp_path: Path) -> None:
    registry = quiet_registry(entry_points=False, extra=(DemoPlugin(),))
    assert "demo" in registry.readers and "demo-writer" in registry.writers
    assert "demo-many-licences" in registry.rules
    info = registry.plugins[-1]
    assert (info.name, info.version, info.builtin) == ("demo-plugin", "9.9", False)
    assert (info.readers, info.writers, info.rules) == (("demo",), ("demo-writer",), ("demo-many-licences",))
    assert set(registry.readers) >= {"text", "html", "docx", "pdf"}  # built-ins still there

    path = tmp_path / "report.gir"
    path.write_text("GIR1\n某县民政局2023年政府信息公开工作年度报告\n行政许可=550\n行政处罚=4\n", encoding="utf-8")
    report = gr.read(path, registry=registry)
    assert report.meta.reader == "demo"
    assert report.meta.agency == "某县民政局" and report.meta.year == 2023
    assert report.value("t2.licensing.decisions") == 550
    assert report.value("t2.penalty.decisions") == 4

    findings = gr.check(report, select=["demo"], registry=registry)
    assert [(f.code, f.severity, f.cells, f.expected, f.actual) for f in findings] == [
        ("demo-many-licences", Severity.INFO, ("t2.licensing.decisions",), "<= 100", "550")]

    out = gr.write(report, tmp_path / "report.demo", findings, registry=registry)
    assert out.read_text(encoding="utf-8") == "某县民政局|550|1\n"
    assert gr.render(report, "demo-writer", [], registry=registry) == "某县民政局|550|0\n"


def test_registry_without_the_plugin_does_not_know_it(tmp_path: Path) -> None:
    registry = quiet_registry(entry_points=False)
    assert "demo-many-licences" not in registry.rules
    with pytest.raises(UnknownWriterError):
        registry.writer(".demo")


# -- broken plugins ----------------------------------------------------------------------------
class RaisingPlugin:
    __name__ = "raising-plugin"

    @hookimpl
    def register_writers(self, register: Callable[[Writer], Any]) -> None:
        raise RuntimeError("boom in register_writers")


class HalfPlugin:
    """Registers a reader, then fails in its rule hook."""

    __name__ = "half-plugin"

    @hookimpl
    def register_readers(self, register: Callable[[Reader], Any]) -> None:
        class HalfReader(DemoReader):
            name = "half-reader"
            extensions = (".half",)

        register(HalfReader())

    @hookimpl
    def register_rules(self, register: Callable[[Rule], Any]) -> None:
        raise RuntimeError("boom in register_rules")


def test_plugin_whose_hook_raises_is_dropped_with_a_warning() -> None:
    with pytest.warns(PluginLoadWarning, match="raising-plugin.*boom in register_writers"):
        registry = load_registry(entry_points=False, extra=(RaisingPlugin(), DemoPlugin()))
    assert "demo-writer" in registry.writers  # the plugin after it still loads
    assert "demo" in registry.readers
    assert set(registry.writers) >= {"json", "csv", "markdown", "text"}
    failed = [p for p in registry.plugins if p.error]
    assert [p.name for p in failed] == ["raising-plugin"]
    assert "RuntimeError" in failed[0].error


def test_dropped_plugin_leaves_nothing_behind() -> None:
    with pytest.warns(PluginLoadWarning, match="half-plugin"):
        registry = load_registry(entry_points=False, extra=(HalfPlugin(),))
    assert "half-reader" not in registry.readers


class FakeEntryPoint:
    def __init__(self, name: str, load: Callable[[], object]) -> None:
        self.name = name
        self._load = load
        self.dist = None
        self.group = ENTRY_POINT_GROUP

    def load(self) -> object:
        return self._load()


def _fail_import() -> object:
    raise ImportError("No module named 'govinfo_missing_dependency'")


def test_entry_point_that_fails_to_import_warns_and_others_load(monkeypatch: pytest.MonkeyPatch) -> None:
    groups: list[str | None] = []

    def entry_points(**kwargs: Any) -> list[FakeEntryPoint]:
        groups.append(kwargs.get("group"))
        return [FakeEntryPoint("broken", _fail_import), FakeEntryPoint("demo", DemoPlugin)]

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    with pytest.warns(PluginLoadWarning, match="broken.*ImportError.*govinfo_missing_dependency"):
        registry = load_registry()
    assert groups == [ENTRY_POINT_GROUP]
    assert "demo" in registry.readers and "demo-many-licences" in registry.rules
    assert set(registry.readers) >= {"text", "html", "docx", "pdf"}
    by_name = {p.name: p for p in registry.plugins}
    assert by_name["broken"].error is not None and "ImportError" in by_name["broken"].error
    assert by_name["demo"].error is None and by_name["demo"].version == "?"


def test_entry_point_raising_any_exception_is_contained(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> object:
        raise ZeroDivisionError("at import time")

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **kw: [FakeEntryPoint("zero", boom)])
    with pytest.warns(PluginLoadWarning, match="zero"):
        registry = load_registry()
    assert set(registry.writers) >= {"json", "csv"}


def test_entry_points_are_skipped_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(**kwargs: Any) -> list[FakeEntryPoint]:
        raise AssertionError("entry points must not be read")

    monkeypatch.setattr(importlib.metadata, "entry_points", never)
    assert "text" in quiet_registry(entry_points=False).readers


# -- reader selection by content -----------------------------------------------------------------
HTML_REPORT = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>某县民政局2023年政府信息公开工作年度报告</title></head>
<body><h1>某县民政局2023年政府信息公开工作年度报告</h1>
<p>二、主动公开政府信息情况</p>
<table><tr><td>信息内容</td><td>本年处理决定数量</td></tr>
<tr><td>行政许可</td><td>550</td></tr><tr><td>行政处罚</td><td>4</td></tr></table>
</body></html>
"""


def test_html_named_txt_goes_to_the_html_reader(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(HTML_REPORT, encoding="utf-8")
    registry = quiet_registry(entry_points=False)
    assert registry.reader_for(path, path.read_bytes()).name == "html"
    report = gr.read(path, registry=registry)
    assert report.meta.reader == "html"
    assert report.meta.agency == "某县民政局"
    assert report.value("t2.licensing.decisions") == 550
    assert report.value("t2.penalty.decisions") == 4


def test_html_fragment_named_txt_goes_to_the_html_reader(tmp_path: Path) -> None:
    path = tmp_path / "fragment.txt"
    path.write_text('<meta charset="utf-8"><table><tr><td>行政许可</td><td>550</td></tr></table>',
                    encoding="utf-8")
    registry = quiet_registry(entry_points=False)
    assert registry.reader_for(path, path.read_bytes()).name == "html"


def test_pdf_named_txt_goes_to_the_pdf_reader(tmp_path: Path) -> None:
    registry = quiet_registry(entry_points=False)
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    assert registry.reader_for(tmp_path / "report.txt", head).name == "pdf"
    assert registry.reader_for(tmp_path / "report", head).name == "pdf"
    assert registry.reader_for(tmp_path / "report.html", head).name == "pdf"


def test_pdf_file_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    source = FIXTURES / "pdf" / "libreoffice-grid.pdf"
    if not source.exists():
        pytest.skip("tests/fixtures/pdf/libreoffice-grid.pdf is not present")
    path = tmp_path / "grid.txt"
    shutil.copy(source, path)
    layout = gr.read_layout(path, registry=quiet_registry(entry_points=False))
    assert layout.reader == "pdf"
    assert list(layout.tables())  # a grid, not undecodable text


def test_docx_zip_named_txt_is_not_decoded_as_text(tmp_path: Path) -> None:
    registry = quiet_registry(entry_points=False)
    head = b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml"
    assert registry.reader_for(tmp_path / "report.txt", head).name == "docx"


def test_plain_text_by_suffix_and_by_content(tmp_path: Path) -> None:
    registry = quiet_registry(entry_points=False)
    head = "某县2023年政府信息公开工作年度报告\n".encode()
    assert registry.reader_for(tmp_path / "a.txt", head).name == "text"
    assert registry.reader_for(tmp_path / "a.md", head).name == "text"
    assert registry.reader_for(tmp_path / "a", head).name == "text"  # no suffix: the content decides


def test_unclaimed_file_is_an_unsupported_format(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ReadError) as info:
        gr.read(path, registry=quiet_registry(entry_points=False))
    assert str(path) in str(info.value)
    assert not isinstance(info.value, NotAReportError)


def test_a_sniff_that_raises_never_breaks_reading(tmp_path: Path) -> None:
    class BadSniffer(DemoReader):
        name = "bad-sniffer"
        extensions = (".bad",)

        def sniff(self, head: bytes, path: Path) -> float:
            raise RuntimeError("sniff exploded")

    class Plugin:
        __name__ = "bad-sniffer-plugin"

        @hookimpl
        def register_readers(self, register: Callable[[Reader], Any]) -> None:
            register(BadSniffer())

    registry = quiet_registry(entry_points=False, extra=(Plugin(),))
    head = "某县2023年政府信息公开工作年度报告\n".encode()
    assert registry.reader_for(tmp_path / "a.txt", head).name == "text"
    assert registry.reader_for(tmp_path / "a.bad", head).name == "text"  # 0.5 by content beats 0.25 by suffix
