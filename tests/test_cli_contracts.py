"""The command line's contracts for CI: usage errors, distinct exit statuses, crashing rules."""

from __future__ import annotations

from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report import Rule
from govinfo_report.cli import main
from govinfo_report.errors import UnknownRuleError
from govinfo_report.limits import DEFAULT, Limits, parse_override
from govinfo_report.model import Cause, Severity
from govinfo_report.rules.engine import RULE_CRASHED, run_report_rules, select_rules

EXAMPLES = Path(__file__).parent.parent / "examples" / "reports"


def test_misspelt_select_is_a_usage_error_naming_close_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--select", "t3-blance", str(EXAMPLES / "baihe-2023.txt")]) == 2
    err = capsys.readouterr().err
    assert "t3-blance" in err and "t3-balance" in err
    assert main(["parse", "--ignore", "nosuchcode", str(EXAMPLES / "baihe-2023.txt")]) == 2
    with pytest.raises(UnknownRuleError):
        select_rules(gr.api.rules_for(), ignore=["nosuchcode"])
    assert select_rules(gr.api.rules_for(), select=["t3-*", "reading"])  # globs and tags still work


def test_unreadable_and_findings_both_show_in_the_status(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage")
    clean = EXAMPLES / "baihe-2023.txt"
    assert main(["check", "--alone", str(clean)]) in (0, 1)
    clean_status = main(["check", "--alone", str(clean)])
    assert main(["check", "--alone", str(broken)]) == 3
    both = main(["check", "--alone", "--strict", str(clean), str(broken)])
    strict_alone = main(["check", "--alone", "--strict", str(clean)])
    assert strict_alone == 1, "the example has at least one warning"
    assert both == 5
    assert main(["check", "--alone", str(clean), str(broken)]) == (5 if clean_status == 1 else 3)
    capsys.readouterr()


def _raises(ctx: object) -> list[gr.Finding]:
    raise ZeroDivisionError("plugin bug")


def test_a_rule_that_raises_is_a_finding_and_the_run_goes_on() -> None:
    report = gr.read(EXAMPLES / "baihe-2023.txt")
    rules = [Rule("demo-crash", Severity.WARNING, "t", "d", _raises, pack="demo"), *gr.api.rules_for()]
    findings = run_report_rules(report, rules)
    crashed = [f for f in findings if f.code == RULE_CRASHED]
    assert len(crashed) == 1 and crashed[0].cause is Cause.INTERNAL
    assert crashed[0].data["rule"] == "demo-crash" and "ZeroDivisionError" in crashed[0].data["error"]
    others = run_report_rules(report, gr.api.rules_for())
    assert [f for f in findings if f.code != RULE_CRASHED] == others


def test_limits_are_overridable_and_named_in_the_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_override(DEFAULT, "file_bytes=1K").file_bytes == 1024
    assert parse_override(DEFAULT, "seconds=2.5").seconds == 2.5
    with pytest.raises(ValueError, match="unknown limit"):
        parse_override(DEFAULT, "nosuch=1")
    assert main(["parse", "--limit", "nosuch=1", str(EXAMPLES / "baihe-2023.txt")]) == 2
    assert main(["parse", "--alone", "--limit", "file_bytes=1K", str(EXAMPLES / "baihe-2023.txt")]) == 3
    assert "file_bytes=1024" in capsys.readouterr().err  # the limit named, in whichever language
    with pytest.raises(gr.errors.TooLargeError, match="limit chars=100"):
        gr.read(EXAMPLES / "baihe-2023.txt", limits=Limits(chars=100))


def test_time_limit_ends_a_file_in_the_worker(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import hostile_files

    path = hostile_files.pdf_xobject_fanout(tmp_path)
    assert main(["parse", "--alone", "--limit", "seconds=1", str(path)]) == 3
    err = capsys.readouterr().err
    assert "seconds=1" in err and str(path) in err and len(err.strip().splitlines()) == 1


def test_dash_reads_a_report_from_standard_input() -> None:
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "src")}
    data = (EXAMPLES / "baihe-2023.txt").read_bytes()
    result = subprocess.run([sys.executable, "-m", "govinfo_report", "parse", "--flat", "-"], input=data,
                            capture_output=True, env=env, check=False)
    assert result.returncode in (0, 1), result.stderr
    flat = json.loads(result.stdout)
    assert flat["meta"]["source"] == "-"
    assert flat["cells"] == json.loads(subprocess.run(
        [sys.executable, "-m", "govinfo_report", "parse", "--flat", str(EXAMPLES / "baihe-2023.txt")],
        capture_output=True, env=env, check=False).stdout)["cells"]
    bad = subprocess.run([sys.executable, "-m", "govinfo_report", "check", "-"], input=b"\x00garbage",
                         capture_output=True, env=env, check=False)
    assert bad.returncode == 3 and bad.stderr.decode().startswith("govinfo-report: -: ")


def test_sarif_places_each_finding_in_its_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage")
    text = (EXAMPLES / "baihe-2023.txt").read_text(encoding="utf-8")
    wrong = tmp_path / "baihe-2023.txt"
    wrong.write_text(text, encoding="utf-8")
    expected = gr.check(gr.read(wrong))
    status = main(["check", "--alone", "--format", "sarif", str(wrong), str(broken)])
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0" and status in (3, 5)
    run = log["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"t3-balance", "blank-cell"}
    results = run["results"]
    assert [r["ruleId"] for r in results if r["ruleId"] != "unreadable-file"] == [f.code for f in expected]
    unreadable = [r for r in results if r["ruleId"] == "unreadable-file"]
    assert len(unreadable) == 1 and unreadable[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] \
        == str(broken)
    with_cells = [r for r, f in zip(results, expected) if f.locations]
    assert with_cells, "the example has findings on cells"
    place = with_cells[0]["locations"][0]["physicalLocation"]
    assert place["artifactLocation"]["uri"] == str(wrong) and place["region"]["startLine"] >= 1


def test_junit_has_a_case_per_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from xml.etree import ElementTree

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage")
    main(["check", "--alone", "--strict", "--format", "junit", str(EXAMPLES / "baihe-2023.txt"), str(broken)])
    suite = ElementTree.fromstring(capsys.readouterr().out.encode())
    assert suite.get("tests") == "2" and suite.get("errors") == "1" and suite.get("failures") == "1"
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert cases[str(broken)].find("error") is not None
    assert cases[str(EXAMPLES / "baihe-2023.txt")].find("failure") is not None


def test_a_reason_is_one_line() -> None:
    error = gr.errors.CorruptFileError("page.html", "unparseable HTML: line 1\n  line 2\r\nline 3")
    assert "\n" not in str(error) and "line 1 line 2 line 3" in str(error)
