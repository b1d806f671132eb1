"""Rules on which official format a report uses for its year."""

from __future__ import annotations

from collections.abc import Iterator

from ..formats import FORMAT_2019, FORMAT_2021
from ..i18n import N_
from ..model import Finding, Severity
from .engine import Context
from .pack import CORE


@CORE.rule("template-outdated", Severity.ERROR, "使用旧版格式", tags=("template",))
def template_outdated(ctx: Context) -> Iterator[Finding]:
    """Reports for 2021 and later must use the 2021 format (国办公开办函〔2021〕30号), not the 2019
    trial format."""
    meta = ctx.report.meta
    if meta.template == FORMAT_2019.name and meta.year is not None and meta.year >= FORMAT_2021.first_year:
        yield ctx.finding(
            N_("{year} 年度报告仍使用 2019 版（国办公开办函〔2019〕60号）表格，应使用 2021 版格式。"),
            (), FORMAT_2021.name, FORMAT_2019.name, args={"year": meta.year})


@CORE.rule("template-early", Severity.INFO, "提前使用新版格式", tags=("template",))
def template_early(ctx: Context) -> Iterator[Finding]:
    """A 2019 or 2020 report in the 2021 format: not wrong, but not the format of its year."""
    meta = ctx.report.meta
    if meta.template == FORMAT_2021.name and meta.year is not None and meta.year < FORMAT_2021.first_year:
        yield ctx.finding(N_("{year} 年度报告使用了 2021 版格式（当年应为 2019 版试行格式）。"),
                          (), FORMAT_2019.name, FORMAT_2021.name, args={"year": meta.year})


@CORE.rule("t3-single-other-row", Severity.WARNING, "表三（六）其他处理未分项", tags=("template", "t3"))
def t3_single_other_row(ctx: Context) -> Iterator[Finding]:
    """A 2021-format 表三 that prints （六）其他处理 as one row, without its three sub-rows. Reported by
    the recognizer while reading."""
    return iter(())


@CORE.rule("uncertain-reading", Severity.WARNING, "读取不确定", tags=("reading",))
def uncertain_reading(ctx: Context) -> Iterator[Finding]:
    """Cells whose values could not be placed with certainty (too few or too many values for a row,
    numbers run together that split more than one way, a garbled table). Reported by the recognizer
    while reading. A run that splits several ways gets one finding: the message names the five
    likeliest splits and what the prose or the neighbouring years ruled out; ``data.candidates``
    lists them all."""
    return iter(())
