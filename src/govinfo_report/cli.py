"""The ``govinfo-report`` command line.

Exit status: 0 no error finding; 1 an error finding (with ``--strict``, a warning too);
2 a usage error (an unknown rule code included); 3 a file that could not be read; 4 an
internal error (a rule that raised, a reader that crashed); 5 some files unreadable and
findings in the others. A file that cannot be read gets one line on stderr naming it and the
reason; the other files of the batch are still checked.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .errors import GovinfoReportError, InternalError, ReadError, UnknownRuleError, WriteError
from .i18n import LANGUAGES, language, language_from_environment, t, translate, translate_plural, using
from .limits import DEFAULT, BadLimitError, Limits, parse_override
from .version import __version__

if TYPE_CHECKING:
    from .formats import FormatSpec
    from .model import Finding, Report, Severity

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3, 4
#: Some files unreadable and findings at the chosen level in the others: neither hides the other.
EXIT_UNREADABLE_AND_FINDINGS = 5


def _status(*, findings: bool, unreadable: bool, internal: bool) -> int:
    """The exit status CI relies on (README: Exit status); an internal error outranks the rest."""
    if internal:
        return EXIT_INTERNAL
    if unreadable:
        return EXIT_UNREADABLE_AND_FINDINGS if findings else EXIT_UNREADABLE
    return EXIT_FINDINGS if findings else EXIT_OK


def _crashed(findings: Sequence[Finding]) -> bool:
    from .rules.engine import RULE_CRASHED

    return any(f.code == RULE_CRASHED for f in findings)


def _codes(text: str | None) -> list[str] | None:
    return [c.strip() for c in text.split(",") if c.strip()] if text else None


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: TextIO | None = None, line: str | None = None) -> None:
    print(t("govinfo-report: warning: {message}", message=message), file=sys.stderr)


def _fail(path: str, error: BaseException) -> None:
    text = error.text() if isinstance(error, GovinfoReportError) else f"{path}: {type(error).__name__}: {error}"
    print(f"govinfo-report: {text}", file=sys.stderr)


def _expand(paths: Sequence[str]) -> Iterator[Path]:
    """Files as given; a directory stands for every file below it that a reader claims."""
    from .plugins.manager import default_registry

    suffixes = {s for r in default_registry().readers.values() for s in r.extensions}
    for name in paths:
        p = Path(name)
        if name == STDIN:
            yield p
        elif p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in suffixes)
        else:
            yield p


def _failing(strict: bool) -> frozenset[Severity]:
    from .model import Severity

    return frozenset({Severity.ERROR} | ({Severity.WARNING} if strict else set()))


def _has_errors(findings: Sequence[Finding], strict: bool) -> bool:
    worst = _failing(strict)
    return any(f.severity in worst for f in findings)


def _limits(args: argparse.Namespace) -> Limits:
    limits = DEFAULT
    for text in getattr(args, "limit", None) or ():
        try:
            limits = parse_override(limits, text)
        except BadLimitError as exc:
            raise _UsageError(exc.text()) from None
    return limits


class _UsageError(Exception):
    """A command-line mistake found after argparse (exit 2)."""


def _read(path: str | Path, args: argparse.Namespace, *, neighbours: bool = True) -> Report:
    """One report, read in a worker held to the time and memory limits; ``-`` is standard input."""
    from .isolation import run_isolated
    from .neighbours import read_with_neighbours

    limits = _limits(args)
    if str(path) == STDIN:
        return _read_stdin(limits)
    depth = 0 if args.alone or not neighbours else 2
    return run_isolated(lambda: read_with_neighbours(path, depth=depth, pdf_backend=args.pdf_backend,
                                                     limits=limits), path, limits)


STDIN = "-"


def _read_stdin(limits: Limits) -> Report:
    """Standard input is copied (within ``file_bytes``) to a file the readers can sniff and
    seek; errors and the report name it ``-``."""
    from .files import within_limit
    from .isolation import run_isolated
    from .neighbours import read_with_neighbours

    data = sys.stdin.buffer.read(limits.file_bytes + 1)
    within_limit(STDIN, data, limits.file_bytes)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "stdin"
        copy.write_bytes(data)
        try:
            report = run_isolated(lambda: read_with_neighbours(copy, depth=0, limits=limits), STDIN, limits)
        except ReadError as exc:
            if exc.template is not None:  # told in the reader's language; a dependency's words may name the copy
                values = {k: v.replace(str(copy), STDIN) if isinstance(v, str) else v for k, v in exc.values.items()}
                raise type(exc)(STDIN, exc.template, values) from None
            raise type(exc)(STDIN, exc.detail.replace(str(copy), STDIN)) from None
    report.meta.source = STDIN
    return report


# -- commands --------------------------------------------------------------------------------
def cmd_parse(args: argparse.Namespace) -> int:
    from .api import check, rules_for
    from .serialize import default_converter, dumps, flat, report_to_dict

    rules_for(_codes(args.select), _codes(args.ignore))  # a misspelt code is a usage error, before reading
    try:
        report = _read(args.file, args)
    except ReadError as exc:
        _fail(args.file, exc)
        return EXIT_UNREADABLE
    findings = check(report, select=_codes(args.select), ignore=_codes(args.ignore))
    if args.flat:
        data = flat(report, findings)
    else:
        conv = default_converter()
        data = report_to_dict(report, conv)
        data["findings"] = [conv.unstructure(f) for f in findings]
    print(dumps(data))
    return _status(findings=_has_errors(findings, False), unreadable=False, internal=_crashed(findings))


def _text_report(report: Report, findings: Sequence[Finding], out: TextIO) -> None:
    meta = report.meta
    from .model import Severity

    counts = {s: sum(f.severity is s for f in findings) for s in Severity}
    print(t("{source}: {agency} {year} 年（{template} 版格式）— {errors} error, {warnings} warning, {infos} info",
            source=meta.source, agency=meta.agency or "?", year=meta.year or "?", template=meta.template,
            errors=counts[Severity.ERROR], warnings=counts[Severity.WARNING], infos=counts[Severity.INFO]),
          file=out)
    for f in findings:
        _text_finding(f, out, report.format)


def _text_finding(f: Finding, out: TextIO, spec: FormatSpec | None = None) -> None:
    """One finding on one line, its cells named by their printed labels (the JSON output
    keeps the keys)."""
    names = _names(spec, language())
    cells = ""
    if f.cells:
        shown = translate("；").join(names.get(k, k) for k in f.cells[:4]) + (
            f" … (+{len(f.cells) - 4})" if len(f.cells) > 4 else "")
        cells = f" [{shown}]"
    cause = translate(" (likely our reading)") if f.cause.value == "reading" else ""
    # Where the source is paged (a PDF), the pages to turn to; across years, the file too.
    pages = sorted({(loc.file or "", loc.page) for loc in f.locations.values() if loc.page is not None})
    shown = ", ".join(f"{file} " * bool(file) + t("p.{page}", page=page) for file, page in pages)
    where = f" ({shown})" if pages else ""
    print(f"  {f.severity.value:7s} {f.code:22s} {f.text(spec=spec)}{cells}{where}{cause}", file=out)


def _names(spec: FormatSpec | None, lang: str) -> dict[str, str]:
    """Cell names of ``spec`` in ``lang``; without one (findings across years), of every
    format, the current one winning where a key means the same cell in both."""
    from .formats import FORMATS, cell_names

    if spec is not None:
        return cell_names(spec, lang)
    names: dict[str, str] = {}
    for other in sorted(FORMATS.values(), key=lambda s: s.first_year):
        names.update(cell_names(other, lang))
    return names


def cmd_check(args: argparse.Namespace) -> int:
    from .api import check, check_corpus, rules_for
    from .ci_formats import junit, sarif
    from .serialize import default_converter, dumps, flat

    select, ignore = _codes(args.select), _codes(args.ignore)
    rules_for(select, ignore)
    reports: list[tuple[Report, list[Finding]]] = []
    failures: list[tuple[str, str]] = []
    crashed = False
    files = list(_expand(args.files))
    empty = [name for name in args.files if Path(name).is_dir() and not any(
        f.is_relative_to(Path(name)) for f in files)]
    for name in empty:
        reason = translate("directory holds no file any reader claims")
        print(f"govinfo-report: {name}: {reason}", file=sys.stderr)
        failures.append((name, reason))
    for path in files:
        try:
            report = _read(path, args)
            findings = check(report, select=select, ignore=ignore)
        except ReadError as exc:
            _fail(str(path), exc)
            failures.append((str(path), exc.text()))
            continue
        except InternalError as exc:
            print(t("govinfo-report: internal error: {error}", error=exc.text()), file=sys.stderr)
            crashed = True
            continue
        reports.append((report, findings))
        if args.format == "text":
            _text_report(report, findings, sys.stdout)
    corpus = check_corpus([r for r, _ in reports], select=select, ignore=ignore) if len(reports) > 1 else []
    if args.format == "sarif":
        print(dumps(sarif(reports, corpus, failures, rules_for(select, ignore))))
    elif args.format == "junit":
        print(junit(reports, failures, _failing(args.strict)))
    elif args.format == "json":
        conv = default_converter()
        out: dict[str, Any] = {
            "reports": [{"file": r.meta.source, "meta": flat(r)["meta"],
                         "findings": [conv.unstructure(f) for f in fs]} for r, fs in reports],
            "corpus_findings": [conv.unstructure(f) for f in corpus],
            "unreadable": [{"file": p, "error": e} for p, e in failures],
        }
        print(dumps(out))
    elif corpus:
        print(translate("across years:"))
        for f in corpus:
            _text_finding(f, sys.stdout)
    every = [f for _, fs in reports for f in fs] + corpus
    return _status(findings=_has_errors(every, args.strict), unreadable=bool(failures),
                   internal=crashed or _crashed(every))


def cmd_convert(args: argparse.Namespace) -> int:
    from .api import render, write
    from .plugins.manager import default_registry

    try:
        report = _read(args.file, args, neighbours=False)
    except ReadError as exc:
        _fail(args.file, exc)
        return EXIT_UNREADABLE
    registry = default_registry()
    try:
        if args.output == "-":
            output = render(report, args.to or "json", registry=registry)
            if isinstance(output, bytes):
                sys.stdout.buffer.write(output)
            else:
                sys.stdout.write(output)
        else:
            write(report, args.output, to=args.to, registry=registry)
    except WriteError as exc:
        print(f"govinfo-report: {exc.text()}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    """The fill-in workbook of one report year, empty, in the format that year uses."""
    from .api import write
    from .formats import format_for
    from .model import Meta, Report

    spec = format_for(args.format, args.year)
    report = Report(Meta(agency=args.agency, year=args.year, template=spec.name))
    try:
        write(report, args.output, [], to="xlsx")
    except WriteError as exc:
        print(f"govinfo-report: {exc.text()}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    from .corpora import batch
    from .corpora.store import StoreError

    client = None
    if args.engine == "dask":
        from .corpora.dask_engine import DaskMissingError, connect

        try:
            client = connect(args.scheduler)
        except DaskMissingError as exc:
            print(f"govinfo-report: {exc.text()}", file=sys.stderr)
            return EXIT_USAGE
    try:
        summary = batch(args.sources, args.store, jobs=args.jobs, include=args.include or (),
                        exclude=args.exclude or (), alone=args.alone, select=_codes(args.select),
                        ignore=_codes(args.ignore), timeout=args.timeout or None, memory_mb=args.memory or None,
                        rerun_failed=args.rerun == "failed", quiet=args.quiet, client=client,
                        limits=_limits(args))
    except StoreError as exc:
        print(f"govinfo-report: {exc.text()}", file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(summary.failures.items()))
        kinds = f" ({kinds})" if kinds else ""
        print(t("govinfo-report: {files} files: {read} read, {failed} failed{kinds}, {duplicates} duplicates, "
                "{skipped} already in the store; {corpus} across-year findings; {store}",
                files=summary.files, read=summary.read, failed=summary.failed, kinds=kinds,
                duplicates=summary.duplicates, skipped=summary.skipped, corpus=summary.corpus_findings,
                store=args.store), file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .corpora.export import TABLES, export

    tables = list(TABLES) if args.table == "all" else [args.table or "cells"]
    if args.table is None and Path(args.output).suffix.lower() == ".xlsx":
        tables = list(TABLES)
    try:
        export(args.store, args.output, tables, template=args.template)
    except GovinfoReportError as exc:
        print(f"govinfo-report: {exc.text()}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    """Two reports of one body, a year apart: the changed cells and the carry-over chain."""
    from .compare import compare, to_html, to_json, to_text
    from .neighbours import read_with_neighbours
    from .serialize import dumps

    try:
        before = read_with_neighbours(args.before, depth=0 if args.alone else 2)
        after = read_with_neighbours(args.after, depth=0 if args.alone else 2)
    except ReadError as exc:
        _fail(exc.path, exc)
        return EXIT_UNREADABLE
    if before.meta.year is not None and after.meta.year is not None and before.meta.year > after.meta.year:
        before, after = after, before
    comparison = compare(before, after)
    if args.format == "json":
        print(dumps(to_json(comparison)))
    elif args.format == "html":
        sys.stdout.write(to_html(comparison))
    else:
        for line in to_text(comparison):
            print(line)
    return EXIT_FINDINGS if any(not link.holds and not link.soft for link in comparison.links) else EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    from .corpora.summary import write_summary

    try:
        write_summary(args.store, args.output)
    except GovinfoReportError as exc:
        print(f"govinfo-report: {exc.text()}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from .api import rules_for
    from .plugins.manager import default_registry
    from .serialize import dumps

    rules = sorted(rules_for(), key=lambda r: (r.scope, r.code))
    if args.format == "markdown":
        from .catalogue import render_catalogue

        print(render_catalogue(default_registry()), end="")
        return EXIT_OK
    if args.format == "json":
        print(dumps([{"code": r.code, "severity": r.severity.value, "title": translate(r.title), "scope": r.scope,
                      "pack": r.pack, "tags": list(r.tags), "description": translate(r.description),
                      "applies_from": r.applies_from} for r in rules]))
        return EXIT_OK
    for r in rules:
        print(f"{r.code:24s} {r.severity.value:8s} {r.scope:7s} {translate(r.title)} — {translate(r.description)}")
    return EXIT_OK


def cmd_keys(args: argparse.Namespace) -> int:
    """The cell keys with their official labels, as on the cell-key page of the docs."""
    from .reference import key_rows, render_keys

    sys.stdout.write(render_keys(key_rows(args.template, language()), args.format))
    return EXIT_OK


def cmd_plugins(args: argparse.Namespace) -> int:
    from .plugins.manager import default_registry

    registry = default_registry()
    rows = [{"name": p.name, "version": p.version, "builtin": p.builtin, "readers": list(p.readers),
             "writers": list(p.writers), "rules": len(p.rules), "error": p.error} for p in registry.plugins]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for p in registry.plugins:
        kind = translate("built-in") if p.builtin else translate("plugin")
        parts = [t("readers: {names}", names=", ".join(p.readers))] if p.readers else []
        parts += [t("writers: {names}", names=", ".join(p.writers))] if p.writers else []
        parts += [t("{count} rules", count=len(p.rules))] if p.rules else []
        status = t("FAILED: {error}", error=p.error) if p.error else translate("、").join(parts)
        print(f"{p.name:44s} {p.version:10s} {kind:8s} {status}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from .formats import FORMATS  # data only: cheap enough for --version
    parser = argparse.ArgumentParser(
        prog="govinfo-report",
        description=translate("Read, check and convert 政府信息公开工作年度报告 (PDF, HTML, Word, text)."))
    parser.add_argument("--version", action="version", version=f"govinfo-report {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def rule_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--select", metavar="CODES",
                       help=translate("only these rule codes or tags (comma-separated, globs ok)"))
        p.add_argument("--ignore", metavar="CODES", help=translate("skip these rule codes or tags"))
        p.add_argument("--alone", action="store_true",
                       help=translate("read each file strictly on its own: do not consult the neighbouring years' "
                            "reports beside it to decide numbers printed run together"))
        backend_option(p)
        limit_option(p)

    def backend_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--pdf-backend", choices=("pdfminer", "pdfium"), default=None,
                       help=translate("the PDF parser (default: pdfium where the 'fast' extra is installed, else "
                            "pdfminer); both read the same cells"))

    def limit_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--limit", action="append", metavar="NAME=VALUE",
                       help=translate("override a safety limit for each file, e.g. seconds=30, pages=200, "
                            "file_bytes=10M (see README: Limits); repeatable"))

    p = sub.add_parser("parse", help=translate("print the report as JSON"))
    p.add_argument("file", help=translate("a report file, or - for standard input"))
    p.add_argument("--flat", action="store_true", help=translate("the flat form: meta, cells by key, findings"))
    rule_options(p)
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("check", help=translate("check reports against the official format"))
    p.add_argument("files", nargs="+", metavar="FILE",
                   help=translate("report files or directories; - for standard input"))
    p.add_argument("--format", choices=("text", "json", "sarif", "junit"), default="text",
                   help=translate("sarif (2.1.0) and junit are for CI systems"))
    p.add_argument("--strict", action="store_true", help=translate("warnings also make the exit status 1"))
    rule_options(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("convert", help=translate("write the report in another format"))
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True,
                   help=translate("output file (its suffix picks the writer), or - for stdout"))
    p.add_argument("--to", metavar="NAME",
                   help=translate("writer name (json, flat-json, csv, markdown, text, html, docx, xlsx)"))
    p.set_defaults(alone=True)
    backend_option(p)
    limit_option(p)
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("template", help=translate("write the fill-in workbook (XLSX) for one report year"))
    p.add_argument("--year", type=int, required=True, help=translate("the report year (before 2021: the 2019 layout)"))
    p.add_argument("--agency", metavar="NAME", help=translate("the body the report is for"))
    p.add_argument("--format", choices=sorted(FORMATS), help=translate("the layout, where not the year's own"))
    p.add_argument("-o", "--output", required=True, help=translate("the workbook to write (.xlsx)"))
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("diff", help=translate("compare one body's reports of two consecutive years"))
    p.add_argument("before", metavar="LAST_YEAR")
    p.add_argument("after", metavar="THIS_YEAR")
    p.add_argument("--format", choices=("text", "json", "html"), default="text")
    p.add_argument("--alone", action="store_true", help=translate("read each file strictly on its own"))
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("batch", help=translate("read and check a corpus into a resumable SQLite store"))
    p.add_argument("sources", nargs="+", metavar="SOURCE", help=translate("report files or folders"))
    p.add_argument("--store", required=True, help=translate("the SQLite store to write (created if missing)"))
    p.add_argument("-j", "--jobs", type=int, default=None,
                   help=translate("worker processes (default: the number of cores)"))
    p.add_argument("--include", action="append", metavar="GLOB",
                   help=translate("only files whose name or path below the source matches (repeatable)"))
    p.add_argument("--exclude", action="append", metavar="GLOB",
                   help=translate("leave out matching files (repeatable)"))
    p.add_argument("--timeout", type=float, default=60.0,
                   help=translate("seconds per file before its worker is replaced "
                                                                "(0: no limit; default 60)"))
    p.add_argument("--memory", type=int, default=2048, metavar="MB",
                   help=translate("address-space limit of each worker in MB (0: no limit; default 2048)"))
    p.add_argument("--rerun", choices=("failed",), help=translate("read again the files that failed before"))
    p.add_argument("--quiet", action="store_true", help=translate("no progress and no summary line"))
    p.add_argument("--engine", choices=("local", "dask"), default="local")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help=translate("the Dask scheduler (with --engine dask; default: a "
                                                          "local cluster)"))
    rule_options(p)
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("export", help=translate("write a store's whole-corpus tables (CSV, JSON Lines, XLSX, Parquet)"))
    p.add_argument("store", help=translate("a store written by batch"))
    p.add_argument("-o", "--output", required=True, help=translate("cells.csv, .jsonl, .parquet or .xlsx"))
    p.add_argument("--table", choices=("cells", "wide", "findings", "unreadable", "all"),
                   help=translate("which table (default: cells; a workbook gets every table as a sheet)"))
    p.add_argument("--template", choices=("2021", "2019"), default="2021",
                   help=translate("the template whose reports and cell keys the wide table holds"))
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("summary", help=translate("a supervisor's summary of a store: per body and year, pass or fail"))
    p.add_argument("store", help=translate("a store written by batch"))
    p.add_argument("-o", "--output", default="summary.html", help=translate("summary.html (default) or summary.xlsx"))
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("rules", help=translate("list the rule catalogue"))
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("keys", help=translate("list the cell keys with their official row and column labels"))
    p.add_argument("--template", choices=sorted(FORMATS), help=translate("only this format's keys (default: both)"))
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    p.set_defaults(func=cmd_keys)

    p = sub.add_parser("plugins", help=translate("list loaded plugins and what they provide"))
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_plugins)
    # Before or after the command; the command's own, when given, is not overwritten by default.
    for command in (parser, *sub.choices.values()):
        command.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                             help=translate("the language of messages: zh (the default) or en; without it, "
                                            "the locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE) decides"))
    return parser


def _safe_streams() -> None:
    """Never let a file name that is not valid UTF-8 make the output invalid or crash a batch:
    undecodable bytes come out escaped (``\\udcc4``)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def chosen_language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """``--lang`` where the command line gives it, else the locale's language. Looked for
    before parsing, so that the parser's own words (usage, errors, help) speak it too."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.partition("=")[2]
        if (arg == "--lang" or arg.startswith("--lang=")) and value in LANGUAGES:
            return value
    return language_from_environment(environ)


@contextmanager
def _argparse_speaking() -> Iterator[None]:
    """argparse's own words (usage:, options, its errors) through our catalogues: it looks
    them up by its module's ``_`` and ``ngettext``."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = translate, translate_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    with using(chosen_language(argv, os.environ)):
        return _main(argv)


def _main(argv: list[str]) -> int:
    warnings.showwarning = _show_warning
    _safe_streams()
    with _argparse_speaking():
        args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except (_UsageError, UnknownRuleError) as exc:
        error = exc.text() if isinstance(exc, GovinfoReportError) else translate(str(exc))
        print(t("govinfo-report: error: {error}", error=error), file=sys.stderr)
        return EXIT_USAGE
    except InternalError as exc:
        print(t("govinfo-report: internal error: {error}", error=exc.text()), file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except GovinfoReportError as exc:
        print(f"govinfo-report: {exc.text()}", file=sys.stderr)
        return EXIT_UNREADABLE
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
