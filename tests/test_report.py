"""The outputs of `dgsp score`: report workbook, evaluation sheets (phiếu), JSON.

Golden tests compare cell values read back from the files (never bytes), against
tables written out here. The evaluation is produced by scoring.evaluate on
conftest.small_plan with hand-made returns:

    group Xã (quota 50%: 2 units HTXSNV/HTTNV → 1 seat)
      XA  I1 115/100, I2 9/10, I3 0/0, I4 done  → 106.00 HTXSNV, rank 1
      XB  all exactly on target                 → 100.00 HTTNV,  rank 2
      XC  rejected (2 errors)
    group Sở (1 unit HTXSNV → 0 seats)
      SA  I1 60,5/50 (capped at 120%), I4 done  → 113.33 HTXSNV lowered to HTTNV
      SB  missing
"""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import small_plan, workbook_content
from openpyxl import load_workbook

from dgsp.model import (
    Direction,
    Indicator,
    IndicatorResult,
    Problem,
    Return,
    ReturnedValue,
    Source,
    Target,
    Unit,
)
from dgsp.report import write as report
from dgsp.scoring import evaluate

PLAN_SHA = "cd" * 32


def _ret(unit: str, values: dict[str, str], problems=(), notes: dict[str, str] | None = None):
    notes = notes or {}
    return Return(
        file=f"ret/{unit}.xlsx", sha256=unit.lower().ljust(64, "0"), unit=unit,
        values=tuple(ReturnedValue(indicator=k, value=D(v), note=notes.get(k, ""))
                     for k, v in values.items()),
        problems=tuple(problems))


def make_eval(**plan_overrides):
    plan = small_plan(excellent_quota=D("0.5"), issued_by="Tỉnh ủy Vĩnh Phúc",
                      **plan_overrides)
    returns = {
        "XA": _ret("XA", {"I1": "115", "I2": "9", "I3": "0", "I4": "1"},
                   [Problem("DG214", {"found": "1.15", "value": "115"}, file="ret/XA.xlsx",
                            sheet="Kết quả", cell="G9", unit="XA", indicator="I1")],
                   notes={"I1": "Nghị quyết số 12"}),
        "XB": _ret("XB", {"I1": "100", "I2": "10", "I3": "0", "I4": "1"}),
        "XC": _ret("XC", {}, [
            Problem("DG212", {"found": "khoảng 200"}, file="ret/XC.xlsx", sheet="Kết quả",
                    cell="G9", unit="XC", indicator="I1"),
            Problem("DG210", {}, file="ret/XC.xlsx", sheet="Kết quả", cell="G10", unit="XC",
                    indicator="I2")]),
        "SA": _ret("SA", {"I1": "60.5", "I4": "1"}),
    }
    sources = [Source(kind="plan", file="plan.xlsx", sha256=PLAN_SHA)] + [
        Source(kind="return", file=r.file, sha256=r.sha256, unit=r.unit,
               status="rejected" if r.unit == "XC" else "scored")
        for r in returns.values()] + [
        Source(kind="return", file="ret/XA (1).xlsx", sha256="ef" * 32, unit="XA",
               status="duplicate")]
    return evaluate(plan, returns, sources=sources, dgsp_version="0.1.0")


@pytest.fixture(scope="module")
def ev():
    return make_eval()


@pytest.fixture(scope="module")
def out(tmp_path_factory, ev):
    d = tmp_path_factory.mktemp("report")
    report.write_report(ev, d / "report.xlsx")
    report.write_report(ev, d / "report-en.xlsx", lang="en")
    report.write_unit_sheets(ev, d / "phieu")
    return d


@pytest.fixture(scope="module")
def wb(out):
    return load_workbook(out / "report.xlsx")


def values(ws, min_row=1, max_row=None, max_col=None):
    return [list(r) for r in ws.iter_rows(min_row=min_row, max_row=max_row, max_col=max_col,
                                          values_only=True)]


# ----------------------------------------------------------------------------- Tổng hợp

MET = "Theo điểm và chỉ tiêu: đủ điều kiện HTXSNV (điểm {}; {} chỉ tiêu đạt, {} vượt)"
SUMMARY = [
    ["Xếp hạng", "Mã đơn vị", "Tên đơn vị", "Nhóm so sánh", "Người đứng đầu", "Tổng điểm",
     "Đạt/Giao", "Số chỉ tiêu giao", "Số chỉ tiêu đạt", "Số chỉ tiêu vượt", "Xếp loại",
     "Tên mức xếp loại", "Xếp loại trước khi áp tỷ lệ xuất sắc", "Trạng thái", "Lý do xếp loại", "Ghi chú"],
    [1, "XA", "Xã A", "Xã", "Nguyễn Văn A - Bí thư", 106, "4/4", 4, 4, 2, "HTXSNV",
     "Hoàn thành xuất sắc nhiệm vụ", "HTXSNV", "Đã chấm", MET.format("106,00", "4/4", 2), None],
    [2, "XB", "Xã B", "Xã", None, 100, "4/4", 4, 4, 0, "HTTNV", "Hoàn thành tốt nhiệm vụ",
     "HTTNV", "Đã chấm", "0/4 chỉ tiêu vượt (0%) < 30% (ngưỡng HTXSNV)", None],
    [None, "XC", "Xã C", "Xã", None, None, None, 4, None, None, None, None, None, "Bị từ chối",
     None, "Kết quả bị từ chối: 2 lỗi, xem trang Kiểm tra"],
    [1, "SA", "Sở A", "Sở", None, 113.33, "2/2", 2, 2, 1, "HTTNV", "Hoàn thành tốt nhiệm vụ",
     "HTXSNV", "Đã chấm", MET.format("113,33", "2/2", 1) + "; Hạ xuống HTTNV do tỷ lệ xuất sắc: "
     "nhóm Sở được tối đa 0 HTXSNV", None],  # the quota said once, in the reason
    [None, "SB", "Sở B", "Sở", None, None, None, 2, None, None, None, None, None, "Không nộp",
     None, "Không nộp kết quả"],
]


def test_report_sheet_names(wb):
    """The visible sheets; the score JSON rides in a very hidden "_dgsp" (see test_reports.py)."""
    assert wb.sheetnames == ["Tổng hợp", "Toàn tỉnh", "Dữ liệu", "Kiểm tra", "Nguồn", "_dgsp"]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible"] * 5 + ["veryHidden"]


def test_summary_title_block_and_table(wb):
    ws = wb["Tổng hợp"]
    assert [ws["A1"].value, ws["A2"].value, ws["A3"].value] == [
        "Tỉnh ủy Vĩnh Phúc", "TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ NĂM 2025", "Đánh giá thử"]
    assert values(ws, min_row=5, max_row=4 + len(SUMMARY)) == SUMMARY


def test_summary_formats(wb):
    ws = wb["Tổng hợp"]
    assert ws["F6"].number_format == "0.00"
    assert ws["F9"].value == pytest.approx(113.33) and ws["F9"].data_type == "n"
    assert ws["A6"].number_format == "#,##0"
    assert ws["H6"].number_format == "#,##0"
    assert ws["G6"].data_type == "s"  # "4/4" is text, never a date or a fraction


def test_summary_grade_fill(wb):
    ws = wb["Tổng hợp"]
    fill = {r: ws.cell(row=r, column=c).fill.fgColor.rgb[-6:]
            for r in range(6, 11) for c in (1, 8, 15)}
    assert fill[6] == "C6EFCE"  # XA HTXSNV
    assert fill[7] == "DDEBF7"  # XB HTTNV
    assert fill[9] == "DDEBF7"  # SA lowered to HTTNV: coloured by the final grade
    assert fill[8] == fill[10] == report.UNSCORED_FILL
    assert {ws.cell(row=6, column=c).fill.fgColor.rgb[-6:] for c in range(1, 16)} == {"C6EFCE"}


def test_summary_layout_and_print(wb):
    ws = wb["Tổng hợp"]
    assert ws.freeze_panes == "D6"
    assert ws.auto_filter.ref == "A5:P10"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    # 16 columns: too wide for one landscape page at a readable scale, so over two pages
    # wide at 91% (11-pt text at 10 pt), the rank, code and name repeated on each
    # (tests/test_print.py)
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale == 91
    assert ws.print_title_rows == "$5:$5" and ws.print_title_cols == "$A:$C"
    assert ws["A5"].font.bold
    assert ws.column_dimensions["C"].width >= 20


def test_note_quotes_seats_of_the_group():
    """With quota 20% and three HTXSNV candidates out of five good units, one seat."""
    plan = small_plan(excellent_quota=D("0.2"))
    plan = plan.model_copy(update={
        "units": tuple(Unit(code=c, name=c, group="G") for c in ("A", "B", "C", "D", "E")),
        "indicators": plan.indicators[:1],
        "targets": tuple(Target(unit=u, indicator="I1", value=D(100)) for u in "ABCDE")})
    res = {"A": "120", "B": "119", "C": "118", "D": "100", "E": "100"}
    ev = evaluate(plan, {u: _ret(u, {"I1": v}) for u, v in res.items()})
    assert report.seats_by_group(ev) == {"G": 1}
    notes = {u["code"]: u["note"] for u in report.to_json(ev)["units"]}
    assert notes == {"A": None, "B": report.label("note.lowered", "vi", seats=1),
                     "C": report.label("note.lowered", "vi", seats=1), "D": None, "E": None}


# ----------------------------------------------------------------------------- Toàn tỉnh

TOTALS = [
    ["Mã chỉ tiêu", "Nhóm nhiệm vụ", "Tên chỉ tiêu", "Đơn vị tính", "Chiều", "Cộng dồn",
     "Số đơn vị được giao", "Số đơn vị có kết quả", "Số đơn vị đạt", "Số đơn vị vượt",
     "Chỉ tiêu giao", "Kết quả thực hiện", "Tỷ lệ đạt", "Ghi chú"],
    ["I1", "Xây dựng Đảng", "Kết nạp đảng viên", "người", "Tăng", "Có", 5, 3, 3, 2, 250, 275.5,
     1.102, None],
    ["I2", "An ninh", "Tai nạn giao thông", "vụ", "Giảm", "Có", 3, 2, 2, 1, 20, 19, 1.05, None],
    ["I3", "Cải cách", "Hồ sơ trễ hạn", "hồ sơ", "Giảm", "Có", 3, 2, 2, 0, 0, 0, 1, None],
    # not additive: no province total, and the sheet says why
    ["I4", "Cải cách", "Hoàn thành đề án", None, "Đạt", "Không", 5, 3, 3, 0, None, None, None,
     "Không cộng dồn giữa các đơn vị nên không có tổng toàn tỉnh"],
]


def test_totals_sheet(wb):
    ws = wb["Toàn tỉnh"]
    assert values(ws) == TOTALS
    assert ws["M2"].number_format == "0.0%" and ws["M2"].data_type == "n"
    assert ws["K2"].number_format == "#,##0"
    assert ws["L2"].number_format == "#,##0.##"  # 275,5
    assert ws.auto_filter.ref == "A1:N5" and ws.freeze_panes == "B2"
    assert ws["N5"].alignment.wrap_text and ws.row_dimensions[5].height > 15
    assert {ws.cell(5, c).alignment.vertical for c in range(1, 15)} == {"top"}  # one line
    # printed: titled and numbered on every page
    assert ws.oddHeader.center.text == "TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ NĂM 2025 – Toàn tỉnh"
    assert ws.oddFooter.center.text == "Trang &P/&N"


# ----------------------------------------------------------------------------- Dữ liệu

DATA_HEADER = [
    "Mã đơn vị", "Tên đơn vị", "Nhóm so sánh", "Mã chỉ tiêu", "Nhóm nhiệm vụ", "Tên chỉ tiêu",
    "Đơn vị tính", "Chiều", "Trọng số", "Trần", "Chỉ tiêu giao", "Kết quả thực hiện", "Tỷ lệ đạt",
    "Điểm đạt", "Đạt", "Vượt", "Chạm trần", "Ghi chú/Minh chứng", "Cách tính"]

DATA_SOME_ROWS = {  # sheet row → values
    2: ["XA", "Xã A", "Xã", "I1", "Xây dựng Đảng", "Kết nạp đảng viên", "người", "Tăng", 2, 1.2,
        100, 115, 1.15, 2.3, 1, 1, 0, "Nghị quyết số 12",
        "115 / 100 = 115,0%; điểm = 2 × min(115,0%; 120%) = 2,30"],
    3: ["XA", "Xã A", "Xã", "I2", "An ninh", "Tai nạn giao thông", "vụ", "Giảm", 1, 1, 10, 9,
        1.1, 1, 1, 1, 1, None, "2 − 9 / 10 = 110,0%; điểm = 1 × min(110,0%; 100%) = 1,00"],
    4: ["XA", "Xã A", "Xã", "I3", "Cải cách", "Hồ sơ trễ hạn", "hồ sơ", "Giảm", 1, 1, 0, 0, 1,
        1, 1, 0, 0, None,
        "chỉ tiêu giao 0, kết quả 0 → 100,0%; điểm = 1 × min(100,0%; 100%) = 1,00"],
    5: ["XA", "Xã A", "Xã", "I4", "Cải cách", "Hoàn thành đề án", None, "Đạt", 1, 1, 1, 1, 1,
        1, 1, 0, 0, None, "Đạt → 100,0%; điểm = 1 × min(100,0%; 100%) = 1,00"],
    10: ["SA", "Sở A", "Sở", "I1", "Xây dựng Đảng", "Kết nạp đảng viên", "người", "Tăng", 2,
         1.2, 50, 60.5, 1.21, 2.4, 1, 1, 1, None,
         "60,5 / 50 = 121,0%; điểm = 2 × min(121,0%; 120%) = 2,40"],
}


def test_data_sheet_rows(wb):
    ws = wb["Dữ liệu"]
    rows = values(ws)
    assert rows[0] == DATA_HEADER
    assert len(rows) == 1 + 4 + 4 + 2  # only scored units: XA, XB, SA
    assert [r[0] for r in rows[1:]] == ["XA"] * 4 + ["XB"] * 4 + ["SA"] * 2
    for r, expected in DATA_SOME_ROWS.items():
        assert rows[r - 1] == expected, r


def test_data_sheet_formats(wb):
    ws = wb["Dữ liệu"]
    ratio, points, cap = ws["M2"], ws["N2"], ws["J2"]
    assert ratio.data_type == "n" and isinstance(ratio.value, float)
    assert ratio.number_format == "0.0%"
    assert points.number_format == "0.00"
    assert cap.number_format == "0%"
    assert ws["K2"].number_format == "#,##0" and ws["L10"].number_format == "#,##0.##"
    assert all(isinstance(ws.cell(row=r, column=c).value, int)
               for r in range(2, 12) for c in (15, 16, 17))  # 1/0 flags a pivot can sum
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == "A1:S11"


# ----------------------------------------------------------------------------- explain

HIGHER = Indicator(code="A", name="a", weight=D(1))
LOWER = Indicator(code="B", name="b", direction=Direction.LOWER)
BINARY = Indicator(code="C", name="c", direction=Direction.BINARY)


def _res(ind, target, actual, ratio, points):
    r = D(ratio)
    return IndicatorResult(indicator=ind.code, target=D(target), actual=D(actual), ratio=r,
                           points=D(points), weight=ind.weight, achieved=r >= 1,
                           exceeded=r > 1)


@pytest.mark.parametrize("ind, numbers, lang, expected", [
    (HIGHER, ("2000", "2100", "1.05", "1"), "vi",
     "2.100 / 2.000 = 105,0%; điểm = 1 × min(105,0%; 100%) = 1,00"),
    (HIGHER, ("2000", "2100", "1.05", "1"), "en",
     "2,100 / 2,000 = 105.0%; points = 1 × min(105.0%, 100%) = 1.00"),
    (HIGHER.model_copy(update={"weight": D("1.5"), "cap": D("1.125")}),
     ("8", "10", "1.25", "1.6875"), "vi",
     "10 / 8 = 125,0%; điểm = 1,5 × min(125,0%; 112,5%) = 1,69"),
    (LOWER, ("10", "9", "1.1", "1"), "vi",
     "2 − 9 / 10 = 110,0%; điểm = 1 × min(110,0%; 100%) = 1,00"),
    (LOWER, ("10", "25", "0", "0"), "vi",
     "max(0; 2 − 25 / 10) = 0,0%; điểm = 1 × min(0,0%; 100%) = 0,00"),
    (LOWER, ("0", "0", "1", "1"), "vi",
     "chỉ tiêu giao 0, kết quả 0 → 100,0%; điểm = 1 × min(100,0%; 100%) = 1,00"),
    (LOWER, ("0", "3", "0", "0"), "en",
     "target 0, result 3 → 0.0%; points = 1 × min(0.0%, 100%) = 0.00"),
    (HIGHER, ("8", "1", "0.125", "0.125"), "en",  # rounded half-up, as Excel shows
     "1 / 8 = 12.5%; points = 1 × min(12.5%, 100%) = 0.13"),
    (HIGHER, ("2000", "2001", "1.0005", "1"), "vi",
     "2.001 / 2.000 = 100,1%; điểm = 1 × min(100,1%; 100%) = 1,00"),
    (BINARY, ("1", "1", "1", "1"), "vi", "Đạt → 100,0%; điểm = 1 × min(100,0%; 100%) = 1,00"),
    (BINARY, ("1", "0", "0", "0"), "vi",
     "Không đạt → 0,0%; điểm = 1 × min(0,0%; 100%) = 0,00"),
])
def test_explain(ind, numbers, lang, expected):
    target, actual, ratio, points = numbers
    assert report.explain(_res(ind, target, actual, ratio, points), ind, lang) == expected


# ----------------------------------------------------------------------------- Kiểm tra, Nguồn


def test_problems_sheet(wb):
    ws = wb["Kiểm tra"]
    assert values(ws) == [
        ["Mã lỗi", "Mức độ", "Tệp", "Trang tính", "Ô", "Mã đơn vị", "Mã chỉ tiêu", "Nội dung",
         "Cách sửa"],
        ["DG214", "Cảnh báo", "ret/XA.xlsx", "Kết quả", "G9", "XA", "I1",
         "kết quả nhập dạng chữ \"1.15\", đã đọc là 115",
         "Kiểm tra lại; nên nhập dạng số để tránh nhầm dấu chấm và dấu phẩy."],
        ["DG212", "Lỗi", "ret/XC.xlsx", "Kết quả", "G9", "XC", "I1",
         "kết quả phải là số, gặp \"khoảng 200\"",
         "Nhập số, ví dụ 2.100 hoặc 2100 (dấu chấm ngăn nghìn, dấu phẩy thập phân)."],
        ["DG210", "Lỗi", "ret/XC.xlsx", "Kết quả", "G10", "XC", "I2",
         "chưa nhập kết quả thực hiện", "Nhập kết quả thực hiện (số 0 nếu không thực hiện được)."],
        ["DG219", "Lỗi", None, None, None, "SB", None, "đơn vị \"SB\" không nộp kết quả",
         "Đề nghị đơn vị gửi tệp SB.xlsx."],
    ]
    assert ws.auto_filter.ref == "A1:I5"
    assert ws["H2"].alignment.wrap_text and ws.row_dimensions[2].height > 15  # wrapped


def test_a_round_without_problems_says_so(ev, tmp_path):
    clean = ev.model_copy(update={"problems": ()})
    report.write_report(clean, tmp_path / "r.xlsx")
    assert values(load_workbook(tmp_path / "r.xlsx")["Kiểm tra"])[1][0] == \
        "Không có lỗi hay cảnh báo nào."


def test_sources_sheet(wb, ev):
    ws = wb["Nguồn"]
    block = {r[0]: r[1] for r in values(ws, max_row=10, max_col=2)}
    assert block["Phiên bản dgsp"] == "0.1.0"
    assert block["Kế hoạch"] == "plan.xlsx"
    assert block["SHA-256"] == PLAN_SHA
    assert block["Mã kiểm tra kế hoạch"] == ev.plan.fingerprint()
    assert block["Năm"] == 2025 and block["Tỷ lệ xuất sắc tối đa"] == 0.5
    assert block["Lập bởi"].startswith("dgsp score")
    rows = values(ws, min_row=12)
    assert rows[0] == ["Loại", "Tệp", "SHA-256", "Mã đơn vị", "Trạng thái"]
    assert rows[1] == ["Kế hoạch", "plan.xlsx", PLAN_SHA, None, None]
    assert rows[2] == ["Kết quả nộp", "ret/XA.xlsx", "xa".ljust(64, "0"), "XA", "Đã chấm"]
    assert rows[4][4] == "Bị từ chối"
    assert rows[6][1:] == ["ret/XA (1).xlsx", "ef" * 32, "XA", "Tệp trùng, không tính"]
    assert len(rows) == 1 + 1 + 5
    assert ws.auto_filter.ref == "A12:E18"


# ----------------------------------------------------------------------------- safety, language


def test_text_never_becomes_a_formula(tmp_path):
    evil = '=HYPERLINK("http://evil.example","bấm")'
    plan = small_plan()
    units = (plan.units[0].model_copy(update={"name": evil, "heads": ("=1+1",)}),
             *plan.units[1:])
    ev = evaluate(small_plan(units=units), {
        "XA": _ret("XA", {"I1": "100", "I2": "10", "I3": "0", "I4": "1"},
                   notes={"I1": "=SUM(A1:A9)"}),
        "XB": _ret("XB", {}, [Problem("DG210", {}, file="=cmd|' /C calc'!A0.xlsx",
                                      unit="XB")])})
    path = tmp_path / "r.xlsx"
    report.write_report(ev, path)
    sheets = report.write_unit_sheets(ev, tmp_path / "phieu")
    ws = load_workbook(path)["Tổng hợp"]
    assert ws["C6"].value == evil and ws["C6"].data_type == "s"
    assert ws["E6"].value == "=1+1" and ws["E6"].data_type == "s"
    data = load_workbook(path)["Dữ liệu"]
    assert data["B2"].value == evil and data["R2"].value == "=SUM(A1:A9)"
    assert load_workbook(path)["Kiểm tra"]["C2"].value == "=cmd|' /C calc'!A0.xlsx"
    for f in [path, *sheets]:
        with zipfile.ZipFile(f) as z:
            xml = "".join(z.read(n).decode() for n in z.namelist()
                          if n.startswith("xl/worksheets/"))
        assert "<f>" not in xml and "<f " not in xml, f


def test_english_report(out):
    wb = load_workbook(out / "report-en.xlsx")
    assert wb.sheetnames == ["Summary", "Province totals", "Data", "Problems", "Sources", "_dgsp"]
    ws = wb["Summary"]
    assert ws["A2"].value == "EVALUATION SUMMARY, 2025"
    assert [c.value for c in ws[5]][:3] == ["Rank", "Unit code", "Unit name"]
    assert ws["L6"].value == "Excellently completed tasks"
    assert ws["N10"].value == "Missing" and ws["P10"].value == "No return received"
    assert wb["Data"]["S2"].value == "115 / 100 = 115.0%; points = 2 × min(115.0%, 120%) = 2.30"
    assert wb["Problems"]["B3"].value == "Error"


# ----------------------------------------------------------------------------- phiếu đánh giá


def sheet_rows(path: Path) -> list[list]:
    wb = load_workbook(path)
    assert wb.sheetnames == ["Phiếu đánh giá"]
    return [[v for v in r if v is not None] for r in wb.active.iter_rows(values_only=True)]


def test_unit_sheets_one_per_unit(out):
    assert sorted(p.name for p in (out / "phieu").iterdir()) == [
        "SA.xlsx", "SB.xlsx", "XA.xlsx", "XB.xlsx", "XC.xlsx"]


def test_unit_sheet_scored(out):
    """The one phiếu (as under Quy định 366), for a round without general points: the formula
    with the plan's numbers, the cap that lets the score pass 100, and why the grade."""
    rows = sheet_rows(out / "phieu" / "XA.xlsx")
    assert rows[0] == ["Tỉnh ủy Vĩnh Phúc"]
    assert rows[2] == ["PHIẾU ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN CHỈ TIÊU, NHIỆM VỤ NĂM 2025"]
    assert ["Đơn vị:", "Xã A"] in rows and ["Người đứng đầu:", "Nguyễn Văn A - Bí thư"] in rows
    assert ["Nhóm so sánh:", "Xã"] in rows and ["Năm:", 2025] in rows
    header = rows.index(["STT", "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Chỉ tiêu giao",
                         "Kết quả thực hiện", "Tỷ lệ đạt", "Trọng số", "Điểm đạt", "Đạt", "Vượt",
                         "Tiến độ, ghi chú"])
    assert rows[header + 1:header + 8] == [
        [1, "I1", "Kết nạp đảng viên", "người", 100, 115, 1.15, 2, 2.3, "x", "x"],
        [2, "I2", "Tai nạn giao thông", "vụ", 10, 9, 1.1, 1, 1, "x", "x"],
        [3, "I3", "Hồ sơ trễ hạn", "hồ sơ", 0, 0, 1, 1, 1, "x"],
        [4, "I4", "Hoàn thành đề án", "Đạt", "Đạt", 1, 1, 1, "x"],
        ["Tổng cộng", 5, 5.3, 4, 2],
        ["Tổng điểm = 100 × Σ điểm đạt / Σ trọng số = 100 × 5,3 / 5 = 106,00"],
        ["Chỉ tiêu vượt kế hoạch được tính điểm theo tỷ lệ đạt, tới mức trần (120%), nên điểm "
         "có thể vượt 100."],
    ]
    assert ["Tổng điểm:", 106, "/ 100 điểm"] in rows
    assert ["Xếp loại:", "HTXSNV – Hoàn thành xuất sắc nhiệm vụ"] in rows
    assert ["Lý do xếp loại:", "Theo điểm và chỉ tiêu: đủ điều kiện HTXSNV (điểm 106,00; "
            "4/4 chỉ tiêu đạt, 2 vượt)"] in rows
    assert ["Xếp hạng:", "1/2 trong nhóm"] in rows
    assert ["……, ngày … tháng … năm …"] in rows
    assert ["Người lập phiếu", "Người đứng đầu đơn vị", "Thủ trưởng cơ quan đánh giá"] in rows
    assert ["(Ký, ghi rõ họ tên)"] * 3 in rows


def test_the_formula_adds_up_from_what_the_phieu_shows(tmp_path):
    """Each task's points are shown to 4 places where they have them, and the formula's sum
    too: 100 × Σ / Σ weights gives the score printed, not a figure 0,03 off."""
    plan = small_plan()
    ev = evaluate(plan, {"XA": _ret("XA", {"I1": "103.53", "I2": "10", "I3": "0", "I4": "1"})})
    (path,) = [p for p in report.write_unit_sheets(ev, tmp_path) if p.stem == "XA"]
    ws = load_workbook(path).active
    rows = [[v for v in r if v is not None] for r in ws.iter_rows(values_only=True)]
    formula = next(r[0] for r in rows if r and str(r[0]).startswith("Tổng điểm = "))
    assert formula == "Tổng điểm = 100 × Σ điểm đạt / Σ trọng số = 100 × 5,0706 / 5 = 101,41"
    points = next(ws.cell(r, 9) for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "I1")
    assert points.number_format == "0.00##" and points.value == pytest.approx(2.0706)


def test_unit_sheet_lowered_and_formats(out):
    wb = load_workbook(out / "phieu" / "SA.xlsx")
    ws = wb.active
    rows = [[v for v in r if v is not None] for r in ws.iter_rows(values_only=True)]
    assert ["Xếp loại:", "HTTNV – Hoàn thành tốt nhiệm vụ"] in rows
    assert ["Lý do xếp loại:", "Theo điểm và chỉ tiêu: đủ điều kiện HTXSNV (điểm 113,33; 2/2 "
            "chỉ tiêu đạt, 1 vượt)\nHạ xuống HTTNV do tỷ lệ xuất sắc: nhóm Sở được tối đa 0 "
            "HTXSNV"] in rows
    assert not any(r and r[0] == "Ghi chú:" for r in rows)  # the quota is said once, above
    score = next(ws.cell(row=r, column=4) for r in range(1, ws.max_row + 1)
                 if ws.cell(row=r, column=1).value == "Tổng điểm:")
    assert score.value == pytest.approx(113.33) and score.number_format == "0.00"
    ratio = ws.cell(row=15, column=7)
    assert ws.cell(row=15, column=2).value == "I1"
    assert ratio.value == pytest.approx(1.21) and ratio.number_format == "0.0%"
    # landscape: too wide for a portrait page at 91% (11-pt text at 10 pt)
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$14:$14"
    assert ws.page_margins.left == 0.5


@pytest.mark.parametrize("code, status, note", [
    ("SB", "Không nộp", "Không nộp kết quả"),
    ("XC", "Bị từ chối", "Kết quả bị từ chối: 2 lỗi, xem trang Kiểm tra"),
])
def test_unit_sheet_unscored_says_so(out, code, status, note):
    rows = sheet_rows(out / "phieu" / f"{code}.xlsx")
    assert ["Trạng thái:", status] in rows and ["Ghi chú:", note] in rows
    assert not any(r and r[0] in ("Tổng điểm:", "Xếp loại:", "Xếp hạng:") for r in rows)
    assert [1, "I1", "Kết nạp đảng viên", "người", 50 if code == "SB" else 100, 2] in rows
    assert ["Người lập phiếu", "Người đứng đầu đơn vị", "Thủ trưởng cơ quan đánh giá"] in rows


def test_unit_sheets_safe_names_and_english(tmp_path):
    plan = small_plan()
    units = (plan.units[0].model_copy(update={"code": "CON"}),
             plan.units[1].model_copy(update={"code": "con"}), *plan.units[2:])
    targets = tuple(t.model_copy(update={"unit": {"XA": "CON", "XB": "con"}.get(t.unit, t.unit)})
                    for t in plan.targets)
    ev = evaluate(small_plan(units=units, targets=targets), {})
    paths = report.write_unit_sheets(ev, tmp_path / "new" / "dir", lang="en")
    assert [p.name for p in paths] == ["_CON.xlsx", "_con-2.xlsx", "XC.xlsx", "SA.xlsx",
                                       "SB.xlsx"]
    wb = load_workbook(paths[0])
    assert wb.sheetnames == ["Evaluation sheet"]
    rows = [[v for v in r if v is not None] for r in wb.active.iter_rows(values_only=True)]
    assert ["EVALUATION OF RESULTS AGAINST TARGETS AND TASKS, 2025"] in rows
    assert ["Status:", "Missing"] in rows
    assert ["Prepared by", "Head of unit", "For the evaluating body"] in rows


# ----------------------------------------------------------------------------- JSON

UNIT_KEYS = {"code", "name", "group", "status", "score", "grade", "grade_before_quota", "rank",
             "assigned", "achieved", "exceeded", "indicators"}


def test_json_contract(ev):
    doc = report.to_json(ev)
    assert doc["schema"] == "dgsp.score/1"
    assert {k: doc["plan"][k] for k in ("title", "year", "fingerprint")} == {
        "title": "Đánh giá thử", "year": 2025, "fingerprint": ev.plan.fingerprint()}
    assert all(UNIT_KEYS <= u.keys() for u in doc["units"])
    by_code = {u["code"]: u for u in doc["units"]}
    assert [u["code"] for u in doc["units"]] == ["XA", "XB", "XC", "SA", "SB"]
    xa = by_code["XA"]
    assert {k: xa[k] for k in UNIT_KEYS - {"indicators"}} == {
        "code": "XA", "name": "Xã A", "group": "Xã", "status": "scored", "score": 106.0,
        "grade": "HTXSNV", "grade_before_quota": "HTXSNV", "rank": 1, "assigned": 4,
        "achieved": 4, "exceeded": 2}
    assert isinstance(xa["score"], float)
    assert [{k: i[k] for k in ("code", "target", "actual", "ratio", "points", "achieved",
                               "exceeded")} for i in xa["indicators"]] == [
        {"code": "I1", "target": 100, "actual": 115, "ratio": 1.15, "points": 2.3,
         "achieved": True, "exceeded": True},
        {"code": "I2", "target": 10, "actual": 9, "ratio": 1.1, "points": 1.0,
         "achieved": True, "exceeded": True},
        {"code": "I3", "target": 0, "actual": 0, "ratio": 1.0, "points": 1.0,
         "achieved": True, "exceeded": False},
        {"code": "I4", "target": 1, "actual": 1, "ratio": 1.0, "points": 1.0,
         "achieved": True, "exceeded": False},  # binary: target 1, result 1/0
    ]
    assert isinstance(xa["indicators"][0]["target"], int)
    sa = by_code["SA"]
    assert (sa["score"], sa["grade"], sa["grade_before_quota"], sa["lowered_by_quota"]) == (
        113.33, "HTTNV", "HTXSNV", True)
    assert sa["indicators"][0]["actual"] == 60.5 and sa["indicators"][0]["capped"] is True
    for code, status in (("XC", "rejected"), ("SB", "missing")):
        u = by_code[code]
        assert (u["status"], u["score"], u["grade"], u["rank"], u["indicators"]) == (
            status, None, None, None, [])
        assert u["assigned"] == (4 if code == "XC" else 2)


def test_json_totals_and_problems(ev):
    doc = report.to_json(ev)
    assert [{k: t[k] for k in ("indicator", "target", "actual", "ratio", "units_achieved",
                               "units_exceeded")} for t in doc["totals"]] == [
        {"indicator": "I1", "target": 250, "actual": 275.5, "ratio": 1.102,
         "units_achieved": 3, "units_exceeded": 2},
        {"indicator": "I2", "target": 20, "actual": 19, "ratio": 1.05, "units_achieved": 2,
         "units_exceeded": 1},
        {"indicator": "I3", "target": 0, "actual": 0, "ratio": 1.0, "units_achieved": 2,
         "units_exceeded": 0},
        {"indicator": "I4", "target": None, "actual": None, "ratio": None,
         "units_achieved": 3, "units_exceeded": 0},
    ]
    assert doc["problems"][1] == {
        "code": "DG212", "severity": "error", "file": "ret/XC.xlsx", "sheet": "Kết quả",
        "cell": "G9", "unit": "XC", "indicator": "I1",
        "message": "kết quả phải là số, gặp \"khoảng 200\"",
        "hint": "Nhập số, ví dụ 2.100 hoặc 2100 (dấu chấm ngăn nghìn, dấu phẩy thập phân)."}
    assert [p["severity"] for p in doc["problems"]] == ["warning", "error", "error", "error"]
    en = report.to_json(ev, "en")["problems"][3]
    assert en["message"] == "unit \"SB\" sent no return"


def test_json_ratio_rounded_to_six_places():
    plan = small_plan()
    ev = evaluate(plan, {"SA": _ret("SA", {"I1": "100", "I4": "1"}),
                         "SB": _ret("SB", {"I1": "1", "I4": "0"})})
    sb = next(u for u in report.to_json(ev)["units"] if u["code"] == "SB")
    assert sb["indicators"][0]["ratio"] == 0.02 and sb["indicators"][1]["actual"] == 0
    three = evaluate(small_plan(targets=tuple(
        t.model_copy(update={"value": D(3)}) if (t.unit, t.indicator) == ("SA", "I1") else t
        for t in plan.targets)), {"SA": _ret("SA", {"I1": "1", "I4": "1"})})
    sa = next(u for u in report.to_json(three)["units"] if u["code"] == "SA")
    assert sa["indicators"][0]["ratio"] == 0.333333
    assert sa["indicators"][0]["points"] == 0.666667


def test_dump_json_is_deterministic_text(ev):
    text = report.dump_json(ev)
    assert text.endswith("}\n") and "Xã A" in text  # not \u-escaped
    assert json.loads(text) == report.to_json(ev)
    assert report.dump_json(make_eval()) == text


def test_unit_sheets_are_the_same_whatever_the_number_of_workers(ev, tmp_path):
    one = report.write_unit_sheets(ev, tmp_path / "one", workers=1)
    two = report.write_unit_sheets(ev, tmp_path / "two", workers=2)
    assert [p.name for p in one] == [p.name for p in two] == [
        "XA.xlsx", "XB.xlsx", "XC.xlsx", "SA.xlsx", "SB.xlsx"]
    for a, b in zip(one, two):
        assert workbook_content(a) == workbook_content(b), a.name


def test_write_json_streams_the_same_text(ev, tmp_path):
    data = report.to_json(ev)
    report.write_json(data, tmp_path / "r.json")
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert text == report.json_text(data) and json.loads(text)["units"][0]["code"] == "XA"
    assert "Xã A" in text  # UTF-8, not \u-escaped


def test_terminal_summary_of_a_large_group_shows_its_ends_and_every_unscored_unit(ev,
                                                                                 monkeypatch):
    import io

    from rich.console import Console

    from dgsp import terminal

    monkeypatch.setattr(terminal, "SUMMARY_HEAD", 1)
    monkeypatch.setattr(terminal, "SUMMARY_TAIL", 0)
    out = io.StringIO()
    terminal.print_summary(Console(file=out, width=200), ev, "en")
    text = out.getvalue()
    assert "XA · Xã A" in text and "XC · Xã C" in text  # first scored; rejected
    assert "XB · Xã B" not in text and "… and 1 more units" in text
    assert "SA · " in text and "SB · " in text  # a group within the limit: all of it
