"""Two languages: every message in Chinese and English, through the gettext catalogues.

The catalogues must translate every message the sources mark (and the official labels, rule
titles and descriptions, and argparse's own words); each compiled ``.mo`` must be the compile
of its ``.po``; a finding keeps its arguments as data and is told in either language; the
command line speaks the language ``--lang`` or the locale chooses, Chinese by default.
"""

from __future__ import annotations

import io
import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import govinfo_report as gr
from govinfo_report import i18n
from govinfo_report.cli import chosen_language, main
from govinfo_report.limits import Limits
from govinfo_report.model import Finding, Severity, finding, render
from govinfo_report.serialize import make_converter

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "govinfo_report" / "locale"
SEED_001 = ROOT / "tests" / "fixtures" / "corpus" / "seeds" / "001_397039d31f300f54.txt"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Arguments that hold what the report itself prints (quoted text, names, files): these stay as
# printed in any language.
QUOTED = ("quote", "source", "previous_source", "note", "agency", "error", "period", "published", "run", "first",
          "split_clauses", "sources")
PLACEHOLDER = re.compile(r"\{(\w+)\}|%\((\w+)\)[sdr]|%[sdr]")


def catalogue(lang: str) -> Any:
    with (LOCALE / lang / "LC_MESSAGES" / "govinfo_report.po").open("rb") as f:
        return read_po(f)


def extracted() -> set[str]:
    """What ``pybabel extract -F babel.cfg -k N_ -k t -k translate`` collects."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {"N_": None, "t": (1,), "translate": (1,)}
    return {message for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map, keywords)
            if isinstance(message, str) and message}


def placeholders(text: str) -> list[str]:
    return sorted({m.group(0) if not (m.group(1) or m.group(2)) else (m.group(1) or m.group(2))
                   for m in PLACEHOLDER.finditer(text)})


# -- the catalogues ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_message_has_a_translation(lang: str) -> None:
    """A message the sources use but the catalogue leaves untranslated fails here: run the
    extract, update and compile commands of README: Translations, and translate it."""
    entries = {m.id: m for m in catalogue(lang) if m.id}
    wanted = extracted()
    assert len(wanted) > 300
    missing = sorted(m for m in wanted if m not in entries or not entries[m].string or entries[m].fuzzy)
    assert missing == []
    wrong = [(m, entries[m].string) for m in wanted
             if placeholders(m) != placeholders(entries[m].string) and not m.startswith("expected %s argument")]
    assert wrong == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_compiled_catalogue_is_the_compile_of_its_source(lang: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(lang))
    assert (LOCALE / lang / "LC_MESSAGES" / "govinfo_report.mo").read_bytes() == compiled.getvalue()


def test_the_english_catalogue_speaks_english() -> None:
    """No English translation holds Chinese, but rule descriptions that cite the official
    Chinese terms in English prose."""
    chinese = [m.string for m in catalogue("en") if m.id and CJK.search(m.string)
               and len(re.findall(r"[A-Za-z]+", m.string)) <= 5]
    assert chinese == []


# -- findings in either language ---------------------------------------------------------------------
def sample(name: str) -> Any:
    """An argument of the kind its name says, to fill any template."""
    if name.endswith("cells"):
        return {"t3.total.total": 3}
    if name.endswith("keys"):
        return ["t3.total.total"]
    if name.endswith(("label", "labels")):
        return "自然人"
    if name.endswith(("choices", "clauses")):
        return [1, 2]
    if name.endswith("parts"):
        return [{"template": "；枚举已达上限，候选可能不全"}]
    if name == "outcome":
        return {"template": "{count} 个子项均按 0 计", "args": {"count": 3}}
    return "原文" if name in QUOTED else 7


def finding_templates() -> list[str]:
    sources = ("rules", "recognize")
    templates = set()
    for m in catalogue("zh"):
        if m.id and any(f"govinfo_report/{s}/" in path for path, _ in m.locations for s in sources):
            templates.add(m.id)
    return sorted(templates)


@pytest.mark.parametrize("template", finding_templates())
def test_every_finding_message_renders_in_both_languages(template: str) -> None:
    args = {name: sample(name) for name in re.findall(r"\{(\w+)\}", template)}
    zh = render(template, args, "zh")
    en = render(template, args, "en")
    assert "{" not in zh and "{" not in en
    assert CJK.search(zh)
    quoted = [v for k, v in args.items() if k in QUOTED]
    left = en
    for value in quoted:
        left = left.replace(str(value), "")
    assert not CJK.search(left), en
    if "cells" in args:
        assert "Table 3 (7) Total / Total=3" in en and "表三 （七）总计 / 总计=3" in zh
    if any(k.endswith("label") for k in args):
        assert "Natural persons" in en


def test_a_finding_keeps_its_arguments_and_is_told_in_the_chosen_language() -> None:
    f = finding("t3-balance", Severity.ERROR,
                "表三“{column_label}”列勾稽关系不成立：新收 {new} + 上年结转 {over} = {left}，"
                "而总计 {total} + 结转下年度 {forward} = {right}。",
                {"column_label": "自然人", "new": 1, "over": 0, "left": 1, "total": 2, "forward": 0, "right": 2})
    assert f.message == "表三“自然人”列勾稽关系不成立：新收 1 + 上年结转 0 = 1，而总计 2 + 结转下年度 0 = 2。"
    assert f.text("zh") == f.message
    assert f.text("en") == ("Table 3 column “Natural persons” does not balance: new 1 + carried over 0 = 1, "
                            "but total 2 + carried forward 0 = 2.")
    with i18n.using("en"):
        assert f.text() == f.text("en")
        data = make_converter().unstructure(f)
    assert data["message"] == f.text("en")
    assert data["args"]["column_label"] == "自然人" and data["args"]["total"] == 2
    back = make_converter().structure(data, Finding)
    assert back.text("zh") == f.message


def test_a_finding_without_a_template_is_its_message() -> None:
    f = Finding("plugin-rule", Severity.WARNING, "a plugin's own words")
    assert f.text("en") == f.text("zh") == "a plugin's own words"


def test_findings_of_the_corpus_seeds_speak_english() -> None:
    """Every finding the rules make on the seeds: English but for what the report prints."""
    seen = set()
    for path in sorted(SEED_001.parent.glob("*.txt"))[:12]:
        report = gr.read(path)
        for f in gr.check(report):
            seen.add(f.code)
            assert f.template is not None, f.code
            text = f.text("en", report.format)
            for name, value in f.args.items():
                if name in QUOTED:
                    text = text.replace(str(value), "")
            assert not CJK.search(text), (f.code, text)
            assert f.text("zh", report.format) == f.message
    assert len(seen) >= 5


# -- choosing the language ----------------------------------------------------------------------------
@pytest.mark.parametrize(("environ", "lang"), [
    ({}, "zh"), ({"LANG": "C.UTF-8"}, "zh"), ({"LANG": "en_US.UTF-8"}, "en"), ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"), ({"LC_ALL": "zh_CN", "LANG": "en_US"}, "zh"),
    ({"LANGUAGE": "en"}, "en"), ({"LC_MESSAGES": "en_US", "LANG": "zh_CN"}, "en"),
])
def test_the_locale_chooses_english_or_chinese(environ: dict[str, str], lang: str) -> None:
    assert i18n.language_from_environment(environ) == lang


def test_the_command_line_option_wins_over_the_locale() -> None:
    english = {"LANG": "en_US.UTF-8"}
    assert chosen_language(["check", "--lang", "zh", "a.pdf"], english) == "zh"
    assert chosen_language(["--lang=en", "check", "a.pdf"], {}) == "en"
    assert chosen_language(["check", "a.pdf"], english) == "en"
    assert chosen_language(["check", "--", "--lang", "en"], {}) == "zh"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        i18n.translate("表三", "fr")


@pytest.fixture
def chinese_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def finding_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("  ")]


def test_check_in_english_names_cells_by_their_english_labels(chinese_locale: None,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--lang", "en", str(SEED_001)]) == 1
    out = capsys.readouterr().out
    assert "(2021 format) — 4 error, 2 warning, 0 info" in out
    lines = finding_lines(out)
    assert len(lines) == 6
    for line in lines:
        # Chinese remains only inside the report's own words, quoted “…”.
        assert not CJK.search(re.sub(r"“[^”]*”", "", line)), line
    assert any("Table 3 column “Other” does not balance: new 0 + carried over 0 = 0" in line for line in lines)
    assert any("[Table 3 I. New applications received this year / Other; Table 3 II. Applications carried over "
               "from last year / Other; " in line for line in lines)
    assert any("Table 2's Rules row reports: Table 2 Rules / Issued this year=2, Table 2 Rules / In force=2." in line
               for line in lines)


def test_check_speaks_chinese_by_default_stderr_included(chinese_locale: None, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "坏文件.pdf"
    bad.write_bytes(b"not a pdf at all")
    assert main(["check", str(SEED_001), str(bad), str(tmp_path / "missing.txt")]) == 5
    out, err = capsys.readouterr()
    assert "（2021 版格式）— 错误 4 个，警告 2 个，提示 0 个" in out
    assert "表三“其他”列勾稽关系不成立" in out and "[表三 一、本年新收政府信息公开申请数量 / 其他；" in out
    errors = err.strip().splitlines()
    assert errors[0] == f"govinfo-report: {bad}: 未找到年度报告的表格或章节"
    assert errors[1] == f"govinfo-report: {tmp_path / 'missing.txt'}: 无法读取（文件不存在）"


def test_a_limit_is_told_wholly_in_chinese_on_stderr(chinese_locale: None, capsys: pytest.CaptureFixture[str]) -> None:
    size = SEED_001.stat().st_size
    assert main(["check", "--limit", "file_bytes=100", str(SEED_001)]) == 3
    assert capsys.readouterr().err.strip() == (f"govinfo-report: {SEED_001}: 文件大小或解压后的大小超出安全限制"
                                               f"（{size} 字节（限制 file_bytes=100））")


def test_an_errors_detail_is_told_in_either_language_and_crosses_processes() -> None:
    error = gr.ReadError("a.pdf", i18n.N_("more than {limit} pages (limit pages={limit})"), {"limit": 3})
    assert str(error) == "a.pdf: cannot be read (more than 3 pages (limit pages=3))"
    assert error.text("zh") == "a.pdf: 无法读取（超过 3 页（限制 pages=3））"
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.text("zh"), again.detail) == (gr.ReadError, error.text("zh"), error.detail)
    quoted = gr.ReadError("a.pdf", "lxml: {not a field}")
    assert quoted.text("zh") == "a.pdf: 无法读取（lxml: {not a field}）"


@pytest.mark.parametrize("backend", ["pdfminer", "pdfium"])
def test_a_limit_met_inside_a_pdf_back_end_is_told_in_either_language(backend: str) -> None:
    if backend == "pdfium":
        pytest.importorskip("pypdfium2", reason="the pdfium back-end needs the 'fast' extra")
    pdf = ROOT / "tests" / "fixtures" / "corpus" / "raw" / "kirogovcompare" / "hongze-2023.pdf"
    with pytest.raises(gr.errors.TooComplexError) as caught:
        gr.read(pdf, pdf_backend=backend, limits=Limits(pages=2))
    assert caught.value.text("en").endswith("(more than 2 pages (limit pages=2))")
    assert caught.value.text("zh").endswith("（超过 2 页（限制 pages=2））")


def test_the_locale_chooses_english_on_the_command_line(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert main(["check", str(SEED_001), "nowhere.txt"]) == 5
    out, err = capsys.readouterr()
    assert "4 error, 2 warning, 0 info" in out
    assert err.strip().endswith("nowhere.txt: cannot be read (no such file)")


def test_argparse_speaks_chinese_too(chinese_locale: None, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["check"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：govinfo-report check")
    assert "govinfo-report check：错误：缺少以下必需参数：FILE" in err
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert "位置参数" in out and "显示本帮助信息并退出" in out and "按官方格式检查报告" not in out
    assert "报告文件或目录；- 表示标准输入" in out
    with pytest.raises(SystemExit):
        main(["--lang", "en", "check", "--help"])
    out = capsys.readouterr().out
    assert "positional arguments" in out and "report files or directories; - for standard input" in out


def test_the_language_is_left_as_it_was_after_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    main(["rules", "--lang", "en"])
    capsys.readouterr()
    assert i18n.language() == "zh"


def test_json_carries_the_message_in_the_chosen_language_and_its_arguments(
        chinese_locale: None, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--format", "json", "--lang", "en", str(SEED_001)])
    report = json.loads(capsys.readouterr().out)["reports"][0]
    township = next(f for f in report["findings"] if f["code"] == "township-regulations")
    assert township["message"].startswith("A township or street office has no power to make rules")
    assert township["args"] == {"cells": {"t2.regulations.issued": 2, "t2.regulations.in_force": 2}}
    assert township["cells"] == ["t2.regulations.issued", "t2.regulations.in_force"]
    main(["parse", "--flat", str(SEED_001)])
    flat = json.loads(capsys.readouterr().out)
    township = next(f for f in flat["findings"] if f["code"] == "township-regulations")
    assert township["message"].startswith("乡镇（街道）无权制定规章")


def test_rules_are_described_in_either_language(capsys: pytest.CaptureFixture[str]) -> None:
    main(["rules", "--format", "json", "--lang", "zh"])
    rules = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert rules["blank-cell"]["title"] == "空白单元格"
    assert rules["negative-value"]["description"].startswith("件数和金额不能为负")
    main(["rules", "--format", "json", "--lang", "en"])
    rules = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert rules["blank-cell"]["title"] == "Blank cells"
    assert rules["negative-value"]["description"].startswith("Counts and fees are never negative")


@pytest.mark.parametrize(("writer", "suffix"), [("html", ".html"), ("text", ".txt"), ("markdown", ".md")])
def test_written_reports_tell_their_findings_in_the_chosen_language(writer: str, suffix: str, tmp_path: Path) -> None:
    report = gr.read(SEED_001)
    english = gr.render(report, writer, lang="en")
    chinese = gr.render(report, writer)
    assert isinstance(english, str) and isinstance(chinese, str)
    assert "Table 3 column “Other” does not balance" in english and "表三“其他”列勾稽关系不成立" in chinese
    assert "Table 2 Rules / Issued this year" in english and "Table 2 Rules / Issued this year" not in chinese
    # Either reads back to the same cells: the findings are never taken for the report's text.
    for name, text in (("en", english), ("zh", chinese)):
        path = tmp_path / f"{name}{suffix}"
        path.write_text(text, encoding="utf-8")
        back = gr.read(path)
        assert back.flat_cells() == report.flat_cells()
        assert back.sections["other"].text == report.sections["other"].text
