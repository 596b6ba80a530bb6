"""YearEvaluation → the outputs of ``dgsp year``: the year workbook and one year phiếu per entity.

Nothing here computes a grade: every number comes from the
:class:`~dgsp.compare.model.YearEvaluation` (:func:`dgsp.compare.year.build_year`). The only
derived figures are presentational: the quota sheet's kept and lowered entities, read off
the entities' grades, and the terms of the mean on a phiếu.

The workbook (:func:`write_year`) has the sheets *Tổng hợp năm* (per peer group: the
quarters' scores, the annual score, the grade and its reasons), *Theo quý* (the quarters'
grades as a heat map), *Cảnh báo* (the flagged entities), *Hạn mức* (the excellent quota per
peer group) and *Nguồn* (the rounds' reports). A phiếu (:func:`write_year_sheets`) follows
Mẫu 02 of Nghị định 335: the entity, its rounds, the annual score and how it was made, the
grade and its reasons, the flag, and a signature block. Both are written atomically by
:func:`dgsp.xlsx.direct.write_workbook`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from dgsp import xlsx
from dgsp.compare.model import YearEntity, YearEvaluation, YearRound
from dgsp.labels import LABELS, grade_name, label
from dgsp.model import Grade
from dgsp.report.write import (
    UNSCORED_FILL,
    header_heights,
    heading_styles,
    official_header,
    page_texts,
    reasons_text,
    signature_block,
    table_styles,
)
from dgsp.scoring.year import QUARTERS as YEAR_QUARTERS
from dgsp.text import format_number, safe_filename
from dgsp.xlsx import direct

YEAR_PROPS = direct.Props(custom={"dgsp_output": "year"})
SHEET_PROPS = direct.Props(custom={"dgsp_output": "year_sheet"})
QUARTERS = tuple(q.value for q in YEAR_QUARTERS)
HEADER_ROW = 5  # below the title block
UNGRADED_FILL = UNSCORED_FILL  # not graded, missing, rejected: the report's grey
TITLE_HEIGHTS = {1: 18, 2: 22, 3: 16}

__all__ = ["write_year", "write_year_sheets"]


# ----------------------------------------------------------------------------- words


def period_word(period: str, lang: str) -> str:
    """A round's column: "Quý I" … "Quý IV" (en "Q1" …), or the year's own round."""
    return label("year.period.year", lang) if period == "year" else label(f"period.{period}", lang)


def periods(year: YearEvaluation) -> tuple[str, ...]:
    """The columns of the rounds: Q1–Q4, then the year's own round when there is one."""
    return QUARTERS + (("year",) if "year" in year.periods else ())


def round_of(e: YearEntity, period: str) -> YearRound | None:
    return next((r for r in e.rounds if r.period == period), None)


def round_word(r: YearRound | None, lang: str) -> str | None:
    """A round's grade code, or its status in words when it has none; None: not in it."""
    if r is None or r.status is None:
        return None
    if r.status == "scored" and r.grade:
        return r.grade
    return label(f"status.{r.status}", lang)


def flag_word(flag: str, lang: str) -> str:
    key = f"flag.{flag}"
    return label(key, lang) if key in LABELS else flag


def flags_text(e: YearEntity, lang: str) -> str:
    return "; ".join(flag_word(f, lang) for f in e.flags)


def _grade_fill(grade: str | None) -> str | None:
    return grade if grade in xlsx.GRADE_FILLS else None


def groups(entities: Sequence[YearEntity]) -> list[tuple[str, list[YearEntity]]]:
    """The entities by peer group, in their order (build_year sorts them by group, then rank)."""
    out: dict[str, list[YearEntity]] = {}
    for e in entities:
        out.setdefault(e.group, []).append(e)
    return list(out.items())


def sections(year: YearEvaluation) -> list[tuple[str, str, list[YearEntity]]]:
    """(``units`` or ``officials``, group, entities): units first, then officials."""
    return [(kind, g, members)
            for kind, entities in (("units", year.units), ("officials", year.officials))
            for g, members in groups(entities)]


def quota_rows(year: YearEvaluation) -> list[tuple[str, str, int | None, list[str], list[str]]]:
    """Per peer group: (kind, group, seats, kept HTXSNV, lowered by the quota). The seats are
    the quota reason's when the quota lowered anyone; otherwise at least the kept (None)."""
    rows = []
    for kind, group, members in sections(year):
        kept = [e.code for e in members if e.grade == Grade.HTXSNV.value]
        lowered = [e.code for e in members if e.lowered_by_quota]
        seats = next((int(r.params["seats"]) for e in members for r in e.reasons
                      if r.code == "quota" and r.params.get("seats") is not None), None)
        rows.append((kind, group, seats, kept, lowered))
    return rows


def _num(value: Decimal, lang: str) -> str:
    text = format_number(value, lang, 2)
    sep = "," if lang == "vi" else "."
    return text.rstrip("0").rstrip(sep) if sep in text else text


def how_text(year: YearEvaluation, e: YearEntity, lang: str) -> str:
    """How the annual score was made: the mean of the graded quarters, or the year round's."""
    if e.annual_score is None:
        return label("year.phieu.how.none", lang)
    if year.rule == "final":
        return label("year.phieu.how.final", lang)
    graded = [r for r in e.rounds
              if r.period in QUARTERS and r.status == "scored" and r.score is not None]
    terms = "(" + " + ".join(_num(r.score, lang) for r in graded) + f") / {len(graded)}"
    return label("year.phieu.how.mean", lang, count=len(graded), terms=terms,
                 score=format_number(e.annual_score, lang, 2))


# ----------------------------------------------------------------------------- the workbook


def write_year(year: YearEvaluation, path: Path, lang: str = "vi") -> None:
    """Write the year workbook (Tổng hợp năm, Theo quý, Cảnh báo, Hạn mức, Nguồn) atomically."""
    sheets = [_summary_sheet(year, lang), _quarters_sheet(year, lang), _flags_sheet(year, lang),
              _quota_sheet(year, lang), _sources_sheet(year, lang)]
    page_texts(sheets, label("year.title", lang, year=year.year), lang)
    direct.write_workbook(Path(path), sheets, _styles(), YEAR_PROPS)


@functools.cache
def _styles() -> direct.Styles:
    return table_styles({**xlsx.GRADE_FILLS, None: None, "grey": UNGRADED_FILL})


def _sheet(title_key: str, cols: Sequence[tuple[str, float]], lang: str,
           header_row: int) -> direct.Sheet:
    ws = direct.Sheet(xlsx.sheet_title(label(title_key, lang)))
    ws.widths = [w for _, w in cols]
    for c, (key, _) in enumerate(cols, start=1):
        ws.put(header_row, c, label(key, lang) if key in LABELS else key, kind="header")
    ws.heights[header_row] = max(30.0, xlsx.row_height(
        [(label(k, lang) if k in LABELS else k, w) for k, w in cols]))
    ws.print_setup(landscape=True, title_rows=f"{header_row}:{header_row}")
    return ws


def _title_block(ws: direct.Sheet, year: YearEvaluation, lang: str,
                 sheet_key: str | None = None) -> None:
    """The round's title, then the sheet's heading (the year's own on the summary), then the
    rule of the annual score."""
    ws.put(1, 1, year.title or None, kind="bold")
    heading = label("year.title", lang, year=year.year) if sheet_key is None else label(
        "year.heading", lang, sheet=label(sheet_key, lang).upper(), year=year.year)
    ws.put(2, 1, heading, kind="title")
    ws.put(3, 1, label(f"year.rule.{year.rule}", lang) if f"year.rule.{year.rule}" in LABELS
           else year.rule, kind="italic")
    ws.heights.update(TITLE_HEIGHTS)


def _cells(ws: direct.Sheet, r: int, values: Sequence[Any], aligns: Sequence[str],
           fill: str | None, widths: Sequence[float]) -> None:
    """One boxed row; wrapped columns grow the row so the text prints whole."""
    texts = []
    for c, (item, align) in enumerate(zip(values, aligns, strict=True), start=1):
        value, fmt, cell_fill = (item + (fill,))[:3] if isinstance(item, tuple) \
            else (item, None, fill)
        ws.put(r, c, value, fmt, kind=("cell", cell_fill, align))
        if align == "wrap" and isinstance(value, str):
            texts.append((value, widths[c - 1]))
    height = xlsx.row_height(texts)
    if height > xlsx.row_height([]):
        ws.heights[r] = height


def _section(ws: direct.Sheet, r: int, kind: str, group: str, ncols: int, lang: str) -> None:
    ws.put(r, 1, label(f"year.section.{kind}", lang, group=group), kind="section")
    ws.merge(f"A{r}:{xlsx.col_letter(ncols - 1)}{r}")
    ws.heights[r] = 20


FMT_NOT_COUNTED = '0.00"*"'  # a quarter scored but not graded: shown, not in the annual mean


def grade_word(e: YearEntity, lang: str) -> str | None:
    """The year's grade, or "Không xếp loại" for an entity with no annual score."""
    return e.grade or (label("status.not_graded", lang) if e.annual_score is None else None)


def _summary_cols(year: YearEvaluation) -> list[tuple[str, float]]:
    return [("col.rank", 7), ("year.col.code", 17), ("year.col.name", 22), ("col.group", 16),
            ("year.col.unit", 14), *((p, 8.5) for p in periods(year)), ("year.col.annual", 9),
            ("year.col.grade", 11), ("year.col.lowered", 9), ("year.col.reasons", 54)]


def _summary_sheet(year: YearEvaluation, lang: str) -> direct.Sheet:
    cols = _summary_cols(year)
    ws = _sheet("year.sheet.summary", [(period_word(k, lang) if k in periods(year) else k, w)
                                       for k, w in cols], lang, HEADER_ROW)
    _title_block(ws, year, lang)
    aligns = ["centre", "", "wrap", "wrap", "", *("" for _ in periods(year)), "", "centre",
              "centre", "wrap"]
    r = HEADER_ROW
    not_counted = False
    headings = []
    for kind, group, members in sections(year):
        r += 1
        _section(ws, r, kind, group, len(cols), lang)
        headings.append((r, r + 1))  # printed on a page with its first row
        for e in members:
            r += 1
            scores = []
            for p in periods(year):
                rd = round_of(e, p)
                graded = rd is None or rd.score is None or rd.status == "scored"
                not_counted |= not graded
                scores.append((rd.score if rd is not None else None,
                               xlsx.FMT_SCORE if graded else FMT_NOT_COUNTED))
            _cells(ws, r, [
                (e.rank, xlsx.FMT_INT), e.code, e.name, e.group, e.unit or None, *scores,
                (e.annual_score, xlsx.FMT_SCORE), grade_word(e, lang),
                label("year.yes", lang) if e.lowered_by_quota else None,
                reasons_text(e, lang) or None,
            ], aligns, _grade_fill(e.grade) if e.grade else "grey", [w for _, w in cols])
    if not_counted:
        ws.put(r + 2, 1, label("year.not_counted_note", lang), kind="italic")
    if headings:
        ws.keep_together(_styles(), headings)
    ws.freeze = f"D{HEADER_ROW + 1}"
    return ws


def _quarters_sheet(year: YearEvaluation, lang: str) -> direct.Sheet:
    ps = periods(year)
    cols = [("year.col.kind", 10), ("year.col.code", 17), ("year.col.name", 22),
            ("col.group", 16), *((period_word(p, lang), 15) for p in ps),
            ("year.col.excellent_quarters", 10), ("year.col.grade", 14)]
    ws = _sheet("year.sheet.quarters", cols, lang, HEADER_ROW)
    _title_block(ws, year, lang, "year.sheet.quarters")
    aligns = ["", "", "wrap", "wrap", *("centre" for _ in ps), "centre", "centre"]
    r = HEADER_ROW
    for kind, _group, members in sections(year):
        for e in members:
            r += 1
            cells = []
            for p in ps:
                rd = round_of(e, p)
                word = round_word(rd, lang)
                fill = _grade_fill(rd.grade if rd is not None and rd.status == "scored"
                                   else None) or (None if word is None else "grey")
                cells.append((word, None, fill))
            _cells(ws, r, [label(f"year.kind.{kind}", lang), e.code, e.name, e.group, *cells,
                           (e.excellent_quarters, xlsx.FMT_INT),
                           (grade_word(e, lang), None, _grade_fill(e.grade) or "grey")],
                   aligns, None, [w for _, w in cols])
    ws.table(HEADER_ROW, len(cols), r, freeze_col=4)
    return ws


def _flags_sheet(year: YearEvaluation, lang: str) -> direct.Sheet:
    cols = [("year.col.kind", 10), ("year.col.code", 17), ("year.col.name", 22),
            ("col.group", 16), ("year.col.unit", 14), ("year.col.flag", 36),
            ("year.col.quarters", 36)]
    ws = _sheet("year.sheet.flags", cols, lang, HEADER_ROW)
    _title_block(ws, year, lang, "year.sheet.flags")
    aligns = ["", "", "wrap", "wrap", "", "wrap", "wrap"]
    r = HEADER_ROW
    for kind, _group, members in sections(year):
        for e in members:
            if not e.flags:
                continue
            r += 1
            quarters = ", ".join(f"{period_word(rd.period, lang)} {round_word(rd, lang)}"
                                 for rd in e.rounds
                                 if rd.period in QUARTERS and round_word(rd, lang))
            _cells(ws, r, [label(f"year.kind.{kind}", lang), e.code, e.name, e.group,
                           e.unit or None, flags_text(e, lang), quarters],
                   aligns, _grade_fill(e.grade) or "grey", [w for _, w in cols])
    if r == HEADER_ROW:
        ws.put(r + 1, 1, label("year.no_flags", lang), kind="italic")
    else:
        ws.table(HEADER_ROW, len(cols), r, freeze_col=3)
    return ws


def _quota_sheet(year: YearEvaluation, lang: str) -> direct.Sheet:
    cols = [("year.col.kind", 10), ("col.group", 22), ("year.col.seats", 10),
            ("year.col.eligible", 12), ("year.col.kept", 40), ("year.col.lowered_to", 40)]
    ws = _sheet("year.sheet.quota", cols, lang, HEADER_ROW)
    _title_block(ws, year, lang, "year.sheet.quota")
    aligns = ["", "wrap", "centre", "centre", "wrap", "wrap"]
    r = HEADER_ROW
    for kind, group, seats, kept, lowered in quota_rows(year):
        r += 1
        _cells(ws, r, [label(f"year.kind.{kind}", lang), group, (seats, xlsx.FMT_INT),
                       (len(kept) + len(lowered), xlsx.FMT_INT), ", ".join(kept) or None,
                       ", ".join(lowered) or None], aligns, None, [w for _, w in cols])
    ws.table(HEADER_ROW, len(cols), r)
    return ws


def _sources_sheet(year: YearEvaluation, lang: str) -> direct.Sheet:
    cols = [("year.col.period", 10), ("col.file", 38), ("col.sha256", 68),
            ("year.col.fingerprint", 20)]
    ws = _sheet("sheet.sources", cols, lang, HEADER_ROW)
    _title_block(ws, year, lang, "sheet.sources")
    r = HEADER_ROW
    for period, ref in zip(year.periods, year.reports, strict=True):
        r += 1
        _cells(ws, r, [period_word(period, lang), ref.file, ref.sha256, ref.fingerprint or None],
               ["centre", "wrap", "", ""], None, [w for _, w in cols])
    ws.table(HEADER_ROW, len(cols), r)
    return ws


# ----------------------------------------------------------------------------- the phiếu

_PHIEU_WIDTHS = (14, 14, 14, 40)  # Kỳ | Điểm | Xếp loại | Ghi chú: A4 portrait


def write_year_sheets(year: YearEvaluation, out_dir: Path, lang: str = "vi") -> list[Path]:
    """One year phiếu per entity (units, then officials), ``<code>.xlsx`` in ``out_dir``
    (created), each written atomically. Returns the paths, in that order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths, taken = [], set()
    for e in (*year.units, *year.officials):
        stem = base = safe_filename(e.code)
        n = 2
        while stem.casefold() in taken:  # case-insensitive file systems
            stem, n = f"{base}-{n}", n + 1
        taken.add(stem.casefold())
        path = out_dir / f"{stem}.xlsx"
        ws = direct.Sheet(xlsx.sheet_title(label("year.phieu.title", lang, year=year.year)))
        _phieu(ws, year, e, lang)
        direct.write_workbook(path, [ws], _phieu_styles(), SHEET_PROPS)
        paths.append(path)
    return paths


@functools.cache
def _phieu_styles() -> direct.Styles:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="top", wrap_text=True)
    styles = direct.Styles(font=xlsx.DOCUMENT_FONT)
    styles.define("bold", font=bold, alignment=centre)
    styles.define("title", font=Font(bold=True, size=13), alignment=centre)
    styles.define("italic", font=Font(italic=True), alignment=centre)
    heading_styles(styles)
    styles.define("section", font=Font(bold=True, size=12), alignment=left)
    styles.define("field", font=bold, alignment=left)
    styles.define("value", alignment=left)
    styles.define("value.bold", font=bold, alignment=left)
    styles.define("header", **xlsx.header_styles(xlsx.HEADER_FILL))
    for grade, colour in (*xlsx.GRADE_FILLS.items(), (None, None), ("grey", UNGRADED_FILL)):
        extra = {"fill": PatternFill("solid", fgColor=colour)} if colour else {}
        styles.define(("table", grade), border=box,
                      alignment=Alignment(horizontal="center", vertical="center"), **extra)
        styles.define(("table.wrap", grade), border=box,
                      alignment=Alignment(vertical="center", wrap_text=True), **extra)
    return styles


def _phieu(ws: direct.Sheet, year: YearEvaluation, e: YearEntity, lang: str) -> None:
    ws.widths = list(_PHIEU_WIDTHS)
    width = sum(_PHIEU_WIDTHS)

    def line(r: int, text: str | None, kind: str, first: str | int = "A",
             end: str | int = "D") -> None:  # columns as letters, or numbers from 1
        first, end = (c if isinstance(c, str) else xlsx.col_letter(c - 1) for c in (first, end))
        ws.put(r, ord(first) - 64, text, kind=kind)
        ws.merge(f"{first}{r}:{end}{r}")

    def field(r: int, key: str, value: Any, fmt: str | None = None, bold: bool = False) -> int:
        ws.put(r, 1, label(key, lang) + ":", kind="field")
        ws.put(r, 2, value, fmt, kind="value.bold" if bold else "value")
        ws.merge(f"B{r}:D{r}")
        if isinstance(value, str):
            ws.heights[r] = xlsx.row_height([(value, width - _PHIEU_WIDTHS[0])])
        return r + 1

    top = official_header(line, year, lang, 2, 4)  # the last round's plan's heading
    ws.heights.update(header_heights(year, lang, sum(_PHIEU_WIDTHS[:2]), sum(_PHIEU_WIDTHS[2:])))
    if year.title:
        line(top + 1, year.title, "bold")
        ws.heights[top + 1] = xlsx.row_height([(year.title, width)])
    line(top + 3, label("year.phieu.title", lang, year=year.year), "title")
    ws.heights[top + 3] = 36
    r = top + 5
    r = field(r, "year.phieu.name", e.name, bold=True)
    r = field(r, "year.col.code", e.code)
    if e.official and e.unit:
        unit = next((u.name for u in year.units if u.code == e.unit), "")
        r = field(r, "year.col.unit", f"{unit} ({e.unit})" if unit else e.unit)
    r = field(r, "col.group", e.group)

    # I. the rounds
    r += 1
    line(r, label("year.phieu.rounds", lang), "section")
    r += 1
    hr = r
    for c, key in enumerate(("year.col.period", "year.col.score", "year.col.round_grade",
                             "year.col.round_note"), start=1):
        ws.put(r, c, label(key, lang), kind="header")
    for p in periods(year):
        r += 1
        rd = round_of(e, p)
        graded = rd is not None and rd.status == "scored" and rd.grade is not None
        fill = _grade_fill(rd.grade) if graded else "grey"
        if rd is None or rd.status is None:
            note = label("year.not_in_round", lang)
        elif graded:
            note = grade_name(Grade(rd.grade), lang)
        else:
            note = rd.reason or label(f"status.{rd.status}", lang)
            if p in QUARTERS and rd.score is not None:
                note += f" ({label('year.not_counted', lang)})"
        ws.put(r, 1, period_word(p, lang), kind=("table", fill))
        ws.put(r, 2, rd.score if rd is not None else None, xlsx.FMT_SCORE, kind=("table", fill))
        ws.put(r, 3, rd.grade if graded else None, kind=("table", fill))
        ws.put(r, 4, note, kind=("table.wrap", fill))
        ws.heights[r] = max(18.0, xlsx.row_height([(note, _PHIEU_WIDTHS[3])]))

    # II. the year
    r += 2
    line(r, label("year.phieu.result", lang), "section")
    r += 1
    r = field(r, "year.col.annual", e.annual_score, xlsx.FMT_SCORE, bold=True)
    r = field(r, "year.phieu.how", how_text(year, e, lang))
    grade = f"{e.grade} – {grade_name(Grade(e.grade), lang)}" if e.grade \
        else grade_word(e, lang) or ""
    r = field(r, "year.col.grade", grade, bold=True)
    if e.rank is not None:
        size = sum(1 for x in (year.officials if e.official else year.units)
                   if x.group == e.group and x.rank is not None)
        r = field(r, "col.rank", label("phieu.rank", lang, rank=e.rank, count=size))
    reasons = reasons_text(e, lang, "\n")
    if reasons:
        r = field(r, "year.col.reasons", reasons)
    if e.flags:
        r = field(r, "year.col.flag", flags_text(e, lang), bold=True)

    signature_block(ws, line, r + 1, hr, lang,
                    ((("A", "B"), "sign.preparer"), (("C", "D"), "sign.approver")),
                    year.document if year.document.given else None)
