"""An example govinfo-report plugin: one rule pack and one writer, registered by hooks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from govinfo_report import Context, Rule, RuleExample, RulePack, Writer, hookimpl
from govinfo_report.model import Finding, Report, Severity

__version__ = "0.1.0"

PACK = RulePack("example")


@PACK.rule("example-late-publication", Severity.WARNING, "报告发布逾期", tags=("deadline",),
           clause="条例 第四十九条: published by 31 January of the following year",
           example=RuleExample("A 2023 report published on 15 March 2024.",
                               meta=(("year", 2023), ("published", "2024-03-15"))))
def late_publication(ctx: Context) -> Iterator[Finding]:
    """The report must be published by 31 January of the year after the report year."""
    meta = ctx.report.meta
    if meta.year is None or meta.published is None:
        return
    deadline = f"{meta.year + 1}-01-31"
    if meta.published > deadline:
        yield ctx.finding(f"报告于 {meta.published} 发布，晚于 {deadline} 的期限。", (), deadline, meta.published)


class SummaryWriter(Writer):
    name = "summary"
    extensions = (".summary.tsv",)
    version = __version__

    def render(self, report: Report, findings: list[Finding]) -> str:
        counts = [sum(f.severity is s for f in findings) for s in Severity]
        meta = report.meta
        fields = [meta.source or "", meta.agency or "", str(meta.year or ""), meta.template or "", *map(str, counts)]
        return "\t".join(fields) + "\n"


@hookimpl
def register_rules(register: Callable[[Rule], Any]) -> None:
    PACK.register_all(register)


@hookimpl
def register_writers(register: Callable[[Writer], Any]) -> None:
    register(SummaryWriter())
