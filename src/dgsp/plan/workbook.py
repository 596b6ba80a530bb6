"""The plan workbook: read it into a :class:`~dgsp.model.Plan`, or write it (and the blank).

:func:`read_plan` reads every sheet in one pass and collects every problem it
finds, each with its sheet and cell; any error raises
:class:`~dgsp.problems.PlanError` carrying all of them. :func:`write_plan`
writes the standard workbook, and ``read_plan(write_plan(p))`` gives back a
plan with the same fingerprint as ``p``, in either layout and either language.

The format is described in ``docs/plan-format.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dgsp import xlsx
from dgsp.labels import (
    DIRECTION_KEYS,
    GRADE_NAMES,
    LABELS,
    Term,
    aliases,
    direction_word,
    grade_name,
    label,
)
from dgsp.model import (
    DEFAULT_GRADE_RULES,
    OUTLIER_FACTOR,
    Criterion,
    CriterionScoring,
    Direction,
    Document,
    DocStyle,
    Grade,
    GradeRule,
    Indicator,
    Official,
    Plan,
    Problem,
    Period,
    QuotaBase,
    SeatRounding,
    Target,
    Unit,
)
from dgsp.problems import PlanError
from dgsp.text import (
    as_number,
    clean,
    fold,
    parse_done,
    parse_percent,
    parse_yes_no,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

UNIT_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
LIST_ROWS = 5000  # drop-down lists and code ranges reach this row

SHEETS = ("sheet.info", "sheet.units", "sheet.indicators", "sheet.targets", "sheet.grades",
          "sheet.criteria", "sheet.officials")
INFO_KEYS = ("info.title", "info.year", "info.issued_by", "info.deadline", "info.max_points",
             "info.quota")
INFO_366 = ("info.general_points", "info.quota_base", "info.seat_rounding",  # Quy định 366
            "info.period")  # and HD 02's quarterly rounds
INFO_DOC = ("info.parent_body", "info.place", "info.doc_style", "info.authority",
            "info.signer_title", "info.signer")  # the documents' header and signature
DOC_FIELDS = dict(zip(INFO_DOC, ("parent_body", "place", "style", "authority", "signer_title",
                                 "signer"), strict=True))
DOC_STYLE_KEYS = {DocStyle.PARTY: "doc_style.party", DocStyle.STATE: "doc_style.state"}
UNIT_COLS = ("col.unit_code", "col.unit_name", "col.group", "col.heads")
INDICATOR_COLS = ("col.indicator_code", "col.task_group", "col.indicator_name", "col.measure",
                  "col.direction", "col.weight", "col.cap", "col.additive", "col.outlier")
INDICATOR_366 = ("col.critical", "col.late_deduction")
LONG_COLS = ("col.unit_code", "col.indicator_code", "col.target", "col.note")
GRADE_COLS = ("col.grade", "col.min_score", "col.min_achieved", "col.min_exceeded")
CRITERION_COLS = ("col.criterion_code", "col.criterion_group", "col.criterion_name",
                  "col.max_points", "col.scoring", "col.applies_to")
OFFICIAL_COLS = ("col.official_code", "col.full_name", "col.position", "col.unit_code",
                 "col.group")
GRADED = (Grade.HTXSNV, Grade.HTTNV, Grade.HTNV)  # the grades a plan sets; KHTNV is the rest
BLANK_GENERAL_POINTS = Decimal(30)  # the blank's G: 30 of 100 (Quy định 366, Nghị định 335)

QUOTA_BASE_KEYS = {QuotaBase.GOOD_OR_BETTER: "quota_base.good_or_better",
                   QuotaBase.GOOD: "quota_base.good"}
ROUNDING_KEYS = {SeatRounding.FLOOR: "rounding.floor", SeatRounding.HALF_UP: "rounding.half_up"}
SCORING_KEYS = {CriterionScoring.BINARY: "scoring.binary", CriterionScoring.SCALE: "scoring.scale"}

# Header cells of a matrix Targets sheet that are not unit codes: any known column label.
_MATRIX_IGNORED = {fold(a) for k, pair in LABELS.items() if k.startswith("col.") or k == "total"
                   for a in pair}
_DUE = {fold(a) for a in aliases("col.due")}
_ANNUAL = {fold(a) for a in aliases("col.annual_target")}
_APPLIES_SPLIT = re.compile(r"[;,+&/\n]")
_APPLIES_AND = re.compile(r"\b(?:va|and)\b")
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


# ============================================================================= reading


def read_plan(path: Path) -> tuple[Plan, list[Problem]]:
    """Read a plan workbook. Returns the plan and its warnings.

    Raises :class:`~dgsp.problems.PlanError` listing every problem found (errors
    and warnings, in sheet order) when there is any error.
    """
    reader = _PlanReader(Path(path))
    try:
        book = xlsx.open_book(Path(path))  # a missing path fails the zip preflight
    except xlsx.UnreadableWorkbook as exc:
        reader.add("DG101", params={"reason": exc.reason or str(exc)})
        raise PlanError(reader.problems) from None
    return _finish(reader, book)


def parse_plan(sheets: Mapping[str, Sequence[Sequence[Any]]], file: str) -> tuple[Plan, list[Problem]]:
    """Read a plan from rows held in memory (sheet name → rows from A1), as :func:`read_plan` does.

    ``file`` names the source in problems. The bundled example uses it.
    """
    return _finish(_PlanReader(Path(file)), xlsx.Book.from_grids(sheets, Path(file)))


def _finish(reader: _PlanReader, book: xlsx.Book) -> tuple[Plan, list[Problem]]:
    try:
        plan = reader.read(book)
    except xlsx.UnreadableWorkbook as exc:  # a sheet calamine cannot parse
        reader.add("DG101", params={"reason": exc.reason or str(exc)})
        raise PlanError(reader.problems) from None
    if plan is None or any(p.is_error for p in reader.problems):
        raise PlanError(reader.problems)
    return plan, reader.problems


@dataclass
class _Table:
    """A sheet's table: where its header row is and which column holds each field."""

    name: str
    grid: list[list[Any]]
    header: xlsx.Header

    def value(self, r: int, key: str) -> Any:
        col = self.header.columns.get(key)
        return "" if col is None else xlsx.cell(self.grid, r, col)

    def text(self, r: int, key: str) -> str:
        return clean(self.value(r, key))

    def ref(self, r: int, key: str) -> str:
        return xlsx.cell_ref(r, self.header.columns[key])

    def title(self, key: str) -> str:
        """The header as the sheet spells it, for messages."""
        return clean(self.grid[self.header.row][self.header.columns[key]])

    def rows(self, keys: tuple[str, ...] = ()) -> Iterator[int]:
        """The rows below the header with anything in a known column (or in ``keys``)."""
        cols = [self.header.columns[k] for k in keys] or self.header.columns.values()
        for r in range(self.header.row + 1, len(self.grid)):
            if any(not xlsx.is_blank(xlsx.cell(self.grid, r, c)) for c in cols):
                yield r


@dataclass
class _Known:
    """What the Units and Indicators sheets defined, for checking the Targets sheet.

    ``None`` when the sheet could not be read (then codes are not checked, to
    avoid a flood of follow-on problems).
    """

    units: dict[str, str] | None  # code → cell of its code on the Units sheet
    indicators: dict[str, tuple[str, Direction | None]] | None  # code → (cell, direction)
    units_sheet: str = ""
    indicators_sheet: str = ""
    additive: frozenset[str] = frozenset()  # the additive indicators' codes


class _PlanReader:
    def __init__(self, path: Path):
        self.path = path
        self.file = str(path)
        self.problems: list[Problem] = []
        self.lang = "vi"

    # ------------------------------------------------------------------ helpers

    def add(self, code: str, sheet: str = "", cell: str = "", params: dict | None = None,
            unit: str = "", indicator: str = "") -> None:
        self.problems.append(Problem(code=code, params=params or {}, file=self.file, sheet=sheet,
                                     cell=cell, unit=unit, indicator=indicator))

    def word(self, key: str) -> str:
        return label(key, self.lang)

    def sheet(self, book: xlsx.Book, key: str, required: bool = True) -> str | None:
        name = book.find(*aliases(key))
        if name is None and required:
            self.add("DG102", self.word(key), "", {"sheet": self.word(key)})
        return name

    def table(self, book: xlsx.Book, key: str, fields: tuple[str, ...],
              required: tuple[str, ...], sheet_required: bool = True) -> _Table | None:
        name = self.sheet(book, key, sheet_required)
        if name is None:
            return None
        grid = book.grid(name)
        spellings = {k: aliases(k) for k in fields}
        header = xlsx.find_header(grid, spellings, required)
        if header is None:
            self.missing_columns(name, grid, spellings, required)
            return None
        return _Table(name, grid, header)

    def missing_columns(self, name: str, grid: list[list[Any]], spellings: dict,
                        required: tuple[str, ...]) -> None:
        """DG103 for each required column absent from the likeliest header row."""
        best: xlsx.Header | None = None
        for r in range(min(len(grid), 30)):
            found = xlsx.find_header(grid[r:r + 1], spellings, ())
            if found and found.columns and (best is None or len(found.columns) > len(best.columns)):
                best = xlsx.Header(row=r, columns=found.columns, extra=found.extra)
        if best is not None:
            cell = xlsx.cell_ref(best.row, 0)
        else:
            cell = "A1" if any(not xlsx.is_blank(v) for row in grid for v in row) else ""
        for key in required:
            if best is None or key not in best.columns:
                self.add("DG103", name, cell, {"column": self.word(key)})

    def check(self, raw: Any, parse: Callable[[Any], Any], ok: Callable[[Any], bool], code: str,
              expected: str, sheet: str, ref: str, title: str, indicator: str = "") -> Any:
        """A filled value, parsed and checked; ``None`` (and a DG105/DG110) when not valid."""
        value = parse(raw)
        if value is None or not ok(value):
            self.add(code, sheet, ref, {"field": title, "expected": self.word(expected),
                                        "found": clean(raw)}, indicator=indicator)
            return None
        return value

    def optional(self, t: _Table, r: int, key: str, default: Any, parse: Callable[[Any], Any],
                 ok: Callable[[Any], bool], code: str, expected: str, indicator: str = "") -> Any:
        """An optional cell of a table: its default when empty or not valid."""
        raw = t.value(r, key)
        if xlsx.is_blank(raw):
            return default
        value = self.check(raw, parse, ok, code, expected, t.name, t.ref(r, key), t.title(key),
                           indicator)
        return default if value is None else value

    def require_rows(self, t: _Table, rows: list) -> None:
        """DG124 when a table that must list something lists nothing at all."""
        if not rows and not any(p.is_error and p.sheet == t.name for p in self.problems):
            self.add("DG124", t.name, xlsx.cell_ref(t.header.row + 1, 0), {"sheet": t.name})

    def required_text(self, t: _Table, r: int, key: str, unit: str = "",
                      indicator: str = "") -> str:
        return self.require(t, r, key, t.text(r, key), unit, indicator)

    def require(self, t: _Table, r: int, key: str, text: str, unit: str = "",
                indicator: str = "") -> str:
        """``text``, read from a required cell: a DG104 when it is empty."""
        if not text:
            self.add("DG104", t.name, t.ref(r, key), {"field": t.title(key)}, unit=unit,
                     indicator=indicator)
        return text

    # ------------------------------------------------------------------ the whole book

    def read(self, book: xlsx.Book) -> Plan | None:
        self.lang = _book_lang(book.names)

        info = self.read_info(book)
        units = self.read_units(book)
        indicators = self.read_indicators(book)
        known = _Known(
            units=None if units is None else {u.code: ref for u, ref in units},
            indicators=None if indicators is None
            else {i.code: (ref, d) for i, ref, d in indicators},
            units_sheet=book.find(*aliases("sheet.units")) or "",
            indicators_sheet=book.find(*aliases("sheet.indicators")) or "",
            additive=frozenset(i.code for i, _, _ in indicators or () if i.additive),
        )
        period = None if info is None else info.get("period", Period.YEAR)  # None: not known
        targets = self.read_targets(book, known, period)
        grades = self.read_grades(book)
        criteria = self.read_criteria(book)
        officials = self.read_officials(book, units)
        self.check_criteria(info, criteria, bool(officials))
        if None in (info, units, indicators, targets) or any(p.is_error for p in self.problems):
            return None
        unit_order = {u.code: n for n, (u, _) in enumerate(units)}
        indicator_order = {i.code: n for n, (i, _, _) in enumerate(indicators)}
        targets.sort(key=lambda t: (unit_order[t.unit], indicator_order[t.indicator]))
        info = {k: v for k, v in info.items() if not k.startswith("_")}
        return Plan(**info, units=tuple(u for u, _ in units),
                    indicators=tuple(i for i, _, _ in indicators), targets=tuple(targets),
                    grade_rules=grades, criteria=tuple(c for c, _ in criteria[0]),
                    officials=tuple(officials))

    # ------------------------------------------------------------------ Thông tin

    def read_info(self, book: xlsx.Book) -> dict | None:
        name = self.sheet(book, "sheet.info")
        if name is None:
            return None
        grid = book.grid(name)
        keys = {fold(a): k for k in INFO_KEYS + INFO_366 + INFO_DOC for a in aliases(k)}
        found: dict[str, tuple[Any, str, str]] = {}  # key → (value, its cell, the key as typed)
        for r in range(len(grid)):
            key = keys.get(fold(xlsx.cell(grid, r, 0)))
            if key and key not in found:
                found[key] = (xlsx.cell(grid, r, 1), xlsx.cell_ref(r, 1), clean(grid[r][0]))

        def entry(key: str, parse, ok, code: str, expected: str) -> Any:
            raw, ref, title = found[key]
            return self.check(raw, parse, ok, code, expected, name, ref, title)

        def filled(key: str) -> bool:
            return key in found and not xlsx.is_blank(found[key][0])

        out: dict[str, Any] = {"title": clean(found.get("info.title", ("",))[0]),
                               "issued_by": clean(found.get("info.issued_by", ("",))[0])}
        if filled("info.year"):
            out["year"] = entry("info.year", _year, _any, "DG105", "expect.year")
        else:
            _, ref, title = found.get("info.year", ("", "", self.word("info.year")))
            self.add("DG104", name, ref, {"field": title})
        if filled("info.deadline"):
            out["deadline"] = entry("info.deadline", _date, _any, "DG105", "expect.date")
        if filled("info.max_points"):
            out["max_points"] = entry("info.max_points", _number, _positive, "DG105",
                                      "expect.positive")
        if "info.quota" in found:  # present but empty, or 0: no quota
            out["excellent_quota"] = filled("info.quota") and entry(
                "info.quota", _percent, _share, "DG110", "expect.share") or None
        # Quy định 366: G, the quota base and the seat rounding ("_" keys are for checks only)
        out["_sheet"] = name
        out["_general_ref"] = found.get("info.general_points", ("", ""))[1]
        if filled("info.general_points"):
            top = out.get("max_points") or Decimal(100)
            out["general_points"] = entry("info.general_points", _number,
                                          lambda d: 0 <= d < top, "DG105",
                                          "expect.general_points")
        if filled("info.quota_base"):
            out["quota_base"] = entry("info.quota_base", _choice(QUOTA_BASE_KEYS), _any,
                                      "DG105", "expect.quota_base")
        if filled("info.seat_rounding"):
            out["seat_rounding"] = entry("info.seat_rounding", _choice(ROUNDING_KEYS), _any,
                                         "DG105", "expect.seat_rounding")
        if filled("info.period"):
            out["period"] = entry("info.period", parse_period, _any, "DG105", "expect.period")
        document = {field: clean(found[key][0]) for key, field in DOC_FIELDS.items()
                    if filled(key) and key != "info.doc_style"}
        if filled("info.doc_style"):
            document["style"] = entry("info.doc_style", _choice(DOC_STYLE_KEYS), _any, "DG105",
                                      "expect.doc_style")
        if document:
            out["document"] = Document(**{k: v for k, v in document.items() if v is not None})
        return out

    # ------------------------------------------------------------------ Đơn vị

    def read_units(self, book: xlsx.Book) -> list[tuple[Unit, str]] | None:
        t = self.table(book, "sheet.units", UNIT_COLS, UNIT_COLS[:3])
        if t is None:
            return None
        out: list[tuple[Unit, str]] = []
        first: dict[str, int] = {}
        for r in t.rows():
            code = self.required_text(t, r, "col.unit_code")
            if code and not UNIT_CODE.match(code):
                self.add("DG108", t.name, t.ref(r, "col.unit_code"), {"code": code}, unit=code)
            key = code.casefold()  # TAMDAO.xlsx and tamdao.xlsx are one file on Windows and macOS
            if key in first:
                self.add("DG106", t.name, t.ref(r, "col.unit_code"),
                         {"code": code, "first_row": first[key] + 1}, unit=code)
                continue
            name = self.required_text(t, r, "col.unit_name", unit=code)
            group = self.required_text(t, r, "col.group", unit=code)
            if not code:
                continue
            first[key] = r
            heads = tuple(h.strip() for h in re.split(r"[;\n]", t.text(r, "col.heads"))
                          if h.strip())
            out.append((Unit(code=code, name=name, group=group, heads=heads),
                        t.ref(r, "col.unit_code")))
        self.require_rows(t, out)
        return out

    # ------------------------------------------------------------------ Chỉ tiêu

    def read_indicators(self, book: xlsx.Book
                        ) -> list[tuple[Indicator, str, Direction | None]] | None:
        t = self.table(book, "sheet.indicators", INDICATOR_COLS + INDICATOR_366,
                       ("col.indicator_code", "col.indicator_name"))
        if t is None:
            return None
        words = {fold(a): d for d, key in DIRECTION_KEYS.items() for a in aliases(key)}
        out: list[tuple[Indicator, str, Direction | None]] = []
        first: dict[str, int] = {}
        for r in t.rows():
            code = self.required_text(t, r, "col.indicator_code")
            if code in first:
                self.add("DG107", t.name, t.ref(r, "col.indicator_code"),
                         {"code": code, "first_row": first[code] + 1}, indicator=code)
                continue
            name = self.required_text(t, r, "col.indicator_name", indicator=code)

            raw = t.value(r, "col.direction")
            direction: Direction | None = Direction.HIGHER
            if not xlsx.is_blank(raw):
                direction = words.get(fold(raw))
                if direction is None:
                    self.add("DG109", t.name, t.ref(r, "col.direction"), {"found": clean(raw)},
                             indicator=code)

            weight = self.optional(t, r, "col.weight", Decimal(1), _number, _positive, "DG105",
                                   "expect.positive", code)
            cap = self.optional(t, r, "col.cap", Decimal(1), _percent, lambda d: d >= 1, "DG110",
                                "expect.cap", code)

            outlier = self.optional(t, r, "col.outlier", Decimal(OUTLIER_FACTOR), _number,
                                    lambda d: d > 1, "DG105", "expect.outlier", code)

            additive = direction is not Direction.BINARY
            raw = t.value(r, "col.additive")
            if not xlsx.is_blank(raw):
                try:
                    additive = parse_yes_no(raw)
                except ValueError:
                    self.add("DG118", t.name, t.ref(r, "col.additive"),
                             {"field": t.title("col.additive"), "found": clean(raw)},
                             indicator=code)
            critical = self.yes_no(t, r, "col.critical", False, code)
            late = self.optional(t, r, "col.late_deduction", Decimal(0), _percent, _share,
                                 "DG110", "expect.share", code)
            if not code:
                continue
            first[code] = r
            indicator = Indicator(
                code=code, name=name, task_group=t.text(r, "col.task_group"),
                measure=t.text(r, "col.measure"), direction=direction or Direction.HIGHER,
                weight=weight, cap=cap, additive=additive, outlier_factor=outlier,
                critical=critical, late_deduction=late)
            out.append((indicator, t.ref(r, "col.indicator_code"), direction))
        self.require_rows(t, out)
        return out

    # ------------------------------------------------------------------ Giao chỉ tiêu

    def read_targets(self, book: xlsx.Book, known: _Known,
                     period: Period | None = Period.YEAR) -> list[Target] | None:
        name = self.sheet(book, "sheet.targets")
        if name is None:
            return None
        grid = book.grid(name)
        long_fields = {k: aliases(k) for k in LONG_COLS + ("col.due", "col.annual_target")}
        collect = _TargetCollector(self, name, known, period)
        for r in range(min(len(grid), 30)):
            columns = xlsx.find_header(grid[r:r + 1], long_fields, ()).columns
            if "col.indicator_code" not in columns:
                continue
            if "col.unit_code" in columns:
                if "col.target" not in columns:
                    self.add("DG103", name, xlsx.cell_ref(r, 0),
                             {"column": self.word("col.target")})
                    return None
                header = xlsx.Header(row=r, columns=columns, extra={})
                self.read_long(_Table(name, grid, header), collect)
            elif not self.read_matrix(name, grid, r, columns["col.indicator_code"], known,
                                      collect):
                return None
            self.read_annual_sheet(book, known, collect)
            return collect.finish()
        for r in range(min(len(grid), 30)):  # a long table without its indicator column?
            if "col.unit_code" in xlsx.find_header(grid[r:r + 1], long_fields, ()).columns:
                self.add("DG103", name, xlsx.cell_ref(r, 0),
                         {"column": self.word("col.indicator_code")})
                return None
        self.add("DG120", name, "A1")
        return None

    def read_long(self, t: _Table, collect: _TargetCollector) -> None:
        """One target a row. The hot loop of a national plan (66,000 rows): cells are
        read straight from the row, and addresses worked out only for a problem."""
        columns = t.header.columns
        unit_col, code_col = columns["col.unit_code"], columns["col.indicator_code"]
        value_col, note_col = columns["col.target"], columns.get("col.note")
        due_col, annual_col = columns.get("col.due"), columns.get("col.annual_target")
        is_blank = xlsx.is_blank
        for r in range(t.header.row + 1, len(t.grid)):
            row = t.grid[r]
            width = len(row)
            raw_unit = row[unit_col] if unit_col < width else ""
            raw_code = row[code_col] if code_col < width else ""
            value = row[value_col] if value_col < width else ""
            raw_due = row[due_col] if due_col is not None and due_col < width else ""
            annual = row[annual_col] if annual_col is not None and annual_col < width else ""
            if (is_blank(raw_unit) and is_blank(raw_code) and is_blank(value)
                    and is_blank(raw_due) and is_blank(annual)):
                continue  # an empty row (of the columns that matter)
            unit = self.require(t, r, "col.unit_code", clean(raw_unit))
            code = self.require(t, r, "col.indicator_code", clean(raw_code), unit=unit)
            if not unit or not code:
                continue
            unit_ok = collect.check_unit(unit, (r, unit_col))
            note = clean(row[note_col]) if note_col is not None and note_col < width else ""
            due = None if is_blank(raw_due) else _date(raw_due)
            if not is_blank(raw_due) and is_blank(value):  # a due date assigns the task
                self.require(t, r, "col.target", "", unit=unit, indicator=code)
            collect.add(unit, unit_ok, code, (r, code_col), value, (r, value_col), note,
                        due, (r, due_col) if due_col is not None else None)
            if due is None and not is_blank(raw_due):  # strictly a date: the cell, or dd/mm/yyyy
                self.add("DG105", t.name, t.ref(r, "col.due"),
                         {"field": t.title("col.due"), "expected": self.word("expect.date"),
                          "found": clean(raw_due)}, unit=unit, indicator=code)
            if not is_blank(annual):
                collect.annual(unit, unit_ok, code, (r, code_col), annual, (r, annual_col), t.name)

    def read_matrix(self, name: str, grid: list[list[Any]], hr: int, code_col: int,
                    known: _Known, collect: _TargetCollector) -> bool:
        """The matrix Targets sheet into ``collect``; False when it has no unit column."""
        columns = self.matrix_columns(name, grid, hr, code_col, known, targets=True)
        if not columns:
            self.add("DG120", name, xlsx.cell_ref(hr, code_col))
            return False
        self.matrix_rows(name, grid, hr, code_col, columns,
                         lambda unit, ok, code, code_at, value, at:
                         collect.add(unit, ok, code, code_at, value, at, ""))
        return True

    def matrix_columns(self, name: str, grid: list[list[Any]], hr: int, code_col: int,
                       known: _Known, targets: bool) -> dict[int, tuple[str, bool]]:
        """A matrix header's unit columns: column → (unit code, known). ``targets``: the
        Targets sheet, where a due-date or annual-target column is an error."""
        columns: dict[int, tuple[str, bool]] = {}
        for c, value in enumerate(grid[hr]):
            head = clean(value)
            if c == code_col or not head:
                continue
            if targets and fold(head) in _DUE:  # one date a row would be every unit's: say so
                self.add("DG132", name, xlsx.cell_ref(hr, c))
                continue
            if targets and fold(head) in _ANNUAL:  # the same: annual targets have their sheet
                self.add("DG137", name, xlsx.cell_ref(hr, c))
                continue
            if known.units is not None and head in known.units:
                columns[c] = (head, True)
            elif fold(head) in _MATRIX_IGNORED:
                continue
            else:
                ok = known.units is None
                if not ok:
                    self.add("DG111", name, xlsx.cell_ref(hr, c), {"code": head}, unit=head)
                columns[c] = (head, ok)
        return columns

    def matrix_rows(self, name: str, grid: list[list[Any]], hr: int, code_col: int,
                    columns: dict[int, tuple[str, bool]], put: Callable[..., None]) -> None:
        """Every filled cell of a matrix's unit columns, to ``put``; DG104 for a row with
        values and no indicator code."""
        for r in range(hr + 1, len(grid)):
            filled = [c for c in columns if not xlsx.is_blank(xlsx.cell(grid, r, c))]
            code = clean(xlsx.cell(grid, r, code_col))
            if not code and filled:
                self.add("DG104", name, xlsx.cell_ref(r, code_col),
                         {"field": clean(grid[hr][code_col])})
            if not code:
                continue
            for c in filled:
                unit, unit_ok = columns[c]
                put(unit, unit_ok, code, (r, code_col), grid[r][c], (r, c))

    # ------------------------------------------------------------------ Chỉ tiêu năm

    def read_annual_sheet(self, book: xlsx.Book, known: _Known,
                          collect: _TargetCollector) -> None:
        """The optional ``Chỉ tiêu năm`` sheet: shaped like the matrix Targets sheet (a
        ``Mã chỉ tiêu`` column, one column per unit code), or long (``Mã đơn vị``,
        ``Mã chỉ tiêu``, ``Chỉ tiêu năm``). In a year's plan it is only counted (DG134):
        nothing on it is read or checked."""
        name = book.find(*aliases("sheet.annual_targets"))
        if name is None:
            return
        before = len(self.problems)
        grid = book.grid(name)
        fields = {k: aliases(k) for k in ("col.unit_code", "col.indicator_code",
                                          "col.annual_target")}
        for r in range(min(len(grid), 30)):
            columns = xlsx.find_header(grid[r:r + 1], fields, ()).columns
            if "col.indicator_code" not in columns:
                continue
            code_col = columns["col.indicator_code"]
            if "col.unit_code" not in columns:
                units = self.matrix_columns(name, grid, r, code_col, known, targets=False)
                self.matrix_rows(name, grid, r, code_col, units,
                                 lambda unit, ok, code, code_at, value, at:
                                 collect.annual(unit, ok, code, code_at, value, at, name))
            elif "col.annual_target" not in columns:
                self.add("DG103", name, xlsx.cell_ref(r, 0),
                         {"column": self.word("col.annual_target")})
            else:
                self.read_annual_long(
                    _Table(name, grid, xlsx.Header(row=r, columns=columns, extra={})), collect)
            break
        else:
            if any(not xlsx.is_blank(v) for row in grid for v in row):
                self.add("DG103", name, "A1", {"column": self.word("col.indicator_code")})
        if collect.period is Period.YEAR:  # ignored: its problems too
            del self.problems[before:]

    def read_annual_long(self, t: _Table, collect: _TargetCollector) -> None:
        for r in t.rows(("col.unit_code", "col.indicator_code", "col.annual_target")):
            unit = self.required_text(t, r, "col.unit_code")
            code = self.required_text(t, r, "col.indicator_code", unit=unit)
            if not unit or not code:
                continue
            unit_ok = collect.check_unit(unit, (r, t.header.columns["col.unit_code"]), t.name)
            collect.annual(unit, unit_ok, code, (r, t.header.columns["col.indicator_code"]),
                           t.value(r, "col.annual_target"),
                           (r, t.header.columns["col.annual_target"]), t.name)

    # ------------------------------------------------------------------ Xếp loại

    def read_grades(self, book: xlsx.Book) -> tuple[GradeRule, ...]:
        t = self.table(book, "sheet.grades", GRADE_COLS + ("col.max_behind",), ("col.grade",),
                       sheet_required=False)
        defaults = {g.grade: g for g in DEFAULT_GRADE_RULES}
        if t is None:
            return DEFAULT_GRADE_RULES
        names = {fold(n): g for g in Grade for n in (g.value, *GRADE_NAMES[g])}
        rules: dict[Grade, GradeRule] = {}
        score_refs: dict[Grade, str] = {}
        for r in t.rows():
            raw = t.value(r, "col.grade")
            grade = names.get(fold(raw))
            if grade is Grade.KHTNV:
                continue
            if grade is None:
                if xlsx.is_blank(raw):
                    self.add("DG104", t.name, t.ref(r, "col.grade"),
                             {"field": t.title("col.grade")})
                else:
                    self.add("DG119", t.name, t.ref(r, "col.grade"), {"found": clean(raw)})
                continue
            if grade in rules:
                self.add("DG123", t.name, t.ref(r, "col.grade"), {"grade": grade.value})
                continue
            base = defaults[grade]  # an empty cell keeps this grade's default
            rules[grade] = GradeRule(
                grade=grade,
                min_score=self.optional(t, r, "col.min_score", base.min_score, _number,
                                        lambda d: d >= 0, "DG105", "expect.non_negative"),
                min_achieved_share=self.optional(t, r, "col.min_achieved", base.min_achieved_share,
                                                 _percent, _share, "DG110", "expect.share"),
                min_exceeded_share=self.optional(t, r, "col.min_exceeded", base.min_exceeded_share,
                                                 _percent, _share, "DG110", "expect.share"),
                max_behind_share=self.optional(t, r, "col.max_behind", base.max_behind_share,
                                               _percent, _share, "DG110", "expect.share"))
            if "col.min_score" in t.header.columns:
                score_refs[grade] = t.ref(r, "col.min_score")
        out = tuple(rules.get(g, defaults[g]) for g in GRADED)
        for higher, lower in zip(out, out[1:], strict=False):
            if higher.min_score < lower.min_score:
                self.add("DG121", t.name, score_refs.get(higher.grade, ""),
                         {"grade": higher.grade.value, "score": higher.min_score,
                          "lower": lower.grade.value, "lower_score": lower.min_score})
        return out


    # ------------------------------------------------------------------ Tiêu chí chung

    def read_criteria(self, book: xlsx.Book) -> tuple[list[tuple[Criterion, int]], _Table | None,
                                                        bool]:
        """The general criteria (with their rows), the table, and whether it read cleanly."""
        before = len(self.problems)
        t = self.table(book, "sheet.criteria", CRITERION_COLS,
                       ("col.criterion_code", "col.criterion_name", "col.max_points"),
                       sheet_required=False)
        out: list[tuple[Criterion, int]] = []
        if t is None:
            return out, None, len(self.problems) == before
        first: dict[str, int] = {}
        for r in t.rows():
            code = self.required_text(t, r, "col.criterion_code")
            if code in first:
                self.add("DG125", t.name, t.ref(r, "col.criterion_code"),
                         {"code": code, "first_row": first[code] + 1})
                continue
            name = self.required_text(t, r, "col.criterion_name")
            raw = t.value(r, "col.max_points")
            points = None
            if xlsx.is_blank(raw):
                self.require(t, r, "col.max_points", "")
            else:
                points = self.check(raw, _number, _quarter_positive, "DG105",
                                    "expect.criterion_points", t.name, t.ref(r, "col.max_points"),
                                    t.title("col.max_points"))
            scoring = self.optional(t, r, "col.scoring", CriterionScoring.SCALE,
                                    _choice(SCORING_KEYS), _any, "DG105", "expect.scoring")
            applies = self.optional(t, r, "col.applies_to", (True, True), _applies, _any,
                                    "DG105", "expect.applies_to")
            if not code:
                continue
            first[code] = r
            if name and points is not None:
                out.append((Criterion(code=code, group=t.text(r, "col.criterion_group"),
                                      name=name, max_points=points, scoring=scoring,
                                      collective=applies[0], individual=applies[1]), r))
        return out, t, len(self.problems) == before

    def check_criteria(self, info: dict | None, criteria: tuple, officials: bool) -> None:
        """The criteria that apply to collectives (and, with officials, to individuals) add
        up to G; G > 0 needs criteria. Skipped when G or a criterion could not be read."""
        rows, t, clean_read = criteria
        if info is None or not clean_read:
            return
        if "general_points" in info and info["general_points"] is None:
            return  # G itself is wrong: its problem is listed
        general = info.get("general_points", Decimal(0))
        if not rows:
            if general > 0:
                self.add("DG127", info["_sheet"], info["_general_ref"], {"general": general})
            return
        kinds = [("applies.collective", False)] + ([("applies.individual", True)]
                                                   if officials else [])
        for key, individual in kinds:
            total = sum((c.max_points for c, _ in rows if c.applies(individual)), Decimal(0))
            if total != general:
                self.add("DG126", t.name, t.ref(t.header.row, "col.max_points"),
                         {"kind": Term(key), "sum": total, "general": general})

    # ------------------------------------------------------------------ Cán bộ

    def read_officials(self, book: xlsx.Book,
                       units: list[tuple[Unit, str]] | None) -> list[Official]:
        t = self.table(book, "sheet.officials", OFFICIAL_COLS,
                       ("col.official_code", "col.full_name", "col.unit_code"),
                       sheet_required=False)
        out: list[Official] = []
        if t is None:
            return out
        by_code = None if units is None else {u.code: u for u, _ in units}
        unit_keys = {} if units is None else {u.code.casefold(): u.code for u, _ in units}
        first: dict[str, int] = {}
        for r in t.rows():
            code = self.required_text(t, r, "col.official_code")
            if code and not UNIT_CODE.match(code):
                self.add("DG128", t.name, t.ref(r, "col.official_code"), {"code": code})
            key = code.casefold()  # an entity code: units and officials share one namespace
            if code and key in first:
                self.add("DG129", t.name, t.ref(r, "col.official_code"),
                         {"code": code, "first_row": first[key] + 1})
                continue
            if code and key in unit_keys:
                self.add("DG130", t.name, t.ref(r, "col.official_code"),
                         {"code": code, "unit": unit_keys[key]}, unit=unit_keys[key])
            name = self.required_text(t, r, "col.full_name")
            unit = self.required_text(t, r, "col.unit_code")
            known = by_code.get(unit) if by_code is not None else None
            if unit and by_code is not None and known is None:
                self.add("DG111", t.name, t.ref(r, "col.unit_code"), {"code": unit}, unit=unit)
            if not code:
                continue
            first[key] = r
            group = t.text(r, "col.group") or (known.group if known is not None else "")
            out.append(Official(code=code, name=name, position=t.text(r, "col.position"),
                                unit=unit, group=group))
        return out

    # ------------------------------------------------------------------ helpers (366)

    def yes_no(self, t: _Table, r: int, key: str, default: bool, indicator: str = "") -> bool:
        """An optional Có/Không cell: its default when empty; DG118 when it is neither."""
        raw = t.value(r, key)
        if xlsx.is_blank(raw):
            return default
        try:
            return parse_yes_no(raw)
        except ValueError:
            self.add("DG118", t.name, t.ref(r, key), {"field": t.title(key), "found": clean(raw)},
                     indicator=indicator)
            return default


class _TargetCollector:
    """Checks target cells, in either layout, and gathers them into Targets; and the annual
    targets (``Chỉ tiêu năm``: a column of the long layout, or a sheet of their own), which
    :meth:`finish` puts on the targets they belong to.

    Cells are passed as (row, column), 0-based: their A1 address is worked out
    only for a problem.
    """

    def __init__(self, reader: _PlanReader, sheet: str, known: _Known,
                 period: Period | None = Period.YEAR):
        self.reader = reader
        self.sheet = sheet
        self.known = known
        self.period = period  # None: not known (its cell is in error); annual targets checked
        self.targets: list[Target] = []
        self.first: dict[tuple[str, str], tuple[int, int]] = {}
        self.units_seen: set[str] = set()
        self.indicators_seen: set[str] = set()
        self.unknown: set[tuple[str, int, int]] = set()  # unknown indicator codes reported
        # annual targets: (unit, indicator) → (value, sheet, cell); the first cell of each
        self.annuals: dict[tuple[str, str], tuple[Decimal, str, tuple[int, int]]] = {}
        self.annual_first: dict[tuple[str, str], tuple[str, tuple[int, int]]] = {}
        self.ignored: list[tuple[str, tuple[int, int]]] = []  # a year's plan: not read (DG134)

    def check_unit(self, unit: str, at: tuple[int, int], sheet: str = "") -> bool:
        if self.known.units is not None and unit not in self.known.units:
            self.reader.add("DG111", sheet or self.sheet, xlsx.cell_ref(*at), {"code": unit},
                            unit=unit)
            return False
        return True

    def unknown_indicator(self, code: str, code_at: tuple[int, int], sheet: str) -> bool:
        """DG112 for a code not on the Indicators sheet, once per cell (a matrix row names
        its indicator once); True when the code is unknown."""
        indicators = self.known.indicators
        if indicators is None or code in indicators:
            return False
        if (sheet, *code_at) not in self.unknown:
            self.unknown.add((sheet, *code_at))
            self.reader.add("DG112", sheet, xlsx.cell_ref(*code_at), {"code": code},
                            indicator=code)
        return True

    def add(self, unit: str, unit_ok: bool, code: str, code_at: tuple[int, int], value: Any,
            at: tuple[int, int], note: str, due: date | None = None,
            due_at: tuple[int, int] | None = None) -> None:
        if xlsx.is_blank(value):
            return  # not assigned
        indicators = self.known.indicators
        if self.unknown_indicator(code, code_at, self.sheet):
            return
        self.units_seen.add(unit)
        self.indicators_seen.add(code)
        if not unit_ok:
            return
        first = self.first.get((unit, code))
        if first is not None:
            self.reader.add("DG117", self.sheet, xlsx.cell_ref(*at),
                            {"indicator": code, "unit": unit, "first_cell": xlsx.cell_ref(*first)},
                            unit=unit, indicator=code)
            return
        self.first[unit, code] = at
        direction = indicators[code][1] if indicators is not None else None
        if direction is None:
            return  # the indicator is broken: its problem is already listed
        target = self.value(direction, value, at, unit, code)
        if due is not None and direction is not Direction.BINARY:  # only tasks are done by a date
            self.reader.add("DG131", self.sheet, xlsx.cell_ref(*due_at), {"indicator": code},
                            unit=unit, indicator=code)
            return
        if target is not None:
            self.targets.append(Target(unit=unit, indicator=code, value=target, note=note,
                                       due=due))

    def annual(self, unit: str, unit_ok: bool, code: str, code_at: tuple[int, int], value: Any,
               at: tuple[int, int], sheet: str) -> None:
        """An annual target's cell, checked as a target of its indicator is; in a year's plan
        only counted."""
        if xlsx.is_blank(value):
            return
        if self.period is Period.YEAR:
            self.ignored.append((sheet, at))
            return
        if self.unknown_indicator(code, code_at, sheet) or not unit_ok:
            return
        first = self.annual_first.get((unit, code))
        if first is not None:
            place = xlsx.cell_ref(*first[1])
            self.reader.add("DG136", sheet, xlsx.cell_ref(*at), {
                "indicator": code, "unit": unit,
                "first_cell": place if first[0] == sheet else f"{first[0]}!{place}"},
                unit=unit, indicator=code)
            return
        self.annual_first[unit, code] = (sheet, at)
        direction = self.known.indicators[code][1] if self.known.indicators is not None else None
        if direction is None:
            return  # the indicator is broken: its problem is already listed
        number = self.value(direction, value, at, unit, code, sheet)
        if number is not None:
            self.annuals[unit, code] = (number, sheet, at)

    def value(self, direction: Direction, value: Any, at: tuple[int, int], unit: str,
              code: str, sheet: str = "") -> Decimal | None:
        add = self.reader.add
        sheet = sheet or self.sheet
        if direction is Direction.BINARY:
            try:
                done = parse_done(value)
            except ValueError:
                done = False
            if not done:
                add("DG115", sheet, xlsx.cell_ref(*at),
                    {"indicator": code, "found": clean(value)}, unit=unit, indicator=code)
                return None
            return Decimal(1)
        number = _number(value)
        if number is None or number < 0:
            add("DG113", sheet, xlsx.cell_ref(*at), {"found": clean(value)}, unit=unit,
                indicator=code)
            return None
        if number == 0 and direction is Direction.HIGHER:
            add("DG114", sheet, xlsx.cell_ref(*at), {"indicator": code}, unit=unit,
                indicator=code)
            return None
        return number

    def finish_annual(self) -> None:
        """Each annual target onto its target: one with no target is DG133; one below a
        quarter's milestone, for a higher-is-better or additive indicator, DG135."""
        add = self.reader.add
        if self.ignored:
            sheet, at = self.ignored[0]
            add("DG134", sheet, xlsx.cell_ref(*at), {"count": len(self.ignored)})
            return
        index = {(t.unit, t.indicator): n for n, t in enumerate(self.targets)}
        for (unit, code), (annual, sheet, at) in self.annuals.items():
            if (unit, code) not in self.first:
                add("DG133", sheet, xlsx.cell_ref(*at), {"indicator": code, "unit": unit},
                    unit=unit, indicator=code)
                continue
            n = index.get((unit, code))
            if n is None:
                continue  # the target is in error: its problem is listed
            target = self.targets[n]
            self.targets[n] = target.model_copy(update={"annual": annual})
            direction = self.known.indicators[code][1] if self.known.indicators else None
            if (self.period is not None and annual < target.value
                    and (direction is Direction.HIGHER or code in self.known.additive)):
                add("DG135", sheet, xlsx.cell_ref(*at), {
                    "indicator": code, "unit": unit, "annual": self.targets[n].annual,
                    "period": Term(f"period.{self.period.value}"), "target": target.value},
                    unit=unit, indicator=code)

    def finish(self) -> list[Target]:
        """Cross-checks: units with no targets (error), indicators with none (warning, on
        the year's plan: a quarter's assigns only what is due in it); then the annual
        targets (:meth:`finish_annual`)."""
        known = self.known
        if known.units is not None:
            for unit, ref in known.units.items():
                if unit not in self.units_seen:
                    self.reader.add("DG116", known.units_sheet, ref, {"code": unit}, unit=unit)
        if known.indicators is not None and self.period in (None, Period.YEAR):
            for code, (ref, _) in known.indicators.items():
                if code not in self.indicators_seen:
                    self.reader.add("DG122", known.indicators_sheet, ref, {"code": code},
                                    indicator=code)
        self.finish_annual()
        return self.targets


def _book_lang(names: list[str]) -> str:
    """The workbook's language, from its sheet names: words in messages follow it."""
    vi = en = 0
    for key in SHEETS:
        v, e = (fold(a) for a in aliases(key))
        for n in names:
            vi += fold(n) == v
            en += fold(n) == e
    return "en" if en > vi else "vi"


def _any(value: Any) -> bool:
    return True


def _positive(value: Decimal) -> bool:
    return value > 0


def _share(value: Decimal) -> bool:
    return 0 <= value <= 1


def _quarter_positive(value: Decimal) -> bool:
    """> 0 and a multiple of 0.25: a general criterion's max points."""
    return value > 0 and (value * 4) == (value * 4).to_integral_value()


_QUARTER_WORDS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def parse_period(value: Any) -> Period | None:
    """``Kỳ đánh giá``: the year, or a quarter as ``Quý II``, ``Quý 2``, ``Q2`` or ``Quarter 2``
    (case, spaces and diacritics ignored); None for anything else."""
    word = _word_key(value)
    if word in {_word_key(a) for a in aliases("period.year")}:
        return Period.YEAR
    for prefix in ("quy", "quarter", "q"):
        if word.startswith(prefix) and word[len(prefix):] in _QUARTER_WORDS:
            return Period(f"Q{_QUARTER_WORDS[word[len(prefix):]]}")
    return None


def _word_key(value: Any) -> str:
    return fold(value).replace(" ", "")


def _choice(keys: Mapping[Any, str]) -> Callable[[Any], Any]:
    """A parser of one word among ``keys`` (value → label key), in either language."""
    words = {_word_key(a): value for value, key in keys.items() for a in aliases(key)}
    return lambda raw: words.get(_word_key(raw))


_APPLIES = {_word_key(a): flags for key, flags in (("applies.collective", (True, False)),
                                                   ("applies.individual", (False, True)),
                                                   ("applies.both", (True, True)))
            for a in aliases(key)}


def _applies(value: Any) -> tuple[bool, bool] | None:
    """``Áp dụng cho``: (collective, individual); ``Tập thể; Cá nhân`` is both."""
    if not isinstance(value, str):
        return None
    collective = individual = False
    parts = [p for piece in _APPLIES_SPLIT.split(value) for p in _APPLIES_AND.split(fold(piece))
             if p.strip()]
    for part in parts:
        flags = _APPLIES.get(part.replace(" ", ""))
        if flags is None:
            return None
        collective, individual = collective or flags[0], individual or flags[1]
    return (collective, individual) if parts else None


def _number(value: Any) -> Decimal | None:
    try:
        return as_number(value)
    except (ValueError, TypeError, ArithmeticError):
        return None


def _percent(value: Any) -> Decimal | None:
    if isinstance(value, (bool, date, datetime)):
        return None
    try:
        return parse_percent(value)
    except (ValueError, TypeError, ArithmeticError):
        return None


def _year(value: Any) -> int | None:
    number = _number(value)
    if number is None or number != number.to_integral_value() or not 1000 <= number <= 9999:
        return None
    return int(number)


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = clean(value)
    if m := _DATE_TEXT.match(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO_DATE.match(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ============================================================================= writing


def write_plan(path: Path, plan: Plan | None = None, lang: str = "vi",
               layout: str = "long") -> None:
    """Write the standard plan workbook; with ``plan=None``, the blank.

    ``layout`` is ``"long"`` (one row per unit and indicator) or ``"matrix"``
    (one column per unit). The matrix has no room for target notes or due dates:
    a plan with either raises ``ValueError`` there.

    The Quy định 366 extensions (the ``Thông tin`` keys for G, the quota base and the
    seat rounding; the ``Tiêu chí chung`` and ``Cán bộ`` sheets; the columns for
    critical indicators, late deductions, due dates and behind shares) are written
    when the plan uses them, and always in the blank.

    A quarter's annual targets (``Target.annual``) are written only when some target has
    one: as the ``Chỉ tiêu năm`` column (long) or the ``Chỉ tiêu năm`` sheet after the
    targets (matrix). A year's plan with annual targets raises ``ValueError``: the reader
    would ignore them (DG134).
    """
    if layout not in ("long", "matrix"):
        raise ValueError(f"layout must be 'long' or 'matrix', not {layout!r}")
    if layout == "matrix" and plan is not None and any(t.note for t in plan.targets):
        raise ValueError("the matrix layout cannot hold target notes: use layout='long'")
    if layout == "matrix" and plan is not None and any(t.due for t in plan.targets):
        raise ValueError("the matrix layout cannot hold due dates: use layout='long'")
    if plan is not None and any(not (c.collective or c.individual) for c in plan.criteria):
        raise ValueError("a general criterion must apply to collectives, individuals or both")
    annual = plan is not None and any(t.annual is not None for t in plan.targets)
    if annual and plan.period is Period.YEAR:
        raise ValueError("annual targets belong to a quarter's plan: this plan's period is "
                         "the year")
    wb = xlsx.new_workbook()
    _write_guide(wb, lang, plan is None or plan.under_366, annual)
    _write_info(wb, plan, lang)
    _write_units(wb, plan, lang)
    _write_indicators(wb, plan, lang)
    if layout == "long":
        _write_targets_long(wb, plan, lang)
    else:
        _write_targets_matrix(wb, plan, lang)
        if annual:
            _write_targets_matrix(wb, plan, lang, annual=True)
    _write_grades(wb, plan, lang)
    if plan is None or plan.criteria:
        _write_criteria(wb, plan, lang)
    if plan is None or plan.officials:
        _write_officials(wb, plan, lang)
    for ws in wb.worksheets[1:]:  # the tables (the guide wraps already): long names whole
        xlsx.wrap_long_text(ws)
    wb.active = 0
    xlsx.save_atomic(wb, Path(path))


def write_blank(path: Path, lang: str = "vi") -> None:
    """The blank plan staff start from (``templates/xlsx/plan-blank.<lang>.xlsx``)."""
    write_plan(path, None, lang)


def _table_sheet(wb: Workbook, key: str, columns: tuple[str, ...], widths: tuple[float, ...],
                 lang: str, headers: tuple[str, ...] = (),
                 title_cols: str | None = None) -> Worksheet:
    """A sheet with a styled, frozen header row in row 1, repeated on every printed page (and
    ``title_cols``, ``"A:B"``, when it prints over several pages wide)."""
    ws = wb.create_sheet(label(key, lang))
    heads = [label(c, lang) for c in columns] + list(headers)
    for c, text in enumerate(heads, start=1):
        xlsx.put_text(ws, 1, c, text)
    xlsx.style_header_row(ws, 1, len(heads))
    xlsx.set_widths(ws, widths)
    ws.freeze_panes = "A2"
    xlsx.print_setup(ws, title_rows="1:1", title_cols=title_cols)
    return ws


def _list_validation(ws: Worksheet, formula: str, column: int, first_row: int = 2,
                     last_row: int = LIST_ROWS) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                        showErrorMessage=True, errorStyle="warning")
    letter = xlsx.col_letter(column - 1)
    dv.add(f"{letter}{first_row}" if first_row == last_row else
           f"{letter}{first_row}:{letter}{last_row}")
    ws.add_data_validation(dv)


def _words(*words: str) -> str:
    return '"' + ",".join(words) + '"'


def _code_range(key: str, lang: str) -> str:
    """The code column (A) of the Units or Indicators sheet, for a list validation."""
    title = label(key, lang).replace("'", "''")
    return f"'{title}'!$A$2:$A${LIST_ROWS}"


def _pct_format(value: Decimal) -> str:
    hundred = value * 100
    return "0%" if hundred == hundred.to_integral_value() else "0.0%"


def _put_pct(ws: Worksheet, row: int, col: int, value: Decimal) -> None:
    xlsx.put(ws, row, col, value, _pct_format(value))


def _put_opt(ws: Worksheet, row: int, col: int, text: str) -> None:
    """Optional text: an empty value leaves the cell empty."""
    if text:
        xlsx.put_text(ws, row, col, text)


def _write_guide(wb: Workbook, lang: str, extended: bool = True, annual: bool = False) -> None:
    """The Hướng dẫn sheet. ``extended``: with the Quy định 366 extensions; a plan that uses
    none of them gets the guide it always had, so its workbook does not change. ``annual``:
    with the annual targets, for a plan that has them."""
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(label("sheet.guide", lang))
    xlsx.set_widths(ws, (28, xlsx.GUIDE_TEXT_WIDTH))
    xlsx.print_setup(ws)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    row = 1

    def line(item: str, text: str = "", style: Font | None = None) -> None:
        nonlocal row
        a = xlsx.put_text(ws, row, 1, item)
        a.alignment = wrap
        if style is not None:
            a.font = style
        if text:
            xlsx.put_text(ws, row, 2, text).alignment = wrap
        row += 1

    def section(sheet_key: str, intro_key: str, items: tuple[tuple[str, str], ...]) -> None:
        nonlocal row
        row += 1
        line(label(sheet_key, lang), label(intro_key, lang), bold)
        for col_key, text_key in items:
            line(label(col_key, lang), label(text_key, lang))

    def more(*items: tuple[str, str]) -> tuple[tuple[str, str], ...]:
        return items if extended else ()

    xlsx.put_text(ws, row, 1, label("plan.guide.title", lang)).font = Font(bold=True, size=14)
    row += 1
    line("", label("plan.guide.intro", lang))
    line("", label("plan.guide.match", lang))
    row += 1
    line(label("plan.guide.item", lang), label("plan.guide.meaning", lang))
    xlsx.style_header_row(ws, row - 1, 2)
    row -= 1  # the first section follows the header row directly
    section("sheet.info", "plan.guide.info",
            tuple((k, f"plan.guide.{k}") for k in INFO_KEYS + (INFO_366 if extended else ())))
    section("sheet.units", "plan.guide.units", (
        ("col.unit_code", "plan.guide.units.code"), ("col.unit_name", "plan.guide.units.name"),
        ("col.group", "plan.guide.units.group"), ("col.heads", "plan.guide.units.heads")))
    section("sheet.indicators", "plan.guide.indicators", (
        ("col.indicator_code", "plan.guide.indicators.code"),
        ("col.task_group", "plan.guide.indicators.task_group"),
        ("col.indicator_name", "plan.guide.indicators.name"),
        ("col.measure", "plan.guide.indicators.measure"),
        ("col.direction", "plan.guide.indicators.direction"),
        ("col.weight", "plan.guide.indicators.weight"),
        ("col.cap", "plan.guide.indicators.cap"),
        ("col.additive", "plan.guide.indicators.additive"),
        ("col.outlier", "plan.guide.indicators.outlier"),
        *more(("col.critical", "plan.guide.indicators.critical"),
              ("col.late_deduction", "plan.guide.indicators.late_deduction"))))
    section("sheet.targets", "plan.guide.targets", (
        ("col.unit_code", "plan.guide.targets.unit"),
        ("col.indicator_code", "plan.guide.targets.indicator"),
        ("col.target", "plan.guide.targets.value"), ("col.note", "plan.guide.targets.note"),
        *more(("col.due", "plan.guide.targets.due")),
        *((("col.annual_target", "plan.guide.targets.annual"),) if annual else ())))
    section("sheet.grades", "plan.guide.grades",
            more(("col.max_behind", "plan.guide.grades.max_behind")))
    if extended:
        section("sheet.criteria", "plan.guide.criteria", (
            ("col.criterion_code", "plan.guide.criteria.code"),
            ("col.criterion_group", "plan.guide.criteria.group"),
            ("col.criterion_name", "plan.guide.criteria.name"),
            ("col.max_points", "plan.guide.criteria.max_points"),
            ("col.scoring", "plan.guide.criteria.scoring"),
            ("col.applies_to", "plan.guide.criteria.applies_to")))
        section("sheet.officials", "plan.guide.officials", (
            ("col.official_code", "plan.guide.officials.code"),
            ("col.full_name", "plan.guide.officials.name"),
            ("col.position", "plan.guide.officials.position"),
            ("col.unit_code", "plan.guide.officials.unit"),
            ("col.group", "plan.guide.officials.group")))
    row += 1
    line(label("plan.guide.conventions", lang), label("plan.guide.percent", lang), bold)
    line("", label("plan.guide.numbers", lang))
    row += 1
    line(label("plan.guide.scoring", lang), label("plan.guide.scoring.ratio", lang), bold)
    line("", label("plan.guide.scoring.score", lang))
    if extended:
        line("", label("plan.guide.scoring.general", lang))
    line("", label("plan.guide.scoring.grade", lang))
    row += 1
    line("", label("plan.guide.next", lang))


def _write_info(wb: Workbook, plan: Plan | None, lang: str) -> None:
    ws = _table_sheet(wb, "sheet.info", ("info.key", "info.value"), (28, 50), lang)
    for r, key in enumerate(INFO_KEYS, start=2):
        xlsx.put_text(ws, r, 1, label(key, lang))
    quota = Decimal("0.2") if plan is None else plan.excellent_quota
    if plan is not None:
        _put_opt(ws, 2, 2, plan.title)
        xlsx.put(ws, 3, 2, plan.year)
        _put_opt(ws, 4, 2, plan.issued_by)
        if plan.deadline is not None:
            xlsx.put(ws, 5, 2, plan.deadline, xlsx.FMT_DATE)
    else:
        ws.cell(row=5, column=2).number_format = xlsx.FMT_DATE
    xlsx.put(ws, 6, 2, Decimal(100) if plan is None else plan.max_points, xlsx.FMT_NUM)
    if quota is not None:
        _put_pct(ws, 7, 2, quota)
    if plan is not None and (plan.general_points == 0
                             and plan.quota_base is QuotaBase.GOOD_OR_BETTER
                             and plan.seat_rounding is SeatRounding.FLOOR
                             and plan.period is Period.YEAR):
        _write_document(ws, plan, lang, 8)
        return  # a plan that uses none of them keeps the sheet it always had
    general = BLANK_GENERAL_POINTS if plan is None else plan.general_points
    base = QuotaBase.GOOD_OR_BETTER if plan is None else plan.quota_base
    rounding = SeatRounding.FLOOR if plan is None else plan.seat_rounding
    for r, key in enumerate(INFO_366, start=8):
        xlsx.put_text(ws, r, 1, label(key, lang))
    xlsx.put(ws, 8, 2, general, xlsx.FMT_NUM)
    xlsx.put_text(ws, 9, 2, label(QUOTA_BASE_KEYS[base], lang))
    xlsx.put_text(ws, 10, 2, label(ROUNDING_KEYS[rounding], lang))
    _list_validation(ws, _words(*(label(k, lang) for k in QUOTA_BASE_KEYS.values())), 2, 9, 9)
    _list_validation(ws, _words(*(label(k, lang) for k in ROUNDING_KEYS.values())), 2, 10, 10)
    period = Period.YEAR if plan is None else plan.period
    xlsx.put_text(ws, 11, 2, label(f"period.{period.value}", lang))
    _list_validation(ws, _words(*(label(f"period.{p.value}", lang) for p in Period)), 2, 11, 11)
    _write_document(ws, plan, lang, 12)


def _write_document(ws: Worksheet, plan: Plan | None, lang: str, first: int) -> None:
    """The documents' header and signature, from row ``first`` (the blank has them empty,
    with the choice of style offered)."""
    doc = Document() if plan is None else plan.document
    if plan is not None and not doc.given:
        return
    for r, (key, field) in enumerate(DOC_FIELDS.items(), start=first):
        xlsx.put_text(ws, r, 1, label(key, lang))
        value = getattr(doc, field)
        if key == "info.doc_style":
            _list_validation(ws, _words(*(label(k, lang) for k in DOC_STYLE_KEYS.values())),
                             2, r, r)
            value = label(DOC_STYLE_KEYS[value], lang) if value in DOC_STYLE_KEYS else ""
        _put_opt(ws, r, 2, value)


def _write_units(wb: Workbook, plan: Plan | None, lang: str) -> None:
    ws = _table_sheet(wb, "sheet.units", UNIT_COLS, (14, 36, 18, 60), lang)
    for r, unit in enumerate(plan.units if plan else (), start=2):
        xlsx.put_text(ws, r, 1, unit.code)
        xlsx.put_text(ws, r, 2, unit.name)
        xlsx.put_text(ws, r, 3, unit.group)
        _put_opt(ws, r, 4, "; ".join(unit.heads))


def _write_indicators(wb: Workbook, plan: Plan | None, lang: str) -> None:
    extended = plan is None or any(i.critical or i.late_deduction for i in plan.indicators)
    ws = _table_sheet(wb, "sheet.indicators", INDICATOR_COLS + (INDICATOR_366 if extended else ()),
                      (14, 24, 50, 14, 10, 8, 8, 10, 12, 14, 12), lang, title_cols="A:A")
    for r, ind in enumerate(plan.indicators if plan else (), start=2):
        if extended:
            xlsx.put_text(ws, r, 10, label("yes" if ind.critical else "no", lang))
            _put_pct(ws, r, 11, ind.late_deduction)
        xlsx.put_text(ws, r, 1, ind.code)
        _put_opt(ws, r, 2, ind.task_group)
        xlsx.put_text(ws, r, 3, ind.name)
        _put_opt(ws, r, 4, ind.measure)
        xlsx.put_text(ws, r, 5, direction_word(ind.direction, lang))
        xlsx.put(ws, r, 6, ind.weight, xlsx.FMT_NUM)
        _put_pct(ws, r, 7, ind.cap)
        xlsx.put_text(ws, r, 8, label("yes" if ind.additive else "no", lang))
        if ind.outlier_factor != OUTLIER_FACTOR:
            xlsx.put(ws, r, 9, ind.outlier_factor, xlsx.FMT_NUM)
    _list_validation(ws, _words(*(direction_word(d, lang) for d in Direction)), 5)
    _list_validation(ws, _words(label("yes", lang), label("no", lang)), 8)
    if extended:
        _list_validation(ws, _words(label("yes", lang), label("no", lang)), 10)


def _target_cell(ws: Worksheet, row: int, col: int, indicator: Indicator | None, value: Decimal,
                 lang: str) -> None:
    if indicator is not None and indicator.direction is Direction.BINARY:
        xlsx.put_text(ws, row, col, label("done", lang))
    else:
        xlsx.put(ws, row, col, value, xlsx.FMT_NUM)


def _write_targets_long(wb: Workbook, plan: Plan | None, lang: str) -> None:
    dated = plan is None or any(t.due for t in plan.targets)
    annual = plan is not None and any(t.annual is not None for t in plan.targets)
    ws = _table_sheet(wb, "sheet.targets", LONG_COLS + (("col.due",) if dated else ())
                      + (("col.annual_target",) if annual else ()),
                      (14, 14, 14, 40, 16) + ((16,) if annual else ()), lang)
    annual_col = 6 if dated else 5
    for r, target in enumerate(plan.targets if plan else (), start=2):
        xlsx.put_text(ws, r, 1, target.unit)
        xlsx.put_text(ws, r, 2, target.indicator)
        _target_cell(ws, r, 3, plan.indicator(target.indicator), target.value, lang)
        _put_opt(ws, r, 4, target.note)
        if target.due is not None:
            xlsx.put(ws, r, 5, target.due, xlsx.FMT_DATE)
        if target.annual is not None:
            _target_cell(ws, r, annual_col, plan.indicator(target.indicator), target.annual,
                         lang)
    _list_validation(ws, _code_range("sheet.units", lang), 1)
    _list_validation(ws, _code_range("sheet.indicators", lang), 2)


def _write_targets_matrix(wb: Workbook, plan: Plan | None, lang: str,
                          annual: bool = False) -> None:
    """The matrix Targets sheet; ``annual``: the Chỉ tiêu năm sheet, of the same shape."""
    units = plan.units if plan else ()
    ws = _table_sheet(wb, "sheet.annual_targets" if annual else "sheet.targets",
                      ("col.indicator_code", "col.indicator_name"),
                      (14, 40) + (12,) * len(units), lang, tuple(u.code for u in units),
                      title_cols="A:B")
    values = {(t.unit, t.indicator): t.annual if annual else t.value
              for t in plan.targets if not annual or t.annual is not None} if plan else {}
    for r, ind in enumerate(plan.indicators if plan else (), start=2):
        xlsx.put_text(ws, r, 1, ind.code)
        xlsx.put_text(ws, r, 2, ind.name)
        for c, unit in enumerate(units, start=3):
            if (unit.code, ind.code) in values:
                _target_cell(ws, r, c, ind, values[unit.code, ind.code], lang)
    _list_validation(ws, _code_range("sheet.indicators", lang), 1)


def _write_grades(wb: Workbook, plan: Plan | None, lang: str) -> None:
    rules = plan.grade_rules if plan else DEFAULT_GRADE_RULES
    behind = plan is None or any(rule.max_behind_share is not None for rule in rules)
    columns = GRADE_COLS + (("col.max_behind",) if behind else ())
    ws = _table_sheet(wb, "sheet.grades", columns, (12, 16, 20, 20) + ((20,) if behind else ())
                      + (36,), lang, (label("col.grade_name", lang),))
    for r, rule in enumerate(rules, start=2):
        xlsx.put_text(ws, r, 1, rule.grade.value)
        xlsx.put(ws, r, 2, rule.min_score, xlsx.FMT_NUM)
        _put_pct(ws, r, 3, rule.min_achieved_share)
        _put_pct(ws, r, 4, rule.min_exceeded_share)
        if rule.max_behind_share is not None:  # empty: the grade's default (DEFAULT_BEHIND)
            _put_pct(ws, r, 5, rule.max_behind_share)
        xlsx.put_text(ws, r, len(columns) + 1, grade_name(rule.grade, lang))
    _list_validation(ws, _words(*(g.value for g in GRADED)), 1)


def blank_criteria(lang: str = "vi") -> tuple[Criterion, ...]:
    """The blank's two suggested sets of general criteria, 30 points each (the province sets
    its own): for individuals, Nghị định 335/2025/NĐ-CP Mẫu 01's split 5 + 5; 4 × 2,5;
    4 × 2,5; for collectives, after the general criteria of Quy định 366-QĐ/TW."""
    five, quarter, ten = Decimal(5), Decimal("2.5"), Decimal(10)
    individual = [("CN01", 1, five), ("CN02", 1, five)] + [
        (f"CN{n:02d}", 2, quarter) for n in range(3, 7)] + [
        (f"CN{n:02d}", 3, quarter) for n in range(7, 11)]
    out = [Criterion(code=code, group=label(f"blank.group.individual_{g}", lang),
                     name=label(f"blank.criterion.{code}", lang), max_points=points,
                     collective=False, individual=True) for code, g, points in individual]
    for code, scoring in (("TT01", CriterionScoring.SCALE), ("TT02", CriterionScoring.SCALE),
                          ("TT03", CriterionScoring.BINARY)):
        out.append(Criterion(code=code, group=label("blank.group.collective", lang),
                             name=label(f"blank.criterion.{code}", lang), max_points=ten,
                             scoring=scoring, collective=True, individual=False))
    return tuple(out)


def _applies_word(criterion: Criterion, lang: str) -> str:
    if criterion.collective and criterion.individual:
        return label("applies.both", lang)
    return label("applies.collective" if criterion.collective else "applies.individual", lang)


def _write_criteria(wb: Workbook, plan: Plan | None, lang: str) -> None:
    ws = _table_sheet(wb, "sheet.criteria", CRITERION_COLS, (12, 40, 60, 12, 14, 14), lang)
    criteria = blank_criteria(lang) if plan is None else plan.criteria
    for r, c in enumerate(criteria, start=2):
        xlsx.put_text(ws, r, 1, c.code)
        _put_opt(ws, r, 2, c.group)
        xlsx.put_text(ws, r, 3, c.name)
        xlsx.put(ws, r, 4, c.max_points, xlsx.FMT_NUM)
        xlsx.put_text(ws, r, 5, label(SCORING_KEYS[c.scoring], lang))
        xlsx.put_text(ws, r, 6, _applies_word(c, lang))
    _list_validation(ws, _words(*(label(k, lang) for k in SCORING_KEYS.values())), 5)
    _list_validation(ws, _words(*(label(k, lang) for k in (
        "applies.collective", "applies.individual", "applies.both"))), 6)


def _write_officials(wb: Workbook, plan: Plan | None, lang: str) -> None:
    ws = _table_sheet(wb, "sheet.officials", OFFICIAL_COLS, (17, 30, 36, 14, 18), lang)
    for r, o in enumerate(plan.officials if plan else (), start=2):
        xlsx.put_text(ws, r, 1, o.code)
        xlsx.put_text(ws, r, 2, o.name)
        _put_opt(ws, r, 3, o.position)
        xlsx.put_text(ws, r, 4, o.unit)
        xlsx.put_text(ws, r, 5, o.group)
    _list_validation(ws, _code_range("sheet.units", lang), 4)


__all__ = ["read_plan", "parse_plan", "write_plan", "write_blank", "blank_criteria", "UNIT_CODE"]
