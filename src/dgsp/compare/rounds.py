"""The earlier rounds of a year read back for a quarter's year to date (``score --previous``).

Pure over the reports as read (:class:`~dgsp.compare.model.ScoreReport`): checks that they are
this year's earlier rounds, then hands each unit's results in them to the scoring stage, which
adds them up (:func:`dgsp.scoring.to_date.year_to_date`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from dgsp.compare.model import ScoreReport
from dgsp.model import Period, Plan, Problem
from dgsp.problems import CompareError
from dgsp.scoring.year import QUARTERS

_ORDER = {p.value: i for i, p in enumerate(QUARTERS)}


def check_rounds(reports: Sequence[ScoreReport], year: int, units: set[str],
                 against: str) -> list[Problem]:
    """The checks every set of a year's rounds passes: each report of ``year`` (DG430), one
    per period (DG432), sharing units with ``units`` (DG433), those of the round they are put
    with, the file ``against`` (named in the problems with the report's own)."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for r in reports:
        name = r.file or "—"
        if r.plan.year != year:
            problems.append(Problem("DG430", {"year": r.plan.year, "expected": year,
                                              "other": against}, file=name))
        elif r.plan.period in seen:
            problems.append(Problem("DG432", {"period": r.plan.period,
                                              "other": seen[r.plan.period]}, file=name))
        elif not units & {u.code for u in r.units}:
            problems.append(Problem("DG433", {"other": against}, file=name))
        seen.setdefault(r.plan.period, name)
    return problems


def earlier_results(plan: Plan, reports: Sequence[ScoreReport], plan_file: str = "—"
                    ) -> dict[tuple[str, str], list[Decimal]]:
    """(unit, indicator) → its results in the earlier rounds, oldest first.

    Every report must be of the plan's year, one per quarter, sharing units with the plan
    (:func:`check_rounds`), of an earlier quarter (DG431), and the plan a quarter's (DG434);
    all problems are raised at once. A unit not scored in a round adds nothing for that round.
    """
    problems = [] if plan.period is not Period.YEAR else [Problem("DG434", {})]
    if not problems:
        problems = [Problem("DG431", {"period": r.plan.period, "expected": plan.period.value},
                            file=r.file or "—")
                    for r in reports if r.plan.year == plan.year and (
                        r.plan.period not in _ORDER
                        or _ORDER[r.plan.period] >= _ORDER[plan.period.value])]
    problems += check_rounds(reports, plan.year, {u.code for u in plan.units}, plan_file)
    if problems:
        raise CompareError(problems)
    out: dict[tuple[str, str], list[Decimal]] = {}
    for r in sorted(reports, key=lambda r: _ORDER[r.plan.period]):
        for u in r.units:
            if u.status in ("scored", "not_graded"):
                for i in u.indicators:
                    out.setdefault((u.code, i.code), []).append(i.actual)
    return out
