"""The values of `dgsp compare`: score reports as read back, and the comparison built from them.

``ScoreReport`` mirrors the ``dgsp.score/1`` and ``/2`` JSON that ``dgsp score`` writes
(and embeds in its report workbook), so a report is read back exactly as it was
computed, whatever language its sheets are in. ``Comparison`` is what
:func:`dgsp.compare.compare` builds from several reports, and what the compare
workbook, the terminal table and the ``dgsp.compare/1`` JSON are written from.

These are plain values: nothing here reads, writes or computes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import ConfigDict, Field

from dgsp.model import Document, Reason
from dgsp.model import _Frozen as _Model

SCORE_SCHEMA = "dgsp.score/2"  # the newest score JSON read back
SCORE_SCHEMAS = ("dgsp.score/1", SCORE_SCHEMA)  # /2 keeps every field of /1 and adds officials
COMPARE_SCHEMA = "dgsp.compare/1"


class _Frozen(_Model):
    """Frozen, fields shared as the score's models (:class:`dgsp.model._Frozen`); keys it does
    not know are ignored: a newer report may carry more."""

    model_config = ConfigDict(frozen=True, extra="ignore")


# ----------------------------------------------------------------------------- a score report, read back


class ReportIndicatorDef(_Frozen):
    """One indicator's definition, from the report's ``plan.indicators``."""

    code: str
    name: str = ""
    task_group: str = ""
    measure: str = ""
    direction: Literal["higher", "lower", "binary"] = "higher"
    weight: Decimal = Decimal(1)
    cap: Decimal = Decimal(1)
    additive: bool = True
    critical: bool = False  # dgsp.score/2: a basic target (chỉ tiêu cơ bản)


class ReportGradeRule(_Frozen):
    grade: str
    min_score: Decimal
    min_achieved_share: Decimal = Decimal(0)
    min_exceeded_share: Decimal = Decimal(0)
    max_behind_share: Decimal | None = None  # dgsp.score/2


class ReportPlan(_Frozen):
    title: str = ""
    year: int
    fingerprint: str = ""
    issued_by: str = ""
    file: str | None = None
    sha256: str | None = None
    max_points: Decimal = Decimal(100)
    excellent_quota: Decimal | None = None
    indicators: tuple[ReportIndicatorDef, ...] = ()
    grade_rules: tuple[ReportGradeRule, ...] = ()
    period: str = "year"  # dgsp.score/2: "year", or "Q1"…"Q4"
    quota_base: str = "good_or_better"  # dgsp.score/2
    seat_rounding: str = "floor"  # dgsp.score/2
    document: Document = Document()  # the heading and signature (Thông tin), when given


class ReportIndicator(_Frozen):
    """One scored unit's result on one indicator."""

    code: str
    target: Decimal
    actual: Decimal
    ratio: Decimal
    points: Decimal
    achieved: bool
    exceeded: bool
    weight: Decimal = Decimal(1)
    capped: bool = False


class ReportReason(_Frozen):
    """One reason for a grade (``reasons`` of a ``/2`` report): its code, and its text in the
    report's language."""

    code: str
    text: str = ""


class ReportUnit(_Frozen):
    code: str
    name: str
    group: str
    heads: tuple[str, ...] = ()
    status: Literal["scored", "rejected", "missing", "not_graded"]
    score: Decimal | None = None
    grade: str | None = None
    grade_before_quota: str | None = None
    rank: int | None = None
    lowered_by_quota: bool = False
    assigned: int | None = None
    achieved: int | None = None
    exceeded: int | None = None
    behind: int | None = None  # dgsp.score/2: tasks not achieved or done late
    indicators: tuple[ReportIndicator, ...] = ()
    # dgsp.score/2
    official: str | None = None  # an official's code (in ``officials``)
    position: str = ""
    unit: str | None = None  # an official's unit
    general_points: Decimal | None = None
    task_points: Decimal | None = None
    reasons: tuple[ReportReason, ...] = ()


class ReportToDate(_Frozen):
    """One unit's year to date on one indicator (``to_date`` of a quarter's ``/2`` report)."""

    unit: str
    indicator: str
    share: Decimal | None = None
    pace: str


class ScoreReport(_Frozen):
    """A ``dgsp score`` result as read back from its workbook or JSON (schema ``dgsp.score/1``).

    ``file`` and ``sha256`` name the file it was read from (not the plan).
    """

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    schema_: str = Field(SCORE_SCHEMA, alias="schema")
    dgsp_version: str = ""
    plan: ReportPlan
    units: tuple[ReportUnit, ...]
    officials: tuple[ReportUnit, ...] = ()  # dgsp.score/2
    to_date: tuple[ReportToDate, ...] = ()  # dgsp.score/2, a quarter scored with --previous
    file: str = ""
    sha256: str = ""


# ----------------------------------------------------------------------------- the comparison

Band = Literal["red", "amber", "green", "dark_green"]
UnitStatus = Literal["scored", "rejected", "missing", "not_graded", "removed"]


class Bands(_Frozen):
    """Heat-map legend: ratio < red_below is red; < green_from amber; ≥ green_from green;
    > green_from dark green (exceeded). Lower-is-better ratios are already "higher is good"."""

    red_below: Decimal = Decimal("0.8")
    green_from: Decimal = Decimal(1)


class ReportRef(_Frozen):
    """One compared report, in comparison order (oldest first; the last is the reference)."""

    title: str
    year: int
    file: str
    sha256: str
    fingerprint: str = ""


class HistoryPoint(_Frozen):
    """A unit in one report: ``status`` is None when the unit is not in that report at all."""

    report: int  # index into Comparison.reports
    status: Literal["scored", "rejected", "missing", "not_graded"] | None
    group: str | None = None
    score: Decimal | None = None
    rank: int | None = None
    grade: str | None = None


class LeagueRow(_Frozen):
    """One unit in its peer group's league table (the reference report's view)."""

    code: str
    name: str
    group: str
    heads: tuple[str, ...] = ()
    status: UnitStatus  # "removed": in an earlier report, not in the reference
    is_new: bool = False  # in the reference, not in the previous report
    score: Decimal | None = None
    rank: int | None = None
    grade: str | None = None
    grade_before_quota: str | None = None
    lowered_by_quota: bool = False
    assigned: int | None = None
    achieved: int | None = None
    exceeded: int | None = None
    previous_status: Literal["scored", "rejected", "missing", "not_graded"] | None = None
    previous_score: Decimal | None = None
    previous_rank: int | None = None
    previous_grade: str | None = None
    score_change: Decimal | None = None
    rank_change: int | None = None  # positive: moved up
    median_rank: Decimal | None = None  # with --sensitivity
    rank_band: tuple[int, int] | None = None  # 5th–95th percentile rank, with --sensitivity
    # its band overlaps the next- or the previous-ranked unit's: both of such a pair are marked
    not_clearly_different: bool = False
    history: tuple[HistoryPoint, ...] = ()


class GroupLeague(_Frozen):
    group: str
    rows: tuple[LeagueRow, ...]  # scored by rank (then code), then rejected, missing, removed


class IndicatorCell(_Frozen):
    unit: str
    ratio: Decimal | None  # None: the unit is not scored on it
    rank: int | None = None  # within the group, by ratio, competition ranking
    band: Band | None = None
    previous_ratio: Decimal | None = None  # only when the indicator is comparable


class IndicatorLeague(_Frozen):
    """One indicator within one peer group of the reference report."""

    indicator: str
    name: str
    task_group: str = ""
    measure: str = ""
    direction: Literal["higher", "lower", "binary"] = "higher"
    group: str
    cells: tuple[IndicatorCell, ...]  # in the group league's order
    median: Decimal | None = None
    best: tuple[str, ...] = ()  # unit codes tied at the best ratio
    comparable: bool = True  # False when its meaning changed across the reports


class QuotaAudit(_Frozen):
    """Per group of the reference report: how the excellent quota was applied."""

    group: str
    quota: Decimal | None
    pool: int  # units rated HTXSNV or HTTNV before the quota
    seats: int | None  # None: no quota
    kept: tuple[str, ...]
    lowered: tuple[str, ...]
    scores: dict[str, Decimal]  # of the kept and lowered units


class NotCompared(_Frozen):
    """An indicator whose meaning changed between reports: not compared across them."""

    indicator: str
    reason: Literal["direction", "measure", "missing"]
    detail: str  # e.g. "Tăng → Giảm" or "% → người" (raw values, language-neutral)
    reports: tuple[int, ...] = ()  # the reports that differ from the reference


class Sensitivity(_Frozen):
    runs: int
    low: Decimal = Decimal("0.8")
    high: Decimal = Decimal("1.2")
    seed: int


class Comparison(_Frozen):
    reports: tuple[ReportRef, ...]  # oldest first; the last is the reference
    groups: tuple[GroupLeague, ...]  # in the reference report's group order
    indicators: tuple[IndicatorLeague, ...]
    officials: tuple[GroupLeague, ...] = ()  # dgsp.score/2: officials, by their peer groups
    quota: tuple[QuotaAudit, ...]
    not_compared: tuple[NotCompared, ...] = ()
    bands: Bands = Bands()
    thresholds: tuple[Decimal, ...] = (Decimal(90), Decimal(70), Decimal(50))  # for charts
    sensitivity: Sensitivity | None = None

    @property
    def reference(self) -> ReportRef:
        return self.reports[-1]

    def to_frame(self):
        """A pandas DataFrame, one row per entity of the league tables (``pip install
        "dgsp[pandas]"``; see :func:`dgsp.frames.comparison_frame`)."""
        from dgsp.frames import comparison_frame

        return comparison_frame(self)


# ----------------------------------------------------------------------------- the year


class YearRound(_Frozen):
    """One entity in one round of the year: None values when it is not in that round."""

    period: str  # Q1…Q4, or year
    status: str | None = None  # scored, not_graded, rejected, missing; None: not in the round
    score: Decimal | None = None
    grade: str | None = None
    reason: str = ""  # not graded: why, as the round's report says it


class YearEntity(_Frozen):
    """One collective or official over the year (``dgsp year``)."""

    code: str
    name: str
    group: str
    official: bool = False
    unit: str = ""  # an official's unit
    rounds: tuple[YearRound, ...]  # Q1…Q4, then the year's own round when there is one
    annual_score: Decimal | None = None
    grade_before_quota: str | None = None
    grade: str | None = None
    rank: int | None = None
    lowered_by_quota: bool = False
    excellent_quarters: int = 0
    flags: tuple[str, ...] = ()  # two_failed_in_a_row
    reasons: tuple[Reason, ...] = ()  # as a round's: the rules', then the year's own


class YearEvaluation(_Frozen):
    """The year built from its rounds' score reports."""

    year: int
    title: str
    rule: str  # mean, final
    issued_by: str = ""  # of the last round's plan, with its document's heading and signature
    document: Document = Document()
    reports: tuple[ReportRef, ...]  # in the year's order
    periods: tuple[str, ...]  # of those reports
    units: tuple[YearEntity, ...]
    officials: tuple[YearEntity, ...] = ()

    def to_frame(self, lang: str = "vi"):
        """A pandas DataFrame, one row per entity of the year (``pip install "dgsp[pandas]"``;
        see :func:`dgsp.frames.year_frame`)."""
        from dgsp.frames import year_frame

        return year_frame(self, lang)
