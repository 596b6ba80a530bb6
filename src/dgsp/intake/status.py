"""Completeness of a round (``dgsp status``, and the unit table of ``dgsp check``).

A pure function from the plan, what intake read, and today's date to a
:class:`Completeness` value: for every plan unit, whether its return is valid,
has errors, is one of two different returns (duplicate), or is missing; the
deadline and the days left; totals per peer group (DHIS2's "reporting rate").
Nothing here reads a file or prints.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from dgsp.model import Plan, Problem, Return, Unit
from dgsp.text import safe_filename

if TYPE_CHECKING:
    from dgsp.intake.returns import Intake

CHECK_SCHEMA = "dgsp.check/1"
STATUS_SCHEMA = "dgsp.status/1"
DUPLICATE_CODES = frozenset({"DG216"})  # two different returns for one unit, unresolved


class State(str, enum.Enum):
    """Where one plan unit stands."""

    VALID = "valid"  # a return with no error (warnings allowed): it will be scored
    ERRORS = "errors"  # a return with errors: it will be rejected
    DUPLICATE = "duplicate"  # two different returns and no way to choose
    MISSING = "missing"  # no return


def _count(problems: Sequence[Problem]) -> tuple[int, int]:
    errors = sum(p.is_error for p in problems)
    return errors, len(problems) - errors


class _Counted:
    """Error and warning counts of a ``problems`` tuple."""

    problems: tuple[Problem, ...]

    @property
    def errors(self) -> int:
        return _count(self.problems)[0]

    @property
    def warnings(self) -> int:
        return _count(self.problems)[1]


@dataclass(frozen=True)
class UnitCompleteness(_Counted):
    """One plan unit: its state, the return chosen for it, and that return's problems."""

    unit: Unit
    state: State
    file: str = ""  # the return chosen for the unit ("" when missing)
    files: tuple[str, ...] = ()  # every file read for the unit
    problems: tuple[Problem, ...] = ()  # the return's, the unit's file-level ones, or DG219


@dataclass(frozen=True)
class UnmatchedFile(_Counted):
    """A return that belongs to no plan unit (unknown unit code, or none could be told)."""

    file: str
    unit: str
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Tally:
    """Counts of units by state, for one peer group (or all, when ``group`` is "")."""

    group: str
    units: int = 0
    valid: int = 0
    errors: int = 0
    duplicate: int = 0
    missing: int = 0

    @property
    def received(self) -> int:
        return self.units - self.missing

    @property
    def rate(self) -> Decimal:
        """The reporting rate: the share of units with a valid return (0 for no units)."""
        return Decimal(self.valid) / Decimal(self.units) if self.units else Decimal(0)


@dataclass(frozen=True)
class Completeness:
    """Every plan unit's state, the deadline, and totals per peer group."""

    plan: Plan
    today: date
    units: tuple[UnitCompleteness, ...]  # plan order
    groups: tuple[Tally, ...]  # plan order of first appearance
    total: Tally
    unmatched: tuple[UnmatchedFile, ...] = ()  # sorted by file
    general: tuple[Problem, ...] = field(default=())  # skipped files and the like
    not_checked: int = 0  # units not looked at: only some files were named (check)

    @property
    def deadline(self) -> date | None:
        return self.plan.deadline

    @property
    def days_left(self) -> int | None:
        """Days until the deadline: positive before it, 0 on the day, negative after."""
        return None if self.deadline is None else (self.deadline - self.today).days

    @property
    def problems(self) -> list[Problem]:
        """Every problem, in order: units (plan order), unmatched files, then the rest."""
        out = [p for u in self.units for p in u.problems]
        out += [p for f in self.unmatched for p in f.problems]
        out += self.general
        return out

    @property
    def complete(self) -> bool:
        """Every unit has a valid return and nothing anywhere is an error."""
        return all(u.state is State.VALID for u in self.units) and not any(
            p.is_error for p in self.problems)


def completeness(plan: Plan, intake: Intake, today: date, named: bool = False) -> Completeness:
    """Where every plan unit stands, from what :func:`dgsp.intake.gather` read.

    ``named``: only the files named were read (``check plan.xlsx TAMDAO.xlsx``), so a unit
    with no file among them is not missing, only not looked at: it is left out, and counted
    (``not_checked``)."""
    returns_by_unit: dict[str, list[Return]] = {}
    for ret in intake.returns:
        returns_by_unit.setdefault(ret.unit, []).append(ret)
    unit_level: dict[str, list[Problem]] = {}
    general: list[Problem] = []
    for p in intake.problems:
        if p.unit and plan.unit(p.unit) is not None:
            unit_level.setdefault(p.unit, []).append(p)
        else:
            general.append(p)

    units = []
    not_checked = 0
    for unit in plan.units:
        ret = intake.by_unit.get(unit.code)
        if ret is None and named and unit.code not in unit_level:
            not_checked += 1
            continue
        if ret is None:
            missing = Problem("DG219", {"unit": unit.code,
                                        "file": safe_filename(unit.code) + ".xlsx"},
                              unit=unit.code)
            units.append(UnitCompleteness(unit=unit, state=State.MISSING,
                                          problems=(missing, *unit_level.get(unit.code, ()))))
            continue
        problems = (*ret.problems, *(p for p in unit_level.get(unit.code, ())
                                     if p not in ret.problems))
        others = [r for r in returns_by_unit.get(unit.code, ()) if r.file != ret.file]
        if any(p.code in DUPLICATE_CODES for p in problems):
            state = State.DUPLICATE
            # Unresolved: what is wrong with the other file helps to tell which one is right.
            problems += tuple(p for r in others if r.sha256 != ret.sha256 for p in r.problems)
        elif any(p.is_error for p in problems):
            state = State.ERRORS
        else:
            state = State.VALID
        units.append(UnitCompleteness(unit=unit, state=state, file=ret.file,
                                      files=(ret.file, *(r.file for r in others)),
                                      problems=problems))

    unmatched = tuple(sorted(
        (UnmatchedFile(file=r.file, unit=r.unit, problems=r.problems)
         for r in intake.returns if not r.unit or plan.unit(r.unit) is None),
        key=lambda f: f.file))
    groups = tuple(_tally(g, [u for u in units if u.unit.group == g])
                   for g in dict.fromkeys(u.unit.group for u in units))
    return Completeness(plan=plan, today=today, units=tuple(units), groups=groups,
                        total=_tally("", units), unmatched=unmatched, general=tuple(general),
                        not_checked=not_checked)


def _tally(group: str, units: Sequence[UnitCompleteness]) -> Tally:
    states = Counter(u.state for u in units)
    return Tally(group=group, units=len(units), valid=states[State.VALID],
                 errors=states[State.ERRORS], duplicate=states[State.DUPLICATE],
                 missing=states[State.MISSING])


# ----------------------------------------------------------------------------- JSON


def _rate(t: Tally) -> float:
    return float(t.rate.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def tally_json(t: Tally) -> dict:
    return {"units": t.units, "valid": t.valid, "errors": t.errors, "duplicate": t.duplicate,
            "missing": t.missing, "received": t.received, "reporting_rate": _rate(t)}


def unit_json(u: UnitCompleteness) -> dict:
    return {"code": u.unit.code, "name": u.unit.name, "group": u.unit.group,
            "status": u.state.value, "file": u.file or None, "files": list(u.files),
            "errors": u.errors, "warnings": u.warnings}


def status_json(c: Completeness, plan_file: str | None = None, plan_sha256: str | None = None,
                dgsp_version: str = "") -> dict:
    """The machine-readable completeness (schema ``dgsp.status/1``)."""
    from dgsp.report import plan_json

    return {
        "schema": STATUS_SCHEMA,
        "dgsp_version": dgsp_version,
        "plan": plan_json(c.plan, plan_file, plan_sha256),
        "today": c.today.isoformat(),
        "deadline": c.deadline.isoformat() if c.deadline else None,
        "days_left": c.days_left,
        "units": [unit_json(u) for u in c.units],
        "groups": [{"group": t.group, **tally_json(t)} for t in c.groups],
        "total": tally_json(c.total),
        "unmatched": [{"file": f.file, "unit": f.unit or None, "errors": f.errors,
                       "warnings": f.warnings} for f in c.unmatched],
    }


def check_json(c: Completeness, problems: Sequence[Problem], plan_file: str | None = None,
               plan_sha256: str | None = None, dgsp_version: str = "",
               feedback: Sequence[str] = (), lang: str = "vi") -> dict:
    """The machine-readable dry run (schema ``dgsp.check/1``).

    ``problems`` is every problem of the run (the plan's warnings first, then
    :attr:`Completeness.problems`); ``counts`` counts them by code.
    """
    from dgsp.report import plan_json, problem_json

    return {
        "schema": CHECK_SCHEMA,
        "dgsp_version": dgsp_version,
        "plan": plan_json(c.plan, plan_file, plan_sha256),
        "units": [unit_json(u) for u in c.units],
        "unmatched": [{"file": f.file, "unit": f.unit or None, "errors": f.errors,
                       "warnings": f.warnings} for f in c.unmatched],
        "counts": dict(sorted(Counter(p.code for p in problems).items())),
        "problems": [problem_json(p, lang) for p in problems],
        "feedback": list(feedback),
        "not_checked": c.not_checked,
    }


__all__ = ["State", "UnitCompleteness", "UnmatchedFile", "Tally", "Completeness",
           "completeness", "status_json", "check_json", "unit_json", "tally_json",
           "CHECK_SCHEMA", "STATUS_SCHEMA"]
