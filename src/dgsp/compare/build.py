"""Score reports → :class:`~dgsp.comparison.Comparison` (``dgsp compare``).

Pure functions over the values of :mod:`dgsp.compare.model`: nothing here reads or
writes a file, and nothing prints. Problems that stop a comparison are raised
as :class:`~dgsp.problems.CompareError` (codes from DG420 on), which the CLI turns
into messages and exit code 2.

What is built, from reports of several years (or periods) of the same units:

- the reports in a stated order: plan year, plan title, then file name (then
  the file's hash); the last is the *reference*, the one before it the
  *previous* report;
- a league table per peer group of the reference: ranks are recomputed here by
  standard competition ranking (1, 2, 2, 4) of the rounded score within the
  group, and must agree with the ranks the report carries (DG423);
- per indicator and group: each unit's achievement ratio (as reported, not
  capped: lower-is-better ratios are already "higher is good"), its rank in the
  group, its colour band, the group's median and best units;
- the indicators whose direction or unit of measure changed between reports,
  which are not compared across them;
- a quota audit per group, checked against the quota rule (DG424);
- optionally, rank stability under random weights (:func:`rank_stability`).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from dgsp.compare.model import (
    Band,
    Bands,
    Comparison,
    GroupLeague,
    HistoryPoint,
    IndicatorCell,
    IndicatorLeague,
    LeagueRow,
    NotCompared,
    QuotaAudit,
    ReportIndicatorDef,
    ReportRef,
    ReportUnit,
    ScoreReport,
    Sensitivity,
)
from dgsp.model import DEFAULT_GRADE_RULES, Grade, Problem
from dgsp.problems import CompareError
from dgsp.scoring import competition_ranks, keep_excellent, quota_seats
from dgsp.text import clean

DEFAULT_SEED = 366
"""The seed of the weight factors of :func:`rank_stability` (after Quy định 366-QĐ/TW):
fixed, so that the same reports always give the same rank bands."""

DEFAULT_RUNS = 1000
MAX_RUNS = 100_000
"""Runs are held as a units × runs matrix: 100,000 runs of 3,321 units is about 1.3 GB."""

_CENT = Decimal("0.01")
_ROUNDING_TOLERANCE = 1e-7
"""In cents: float scores within 1e-9 points below a half cent round up (see rank_stability)."""

_STATUS_ORDER = {"scored": 0, "not_graded": 1, "rejected": 2, "missing": 3, "removed": 4}
_POOL = (Grade.HTXSNV.value, Grade.HTTNV.value)


# ----------------------------------------------------------------------------- the comparison


def compare(
    reports: Sequence[ScoreReport],
    bands: Bands = Bands(),
    sensitivity: int | None = None,
    low: Decimal = Decimal("0.8"),
    high: Decimal = Decimal("1.2"),
    seed: int = DEFAULT_SEED,
) -> Comparison:
    """Compare score reports of the same units; the latest report is the reference.

    ``sensitivity`` is the number of re-scoring runs for the rank bands of the
    reference report (None: no bands); each run multiplies every indicator's
    weight by an independent factor drawn uniformly from [``low``, ``high``].
    The reports may be given in any order: the result is the same.
    """
    _check_options(bands, sensitivity, low, high)
    if not reports:
        raise CompareError(Problem("DG429", {}))
    views = [_View.of(r) for r in order_reports(reports)]
    _check_same_report(views)
    _check_overlap(views)
    ref = views[-1]
    prev = views[-2] if len(views) > 1 else None

    leagues = _leagues(views)
    if sensitivity is not None:
        stability = rank_stability(ref.report, sensitivity, low, high, seed)
        leagues = [_with_bands(lg, stability) for lg in leagues]
    not_compared = _not_compared(views)
    changed = {n.indicator for n in not_compared}
    return Comparison(
        reports=tuple(v.ref() for v in views),
        groups=tuple(leagues),
        officials=tuple(_official_leagues(order_reports(reports))),
        indicators=tuple(_indicator_leagues(ref, prev, leagues, bands, changed)),
        quota=tuple(_quota_audit(ref, g) for g in ref.groups),
        not_compared=tuple(not_compared),
        bands=bands,
        thresholds=thresholds(ref.report),
        sensitivity=(None if sensitivity is None
                     else Sensitivity(runs=sensitivity, low=low, high=high, seed=seed)),
    )


def order_reports(reports: Iterable[ScoreReport]) -> list[ScoreReport]:
    """Oldest first: by plan year, plan title, file name, then the file's hash.

    Reports alike in all of these (made in memory) are ordered by their content,
    so that any order of the same reports gives the same order.
    """
    reports = list(reports)

    def key(r: ScoreReport) -> tuple:
        return (r.plan.year, r.plan.title, r.file, r.sha256, r.plan.fingerprint)

    keys = [key(r) for r in reports]
    if len(set(keys)) < len(keys):
        keys = [k + (r.model_dump_json(),) for k, r in zip(keys, reports, strict=True)]
    return [r for _, r in sorted(zip(keys, reports, strict=True), key=lambda kr: kr[0])]


def thresholds(report: ScoreReport) -> tuple[Decimal, ...]:
    """The grade thresholds (HTXSNV, HTTNV, HTNV min_score) of a report, best first."""
    order = [g.value for g in Grade]
    rules = sorted((r for r in report.plan.grade_rules if r.grade in order[:-1]),
                   key=lambda r: order.index(r.grade))
    if not rules:
        return tuple(r.min_score for r in DEFAULT_GRADE_RULES)
    return tuple(r.min_score for r in rules)


def band_of(ratio: Decimal | None, bands: Bands) -> Band | None:
    """The heat-map colour of an achievement ratio."""
    if ratio is None:
        return None
    if ratio < bands.red_below:
        return "red"
    if ratio < bands.green_from:
        return "amber"
    return "green" if ratio == bands.green_from else "dark_green"


# ----------------------------------------------------------------------------- one report, indexed


def _name(r: ScoreReport) -> str:
    """How a report is named in a message: its file, else its plan."""
    return r.file or f"{r.plan.title} ({r.plan.year})"


@dataclass
class _View:
    """A report with its units by code and its ranks recomputed, after checks."""

    report: ScoreReport
    units: dict[str, ReportUnit]
    scores: dict[str, Decimal]  # scored units: the score rounded half-up to 2 places
    ranks: dict[str, int]  # scored units: competition rank within the group
    groups: list[str]  # in order of first appearance
    ratios: dict[str, dict[str, Decimal]]  # scored units: indicator → ratio as reported

    @classmethod
    def of(cls, report: ScoreReport) -> _View:
        name = _name(report)
        units: dict[str, ReportUnit] = {}
        for u in report.units:
            if u.code in units:
                raise CompareError(Problem("DG422", {"code": u.code}, file=name, unit=u.code))
            units[u.code] = u
        scores: dict[str, Decimal] = {}
        for u in report.units:
            if u.status == "scored":
                if u.score is None:
                    raise CompareError(Problem("DG425", {"unit": u.code}, file=name, unit=u.code))
                scores[u.code] = u.score.quantize(_CENT, ROUND_HALF_UP)
        by_group: dict[str, dict[str, Decimal]] = {}
        for u in report.units:
            group_scores = by_group.setdefault(u.group, {})
            if u.code in scores:
                group_scores[u.code] = scores[u.code]
        ranks: dict[str, int] = {}
        for group_scores in by_group.values():
            ranks.update(competition_ranks(group_scores))
        for u in report.units:
            if u.code in ranks and u.rank is not None and u.rank != ranks[u.code]:
                raise CompareError(Problem(
                    "DG423", {"unit": u.code, "found": u.rank, "score": scores[u.code],
                              "expected": ranks[u.code], "group": u.group},
                    file=name, unit=u.code))
        ratios = {u.code: {r.code: r.ratio for r in u.indicators}
                  for u in report.units if u.code in scores}
        return cls(report, units, scores, ranks, list(by_group), ratios)

    def ref(self) -> ReportRef:
        r = self.report
        return ReportRef(title=r.plan.title, year=r.plan.year, file=r.file, sha256=r.sha256,
                         fingerprint=r.plan.fingerprint)

    def point(self, index: int, code: str) -> HistoryPoint:
        u = self.units.get(code)
        if u is None:
            return HistoryPoint(report=index, status=None)
        return HistoryPoint(report=index, status=u.status, group=u.group,
                            score=self.scores.get(code), rank=self.ranks.get(code),
                            grade=u.grade if u.status == "scored" else None)


# ----------------------------------------------------------------------------- checks


def _check_options(bands: Bands, runs: int | None, low: Decimal, high: Decimal) -> None:
    if not Decimal(0) <= bands.red_below <= bands.green_from:
        raise CompareError(Problem("DG428", {"red_below": bands.red_below,
                                             "green_from": bands.green_from}))
    if runs is None:
        return
    if not 1 <= runs <= MAX_RUNS:
        raise CompareError(Problem("DG426", {"runs": runs, "max": MAX_RUNS}))
    if not Decimal(0) < low <= high:
        raise CompareError(Problem("DG427", {"low": low, "high": high}))


def _check_same_report(views: Sequence[_View]) -> None:
    for i, a in enumerate(views):
        for b in views[i + 1:]:
            ra, rb = a.report, b.report
            same_file = bool(ra.sha256) and ra.sha256 == rb.sha256
            same_content = (ra.plan.fingerprint == rb.plan.fingerprint
                            and ra.units == rb.units)
            if same_file or same_content:
                raise CompareError(Problem("DG420", {"first": _name(ra), "second": _name(rb)},
                                           file=_name(rb)))


def _check_overlap(views: Sequence[_View]) -> None:
    ref = views[-1]
    for v in views[:-1]:
        if not set(v.units) & set(ref.units):
            raise CompareError(Problem("DG421", {"report": _name(v.report),
                                                 "reference": _name(ref.report)},
                                       file=_name(v.report)))


# ----------------------------------------------------------------------------- league tables


def _leagues(views: Sequence[_View]) -> list[GroupLeague]:
    ref = views[-1]
    rows: dict[str, list[LeagueRow]] = {g: [] for g in ref.groups}
    for u in ref.report.units:
        rows[u.group].append(_row(views, u, u.status))
    # units of earlier reports that the reference no longer has, as they were last seen;
    # a group that only they belong to comes after the reference's groups
    seen = set(ref.units)
    for v in reversed(views[:-1]):
        for u in v.report.units:
            if u.code not in seen:
                seen.add(u.code)
                rows.setdefault(u.group, []).append(_row(views, u, "removed"))
    return [GroupLeague(group=g, rows=tuple(sorted(rs, key=_row_key))) for g, rs in rows.items()]


def _official_leagues(reports: Sequence[ScoreReport]) -> list[GroupLeague]:
    """The officials of ``dgsp.score/2`` reports, league by league as units are: year over year
    where their codes match (an official absent from a year is new, or removed)."""
    if not any(r.officials for r in reports):
        return []
    return _leagues([_View.of(r.model_copy(update={"units": r.officials})) for r in reports])


def _row_key(row: LeagueRow) -> tuple:
    return (_STATUS_ORDER[row.status], row.rank or 0, row.code)


def _row(views: Sequence[_View], u: ReportUnit, status: str) -> LeagueRow:
    ref = views[-1]
    prev = views[-2] if len(views) > 1 else None
    current = status != "removed"
    data: dict = {
        "code": u.code, "name": u.name, "group": u.group, "heads": u.heads, "status": status,
        "history": tuple(v.point(i, u.code) for i, v in enumerate(views)),
    }
    if current:
        scored = u.status == "scored"
        data.update(
            score=ref.scores.get(u.code), rank=ref.ranks.get(u.code),
            grade=u.grade if scored else None,
            grade_before_quota=u.grade_before_quota if scored else None,
            lowered_by_quota=u.lowered_by_quota, assigned=u.assigned,
            achieved=u.achieved if scored else None, exceeded=u.exceeded if scored else None,
        )
    if prev is not None:
        p = prev.units.get(u.code)
        data["is_new"] = current and p is None
        if p is not None:
            data.update(previous_status=p.status, previous_score=prev.scores.get(u.code),
                        previous_rank=prev.ranks.get(u.code),
                        previous_grade=p.grade if p.status == "scored" else None)
            if current and data["score"] is not None and data["previous_score"] is not None:
                data["score_change"] = data["score"] - data["previous_score"]
            # a rank is a place in one peer group: across a change of group it is not compared
            if (current and data["rank"] is not None and data["previous_rank"] is not None
                    and p.group == u.group):
                data["rank_change"] = data["previous_rank"] - data["rank"]
    return LeagueRow(**data)


def _with_bands(league: GroupLeague, stability: dict[str, RankBand]) -> GroupLeague:
    """Add the rank bands; mark each pair of adjacent units whose bands overlap."""
    rows = list(league.rows)
    scored = [i for i, r in enumerate(rows) if r.code in stability and r.status == "scored"]
    marked: set[int] = set()
    for a, b in zip(scored, scored[1:], strict=False):
        ba, bb = stability[rows[a].code], stability[rows[b].code]
        if ba.low <= bb.high and bb.low <= ba.high:
            marked.update((a, b))
    for i in scored:
        s = stability[rows[i].code]
        rows[i] = rows[i].model_copy(update={"median_rank": s.median,
                                             "rank_band": (s.low, s.high),
                                             "not_clearly_different": i in marked})
    return league.model_copy(update={"rows": tuple(rows)})


# ----------------------------------------------------------------------------- indicators


def _measure_key(measure: str) -> str:
    return " ".join(clean(measure).split()).casefold()


def _not_compared(views: Sequence[_View]) -> list[NotCompared]:
    """The reference's indicators whose direction or unit of measure differ in an earlier report."""
    ref = views[-1]
    earlier = [{d.code: d for d in v.report.plan.indicators} for v in views[:-1]]
    out: list[NotCompared] = []
    for d in ref.report.plan.indicators:
        for reason, value in (("direction", lambda x: x.direction),
                              ("measure", lambda x: x.measure)):
            differ: list[int] = []
            before: list[str] = []
            for i, defs in enumerate(earlier):
                old = defs.get(d.code)
                if old is None:
                    continue
                same = (_measure_key(old.measure) == _measure_key(d.measure)
                        if reason == "measure" else old.direction == d.direction)
                if not same:
                    differ.append(i)
                    if value(old) not in before:
                        before.append(value(old))
            if differ:
                shown = [b or "—" for b in before]
                out.append(NotCompared(indicator=d.code, reason=reason,
                                       detail=f"{', '.join(shown)} → {value(d) or '—'}",
                                       reports=tuple(differ)))
    return out


def _indicator_leagues(ref: _View, prev: _View | None, leagues: Sequence[GroupLeague],
                       bands: Bands, changed: set[str]) -> list[IndicatorLeague]:
    out: list[IndicatorLeague] = []
    by_group = {lg.group: lg for lg in leagues}
    for d in ref.report.plan.indicators:
        comparable = d.code not in changed
        for g in ref.groups:
            league = _indicator_league(d, by_group[g], ref, prev, bands, comparable)
            if league is not None:
                out.append(league)
    return out


def _indicator_league(d: ReportIndicatorDef, league: GroupLeague, ref: _View, prev: _View | None,
                      bands: Bands, comparable: bool) -> IndicatorLeague | None:
    """One indicator in one group; None when no scored unit of the group has it."""
    ratios = {r.code: ref.ratios[r.code][d.code] for r in league.rows
              if r.status == "scored" and d.code in ref.ratios.get(r.code, {})}
    if not ratios:
        return None
    ranks = competition_ranks(ratios)
    best = max(ratios.values())
    cells = []
    for r in league.rows:
        ratio = ratios.get(r.code)
        before = None
        if comparable and prev is not None:
            before = prev.ratios.get(r.code, {}).get(d.code)
        cells.append(IndicatorCell(unit=r.code, ratio=ratio, rank=ranks.get(r.code),
                                   band=band_of(ratio, bands), previous_ratio=before))
    return IndicatorLeague(
        indicator=d.code, name=d.name, task_group=d.task_group, measure=d.measure,
        direction=d.direction, group=league.group, cells=tuple(cells),
        median=statistics.median(ratios.values()),
        best=tuple(sorted(c for c, v in ratios.items() if v == best)),
        comparable=comparable,
    )


# ----------------------------------------------------------------------------- quota audit


def _quota_audit(ref: _View, group: str) -> QuotaAudit:
    """Who was rated HTXSNV or HTTNV before the quota, the seats, who kept HTXSNV, who was lowered.

    The report's own decision is checked against the quota rule (DG424).
    """
    report = ref.report
    scored = sorted((u for u in report.units if u.group == group and u.code in ref.scores),
                    key=lambda u: (ref.ranks[u.code], u.code))
    pool = [u for u in scored if u.grade_before_quota in _POOL]
    seats = quota_seats(report.plan.excellent_quota, (Grade(u.grade_before_quota) for u in pool))
    candidates = {u.code: ref.scores[u.code] for u in scored
                  if u.grade_before_quota == Grade.HTXSNV.value}
    kept = tuple(u.code for u in scored if u.code in candidates and u.grade == Grade.HTXSNV.value)
    lowered = tuple(u.code for u in scored if u.lowered_by_quota)
    expected = keep_excellent(candidates, seats)
    if set(kept) != expected or set(lowered) != set(candidates) - expected:
        raise CompareError(Problem(
            "DG424", {"group": group, "found": ", ".join(kept) or "—",
                      "seats": "∞" if seats is None else seats,
                      "expected": ", ".join(c for c in candidates if c in expected) or "—"},
            file=_name(report)))
    return QuotaAudit(group=group, quota=report.plan.excellent_quota, pool=len(pool), seats=seats,
                      kept=kept, lowered=lowered,
                      scores={c: ref.scores[c] for c in kept + lowered})


# ----------------------------------------------------------------------------- rank stability


class RankBand(NamedTuple):
    """A unit's rank over the sensitivity runs: the median and the 5th–95th percentile band."""

    median: Decimal
    low: int
    high: int


def rank_stability(
    report: ScoreReport,
    runs: int = DEFAULT_RUNS,
    low: Decimal = Decimal("0.8"),
    high: Decimal = Decimal("1.2"),
    seed: int = DEFAULT_SEED,
) -> dict[str, RankBand]:
    """Re-score every scored unit ``runs`` times under random weights; rank bands by unit code.

    In each run every indicator's weight is multiplied by its own factor drawn
    from U[low, high] (``numpy.random.default_rng(seed)``; one factor per
    indicator per run, shared by all units). A unit's score is then
    ``max_points × Σ w_k f_k min(r, cap)_k / Σ w_k f_k`` over its assigned
    indicators, from the ratios and caps in the report, computed for all units
    and runs at once as ``(C∘M) @ (w∘F)ᵀ / M @ (w∘F)ᵀ`` (C the units ×
    indicators matrix of capped ratios, M its assignment mask, F runs × indicators).

    Scores are rounded half-up to 2 places as scoring does, then ranked within
    the peer group by competition ranking (1, 2, 2, 4), run by run. Caveat: this
    arithmetic is float64, not exact fractions; the ratios in a report are
    already rounded to 6 places; and a score within 1e-9 below a half cent is
    rounded up. So with factors of 1 a rescored score can differ from the
    reported one by a cent at a rounding boundary; the bands describe the
    spread of ranks, not the official rank.

    Each unit gets its median rank over the runs (numpy's median: the mean of
    the two middle runs when ``runs`` is even, so possibly x.5) and its band
    [P5, P95] with ``numpy.percentile(method="inverted_cdf")``: ranks that some
    run actually gave, so no rounding is needed (P5 is the best rank that at
    least 5% of runs reach or beat, P95 the rank that 95% of runs reach or beat).

    Same inputs and seed give the same output. Memory is O(units × runs).
    """
    import numpy as np

    scored = [u for u in report.units if u.status == "scored"]
    if not scored:
        return {}
    defs = {d.code: d for d in report.plan.indicators}
    codes = list(dict.fromkeys([d.code for d in report.plan.indicators]
                               + [r.code for u in scored for r in u.indicators]))
    column = {c: j for j, c in enumerate(codes)}
    n, k = len(scored), len(codes)
    capped = np.zeros((n, k))
    mask = np.zeros((n, k))
    weights = np.array([float(defs[c].weight) if c in defs else 0.0 for c in codes])
    for i, u in enumerate(scored):
        for r in u.indicators:
            j = column[r.code]
            d = defs.get(r.code)
            if d is not None:
                value = min(r.ratio, d.cap)
            else:  # not in the plan's list: its points are weight × min(ratio, cap)
                weights[j] = float(r.weight)
                value = r.points / r.weight if r.weight else r.ratio
            capped[i, j] = float(value)
            mask[i, j] = 1.0

    rng = np.random.default_rng(seed)
    factors = rng.uniform(float(low), float(high), size=(runs, k))
    w = (factors * weights).T  # k × runs
    numerator = capped @ w  # C is 0 where not assigned, so C∘M == C
    denominator = mask @ w
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = float(report.plan.max_points) * np.where(denominator > 0,
                                                          numerator / denominator, 0.0)
    cents = np.floor(scores * 100 + 0.5 + _ROUNDING_TOLERANCE).astype(np.int64)
    del numerator, denominator, scores

    group_ids = np.asarray(_group_ids([u.group for u in scored]))
    ranks = competition_ranks_by_run(cents, group_ids)  # runs × units
    median = np.median(ranks, axis=0)
    band = np.percentile(ranks, [5, 95], axis=0, method="inverted_cdf")
    return {u.code: RankBand(Decimal(int(round(median[i] * 2))) / 2,
                             int(band[0, i]), int(band[1, i]))
            for i, u in enumerate(scored)}


def _group_ids(groups: Sequence[str]) -> list[int]:
    index: dict[str, int] = {}
    return [index.setdefault(g, len(index)) for g in groups]


def competition_ranks_by_run(values, group_ids):
    """Competition ranks (1, 2, 2, 4; higher is better) within each group, run by run.

    ``values``: a units × runs integer array (scores in cents); ``group_ids``:
    each unit's group as 0, 1, …. Returns a runs × units array of ranks.

    Each group is shifted into its own range of keys, so one sort per run orders
    every group at once; a unit's rank is 1 + the number of larger values in
    its group, read with ``searchsorted`` as the end of its group's block minus
    the end of its value's ties. Time O(runs × units log units), memory
    O(units × runs): never a units × units array.
    """
    import numpy as np

    n, runs = values.shape
    base = int(values.min())
    span = int(values.max()) - base + 1
    keys = np.ascontiguousarray((values - base).T + group_ids[None, :].astype(np.int64) * span)
    ordered = np.sort(keys, axis=1)
    group_end = np.cumsum(np.bincount(group_ids))[group_ids]  # position after each unit's group
    ranks = np.empty((runs, n), dtype=np.int32)
    for j in range(runs):
        ranks[j] = group_end - np.searchsorted(ordered[j], keys[j], side="right") + 1
    return ranks


__all__ = [
    "DEFAULT_SEED", "DEFAULT_RUNS", "MAX_RUNS", "RankBand", "compare", "order_reports",
    "thresholds", "band_of", "rank_stability", "competition_ranks_by_run",
]
