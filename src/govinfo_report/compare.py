"""One body's report against its report of the year before: what changed, and what carries over.

An office (or a reader of its reports) wants to see, table by table, which numbers moved and
whether this year's 上年结转 takes up last year's 结转下年度 — the identities the formats
declare across years, checked on the pair.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from html import escape
from typing import Any

import attrs

from .formats import cell_names
from .formats.identities import year_identities
from .i18n import N_, language, t, translate
from .model import Report, Value
from .rules.corpus import year_checks
from .serialize import json_number


@attrs.frozen
class Change:
    key: str
    label: str
    before: Value
    after: Value


@attrs.frozen
class Link:
    """One instance of an identity across the two years: its cells' values and whether it holds."""

    code: str
    label: str
    soft: bool
    values: dict[str, Value]  # "previous:key" / "current:key" → value
    difference: int | Decimal

    @property
    def holds(self) -> bool:
        return self.difference == 0


@attrs.frozen
class Comparison:
    before: Report
    after: Report
    changes: dict[str, tuple[Change, ...]]  # table title → the cells that differ
    links: tuple[Link, ...]
    unchanged: int


def compare(before: Report, after: Report) -> Comparison:
    """The cells both reports' formats share that differ, and every across-year identity."""
    names = {**cell_names(before.format), **cell_names(after.format)}
    titles = {t.name: t.title for t in after.format.tables}
    shared = [k for k in after.format.keys() if k in set(before.format.keys())]
    changes: dict[str, list[Change]] = {}
    unchanged = 0
    for key in shared:
        was, now = before.value(key), after.value(key)
        if was == now:
            unchanged += 1
            continue
        changes.setdefault(titles[key[:2]], []).append(Change(key, names[key], was, now))
    links: list[Link] = []
    codes = dict.fromkeys(identity.code for identity in year_identities(after.format))
    for code in codes:
        for checked in year_checks(before, after, code, blank_as_zero=True):
            identity = checked.identity
            links.append(Link(code, identity.label, identity.soft, checked.values, checked.difference))
    return Comparison(before, after, {k: tuple(v) for k, v in changes.items()}, tuple(links), unchanged)


def _show(value: Value) -> str:
    return translate("空白") if value is None else (format(value, "f") if isinstance(value, Decimal) else str(value))


def _who(report: Report) -> str:
    return t("{agency} {year} 年（{source}）", agency=report.meta.agency or "?", year=report.meta.year or "?",
             source=report.meta.source or "?")


def _link_text(link: Link, names: dict[str, str]) -> str:
    sides = {"previous": N_("上年{name} {value}"), "current": N_("本年{name} {value}")}
    parts = [t(sides[k.split(":", 1)[0]], name=names.get(k.split(":", 1)[1], k), value=_show(v))
             for k, v in link.values.items()]
    state = translate("一致") if link.holds else t("相差 {difference}", difference=link.difference)
    return t("[{code}{soft}] {label}：{values} — {state}", code=link.code,
             soft=translate("（参考）") if link.soft else "", label=translate(link.label),
             values=translate("，").join(parts), state=state)


def _names(comparison: Comparison) -> dict[str, str]:
    lang = language()
    return {**cell_names(comparison.before.format, lang), **cell_names(comparison.after.format, lang)}


def to_text(comparison: Comparison) -> Iterator[str]:
    names = _names(comparison)
    yield f"{_who(comparison.before)} → {_who(comparison.after)}"
    for title, changes in comparison.changes.items():
        yield t("{table}：{count} 个单元格变化", table=translate(title), count=len(changes))
        for change in changes:
            yield f"  {names.get(change.key, change.label)}：{_show(change.before)} → {_show(change.after)}"
    yield t("未变化的单元格 {count} 个", count=comparison.unchanged)
    broken = sum(not link.holds for link in comparison.links)
    yield t("跨年度勾稽：{count} 项，{broken} 项不一致", count=len(comparison.links), broken=broken)
    for link in comparison.links:
        yield "  " + _link_text(link, names)


def _json_value(value: Value) -> Any:
    return json_number(value) if isinstance(value, Decimal) else value


def to_json(comparison: Comparison) -> dict[str, Any]:
    def meta(report: Report) -> dict[str, Any]:
        return {"agency": report.meta.agency, "year": report.meta.year, "template": report.meta.template,
                "source": report.meta.source}

    return {
        "before": meta(comparison.before),
        "after": meta(comparison.after),
        "changes": {title: [{"key": c.key, "label": c.label, "before": _json_value(c.before),
                             "after": _json_value(c.after)} for c in changes]
                    for title, changes in comparison.changes.items()},
        "unchanged": comparison.unchanged,
        "across_years": [{"code": link.code, "label": link.label, "soft": link.soft, "holds": link.holds,
                          "difference": _json_value(link.difference),
                          "values": {k: _json_value(v) for k, v in link.values.items()}}
                         for link in comparison.links],
    }


def to_html(comparison: Comparison) -> str:
    names = _names(comparison)
    year_before, year_after = comparison.before.meta.year, comparison.after.meta.year
    page_lang = "zh-CN" if language() == "zh" else "en"
    cell, was, now = (escape(w) for w in (translate("单元格"), t("{year} 年", year=year_before),
                                          t("{year} 年", year=year_after)))
    out = [f'<!DOCTYPE html>\n<html lang="{page_lang}"><head><meta charset="utf-8">',
           f"<title>{escape(_who(comparison.before))} → {escape(_who(comparison.after))}</title>",
           "<style>table{border-collapse:collapse}td,th{border:1px solid #888;padding:2px 6px}"
           ".broken{background:#f4cccc}.num{text-align:center}</style></head><body>",
           f"<h1>{escape(_who(comparison.before))} → {escape(_who(comparison.after))}</h1>"]
    for title, changes in comparison.changes.items():
        out.append(f"<h2>{escape(translate(title))}</h2><table><tr><th>{cell}</th><th>{was}</th><th>{now}</th></tr>")
        out.extend(f'<tr data-key="{escape(c.key)}"><td>{escape(names.get(c.key, c.label))}</td>'
                   f'<td class="num">{escape(_show(c.before))}</td><td class="num">{escape(_show(c.after))}</td></tr>'
                   for c in changes)
        out.append("</table>")
    unchanged = escape(t("未变化的单元格 {count} 个。", count=comparison.unchanged))
    links = escape(translate("跨年度勾稽"))
    out.append(f"<p>{unchanged}</p><h2>{links}</h2><ul>")
    out.extend(f'<li class="{"holds" if link.holds else "broken"}">{escape(_link_text(link, names))}</li>'
               for link in comparison.links)
    out.append("</ul></body></html>\n")
    return "\n".join(out)
