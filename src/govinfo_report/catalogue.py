"""The reference pages generated from the code: the rule catalogue, the cell keys, the CLI.

docs/rules.md (in English), docs/format.md and docs/cli.md are these functions' output; a test
keeps them equal, so the documentation cannot drift from the registered rules, the formats or
the parser. ``govinfo-report rules --format markdown`` and ``govinfo-report keys`` print the same.
"""

from __future__ import annotations

import argparse
import copy
import csv
import io
import json
import re
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from .formats import FORMATS, official_label_parts
from .i18n import DEFAULT, t, translate
from .interfaces import Rule, RuleExample
from .model import Cell, Finding, Report, Section
from .plugins.manager import PluginRegistry, load_registry


# -- rules -----------------------------------------------------------------------------------
def render_catalogue(registry: PluginRegistry | None = None, lang: str | None = None) -> str:
    """The catalogue in ``lang`` (by default the current language); each rule's provision and
    example are reference data, kept in English."""
    registry = registry or load_registry(entry_points=False)
    rules = sorted(registry.rules.values(), key=lambda r: (r.scope != "report", r.pack, r.code))
    lines = [
        translate("# Rule catalogue", lang),
        "",
        translate("Generated from the registered rules (`govinfo-report rules --format markdown`).", lang),
        translate("Select or skip rules by code, glob or tag: `--select 't3-*'`, `--ignore blank-cell,prose`.", lang),
        "Each rule names the provision behind it and a report it fires on: a clean report of the",
        "2021 format with the changes listed (in text the report prints, ⇥ is a tab and ⏎ a line",
        "break). A test makes every example's report and checks that its rule fires.",
        "",
        "| code | severity | scope | tags | title |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        lines.append(f"| [`{rule.code}`](#{rule.code}) | {rule.severity.value} | {rule.scope} "
                     f"| {', '.join(rule.tags)} | {translate(rule.title, lang)} |")
    for rule in rules:
        description = translate(rule.description, lang).replace("``", "`")
        if rule.applies_from is not None:
            description += t(" Applies from report year {year}.", lang, year=rule.applies_from)
        lines += ["", f"## `{rule.code}` — {translate(rule.title, lang)} {{#{rule.code}}}", "",
                  f"**{rule.severity.value}**, {rule.scope} rule of the `{rule.pack}` pack.", "", description]
        if rule.clause:
            lines += ["", f"**Provision:** {rule.clause}"]
        if rule.example is not None:
            lines += ["", "**Example that fires:** " + rule.example.says, "", *_example_lines(rule.example)]
    lines.append("")
    return "\n".join(lines)


def _example_lines(example: RuleExample) -> list[str]:
    lines = [f"- `{key}` = {_shown(value)}" for key, value in example.cells]
    lines += [f"- meta `{name}` = `{value}`" for name, value in example.meta]
    lines += [f"- section `{key}`: " + ("left out" if text is None else f"“{text}”") for key, text in example.sections]
    lines += [f"- printed `{_visible(old)}` becomes `{_visible(new)}`" for old, new in example.printed]
    if example.before is not None:
        changed = ", ".join(f"`{key}` = {_shown(value)}" for key, value in example.before)
        lines.append("- last year's report: this one a year earlier" + (f", with {changed}" if changed else ""))
    return lines


def _shown(value: object) -> str:
    return "blank" if value is None else f"`{value}`"


def _visible(text: str) -> str:
    return text.replace("\t", "⇥").replace("\n", "⏎")


def example_reports(example: RuleExample, clean: Report) -> list[Report]:
    """The reports an example describes, made from ``clean`` (a report with no finding): one,
    or for a corpus example last year's and this year's. Plugin tests use it as the
    catalogue's test does, to show that a rule's example fires."""
    from .api import read, render

    report = copy.deepcopy(clean)
    if example.printed:
        new = dict(example.printed)
        printed = str(render(report, "text", []))
        missing = [old for old in new if old not in printed]
        if missing:  # an example that changes nothing would show a rule firing on a clean report
            raise ValueError(f"the clean report does not print {missing[0]!r}")
        pattern = re.compile("|".join(re.escape(old) for old in new))
        text = pattern.sub(lambda m: new[m.group(0)], printed)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "example.txt"
            path.write_text(text, encoding="utf-8")
            report = read(path)
    _set_cells(report, example.cells)
    for name, value in example.meta:
        setattr(report.meta, name, value)
    for key, section_text in example.sections:
        if section_text is None:
            report.sections.pop(key, None)
        elif key in report.sections:
            report.sections[key].text = section_text
        else:
            heading = report.format.section(key).heading
            report.sections[key] = Section(key, heading, section_text, order=len(report.sections))
    if example.before is None:
        return [report]
    before = copy.deepcopy(report)
    before.meta.year = None if report.meta.year is None else report.meta.year - 1
    _set_cells(before, example.before)
    return [before, report]


def _set_cells(report: Report, cells: Iterable[tuple[str, int | str | None]]) -> None:
    for key, value in cells:
        number = Decimal(value) if isinstance(value, str) else value
        raw = "" if value is None else str(value)
        report.tables[key.split(".", 1)[0]].cells[key] = Cell(key, number, raw)


def example_findings(rule: Rule, clean: Report) -> list[Finding]:
    """What ``rule`` finds in its example's reports (empty where it has none)."""
    from .rules.engine import run_corpus_rules, run_report_rules

    if rule.example is None:
        return []
    reports = example_reports(rule.example, clean)
    if rule.scope == "corpus":
        return run_corpus_rules(reports, [rule])
    return run_report_rules(reports[-1], [rule])


# -- cell keys -------------------------------------------------------------------------------
@attrs.frozen
class KeyRow:
    """One cell key with its official labels and the templates that print it so."""

    key: str
    table: str
    row: str
    column: str
    templates: tuple[str, ...]


def key_rows(template: str | None = None, lang: str = DEFAULT) -> list[KeyRow]:
    """Every cell key of ``template`` (or of both formats), in the order of the formats; a key
    both formats print with the same labels is one row naming both. The labels are the official
    Chinese ones, or in English their catalogue translations."""
    specs = [FORMATS[template]] if template else sorted(FORMATS.values(), key=lambda s: -s.first_year)
    rows: dict[tuple[str, str, str], list[str]] = {}
    titles: dict[str, str] = {}
    for spec in specs:
        for table in spec.tables:
            titles[table.name] = translate(table.title, lang)
        for key, (row, column) in official_label_parts(spec, lang).items():
            rows.setdefault((key, row, column), []).append(spec.name)
    return [KeyRow(key, titles[key.split(".", 1)[0]], row, column, tuple(sorted(names)))
            for (key, row, column), names in rows.items()]


def render_keys(rows: Sequence[KeyRow], output: str = "text") -> str:
    """The keys as ``text`` (aligned columns), ``json`` or ``csv`` (with a header row)."""
    if output == "json":
        return json.dumps([attrs.asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n"
    if output == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["key", "table", "row label", "column label", "templates"])
        writer.writerows([r.key, r.table, r.row, r.column, " ".join(r.templates)] for r in rows)
        return out.getvalue()
    width = max((len(r.key) for r in rows), default=0)
    return "".join(f"{r.key:{width}s}  {'/'.join(r.templates):9s}  {r.table} {r.row} / {r.column}\n" for r in rows)


def render_keys_page() -> str:
    lines = [
        "# Cell keys",
        "",
        "Generated from the official formats (`govinfo-report keys`). Every table cell of a report",
        "has a stable key, `table.row.column` (`t3.withheld.state_secret.total`): outputs, the",
        "flat JSON, the long CSV, findings and `report.value(key)` all name cells by it. The row",
        "and column labels are those printed in the official format; the last column says which",
        "formats have the cell: 2021 (国办公开办函〔2021〕30号, report years 2021 on) and 2019",
        "(国办公开办函〔2019〕60号, report years 2019 and 2020). A key both formats print with",
        "the same labels is one row.",
        "",
        "```sh",
        "govinfo-report keys --template 2021 --format csv",
        "```",
    ]
    rows = key_rows()
    for title in dict.fromkeys(r.table for r in rows):
        lines += ["", f"## {title}", "", "| key | row | column | formats |", "|---|---|---|---|"]
        lines += [f"| `{r.key}` | {_cell(r.row)} | {_cell(r.column)} | {', '.join(r.templates)} |"
                  for r in rows if r.table == title]
    lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


# -- command line ----------------------------------------------------------------------------
def render_cli(parser: argparse.ArgumentParser) -> str:
    """The command-line reference, from the parser itself: every subcommand, argument,
    choice and default."""
    prog = parser.prog
    commands = _subcommands(parser)
    lines = [
        "# Command-line reference",
        "",
        f"Generated from the argument parser of `{prog}`. `python -m govinfo_report` is the same",
        "command, and every command also prints its own `--help`. The exit status of `parse` and",
        "`check` is in the [user guide](index.md#exit-status).",
        "",
        "| command | what it does |",
        "|---|---|",
    ]
    lines += [f"| [`{name}`](#{name}) | {help_text} |" for name, (_, help_text) in commands.items()]
    lines += ["", f"Options of `{prog}` itself:", "", *_arguments(parser, skip_commands=True)]
    for name, (sub, help_text) in commands.items():
        lines += ["", f"## `{prog} {name}` {{#{name}}}", "", _sentence(help_text), "", "```text",
                  f"{prog} {name} {_usage(sub)}".rstrip(), "```", "", *_arguments(sub, skip_commands=False)]
    lines.append("")
    return "\n".join(lines)


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, tuple[argparse.ArgumentParser, str]]:
    out: dict[str, tuple[argparse.ArgumentParser, str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                out[name] = (sub, helps.get(name, ""))
    return out


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _usage(parser: argparse.ArgumentParser) -> str:
    parts = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if action.option_strings:
            shown = action.option_strings[-1] + (f" {_metavar(action)}" if action.nargs != 0 else "")
            parts.append(shown if action.required else f"[{shown}]")
        else:
            name = _metavar(action)
            parts.append(f"{name}..." if action.nargs in ("+", "*") else name)
    return " ".join(parts)


def _metavar(action: argparse.Action) -> str:
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        return "{" + ",".join(str(c) for c in action.choices) + "}"
    if action.metavar is not None:
        return str(action.metavar)
    return action.dest.upper()


def _arguments(parser: argparse.ArgumentParser, *, skip_commands: bool) -> list[str]:
    lines = ["| argument | value | default | meaning |", "|---|---|---|---|"]
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        if skip_commands and not action.option_strings:
            continue
        names = ", ".join(f"`{s}`" for s in action.option_strings) or f"`{_metavar(action)}`"
        value = "" if action.nargs == 0 or not action.option_strings else f"`{_metavar(action)}`"
        if action.nargs in ("+", "*"):
            value += " (one or more)" if action.nargs == "+" else " (any number)"
        default = action.default
        shown = "" if default in (None, False) or isinstance(action, argparse._VersionAction) else f"`{default}`"
        required = " Required." if action.required and action.option_strings else ""
        lines.append(f"| {names} | {value} | {shown} | {_cell(action.help or '')}{required} |")
    return lines
