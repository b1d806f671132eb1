"""The command line: ``govinfo_report.cli.main`` with its exit codes, outputs and error lines."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report.cli import main
from govinfo_report.formats import FORMAT_2021
from govinfo_report.plugins.manager import load_registry

AGENCY = "测试县交通运输局"


def report_text(*, t3_override: dict[str, list[str]] | None = None, fee: bool = True) -> str:
    """A complete, consistent 2021-format report: every 表三 cell 0, 表二 cells 1."""
    spec = FORMAT_2021
    t3_override = t3_override or {}
    lines = [f"{AGENCY}2023年政府信息公开工作年度报告", "", "一、总体情况", "", "本年度工作总体平稳。", "",
             "二、主动公开政府信息情况", ""]
    for block in spec.t2.blocks:
        lines.append(block.banner)
        lines.append("\t".join(["信息内容", *(c.label for c in block.columns)]))
        lines.extend("\t".join([row.label, *(["1"] * len(block.columns))]) for row in block.rows)
    lines += ["", "三、收到和处理政府信息公开申请情况", "",
              "申请人情况\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计"]
    for row in spec.t3.rows:
        values = t3_override.get(row.key, ["0"] * 7)
        lines.append("\t".join([row.group or "", row.label, *values]))
    lines += ["", "四、政府信息公开行政复议、行政诉讼情况", "", "行政复议\t\t\t\t\t行政诉讼",
              "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3), "\t".join(["0"] * 15), "",
              "五、存在的主要问题及改进情况", "", "问题若干。", "", "六、其他需要报告的事项", "",
              "本年度未收取信息处理费。" if fee else "无其他需要报告的事项。"]
    return "\n".join(lines) + "\n"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording (the locale chooses it); test_i18n covers Chinese."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clean.txt").write_text(report_text(), encoding="utf-8")
    # 新收 总计 5 with every other cell 0: t3-row-sum and t3-balance fail
    (tmp_path / "error.txt").write_text(
        report_text(t3_override={"new_received": ["0"] * 6 + ["5"]}), encoding="utf-8")
    # only a warning: section 六 says nothing of 信息处理费
    (tmp_path / "warning.txt").write_text(report_text(fee=False), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "garbage.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "no-reports").mkdir()
    (tmp_path / "no-reports" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def usage(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as info:
        main(list(argv))
    assert info.value.code == 2
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    return err


# -- parse -----------------------------------------------------------------------------------
def test_parse_full_json(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "parse", "clean.txt")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["schema_version"] == 1
    assert data["meta"]["agency"] == AGENCY and data["meta"]["year"] == 2023
    assert data["meta"]["template"] == "2021"
    cell = data["tables"]["t2"]["cells"]["t2.licensing.decisions"]
    assert cell["value"] == 1 and cell["raw"] == "1"
    assert cell["location"]["line"] == 15 and cell["location"]["column"] == 1
    assert data["findings"] == []
    assert gr.report_from_dict(data).value("t2.licensing.decisions") == 1


def test_parse_flat_has_every_key_and_exit_zero(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", "clean.txt", "--flat")
    assert code == 0
    data = json.loads(out)
    assert list(data["cells"]) == FORMAT_2021.keys()
    assert data["cells"]["t2.fees.amount"] == 1
    assert data["cells"]["t3.total.total"] == 0
    assert {"agency", "year", "template"} <= set(data["meta"])


def test_parse_flat_exit_one_on_an_error_finding(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", "error.txt", "--flat")
    assert code == 1
    data = json.loads(out)
    assert data["cells"]["t3.new_received.total"] == 5
    assert {f["code"] for f in data["findings"] if f["severity"] == "error"} == {"t3-row-sum", "t3-balance"}


def test_parse_select_and_ignore(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", "error.txt", "--select", "t3-balance")
    assert code == 1 and {f["code"] for f in json.loads(out)["findings"]} == {"t3-balance"}
    code, out, _ = run(capsys, "parse", "error.txt", "--ignore", "identity")
    assert code == 0 and json.loads(out)["findings"] == []


# -- check -----------------------------------------------------------------------------------
def test_check_text(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "clean.txt")
    assert (code, err) == (0, "")
    assert out.startswith("clean.txt: ")
    assert AGENCY in out and "0 error, 0 warning, 0 info" in out

    code, out, _ = run(capsys, "check", "error.txt")
    assert code == 1
    assert "2 error" in out
    assert "t3-row-sum" in out and "t3-balance" in out
    assert "Table 3 I. New applications received this year / Total" in out  # named by its labels, in English
    assert "t3.new_received.total" not in out


def test_check_json(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", "clean.txt", "error.txt")
    assert code == 1
    data = json.loads(out)
    assert [r["file"] for r in data["reports"]] == ["clean.txt", "error.txt"]
    assert data["reports"][0]["findings"] == []
    assert {f["code"] for f in data["reports"][1]["findings"]} == {"t3-row-sum", "t3-balance"}
    assert data["reports"][1]["meta"]["agency"] == AGENCY
    assert data["unreadable"] == []
    # two reports of one body for the same year: no consecutive pair, no corpus finding
    assert data["corpus_findings"] == []


def test_check_select_and_ignore(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", "--select", "t3-balance", "error.txt")
    assert code == 1
    assert {f["code"] for f in json.loads(out)["reports"][0]["findings"]} == {"t3-balance"}
    code, out, _ = run(capsys, "check", "--format", "json", "--select", "t3-*", "--ignore", "t3-row-sum,t3-balance",
                       "error.txt")
    assert code == 0
    assert json.loads(out)["reports"][0]["findings"] == []


def test_check_strict_counts_warnings(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "warning.txt")
    assert code == 0
    assert "fee-statement-missing" in out
    code, _, _ = run(capsys, "check", "--strict", "warning.txt")
    assert code == 1
    code, _, _ = run(capsys, "check", "--strict", "clean.txt")
    assert code == 0


def test_check_corpus_across_years(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = report_text(t3_override={"new_received": ["1"] + ["0"] * 5 + ["1"],
                                      "carried_forward": ["1"] + ["0"] * 5 + ["1"]})
    (files / "y2022.txt").write_text(before.replace("2023年政府", "2022年政府"), encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", "y2022.txt", "clean.txt")
    assert code == 0
    corpus = json.loads(out)["corpus_findings"]
    assert [f["code"] for f in corpus] == ["carry-over"]
    assert corpus[0]["cells"] == ["t3.carried_over.natural_person", "t3.carried_over.total",
                                  "t3.carried_forward.natural_person", "t3.carried_forward.total"]
    code, out, _ = run(capsys, "check", "y2022.txt", "clean.txt")
    assert "across years:" in out and "carry-over" in out


# -- usage errors ----------------------------------------------------------------------------
@pytest.mark.parametrize("argv", [[], ["check"], ["parse"], ["bogus"], ["check", "--format", "xml", "clean.txt"],
                                  ["convert", "clean.txt"], ["rules", "--nope"]])
def test_usage_error_exits_two(files: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert "usage:" in usage(capsys, *argv)


def test_convert_to_an_unknown_writer_is_a_usage_error(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "convert", "clean.txt", "-o", "out.xyz")
    assert code == 2
    assert err.count("\n") == 1 and "xyz" in err
    assert not (files / "out.xyz").exists()


# -- unreadable files ------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["missing.txt", "empty.txt", "garbage.txt"])
@pytest.mark.parametrize("command", ["check", "parse", "convert"])
def test_unreadable_file_exits_three_with_one_line(files: Path, capsys: pytest.CaptureFixture[str],
                                                   name: str, command: str) -> None:
    argv = [command, name] + (["-o", "-"] if command == "convert" else [])
    code, out, err = run(capsys, *argv)
    assert code == 3
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("govinfo-report: ") and name in err


def test_directory_with_no_reports_exits_three(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "no-reports")
    assert code == 3
    assert err.count("\n") == 1 and "no-reports" in err


def test_batch_with_one_bad_file_checks_the_others(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "clean.txt", "garbage.txt", "error.txt")
    assert code == 5  # one unreadable, and an error finding in another: both show
    assert "clean.txt: " in out and "error.txt: " in out and "t3-balance" in out
    assert err.count("\n") == 1 and "garbage.txt" in err

    code, out, err = run(capsys, "check", "--format", "json", "clean.txt", "missing.txt", "error.txt")
    assert code == 5
    data = json.loads(out)
    assert [r["file"] for r in data["reports"]] == ["clean.txt", "error.txt"]
    assert [u["file"] for u in data["unreadable"]] == ["missing.txt"]
    assert err.count("\n") == 1 and "missing.txt" in err


def test_directory_is_expanded_to_its_reports(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = files / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text(report_text(), encoding="utf-8")
    (folder / "b.md").write_text(report_text(), encoding="utf-8")
    (folder / "skip.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    code, out, _ = run(capsys, "check", "--format", "json", "batch")
    assert code == 0
    assert sorted(Path(r["file"]).name for r in json.loads(out)["reports"]) == ["a.txt", "b.md"]


# -- convert ---------------------------------------------------------------------------------
def test_convert_by_suffix(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("out.json", "out.flat.json", "out.csv", "out.md", "out.txt"):
        code, out, err = run(capsys, "convert", "clean.txt", "-o", name)
        assert (code, out, err) == (0, "", ""), name
    full = json.loads((files / "out.json").read_text(encoding="utf-8"))
    assert full["schema_version"] == 1 and "tables" in full
    flat = json.loads((files / "out.flat.json").read_text(encoding="utf-8"))
    assert list(flat["cells"]) == FORMAT_2021.keys()
    rows = list(csv.DictReader(io.StringIO((files / "out.csv").read_text(encoding="utf-8-sig"))))
    assert [r["key"] for r in rows] == FORMAT_2021.keys()
    assert (files / "out.md").read_text(encoding="utf-8").startswith(f"# {AGENCY}2023年")
    text = (files / "out.txt").read_text(encoding="utf-8")
    assert "行政许可\t1" in text
    # each written file reads back to the same cells
    original = gr.read(files / "clean.txt").flat_cells()
    for name in ("out.md", "out.txt"):
        assert gr.read(files / name).flat_cells() == original, name


def test_convert_with_to(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "convert", "clean.txt", "-o", "report.out", "--to", "markdown")
    assert code == 0
    assert (files / "report.out").read_text(encoding="utf-8").startswith("# ")
    code, _, _ = run(capsys, "convert", "clean.txt", "-o", "table.txt", "--to", "csv")
    assert code == 0
    assert (files / "table.txt").read_text(encoding="utf-8").startswith("\ufeffsource,agency,year,")


@pytest.mark.parametrize(("to", "check"), [
    (None, lambda out: json.loads(out)["schema_version"] == 1),
    ("json", lambda out: "tables" in json.loads(out)),
    ("flat-json", lambda out: list(json.loads(out)["cells"]) == FORMAT_2021.keys()),
    ("csv", lambda out: out.startswith("\ufeffsource,agency,year,template,key,")),
    ("markdown", lambda out: out.startswith("# ") and "| 行政许可 | 1 |" in out),
    ("text", lambda out: "行政许可\t1" in out),
])
def test_convert_to_stdout(files: Path, capsys: pytest.CaptureFixture[str], to: str | None, check) -> None:
    argv = ["convert", "clean.txt", "-o", "-"] + (["--to", to] if to else [])
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    assert check(out)


# -- rules and plugins -------------------------------------------------------------------------
def test_rules_text_and_json(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registered = set(load_registry(entry_points=False).rules)
    code, out, _ = run(capsys, "rules")
    assert code == 0
    printed = {line.split()[0] for line in out.splitlines() if line.strip()}
    assert registered <= printed
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert code == 0
    rules = json.loads(out)
    by_code = {r["code"]: r for r in rules}
    assert registered <= set(by_code)
    assert by_code["t3-balance"]["severity"] == "error" and by_code["t3-balance"]["scope"] == "report"
    assert by_code["carry-over"]["scope"] == "corpus"
    assert "identity" in by_code["t3-row-sum"]["tags"]
    assert all(r["description"] for r in rules)


def test_plugins_text_and_json(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plugins")
    assert code == 0
    assert "govinfo_report.readers.text" in out and "built-in" in out
    code, out, _ = run(capsys, "plugins", "--format", "json")
    assert code == 0
    rows = {p["name"]: p for p in json.loads(out)}
    assert rows["govinfo_report.readers.text"]["readers"] == ["text"]
    assert rows["govinfo_report.writers.json_writer"]["writers"] == ["json", "flat-json"]
    assert rows["govinfo_report.rules.builtin"]["rules"] == len(
        [r for r in load_registry(entry_points=False).rules.values() if r.pack == "core"])
    assert all(p["builtin"] for name, p in rows.items() if name.startswith("govinfo_report."))


def test_version_subprocess() -> None:
    proc = subprocess.run([sys.executable, "-m", "govinfo_report", "--version"], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"govinfo-report {gr.__version__}"
    assert "Traceback" not in proc.stderr


def test_check_text_names_the_pdf_page_of_a_finding(capsys: pytest.CaptureFixture[str]) -> None:
    pdf = Path(__file__).parent / "fixtures" / "corpus" / "raw" / "kirogovcompare" / "hongze-2023.pdf"
    assert main(["check", "--alone", str(pdf)]) == 1
    lines = [x for x in capsys.readouterr().out.splitlines() if "t4-group-total" in x]
    assert lines and all(x.rstrip().endswith("(p.4)") for x in lines)
    assert "Table 4 Administrative review / Upheld" in lines[0]
