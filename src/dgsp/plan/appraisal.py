"""The Board's appraisal workbook (thẩm định): written pre-filled, read back strictly.

Under Quy định 366-QĐ/TW a unit assesses itself, the Organisation Board (or its advisory
council) appraises what it reported, and the competent level decides the grade. The
appraisal workbook is where the Board records the second and third steps:

- ``Thẩm định kết quả`` [Verified results]: one row per unit and assigned indicator; a
  verified result, with its ground (căn cứ), replaces the reported one in scoring;
- ``Tiêu chí chung`` [General criteria]: one row per entity (each unit as a collective,
  then each of its officials) and criterion that applies; an appraised score replaces the
  self-score (the sheet is left out when the plan has no criteria);
- ``Điều kiện`` [Conditions]: one row per entity: disciplined, shortcomings remedied, a
  disciplined sub-unit or member (collectives only), not graded (its reason), and the
  grade decided by the competent level with its ground;
- ``Hướng dẫn`` [Instructions], and a very hidden ``_dgsp`` sheet (schema
  ``dgsp.appraisal/1``, the plan fingerprint, year and language) so that a file made for
  another plan is refused.

Only the yellow cells are unlocked; the codes, names, targets, reported results and
self-scores beside them are echoes for the reader, never read back: the plan and the
returns are the authority.

:func:`read_appraisal` never raises for bad content: every problem (the DG6xx codes) goes
into :attr:`Appraisal.problems` with its file, sheet and cell, and an entry in error is
left out while every other entry is kept. It reads through the plan reader's table
machinery (:class:`~dgsp.plan.workbook._PlanReader`, :class:`~dgsp.plan.workbook._Table`).
The format is described in ``docs/appraisal.md``.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from dgsp import xlsx
from dgsp.labels import GRADE_NAMES, Term, aliases, label
from dgsp.model import (
    Appraisal,
    AppraisedScore,
    Conditions,
    Criterion,
    CriterionScoring,
    Direction,
    Grade,
    Indicator,
    Official,
    Plan,
    Return,
    Unit,
    VerifiedResult,
)
from dgsp.plan.workbook import _PlanReader, _Table
from dgsp.problems import OutputError, unwritable
from dgsp.text import (
    TIME_TYPES,
    AmbiguousNumber,
    NotANumber,
    canonical,
    clean,
    done_value,
    fold,
    parse_done,
    parse_number,
    parse_yes_no,
    to_decimal,
)
from dgsp.xlsx import direct

META_SHEET = "_dgsp"
SCHEMA = "dgsp.appraisal/1"
OUTPUT_KIND = "appraisal"  # the ``dgsp_output`` property: intake skips the file (DG220)

TITLE_ROW = 1
INTRO_ROW = 2
HEADER_ROW = 4  # 1-based; the table's rows follow it

MAX_VALUE = Decimal(10) ** 15
"""A verified result this large or larger is not a number (DG615), as for returns: no
real figure is, and a spreadsheet cannot hold it exactly."""

STEP = Decimal("0.25")  # appraised scores go in steps of a quarter point
FMT_PCT_RESULT = "0.0#%"  # as the templates' result cells of an indicator measured in %

# The tables: (label key, width). The label key is also the column's key when read back.
RESULT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("col.unit_code", 11), ("col.unit_name", 20), ("col.indicator_code", 11),
    ("col.indicator_name", 34), ("col.measure", 11), ("col.target", 12),
    ("appr.col.reported", 13), ("appr.col.verified", 13), ("appr.col.ground", 28),
)
CRITERIA_COLUMNS: tuple[tuple[str, float], ...] = (
    ("appr.col.entity_code", 14), ("appr.col.entity_name", 26), ("appr.col.kind", 10),
    ("appr.col.criterion_code", 10), ("appr.col.criterion_name", 36), ("appr.col.max", 9),
    ("appr.col.self_score", 11), ("appr.col.appraised", 11), ("col.note", 26),
)
CONDITION_COLUMNS: tuple[tuple[str, float], ...] = (
    ("appr.col.entity_code", 14), ("appr.col.entity_name", 26), ("appr.col.kind", 10),
    ("appr.col.disciplined", 12), ("appr.col.remedied", 14), ("appr.col.sub_disciplined", 15),
    ("appr.col.not_graded", 24), ("appr.col.decision", 13), ("appr.col.ground", 26),
)

# What the reader reads (every other column is an echo), and what must be there.
RESULT_FIELDS = ("col.unit_code", "col.indicator_code", "appr.col.verified", "appr.col.ground")
CRITERIA_FIELDS = ("appr.col.entity_code", "appr.col.criterion_code", "appr.col.appraised",
                   "col.note")
CONDITION_FIELDS = ("appr.col.entity_code", "appr.col.disciplined", "appr.col.remedied",
                    "appr.col.sub_disciplined", "appr.col.not_graded", "appr.col.decision",
                    "appr.col.ground")


# ============================================================================= writing


@functools.cache
def _styles() -> direct.Styles:
    """The appraisal's named styles (every font named: LibreOffice substitutes otherwise)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    def font(**kw: Any) -> Font:
        return Font(name="Calibri", size=kw.pop("size", 11), **kw)

    thin = Side(style="thin", color="808080")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    wrap = Alignment(vertical="top", wrap_text=True)
    centre = Alignment(horizontal="center", vertical="top", wrap_text=True)
    right = Alignment(horizontal="right", vertical="top")
    yellow = PatternFill("solid", fgColor=xlsx.INPUT_FILL)
    unlocked = Protection(locked=False)
    styles = direct.Styles()
    styles.define("title", font=font(bold=True, size=14))
    styles.define("intro", font=font(italic=True, color="7F6000"), alignment=wrap)
    header = dict(xlsx.header_styles(xlsx.HEADER_FILL))
    header["font"] = font(bold=True)
    styles.define("header", **header)
    styles.define("body", font=font(), border=box, alignment=wrap)
    styles.define("body.bold", font=font(bold=True), border=box, alignment=wrap)
    styles.define("body.centre", font=font(), border=box, alignment=centre)
    styles.define("body.number", font=font(), border=box, alignment=right)
    styles.define("off", font=font(), border=box,
                  fill=PatternFill("solid", fgColor="E7E6E6"))  # not for this entity: locked
    styles.define("input", font=font(), fill=yellow, protection=unlocked, border=box,
                  alignment=right)
    styles.define("input.centre", font=font(), fill=yellow, protection=unlocked, border=box,
                  alignment=centre)
    styles.define("input.text", font=font(), fill=yellow, protection=unlocked, border=box,
                  alignment=wrap)
    styles.define("guide.head", font=font(bold=True), alignment=wrap)
    styles.define("guide.text", font=font(), alignment=wrap)
    return styles


def write_appraisal(plan: Plan, path: Path, returns: Mapping[str, Return] | None = None,
                    lang: str = "vi") -> Path:
    """Write the Board's appraisal workbook for ``plan`` at ``path``, atomically.

    Every unit and official is listed. With ``returns`` (unit code → its :class:`Return`),
    the reported results and self-scores are shown beside the empty appraisal cells.
    The caller decides whether an existing file may be replaced; a file that cannot be
    written raises :class:`~dgsp.problems.OutputError` (DG302).
    """
    path = Path(path)
    returns = returns or {}
    fingerprint = plan.fingerprint()
    sheets = [_guide_sheet(plan, lang, len(returns)), _results_sheet(plan, lang, returns)]
    if plan.criteria:
        sheets.append(_criteria_sheet(plan, lang, returns))
    sheets += [_conditions_sheet(plan, lang), _meta_sheet(plan, lang, fingerprint)]
    props = direct.Props(custom={"dgsp_output": OUTPUT_KIND,
                                 "dgsp_plan_fingerprint": fingerprint})
    try:
        direct.write_workbook(path, sheets, _styles(), props)
    except OSError as exc:
        raise OutputError(unwritable(path, exc)) from exc
    return path


def entities(plan: Plan) -> list[tuple[str, str, Unit, Official | None]]:
    """Every entity of the plan, in workbook order: (code, name, unit, official or None);
    each unit as a collective, followed by its officials."""
    by_unit: dict[str, list[Official]] = {}
    for o in plan.officials:  # Plan.officials_of, once for all units
        by_unit.setdefault(o.unit, []).append(o)
    out: list[tuple[str, str, Unit, Official | None]] = []
    for unit in plan.units:
        out.append((unit.code, unit.name, unit, None))
        for o in by_unit.get(unit.code, ()):
            out.append((o.code, f"{o.name} ({o.position})" if o.position else o.name, unit, o))
    return out


def _table_sheet(key: str, columns: tuple[tuple[str, float], ...], plan: Plan, lang: str,
                 intro_key: str) -> tuple[direct.Sheet, dict[str, int]]:
    """A data sheet: its title, a one-paragraph instruction, the header row; protected,
    frozen below the header (and right of the names), printed landscape one page wide."""
    ws = direct.Sheet(label(key, lang))
    ws.put(TITLE_ROW, 1, label("appr.title", lang, sheet=label(key, lang),
                               title=plan.title or label("appr.untitled", lang, year=plan.year)),
           kind="title")
    last = xlsx.col_letter(len(columns) - 1)
    ws.put(INTRO_ROW, 1, label(intro_key, lang), kind="intro")
    ws.merge(f"A{INTRO_ROW}:{last}{INTRO_ROW}")
    widths = [w for _, w in columns]
    ws.heights[INTRO_ROW] = xlsx.row_height([(label(intro_key, lang), sum(widths) * 0.9)])
    for col, (k, _) in enumerate(columns, start=1):
        ws.put(HEADER_ROW, col, label(k, lang), kind="header")
    ws.heights[HEADER_ROW] = xlsx.row_height([(label(k, lang), w) for k, w in columns]) + 4
    ws.widths = widths
    ws.freeze = f"C{HEADER_ROW + 1}"
    ws.print_setup(landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.protected = True  # widening a column or a row stays allowed
    return ws, {k: i for i, (k, _) in enumerate(columns, start=1)}


def _ranges(letter: str, rows: list[int]) -> list[str]:
    """``["H5:H9", "H12"]``: runs of consecutive rows of one column, for a validation."""
    out: list[str] = []
    start = prev = None
    for r in [*rows, None]:
        if r is not None and prev is not None and r == prev + 1:
            prev = r
            continue
        if start is not None:
            out.append(f"{letter}{start}" if start == prev else f"{letter}{start}:{letter}{prev}")
        start = prev = r
    return out


def _validate(ws: direct.Sheet, kind: str, formula: str, letter: str, rows: list[int],
              title: str, prompt: str, operator: str | None = None) -> None:
    if rows:
        ws.validations.append(direct.Validation(kind, formula, _ranges(letter, rows),
                                                operator=operator, title=title,
                                                prompt=prompt, error=prompt))


def _fit(ws: direct.Sheet, row: int, texts: list[tuple[str, float]]) -> None:
    """A height for a row whose wrapped text needs more than one line (LibreOffice does not
    grow rows); a one-line row keeps no height, so that it grows as the Board types."""
    height = xlsx.row_height(texts)
    if height > xlsx.row_height([]):
        ws.heights[row] = height


def _words(*words: str) -> str:
    return '"' + ",".join(words) + '"'


def _number_format(value: Decimal) -> str:
    return xlsx.FMT_INT if value == value.to_integral_value() else xlsx.FMT_NUM


def _results_sheet(plan: Plan, lang: str, returns: Mapping[str, Return]) -> direct.Sheet:
    ws, col = _table_sheet("appr.sheet.results", RESULT_COLUMNS, plan, lang,
                           "appr.intro.results")
    widths = dict(RESULT_COLUMNS)
    done, not_done = label("done", lang), label("not_done", lang)
    numeric: list[int] = []
    binary: list[int] = []
    r = HEADER_ROW
    for unit in plan.units:
        ret = returns.get(unit.code)
        reported = {v.indicator: v.value for v in ret.values} if ret is not None else {}
        for ind, target in plan.assignments(unit.code):
            r += 1
            is_binary = ind.direction is Direction.BINARY
            ws.put(r, col["col.unit_code"], unit.code, kind="body.bold")
            ws.put(r, col["col.unit_name"], unit.name, kind="body")
            ws.put(r, col["col.indicator_code"], ind.code, kind="body.centre")
            ws.put(r, col["col.indicator_name"], ind.name, kind="body")
            ws.put(r, col["col.measure"], ind.measure, kind="body.centre")
            if is_binary:
                ws.put(r, col["col.target"], done, kind="body.centre")
            else:
                ws.put(r, col["col.target"], target.value, _number_format(target.value),
                       kind="body.number")
            value = reported.get(ind.code)
            if value is None:
                ws.style(r, col["appr.col.reported"], "body.number")
            elif is_binary:
                ws.put(r, col["appr.col.reported"], done if value else not_done,
                       kind="body.centre")
            elif ind.in_percent:  # shown as the unit saw it: 92 is 92%
                ws.put(r, col["appr.col.reported"], canonical(value / 100), FMT_PCT_RESULT,
                       kind="body.number")
            else:
                ws.put(r, col["appr.col.reported"], value, _number_format(value),
                       kind="body.number")
            ws.style(r, col["appr.col.verified"], "input.centre" if is_binary else "input",
                     FMT_PCT_RESULT if ind.in_percent else None)
            ws.style(r, col["appr.col.ground"], "input.text")
            (binary if is_binary else numeric).append(r)
            _fit(ws, r, [(unit.name, widths["col.unit_name"]),
                         (ind.name, widths["col.indicator_name"])])
    letter = xlsx.col_letter(col["appr.col.verified"] - 1)
    title = label("appr.col.verified", lang)
    _validate(ws, "decimal", "0", letter, numeric, title, label("appr.dv.number", lang),
              operator="greaterThanOrEqual")
    _validate(ws, "list", _words(done, not_done), letter, binary, title,
              label("appr.dv.binary", lang))
    return ws


def _kind_word(official: Official | None, lang: str) -> str:
    return label("appr.kind.individual" if official else "appr.kind.collective", lang)


def _criteria_sheet(plan: Plan, lang: str, returns: Mapping[str, Return]) -> direct.Sheet:
    ws, col = _table_sheet("appr.sheet.criteria", CRITERIA_COLUMNS, plan, lang,
                           "appr.intro.criteria")
    widths = dict(CRITERIA_COLUMNS)
    self_scores = {(s.entity, s.criterion): s.value for ret in returns.values()
                   for s in ret.self_scores}
    scale: list[int] = []
    binary: list[int] = []
    r = HEADER_ROW
    for code, name, _, official in entities(plan):
        name_kind = "body" if official else "body.bold"
        for criterion in plan.criteria_for(official is not None):
            r += 1
            ws.put(r, col["appr.col.entity_code"], code, kind=name_kind)
            ws.put(r, col["appr.col.entity_name"], name, kind=name_kind)
            ws.put(r, col["appr.col.kind"], _kind_word(official, lang), kind="body.centre")
            ws.put(r, col["appr.col.criterion_code"], criterion.code, kind="body.centre")
            ws.put(r, col["appr.col.criterion_name"], criterion.name, kind="body")
            ws.put(r, col["appr.col.max"], criterion.max_points, kind="body.number")
            ws.put(r, col["appr.col.self_score"], self_scores.get((code, criterion.code)),
                   kind="body.number")
            is_binary = criterion.scoring is CriterionScoring.BINARY
            ws.style(r, col["appr.col.appraised"], "input.centre" if is_binary else "input")
            ws.style(r, col["col.note"], "input.text")
            (binary if is_binary else scale).append(r)
            _fit(ws, r, [(name, widths["appr.col.entity_name"]),
                         (criterion.name, widths["appr.col.criterion_name"])])
    letter = xlsx.col_letter(col["appr.col.appraised"] - 1)
    title = label("appr.col.appraised", lang)
    _validate(ws, "decimal", "0", letter, scale, title, label("appr.dv.score", lang),
              operator="greaterThanOrEqual")
    _validate(ws, "list", _words(label("done", lang), label("not_done", lang)), letter, binary,
              title, label("appr.dv.binary_score", lang))
    return ws


def _conditions_sheet(plan: Plan, lang: str) -> direct.Sheet:
    ws, col = _table_sheet("appr.sheet.conditions", CONDITION_COLUMNS, plan, lang,
                           "appr.intro.conditions")
    widths = dict(CONDITION_COLUMNS)
    yes, no = label("yes", lang), label("no", lang)
    yes_no: dict[str, list[int]] = {"appr.col.disciplined": [], "appr.col.remedied": [],
                                    "appr.col.sub_disciplined": []}
    rows: list[int] = []
    r = HEADER_ROW
    for code, name, _, official in entities(plan):
        r += 1
        rows.append(r)
        name_kind = "body" if official else "body.bold"
        ws.put(r, col["appr.col.entity_code"], code, kind=name_kind)
        ws.put(r, col["appr.col.entity_name"], name, kind=name_kind)
        ws.put(r, col["appr.col.kind"], _kind_word(official, lang), kind="body.centre")
        ws.put(r, col["appr.col.disciplined"], no, kind="input.centre")
        ws.put(r, col["appr.col.remedied"], yes, kind="input.centre")
        yes_no["appr.col.disciplined"].append(r)
        yes_no["appr.col.remedied"].append(r)
        if official is None:
            ws.put(r, col["appr.col.sub_disciplined"], no, kind="input.centre")
            yes_no["appr.col.sub_disciplined"].append(r)
        else:  # collectives only: locked and grey for an official
            ws.style(r, col["appr.col.sub_disciplined"], "off")
        ws.style(r, col["appr.col.not_graded"], "input.text")
        ws.style(r, col["appr.col.decision"], "input.centre")
        ws.style(r, col["appr.col.ground"], "input.text")
        _fit(ws, r, [(name, widths["appr.col.entity_name"])])
    for key, cells in yes_no.items():
        _validate(ws, "list", _words(yes, no), xlsx.col_letter(col[key] - 1), cells,
                  label(key, lang), label("appr.dv.yes_no", lang))
    _validate(ws, "list", _words(*(g.value for g in Grade)),
              xlsx.col_letter(col["appr.col.decision"] - 1), rows,
              label("appr.col.decision", lang), label("appr.dv.grade", lang))
    return ws


def _guide_sheet(plan: Plan, lang: str, returns: int) -> direct.Sheet:
    ws = direct.Sheet(label("sheet.guide", lang))
    widths = (28, xlsx.GUIDE_TEXT_WIDTH)
    ws.widths = list(widths)
    r = 1
    ws.put(r, 1, label("appr.guide.title", lang, year=plan.year), kind="title")
    r += 1

    def line(item: str, text: str = "", head: bool = False) -> None:
        nonlocal r
        r += 1
        ws.put(r, 1, item, kind="guide.head" if head else "guide.text")
        if text:
            ws.put(r, 2, text, kind="guide.text")
        _fit(ws, r, [(item, widths[0]), (text, widths[1])])

    line("", label("appr.guide.intro", lang))
    line("", label("appr.guide.cells", lang))
    line("", label("appr.guide.returns", lang, count=returns) if returns
         else label("appr.guide.no_returns", lang))
    r += 1
    line(label("plan.guide.item", lang), label("plan.guide.meaning", lang))
    for c in (1, 2):
        ws.style(r, c, "header")
    sections: list[tuple[str, str, tuple[tuple[str, str], ...]]] = [
        ("appr.sheet.results", "appr.guide.results", (
            ("appr.col.reported", "appr.guide.results.reported"),
            ("appr.col.verified", "appr.guide.results.verified"),
            ("appr.col.ground", "appr.guide.results.ground"))),
    ]
    if plan.criteria:
        sections.append(("appr.sheet.criteria", "appr.guide.criteria", (
            ("appr.col.self_score", "appr.guide.criteria.self"),
            ("appr.col.appraised", "appr.guide.criteria.appraised"),
            ("col.note", "appr.guide.criteria.note"))))
    sections.append(("appr.sheet.conditions", "appr.guide.conditions", (
        ("appr.col.disciplined", "appr.guide.conditions.disciplined"),
        ("appr.col.remedied", "appr.guide.conditions.remedied"),
        ("appr.col.sub_disciplined", "appr.guide.conditions.sub_disciplined"),
        ("appr.col.not_graded", "appr.guide.conditions.not_graded"),
        ("appr.col.decision", "appr.guide.conditions.decision"),
        ("appr.col.ground", "appr.guide.conditions.ground"))))
    for sheet_key, intro_key, items in sections:
        r += 1
        line(label(sheet_key, lang), label(intro_key, lang), head=True)
        for col_key, text_key in items:
            line(label(col_key, lang), label(text_key, lang))
    r += 1
    line(label("appr.guide.numbers.head", lang), label("appr.guide.numbers", lang), head=True)
    line("", label("appr.guide.next", lang))
    ws.print_setup()
    return ws


def _meta_sheet(plan: Plan, lang: str, fingerprint: str) -> direct.Sheet:
    ws = direct.Sheet(META_SHEET, state="veryHidden")
    rows = [("schema", SCHEMA), ("plan_fingerprint", fingerprint), ("year", plan.year),
            ("lang", lang), ("title", plan.title)]
    for r, (key, value) in enumerate(rows, start=1):
        ws.put(r, 1, key)
        ws.put(r, 2, value)
    return ws


# ============================================================================= reading

# The plan reader's codes, as the appraisal reports them (same parameters).
_CODES = {"DG102": "DG605", "DG103": "DG606", "DG104": "DG607"}
_NO_FACTS = xlsx.CellFacts()
_GRADES = {fold(n): g for g in Grade for n in (g.value, *GRADE_NAMES[g])}


def read_appraisal(path: Path, plan: Plan) -> Appraisal:
    """Read a filled appraisal workbook against ``plan``. Never raises for bad content.

    Every problem is in :attr:`Appraisal.problems`, naming the file, sheet and cell; an
    entry in error is left out, and every other entry is kept. A file that cannot be
    opened, has no metadata, another schema, or was made for another plan gives one
    error and no entries. The file is only read.
    """
    path = Path(path)
    reader = _AppraisalReader(path, plan)
    sha = ""
    try:
        data = xlsx.read_input(path)
        sha = hashlib.sha256(data).hexdigest()
        reader.read(xlsx.open_book(path, data=data))
    except xlsx.UnreadableWorkbook as exc:  # the file, or a sheet, cannot or must not be read
        reader.fail("DG601", {"reason": exc.reason or str(exc)})
    except Exception as exc:  # noqa: BLE001 - a broken file must never stop a run
        reader.fail("DG601", {"reason": f"unexpected {type(exc).__name__}: {exc}"})
    return Appraisal(file=str(path), sha256=sha, results=tuple(reader.results),
                     scores=tuple(reader.scores), conditions=tuple(reader.conditions),
                     problems=tuple(reader.problems))


class _AppraisalReader(_PlanReader):
    """The plan reader's table machinery (sheets by alias, header rows found by their
    words, cells and addresses), reporting in the appraisal's codes."""

    def __init__(self, path: Path, plan: Plan):
        super().__init__(path)
        self.plan = plan
        self.entities = {code: (unit, official) for code, _, unit, official in entities(plan)}
        self.criteria = {c.code: c for c in plan.criteria}
        self.results: list[VerifiedResult] = []
        self.scores: list[AppraisedScore] = []
        self.conditions: list[Conditions] = []
        self.facts: dict[str, xlsx.CellFacts] = {}

    def add(self, code: str, sheet: str = "", cell: str = "", params: dict | None = None,
            unit: str = "", indicator: str = "") -> None:
        super().add(_CODES.get(code, code), sheet, cell, params, unit, indicator)

    def fail(self, code: str, params: dict) -> None:
        """A file-level error: it replaces every entry read so far."""
        self.results, self.scores, self.conditions = [], [], []
        self.add(code, params=params)

    def fact(self, t: _Table, r: int, key: str) -> xlsx.CellFacts:
        return self.facts.get(t.ref(r, key), _NO_FACTS)

    def filled(self, t: _Table, r: int, key: str) -> bool:
        """Anything in the cell: a value, or a formula or error value calamine shows as ''."""
        if key not in t.header.columns:
            return False
        fact = self.fact(t, r, key)
        return not xlsx.is_blank(t.value(r, key)) or fact.formula is not None or bool(fact.error)

    # ------------------------------------------------------------------ the whole book

    def read(self, book: xlsx.Book) -> None:
        if not self.identity(book):
            return
        results = self.table(book, "appr.sheet.results", RESULT_FIELDS, RESULT_FIELDS)
        if results is not None:
            self.read_results(book, results)
        if self.plan.criteria or book.find(*aliases("appr.sheet.criteria")):
            criteria = self.table(book, "appr.sheet.criteria", CRITERIA_FIELDS,
                                  CRITERIA_FIELDS[:3], sheet_required=bool(self.plan.criteria))
            if criteria is not None:
                self.read_scores(book, criteria)
        conditions = self.table(book, "appr.sheet.conditions", CONDITION_FIELDS,
                                CONDITION_FIELDS)
        if conditions is not None:
            self.read_conditions(book, conditions)

    def identity(self, book: xlsx.Book) -> bool:
        """The metadata: this dgsp's schema, and this plan. One error, and no more, if not."""
        sheet = book.find(META_SHEET)
        if sheet is None:
            self.add("DG602")
            return False
        meta: dict[str, tuple[str, str]] = {}  # key → (value, its cell)
        for r, row in enumerate(book.grid(sheet)):
            key = clean(row[0]) if row else ""
            if key and key not in meta:
                meta[key] = (clean(row[1]) if len(row) > 1 else "", xlsx.cell_ref(r, 1))
        schema, cell = meta.get("schema", ("", "A1"))
        if schema != SCHEMA:
            self.add("DG603", sheet, cell, {"found": schema or "—", "expected": SCHEMA})
            return False
        found, cell = meta.get("plan_fingerprint", ("", "A2"))
        expected = self.plan.fingerprint()
        if found != expected:
            self.add("DG604", sheet, cell, {"found": found or "—", "expected": expected})
            return False
        lang = meta.get("lang", ("vi", ""))[0]
        self.lang = lang if lang in ("vi", "en") else "vi"
        return True

    def table(self, book: xlsx.Book, key: str, fields: tuple[str, ...],
              required: tuple[str, ...], sheet_required: bool = True) -> _Table | None:
        t = super().table(book, key, fields, required, sheet_required)
        if t is not None:
            self.facts = book.cell_facts(t.name)
        return t

    # ------------------------------------------------------------------ Thẩm định kết quả

    def read_results(self, book: xlsx.Book, t: _Table) -> None:
        first: dict[tuple[str, str], str] = {}
        for r in t.rows():
            has_value = self.filled(t, r, "appr.col.verified")
            ground = t.text(r, "appr.col.ground")
            if not has_value and not ground:
                continue  # nothing appraised on this row
            unit_code = self.require(t, r, "col.unit_code", t.text(r, "col.unit_code"))
            code = self.require(t, r, "col.indicator_code", t.text(r, "col.indicator_code"),
                                unit=unit_code)
            if not unit_code or not code:
                continue
            indicator = self.assigned(t, r, unit_code, code)
            if indicator is None:
                continue
            where = {"unit": unit_code, "indicator": code}
            if not has_value:
                self.add("DG614", t.name, t.ref(r, "appr.col.ground"), where, **where)
                continue
            ref = t.ref(r, "appr.col.verified")
            if (unit_code, code) in first:
                self.add("DG618", t.name, ref, {**where, "first_cell": first[unit_code, code]},
                         **where)
                continue
            first[unit_code, code] = ref
            value = self.verified(t, r, indicator, unit_code)
            if not ground:
                self.add("DG613", t.name, t.ref(r, "appr.col.ground"), where, **where)
            if value is not None and ground:
                self.results.append(VerifiedResult(unit=unit_code, indicator=code, value=value,
                                                   ground=ground, cell=ref))

    def assigned(self, t: _Table, r: int, unit_code: str, code: str) -> Indicator | None:
        """The indicator of a row, when the unit and the indicator are the plan's and the
        indicator is assigned to the unit; else None, after saying which is wrong."""
        plan = self.plan
        if plan.unit(unit_code) is None:
            self.add("DG610", t.name, t.ref(r, "col.unit_code"), {"code": unit_code},
                     unit=unit_code, indicator=code)
            return None
        indicator = plan.indicator(code)
        if indicator is None:
            self.add("DG611", t.name, t.ref(r, "col.indicator_code"), {"code": code},
                     unit=unit_code, indicator=code)
            return None
        if all(ind.code != code for ind, _ in plan.assignments(unit_code)):
            self.add("DG612", t.name, t.ref(r, "col.indicator_code"),
                     {"unit": unit_code, "indicator": code}, unit=unit_code, indicator=code)
            return None
        return indicator

    def verified(self, t: _Table, r: int, ind: Indicator, unit_code: str) -> Decimal | None:
        """A verified result as results are read: a number ≥ 0 (a percentage cell is 92 for
        an indicator measured in %), or Đạt/Không đạt (1/0) for a binary indicator."""
        key = "appr.col.verified"
        raw, fact, ref = t.value(r, key), self.fact(t, r, key), t.ref(r, key)
        where = {"unit": unit_code, "indicator": ind.code}

        def bad(code: str, found: str, **params: Any) -> None:
            self.add(code, t.name, ref, {**where, "found": found, **params}, **where)

        if fact.error or (fact.formula is not None and xlsx.is_blank(raw)):
            bad("DG615", fact.error or fact.formula.text)
            return None
        if ind.direction is Direction.BINARY:
            done = done_value(raw)
            if done is None:
                bad("DG617", clean(raw))
            return done
        if isinstance(raw, (bool, *TIME_TYPES)):
            bad("DG615", clean(raw))
            return None
        try:
            if isinstance(raw, str):
                text = clean(raw)
                if text.endswith("%") and ind.in_percent:
                    text = text[:-1].strip()
                value = parse_number(text)
            else:
                value = to_decimal(raw)
                if fact.percent:
                    if not ind.in_percent:
                        bad("DG615", f"{clean(canonical(value * 100))}%")
                        return None
                    value = canonical(value * 100)
        except AmbiguousNumber as exc:
            bad("DG608", clean(raw), vi=exc.readings[0], en=exc.readings[1])
            return None
        except (NotANumber, TypeError, ValueError, ArithmeticError):
            bad("DG615", clean(raw))
            return None
        if value < 0:
            bad("DG616", clean(raw))
            return None
        if value >= MAX_VALUE:
            bad("DG615", clean(raw))
            return None
        return value

    # ------------------------------------------------------------------ Tiêu chí chung

    def entity(self, t: _Table, r: int, code: str) -> tuple[Unit, Official | None] | None:
        found = self.entities.get(code)
        if found is None:
            self.add("DG620", t.name, t.ref(r, "appr.col.entity_code"), {"code": code},
                     unit=code)
        return found

    def read_scores(self, book: xlsx.Book, t: _Table) -> None:
        first: dict[tuple[str, str], str] = {}
        for r in t.rows():
            if not self.filled(t, r, "appr.col.appraised"):
                continue  # not appraised: the self-score stands
            code = self.require(t, r, "appr.col.entity_code", t.text(r, "appr.col.entity_code"))
            criterion_code = self.require(t, r, "appr.col.criterion_code",
                                          t.text(r, "appr.col.criterion_code"))
            if not code or not criterion_code:
                continue
            found = self.entity(t, r, code)
            if found is None:
                continue
            unit, official = found
            criterion = self.criteria.get(criterion_code)
            if criterion is None:
                self.add("DG621", t.name, t.ref(r, "appr.col.criterion_code"),
                         {"code": criterion_code}, unit=unit.code)
                continue
            if not criterion.applies(official is not None):
                kind = Term("appr.kind.an_individual" if official else "appr.kind.a_collective")
                self.add("DG622", t.name, t.ref(r, "appr.col.criterion_code"),
                         {"criterion": criterion_code, "entity": code, "kind": kind},
                         unit=unit.code)
                continue
            ref = t.ref(r, "appr.col.appraised")
            if (code, criterion_code) in first:
                self.add("DG628", t.name, ref, {"entity": code, "criterion": criterion_code,
                                                "first_cell": first[code, criterion_code]},
                         unit=unit.code)
                continue
            first[code, criterion_code] = ref
            value = self.score(t, r, criterion, code, unit.code)
            if value is not None:
                self.scores.append(AppraisedScore(entity=code, criterion=criterion_code,
                                                  value=value, note=t.text(r, "col.note"),
                                                  cell=ref))

    def score(self, t: _Table, r: int, criterion: Criterion, entity: str,
              unit: str) -> Decimal | None:
        """An appraised score: 0 to max in steps of 0.25; a binary criterion 0 or max (or
        Đạt/Không đạt)."""
        key = "appr.col.appraised"
        raw, fact, ref = t.value(r, key), self.fact(t, r, key), t.ref(r, key)
        top = criterion.max_points
        binary = criterion.scoring is CriterionScoring.BINARY
        params = {"entity": entity, "criterion": criterion.code, "max": top}

        def bad(code: str, found: Any, **more: Any) -> None:
            self.add(code, t.name, ref, {**params, "found": found, **more}, unit=unit)

        if fact.error or (fact.formula is not None and xlsx.is_blank(raw)):
            bad("DG627", fact.error or fact.formula.text)
            return None
        if isinstance(raw, bool) and binary:  # TRUE/FALSE, as the self-assessment reads it
            return top if raw else Decimal(0)
        if isinstance(raw, (bool, *TIME_TYPES)):
            bad("DG627", clean(raw))
            return None
        try:
            value = parse_number(clean(raw)) if isinstance(raw, str) else to_decimal(raw)
        except AmbiguousNumber as exc:
            bad("DG608", clean(raw), vi=exc.readings[0], en=exc.readings[1])
            return None
        except (NotANumber, TypeError, ValueError, ArithmeticError):
            if binary:  # Đạt / Không đạt: full points or none
                try:
                    return top if parse_done(raw) else Decimal(0)
                except ValueError:
                    pass
            bad("DG627", clean(raw))
            return None
        if value < 0:
            bad("DG624", clean(raw))
        elif value > top:
            bad("DG623", value)
        elif binary and value not in (0, top):
            bad("DG626", value)
        elif (value / STEP) != (value / STEP).to_integral_value():
            bad("DG625", value)
        else:
            return value
        return None

    # ------------------------------------------------------------------ Điều kiện

    def read_conditions(self, book: xlsx.Book, t: _Table) -> None:
        first: dict[str, str] = {}
        inputs = CONDITION_FIELDS[1:]
        for r in t.rows():
            filled = [k for k in inputs if self.filled(t, r, k)]
            code = t.text(r, "appr.col.entity_code")
            if not code and not filled:
                continue
            code = self.require(t, r, "appr.col.entity_code", code)
            if not code:
                continue
            found = self.entity(t, r, code)
            if found is None:
                continue
            unit, official = found
            ref = t.ref(r, "appr.col.entity_code")
            if code in first:
                self.add("DG635", t.name, ref, {"entity": code, "first_cell": first[code]},
                         unit=unit.code)
                continue
            first[code] = ref
            entry = self.condition_row(t, r, code, unit, official)
            if entry is not None:
                self.conditions.append(entry)

    def condition_row(self, t: _Table, r: int, code: str, unit: Unit,
                      official: Official | None) -> Conditions | None:
        start = len(self.problems)

        def add(problem_code: str, key: str, params: dict) -> None:
            self.add(problem_code, t.name, t.ref(r, key), {"entity": code, **params},
                     unit=unit.code)

        def yes_no(key: str, default: bool) -> bool:
            raw = t.value(r, key)
            if xlsx.is_blank(raw):
                return default
            try:
                return parse_yes_no(raw)
            except ValueError:
                add("DG630", key, {"field": t.title(key), "found": clean(raw)})
                return default

        disciplined = yes_no("appr.col.disciplined", False)
        remedied = yes_no("appr.col.remedied", True)
        sub_disciplined = yes_no("appr.col.sub_disciplined", False)
        if official is not None and sub_disciplined:
            add("DG634", "appr.col.sub_disciplined",
                {"field": t.title("appr.col.sub_disciplined")})
            sub_disciplined = False
        not_graded = t.text(r, "appr.col.not_graded")
        if not_graded and _is_yes_no(not_graded):
            add("DG637", "appr.col.not_graded", {"field": t.title("appr.col.not_graded"),
                                                 "found": not_graded})
        raw = t.value(r, "appr.col.decision")
        decision: Grade | None = None
        if not xlsx.is_blank(raw):
            decision = _GRADES.get(fold(raw))
            if decision is None:
                add("DG631", "appr.col.decision", {"found": clean(raw)})
        ground = t.text(r, "appr.col.ground")
        if decision is not None:
            if not ground:
                add("DG632", "appr.col.ground", {"grade": decision.value})
            if not_graded:
                add("DG633", "appr.col.decision", {"grade": decision.value,
                                                   "reason": not_graded})
        elif ground and xlsx.is_blank(raw):
            add("DG636", "appr.col.ground", {})
            ground = ""
        if any(p.is_error for p in self.problems[start:]):
            return None  # the entry in error is left out; its problems say why
        return Conditions(entity=code, disciplined=disciplined, remedied=remedied,
                          sub_disciplined=sub_disciplined, not_graded=not_graded,
                          decision=decision, decision_ground=ground if decision else "")


def _is_yes_no(text: str) -> bool:
    """A Có/Không word where a reason belongs (``Không xếp loại``: Có)."""
    try:
        parse_yes_no(text)
    except ValueError:
        return False
    return True




# ============================================================================= filling in


_KEYS = {  # sheet → the columns that find a row
    "appr.sheet.results": ("col.unit_code", "col.indicator_code"),
    "appr.sheet.criteria": ("appr.col.entity_code", "appr.col.criterion_code"),
    "appr.sheet.conditions": ("appr.col.entity_code",),
}


def fill_appraisal(workbook: Path, entries: Mapping[str, list[Mapping[str, object]]],
                   out: Path) -> Path:
    """Type the Board's entries into a written appraisal workbook, as its clerk would; save
    to ``out`` (never over ``workbook``).

    ``entries`` maps a sheet's label key (``appr.sheet.results``, ``appr.sheet.criteria``,
    ``appr.sheet.conditions``) to rows, each a mapping from a column's header (either
    language, matched by :func:`dgsp.text.fold`) to the value typed. A row is found by its
    codes (unit and indicator; entity and criterion; entity); values are typed as results
    are (:func:`dgsp.plan.templates.type_result`: ``bool`` is the Đạt/Không đạt word, a
    number in a percentage cell is stored as Excel stores it). Unknown sheets, headers or
    codes raise ValueError.
    """
    from openpyxl import load_workbook

    from dgsp.plan.templates import type_result

    if Path(out).resolve() == Path(workbook).resolve():
        raise ValueError("fill_appraisal writes a new file: out must differ from workbook")
    xlsx.ensure_defusedxml()
    wb = load_workbook(workbook)
    lang = "en" if label("appr.sheet.results", "en") in wb.sheetnames else "vi"
    for key, rows in entries.items():
        if not rows:
            continue
        name = next((n for n in wb.sheetnames if fold(n) in map(fold, aliases(key))), None)
        if name is None:
            raise ValueError(f"{workbook}: no sheet {label(key, lang)}")
        ws = wb[name]
        here = {fold(c.value): c.column for c in ws[HEADER_ROW] if c.value is not None}
        column = {k: here[fold(label(k, lang))] for k, _ in _all_columns(key)
                  if fold(label(k, lang)) in here}  # column key → its column
        key_of = {fold(a): k for k in column for a in aliases(k)}  # either language
        at = {tuple(clean(ws.cell(r, column[k]).value) for k in _KEYS[key]): r
              for r in range(HEADER_ROW + 1, ws.max_row + 1)}
        for entry in rows:
            unknown = [h for h in entry if fold(h) not in key_of]
            if unknown:
                raise ValueError(f"{name}: no column {', '.join(map(str, unknown))}")
            typed = {key_of[fold(h)]: v for h, v in entry.items()}
            codes = tuple(clean(typed.get(k, "")) for k in _KEYS[key])
            r = at.get(codes)
            if r is None:
                raise ValueError(f"{name}: no row for {' / '.join(codes)}")
            for k, value in typed.items():
                if k not in _KEYS[key]:
                    type_result(ws, r, column[k], value, lang)
    wb.save(out)
    return Path(out)


def _all_columns(key: str) -> tuple[tuple[str, float], ...]:
    return {"appr.sheet.results": RESULT_COLUMNS, "appr.sheet.criteria": CRITERIA_COLUMNS,
            "appr.sheet.conditions": CONDITION_COLUMNS}[key]


__all__ = [
    "CONDITION_COLUMNS",
    "CRITERIA_COLUMNS",
    "HEADER_ROW",
    "META_SHEET",
    "RESULT_COLUMNS",
    "SCHEMA",
    "entities",
    "fill_appraisal",
    "read_appraisal",
    "write_appraisal",
]
