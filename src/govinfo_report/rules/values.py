"""Rules on single cells: kinds of value, blanks, and cells or tables the report lacks."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cache

from ..formats.spec import FormatSpec, Kind
from ..i18n import N_
from ..interfaces import RuleExample
from ..model import Finding, Severity
from .engine import Context
from .pack import CORE

_TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}


@cache
def _keys_of_kind(spec: FormatSpec, kinds: tuple[Kind, ...]) -> tuple[str, ...]:
    return tuple(key for key, _, col in spec.cells() if col.kind in kinds)


@CORE.rule("negative-value", Severity.ERROR, "数量为负", tags=("value",),
           clause="条例 第五十条 and the formats' count and amount columns (件数, 数量, 金额)",
           example=RuleExample("表二 prints −3 行政许可 decisions.", cells=(("t2.licensing.decisions", -3),)))
def negative_value(ctx: Context) -> Iterator[Finding]:
    """Counts and fees are never negative; only 本年增/减 (2019 format) may be."""
    keys = _keys_of_kind(ctx.spec, (Kind.COUNT, Kind.MONEY))
    # A 0 or nothing (nearly every cell) is let through before its type is asked.
    bad = [k for k, v in zip(keys, map(ctx.lookup, keys)) if v and isinstance(v, (int, Decimal)) and v < 0]
    if bad:
        yield ctx.finding(N_("以下单元格为负数，数量和金额不能为负：{cells}。"), bad, ">= 0",
                          ", ".join(str(ctx.value(k)) for k in bad), args={"cells": {k: ctx.value(k) for k in bad}})


@CORE.rule("non-integer-count", Severity.ERROR, "件数不是整数", tags=("value",),
           clause="条例 第五十条 and the formats' count columns (件数, 数量)",
           example=RuleExample("表二 prints 2.5 行政许可 decisions.", cells=(("t2.licensing.decisions", "2.5"),)))
def non_integer_count(ctx: Context) -> Iterator[Finding]:
    """A count (件数, 申请数, 案件数) must be a whole number."""
    keys = _keys_of_kind(ctx.spec, (Kind.COUNT, Kind.SIGNED))
    bad = [k for k, v in zip(keys, map(ctx.lookup, keys))
           if v and isinstance(v, Decimal) and v != v.to_integral_value()]
    if bad:
        yield ctx.finding(N_("以下件数不是整数：{cells}。"), bad, "integer", ", ".join(str(ctx.value(k)) for k in bad),
                          args={"cells": {k: ctx.value(k) for k in bad}})


@CORE.rule("blank-cell", Severity.WARNING, "空白单元格", tags=("value", "blank"),
           clause=("国办公开办函〔2021〕30号 and 〔2019〕60号: every cell of 表二, 表三 and 表四 takes a number "
                   "(0 where there is none)"),
           example=RuleExample("表二 leaves the 行政许可 count blank.",
                               cells=(("t2.licensing.decisions", None),)))
def blank_cell(ctx: Context) -> Iterator[Finding]:
    """A printed cell left blank ("", "—", "/", "无") is not 0; the format asks for a number in
    every cell. One finding per table, naming every blank cell. Switch it off with
    ``--ignore blank-cell`` where blanks are accepted practice."""
    for name, table in ctx.report.tables.items():
        # The value asked first spares the cells holding a number (nearly all) the property.
        blanks = [c.key for c in table.cells.values() if c.value is None and c.is_blank]
        if blanks:
            yield ctx.finding(
                N_("{table_label}有 {count} 个单元格为空白（未填 0），空白与 0 含义不同。"),
                blanks, "a number", "blank", args={"table_label": _TABLE_NAMES[name], "count": len(blanks)})


@CORE.rule("table-missing", Severity.WARNING, "缺少表格或行", tags=("structure",),
           clause='条例 第五十条 (一)–(三) and the three tables of both formats',
           example=RuleExample("表三 has no row 四、结转下年度继续办理.",
                               printed=(("四、结转下年度继续办理\t\t" + "\t0" * 7 + "\n", ""),)))
def table_missing(ctx: Context) -> Iterator[Finding]:
    """One of the three official tables, or some of its rows, could not be found in the report."""
    for name, table in ctx.report.tables.items():
        missing = [c.key for c in table.cells.values() if c.value is None and c.is_missing]
        if not missing:
            continue
        if not table.found:
            yield ctx.finding(N_("未找到{table_label}。"), missing, "table", "none",
                              args={"table_label": _TABLE_NAMES[name]})
        else:
            yield ctx.finding(N_("{table_label}缺少 {count} 个单元格（相应行或列未找到）。"),
                              missing, "printed", "missing",
                              args={"table_label": _TABLE_NAMES[name], "count": len(missing)})
