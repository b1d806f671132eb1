"""Rules on which official format a report uses for its year."""

from __future__ import annotations

from collections.abc import Iterator

from ..formats import FORMAT_2019, FORMAT_2021
from ..formats.official import OTHER
from ..i18n import N_
from ..interfaces import RuleExample
from ..model import Finding, Severity
from .engine import Context
from .pack import CORE

# The examples of the rules that only reading shows change the report as the text writer
# prints it: a row of 表三 is its labels and seven figures, tab-separated.
_ZEROS = "\t0" * 7
_NEW_RECEIVED = FORMAT_2021.t3.rows[0].label
_OTHER_ROWS = "".join(f"\t{row.group if n == 0 else ''}\t{row.label}{_ZEROS}\n"
                      for n, row in enumerate(FORMAT_2021.t3.group_rows(OTHER)))


@CORE.rule("template-outdated", Severity.ERROR, "使用旧版格式", tags=("template",),
           clause="国办公开办函〔2021〕30号: the format of reports from the 2021 report year on",
           example=RuleExample("A 2023 report printed in the 2019 trial format.",
                               meta=(("year", 2023), ("template", "2019"))))
def template_outdated(ctx: Context) -> Iterator[Finding]:
    """Reports for 2021 and later must use the 2021 format (国办公开办函〔2021〕30号), not the 2019
    trial format."""
    meta = ctx.report.meta
    if meta.template == FORMAT_2019.name and meta.year is not None and meta.year >= FORMAT_2021.first_year:
        yield ctx.finding(
            N_("{year} 年度报告仍使用 2019 版（国办公开办函〔2019〕60号）表格，应使用 2021 版格式。"),
            (), FORMAT_2021.name, FORMAT_2019.name, args={"year": meta.year})


@CORE.rule("template-early", Severity.INFO, "提前使用新版格式", tags=("template",),
           clause='国办公开办函〔2019〕60号 (report years 2019 and 2020) and 〔2021〕30号 (from 2021)',
           example=RuleExample("A 2020 report printed in the 2021 format.", meta=(("year", 2020),)))
def template_early(ctx: Context) -> Iterator[Finding]:
    """A 2019 or 2020 report in the 2021 format: not wrong, but not the format of its year."""
    meta = ctx.report.meta
    if meta.template == FORMAT_2021.name and meta.year is not None and meta.year < FORMAT_2021.first_year:
        yield ctx.finding(N_("{year} 年度报告使用了 2021 版格式（当年应为 2019 版试行格式）。"),
                          (), FORMAT_2019.name, FORMAT_2021.name, args={"year": meta.year})


@CORE.rule("t3-single-other-row", Severity.WARNING, "表三（六）其他处理未分项", tags=("template", "t3"),
           clause='国办公开办函〔2021〕30号 表三 （六）其他处理, items 1 to 3',
           example=RuleExample("A 2021-format 表三 prints （六）其他处理 as one row, as the 2019 format did.",
                               printed=((_OTHER_ROWS, "\t（六）其他处理\t" + _ZEROS + "\n"),)))
def t3_single_other_row(ctx: Context) -> Iterator[Finding]:
    """A 2021-format 表三 that prints （六）其他处理 as one row, without its three sub-rows. Reported by
    the recognizer while reading."""
    return iter(())


@CORE.rule("uncertain-reading", Severity.WARNING, "读取不确定", tags=("reading",),
           clause='none: this finding is about the reading, not the report',
           example=RuleExample("Row 一 of 表三 prints six figures for seven columns.",
                               printed=((f"{_NEW_RECEIVED}\t\t{_ZEROS}", f"{_NEW_RECEIVED}\t\t\t1\t0\t0\t0\t0\t1"),)))
def uncertain_reading(ctx: Context) -> Iterator[Finding]:
    """Cells whose values could not be placed with certainty (too few or too many values for a row,
    numbers run together that split more than one way, a garbled table). Reported by the recognizer
    while reading. A run that splits several ways gets one finding: the message names the five
    likeliest splits and what the prose or the neighbouring years ruled out; ``data.candidates``
    lists them all."""
    return iter(())
