"""Returned workbooks → :class:`~dgsp.model.Return` values (the read side of ``dgsp score``).

Reading never raises for a bad file: every problem found is collected, each
with its file, sheet, cell, unit and indicator, and the return carries them.
A return with any error is rejected as a whole by the scorer.

The per-file path is kept lean for tens of thousands of files: the file is
read once; its bytes are hashed, preflighted (:class:`dgsp.xlsx.guard._Package`: zip
limits, XML prologs, sheet extents) and handed to python-calamine, which loads
only the two sheets needed (``_dgsp`` and the results sheet). Formulas are
found in the results sheet's XML, which the preflight has already unzipped.
Targets are never read back as values: the plan is the authority, and an
edited target is only a warning (DG217).

What is checked, by stage:

- the file: a folder (DG247), empty (DG246), unreadable (DG248), not a workbook
  or broken (DG201), too large or a zip bomb (DG222), ``.xls``/``.xlsb``
  (DG240), encrypted (DG242), unsafe XML (DG244); ``.xlsm`` macros (DG243, never
  run) and links to other workbooks (DG245, never followed) are warnings;
  ``.ods`` is read like ``.xlsx`` (DG241 when it lost the metadata);
- identity: no metadata (DG202), unit not in the plan (DG215), file named after
  another unit (DG203), made by a newer dgsp (DG228), another year (DG225),
  another plan (DG204), an earlier version of this plan (DG226 when the unit's
  indicators and targets are unchanged, else DG227 for each change);
- layout: results sheet missing (DG205) or renamed but recognisable (DG232),
  extra sheets (DG233), header row missing (DG206) or moved (DG231), rows
  missing (DG207), added (DG208), duplicated (DG209) or reordered (DG230),
  targets edited (DG217);
- values: empty (DG210), negative (DG211), not a number (DG212), ambiguous text
  (DG234), a % sign on an indicator not measured in % (DG235), a binary word
  (DG213), a date or boolean (DG218), text read as a number (DG214), a
  percentage typed as a fraction (DG224), a formula with (DG236) or without
  (DG237) a saved value, and outliers (DG238, DG239);
- completion dates (``Ngày hoàn thành``, for ``Đạt`` tasks with a due date): not a
  dd/mm/yyyy date (DG261), missing on a task reported done (DG262), given where none is
  asked (DG263, ignored), far from the plan's year (DG264);
- the self-assessment (sheet ``Tự đánh giá``, when the plan has general criteria for the
  unit): sheet missing (DG265), above max (DG266), negative (DG267), not a number (DG268), a
  pass/fail criterion scored in between (DG269), off the 0.25 step (DG270), an unknown entity
  (DG271) or criterion (DG272), not assessed (DG273, a warning), rows missing (DG274) or
  repeated (DG275), typed as text (DG276), a formula with (DG277) or without (DG278) a
  saved value.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from dgsp import parallel, xlsx
from dgsp.labels import LANGS, Term, aliases, label, os_reason
from dgsp.model import (
    OUTLIER_FACTOR,
    TEMPLATE_VERSION,
    Criterion,
    CriterionScoring,
    Direction,
    Indicator,
    Period,
    Plan,
    Problem,
    Return,
    ReturnedValue,
    SelfScore,
    Target,
)
from dgsp.plan import HEADER_ROW, META_SHEET, RESULT_FIELDS, SCHEMA
from dgsp.plan.templates import due_of, expected_self_scores, self_blocks
from dgsp.problems import DgspError
from dgsp.text import (
    TIME_TYPES,
    AmbiguousNumber,
    MixedDigits,
    NotANumber,
    as_found,
    canonical,
    clean,
    done_value,
    fold,
    parse_done,
    parse_number,
    to_decimal,
)

_STEM_CODE = re.compile(r"[A-Za-z0-9_-]+")

RETURN_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
"""Files in a folder read as returns. .xls and .xlsb are read only to be refused by name (DG240)."""

MAX_RESULT = Decimal(10) ** 15
"""A result this large or larger is an error (DG258): no real figure is, and a spreadsheet
cannot hold it exactly (15 significant digits), so the report could not show it as typed."""

FUTURE_SLACK = timedelta(hours=14)
"""A saved time later than now by more than this (the widest time-zone offset, for a stamp
written in local time without a zone) is in the future (DG255)."""

IDENTITY_CODES = frozenset({"DG201", "DG202", "DG203", "DG222", "DG240", "DG241", "DG242",
                            "DG244", "DG246", "DG247", "DG248", "DG254"})
"""Problems that mean a file is not cleanly its unit's own: unreadable, unidentified, or its
name, visible unit code and hidden code disagreeing. Such a file never displaces, or
competes with, a file that is (see :func:`gather`)."""

ZERO_OUTLIER_TARGET = Decimal(10)
"""A result of 0 against a higher-is-better target at least this large is flagged (DG239).

Smaller targets (1 new cooperative, 2 projects) are often honestly missed.
"""

PREFER = ("newest",)
"""The policies :func:`gather` accepts for two different returns of one unit."""


# ----------------------------------------------------------------------------- files


def require_paths(paths: Sequence[Path]) -> None:
    """Raise :class:`~dgsp.problems.DgspError` (DG303) naming every path that does not exist."""
    missing = [Problem("DG303", {"path": str(p)}, file=str(p)) for p in paths if not Path(p).exists()]
    if missing:
        raise DgspError(missing)


_SYSTEM_FILES = {"thumbs.db", "desktop.ini"}  # what Windows leaves in a folder, unasked


def list_return_files(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders into their returns (recursively); keep explicit files as given.

    In folders, every ``.xlsx``, ``.xlsm``, ``.ods``, ``.xls`` and ``.xlsb`` is a
    return, including a folder so named (each is then refused with its reason,
    and counted against the unit its name points at). Excel lock files (``~$…``)
    and hidden files are skipped with a DG220 warning each, and so is any other file that is
    not a workbook (``SYT.pdf``), so that none is passed over without a word (but hidden
    ones, and what Windows leaves in a folder, are left unsaid). A path that does not
    exist raises :class:`~dgsp.problems.DgspError` (DG303). The result is sorted
    by path and has no duplicates.
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
        returned: list[Path] = []  # folders taken as returns (FOLDER.xlsx): not looked into
        for p in _walk(given, problems):
            rel = p.relative_to(given).parts
            if any(folder in p.parents for folder in returned):
                continue
            if p.suffix.lower() not in RETURN_SUFFIXES:
                if not (p.is_dir() or any(part.startswith(".") for part in rel)
                        or p.name.lower() in _SYSTEM_FILES):
                    problems.append(Problem("DG220", {"name": p.name,
                                                      "reason": Term("skip.not_workbook")},
                                            file=str(p)))
                continue
            if p.name.startswith("~$"):
                reason = "skip.lock"
            elif any(part.startswith(".") for part in rel):
                reason = "skip.hidden"
            else:
                add(p)
                if p.is_dir():
                    returned.append(p)
                continue
            problems.append(Problem("DG220", {"name": p.name, "reason": Term(reason)},
                                    file=str(p)))
    files = sorted(found.values(), key=str)
    return files, problems


def _walk(root: Path, problems: list[Problem]) -> list[Path]:
    """Every file and folder under ``root``, sorted; a folder that cannot be read is a
    DG259 problem (its returns would otherwise look as if they had never been sent)."""
    def unreadable(exc: OSError) -> None:
        path = exc.filename or str(root)
        problems.append(Problem("DG259", {"path": str(path), "reason": os_reason(exc)},
                                file=str(path)))

    found: list[Path] = []
    for folder, dirs, names in os.walk(root, onerror=unreadable):
        dirs.sort()
        found += [Path(folder, n) for n in (*dirs, *names)]
    return sorted(found, key=str)


# ----------------------------------------------------------------------------- one file

def unit_from_filename(path: Path, plan: Plan) -> str:
    """The plan unit a file name points at (``TAMDAO (1).xlsx`` → ``TAMDAO``), or ``""``.

    The leading ``[A-Za-z0-9_-]+`` token of the stem is compared with the
    plan's unit codes, ignoring case.
    """
    return _Lookup(plan).unit_from_filename(path)


class _Lookup:
    """What reading returns against one plan looks up for every file, built once per plan
    (per :func:`gather`, or per worker process) instead of once per file."""

    def __init__(self, plan: Plan, strict: bool = False, now: datetime | None = None):
        self.plan = plan
        self.strict = strict
        self.now = now or datetime.now(timezone.utc)
        self._codes: dict[str, str] | None = None
        self._assigned: dict[str, dict[str, tuple[int, Indicator, Target]]] = {}
        self._folded: dict[str, dict[str, str]] = {}
        self._self: dict[str, dict[str, dict[str, Criterion]]] = {}

    @functools.cached_property
    def fingerprint(self) -> str:
        return self.plan.fingerprint()

    @functools.cached_property
    def unit_codes(self) -> frozenset[str]:
        return frozenset(u.code for u in self.plan.units)

    def has_unit(self, code: str) -> bool:
        """``plan.unit(code) is not None``, without the model's private-attribute lookups."""
        return code in self.unit_codes

    def unit_from_filename(self, path: Path) -> str:
        m = _STEM_CODE.match(Path(path).stem)
        if not m:
            return ""
        if self._codes is None:  # casefolded code → code; the first in plan order wins
            self._codes = {}
            for unit in self.plan.units:
                self._codes.setdefault(unit.code.casefold(), unit.code)
        return self._codes.get(m.group(0).casefold(), "")

    def assigned(self, unit: str) -> dict[str, tuple[int, Indicator, Target]]:
        """The unit's indicators: code → (plan order, indicator, target)."""
        found = self._assigned.get(unit)
        if found is None:
            found = self._assigned[unit] = {
                ind.code: (order, ind, target)
                for order, (ind, target) in enumerate(self.plan.assignments(unit))}
        return found

    def self_expected(self, unit: str) -> dict[str, dict[str, Criterion]]:
        """The entities the unit self-assesses: entity code → criterion code → criterion."""
        found = self._self.get(unit)
        if found is None:
            found = self._self[unit] = {
                entity: {c.code: c for c in criteria}
                for entity, criteria in expected_self_scores(self.plan, unit).items()}
        return found

    def folded(self, unit: str) -> dict[str, str]:
        """The unit's indicator codes by folded code (for a code typed otherwise)."""
        found = self._folded.get(unit)
        if found is None:
            found = self._folded[unit] = {fold(c): c for c in self.assigned(unit)}
        return found


class _Reader:
    """Collects the problems of one return as it is read."""

    def __init__(self, name: str, lookup: _Lookup):
        self.name = name
        self.plan = lookup.plan
        self.lookup = lookup
        self.problems: list[Problem] = []
        self.unit = ""
        self.sheet = ""
        self.future: datetime | None = None  # a saved time in the future (DG255)
        self.self_scores: list[SelfScore] = []

    def add(self, code: str, /, cell: str = "", *, ind: str = "", at: str | None = None,
            **params: Any) -> None:
        """Record a problem at ``cell`` of the current sheet (or of sheet ``at``)."""
        if ind:
            params.setdefault("indicator", ind)
        self.problems.append(Problem(code, params, file=self.name,
                                     sheet=self.sheet if at is None else at,
                                     cell=cell, unit=self.unit, indicator=ind))


@dataclass
class _Meta:
    """What the ``_dgsp`` sheet says: key → (value, cell of the value), and the unit's targets."""

    sheet: str = ""
    values: dict[str, tuple[str, int]] = field(default_factory=dict)  # key → (value, its row)
    targets: list[tuple[str, Any]] = field(default_factory=list)  # (code, raw)

    def get(self, key: str) -> tuple[str, str]:
        found = self.values.get(key)
        return ("", "") if found is None else (found[0], xlsx.cell_ref(found[1], 1))


def read_return(path: Path, plan: Plan, name: str | None = None) -> Return:
    """Read one returned workbook. Never raises for a bad file: problems go into the Return."""
    return _read(path, _Lookup(plan), name)


def _read_path(lookup: _Lookup, path: str) -> Return:
    """:func:`read_return` of one path, named as given (the task :func:`gather` hands out)."""
    return _read(Path(path), lookup, path)


def _read(path: Path, lookup: _Lookup, name: str | None = None) -> Return:
    path = Path(path)
    rd = _Reader(name if name is not None else str(path), lookup)
    sha = ""
    fingerprint = ""
    values: list[ReturnedValue] = []
    modified: datetime | None = None
    output = ""
    try:
        data = xlsx.read_input(path)
        sha = hashlib.sha256(data).hexdigest()
        book = xlsx.open_book(path, data=data)
        output = book.output
        if output:  # a report or evaluation sheet of dgsp's own: not read as a return
            return Return(file=rd.name, sha256=sha, unit="", output=output)
        modified = _saved(rd, book, path)
        fingerprint, values = _read_book(rd, book, path)
        if rd.future is not None:
            rd.add("DG255", at="", modified=rd.future.strftime("%Y-%m-%d %H:%M UTC"))
    except xlsx.UnreadableWorkbook as exc:  # the file, or a sheet, cannot or must not be read
        rd.unit = rd.unit or lookup.unit_from_filename(path)
        rd.add(exc.code, at="", **exc.params)
        values, rd.self_scores = [], []
    except Exception as exc:  # pragma: no cover - a bug must reject one file, not stop the run
        rd.unit = rd.unit or lookup.unit_from_filename(path)
        rd.add("DG201", at="", reason=f"unexpected {type(exc).__name__}: {exc}")
        values, rd.self_scores = [], []
    problems = tuple(p.escalated() for p in rd.problems) if lookup.strict else tuple(rd.problems)
    return Return(file=rd.name, sha256=sha, unit=rd.unit, plan_fingerprint=fingerprint,
                  values=tuple(values), self_scores=tuple(rd.self_scores), problems=problems,
                  modified=modified)


def _saved(rd: _Reader, book: xlsx.Book, path: Path) -> datetime:
    """When the file was last saved (its ``dcterms:modified``, else its mtime), in UTC;
    a time in the future is a warning (DG255), noted once the unit is known."""
    stamp = book.modified
    if stamp is None:
        stamp = datetime.fromtimestamp(os.stat(path).st_mtime, tz=timezone.utc)
    stamp = stamp.astimezone(timezone.utc)
    if stamp > rd.lookup.now + FUTURE_SLACK:
        rd.future = stamp
    return stamp


def _read_book(rd: _Reader, book: xlsx.Book, path: Path) -> tuple[str, list[ReturnedValue]]:
    """Every check of one opened workbook; returns the fingerprint found and the values read."""
    meta = _read_meta(book)
    fingerprint = meta.get("plan_fingerprint")[0]
    file_unit = rd.lookup.unit_from_filename(path)
    unit, unit_cell = meta.get("unit")
    identified = bool(unit) and meta.get("schema")[0].startswith("dgsp.template/")
    if not identified:
        rd.unit = file_unit
        rd.add("DG241" if book.kind == "ods" else "DG202", at="")
    else:
        rd.unit = unit
        rd.sheet = meta.sheet
        newer = _newer_template(meta)
        if newer:
            rd.add("DG228", newer[1], found=newer[0],
                   expected=f"{SCHEMA}, template_version {TEMPLATE_VERSION}")
            return fingerprint, []  # an unknown layout: reading on would guess
        if not rd.lookup.has_unit(unit):
            rd.add("DG215", unit_cell, code=unit)
        if file_unit and file_unit != unit:
            # Named after unit A, made for unit B: A sent B's file. It is A's error, and never
            # counts as B's return (B is judged by its own file).
            rd.unit = file_unit
            rd.add("DG203", at="", meta_unit=unit, file_unit=path.stem)
    if book.macros or path.suffix.lower() == ".xlsm":
        rd.add("DG243", at="", name=book.macros or path.name)
    if book.external_links:
        rd.add("DG245", at="", links=", ".join(book.external_links))

    sheet, grid = _results_sheet(rd, book, identified)
    if sheet is None:
        return fingerprint, []
    ours = _our_sheets()
    extra = [n for n in book.names if n != sheet and fold(n) not in ours]
    twins = [n for n in extra if _has_results_table(book, n)]
    if twins:  # a copy of the table: which one the unit saw and signed cannot be told
        rd.add("DG252", at="", sheets=", ".join(f"\"{n}\"" for n in [sheet, *twins]))
        return fingerprint, []
    if extra:
        rd.add("DG233", at="", sheets=", ".join(f"\"{n}\"" for n in extra))
    if identified:
        _check_visible_unit(rd, meta, grid, sheet)
        _check_version(rd, meta, grid, sheet)
    rd.sheet = sheet
    values = _read_results(rd, book, sheet, grid)
    if rd.lookup.has_unit(rd.unit):
        _read_self_assessment(rd, book)
        rd.sheet = sheet
    return fingerprint, values


def _has_results_table(book: xlsx.Book, name: str) -> bool:
    """The sheet holds a table headed like the results table (indicator code and result)."""
    return xlsx.find_header(book.grid(name), RESULT_FIELDS, required=("code", "result")) \
        is not None


def _check_visible_unit(rd: _Reader, meta: _Meta, grid: list[list[Any]], sheet: str) -> None:
    """The unit code shown on the results sheet (C5 of a template: the row labelled
    ``Mã đơn vị``) must be the hidden one (DG254): else the file was altered, and what the
    unit saw is not what dgsp would attribute."""
    hidden = meta.get("unit")[0]
    labels = {fold(a) for a in aliases("col.unit_code")}
    for r in range(min(len(grid), HEADER_ROW - 1)):
        row = grid[r]
        at = next((c for c, v in enumerate(row) if v != "" and fold(v) in labels), None)
        if at is not None:  # the value is the next filled cell (a column may be inserted)
            shown = next(((c, clean(v)) for c, v in enumerate(row[at + 1:], start=at + 1)
                          if clean(v)), None)
            if shown is None or shown[1] != hidden:
                rd.add("DG254", xlsx.cell_ref(r, shown[0] if shown else at + 2), at=sheet,
                       visible=shown[1] if shown else "—", hidden=hidden)
            return
    rd.add("DG254", at=sheet, visible="—", hidden=hidden)


@functools.cache
def _our_sheets() -> frozenset[str]:
    """The sheets a template has besides its results (folded): not extra sheets (DG233)."""
    return frozenset({fold(META_SHEET), *(fold(a) for k in ("sheet.guide", "sheet.to_fix",
                                                            "sheet.self")
                                          for a in aliases(k))})


def _read_meta(book: xlsx.Book) -> _Meta:
    sheet = book.find(META_SHEET)
    meta = _Meta(sheet=sheet or "")
    if sheet is None:
        return meta
    in_table = False
    for r, row in enumerate(book.grid(sheet)):
        key = clean(row[0]) if row else ""
        if not key:
            if in_table:
                break
            continue
        value = row[1] if len(row) > 1 else ""
        if in_table:
            meta.targets.append((key, value))
        elif key == "indicator" and clean(value) == "target":
            in_table = True
        elif key not in meta.values:
            meta.values[key] = (clean(value), r)
    return meta


def _version_number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _newer_template(meta: _Meta) -> tuple[str, str] | None:
    """(what the file says, cell) when its template is newer than this dgsp reads, else None."""
    schema, schema_cell = meta.get("schema")
    ours = _version_number(SCHEMA.rsplit("/", 1)[1])
    theirs = _version_number(schema.rsplit("/", 1)[1])
    if theirs is None or theirs > ours:
        return schema, schema_cell
    version, version_cell = meta.get("template_version")
    if version and (_version_number(version) is None
                    or _version_number(version) > _version_number(TEMPLATE_VERSION)):
        return f"template_version {version}", version_cell
    return None


def _results_sheet(rd: _Reader, book: xlsx.Book,
                   identified: bool) -> tuple[str | None, list[list[Any]]]:
    """The results sheet and its grid: by name, or (renamed) as the one sheet with its header.

    Two sheets of that name (``Kết quả`` and ``KẾT QUẢ ``) are an error (DG252), and so is
    a hidden results sheet (DG253): what would be scored is not what the unit saw.
    """
    named = book.find_all(*aliases("sheet.results"))
    if len(named) > 1:
        rd.add("DG252", at="", sheets=", ".join(f"\"{n}\"" for n in named))
        return None, []
    found: list[str] = named
    if not found and identified:
        skip = {fold(META_SHEET), *(fold(a) for a in aliases("sheet.guide"))}
        found = [n for n in book.names if fold(n) not in skip and _has_results_table(book, n)]
        if len(found) == 1:
            rd.add("DG232", at=found[0], expected=label("sheet.results"), sheet=found[0])
    if len(found) != 1:
        rd.add("DG205", at="", sheet=label("sheet.results"))
        return None, []
    if found[0] in book.hidden:
        rd.add("DG253", at=found[0], sheet=found[0])
        return None, []
    return found[0], book.grid(found[0])


def _round_term(period: str) -> Term:
    """A round in a sentence: "Quý II", or "cả năm" for the year's."""
    return Term("period.round.year" if period == Period.YEAR.value else f"period.{period}")


def _check_version(rd: _Reader, meta: _Meta, grid: list[list[Any]], sheet: str) -> None:
    """Same plan (fingerprint), or another year (DG225), another plan (DG204), or an
    earlier version of this one: unchanged for this unit (DG226) or changed (DG227 each)."""
    plan = rd.plan
    found, found_cell = meta.get("plan_fingerprint")
    expected = rd.lookup.fingerprint
    if found == expected:
        return
    year, year_cell = meta.get("year")
    if year and year != str(plan.year):
        rd.add("DG225", year_cell, found=year, expected=str(plan.year))
        return
    period, period_cell = meta.get("period")
    if (period or Period.YEAR.value) != plan.period.value:  # another round of the same year
        rd.add("DG279", period_cell or year_cell, year=plan.year,
               found=_round_term(period or Period.YEAR.value),
               expected=_round_term(plan.period.value))
        return
    issued = _issued_targets(meta)
    if not rd.lookup.has_unit(rd.unit) or issued is None or not _same_title(meta, grid, plan):
        rd.add("DG204", found_cell, found=found, expected=expected)
        return
    changes = _changes(issued, plan.assignments(rd.unit))
    if not changes:
        rd.add("DG226", found_cell, found=found, expected=expected)
        return
    header = xlsx.find_header(grid, RESULT_FIELDS, required=("code",))
    rows: dict[str, int] = {}
    if header is not None:
        for r in range(header.row + 1, len(grid)):
            code = clean(xlsx.cell(grid, r, header.columns["code"]))
            if not code:
                break
            rows.setdefault(code, r)
    for code, change, old, new in changes:
        cell = ""
        if code in rows and header is not None:
            col = header.columns.get("target", header.columns["code"])
            cell = xlsx.cell_ref(rows[code], col if change == "change.target"
                                 else header.columns["code"])
        rd.add("DG227", cell, ind=code, at=sheet, change=Term(change), found=old, expected=new)


def _issued_targets(meta: _Meta) -> dict[str, Decimal] | None:
    """The unit's targets as the template was issued (from ``_dgsp``), or None if unreadable."""
    out: dict[str, Decimal] = {}
    for code, raw in meta.targets:
        try:
            out[code] = parse_number(raw) if isinstance(raw, str) else to_decimal(raw)
        except (NotANumber, TypeError, ValueError, ArithmeticError):
            return None
    return out or None


def _same_title(meta: _Meta, grid: list[list[Any]], plan: Plan) -> bool:
    """The return names this plan's round: its ``title`` metadata, or the title atop the sheet."""
    titles = ({fold(plan.title)} if plan.title
              else {fold(label("tpl.title", lang, year=plan.year)) for lang in LANGS})
    title = meta.get("title")[0]
    if title:
        return fold(title) in titles
    return any(fold(xlsx.cell(grid, r, 0)) in titles for r in range(min(len(grid), HEADER_ROW)))


def _changes(issued: dict[str, Decimal],
             now: list[tuple[Indicator, Target]]) -> list[tuple[str, str, Any, Any]]:
    """(indicator, change label key, target issued, target now) for each difference."""
    current = {ind.code: t.value for ind, t in now}
    out: list[tuple[str, str, Any, Any]] = []
    for code, value in current.items():
        if code not in issued:
            out.append((code, "change.added", "—", value))
        elif issued[code] != value:
            out.append((code, "change.target", issued[code], value))
    out += [(code, "change.removed", value, "—") for code, value in issued.items()
            if code not in current]
    return out


def _read_results(rd: _Reader, book: xlsx.Book, sheet: str,
                  grid: list[list[Any]]) -> list[ReturnedValue]:
    header = xlsx.find_header(grid, RESULT_FIELDS, required=("code", "result"))
    if header is None:
        partial = xlsx.find_header(grid, RESULT_FIELDS, required=("code",))
        missing = "col.result" if partial else "col.indicator_code"
        cell = xlsx.cell_ref(partial.row, partial.columns["code"]) if partial else ""
        rd.add("DG206", cell=cell, column=label(missing))
        return []
    code_col, result_col = header.columns["code"], header.columns["result"]
    if header.row != HEADER_ROW - 1:
        rd.add("DG231", xlsx.cell_ref(header.row, code_col), found=header.row + 1,
               expected=HEADER_ROW)
    if not rd.lookup.has_unit(rd.unit):
        return []  # no assignments to check the rows against (DG202/DG215 already said why)

    assigned = rd.lookup.assigned(rd.unit)
    target_col, note_col = header.columns.get("target"), header.columns.get("note")
    completed_col = header.columns.get("completed")
    facts = book.cell_facts(sheet)
    result_letter = xlsx.col_letter(result_col)

    seen: dict[str, int] = {}
    last_order = -1
    values: list[tuple[int, ReturnedValue]] = []
    for r in range(header.row + 1, len(grid)):
        raw_code = clean(xlsx.cell(grid, r, code_col))
        if not raw_code:
            break
        code = raw_code if raw_code in assigned else \
            rd.lookup.folded(rd.unit).get(fold(raw_code), "")
        if not code:
            rd.add("DG208", xlsx.cell_ref(r, code_col), ind=raw_code)
            continue
        if code in seen:
            rd.add("DG209", cell=xlsx.cell_ref(r, code_col), ind=code, first_row=seen[code] + 1)
            continue
        seen[code] = r
        order, ind, target = assigned[code]
        if order < last_order and not any(p.code == "DG230" for p in rd.problems):
            rd.add("DG230", xlsx.cell_ref(r, code_col))
        last_order = max(last_order, order)
        if target_col is not None:
            _check_target(rd, xlsx.cell(grid, r, target_col), target, ind.direction,
                          r, target_col, code)
        cell = f"{result_letter}{r + 1}"
        value = _result_value(rd, xlsx.cell(grid, r, result_col), ind, cell,
                              facts.get(cell, _NO_FACTS))
        completed = _completion(rd, grid, r, completed_col, facts, ind, target, value, cell)
        if value is None:
            continue
        note = clean(xlsx.cell(grid, r, note_col)) if note_col is not None else ""
        if note:
            note, cut = xlsx.cut_cell_text(note)
            if cut:
                rd.add("DG260", xlsx.cell_ref(r, note_col), ind=code,
                       length=len(clean(xlsx.cell(grid, r, note_col))),
                       limit=xlsx.MAX_CELL_CHARS)
        values.append((order, ReturnedValue(indicator=code, value=value, cell=cell, note=note,
                                            completed=completed)))
    for code in assigned:
        if code not in seen:
            rd.add("DG207", ind=code)
    values.sort(key=lambda pair: pair[0])
    return [v for _, v in values]


_NO_FACTS = xlsx.CellFacts()

_DATE_TEXT = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)


def parse_completion(raw: Any) -> date | None:
    """A completion date as a unit types it: a date cell, or text d/m/yyyy (``15/03/2025``,
    ``5/3/2025``); None for anything else (a number, ``2025-03-15``, ``15/03/25``, words)."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        return None
    m = _DATE_TEXT.fullmatch(clean(raw))
    if m is None:
        return None
    day, month, year = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _completion(rd: _Reader, grid: list[list[Any]], r: int, col: int | None,
                facts: dict[str, xlsx.CellFacts], ind: Indicator, target: Target,
                value: Decimal | None, result_cell: str) -> date | None:
    """The completion date of one task (row ``r``), or None after recording why not.

    A ``Đạt`` task with a due date reported done needs one (DG262); one given where none is
    asked (not done, or no due date) is ignored (DG263). Read strictly (DG261): a date cell,
    or d/m/yyyy text; a formula is not a date a unit typed."""
    due = due_of(ind, target)
    raw = xlsx.cell(grid, r, col) if col is not None else ""
    cell = xlsx.cell_ref(r, col) if col is not None else result_cell
    fact = facts.get(cell, _NO_FACTS) if col is not None else _NO_FACTS
    shown = (fact.formula.text if fact.formula is not None else fact.error or
             (_iso(raw) if isinstance(raw, TIME_TYPES) else clean(raw)))
    if not shown:
        if due is not None and value == 1:
            rd.add("DG262", cell, ind=ind.code, due=due.strftime("%d/%m/%Y"))
        return None
    if due is None or (value is not None and value != 1):
        reason = "completed.no_due" if due is None else "completed.not_done"
        rd.add("DG263", cell, ind=ind.code, found=shown, reason=Term(reason))
        return None
    day = None if fact.formula is not None or fact.error else parse_completion(raw)
    if day is None:
        rd.add("DG261", cell, ind=ind.code, found=shown)
        return None
    if value is None:  # the result itself is unusable: said already
        return None
    if abs(day.year - rd.plan.year) > 1:
        rd.add("DG264", cell, ind=ind.code, found=day.strftime("%d/%m/%Y"), year=rd.plan.year)
    return day


def _result_value(rd: _Reader, raw: Any, ind: Indicator, cell: str,
                  facts: xlsx.CellFacts) -> Decimal | None:
    """The result in one cell, or None after recording why it cannot be used.

    A formula's saved value is read like a typed one (DG236 says it was a
    formula); a formula with no saved value cannot be read at all (DG237); an error
    value (``#DIV/0!``) is not a result (DG251).
    """
    formula = facts.formula
    if facts.error:
        rd.add("DG251", cell=cell, ind=ind.code, found=facts.error)
        return None
    if formula is None:
        return _typed_value(rd, raw, ind, cell, facts.percent)
    if not formula.cached or xlsx.is_blank(raw):
        rd.add("DG237", cell=cell, ind=ind.code, formula=formula.text)
        return None
    value = _typed_value(rd, raw, ind, cell, facts.percent)
    rd.add("DG236", cell=cell, ind=ind.code, formula=formula.text,
           value=clean(raw) if value is None else value)
    return value


def _typed_value(rd: _Reader, raw: Any, ind: Indicator, cell: str,
                 percent_cell: bool = False) -> Decimal | None:
    """The result as the unit sees it: a number in a percentage cell (0.92 shown as 92%)
    is 92 for an indicator measured in %, and an error for any other (DG257)."""
    code = ind.code
    if xlsx.is_blank(raw):
        rd.add("DG210", cell=cell, ind=code)
        return None
    if ind.direction is Direction.BINARY:
        done = done_value(raw)
        if done is None:
            rd.add("DG213", cell=cell, ind=code, found=clean(raw))
        return done
    if isinstance(raw, bool):
        rd.add("DG218", cell=cell, ind=code, kind=Term("kind.bool"), found=str(raw).upper())
        return None
    if isinstance(raw, TIME_TYPES):
        rd.add("DG218", cell=cell, ind=code, kind=Term("kind.date"), found=_iso(raw))
        return None
    text_typed = isinstance(raw, str)
    in_percent = ind.in_percent
    try:
        if text_typed:
            text = clean(raw)
            if text.endswith("%"):
                if not in_percent:
                    rd.add("DG235", cell=cell, ind=code, found=text,
                           measure=ind.measure.strip() or "—")
                    return None
                text = text[:-1].strip()
            value = parse_number(text)
        else:
            value = to_decimal(raw)
            if percent_cell:
                shown = canonical(value * 100)
                if not in_percent:
                    rd.add("DG257", cell=cell, ind=code, found=shown,
                           measure=ind.measure.strip() or "—")
                    return None
                value = shown
    except AmbiguousNumber as exc:
        rd.add("DG234", cell=cell, ind=code, found=clean(raw), vi=exc.readings[0],
               en=exc.readings[1])
        return None
    except MixedDigits:
        rd.add("DG249", cell=cell, ind=code, found=clean(raw))
        return None
    except (NotANumber, TypeError, ValueError, ArithmeticError):
        rd.add("DG212", cell=cell, ind=code, found=clean(raw))
        return None
    if value < 0:
        rd.add("DG211", cell=cell, ind=code, found=as_found(raw))
        return None
    if value >= MAX_RESULT:
        rd.add("DG258", cell=cell, ind=code, found=clean(raw), limit=MAX_RESULT)
        return None
    if text_typed:
        rd.add("DG214", cell=cell, ind=code, found=clean(raw), value=value)
    target = rd.lookup.assigned(rd.unit)[code][2].value
    if in_percent and not percent_cell and not text_typed and _looks_like_fraction(value, target):
        # 0.92 in a General cell against a target of 92 (%): 92% or 0.92%? Not guessed.
        rd.add("DG224", cell=cell, ind=code, found=value, percent=value * 100, target=target)
        return None
    _check_outlier(rd, value, ind, target, cell)
    return value


def _check_outlier(rd: _Reader, value: Decimal, ind: Indicator, target: Decimal,
                   cell: str) -> None:
    """Warn about values staff should look at twice; they are still scored: below 1/F or
    above F times the target (F: the indicator's outlier factor, 20 unless the plan says),
    or 0 against a target that is not small."""
    code = ind.code
    factor = ind.outlier_factor
    if target > 0 and value > 0 and (value > factor * target or value * factor < target):
        rd.add("DG238", cell=cell, ind=code, found=value, factor=factor, target=target)
    elif ind.direction is Direction.HIGHER and value == 0 and target >= ZERO_OUTLIER_TARGET:
        rd.add("DG239", cell=cell, ind=code, target=target)


def _check_target(rd: _Reader, raw: Any, target: Target, direction: Direction, row: int,
                  col: int, code: str) -> None:
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
        rd.add("DG217", cell=xlsx.cell_ref(row, col), ind=code, found=as_found(raw),
               expected=expected)


def _looks_like_fraction(value: Decimal, target: Decimal) -> bool:
    """97% typed into a percentage cell is stored as 0.97: a likely slip when the
    target is 95 (%), but not when a 1.2% poverty-rate target meets a result of 1."""
    return 0 < value <= 1 < target and Decimal("0.5") <= value * 100 / target <= 2




def _iso(value: date | datetime | time | timedelta) -> str:
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, datetime) and not (value.hour or value.minute or value.second):
        return value.date().isoformat()
    return value.isoformat()


# ----------------------------------------------------------------------------- self-assessment

_STEP = Decimal("0.25")


def _read_self_assessment(rd: _Reader, book: xlsx.Book) -> None:
    """The ``Tự đánh giá`` sheet → ``rd.self_scores``, one per entity and criterion the plan
    expects of the unit (in template order), each checked like a result. Blocks and rows are
    found by content (:func:`dgsp.plan.templates.self_blocks`)."""
    expected = rd.lookup.self_expected(rd.unit)
    if not expected:
        return
    found = book.find_all(*aliases("sheet.self"))
    if not found:
        rd.add("DG265", at="", sheet=label("sheet.self"))
        return
    sheet = rd.sheet = found[0]
    for other in found[1:]:
        rd.add("DG275", at="", item=other, first=f"\"{sheet}\"")
    grid = book.grid(sheet)
    facts = book.cell_facts(sheet)
    folded = {fold(e): e for e in expected}
    entities: dict[str, str] = {}  # entity → the cell of its code
    seen: dict[tuple[str, str], str] = {}  # (entity, criterion) → its code's cell
    scores: dict[tuple[str, str], SelfScore] = {}
    for block in self_blocks(grid):
        at = xlsx.cell_ref(*block.at)
        entity = block.entity if block.entity in expected else folded.get(fold(block.entity))
        if entity is None:
            rd.add("DG271", at, found=block.entity or "—", unit=rd.unit,
                   expected=", ".join(expected))
            continue
        if entity in entities:
            rd.add("DG275", at, item=entity, first=entities[entity])
            continue
        entities[entity] = at
        criteria = expected[entity]
        by_fold = {fold(c): c for c in criteria}
        for raw_code, r in block.rows:
            code_cell = xlsx.cell_ref(r, block.code_col)
            code = raw_code if raw_code in criteria else by_fold.get(fold(raw_code))
            if code is None:
                rd.add("DG272", code_cell, criterion=raw_code, entity=entity)
                continue
            if (entity, code) in seen:
                rd.add("DG275", code_cell, item=code, first=seen[(entity, code)])
                continue
            seen[(entity, code)] = code_cell
            cell = xlsx.cell_ref(r, block.score_col)
            ok, value = _self_value(rd, xlsx.cell(grid, r, block.score_col), criteria[code],
                                    entity, cell, facts.get(cell, _NO_FACTS))
            if ok:
                scores[(entity, code)] = SelfScore(entity=entity, criterion=code, value=value,
                                                   cell=cell)
    for entity, criteria in expected.items():
        missing = [c for c in criteria if (entity, c) not in seen]
        if missing:
            rd.add("DG274", entities.get(entity, ""), entity=entity, criteria=", ".join(missing))
    rd.self_scores = [scores[(e, c)] for e, criteria in expected.items() for c in criteria
                      if (e, c) in scores]


def _self_value(rd: _Reader, raw: Any, crit: Criterion, entity: str, cell: str,
                facts: xlsx.CellFacts) -> tuple[bool, Decimal | None]:
    """(usable, score) of one self-score cell: (True, None) when empty (DG273, not assessed);
    (False, None) after recording why it cannot be used. A formula's saved value is read like
    a typed one (DG277); a formula with none cannot be read (DG278)."""
    where = {"entity": entity, "criterion": crit.code, "max": crit.max_points}
    if facts.error:
        rd.add("DG268", cell, found=facts.error, **where)
        return False, None
    formula = facts.formula
    if formula is not None and (not formula.cached or xlsx.is_blank(raw)):
        rd.add("DG278", cell, formula=formula.text, **where)
        return False, None
    if xlsx.is_blank(raw):
        rd.add("DG273", cell, **where)
        return True, None
    value = _typed_self_value(rd, raw, crit, cell, where)
    if value is None:
        return False, None
    if formula is not None:
        rd.add("DG277", cell, formula=formula.text, value=value, **where)
    return True, value


def _typed_self_value(rd: _Reader, raw: Any, crit: Criterion, cell: str,
                      where: dict[str, Any]) -> Decimal | None:
    """A self-score as typed: a number (or Vietnamese number text), and for a pass/fail
    criterion also the Đạt/Không đạt words (or TRUE/FALSE): full points or 0."""
    binary = crit.scoring is CriterionScoring.BINARY
    top = crit.max_points
    if isinstance(raw, bool):
        if binary:
            return top if raw else Decimal(0)
        rd.add("DG268", cell, found=str(raw).upper(), **where)
        return None
    if isinstance(raw, TIME_TYPES):
        rd.add("DG268", cell, found=_iso(raw), **where)
        return None
    text = isinstance(raw, str)
    try:
        value = parse_number(clean(raw)) if text else to_decimal(raw)
    except AmbiguousNumber as exc:
        rd.add("DG234", cell=cell, found=clean(raw), vi=exc.readings[0], en=exc.readings[1])
        return None
    except MixedDigits:
        rd.add("DG249", cell=cell, found=clean(raw))
        return None
    except (NotANumber, TypeError, ValueError, ArithmeticError):
        if binary and text:
            try:
                return top if parse_done(raw) else Decimal(0)
            except ValueError:
                pass
        rd.add("DG268", cell, found=clean(raw), **where)
        return None
    value = canonical(value)
    found = clean(raw) if text else value
    if value < 0:
        rd.add("DG267", cell, found=found, **where)
        return None
    if value > top:
        rd.add("DG266", cell, found=found, **where)
        return None
    if binary and value not in (0, top):
        rd.add("DG269", cell, found=found, **where)
        return None
    if not binary and value % _STEP:
        lower = (value // _STEP) * _STEP
        rd.add("DG270", cell, found=found, lower=canonical(lower),
               upper=canonical(min(lower + _STEP, top)), **where)
        return None
    if text:
        rd.add("DG276", cell, found=clean(raw), value=value, **where)
    return value


# ----------------------------------------------------------------------------- many files


@dataclass
class Intake:
    """Every return read, the one chosen per plan unit, and file-level problems."""

    returns: list[Return]
    by_unit: dict[str, Return]
    problems: list[Problem] = field(default_factory=list)


def gather(plan: Plan, paths: Sequence[Path], prefer: str | None = None, *,
           strict: bool = False, workers: int | None = None,
           progress: parallel.Progress | None = None) -> Intake:
    """Read every return under ``paths`` and pick one per plan unit.

    Files are read by :func:`dgsp.parallel.run` (``workers``: None chooses, 1
    reads in this process; ``progress(done, total)`` is called as files are
    read); everything after reading happens here, in file order, so the
    result is the same whatever the number of workers.

    One bad file never stops the others, and never harms another unit:

    - dgsp's own outputs found in a folder (a report, evaluation sheets) are skipped
      with a DG220 note;
    - a file is counted for the unit its name points at when its name and content
      disagree (DG203: unit A sent B's file), never for B;
    - a unit's files that are cleanly its own (name, visible code and hidden code
      agreeing; no :data:`IDENTITY_CODES` problem) are the only candidates when it
      has any: the others are set aside with DG256, and their problems still listed.

    Among the candidates, identical bytes keep the first (DG221 warning); different
    content rejects the unit's return (DG216, added to that return's problems, so it
    is reported once), unless ``prefer="newest"``: then the most recently saved one
    is kept (``dcterms:modified`` of ``docProps/core.xml``, else the file's mtime, as
    read with the file) and a DG229 warning names the files discarded. A save time in
    the future (DG255) never wins; if the newest save time is shared by two different
    files, DG216 stands. Returns whose unit is not in the plan stay only in ``returns``.
    ``strict`` makes every warning an error (``--strict``).
    """
    if prefer is not None and prefer not in PREFER:
        raise ValueError(f"prefer must be one of {PREFER} or None, not {prefer!r}")
    files, problems = list_return_files(paths)
    plan.fingerprint()  # the plan's caches: built once here, not in each worker
    plan.unit("")
    lookup = _Lookup(plan, strict=strict)
    read = parallel.run(functools.partial(_read_path, lookup), [str(p) for p in files],
                        workers=workers, progress=progress)
    returns: list[Return] = []
    for ret in read:
        if ret.output:
            problems.append(Problem("DG220", {"name": Path(ret.file).name,
                                              "reason": Term(f"skip.output.{ret.output}")},
                                    file=ret.file))
        else:
            returns.append(ret)
    groups: dict[str, list[Return]] = {}
    units = {u.code for u in plan.units}
    for ret in returns:
        if ret.unit in units:
            groups.setdefault(ret.unit, []).append(ret)
    by_unit: dict[str, Return] = {}
    for unit in plan.units:
        group = groups.get(unit.code)
        if not group:
            continue
        own = [r for r in group if _is_own(r)]
        if own and len(own) < len(group):
            kept = own[0].file
            problems += [Problem("DG256", {"unit": unit.code, "kept": kept}, file=r.file,
                                 unit=unit.code) for r in group if not _is_own(r)]
            group = own
        first = group[0]
        if prefer == "newest" and own and any(r.sha256 != first.sha256 for r in group):
            newest = _newest(group, lookup.now)
            if newest is not None:
                first = newest
                discarded = [r for r in group if r.sha256 != first.sha256]
                gone = {id(r) for r in discarded}
                problems.append(Problem("DG229", {
                    "unit": unit.code, "kept": first.file,
                    "modified": first.modified.strftime("%Y-%m-%d %H:%M:%S UTC"),
                    "discarded": ", ".join(r.file for r in discarded)},
                    file=first.file, unit=unit.code))
                group = [first, *(r for r in group if r is not first and id(r) not in gone)]
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
            first = first.model_copy(update={"problems": (*first.problems, _strict(p, strict))})
        by_unit[unit.code] = first
    problems = [_strict(p, strict) for p in problems]
    return Intake(returns=returns, by_unit=by_unit, problems=problems)


def _strict(p: Problem, strict: bool) -> Problem:
    return p.escalated() if strict else p


def _is_own(ret: Return) -> bool:
    """The file is cleanly its unit's own: readable, identified, and its name, visible unit
    code and hidden code agree."""
    return bool(ret.sha256) and not any(p.code in IDENTITY_CODES for p in ret.problems)


def _newest(group: list[Return], now: datetime) -> Return | None:
    """The most recently saved return of a group, or None when that is not one file.
    A save time in the future (DG255) is not a time to trust: such a file never wins."""
    dated = [r for r in group if r.modified is not None and r.modified <= now + FUTURE_SLACK]
    if not dated:
        return None
    latest = max(r.modified for r in dated)
    top = [r for r in dated if r.modified == latest]
    if any(r.sha256 != top[0].sha256 for r in top):
        return None
    return top[0]


__all__ = ["list_return_files", "read_return", "unit_from_filename", "Intake", "gather",
           "RETURN_SUFFIXES", "OUTLIER_FACTOR", "MAX_RESULT", "IDENTITY_CODES", "ZERO_OUTLIER_TARGET", "PREFER",
           "RESULT_FIELDS", "META_SHEET", "parse_completion"]
