"""Rules across years: several reports of one body, checked together.

Reports are grouped by body (the division-coded ``Meta.body``, so 洪泽区人民政府 and
淮安市洪泽区人民政府 are one body; by the normalised agency name where no division is known)
and compared year by year with the year before.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

import attrs

from ..formats.identities import YearIdentity, year_identities
from ..hookspecs import hookimpl
from ..i18n import N_
from ..interfaces import Rule, RuleExample
from ..layout import Location
from ..model import Cause, Finding, Meta, Report, Severity, Value, finding
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


def _finding(rule: Rule, template: str, args: dict[str, Any], cells: Sequence[str], before: Report, after: Report,
             expected: object = None, actual: object = None) -> Finding:
    args = {"year": after.meta.year, "source": after.meta.source, "previous_year": before.meta.year,
            "previous_source": before.meta.source, **args}
    return finding(rule.code, rule.severity, template, args, cells,
                   expected=None if expected is None else str(expected),
                   actual=None if actual is None else str(actual),
                   cause=Cause.REPORT, file=after.meta.source,
                   locations={"previous": Location(file=before.meta.source),
                              "current": Location(file=after.meta.source)})


@attrs.frozen
class Checked:
    """One identity across years evaluated on a pair: each cell's value, and by how much the
    terms miss 0 (the current year's side less what the year before implies)."""

    identity: YearIdentity
    values: dict[str, Value]  # "previous:key" / "current:key" → value
    difference: Decimal | int


def _side(offset: int) -> str:
    return "previous" if offset < 0 else "current"


def year_checks(before: Report, after: Report, code: str, *, blank_as_zero: bool) -> Iterator[Checked]:
    """The identities across years named ``code`` (formats: ``across_years``) on one pair.

    An instance is skipped where either report's format lacks one of its cells, and — unless
    blanks count as 0 — where one of its cells is blank.
    """
    for identity in year_identities(after.format):
        if identity.code != code:
            continue
        values: dict[str, Value] = {}
        total: Decimal | int = 0
        for offset, key, coefficient in identity.terms:
            report = before if offset < 0 else after
            if key not in report.format.keys():
                break
            value = report.value(key)
            if value is None and not blank_as_zero:
                break
            values[f"{_side(offset)}:{key}"] = value
            total += coefficient * (value or 0)
        else:
            yield Checked(identity, values, total)


@CORPUS.rule("carry-over", Severity.WARNING, "上年结转与上年报告不一致", scope="corpus", tags=("corpus",),
           clause=("表三 二、上年结转 and 四、结转下年度继续办理 of both formats: what one year carries forward, "
                   "the next carries over"),
           example=RuleExample("Last year carried 2 applications forward; this year carries over 0.",
                               before=(("t3.carried_forward.natural_person", 2), ("t3.carried_forward.total", 2))))
def carry_over(reports: Sequence[Report], rule: Rule) -> Iterator[Finding]:
    """This year's 二、上年结转 equals last year's 四、结转下年度继续办理, column by column."""
    for before, after in consecutive_pairs(reports):
        bad = [c for c in year_checks(before, after, "carry-over", blank_as_zero=True) if c.difference]
        if bad:
            shown = [{"template": N_("{column_label}: 上年结转下年度 {was}，本年上年结转 {now}"),
                      "args": {"column_label": c.identity.label, "was": _was(c), "now": _now(c)}} for c in bad]
            cells = [key for c in bad for offset, key, _ in c.identity.terms if offset == 0]
            cells += [key for c in bad for offset, key, _ in c.identity.terms if offset < 0]
            yield _finding(rule, N_("{year} 年报告（{source}）与 {previous_year} 年报告（{previous_source}）"
                                    "结转数不一致：{difference_clauses}。"), {"difference_clauses": shown},
                           cells, before, after,
                           ", ".join(str(_was(c)) for c in bad), ", ".join(str(_now(c)) for c in bad))


def _was(checked: Checked) -> Value:
    return next(v for k, v in checked.values.items() if k.startswith("previous:"))


def _now(checked: Checked) -> Value:
    return next(v for k, v in checked.values.items() if k.startswith("current:"))


@CORPUS.rule("carry-over-checked", Severity.INFO, "上年结转已核对", scope="corpus", tags=("corpus",),
           clause='表三 二、上年结转 and 四、结转下年度继续办理 of both formats',
           example=RuleExample("Last year carried 0 applications forward and this year carries over 0.", before=()))
def carry_over_checked(reports: Sequence[Report], rule: Rule) -> Iterator[Finding]:
    """Records each consecutive pair whose carry-over agrees, so a batch shows what was compared."""
    for before, after in consecutive_pairs(reports):
        if not any(c.difference for c in year_checks(before, after, "carry-over", blank_as_zero=True)):
            total = after.value("t3.carried_over.total")
            yield _finding(rule, N_("{year} 年上年结转（总计 {total}）与 {previous_year} 年"
                                    "结转下年度一致（{previous_source} → {source}）。"), {"total": total},
                           ["t3.carried_over.total"], before, after, total, total)


@CORPUS.rule("in-force-stock", Severity.INFO, "现行有效件数与上年不衔接", scope="corpus", tags=("corpus", "t2"),
           clause='国办公开办函〔2021〕30号 表二 第二十条第（一）项: 本年制发, 本年废止 and 现行有效件数',
           example=RuleExample("Last year 12 行政规范性文件 were in force; this year 0, with none issued or repealed.",
                               before=(("t2.normative_documents.in_force", 12),)))
def in_force_stock(reports: Sequence[Report], rule: Rule) -> Iterator[Finding]:
    """2021 format: 现行有效 of this year ≈ last year's 现行有效 + 本年制发 − 本年废止 (soft: documents
    also lapse or are re-counted, so a difference is information, with its size)."""
    for before, after in consecutive_pairs(reports):
        for checked in year_checks(before, after, "in-force-stock", blank_as_zero=False):
            if not checked.difference:
                continue
            terms = {(off, key.rsplit(".", 1)[1]): key for off, key, _ in checked.identity.terms}
            prev = checked.values[f"previous:{terms[(-1, 'in_force')]}"]
            now, issued, repealed = (checked.values[f"current:{terms[(0, name)]}"]
                                     for name in ("in_force", "issued", "repealed"))
            expected = now - checked.difference  # type: ignore[operator]
            keys = [terms[(0, "in_force")], terms[(0, "issued")], terms[(0, "repealed")]]
            yield _finding(rule, N_("{year} 年{row_label}现行有效 {now}，按上年 {previous} + 制发 "
                                    "{issued} − 废止 {repealed} 应为 {expected}，相差 {difference}。"),
                           {"row_label": checked.identity.label, "now": now, "previous": prev, "issued": issued,
                            "repealed": repealed, "expected": expected, "difference": checked.difference},
                           keys, before, after, expected, now)


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < COPY_THRESHOLD or matcher.quick_ratio() < COPY_THRESHOLD:
        return matcher.quick_ratio()
    return matcher.ratio()


@CORPUS.rule("copy-paste", Severity.WARNING, "章节与上年雷同", scope="corpus", tags=("corpus", "prose"),
           clause="条例 第五十条: the report is of the year's own work",
           example=RuleExample("This year's sections 一 and 五 are last year's, word for word.", before=()))
def copy_paste(reports: Sequence[Report], rule: Rule) -> Iterator[Finding]:
    """Sections 一 (总体情况) and 五 (问题及改进) nearly identical to last year's: the report was
    probably copied forward without updating."""
    for before, after in consecutive_pairs(reports):
        for key, name in (("overview", N_("一、总体情况")), ("problems", N_("五、存在的主要问题及改进情况"))):
            a, b = before.sections.get(key), after.sections.get(key)
            if a is None or b is None or len(a.text) < 50 or len(b.text) < 50:
                continue
            ratio = _similarity(a.text, b.text)
            if ratio >= COPY_THRESHOLD:
                yield _finding(rule, N_("{year} 年“{section_label}”与 {previous_year} 年相似度 {similarity}，"
                                        "疑似照搬上年内容。"), {"section_label": name, "similarity": f"{ratio:.0%}"},
                               (), before, after, f"< {COPY_THRESHOLD:.0%}", f"{ratio:.2f}")


@CORPUS.rule("identical-t3", Severity.WARNING, "表三与上年完全相同", scope="corpus", tags=("corpus", "t3"),
           clause='表三 of both formats: the applications of the year',
           example=RuleExample("This year's 表三 is last year's, cell for cell.",
                               cells=tuple((f"t3.{row}.{column}", 1) for row in ("new_received", "granted", "total")
                                           for column in ("natural_person", "total")),
                               before=()))
def identical_t3(reports: Sequence[Report], rule: Rule) -> Iterator[Finding]:
    """An identical, non-empty 表三 in two consecutive years is almost never true."""
    for before, after in consecutive_pairs(reports):
        a = {k.split(".", 1)[1]: v for k, v in before.flat_cells().items() if k.startswith("t3.")}
        b = {k.split(".", 1)[1]: v for k, v in after.flat_cells().items() if k.startswith("t3.")}
        if a == b and any(v for v in b.values()):
            yield _finding(rule, N_("{year} 年表三与 {previous_year} 年逐格相同，疑似未更新数据。"), {},
                           (), before, after)


@hookimpl
def register_rules(register: Callable[[Rule], Any]) -> None:
    CORPUS.register_all(register)
