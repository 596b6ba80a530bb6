"""The report workbook and the phiếu of a Quy định 366 evaluation: general and task points,
reasons in words, the Cán bộ and Thẩm định sheets, the appraisal marker, one phiếu per official.

Golden tables compare cell values read back from the files (never bytes). The evaluation is
``round_plan()`` of tests/test_scoring_366.py (two communes of group Xã, two officials each,
G = 30, I1 weight 2, I2 critical, I3 Đạt due 30/06/2026 with a 25% late deduction):

    XA  reports I1 130/100, I2 60/50, I3 done 15/07/2026 (late)
        appraisal: I1 verified 95 (not achieved)  → 30 + 70 × 3,65/4 = 93,88  KHTNV
        self-assessed: 30 + 70 × 3,75/4 = 95,63  KHTNV
    XB  on target, on time                        → 30 + 70 = 100  HTTNV (0/3 exceeded)
    XA-BT  P1 appraised 12 (self 20), with a note → 22 + 63,88 = 85,88 KHTNV (gap −9,75)
    XB-BT  not graded (under two months in post)
    XB-CT  disciplined                            → KHTNV (self-assessed HTTNV)
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest
from conftest import small_plan, workbook_content
from openpyxl import load_workbook
from test_report import make_eval
from test_scoring_366 import a_return, round_plan

from dgsp.labels import LABELS
from dgsp.model import (
    Appraisal,
    AppraisedScore,
    Conditions,
    Direction,
    Grade,
    Indicator,
    Return,
    ReturnedValue,
    VerifiedResult,
)
from dgsp.report import write as report
from dgsp.scoring import evaluate, result_for

GROUND = "Biên bản kiểm tra số 5/BB-BTC"
NOTE = "Chưa gương mẫu trong học tập nghị quyết"  # the Board's note on XA-BT's P1
APPRAISAL = Appraisal(
    file="appraisal.xlsx",
    results=(VerifiedResult(unit="XA", indicator="I1", value=D(95), ground=GROUND),),
    scores=(AppraisedScore(entity="XA-BT", criterion="P1", value=D(12), note=NOTE),),
    conditions=(Conditions(entity="XB-CT", disciplined=True),
                Conditions(entity="XB-BT", not_graded="Dưới 2 tháng công tác")))
MARKER_NO = "Kết quả chưa thẩm định: chấm trên số liệu đơn vị tự báo cáo và tự đánh giá"
MARKER_YES = "Đã thẩm định: chấm trên kết quả và điểm tiêu chí chung sau thẩm định"


def returns():
    return {"XA": a_return("XA", 130, 60, completed=date(2026, 7, 15)),
            "XB": a_return("XB", 100, 50)}


def the_plan():
    return round_plan(issued_by="Ban Tổ chức Tỉnh ủy", title="Đánh giá năm 2026")


@pytest.fixture(scope="module")
def ev():
    return evaluate(the_plan(), returns(), appraisal=APPRAISAL, workers=1)


@pytest.fixture(scope="module")
def ev_self():
    return evaluate(the_plan(), returns(), workers=1)


@pytest.fixture(scope="module")
def out(tmp_path_factory, ev, ev_self):
    d = tmp_path_factory.mktemp("report366")
    report.write_report(ev, d / "report.xlsx")
    report.write_unit_sheets(ev, d / "phieu", workers=1)
    report.write_report(ev_self, d / "self.xlsx")
    report.write_unit_sheets(ev_self, d / "self-phieu", workers=1)
    return d


@pytest.fixture(scope="module")
def wb(out):
    return load_workbook(out / "report.xlsx")


def rows(ws, min_row=1):
    """Each row's values, trailing empty cells dropped; on `Tổng hợp`, to the end of its table
    (the grade counts below it are tested in test_grade_counts.py)."""
    out = []
    for row in ws.iter_rows(min_row=min_row, values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        if not values and ws.title == "Tổng hợp" and len(out) > 1:
            break
        out.append(values)
    return out


def lines(path):
    """A phiếu as {row: its non-empty values, left to right}."""
    ws = load_workbook(path).active
    return {r: [v for v in row if v is not None]
            for r, row in enumerate(ws.iter_rows(values_only=True), start=1)
            if any(v is not None for v in row)}


def texts(path):
    """Every text cell of every sheet but the hidden JSON one."""
    wb = load_workbook(path)
    return [c for ws in wb.worksheets if ws.sheet_state == "visible"
            for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]


# ----------------------------------------------------------------------------- report

REASONS_XA = ("2/3 chỉ tiêu đạt (66,7%) < 80% (ngưỡng HTNV); "
              "2/3 nhiệm vụ chậm tiến độ hoặc không đạt (66,7%) > 20% (ngưỡng HTNV)")

SUMMARY = [
    ["Ban Tổ chức Tỉnh ủy"],
    ["TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ NĂM 2026"],
    ["Đánh giá năm 2026"],
    [MARKER_YES],
    ["Xếp hạng", "Mã đơn vị", "Tên đơn vị", "Nhóm so sánh", "Người đứng đầu",
     "Điểm tiêu chí chung", "Điểm kết quả nhiệm vụ", "Tổng điểm", "Đạt/Giao", "Số chỉ tiêu giao",
     "Số chỉ tiêu đạt", "Số chỉ tiêu vượt", "Xếp loại",
     "Xếp loại trước khi áp tỷ lệ xuất sắc", "Trạng thái", "Lý do xếp loại", "Ghi chú"],
    # rank code  name   group heads G   T      score  a/g    n  ach exc
    [1, "XB", "Xã B", "Xã", None, 30, 70, 100, "3/3", 3, 3, 0,
     "HTTNV", "HTTNV", "Đã chấm", "0/3 chỉ tiêu vượt (0%) < 30% (ngưỡng HTXSNV)"],
    [2, "XA", "Xã A", "Xã", None, 30, 63.88, 93.88, "2/3", 3, 2, 1,
     "KHTNV", "KHTNV", "Đã chấm", REASONS_XA],
]


def test_sheets_of_a_366_report(wb):
    assert wb.sheetnames == ["Tổng hợp", "Cán bộ", "Thẩm định", "Toàn tỉnh", "Dữ liệu",
                             "Kiểm tra", "Nguồn", "_dgsp"]


def test_summary_has_general_and_task_points_and_reasons(wb):
    ws = wb["Tổng hợp"]
    assert rows(ws) == SUMMARY
    assert ws.freeze_panes == "D6" and ws.auto_filter.ref == "A5:Q7"
    assert [ws.cell(r, 8).number_format for r in (6, 7)] == ["0.00", "0.00"]
    assert ws["A7"].fill.fgColor.rgb.endswith("F8CBAD")  # coloured by grade: KHTNV


OFFICIALS = [
    ["Xếp hạng", "Mã cán bộ", "Họ và tên", "Chức vụ", "Mã đơn vị", "Tên đơn vị", "Nhóm so sánh",
     "Điểm tiêu chí chung", "Điểm kết quả nhiệm vụ", "Tổng điểm", "Xếp loại",
     "Xếp loại trước khi áp tỷ lệ xuất sắc", "Trạng thái", "Lý do xếp loại", "Ghi chú"],
    [1, "XA-BT", "Nguyễn Văn An", "Bí thư", "XA", "Xã A", "Bí thư", 22, 63.88, 85.88,
     "KHTNV", "KHTNV", "Đã chấm", REASONS_XA],
    [None, "XB-BT", "Lê Văn Cường", "Bí thư", "XB", "Xã B", "Bí thư", 30, 70, 100,
     None, None, "Không xếp loại", "Không xếp loại: Dưới 2 tháng công tác"],
    [1, "XB-CT", "Phạm Thị Dung", "Chủ tịch", "XB", "Xã B", "Chủ tịch", 30, 70, 100,
     "KHTNV", "KHTNV", "Đã chấm",
     "0/3 chỉ tiêu vượt (0%) < 30% (ngưỡng HTXSNV); Bị kỷ luật trong năm: KHTNV"],
    [2, "XA-CT", "Trần Thị Bình", "Chủ tịch", "XA", "Xã A", "Chủ tịch", 30, 63.88, 93.88,
     "KHTNV", "KHTNV", "Đã chấm", REASONS_XA],
]


def test_officials_sheet(wb):
    ws = wb["Cán bộ"]
    assert rows(ws)[:4] == [["Ban Tổ chức Tỉnh ủy"],
                            ["TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ NĂM 2026"],
                            ["Đánh giá năm 2026"], [MARKER_YES]]
    assert rows(ws, 5) == OFFICIALS
    assert ws["A6"].fill.fgColor.rgb.endswith("F8CBAD")
    assert ws["A7"].fill.fgColor.rgb.endswith(report.UNSCORED_FILL)  # not graded: grey


APPRAISAL_SHEET = [
    ["1. Kết quả thực hiện chỉ tiêu được thẩm định"],
    ["Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Tên chỉ tiêu", "Kết quả báo cáo",
     "Kết quả thẩm định", "Chênh lệch", "Căn cứ"],
    ["XA", "Xã A", "I1", "Kết nạp đảng viên", 130, 95, -35, GROUND],
    [],
    ["2. Tổng điểm tự đánh giá và sau thẩm định"],
    ["Dòng tô màu: chênh lệch từ 5 điểm trở lên, hoặc xếp loại sau thẩm định khác xếp loại tự "
     "đánh giá (không tính việc hạ do tỷ lệ xuất sắc)."],
    ["Mã", "Tên đơn vị/Họ và tên", "Tập thể/Cá nhân", "Chức vụ, đơn vị", "Tổng điểm tự đánh giá",
     "Tổng điểm sau thẩm định", "Chênh lệch", "Cần lưu ý", "Xếp loại tự đánh giá",
     "Xếp loại sau thẩm định", "Xếp loại cuối cùng"],
    # code    name            kind       post              self   appr   gap
    ["XB", "Xã B", "Tập thể", None, 100, 100, 0, None, "HTTNV", "HTTNV", "HTTNV"],
    ["XB-BT", "Lê Văn Cường", "Cá nhân", "Bí thư, Xã B", 100, 100, 0,
     "Xếp loại thay đổi: HTTNV → Không xếp loại", "HTTNV", "Không xếp loại", "Không xếp loại"],
    ["XB-CT", "Phạm Thị Dung", "Cá nhân", "Chủ tịch, Xã B", 100, 100, 0,
     "Xếp loại thay đổi: HTTNV → KHTNV", "HTTNV", "KHTNV", "KHTNV"],
    ["XA", "Xã A", "Tập thể", None, 95.63, 93.88, -1.75, None, "KHTNV", "KHTNV", "KHTNV"],
    ["XA-BT", "Nguyễn Văn An", "Cá nhân", "Bí thư, Xã A", 95.63, 85.88, -9.75,
     "Chênh lệch -9,75 điểm", "KHTNV", "KHTNV", "KHTNV"],
    ["XA-CT", "Trần Thị Bình", "Cá nhân", "Chủ tịch, Xã A", 95.63, 93.88, -1.75, None,
     "KHTNV", "KHTNV", "KHTNV"],
]


def test_appraisal_sheet(wb):
    ws = wb["Thẩm định"]
    assert rows(ws)[:4] == [["Ban Tổ chức Tỉnh ủy"], ["KẾT QUẢ THẨM ĐỊNH NĂM 2026"],
                            ["Đánh giá năm 2026"], [MARKER_YES]]
    assert rows(ws, 6) == APPRAISAL_SHEET
    highlighted = [ws.cell(r, 1).value for r in range(13, 19)
                   if ws.cell(r, 1).fill.fill_type
                   and ws.cell(r, 1).fill.fgColor.rgb.endswith(report.FLAG_FILL)]
    assert highlighted == ["XB-BT", "XB-CT", "XA-BT"]
    assert ws.auto_filter.ref == "A12:K18"


@pytest.mark.parametrize("self_score, score, before, after, flags", [
    # self    appraised  self grade  appraised grade   flags
    ("90", "85.01", "HTXSNV", "HTXSNV", []),  # 4,99 points: no flag
    ("90", "85", "HTXSNV", "HTXSNV", ["Chênh lệch -5,00 điểm"]),
    ("80", "85", "HTTNV", "HTTNV", ["Chênh lệch 5,00 điểm"]),  # either way
    ("90", "90", "HTXSNV", "HTTNV", ["Xếp loại thay đổi: HTXSNV → HTTNV"]),
])
def test_appraisal_flags(ev, self_score, score, before, after, flags):
    e = ev.units[0].model_copy(update={"self_score": D(self_score), "score": D(score),
                                       "self_grade": Grade(before), "grade": Grade(after),
                                       "grade_before_quota": Grade(after)})
    assert report.appraisal_flags(e, "vi") == flags


def test_a_lowering_by_the_quota_alone_is_not_flagged(ev):
    e = ev.units[0].model_copy(update={
        "self_score": D(95), "score": D(95), "self_grade": Grade.HTXSNV, "grade": Grade.HTTNV,
        "grade_before_quota": Grade.HTXSNV, "lowered_by_quota": True})
    assert report.appraisal_flags(e, "vi") == []


def test_a_unit_not_graded_shows_its_score_and_why(tmp_path):
    appraisal = Appraisal(conditions=(Conditions(entity="XA", not_graded="Sáp nhập đơn vị"),))
    ev = evaluate(the_plan(), returns(), appraisal=appraisal, workers=1)
    report.write_report(ev, tmp_path / "r.xlsx")
    wb = load_workbook(tmp_path / "r.xlsx")
    assert [r[0] for r in rows(wb["Dữ liệu"], 4)] == ["XB"] * 3 + ["XA"] * 3  # its results too
    ws = wb["Tổng hợp"]
    assert rows(ws, 6) == [
        [1, "XB", "Xã B", "Xã", None, 30, 70, 100, "3/3", 3, 3, 0, "HTTNV",
         "HTTNV", "Đã chấm", "0/3 chỉ tiêu vượt (0%) < 30% (ngưỡng HTXSNV)"],
        # every task achieved, I3 late: 30 + 70 × 3,75/4, but no grade and no rank
        [None, "XA", "Xã A", "Xã", None, 30, 65.63, 95.63, "3/3", 3, 3, 2, None, None,
         "Không xếp loại", "Không xếp loại: Sáp nhập đơn vị"],
    ]


def test_every_other_sheet_carries_the_marker_above_its_table(wb):
    for name, header in (("Toàn tỉnh", "Mã chỉ tiêu"), ("Dữ liệu", "Mã đơn vị"),
                         ("Kiểm tra", "Mã lỗi"), ("Nguồn", "Phiên bản dgsp")):
        ws = wb[name]
        assert (ws["A1"].value, ws["A1"].font.b, ws["A3"].value) == (MARKER_YES, True, header)
    assert wb["Dữ liệu"].auto_filter.ref.startswith("A3:") and wb["Dữ liệu"]["D4"].value == "I1"
    sources = {r[0]: r[1:] for r in rows(wb["Nguồn"], 3) if r}
    assert sources["Điểm tiêu chí chung"] == [30]
    assert wb["Nguồn"]["A15"].value == "Loại"  # the files table, below the block


# ----------------------------------------------------------------------------- phiếu

SIGNATURES = {
    "date": ["……, ngày … tháng … năm …"],
    "who": ["Người lập phiếu", "Người đứng đầu đơn vị", "Thủ trưởng cơ quan đánh giá"],
    "hint": ["(Ký, ghi rõ họ tên)"] * 3,
}
TASKS_XA = [
    ["II. KẾT QUẢ THỰC HIỆN CHỈ TIÊU, NHIỆM VỤ (tối đa 70 điểm)"],
    ["STT", "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Chỉ tiêu giao", "Kết quả báo cáo",
     "Kết quả thẩm định", "Tỷ lệ đạt", "Trọng số", "Điểm đạt", "Đạt", "Vượt",
     "Tiến độ, căn cứ thẩm định"],
    # no code name                target reported verified ratio weight points
    [1, "I1", "Kết nạp đảng viên", 100, 130, 95, 0.95, 2, 1.9, f"Căn cứ thẩm định: {GROUND}"],
    [2, "I2", "Thu ngân sách", 50, 60, 1.2, 1, 1, "x", "x"],
    [3, "I3", "Đề án", "Đạt", "Đạt", 1, 1, 0.75, "x",
     "Hạn 30/06/2026; hoàn thành 15/07/2026\nChậm tiến độ: trừ 25% số điểm"],
    ["Tổng cộng", 4, 3.65, 2, 1, "Chậm tiến độ: 1"],
    ["Điểm kết quả nhiệm vụ = 70 × Σ điểm đạt / Σ trọng số = 70 × 3,65 / 4 = 63,88 (tối đa 70)"],
]
PHIEU_XA_BT = [
    ["Ban Tổ chức Tỉnh ủy"],
    ["PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÁN BỘ NĂM 2026"],
    ["Đánh giá năm 2026"],
    [MARKER_YES],
    ["Họ và tên:", "Nguyễn Văn An"],
    ["Mã cán bộ:", "XA-BT"],
    ["Chức vụ:", "Bí thư"],
    ["Đơn vị:", "Xã A (XA)"],
    ["Nhóm so sánh:", "Bí thư"],
    ["Năm:", 2026],
    ["I. TIÊU CHÍ CHUNG (tối đa 30 điểm)"],
    ["STT", "Mã tiêu chí", "Tên tiêu chí", "Điểm tối đa", "Tự đánh giá", "Thẩm định",
     "Cách chấm", "Điểm tính", "Ghi chú"],
    # no code name       max self appraised scoring     used
    [1, "P1", "Chính trị", 20, 20, 12, "Thang điểm", 12, NOTE],  # the Board's note
    [2, "P2", "Đạo đức", 10, 10, "Đạt/Không", 10],
    ["Cộng tiêu chí chung", 30, 30, 22],  # not every criterion appraised: no appraised sum
    *TASKS_XA,
    ["III. TỔNG HỢP ĐIỂM VÀ XẾP LOẠI"],
    ["Điểm tiêu chí chung:", 22, "/ 30 điểm"],
    ["Điểm kết quả nhiệm vụ:", 63.88, "/ 70 điểm"],
    ["Tổng điểm:", 85.88, "= 22,00 + 63,88 (tối đa 100 điểm)"],
    ["Đạt/Giao:", "2/3"],
    ["Số chỉ tiêu vượt:", "1/3"],
    ["Chậm tiến độ hoặc không đạt:", "2/3; trong đó chậm tiến độ: 1"],
    ["Tự đánh giá:", 95.63, "điểm, xếp loại KHTNV"],
    ["Xếp loại:", "KHTNV – Không hoàn thành nhiệm vụ"],
    ["Lý do xếp loại:", REASONS_XA.replace("; ", "\n")],
    ["Xếp hạng:", "1/1 trong nhóm"],
    *SIGNATURES.values(),
]


def test_the_phieu_of_an_official(out):
    got = lines(out / "phieu" / "XA-BT.xlsx")
    assert list(got.values()) == PHIEU_XA_BT


def test_the_phieu_of_a_collective(out):
    got = list(lines(out / "phieu" / "XA.xlsx").values())
    assert got[:4] == [["Ban Tổ chức Tỉnh ủy"],
                       ["PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG TẬP THỂ NĂM 2026"],
                       ["Đánh giá năm 2026"], [MARKER_YES]]
    assert got[4:] == [
        ["Đơn vị:", "Xã A"], ["Mã đơn vị:", "XA"], ["Nhóm so sánh:", "Xã"], ["Năm:", 2026],
        ["I. TIÊU CHÍ CHUNG (tối đa 30 điểm)"],
        ["STT", "Mã tiêu chí", "Tên tiêu chí", "Điểm tối đa", "Tự đánh giá", "Thẩm định",
         "Cách chấm", "Điểm tính", "Ghi chú"],
        [1, "T1", "Lãnh đạo, đoàn kết", 15, 15, "Thang điểm", 15],
        [2, "T2", "Kỷ luật", 15, 15, "Thang điểm", 15],
        ["Cộng tiêu chí chung", 30, 30, 30],
        *TASKS_XA,
        ["III. TỔNG HỢP ĐIỂM VÀ XẾP LOẠI"],
        ["Điểm tiêu chí chung:", 30, "/ 30 điểm"],
        ["Điểm kết quả nhiệm vụ:", 63.88, "/ 70 điểm"],
        ["Tổng điểm:", 93.88, "= 30,00 + 63,88 (tối đa 100 điểm)"],
        ["Đạt/Giao:", "2/3"],
        ["Số chỉ tiêu vượt:", "1/3"],
        ["Chậm tiến độ hoặc không đạt:", "2/3; trong đó chậm tiến độ: 1"],
        ["Tự đánh giá:", 95.63, "điểm, xếp loại KHTNV"],
        ["Xếp loại:", "KHTNV – Không hoàn thành nhiệm vụ"],
        ["Lý do xếp loại:", REASONS_XA.replace("; ", "\n")],
        ["Xếp hạng:", "2/2 trong nhóm"],
        *SIGNATURES.values(),
    ]


def test_the_phieu_of_an_official_not_graded(out):
    got = list(lines(out / "phieu" / "XB-BT.xlsx").values())
    assert got[-7:-2] == [["Chậm tiến độ hoặc không đạt:", "0/3"],
                          ["Tự đánh giá:", 100, "điểm, xếp loại HTTNV"],
                          ["Xếp loại:", "Không xếp loại"],
                          ["Lý do xếp loại:", "Không xếp loại: Dưới 2 tháng công tác"],
                          SIGNATURES["date"]]  # no rank


def test_the_criteria_are_headed_by_their_group(ev, tmp_path):
    plan = ev.plan.model_copy(update={"criteria": tuple(
        c.model_copy(update={"group": "I. Chính trị, đạo đức"}) if c.code.startswith("P") else c
        for c in ev.plan.criteria)})
    grouped = evaluate(plan, returns(), appraisal=APPRAISAL, workers=1)
    path = report.write_unit_sheets(grouped, tmp_path, workers=1)[2]
    got = list(lines(path).values())
    at = got.index(["I. Chính trị, đạo đức"])
    assert got[at - 1][0] == "STT" and got[at + 1][:2] == [1, "P1"]
    assert got.count(["I. Chính trị, đạo đức"]) == 1


def test_the_phieu_prints_on_one_a4_page_width(out):
    wb = load_workbook(out / "phieu" / "XA-BT.xlsx")
    ws = wb.active
    # too wide for a portrait page at 91% (11-pt text at 10 pt): landscape, at full size
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape")
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert sum(ws.column_dimensions[c].width for c in "ABCDEFGHIJKLM") <= 130
    assert ws.print_title_rows == "$21:$21"  # the task table's header, on every printed page


def test_a_phieu_per_collective_then_per_official(out, ev, tmp_path):
    names = [p.name for p in report.write_unit_sheets(ev, tmp_path / "p", workers=1)]
    assert names == ["XB.xlsx", "XA.xlsx", "XA-BT.xlsx", "XB-BT.xlsx", "XB-CT.xlsx",
                     "XA-CT.xlsx"]
    assert sorted(p.name for p in (out / "phieu").iterdir()) == sorted(names)


def test_phieu_are_the_same_whatever_the_number_of_workers(ev, tmp_path):
    one = report.write_unit_sheets(ev, tmp_path / "one", workers=1)
    two = report.write_unit_sheets(ev, tmp_path / "two", workers=2)
    assert [workbook_content(p) for p in one] == [workbook_content(p) for p in two]


def test_without_an_appraisal_the_phieu_has_one_result_column(out):
    got = list(lines(out / "self-phieu" / "XA-BT.xlsx").values())
    assert got[3] == [MARKER_NO]
    header = next(r for r in got if r and r[0] == "STT" and "Tỷ lệ đạt" in r)
    assert header == ["STT", "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Chỉ tiêu giao",
                      "Kết quả thực hiện", "Tỷ lệ đạt", "Trọng số", "Điểm đạt", "Đạt", "Vượt",
                      "Tiến độ, ghi chú"]
    criteria = next(r for r in got if r and r[0] == "STT")
    assert "Thẩm định" not in criteria
    assert not any(r[0] == "Tự đánh giá:" for r in got)


# ----------------------------------------------------------------------------- the marker


def test_not_appraised_says_so_on_every_sheet_and_phieu(out):
    wb = load_workbook(out / "self.xlsx")
    assert "Thẩm định" not in wb.sheetnames and "Cán bộ" in wb.sheetnames
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            top = [ws.cell(r, 1).value for r in range(1, 5)]
            assert MARKER_NO in top, ws.title
    for path in sorted((out / "self-phieu").iterdir()):
        assert MARKER_NO in texts(path), path.name
    assert not any("Đã thẩm định" in t for t in texts(out / "self.xlsx"))


def test_appraised_says_so_and_never_chua_tham_dinh(out):
    for path in (out / "report.xlsx", *sorted((out / "phieu").iterdir())):
        found = texts(path)
        assert not any("chưa thẩm định" in t.lower() for t in found), path.name
        assert MARKER_YES in found, path.name
    wb = load_workbook(out / "report.xlsx")
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            assert MARKER_YES in [ws.cell(r, 1).value for r in range(1, 5)], ws.title


def test_an_appraisal_of_a_plan_before_366_shows_it(tmp_path):
    plan = small_plan()
    rets = {u: Return(file=f"{u}.xlsx", sha256="0" * 64, unit=u, values=tuple(
        ReturnedValue(indicator=ind.code, value=t.value) for ind, t in plan.assignments(u)))
        for u in ("XA", "XB", "XC", "SA", "SB")}
    ev = evaluate(plan, rets, appraisal=Appraisal(results=(
        VerifiedResult(unit="XB", indicator="I1", value=D(90), ground="Biên bản 1"),)), workers=1)
    report.write_report(ev, tmp_path / "r.xlsx")
    wb = load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == ["Tổng hợp", "Thẩm định", "Toàn tỉnh", "Dữ liệu", "Kiểm tra", "Nguồn",
                             "_dgsp"]
    assert wb["Tổng hợp"]["A4"].value == MARKER_YES
    assert rows(wb["Thẩm định"], 8)[0] == ["XB", "Xã B", "I1", "Kết nạp đảng viên", 100, 90, -10,
                                            "Biên bản 1"]


# ----------------------------------------------------------------------------- before 366

OLD_HEADERS = {  # sheet: (header row, its labels)
    "Tổng hợp": (5, ["Xếp hạng", "Mã đơn vị", "Tên đơn vị", "Nhóm so sánh", "Người đứng đầu",
                     "Tổng điểm", "Đạt/Giao", "Số chỉ tiêu giao", "Số chỉ tiêu đạt",
                     "Số chỉ tiêu vượt", "Xếp loại", "Tên mức xếp loại",
                     "Xếp loại trước khi áp tỷ lệ xuất sắc", "Trạng thái", "Lý do xếp loại",
                     "Ghi chú"]),
    "Toàn tỉnh": (1, ["Mã chỉ tiêu", "Nhóm nhiệm vụ", "Tên chỉ tiêu", "Đơn vị tính", "Chiều",
                      "Cộng dồn", "Số đơn vị được giao", "Số đơn vị có kết quả", "Số đơn vị đạt",
                      "Số đơn vị vượt", "Chỉ tiêu giao", "Kết quả thực hiện", "Tỷ lệ đạt",
                      "Ghi chú"]),  # Ghi chú: why a total is blank (issue 12)
    "Dữ liệu": (1, ["Mã đơn vị", "Tên đơn vị", "Nhóm so sánh", "Mã chỉ tiêu", "Nhóm nhiệm vụ",
                    "Tên chỉ tiêu", "Đơn vị tính", "Chiều", "Trọng số", "Trần", "Chỉ tiêu giao",
                    "Kết quả thực hiện", "Tỷ lệ đạt", "Điểm đạt", "Đạt", "Vượt", "Chạm trần",
                    "Ghi chú/Minh chứng", "Cách tính"]),
    "Kiểm tra": (1, ["Mã lỗi", "Mức độ", "Tệp", "Trang tính", "Ô", "Mã đơn vị", "Mã chỉ tiêu",
                     "Nội dung", "Cách sửa"]),
    "Nguồn": (12, ["Loại", "Tệp", "SHA-256", "Mã đơn vị", "Trạng thái"]),
}


def test_a_plan_before_366_writes_the_sheets_it_did(tmp_path):
    ev = make_eval()
    assert not ev.plan.under_366 and not ev.appraised
    report.write_report(ev, tmp_path / "r.xlsx")
    wb = load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == [*OLD_HEADERS, "_dgsp"]
    for name, (row, header) in OLD_HEADERS.items():
        ws = wb[name]
        assert rows(ws, row)[0] == header, name
        above = [c for r in ws.iter_rows(max_row=row - 1, values_only=True) for c in r if c]
        assert not any("thẩm định" in str(c).lower() for c in above), name
    paths = report.write_unit_sheets(ev, tmp_path / "p", workers=1)
    assert [p.name for p in paths] == ["XA.xlsx", "XB.xlsx", "XC.xlsx", "SA.xlsx", "SB.xlsx"]
    got = lines(paths[0])
    assert got[3] == ["PHIẾU ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN CHỈ TIÊU, NHIỆM VỤ NĂM 2025"]
    assert not any("thẩm định" in str(v).lower() for vs in got.values() for v in vs)


# ----------------------------------------------------------------------------- words


def test_english(ev, tmp_path):
    report.write_report(ev, tmp_path / "r.xlsx", lang="en")
    wb = load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == ["Summary", "Officials", "Appraisal", "Province totals", "Data",
                             "Problems", "Sources", "_dgsp"]
    assert wb["Summary"]["A4"].value == ("Appraised: scored on the verified results and the "
                                         "appraised general criteria")
    assert wb["Summary"]["P7"].value == ("2/3 indicators achieved (66.7%) < 80% (HTNV "
                                         "threshold); 2/3 tasks behind schedule or not "
                                         "achieved (66.7%) > 20% (HTNV threshold)")
    path = report.write_unit_sheets(ev, tmp_path / "p", lang="en", workers=1)[2]
    got = list(lines(path).values())
    assert got[1] == ["EVALUATION AND GRADING OF AN OFFICIAL, 2026"]
    assert ["Score:", 85.88, "= 22.00 + 63.88 (of 100 points)"] in got


def test_report_words_exist_in_both_languages_with_the_same_fields():
    keys = [k for k in LABELS if k.startswith("rep.")]
    assert len(keys) > 60
    for key in keys:
        vi, en = LABELS[key]
        assert vi and en, key
        assert set(re.findall(r"{(\w+)}", vi)) == set(re.findall(r"{(\w+)}", en)), key


# ----------------------------------------------------------------------------- render review
# (issue 10 §5: the quota said once, the late deduction in Cách tính, the phiếu's criteria
# block, and the layout of the 366 sheets)


def quota_round():
    """Both communes and their officials earn HTXSNV, each group has one seat (quota 50%):
    XB (T1 self-scored 14) and XB-BT (P1 19) score 99 and are lowered; XB-CT ties XA-CT at
    100 across the last seat, so both are."""
    rets = {"XA": a_return("XA", 130, 60),
            "XB": a_return("XB", 130, 60, self_={"XB": {"T1": 14, "T2": 15},
                                                 "XB-BT": {"P1": 19, "P2": 10},
                                                 "XB-CT": {"P1": 20, "P2": 10}})}
    return evaluate(round_plan(excellent_quota=D("0.5")), rets, workers=1)


def _quota(group):
    return f"Hạ xuống HTTNV do tỷ lệ xuất sắc: nhóm {group} được tối đa 1 HTXSNV"


def _met(score):
    return (f"Theo điểm và chỉ tiêu: đủ điều kiện HTXSNV (điểm {score}; 3/3 chỉ tiêu đạt, "
            "2 vượt)")


def test_the_quota_is_said_once_in_the_reasons_not_again_in_the_note(tmp_path):
    ev = quota_round()
    report.write_report(ev, tmp_path / "r.xlsx")
    wb = load_workbook(tmp_path / "r.xlsx")
    # code     grade    before    Lý do xếp loại                                 Ghi chú
    summary = [
        ["XA", "HTXSNV", "HTXSNV", _met("100,00"), None],
        ["XB", "HTTNV", "HTXSNV", f"{_met('99,00')}; {_quota('Xã')}", None],
    ]
    assert [[r[1], r[12], r[13], r[15], r[16]]
            for r in wb["Tổng hợp"].iter_rows(min_row=6, max_row=7, values_only=True)] == summary
    officials = [
        ["XA-BT", "HTXSNV", "HTXSNV", _met("100,00"), None],
        ["XB-BT", "HTTNV", "HTXSNV", f"{_met('99,00')}; {_quota('Bí thư')}", None],
        # the two chairs tie at 100 across the one seat: both lowered, and the reason says so
        ["XA-CT", "HTTNV", "HTXSNV", f"{_met('100,00')}; {_quota('Chủ tịch')}, 2 bằng điểm nhau "
         "(100,00 điểm) ở vị trí cuối nên cùng hạ", None],
        ["XB-CT", "HTTNV", "HTXSNV", f"{_met('100,00')}; {_quota('Chủ tịch')}, 2 bằng điểm nhau "
         "(100,00 điểm) ở vị trí cuối nên cùng hạ", None],
    ]
    assert [[r[1], r[10], r[11], r[13], r[14]]
            for r in wb["Cán bộ"].iter_rows(min_row=6, values_only=True)] == officials
    # the JSON keeps its note, and the phiếu says the quota once, in its reasons
    data = report.to_json(ev)
    assert data["units"][1]["note"] == ("Hạ từ HTXSNV xuống HTTNV do vượt tỷ lệ xuất sắc của "
                                        "nhóm (tối đa 1 HTXSNV)")
    paths = {p.stem: p for p in report.write_unit_sheets(ev, tmp_path / "p", workers=1)}
    got = list(lines(paths["XB"]).values())
    assert ["Lý do xếp loại:", f"{_met('99,00')}\n{_quota('Xã')}"] in got
    assert not any(r[0] == "Ghi chú:" for r in got)


def test_a_missing_return_keeps_its_note_on_the_366_summary(tmp_path):
    ev = evaluate(the_plan(), {"XA": returns()["XA"]}, workers=1)
    report.write_report(ev, tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")["Tổng hợp"]
    assert [(r[1], r[14], r[16]) for r in ws.iter_rows(min_row=6, max_row=7,
                                                         values_only=True)] == [
        ("XA", "Đã chấm", None), ("XB", "Không nộp", "Không nộp kết quả")]


LATE = Indicator(code="L", name="l", direction=Direction.BINARY, late_deduction=D("0.25"))
LATE_2 = Indicator(code="M", name="m", weight=D(2), late_deduction=D("0.1"))
DUE, ON_TIME, AFTER = date(2026, 6, 30), date(2026, 6, 1), date(2026, 7, 15)


@pytest.mark.parametrize("ind, target, actual, completed, lang, expected", [
    # a late task: its deduction, after the cap
    (LATE, 1, 1, AFTER, "vi",
     "Đạt → 100,0%; điểm = 1 × min(100,0%; 100%) × (1 − 25% chậm tiến độ) = 0,75"),
    (LATE, 1, 1, AFTER, "en",
     "Done → 100.0%; points = 1 × min(100.0%, 100%) × (1 − 25% late) = 0.75"),
    (LATE_2, 100, 110, AFTER, "vi",
     "110 / 100 = 110,0%; điểm = 2 × min(110,0%; 100%) × (1 − 10% chậm tiến độ) = 1,80"),
    # on time, or not achieved (never late): as before
    (LATE, 1, 1, ON_TIME, "vi", "Đạt → 100,0%; điểm = 1 × min(100,0%; 100%) = 1,00"),
    (LATE_2, 100, 90, AFTER, "vi", "90 / 100 = 90,0%; điểm = 2 × min(90,0%; 100%) = 1,80"),
])
def test_explain_a_late_task(ind, target, actual, completed, lang, expected):
    res = result_for(ind, D(target), D(actual), due=DUE, completed=completed)
    assert report.explain(res, ind, lang) == expected


def test_the_data_sheet_explains_the_late_deduction(wb):
    explained = {(r[0], r[3]): r[-1] for r in rows(wb["Dữ liệu"], 4)}
    assert explained["XA", "I3"] == ("Đạt → 100,0%; điểm = 1 × min(100,0%; 100%) × "
                                     "(1 − 25% chậm tiến độ) = 0,75")
    assert explained["XB", "I3"] == "Đạt → 100,0%; điểm = 1 × min(100,0%; 100%) = 1,00"


def test_the_criteria_block_of_the_phieu(out, ev, tmp_path):
    ws = load_workbook(out / "phieu" / "XA-BT.xlsx").active
    first = next(r for r in range(1, 40) if ws.cell(r, 2).value == "P1")
    #   max      self     appraised  used      Ghi chú (I:M)
    block = [
        [(20, "0.00"), (20, "0.00"), (12, "0.00"), (12, "0.00"), NOTE],
        [(10, "0.00"), (10, "0.00"), (None, "0.00"), (10, "0.00"), None],
        [(30, "0.00"), (30, "0.00"), (None, "General"), (22, "0.00"), None],  # total
    ]
    assert [[(ws.cell(r, c).value, ws.cell(r, c).number_format) for c in (5, 6, 7, 10)]
            + [ws.cell(r, 11).value] for r in range(first, first + 3)] == block
    assert ws.cell(first, 11).alignment.wrap_text
    # a criterion neither the unit nor the Board scored
    unscored = evaluate(the_plan(), {"XA": a_return("XA", 130, 60, self_={
        "XA": {"T1": 15, "T2": None}})}, workers=1)
    path = report.write_unit_sheets(unscored, tmp_path, workers=1)[0]
    assert [1, "T1", "Lãnh đạo, đoàn kết", 15, 15, "Thang điểm", 15] in lines(path).values()
    assert [2, "T2", "Kỷ luật", 15, "Thang điểm", 0, "Chưa chấm: tính 0 điểm"] in \
        lines(path).values()


def test_the_366_sheets_print_readably(wb, out):
    """A4 landscape at 91% (11-pt text at 10 pt), over two pages wide with the codes and names
    repeated; the reasons and notes wrap and their rows grow; the title block is tall enough
    for stacked diacritics."""
    for name in ("Tổng hợp", "Cán bộ", "Thẩm định"):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        if not ws.sheet_properties.pageSetUpPr.fitToPage:
            assert ws.page_setup.scale == 91 and ws.print_title_cols, name
        assert (ws.row_dimensions[1].height, ws.row_dimensions[2].height) == (18, 22), name
    summary, officials, appraisal = wb["Tổng hợp"], wb["Cán bộ"], wb["Thẩm định"]
    assert [summary.column_dimensions[c].width for c in "PQ"] == [40, 25]  # reason, note
    assert summary["P7"].alignment.wrap_text and summary["Q7"].alignment.wrap_text
    assert summary.row_dimensions[7].height >= 45  # REASONS_XA: three lines of 40
    assert [officials.column_dimensions[c].width for c in "BDN"] == [17, 24, 40]
    assert officials["N6"].alignment.wrap_text
    assert appraisal.column_dimensions["A"].width == 17
    assert appraisal["H8"].value == GROUND and appraisal["H8"].alignment.wrap_text
    assert wb["Nguồn"].column_dimensions["A"].width == 24
    phieu = load_workbook(out / "phieu" / "XA-BT.xlsx").active
    assert phieu.row_dimensions[1].height == 18


def xlsx_col(c):
    from openpyxl.utils import get_column_letter
    return get_column_letter(c)
