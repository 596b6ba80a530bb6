"""Workbook-writing helpers that lean on openpyxl internals: they must give openpyxl's own result.

An openpyxl upgrade that changes those internals fails here, not in a printed sheet.
"""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from dgsp import xlsx


def _cells(ws):
    return {(c.row, c.column): (type(c).__name__, c.value, c.font.b, c.fill.fgColor.rgb,
                                c.border.left.style, c.border.bottom.style, c.protection.locked,
                                c.alignment.horizontal)
            for row in ws.iter_rows(min_row=1, max_row=6, max_col=6) for c in row}


@pytest.mark.parametrize("bordered", [False, True])
def test_merge_gives_what_merge_cells_gives(tmp_path, bordered):
    books = []
    for use_ours in (False, True):
        wb = Workbook()
        ws = wb.active
        top = ws.cell(row=2, column=2, value="Tiêu đề")
        top.font = Font(bold=True)
        top.protection = Protection(locked=False)
        if bordered:
            top.border = Border(left=Side(style="thin"), bottom=Side(style="thin"))
        if use_ours:
            xlsx.merge(ws, "B2:D4")
        else:
            ws.merge_cells("B2:D4")
        path = tmp_path / f"{use_ours}-{bordered}.xlsx"
        wb.save(path)
        books.append(path)
    theirs, ours = books
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        for part in ("xl/worksheets/sheet1.xml", "xl/styles.xml"):
            assert a.read(part) == b.read(part), part
    assert _cells(load_workbook(ours).active) == _cells(load_workbook(theirs).active)


def test_style_stamp_copies_only_the_named_styles_and_serves_one_workbook():
    wb = Workbook()
    ws = wb.active
    stamp = xlsx.StyleStamp()
    fill = PatternFill("solid", fgColor="FFF9C4")
    first = stamp(ws.cell(row=1, column=1), "input", fill=fill, alignment=Alignment(horizontal="left"))
    later = ws.cell(row=2, column=1)
    later.number_format = "0.0%"
    stamp(later, "input", fill=PatternFill("solid", fgColor="000000"))  # the kind's styles win
    assert later.fill.fgColor.rgb == first.fill.fgColor.rgb == "00FFF9C4"
    assert later.alignment.horizontal == "left"
    assert later.number_format == "0.0%"  # not named: kept
    with pytest.raises(ValueError):
        stamp(Workbook().active.cell(row=1, column=1), "input", fill=fill)
