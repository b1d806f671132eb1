"""The documentation that is generated from the code stays equal to it."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import jsonschema

import govinfo_report as gr
from govinfo_report.catalogue import render_catalogue
from govinfo_report.plugins.manager import load_registry

ROOT = Path(__file__).resolve().parents[1]


def test_rule_catalogue_is_generated_from_the_registered_rules() -> None:
    registry = load_registry(entry_points=False)
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == render_catalogue(registry, lang="en")
    for code in registry.rules:
        assert f"| `{code}` |" in page


def test_json_output_validates_against_the_schemas() -> None:
    report = gr.read(ROOT / "examples" / "reports" / "baihe-2023.txt")
    findings = gr.check(report)
    full = json.loads(str(gr.render(report, "json", findings)))
    jsonschema.validate(full, json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8")))
    flat = json.loads(str(gr.render(report, "flat-json", findings)))
    jsonschema.validate(flat, json.loads((ROOT / "docs" / "flat.schema.json").read_text(encoding="utf-8")))
    assert flat["cells"]["t3.total.total"] == 1


def test_readme_quick_start_names_a_bundled_report_and_the_ci_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    install, tests = [line for line in block.strip().splitlines() if line.strip()]
    report = shlex.split(install)[-1]
    assert (ROOT / report).is_file()
    assert tests.strip() in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
