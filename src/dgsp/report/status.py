"""Completeness → the reminder list of ``dgsp status --out`` (Danh sách đôn đốc): the units still
owing a valid return, ready to attach to a công văn đôn đốc.

One A4 landscape sheet: the issuing body, the title, the plan's title, the deadline and the
date of the list; then one row per unit that is missing, has a return with errors, or has two
different returns: its code, name, peer group and heads, what is wrong (each problem once, with
its cells) and how to send it again; then the count, and a signature block. Nothing here reads a
file or decides a state: every row comes from :class:`~dgsp.intake.Completeness`.
"""

from __future__ import annotations

import functools
from pathlib import Path

from dgsp import xlsx
from dgsp.intake import Completeness, State, UnitCompleteness
from dgsp.labels import label
from dgsp.model import DocStyle
from dgsp.problems import collapse, place
from dgsp.report.write import UNSCORED_FILL, date_line, page_header, page_texts, table_styles
from dgsp.text import safe_filename
from dgsp.xlsx import direct

STATUS_PROPS = direct.Props(custom={"dgsp_output": "status"})
HEADER_ROW = 6
MAX_LISTED = 8  # problems listed per unit; the rest counted
_COLS = (  # (label key, width): one landscape A4 page wide at 94% (xlsx.MIN_PRINT_SCALE)
    ("col.number", 5), ("col.unit_code", 14), ("col.unit_name", 24), ("col.group", 12),
    ("col.heads", 20), ("remind.col.state", 11), ("remind.col.what", 36),
    ("remind.col.how", 30),
)
_WRAPPED = {3, 4, 5, 7, 8}
_STATE_FILL = {State.MISSING: UNSCORED_FILL, State.ERRORS: "FCE4D6", State.DUPLICATE: "FFF2CC"}


def owing(c: Completeness) -> list[UnitCompleteness]:
    """The units still owing a valid return, in plan order."""
    return [u for u in c.units if u.state is not State.VALID]


def what_is_wrong(u: UnitCompleteness, lang: str) -> str:
    """The unit's errors, each once with its cells, one a line; the missing return said so."""
    if u.state is State.MISSING:
        return label("remind.missing", lang)
    lines = []
    found = [p for p in u.problems if p.is_error] or list(u.problems)
    shown = collapse(found, lang)
    for p, cells in shown[:MAX_LISTED]:
        at = place(p, cells)
        lines.append(f"{at}: {p.message(lang)}" if at else p.message(lang))
    if len(shown) > MAX_LISTED:
        lines.append(label("remind.more", lang, count=len(shown) - MAX_LISTED))
    return "\n".join(lines)


def how_to_resend(u: UnitCompleteness, lang: str) -> str:
    """What the unit's office should do, by its state."""
    name = safe_filename(u.unit.code) + ".xlsx"
    if u.state is State.MISSING:
        return label("remind.how.missing", lang, file=name)
    if u.state is State.DUPLICATE:
        return label("remind.how.duplicate", lang,
                     files=", ".join(Path(f).name for f in u.files))
    return label("remind.how.errors", lang, file=Path(u.file).name or name)


def write_status(c: Completeness, path: Path, lang: str = "vi") -> None:
    """Write the reminder list atomically."""
    direct.write_workbook(Path(path), [_sheet(c, lang)], _styles(), STATUS_PROPS)


@functools.cache
def _styles() -> direct.Styles:
    from openpyxl.styles import Alignment, Font

    styles = table_styles({None: None, **{f: f for f in _STATE_FILL.values()}})
    styles.define("centre.bold", font=Font(bold=True),
                  alignment=Alignment(horizontal="center"))
    styles.define("centre.italic", font=Font(italic=True),
                  alignment=Alignment(horizontal="center"))
    return styles


def _sheet(c: Completeness, lang: str) -> direct.Sheet:
    ws = direct.Sheet(xlsx.sheet_title(label("remind.sheet", lang)))
    ws.widths = [w for _, w in _COLS]
    plan = c.plan
    ws.put(1, 1, plan.issued_by or None, kind="bold")
    ws.put(2, 1, label("remind.title", lang), kind="title")
    ws.put(3, 1, plan.title or None, kind="italic")
    deadline = plan.deadline.strftime("%d/%m/%Y") if plan.deadline else "—"
    days = c.days_left
    when = (label("remind.days_left", lang, days=days) if days is not None and days >= 0
            else label("remind.days_over", lang, days=-days) if days is not None else "")
    ws.put(4, 1, label("remind.deadline", lang, deadline=deadline,
                       today=c.today.strftime("%d/%m/%Y"), when=when), kind="italic")
    ws.heights.update({1: 18, 2: 22, 3: 16, 4: 16})
    for col, (key, _) in enumerate(_COLS, start=1):
        ws.put(HEADER_ROW, col, label(key, lang), kind="header")
    ws.heights[HEADER_ROW] = xlsx.row_height([(label(k, lang), w) for k, w in _COLS])
    r = HEADER_ROW
    for n, u in enumerate(owing(c), start=1):
        r += 1
        values = [n, u.unit.code, u.unit.name, u.unit.group, "; ".join(u.unit.heads) or None,
                  label(f"state.{u.state.value}", lang), what_is_wrong(u, lang),
                  how_to_resend(u, lang)]
        fill = _STATE_FILL[u.state]
        for col, value in enumerate(values, start=1):
            align = "centre" if col == 1 else "wrap" if col in _WRAPPED else ""
            ws.put(r, col, value, xlsx.FMT_INT if col == 1 else None, kind=("cell", fill, align))
        ws.heights[r] = xlsx.row_height([(v, _COLS[col - 1][1]) for col, v in
                                         enumerate(values, start=1)
                                         if col in _WRAPPED and isinstance(v, str)])
    r += 2
    ws.put(r, 1, label("remind.count", lang, owing=len(owing(c)), units=len(c.units),
                       valid=c.total.valid), kind="bold")
    if not owing(c):
        ws.put(r + 1, 1, label("remind.none", lang), kind="italic")
    r += 3
    if plan.document.style is DocStyle.NONE:  # else dated once, in the heading
        ws.put(r, 7, date_line(plan.document, lang), kind="centre.italic")
    ws.put(r + 1, 7, label("remind.signer", lang), kind="centre.bold")
    ws.put(r + 2, 7, label("sign.hint", lang), kind="centre.italic")
    ws.print_setup(landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.freeze = f"C{HEADER_ROW + 1}"
    ws.first_header = page_header(plan, lang)  # the plan's official heading, atop page 1
    page_texts([ws], label("remind.sheet", lang), lang)
    return ws
