"""Rules that depend on what kind of body wrote the report."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..i18n import N_
from ..interfaces import RuleExample
from ..model import Finding, Severity
from .engine import Context
from .pack import CORE

_TOWNSHIP = re.compile(r"(?:镇|乡|街道|街道办事处|街道办)(?:人民政府|政府|办事处)?$")


def is_township(agency: str | None) -> bool:
    return agency is not None and bool(_TOWNSHIP.search(agency.strip()))


@CORE.rule("township-regulations", Severity.WARNING, "乡镇街道填报规章", tags=("agency", "t2"),
           clause='《中华人民共和国立法法》第九十一条、第九十三条: who may make 部门规章 and 地方政府规章',
           example=RuleExample("A town government reports one 规章 issued.",
                               meta=(("agency", "兑镇镇人民政府"),),
                               cells=(("t2.regulations.issued", 1), ("t2.regulations.in_force", 1))))
def township_regulations(ctx: Context) -> Iterator[Finding]:
    """A township or street office (镇、乡、街道) has no power to make 规章 (only the State
    Council's departments and provincial or larger-city governments do), so a non-zero 规章 row
    is almost always 行政规范性文件 entered on the wrong row."""
    if not is_township(ctx.report.meta.agency):
        return
    keys = [k for k, row, _ in ctx.spec.t2.keys() if row.key == "regulations"]
    nonzero = [k for k in keys if (v := ctx.value(k)) is not None and v > 0]
    if nonzero:
        yield ctx.finding(N_("乡镇（街道）无权制定规章，但表二规章一行填报了：{cells}。"), nonzero, 0,
                          ", ".join(str(ctx.value(k)) for k in nonzero),
                          args={"cells": {k: ctx.value(k) for k in nonzero}})
