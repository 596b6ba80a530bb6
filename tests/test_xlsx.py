"""The direct SpreadsheetML writer (:mod:`dgsp.xlsx.direct`): what it writes must read back
alike in openpyxl (cells, styles, settings) and python-calamine (values, addresses)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from python_calamine import CalamineWorkbook

from dgsp.text import clean
from dgsp.xlsx import direct


def _styles() -> direct.Styles:
    s = direct.Styles()
    s.define("bold", font=Font(bold=True))
    s.define("input", fill=PatternFill("solid", fgColor="FFF9C4"),
             protection=Protection(locked=False), alignment=Alignment(horizontal="left"))
    s.define("box", border=Border(left=Side(style="thin"), bottom=Side(style="thin")))
    return s


def _book(tmp_path, sheets, styles=None, props=None):
    path = tmp_path / "out.xlsx"
    direct.write_workbook(path, sheets, styles or _styles(), props)
    return path


def test_values_read_back_typed_in_openpyxl_and_calamine(tmp_path):
    ws = direct.Sheet("Kết quả")
    ws.put(1, 1, "Xã A")
    ws.put(1, 2, Decimal("2100"))
    ws.put(1, 3, Decimal("1.05"), "0.0%")
    ws.put(2, 1, "=HYPERLINK(\"http://x\",\"bấm\")")  # text, never a formula
    ws.put(2, 2, date(2026, 1, 15), "dd/mm/yyyy")
    ws.put(2, 3, True)
    ws.put(3, 1, "")  # an empty string is an empty cell
    ws.put(3, 2, "a\x07b\ufffe & <c\ud800>")  # what XML cannot hold dropped, markup escaped
    ws.put(3, 3, 7)
    ws.put(30, 28, "far")  # AB30
    path = _book(tmp_path, [ws])
    cells = load_workbook(path)["Kết quả"]
    assert [c.value for c in cells[1][:3]] == ["Xã A", 2100, 1.05]
    assert cells["C1"].number_format == "0.0%" and cells["B1"].data_type == "n"
    assert cells["A2"].value.startswith("=HYPERLINK") and cells["A2"].data_type == "s"
    assert cells["B2"].value == datetime(2026, 1, 15) and cells["B2"].number_format == "dd/mm/yyyy"
    assert cells["C2"].value is True
    assert cells["A3"].value is None and cells["B3"].value == "ab & <c>"
    assert cells["AB30"].value == "far"
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Kết quả").to_python(
        skip_empty_area=False)
    assert grid[0][:3] == ["Xã A", 2100.0, 1.05] and grid[29][27] == "far"
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_styles_merges_and_settings(tmp_path):
    ws = direct.Sheet("Bảng")
    ws.put(1, 1, "Tiêu đề", kind="bold")
    ws.merge("A1:C1")
    ws.put(2, 2, Decimal("3.5"), "0.00", kind="input")
    ws.style(2, 3, "box")  # styled, no value
    ws.style(2, 2, "box")  # restyled: the number format stays
    ws.widths = [10, 20.5]
    ws.heights[2] = 30
    ws.table(1, 3, 2, freeze_col=2)
    ws.print_setup(landscape=True, title_rows="1:1", centred=True)
    ws.protected = True
    ws.validations.append(direct.Validation("decimal", "0", ["B2", "B3"],
                                            operator="greaterThanOrEqual", title="Kết quả",
                                            prompt="Nhập số \"≥ 0\"", error="Số!"))
    hidden = direct.Sheet("_meta", state="veryHidden")
    hidden.put(1, 1, "key")
    path = _book(tmp_path, [ws, hidden], props=direct.Props(custom={"dgsp_unit": "XA"}))
    wb = load_workbook(path)
    s = wb["Bảng"]
    assert s["A1"].font.b and [str(r) for r in s.merged_cells.ranges] == ["A1:C1"]
    assert s["B2"].number_format == "0.00" and s["B2"].border.left.style == "thin"
    assert s["B2"].fill.fill_type is None and s["B2"].protection.locked  # "box" replaced "input"
    assert s["C2"].border.bottom.style == "thin" and s["C2"].value is None
    assert (s.column_dimensions["A"].width, s.column_dimensions["B"].width) == (10, 20.5)
    assert s.row_dimensions[2].height == 30
    assert s.freeze_panes == "B2" and s.auto_filter.ref == "A1:C2"
    assert s.print_title_rows == "$1:$1" and s.page_setup.orientation == "landscape"
    assert s.page_setup.fitToWidth == 1 and s.print_options.horizontalCentered
    assert s.protection.sheet and not s.protection.formatColumns
    (dv,) = s.data_validations.dataValidation
    assert (dv.type, dv.operator, dv.formula1, str(dv.sqref)) == (
        "decimal", "greaterThanOrEqual", "0", "B2 B3")
    assert dv.prompt == "Nhập số \"≥ 0\"" and dv.errorTitle == "Kết quả"
    assert wb["_meta"].sheet_state == "veryHidden" and wb.active.title == "Bảng"
    assert {p.name: p.value for p in wb.custom_doc_props.props} == {"dgsp_unit": "XA"}


@pytest.mark.parametrize("freeze, expected", [("A2", "A2"), ("C1", "C1"), ("D5", "D5")])
def test_freeze_panes(tmp_path, freeze, expected):
    ws = direct.Sheet("S")
    ws.put(1, 1, "x")
    ws.freeze = freeze
    assert load_workbook(_book(tmp_path, [ws]))["S"].freeze_panes == expected


def test_streamed_rows_follow_the_cells(tmp_path):
    ws = direct.Sheet("Dữ liệu")
    ws.put(1, 1, "Mã", kind="bold")
    rows = ([f"U{i}", (Decimal(i) / 4, "0.00", None), None, ("", None, "box")]
            for i in range(5000))
    ws.stream(2, rows)
    path = _book(tmp_path, [ws])
    s = load_workbook(path, read_only=False)["Dữ liệu"]
    assert s.max_row == 5001
    assert [s.cell(row=5001, column=c).value for c in (1, 2, 3)] == ["U4999", 1249.75, None]
    assert s["B3"].number_format == "0.00" and s["D3"].border.left.style == "thin"
    with pytest.raises(ValueError):
        direct.Sheet("x").stream(0, [])


def test_one_style_table_serves_many_packages(tmp_path):
    styles = _styles()
    first = direct.Sheet("S")
    first.put(1, 1, 1, kind="bold")
    a = tmp_path / "a.xlsx"
    direct.write_workbook(a, [first], styles)
    second = direct.Sheet("S")
    second.put(1, 1, 2, "0.0%", kind="input")  # a new cell format, after a.xlsx was written
    b = tmp_path / "b.xlsx"
    direct.write_workbook(b, [second], styles)
    assert load_workbook(a)["S"]["A1"].font.b
    cell = load_workbook(b)["S"]["A1"]
    assert cell.number_format == "0.0%" and cell.fill.fgColor.rgb == "00FFF9C4"
    with pytest.raises(ValueError):
        styles.define("bold", font=Font(italic=True))


def test_refuses_what_a_cell_cannot_hold():
    ws = direct.Sheet("S")
    with pytest.raises(ValueError):
        ws.put(1, 1, Decimal("NaN"))
    with pytest.raises(ValueError):
        ws.put(1, 1, float("inf"))
    with pytest.raises(TypeError):
        ws.put(1, 1, object())


def test_a_failed_write_leaves_nothing(tmp_path):
    def rows():
        yield ["ok"]
        raise RuntimeError("disk full")

    ws = direct.Sheet("S")
    ws.stream(1, rows())
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        direct.write_workbook(path, [ws], _styles())
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=6))
def test_any_text_reads_back_as_written(tmp_path_factory, texts):
    ws = direct.Sheet("S")
    for r, text in enumerate(texts, start=1):
        ws.put(r, 1, text)
    path = tmp_path_factory.mktemp("t") / "t.xlsx"
    direct.write_workbook(path, [ws], direct.Styles())
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python(
        skip_empty_area=False)
    expected = [direct._ILLEGAL.sub("", clean(t)) for t in texts]
    got = [(grid[r][0] if r < len(grid) and grid[r] else "") for r in range(len(texts))]
    assert got == expected


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_and_keeps_what_was_written(tmp_path):  # pragma: no cover
    ws = direct.Sheet("Kết quả")
    ws.put(1, 1, "Tiêu đề", kind="bold")
    ws.merge("A1:C1")
    ws.put(2, 1, "Xã A\nthôn 2")
    ws.put(2, 2, Decimal("1.05"), "0.0%", kind="input")
    ws.validations.append(direct.Validation("decimal", "0", ["B2"], operator="greaterThanOrEqual"))
    ws.protected = True
    ws.stream(3, ([f"U{i}", i] for i in range(100)))
    meta = direct.Sheet("_dgsp", state="veryHidden")
    meta.put(1, 1, "schema")
    src = tmp_path / "src" / "book.xlsx"
    src.parent.mkdir()
    direct.write_workbook(src, [ws, meta], _styles(), direct.Props(custom={"k": "v"}))
    out = tmp_path / "out"
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out),
                    str(src)], check=True, capture_output=True, timeout=180)
    wb = load_workbook(out / "book.xlsx")
    s = wb["Kết quả"]
    assert [s["A1"].value, s["A2"].value, s["B2"].value] == ["Tiêu đề", "Xã A\nthôn 2", 1.05]
    assert s["B2"].number_format == "0.0%" and s["A1"].font.b and s.protection.sheet
    assert (s["A102"].value, s["B102"].value) == ("U99", 99)
    assert [str(r) for r in s.merged_cells.ranges] == ["A1:C1"]
    assert wb["_dgsp"].sheet_state != "visible"


def test_keep_together_breaks_before_a_block_that_would_not_fit():
    """A4 landscape at full size holds about 30 rows of 15 pt: a 10-row block starting at row
    25 begins the next page; one that fits stays; the break is written as a row break."""
    from dgsp.xlsx import direct

    styles = direct.Styles()
    ws = direct.Sheet("S")
    ws.widths = [10] * 5
    ws.print_setup(landscape=True)
    page_rows = int(ws.page_points() * 0.97 // 15)
    ws.keep_together(styles, [(3, 8), (page_rows - 5, page_rows + 4)])
    assert ws.row_breaks == [page_rows - 5]
    ws.keep_together(styles, [(3, 8)])
    assert ws.row_breaks == []
    ws.row_breaks = [12]
    xml = "".join(ws.xml_parts(styles, selected=True))
    assert '<rowBreaks count="1" manualBreakCount="1"><brk id="11"' in xml
