"""The documentation that is generated from the code stays equal to it, and no link in it
points to a missing file."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path

import attrs
import jsonschema
import pytest
from markdown_it import MarkdownIt

import govinfo_report as gr
from docs_pages import generated_pages
from govinfo_report.catalogue import example_findings, render_catalogue
from govinfo_report.cli import main
from govinfo_report.interfaces import Rule, RuleExample
from govinfo_report.plugins.manager import load_registry
from govinfo_report.reference import key_rows, render_keys

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = load_registry(entry_points=False)


@pytest.mark.parametrize("name", sorted(generated_pages()))
def test_generated_page_equals_what_the_code_registers(name: str) -> None:
    """Regenerate with: PYTHONPATH=src python tests/docs_pages.py"""
    page = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert page == generated_pages()[name], f"docs/{name} is stale: run PYTHONPATH=src python tests/docs_pages.py"


def test_rule_catalogue_page_is_the_english_catalogue() -> None:
    assert generated_pages()["rules.md"] == render_catalogue(REGISTRY, lang="en")


def test_generated_pages_name_every_rule_key_and_command() -> None:
    pages = generated_pages()
    for code, rule in REGISTRY.rules.items():
        assert f"| [`{code}`](#{code}) |" in pages["rules.md"]
        assert f"**Provision:** {rule.clause}" in pages["rules.md"]
    for spec in gr.formats.FORMATS.values():
        for key in spec.keys():
            assert f"| `{key}` |" in pages["format.md"]
    assert "| `t3.withheld.state_secret.natural_person` | （三）不予公开 1.属于国家秘密 | 自然人 | 2019, 2021 |" \
        in pages["format.md"]
    for command in ("parse", "check", "convert", "template", "diff", "batch", "export", "summary", "rules",
                    "keys", "plugins"):
        assert f"## `govinfo-report {command}` {{#{command}}}" in pages["cli.md"]
    assert "| `--format` | `{text,json,sarif,junit}` | `text` |" in pages["cli.md"]


@pytest.fixture(scope="module")
def clean() -> gr.Report:
    report = gr.read(ROOT / "examples" / "reports" / "duizhen-2023.txt")
    assert gr.check(report) == []
    return report


def _fires(rule: Rule, clean: gr.Report) -> bool:
    return any(f.code == rule.code for f in example_findings(rule, clean))


@pytest.mark.parametrize("code", sorted(REGISTRY.rules))
def test_every_rule_names_its_provision_and_an_example_that_fires(code: str, clean: gr.Report) -> None:
    rule = REGISTRY.rules[code]
    assert rule.clause and rule.example is not None and rule.example.says
    assert _fires(rule, clean)
    if rule.scope == "report":  # the example's changes, not the clean report, make it fire
        assert not any(f.code == code for f in gr.check(clean, select=[code]))


def test_an_example_whose_printed_text_is_not_in_the_report_is_refused(clean: gr.Report) -> None:
    rule = REGISTRY.rules["section-order"]
    wrong = attrs.evolve(rule, example=RuleExample("x", printed=(("七、没有这一节", "八"),)))
    with pytest.raises(ValueError, match="七、没有这一节"):
        example_findings(wrong, clean)


def test_the_example_plugin_registers_a_rule_whose_example_fires_and_a_writer(
        clean: gr.Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "plugins" / "govinfo-report-example" / "src"))
    import govinfo_report_example

    registry = load_registry(entry_points=False, extra=(govinfo_report_example,))
    rule = registry.rules["example-late-publication"]
    assert _fires(rule, clean)
    assert not [f for f in gr.check(clean, registry=registry) if f.code == rule.code]
    line = gr.render(clean, "summary", [], registry=registry)
    assert line == "examples/reports/duizhen-2023.txt\t兑镇镇人民政府\t2023\t2021\t0\t0\t0\n".replace(
        "examples/reports/duizhen-2023.txt", str(clean.meta.source))


def test_keys_command_lists_each_key_with_its_official_labels(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "--template", "2019", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["key", "table", "row label", "column label", "templates"]
    by_key = {r["key"]: r for r in rows}
    assert len(by_key) == len(rows) == len(gr.formats.FORMAT_2019.keys())
    assert by_key["t2.procurement.amount"] == {"key": "t2.procurement.amount", "table": "表二",
                                               "row label": "政府集中采购", "column label": "采购总金额",
                                               "templates": "2019"}
    assert "t2.regulations.issued" not in by_key
    assert main(["keys", "--format", "json"]) == 0
    both = json.loads(capsys.readouterr().out)
    shared = next(r for r in both if r["key"] == "t3.withheld.state_secret.natural_person")
    assert shared == {"key": "t3.withheld.state_secret.natural_person", "table": "表三",
                      "row": "（三）不予公开 1.属于国家秘密", "column": "自然人", "templates": ["2019", "2021"]}
    assert {r["key"] for r in both} == set(gr.formats.FORMAT_2019.keys()) | set(gr.formats.FORMAT_2021.keys())
    assert main(["keys"]) == 0
    text = capsys.readouterr().out
    assert text == render_keys(key_rows())
    assert re.search(r"^t4\.review\.total +2019/2021 +表四 行政复议 / 总计$", text, re.M)


def _markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")), *sorted(ROOT.glob("*/README.md")),
            *sorted((ROOT / "plugins").glob("*/README.md"))]


def _links(path: Path) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(path.read_text(encoding="utf-8"))
    out = []
    for token in tokens:
        for child in token.children or ():
            if child.type in ("link_open", "image") and (target := child.attrGet("href" if child.type ==
                                                                                   "link_open" else "src")):
                out.append(str(target))
    return out


def test_no_link_in_readme_or_docs_points_to_a_missing_file() -> None:
    files = _markdown_files()
    assert ROOT / "docs" / "getting-started.md" in files
    checked = 0
    for path in files:
        for target in _links(path):
            if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue  # a web address, or a heading of the same page
            file = target.split("#", 1)[0]
            assert (path.parent / file).exists(), f"{path.relative_to(ROOT)}: link to missing {target}"
            checked += 1
    assert checked > 30


def test_the_link_check_finds_a_missing_file(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("See [the format](format.md#keys) and [this](#top).\n", encoding="utf-8")
    assert _links(page) == ["format.md#keys", "#top"]


def _commands(page: Path) -> list[list[str]]:
    text = page.read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    return [shlex.split(line)[1:] for block in blocks for line in block.splitlines()
            if line.startswith("govinfo-report ")]


def test_every_command_of_getting_started_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The paths of the getting-started page, run in order from a copy of the repository's top."""
    for name in ("examples", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):  # the page shows the default, Chinese
        monkeypatch.delenv(name, raising=False)
    commands = _commands(ROOT / "docs" / "getting-started.md")
    assert len(commands) >= 15 and not any(">" in arg or "|" in arg for c in commands for arg in c)
    outputs = {}
    for argv in commands:
        status = main(argv)
        outputs[" ".join(argv)] = out = capsys.readouterr().out
        # 1 is the status of findings: baihe-2023.txt has errors, as the page says.
        assert status == (1 if argv[:2] == ["check", "examples/reports/"] else 0), (argv, out)
    assert "错误 0 个，警告 0 个，提示 0 个" in outputs["check 兑镇-2023.xlsx"]
    assert "baihe-2023.txt: 房县白鹤镇人民政府 2023 年（2021 版格式）— 错误 4 个，警告 2 个" in outputs[
        "check examples/reports/"]
    diff = next(out for argv, out in outputs.items() if argv.startswith("diff") and "html" not in argv)
    assert "表二 行政规范性文件 / 本年制发件数：88 → 77" in diff
    page = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
    (program,) = re.findall(r"```python\n(.*?)```", page, re.S)
    exec(compile(program, "getting-started.md", "exec"), {})
    assert "房县白鹤镇人民政府 2023 2021" in capsys.readouterr().out
    for made in ("corpus.sqlite", "cells.csv", "wide.csv", "findings.csv", "corpus.xlsx", "summary.html",
                 "填报.xlsx", "兑镇-2023.xlsx", "报告.docx", "报告.html", "review.html", "baihe-2023.html"):
        assert (tmp_path / made).stat().st_size > 0, made


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


def _status_table(text: str) -> str:
    start = text.index("| status | meaning |")
    return text[start:text.index("\n\n", start)]


def test_the_user_guide_gives_the_exit_statuses_of_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert _status_table(guide) == _status_table(readme)
    assert "| 5 | some files could not be read **and**" in _status_table(guide)
