"""The rule catalogue generated from the registered rules, and each rule's example.

docs/rules.md (in English) is :func:`render_catalogue`'s output and a test keeps them equal,
so the documentation cannot drift from the rules; ``govinfo-report rules --format markdown``
prints the same. A plugin's tests run its rules' examples with :func:`example_findings`.
"""

from __future__ import annotations

import copy
import re
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from .i18n import t, translate
from .interfaces import Rule, RuleExample
from .model import Cell, Finding, Report, Section
from .plugins.manager import PluginRegistry, load_registry


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
