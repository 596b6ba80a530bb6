"""The year workbook and the year phiếu (issue 11, `dgsp year`), by small golden tables of their
cells: the summary by peer group, the quarters' heat map, the flags, the quota, the sources,
and one phiếu."""

from __future__ import annotations

from decimal import Decimal as D

import openpyxl
from test_year_build import ROUNDS, quarter

from dgsp.compare.year import build_year
from dgsp.labels import reason_text
from dgsp.model import Conditions, Period
from dgsp.report.year import write_year, write_year_sheets
from dgsp.xlsx import GRADE_FILLS

HEADER = 5


def rows(ws, first: int, last_col: int | None = None) -> list[tuple]:
    out = []
    for row in ws.iter_rows(min_row=first, max_col=last_col or ws.max_column, values_only=True):
        out.append(tuple(row))
    while out and all(v is None for v in out[-1]):
        out.pop()
    return out


def test_the_year_workbook(tmp_path):
    path = tmp_path / "year.xlsx"
    write_year(build_year(ROUNDS), path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Tổng hợp năm", "Theo quý", "Cảnh báo", "Tỷ lệ xuất sắc", "Nguồn"]
    ws = wb["Tổng hợp năm"]
    assert ws["A2"].value == "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM 2026 (TỪ CÁC QUÝ)"
    met_100 = "Theo điểm và chỉ tiêu: đủ điều kiện HTXSNV (điểm 100,00; 3/3 chỉ tiêu đạt, 2 vượt)"
    met_98 = ("Theo điểm và chỉ tiêu: đủ điều kiện HTXSNV (điểm 98,69; 3/3 chỉ tiêu đạt, 2 vượt); "
              "Có quý không hoàn thành nhiệm vụ (Q2, Q3): tối đa HTTNV (theo điểm: HTXSNV)")
    _ = None
    assert rows(ws, HEADER) == [
        ("Xếp hạng", "Mã", "Tên", "Nhóm so sánh", "Đơn vị", "Quý I", "Quý II", "Quý III", "Quý IV",
         "Điểm năm",
         "Xếp loại năm", "Hạ do tỷ lệ xuất sắc", "Lý do"),
        ("Tập thể – nhóm Xã", *[_] * 12),
        (1, "XA", "Xã A", "Xã", _, 100, 100, 100, 100, 100, "HTXSNV", _, met_100),
        (2, "XB", "Xã B", "Xã", _, 100, 96.5, 98.25, 100, 98.69, "HTTNV", _, met_98),
        ("Cá nhân – nhóm Bí thư", *[_] * 12),
        (1, "XA-BT", "Nguyễn Văn An", "Bí thư", "XA", 100, 100, 100, 100, 100, "HTXSNV", _,
         met_100),
        (2, "XB-BT", "Lê Văn Cường", "Bí thư", "XB", 100, 96.5, 98.25, 100, 98.69, "HTTNV", _,
         met_98),
        ("Cá nhân – nhóm Chủ tịch", *[_] * 12),
        (1, "XA-CT", "Trần Thị Bình", "Chủ tịch", "XA", 100, 100, 100, 100, 100, "HTXSNV", _,
         met_100),
        (2, "XB-CT", "Phạm Thị Dung", "Chủ tịch", "XB", 100, 96.5, 98.25, 100, 98.69, "HTTNV", _,
         met_98),
        (*[_] * 13,),  # XA-CT's Q4, not graded, is marked 100* and the mark explained:
        ("* Điểm của quý không xếp loại: không tính vào điểm năm.", *[_] * 12),
    ]
    assert ws["I13"].number_format == '0.00"*"' and ws["I14"].number_format == "0.00"
    assert ws["K7"].fill.fgColor.rgb[-6:] == GRADE_FILLS["HTXSNV"]
    assert ws["K8"].fill.fgColor.rgb[-6:] == GRADE_FILLS["HTTNV"]

    ws = wb["Theo quý"]
    assert rows(ws, HEADER) == [
        ("Loại", "Mã", "Tên", "Nhóm so sánh", "Quý I", "Quý II", "Quý III", "Quý IV",
         "Số quý HTXSNV",
         "Xếp loại năm"),
        ("Tập thể", "XA", "Xã A", "Xã", "HTXSNV", "HTXSNV", "HTXSNV", "HTXSNV", 4, "HTXSNV"),
        ("Tập thể", "XB", "Xã B", "Xã", "HTXSNV", "KHTNV", "KHTNV", "HTXSNV", 2, "HTTNV"),
        ("Cá nhân", "XA-BT", "Nguyễn Văn An", "Bí thư", "HTXSNV", "HTXSNV", "HTXSNV", "HTXSNV", 4,
         "HTXSNV"),
        ("Cá nhân", "XB-BT", "Lê Văn Cường", "Bí thư", "HTXSNV", "KHTNV", "KHTNV", "HTXSNV", 2,
         "HTTNV"),
        ("Cá nhân", "XA-CT", "Trần Thị Bình", "Chủ tịch", "HTXSNV", "HTXSNV", "HTXSNV",
         "Không xếp loại", 3, "HTXSNV"),
        ("Cá nhân", "XB-CT", "Phạm Thị Dung", "Chủ tịch", "HTXSNV", "KHTNV", "KHTNV", "HTXSNV", 2,
         "HTTNV"),
    ]
    assert ws["F7"].fill.fgColor.rgb[-6:] == GRADE_FILLS["KHTNV"]  # the heat map

    flagged = "Hai quý liên tiếp không hoàn thành nhiệm vụ"
    quarters = "Quý I HTXSNV, Quý II KHTNV, Quý III KHTNV, Quý IV HTXSNV"
    assert rows(wb["Cảnh báo"], HEADER) == [
        ("Loại", "Mã", "Tên", "Nhóm so sánh", "Đơn vị", "Cảnh báo", "Xếp loại các quý"),
        ("Tập thể", "XB", "Xã B", "Xã", None, flagged, quarters),
        ("Cá nhân", "XB-BT", "Lê Văn Cường", "Bí thư", "XB", flagged, quarters),
        ("Cá nhân", "XB-CT", "Phạm Thị Dung", "Chủ tịch", "XB", flagged, quarters),
    ]
    assert rows(wb["Nguồn"], HEADER) == [
        ("Kỳ", "Tệp", "SHA-256", "Mã kiểm tra kế hoạch"),
        *[(w, f"{q}.json", q, r.plan.fingerprint) for q, w, r in zip(
            ("Q1", "Q2", "Q3", "Q4"), ("Quý I", "Quý II", "Quý III", "Quý IV"), ROUNDS,
            strict=True)],
    ]


def test_the_quota_sheet_names_who_kept_and_who_was_lowered(tmp_path):
    not_remedied = (Conditions(entity="XB", remedied=False),)
    rounds = [quarter(Period.Q1, (130, 60), (130, 60)),
              quarter(Period.Q2, (130, 60), (130, 60), conditions=not_remedied),
              quarter(Period.Q3, (130, 60), (130, 60)),
              quarter(Period.Q4, (130, 60), (130, 60), quota=D("0.5"))]
    path = tmp_path / "year.xlsx"
    write_year(build_year(rounds), path, lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Year summary", "By quarter", "Flags", "Quota", "Sources"]
    assert rows(wb["Quota"], HEADER) == [
        ("Kind", "Peer group", "HTXSNV seats", "Eligible for HTXSNV", "Kept HTXSNV",
         "Lowered to HTTNV"),
        ("Collective", "Xã", 1, 2, "XA", "XB"),
        ("Official", "Bí thư", 1, 2, "XA-BT", "XB-BT"),
        ("Official", "Chủ tịch", 1, 2, "XA-CT", "XB-CT"),
    ]
    ws = wb["Year summary"]
    assert (ws["B8"].value, ws["K8"].value, ws["L8"].value) == ("XB", "HTTNV", "Yes")
    assert ws["M8"].value.endswith(
        "Lowered to HTTNV by the excellent quota: group Xã may have at most 1 HTXSNV")
    assert rows(wb["Flags"], HEADER + 1, 1) == [("No flags",)]


def test_one_year_phieu(tmp_path):
    paths = write_year_sheets(build_year(ROUNDS), tmp_path / "phieu")
    assert [p.name for p in paths] == ["XA.xlsx", "XB.xlsx", "XA-BT.xlsx", "XB-BT.xlsx",
                                       "XA-CT.xlsx", "XB-CT.xlsx"]
    ws = openpyxl.load_workbook(tmp_path / "phieu" / "XB-CT.xlsx").active
    _ = None
    assert rows(ws, 1) == [
        (_, _, _, _),
        (_, _, _, _),
        ("PHIẾU ĐÁNH GIÁ, XẾP LOẠI NĂM 2026", _, _, _),
        (_, _, _, _),
        ("Tên:", "Phạm Thị Dung", _, _),
        ("Mã:", "XB-CT", _, _),
        ("Đơn vị:", "Xã B (XB)", _, _),
        ("Nhóm so sánh:", "Chủ tịch", _, _),
        (_, _, _, _),
        ("I. KẾT QUẢ CÁC KỲ ĐÁNH GIÁ", _, _, _),
        ("Kỳ", "Điểm", "Xếp loại", "Ghi chú"),
        ("Quý I", 100, "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"),
        ("Quý II", 96.5, "KHTNV", "Không hoàn thành nhiệm vụ"),
        ("Quý III", 98.25, "KHTNV", "Không hoàn thành nhiệm vụ"),
        ("Quý IV", 100, "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"),
        (_, _, _, _),
        ("II. KẾT QUẢ NĂM", _, _, _),
        ("Điểm năm:", 98.69, _, _),
        ("Cách tính:", ("Trung bình cộng điểm của 4 quý được xếp loại: "
                        "(100 + 96,5 + 98,25 + 100) / 4 = 98,69"), _, _),
        ("Xếp loại năm:", "HTTNV – Hoàn thành tốt nhiệm vụ", _, _),
        ("Xếp hạng:", "2/2 trong nhóm", _, _),
        ("Lý do:", ("Theo điểm và chỉ tiêu: đủ điều kiện HTXSNV (điểm 98,69; 3/3 chỉ tiêu "
                    "đạt, 2 vượt)\nCó quý không hoàn thành nhiệm vụ (Q2, Q3): tối đa HTTNV "
                    "(theo điểm: HTXSNV)"), _, _),
        ("Cảnh báo:", "Hai quý liên tiếp không hoàn thành nhiệm vụ", _, _),
        (_, _, _, _),
        (_, _, "……, ngày … tháng … năm …", _),
        ("Người lập phiếu", _, "Thủ trưởng cơ quan đánh giá", _),
        ("(Ký, ghi rõ họ tên)", _, "(Ký, ghi rõ họ tên)", _),
    ]
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_a_quarter_not_graded_is_said_on_the_phieu(tmp_path):
    write_year_sheets(build_year(ROUNDS), tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "XA-CT.xlsx").active
    assert [c.value for c in ws[15]] == [
        "Quý IV", 100, None, "Không xếp loại: Mới bổ nhiệm (không tính vào điểm năm)"]
    assert ws["B19"].value == ("Trung bình cộng điểm của 3 quý được xếp loại: "
                               "(100 + 100 + 100) / 3 = 100,00")


def test_an_entity_without_an_annual_score(tmp_path):
    year = build_year(ROUNDS[:1] + [quarter(Period.Q2, (130, 60), (100, 50), conditions=(
        Conditions(entity="XB", not_graded="x"),))])
    write_year(year, tmp_path / "year.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "year.xlsx")["Tổng hợp năm"]
    xb = next(r for r in rows(ws, HEADER) if r[1] == "XB")
    assert xb == (None, "XB", "Xã B", "Xã", None, 100, 100, None, None, None, "Không xếp loại",
                  None, "Chỉ được xếp loại 1 quý (cần ít nhất 2); Q2: Không xếp loại: x")
    write_year_sheets(year, tmp_path / "phieu")
    ws = openpyxl.load_workbook(tmp_path / "phieu" / "XB.xlsx").active
    assert [c.value for c in ws[17]][:2] == ["Điểm năm:", None]
    assert ws["B18"].value == "Không có điểm năm"


def test_the_year_reasons_in_words():
    assert reason_text("too_few_quarters", {"count": 1, "min": 2}, "en") == \
        "Graded in only 1 quarter(s) (at least 2 needed)"
    assert reason_text("no_year_round", {}, "vi") == \
        "Không có kỳ đánh giá năm (cách tính: điểm kỳ năm)"
    assert reason_text("quarter_failed", {"quarters": "Q2", "grade": "HTTNV", "was": "HTXSNV"},
                       "vi") == ("Có quý không hoàn thành nhiệm vụ (Q2): tối đa HTTNV "
                                 "(theo điểm: HTXSNV)")


def test_a_quarter_not_graded_is_shown_in_brackets_on_the_summary(tmp_path):
    from openpyxl import load_workbook
    from test_year_build import ROUNDS

    from dgsp.compare.year import build_year
    from dgsp.report.year import FMT_NOT_COUNTED, write_year

    write_year(build_year(ROUNDS), tmp_path / "y.xlsx")
    ws = load_workbook(tmp_path / "y.xlsx").worksheets[0]
    bracketed = [(ws.cell(c.row, 2).value, c.value) for row in ws.iter_rows() for c in row
                 if c.number_format == FMT_NOT_COUNTED]
    assert bracketed == [("XA-CT", 100)]  # its Q4: not graded, not in the annual mean
