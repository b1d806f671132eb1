"""The sums the official tables must satisfy (see formats/identities.py), as rules."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from functools import cache

from ..formats.identities import Identity, identities
from ..formats.spec import FormatSpec, cell_key
from ..i18n import N_
from ..interfaces import RuleExample
from ..model import Finding, Severity, Value
from .engine import Context
from .pack import CORE


def _sum(lookup: Callable[[str], Value], keys: Sequence[str]) -> Decimal | int:
    total: Decimal | int = 0
    for key in keys:  # a blank counts as 0, as the format intends
        value = lookup(key)
        total += 0 if value is None else value
    return total


Groups = tuple[tuple[tuple[str, ...], str], ...]


def _with_collapsed_rows(ctx: Context, keys: tuple[str, ...], groups: Groups) -> tuple[str, ...]:
    """Use a row printed in place of its group (formats: ``collapsed``) where the group's own
    rows are missing: a 2021 表三 with the 2019 format's single （六）其他处理 row."""
    for subs, extra in groups:
        if all(ctx.is_missing(k) for k in subs) and not ctx.is_missing(extra):
            keys = (*tuple(k for k in keys if k not in subs), extra)
    return keys


def _collapsible(spec: FormatSpec, keys: tuple[str, ...]) -> Groups:
    """The keys of each collapsible group among ``keys``, with the key of the row printed in
    the group's place."""
    out: list[tuple[tuple[str, ...], str]] = []
    for table in spec.tables:
        for collapsed in table.collapsed:
            members = {r.key for r in table.group_rows(collapsed.row.label)}
            subs = tuple(k for k in keys if k.startswith(f"{table.name}.")
                         and k[len(table.name) + 1:].rsplit(".", 1)[0] in members)
            if subs:
                column = subs[0].rsplit(".", 1)[1]
                out.append((subs, cell_key(table.name, collapsed.row.key, column)))
    return tuple(out)


@cache
def _identities_of(spec: FormatSpec, code: str) -> tuple[tuple[Identity, Groups, Groups], ...]:
    """The identities a rule checks, each with the collapsible groups of its two sides: a
    matter of the format alone, so worked out once per format and rule."""
    return tuple((identity, _collapsible(spec, identity.left), _collapsible(spec, identity.right))
                 for identity in identities(spec) if identity.code == code)


def _failures(ctx: Context, code: str) -> Iterator[tuple[Identity, tuple[str, ...], tuple[str, ...],
                                                        Decimal | int, Decimal | int]]:
    lookup = ctx.lookup  # once for every sum, not once per sum
    for identity, left_groups, right_groups in _identities_of(ctx.spec, code):
        left = _with_collapsed_rows(ctx, identity.left, left_groups) if left_groups else identity.left
        right = _with_collapsed_rows(ctx, identity.right, right_groups) if right_groups else identity.right
        lsum, rsum = _sum(lookup, left), _sum(lookup, right)
        # An absent table is the table-missing rule's matter. Asked only of sums that differ:
        # cells read as nothing count as 0, so the sides of an absent table agree anyway.
        if lsum != rsum and not all(ctx.is_missing(k) for k in (*left, *right)):
            yield identity, left, right, lsum, rsum


@CORE.rule("t3-row-sum", Severity.ERROR, "表三行合计", tags=("identity", "t3"),
           clause='表三 column 总计 of both formats (申请人情况)',
           example=RuleExample("自然人 received 3 applications, but 总计 stays 0.",
                               cells=(("t3.new_received.natural_person", 3),)))
def t3_row_sum(ctx: Context) -> Iterator[Finding]:
    """表三 every row: the 总计 column equals the sum of the six applicant columns (blank = 0)."""
    for identity, left, right, total, parts in _failures(ctx, "t3-row-sum"):
        yield ctx.finding(N_("表三“{row_label}”行：总计应为各类申请人之和 {parts}，表中为 {total}。"),
                          (*left, *right), parts, total,
                          args={"row_label": identity.label, "parts": parts, "total": total})


@CORE.rule("t3-column-total", Severity.ERROR, "表三（七）总计", tags=("identity", "t3"),
           clause='表三 row （七）总计 of both formats',
           example=RuleExample("Two applications are granted, but （七）总计 stays 0.",
                               cells=(("t3.granted.natural_person", 2), ("t3.granted.total", 2))))
def t3_column_total(ctx: Context) -> Iterator[Finding]:
    """表三 every column: （七）总计 equals the sum of every outcome row from （一）予以公开 to the
    last （六） row."""
    for identity, left, right, total, parts in _failures(ctx, "t3-column-total"):
        yield ctx.finding(N_("表三“{column_label}”列：（七）总计应为各办理结果之和 {parts}，表中为 {total}。"),
                          (*left, *right), parts, total,
                          args={"column_label": identity.label, "parts": parts, "total": total})


@CORE.rule("t3-balance", Severity.ERROR, "表三勾稽关系", tags=("identity", "t3"),
           clause=("表三's 勾稽关系, printed in the table: "
                   "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
           example=RuleExample("Three applications are received and none is handled or carried forward.",
                               cells=(("t3.new_received.natural_person", 3), ("t3.new_received.total", 3))))
def t3_balance(ctx: Context) -> Iterator[Finding]:
    """表三 every column, the 勾稽关系 printed in the table: 本年新收 + 上年结转 = （七）总计 +
    结转下年度继续办理."""
    for identity, left, right, lsum, rsum in _failures(ctx, "t3-balance"):
        new, over = (ctx.number(k) for k in left)
        total, forward = (ctx.number(k) for k in right)
        yield ctx.finding(
            N_("表三“{column_label}”列勾稽关系不成立：新收 {new} + 上年结转 {over} = {left}，"
               "而总计 {total} + 结转下年度 {forward} = {right}。"), (*left, *right), lsum, rsum,
            args={"column_label": identity.label, "new": new, "over": over, "left": lsum, "total": total,
                  "forward": forward, "right": rsum})


@CORE.rule("t4-group-total", Severity.ERROR, "表四合计", tags=("identity", "t4"),
           clause='表四 of both formats: the 总计 of 行政复议, 未经复议直接起诉 and 复议后起诉',
           example=RuleExample("One review is 结果维持, but the 行政复议 总计 stays 0.",
                               cells=(("t4.review.upheld", 1),)))
def t4_group_total(ctx: Context) -> Iterator[Finding]:
    """表四 every group (行政复议, 未经复议直接起诉, 复议后起诉): 结果维持 + 结果纠正 + 其他结果 +
    尚未审结 = 总计."""
    for identity, left, right, total, parts in _failures(ctx, "t4-group-total"):
        yield ctx.finding(N_("表四“{group_label}”：各结果之和 {parts} 与总计 {total} 不符。"),
                          (*right, *left), parts, total,
                          args={"group_label": identity.label, "parts": parts, "total": total})
