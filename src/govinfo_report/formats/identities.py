"""The sums a format's tables must satisfy, derived from the format itself.

Declared once here, they serve the rule engine (a failing identity is a finding) and the
recognizer (numbers run together are split so that every identity holds).
"""

from __future__ import annotations

from functools import cache

import attrs

from .spec import FormatSpec


@attrs.frozen
class Identity:
    """``sum(left) == sum(right)``; a blank counts as 0, as the format intends."""

    code: str  # the rule that reports it: t3-row-sum, t3-column-total, t3-balance, t4-group-total
    label: str  # the row, column or group it concerns, as printed
    left: tuple[str, ...]
    right: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return (*self.left, *self.right)


@cache
def identities(spec: FormatSpec) -> tuple[Identity, ...]:
    out: list[Identity] = []
    applicants = spec.t3_applicant_columns
    for row in spec.t3_rows:
        out.append(Identity("t3-row-sum", row.label, (f"t3.{row.key}.total",),
                            tuple(f"t3.{row.key}.{c.key}" for c in applicants)))
    for col in spec.t3_columns:
        out.append(Identity("t3-column-total", col.label, (f"t3.total.{col.key}",),
                            tuple(f"t3.{r.key}.{col.key}" for r in spec.t3_outcome_rows)))
    for col in spec.t3_columns:
        out.append(Identity("t3-balance", col.label,
                            (f"t3.new_received.{col.key}", f"t3.carried_over.{col.key}"),
                            (f"t3.total.{col.key}", f"t3.carried_forward.{col.key}")))
    for group in spec.t4_groups:
        out.append(Identity("t4-group-total", group.label, (f"t4.{group.key}.total",),
                            tuple(f"t4.{group.key}.{c.key}" for c in spec.t4_part_columns)))
    return tuple(out)


@cache
def identities_by_key(spec: FormatSpec) -> dict[str, tuple[Identity, ...]]:
    """For each cell key, the identities it takes part in."""
    index: dict[str, list[Identity]] = {}
    for identity in identities(spec):
        for key in identity.keys:
            index.setdefault(key, []).append(identity)
    return {k: tuple(v) for k, v in index.items()}
