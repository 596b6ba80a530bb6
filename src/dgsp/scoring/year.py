"""The year built from its quarters (issue 11, `dgsp year`): the rules, pure.

The implementers of Hướng dẫn 02-HD/BTCTW agree on these, and Nghị định 335 Điều 17.3 on the
mean:

- the annual score, by the ``mean`` rule, is the mean of the graded quarters' scores, rounded
  half-up to 2 places; an entity graded in fewer than 2 quarters has none. By the ``final``
  rule it is the score of the year's own round (``Năm``) when there is one;
- one quarter graded KHTNV rules out HTXSNV for the year (at most HTTNV);
- KHTNV in two consecutive graded quarters is flagged for the personnel work;
- a tie across the quota's last seat, or in the ranking, goes first to the entity with more
  HTXSNV quarters; only those still tied are lowered together (or share the rank).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from dgsp.model import Grade, Period, Reason
from dgsp.scoring.rules import competition_ranks, keep_excellent, round_half_up

QUARTERS = (Period.Q1, Period.Q2, Period.Q3, Period.Q4)
MIN_GRADED_QUARTERS = 2


def annual_score(quarters: Mapping[Period, Decimal | None], rule: str = "mean",
                 year: Decimal | None = None) -> tuple[Decimal | None, tuple[Reason, ...]]:
    """The annual score, and why there is none.

    ``quarters`` maps each quarter an entity was graded in to its score (None: scored but not
    graded, which does not count); ``year`` is the score of the year's own round, for ``final``.
    """
    if rule == "final":
        if year is None:
            return None, (Reason(code="no_year_round"),)
        return year, ()
    if rule != "mean":
        raise ValueError(f"unknown rule {rule!r}: mean or final")
    graded = [s for q, s in quarters.items() if q in QUARTERS and s is not None]
    if len(graded) < MIN_GRADED_QUARTERS:
        return None, (Reason(code="too_few_quarters", params={
            "count": len(graded), "min": MIN_GRADED_QUARTERS}),)
    return round_half_up(sum((Fraction(s) for s in graded), Fraction(0)) / len(graded)), ()


def _in_order(grades: Mapping[Period, Grade | None]) -> list[tuple[Period, Grade]]:
    """The graded quarters, in the year's order."""
    return [(q, grades[q]) for q in QUARTERS if grades.get(q) is not None]


def quarter_ceiling(grade: Grade, quarters: Mapping[Period, Grade | None]
                    ) -> tuple[Grade, tuple[Reason, ...]]:
    """One quarter graded KHTNV: at most HTTNV for the year (recorded when it lowers it)."""
    failed = [q.value for q, g in _in_order(quarters) if g is Grade.KHTNV]
    if failed and grade is Grade.HTXSNV:
        return Grade.HTTNV, (Reason(code="quarter_failed", params={
            "quarters": ", ".join(failed), "grade": Grade.HTTNV.value, "was": grade.value}),)
    return grade, ()


def two_failed_in_a_row(quarters: Mapping[Period, Grade | None]) -> tuple[Period, Period] | None:
    """The first two consecutive graded quarters both KHTNV (a quarter not graded is skipped,
    not a break), for the personnel work's flag; None when there are none."""
    graded = _in_order(quarters)
    for (q1, g1), (q2, g2) in zip(graded, graded[1:], strict=False):
        if g1 is Grade.KHTNV and g2 is Grade.KHTNV:
            return q1, q2
    return None


def year_keys(scores: Mapping[str, Decimal], excellent_quarters: Mapping[str, int]
              ) -> dict[str, tuple[Decimal, int]]:
    """What orders the year's entities: the annual score, then the number of HTXSNV quarters
    (for the quota's last seat, and for the rank)."""
    return {c: (s, excellent_quarters.get(c, 0)) for c, s in scores.items()}


def keep_excellent_year(scores: Mapping[str, Decimal], excellent_quarters: Mapping[str, int],
                        seats: int | None) -> set[str]:
    """Which of the year's HTXSNV candidates (code → annual score) keep the grade.

    The best-scored keep it; a tie across the last seat is broken by the number of HTXSNV
    quarters, and every entity still tied across it is lowered, so the quota is never exceeded.
    """
    return keep_excellent(year_keys(scores, excellent_quarters), seats)


def year_ranks(scores: Mapping[str, Decimal], excellent_quarters: Mapping[str, int]
               ) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4) by annual score, ties broken by HTXSNV quarters."""
    return competition_ranks(year_keys(scores, excellent_quarters))


def excellent_count(quarters: Sequence[Grade | None]) -> int:
    """The number of quarters graded HTXSNV (after each quarter's quota)."""
    return sum(g is Grade.HTXSNV for g in quarters)
