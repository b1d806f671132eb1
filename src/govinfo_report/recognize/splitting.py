"""Split digit runs whose cell boundaries a crawler erased, using every constraint at once.

A flattened web page prints ``21710000218`` for the seven cells 217, 1, 0, 0, 0, 0, 218. One run
alone rarely decides its split, but the table's identities (row sums, column totals, the
勾稽关系, 表四's groups), the figures the prose states and the neighbouring year do, together.
The solver therefore filters each run's splits by the identities local to it, then searches
over the runs jointly, and only where several complete solutions survive does it fall back to
a documented plausibility order, listing every surviving value so the caller can flag it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from itertools import islice

import attrs

from ..formats.identities import Identity
from ..formats.spec import Kind
from ..formats.statements import quote, statements
from ..numbers import clean

__all__ = ["STOPPED", "TIE_BREAK", "Fact", "Run", "SplitResult", "solve", "split_run"]

Number = int | Decimal

TIE_BREAK = "tie-break: even digit lengths, largest last cell, smallest sum"
STOPPED = "enumeration stopped"  # how decided_by begins the note of a search cut short

_UNIT = re.compile(r"(万元|元)\s*$")
_PIECE = re.compile(r"[0-9.+\-]+")
_TEN_THOUSAND = Decimal(10000)


@attrs.frozen
class Run:
    """Digits printed without separators that stand for consecutive cells."""

    keys: tuple[str, ...]
    text: str
    kinds: tuple[Kind, ...]


@attrs.frozen
class Fact:
    """A constraint from outside the tables: ``sum(keys)`` should be one of ``values``."""

    keys: tuple[str, ...]
    values: frozenset[int]
    source: str
    hard: bool = False
    # A figure the report states: every set of cells whose sum it may mean, ``keys`` first.
    # A split that meets it under none of them is reported, never taken silently.
    scopes: tuple[tuple[str, ...], ...] = ()


@attrs.frozen
class SplitResult:
    values: dict[str, Number]
    alternatives: dict[str, tuple[Number, ...]]
    solutions: int
    decided_by: tuple[str, ...]
    # By run (its keys): every split of it some surviving solution uses, the chosen one first,
    # then by plausibility; and how many splits the soft facts ruled out, and which facts did.
    candidates: dict[tuple[str, ...], tuple[tuple[Number, ...], ...]] = attrs.Factory(dict)
    ruled_out: dict[tuple[str, ...], int] = attrs.Factory(dict)
    ruled_out_by: tuple[str, ...] = ()

    def unique(self) -> bool:
        return self.solutions == 1 and not self.alternatives


# -- one run: its syntactically valid splits ---------------------------------------------------


def _parse(piece: str, kind: Kind, in_yuan: bool) -> Number | None:
    """The value of one cell's text, or None when the format could not have printed it so."""
    if kind is Kind.MONEY:
        whole, dot, frac = piece.partition(".")
        if not whole.isdigit() or (dot and not frac.isdigit()) or (len(whole) > 1 and whole[0] == "0"):
            return None
        try:
            amount = Decimal(piece)
        except InvalidOperation:
            return None
        return amount / _TEN_THOUSAND if in_yuan else amount
    # A sign starts a 本年增/减 cell: "0+11" is 0, +1, 1, never a count holding a "+".
    signed = kind is Kind.SIGNED and piece[:1] in ("-", "+")
    digits = piece[1:] if signed else piece
    if not digits.isdigit() or (len(digits) > 1 and digits[0] == "0") or (signed and digits == "0"):
        return None
    return -int(digits) if piece[0] == "-" else int(digits)


def _groups(run: Run) -> tuple[list[str], bool] | None:
    """The space-separated groups of a run (spaces are certain boundaries) and its 元 flag."""
    text = clean(run.text)
    unit = _UNIT.search(text)
    in_yuan = bool(unit and unit.group(1) == "元")
    if unit:
        if not run.kinds or run.kinds[-1] is not Kind.MONEY:
            return None
        text = text[: unit.start()]
    groups = text.split()
    if not groups or not all(_PIECE.fullmatch(g) for g in groups):
        return None
    return groups, in_yuan


Check = Callable[[int, list[Number]], bool]


def _iter_splits(run: Run, check: Check | None = None) -> Iterator[tuple[Number, ...]]:
    """Depth-first over cell end positions, shortest first cell first; ``check`` prunes prefixes."""
    parsed = _groups(run)
    if parsed is None or len(run.keys) != len(run.kinds):
        return
    groups, in_yuan = parsed
    n = len(run.keys)
    rest = [sum(len(g) for g in groups[i:]) for i in range(len(groups) + 1)]
    values: list[Number] = []

    def step(cell: int, group: int, pos: int) -> Iterator[tuple[Number, ...]]:
        if cell == n:
            if group == len(groups):
                yield tuple(values)
            return
        if group == len(groups):
            return
        text = groups[group]
        cells_left = n - cell
        chars_left = rest[group + 1] + len(text) - pos
        groups_left = len(groups) - group
        if chars_left < cells_left or groups_left > cells_left:
            return
        for end in range(pos + 1, len(text) + 1):
            # The cells after this one need at least one character each.
            if chars_left - (end - pos) < cells_left - 1:
                break
            last_in_group = end == len(text)
            value = _parse(text[pos:end], run.kinds[cell], in_yuan and cell == n - 1)
            if value is None:
                continue
            values.append(value)
            if check is None or check(cell, values):
                if last_in_group:
                    yield from step(cell + 1, group + 1, 0)
                else:
                    yield from step(cell + 1, group, end)
            values.pop()

    yield from step(0, 0, 0)


def split_run(run: Run, limit: int | None = None) -> list[tuple[Number, ...]]:
    """Every syntactically valid split of ``run``, at most ``limit`` of them."""
    splits = _iter_splits(run)
    return list(splits if limit is None else islice(splits, limit))


# -- constraints --------------------------------------------------------------------------------


@attrs.frozen
class _Constraint:
    """``sum(sign * value) ∈ allowed``: one shape for identities and facts alike."""

    name: str
    detail: str
    terms: tuple[tuple[str, int], ...]
    allowed: frozenset[Number]
    soft: bool = False


def _from_identity(identity: Identity) -> _Constraint:
    terms = tuple((k, 1) for k in identity.left) + tuple((k, -1) for k in identity.right)
    return _Constraint(identity.code, f"{identity.code} {identity.label}", terms, frozenset({0}))


def _from_fact(fact: Fact) -> _Constraint:
    allowed: frozenset[Number] = frozenset(fact.values)
    terms = tuple((k, 1) for k in fact.keys)
    return _Constraint(fact.source, fact.source, terms, allowed, soft=not fact.hard)


def _holds(c: _Constraint, value: Callable[[str], Number]) -> bool:
    total: Number = 0
    for key, sign in c.terms:
        total += sign * value(key)
    return total in c.allowed


# -- the search over one group of runs that share constraints ---------------------------------


# Evenness, the negated last cells, the sum: compared in that order, smaller first.
_Key = tuple[int, tuple[Number, ...], Number]


@attrs.define
class _Tally:
    """Streams the leaves of the search: counts, values seen and the best by plausibility."""

    soft_best: int = -1
    count: int = 0
    best: dict[str, Number] | None = None
    best_key: _Key | None = None
    seen: dict[str, list[Number]] = attrs.Factory(dict)
    # Run index → each split of it in a solution of the best tier, with the best key it reached;
    # and every split of it in any solution, whatever the soft facts said.
    splits: dict[int, dict[tuple[Number, ...], _Key]] = attrs.Factory(dict)
    every: dict[int, set[tuple[Number, ...]]] = attrs.Factory(dict)
    # Soft facts some hard-valid solution met, and some missed: the ones that discriminated.
    soft_met: set[str] = attrs.Factory(set)
    soft_missed: set[str] = attrs.Factory(set)

    def add(self, values: dict[str, Number], soft: int, key: _Key, chosen: Sequence[tuple[Number, ...]]) -> None:
        for i, split in enumerate(chosen):
            self.every.setdefault(i, set()).add(split)
        if soft < self.soft_best:
            return
        if soft > self.soft_best:
            self.soft_best, self.count, self.best, self.best_key, self.seen = soft, 0, None, None, {}
            self.splits = {}
        self.count += 1
        for k, v in values.items():
            bucket = self.seen.setdefault(k, [])
            if v not in bucket:
                bucket.append(v)
        for i, split in enumerate(chosen):
            reached = self.splits.setdefault(i, {})
            if split not in reached or key < reached[split]:
                reached[split] = key
        if self.best_key is None or key < self.best_key:
            self.best, self.best_key = dict(values), key


def _digits(value: Number) -> int:
    return len(str(abs(int(value))))


def _plausibility(chosen: Sequence[tuple[Number, ...]]) -> _Key:
    """Smaller is more plausible.

    Checked against the splits a human read from the original page: cells of even length beat
    one cell hogging the digits; then the last cell of a run, usually a total or a stock
    (总计, 现行有效件数, 采购总金额), is the largest; then the smallest sum.
    """
    evenness = sum(_digits(v) ** 2 for split in chosen for v in split)
    lasts = tuple(-split[-1] for split in chosen)
    total: Number = 0
    for split in chosen:
        for v in split:
            total += -v if v < 0 else v
    return (evenness, lasts, total)


@attrs.define
class _Component:
    runs: list[Run]
    hard: list[_Constraint]
    soft: list[_Constraint]
    known: Mapping[str, Number | None]
    limit: int
    narrowed: list[str] = attrs.Factory(list)
    capped: bool = False

    def note(self, name: str) -> None:
        if name not in self.narrowed:
            self.narrowed.append(name)

    # The value of a key outside the runs: blanks count as 0.
    def fixed(self, key: str) -> Number:
        value = self.known.get(key)
        return 0 if value is None else value

    def candidates(self, run: Run, budget: int) -> list[tuple[tuple[Number, ...], int]]:
        """The run's splits with at most ``budget`` violated local constraints, fewest first."""
        index = {k: i for i, k in enumerate(run.keys)}
        local = [c for c in self.hard if all(k in index or k in self.known for k, _ in c.terms)
                 and any(k in index for k, _ in c.terms)]
        due: dict[int, list[_Constraint]] = {}
        for c in local:
            due.setdefault(max(index[k] for k, _ in c.terms if k in index), []).append(c)
        violations = [0]

        def value_of(values: list[Number]) -> Callable[[str], Number]:
            return lambda k: values[index[k]] if k in index else self.fixed(k)

        work = [0]

        def check(cell: int, values: list[Number]) -> bool:
            # A long run has exponentially many splits: bound the work, not just the output.
            work[0] += 1
            if work[0] > self.limit:
                self.capped = True
                return False
            if cell == 0:
                violations[:] = [0]
            while len(violations) <= cell + 1:
                violations.append(violations[-1])
            violations[cell + 1] = violations[cell]
            for c in due.get(cell, ()):
                if not _holds(c, value_of(values)):
                    violations[cell + 1] += 1
                    if violations[cell + 1] > budget:
                        self.note(c.name)
                        return False
            return True

        out: list[tuple[tuple[Number, ...], int]] = []
        for split in _iter_splits(run, check):
            values = list(split)
            bad = sum(1 for c in local if not _holds(c, value_of(values)))
            out.append((split, bad))
            if len(out) >= self.limit:
                self.capped = True
                break
        out.sort(key=lambda item: item[1])
        return out

    def solve(self, budget: int, tally: _Tally) -> None:
        """Enumerate the solutions with at most ``budget`` violated hard constraints."""
        cands = [self.candidates(run, budget) for run in self.runs]
        if any(not c for c in cands):
            return
        order = sorted(range(len(self.runs)), key=lambda i: len(cands[i]))
        owner = {k: i for i, run in enumerate(self.runs) for k in run.keys}
        bounds: dict[str, tuple[Number, Number]] = {}
        for i, run in enumerate(self.runs):
            for j, key in enumerate(run.keys):
                column = [split[j] for split, _ in cands[i]]
                bounds[key] = (min(column), max(column))
        # Each constraint with the number of its value: equal constraints share one, so a
        # constraint already violated is known by a set lookup, not by comparing fields.
        numbers: dict[_Constraint, int] = {}
        touching: dict[int, list[tuple[_Constraint, int]]] = {}
        for c in self.hard:
            number = numbers.setdefault(c, len(numbers))
            for i in {owner[k] for k, _ in c.terms if k in owner}:
                touching.setdefault(i, []).append((c, number))
        assigned: dict[str, Number] = {}
        violated: list[int] = []
        violated_set: set[int] = set()
        leaves = [0]

        def possible(c: _Constraint) -> bool:
            lo: Number = 0
            hi: Number = 0
            for k, sign in c.terms:
                if k in assigned:
                    a = b = assigned[k]
                elif k in bounds:
                    a, b = bounds[k]
                else:
                    a = b = self.fixed(k)
                lo, hi = (lo + sign * a, hi + sign * b) if sign > 0 else (lo + sign * b, hi + sign * a)
            return any(lo <= v <= hi for v in c.allowed)

        def leaf() -> None:
            chosen = [tuple(assigned[k] for k in run.keys) for run in self.runs]
            value = lambda k: assigned[k] if k in assigned else self.fixed(k)  # noqa: E731
            met = 0
            for c in self.soft:
                if _holds(c, value):
                    met += 1
                    tally.soft_met.add(c.name)
                else:
                    tally.soft_missed.add(c.name)
            tally.add(dict(assigned), met, _plausibility(chosen), chosen)

        def descend(depth: int) -> None:
            if depth == len(order):
                leaf()
                return
            i = order[depth]
            run = self.runs[i]
            checks = touching.get(i, ())
            for split, _bad in cands[i]:
                # Every split tried counts, with each constraint it is checked against, those
                # the budget turns away too: the work, not only the solutions, is bounded.
                leaves[0] += 1 + len(checks)
                if leaves[0] > self.limit:
                    self.capped = True
                    return
                assigned.update(zip(run.keys, split, strict=True))
                fresh = [(c, n) for c, n in checks if n not in violated_set and not possible(c)]
                if len(violated) + len(fresh) <= budget:
                    violated.extend(n for _, n in fresh)
                    violated_set.update(n for _, n in fresh)
                    descend(depth + 1)
                    del violated[len(violated) - len(fresh):]
                    violated_set.difference_update(n for _, n in fresh)
                else:
                    self.note(fresh[0][0].name)
                for k in run.keys:
                    del assigned[k]

        descend(0)


def _components(runs: Sequence[Run], constraints: Sequence[_Constraint]) -> list[list[int]]:
    """Runs that share a constraint must be solved together; the others independently."""
    parent = list(range(len(runs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner = {k: i for i, run in enumerate(runs) for k in run.keys}
    for c in constraints:
        members = sorted({owner[k] for k, _ in c.terms if k in owner})
        for m in members[1:]:
            parent[root(m)] = root(members[0])
    groups: dict[int, list[int]] = {}
    for i in range(len(runs)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _usable(c: _Constraint, run_keys: set[str], known: Mapping[str, Number | None]) -> bool:
    """A constraint helps only if it touches a run and every other key has a known value."""
    keys = [k for k, _ in c.terms]
    return any(k in run_keys for k in keys) and all(k in run_keys or k in known for k in keys)


def solve(runs: Sequence[Run], known: Mapping[str, Number | None], identities: Sequence[Identity],
          facts: Sequence[Fact] = (), limit: int = 200_000) -> SplitResult:
    """Split every run so that every identity holds, ranking survivors by the soft facts.

    When no split satisfies every identity (the report contradicts itself), the splits that
    break the fewest are kept instead, and ``decided_by`` names the identities they break.
    """
    run_keys = {k for run in runs for k in run.keys}
    constraints = [_from_identity(i) for i in identities] + [_from_fact(f) for f in facts]
    constraints = [c for c in constraints if _usable(c, run_keys, known)]
    values: dict[str, Number] = {}
    alternatives: dict[str, tuple[Number, ...]] = {}
    candidates: dict[tuple[str, ...], tuple[tuple[Number, ...], ...]] = {}
    ruled_out: dict[tuple[str, ...], int] = {}
    decided: list[str] = []
    ruled_out_by: list[str] = []
    solutions = 1
    for members in _components(runs, constraints):
        part = _solve_component([runs[i] for i in members], constraints, known, limit)
        values.update(part.values)
        alternatives.update(part.alternatives)
        candidates.update(part.candidates)
        ruled_out.update(part.ruled_out)
        decided.extend(d for d in part.decided_by if d not in decided)
        ruled_out_by.extend(d for d in part.ruled_out_by if d not in ruled_out_by)
        solutions = min(solutions * part.solutions, limit)
    # The constraints first, then the tie-break and any cap: the order says how certain it is.
    decided.sort(key=lambda d: d == TIE_BREAK or d.startswith(STOPPED))
    return SplitResult(values, alternatives, solutions, tuple(decided), candidates, ruled_out, tuple(ruled_out_by))


def _solve_component(runs: list[Run], constraints: Sequence[_Constraint],
                     known: Mapping[str, Number | None], limit: int) -> SplitResult:
    keys = {k for run in runs for k in run.keys}
    mine = [c for c in constraints if any(k in keys for k, _ in c.terms)]
    hard = [c for c in mine if not c.soft]
    soft = [c for c in mine if c.soft]
    component = _Component(runs, hard, soft, known, limit)
    for budget in range(len(hard) + 1):
        tally = _Tally()
        component.solve(budget, tally)
        if tally.best is not None:
            return _result(component, tally)
        if component.capped:
            # Past the cap, an empty level proves nothing: relaxing further only costs time.
            return _run_by_run(component)
    return SplitResult({}, {}, 0, (f"no valid split of {' | '.join(r.text for r in runs)}",))


def _run_by_run(component: _Component) -> SplitResult:
    """The most plausible split of each run on its own, every cell flagged as uncertain."""
    values: dict[str, Number] = {}
    alternatives: dict[str, tuple[Number, ...]] = {}
    candidates: dict[tuple[str, ...], tuple[tuple[Number, ...], ...]] = {}
    for run in component.runs:
        cands = component.candidates(run, len(component.hard))
        if not cands:
            continue
        ranked = sorted(cands, key=lambda c: (c[1], _plausibility([c[0]])))
        best = ranked[0][0]
        for j, key in enumerate(run.keys):
            seen = dict.fromkeys(split[j] for split, _ in cands)
            alternatives[key] = (best[j], *(v for v in seen if v != best[j]))
        values.update(zip(run.keys, best, strict=True))
        candidates[run.keys] = tuple(dict.fromkeys(split for split, _ in ranked))
    note = f"{STOPPED} at {component.limit} steps; cells chosen run by run, all uncertain"
    return SplitResult(values, alternatives, 0, (*component.narrowed, note), candidates)


def _result(component: _Component, tally: _Tally) -> SplitResult:
    assert tally.best is not None
    best = tally.best

    def value(key: str) -> Number:
        return best[key] if key in best else component.fixed(key)

    decided = list(component.narrowed)
    broken = [c for c in component.hard if not _holds(c, value)]
    if broken:
        decided.append("relaxed: no split satisfies every identity; kept those breaking fewest: "
                       + "; ".join(c.detail for c in broken))
    ruled_out_by = [c.name for c in component.soft if c.name in tally.soft_met & tally.soft_missed
                    and _holds(c, value)]
    decided.extend(name for name in dict.fromkeys(ruled_out_by) if name not in decided)
    alternatives: dict[str, tuple[Number, ...]] = {}
    for key, seen in tally.seen.items():
        if len(seen) > 1 or component.capped:
            others = [v for v in seen if v != best[key]]
            if others or component.capped:
                alternatives[key] = (best[key], *others)
    if tally.count > 1 or component.capped:
        decided.append(TIE_BREAK)
    if component.capped:
        decided.append(f"{STOPPED} at {component.limit} steps")
    candidates: dict[tuple[str, ...], tuple[tuple[Number, ...], ...]] = {}
    ruled_out: dict[tuple[str, ...], int] = {}
    for i, run in enumerate(component.runs):
        reached = tally.splits.get(i, {})
        chosen = tuple(best[k] for k in run.keys)
        candidates[run.keys] = tuple(sorted(reached, key=lambda split: (split != chosen, reached[split])))
        ruled_out[run.keys] = len(tally.every.get(i, set()) - reached.keys())
    return SplitResult(best, alternatives, min(tally.count, component.limit), tuple(decided), candidates,
                       ruled_out, tuple(dict.fromkeys(ruled_out_by)))


def prose_facts(text: str, template: str | None = None) -> list[Fact]:
    """Soft facts for the splitter, on the strictest scope of each statement.

    Soft, because the prose is sometimes wrong (pingtan-2023 states 393 规范性文件 in force, the
    table 470) or means a wider scope; a soft fact only ranks splits that every identity allows.
    """
    out: list[Fact] = []
    for stated in statements(text, template):
        out.append(Fact(stated.statement.cells, frozenset({stated.value}),
                        f"prose: {quote(stated.sentence)}", scopes=stated.statement.scopes))
    return out
