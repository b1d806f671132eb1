"""A supervisor's summary of a store: per body and year, what passed, what failed and why.

Reading a few hundred thousand findings is for a program; a supervising office wants to know
which of its bodies filed, on time, with reports that add up, and where to look first.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from ..errors import GovinfoReportError
from ..i18n import N_, language, t, translate
from .store import Store

WORST = 20
CHAIN_CODE = "carry-over"
GOVERNMENT = "人民政府"


@attrs.define
class Row:
    """One report: its body and year, pass or fail, and what the rules found."""

    body: str
    agency: str
    year: int | None
    path: str
    published: str | None
    errors: int = 0
    warnings: int = 0
    codes: Counter[str] = attrs.field(factory=Counter)
    late: bool = False

    @property
    def passed(self) -> bool:
        return self.errors == 0


@attrs.define
class Summary:
    rows: list[Row]
    by_rule: list[tuple[str, int, int]]  # code, findings, reports
    broken_chains: list[tuple[str, list[int]]]  # body, years whose carry-over breaks
    missing_years: list[tuple[str, list[int]]]
    unreadable: int


def deadline(year: int, agency: str) -> dt.date:
    """Reports are due by 31 January of the next year; a people's government's own report
    (the whole-government one) by 31 March."""
    return dt.date(year + 1, 3 if agency.endswith(GOVERNMENT) else 1, 31)


def _late(published: str | None, year: int | None, agency: str) -> bool:
    if not published or year is None:
        return False
    try:
        date = dt.date.fromisoformat(published[:10])
    except ValueError:
        return False
    return date > deadline(year, agency)


def summarise(store: Store) -> Summary:
    rows: dict[int, Row] = {}
    for rid, body, agency, year, path, published in store.rows(
            "SELECT id, coalesce(body_key, agency, path), coalesce(agency, ''), year, path, published FROM reports "
            "WHERE EXISTS (SELECT 1 FROM files f WHERE f.sha256 = reports.sha256 AND f.status = 'read')"):
        rows[rid] = Row(body, agency, year, path, published, late=_late(published, year, agency))
    per_rule: Counter[str] = Counter()
    reports_per_rule: dict[str, set[int]] = defaultdict(set)
    chains: dict[str, set[int]] = defaultdict(set)
    for rid, code, severity in store.rows("SELECT report_id, code, severity FROM findings"):
        row = rows.get(rid)
        if row is None:
            continue
        row.errors += severity == "error"
        row.warnings += severity == "warning"
        if severity != "info":
            row.codes[code] += 1
            per_rule[code] += 1
            reports_per_rule[code].add(rid)
        if code == CHAIN_CODE and row.year is not None:
            chains[row.body].add(row.year)
    years: dict[str, set[int]] = defaultdict(set)
    for row in rows.values():
        if row.year is not None:
            years[row.body].add(row.year)
    missing = [(body, sorted(set(range(min(ys), max(ys) + 1)) - ys)) for body, ys in sorted(years.items())]
    unreadable = next(iter(store.rows("SELECT count(*) FROM files WHERE status = 'failed'")))[0]
    return Summary(
        rows=sorted(rows.values(), key=lambda r: (r.body, r.year or 0, r.path)),
        by_rule=[(code, n, len(reports_per_rule[code])) for code, n in per_rule.most_common()],
        broken_chains=[(body, sorted(ys)) for body, ys in sorted(chains.items())],
        missing_years=[(body, ys) for body, ys in missing if ys],
        unreadable=int(unreadable),
    )


def worst(summary: Summary, n: int = WORST) -> list[Row]:
    failing = [r for r in summary.rows if not r.passed]
    return sorted(failing, key=lambda r: (-r.errors, -r.warnings, r.path))[:n]


def write_summary(store_path: str | Path, output: str | Path) -> Path:
    out = Path(output)
    with Store(store_path) as store:
        summary = summarise(store)
    if out.suffix.lower() == ".html":
        out.write_text(render_html(summary), encoding="utf-8")
    elif out.suffix.lower() == ".xlsx":
        _xlsx(summary, out)
    else:
        raise GovinfoReportError(f"{out}: a summary is written as .html or .xlsx")
    return out


def _table_rows(summary: Summary) -> list[list[Any]]:
    return [[r.body, r.agency, r.year, "pass" if r.passed else "fail", r.errors, r.warnings,
             "late" if r.late else "", r.published or "", " ".join(f"{c}×{n}" for c, n in r.codes.most_common()),
             r.path] for r in summary.rows]


HEADERS = (N_("body"), N_("agency"), N_("year"), N_("result"), N_("errors"), N_("warnings"), N_("late"),
           N_("published"), N_("findings by rule"), N_("file"))


def _xlsx(summary: Summary, out: Path) -> None:
    from openpyxl import Workbook  # on first use: start-up stays light
    book = Workbook(write_only=True)
    sheets: Sequence[tuple[str, Sequence[str], list[list[Any]]]] = (
        ("reports", HEADERS, _table_rows(summary)),
        ("by rule", ("rule", "findings", "reports"), [list(t) for t in summary.by_rule]),
        ("worst", ("file", "agency", "year", "errors", "warnings"),
         [[r.path, r.agency, r.year, r.errors, r.warnings] for r in worst(summary)]),
        ("late", ("file", "agency", "year", "published"),
         [[r.path, r.agency, r.year, r.published] for r in summary.rows if r.late]),
        ("broken chains", ("body", "years"), [[b, " ".join(map(str, ys))] for b, ys in summary.broken_chains]),
        ("missing years", ("body", "years"), [[b, " ".join(map(str, ys))] for b, ys in summary.missing_years]),
    )
    for name, headers, rows in sheets:
        sheet = book.create_sheet(name)
        sheet.append(list(headers))
        for row in rows:
            sheet.append(row)
    book.save(out)


def _chart(by_rule: list[tuple[str, int, int]]) -> str:
    """Findings by rule as horizontal bars, inline SVG (the page needs nothing from outside)."""
    if not by_rule:
        return "<p>No warning or error findings.</p>"
    top = max(n for _, n, _ in by_rule)
    bar_h, label_w, width = 22, 200, 420
    parts = [f'<svg class="chart" width="{label_w + width + 60}" height="{bar_h * len(by_rule) + 4}" '
             'role="img" aria-label="findings by rule">']
    for i, (code, n, _) in enumerate(by_rule):
        y = i * bar_h
        w = max(1, round(width * n / top))
        name = html.escape(code)
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{name}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{bar_h - 6}" data-rule="{name}">'
                     f'<title>{name}: {n}</title></rect>'
                     f'<text x="{label_w + w + 4}" y="{y + 15}">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


_SCRIPT = """
const table = document.getElementById('reports');
const body = table.tBodies[0];
const filter = document.getElementById('filter');
const shown = document.getElementById('shown');
function apply() {
  const words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
  let n = 0;
  for (const row of body.rows) {
    const text = row.textContent.toLowerCase();
    const keep = words.every(w => text.includes(w));
    row.hidden = !keep;
    n += keep;
  }
  shown.textContent = n;
}
function sortBy(col, numeric) {
  const th = table.tHead.rows[0].cells[col];
  const down = th.dataset.dir !== 'asc';
  for (const other of table.tHead.rows[0].cells) delete other.dataset.dir;
  th.dataset.dir = down ? 'asc' : 'desc';
  const rows = Array.from(body.rows);
  const key = r => numeric ? Number(r.cells[col].textContent || -1) : r.cells[col].textContent;
  rows.sort((a, b) => (key(a) > key(b) ? 1 : key(a) < key(b) ? -1 : 0) * (down ? 1 : -1));
  for (const r of rows) body.appendChild(r);
}
for (const [i, th] of Array.from(table.tHead.rows[0].cells).entries()) {
  th.addEventListener('click', () => sortBy(i, th.classList.contains('num')));
}
filter.addEventListener('input', apply);
const params = new URLSearchParams(location.hash.slice(1));
if (params.has('filter')) filter.value = params.get('filter');
if (params.has('sort')) sortBy(Number(params.get('sort')), table.tHead.rows[0].cells[Number(params.get('sort'))]
  .classList.contains('num'));
apply();
"""

_STYLE = """
body { font-family: sans-serif; margin: 1.5em; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 2px 6px; }
th { background: #eee; cursor: pointer; }
tr.fail td.result { color: #b00; font-weight: bold; }
tr.pass td.result { color: #070; }
svg.chart text { font-size: 12px; }
svg.chart rect { fill: #4a78b5; }
"""


def render_html(summary: Summary) -> str:
    """A self-contained page: counts, the chart of findings by rule, and the reports table
    that sorts by a click on a header and filters as one types (or from ``#filter=…``)."""
    numeric = {"year", "errors", "warnings"}
    head = "".join(f'<th class="{"num" if h in numeric else ""}">{html.escape(translate(h))}</th>' for h in HEADERS)
    body = []
    for row, r in zip(_table_rows(summary), summary.rows):
        cells = "".join(f'<td class="{h.split()[0]}">{html.escape("" if v is None else str(v))}</td>'
                        for h, v in zip(HEADERS, row))
        body.append(f'<tr class="{"pass" if r.passed else "fail"}">{cells}</tr>')
    failing = sum(not r.passed for r in summary.rows)

    def listing(title: str, items: list[tuple[str, list[int]]]) -> str:
        lines = "".join(f"<li>{html.escape(b)}: {' '.join(map(str, ys))}</li>" for b, ys in items)
        return f"<h2>{html.escape(translate(title))} ({len(items)})</h2><ul>{lines}</ul>"

    tally = N_("{errors} errors, {warnings} warnings")
    worst_rows = "".join(f"<li>{html.escape(r.path)} — "
                         f"{html.escape(t(tally, errors=r.errors, warnings=r.warnings))}</li>" for r in worst(summary))
    data = json.dumps({"reports": len(summary.rows), "failing": failing, "unreadable": summary.unreadable})
    title, by_rule, offenders, reports, placeholder = (html.escape(translate(w)) for w in (
        N_("Corpus summary"), N_("Findings by rule"), N_("Worst offenders"), N_("Reports"),
        N_("filter: words all present in a row")))
    counts = html.escape(t("{reports} reports, {failing} failing, {late} published late, "
                           "{unreadable} files unreadable.", reports=len(summary.rows), failing=failing,
                           late=sum(r.late for r in summary.rows), unreadable=summary.unreadable))
    # The catalogues' own words need no escaping; the count is a span the filter script updates.
    shown = t("{count} shown", count=f'<span id="shown">{len(summary.rows)}</span>')
    chains = listing(N_("Bodies whose carry-over chain breaks"), summary.broken_chains)
    missing = listing(N_("Missing years"), summary.missing_years)
    lang = "zh" if language() == "zh" else "en"
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_STYLE}</style></head><body>"
        f'<h1>{title}</h1><p id="counts" data-counts="{html.escape(data)}">{counts}</p>'
        f"<h2>{by_rule}</h2>{_chart(summary.by_rule)}"
        f"<h2>{offenders}</h2><ol>{worst_rows}</ol>"
        f"{chains}{missing}"
        f'<h2>{reports}</h2><p><input id="filter" placeholder="{placeholder}"> {shown}</p>'
        f'<table id="reports"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
        f"<script>{_SCRIPT}</script></body></html>"
    )
