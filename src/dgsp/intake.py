"""Returned workbooks → :class:`~dgsp.model.Return` values (the read side of ``dgsp score``).

Reading never raises for a bad file: every problem found is collected, each
with its file, sheet, cell, unit and indicator, and the return carries them.
A return with any error is rejected as a whole by the scorer.

The per-file path is kept lean for tens of thousands of files: a zip
preflight, python-calamine, and only the two sheets needed (``_dgsp`` and the
results sheet). Targets are never read back as values: the plan is the
authority, and an edited target is only a warning (DG217).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from dgsp import xlsx
from dgsp.labels import aliases, label
from dgsp.model import Direction, Plan, Problem, Return, ReturnedValue, Target, file_sha256
from dgsp.problems import DgspError
from dgsp.templates import META_SHEET, RESULT_FIELDS
from dgsp.text import NotANumber, clean, fold, parse_done, parse_number, to_decimal

_STEM_CODE = re.compile(r"[A-Za-z0-9_-]+")


def _both(key: str) -> str:
    """A word for a message parameter, in both languages (``ngày [date]``).

    Parameters are rendered into either language's template, so a word that
    must be translated carries both.
    """
    vi, en = aliases(key)
    return f"{vi} [{en}]"


# ----------------------------------------------------------------------------- files


def require_paths(paths: Sequence[Path]) -> None:
    """Raise :class:`~dgsp.problems.DgspError` (DG303) naming every path that does not exist."""
    missing = [Problem("DG303", {"path": str(p)}, file=str(p)) for p in paths if not Path(p).exists()]
    if missing:
        raise DgspError(missing)


def list_return_files(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders into their ``.xlsx`` files (recursively); keep explicit files as given.

    Excel lock files (``~$…``), hidden files and other spreadsheet formats found
    in folders are skipped with a DG220 warning each. A path that does not exist
    raises :class:`~dgsp.problems.DgspError` (DG303). The result is sorted by
    path and has no duplicates.
    """
    require_paths(paths)
    found: dict[str, Path] = {}
    problems: list[Problem] = []

    def add(p: Path) -> None:
        key = os.path.normcase(os.path.abspath(p))
        found.setdefault(key, p)

    for given in paths:
        given = Path(given)
        if not given.is_dir():
            add(given)
            continue
        for p in sorted(given.rglob("*"), key=str):
            if not p.is_file():
                continue
            rel = p.relative_to(given).parts
            suffix = p.suffix.lower()
            if suffix == ".xlsx" and p.name.startswith("~$"):
                reason = "skip.lock"
            elif any(part.startswith(".") for part in rel):
                if suffix != ".xlsx":
                    continue  # .DS_Store and the like: not worth a word
                reason = "skip.hidden"
            elif suffix == ".xlsx":
                add(p)
                continue
            elif suffix in (".xls", ".xlsm", ".xlsb", ".ods"):
                reason = "skip.not_xlsx"
            else:
                continue
            problems.append(Problem("DG220", {"name": p.name, "reason": _both(reason)},
                                    file=str(p)))
    files = sorted(found.values(), key=str)
    return files, problems


# ----------------------------------------------------------------------------- one file

def unit_from_filename(path: Path, plan: Plan) -> str:
    """The plan unit a file name points at (``TAMDAO (1).xlsx`` → ``TAMDAO``), or ``""``.

    The leading ``[A-Za-z0-9_-]+`` token of the stem is compared with the
    plan's unit codes, ignoring case.
    """
    m = _STEM_CODE.match(Path(path).stem)
    if not m:
        return ""
    token = m.group(0).casefold()
    for unit in plan.units:
        if unit.code.casefold() == token:
            return unit.code
    return ""


class _Reader:
    """Collects the problems of one return as it is read."""

    def __init__(self, name: str, plan: Plan):
        self.name = name
        self.plan = plan
        self.problems: list[Problem] = []
        self.unit = ""
        self.sheet = ""

    def add(self, code: str, /, cell: str = "", *, ind: str = "", at: str | None = None,
            **params: Any) -> None:
        """Record a problem at ``cell`` of the current sheet (or of sheet ``at``)."""
        if ind:
            params.setdefault("indicator", ind)
        self.problems.append(Problem(code, params, file=self.name,
                                     sheet=self.sheet if at is None else at,
                                     cell=cell, unit=self.unit, indicator=ind))


def read_return(path: Path, plan: Plan, name: str | None = None) -> Return:
    """Read one returned workbook. Never raises for a bad file: problems go into the Return."""
    path = Path(path)
    rd = _Reader(name if name is not None else str(path), plan)
    fingerprint_found = ""
    values: list[ReturnedValue] = []
    try:
        sha = file_sha256(path)
    except OSError as exc:
        rd.unit = unit_from_filename(path, plan)
        rd.add("DG201", reason=exc.strerror or str(exc))
        return _make(rd, "", fingerprint_found, values)
    try:
        book = xlsx.open_book(path)
    except xlsx.SuspiciousWorkbook as exc:
        rd.unit = unit_from_filename(path, plan)
        rd.add("DG222", reason=str(exc))
        return _make(rd, sha, fingerprint_found, values)
    except xlsx.UnreadableWorkbook as exc:
        rd.unit = unit_from_filename(path, plan)
        rd.add("DG201", reason=str(exc))
        return _make(rd, sha, fingerprint_found, values)
    try:
        fingerprint_found = _check_metadata(rd, book, path)
        values = _read_results(rd, book)
    except xlsx.UnreadableWorkbook as exc:  # a sheet calamine cannot parse
        rd.unit = rd.unit or unit_from_filename(path, plan)
        rd.add("DG201", at="", reason=str(exc))
    return _make(rd, sha, fingerprint_found, values)


def _make(rd: _Reader, sha: str, fingerprint: str, values: list[ReturnedValue]) -> Return:
    return Return(file=rd.name, sha256=sha, unit=rd.unit, plan_fingerprint=fingerprint,
                  values=tuple(values), problems=tuple(rd.problems))


def _check_metadata(rd: _Reader, book: xlsx.Book, path: Path) -> str:
    """Identify the unit and the plan from the ``_dgsp`` sheet; returns the fingerprint found."""
    plan = rd.plan
    meta: dict[str, tuple[str, str]] = {}  # key → (value, cell of the value)
    sheet = book.find(META_SHEET)
    if sheet is not None:
        for r, row in enumerate(book.grid(sheet)):
            key = clean(row[0]) if row else ""
            if key and key not in meta:
                meta[key] = (clean(xlsx.cell([row], 0, 1)), xlsx.cell_ref(r, 1))
    file_unit = unit_from_filename(path, plan)
    unit, unit_cell = meta.get("unit", ("", ""))
    found, found_cell = meta.get("plan_fingerprint", ("", ""))
    if not unit or not meta.get("schema", ("",))[0].startswith("dgsp.template/"):
        rd.unit = file_unit
        rd.add("DG202", at="")
        return found
    rd.unit = unit
    rd.sheet = sheet or ""
    if plan.unit(unit) is None:
        rd.add("DG215", unit_cell, code=unit)
    elif file_unit and file_unit != unit:
        rd.add("DG203", at="", meta_unit=unit, file_unit=Path(path).stem)
    expected = plan.fingerprint()
    if found != expected:
        rd.add("DG204", found_cell, found=found, expected=expected)
    return found


def _read_results(rd: _Reader, book: xlsx.Book) -> list[ReturnedValue]:
    plan = rd.plan
    sheet = book.find(*aliases("sheet.results"))
    if sheet is None:
        rd.add("DG205", at="", sheet=label("sheet.results"))
        return []
    rd.sheet = sheet
    grid = book.grid(sheet)
    header = xlsx.find_header(grid, RESULT_FIELDS, required=("code", "result"))
    if header is None:
        partial = xlsx.find_header(grid, RESULT_FIELDS, required=("code",))
        missing = "col.result" if partial else "col.indicator_code"
        cell = xlsx.cell_ref(partial.row, partial.columns["code"]) if partial else ""
        rd.add("DG206", cell=cell, column=label(missing))
        return []
    if plan.unit(rd.unit) is None:
        return []  # no assignments to check the rows against (DG202/DG215 already said why)

    assigned: dict[str, tuple[int, Target, Direction, bool]] = {}
    for order, (ind, target) in enumerate(plan.assignments(rd.unit)):
        assigned[ind.code] = (order, target, ind.direction, ind.measure.strip() == "%")
    folded_codes = {fold(c): c for c in assigned}
    code_col, result_col = header.columns["code"], header.columns["result"]
    target_col, note_col = header.columns.get("target"), header.columns.get("note")

    seen: dict[str, int] = {}
    values: list[tuple[int, ReturnedValue]] = []
    for r in range(header.row + 1, len(grid)):
        raw_code = clean(xlsx.cell(grid, r, code_col))
        if not raw_code:
            break
        code = raw_code if raw_code in assigned else folded_codes.get(fold(raw_code), "")
        code_cell = xlsx.cell_ref(r, code_col)
        if not code:
            rd.add("DG208", code_cell, ind=raw_code)
            continue
        if code in seen:
            rd.add("DG209", cell=code_cell, ind=code, first_row=seen[code] + 1)
            continue
        seen[code] = r
        order, target, direction, percent = assigned[code]
        if target_col is not None:
            _check_target(rd, xlsx.cell(grid, r, target_col), target, direction,
                          xlsx.cell_ref(r, target_col), code)
        cell = xlsx.cell_ref(r, result_col)
        value = _result_value(rd, xlsx.cell(grid, r, result_col), direction, cell, code)
        if value is not None and percent and _looks_like_fraction(value, target.value):
            rd.add("DG224", cell=cell, ind=code, found=value, percent=value * 100,
                   target=target.value)
        if value is not None:
            note = clean(xlsx.cell(grid, r, note_col)) if note_col is not None else ""
            values.append((order, ReturnedValue(indicator=code, value=value, cell=cell,
                                                note=note)))
    for code in assigned:
        if code not in seen:
            rd.add("DG207", ind=code)
    values.sort(key=lambda pair: pair[0])
    return [v for _, v in values]


def _result_value(rd: _Reader, raw: Any, direction: Direction, cell: str,
                  code: str) -> Decimal | None:
    """The result in one cell, or None after recording why it cannot be used."""
    if xlsx.is_blank(raw):
        rd.add("DG210", cell=cell, ind=code)
        return None
    if direction is Direction.BINARY:
        if not isinstance(raw, _TIME_TYPES):
            try:
                return Decimal(1) if parse_done(raw) else Decimal(0)
            except ValueError:
                pass
        rd.add("DG213", cell=cell, ind=code, found=clean(raw))
        return None
    if isinstance(raw, bool):
        rd.add("DG218", cell=cell, ind=code, kind=_both("kind.bool"), found=str(raw).upper())
        return None
    if isinstance(raw, _TIME_TYPES):
        rd.add("DG218", cell=cell, ind=code, kind=_both("kind.date"), found=_iso(raw))
        return None
    text_typed = isinstance(raw, str)
    try:
        value = parse_number(raw) if text_typed else to_decimal(raw)
    except (NotANumber, TypeError, ValueError, ArithmeticError):
        rd.add("DG212", cell=cell, ind=code, found=clean(raw))
        return None
    if value < 0:
        rd.add("DG211", cell=cell, ind=code, found=clean(raw))
        return None
    if text_typed:
        rd.add("DG214", cell=cell, ind=code, found=clean(raw), value=value)
    return value


def _check_target(rd: _Reader, raw: Any, target: Target, direction: Direction, cell: str,
                  code: str) -> None:
    """Warn (DG217) when the target column no longer says what the plan says."""
    try:
        if direction is Direction.BINARY:
            same = not xlsx.is_blank(raw) and parse_done(raw) == (target.value == 1)
        elif isinstance(raw, str):
            same = parse_number(raw) == target.value
        else:
            same = to_decimal(raw) == target.value
    except (NotANumber, TypeError, ValueError, ArithmeticError):
        same = False
    if not same:
        expected = aliases("done")[0] if direction is Direction.BINARY else target.value
        rd.add("DG217", cell=cell, ind=code, found=clean(raw), expected=expected)


def _looks_like_fraction(value: Decimal, target: Decimal) -> bool:
    """97% typed into a percentage cell is stored as 0.97: a likely slip when the
    target is 95 (%), but not when a 1.2% poverty-rate target meets a result of 1."""
    return 0 < value <= 1 < target and Decimal("0.5") <= value * 100 / target <= 2


_TIME_TYPES = (datetime, date, time, timedelta)


def _iso(value: date | datetime | time | timedelta) -> str:
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, datetime) and not (value.hour or value.minute or value.second):
        return value.date().isoformat()
    return value.isoformat()


# ----------------------------------------------------------------------------- many files


@dataclass
class Intake:
    """Every return read, the one chosen per plan unit, and file-level problems."""

    returns: list[Return]
    by_unit: dict[str, Return]
    problems: list[Problem] = field(default_factory=list)


def gather(plan: Plan, paths: Sequence[Path]) -> Intake:
    """Read every return under ``paths`` and pick one per plan unit.

    One bad file never stops the others. Two files for one unit: identical
    bytes keep the first (DG221 warning); different content rejects the unit's
    return (DG216, added to that return's problems, so it is reported once).
    Returns whose unit is not in the plan stay only in ``returns``.
    """
    files, problems = list_return_files(paths)
    returns = [read_return(p, plan, name=str(p)) for p in files]
    groups: dict[str, list[Return]] = {}
    for ret in returns:
        if ret.unit and plan.unit(ret.unit) is not None:
            groups.setdefault(ret.unit, []).append(ret)
    by_unit: dict[str, Return] = {}
    for unit in plan.units:
        group = groups.get(unit.code)
        if not group:
            continue
        first = group[0]
        different = [r for r in group[1:] if r.sha256 != first.sha256 or not r.sha256]
        copies = [r for r in group[1:] if r not in different]
        for dup in copies:
            problems.append(Problem("DG221", {"unit": unit.code,
                                              "files": f"{first.file}, {dup.file}"},
                                    file=dup.file, unit=unit.code))
        if different:
            p = Problem("DG216", {"unit": unit.code,
                                  "files": ", ".join(r.file for r in [first, *different])},
                        file=first.file, unit=unit.code)
            first = first.model_copy(update={"problems": (*first.problems, p)})
        by_unit[unit.code] = first
    return Intake(returns=returns, by_unit=by_unit, problems=problems)


__all__ = ["list_return_files", "read_return", "unit_from_filename", "Intake", "gather",
           "RESULT_FIELDS", "META_SHEET"]
