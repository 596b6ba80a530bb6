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

import dataclasses
import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, PrivateAttr

from dgsp.text import canonical, shared

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
    NOT_GRADED = "not_graded"  # scored, but the appraisal says not to grade (Không xếp loại)


class CriterionScoring(str, enum.Enum):
    """How a general criterion is scored (Cách chấm)."""

    BINARY = "binary"  # Đạt/Không: full points or 0
    SCALE = "scale"  # Thang điểm: 0 to max, in steps of 0.25


class QuotaBase(str, enum.Enum):
    """What the excellent quota is a share of (Cơ sở tính tỷ lệ xuất sắc)."""

    GOOD_OR_BETTER = "good_or_better"  # HTTNV trở lên: HTXSNV and HTTNV before the quota
    GOOD = "good"  # HTTNV: those graded HTTNV before the quota


class Period(str, enum.Enum):
    """The period a round evaluates (Kỳ đánh giá): the year, or one of its quarters."""

    YEAR = "year"
    Q1 = "Q1"
    Q2 = "Q2"
    Q3 = "Q3"
    Q4 = "Q4"


class DocStyle(str, enum.Enum):
    """How the documents are headed (Kiểu văn bản): as a Party document (Hướng dẫn
    36-HD/VPTW) or a state one (Nghị định 30/2020/NĐ-CP); none, as before, when not chosen."""

    NONE = ""
    PARTY = "party"  # Đảng
    STATE = "state"  # Nhà nước


class SeatRounding(str, enum.Enum):
    """How quota × base becomes a number of seats (Làm tròn số lượng xuất sắc)."""

    FLOOR = "floor"  # Làm tròn xuống
    HALF_UP = "half_up"  # Làm tròn


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


Num = Annotated[Decimal, AfterValidator(canonical)]
"""A plan number in its one canonical spelling (4.0 and 4 are the same target, and fingerprint alike)."""


class _Frozen(BaseModel):
    """The base of dgsp's models: frozen, and no field unknown.

    pydantic keeps, in every instance, the set of the fields it was given (2 KB for an
    official's evaluation: 45 MiB for 20,000 of them). Since these models never change, the
    instances given the same fields share one frozen set (:func:`_shared_fields`); a copy
    made with ``model_copy(update=...)`` is given a set of its own to update, then shares
    again (issue 13)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def model_post_init(self, context: object, /) -> None:
        _shared_fields(self)

    def __copy__(self) -> Self:
        return self._with_own_fields(super().__copy__())

    def __deepcopy__(self, memo: dict | None = None) -> Self:
        return self._with_own_fields(super().__deepcopy__(memo))

    def _with_own_fields(self, copied: Self) -> Self:
        """``copied``, given a set of its fields of its own (``model_copy`` updates it)."""
        object.__setattr__(copied, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        return copied

    def model_copy(self, *, update: Mapping[str, object] | None = None,
                   deep: bool = False) -> Self:
        copied = super().model_copy(update=update, deep=deep)
        _shared_fields(copied)
        return copied


_FIELDS_SETS: dict[frozenset[str], frozenset[str]] = {}


def _shared_fields(model: BaseModel) -> None:
    """Give ``model`` the one frozen set of the fields it was given, shared by every model
    given the same (a few hundred sets in all: one per model and combination of fields)."""
    given = frozenset(model.__pydantic_fields_set__)
    object.__setattr__(model, "__pydantic_fields_set__", _FIELDS_SETS.setdefault(given, given))


class _Light:
    """The base of the light values (slotted frozen dataclasses, one per target, result or
    cell): pickled as their fields in order, so that a process pool sends them back 3× faster
    than by the dataclass default (which looks up the fields again for every value)."""

    __slots__ = ()

    def __reduce__(self) -> tuple:
        return type(self), tuple(getattr(self, name) for name in self.__slots__)

    def model_copy(self, *, update: dict | None = None) -> Self:
        """A copy with ``update``'s fields changed, as a model's ``model_copy`` (checked as a
        new value is)."""
        return dataclasses.replace(self, **(update or {}))


def _canonical(d: Decimal) -> bool:
    """Whether ``d`` is in :func:`~dgsp.text.canonical` spelling (a whole number with no
    exponent, else no trailing zero), without making it again."""
    sign, digits, exponent = d.as_tuple()
    if exponent == 0:
        return not (sign and digits == (0,))  # -0 is spelled 0
    return isinstance(exponent, int) and exponent < 0 and digits[-1] != 0


class Document(_Frozen):
    """Who heads and signs the documents dgsp writes (the end of ``Thông tin``): never part of
    the fingerprint, since a change of signatory changes no return."""

    parent_body: str = ""  # cơ quan cấp trên
    place: str = ""  # địa danh, before ", ngày … tháng … năm …"
    style: DocStyle = DocStyle.NONE  # kiểu văn bản
    authority: str = ""  # quyền hạn ký: T/M BAN THƯỜNG VỤ
    signer_title: str = ""  # chức vụ người ký: PHÓ BÍ THƯ THƯỜNG TRỰC
    signer: str = ""  # người ký

    @property
    def given(self) -> bool:
        return self != Document()


# ----------------------------------------------------------------------------- plan


class Unit(_Frozen):
    """One evaluated unit (đơn vị) and the heads (người đứng đầu) judged by it."""

    code: str
    name: str
    group: str  # nhóm so sánh: only units of one group are ranked together
    heads: tuple[str, ...] = ()


class Official(_Frozen):
    """One official (cán bộ) graded as an individual: their unit's task results, their own
    general criteria, conditions and grade (sheet ``Cán bộ``)."""

    code: str  # unique among officials and units alike: an entity code
    name: str
    position: str = ""  # chức vụ
    unit: str  # the unit whose results are theirs
    group: str  # nhóm so sánh (default: the unit's group); ranked among officials only


class Criterion(_Frozen):
    """One general criterion (tiêu chí chung) of the 30-point block (sheet ``Tiêu chí chung``)."""

    code: str
    group: str = ""  # nhóm: political quality, ethics, ...
    name: str
    max_points: Num
    scoring: CriterionScoring = CriterionScoring.SCALE
    collective: bool = True  # áp dụng cho tập thể
    individual: bool = True  # áp dụng cho cá nhân

    def applies(self, individual: bool) -> bool:
        return self.individual if individual else self.collective


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
    critical: bool = False  # chỉ tiêu cơ bản: not achieved means KHTNV (366 Điều 11)
    late_deduction: Num = Decimal(0)  # trừ khi chậm: the share of a late task's points taken off

    @property
    def in_percent(self) -> bool:
        """Measured in % (``Đơn vị tính`` is ``%``): its results are shown as percentages."""
        return self.measure.strip() == "%"


@dataclass(frozen=True, slots=True)
class Target(_Light):
    """The value assigned (chỉ tiêu giao) to one unit for one indicator.

    For a binary indicator the value is 1 (Đạt). A light value (66,000 in a national plan):
    the plan reader makes it from a checked cell; given in code, its numbers are read as the
    reader reads them (canonical), and a plan validated from data builds it field by field.
    """

    unit: str
    indicator: str
    value: Decimal
    note: str = ""
    due: date | None = None  # hạn hoàn thành (Đạt tasks only): done after it is late
    annual: Decimal | None = None  # chỉ tiêu năm: the year's target, for a quarterly plan's
    # progress to date (its value is the quarter's milestone)

    def __post_init__(self) -> None:
        for name in ("value", "annual"):
            number = getattr(self, name)
            if number is not None:  # one object per number (shared), as every light value
                object.__setattr__(self, name, shared(number) if type(number) is Decimal
                                   and _canonical(number) else canonical(Decimal(str(number))))


class GradeRule(_Frozen):
    """The conditions for one grade: all must hold (Quy định 366, Art. 11)."""

    grade: Grade
    min_score: Num
    min_achieved_share: Num = Decimal(0)
    min_exceeded_share: Num = Decimal(0)
    max_behind_share: Num | None = None  # tỷ lệ chậm tối đa; None: 1 − min_achieved_share

    @property
    def behind_limit(self) -> Decimal:
        """The largest share of tasks behind (not achieved, or done late) this grade allows.

        By default 1 − the achieved share it asks: 0% for HTXSNV and HTTNV and 20% for HTNV
        with the default thresholds. With no deadlines the behind share is 1 − the achieved
        share, so the default adds nothing to a plan written before deadlines existed.
        """
        if self.max_behind_share is None:
            return 1 - self.min_achieved_share
        return self.max_behind_share


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
    general_points: Num = Decimal(0)  # G, điểm tiêu chí chung: the task block is max_points − G
    criteria: tuple[Criterion, ...] = ()
    officials: tuple[Official, ...] = ()
    quota_base: QuotaBase = QuotaBase.GOOD_OR_BETTER
    seat_rounding: SeatRounding = SeatRounding.FLOOR
    period: Period = Period.YEAR  # kỳ đánh giá: a quarterly plan's targets are its milestones
    document: Document = Document()  # the header and signature of the documents

    _index: tuple | None = PrivateAttr(default=None)
    _fingerprint: str | None = PrivateAttr(default=None)
    _under_366: bool | None = PrivateAttr(default=None)

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
        copy._under_366 = None
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

    @property
    def under_366(self) -> bool:
        """Uses a part of Quy định 366's evaluation that plans before it did not have: general
        points or criteria, officials, due dates, critical indicators, late deductions, behind
        limits, the quota settings, or a quarterly period. Such a plan's score JSON is
        ``dgsp.score/2``. Found once (the plan's targets are looked through)."""
        private = self.__pydantic_private__
        found = private.get("_under_366")
        if found is None:
            found = private["_under_366"] = bool(
                self.general_points or self.criteria or self.officials
                or self.period is not Period.YEAR
                or self.quota_base is not QuotaBase.GOOD_OR_BETTER
                or self.seat_rounding is not SeatRounding.FLOOR
                or any(t.due for t in self.targets)
                or any(i.critical or i.late_deduction for i in self.indicators)
                or any(g.max_behind_share is not None for g in self.grade_rules))
        return found

    @property
    def task_points(self) -> Decimal:
        """The task block: ``Điểm tối đa`` − G."""
        return self.max_points - self.general_points

    def criteria_for(self, individual: bool) -> tuple[Criterion, ...]:
        """The general criteria that apply to a collective, or to an individual."""
        return tuple(c for c in self.criteria if c.applies(individual))

    def officials_of(self, unit_code: str) -> tuple[Official, ...]:
        """The officials of one unit, in plan order."""
        return _index(self)[3].get(unit_code, ())


def _index(plan: Plan) -> tuple[dict[str, Unit], dict[str, Indicator], dict[str, list],
                                dict[str, tuple[Official, ...]]]:
    private = plan.__pydantic_private__  # read directly: ``plan._index`` goes through pydantic's
    index = private.get("_index")  # __getattr__, 8 µs a time, 27,000 times in a national score
    if index is None:
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
        officials: dict[str, tuple[Official, ...]] = {}
        for o in plan.officials:
            officials[o.unit] = (*officials.get(o.unit, ()), o)
        private["_index"] = index = (units, indicators, by_unit, officials)
    return index


# Fields added after plans were issued: left out of the digest while they hold their default,
# so a plan that does not use them keeps the fingerprint its templates carry.
_LATER_FIELDS = {
    "plan": {"general_points": "0", "criteria": [], "officials": [],
             "quota_base": QuotaBase.GOOD_OR_BETTER.value, "seat_rounding": SeatRounding.FLOOR.value,
             "period": Period.YEAR.value},
    "indicators": {"critical": False, "late_deduction": "0"},
    "targets": {"due": None, "annual": None},
    "grade_rules": {"max_behind_share": None},
}


def _fingerprint(plan: Plan) -> str:
    """The digest of what a return is checked against; the outlier factors only decide
    warnings, so changing one never makes an issued template stale."""
    data = plan.model_dump(mode="json", exclude={"indicators": {"__all__": {"outlier_factor"}},
                                                 "document": True})
    for part, defaults in _LATER_FIELDS.items():
        for row in [data] if part == "plan" else data[part]:
            for key, default in defaults.items():
                if row.get(key, default) == default:
                    row.pop(key, None)
    for rule in data["grade_rules"]:  # a limit typed as its default is that default
        if "max_behind_share" in rule and Decimal(rule["max_behind_share"]) == 1 - Decimal(
                rule["min_achieved_share"]):
            del rule["max_behind_share"]
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
        return " › ".join(p for p in (self.file, self.at()) if p)

    def at(self, cell: str | None = None) -> str:
        """``sheet!cell`` (its own cell, or the ``cell`` given: the ranges of a problem
        repeated), as much of it as is known; no file."""
        cell = self.cell if cell is None else cell
        return f"{self.sheet}!{cell}" if self.sheet and cell else self.sheet or cell


# ----------------------------------------------------------------------------- returns


@dataclass(frozen=True, slots=True)
class ReturnedValue(_Light):
    """One result a unit reported, with the cell it came from.

    A light value (one per result cell of every return), not a pydantic model: the intake
    makes it from a cell it has checked, its number already in canonical spelling (issue 13).
    """

    indicator: str
    value: Decimal  # binary: 1 done, 0 not done
    cell: str = ""
    note: str = ""
    completed: date | None = None  # ngày hoàn thành, for a done task with a due date

    def __post_init__(self) -> None:
        if type(self.value) is not Decimal:  # a number given in code (tests): as Num reads it
            object.__setattr__(self, "value", canonical(Decimal(self.value)))
        else:  # as the intake made it, or as a worker sent it back: one object per number
            object.__setattr__(self, "value", shared(self.value))


@dataclass(frozen=True, slots=True)
class SelfScore(_Light):
    """One self-assessed general criterion (sheet ``Tự đánh giá``) of one entity (a light
    value, as :class:`ReturnedValue`)."""

    entity: str  # the unit's code (the collective), or an official's code
    criterion: str
    value: Decimal | None = None  # None: not assessed (a warning; the appraisal may score it)
    cell: str = ""

    def __post_init__(self) -> None:
        if self.value is not None:
            object.__setattr__(self, "value", shared(self.value) if type(self.value) is Decimal
                               else canonical(Decimal(str(self.value))))


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
    self_scores: tuple[SelfScore, ...] = ()
    problems: tuple[Problem, ...] = ()
    modified: datetime | None = None  # when it was last saved (dcterms:modified, else mtime)
    output: str = ""  # a dgsp output ("report", "sheet", "compare"), not a return at all

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


# ----------------------------------------------------------------------------- appraisal


class VerifiedResult(_Frozen):
    """A result the Board verified (sheet ``Thẩm định kết quả``): it replaces the reported one."""

    unit: str
    indicator: str
    value: Num  # binary: 1 done, 0 not done
    ground: str  # căn cứ: the evidence or source (required)
    cell: str = ""


class AppraisedScore(_Frozen):
    """A general criterion scored by the Board (sheet ``Tiêu chí chung``): used over the self-score."""

    entity: str
    criterion: str
    value: Num
    note: str = ""
    cell: str = ""


class Conditions(_Frozen):
    """The grade conditions of one entity (sheet ``Điều kiện``); the defaults are "nothing found"."""

    entity: str
    disciplined: bool = False  # kỷ luật (khiển trách or above) in the year
    remedied: bool = True  # khắc phục hạn chế: every shortcoming of the last review remedied
    sub_disciplined: bool = False  # collectives: a sub-unit or leadership member disciplined
    not_graded: str = ""  # không xếp loại: its reason; empty when graded
    decision: Grade | None = None  # quyết định xếp loại by the competent level
    decision_ground: str = ""  # căn cứ of the decision (required with it)


class Appraisal(_Frozen):
    """The Board's appraisal workbook, as read (``dgsp score --appraisal``)."""

    file: str = ""
    sha256: str = ""
    results: tuple[VerifiedResult, ...] = ()
    scores: tuple[AppraisedScore, ...] = ()
    conditions: tuple[Conditions, ...] = ()
    problems: tuple[Problem, ...] = ()

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


# ----------------------------------------------------------------------------- evaluation


class Reason(_Frozen):
    """Why an entity has its grade: a stable code and the figures its words are made from."""

    code: str
    params: dict = {}


@dataclass(frozen=True, slots=True)
class IndicatorResult(_Light):
    """One indicator of one scored unit: the numbers behind its points.

    A light value (66,000 of them at national scale), not a pydantic model: dgsp's scorer makes
    it from values already checked, and nothing outside builds one (issue 13)."""

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
    reported: Decimal | None = None  # what the unit reported (None: as ``actual``)
    verified: Decimal | None = None  # the appraised value, when the Board verified it
    ground: str = ""  # căn cứ of the verified value
    due: date | None = None
    completed: date | None = None
    late: bool = False  # done after its due date: points × (1 − late deduction)


@dataclass(frozen=True, slots=True)
class CriterionResult(_Light):
    """One general criterion of one entity: self-assessed, appraised, and the points used (a
    light value, as :class:`IndicatorResult`)."""

    criterion: str
    max_points: Decimal
    self_score: Decimal | None = None  # None: not assessed
    appraised: Decimal | None = None  # None: not appraised
    points: Decimal = Decimal(0)  # appraised if given, else self-assessed, else 0
    note: str = ""  # the Board's note on its appraised score


class UnitEvaluation(_Frozen):
    """One graded entity: a unit as a collective (or, as :class:`OfficialEvaluation`, an official)."""

    unit: Unit
    status: Status
    file: str = ""
    score: Decimal | None = None  # rounded half-up to 2 places, from the exact G_e + T_u
    grade: Grade | None = None
    grade_before_quota: Grade | None = None
    rank: int | None = None
    lowered_by_quota: bool = False
    assigned: int = 0
    achieved: int = 0
    exceeded: int = 0
    indicators: tuple[IndicatorResult, ...] = ()
    general_points: Decimal | None = None  # G_e: appraised where given, else self-assessed
    criteria: tuple[CriterionResult, ...] = ()  # the general criteria behind G_e
    task_points: Decimal | None = None  # T_u, rounded half-up to 2 places
    late: int = 0  # tasks done after their due date
    behind: int = 0  # tasks not achieved, or done late
    reasons: tuple[Reason, ...] = ()
    appraised: bool = False  # an appraisal workbook was applied
    self_score: Decimal | None = None  # the score on the unit's own figures and self-scores
    self_grade: Grade | None = None  # the grade (before quota) those would give
    decision_ground: str = ""  # căn cứ, when the competent level decided the grade
    grade_before_decision: Grade | None = None

    @property
    def code(self) -> str:
        return self.unit.code

    @property
    def group(self) -> str:
        return self.unit.group


class OfficialEvaluation(UnitEvaluation):
    """One official: their unit's task points, their own general points, conditions and grade."""

    official: Official

    @property
    def code(self) -> str:
        return self.official.code

    @property
    def group(self) -> str:
        return self.official.group


class ToDate(_Frozen):
    """One unit's progress to date on one indicator against its annual target (Lũy kế)."""

    unit: str
    indicator: str
    to_date: Decimal  # the sum of the year's rounds (additive), else the latest value
    annual: Decimal  # chỉ tiêu năm
    share: Decimal | None  # reached (or, lower-is-better, used); None for a zero allowance
    elapsed: Decimal  # the share of the year gone: 0.25, 0.5, 0.75, 1
    pace: str  # on_track, behind, at_risk
    rounds: int  # the rounds added up, this one included


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


GRADE_COUNT_KEYS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV", "not_graded", "no_result")


class GradeCount(_Frozen):
    """One peer group's grades, of its collectives or of its officials (Thống kê xếp loại):
    how many of each grade, how many not graded (the Board's Không xếp loại) and how many have
    no result (no valid return), of ``total``. The keys are :data:`GRADE_COUNT_KEYS`."""

    kind: Literal["units", "officials"]
    group: str
    total: int
    counts: dict[str, int]

    def share(self, key: str) -> Fraction:
        """The share of the group with ``key`` (exact)."""
        return Fraction(self.counts[key], self.total) if self.total else Fraction(0)


class Source(_Frozen):
    """A file that went into the evaluation (Nguồn)."""

    kind: Literal["plan", "return", "appraisal"]
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
    officials: tuple[OfficialEvaluation, ...] = ()  # ordered as units are
    grade_counts: tuple[GradeCount, ...] = ()  # per peer group: units', then officials' 
    appraised: bool = False  # scored with an appraisal workbook
    to_date: tuple[ToDate, ...] = ()  # a quarter's year to date (score --previous)
    problems: tuple[Problem, ...] = ()
    sources: tuple[Source, ...] = ()
    dgsp_version: str = ""

    @property
    def under_366(self) -> bool:
        """Shows Quy định 366's evaluation (general and task points, reasons, officials, the
        appraisal): a plan that uses any of its parts, or a run with an appraisal. Any other
        evaluation is written exactly as before, as ``dgsp.score/1``."""
        return self.plan.under_366 or self.appraised

    @property
    def clean(self) -> bool:
        """True when every unit was scored and nothing is in error."""
        return all(u.status is Status.SCORED for u in self.units) and not any(
            p.is_error for p in self.problems
        )

    def to_frame(self, per: Literal["indicator", "entity"] = "indicator", lang: str = "vi"):
        """A pandas DataFrame (``pip install "dgsp[pandas]"``): the tidy *Dữ liệu* table, or
        with ``per="entity"`` one row per collective and official (see :mod:`dgsp.frames`)."""
        from dgsp.frames import evaluation_frame

        return evaluation_frame(self, per, lang)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


__all__ = [
    "TEMPLATE_VERSION", "OUTLIER_FACTOR", "Direction", "Grade", "Status", "Severity", "Unit", "Indicator",
    "Target", "GradeRule", "DEFAULT_GRADE_RULES", "Plan", "Problem", "ReturnedValue",
    "Return", "IndicatorResult", "UnitEvaluation", "Total", "Source", "Evaluation", "file_sha256",
    "CriterionScoring", "QuotaBase", "SeatRounding", "Period", "Official", "Criterion", "SelfScore",
    "VerifiedResult", "AppraisedScore", "Conditions", "Appraisal", "Reason", "OfficialEvaluation",
    "CriterionResult", "ToDate",
]
