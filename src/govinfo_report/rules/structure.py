"""Rules on the report's sections and on the dates it gives."""

from __future__ import annotations

from collections.abc import Iterator

from ..formats.official import SECTIONS
from ..i18n import N_
from ..interfaces import RuleExample
from ..model import Finding, Severity
from .engine import Context
from .pack import CORE


@CORE.rule("section-missing", Severity.WARNING, "缺少章节", tags=("structure",),
           clause='条例 第五十条 (一)–(五) and the six sections of both formats',
           example=RuleExample("The report has no section 六.", sections=(("other", None),)))
def section_missing(ctx: Context) -> Iterator[Finding]:
    """Each of the six sections (一、总体情况 … 六、其他需要报告的事项) must be present."""
    for spec in SECTIONS:
        section = ctx.report.sections.get(spec.key)
        if section is None or not section.found:
            yield ctx.finding(N_("未找到第{number_label}部分“{number_label}、{heading_label}”。"), (),
                              spec.heading, "missing",
                              args={"number_label": spec.number, "heading_label": spec.heading})


@CORE.rule("section-order", Severity.WARNING, "章节顺序", tags=("structure",),
           clause='the six numbered sections of both formats, 一 to 六',
           example=RuleExample("Section 六 is printed before section 五.",
                               printed=(("五、存在的主要问题及改进情况", "六、其他需要报告的事项"),
                                        ("六、其他需要报告的事项", "五、存在的主要问题及改进情况"))))
def section_order(ctx: Context) -> Iterator[Finding]:
    """The six sections appear in the official order."""
    found = [(s.order, spec) for spec in SECTIONS
             if (s := ctx.report.sections.get(spec.key)) is not None and s.order is not None]
    printed = [spec.number for _, spec in sorted(found, key=lambda p: p[0])]
    official = [spec.number for _, spec in found]
    if printed != official:
        yield ctx.finding(N_("章节顺序为 {printed_labels}，应为 {official_labels}。"), (),
                          "、".join(official), "、".join(printed),
                          args={"printed_labels": printed, "official_labels": official})


@CORE.rule("year-mismatch", Severity.WARNING, "年份不一致", tags=("meta",),
           clause=('条例 第四十九条: a report covers the last year and is published by 31 January (部门) or 31 '
                   'March (本级政府) after it'),
           example=RuleExample("A 2023 report dated 20 January 2022.",
                               meta=(("year", 2023), ("published", "2022-01-20"))))
def year_mismatch(ctx: Context) -> Iterator[Finding]:
    """The report year in the title, the 统计期限 and the publication date agree: the period is the
    report year, and a report is published in the year after it (by 31 January)."""
    meta = ctx.report.meta
    if meta.year is None:
        yield ctx.finding(N_("无法确定报告年度（标题、统计期限和正文均未给出）。"), (), "a year", "none")
        return
    if meta.statistics_period:
        start = int(meta.statistics_period[:4])
        if start != meta.year:
            yield ctx.finding(N_("标题年度 {year} 与统计期限 {period} 不一致。"), (),
                              meta.year, start, args={"year": meta.year, "period": meta.statistics_period})
    if meta.published:
        published = int(meta.published[:4])
        if not meta.year <= published <= meta.year + 1:
            yield ctx.finding(N_("报告年度 {year} 与发布日期 {published} 不符（应在次年发布）。"), (),
                              meta.year + 1, published, args={"year": meta.year, "published": meta.published})
