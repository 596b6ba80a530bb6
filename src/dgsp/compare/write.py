"""Comparison → the outputs of ``dgsp compare``: the compare workbook and the JSON.

Nothing here ranks or scores: every rank, change, band and quota figure comes
from the :class:`~dgsp.comparison.Comparison`. The only derived figures are
presentational: the order of the improvement table (competition ranking of the
score changes the comparison carries), each group's highest, median and lowest
score per report for the trend chart, and the charts' value axis and page breaks.

Workbook conventions are those of the score report (see docs/report.md and
docs/compare.md): numbers stay numbers with locale-neutral formats, every
string goes through :func:`dgsp.xlsx.put` / :func:`~dgsp.xlsx.put_text`, each
block of rows is an Excel table (its own filter buttons), printed A4 landscape
one page wide.
"""

from __future__ import annotations

import functools
import math
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dgsp import xlsx
from dgsp.compare.model import (
    COMPARE_SCHEMA,
    Comparison,
    GroupLeague,
    IndicatorCell,
    IndicatorLeague,
    LeagueRow,
    NotCompared,
    QuotaAudit,
    ReportRef,
)
from dgsp.labels import grade_name, label
from dgsp.model import Grade
from dgsp.report import UNSCORED_FILL, json_text
from dgsp.text import format_number, format_percent
from dgsp.xlsx.write import keep_together, page_breaks, page_room, row_tops

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

FMT_CHANGE = "+0.00;-0.00;0.00"  # score change
FMT_PLACES = "+0;-0;0"  # rank change in places, positive: moved up
FMT_MEDIAN_RANK = "0.0"
FMT_FACTOR = "0.00"

BAND_FILLS = {  # heat-map legend, print-friendly
    "red": "FFC7CE",
    "amber": "FFEB9C",
    "green": "C6EFCE",
    "dark_green": "63BE7B",
}
CHANGE_FILLS = {1: "C6EFCE", -1: "FFC7CE"}  # improved / slipped, on the improvement sheet
BAR_COLOURS = {  # bars of the score chart, by final grade (stronger than the sheet fills)
    "HTXSNV": "70AD47",
    "HTTNV": "5B9BD5",
    "HTNV": "FFC000",
    "KHTNV": "ED7D31",
}
THRESHOLD_COLOURS = ("375623", "1F4E79", "BF8F00")  # 90 / 70 / 50 lines; more are grey
NOT_CLEAR_MARK = "≈"
BEST_MARK = "★"
TITLE_ROWS = 2  # title and subtitle above every sheet's first block
SCORE_CHART_HEIGHT = 10.0  # cm: the bars, with their slanted unit names under them
SCORE_CHART_MAX_HEIGHT = 16.0  # cm: as high as a long table beside it, up to this
TREND_CHART_HEIGHT = 7.5  # cm
CHART_WIDTH = 16.0  # cm: the trend chart, and the narrowest score chart
BAR_WIDTH = 1.2  # cm a bar of the score chart takes (besides 6 cm for its axis)
CHART_MAX_WIDTH = 40.0  # cm; narrower when the page cannot hold it at MIN_PRINT_SCALE
CHART_COLUMNS = (28, 10, 10)  # characters: name, score, then each threshold (the trend: B–D)
CHART_GAP = 2  # characters: the empty column between the charts' data and the charts
POINTS_PER_CM = 72 / 2.54
LABEL_ROTATION = -2_700_000  # 60000ths of a degree: the score chart's unit names at −45°
LABEL_SIZE = 800  # hundredths of a point
BAND = ("cmp.chart.highest", "cmp.chart.median", "cmp.chart.lowest")  # the trend chart's series
BAND_COLOURS = ("548235", "2F5597", "C55A11")  # highest green, median blue, lowest orange
ONE_LINE = xlsx.row_height([])


# ----------------------------------------------------------------------------- small words


def _report_name(ref: ReportRef) -> str:
    return f"{ref.title} ({ref.year})" if ref.title else str(ref.year)


def _grade_name(code: str | None, lang: str) -> str | None:
    if code is None:
        return None
    try:
        return grade_name(Grade(code), lang)
    except ValueError:
        return None


def rank_change_text(change: int | None) -> str | None:
    """``▲ 2`` (up two places), ``▼ 1``, ``=``; None when there is nothing to compare."""
    if change is None:
        return None
    if change > 0:
        return f"▲ {change}"
    if change < 0:
        return f"▼ {-change}"
    return "="


def band_text(band: tuple[int, int] | None) -> str | None:
    """A rank band as read aloud: ``1–2``, or ``3`` when it is one rank."""
    if band is None:
        return None
    lo, hi = band
    return str(lo) if lo == hi else f"{lo}–{hi}"


def status_text(row: LeagueRow, lang: str) -> str | None:
    """Why a league row is not an ordinary "scored in both reports" row, in words."""
    parts = []
    if row.status == "removed":
        parts.append(label("cmp.status.removed", lang))
    elif row.status in ("missing", "rejected"):
        parts.append(label(f"status.{row.status}", lang))
    if row.is_new:
        parts.append(label("cmp.status.new", lang))
    if row.previous_status in ("missing", "rejected"):
        parts.append(label(f"cmp.status.prev_{row.previous_status}", lang))
    if row.lowered_by_quota:
        parts.append(label("cmp.status.lowered", lang))
    return "; ".join(parts) or None


def _pct(value: Decimal, lang: str) -> str:
    scaled = value * 100
    return format_percent(value, lang, 0 if scaled == scaled.to_integral_value() else 1)


def _pct_format(value: Decimal | None) -> str:
    return "0%" if value is None or (value * 100) % 1 == 0 else xlsx.FMT_PCT


# ----------------------------------------------------------------------------- blocks of rows


@dataclass(frozen=True)
class Col:
    """One column of a block: its header label key (or literal header), width, value getter,
    number format, whether it wraps, and an optional per-cell fill (hex colour or None)."""

    key: str
    width: float
    get: Callable[[Any], Any]
    fmt: str | None = None
    wrap: bool = False
    fill: Callable[[Any], str | None] | None = None
    literal: bool = False  # ``key`` is the header text itself (an indicator code, a name)
    center: bool = False  # marks and short words (▲ 2, 1–2, ≈)

    def header(self, lang: str) -> str:
        return self.key if self.literal else label(self.key, lang)


def _unique(texts: Sequence[str]) -> list[str]:
    """Excel table headers must be non-empty and unique (case-insensitively)."""
    seen: set[str] = set()
    out = []
    for t in texts:
        base = xlsx.safe_text(t) or "-"
        s, n = base, 2
        while s.casefold() in seen:
            s, n = f"{base} ({n})", n + 1
        seen.add(s.casefold())
        out.append(s)
    return out


def _header(ws: Worksheet, r: int, cols: Sequence[Col], lang: str) -> None:
    texts = _unique([col.header(lang) for col in cols])
    for c, text in enumerate(texts, start=1):
        xlsx.put_text(ws, r, c, text)
    xlsx.style_header_row(ws, r, len(cols))
    ws.row_dimensions[r].height = xlsx.row_height(  # bold text is wider
        [(t, col.width * 0.85) for t, col in zip(texts, cols)])


@functools.cache
def _fill(colour: str):
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=colour)


def _title(ws: Worksheet, title: str, subtitle: str) -> None:
    from openpyxl.styles import Font

    xlsx.put_text(ws, 1, 1, title).font = Font(bold=True, size=14)
    if subtitle:
        xlsx.put_text(ws, 2, 1, subtitle).font = Font(italic=True)


def _caption(ws: Worksheet, r: int, text: str) -> None:
    from openpyxl.styles import Font

    xlsx.put_text(ws, r, 1, text).font = Font(bold=True, size=12)


def _note(ws: Worksheet, r: int, text: str, widths: Sequence[float]) -> None:
    """A wrapped paragraph across the table's width (merged, with a row height that shows it)."""
    from openpyxl.styles import Alignment

    c = xlsx.put_text(ws, r, 1, text)
    c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A{r}:{xlsx.col_letter(len(widths) - 1)}{r}")
    ws.row_dimensions[r].height = xlsx.row_height([(text, sum(widths))])


def _table(ws: Worksheet, prefix: str, header_row: int, ncols: int, last_row: int) -> None:
    """Make the block an Excel table: filter buttons per block, which one sheet-wide auto
    filter cannot give when a sheet holds one block per peer group."""
    from openpyxl.worksheet.table import Table

    if last_row <= header_row:  # a table needs a data row
        return
    name = f"{prefix}_{len(ws.tables) + 1}"
    ws.add_table(Table(displayName=name,
                       ref=f"A{header_row}:{xlsx.col_letter(ncols - 1)}{last_row}"))


def _rows(ws: Worksheet, r: int, cols: Sequence[Col], items: Iterable[Any],
          row_fill: Callable[[Any], str | None] = lambda item: None) -> int:
    """Write one row per item from row ``r``; returns the last row written (r - 1 if none)."""
    last = r - 1
    for item in items:
        last += 1
        fill = row_fill(item)
        heights = []
        for c, col in enumerate(cols, start=1):
            value = col.get(item)
            cell = ws.cell(row=last, column=c) if value is None else \
                xlsx.put(ws, last, c, value, col.fmt)
            colour = (col.fill(item) if col.fill else None) or fill
            if colour:
                cell.fill = _fill(colour)
            if col.wrap and value:
                heights.append((str(value), col.width))
        height = xlsx.row_height(heights)
        tall = height > ONE_LINE
        if tall:  # several lines: wrap the long texts, align the row's cells at the top
            ws.row_dimensions[last].height = height
        for c, col in enumerate(cols, start=1):
            if tall or col.center:  # (styles are costly: only where they show)
                ws.cell(row=last, column=c).alignment = _alignment(col.wrap, tall, col.center)
    return last


@functools.cache
def _alignment(wrap: bool, top: bool, center: bool):
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=wrap or None, vertical="top" if top else None,
                     horizontal="center" if center else None)


def _block(ws: Worksheet, r: int, caption: str, cols: Sequence[Col], items: Sequence[Any],
           lang: str, prefix: str, row_fill: Callable[[Any], str | None] = lambda i: None,
           ) -> tuple[int, int]:
    """Caption, header and rows from row ``r``; returns (header row, next free row)."""
    _caption(ws, r, caption)
    _header(ws, r + 1, cols, lang)
    last = _rows(ws, r + 2, cols, items, row_fill)
    _table(ws, prefix, r + 1, len(cols), last)
    return r + 1, max(last, r + 1) + 2


def _finish(ws: Worksheet, cols: Sequence[Col], headers: Sequence[int],
            freeze: str | None = None) -> None:
    """Widths, frozen panes and print setup of a sheet of :func:`_block` tables (their header
    rows ``headers``): the first header repeated atop each page, and each block's caption
    printed on a page with its header and first row."""
    xlsx.set_widths(ws, [c.width for c in cols])
    if freeze:
        ws.freeze_panes = freeze
    first = headers[0] if headers else None
    xlsx.print_setup(ws, landscape=True, title_rows=f"{first}:{first}" if first else None,
                     title_cols=xlsx.columns_left_of(freeze))
    keep_together(ws, [(hr - 1, hr + 1) for hr in headers])


def _grade_fill(row: LeagueRow) -> str:
    return xlsx.GRADE_FILLS.get(row.grade or "", UNSCORED_FILL) \
        if row.status == "scored" else UNSCORED_FILL


# ----------------------------------------------------------------------------- the workbook


def write_compare(comparison: Comparison, path: Path, lang: str = "vi") -> None:
    """Write the compare workbook: Xếp hạng, Tiến bộ, Theo chỉ tiêu, Bảng màu tỷ lệ đạt,
    Không so sánh, Hạn mức, Độ ổn định, Biểu đồ, Nguồn.

    Tiến bộ and Không so sánh need at least two reports, Độ ổn định a sensitivity run;
    otherwise they are left out.
    """
    c = comparison
    wb = xlsx.new_workbook()
    multi = len(c.reports) > 1

    title = label("cmp.title", lang)

    def sheet(key: str) -> Worksheet:  # titled and numbered first: its margins are known
        ws = wb.create_sheet(xlsx.sheet_title(label(key, lang), wb.sheetnames))
        xlsx.titled_pages(ws, f"{title} – {ws.title}", label("print.page", lang))
        return ws

    _league_sheet(sheet("sheet.league"), c, lang)
    if c.officials:
        _league_sheet(sheet("cmp.sheet.officials"), c, lang, officials=True)
    if multi:
        _improvement_sheet(sheet("sheet.improvement"), c, lang)
    _indicator_sheet(sheet("sheet.by_indicator"), c, lang)
    _heatmap_sheet(sheet("sheet.heatmap"), c, lang)
    if multi:
        _not_compared_sheet(sheet("sheet.not_compared"), c, lang)
    _quota_sheet(sheet("sheet.quota"), c, lang)
    if c.sensitivity is not None:
        _stability_sheet(sheet("sheet.stability"), c, lang)
    _charts_sheet(sheet("sheet.charts"), c, lang)
    _sources_sheet(sheet("sheet.sources"), c, lang)
    xlsx.name_fonts(wb, xlsx.DOCUMENT_FONT)
    from openpyxl.packaging.custom import StringProperty

    wb.custom_doc_props.append(StringProperty(name="dgsp_output", value="compare"))
    xlsx.save_atomic(wb, Path(path))


def _subtitle(c: Comparison, lang: str) -> str:
    ref = _report_name(c.reference)
    if len(c.reports) < 2:
        return ref
    earlier = "; ".join(_report_name(r) for r in c.reports[:-1])
    return f"{ref} · {label('cmp.against', lang, reports=earlier)}"


def _start(ws: Worksheet, c: Comparison, key: str, lang: str, **params: object) -> int:
    _title(ws, label(key, lang, year=c.reference.year, **params), _subtitle(c, lang))
    return TITLE_ROWS + 2


# ----------------------------------------------------------------------------- Xếp hạng


def league_columns(c: Comparison, lang: str) -> list[Col]:
    multi, sens = len(c.reports) > 1, c.sensitivity is not None
    cols = [
        Col("col.rank", 7, lambda r: r.rank, xlsx.FMT_INT, center=True),
        Col("col.unit_code", 14, lambda r: r.code),
        Col("col.unit_name", 24, lambda r: r.name, wrap=True),
        Col("col.heads", 26, lambda r: "; ".join(r.heads) or None, wrap=True),
        Col("col.score", 9, lambda r: r.score, xlsx.FMT_SCORE),
        Col("col.grade_code", 9, lambda r: r.grade, center=True),
        Col("col.grade_name", 22, lambda r: _grade_name(r.grade, lang), wrap=True),
        Col("col.assigned", 8, lambda r: r.assigned, xlsx.FMT_INT),
        Col("col.achieved", 8, lambda r: r.achieved, xlsx.FMT_INT),
        Col("col.exceeded", 8, lambda r: r.exceeded, xlsx.FMT_INT),
    ]
    if multi:
        cols += [
            Col("cmp.col.previous_score", 9, lambda r: r.previous_score, xlsx.FMT_SCORE),
            Col("cmp.col.score_change", 9, lambda r: r.score_change, FMT_CHANGE),
            Col("cmp.col.previous_rank", 8, lambda r: r.previous_rank, xlsx.FMT_INT, center=True),
            Col("cmp.col.rank_change", 8, lambda r: rank_change_text(r.rank_change),
                center=True),
            Col("cmp.col.rank_change_n", 9, lambda r: r.rank_change, FMT_PLACES),
            Col("cmp.col.previous_grade", 9, lambda r: r.previous_grade, center=True),
        ]
    cols.append(Col("col.status", 22, lambda r: status_text(r, lang), wrap=True))
    if sens:
        cols += [
            Col("cmp.col.rank_band", 10, lambda r: band_text(r.rank_band), center=True),
            Col("cmp.col.median_rank", 8, lambda r: r.median_rank, FMT_MEDIAN_RANK, center=True),
            Col("cmp.col.not_clear", 12,
                lambda r: NOT_CLEAR_MARK if r.not_clearly_different else None, center=True),
        ]
    return cols


def _league_sheet(ws: Worksheet, c: Comparison, lang: str, officials: bool = False) -> None:
    """The league tables of the units (or, with ``officials``, of the officials)."""
    cols = league_columns(c, lang)
    r = _start(ws, c, "cmp.title.officials" if officials else "cmp.title.league", lang)
    headers = []
    for g in (c.officials if officials else c.groups):
        hr, r = _block(ws, r, label("cmp.group", lang, group=g.group), cols, g.rows, lang,
                       "Officials" if officials else "League", _grade_fill)
        headers.append(hr)
    _finish(ws, cols, headers, f"D{headers[0] + 1}" if headers else None)


# ----------------------------------------------------------------------------- Tiến bộ


def improvement_order(group: GroupLeague) -> list[tuple[int | None, LeagueRow]]:
    """The group's rows by score change, largest first (competition ranking, ties in league
    order); rows without a change (new, removed, unscored) follow, unranked, in league order."""
    from dgsp.scoring import competition_ranks

    changed = [r for r in group.rows if r.score_change is not None]
    ranks = competition_ranks({r.code: r.score_change for r in changed})
    ordered = sorted(changed, key=lambda r: ranks[r.code])  # stable: league order within ties
    rest = [r for r in group.rows if r.score_change is None]
    return [(ranks[r.code], r) for r in ordered] + [(None, r) for r in rest]


def _improvement_sheet(ws: Worksheet, c: Comparison, lang: str) -> None:
    def sign(item: tuple[int | None, LeagueRow]) -> str | None:
        change = item[1].score_change
        return CHANGE_FILLS.get((change > 0) - (change < 0)) if change is not None else None

    cols = [
        Col("cmp.col.improvement_rank", 9, lambda i: i[0], xlsx.FMT_INT, center=True),
        Col("col.unit_code", 14, lambda i: i[1].code),
        Col("col.unit_name", 26, lambda i: i[1].name, wrap=True),
        Col("cmp.col.previous_score", 9, lambda i: i[1].previous_score, xlsx.FMT_SCORE),
        Col("col.score", 9, lambda i: i[1].score, xlsx.FMT_SCORE),
        Col("cmp.col.score_change", 9, lambda i: i[1].score_change, FMT_CHANGE, fill=sign),
        Col("cmp.col.previous_rank", 8, lambda i: i[1].previous_rank, xlsx.FMT_INT, center=True),
        Col("col.rank", 7, lambda i: i[1].rank, xlsx.FMT_INT, center=True),
        Col("cmp.col.rank_change", 8, lambda i: rank_change_text(i[1].rank_change),
            center=True),
        Col("cmp.col.previous_grade", 9, lambda i: i[1].previous_grade, center=True),
        Col("col.grade_code", 9, lambda i: i[1].grade, center=True),
        Col("col.status", 22, lambda i: status_text(i[1], lang), wrap=True),
    ]
    r = _start(ws, c, "cmp.title.improvement", lang, previous=c.reports[-2].year)
    headers = []
    for g in c.groups:
        hr, r = _block(ws, r, label("cmp.group", lang, group=g.group), cols,
                       improvement_order(g), lang, "Improvement",
                       lambda i: UNSCORED_FILL if i[1].status != "scored" else None)
        headers.append(hr)
    _finish(ws, cols, headers, f"D{headers[0] + 1}" if headers else None)


# ----------------------------------------------------------------------------- Theo chỉ tiêu


def _band_fill(cell: IndicatorCell) -> str | None:
    return BAND_FILLS.get(cell.band) if cell.band else None


def _names(c: Comparison) -> dict[tuple[str, str], str]:
    """(group, unit code) → unit name."""
    return {(g.group, r.code): r.name for g in c.groups for r in g.rows}


def _indicator_caption(il: IndicatorLeague, lang: str) -> str:
    what = "; ".join(x for x in (il.measure, label(f"dir.{il.direction}", lang)) if x)
    return f"{il.indicator} – {il.name} ({what}) · {label('cmp.group', lang, group=il.group)}"


def _indicator_sheet(ws: Worksheet, c: Comparison, lang: str) -> None:
    from openpyxl.styles import Alignment, Font

    names = _names(c)
    multi = len(c.reports) > 1
    cols = [
        Col("cmp.col.indicator_rank", 9, lambda i: i[0].rank, xlsx.FMT_INT, center=True),
        Col("col.unit_code", 14, lambda i: i[0].unit),
        Col("col.unit_name", 30, lambda i: i[1], wrap=True),
        Col("col.ratio", 11, lambda i: i[0].ratio, xlsx.FMT_PCT,
            fill=lambda i: _band_fill(i[0])),
    ]
    if multi:
        cols.append(Col("cmp.col.previous_ratio", 11, lambda i: i[0].previous_ratio,
                        xlsx.FMT_PCT))
    cols.append(Col("cmp.best", 8, lambda i: BEST_MARK if i[0].unit in i[2] else None,
                    center=True))
    r = _start(ws, c, "cmp.title.by_indicator", lang)
    captions = []
    for il in c.indicators:
        _caption(ws, r, _indicator_caption(il, lang))
        captions.append((r, r + 5))  # with the median, the best, the header and a first row
        if multi and not il.comparable:
            xlsx.put_text(ws, r + 1, 1, label("cmp.not_comparable", lang)).font = \
                Font(italic=True)
        xlsx.put_text(ws, r + 2, 3, label("cmp.median", lang)).font = Font(bold=True)
        xlsx.put(ws, r + 2, 4, il.median, xlsx.FMT_PCT)
        best = "; ".join(f"{names.get((il.group, u), u)} ({u})" for u in il.best)
        lead = xlsx.put_text(ws, r + 3, 3, label("cmp.best", lang))
        lead.font, lead.alignment = Font(bold=True), Alignment(vertical="top")  # as the names
        if best:  # a long tie: wrapped within the table's width, not spilling past it
            xlsx.put_text(ws, r + 3, 4, best).alignment = _alignment(True, True, False)
            ws.merge_cells(start_row=r + 3, start_column=4, end_row=r + 3, end_column=len(cols))
            ws.row_dimensions[r + 3].height = xlsx.row_height(
                [(best, sum(col.width for col in cols[3:]))])
        cells = sorted((cell for cell in il.cells if cell.ratio is not None),
                       key=lambda cell: cell.rank if cell.rank is not None else 1 << 30)
        items = [(cell, names.get((il.group, cell.unit)), set(il.best)) for cell in cells]
        _header(ws, r + 4, cols, lang)
        last = _rows(ws, r + 5, cols, items)
        _table(ws, "Indicator", r + 4, len(cols), last)
        r = max(last, r + 4) + 2
    _finish(ws, cols, [], "A3")
    keep_together(ws, captions)


# ----------------------------------------------------------------------------- Bảng màu tỷ lệ đạt


def band_legend(c: Comparison, lang: str) -> list[tuple[str, str]]:
    """(band, words) for the four colours, with the comparison's limits."""
    red, green = _pct(c.bands.red_below, lang), _pct(c.bands.green_from, lang)
    return [(band, label(f"cmp.band.{band}", lang, red=red, green=green))
            for band in ("red", "amber", "green", "dark_green")]


def _ratio_col(il: IndicatorLeague, cells: dict[tuple[str, str], IndicatorCell]) -> Col:
    """A heat-map column: the unit's ratio on the indicator, filled by its band."""
    def cell(row: LeagueRow) -> IndicatorCell | None:
        return cells.get((il.indicator, row.code))

    return Col(il.indicator, 9, lambda row: getattr(cell(row), "ratio", None), xlsx.FMT_PCT,
               literal=True, fill=lambda row: _band_fill(cell(row)) if cell(row) else None)


def _heatmap_sheet(ws: Worksheet, c: Comparison, lang: str) -> None:
    from openpyxl.styles import Alignment, Font

    base = [
        Col("col.rank", 7, lambda r: r.rank, xlsx.FMT_INT, center=True),
        Col("col.unit_code", 14, lambda r: r.code),
        Col("col.unit_name", 26, lambda r: r.name, wrap=True),
        Col("col.score", 9, lambda r: r.score, xlsx.FMT_SCORE),
    ]
    r = _start(ws, c, "cmp.title.heatmap", lang)
    # legend: one coloured cell per band, then the note
    xlsx.put_text(ws, r, 2, label("cmp.legend", lang)).font = Font(bold=True)
    for i, (band, words) in enumerate(band_legend(c, lang)):
        xlsx.put_text(ws, r + i, 3, words).fill = _fill(BAND_FILLS[band])
    _note(ws, r + 4, label("cmp.heat.note", lang), [c_.width for c_ in base])
    r += 6
    widest = len(base)
    captions = []
    for g in c.groups:
        leagues = [il for il in c.indicators if il.group == g.group]
        cells = {(il.indicator, cell.unit): cell for il in leagues for cell in il.cells}

        cols = base + [_ratio_col(il, cells) for il in leagues]
        widest = max(widest, len(cols))
        rows = [row for row in g.rows if row.status != "removed"]
        _caption(ws, r, label("cmp.group", lang, group=g.group))
        captions.append((r, r + 3))  # with the names, the header and the first row
        # indicator names above their codes, wrapped, small
        small = Alignment(wrap_text=True, vertical="bottom", horizontal="center")
        for j, il in enumerate(leagues, start=len(base) + 1):
            cell = xlsx.put_text(ws, r + 1, j, il.name)
            cell.alignment, cell.font = small, Font(size=8, italic=True)
        if leagues:  # 8 pt: 11/8 as many characters a line, 11 points a line; whole
            ws.row_dimensions[r + 1].height = xlsx.row_height(
                [(il.name, 9 * 11 / 8) for il in leagues], line=11.0)
        _header(ws, r + 2, cols, lang)
        last = _rows(ws, r + 3, cols, rows,
                     lambda row: None if row.status == "scored" else UNSCORED_FILL)
        _table(ws, "Heat", r + 2, len(cols), last)
        r = max(last, r + 2) + 2
    xlsx.set_widths(ws, [col.width for col in base] + [9] * (widest - len(base)))
    ws.freeze_panes = f"E{TITLE_ROWS + 1}"
    xlsx.print_setup(ws, landscape=True, title_cols=xlsx.columns_left_of(ws.freeze_panes))
    keep_together(ws, captions)


# ----------------------------------------------------------------------------- Không so sánh


def change_detail(n: NotCompared, lang: str) -> str | None:
    """The detail of a change of meaning in words: a change of direction ("higher → lower")
    names the directions as the plan does (Tăng → Giảm); a unit of measure stays as written."""
    if n.reason != "direction":
        return n.detail or None
    words = {d: label(f"dir.{d}", lang) for d in ("higher", "lower", "binary")}
    parts = re.split(r"(, | → )", n.detail)
    return "".join(words.get(p, p) for p in parts) or None


def _not_compared_sheet(ws: Worksheet, c: Comparison, lang: str) -> None:
    names = {il.indicator: il.name for il in c.indicators}
    cols = [
        Col("col.indicator_code", 12, lambda n: n.indicator),
        Col("col.indicator_name", 36, lambda n: names.get(n.indicator), wrap=True),
        Col("cmp.col.reason", 30, lambda n: label(f"cmp.reason.{n.reason}", lang), wrap=True),
        Col("cmp.col.detail", 24, lambda n: change_detail(n, lang), wrap=True),
        Col("cmp.col.reports", 30, lambda n: "; ".join(
            _report_name(c.reports[i]) for i in n.reports if 0 <= i < len(c.reports)) or None,
            wrap=True),
    ]
    r = _start(ws, c, "cmp.title.not_compared", lang)
    _header(ws, r, cols, lang)
    last = _rows(ws, r + 1, cols, c.not_compared)
    _table(ws, "NotCompared", r, len(cols), last)
    if not c.not_compared:
        xlsx.put_text(ws, r + 1, 1, label("cmp.none_not_compared", lang))
    _finish(ws, cols, [r], f"A{r + 1}")


# ----------------------------------------------------------------------------- Hạn mức


def _unit_list(codes: Sequence[str], group: str, names: dict[tuple[str, str], str]) -> str | None:
    return "; ".join(f"{names.get((group, u), u)} ({u})" for u in codes) or None


def _quota_sheet(ws: Worksheet, c: Comparison, lang: str) -> None:
    """A summary row per group, then every unit graded HTXSNV before the quota, best first,
    with what the quota did to it."""
    names = _names(c)
    rows = {(g.group, r.code): r for g in c.groups for r in g.rows}
    order = {(g.group, r.code): i for g in c.groups for i, r in enumerate(g.rows)}
    summary = [
        Col("col.group", 16, lambda q: q.group, wrap=True),
        Col("info.quota", 10, lambda q: q.quota, _pct_format(None)),
        Col("cmp.col.pool", 14, lambda q: q.pool, xlsx.FMT_INT),
        Col("cmp.col.seats", 12, lambda q: q.seats if q.seats is not None
            else label("cmp.no_quota", lang), xlsx.FMT_INT),
        Col("cmp.col.kept_n", 10, lambda q: len(q.kept), xlsx.FMT_INT, center=True),
        Col("cmp.col.lowered_n", 12, lambda q: len(q.lowered), xlsx.FMT_INT, center=True),
        Col("cmp.col.kept", 34, lambda q: _unit_list(q.kept, q.group, names), wrap=True),
        Col("cmp.col.lowered", 34, lambda q: _unit_list(q.lowered, q.group, names), wrap=True),
    ]
    # (audit, unit code, its league row, kept?)
    Item = tuple[QuotaAudit, str, LeagueRow | None, bool]
    detail = [
        Col("col.group", 16, lambda i: i[0].group, wrap=True),
        Col("col.rank", 10, lambda i: i[2].rank if i[2] else None, xlsx.FMT_INT, center=True),
        Col("col.unit_code", 14, lambda i: i[1]),
        Col("col.unit_name", 24, lambda i: i[2].name if i[2] else None, wrap=True),
        Col("col.score", 10, lambda i: i[0].scores.get(i[1], i[2].score if i[2] else None),
            xlsx.FMT_SCORE),
        Col("col.grade_before_quota", 12,
            lambda i: (i[2].grade_before_quota if i[2] else None) or Grade.HTXSNV.value,
            center=True),
        Col("cmp.col.outcome", 34, lambda i: label(
            "cmp.outcome.kept" if i[3] else "cmp.outcome.lowered", lang)),
    ]
    widths = [max(a.width if a else 0, b.width if b else 0)
              for a, b in zip_longest(summary, detail)]

    r = _start(ws, c, "cmp.title.quota", lang)
    _note(ws, r, label("cmp.quota.rule", lang), widths[:len(summary)])
    r += 2
    first = r
    _header(ws, r, summary, lang)
    last = _rows(ws, r + 1, summary, c.quota)
    for q_row, q in enumerate(c.quota, start=r + 1):  # "20%", "12.5%"
        ws.cell(row=q_row, column=2).number_format = _pct_format(q.quota)
    _table(ws, "Quota", r, len(summary), last)
    r = max(last, r) + 2

    items: list[Item] = []
    for q in c.quota:
        mine = [(q, u, rows.get((q.group, u)), True) for u in q.kept] + \
               [(q, u, rows.get((q.group, u)), False) for u in q.lowered]
        items += sorted(mine, key=lambda i: order.get((i[0].group, i[1]), len(order)))
    _caption(ws, r, label("cmp.quota.detail", lang))
    _header(ws, r + 1, detail, lang)
    last = _rows(ws, r + 2, detail, items,
                 lambda i: xlsx.GRADE_FILLS[Grade.HTXSNV.value if i[3] else Grade.HTTNV.value])
    _table(ws, "Quota", r + 1, len(detail), last)
    xlsx.set_widths(ws, widths)
    ws.freeze_panes = f"A{first + 1}"
    xlsx.print_setup(ws, landscape=True)
    keep_together(ws, [(r, r + 2)])  # the detail's caption with its header and first row


# ----------------------------------------------------------------------------- Độ ổn định


def _stability_sheet(ws: Worksheet, c: Comparison, lang: str) -> None:
    from openpyxl.styles import Font

    s = c.sensitivity
    assert s is not None
    cols = [
        Col("col.rank", 7, lambda r: r.rank, xlsx.FMT_INT, center=True),
        Col("col.unit_code", 14, lambda r: r.code),
        Col("col.unit_name", 26, lambda r: r.name, wrap=True),
        Col("col.score", 9, lambda r: r.score, xlsx.FMT_SCORE),
        Col("cmp.col.median_rank", 9, lambda r: r.median_rank, FMT_MEDIAN_RANK, center=True),
        Col("cmp.col.best_rank", 11, lambda r: r.rank_band[0] if r.rank_band else None,
            xlsx.FMT_INT),
        Col("cmp.col.worst_rank", 11, lambda r: r.rank_band[1] if r.rank_band else None,
            xlsx.FMT_INT),
        Col("cmp.col.rank_band", 11, lambda r: band_text(r.rank_band), center=True),
        Col("cmp.col.not_clear", 14,
            lambda r: NOT_CLEAR_MARK if r.not_clearly_different else None, center=True),
    ]
    r = _start(ws, c, "cmp.title.stability", lang)
    facts = (("cmp.runs", s.runs, xlsx.FMT_INT), ("cmp.low", s.low, FMT_FACTOR),
             ("cmp.high", s.high, FMT_FACTOR), ("cmp.seed", s.seed, "0"))
    for i, (key, value, fmt) in enumerate(facts):
        xlsx.put_text(ws, r + i, 2, label(key, lang)).font = Font(bold=True)
        xlsx.put(ws, r + i, 4, value, fmt)
    _note(ws, r + 4, label("cmp.method", lang, runs=format_number(s.runs, lang),
                           low=format_number(s.low, lang), high=format_number(s.high, lang),
                           seed=s.seed), [col.width for col in cols])
    r += 6
    headers = []
    for g in c.groups:
        ranked = [row for row in g.rows if row.rank is not None]
        hr, r = _block(ws, r, label("cmp.group", lang, group=g.group), cols, ranked, lang,
                       "Stability", _grade_fill)
        headers.append(hr)
    _finish(ws, cols, headers, "D3")


# ----------------------------------------------------------------------------- Biểu đồ


def _points(row: LeagueRow, n: int) -> dict[int, tuple[str | None, Decimal | None]]:
    """Report index → (group, score) of a scored appearance of the unit; from its history,
    or, when the comparison carries none, from the reference and previous scores."""
    if row.history:
        return {p.report: (p.group, p.score) for p in row.history
                if p.status == "scored" and p.score is not None}
    out: dict[int, tuple[str | None, Decimal | None]] = {}
    if row.status == "scored" and row.score is not None:
        out[n - 1] = (row.group, row.score)
    if n > 1 and row.previous_score is not None:
        out[n - 2] = (row.group, row.previous_score)
    return out


def group_scores(c: Comparison, group: str) -> list[list[Decimal]]:
    """The scores of the group's scored units in each report (oldest first); a unit counts
    towards the group it was in that report."""
    n = len(c.reports)
    scores: list[list[Decimal]] = [[] for _ in range(n)]
    for g in c.groups:
        for row in g.rows:
            for i, (grp, score) in _points(row, n).items():
                if grp == group and score is not None and 0 <= i < n:
                    scores[i].append(score)
    return scores


def _per_report(scores: list[list[Decimal]], f: Callable) -> list[Decimal | None]:
    return [Decimal(f(s)).quantize(Decimal("0.01")) if s else None for s in scores]


def group_medians(c: Comparison, group: str) -> list[Decimal | None]:
    """The median score of the group's scored units in each report (oldest first)."""
    return _per_report(group_scores(c, group), statistics.median)


def group_band(c: Comparison, group: str) -> tuple[list[Decimal | None], ...]:
    """The highest, the median and the lowest score of the group's scored units in each
    report (oldest first; None where none was scored): the trend chart's three lines, in the
    order of :data:`BAND`."""
    scores = group_scores(c, group)
    return tuple(_per_report(scores, f) for f in (max, statistics.median, min))


def score_axis(values: Iterable[Decimal | int | None],
               thresholds: Iterable[Decimal | int] = ()) -> tuple[int, int] | None:
    """The value axis of a group's charts: from below the lowest to above the highest of the
    scores and the thresholds, by at least half a step, on a multiple of the step (5 points,
    or 10 when they span more than 50); never below 0 unless a score is. None without any."""
    data = [Decimal(v) for v in (*values, *thresholds) if v is not None]
    if not data:
        return None
    lo, hi = min(data), max(data)
    step = 5 if hi - lo <= 50 else 10
    low = math.floor((lo - Decimal(step) / 2) / step) * step
    high = math.ceil((hi + Decimal(step) / 2) / step) * step
    return (max(low, 0) if lo >= 0 else low), high


def _report_labels(c: Comparison) -> list[str]:
    years = [r.year for r in c.reports]
    unique = len(set(years)) == len(years)
    return [str(r.year) if unique else _report_name(r) for r in c.reports]


def _text_categories(chart: Any, ws: Worksheet, first: int, last: int) -> None:
    """Categories from text cells of column A, as a string reference (openpyxl's
    ``set_categories`` writes a number reference, which text categories are not)."""
    from openpyxl.chart import Reference
    from openpyxl.chart.data_source import AxDataSource, StrRef

    ref = str(Reference(ws, min_col=1, min_row=first, max_row=last))
    for s in chart.series:
        s.cat = AxDataSource(strRef=StrRef(f=ref))


def _axes(chart: Any, axis: tuple[int, int] | None) -> None:
    chart.x_axis.delete = False  # openpyxl 3.1 otherwise hides the axes in Excel
    chart.y_axis.delete = False
    if axis:  # the same range on both charts of a group
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = axis
    chart.y_axis.number_format = "0"  # whole points on both, not the data's 0.00
    chart.legend.position = "b"


def _slanted_labels(axis: Any) -> None:
    """Category labels at :data:`LABEL_ROTATION`: a unit's name on one line, not wrapped
    syllable by syllable under a narrow bar."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RichTextProperties,
    )

    size = CharacterProperties(sz=LABEL_SIZE)
    axis.txPr = RichText(bodyPr=RichTextProperties(rot=LABEL_ROTATION, vert="horz"),
                         p=[Paragraph(pPr=ParagraphProperties(defRPr=size), endParaRPr=size,
                                      r=[])])
    axis.tickLblSkip = 1  # every unit named, none skipped where they crowd


def _score_chart(ws: Worksheet, title: str, header: int, last: int, nthresholds: int,
                 grades: Sequence[str | None], lang: str, axis: tuple[int, int] | None,
                 room: float) -> Any:
    """Bars of the scores (column B, categories column A) with the thresholds (columns C…)
    as dashed lines on the same axes; at most ``room`` cm wide, and as high as its data
    (within :data:`SCORE_CHART_HEIGHT` … :data:`SCORE_CHART_MAX_HEIGHT`): the room under a
    long table gives the bars the height their slanted names take."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.chart.marker import DataPoint

    bar = BarChart()
    bar.type, bar.grouping, bar.gapWidth = "col", "clustered", 60
    bar.title = title
    bar.add_data(Reference(ws, min_col=2, min_row=header, max_row=last), titles_from_data=True)
    _text_categories(bar, ws, header + 1, last)
    series = bar.series[0]
    for i, grade in enumerate(grades):
        if grade in BAR_COLOURS:
            pt = DataPoint(idx=i)
            pt.graphicalProperties.solidFill = BAR_COLOURS[grade]
            series.dPt.append(pt)
    bar.y_axis.title = label("col.score", lang)
    _slanted_labels(bar.x_axis)
    if nthresholds:
        line = LineChart()
        line.add_data(Reference(ws, min_col=3, max_col=2 + nthresholds, min_row=header,
                                max_row=last), titles_from_data=True)
        _text_categories(line, ws, header + 1, last)
        for i, s in enumerate(line.series):
            s.smooth = False
            s.marker.symbol = "none" if last > header + 1 else "dash"
            s.graphicalProperties.line.dashStyle = "dash"
            s.graphicalProperties.line.width = 19050  # 1.5 pt
            s.graphicalProperties.line.solidFill = (
                THRESHOLD_COLOURS[i] if i < len(THRESHOLD_COLOURS) else "7F7F7F")
        bar += line
    _axes(bar, axis)
    n = last - header
    bar.width = min(max(CHART_WIDTH, BAR_WIDTH * n + 6), room)
    rows = sum(ws.row_dimensions[i].height or ONE_LINE for i in range(header, last + 1))
    bar.height = min(max(SCORE_CHART_HEIGHT, rows / POINTS_PER_CM), SCORE_CHART_MAX_HEIGHT)
    return bar


def _trend_chart(ws: Worksheet, title: str, header: int, last: int, lang: str,
                 axis: tuple[int, int] | None) -> Any:
    """The lines of :data:`BAND` (columns B–D) over the reports (column A)."""
    from openpyxl.chart import LineChart, Reference

    chart = LineChart()
    chart.title = title
    chart.add_data(Reference(ws, min_col=2, max_col=1 + len(BAND), min_row=header, max_row=last),
                   titles_from_data=True)
    _text_categories(chart, ws, header + 1, last)
    for s, colour in zip(chart.series, BAND_COLOURS, strict=True):
        s.smooth = False
        s.marker.symbol = "circle"
        s.marker.graphicalProperties.solidFill = colour
        s.marker.graphicalProperties.line.solidFill = colour
        s.graphicalProperties.line.solidFill = colour
        s.graphicalProperties.line.width = 28575  # 2.25 pt
    chart.y_axis.title = label("col.score", lang)
    chart.x_axis.title = label("cmp.col.report", lang)
    _axes(chart, axis)
    chart.width, chart.height = CHART_WIDTH, TREND_CHART_HEIGHT
    return chart


def _chart_chars(cm: float) -> float:
    """A width in cm as a column width in characters: the inverse of
    :func:`dgsp.xlsx.write.column_inches`."""
    return (cm / 2.54 * 96 - 5) / 7


def _chart_room(widths: Sequence[float]) -> float:
    """The widest chart (cm, by half a cm, at least :data:`CHART_WIDTH`) that prints beside
    columns of these widths on one A4 landscape page wide at no less than MIN_PRINT_SCALE."""
    width = CHART_MAX_WIDTH
    while width > CHART_WIDTH and not xlsx.page_fit([*widths, _chart_chars(width)], True)[0]:
        width -= 0.5
    return width


def _charts_sheet(ws: Worksheet, c: Comparison, lang: str) -> None:
    """Per group: the data a chart refers to in columns A–E, the chart beside it; each chart
    with its data on one printed page."""
    from openpyxl.worksheet.pagebreak import Break

    thresholds = list(c.thresholds)
    n = len(c.reports)
    name, score, each = CHART_COLUMNS
    widths = [name, score] + [each] * max(len(thresholds), len(BAND) - 1) + [CHART_GAP]
    anchor = xlsx.col_letter(len(widths))  # after the empty column
    room = _chart_room(widths)
    labels = _report_labels(c)
    _title(ws, label("cmp.title.charts", lang), _subtitle(c, lang))
    _note(ws, 2, _subtitle(c, lang), widths)  # wrapped: overflowing, it widens the printout
    r = TITLE_ROWS + 2
    # a block: its first row (the caption, or the empty row above: a page that ended at the
    # chart's top edge would draw that edge), the chart's row, the last data row, the chart
    blocks: list[tuple[int, int, int, Any]] = []
    for g in c.groups:
        ranked = [row for row in g.rows if row.status == "scored" and row.score is not None]
        band = group_band(c, g.group) if n > 1 else ()
        axis = score_axis([row.score for row in ranked] + [v for line in band for v in line],
                          thresholds)
        _caption(ws, r, label("cmp.group", lang, group=g.group))
        r += 1
        if ranked:
            cols = [label("col.unit_name", lang), label("col.score", lang)] + [
                label("cmp.chart.threshold", lang, value=format_number(t, lang))
                for t in thresholds]
            _chart_header(ws, r, cols, widths, lang)
            for i, row in enumerate(ranked, start=r + 1):
                xlsx.put_text(ws, i, 1, row.name)
                xlsx.put(ws, i, 2, row.score, xlsx.FMT_SCORE)
                for j, t in enumerate(thresholds, start=3):
                    xlsx.put(ws, i, j, t, xlsx.FMT_INT)
            last = r + len(ranked)
            title = label("cmp.chart.scores", lang, group=g.group, year=c.reference.year)
            chart = _score_chart(ws, xlsx.safe_text(title), r, last, len(thresholds),
                                 [row.grade for row in ranked], lang, axis, room)
            ws.add_chart(chart, f"{anchor}{r}")
            blocks.append((r - 1, r, last, chart))
            r = max(last + 2, _row_below(ws, r, chart))
        if band:
            _chart_header(ws, r, [label(k, lang) for k in ("cmp.col.report", *BAND)], widths,
                          lang)
            for i in range(n):
                xlsx.put_text(ws, r + 1 + i, 1, labels[i])
                for j, values in enumerate(band, start=2):
                    if values[i] is not None:
                        xlsx.put(ws, r + 1 + i, j, values[i], xlsx.FMT_SCORE)
            title = label("cmp.chart.trend", lang, group=g.group)
            chart = _trend_chart(ws, xlsx.safe_text(title), r, r + n, lang, axis)
            ws.add_chart(chart, f"{anchor}{r}")
            blocks.append((r - 1, r, r + n, chart))
            r = max(r + n + 2, _row_below(ws, r, chart))
    xlsx.set_widths(ws, widths)
    xlsx.print_setup(ws, landscape=True)  # fitted one page wide, the charts with the columns
    for row in _chart_breaks(ws, blocks, widths, r):
        ws.row_breaks.append(Break(id=row - 1))  # a break after row id


def _chart_header(ws: Worksheet, r: int, texts: Sequence[str], widths: Sequence[float],
                  lang: str) -> None:
    """The header of a chart's data: the texts over columns of these widths, wrapped; the
    row as high as if the columns were 2 characters narrower, as lines break between words
    ("Cao nhất / trong / nhóm"), which a count of characters does not see."""
    _header(ws, r, [Col(t, w - 2, lambda item: None, literal=True)
                    for t, w in zip(texts, widths, strict=False)], lang)


def _row_below(ws: Worksheet, top: int, chart: Any) -> int:
    """The row after the one empty row below a chart anchored at row ``top``."""
    room = chart.height * POINTS_PER_CM
    r = top
    while room > 0:
        room -= ws.row_dimensions[r].height or ONE_LINE
        r += 1
    return r + 1


def _chart_breaks(ws: Worksheet, blocks: Sequence[tuple[int, int, int, Any]],
                  widths: Sequence[float], end: int) -> list[int]:
    """:func:`page_breaks` for the blocks of the charts sheet (rows up to ``end``), printed at
    the scale that fits the columns and the widest chart one page wide."""
    if not blocks:
        return []
    widest = max(chart.width for *_, chart in blocks)
    scale = xlsx.page_fit([*widths, _chart_chars(widest)], landscape=True)[1]
    tops = row_tops(ws, end)
    return page_breaks(tops, [(first, max(tops[last + 1], tops[top] + chart.height
                                          * POINTS_PER_CM))
                              for first, top, last, chart in blocks],
                       page_room(ws, scale, tops))


# ----------------------------------------------------------------------------- Nguồn


def _sources_sheet(ws: Worksheet, c: Comparison, lang: str) -> None:
    from openpyxl.styles import Font

    from dgsp import __version__

    block: list[tuple[str, Any, str | None]] = [
        ("source.version", __version__, None),
        ("source.generated", label("cmp.source.note", lang), None),
        ("cmp.col.reference", _report_name(c.reference), None),
        ("cmp.source.reports", len(c.reports), xlsx.FMT_INT),
        ("cmp.source.red_below", c.bands.red_below, _pct_format(c.bands.red_below)),
        ("cmp.source.green_from", c.bands.green_from, _pct_format(c.bands.green_from)),
        ("cmp.source.thresholds", "; ".join(format_number(t, lang) for t in c.thresholds),
         None),
    ]
    for r, (key, value, fmt) in enumerate(block, start=1):
        xlsx.put_text(ws, r, 1, label(key, lang)).font = Font(bold=True)
        xlsx.put(ws, r, 2, value, fmt)
    ref = len(c.reports) - 1
    cols = [  # one landscape page wide at 91%: the long texts and the SHA-256 wrap
        Col("col.no", 27, lambda i: i[0] + 1, xlsx.FMT_INT, center=True),
        Col("info.title", 23, lambda i: i[1].title or None, wrap=True),
        Col("info.year", 6, lambda i: i[1].year, "0", center=True),
        Col("col.file", 26, lambda i: i[1].file or None, wrap=True),
        Col("col.sha256", 34, lambda i: i[1].sha256 or None, wrap=True),
        Col("source.fingerprint", 18, lambda i: i[1].fingerprint or None),
        Col("cmp.col.reference", 12, lambda i: label("yes", lang) if i[0] == ref else None),
    ]
    hr = len(block) + 2
    _header(ws, hr, cols, lang)
    last = _rows(ws, hr + 1, cols, enumerate(c.reports))
    _table(ws, "Sources", hr, len(cols), last)
    _finish(ws, cols, [hr], f"A{hr + 1}")


# ----------------------------------------------------------------------------- JSON


def _score(value: Decimal | None) -> float | None:
    """Scores and score changes: a float rounded to 2 places."""
    return None if value is None else round(float(value), 2)


def _ratio(value: Decimal | None) -> float | None:
    """Ratios: a float rounded to 6 places."""
    return None if value is None else round(float(value), 6)


def _number(value: Decimal | int | None) -> int | float | None:
    if value is None:
        return None
    d = Decimal(value)
    return int(d) if d == d.to_integral_value() else float(d)


def _unit_json(row: LeagueRow, c: Comparison, lang: str) -> dict:
    sens = c.sensitivity is not None
    out: dict[str, Any] = {
        "code": row.code,
        "name": row.name,
        "score": _score(row.score),
        "rank": row.rank,
        "grade": row.grade,
        "previous_score": _score(row.previous_score),
        "previous_rank": row.previous_rank,
        "score_change": _score(row.score_change),
        "rank_change": row.rank_change,
    }
    if sens:
        out["rank_band"] = list(row.rank_band) if row.rank_band else None
    out["status"] = row.status
    out.update({
        "is_new": row.is_new,
        "heads": list(row.heads),
        "grade_before_quota": row.grade_before_quota,
        "lowered_by_quota": row.lowered_by_quota,
        "assigned": row.assigned,
        "achieved": row.achieved,
        "exceeded": row.exceeded,
        "previous_status": row.previous_status,
        "previous_grade": row.previous_grade,
        "note": status_text(row, lang),
    })
    if sens:
        out["median_rank"] = _number(row.median_rank)
        out["not_clearly_different"] = row.not_clearly_different
    out["history"] = [{
        "report": p.report,
        "year": c.reports[p.report].year if 0 <= p.report < len(c.reports) else None,
        "status": p.status,
        "group": p.group,
        "score": _score(p.score),
        "rank": p.rank,
        "grade": p.grade,
    } for p in row.history]
    return out


def to_json(comparison: Comparison, lang: str = "vi") -> dict:
    """The machine-readable comparison (schema ``dgsp.compare/1``).

    Contract keys (issue 4) are never renamed or dropped: ``reports``; ``groups`` with
    ``units`` (code, name, score, rank, grade, previous_score, previous_rank, score_change,
    rank_change, rank_band only with sensitivity, status); ``quota`` (group, pool, seats,
    kept, lowered); ``indicators_not_compared`` (indicator, reason). Extra keys may be added.
    ``lang`` chooses the language of the words (notes, reasons) only.
    """
    from dgsp import __version__

    c = comparison
    last = len(c.reports) - 1
    return {
        "schema": COMPARE_SCHEMA,
        "dgsp_version": __version__,
        "reports": [{
            "title": r.title, "year": r.year, "file": r.file, "sha256": r.sha256,
            "fingerprint": r.fingerprint, "reference": i == last,
        } for i, r in enumerate(c.reports)],
        "groups": [{
            "group": g.group,
            "units": [_unit_json(row, c, lang) for row in g.rows],
        } for g in c.groups],
        "officials": [{
            "group": g.group,
            "officials": [_unit_json(row, c, lang) for row in g.rows],
        } for g in c.officials],
        "quota": [{
            "group": q.group,
            "pool": q.pool,
            "seats": q.seats,
            "kept": list(q.kept),
            "lowered": list(q.lowered),
            "quota": _number(q.quota),
            "scores": {code: _score(s) for code, s in sorted(q.scores.items())},
        } for q in c.quota],
        "indicators_not_compared": [{
            "indicator": n.indicator,
            "reason": n.reason,
            "reason_text": label(f"cmp.reason.{n.reason}", lang),
            "detail": n.detail,
            "reports": list(n.reports),
        } for n in c.not_compared],
        "indicators": [{
            "indicator": il.indicator,
            "name": il.name,
            "group": il.group,
            "task_group": il.task_group,
            "measure": il.measure,
            "direction": il.direction,
            "comparable": il.comparable,
            "median": _ratio(il.median),
            "best": list(il.best),
            "units": [{
                "unit": cell.unit,
                "ratio": _ratio(cell.ratio),
                "rank": cell.rank,
                "band": cell.band,
                "previous_ratio": _ratio(cell.previous_ratio) if il.comparable else None,
            } for cell in il.cells],
        } for il in c.indicators],
        "bands": {"red_below": _ratio(c.bands.red_below),
                  "green_from": _ratio(c.bands.green_from)},
        "thresholds": [_number(t) for t in c.thresholds],
        "sensitivity": None if c.sensitivity is None else {
            "runs": c.sensitivity.runs,
            "low": _number(c.sensitivity.low),
            "high": _number(c.sensitivity.high),
            "seed": c.sensitivity.seed,
        },
    }


def dump_json(comparison: Comparison, lang: str = "vi") -> str:
    """:func:`to_json` as text (:func:`dgsp.report.json_text`)."""
    return json_text(to_json(comparison, lang))


__all__ = [
    "write_compare", "to_json", "dump_json", "league_columns", "improvement_order",
    "group_medians", "group_band", "score_axis", "page_breaks", "band_legend",
    "rank_change_text", "band_text", "status_text", "change_detail",
    "BAND_FILLS",
]
