"""The rule engine: registered rule functions with stable codes.

A rule is a small function that looks at a report (or, for corpus rules, at several reports
of one body) and yields findings. Its code, severity and description live with it, so the
catalogue in the docs is generated from the code and cannot drift from it.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ..collector import paused
from ..errors import UnknownRuleError
from ..formats import FormatSpec
from ..i18n import N_
from ..interfaces import Rule, RuleExample
from ..model import Cause, Finding, Report, Severity, Value, finding
from ..model import message as render_message

READING_CODES = frozenset({"uncertain-reading", "t3-single-other-row"})


@attrs.define
class Context:
    """What a report rule sees: the report, its format, and a way to make findings."""

    report: Report
    rule: Rule
    # Every cell's value by key, extra cells included: built once per report, since the sum
    # rules look up each cell many times.
    values: dict[str, Value] = attrs.field(factory=dict)

    @property
    def spec(self) -> FormatSpec:
        return self.report.format

    def value(self, key: str) -> Value:
        if self.values:
            return self.values.get(key)
        return self.report.value(key)

    @property
    def lookup(self) -> Callable[[str], Value]:
        """:meth:`value` as a function to call once per cell in a loop over many cells."""
        return self.values.get if self.values else self.report.value

    def number(self, key: str) -> Decimal | int:
        """The cell as a number for the sums, a blank counting as 0 (as the format intends)."""
        v = self.value(key)
        return 0 if v is None else v

    def is_missing(self, key: str) -> bool:
        """Whether nothing was read into the cell, or the report has no such cell."""
        cell = self.report.cell(key)
        return cell is None or cell.is_missing

    def uncertain_keys(self) -> set[str]:
        return {k for f in self.report.reading_findings if f.code == "uncertain-reading" for k in f.cells}

    def finding(self, message: str, cells: Sequence[str] = (), expected: object = None,
                actual: object = None, cause: Cause | None = None,
                data: dict[str, Any] | None = None, args: dict[str, Any] | None = None) -> Finding:
        """A finding of this rule; ``message`` is a catalogue msgid (mark it with ``N_``) whose
        ``{name}`` fields ``args`` fills, so the finding can be told in either language."""
        if cause is None:
            unsure = self.uncertain_keys() & set(cells)
            cause = Cause.READING if unsure else Cause.REPORT
        locations = self.report.locations(cells)
        # An error is kept for what is surely printed: over cells we read uncertainly, a
        # failure may be ours, so it is a warning about the reading.
        severity = self.rule.severity
        if cause is Cause.READING and severity is Severity.ERROR:
            severity = Severity.WARNING
        text, template, plain = render_message(message, args, self.spec)
        return Finding(
            code=self.rule.code, severity=severity, message=text, template=template, args=plain, cells=tuple(cells),
            expected=None if expected is None else str(expected),
            actual=None if actual is None else str(actual),
            cause=cause, file=self.report.meta.source, locations=locations, data=dict(data or {}),
        )


ReportCheck = Callable[[Context], Iterable[Finding]]
CorpusCheck = Callable[[Sequence[Report], "Rule"], Iterable[Finding]]


class RulePack:
    """A named list of rules; a plugin registers a pack through ``register_rules``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rules: list[Rule] = []

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def rule(self, code: str, severity: Severity, title: str, *, scope: str = "report",
             tags: tuple[str, ...] = (), applies_from: int | None = None, clause: str = "",
             example: RuleExample | None = None,
             ) -> Callable[[Callable[..., Iterable[Finding]]], Callable[..., Any]]:
        """Decorator: the function's docstring is the rule's description in the catalogue;
        ``clause`` and ``example`` are its provision and a report it fires on."""

        def decorate(func: Callable[..., Iterable[Finding]]) -> Callable[..., Any]:
            doc = " ".join((func.__doc__ or "").split())
            self.rules.append(Rule(code, severity, title, doc, func, scope, self.name, tags, applies_from,
                                   clause, example))
            return func

        return decorate

    def register_all(self, register: Callable[[Rule], Any]) -> None:
        for rule in self.rules:
            register(rule)


def _selected(code: str, tags: tuple[str, ...], patterns: Sequence[str] | None) -> bool:
    if patterns is None:
        return True
    return any(fnmatch.fnmatchcase(code, p) or p in tags for p in patterns)


def select_rules(rules: Iterable[Rule], select: Sequence[str] | None = None,
                 ignore: Sequence[str] | None = None) -> list[Rule]:
    """Rules chosen by code (globs such as ``t3-*`` work) or tag; ``ignore`` wins.

    A code or tag that names no rule is refused: in CI a misspelt ``--select`` would
    otherwise check nothing and pass.
    """
    rules = list(rules)
    for pattern in (*(select or ()), *(ignore or ())):
        if not any(_selected(rule.code, rule.tags, [pattern]) for rule in rules):
            known = sorted({r.code for r in rules} | {t for r in rules for t in r.tags})
            raise UnknownRuleError(pattern, difflib.get_close_matches(pattern, known, n=3, cutoff=0.5))
    out = []
    for rule in rules:
        if not _selected(rule.code, rule.tags, select):
            continue
        if ignore and _selected(rule.code, rule.tags, ignore):
            continue
        out.append(rule)
    return out


def run_report_rules(report: Report, rules: Iterable[Rule]) -> list[Finding]:
    with paused():
        return _run_report_rules(report, list(rules))


def _run_report_rules(report: Report, chosen: list[Rule]) -> list[Finding]:
    codes = {r.code for r in chosen}
    findings = [
        attrs.evolve(f, file=f.file or report.meta.source)
        for f in report.reading_findings
        if f.code in codes
    ]
    values = {c.key: c.value for t in report.tables.values() for c in (*t.cells.values(), *t.extra.values())}
    for rule in chosen:
        if rule.scope != "report" or rule.code in READING_CODES or not rule.applies_to(report):
            continue
        try:
            findings.extend(rule.check(Context(report, rule, values)))
        except Exception as exc:  # a plugin's bug must not stop the other rules or reports
            findings.append(crashed(rule, exc, report.meta.source))
    return sort_findings(findings)


def run_corpus_rules(reports: Sequence[Report], rules: Iterable[Rule]) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules:
        if rule.scope == "corpus":
            try:
                findings.extend(rule.check(reports, rule))
            except Exception as exc:
                findings.append(crashed(rule, exc, None))
    return sort_findings(findings)


#: The code of the finding that stands for a rule which raised instead of checking.
RULE_CRASHED = "rule-crashed"


def crashed(rule: Rule, exc: Exception, source: str | None) -> Finding:
    """A rule's failure as a finding for that report and rule, so the run goes on."""
    error = " ".join(f"{type(exc).__name__}: {exc}".split())
    return finding(RULE_CRASHED, Severity.ERROR, N_("规则 {rule}（{pack}）运行出错，未能检查：{error}"),
                   {"rule": rule.code, "pack": rule.pack, "error": error},
                   cause=Cause.INTERNAL, file=source, data={"rule": rule.code, "pack": rule.pack, "error": error})


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-f.severity.rank, f.code))
