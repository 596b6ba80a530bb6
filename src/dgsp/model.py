"""The values that flow through dgsp: Plan → Return → Evaluation.

Every step of the loop is a function from these values to these values. Nothing
here reads or writes a file.

Numbers that come from workbooks (targets, results, weights, caps, shares) are
held as :class:`~decimal.Decimal`, converted from the text the user typed (or
from the shortest repr of the float a spreadsheet stored), so that the scoring
rules can work with exact fractions: 30% of 10 indicators is exactly 3, never
2.9999999.
"""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, PrivateAttr

from dgsp.text import canonical

OUTLIER_FACTOR = 20
"""A result below 1/20 or above 20 times its target is a warning (DG238), unless the plan
sets another factor for the indicator (``Ngưỡng bất thường``)."""

TEMPLATE_VERSION = "1"
"""Bumped when the layout of a unit template changes incompatibly."""


class Direction(str, enum.Enum):
    """How an indicator's result compares with its target (Chiều)."""

    HIGHER = "higher"  # Tăng: more is better
    LOWER = "lower"  # Giảm: less is better (accidents, poverty rate, overdue files)
    BINARY = "binary"  # Đạt: done or not done


class Grade(str, enum.Enum):
    """Grades of Quy định 366-QĐ/TW, best first."""

    HTXSNV = "HTXSNV"  # Hoàn thành xuất sắc nhiệm vụ
    HTTNV = "HTTNV"  # Hoàn thành tốt nhiệm vụ
    HTNV = "HTNV"  # Hoàn thành nhiệm vụ
    KHTNV = "KHTNV"  # Không hoàn thành nhiệm vụ


class Status(str, enum.Enum):
    SCORED = "scored"
    REJECTED = "rejected"
    MISSING = "missing"


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


Num = Annotated[Decimal, AfterValidator(canonical)]
"""A plan number in its one canonical spelling (4.0 and 4 are the same target, and fingerprint alike)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ----------------------------------------------------------------------------- plan


class Unit(_Frozen):
    """One evaluated unit (đơn vị) and the heads (người đứng đầu) judged by it."""

    code: str
    name: str
    group: str  # nhóm so sánh: only units of one group are ranked together
    heads: tuple[str, ...] = ()


class Indicator(_Frozen):
    """One indicator (chỉ tiêu) of the plan."""

    code: str
    name: str
    task_group: str = ""  # nhóm nhiệm vụ
    measure: str = ""  # đơn vị tính
    direction: Direction = Direction.HIGHER
    weight: Num = Decimal(1)
    cap: Num = Decimal(1)  # 1 = 100%
    additive: bool = True  # cộng dồn: province totals add unit targets and results
    outlier_factor: Num = Decimal(OUTLIER_FACTOR)  # ngưỡng bất thường: a result below
    # 1/factor or above factor × its target is a warning (DG238); advisory, so not fingerprinted

    @property
    def in_percent(self) -> bool:
        """Measured in % (``Đơn vị tính`` is ``%``): its results are shown as percentages."""
        return self.measure.strip() == "%"


class Target(_Frozen):
    """The value assigned (chỉ tiêu giao) to one unit for one indicator.

    For a binary indicator the value is 1 (Đạt).
    """

    unit: str
    indicator: str
    value: Num
    note: str = ""


class GradeRule(_Frozen):
    """The conditions for one grade: all must hold (Quy định 366, Art. 11)."""

    grade: Grade
    min_score: Num
    min_achieved_share: Num = Decimal(0)
    min_exceeded_share: Num = Decimal(0)


DEFAULT_GRADE_RULES: tuple[GradeRule, ...] = (
    GradeRule(grade=Grade.HTXSNV, min_score=Decimal(90), min_achieved_share=Decimal(1),
              min_exceeded_share=Decimal("0.3")),
    GradeRule(grade=Grade.HTTNV, min_score=Decimal(70), min_achieved_share=Decimal(1)),
    GradeRule(grade=Grade.HTNV, min_score=Decimal(50), min_achieved_share=Decimal("0.8")),
)


class Plan(_Frozen):
    """A whole evaluation round: who is judged, on what, against which targets."""

    title: str = ""
    year: int
    issued_by: str = ""
    deadline: date | None = None
    max_points: Num = Decimal(100)
    excellent_quota: Num | None = Decimal("0.2")  # None: no quota
    units: tuple[Unit, ...]
    indicators: tuple[Indicator, ...]
    targets: tuple[Target, ...]
    grade_rules: tuple[GradeRule, ...] = DEFAULT_GRADE_RULES

    _index: tuple | None = PrivateAttr(default=None)
    _fingerprint: str | None = PrivateAttr(default=None)

    def __eq__(self, other: object) -> bool:
        """Plans are equal when their content is; the private lookup caches do not count."""
        if not isinstance(other, Plan):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def model_copy(self, *, update: dict | None = None, deep: bool = False) -> Plan:
        """A copy whose lookup caches are rebuilt: a changed plan has a new fingerprint."""
        copy = super().model_copy(update=update, deep=deep)
        copy._index = None
        copy._fingerprint = None
        return copy

    def fingerprint(self) -> str:
        """A short, stable digest of the plan's content (not of the file's bytes).

        Two plan workbooks that say the same thing have the same fingerprint,
        whatever program saved them. Returns carry it so a return can be
        matched to the plan it was issued from.
        """
        if self._fingerprint is None:
            self._fingerprint = _fingerprint(self)
        return self._fingerprint

    def unit(self, code: str) -> Unit | None:
        return _index(self)[0].get(code)

    def indicator(self, code: str) -> Indicator | None:
        return _index(self)[1].get(code)

    def assignments(self, unit_code: str) -> list[tuple[Indicator, Target]]:
        """The indicators assigned to one unit, with their targets, in plan order."""
        return _index(self)[2].get(unit_code, [])


def _index(plan: Plan) -> tuple[dict[str, Unit], dict[str, Indicator], dict[str, list]]:
    if plan._index is None:
        units = {u.code: u for u in plan.units}
        indicators = {i.code: i for i in plan.indicators}
        order = {i.code: n for n, i in enumerate(plan.indicators)}
        by_unit: dict[str, list] = {}
        for t in plan.targets:
            ind = indicators.get(t.indicator)
            if ind is not None:
                by_unit.setdefault(t.unit, []).append((ind, t))
        for rows in by_unit.values():
            rows.sort(key=lambda pair: order[pair[0].code])
        plan._index = (units, indicators, by_unit)
    return plan._index


def _fingerprint(plan: Plan) -> str:
    """The digest of what a return is checked against; the outlier factors only decide
    warnings, so changing one never makes an issued template stale."""
    data = plan.model_dump(mode="json", exclude={"indicators": {"__all__": {"outlier_factor"}}})
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


# ----------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in an input, with where it was found.

    ``code`` refers to the catalogue in :mod:`dgsp.problems`, which owns the
    severity and the vi/en message and hint templates; ``params`` fill them.
    """

    code: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    file: str = ""
    sheet: str = ""
    cell: str = ""
    unit: str = ""
    indicator: str = ""
    strict: bool = field(default=False, compare=False)  # a warning made an error (--strict)

    @property
    def severity(self) -> Severity:
        from dgsp.problems import CATALOGUE

        return Severity.ERROR if self.strict else CATALOGUE[self.code].severity

    def escalated(self) -> Problem:
        """This problem as an error (``--strict``): a warning becomes one; an error stays."""
        from dataclasses import replace

        return self if self.is_error else replace(self, strict=True)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def message(self, lang: str = "vi") -> str:
        from dgsp.problems import render_message

        return render_message(self, lang)

    def hint(self, lang: str = "vi") -> str:
        from dgsp.problems import render_hint

        return render_hint(self, lang)

    def where(self) -> str:
        """``file › sheet!cell``, as much of it as is known."""
        place = f"{self.sheet}!{self.cell}" if self.sheet and self.cell else self.sheet or self.cell
        return " › ".join(p for p in (self.file, place) if p)


# ----------------------------------------------------------------------------- returns


class ReturnedValue(_Frozen):
    """One result a unit reported, with the cell it came from."""

    indicator: str
    value: Num  # binary: 1 done, 0 not done
    cell: str = ""
    note: str = ""


class Return(_Frozen):
    """One returned workbook, as read: which unit, which file, which results.

    ``problems`` holds everything found while reading it. A return with any
    error is rejected as a whole and never scored.
    """

    file: str  # path as given on the command line, for messages
    sha256: str
    unit: str  # unit code ("" when it could not be told)
    plan_fingerprint: str = ""
    values: tuple[ReturnedValue, ...] = ()
    problems: tuple[Problem, ...] = ()
    modified: datetime | None = None  # when it was last saved (dcterms:modified, else mtime)
    output: str = ""  # a dgsp output ("report", "sheet", "compare"), not a return at all

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


# ----------------------------------------------------------------------------- evaluation


class IndicatorResult(_Frozen):
    """One indicator of one scored unit: the numbers behind its points."""

    indicator: str
    target: Decimal
    actual: Decimal
    ratio: Decimal  # exact to 12 places; 1.05 = 105%
    points: Decimal  # weight × min(ratio, cap), exact to 12 places
    weight: Decimal
    achieved: bool
    exceeded: bool
    capped: bool = False  # the cap cut the ratio
    note: str = ""  # the unit's note/evidence


class UnitEvaluation(_Frozen):
    unit: Unit
    status: Status
    file: str = ""
    score: Decimal | None = None  # rounded half-up to 2 places
    grade: Grade | None = None
    grade_before_quota: Grade | None = None
    rank: int | None = None
    lowered_by_quota: bool = False
    assigned: int = 0
    achieved: int = 0
    exceeded: int = 0
    indicators: tuple[IndicatorResult, ...] = ()


class Total(_Frozen):
    """Province-wide figures for one indicator (Toàn tỉnh)."""

    indicator: str
    additive: bool
    units_assigned: int
    units_scored: int
    units_achieved: int
    units_exceeded: int
    target: Decimal | None = None  # None for non-additive indicators
    actual: Decimal | None = None
    ratio: Decimal | None = None


class Source(_Frozen):
    """A file that went into the evaluation (Nguồn)."""

    kind: Literal["plan", "return"]
    file: str
    sha256: str
    unit: str = ""
    status: str = ""


class Evaluation(BaseModel):
    """Everything `dgsp score` found: per unit, per indicator, province-wide."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    plan: Plan
    units: tuple[UnitEvaluation, ...]  # ordered by peer group (plan order), then rank
    totals: tuple[Total, ...]
    problems: tuple[Problem, ...] = ()
    sources: tuple[Source, ...] = ()
    dgsp_version: str = ""

    @property
    def clean(self) -> bool:
        """True when every unit was scored and nothing is in error."""
        return all(u.status is Status.SCORED for u in self.units) and not any(
            p.is_error for p in self.problems
        )


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


__all__ = [
    "TEMPLATE_VERSION", "OUTLIER_FACTOR", "Direction", "Grade", "Status", "Severity", "Unit", "Indicator",
    "Target", "GradeRule", "DEFAULT_GRADE_RULES", "Plan", "Problem", "ReturnedValue", "Return",
    "IndicatorResult", "UnitEvaluation", "Total", "Source", "Evaluation", "file_sha256",
]
