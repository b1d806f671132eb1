"""The splitter never returns a wrong cell without flagging it.

Random 2021-format tables that satisfy every identity are flattened the way the crawler
flattened Pingtan's pages (digits run together, now and then a stray space at a true cell
boundary). Whatever the solver picks, each cell is either right, listed in ``alternatives``
or given no value at all (a run the bounded search could not split, which ``split_runs``
leaves blank under an ``uncertain-reading`` finding): an ambiguity may stay open, but it may
never pass for certainty.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govinfo_report.formats.identities import identities
from govinfo_report.formats.official import FORMAT_2021
from govinfo_report.formats.spec import Kind
from govinfo_report.recognize.splitting import Run, solve

SPEC = FORMAT_2021
APPLICANTS = [c.key for c in SPEC.t3.columns[:-1]]
OUTCOMES = [r.key for r in SPEC.t3.rows if r.group and r.key != "total"]

# Mostly zeros and small counts, as in real tables, now and then a large one; organisations
# apply far less often than natural persons.
COUNTS = st.one_of(st.just(0), st.just(0), st.just(0), st.integers(0, 9), st.integers(10, 150),
                   st.integers(1000, 60000))
PERSONS = st.one_of(*(st.just(0),) * 4, st.integers(1, 9), st.integers(10, 99), st.integers(100, 400))
SPARSE = st.one_of(*(st.just(0),) * 12, st.integers(1, 9), st.integers(10, 40))


def _t3(draw: st.DrawFn) -> dict[str, int]:
    cells: dict[str, int] = {}
    for col in APPLICANTS:
        for row in OUTCOMES:
            cells[f"t3.{row}.{col}"] = draw(PERSONS if col == "natural_person" else SPARSE)
        total = sum(cells[f"t3.{row}.{col}"] for row in OUTCOMES)
        forward = draw(SPARSE)
        over = draw(st.integers(0, min(total + forward, 3)))
        cells[f"t3.total.{col}"] = total
        cells[f"t3.carried_forward.{col}"] = forward
        cells[f"t3.carried_over.{col}"] = over
        cells[f"t3.new_received.{col}"] = total + forward - over
    for row in SPEC.t3.rows:
        cells[f"t3.{row.key}.total"] = sum(cells[f"t3.{row.key}.{col}"] for col in APPLICANTS)
    return cells


def _t4(draw: st.DrawFn) -> dict[str, int]:
    cells: dict[str, int] = {}
    for group in SPEC.t4.rows:
        parts = [draw(COUNTS) for _ in SPEC.t4.columns[:-1]]
        for col, value in zip(SPEC.t4.columns[:-1], parts, strict=True):
            cells[f"t4.{group.key}.{col.key}"] = value
        cells[f"t4.{group.key}.total"] = sum(parts)
    return cells


def _t2(draw: st.DrawFn) -> dict[str, int | Decimal]:
    cells: dict[str, int | Decimal] = {}
    for key, _, col in SPEC.t2.keys():
        if col.kind is Kind.MONEY:
            cents = draw(st.integers(0, 10**9))
            cells[key] = (Decimal(cents) / 100).quantize(Decimal("0.01"))
        else:
            cells[key] = draw(COUNTS)
    return cells


def _flatten(draw: st.DrawFn, values: list[int | Decimal]) -> str:
    """Digits run together; sometimes a stray space at a real boundary."""
    spaced = draw(st.sets(st.integers(0, len(values) - 2), max_size=2)) if len(values) > 1 else set()
    return "".join(str(v) + (" " if i in spaced else "") for i, v in enumerate(values))


@st.composite
def reports(draw: st.DrawFn) -> tuple[list[Run], dict[str, int | Decimal]]:
    cells: dict[str, int | Decimal] = {**_t2(draw), **_t3(draw), **_t4(draw)}
    groups: list[list[tuple[str, Kind]]] = []
    for block in SPEC.t2.blocks:
        for row in block.rows:
            groups.append([(f"t2.{row.key}.{c.key}", c.kind) for c in block.columns])
    for row in SPEC.t3.rows:
        groups.append([(f"t3.{row.key}.{c.key}", c.kind) for c in SPEC.t3.columns])
    groups.append([(k, c.kind) for k, _, c in SPEC.t4.keys()])
    runs = [Run(tuple(k for k, _ in g), _flatten(draw, [cells[k] for k, _ in g]), tuple(kd for _, kd in g))
            for g in groups]
    return runs, cells


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_every_wrong_cell_is_flagged(report: tuple[list[Run], dict[str, int | Decimal]]) -> None:
    runs, truth = report
    result = solve(runs, {}, identities(SPEC), limit=5_000)
    wrong = {k for k, v in truth.items() if k in result.values and result.values[k] != v}
    if not wrong:
        return
    assert not result.unique()
    assert wrong <= set(result.alternatives), wrong - set(result.alternatives)
    for key in wrong:
        assert result.alternatives[key][0] == result.values[key]


@settings(max_examples=30, deadline=None)
@given(reports())
def test_table_three_is_recovered_when_cells_are_small(report: tuple[list[Run], dict[str, int | Decimal]]) -> None:
    """With spaces at every boundary nothing is left to guess."""
    runs, truth = report
    spaced = [Run(r.keys, " ".join(str(truth[k]) for k in r.keys), r.kinds) for r in runs]
    result = solve(spaced, {}, identities(SPEC))
    assert result.unique()
    assert result.values == truth
