"""The Python API: ``read``, ``check`` and ``write``, mirroring the command line."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from .errors import (
    CorruptFileError,
    NotAReportError,
    ReadError,
    TooComplexError,
    TooLargeError,
    UnsupportedFormatError,
    WriteError,
)
from .files import reading
from .i18n import N_, using
from .interfaces import DataReader, Reader, Rule, Writer
from .layout import Block, Layout, Table
from .limits import Limits, current, use
from .model import Finding, Report
from .plugins.manager import PluginRegistry, default_registry
from .readers.pdf_backends import known as known_backend
from .recognize import recognize
from .recognize.splitting import Fact
from .rules.engine import run_corpus_rules, run_report_rules, select_rules

T = TypeVar("T")


def reader_of(path: str | Path, registry: PluginRegistry | None = None, *,
              limits: Limits | None = None) -> Reader:
    """The reader that claims a file, by its first bytes and its suffix.

    Only a regular file within the ``file_bytes`` limit is opened: a pipe would block, a
    device never ends.
    """
    p = Path(path)
    with use(limits) as active, reading(p, active) as file:
        return _claimant(p, registry, file.head)


def _claimant(p: Path, registry: PluginRegistry | None, head: bytes) -> Reader:
    reader = (registry or default_registry()).reader_for(p, head)
    if reader is None:
        raise UnsupportedFormatError(p, N_("suffix {suffix}"), {"suffix": repr(p.suffix or "(none)")})
    return reader


def read_layout(path: str | Path, registry: PluginRegistry | None = None, *,
                pdf_backend: str | None = None, limits: Limits | None = None) -> Layout:
    """The format-neutral layout of a file, from whichever reader claims it.

    ``pdf_backend`` ("pdfminer" or "pdfium") forces the PDF parser; other readers ignore it.
    Whatever a reader or its dependencies raise on bad bytes leaves here as one of the
    library's own errors naming the file.
    """
    known_backend(pdf_backend)
    p = Path(path)
    with use(limits) as active, reading(p, active) as file:
        return _layout_by(p, _claimant(p, registry, file.head), pdf_backend)


def _layout_by(p: Path, reader: Reader, pdf_backend: str | None) -> Layout:
    """The layout ``reader`` makes of ``p``, checked against the limits in use; apart from
    :func:`read_layout` for :func:`read`, which has chosen the reader already."""
    options = {name: value for name, value in (("pdf_backend", pdf_backend),)
               if value is not None and name in reader.options}
    layout = _guarded(p, reader, lambda: reader.read(p, **options))
    check_layout(p, layout, current())
    return layout


def _guarded(p: Path, reader: Reader, call: Callable[[], T]) -> T:
    try:
        return call()
    except ReadError:
        raise
    except MemoryError:
        raise TooLargeError(p, N_("{reader} reader ran out of memory"), {"reader": reader.name}) from None
    except RecursionError:
        raise TooComplexError(p, N_("{reader} reader: the file nests too deeply"), {"reader": reader.name}) from None
    except Exception as exc:
        # A reader or a dependency tripping over malformed input is a damaged file, not a
        # crash of ours: zlib, zipfile, lxml and pdfminer each raise their own types.
        raise CorruptFileError(p, N_("{reader} reader: {error}"),
                               {"reader": reader.name, "error": f"{type(exc).__name__}: {exc}"}) from exc


def check_layout(path: Path, layout: Layout, limits: Limits) -> None:
    """Refuse a layout too big for the recognizer, whichever reader made it."""
    chars = cells = tables = 0
    if len(layout.blocks) > limits.blocks:
        raise TooComplexError(path, N_("{count} paragraphs and tables (limit blocks={limit})"),
                              {"count": len(layout.blocks), "limit": limits.blocks})
    for block in layout.blocks:
        if isinstance(block, Table):
            tables += 1
            lengths = [len(cell.text) for row in block.rows for cell in row]
            cells += len(lengths)
            chars += sum(lengths)
            longest = max(lengths, default=0)
        else:
            longest = len(block.text)
            chars += longest
        if longest > limits.line_chars:
            raise TooComplexError(path, N_("a paragraph or cell of {count} characters (limit line_chars={limit})"),
                                  {"count": longest, "limit": limits.line_chars})
        # Only a text longer than the limit can hold a run of digits past it.
        if longest > limits.digits and any(
                len(text) > limits.digits and _longest_digits(text) > limits.digits for text in _texts(block)):
            raise TooComplexError(path, N_("a run of more than {limit} digits (limit digits={limit})"),
                                  {"limit": limits.digits})
        if tables > limits.tables:
            raise TooComplexError(path, N_("more than {limit} tables (limit tables={limit})"), {"limit": limits.tables})
        if cells > limits.cells:
            raise TooComplexError(path, N_("more than {limit} table cells (limit cells={limit})"),
                                  {"limit": limits.cells})
        if chars > limits.chars:
            raise TooLargeError(path, N_("more than {limit} characters of text (limit chars={limit})"),
                                {"limit": limits.chars})


def _texts(block: Block) -> list[str]:
    if isinstance(block, Table):
        return [cell.text for row in block.rows for cell in row]
    return [block.text]


def _longest_digits(text: str) -> int:
    return max((len(run) for run in _DIGIT_RUN.findall(text)), default=0)


_DIGIT_RUN = re.compile(r"\d+")


def read(path: str | Path, registry: PluginRegistry | None = None, *, pdf_backend: str | None = None,
         limits: Limits | None = None) -> Report:
    """Read one report file into the model: that file and nothing else.

    Evidence from other files (the same body's neighbouring years deciding digits run
    together) is a corpus step: :func:`govinfo_report.neighbours.read_with_neighbours`.
    """
    p = Path(path)
    with use(limits) as active, reading(p, active) as file:
        reader = _claimant(p, registry, file.head)
        if isinstance(reader, DataReader):
            report = _guarded(p, reader, lambda: reader.read_report(p))
            report.meta.source = str(p)
            report.meta.sha256 = file.sha256()
            report.meta.reader = reader.name
            return report
        known_backend(pdf_backend)
        return _report_of(p, _layout_by(p, reader, pdf_backend), (), file.sha256())


def report_from_layout(path: Path, layout: Layout, facts: Sequence[Fact] = ()) -> Report:
    """The report a file's layout holds; ``facts`` from other files only break ties."""
    with reading(path, current()) as file:
        return _report_of(path, layout, facts, file.sha256())


def _report_of(path: Path, layout: Layout, facts: Sequence[Fact], sha256: str) -> Report:
    report = recognize(layout, facts)
    if not any(t.found for t in report.tables.values()) and not any(s.found for s in report.sections.values()):
        raise NotAReportError(path)
    report.meta.source = str(path)
    report.meta.sha256 = sha256
    return report


def rules_for(select: Sequence[str] | None = None, ignore: Sequence[str] | None = None,
              registry: PluginRegistry | None = None) -> list[Rule]:
    registry = registry or default_registry()
    return select_rules(registry.rules.values(), select, ignore)


def check(report: Report, *, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None,
          registry: PluginRegistry | None = None) -> list[Finding]:
    """Run the report rules (every registered one unless ``select``/``ignore`` say otherwise)."""
    return run_report_rules(report, rules_for(select, ignore, registry))


def check_corpus(reports: Iterable[Report], *, select: Sequence[str] | None = None,
                 ignore: Sequence[str] | None = None, registry: PluginRegistry | None = None) -> list[Finding]:
    """Run the rules that compare reports of the same body across years."""
    return run_corpus_rules(list(reports), rules_for(select, ignore, registry))


def render(report: Report, writer_name: str, findings: list[Finding] | None = None,
           registry: PluginRegistry | None = None, *, lang: str | None = None) -> bytes | str:
    """``report`` as the writer ``writer_name`` writes it, findings told in ``lang`` ("zh", the
    default, or "en")."""
    registry = registry or default_registry()
    writer = registry.writer(writer_name)
    with using(lang):
        return writer.render(report, findings if findings is not None else check(report, registry=registry))


def write(report: Report, target: str | Path, findings: list[Finding] | None = None, *,
          to: str | None = None, registry: PluginRegistry | None = None, lang: str | None = None) -> Path:
    """Write ``report`` to a file; the writer is named by ``to`` or picked by the file's suffix,
    findings told in ``lang`` ("zh", the default, or "en")."""
    registry = registry or default_registry()
    path = Path(target)
    suffix = "".join(path.suffixes[-2:]) if len(path.suffixes) > 1 else path.suffix
    writer = registry.writer(to) if to else _writer_by_suffix(registry, suffix, path)
    with using(lang):
        output = writer.render(report, findings if findings is not None else check(report, registry=registry))
    try:
        if isinstance(output, bytes):
            path.write_bytes(output)
        else:
            path.write_text(output, encoding="utf-8")
    except OSError as exc:
        raise WriteError(f"{path}: {exc.strerror or exc}") from exc
    return path


def _writer_by_suffix(registry: PluginRegistry, suffix: str, path: Path) -> Writer:
    for candidate in (suffix, path.suffix):
        if candidate:
            try:
                return registry.writer(candidate)
            except WriteError:
                continue
    return registry.writer(path.suffix or "(none)")
