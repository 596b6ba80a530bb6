"""Plan → one template workbook per unit (``dgsp assign``), and filling one in.

The layout follows the issue's *template contract*:

- sheet ``Kết quả`` [Results]: a header block, then a table with one row per
  assigned indicator, in plan order; only the result and note cells are
  unlocked (and yellow); the sheet is protected without a password (a guard
  against slips, not security: the plan stays the authority);
- sheet ``Hướng dẫn`` [Instructions]: how to fill it in and send it back;
- a very hidden sheet ``_dgsp``: key/value metadata (schema, template version,
  plan fingerprint, unit, year, language) and the unit's targets.

:func:`fill_template` does what a unit office does in Excel. It finds the
columns by their header text, so it keeps working if the layout moves.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dgsp import xlsx
from dgsp.labels import aliases, direction_word, label
from dgsp.model import TEMPLATE_VERSION, Direction, Plan, Problem, Unit
from dgsp.parallel import Progress
from dgsp.problems import OutputError, unwritable
from dgsp.text import clean, fold, safe_filename
from dgsp.xlsx import direct

if TYPE_CHECKING:
    from openpyxl import Workbook

META_SHEET = "_dgsp"
SCHEMA = "dgsp.template/1"

# The results table's columns, in order: (field key, label key, width).
COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("no", "col.no", 6),
    ("code", "col.indicator_code", 12),
    ("task_group", "col.task_group", 22),
    ("name", "col.indicator_name", 46),
    ("measure", "col.measure", 12),
    ("direction", "col.direction", 9),
    ("target", "col.target", 14),
    ("result", "col.result", 16),
    ("note", "col.evidence", 34),
)
_COL = {key: i + 1 for i, (key, _, _) in enumerate(COLUMNS)}  # 1-based, for openpyxl
_WIDTH = {key: width for key, _, width in COLUMNS}
NCOLS = len(COLUMNS)

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
    styles = direct.Styles()
    styles.define("title", font=Font(bold=True, size=14))
    styles.define("label", font=bold)
    styles.define("value", alignment=left)
    styles.define("instruction", font=Font(italic=True, color="7F6000"))
    styles.define("header", **xlsx.header_styles(xlsx.HEADER_FILL))
    styles.define("body", border=border, alignment=wrap)
    styles.define("body.centre", border=border, alignment=centre)
    styles.define("target", border=border, alignment=left)
    for name, align in (("input", left), ("input.note", wrap)):
        styles.define(name, fill=PatternFill("solid", fgColor=xlsx.INPUT_FILL),
                      protection=Protection(locked=False), border=border, alignment=align)
    styles.define("guide.no", alignment=centre)
    styles.define("guide.text", alignment=wrap)
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
    sheets = [_results_sheet(plan, unit, lang), _guide_sheet(plan, unit, lang),
              _meta_sheet(plan, unit, lang, fingerprint)]
    props = direct.Props(custom={"dgsp_plan_fingerprint": fingerprint, "dgsp_unit": unit.code})
    return sheets, _styles(), props


def _results_sheet(plan: Plan, unit: Unit, lang: str) -> direct.Sheet:
    ws = direct.Sheet(label("sheet.results", lang))

    # Header block: a title, then label/value rows (labels in A run over into B).
    ws.put(ROW_TITLE, 1, plan.title or label("tpl.title", lang, year=plan.year), kind="title")
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
    ws.put(ROW_INSTRUCTION, 1, label("tpl.instruction", lang), kind="instruction")

    # The table: header row, then one row per assigned indicator.
    for col, (_, key, _) in enumerate(COLUMNS, start=1):
        ws.put(HEADER_ROW, col, label(key, lang), kind="header")

    done = label("done", lang)
    numeric_cells: list[str] = []
    binary_cells: list[str] = []
    tcol, rcol, ncol = _COL["target"], _COL["result"], _COL["note"]
    rletter = xlsx.col_letter(rcol - 1)
    centred = {_COL["no"], _COL["code"], _COL["measure"], _COL["direction"]}
    for n, (ind, target) in enumerate(plan.assignments(unit.code), start=1):
        r = HEADER_ROW + n
        binary = ind.direction is Direction.BINARY
        row_values = (n, ind.code, ind.task_group, ind.name, ind.measure,
                      direction_word(ind.direction, lang))
        for col, value in enumerate(row_values, start=1):
            ws.put(r, col, value, kind="body.centre" if col in centred else "body")
        if binary:
            ws.put(r, tcol, done, kind="body.centre")
        else:
            ws.put(r, tcol, target.value, _number_format(target.value), kind="target")
        # A % indicator's result shows as a percentage: what the unit types (92, or 92%)
        # is what it sees (92%), and what intake reads (92).
        ws.style(r, rcol, "input", FMT_RESULT_PCT if ind.in_percent else None)
        ws.style(r, ncol, "input.note")
        (binary_cells if binary else numeric_cells).append(f"{rletter}{r}")
        ws.heights[r] = xlsx.row_height(
            [(ind.task_group, _WIDTH["task_group"]), (ind.name, _WIDTH["name"])])
    # The row after the table stays empty: the table ends at the first empty code.

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

    ws.widths = [w for _, _, w in COLUMNS]
    ws.freeze = f"A{HEADER_ROW + 1}"
    ws.print_setup(landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.protected = True  # widening a column or a row stays allowed
    return ws


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
    steps = [label(f"tpl.guide.{i}", lang) for i in range(1, 8)]
    steps += [label("tpl.guide.8", lang, file=file), send]
    r = 3
    for n, text in enumerate(steps, start=1):
        ws.put(r, 1, f"{n}.", kind="guide.no")
        ws.put(r, 2, text, kind="guide.text")
        r += 1
    r += 1
    facts = [("tpl.unit", f"{unit.name} ({unit.code})"), ("tpl.file_name", file),
             ("tpl.deadline", deadline), ("tpl.send_to", to)]
    for key, value in facts:
        ws.put(r, 1, label(key, lang), kind="label")
        ws.put(r, 2, value)
        r += 1
    ws.widths = [16, 100]
    ws.print_setup()
    return ws


def _meta_sheet(plan: Plan, unit: Unit, lang: str, fingerprint: str) -> direct.Sheet:
    ws = direct.Sheet(META_SHEET, state="veryHidden")
    rows = [("schema", SCHEMA), ("template_version", TEMPLATE_VERSION),
            ("plan_fingerprint", fingerprint), ("unit", unit.code),
            ("year", plan.year), ("lang", lang), ("title", plan.title)]
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
                  notes: Mapping[str, str] | None = None) -> Path:
    """Type results (and notes) into a template the way a unit office would; save to ``out``.

    Columns are found by their header text. ``bool`` becomes the done/not-done
    word of the template's language; ``str`` is written as typed (so ``"2.100"``
    stays text); numbers stay numbers, and a number typed into a percentage cell is
    stored as Excel stores it (92 → 0.92, shown 92%). Unknown indicator codes raise ValueError.
    """
    from openpyxl import load_workbook

    xlsx.ensure_defusedxml()
    notes = notes or {}
    wb = load_workbook(template)
    ws = _find_sheet(wb, aliases("sheet.results"))
    if ws is None:
        raise ValueError(f"{template}: no results sheet")
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    header = xlsx.find_header(grid, RESULT_FIELDS, required=("code", "result"))
    if header is None:
        raise ValueError(f"{template}: no header row with indicator code and result")
    code_col, result_col = header.columns["code"], header.columns["result"]
    note_col = header.columns.get("note")
    rows: dict[str, int] = {}
    for r in range(header.row + 1, len(grid)):
        code = clean(xlsx.cell(grid, r, code_col))
        if not code:
            break
        rows.setdefault(code, r + 1)
    unknown = sorted((set(results) | set(notes)) - set(rows))
    if unknown:
        raise ValueError(f"{template}: not in the template: {', '.join(unknown)}")
    if notes and note_col is None:
        raise ValueError(f"{template}: no note column")
    lang = _template_lang(wb, clean(xlsx.cell(grid, header.row, result_col)))
    for code, value in results.items():
        type_result(ws, rows[code], result_col + 1, value, lang)
    for code, note in notes.items():
        xlsx.put_text(ws, rows[code], note_col + 1, note)
    xlsx.save_atomic(wb, Path(out))
    return Path(out)


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


__all__ = ["build_template", "write_templates", "fill_template", "type_result", "template_filename",
           "META_SHEET", "SCHEMA", "HEADER_ROW", "RESULT_FIELDS"]
