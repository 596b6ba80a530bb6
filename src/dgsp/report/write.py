"""Evaluation → the outputs of ``dgsp score``: report workbook, evaluation sheets, JSON.

Nothing here computes a score: every number comes from the
:class:`~dgsp.model.Evaluation`. The only derived figures are presentational
(the quota seat count quoted in a note, the error count of a rejected return,
the "x / n" of a rank).

Workbook conventions (see docs/report.md):

- numbers stay numbers, with locale-neutral formats (``0.0%``, ``#,##0``,
  ``0.00``), so Vietnamese Excel shows 2.100 and 105,0%;
- every string goes through :func:`dgsp.xlsx.put` / :func:`~dgsp.xlsx.put_text`,
  so text from a workbook never becomes a formula;
- flags in the ``Dữ liệu`` sheet are 1/0 so a pivot table can sum them.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import orjson

from dgsp import xlsx
from dgsp.labels import LABELS, direction_word, grade_name, label, period_heading, reason_text
from dgsp.model import (
    GRADE_COUNT_KEYS,
    Direction,
    DocStyle,
    Document,
    Evaluation,
    Grade,
    Indicator,
    IndicatorResult,
    OfficialEvaluation,
    Plan,
    Problem,
    Status,
    Target,
    UnitEvaluation,
)
from dgsp.parallel import Progress
from dgsp.text import SHARED_DECIMALS, format_number, format_percent, safe_filename
from dgsp.xlsx import direct

if TYPE_CHECKING:
    from dgsp.compare.model import YearEntity

JSON_SCHEMA = "dgsp.score/1"
JSON_SCHEMA_2 = "dgsp.score/2"  # a plan under Quy định 366, or a run with an appraisal
DATA_SHEET = "_dgsp"  # very hidden: the score JSON, read back by dgsp.reports.read_report
CHUNK_CHARS = 30_000  # per cell; Excel holds at most 32,767 characters in one

UNSCORED_FILL = "E7E6E6"  # rows of missing / rejected units on the summary
FMT_POINTS = "0.00##"  # a task's points on the phiếu: the sum shown adds up (1,035 not 1,04)
POINTS_SHOWN = Decimal("0.0001")  # Σ points in the phiếu's formula
GRADE_CODES = frozenset(g.value for g in Grade)
SUMMARY_HEADER_ROW = 5  # below the title block
MARK = "x"  # achieved / exceeded marks on the evaluation sheet
GAP_FLAG = Decimal(5)  # points: a self-assessed total this far from the appraised one is flagged
FLAG_FILL = "FFC7CE"  # rows of the Thẩm định sheet that need a second look
MARKER_COLOURS = {False: "C00000", True: "375623"}  # "chưa thẩm định" red, "đã thẩm định" green
SOURCE_LABEL_WIDTH = 24  # column A of a Nguồn sheet: its key-value block's labels, whole


# ----------------------------------------------------------------------------- shared facts


def seats_by_group(ev: Evaluation, entities: Sequence[UnitEvaluation] | None = None
                   ) -> dict[str, int]:
    """Excellent-grade seats per peer group of the units (or of ``entities``: the officials,
    whose quota is apart; see :func:`dgsp.scoring.group_seats`); groups without a quota are
    absent."""
    from dgsp.scoring import group_seats

    return group_seats(ev.plan, ev.units if entities is None else entities)


def assigned_count(ev: Evaluation, u: UnitEvaluation) -> int:
    """Indicators assigned to the unit: the scored count, or the plan's for unscored units."""
    return u.assigned if u.status is Status.SCORED else len(ev.plan.assignments(u.unit.code))


def error_counts(ev: Evaluation) -> dict[str, int]:
    """Number of error-severity problems per unit code."""
    counts: Counter[str] = Counter(p.unit for p in ev.problems if p.unit and p.is_error)
    return dict(counts)


def unit_note(u: UnitEvaluation, lang: str, seats: Mapping[str, int],
              errors: Mapping[str, int]) -> str:
    """Why a unit's (or an official's) line needs a second look: quota lowering (``seats``:
    of its kind's groups), its unit's return missing or rejected."""
    if u.status is Status.MISSING:
        return label("note.missing", lang)
    if u.status is Status.REJECTED:
        return label("note.rejected", lang, count=errors.get(u.unit.code, 0))
    if u.lowered_by_quota:
        return label("note.lowered", lang, seats=seats.get(u.group, 0))
    return ""


def _group_sizes(entities: Sequence[UnitEvaluation]) -> dict[str, int]:
    """Scored (hence ranked) entities per peer group."""
    return dict(Counter(e.group for e in entities if e.status is Status.SCORED))


# ----------------------------------------------------------------------------- Quy định 366


def appraisal_marker(ev: Evaluation, lang: str) -> str | None:
    """What every sheet and phiếu of a 366 evaluation says near its title: appraised, or
    "chưa thẩm định" (scored on what the units reported and self-assessed); None otherwise."""
    if ev.appraised:
        return label("rep.marker.appraised", lang)
    if ev.plan.under_366:
        return label("rep.marker.not_appraised", lang)
    return None


def _counted(u: UnitEvaluation) -> bool:
    """Has a score (scored, or scored but not graded)."""
    return u.status is Status.SCORED or u.status is Status.NOT_GRADED


def reasons_text(u: UnitEvaluation | YearEntity, lang: str, sep: str = "; ") -> str:
    """The reasons of an entity's grade (in a round, or over the year) in words, in the
    order they were found."""
    return sep.join(reason_text(r.code, r.params, lang) for r in u.reasons)


def _grade_word(grade: Grade | None, status: Status, lang: str) -> str:
    return grade.value if grade else label(f"status.{status.value}", lang)


def _graded(u: UnitEvaluation) -> tuple[Grade | None, Grade | None, int | None]:
    """The grade, grade before quota and rank shown: only a scored entity has them (as in the
    JSON); one not graded, missing or rejected shows none."""
    if u.status is not Status.SCORED:
        return None, None, None
    return u.grade, u.grade_before_quota, u.rank


def _appraised_grade(u: UnitEvaluation) -> Grade | None:
    """The grade the appraisal gives, apart from the quota: the decided grade where the
    competent level decided one, else the grade before the quota (None: not graded)."""
    grade, before_quota, _ = _graded(u)
    return grade if u.grade_before_decision is not None else before_quota


def appraisal_flags(u: UnitEvaluation, lang: str) -> list[str]:
    """Why an entity's appraisal needs a second look: the appraised total is
    :data:`GAP_FLAG` points or more from the self-assessed one, or the grade changed."""
    flags = []
    if u.score is not None and u.self_score is not None and abs(u.score - u.self_score) >= GAP_FLAG:
        flags.append(label("rep.flag.gap", lang,
                           gap=format_number(u.score - u.self_score, lang, 2)))
    after = _appraised_grade(u)
    if u.self_grade != after:
        flags.append(label("rep.flag.grade", lang,
                           before=_grade_word(u.self_grade, Status.NOT_GRADED, lang),
                           after=_grade_word(after, Status.NOT_GRADED, lang)))
    return flags


# ----------------------------------------------------------------------------- explanation


def _pct(value: Decimal, lang: str, places: int | None = 1) -> str:
    if places is None:  # as few places as the value needs (caps: 100%, 112,5%)
        scaled = value * 100
        places = 0 if scaled == scaled.to_integral_value() else 1
    return format_percent(value, lang, places)


class _Rule(NamedTuple):
    """The words :func:`explain` gives one indicator whatever its numbers."""

    direction: Direction
    sep: str  # between min's two numbers: ";" in Vietnamese, where "," is the decimal mark
    points: str  # "điểm"
    cap: str  # "120%"
    late: str  # " × (1 − 25% chậm tiến độ)", for a task done late


def _rule(indicator: Indicator, lang: str) -> _Rule:
    late = (f" × (1 − {_pct(indicator.late_deduction, lang, None)} "
            f"{label('explain.late', lang)})")
    return _Rule(indicator.direction, ";" if lang == "vi" else ",",
                 label("explain.points", lang), _pct(indicator.cap, lang, None), late)


def explain(result: IndicatorResult, indicator: Indicator, lang: str = "vi",
            rule: _Rule | None = None) -> str:
    """The numbers behind one indicator's ratio and points, in words.

    ``2.100 / 2.000 = 105,0%; điểm = 1 × min(105,0%; 100%) = 1,00`` (vi),
    ``2,100 / 2,000 = 105.0%; points = 1 × min(105.0%, 100%) = 1.00`` (en).
    A task done late adds its deduction: ``… × min(100,0%; 100%) × (1 − 25% chậm tiến độ)
    = 0,75``. Rounded the way the neighbouring cells display (``0.0%``, ``0.00``).
    ``rule``: the indicator's words, made once (:class:`Explainer`).
    """
    rule = rule or _rule(indicator, lang)
    sep = rule.sep

    def num(d: Decimal) -> str:
        return format_number(d, lang)

    a, t = result.actual, result.target
    ratio = _pct(result.ratio, lang)
    if rule.direction is Direction.BINARY:
        word = label("done" if result.actual >= 1 else "not_done", lang)
        how = f"{word} → {ratio}"
    elif rule.direction is Direction.LOWER:
        if t == 0:
            how = label("explain.zero", lang, actual=num(a), ratio=ratio)
        elif 2 - a / t < 0:
            how = f"max(0{sep} 2 − {num(a)} / {num(t)}) = {ratio}"
        else:
            how = f"2 − {num(a)} / {num(t)} = {ratio}"
    else:
        how = f"{num(a)} / {num(t)} = {ratio}"
    # points × (1 − the late deduction): Quy định 366, a task done late
    points = (f"{rule.points} = {num(result.weight)} × min({ratio}{sep} {rule.cap})"
              f"{rule.late if result.late else ''} = {format_number(result.points, lang, 2)}")
    return f"{how}; {points}"


class Explainer:
    """:func:`explain` over a plan's results: each indicator's words made once, and each
    distinct set of numbers explained once (at national scale many units report the same
    figures against the same target: 100% of 100%, a task done)."""

    def __init__(self, plan: Plan, lang: str) -> None:
        self.lang = lang
        self.rules = {i.code: (i, _rule(i, lang)) for i in plan.indicators}
        self.seen: dict[tuple, str] = {}

    def __call__(self, res: IndicatorResult) -> str:
        # what the words show is a function of these and of the indicator's rule
        key = (res.indicator, res.actual, res.target, res.weight, res.late)
        text = self.seen.get(key)
        if text is None:
            ind, rule = self.rules[res.indicator]
            text = self.seen[key] = explain(res, ind, self.lang, rule)
        return text


# ----------------------------------------------------------------------------- cell helpers


def _num_format(value: Decimal | None) -> str:
    """``#,##0`` for whole numbers, ``#,##0.##`` otherwise (Excel would show "2.100," for a
    whole number under ``#,##0.##``)."""
    if value is None or value == value.to_integral_value():
        return xlsx.FMT_INT
    return xlsx.FMT_NUM


def _row(ws: direct.Sheet, r: int, values: Sequence[tuple[Any, str | None] | Any],
         kind: str | None = None) -> None:
    """Write one row from column A. Each item is a value or ``(value, number_format)``;
    ``None`` leaves the cell empty (but styled, when ``kind`` is given)."""
    for c, item in enumerate(values, start=1):
        value, fmt = item if isinstance(item, tuple) else (item, None)
        if value is not None or kind is not None:
            ws.put(r, c, value, fmt, kind=kind)


def _header(ws: direct.Sheet, r: int, keys: Sequence[str], lang: str) -> None:
    _row(ws, r, [label(k, lang) for k in keys], kind="header")


def _bool(flag: bool) -> int:
    return 1 if flag else 0


# ----------------------------------------------------------------------------- report workbook

_SUMMARY_COLS = (  # (label key, width)
    ("col.rank", 8), ("col.unit_code", 14), ("col.unit_name", 30), ("col.group", 16),
    ("col.heads", 34), ("col.score", 10), ("col.achieved_of", 10), ("col.assigned", 10),
    ("col.achieved", 10), ("col.exceeded", 10), ("col.grade_code", 10),
    ("col.grade_name", 28), ("col.grade_before_quota", 12), ("col.status", 12),
    ("rep.col.reason", 50), ("col.note", 30),
)

_TOTALS_COLS = (
    ("col.indicator_code", 12), ("col.task_group", 20), ("col.indicator_name", 40),
    ("col.measure", 12), ("col.direction", 9), ("col.additive", 9),
    ("col.units_assigned", 11), ("col.units_scored", 11), ("col.units_achieved", 11),
    ("col.units_exceeded", 11), ("col.target", 14), ("col.actual", 14), ("col.ratio", 10),
    ("col.note", 30),
)

_DATA_COLS = (
    ("col.unit_code", 14), ("col.unit_name", 26), ("col.group", 14),
    ("col.indicator_code", 12), ("col.task_group", 18), ("col.indicator_name", 36),
    ("col.measure", 10), ("col.direction", 9), ("col.weight", 8), ("col.cap", 8),
    ("col.target", 12), ("col.actual", 12), ("col.ratio", 10), ("col.points", 9),
    ("col.is_achieved", 7), ("col.is_exceeded", 7), ("col.capped", 9),
    ("col.evidence", 30), ("col.explain", 56),
)

_PROBLEM_COLS = (
    ("col.problem_code", 9), ("col.severity", 10), ("col.file", 22), ("col.sheet", 12),
    ("col.cell", 7), ("col.unit_code", 14), ("col.indicator_code", 12),
    ("col.message", 36), ("col.hint", 32),
)  # one landscape page wide at 91%: the file, message and hint wrap, their rows grown

_SOURCE_COLS = (
    ("col.kind", SOURCE_LABEL_WIDTH), ("col.file", 32), ("col.sha256", 68),
    ("col.unit_code", 14), ("col.status", 14),
)  # one landscape page wide at 91%

# The 366 summary and Cán bộ (about 210 characters wide) print over two A4 landscape pages wide
# at xlsx.MIN_PRINT_SCALE, the rank, code and name repeated on each. Text columns wrap and
# their rows grow (_WRAPPED);
# the grade's name, which the code says already, is left to the phiếu and the plan.
_SUMMARY_COLS_366 = (  # the summary of a Quy định 366 evaluation
    ("col.rank", 5), ("col.unit_code", 14), ("col.unit_name", 20), ("col.group", 12),
    ("col.heads", 18), ("rep.col.general_points", 7), ("rep.col.task_points", 7),
    ("col.score", 7), ("col.achieved_of", 6), ("col.assigned", 6), ("col.achieved", 6),
    ("col.exceeded", 6), ("col.grade_code", 9), ("col.grade_before_quota", 9),
    ("col.status", 9), ("rep.col.reason", 40), ("col.note", 25),
)

_OFFICIAL_COLS = (
    ("col.rank", 5), ("rep.col.official_code", 17), ("rep.col.full_name", 18),
    ("rep.col.position", 24), ("col.unit_code", 13), ("col.unit_name", 16), ("col.group", 12),
    ("rep.col.general_points", 7), ("rep.col.task_points", 7), ("col.score", 7),
    ("col.grade_code", 9), ("col.grade_before_quota", 9), ("col.status", 9),
    ("rep.col.reason", 40), ("col.note", 20),
)

_WRAPPED = frozenset((  # the text columns of the report tables that wrap, their rows grown to fit
    "col.unit_name", "col.group", "col.heads", "col.status", "rep.col.reason", "col.note",
    "col.grade_name",
    "rep.col.full_name", "rep.col.position", "col.indicator_name", "rep.col.ground",
    "rep.col.name", "rep.col.post", "rep.col.flag", "col.file", "col.message", "col.hint",
    "col.task_group",
))
_CENTRED = frozenset((  # short codes and counts, apart from the numbers and words beside them
    "col.rank", "col.achieved_of", "col.assigned", "col.achieved", "col.exceeded",
    "col.grade_code", "col.grade_before_quota", "rep.col.self_grade", "rep.col.appraised_grade",
    "rep.col.final_grade", "todate.col.pace",
))

_VERIFIED_COLS = (  # Thẩm định, block 1: each verified result
    ("col.unit_code", 14), ("col.unit_name", 24), ("col.indicator_code", 12),
    ("col.indicator_name", 36), ("rep.col.reported", 12), ("rep.col.verified", 12),
    ("rep.col.difference", 11), ("rep.col.ground", 44),
)

_GAP_COLS = (  # Thẩm định, block 2: each entity's self-assessed and appraised totals
    ("rep.col.code", 17), ("rep.col.name", 24), ("rep.col.kind", 12), ("rep.col.post", 36),
    ("rep.col.self_total", 12), ("rep.col.appraised_total", 12), ("rep.col.gap", 11),
    ("rep.col.flag", 44), ("rep.col.self_grade", 16), ("rep.col.appraised_grade", 16),
    ("rep.col.final_grade", 14),
)


def write_report(ev: Evaluation, path: Path, lang: str = "vi", data: dict | None = None) -> None:
    """Write the report workbook (Tổng hợp, Toàn tỉnh, Dữ liệu, Kiểm tra, Nguồn).

    A Quy định 366 evaluation (``Evaluation.under_366``) adds general and task points and the reasons
    of each grade to the summary, a sheet ``Cán bộ`` (officials) after it, a sheet
    ``Thẩm định`` when an appraisal was applied, and on every sheet the appraisal marker
    (:func:`appraisal_marker`) above its table.

    A very hidden sheet ``_dgsp`` carries the score JSON (:func:`to_json`), so
    that ``dgsp compare`` reads the report back exactly (see :func:`embed_json`);
    ``data`` is that JSON when the caller has it already.
    The *Dữ liệu* sheet (a row per unit and indicator) is streamed as it is written.
    """
    sheets = [_summary_sheet(ev, lang)]
    if ev.under_366:  # Quy định 366: officials, and the appraisal when there is one
        if ev.officials:
            sheets.append(_officials_sheet(ev, lang))
        if ev.appraised:
            sheets.append(_appraisal_sheet(ev, lang))
    if ev.to_date:  # a quarter's progress to date (score --previous)
        sheets.append(_to_date_sheet(ev, lang))
    sheets += [_totals_sheet(ev, lang), _data_sheet(ev, lang), _problems_sheet(ev, lang),
               _sources_sheet(ev, lang),
               embed_json(data if data is not None else to_json(ev, lang))]
    page_texts(sheets, label("report.title", lang, when=period_heading(ev.plan, lang)), lang)
    direct.write_workbook(Path(path), sheets, _report_styles(), OUTPUT_PROPS["report"])


@functools.cache
def _report_styles() -> direct.Styles:
    """The report's named styles, one table per process (see :class:`direct.Styles`)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    styles = direct.Styles(font=xlsx.DOCUMENT_FONT)
    styles.define("header", **xlsx.header_styles(xlsx.HEADER_FILL))
    styles.define("bold", font=Font(bold=True))
    styles.define("title", font=Font(bold=True, size=14))
    styles.define("italic", font=Font(italic=True))
    styles.define("left", alignment=Alignment(horizontal="left"))
    for grade, colour in (*xlsx.GRADE_FILLS.items(), (None, UNSCORED_FILL), ("flag", FLAG_FILL)):
        styles.define(("fill", grade), fill=PatternFill("solid", fgColor=colour))
    for done, colour in MARKER_COLOURS.items():
        styles.define(("marker", done), font=Font(bold=True, color=colour))
    styles.define("section", font=Font(bold=True, size=12))
    # the rows of the 366 tables, which grow: top-aligned, text wrapped or codes centred
    for align, alignment in (("", Alignment(vertical="top")),
                             # text set in by one step: never touching a number before it
                             ("wrap", Alignment(horizontal="left", vertical="top",
                                                wrap_text=True, indent=1)),
                             ("centre", Alignment(horizontal="center", vertical="top"))):
        styles.define(("cell", "plain", align), alignment=alignment)
        for grade, colour in (*xlsx.GRADE_FILLS.items(), (None, UNSCORED_FILL),
                              ("flag", FLAG_FILL)):
            styles.define(("cell", grade, align), alignment=alignment,
                          fill=PatternFill("solid", fgColor=colour))
    return styles


def table_styles(fills: Mapping[Any, str | None]) -> direct.Styles:
    """The styles of a printed table document (the year workbook, the reminder list), in
    Times New Roman: header, bold, title, italic, section; and boxed cells ``("cell", key,
    align)``, ``align`` "" (top), "wrap" or "centre", filled with ``fills[key]`` (None: no
    fill)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    styles = direct.Styles(font=xlsx.DOCUMENT_FONT)
    styles.define("header", **xlsx.header_styles(xlsx.HEADER_FILL))
    styles.define("bold", font=Font(bold=True))
    styles.define("title", font=Font(bold=True, size=14))
    styles.define("italic", font=Font(italic=True))
    styles.define("section", font=Font(bold=True, size=12))
    aligns = {"": Alignment(vertical="top"),
              "wrap": Alignment(vertical="top", wrap_text=True),
              "centre": Alignment(horizontal="center", vertical="top")}
    for key, colour in fills.items():
        extra = {"fill": PatternFill("solid", fgColor=colour)} if colour else {}
        for align, alignment in aligns.items():
            styles.define(("cell", key, align), alignment=alignment, border=box, **extra)
    return styles


def _top(ev: Evaluation) -> int:
    """The header row of a table sheet: 1, or 3 below the appraisal marker (row 1)."""
    return 1 if appraisal_marker(ev, "vi") is None else 3


def _mark(ws: direct.Sheet, ev: Evaluation, lang: str, row: int = 1) -> None:
    """The appraisal marker (:func:`appraisal_marker`) in column A of ``row``, if any."""
    marker = appraisal_marker(ev, lang)
    if marker is not None:
        ws.put(row, 1, marker, kind=("marker", ev.appraised))
        ws.heights[row] = TITLE_HEIGHTS[1]


def _table_sheet(title: str, cols: Sequence[tuple[str, float]], lang: str,
                 header_row: int = 1) -> direct.Sheet:
    """A sheet with a header row, its widths and an A4 landscape print setup."""
    ws = direct.Sheet(title)
    _header(ws, header_row, [k for k, _ in cols], lang)
    ws.widths = [w for _, w in cols]
    ws.print_setup(landscape=True, title_rows=f"{header_row}:{header_row}")
    return ws


def count_word(key: str, lang: str) -> str:
    """A row of the grade counts: the grade's name, Không xếp loại, or no valid result."""
    if key in GRADE_CODES:
        return grade_name(Grade(key), lang)
    return label("status.not_graded" if key == "not_graded" else "rep.counts.no_result", lang)


def _grade_counts_section(ws: direct.Sheet, ev: Evaluation, r: int, lang: str,
                          blocks: list[tuple[int, int]] | None = None) -> int:
    """Below the summary table (whose last row is ``r``): the collectives', then the
    officials', grades counted per peer group, each group a count and a share. Returns the
    last row written; each table's first and last rows are added to ``blocks``."""
    for kind in ("units", "officials"):
        counts = [c for c in ev.grade_counts if c.kind == kind]
        if not counts:
            continue
        r += 2
        start = r
        ws.put(r, 2, label(f"rep.counts.title.{kind}", lang), kind="section")
        r += 1
        ws.put(r, 2, label("rep.counts.grade", lang), kind="header")
        ws.put(r + 1, 2, None, kind="header")
        ws.merge(f"B{r}:C{r + 1}")
        for col, c in enumerate(counts, start=2):
            first = 2 * col  # D, F, H, …: the count; the share beside it
            ws.put(r, first, c.group, kind="header")
            ws.put(r, first + 1, None, kind="header")
            ws.merge(f"{xlsx.col_letter(first - 1)}{r}:{xlsx.col_letter(first)}{r}")
            ws.put(r + 1, first, label("rep.counts.count", lang), kind="header")
            ws.put(r + 1, first + 1, label("rep.counts.share", lang), kind="header")
        widths = ws.widths + [8.43] * (2 * len(counts) + 2)
        ws.heights[r] = xlsx.row_height([(c.group, widths[2 * col - 1] + widths[2 * col] - 1)
                                         for col, c in enumerate(counts, start=2)])
        r += 1
        for key in (*GRADE_COUNT_KEYS, "total"):
            r += 1
            fill = key if key in GRADE_CODES else None
            # top-aligned as the grade's name beside it, which may wrap
            ws.put(r, 2, key if key in GRADE_CODES else None, kind=("cell", fill, "centre"))
            ws.put(r, 3, label("rep.counts.total", lang) if key == "total"
                   else count_word(key, lang),  # a long name wraps, its row grown
                   kind="bold" if key == "total" else ("cell", "plain", "wrap"))
            for col, c in enumerate(counts, start=2):
                n = c.total if key == "total" else c.counts[key]
                share = Decimal(1) if key == "total" else Decimal(n) / Decimal(c.total)
                ws.put(r, 2 * col, n, xlsx.FMT_INT, kind=("cell", "plain", ""))
                ws.put(r, 2 * col + 1, share.quantize(Decimal("0.0001")), xlsx.FMT_PCT,
                       kind=("cell", "plain", ""))
        if blocks is not None:
            blocks.append((start, r))
    return r


def _summary_end(ws: direct.Sheet, ev: Evaluation, r: int, lang: str) -> None:
    """Under the summary table (last row ``r``): the grade counts and the foot, each kept
    whole on a printed page."""
    blocks: list[tuple[int, int]] = []
    foot = _summary_foot(ws, ev, _grade_counts_section(ws, ev, r, lang, blocks), lang)
    if foot:
        blocks.append(foot)
    if blocks:
        ws.keep_together(_report_styles(), blocks)


def _summary_foot(ws: direct.Sheet, ev: Evaluation, r: int, lang: str) -> tuple[int, int] | None:
    """Under a summary whose plan names its signatory (Thông tin): ``Nơi nhận:`` on the left,
    the signature block on the right, as a báo cáo attached to the summary ends. Returns
    its first and last rows (None: no foot)."""
    doc = ev.plan.document
    if not doc.given:
        return None
    n = xlsx.first_page_columns(ws.widths, ws.landscape)  # whole on the page it prints on
    first = max(2, n - 4)
    r += 2
    ws.put(r, 2, label("doc.recipients", lang), kind="bold")
    ws.put(r + 1, 2, label("doc.recipients.as_above", lang), kind="italic")
    ws.put(r + 2, 2, label("doc.recipients.file", lang), kind="italic")
    for i, (text, kind) in enumerate([
            (date_line(doc, lang), "italic"),
            ("\n".join(w for w in (doc.authority, doc.signer_title) if w), "bold"),
            (label("sign.hint", lang), "italic"), (None, None), (None, None),
            (doc.signer or None, "bold")]):
        if text:
            ws.put(r + i, first, text, kind=kind)
            ws.merge(f"{xlsx.col_letter(first - 1)}{r + i}:{xlsx.col_letter(n - 1)}{r + i}")
    ws.heights[r + 1] = 30
    return r, r + SIGNATURE_ROWS


def _summary_sheet(ev: Evaluation, lang: str) -> direct.Sheet:
    if ev.under_366:
        return _summary_sheet_366(ev, lang)
    plan = ev.plan
    hr = SUMMARY_HEADER_ROW
    ws = _table_sheet(label("sheet.summary", lang), _SUMMARY_COLS, lang, hr)
    ws.first_header = page_header(plan, lang)
    ws.put(1, 1, plan.issued_by, kind="bold")
    ws.put(2, 1, label("report.title", lang, when=period_heading(plan, lang)), kind="title")
    ws.put(3, 1, plan.title, kind="italic")
    seats, errors = seats_by_group(ev), error_counts(ev)
    keys = [k for k, _ in _SUMMARY_COLS]
    r = hr
    for r, u in enumerate(ev.units, start=hr + 1):
        scored = u.status is Status.SCORED
        _grown_row(ws, r, keys, [  # names, heads and reasons wrapped, the row as tall as they
            (u.rank, xlsx.FMT_INT),
            u.unit.code,
            u.unit.name,
            u.unit.group,
            "; ".join(u.unit.heads),
            (u.score, xlsx.FMT_SCORE),
            f"{u.achieved}/{u.assigned}" if scored else None,
            (assigned_count(ev, u), xlsx.FMT_INT),
            (u.achieved if scored else None, xlsx.FMT_INT),
            (u.exceeded if scored else None, xlsx.FMT_INT),
            u.grade.value if u.grade else None,
            grade_name(u.grade, lang) if u.grade else None,
            u.grade_before_quota.value if u.grade_before_quota else None,
            label(f"status.{u.status.value}", lang),
            reasons_text(u, lang) or None,
            _note_366(u, lang, seats, errors) or None,
        ], u.grade.value if u.grade else None)
    ws.table(hr, len(_SUMMARY_COLS), r, freeze_col=4)
    _summary_end(ws, ev, r, lang)
    return ws


TITLE_HEIGHTS = {1: 18, 2: 22}  # points: rows 1–2 of a 366 title block, stacked diacritics whole


def _title_block(ws: direct.Sheet, ev: Evaluation, lang: str, title: str) -> None:
    """Rows 1–4 of the summary-like sheets: issuing body, title, plan title, marker."""
    ws.put(1, 1, ev.plan.issued_by, kind="bold")
    ws.put(2, 1, title, kind="title")
    ws.put(3, 1, ev.plan.title, kind="italic")
    ws.heights.update(TITLE_HEIGHTS)
    _mark(ws, ev, lang, 4)


def _grown_row(ws: direct.Sheet, r: int, keys: Sequence[str], values: Sequence[Any],
               fill: str | None) -> None:
    """One row of a 366 table: every cell top-aligned and filled (``fill``: a grade code,
    None for the grey of an entity without a grade, ``"flag"``, or ``"plain"`` for none), the
    text columns of :data:`_WRAPPED` wrapped, those of :data:`_CENTRED` centred, and the row
    as tall as its longest wrapped text (Excel and LibreOffice do not grow it; see
    :func:`dgsp.xlsx.row_height`)."""
    texts = []
    for c, (key, item) in enumerate(zip(keys, values, strict=True), start=1):
        value, fmt = item if isinstance(item, tuple) else (item, None)
        wrap = key in _WRAPPED
        align = "wrap" if wrap else "centre" if key in _CENTRED else ""
        ws.put(r, c, value, fmt, kind=("cell", fill, align))
        if wrap and isinstance(value, str):
            texts.append((value, ws.widths[c - 1]))
    height = xlsx.row_height(texts)
    if height > xlsx.row_height([]):
        ws.heights[r] = height


def _note_366(u: UnitEvaluation, lang: str, seats: Mapping[str, int],
              errors: Mapping[str, int]) -> str:
    """:func:`unit_note` on a 366 sheet or phiếu, where the reasons beside it already say that
    the quota lowered the grade (reason ``quota``): only a missing or rejected return."""
    if u.lowered_by_quota and any(r.code == "quota" for r in u.reasons):
        return ""
    return unit_note(u, lang, seats, errors)


def _header_height(ws: direct.Sheet, r: int, cols: Sequence[tuple[str, float]], lang: str) -> None:
    """A header row tall enough for its wrapped labels."""
    ws.heights[r] = xlsx.row_height([(label(k, lang), w) for k, w in cols])


def _points(u: UnitEvaluation, value: Decimal | None) -> tuple[Decimal | None, str]:
    return (value if _counted(u) else None, xlsx.FMT_SCORE)


def _summary_sheet_366(ev: Evaluation, lang: str) -> direct.Sheet:
    """The summary with the general and task points beside the score and the reasons of each
    grade; a unit not graded shows its score, no grade and no rank, and why."""
    hr = SUMMARY_HEADER_ROW
    ws = _table_sheet(label("sheet.summary", lang), _SUMMARY_COLS_366, lang, hr)
    ws.first_header = page_header(ev.plan, lang)
    _title_block(ws, ev, lang, label("report.title", lang, when=period_heading(ev.plan, lang)))
    seats, errors = seats_by_group(ev), error_counts(ev)
    keys = [k for k, _ in _SUMMARY_COLS_366]
    r = hr
    for r, u in enumerate(ev.units, start=hr + 1):
        counted = _counted(u)
        grade, before_quota, rank = _graded(u)
        _grown_row(ws, r, keys, [
            (rank, xlsx.FMT_INT),
            u.unit.code,
            u.unit.name,
            u.unit.group,
            "; ".join(u.unit.heads) or None,
            _points(u, u.general_points),
            _points(u, u.task_points),
            _points(u, u.score),
            f"{u.achieved}/{u.assigned}" if counted else None,
            (assigned_count(ev, u), xlsx.FMT_INT),
            (u.achieved if counted else None, xlsx.FMT_INT),
            (u.exceeded if counted else None, xlsx.FMT_INT),
            grade.value if grade else None,
            before_quota.value if before_quota else None,
            label(f"status.{u.status.value}", lang),
            reasons_text(u, lang) or None,
            _note_366(u, lang, seats, errors) or None,
        ], grade.value if grade else None)
    _header_height(ws, hr, _SUMMARY_COLS_366, lang)
    ws.table(hr, len(_SUMMARY_COLS_366), r, freeze_col=4)
    _summary_end(ws, ev, r, lang)
    return ws


def _officials_sheet(ev: Evaluation, lang: str) -> direct.Sheet:
    """``Cán bộ``: one row per official, ranked within their own peer group, coloured by
    grade like the summary."""
    hr = SUMMARY_HEADER_ROW
    ws = _table_sheet(label("rep.sheet.officials", lang), _OFFICIAL_COLS, lang, hr)
    _title_block(ws, ev, lang, label("rep.officials.title", lang, when=period_heading(ev.plan, lang)))
    seats, errors = seats_by_group(ev, ev.officials), error_counts(ev)
    keys = [k for k, _ in _OFFICIAL_COLS]
    r = hr
    for r, o in enumerate(ev.officials, start=hr + 1):
        grade, before_quota, rank = _graded(o)
        _grown_row(ws, r, keys, [
            (rank, xlsx.FMT_INT),
            o.official.code,
            o.official.name,
            o.official.position or None,
            o.unit.code,
            o.unit.name,
            o.official.group,
            _points(o, o.general_points),
            _points(o, o.task_points),
            _points(o, o.score),
            grade.value if grade else None,
            before_quota.value if before_quota else None,
            label(f"status.{o.status.value}", lang),
            reasons_text(o, lang) or None,
            _note_366(o, lang, seats, errors) or None,
        ], grade.value if grade else None)
    _header_height(ws, hr, _OFFICIAL_COLS, lang)
    ws.table(hr, len(_OFFICIAL_COLS), r, freeze_col=4)
    return ws


def _binary_word(value: Decimal, lang: str) -> str:
    return label("done" if value >= 1 else "not_done", lang)


def _appraisal_sheet(ev: Evaluation, lang: str) -> direct.Sheet:
    """``Thẩm định``: (1) every verified result beside the reported one, with its ground;
    (2) every entity's self-assessed and appraised totals and grades, the rows that need a
    second look (:func:`appraisal_flags`) highlighted."""
    plan = ev.plan
    ws = direct.Sheet(label("rep.sheet.appraisal", lang))
    ws.widths = [max(a, b) for (_, a), (_, b) in
                 zip(_VERIFIED_COLS + (("", 0),) * 3, _GAP_COLS, strict=True)]
    _title_block(ws, ev, lang, label("rep.appraisal.title", lang, when=period_heading(plan, lang)))

    r = 6
    ws.put(r, 1, label("rep.appraisal.results", lang), kind="section")
    r += 1
    _header(ws, r, [k for k, _ in _VERIFIED_COLS], lang)
    _header_height(ws, r, _VERIFIED_COLS, lang)
    first = r
    for u in ev.units:
        for res in u.indicators if _counted(u) else ():
            if res.verified is None:
                continue
            ind = plan.indicator(res.indicator)
            reported = res.actual if res.reported is None else res.reported
            r += 1
            if ind is not None and ind.direction is Direction.BINARY:
                shown = [_binary_word(reported, lang), _binary_word(res.verified, lang), None]
            else:
                diff = res.verified - reported
                shown = [(reported, _num_format(reported)),
                         (res.verified, _num_format(res.verified)), (diff, _num_format(diff))]
            _grown_row(ws, r, [k for k, _ in _VERIFIED_COLS],
                       [u.unit.code, u.unit.name, res.indicator, ind.name if ind else None,
                        *shown, res.ground or None], "plain")
    if r == first:
        r += 1
        ws.put(r, 1, label("rep.appraisal.no_results", lang), kind="italic")

    r += 2
    section = r
    ws.put(r, 1, label("rep.appraisal.entities", lang), kind="section")
    r += 1
    ws.put(r, 1, label("rep.appraisal.rule", lang, limit=format_number(GAP_FLAG, lang)),
           kind="italic")
    r += 1
    hr = r
    _header(ws, hr, [k for k, _ in _GAP_COLS], lang)
    _header_height(ws, hr, _GAP_COLS, lang)
    officials: dict[str, list[OfficialEvaluation]] = {}
    for o in ev.officials:
        officials.setdefault(o.unit.code, []).append(o)
    for u in ev.units:
        for e in (u, *officials.get(u.unit.code, ())):
            if not _counted(e):
                continue
            r += 1
            person = isinstance(e, OfficialEvaluation)
            flags = appraisal_flags(e, lang)
            gap = None if e.score is None or e.self_score is None else e.score - e.self_score
            _grown_row(ws, r, [k for k, _ in _GAP_COLS], [
                e.code,
                e.official.name if person else e.unit.name,
                label("rep.kind.individual" if person else "rep.kind.collective", lang),
                ", ".join(x for x in (e.official.position, e.unit.name) if x) if person else None,
                (e.self_score, xlsx.FMT_SCORE),
                (e.score, xlsx.FMT_SCORE),
                (gap, xlsx.FMT_SCORE),
                "; ".join(flags) or None,
                _grade_word(e.self_grade, Status.NOT_GRADED, lang),
                _grade_word(_appraised_grade(e), e.status, lang),
                _grade_word(_graded(e)[0], e.status, lang),
            ], "flag" if flags else "plain")
    ws.auto_filter = f"A{hr}:{xlsx.col_letter(len(_GAP_COLS) - 1)}{max(r, hr)}"
    # A sheet repeats one header; a printer repeats it only on the pages after the row, so the
    # second table's (one row per entity: the long one) heads each page it continues on
    ws.print_setup(landscape=True, title_rows=f"{hr}:{hr}")
    ws.print_cols = "A:B"  # both tables' code and name, on each page of a wide print
    ws.keep_together(_report_styles(), [(section, hr + 1)])  # its heading with its first row
    return ws


_TO_DATE_COLS = (
    ("col.unit_code", 14), ("col.unit_name", 26), ("col.indicator_code", 11),
    ("col.indicator_name", 40), ("col.measure", 10), ("todate.col.to_date", 12),
    ("col.annual_target", 12), ("todate.col.share", 11), ("todate.col.elapsed", 11),
    ("todate.col.pace", 22), ("todate.col.rounds", 8),
)
_PACE_FILL = {"behind": "HTNV", "at_risk": "KHTNV"}  # the grade colours; on track: none


def _to_date_sheet(ev: Evaluation, lang: str) -> direct.Sheet:
    """``Lũy kế``: each unit's results to date against its annual targets. Shown beside the
    quarter's grade, never in it."""
    hr = _top(ev)
    ws = _table_sheet(label("sheet.to_date", lang), _TO_DATE_COLS, lang, hr)
    _mark(ws, ev, lang)
    units = {u.code: u for u in ev.plan.units}
    keys = [k for k, _ in _TO_DATE_COLS]
    r = hr
    for r, d in enumerate(ev.to_date, start=hr + 1):
        ind = ev.plan.indicator(d.indicator)
        _grown_row(ws, r, keys, [
            d.unit, units[d.unit].name, d.indicator, ind.name, ind.measure or None,
            (d.to_date, _num_format(d.to_date)), (d.annual, _num_format(d.annual)),
            (d.share, xlsx.FMT_PCT), (d.elapsed, "0%"), label(f"pace.{d.pace}", lang),
            (d.rounds, xlsx.FMT_INT),
        ], _PACE_FILL.get(d.pace, "plain"))
    _header_height(ws, hr, _TO_DATE_COLS, lang)
    ws.table(hr, len(_TO_DATE_COLS), r, freeze_col=4)  # unit and indicator on every page
    return ws


def _totals_sheet(ev: Evaluation, lang: str) -> direct.Sheet:
    hr = _top(ev)
    ws = _table_sheet(label("sheet.totals", lang), _TOTALS_COLS, lang, hr)
    _mark(ws, ev, lang)
    keys = [k for k, _ in _TOTALS_COLS]
    r = hr
    for r, t in enumerate(ev.totals, start=hr + 1):
        ind = ev.plan.indicator(t.indicator)
        sums = t.additive
        _grown_row(ws, r, keys, [
            t.indicator,
            ind.task_group if ind else None,
            ind.name if ind else None,
            ind.measure if ind else None,
            direction_word(ind.direction, lang) if ind else None,
            label("yes" if t.additive else "no", lang),
            (t.units_assigned, xlsx.FMT_INT),
            (t.units_scored, xlsx.FMT_INT),
            (t.units_achieved, xlsx.FMT_INT),
            (t.units_exceeded, xlsx.FMT_INT),
            (t.target if sums else None, _num_format(t.target)),
            (t.actual if sums else None, _num_format(t.actual)),
            (t.ratio if sums else None, xlsx.FMT_PCT),
            None if sums else label("rep.totals.not_summed", lang),  # why no total
        ], "plain")
    ws.table(hr, len(_TOTALS_COLS), r, freeze_col=2)
    return ws


def _data_sheet(ev: Evaluation, lang: str) -> direct.Sheet:
    """One row per scored unit and indicator, streamed (66,000+ rows at national scale)."""
    hr = _top(ev)
    ws = _table_sheet(label("sheet.data", lang), _DATA_COLS, lang, hr)
    _mark(ws, ev, lang)
    rows = sum(len(u.indicators) for u in ev.units if _counted(u))
    ws.stream_xml(hr + 1, functools.partial(_data_rows, ev, lang))
    ws.table(hr, len(_DATA_COLS), rows + hr, freeze_col=3)
    return ws


def data_results(ev: Evaluation) -> Iterator[tuple[UnitEvaluation, IndicatorResult]]:
    """The rows of *Dữ liệu* (and of :meth:`Evaluation.to_frame`): each unit with a score
    (scored, or after an appraisal scored but not graded), with each of its results."""
    for u in ev.units:
        if _counted(u):
            for res in u.indicators:
                yield u, res


def _data_rows(ev: Evaluation, lang: str, xf: Callable[..., int]) -> Iterator[str]:
    """The rows of *Dữ liệu* as XML (:meth:`direct.Sheet.stream_xml`), one string per row:
    a unit's cells and an indicator's are made once, and only the numbers per row."""
    cell, number = direct.cell_xml, direct.number_xml
    plain, score, pct = xf(None, None), xf(None, xlsx.FMT_SCORE), xf(None, xlsx.FMT_PCT)
    whole, part = xf(None, xlsx.FMT_INT), xf(None, xlsx.FMT_NUM)
    numeric = {xlsx.FMT_INT: whole, xlsx.FMT_NUM: part}  # by _num_format
    indicators = {}
    for ind in ev.plan.indicators:
        cap_format = "0%" if (ind.cap * 100) % 1 == 0 else xlsx.FMT_PCT
        indicators[ind.code] = "".join((
            cell(4, ind.code), cell(5, ind.task_group), cell(6, ind.name), cell(7, ind.measure),
            cell(8, direction_word(ind.direction, lang)),
            cell(9, ind.weight, part if ind.weight % 1 else whole),
            cell(10, ind.cap, xf(None, cap_format))))
    flags = [(cell(col, 0, plain), cell(col, 1, plain)) for col in (15, 16, 17)]
    (not_achieved, achieved), (not_exceeded, exceeded), (not_capped, capped) = flags
    explain_ = Explainer(ev.plan, lang)
    current, unit = None, ""
    for u, res in data_results(ev):
        if u is not current:
            current = u
            unit = cell(1, u.unit.code) + cell(2, u.unit.name) + cell(3, u.unit.group)
        yield (f"{unit}{indicators[res.indicator]}"
               f"{number(11, res.target, numeric[_num_format(res.target)])}"
               f"{number(12, res.actual, numeric[_num_format(res.actual)])}"
               f"{number(13, res.ratio, pct)}{number(14, res.points, score)}"
               f"{achieved if res.achieved else not_achieved}"
               f"{exceeded if res.exceeded else not_exceeded}"
               f"{capped if res.capped else not_capped}"
               f"{cell(18, res.note, plain)}{cell(19, explain_(res), plain)}")


def _problems_sheet(ev: Evaluation, lang: str) -> direct.Sheet:
    hr = _top(ev)
    ws = _table_sheet(label("sheet.problems", lang), _PROBLEM_COLS, lang, hr)
    _mark(ws, ev, lang)
    r = hr
    keys = [k for k, _ in _PROBLEM_COLS]
    for r, p in enumerate(ev.problems, start=hr + 1):
        _grown_row(ws, r, keys, [
            p.code, label(f"severity.{p.severity.value}", lang), p.file or None,
            p.sheet or None, p.cell or None, p.unit or None, p.indicator or None,
            p.message(lang), p.hint(lang),
        ], "plain")
    if not ev.problems:  # said, not left as a bare header
        ws.put(hr + 1, 1, label("rep.problems.none", lang), kind="italic")
    ws.table(hr, len(_PROBLEM_COLS), r)
    return ws


def _sources_sheet(ev: Evaluation, lang: str) -> direct.Sheet:
    """A key–value block (version, plan facts, fingerprint), then one row per source file."""
    plan = ev.plan
    plan_src = next((s for s in ev.sources if s.kind == "plan"), None)
    block = [
        ("source.version", ev.dgsp_version),
        ("source.generated", label("source.note", lang)),
        ("info.title", plan.title),
        ("info.year", plan.year),
        ("info.issued_by", plan.issued_by),
        ("info.max_points", plan.max_points),
        *([("rep.info.general_points", plan.general_points)] if ev.under_366 else []),
        ("info.quota", plan.excellent_quota),
        ("source.plan", plan_src.file if plan_src else ""),
        ("col.sha256", plan_src.sha256 if plan_src else ""),
        ("source.fingerprint", plan.fingerprint()),
    ]
    top = _top(ev) - 1  # rows above the block: the appraisal marker and a blank row
    hr = len(block) + 2 + top
    ws = _table_sheet(label("sheet.sources", lang), _SOURCE_COLS, lang, hr)
    _mark(ws, ev, lang)
    for r, (key, value) in enumerate(block, start=1 + top):
        ws.put(r, 1, label(key, lang), kind="bold")
        fmt = xlsx.FMT_PCT if key == "info.quota" else None
        if value is not None and value != "":  # numbers too on the left, beside their label
            ws.put(r, 2, value, fmt, kind="left")
    keys = [k for k, _ in _SOURCE_COLS]
    r = hr
    for r, s in enumerate(ev.sources, start=hr + 1):
        status = s.status
        if f"status.{status}" in LABELS:  # scored, rejected, missing, duplicate
            status = label(f"status.{status}", lang)
        kind = f"source.{s.kind}"
        _grown_row(ws, r, keys, [label(kind if kind in LABELS else f"rep.{kind}", lang), s.file,
                                 s.sha256, s.unit or None, status or None], "plain")
    ws.table(hr, len(_SOURCE_COLS), r)
    return ws


# ----------------------------------------------------------------------------- embedded JSON


def embed_json(data: dict) -> direct.Sheet:
    """``data`` as JSON text in a very hidden sheet, for :func:`dgsp.reports.read_report`.

    Row 1 is the key row: ``schema`` | the schema | ``chunks`` | their number |
    ``sha256`` | the digest of the JSON text. The text follows in column A from
    A2, at most :data:`CHUNK_CHARS` characters a cell. It is compact ASCII JSON
    (``\\uXXXX`` escapes), so no cell holds anything that writing or reading
    could change: no control character, nothing to normalise, and no chunk
    starts or ends with a space (a cell's text is trimmed).
    """
    import hashlib

    pieces, spaced = ascii_pieces(data), False
    while True:  # first the digest and the count; the chunks are made again as they are written
        digest, count = hashlib.sha256(), 0
        try:
            for chunk in _chunks(pieces(), CHUNK_CHARS, spaced):
                digest.update(chunk)
                count += 1
            break
        except _NoCut:  # a run of spaces longer than a chunk: spaces occur only in strings
            spaced = True
    ws = direct.Sheet(DATA_SHEET, state="veryHidden")
    for c, value in enumerate(("schema", data.get("schema", ""), "chunks", count,
                               "sha256", digest.hexdigest()), start=1):
        ws.put(1, c, value)
    ws.stream(2, ([chunk.decode("ascii")] for chunk in _chunks(pieces(), CHUNK_CHARS, spaced)))
    return ws


class _NoCut(Exception):
    """A run of spaces longer than a chunk: no cut leaves both sides without one."""


def _chunks(pieces: Iterable[bytes], size: int, spaced: bool = False) -> Iterator[bytes]:
    """ASCII text, given in pieces, cut into chunks of at most ``size`` characters, none
    starting or ending with a space (the last possible cut before ``size``); ``spaced``: its
    spaces written ``\\u0020``. Raises :class:`_NoCut` when that is impossible."""
    buf, start = b"", 0
    for piece in itertools.chain(pieces, (None,)):  # None: the end of the text
        if piece is not None:
            buf, start = buf[start:] + (piece.replace(b" ", b"\\u0020") if spaced else piece), 0
        # a cut is decided once the character after it is known (or the text has ended)
        while len(buf) - start > size or (piece is None and start < len(buf)):
            end = min(start + size, len(buf))
            while end < len(buf) and end > start and (buf[end - 1] == 32 or buf[end] == 32):
                end -= 1
            if end == start:
                raise _NoCut
            yield buf[start:end]
            start = end


# ----------------------------------------------------------------------------- evaluation sheets

def write_unit_sheets(ev: Evaluation, out_dir: Path, lang: str = "vi",
                      workers: int | None = None,
                      progress: Progress | None = None) -> list[Path]:
    """One printable evaluation sheet (phiếu đánh giá) per unit, named ``<unit code>.xlsx``,
    and, for a Quy định 366 evaluation, one per official, named ``<official code>.xlsx``.

    Every unit gets one; a missing or rejected unit's sheet says so instead of a score.
    Returns the paths written, in ``ev.units`` order, then ``ev.officials`` order. Sheets are
    written by :func:`dgsp.parallel.run` (``workers``: None chooses); the files are the same
    whatever the number of workers.
    """
    from dgsp import parallel

    return parallel.run(parallel.call, unit_sheet_tasks(ev, out_dir, lang), workers=workers,
                        progress=progress)


def unit_sheet_tasks(ev: Evaluation, out_dir: Path, lang: str = "vi") \
        -> list[Callable[[], Path]]:
    """:func:`write_unit_sheets` as one task per unit (each writes its sheet, returns its path),
    for a caller that runs them alongside other work. Creates ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = _SheetContext(ev, lang)
    tasks: list[Callable[[], Path]] = []
    taken: set[str] = set()
    for i, u in enumerate(ctx.entities):
        stem = safe_filename(u.code)
        base, n = stem, 2
        while stem.casefold() in taken:  # case-insensitive file systems
            stem, n = f"{base}-{n}", n + 1
        taken.add(stem.casefold())
        tasks.append(functools.partial(_write_unit_sheet, ctx, i, out_dir / f"{stem}.xlsx"))
    return tasks


class _SheetContext:
    """What every evaluation sheet of a run shares (computed once, inherited by workers)."""

    def __init__(self, ev: Evaluation, lang: str) -> None:
        self.ev, self.lang = ev, lang
        self.seats, self.errors, self.sizes = seats_by_group(ev), error_counts(ev), \
            _group_sizes(ev.units)
        self.title = xlsx.sheet_title(label("sheet.evaluation", lang))
        self.entities: tuple[UnitEvaluation, ...] = (*ev.units, *ev.officials)
        self.official_seats = seats_by_group(ev, ev.officials) if ev.officials else {}
        self.official_sizes = _group_sizes(ev.officials)

    def note(self, u: UnitEvaluation) -> str:
        """The Ghi chú of a phiếu (the quota lowering is among the reasons above it)."""
        if isinstance(u, OfficialEvaluation):
            return _note_366(u, self.lang, self.official_seats, self.errors)
        return _note_366(u, self.lang, self.seats, self.errors)

    def group_size(self, u: UnitEvaluation) -> int:
        sizes = self.official_sizes if isinstance(u, OfficialEvaluation) else self.sizes
        return sizes.get(u.group, 0)


def _write_unit_sheet(ctx: _SheetContext, i: int, path: Path) -> Path:
    u = ctx.entities[i]
    sheet = direct.Sheet(ctx.title)
    _entity_sheet(sheet, ctx.ev, u, ctx.lang, ctx.note(u), ctx.group_size(u))
    direct.write_workbook(path, [sheet], _sheet_styles(), OUTPUT_PROPS["sheet"])
    return path


@functools.cache
def _sheet_styles() -> direct.Styles:
    """The evaluation sheet's named styles, one table per process (see :class:`direct.Styles`)."""
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin", color="808080")
    bold, box = Font(bold=True), Border(top=thin, bottom=thin, left=thin, right=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    styles = direct.Styles(font=xlsx.DOCUMENT_FONT)
    styles.define("bold", font=bold, alignment=centre)
    styles.define("title", font=Font(bold=True, size=13), alignment=centre)
    styles.define("italic", font=Font(italic=True), alignment=centre)
    styles.define("field", font=bold)
    value = Alignment(horizontal="left", vertical="top", wrap_text=True)
    styles.define("value", alignment=value)
    styles.define("value.bold", alignment=value, font=bold)
    styles.define("header", **xlsx.header_styles(xlsx.HEADER_FILL))
    styles.define("table", border=box)
    styles.define("table.wrap", border=box, alignment=Alignment(wrap_text=True, vertical="top"))
    styles.define("table.centre", border=box,
                  alignment=Alignment(horizontal="center", vertical="top"))
    styles.define("total", border=box, font=bold)
    styles.define("total.centre", border=box, font=bold,
                  alignment=Alignment(horizontal="center", vertical="top"))
    heading_styles(styles)
    # the phiếu of a Quy định 366 evaluation
    left = Alignment(horizontal="left", vertical="top", wrap_text=True)
    styles.define("section", font=Font(bold=True, size=12), alignment=left)
    styles.define("formula", font=Font(italic=True), alignment=left)
    styles.define("value.num", alignment=Alignment(horizontal="left", vertical="top"))
    styles.define("value.num.bold", font=bold,
                  alignment=Alignment(horizontal="left", vertical="top"))
    styles.define("field.top", font=bold, alignment=left)
    for done, colour in MARKER_COLOURS.items():
        styles.define(("marker", done), font=Font(bold=True, italic=True, color=colour),
                      alignment=centre)
    middle = {"": Alignment(vertical="center"),
              ".centre": Alignment(horizontal="center", vertical="center"),
              ".wrap": Alignment(vertical="center", wrap_text=True)}
    for suffix, alignment in middle.items():  # boxed cells, centred vertically in tall rows
        styles.define(f"p.table{suffix}", border=box, alignment=alignment)
        styles.define(f"p.total{suffix}", border=box, font=bold, alignment=alignment)
    return styles


SIGNATURE_ROWS = 5  # the rows of signature_block after its first: titles, hint, room, name


def signature_block(ws: direct.Sheet, line: Callable[..., None], r: int, hr: int, lang: str,
                    signers: Sequence[tuple[tuple[Any, Any], str]],
                    document: Document | None = None) -> None:
    """The foot of every phiếu: the date line over the last signer, then each signer's title
    and "(Ký, ghi rõ họ tên)" over its columns (``line(r, text, kind, first=, end=)``
    writes one merged line); then A4 portrait, the header row ``hr`` repeated. With the plan's
    ``document``, the last signer is the plan's: its authority (T/M BAN THƯỜNG VỤ), title and
    name, under "<Địa danh>, ngày … tháng … năm …" unless the official heading above
    (:func:`official_header`) already dates the document."""
    last_first, last_end = signers[-1][0]
    if document is None or document.style is DocStyle.NONE:
        line(r, date_line(document, lang), "italic", first=last_first, end=last_end)
    r += 1
    signed = document is not None and (document.authority or document.signer_title)
    for i, ((first, end), key) in enumerate(signers):
        if signed and i == len(signers) - 1:
            words = [w for w in (document.authority, document.signer_title) if w]
            line(r, "\n".join(words), "bold", first=first, end=end)
        else:
            line(r, label(key, lang), "bold", first=first, end=end)
        line(r + 1, label("sign.hint", lang), "italic", first=first, end=end)
    ws.heights[r] = 30 if not signed else max(30, 15 * len(words))
    if document is not None and document.signer:
        line(r + 5, document.signer, "bold", first=last_first, end=last_end)
    ws.print_setup(landscape=False, title_rows=f"{hr}:{hr}", centred=True)


def date_line(document: Document | None, lang: str) -> str:
    """"……, ngày … tháng … năm …", with the plan's place (Địa danh) where it gives one."""
    if document is not None and document.place:
        return label("sign.date_at", lang, place=document.place)
    return label("sign.date", lang)


def heading_styles(styles: direct.Styles) -> None:
    """The styles of :func:`official_header` (Hướng dẫn 36-HD/VPTW, Nghị định 30/2020/NĐ-CP)."""
    from openpyxl.styles import Alignment, Font

    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    styles.define("doc.left", alignment=centre)
    styles.define("doc.left.bold", font=Font(bold=True), alignment=centre)
    styles.define("doc.right.bold", font=Font(bold=True), alignment=centre)
    styles.define("doc.right.underline", font=Font(bold=True, underline="single"),
                  alignment=centre)
    styles.define("doc.right.italic", font=Font(italic=True), alignment=centre)


class Headed(Protocol):
    """What a document's heading is made of: a plan, or the year built from its rounds."""

    @property
    def document(self) -> Document: ...

    @property
    def issued_by(self) -> str: ...


def _header_lines(plan: Headed, lang: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The three lines of each side of a document's heading, as the plan's style has it, with
    their style: the parent and issuing bodies on the left; on the right the Party's name, or
    the state's name and motto, and the date line."""
    doc = plan.document
    left = [(doc.parent_body.upper(), "doc.left"), (plan.issued_by.upper(), "doc.left.bold"),
            ("*" if doc.style is DocStyle.PARTY else "", "doc.left")]
    if doc.style is DocStyle.PARTY:
        right = [(label("doc.party", lang), "doc.right.underline"),
                 (date_line(doc, lang), "doc.right.italic"), ("", "doc.right.italic")]
    else:
        right = [(label("doc.state", lang), "doc.right.bold"),
                 (label("doc.motto", lang), "doc.right.underline"),
                 (date_line(doc, lang), "doc.right.italic")]
    return left, right


_HEADER_CODES = {"bold": "&B", "underline": "&U", "italic": "&I"}  # Excel's header toggles




def page_header(plan: Headed, lang: str) -> str:
    """The heading of :func:`official_header` as the printed page's header, in Excel's header
    codes: for a sheet whose rows are fixed (the summary), on its first page ("": none)."""
    if plan.document.style is DocStyle.NONE:
        return ""
    font = f'&"{xlsx.PAGE_TEXT_FONT}"&12'

    def side(lines: list[tuple[str, str]]) -> str:
        out = []
        for text, kind in lines:
            code = _HEADER_CODES.get(kind.rsplit(".", 1)[-1], "")
            out.append(f"{code}{text.replace('&', '&&')}{code}" if text else "")
        return font + "\n".join(out).rstrip("\n")

    left, right = _header_lines(plan, lang)
    return f"&L{side(left)}&R{side(right)}"


def page_texts(sheets: Sequence[direct.Sheet], title: str, lang: str) -> None:
    """Each printed page of these sheets titled (the document's title and the sheet's) and
    numbered ("Trang 2/5"), so that the pages of a wide table can be put back in order."""
    for ws in sheets:
        if ws.state == "visible":
            ws.header, ws.footer = xlsx.page_codes(f"{title} – {ws.title}",
                                                   label("print.page", lang))


def header_heights(plan: Headed, lang: str, left: float, right: float) -> dict[int, float]:
    """The heights of rows 1–3 of :func:`official_header` whose text wraps in its side's
    width (``left``, ``right``: characters), so that no line prints over the next."""
    if plan.document.style is DocStyle.NONE:
        return {}
    lines = zip(*_header_lines(plan, lang), strict=True)
    heights = {r: xlsx.row_height([(lt, left), (rt, right)])  # (capitals count wider)
               for r, ((lt, _), (rt, _)) in enumerate(lines, start=1)}
    return {r: h for r, h in heights.items() if h > xlsx.row_height([])}


def official_header(line: Callable[..., None], plan: Headed, lang: str, split: int,
                    last: int) -> int:
    """The heading of a document as the plan's style has it, in rows 1–3 (``line(r, text,
    kind, first=, end=)``; :func:`_header_lines`), the left side in columns 1 to ``split``.
    Returns the last row used (0: no style, nothing written)."""
    if plan.document.style is DocStyle.NONE:
        return 0
    left, right = _header_lines(plan, lang)
    for r, ((lt, lk), (rt, rk)) in enumerate(zip(left, right, strict=True), start=1):
        if lt:
            line(r, lt, lk, first=1, end=split)
        if rt:
            line(r, rt, rk, first=split + 1, end=last)
    return 3


def _phieu_cols(appraised: bool) -> tuple[tuple[str, float], ...]:
    """The column grid of a Quy định 366 phiếu: the task table's columns; the criteria table
    and the outcome block are laid on the same grid."""
    results = ((("rep.col.reported", 9), ("rep.col.verified", 9)) if appraised
               else (("col.actual", 10),))
    return (("col.no", 5), ("col.indicator_code", 9), ("col.indicator_name", 25),
            ("col.measure", 8), ("col.target", 9), *results, ("col.ratio", 8),
            ("col.weight", 7), ("col.points", 9), ("col.is_achieved", 5), ("col.is_exceeded", 6),
            ("rep.col.remarks" if appraised else "rep.col.remarks_plain", 18))


_ROMAN = ("I", "II", "III", "IV")


def _remarks(target: Target, ind: Indicator, res: IndicatorResult | None, lang: str) -> str:
    """The schedule and the appraisal of one task, in words, one line each."""
    lines = []
    if target.due is not None:
        due = label("rep.remark.due", lang, due=target.due.strftime("%d/%m/%Y"))
        if res is not None and res.completed is not None:
            due += "; " + label("rep.remark.completed", lang,
                                date=res.completed.strftime("%d/%m/%Y"))
        lines.append(due)
    if res is not None and res.late:
        late = label("rep.remark.late", lang)
        if ind.late_deduction:
            late += ": " + label("rep.remark.deduction", lang,
                                 share=_pct(ind.late_deduction, lang, None))
        lines.append(late)
    if res is not None and res.verified is not None and res.ground:
        lines.append(label("rep.remark.ground", lang, ground=res.ground))
    return "\n".join(lines)


def _entity_sheet(ws: direct.Sheet, ev: Evaluation, u: UnitEvaluation, lang: str, note: str,
                  group_size: int) -> None:
    """The phiếu of one collective or official under Quy định 366: who, the general criteria
    (max, self-assessed, appraised, used), the task results (reported, verified with its
    ground, due and completion dates), the total, the grade and its reasons in words, so that
    the grade can be followed from the phiếu alone; then the signature block."""
    plan = ev.plan
    person = isinstance(u, OfficialEvaluation)
    cols = _phieu_cols(ev.appraised)
    n = len(cols)
    last = xlsx.col_letter(n - 1)
    ws.widths = [w for _, w in cols]
    col = {key: c for c, (key, _) in enumerate(cols, start=1)}
    c_target, c_ratio, c_weight = col["col.target"], col["col.ratio"], col["col.weight"]
    c_points, c_ach, c_remarks = col["col.points"], col["col.is_achieved"], n
    width = dict(enumerate((w for _, w in cols), start=1))

    def letter(c: int) -> str:
        return xlsx.col_letter(c - 1)

    def span(first: int, end: int) -> float:
        return sum(width[c] for c in range(first, end + 1))

    def line(r: int, text: str, kind: Any, first: int = 1, end: int = n) -> None:
        ws.put(r, first, text, kind=kind)
        ws.merge(f"{letter(first)}{r}:{letter(end)}{r}")

    def boxed(r: int, cells: Mapping[int, Any], merges: Sequence[tuple[int, int]] = (),
              prefix: str = "p.table", wrap: Sequence[int] = (),
              centre: Sequence[int] = ()) -> None:
        for c in range(1, n + 1):
            value, fmt = (cells.get(c) if isinstance(cells.get(c), tuple)
                          else (cells.get(c), None))
            kind = (f"{prefix}.centre" if c in centre
                    else f"{prefix}.wrap" if c in wrap else prefix)
            ws.put(r, c, value, fmt, kind=kind)
        for first, end in merges:
            ws.merge(f"{letter(first)}{r}:{letter(end)}{r}")

    def header(r: int, cells: Mapping[int, str], merges: Sequence[tuple[int, int]] = ()) -> None:
        for c in range(1, n + 1):
            ws.put(r, c, label(cells[c], lang) if c in cells else None, kind="header")
        for first, end in merges:
            ws.merge(f"{letter(first)}{r}:{letter(end)}{r}")
        spans = {first: end for first, end in merges}
        ws.heights[r] = xlsx.row_height(
            [(label(key, lang), span(c, spans.get(c, c)) - 1) for c, key in cells.items()])

    def field(r: int, key: str, value: Any, fmt: str | None = None, bold: bool = False,
              after: str = "") -> None:
        """``label:`` in A:C, then a number in D with words after it, or words in D:last."""
        ws.put(r, 1, label(key, lang) + ":", kind="field.top")
        ws.merge(f"A{r}:C{r}")
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            ws.put(r, 4, value, fmt, kind="value.num.bold" if bold else "value.num")
            if after:
                ws.put(r, 5, after, kind="value.bold" if bold else "value")
                ws.merge(f"E{r}:{last}{r}")
        else:
            ws.put(r, 4, value, fmt, kind="value.bold" if bold else "value")
            ws.merge(f"D{r}:{last}{r}")
            ws.heights[r] = xlsx.row_height([(str(value or ""), span(4, n))])

    def num(d: Decimal, places: int | None = 2) -> str:
        return format_number(d, lang, places)

    # heading: the plan's official header, or its issuing body
    top = official_header(line, plan, lang, 5, n)
    if not top and plan.issued_by:
        line(1, plan.issued_by, "bold", end=5)
        ws.heights[1] = TITLE_HEIGHTS[1]
    t = top + 2 if top else 3
    title = ("rep.phieu.title.official" if person else "rep.phieu.title.collective"
             if ev.under_366 else "phieu.title")  # before 366: the heads judged by results
    line(t, label(title, lang, when=period_heading(plan, lang)), "title")
    ws.heights[t] = 36
    if plan.title:
        line(t + 1, plan.title, "italic")
    marker = appraisal_marker(ev, lang)
    if marker:
        line(t + 2, marker, ("marker", ev.appraised))
    r = t + 4
    if person:
        who = [("rep.col.full_name", u.official.name), ("rep.col.official_code", u.official.code),
               ("rep.col.position", u.official.position),
               ("rep.phieu.unit", f"{u.unit.name} ({u.unit.code})")]
    else:
        who = [("tpl.unit", u.unit.name), ("col.unit_code", u.unit.code)]
        if u.unit.heads:
            who.append(("tpl.heads", "; ".join(u.unit.heads)))
    for key, value in (*who, ("col.group", u.group), ("tpl.year", plan.year)):
        field(r, key, value)  # the labels in A:C, as below: "Người đứng đầu:" whole
        r += 1

    counted = _counted(u)
    section = 0
    criteria = plan.criteria_for(person)
    c_self = col.get("rep.col.reported", col.get("col.actual"))
    c_appr = col.get("rep.col.verified")
    first_scoring = (c_appr or c_self) + 1

    # I. general criteria
    if criteria:
        r += 1
        line(r, label("rep.phieu.criteria", lang, n=_ROMAN[section],
                      max=num(plan.general_points, None)), "section")
        section += 1
        r += 1
        head = {1: "col.no", 2: "rep.col.criterion_code", 3: "rep.col.criterion_name",
                c_target: "rep.col.max_points", c_self: "rep.col.self",
                first_scoring: "rep.col.scoring", c_points: "rep.col.points_used",
                c_ach: "rep.col.criterion_note"}
        if c_appr:
            head[c_appr] = "rep.col.appraised"
        merges = [(3, c_target - 1), (first_scoring, c_points - 1), (c_ach, n)]
        header(r, head, merges)
        results = {cr.criterion: cr for cr in u.criteria}
        group = ""
        for i, c in enumerate(criteria, start=1):
            if c.group and c.group != group:  # the plan's group of criteria, as a heading row
                group = c.group
                r += 1
                boxed(r, {1: group}, [(1, n)], prefix="p.total", wrap=(1,))
                ws.heights[r] = xlsx.row_height([(group, span(1, n))])
            r += 1
            cr = results.get(c.code)
            cells: dict[int, Any] = {  # every score as 0.00, like the block's total
                1: i, 2: c.code, 3: c.name, c_target: (c.max_points, xlsx.FMT_SCORE),
                first_scoring: label(f"rep.scoring.{c.scoring.value}", lang)}
            if cr is not None:
                cells[c_self] = (cr.self_score, xlsx.FMT_SCORE)
                if c_appr:
                    cells[c_appr] = (cr.appraised, xlsx.FMT_SCORE)
                cells[c_points] = (cr.points, xlsx.FMT_SCORE)
                notes = [label("rep.criterion.unscored", lang)
                         if cr.self_score is None and cr.appraised is None else "",
                         cr.note]  # the Board's note on its appraised score
                cells[c_ach] = "\n".join(x for x in notes if x) or None
            boxed(r, cells, merges, wrap=(3, c_ach), centre=(1, 2, first_scoring))
            ws.heights[r] = xlsx.row_height([(c.name, span(3, c_target - 1)),
                                             (str(cells.get(c_ach) or ""), span(c_ach, n))])
        r += 1
        most = sum((c.max_points for c in criteria), Decimal(0))
        total: dict[int, Any] = {1: label("rep.phieu.criteria_total", lang),
                                 c_target: (most, xlsx.FMT_SCORE)}
        if counted:  # a column's sum only when every criterion has a score in it
            own = [cr.self_score for cr in u.criteria]
            if own and None not in own:
                total[c_self] = (sum(own, Decimal(0)), xlsx.FMT_SCORE)
            appraised = [cr.appraised for cr in u.criteria]
            if c_appr and appraised and None not in appraised:
                total[c_appr] = (sum(appraised, Decimal(0)), xlsx.FMT_SCORE)
            total[c_points] = (u.general_points, xlsx.FMT_SCORE)
        boxed(r, total, [(1, c_target - 1), (first_scoring, c_points - 1), (c_ach, n)],
              prefix="p.total")

    # II. tasks
    r += 2
    line(r, label("rep.phieu.tasks", lang, n=_ROMAN[section], max=num(plan.task_points, None)),
         "section")
    section += 1
    tasks = r  # the heading, the header and the first task on one page
    r += 1
    hr = r
    header(r, {c: key for c, (key, _) in enumerate(cols, start=1)})
    found = {res.indicator: res for res in u.indicators} if counted else {}
    rows = plan.assignments(u.unit.code)
    for i, (ind, target) in enumerate(rows, start=1):
        r += 1
        res = found.get(ind.code)
        binary = ind.direction is Direction.BINARY
        reported = None if res is None else (res.actual if res.reported is None else res.reported)
        cells = {1: i, 2: ind.code, 3: ind.name, 4: ind.measure or None,
                 c_weight: (ind.weight, xlsx.FMT_NUM if ind.weight % 1 else xlsx.FMT_INT)}
        if binary:
            cells[c_target] = label("done", lang)
        else:
            cells[c_target] = (target.value, _num_format(target.value))
        if res is not None:
            cells[c_self] = (_binary_word(reported, lang) if binary
                             else (reported, _num_format(reported)))
            if c_appr and res.verified is not None:
                cells[c_appr] = (_binary_word(res.verified, lang) if binary
                                 else (res.verified, _num_format(res.verified)))
            cells[c_ratio] = (res.ratio, xlsx.FMT_PCT)
            cells[c_points] = (res.points, FMT_POINTS)
            cells[c_ach] = MARK if res.achieved else None
            cells[c_ach + 1] = MARK if res.exceeded else None
        remarks = _remarks(target, ind, res, lang)
        cells[c_remarks] = remarks or None
        boxed(r, cells, wrap=(3, 4, c_remarks), centre=(1, 2, c_ach, c_ach + 1))
        ws.heights[r] = xlsx.row_height([(ind.name, width[3]), (ind.measure, width[4]),
                                         (remarks, width[c_remarks])])
    r += 1
    weights = sum((ind.weight for ind, _ in rows), Decimal(0))
    total = {1: label("total", lang),
             c_weight: (weights, xlsx.FMT_NUM if any(ind.weight % 1 for ind, _ in rows)
                        else xlsx.FMT_INT)}
    points = sum((res.points for res in u.indicators), Decimal(0)) if counted else None
    if counted:
        total.update({c_points: (points, FMT_POINTS), c_ach: (u.achieved, xlsx.FMT_INT),
                      c_ach + 1: (u.exceeded, xlsx.FMT_INT)})
        if u.late:
            total[c_remarks] = label("rep.total.late", lang, count=u.late)
    boxed(r, total, [(1, c_weight - 1)], prefix="p.total", wrap=(c_remarks,),
          centre=(c_ach, c_ach + 1))
    if counted and weights:
        r += 1
        caps = sorted({ind.cap for ind, _ in rows if ind.cap > 1})
        formula = "rep.phieu.task_formula" if plan.general_points else "rep.phieu.score_formula"
        line(r, label(formula, lang, block=num(plan.task_points, None),
                      points=num(points.quantize(POINTS_SHOWN).normalize(), None),
                      weights=num(weights, None), result=num(u.task_points))
             + ("" if caps else " " + label("rep.phieu.at_most", lang,
                                             block=num(plan.task_points, None))), "formula")
        if caps:  # a share above 100% earns points up to its cap: the block can be exceeded
            r += 1
            line(r, label("rep.phieu.cap_note", lang, block=num(plan.task_points, None),
                          caps=", ".join(_pct(c, lang, None) for c in caps)), "formula")
            ws.heights[r] = xlsx.row_height([(label("rep.phieu.cap_note", lang), span(1, n))])

    # III. total and grade
    r += 2
    outcome = r  # from here to the signatures, on one page
    line(r, label("rep.phieu.outcome", lang, n=_ROMAN[section]), "section")
    r += 1
    if counted:
        if criteria:
            field(r, "rep.field.general", u.general_points, xlsx.FMT_SCORE,
                  after=label("rep.field.of", lang, max=num(plan.general_points, None)))
            r += 1
        if plan.general_points:  # else the task points are the score, said once below
            field(r, "rep.field.task", u.task_points, xlsx.FMT_SCORE,
                  after=label("rep.field.of", lang, max=num(plan.task_points, None)))
            r += 1
        field(r, "col.score", u.score, xlsx.FMT_SCORE, bold=True,
              after=label("rep.field.sum", lang, general=num(u.general_points),
                          task=num(u.task_points), max=num(plan.max_points, None))
              if criteria else label("rep.field.of", lang, max=num(plan.max_points, None)))
        field(r + 1, "col.achieved_of", f"{u.achieved}/{u.assigned}")
        field(r + 2, "col.exceeded", f"{u.exceeded}/{u.assigned}")
        behind = f"{u.behind}/{u.assigned}"
        if u.late:
            behind += "; " + label("rep.field.late", lang, count=u.late)
        field(r + 3, "rep.field.behind", behind)
        r += 4
        if ev.appraised and u.self_score is not None:
            field(r, "rep.field.self", u.self_score, xlsx.FMT_SCORE,
                  after=label("rep.field.self_grade", lang,
                              grade=_grade_word(u.self_grade, Status.NOT_GRADED, lang)))
            r += 1
        grade, _, rank = _graded(u)
        grade_text = (f"{grade.value} – {grade_name(grade, lang)}" if grade
                      else label(f"status.{u.status.value}", lang))
        field(r, "col.grade_code", grade_text, bold=True)
        r += 1
        reasons = reasons_text(u, lang, "\n")
        if reasons:
            field(r, "rep.field.reason", reasons)
            r += 1
        if rank is not None:
            field(r, "col.rank", label("phieu.rank", lang, rank=rank, count=group_size))
            r += 1
    else:
        field(r, "col.status", label(f"status.{u.status.value}", lang), bold=True)
        r += 1
    if note:
        field(r, "col.note", note)
        r += 1

    signature_block(ws, line, r + 1, hr, lang,
                    (((1, 3), "sign.preparer"), ((4, c_ratio), "sign.head"),
                     ((c_weight, n), "sign.approver")), plan.document)
    ws.keep_together(_sheet_styles(), [(tasks, hr + 1), (outcome, r + 1 + SIGNATURE_ROWS)])


# ----------------------------------------------------------------------------- JSON


OUTPUT_PROPS = {kind: direct.Props(custom={"dgsp_output": kind}) for kind in ("report", "sheet")}
"""The custom property that marks a workbook as a dgsp output, so that a returns folder
holding one is read without taking it for a unit's return (it is skipped, with DG220)."""


@functools.lru_cache(maxsize=SHARED_DECIMALS)
def _number(value: Decimal | int | None) -> int | float | None:
    """Integral → int, otherwise float (of one number, one object: the JSON of a national run
    holds a million of them, most alike, as :func:`dgsp.text.shared`)."""
    if value is None:
        return None
    d = Decimal(value)
    return int(d) if d == d.to_integral_value() else float(d)


@functools.lru_cache(maxsize=SHARED_DECIMALS)
def _fraction(value: Decimal | None) -> float | None:
    """Ratios and points: a float rounded to 6 places (one object per number, as
    :func:`_number`)."""
    return None if value is None else round(float(value), 6)


def plan_json(plan: Plan, file: str | None = None, sha256: str | None = None) -> dict:
    """The ``plan`` object of every JSON dgsp writes (score, check, status).

    It carries the indicators' definitions and the grade rules too, so that a
    score report can be compared with another (``dgsp compare``) on its own.
    A plan under Quy định 366 adds its general points, criteria, officials and settings.
    """
    data = _plan_json_1(plan, file, sha256)
    if plan.document.given:  # who heads and signs the documents: the year's phiếu, read back
        data["document"] = plan.document.model_dump(mode="json")
    if not plan.under_366:
        return data
    data.update({
        "general_points": _number(plan.general_points),
        "period": plan.period.value,
        "quota_base": plan.quota_base.value,
        "seat_rounding": plan.seat_rounding.value,
        "criteria": [{
            "code": c.code, "group": c.group, "name": c.name,
            "max_points": _number(c.max_points), "scoring": c.scoring.value,
            "collective": c.collective, "individual": c.individual,
        } for c in plan.criteria],
        "officials": [{
            "code": o.code, "name": o.name, "position": o.position, "unit": o.unit,
            "group": o.group,
        } for o in plan.officials],
    })
    for entry, ind in zip(data["indicators"], plan.indicators, strict=True):
        entry.update({"critical": ind.critical, "late_deduction": _number(ind.late_deduction)})
    for entry, rule in zip(data["grade_rules"], plan.grade_rules, strict=True):
        entry["max_behind_share"] = _number(rule.behind_limit)
    return data


def _plan_json_1(plan: Plan, file: str | None, sha256: str | None) -> dict:
    return {
        "title": plan.title,
        "year": plan.year,
        "fingerprint": plan.fingerprint(),
        "issued_by": plan.issued_by,
        "file": file,
        "sha256": sha256,
        "max_points": _number(plan.max_points),
        "excellent_quota": _number(plan.excellent_quota),
        "indicators": [{
            "code": i.code,
            "name": i.name,
            "task_group": i.task_group,
            "measure": i.measure,
            "direction": i.direction.value,
            "weight": _number(i.weight),
            "cap": _number(i.cap),
            "additive": i.additive,
        } for i in plan.indicators],
        "grade_rules": [{
            "grade": g.grade.value,
            "min_score": _number(g.min_score),
            "min_achieved_share": _number(g.min_achieved_share),
            "min_exceeded_share": _number(g.min_exceeded_share),
        } for g in plan.grade_rules],
    }


def problem_json(p: Problem, lang: str = "vi") -> dict:
    """One entry of the ``problems`` list of every JSON dgsp writes."""
    return {
        "code": p.code,
        "severity": p.severity.value,
        "file": p.file,
        "sheet": p.sheet,
        "cell": p.cell,
        "unit": p.unit,
        "indicator": p.indicator,
        "message": p.message(lang),
        "hint": p.hint(lang),
    }


def to_json(ev: Evaluation, lang: str = "vi") -> dict:
    """The machine-readable result: schema ``dgsp.score/1``, or ``dgsp.score/2`` for a plan
    under Quy định 366 or a run with an appraisal.

    ``/2`` keeps every field of ``/1`` and adds ``officials``, and per entity the general and
    task points, the reasons of the grade and whether it was appraised, and per indicator the
    reported, verified and ground. Contract keys are never renamed or dropped; extra keys
    (heads, note, …) may be added. ``lang`` chooses the language of notes, reasons, problem
    messages and hints only.
    """
    plan = ev.plan
    second = ev.under_366
    seats, errors = seats_by_group(ev), error_counts(ev)
    plan_src = next((s for s in ev.sources if s.kind == "plan"), None)
    # an official's results are their unit's: one dict for both (at national scale they
    # would be two thirds of the JSON's memory, written twice over)
    results: dict[int, dict] = {}
    data = {
        "schema": JSON_SCHEMA_2 if second else JSON_SCHEMA,
        "dgsp_version": ev.dgsp_version,
        "plan": plan_json(plan, plan_src.file if plan_src else None,
                          plan_src.sha256 if plan_src else None),
        "units": [_entity_json(ev, u, lang, seats, errors, second, results) for u in ev.units],
        "totals": [{
            "indicator": t.indicator,
            "target": _number(t.target) if t.additive else None,
            "actual": _number(t.actual) if t.additive else None,
            "ratio": _fraction(t.ratio) if t.additive else None,
            "units_achieved": t.units_achieved,
            "units_exceeded": t.units_exceeded,
            "additive": t.additive,
            "units_assigned": t.units_assigned,
            "units_scored": t.units_scored,
        } for t in ev.totals],
        "grade_counts": [{
            "kind": c.kind, "group": c.group, "total": c.total, "counts": dict(c.counts),
            "shares": {k: _fraction(c.share(k)) for k in c.counts},
        } for c in ev.grade_counts],
        "problems": [problem_json(p, lang) for p in ev.problems],
        "sources": [{
            "kind": s.kind, "file": s.file, "sha256": s.sha256, "unit": s.unit,
            "status": s.status,
        } for s in ev.sources],
    }
    if second:
        data["appraised"] = ev.appraised
        data["to_date"] = [{
            "unit": d.unit, "indicator": d.indicator, "to_date": _number(d.to_date),
            "annual": _number(d.annual), "share": _fraction(d.share),
            "elapsed": _fraction(d.elapsed), "pace": d.pace,
            "pace_text": label(f"pace.{d.pace}", lang), "rounds": d.rounds,
        } for d in ev.to_date]
        seats = seats_by_group(ev, ev.officials)  # the officials' quota is their own
        data["officials"] = [_entity_json(ev, o, lang, seats, errors, True, results)
                             for o in ev.officials]
    return data


def _entity_json(ev: Evaluation, u: UnitEvaluation, lang: str, seats: Mapping[str, int],
                 errors: Mapping[str, int], second: bool, results: dict[int, dict]) -> dict:
    """One entry of ``units`` (or, in ``/2``, of ``officials``); ``results``: each result's
    entry made so far, by the result's id (the evaluation holds them all meanwhile)."""
    scored = u.status is Status.SCORED
    counted = scored or u.status is Status.NOT_GRADED  # a score, but no grade or rank
    entry = {
        "code": u.code,
        "name": u.official.name if isinstance(u, OfficialEvaluation) else u.unit.name,
        "group": u.group,
        "heads": [] if isinstance(u, OfficialEvaluation) else list(u.unit.heads),
        "status": u.status.value,
        "score": round(float(u.score), 2) if counted and u.score is not None else None,
        "grade": u.grade.value if scored and u.grade else None,
        "grade_before_quota": (u.grade_before_quota.value
                               if scored and u.grade_before_quota else None),
        "rank": u.rank if scored else None,
        "lowered_by_quota": u.lowered_by_quota,
        "assigned": assigned_count(ev, u),
        "achieved": u.achieved if counted else None,
        "exceeded": u.exceeded if counted else None,
        "file": u.file or None,
        "note": unit_note(u, lang, seats, errors) or None,
        "indicators": [results.get(id(res)) or results.setdefault(id(res), _indicator_json(
                           res, second)) for res in (u.indicators if counted else ())],
        "reasons": [{"code": r.code, "text": reason_text(r.code, r.params, lang)}
                    for r in u.reasons],  # why the grade, in every schema
    }
    if second:
        if isinstance(u, OfficialEvaluation):
            entry.update({"official": u.official.code, "name": u.official.name,
                          "position": u.official.position, "unit": u.unit.code})
        entry.update({
            "general_points": _number(u.general_points) if counted else None,
            "task_points": _number(u.task_points) if counted else None,
            "late": u.late if counted else None,
            "behind": u.behind if counted else None,
            "appraised": u.appraised,
            "self_score": _number(u.self_score) if counted else None,
            "self_grade": u.self_grade.value if counted and u.self_grade else None,
            "grade_before_decision": (u.grade_before_decision.value
                                      if u.grade_before_decision else None),
            "decision_ground": u.decision_ground or None,
        })
    return entry


def _indicator_json(res: IndicatorResult, second: bool) -> dict:
    entry = {
        "code": res.indicator,
        "target": _number(res.target),
        "actual": _number(res.actual),
        "ratio": _fraction(res.ratio),
        "points": _fraction(res.points),
        "achieved": res.achieved,
        "exceeded": res.exceeded,
        "weight": _number(res.weight),
        "capped": res.capped,
        "note": res.note or None,
    }
    if second:
        entry["reported"] = _number(res.actual if res.reported is None else res.reported)
        if res.verified is not None:
            entry.update({"verified": _number(res.verified), "ground": res.ground})
        entry.update({"due": res.due.isoformat() if res.due else None,
                      "completed": res.completed.isoformat() if res.completed else None,
                      "late": res.late})
    return entry


# where orjson writes a float below 10⁻⁴ apart from the standard library: 1e-7 for its 1e-07,
# 0.00001 for its 1e-05 (Python never writes "0.0000…"; above 10⁻⁴ the two agree)
_ONE_DIGIT_EXPONENT = re.compile(rb"[0-9]e-[1-9](?![0-9])")


def _small_float(out: bytes) -> bool:
    """Whether orjson's ``out`` may hold a float the standard library writes otherwise (a text
    with "0.0000" in it counts too: the cost is only the slower encoder). Substring tests
    first: a regular expression over tens of megabytes takes longer than the encoding."""
    return b"0.0000" in out or (b"e-" in out and _ONE_DIGIT_EXPONENT.search(out) is not None)


def json_bytes(data: dict) -> bytes:
    """Every JSON file dgsp writes, as UTF-8 (not ``\\u``-escaped), indented by 2, without
    the trailing newline: byte for byte what ``json.dumps(data, ensure_ascii=False,
    indent=2)`` writes (:func:`json_pieces`, joined)."""
    return b"".join(json_pieces(data, indent=True))


_SLICE = 500  # items of a long list encoded at a time (json_pieces)


def json_pieces(data: dict, *, indent: bool, ascii: bool = False) -> Iterator[bytes]:
    """``data`` as JSON in pieces, never held whole (a national report's is 300 MB): byte for
    byte ``json.dumps(data, ensure_ascii=False, indent=2)`` (``indent``) or compact
    (``separators=(",", ":")``), as UTF-8.

    Each value of ``data`` is encoded by orjson (12× faster than the standard library), a
    long list :data:`_SLICE` items at a time, each piece re-indented to its depth (a string
    never holds a raw newline, so every newline of a piece starts one of its lines). Where
    orjson would write a piece otherwise than the standard library (a float below 10⁻⁴,
    :func:`_small_float`; an integer beyond 64 bits; a key that is no string), the standard
    library writes that piece, ``\\u``-escaped when ``ascii`` (a lone surrogate is not
    UTF-8): for :func:`ascii_pieces`, which escapes the rest."""
    option = orjson.OPT_INDENT_2 if indent else None

    def encoded(value: object) -> bytes:
        out = _by_orjson(value, option)
        if out is not None:
            return out
        text = json.dumps(value, ensure_ascii=ascii, indent=2 if indent else None,
                          separators=None if indent else (",", ":"))
        return text.encode("ascii" if ascii else "utf-8")

    if not data or any(type(k) is not str for k in data):
        yield encoded(data)
        return
    comma, colon = (b",\n  ", b": ") if indent else (b",", b":")
    yield b"{\n  " if indent else b"{"
    for n, (key, value) in enumerate(data.items()):
        yield (comma if n else b"") + encoded(key) + colon
        if type(value) is not list or len(value) <= _SLICE:
            yield encoded(value).replace(b"\n", b"\n  ") if indent else encoded(value)
            continue
        yield b"[\n" if indent else b"["
        for start in range(0, len(value), _SLICE):
            out = encoded(value[start:start + _SLICE])
            # its items, without the slice's brackets: "[a,b]", or "[\n  a,\n  b\n]" with
            # every line two spaces deeper (the list is at depth 1)
            items = b"  " + out[2:-2].replace(b"\n", b"\n  ") if indent else out[1:-1]
            yield (b"" if start == 0 else b",\n" if indent else b",") + items
        yield b"\n  ]" if indent else b"]"
    yield b"\n}" if indent else b"}"


def _by_orjson(data: object, option: int | None = None) -> bytes | None:
    """orjson's encoding of ``data``; None where the standard library would write it otherwise
    (:func:`json_pieces`)."""
    try:
        out = orjson.dumps(data, option=option)
    except (orjson.JSONEncodeError, TypeError):
        return None
    return None if _small_float(out) else out


def _json_escapes(exc: UnicodeEncodeError) -> tuple[str, int]:
    """The codec error handler ``dgsp-json-ascii``: a run of non-ASCII characters as JSON's
    ``\\uXXXX`` escapes (a pair of surrogates beyond U+FFFF), as the standard library's
    ``ensure_ascii`` writes them."""
    out = []
    for ch in exc.object[exc.start:exc.end]:
        n = ord(ch)
        if n > 0xFFFF:
            n -= 0x10000
            out.append(f"\\u{0xD800 | (n >> 10):04x}\\u{0xDC00 | (n & 0x3FF):04x}")
        else:
            out.append(f"\\u{n:04x}")
    return "".join(out), exc.end


codecs.register_error("dgsp-json-ascii", _json_escapes)


_PIECE = 1 << 20  # bytes of UTF-8 escaped at a time (ascii_pieces)


def ascii_pieces(data: dict) -> Callable[[], Iterator[bytes]]:
    """Compact ASCII JSON, byte for byte ``json.dumps(data, ensure_ascii=True,
    separators=(",", ":"))`` encoded, as a function giving its pieces (each time anew, never
    the whole): :func:`json_pieces`, its UTF-8 escaped a megabyte at a time (2× faster than the
    standard library's escaping on a national report; a str of Vietnamese would take two bytes
    a character)."""
    def pieces() -> Iterator[bytes]:
        for out in json_pieces(data, indent=False, ascii=True):
            start = 0
            while start < len(out):
                end = min(start + _PIECE, len(out))
                while end < len(out) and 0x80 <= out[end] < 0xC0:  # never within a character
                    end += 1
                piece = out[start:end].decode("utf-8").encode("ascii", "dgsp-json-ascii")
                yield piece.replace(b"\x7f", b"\\u007f")  # DEL, ASCII, is escaped too
                start = end
    return pieces


def ascii_json(data: dict) -> bytes:
    """The compact ASCII JSON of :func:`ascii_pieces`, whole."""
    return b"".join(ascii_pieces(data)())


def json_text(data: dict) -> str:
    """Every JSON file dgsp writes (:func:`json_bytes`) as text, with a trailing newline."""
    return json_bytes(data).decode("utf-8") + "\n"


def write_json(data: dict, path: Path) -> None:
    """:func:`json_bytes` of ``data`` and a newline, written to ``path`` atomically."""
    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            for piece in json_pieces(data, indent=True):
                fh.write(piece)
            fh.write(b"\n")

    xlsx.replace_atomic(Path(path), write)


def dump_json(ev: Evaluation, lang: str = "vi") -> str:
    """:func:`to_json` as text (:func:`json_text`)."""
    return json_text(to_json(ev, lang))


__all__ = [
    "JSON_SCHEMA", "JSON_SCHEMA_2", "DATA_SHEET", "CHUNK_CHARS", "embed_json", "write_report",
    "write_unit_sheets",
    "unit_sheet_tasks",
    "to_json", "dump_json", "write_json", "json_text", "json_bytes", "json_pieces", "ascii_json",
    "ascii_pieces", "explain", "data_results",
    "seats_by_group", "error_counts", "unit_note", "assigned_count", "plan_json", "problem_json",
]
