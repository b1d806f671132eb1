"""Rules across years: several reports of one body, checked together.

Reports are grouped by body (the division-coded ``Meta.body``, so 洪泽区人民政府 and
淮安市洪泽区人民政府 are one body; by the normalised agency name where no division is known)
and compared year by year with the year before.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from difflib import SequenceMatcher
from typing import Any

from ..layout import Location
from ..model import Cause, Finding, Meta, Report, Severity
from ..plugins.hookspecs import hookimpl
from .engine import Rule
from .pack import CORPUS

_SUFFIX = re.compile(r"(?:人民政府|政府|管委会|管理委员会|办公室|办公厅)$")
COPY_THRESHOLD = 0.9


def body_key(meta: Meta) -> str:
    """The body a report belongs to: ``Meta.body`` where the division is known, else the
    agency's name without the government suffixes."""
    if meta.body:
        return meta.body
    name = re.sub(r"\s+", "", meta.agency or "")
    previous = None
    while previous != name:
        previous, name = name, _SUFFIX.sub("", name)
    return name


def same_body(a: Meta, b: Meta) -> bool:
    """Two reports' bodies are one: the same coded body, or names one of which ends with the
    other (淮安市洪泽区 / 洪泽区: the parent prefixed, as titles often do)."""
    key_a, key_b = body_key(a), body_key(b)
    if not key_a or not key_b:
        return False
    if a.body and b.body:
        return key_a == key_b
    return key_a.endswith(key_b) or key_b.endswith(key_a)


def group_by_body(reports: Sequence[Report]) -> list[list[Report]]:
    """Reports of the same body, each group sorted by year."""
    groups: list[list[Report]] = []
    for report in reports:
        if not body_key(report.meta) or report.meta.year is None:
            continue
        group = next((g for g in groups if same_body(g[0].meta, report.meta)), None)
        if group is None:
            groups.append([report])
        else:
            group.append(report)
    return [sorted(g, key=lambda r: r.meta.year or 0) for g in groups if len(g) > 1]


def consecutive_pairs(reports: Sequence[Report]) -> Iterator[tuple[Report, Report]]:
    for group in group_by_body(reports):
        for before, after in itertools.pairwise(group):
            if before.meta.year is not None and after.meta.year == before.meta.year + 1:
                yield before, after


def _finding(rule: Rule, message: str, cells: Sequence[str], before: Report, after: Report,
             expected: object = None, actual: object = None) -> Finding:
    return Finding(rule.code, rule.severity, message, tuple(cells),
                   None if expected is None else str(expected), None if actual is None else str(actual),
                   Cause.REPORT, file=after.meta.source,
                   locations={"previous": Location(file=before.meta.source),
                              "current": Location(file=after.meta.source)})


def _columns(report: Report) -> list[str]:
    return [c.key for c in report.format.t3.columns]


def _carry_mismatches(before: Report, after: Report) -> list[tuple[str, object, object]]:
    out: list[tuple[str, object, object]] = []
    for col in _columns(after):
        was, now = before.value(f"t3.carried_forward.{col}"), after.value(f"t3.carried_over.{col}")
        if (was or 0) != (now or 0):
            out.append((col, was, now))
    return out


@CORPUS.rule("carry-over", Severity.WARNING, "上年结转与上年报告不一致", scope="corpus", tags=("corpus",))
def carry_over(reports: Sequence[Report], rule: Rule) -> Iterator[Finding]:
    """This year's 二、上年结转 equals last year's 四、结转下年度继续办理, column by column."""
    for before, after in consecutive_pairs(reports):
        bad = _carry_mismatches(before, after)
        if bad:
            shown = "；".join(f"{col}: 上年结转下年度 {was}，本年上年结转 {now}" for col, was, now in bad)
            cells = [f"t3.carried_over.{col}" for col, _, _ in bad] + [f"t3.carried_forward.{col}" for col, _, _ in bad]
            yield _finding(rule, f"{after.meta.year} 年报告（{after.meta.source}）与 {before.meta.year} 年报告"
                                 f"（{before.meta.source}）结转数不一致：{shown}。", cells, before, after,
                           ", ".join(str(w) for _, w, _ in bad), ", ".join(str(n) for _, _, n in bad))


@CORPUS.rule("carry-over-checked", Severity.INFO, "上年结转已核对", scope="corpus", tags=("corpus",))
def carry_over_checked(reports: Sequence[Report], rule: Rule) -> Iterator[Finding]:
    """Records each consecutive pair whose carry-over agrees, so a batch shows what was compared."""
    for before, after in consecutive_pairs(reports):
        if not _carry_mismatches(before, after):
            total = after.value("t3.carried_over.total")
            yield _finding(rule, f"{after.meta.year} 年上年结转（总计 {total}）与 {before.meta.year} 年"
                                 f"结转下年度一致（{before.meta.source} → {after.meta.source}）。",
                           ["t3.carried_over.total"], before, after, total, total)


@CORPUS.rule("in-force-stock", Severity.INFO, "现行有效件数与上年不衔接", scope="corpus", tags=("corpus", "t2"))
def in_force_stock(reports: Sequence[Report], rule: Rule) -> Iterator[Finding]:
    """2021 format: 现行有效 of this year ≈ last year's 现行有效 + 本年制发 − 本年废止 (soft: documents
    also lapse or are re-counted, so a difference is information, with its size)."""
    for before, after in consecutive_pairs(reports):
        if before.meta.template != "2021" or after.meta.template != "2021":
            continue
        for row in ("regulations", "normative_documents"):
            keys = [f"t2.{row}.in_force", f"t2.{row}.issued", f"t2.{row}.repealed"]
            prev, now, issued, repealed = (before.value(keys[0]), *(after.value(k) for k in keys))
            if None in (prev, now, issued, repealed):
                continue
            expected = prev + issued - repealed  # type: ignore[operator]
            if expected != now:
                label = "规章" if row == "regulations" else "行政规范性文件"
                yield _finding(rule, f"{after.meta.year} 年{label}现行有效 {now}，按上年 {prev} + 制发 {issued} − "
                                     f"废止 {repealed} 应为 {expected}，相差 {now - expected}。",  # type: ignore[operator]
                               keys, before, after, expected, now)


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < COPY_THRESHOLD or matcher.quick_ratio() < COPY_THRESHOLD:
        return matcher.quick_ratio()
    return matcher.ratio()


@CORPUS.rule("copy-paste", Severity.WARNING, "章节与上年雷同", scope="corpus", tags=("corpus", "prose"))
def copy_paste(reports: Sequence[Report], rule: Rule) -> Iterator[Finding]:
    """Sections 一 (总体情况) and 五 (问题及改进) nearly identical to last year's: the report was
    probably copied forward without updating."""
    for before, after in consecutive_pairs(reports):
        for key, name in (("overview", "一、总体情况"), ("problems", "五、存在的主要问题及改进情况")):
            a, b = before.sections.get(key), after.sections.get(key)
            if a is None or b is None or len(a.text) < 50 or len(b.text) < 50:
                continue
            ratio = _similarity(a.text, b.text)
            if ratio >= COPY_THRESHOLD:
                yield _finding(rule, f"{after.meta.year} 年“{name}”与 {before.meta.year} 年相似度 {ratio:.0%}，"
                                     "疑似照搬上年内容。", (), before, after, f"< {COPY_THRESHOLD:.0%}", f"{ratio:.2f}")


@CORPUS.rule("identical-t3", Severity.WARNING, "表三与上年完全相同", scope="corpus", tags=("corpus", "t3"))
def identical_t3(reports: Sequence[Report], rule: Rule) -> Iterator[Finding]:
    """An identical, non-empty 表三 in two consecutive years is almost never true."""
    for before, after in consecutive_pairs(reports):
        a = {k.split(".", 1)[1]: v for k, v in before.flat_cells().items() if k.startswith("t3.")}
        b = {k.split(".", 1)[1]: v for k, v in after.flat_cells().items() if k.startswith("t3.")}
        if a == b and any(v for v in b.values()):
            yield _finding(rule, f"{after.meta.year} 年表三与 {before.meta.year} 年逐格相同，疑似未更新数据。",
                           (), before, after)


@hookimpl
def register_rules(register: Callable[[Rule], Any]) -> None:
    CORPUS.register_all(register)
