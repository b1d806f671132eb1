"""Rules that compare what the prose says with what the tables say.

Only statements whose meaning is unambiguous are read: a figure the prose gives for
applications received, carried over, handled or carried forward, for review and litigation
cases, or for the 行政规范性文件 in force (see formats/statements.py). A figure that
matches another common scope (received including those carried over from last year) is not
a contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..formats import FORMAT_2021
from ..formats.statements import Statement, quote, sentences, statements
from ..i18n import N_
from ..interfaces import RuleExample
from ..model import Finding, Severity
from .engine import Context
from .pack import CORE

_NONE_RECEIVED = re.compile(
    r"(?:未收到|没有收到|未接到|无)[^。；;，,\d]{0,24}?(?:政府信息公开|公开|依申请)[^。；;，,\d]{0,4}?申请"
    # "无因政府信息公开申请引起的行政复议" speaks of appeals, not of applications received.
    r"(?![^。；;，,]{0,8}?(?:引起|引发|导致|产生|行政复议|行政诉讼))")


def _prose(ctx: Context) -> str:
    return "\n".join(s.text for s in ctx.report.sections.values() if s.text)


def _accepted(ctx: Context, statement: Statement) -> set[int]:
    """Every sum of cells the figure may mean; empty when a cell it needs is unknown."""
    out = set()
    for scope in statement.scopes:
        values = [ctx.value(k) for k in scope]
        if all(v is not None for v in values):
            out.add(int(sum(v for v in values if v is not None)))
    return out


@CORE.rule("text-vs-table", Severity.WARNING, "正文与表格不一致", tags=("prose",),
           clause="条例 第五十条: the report states the year's figures once; its prose and its tables must agree",
           example=RuleExample("Section 一 says 5 applications were received; 表三 says 0.",
                               sections=(("overview", "本年度共收到政府信息公开申请5件。"),)))
def text_vs_table(ctx: Context) -> Iterator[Finding]:
    """Numbers the prose states — applications received, carried over from last year, handled and
    carried forward, review and litigation cases (each, or both together), 行政规范性文件 issued,
    repealed and in force — equal the cells of the tables; a statement that no application was
    received agrees with 表三. What a figure counts is decided by the noun it is stated of, so
    "办理相关案件 74 件" is not taken for applications handled."""
    prose = _prose(ctx)
    if not prose:
        return
    for stated in statements(prose, ctx.report.meta.template):
        accepted = _accepted(ctx, stated.statement)
        if accepted and stated.value not in accepted:
            table = " 或 ".join(str(v) for v in sorted(accepted))
            yield ctx.finding(
                N_("正文称{statement_label} {stated}（“{quote}”），表格为 {table_choices}。"),
                stated.statement.cells, table, stated.value,
                args={"statement_label": stated.statement.name, "stated": stated.value,
                      "quote": quote(stated.sentence), "table_choices": sorted(accepted)})
    # The sentences are searched only where the prose says it somewhere: a sentence ends at a
    # line's end as at 。；;, which the pattern never crosses, so the whole prose with each line
    # ended by 。 holds a match exactly when one of its sentences does.
    if _NONE_RECEIVED.search(prose.replace("\n", "。")):
        for sentence in sentences(prose):
            if _NONE_RECEIVED.search(sentence):
                yield from _none_received(ctx, sentence)


def _none_received(ctx: Context, sentence: str) -> Iterator[Finding]:
    keys: Sequence[str] = ["t3.new_received.total", *(f"t3.total.{c.key}" for c in ctx.spec.t3.columns)]
    nonzero = [k for k in keys if (v := ctx.value(k)) is not None and v != 0]
    if nonzero:
        yield ctx.finding(N_("正文称未收到政府信息公开申请（“{quote}”），但表三中：{cells}。"),
                          nonzero, 0, ", ".join(str(ctx.value(k)) for k in nonzero),
                          args={"quote": quote(sentence), "cells": {k: ctx.value(k) for k in nonzero}})


_FEE = re.compile(r"信息处理费|处理费|收费|收取.{0,6}费")


@CORE.rule("fee-statement-missing", Severity.WARNING, "未说明信息处理费", tags=("prose",),
           applies_from=FORMAT_2021.first_year,
           clause=("《政府信息公开信息处理费管理办法》(国办函〔2020〕109号); 条例 第四十二条; "
                   "section 六 of the 2021 format"),
           example=RuleExample("Section 六 says only “无。”", sections=(("other", "无。"),)))
def fee_statement_missing(ctx: Context) -> Iterator[Finding]:
    """Section 六 states whether 信息处理费 was charged: the fee exists from 2021 (国办函〔2020〕109号)
    and the 2021 format asks for the statement, so earlier report years owe none."""
    other = ctx.report.sections.get("other")
    text = other.text if other is not None and other.found else ""
    if other is not None and other.found and _FEE.search(text):
        return
    if not (other is not None and other.found) and _FEE.search(_prose(ctx)):
        return
    message = (N_("第六部分未说明是否收取信息处理费。") if other is not None and other.found
               else N_("报告（缺第六部分）未说明是否收取信息处理费。"))
    yield ctx.finding(message, (), "信息处理费 statement", "none")


# Words by which section 五 names a shortcoming, and words by which it promises a remedy.
_PROBLEM = re.compile(r"问题|不足|短板|差距|薄弱|欠缺|缺乏|有待|不够|不到位|不及时|不全面|不完善|不规范|不高|不强|"
                      r"滞后|困难|偏少|较少|单一")
_IMPROVEMENT = re.compile(r"改进|加强|强化|提升|提高|完善|推进|整改|优化|加大|健全|规范|下一步|将进一步|持续|深化")
# A shortcoming denied outright: "无", "暂无问题", "未发现明显问题".
_NO_PROBLEM = re.compile(r"^(?:[^，,。；;]{0,12}?)(?:暂无|无|没有|未发现|不存在)[^，,。；;]{0,8}$")
SHORT_SECTION = 40  # characters: one short line, too short to name a problem and its remedy


@CORE.rule("problems-not-stated", Severity.WARNING, "未说明存在的问题及改进情况", tags=("prose", "structure"),
           clause='条例 第五十条 (四): 政府信息公开工作存在的主要问题及改进情况',
           example=RuleExample("Section 五 says only “无。”", sections=(("problems", "无。"),)))
def problems_not_stated(ctx: Context) -> Iterator[Finding]:
    """Section 五 names the year's main problems and how they are being improved, as both formats
    ask: a section that is empty, says "无" or "暂无", or is one short line naming neither a problem
    nor an improvement states nothing."""
    section = ctx.report.sections.get("problems")
    if section is None or not section.found:
        return  # a missing section is section-missing's matter
    lines = [line.strip() for line in section.text.splitlines() if line.strip()]
    text = re.sub(r"\s+", "", section.text)
    bare = text.strip("。.；;：:、，, ")
    if not bare:
        yield ctx.finding(N_("第五部分“存在的主要问题及改进情况”没有内容。"), (), "问题及改进情况", "empty")
        return
    if len(lines) > 1 or len(text) > SHORT_SECTION:
        return
    denied = _NO_PROBLEM.match(bare) is not None and not _IMPROVEMENT.search(bare)
    if denied or not (_PROBLEM.search(bare) or _IMPROVEMENT.search(bare)):
        yield ctx.finding(N_("第五部分“存在的主要问题及改进情况”仅写“{quote}”，未说明本年度存在的问题及改进措施。"),
                          (), "问题及改进情况", text, args={"quote": text})
