"""Rules that compare what the prose says with what the tables say.

Only statements whose meaning is unambiguous are read: a figure the prose gives for
applications received, carried over, handled or carried forward, for review and litigation
cases, or for the 行政规范性文件 in force (see recognize/prose_facts.py). A figure that
matches another common scope (received including those carried over from last year) is not
a contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..formats import FORMAT_2021
from ..model import Finding, Severity
from ..recognize.prose_facts import Statement, sentences, statements
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


@CORE.rule("text-vs-table", Severity.WARNING, "正文与表格不一致", tags=("prose",))
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
                f"正文称{stated.statement.name} {stated.value}（“{_quote(stated.sentence)}”），表格为 {table}。",
                stated.statement.cells, table, stated.value)
    for sentence in sentences(prose):
        if _NONE_RECEIVED.search(sentence):
            yield from _none_received(ctx, sentence)


def _none_received(ctx: Context, sentence: str) -> Iterator[Finding]:
    keys: Sequence[str] = ["t3.new_received.total", *(f"t3.total.{c.key}" for c in ctx.spec.t3_columns)]
    nonzero = [k for k in keys if (v := ctx.value(k)) is not None and v != 0]
    if nonzero:
        shown = "、".join(f"{k}={ctx.value(k)}" for k in nonzero)
        yield ctx.finding(f"正文称未收到政府信息公开申请（“{_quote(sentence)}”），但表三中：{shown}。",
                          nonzero, 0, ", ".join(str(ctx.value(k)) for k in nonzero))


def _quote(sentence: str) -> str:
    return sentence if len(sentence) <= 60 else sentence[:57] + "…"


_FEE = re.compile(r"信息处理费|处理费|收费|收取.{0,6}费")


@CORE.rule("fee-statement-missing", Severity.WARNING, "未说明信息处理费", tags=("prose",),
           applies_from=FORMAT_2021.first_year)
def fee_statement_missing(ctx: Context) -> Iterator[Finding]:
    """Section 六 states whether 信息处理费 was charged: the fee exists from 2021 (国办函〔2020〕109号)
    and the 2021 format asks for the statement, so earlier report years owe none."""
    other = ctx.report.sections.get("other")
    text = other.text if other is not None and other.found else ""
    if other is not None and other.found and _FEE.search(text):
        return
    where = "第六部分" if other is not None and other.found else "报告（缺第六部分）"
    if not (other is not None and other.found) and _FEE.search(_prose(ctx)):
        return
    yield ctx.finding(f"{where}未说明是否收取信息处理费。", (), "信息处理费 statement", "none")
