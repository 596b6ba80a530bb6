"""Progress to date against the annual target (issue 11: the early warning of a quarterly round).

Pure functions over exact numbers. They never change a quarter's score or grade: the year to
date is shown beside it, never blended into one ratio.

- the result to date: for an additive indicator the sum of the year's rounds so far; for any
  other (a rate, a ``Đạt`` task) the latest round's value;
- the share of the year elapsed: Q1 25%, Q2 50%, Q3 75%, Q4 (and the year) 100%;
- higher-is-better: the share reached = to date ÷ annual target; ``on_track`` when it is at
  least the share elapsed, ``behind`` otherwise, ``at_risk`` when it is under 0.8 × the share
  elapsed;
- lower-is-better (an allowance, e.g. accidents): the share used = to date ÷ allowance;
  ``on_track`` while it is at most the share elapsed, ``behind`` above it, ``at_risk`` once the
  year's allowance is used up (for a zero allowance: anything at all);
- ``Đạt``: ``on_track`` when done; not done, ``behind``, and ``at_risk`` in the last quarter.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from dgsp.model import Direction, Indicator, Period, Plan, ToDate, UnitEvaluation
from dgsp.scoring.rules import to_decimal

AT_RISK_FACTOR = Fraction(4, 5)  # under 0.8 × the share elapsed is at risk

_ELAPSED = {Period.Q1: Fraction(1, 4), Period.Q2: Fraction(1, 2), Period.Q3: Fraction(3, 4),
            Period.Q4: Fraction(1), Period.YEAR: Fraction(1)}


class Pace(str, enum.Enum):
    ON_TRACK = "on_track"  # Đúng tiến độ
    BEHIND = "behind"  # Chậm
    AT_RISK = "at_risk"  # Có nguy cơ không đạt


def elapsed(period: Period) -> Fraction:
    """The share of the year elapsed at the end of the period."""
    return _ELAPSED[period]


def to_date(indicator: Indicator, values: Sequence[Decimal]) -> Decimal:
    """The result to date from the year's rounds so far, oldest first: their sum for an
    additive indicator, else the latest value."""
    if not values:
        raise ValueError("no round to add up")
    return sum(values, Decimal(0)) if indicator.additive else values[-1]


def share(value: Decimal, annual: Decimal) -> Fraction | None:
    """The share of the annual target reached (or, lower-is-better, of the allowance used);
    None for a zero allowance, which has no share."""
    if annual == 0:
        return None
    return Fraction(value) / Fraction(annual)


def progress(direction: Direction, value: Decimal, annual: Decimal, period: Period) -> Pace:
    """Where one unit stands on one indicator at the end of ``period`` (see the module)."""
    gone = elapsed(period)
    if direction is Direction.BINARY:
        if value >= 1:
            return Pace.ON_TRACK
        return Pace.AT_RISK if gone == 1 else Pace.BEHIND
    part = share(value, annual)
    if direction is Direction.LOWER:
        if part is None:  # zero tolerance
            return Pace.ON_TRACK if value == 0 else Pace.AT_RISK
        if part >= 1 and (part > 1 or gone < 1):
            return Pace.AT_RISK  # the year's allowance is used up (before the year is out)
        return Pace.ON_TRACK if part <= gone else Pace.BEHIND
    if part is None:
        raise ValueError("a higher-is-better annual target must be > 0")
    if part >= gone:
        return Pace.ON_TRACK
    return Pace.AT_RISK if part < AT_RISK_FACTOR * gone else Pace.BEHIND


def year_to_date(plan: Plan, units: Sequence[UnitEvaluation],
                 earlier: Mapping[tuple[str, str], Sequence[Decimal]]) -> list[ToDate]:
    """Each scored unit's progress on each indicator with an annual target (``Chỉ tiêu năm``).

    ``earlier`` maps (unit, indicator) to its results in the year's earlier rounds, oldest
    first (what ``score --previous`` read from their reports); this round's result comes last.
    The value used is the one scored (the verified one where the Board gave it).
    """
    out: list[ToDate] = []
    gone = elapsed(plan.period)
    for u in units:
        if u.score is None:  # missing or rejected: nothing to add up
            continue
        annual = {ind.code: t.annual for ind, t in plan.assignments(u.unit.code)
                  if t.annual is not None}
        for r in u.indicators:
            if r.indicator not in annual:
                continue
            ind = plan.indicator(r.indicator)
            values = [*earlier.get((u.unit.code, r.indicator), ()), r.actual]
            value = to_date(ind, values)
            part = share(value, annual[r.indicator])
            out.append(ToDate(
                unit=u.unit.code, indicator=r.indicator, to_date=value,
                annual=annual[r.indicator],
                share=None if part is None else to_decimal(part),
                elapsed=to_decimal(gone),
                pace=progress(ind.direction, value, annual[r.indicator], plan.period).value,
                rounds=len(values)))
    return out
