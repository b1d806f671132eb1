"""``check`` results in the forms CI systems read: SARIF 2.1.0 and JUnit XML.

Code-scanning dashboards take SARIF and mark each finding at its place in the source file;
test dashboards take JUnit, one test case per report. Both carry the unreadable files too, so
a batch's damage is never hidden behind a green run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.etree import ElementTree

from .i18n import translate
from .interfaces import Rule
from .layout import Location
from .model import Finding, Report, Severity
from .version import __version__

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: The rule id of an unreadable file, which no registered rule produces.
UNREADABLE = "unreadable-file"


def _region(location: Location) -> dict[str, Any]:
    region: dict[str, Any] = {}
    if location.line is not None:
        region["startLine"] = location.line
        if location.column is not None:
            region["startColumn"] = location.column + 1
    return region


def _locations(finding: Finding, source: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    places = list(finding.locations.items()) or [("", Location())]
    for key, location in places:
        physical: dict[str, Any] = {"artifactLocation": {"uri": location.file or source}}
        region = _region(location)
        if region:
            physical["region"] = region
        entry: dict[str, Any] = {"physicalLocation": physical}
        described = location.describe()
        if key or described:
            entry["message"] = {"text": " ".join(part for part in (key, described) if part)}
        out.append(entry)
    return out


def sarif(results: Sequence[tuple[Report, Sequence[Finding]]], corpus: Sequence[Finding],
          unreadable: Sequence[tuple[str, str]], rules: Sequence[Rule]) -> dict[str, Any]:
    """One SARIF run: the rule catalogue as the driver's rules, each finding at its source place."""
    driver_rules = [{"id": r.code, "name": r.code, "shortDescription": {"text": translate(r.title)},
                     "fullDescription": {"text": translate(r.description or r.title)},
                     "defaultConfiguration": {"level": _LEVEL[r.severity]},
                     "properties": {"tags": list(r.tags), "pack": r.pack}} for r in rules]
    out: list[dict[str, Any]] = []
    for report, findings in results:
        source = report.meta.source or ""
        out.extend(_result(f, f.file or source) for f in findings)
    out.extend(_result(f, f.file or "") for f in corpus)
    out.extend({"ruleId": UNREADABLE, "level": "error", "message": {"text": error},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": path}}}]}
               for path, error in unreadable)
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "govinfo-report", "version": __version__, "rules": driver_rules}},
        "results": out,
    }]}


def _result(finding: Finding, source: str) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.code, "level": _LEVEL[finding.severity],
                              "message": {"text": finding.text()}, "locations": _locations(finding, source)}
    properties: dict[str, Any] = {"cells": list(finding.cells), "cause": finding.cause.value}
    if finding.expected is not None or finding.actual is not None:
        properties.update(expected=finding.expected, actual=finding.actual)
    result["properties"] = properties
    return result


def junit(results: Sequence[tuple[Report, Sequence[Finding]]], unreadable: Sequence[tuple[str, str]],
          failing: frozenset[Severity]) -> str:
    """One test case per report: failed by findings at the chosen level, in error if unreadable."""
    suite = ElementTree.Element("testsuite", name="govinfo-report")
    failures = errors = 0
    for report, findings in results:
        source = report.meta.source or ""
        case = ElementTree.SubElement(suite, "testcase", classname="govinfo-report", name=source, file=source)
        bad = [f for f in findings if f.severity in failing]
        if bad:
            failures += 1
            failure = ElementTree.SubElement(case, "failure", message=f"{len(bad)} finding(s)", type=bad[0].code)
            failure.text = "\n".join(f"{f.severity.value} {f.code}: {f.text()}" for f in bad)
    for path, error in unreadable:
        errors += 1
        case = ElementTree.SubElement(suite, "testcase", classname="govinfo-report", name=path, file=path)
        ElementTree.SubElement(case, "error", message=error, type=UNREADABLE)
    suite.set("tests", str(len(results) + len(unreadable)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True)
