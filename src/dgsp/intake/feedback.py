"""Annotated copies of returns (``dgsp check --feedback DIR``), for staff to email back.

A copy keeps the unit's workbook as it was (data, validations, protection,
the hidden ``_dgsp`` sheet) and adds:

- on every cell a problem names, a red fill (an error) or an amber fill (only
  warnings), and a comment by "dgsp" holding each message and its hint;
- a first sheet ``Cần sửa`` [To fix] with a short header (unit, file, date,
  how to resend) and every problem: code, severity, sheet, cell, indicator, message, hint.
  Problems without a cell (a missing row, a duplicate file) appear only there.

The original is only read. The copy is opened with openpyxl after the same
zip preflight as any return, with defusedxml in place, and saved atomically.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dgsp import xlsx
from dgsp.labels import aliases, label
from dgsp.model import Plan, Problem, Unit
from dgsp.plan import template_filename
from dgsp.text import fold

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

ERROR_FILL = "FF9999"  # red: the cell must be fixed
WARNING_FILL = "FFC000"  # amber: the cell should be looked at
AUTHOR = "dgsp"
# No copy for these: the file cannot (or must not) be opened as a workbook.
UNREADABLE_CODES = frozenset({"DG201", "DG222", "DG240", "DG241", "DG242", "DG244", "DG246",
                              "DG247", "DG248"})

# The To fix table: (label key, width).
FIX_COLUMNS: tuple[tuple[str, float], ...] = (
    ("col.no", 6), ("col.problem_code", 9), ("col.severity", 11), ("col.sheet", 12),
    ("col.cell", 8), ("col.indicator_name", 26), ("col.message", 44), ("col.hint", 38),
)  # one landscape page wide at 91% (xlsx.MIN_PRINT_SCALE)
FIX_HEADER_ROW = 9


@dataclass(frozen=True)
class Placed:
    """Where a problem was marked in the copy: a visible sheet and a cell (A1)."""

    sheet: str
    cell: str


def unreadable(problems: Sequence[Problem]) -> Problem | None:
    """The problem that says the file cannot be opened at all, if any (then no copy is made)."""
    return next((p for p in problems if p.code in UNREADABLE_CODES), None)


def open_copy(source: Path) -> Workbook:
    """Open a return for annotating, keeping all openpyxl can keep.

    The file is read once and checked before openpyxl parses anything
    (:func:`dgsp.xlsx.preflight_copy`: the zip limits of any return, the extent of every
    worksheet, and a budget of :data:`dgsp.xlsx.MAX_COPY_CELLS` cells, since openpyxl loads
    every sheet); openpyxl then parses the bytes that were checked. Raises
    :class:`dgsp.xlsx.UnreadableWorkbook` when the file cannot (or must not) be opened.
    """
    import io

    from openpyxl import load_workbook

    data = xlsx.preflight_copy(source)
    xlsx.ensure_defusedxml()
    try:
        with warnings.catch_warnings():  # "extension not supported" and the like: not ours to say
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), rich_text=True, keep_links=True,
                                 keep_vba=Path(source).suffix.lower() == ".xlsm")
    except Exception as exc:  # openpyxl raises many types for files it cannot parse
        raise xlsx.UnreadableWorkbook(str(exc) or type(exc).__name__) from exc


def annotate(wb: Workbook, problems: Sequence[Problem], lang: str = "vi") -> list[Placed | None]:
    """Fill and comment the cell of every problem; return where each was placed (or None).

    A cell with any error is red, one with only warnings amber. Problems on a
    hidden sheet (``_dgsp``), on a sheet the copy does not have, or with no
    cell are not placed.
    """
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    placed: list[Placed | None] = []
    at: dict[tuple[str, str], list[Problem]] = {}
    for p in problems:
        where = _locate(wb, p)
        placed.append(where)
        if where is not None:
            at.setdefault((where.sheet, where.cell), []).append(p)
    fills = {True: PatternFill("solid", fgColor=ERROR_FILL),
             False: PatternFill("solid", fgColor=WARNING_FILL)}
    for (sheet, ref), found in at.items():
        c = wb[sheet][ref]
        c.fill = fills[any(p.is_error for p in found)]
        text = "\n\n".join(_comment_text(p, lang) for p in found)
        old = c.comment
        if old is not None and old.author != AUTHOR:  # keep the unit's own comment, above ours
            text = f"{old.text}\n\n{text}"
        lines = sum(1 + len(part) // 48 for part in text.split("\n"))
        c.comment = Comment(xlsx.safe_text(text), AUTHOR, height=min(40 + 15 * lines, 600),
                            width=360)
    return placed


def _comment_text(p: Problem, lang: str) -> str:
    text = f"{label(f'severity.{p.severity.value}', lang)} {p.code}: {p.message(lang)}"
    hint = p.hint(lang)
    return f"{text}\n{label('col.hint', lang)}: {hint}" if hint else text


def _locate(wb: Workbook, p: Problem) -> Placed | None:
    """The visible cell a problem points at (the top-left cell of a merged range)."""
    from openpyxl.utils.cell import range_boundaries

    if not p.sheet or not p.cell:
        return None
    ws = wb[p.sheet] if p.sheet in wb.sheetnames else None
    if ws is None or ws.sheet_state != "visible":
        return None
    try:
        min_col, min_row, _, _ = range_boundaries(p.cell)
    except (ValueError, TypeError):
        return None
    if min_col is None or min_row is None:
        return None
    for m in ws.merged_cells.ranges:
        if m.min_row <= min_row <= m.max_row and m.min_col <= min_col <= m.max_col:
            min_row, min_col = m.min_row, m.min_col
            break
    return Placed(sheet=ws.title, cell=ws.cell(row=min_row, column=min_col).coordinate)


def add_fix_sheet(wb: Workbook, problems: Sequence[Problem], placed: Sequence[Placed | None],
                  *, plan: Plan, unit: Unit | None, file_name: str, lang: str = "vi",
                  today: date | None = None) -> Worksheet:
    """Add the ``Cần sửa`` [To fix] sheet as the first, active sheet, replacing an older one."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    to_fix = {fold(a) for a in aliases("sheet.to_fix")}
    for old in [ws for ws in wb.worksheets if fold(ws.title) in to_fix]:
        wb.remove(old)  # a copy checked again: the old list is stale
    ws = wb.create_sheet(xlsx.sheet_title(label("sheet.to_fix", lang), wb.sheetnames), 0)
    put, put_text = xlsx.put, xlsx.put_text
    bold, wrap = Font(bold=True), Alignment(vertical="top", wrap_text=True)

    who = f"{unit.name} ({unit.code})" if unit else file_name
    put_text(ws, 1, 1, label("fix.title", lang, unit=who)).font = Font(bold=True, size=14)
    errors = sum(p.is_error for p in problems)
    to = plan.issued_by or label("tpl.issuer_default", lang)
    keep = template_filename(unit.code) if unit else file_name
    today = today or date.today()
    if plan.deadline:
        how = label("fix.resend_late" if today > plan.deadline else "fix.resend", lang,
                    file=keep, to=to, deadline=plan.deadline.strftime("%d/%m/%Y"))
    else:
        how = label("fix.resend_nodate", lang, file=keep, to=to)
    block = [("tpl.unit", who, None), ("col.file", file_name, None),
             ("fix.date", today, xlsx.FMT_DATE),
             ("fix.result", label("fix.counts", lang, errors=errors,
                                  warnings=len(problems) - errors), None),
             ("fix.how", how, None)]
    last_col = xlsx.col_letter(len(FIX_COLUMNS) - 1)
    for r, (key, value, fmt) in enumerate(block, start=3):
        c = put_text(ws, r, 1, label(key, lang))
        c.font, c.alignment = bold, Alignment(vertical="top")
        c = put(ws, r, 4, value, fmt)
        c.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        ws.merge_cells(f"A{r}:C{r}")
        ws.merge_cells(f"D{r}:{last_col}{r}")
    ws.row_dimensions[7].height = xlsx.row_height([(how, sum(w for _, w in FIX_COLUMNS[3:]))])

    for col, (key, _) in enumerate(FIX_COLUMNS, start=1):
        put_text(ws, FIX_HEADER_ROW, col, label(key, lang))
    xlsx.style_header_row(ws, FIX_HEADER_ROW, len(FIX_COLUMNS))
    fills = {True: PatternFill("solid", fgColor=ERROR_FILL),
             False: PatternFill("solid", fgColor=WARNING_FILL)}
    r = FIX_HEADER_ROW
    for n, (p, where) in enumerate(zip(problems, placed, strict=True), start=1):
        r = FIX_HEADER_ROW + n
        message, hint = p.message(lang), p.hint(lang)
        ind = plan.indicator(p.indicator) if p.indicator else None
        what = f"{ind.code} – {ind.name}" if ind else p.indicator
        values = (n, p.code, label(f"severity.{p.severity.value}", lang), p.sheet, p.cell,
                  what, message, hint)
        for col, value in enumerate(values, start=1):
            c = put(ws, r, col, value) if value != "" else ws.cell(row=r, column=col)
            c.alignment = wrap
        ws.cell(row=r, column=3).fill = fills[p.is_error]
        if where is not None:  # the cell address jumps to the cell
            quoted = where.sheet.replace("'", "''")
            link = ws.cell(row=r, column=5)
            link.hyperlink = Hyperlink(ref="", location=f"'{quoted}'!{where.cell}")
            link.font = Font(color="0563C1", underline="single")
        ws.row_dimensions[r].height = xlsx.row_height(
            [(what, FIX_COLUMNS[5][1]), (message, FIX_COLUMNS[6][1]), (hint, FIX_COLUMNS[7][1])])
    xlsx.set_widths(ws, [w for _, w in FIX_COLUMNS])
    ws.freeze_panes = f"A{FIX_HEADER_ROW + 1}"
    if r > FIX_HEADER_ROW:
        ws.auto_filter.ref = f"A{FIX_HEADER_ROW}:{last_col}{r}"
    xlsx.print_setup(ws, landscape=True, title_rows=f"{FIX_HEADER_ROW}:{FIX_HEADER_ROW}")

    for other in wb.worksheets:  # one selected tab, or Excel opens the sheets grouped
        other.sheet_view.tabSelected = other is ws
    wb.active = 0
    return ws


def write_feedback(source: Path, out: Path, problems: Sequence[Problem], plan: Plan,
                   unit: Unit | None = None, lang: str = "vi", today: date | None = None) -> Path:
    """Write the annotated copy of ``source`` to ``out``; ``source`` is only read.

    Raises :class:`dgsp.xlsx.UnreadableWorkbook` when the return cannot be
    opened, and ``OSError`` when ``out`` cannot be written.
    """
    wb = open_copy(Path(source))
    placed = annotate(wb, problems, lang)
    add_fix_sheet(wb, problems, placed, plan=plan, unit=unit, file_name=Path(source).name,
                  lang=lang, today=today)
    xlsx.save_atomic(wb, Path(out))
    return Path(out)


__all__ = ["ERROR_FILL", "WARNING_FILL", "AUTHOR", "UNREADABLE_CODES", "FIX_COLUMNS",
           "FIX_HEADER_ROW", "Placed", "unreadable", "open_copy", "annotate", "add_fix_sheet",
           "write_feedback"]
