"""The sums the official tables must satisfy, derived from the format declared as data."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from ..model import Finding, Severity
from .engine import Context
from .pack import CORE


def _printed(ctx: Context, keys: Sequence[str]) -> bool:
    """Whether any of the cells was printed; a table that is absent is another rule's matter."""
    return not all(_missing(ctx, k) for k in keys)


def _missing(ctx: Context, key: str) -> bool:
    cell = ctx.report.cell(key)
    return cell is None or cell.is_missing


def _sum(ctx: Context, keys: Sequence[str]) -> Decimal | int:
    return sum((ctx.number(k) for k in keys), 0)


@CORE.rule("t3-row-sum", Severity.ERROR, "表三行合计", tags=("identity", "t3"))
def t3_row_sum(ctx: Context) -> Iterator[Finding]:
    """表三 every row: the 总计 column equals the sum of the six applicant columns (blank = 0)."""
    cols = [c.key for c in ctx.spec.t3_applicant_columns]
    for row in ctx.spec.t3_rows:
        parts = [f"t3.{row.key}.{c}" for c in cols]
        total = f"t3.{row.key}.total"
        if not _printed(ctx, [total, *parts]):
            continue
        expected, actual = _sum(ctx, parts), ctx.number(total)
        if expected != actual:
            yield ctx.finding(
                f"表三“{row.label}”行：总计应为各类申请人之和 {expected}，表中为 {actual}。",
                [total, *parts], expected, actual)


def _outcome_keys(ctx: Context, column: str) -> list[str]:
    keys = [f"t3.{r.key}.{column}" for r in ctx.spec.t3_outcome_rows]
    subs = [k for k in keys if k.startswith("t3.other.")]
    extra = f"t3.other.total.{column}"
    if subs and all(_missing(ctx, k) for k in subs) and not _missing(ctx, extra):
        keys = [k for k in keys if k not in subs] + [extra]
    return keys


@CORE.rule("t3-column-total", Severity.ERROR, "表三（七）总计", tags=("identity", "t3"))
def t3_column_total(ctx: Context) -> Iterator[Finding]:
    """表三 every column: （七）总计 equals the sum of every outcome row from （一）予以公开 to the
    last （六） row."""
    for col in ctx.spec.t3_columns:
        parts = _outcome_keys(ctx, col.key)
        total = f"t3.total.{col.key}"
        if not _printed(ctx, [total, *parts]):
            continue
        expected, actual = _sum(ctx, parts), ctx.number(total)
        if expected != actual:
            yield ctx.finding(
                f"表三“{col.label}”列：（七）总计应为各办理结果之和 {expected}，表中为 {actual}。",
                [total, *parts], expected, actual)


@CORE.rule("t3-balance", Severity.ERROR, "表三勾稽关系", tags=("identity", "t3"))
def t3_balance(ctx: Context) -> Iterator[Finding]:
    """表三 every column, the 勾稽关系 printed in the table: 本年新收 + 上年结转 = （七）总计 +
    结转下年度继续办理."""
    for col in ctx.spec.t3_columns:
        keys = [f"t3.{r}.{col.key}" for r in ("new_received", "carried_over", "total", "carried_forward")]
        if not _printed(ctx, keys):
            continue
        left = ctx.number(keys[0]) + ctx.number(keys[1])
        right = ctx.number(keys[2]) + ctx.number(keys[3])
        if left != right:
            yield ctx.finding(
                f"表三“{col.label}”列勾稽关系不成立：新收 {ctx.number(keys[0])} + 上年结转 {ctx.number(keys[1])}"
                f" = {left}，而总计 {ctx.number(keys[2])} + 结转下年度 {ctx.number(keys[3])} = {right}。",
                keys, left, right)


@CORE.rule("t4-group-total", Severity.ERROR, "表四合计", tags=("identity", "t4"))
def t4_group_total(ctx: Context) -> Iterator[Finding]:
    """表四 every group (行政复议, 未经复议直接起诉, 复议后起诉): 结果维持 + 结果纠正 + 其他结果 +
    尚未审结 = 总计."""
    for group in ctx.spec.t4_groups:
        parts = [f"t4.{group.key}.{c.key}" for c in ctx.spec.t4_part_columns]
        total = f"t4.{group.key}.total"
        if not _printed(ctx, [total, *parts]):
            continue
        expected, actual = _sum(ctx, parts), ctx.number(total)
        if expected != actual:
            yield ctx.finding(
                f"表四“{group.label}”：各结果之和 {expected} 与总计 {actual} 不符。",
                [*parts, total], expected, actual)
