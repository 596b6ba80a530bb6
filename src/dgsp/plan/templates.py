"""Plan → one template workbook per unit (``dgsp assign``), and filling one in.

The layout follows the issue's *template contract*:

- sheet ``Kết quả`` [Results]: a header block, then a table with one row per
  assigned indicator, in plan order; only the result and note cells are
  unlocked (and yellow); the sheet is protected without a password (a guard
  against slips, not security: the plan stays the authority);
  when the unit has ``Đạt`` tasks with a due date, the table also shows a locked
  ``Hạn hoàn thành`` [Due date] column after the target, and an input column
  ``Ngày hoàn thành`` [Completion date] after the result, unlocked only on the rows
  with a due date;
- sheet ``Tự đánh giá`` [Self-assessment], when the plan has general criteria: one
  block per entity the unit answers for (the unit as a collective, then each of its
  officials), headed by a row ``Tập thể``/``Cá nhân`` | entity code | name, then a
  header row and one row per criterion; only the self-score cells are unlocked.
  Readers find the blocks by content (:func:`self_blocks`), never by position;
- sheet ``Hướng dẫn`` [Instructions]: how to fill it in and send it back;
- a very hidden sheet ``_dgsp``: key/value metadata (schema, template version,
  plan fingerprint, unit, year, language) and the unit's targets.

:func:`fill_template` does what a unit office does in Excel. It finds the
columns by their header text, so it keeps working if the layout moves.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dgsp import xlsx
from dgsp.labels import aliases, direction_word, label, period_name
from dgsp.model import (
    TEMPLATE_VERSION,
    Criterion,
    CriterionScoring,
    Direction,
    Indicator,
    Period,
    Plan,
    Problem,
    Target,
    Unit,
)
from dgsp.parallel import Progress
from dgsp.problems import OutputError, unwritable
from dgsp.text import clean, fold, format_number, safe_filename
from dgsp.xlsx import direct

if TYPE_CHECKING:
    from openpyxl import Workbook

META_SHEET = "_dgsp"
SCHEMA = "dgsp.template/1"

# The results table's columns, in order: (field key, label key, width). With the two date
# columns they fit a landscape A4 page at 91% (xlsx.MIN_PRINT_SCALE): 11-pt text prints at 10.
COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("no", "col.no", 5),
    ("code", "col.indicator_code", 10),
    ("task_group", "col.task_group", 16),
    ("name", "col.indicator_name", 34),
    ("measure", "col.measure", 10),
    ("direction", "col.direction", 8),
    ("target", "col.target", 12),
    ("result", "col.result", 13),
    ("note", "col.evidence", 22),
)
_COL = {key: i + 1 for i, (key, _, _) in enumerate(COLUMNS)}  # 1-based, for openpyxl
_WIDTH = {key: width for key, _, width in COLUMNS}
NCOLS = len(COLUMNS)

# Inserted when the unit has Đạt tasks with a due date: the due date after the target (what
# was assigned, locked), the completion date after the result (what the unit reports).
DUE_COLUMN = ("due", "tpl.col.due", 11)
COMPLETED_COLUMN = ("completed", "tpl.col.completed", 12)


def results_columns(with_due: bool) -> tuple[tuple[str, str, float], ...]:
    """The results table's columns: :data:`COLUMNS`, with the due and completion dates."""
    if not with_due:
        return COLUMNS
    out: list[tuple[str, str, float]] = []
    for column in COLUMNS:
        out.append(column)
        if column[0] == "target":
            out.append(DUE_COLUMN)
        elif column[0] == "result":
            out.append(COMPLETED_COLUMN)
    return tuple(out)


def due_of(ind: Indicator, target: Target) -> date | None:
    """The due date a task asks a completion date for: only ``Đạt`` tasks have one."""
    return target.due if ind.direction is Direction.BINARY else None

# The self-assessment sheet: its columns (field key, label key, width), and header rows.
SELF_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("no", "col.no", 6),
    ("code", "self.col.code", 12),
    ("group", "self.col.group", 22),
    ("name", "self.col.name", 58),
    ("scoring", "self.col.scoring", 12),
    ("max", "self.col.max", 10),
    ("score", "self.col.score", 14),
)
SELF_TITLE_ROW = 1
SELF_FIRST_BLOCK = 7
SELF_FIELDS: dict[str, tuple[str, ...]] = {
    "code": aliases("self.col.code"),
    "score": aliases("self.col.score"),
    "max": aliases("self.col.max"),
}

# Header block rows (1-based) and the table's header row.
ROW_TITLE = 1
ROW_INSTRUCTION = 8
HEADER_ROW = 10

# Reader-side spellings of the columns (either language), for find_header.
RESULT_FIELDS: dict[str, tuple[str, ...]] = {
    "code": aliases("col.indicator_code"),
    "result": aliases("col.result"),
    "target": aliases("col.target"),
    "note": (*aliases("col.evidence"), *aliases("col.note")),
    "due": aliases("tpl.col.due"),
    "completed": aliases("tpl.col.completed"),
}


FMT_RESULT_PCT = "0.0#%"
"""The result cells of an indicator measured in %: 92% shows as 92.0%, 92.25% as 92.25%."""


def template_filename(unit_code: str) -> str:
    return safe_filename(unit_code) + ".xlsx"


# ----------------------------------------------------------------------------- styles


@functools.cache
def _styles() -> direct.Styles:
    """The templates' named styles, one table per process (see :class:`direct.Styles`)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    thin = Side(style="thin", color="808080")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)
    bold = Font(bold=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    centre = Alignment(horizontal="center", vertical="top", wrap_text=True)
    left = Alignment(horizontal="left", vertical="top")
    right = Alignment(horizontal="right", vertical="top")
    middle = Alignment(horizontal="center", vertical="top")
    styles = direct.Styles(font=xlsx.DOCUMENT_FONT)  # a document the unit signs
    styles.define("title", font=Font(bold=True, size=14))
    styles.define("label", font=bold)
    styles.define("value", alignment=left)
    styles.define("instruction", font=Font(italic=True, color="7F6000"))
    styles.define("header", **xlsx.header_styles(xlsx.HEADER_FILL))
    styles.define("body", border=border, alignment=wrap)
    styles.define("body.centre", border=border, alignment=centre)
    styles.define("target", border=border, alignment=right)  # numbers right, text left
    for name, align in (("input", right), ("input.text", left), ("input.date", middle),
                        ("input.note", wrap)):
        styles.define(name, fill=PatternFill("solid", fgColor=xlsx.INPUT_FILL),
                      protection=Protection(locked=False), border=border, alignment=align)
    styles.define("entity", font=bold, fill=PatternFill("solid", fgColor=xlsx.HEADER_FILL),
                  border=border, alignment=Alignment(vertical="center"))
    styles.define("guide.no", alignment=centre)
    styles.define("guide.text", alignment=wrap)
    styles.define("sign.date", font=Font(italic=True), alignment=middle,
                  protection=Protection(locked=False))  # the unit may type its date
    styles.define("sign.title", font=bold, alignment=middle)
    styles.define("sign.hint", font=Font(italic=True), alignment=middle)
    return styles


# ----------------------------------------------------------------------------- build


def build_template(plan: Plan, unit_code: str, lang: str = "vi") -> Workbook:
    """The template workbook for one unit, as written (read back with openpyxl; not saved)."""
    import io

    from openpyxl import load_workbook

    unit = plan.unit(unit_code)
    if unit is None:
        raise KeyError(unit_code)
    xlsx.ensure_defusedxml()
    data = direct.workbook_bytes(*_build(plan, unit, lang, plan.fingerprint()))
    return load_workbook(io.BytesIO(data))


def _build(plan: Plan, unit: Unit, lang: str, fingerprint: str) \
        -> tuple[list[direct.Sheet], direct.Styles, direct.Props]:
    """The sheets of one unit's template, the style table and document properties."""
    sheets = [_results_sheet(plan, unit, lang)]
    if expected_self_scores(plan, unit.code):
        sheets.append(_self_sheet(plan, unit, lang))
    sheets += [_guide_sheet(plan, unit, lang), _meta_sheet(plan, unit, lang, fingerprint)]
    props = direct.Props(custom={"dgsp_plan_fingerprint": fingerprint, "dgsp_unit": unit.code})
    return sheets, _styles(), props


def _has_due(plan: Plan, unit_code: str) -> bool:
    return any(due_of(ind, t) is not None for ind, t in plan.assignments(unit_code))


def _results_sheet(plan: Plan, unit: Unit, lang: str) -> direct.Sheet:
    ws = direct.Sheet(label("sheet.results", lang))
    with_due = _has_due(plan, unit.code)
    columns = results_columns(with_due)
    at = {key: i + 1 for i, (key, _, _) in enumerate(columns)}
    width = {key: w for key, _, w in columns}

    # Header block: a title, then label/value rows (labels in A run over into B).
    title = plan.title or label("tpl.title", lang, year=plan.year)
    if plan.period is not Period.YEAR:  # a quarter's round says so in its title
        title = f"{title} — {period_name(plan, lang)}"
    ws.put(ROW_TITLE, 1, title, kind="title")
    block: list[tuple[str, Any, str | None]] = [
        ("tpl.year", plan.year, None),
        ("tpl.unit", unit.name, None),
        ("col.unit_code", unit.code, None),
        ("tpl.heads", "; ".join(unit.heads), None),
        ("tpl.deadline", plan.deadline, xlsx.FMT_DATE),
    ]
    for r, (key, value, fmt) in enumerate(block, start=ROW_TITLE + 2):
        ws.put(r, 1, label(key, lang), kind="label")
        if value is not None and value != "":
            ws.put(r, 3, value, fmt, kind="value")
    instruction = label("tpl.instruction.due" if with_due else "tpl.instruction", lang)
    if expected_self_scores(plan, unit.code):
        instruction += " " + label("tpl.instruction.self", lang)
    ws.put(ROW_INSTRUCTION, 1, instruction, kind="instruction")

    # The table: header row, then one row per assigned indicator.
    for col, (_, key, _) in enumerate(columns, start=1):
        ws.put(HEADER_ROW, col, label(key, lang), kind="header")

    done = label("done", lang)
    numeric_cells: list[str] = []
    binary_cells: list[str] = []
    date_cells: list[str] = []
    tcol, rcol, ncol = at["target"], at["result"], at["note"]
    rletter = xlsx.col_letter(rcol - 1)
    centred = {at["no"], at["code"], at["measure"], at["direction"]}
    assignments = plan.assignments(unit.code)
    for n, (ind, target) in enumerate(assignments, start=1):
        r = HEADER_ROW + n
        binary = ind.direction is Direction.BINARY
        row_values = (n, ind.code, ind.task_group, ind.name, ind.measure,
                      direction_word(ind.direction, lang))
        for col, value in enumerate(row_values, start=1):
            ws.put(r, col, value, kind="body.centre" if col in centred else "body")
        if binary:
            ws.put(r, tcol, done, kind="body")
            ws.style(r, rcol, "input.text")
        else:
            fmt = _number_format(target.value)
            # a % target (85, stored as typed in the plan) shows as 85%, like its result cell
            shown = _percent_format(target.value) if ind.in_percent else fmt
            ws.put(r, tcol, target.value, shown, kind="target")
            # A % indicator's result shows as a percentage: what the unit types (92, or 92%)
            # is what it sees (92%), and what intake reads (92). Other results show as the
            # target does: 2100 as 2.100.
            ws.style(r, rcol, "input", FMT_RESULT_PCT if ind.in_percent else fmt)
        ws.style(r, ncol, "input.note")
        if with_due:
            due = due_of(ind, target)
            if due is None:
                ws.style(r, at["due"], "body.centre")
                ws.style(r, at["completed"], "body.centre")
            else:
                ws.put(r, at["due"], due, xlsx.FMT_DATE, kind="body.centre")
                ws.style(r, at["completed"], "input.date", xlsx.FMT_DATE)
                date_cells.append(xlsx.cell_ref(r - 1, at["completed"] - 1))
        (binary_cells if binary else numeric_cells).append(f"{rletter}{r}")
        ws.heights[r] = xlsx.row_height(
            [(ind.task_group, width["task_group"]), (ind.name, width["name"])])
    # The row after the table stays empty: the table ends at the first empty code.
    _unit_signature(ws, HEADER_ROW + len(assignments) + 2, at, len(columns), lang)

    result_word = label("col.result", lang)
    if numeric_cells:
        ws.validations.append(direct.Validation(
            "decimal", "0", numeric_cells, operator="greaterThanOrEqual", title=result_word,
            prompt=label("tpl.dv.number", lang), error=label("tpl.dv.number", lang)))
    if binary_cells:
        words = f'"{label("done", lang)},{label("not_done", lang)}"'
        ws.validations.append(direct.Validation(
            "list", words, binary_cells, title=result_word,
            prompt=label("tpl.dv.binary", lang), error=label("tpl.dv.binary", lang)))
    if date_cells:  # any date from the year before the round on (dates are day numbers)
        first = direct.cell_value(date(plan.year - 1, 1, 1))[1]
        ws.validations.append(direct.Validation(
            "date", first, date_cells, operator="greaterThanOrEqual",
            title=label("tpl.col.completed", lang), prompt=label("tpl.dv.date", lang),
            error=label("tpl.dv.date", lang)))

    ws.widths = [w for _, _, w in columns]
    ws.freeze = f"A{HEADER_ROW + 1}"
    ws.print_setup(landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.protected = True  # widening a column or a row stays allowed
    return ws


# ----------------------------------------------------------------------------- self-assessment


def expected_self_scores(plan: Plan, unit_code: str) -> dict[str, tuple[Criterion, ...]]:
    """The entities a unit self-assesses and the criteria of each, in template order: the unit
    itself (the collective) with the collective criteria, then each of its officials with the
    individual criteria. Empty when the plan has no general criteria for them."""
    out: dict[str, tuple[Criterion, ...]] = {}
    collective = plan.criteria_for(False)
    if collective:
        out[unit_code] = collective
    individual = plan.criteria_for(True)
    if individual:
        for official in plan.officials_of(unit_code):
            out.setdefault(official.code, individual)
    return out


def _unit_signature(ws: direct.Sheet, r: int, at: Mapping[str, int], ncols: int,
                    lang: str) -> None:
    """The unit's signature under its table, from row ``r``: the preparer on the left; on the
    right a date line and "THỦ TRƯỞNG ĐƠN VỊ (Ký tên, đóng dấu)"."""
    blocks = ((1, at["name"], None, "tpl.sign.preparer", "sign.hint"),
              (at["target"], ncols, "sign.date", "tpl.sign.head", "tpl.sign.seal"))
    for first, last, date_key, title_key, hint_key in blocks:
        span = f"{xlsx.col_letter(first - 1)}{{r}}:{xlsx.col_letter(last - 1)}{{r}}"
        lines = ((r, date_key, "sign.date"), (r + 1, title_key, "sign.title"),
                 (r + 2, hint_key, "sign.hint"))
        for row, key, kind in lines:
            if key is not None:
                ws.put(row, first, label(key, lang), kind=kind)
                ws.merge(span.format(r=row))


def _self_sheet(plan: Plan, unit: Unit, lang: str) -> direct.Sheet:
    ws = direct.Sheet(label("sheet.self", lang))
    ws.put(SELF_TITLE_ROW, 1, label("self.title", lang, year=plan.year), kind="title")
    ws.put(3, 1, label("tpl.unit", lang), kind="label")
    ws.put(3, 3, unit.name, kind="value")
    ws.put(4, 1, label("col.unit_code", lang), kind="label")
    ws.put(4, 3, unit.code, kind="value")
    ws.put(5, 1, label("self.instruction", lang), kind="instruction")

    at = {key: i + 1 for i, (key, _, _) in enumerate(SELF_COLUMNS)}
    width = {key: w for key, _, w in SELF_COLUMNS}
    ncols = len(SELF_COLUMNS)
    last = xlsx.col_letter(ncols - 1)
    officials = {o.code: o for o in plan.officials_of(unit.code)}
    binary_cells: list[str] = []
    scale_cells: dict[Decimal, list[str]] = {}
    r = SELF_FIRST_BLOCK
    for entity, criteria in expected_self_scores(plan, unit.code).items():
        official = officials.get(entity) if entity != unit.code else None
        if official is None:
            kind, name = label("self.collective", lang), unit.name
        else:
            kind = label("self.individual", lang)
            name = " — ".join(p for p in (official.name, official.position) if p)
        # Heading: the kind (over A:B), the entity's code (C), its name and position (D:G).
        ws.put(r, 1, kind, kind="entity")
        ws.style(r, 2, "entity")
        ws.put(r, 3, entity, kind="entity")
        ws.put(r, 4, name, kind="entity")
        for col in range(5, ncols + 1):
            ws.style(r, col, "entity")
        ws.merge(f"A{r}:B{r}")
        ws.merge(f"D{r}:{last}{r}")
        ws.heights[r] = 20
        r += 1
        for col, (_, key, _) in enumerate(SELF_COLUMNS, start=1):
            ws.put(r, col, label(key, lang), kind="header")
        ws.heights[r] = 30  # two lines: "Điểm tự đánh giá" wraps
        for n, crit in enumerate(criteria, start=1):
            r += 1
            binary = crit.scoring is CriterionScoring.BINARY
            scoring = label("self.scoring.binary" if binary else "self.scoring.scale", lang)
            ws.put(r, at["no"], n, kind="body.centre")
            ws.put(r, at["code"], crit.code, kind="body.centre")
            ws.put(r, at["group"], crit.group, kind="body")
            ws.put(r, at["name"], crit.name, kind="body")
            ws.put(r, at["scoring"], scoring, kind="body.centre")
            ws.put(r, at["max"], crit.max_points, _number_format(crit.max_points),
                   kind="body.centre")
            ws.style(r, at["score"], "input")
            ref = xlsx.cell_ref(r - 1, at["score"] - 1)
            if binary:
                binary_cells.append(ref)
            else:
                scale_cells.setdefault(crit.max_points, []).append(ref)
            ws.heights[r] = xlsx.row_height(
                [(crit.group, width["group"]), (crit.name, width["name"])])
        r += 2  # an empty row ends the block's table

    score_word = label("self.col.score", lang)
    if binary_cells:
        words = f'"{label("done", lang)},{label("not_done", lang)}"'
        ws.validations.append(direct.Validation(
            "list", words, binary_cells, title=score_word,
            prompt=label("self.dv.binary", lang), error=label("self.dv.binary", lang)))
    # One validation per maximum: 0 ≤ score is checked when the file is read (a validation
    # here holds one bound), the step of 0.25 too.
    for top, cells in scale_cells.items():
        text = label("self.dv.scale", lang, max=format_number(top, lang))
        ws.validations.append(direct.Validation(
            "decimal", direct.number_text(top), cells, operator="lessThanOrEqual",
            title=score_word, prompt=text, error=text))

    ws.widths = [w for _, _, w in SELF_COLUMNS]
    ws.print_setup(landscape=True)
    ws.protected = True
    return ws


@dataclass(frozen=True)
class SelfBlock:
    """One entity's block of a self-assessment sheet, as found by content (0-based places)."""

    entity: str  # the code in the block's heading row ("" when it has none)
    at: tuple[int, int]  # (row, col) of that code: or of the header's code cell, with none
    code_col: int
    score_col: int
    rows: tuple[tuple[str, int], ...]  # (criterion code as typed, row)


def self_blocks(grid: list[list[Any]]) -> list[SelfBlock]:
    """The blocks of a self-assessment sheet's grid, found by their content.

    A block is a heading row (a cell reading ``Tập thể``/``Cá nhân``, in either language,
    followed by the entity's code in the next filled cell), then a header row holding
    ``Mã tiêu chí`` and ``Điểm tự đánh giá``, then one row per criterion up to the first
    empty criterion code. A header row with no heading above it makes a block of entity
    ``""``. Rows and columns may have moved: nothing is read by position.
    """
    kinds = {fold(a) for key in ("self.collective", "self.individual") for a in aliases(key)}
    blocks: list[SelfBlock] = []
    heading: tuple[str, int, int] | None = None
    r = 0
    while r < len(grid):
        row = grid[r]
        header = xlsx.find_header(grid[r:r + 1], SELF_FIELDS, required=("code", "score"),
                                  scan_rows=1)
        if header is not None:
            code_col, score_col = header.columns["code"], header.columns["score"]
            rows: list[tuple[str, int]] = []
            r += 1
            while r < len(grid):
                code = clean(xlsx.cell(grid, r, code_col))
                if not code:
                    break
                rows.append((code, r))
                r += 1
            entity, at = (heading[0], heading[1:]) if heading else ("", (r - len(rows) - 1,
                                                                          code_col))
            blocks.append(SelfBlock(entity=entity, at=at, code_col=code_col,
                                    score_col=score_col, rows=tuple(rows)))
            heading = None
            continue
        kind = next((c for c, v in enumerate(row) if isinstance(v, str) and fold(v) in kinds),
                    None)
        if kind is not None:
            code = next(((c, clean(v)) for c, v in enumerate(row[kind + 1:], start=kind + 1)
                         if clean(v)), None)
            heading = (code[1], r, code[0]) if code else ("", r, kind)
        r += 1
    return blocks


def _percent_format(value: Decimal) -> str:
    """A target in percentage points (85 for 85%) shown with its sign: 85%, 1.2%."""
    return '0"%"' if value == value.to_integral_value() else '0.0#"%"'


def _number_format(value: Decimal) -> str:
    # "#,##0.##" shows a trailing separator on whole numbers ("2.100,"): use it only when needed.
    return xlsx.FMT_INT if value == value.to_integral_value() else xlsx.FMT_NUM


def _guide_sheet(plan: Plan, unit: Unit, lang: str) -> direct.Sheet:
    ws = direct.Sheet(label("sheet.guide", lang))
    ws.put(1, 1, label("tpl.guide.title", lang), kind="title")
    to = plan.issued_by or label("tpl.issuer_default", lang)
    file = template_filename(unit.code)
    deadline = plan.deadline.strftime("%d/%m/%Y") if plan.deadline else ""
    send = (label("tpl.guide.send", lang, to=to, deadline=deadline) if deadline
            else label("tpl.guide.send_nodate", lang, to=to))
    steps = [label(f"tpl.guide.{i}", lang) for i in range(1, 7)]
    if _has_due(plan, unit.code):
        steps.append(label("tpl.guide.due", lang))
    if expected_self_scores(plan, unit.code):
        steps.append(label("tpl.guide.self", lang))
    steps += [label("tpl.guide.7", lang), label("tpl.guide.8", lang, file=file), send]
    r = 3
    for n, text in enumerate(steps, start=1):
        ws.put(r, 1, f"{n}.", kind="guide.no")
        ws.put(r, 2, text, kind="guide.text")
        ws.heights[r] = xlsx.row_height([(text, xlsx.GUIDE_TEXT_WIDTH)])  # LibreOffice does not grow rows
        r += 1
    r += 1
    facts = [("tpl.unit", f"{unit.name} ({unit.code})"), ("tpl.file_name", file),
             ("tpl.deadline", deadline), ("tpl.send_to", to)]
    for key, value in facts:
        ws.put(r, 1, label(key, lang), kind="label")
        ws.put(r, 2, value)
        r += 1
    ws.widths = [16, xlsx.GUIDE_TEXT_WIDTH]
    ws.print_setup()
    return ws


def _meta_sheet(plan: Plan, unit: Unit, lang: str, fingerprint: str) -> direct.Sheet:
    ws = direct.Sheet(META_SHEET, state="veryHidden")
    rows = [("schema", SCHEMA), ("template_version", TEMPLATE_VERSION),
            ("plan_fingerprint", fingerprint), ("unit", unit.code),
            ("year", plan.year), ("lang", lang), ("title", plan.title)]
    if plan.period is not Period.YEAR:  # a year's template keeps the rows it always had
        rows.append(("period", plan.period.value))
    for r, (key, value) in enumerate(rows, start=1):
        ws.put(r, 1, key)
        ws.put(r, 2, value)
    r = len(rows) + 2
    ws.put(r, 1, "indicator")
    ws.put(r, 2, "target")
    for ind, target in plan.assignments(unit.code):
        r += 1
        ws.put(r, 1, ind.code)
        ws.put(r, 2, target.value)
    return ws


# ----------------------------------------------------------------------------- write


def write_templates(plan: Plan, out_dir: Path, lang: str = "vi", force: bool = False,
                    workers: int | None = None,
                    progress: Progress | None = None) -> list[Path]:
    """Write one template per unit into ``out_dir``, in plan order; return the paths.

    Refuses (``OutputError``, DG301 for each) if any file already exists and
    ``force`` is false, before writing anything. Templates are written by
    :func:`dgsp.parallel.run` (``workers``: None chooses); the files are the same
    whatever the number of workers.
    """
    from dgsp import parallel

    out_dir = Path(out_dir)
    targets = [(u, out_dir / template_filename(u.code)) for u in plan.units]
    seen: dict[str, str] = {}
    clashes = []
    for u, path in targets:  # XA.xlsx and xa.xlsx are one file on Windows and macOS
        key = path.name.casefold()
        if key in seen:
            clashes.append(Problem("DG223", {"path": str(path), "unit": u.code,
                                             "other": seen[key]}, unit=u.code))
        seen.setdefault(key, u.code)
    if clashes:
        raise OutputError(clashes)
    if not force:
        existing = [Problem("DG301", {"path": str(path)}, file=str(path), unit=u.code)
                    for u, path in targets if path.exists()]
        if existing:
            raise OutputError(existing)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(unwritable(out_dir, exc)) from exc
    write = functools.partial(_write_one, plan, lang, plan.fingerprint())
    failed = [p for p in parallel.run(write, targets, workers=workers, progress=progress) if p]
    if failed:
        raise OutputError(failed)
    return [path for _, path in targets]


def _write_one(plan: Plan, lang: str, fingerprint: str, job: tuple[Unit, Path]) \
        -> Problem | None:
    """Write one unit's template; a file that cannot be written is a DG302 problem."""
    unit, path = job
    try:
        direct.write_workbook(path, *_build(plan, unit, lang, fingerprint))
    except OSError as exc:
        return unwritable(path, exc)
    return None



# ----------------------------------------------------------------------------- fill


def fill_template(template: Path, results: Mapping[str, object], out: Path,
                  notes: Mapping[str, str] | None = None,
                  completed: Mapping[str, object] | None = None,
                  self_scores: Mapping[tuple[str, str], object] | None = None) -> Path:
    """Type results (and notes, completion dates, self-scores) into a template the way a unit
    office would; save to ``out``.

    Columns, blocks and rows are found by their text, so it keeps working if the layout moves.
    ``bool`` becomes the done/not-done word of the template's language; ``str`` is written as
    typed (so ``"2.100"`` stays text); numbers stay numbers, and a number typed into a
    percentage cell is stored as Excel stores it (92 → 0.92, shown 92%).

    ``completed`` maps an indicator code to its completion date (``Ngày hoàn thành``): a
    ``date`` is typed as a date cell (shown dd/mm/yyyy), a ``str`` as text, ``None`` empties it.
    ``self_scores`` maps (entity code, criterion code) to a self-score on the ``Tự đánh giá``
    sheet, typed as results are (``True``/``False``: the Đạt/Không đạt words of the drop-down).
    Unknown codes, or a template without the column or sheet, raise ValueError.
    """
    from openpyxl import load_workbook

    xlsx.ensure_defusedxml()
    notes = notes or {}
    completed = completed or {}
    self_scores = self_scores or {}
    wb = load_workbook(template)
    ws = _find_sheet(wb, aliases("sheet.results"))
    if ws is None:
        raise ValueError(f"{template}: no results sheet")
    grid = _grid(ws)
    header = xlsx.find_header(grid, RESULT_FIELDS, required=("code", "result"))
    if header is None:
        raise ValueError(f"{template}: no header row with indicator code and result")
    code_col, result_col = header.columns["code"], header.columns["result"]
    note_col = header.columns.get("note")
    completed_col = header.columns.get("completed")
    rows: dict[str, int] = {}
    for r in range(header.row + 1, len(grid)):
        code = clean(xlsx.cell(grid, r, code_col))
        if not code:
            break
        rows.setdefault(code, r + 1)
    unknown = sorted((set(results) | set(notes) | set(completed)) - set(rows))
    if unknown:
        raise ValueError(f"{template}: not in the template: {', '.join(unknown)}")
    if notes and note_col is None:
        raise ValueError(f"{template}: no note column")
    if completed and completed_col is None:
        raise ValueError(f"{template}: no completion date column")
    lang = _template_lang(wb, clean(xlsx.cell(grid, header.row, result_col)))
    for code, value in results.items():
        type_result(ws, rows[code], result_col + 1, value, lang)
    note_width = ws.column_dimensions[xlsx.col_letter(note_col)].width if notes else 0
    for code, note in notes.items():
        xlsx.put_text(ws, rows[code], note_col + 1, note)
        row = ws.row_dimensions[rows[code]]  # drawn taller, as the office would, to show it
        row.height = max(row.height or 15, xlsx.row_height([(note, note_width)]))
    for code, day in completed.items():
        type_date(ws, rows[code], completed_col + 1, day)
    if self_scores:
        sheet = _find_sheet(wb, aliases("sheet.self"))
        if sheet is None:
            raise ValueError(f"{template}: no self-assessment sheet")
        cells: dict[tuple[str, str], tuple[int, int]] = {}
        for block in self_blocks(_grid(sheet)):
            for code, r in block.rows:
                cells.setdefault((block.entity, code), (r + 1, block.score_col + 1))
        missing = sorted(f"{e}/{c}" for e, c in set(self_scores) - set(cells))
        if missing:
            raise ValueError(f"{template}: not in the self-assessment: {', '.join(missing)}")
        for key, value in self_scores.items():
            type_result(sheet, *cells[key], value, lang)
    xlsx.save_atomic(wb, Path(out))
    return Path(out)


def _grid(ws) -> list[list[Any]]:
    """An openpyxl sheet's values from A1 (so list indices are addresses)."""
    return [list(row) for row in ws.iter_rows(min_row=1, min_col=1, values_only=True)]


def type_date(ws, row: int, col: int, value: object) -> None:
    """Type a date the way a unit office does: a ``date`` into the date-formatted cell (a day
    number shown dd/mm/yyyy), text as text, ``None`` empties the cell."""
    cell = ws.cell(row=row, column=col)
    if value is None:
        cell.value = None
    elif isinstance(value, (date, datetime)):
        from openpyxl.styles.numbers import is_date_format

        formatted = is_date_format(cell.number_format)
        cell.value = value
        if not formatted:  # openpyxl would show it yyyy-mm-dd
            cell.number_format = xlsx.FMT_DATE
    else:
        xlsx.put(ws, row, col, value)


def type_result(ws, row: int, col: int, value: object, lang: str) -> None:
    """Type one result into a cell (1-based) the way a unit office does in Excel: ``bool`` is
    the done/not-done word, ``None`` empties the cell, a number typed into a percentage cell
    is stored as Excel and WPS store it (92 → 0.92, shown 92%)."""
    if isinstance(value, bool):
        value = label("done" if value else "not_done", lang)
    cell = ws.cell(row=row, column=col)
    if value is None:
        cell.value = None
    elif "%" in cell.number_format and isinstance(value, (int, float, Decimal)):
        cell.value = float(Decimal(str(value)) / 100)
    else:
        xlsx.put(ws, row, col, value)


def _find_sheet(wb, names: tuple[str, ...]):
    wanted = {fold(n) for n in names}
    for ws in wb.worksheets:
        if fold(ws.title) in wanted:
            return ws
    return None


def _template_lang(wb, result_header: str) -> str:
    if META_SHEET in wb.sheetnames:
        for row in wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
            if row[0] == "lang" and row[1] in ("vi", "en"):
                return row[1]
    return "en" if fold(result_header) == fold(label("col.result", "en")) else "vi"


__all__ = ["build_template", "write_templates", "fill_template", "type_result", "type_date",
           "template_filename", "META_SHEET", "SCHEMA", "HEADER_ROW", "RESULT_FIELDS",
           "SELF_FIELDS", "SelfBlock", "self_blocks", "expected_self_scores", "due_of",
           "results_columns"]
