"""Rules that compare what the prose says with what the tables say.

Only statements whose meaning is unambiguous are read: a figure the prose gives for
applications received, handled or carried forward, for review and litigation cases, or for
the 行政规范性文件 in force. A figure that matches another common scope (received including
those carried over from last year) is not a contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

import attrs

from ..model import Finding, Severity, Value
from .engine import Context
from .pack import CORE

_N = r"(\d[\d,，]*)\s*"
_GAP = r"[^。；;，,\d]{0,12}?"


@attrs.frozen
class Statement:
    """One kind of figure the prose states, and the cells it may equal."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    cells: tuple[str, ...]
    # The acceptable values, computed from the report.
    accept: Callable[[Context], set[int]]


def _total(ctx: Context, *keys: str) -> int | None:
    values: list[Value] = [ctx.value(k) for k in keys]
    if any(v is None for v in values):
        return None
    return int(sum(v for v in values if v is not None))


def _options(*sums: int | None) -> set[int]:
    return {s for s in sums if s is not None}


STATEMENTS: tuple[Statement, ...] = (
    Statement(
        "本年收到申请",
        (
            re.compile(r"(?:收到|受理|接收|新收|接到)" + _GAP + r"(?:公开)?申请" + r"[^。；;，,\d]{0,6}?" + _N + r"(?:件|个|条|份)"),
            re.compile(r"(?:收到|受理|接收|新收|接到)" + r"[^。；;，,\d]{0,6}?" + _N + r"(?:件|个|条|份)(?:政府信息公开|依申请公开)?申请"),
        ),
        ("t3.new_received.total",),
        lambda ctx: _options(_total(ctx, "t3.new_received.total"),
                             _total(ctx, "t3.new_received.total", "t3.carried_over.total")),
    ),
    Statement(
        "本年办结申请",
        (re.compile(r"(?:办结|办理完毕|已办理|共办理)" + r"[^。；;，,\d]{0,10}?" + _N + r"件"),),
        ("t3.total.total",),
        lambda ctx: _options(_total(ctx, "t3.total.total")),
    ),
    Statement(
        "结转下年度",
        (
            re.compile(r"(?<!上年)(?<!上一年)结转(?:至|到)?(?:下一?年度?|下年|\d{4}\s*年)[^。；;，,\d]{0,8}?" + _N + r"件"),
            re.compile(_N + r"件(?:申请)?结转(?:至|到)?下"),
        ),
        ("t3.carried_forward.total",),
        lambda ctx: _options(_total(ctx, "t3.carried_forward.total")),
    ),
    Statement(
        "行政复议",
        (re.compile(r"行政复议(?:案件|申请)?[^。；;，,\d、]{0,4}?" + _N + r"(?:件|起|宗|个)"),),
        ("t4.review.total",),
        lambda ctx: _options(_total(ctx, "t4.review.total")),
    ),
    Statement(
        "行政诉讼",
        (re.compile(r"行政诉讼(?:案件)?[^。；;，,\d、]{0,4}?" + _N + r"(?:件|起|宗|个)"),),
        ("t4.litigation_direct.total", "t4.litigation_after_review.total"),
        lambda ctx: _options(
            _total(ctx, "t4.litigation_direct.total", "t4.litigation_after_review.total"),
            _total(ctx, "t4.litigation_direct.total"), _total(ctx, "t4.litigation_after_review.total")),
    ),
    Statement(
        "现行有效行政规范性文件",
        (re.compile(r"现行有效(?:的)?(?:行政)?规范性文件[^。；;，,\d]{0,4}?" + _N + r"件"),),
        ("t2.normative_documents.in_force",),
        lambda ctx: _options(_total(ctx, "t2.normative_documents.in_force")),
    ),
)

_NONE_RECEIVED = re.compile(
    r"(?:未收到|没有收到|未接到|无)[^。；;，,\d]{0,24}?(?:政府信息公开|公开|依申请)[^。；;，,\d]{0,4}?申请"
    # "无因政府信息公开申请引起的行政复议" speaks of appeals, not of applications received.
    r"(?![^。；;，,]{0,8}?(?:引起|引发|导致|产生|行政复议|行政诉讼))")


def _sentences(text: str) -> Iterator[str]:
    for part in re.split(r"[。；;\n]", text):
        if part.strip():
            yield part.strip()


def _prose(ctx: Context) -> str:
    return "\n".join(s.text for s in ctx.report.sections.values() if s.text)


def _number(text: str) -> int:
    return int(text.replace(",", "").replace("，", ""))


@CORE.rule("text-vs-table", Severity.WARNING, "正文与表格不一致", tags=("prose",))
def text_vs_table(ctx: Context) -> Iterator[Finding]:
    """Numbers the prose states — applications received, handled and carried forward, review
    and litigation cases, 行政规范性文件 in force — equal the cells of the tables; a statement
    that no application was received agrees with 表三."""
    prose = _prose(ctx)
    if not prose:
        return
    seen: set[tuple[str, int]] = set()
    accepts = {s.name: s.accept(ctx) for s in STATEMENTS}
    for sentence in _sentences(prose):
        for statement in STATEMENTS:
            accepted = accepts[statement.name]
            if not accepted:
                continue
            for pattern in statement.patterns:
                for m in pattern.finditer(sentence):
                    stated = _number(m.group(1))
                    if stated in accepted or (statement.name, stated) in seen:
                        continue
                    seen.add((statement.name, stated))
                    table = " 或 ".join(str(v) for v in sorted(accepted))
                    yield ctx.finding(
                        f"正文称{statement.name} {stated}（“{_quote(sentence)}”），表格为 {table}。",
                        statement.cells, table, stated)
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


@CORE.rule("fee-statement-missing", Severity.WARNING, "未说明信息处理费", tags=("prose",))
def fee_statement_missing(ctx: Context) -> Iterator[Finding]:
    """Section 六 states whether 信息处理费 was charged (条例 第五十条 and the 2021 format's notes)."""
    other = ctx.report.sections.get("other")
    text = other.text if other is not None and other.found else ""
    if other is not None and other.found and _FEE.search(text):
        return
    where = "第六部分" if other is not None and other.found else "报告（缺第六部分）"
    if not (other is not None and other.found) and _FEE.search(_prose(ctx)):
        return
    yield ctx.finding(f"{where}未说明是否收取信息处理费。", (), "信息处理费 statement", "none")
