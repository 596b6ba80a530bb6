"""The outputs of `dgsp compare`: the compare workbook and the dgsp.compare/1 JSON.

Golden tests compare cell values read back from the file (never bytes) against
tables written out here. The Comparison is built by hand (not by compare/build.py), so
these tests pin the writer alone:

    reports: Đánh giá năm 2021, Đánh giá năm 2022 (the reference)
    group Huyện (quota 25%: pool 4 → 1 seat)
      TD 97.50 HTXSNV rank 1 (2021: 91.00, rank 3)   ┐ bands 1–2 overlap: ≈
      SL 95.00 HTTNV  rank 2, lowered by the quota   ┘ (2021: 95.00, rank 1)
      PY 80.00 HTTNV  rank 3, new                    ┐ tied, bands 3–4: ≈
      VY 80.00 HTTNV  rank 3 (2021: 85.00, rank 2)   ┘
      LT 45.00 KHTNV  rank 5 (2021: 40.00, rank 6)
      BX missing (2021: 70.00, rank 4);  YL no longer present (2021: 60.00, rank 5)
    group Sở (no quota)
      SA 92.00 HTTNV rank 1 (2021: 88.00, rank 1), named like a formula
      SB rejected, missing in 2021
    indicators: I1 higher, I2 lower, I3 unit of measure changed (not compared); I5 missing
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dgsp import __version__
from dgsp.compare import write as compare_report
from dgsp.compare.model import (
    Bands,
    Comparison,
    GroupLeague,
    HistoryPoint,
    IndicatorCell,
    IndicatorLeague,
    LeagueRow,
    NotCompared,
    QuotaAudit,
    ReportRef,
    Sensitivity,
)

INJECTION = '=HYPERLINK("http://x.vn","Sở Nội vụ")'

R2021 = ReportRef(title="Đánh giá năm 2021", year=2021, file="2021/report.xlsx",
                  sha256="a" * 64, fingerprint="f2021")
R2022 = ReportRef(title="Đánh giá năm 2022", year=2022, file="2022/report.xlsx",
                  sha256="b" * 64, fingerprint="f2022")


def _h(report, status, group, score=None, rank=None, grade=None):
    return HistoryPoint(report=report, status=status, group=group,
                        score=None if score is None else D(score), rank=rank, grade=grade)


def _row(code, name, group, status, score=None, rank=None, grade=None, prev=None, history=(),
         **kw):
    """A league row; ``prev`` = (score, rank, grade) in 2021, which fills the changes."""
    data = dict(code=code, name=name, group=group, status=status, rank=rank, grade=grade,
                grade_before_quota=kw.pop("gbq", grade))
    if score is not None:
        data["score"] = D(score)
    if prev is not None:
        p_score, p_rank, p_grade = prev
        data.update(previous_status="scored", previous_score=D(p_score), previous_rank=p_rank,
                    previous_grade=p_grade)
        if score is not None:
            data.update(score_change=D(score) - D(p_score), rank_change=p_rank - rank)
    data.update(kw)
    return LeagueRow(history=tuple(history), **data)


def _band(median, lo, hi, ncd=False):
    return dict(median_rank=D(median), rank_band=(lo, hi), not_clearly_different=ncd)


def huyen_rows():
    g = "Huyện"
    return (
        _row("TD", "Tam Đảo", g, "scored", "97.50", 1, "HTXSNV", ("91.00", 3, "HTTNV"),
             [_h(0, "scored", g, 91, 3, "HTTNV"), _h(1, "scored", g, "97.5", 1, "HTXSNV")],
             heads=("Nguyễn Văn A - Bí thư",), assigned=3, achieved=3, exceeded=1,
             **_band("1.5", 1, 2, True)),
        _row("SL", "Sông Lô", g, "scored", "95.00", 2, "HTTNV", ("95.00", 1, "HTXSNV"),
             [_h(0, "scored", g, 95, 1, "HTXSNV"), _h(1, "scored", g, 95, 2, "HTTNV")],
             gbq="HTXSNV", lowered_by_quota=True, assigned=3, achieved=3, exceeded=1,
             **_band("1.5", 1, 2, True)),
        _row("PY", "Phúc Yên", g, "scored", "80.00", 3, "HTTNV", None,
             [_h(0, None, None), _h(1, "scored", g, 80, 3, "HTTNV")],
             is_new=True, assigned=3, achieved=3, exceeded=0, **_band("3.5", 3, 4, True)),
        _row("VY", "Vĩnh Yên", g, "scored", "80.00", 3, "HTTNV", ("85.00", 2, "HTTNV"),
             [_h(0, "scored", g, 85, 2, "HTTNV"), _h(1, "scored", g, 80, 3, "HTTNV")],
             assigned=3, achieved=3, exceeded=0, **_band("3.5", 3, 4, True)),
        _row("LT", "Lập Thạch", g, "scored", "45.00", 5, "KHTNV", ("40.00", 6, "KHTNV"),
             [_h(0, "scored", g, 40, 6, "KHTNV"), _h(1, "scored", g, 45, 5, "KHTNV")],
             assigned=3, achieved=1, exceeded=0, **_band(5, 5, 5)),
        _row("BX", "Bình Xuyên", g, "missing", prev=("70.00", 4, "HTTNV"),
             history=[_h(0, "scored", g, 70, 4, "HTTNV"), _h(1, "missing", g)], assigned=3),
        _row("YL", "Yên Lạc", g, "removed", prev=("60.00", 5, "HTNV"),
             history=[_h(0, "scored", g, 60, 5, "HTNV"), _h(1, None, None)]),
    )


def so_rows():
    g = "Sở"
    return (
        _row("SA", INJECTION, g, "scored", "92.00", 1, "HTTNV", ("88.00", 1, "HTTNV"),
             [_h(0, "scored", g, 88, 1, "HTTNV"), _h(1, "scored", g, 92, 1, "HTTNV")],
             assigned=2, achieved=2, exceeded=0, **_band(1, 1, 1)),
        _row("SB", "Sở Tài chính", g, "rejected", previous_status="missing",
             history=[_h(0, "missing", g), _h(1, "rejected", g)], assigned=2),
    )


def _cells(*rows):
    """(unit, ratio, rank, band, previous ratio)"""
    return tuple(IndicatorCell(unit=u, ratio=None if r is None else D(r), rank=k, band=b,
                               previous_ratio=None if p is None else D(p))
                 for u, r, k, b, p in rows)


def indicators():
    common = dict(group="Huyện")
    return (
        IndicatorLeague(indicator="I1", name="Kết nạp đảng viên", measure="người",
                        direction="higher", median=D("0.95"), best=("TD",), **common,
                        cells=_cells(("TD", "1.15", 1, "dark_green", "1.05"),
                                     ("SL", "1.00", 2, "green", "1.10"),
                                     ("PY", "0.95", 3, "amber", None),
                                     ("VY", "0.95", 3, "amber", "1.00"),
                                     ("LT", "0.70", 5, "red", "0.60"),
                                     ("BX", None, None, None, None),
                                     ("YL", None, None, None, None))),
        IndicatorLeague(indicator="I2", name="Tai nạn giao thông", measure="vụ",
                        direction="lower", median=D("1.00"), best=("PY",), **common,
                        cells=_cells(("TD", "1.00", 2, "green", "1.00"),
                                     ("SL", "1.00", 2, "green", "0.90"),
                                     ("PY", "1.20", 1, "dark_green", None),
                                     ("VY", "0.90", 4, "amber", "1.00"),
                                     ("LT", "0.50", 5, "red", "0.80"),
                                     ("BX", None, None, None, None))),
        IndicatorLeague(indicator="I3", name="Tỷ lệ hộ nghèo giảm", measure="%",
                        direction="higher", median=D("0.85"), best=("TD", "SL"),
                        comparable=False, **common,
                        cells=_cells(("TD", "1.00", 1, "green", None),
                                     ("SL", "1.00", 1, "green", None),
                                     ("PY", "0.85", 3, "amber", None),
                                     ("VY", "0.80", 4, "amber", None),
                                     ("LT", "0.79", 5, "red", None))),
        IndicatorLeague(indicator="I1", name="Kết nạp đảng viên", measure="người",
                        direction="higher", group="Sở", median=D("1.10"), best=("SA",),
                        cells=_cells(("SA", "1.10", 1, "dark_green", "1.00"),
                                     ("SB", None, None, None, None))),
    )


def make_comparison(**overrides) -> Comparison:
    data = dict(
        reports=(R2021, R2022),
        groups=(GroupLeague(group="Huyện", rows=huyen_rows()),
                GroupLeague(group="Sở", rows=so_rows())),
        indicators=indicators(),
        quota=(QuotaAudit(group="Huyện", quota=D("0.25"), pool=4, seats=1, kept=("TD",),
                          lowered=("SL",), scores={"TD": D("97.50"), "SL": D("95.00")}),
               QuotaAudit(group="Sở", quota=None, pool=1, seats=None, kept=(), lowered=(),
                          scores={})),
        not_compared=(NotCompared(indicator="I3", reason="measure", detail="hộ → %",
                                  reports=(0,)),
                      NotCompared(indicator="I5", reason="missing", detail="", reports=(0,))),
        bands=Bands(),
        sensitivity=Sensitivity(runs=1000, seed=366),
    )
    data.update(overrides)
    return Comparison(**data)


@pytest.fixture(scope="module")
def comparison():
    return make_comparison()


@pytest.fixture(scope="module")
def out(tmp_path_factory, comparison):
    d = tmp_path_factory.mktemp("compare")
    compare_report.write_compare(comparison, d / "compare.xlsx")
    compare_report.write_compare(comparison, d / "compare-en.xlsx", lang="en")
    return d


@pytest.fixture(scope="module")
def wb(out):
    return load_workbook(out / "compare.xlsx")


def values(ws, min_row=1, max_row=None, max_col=None):
    return [list(r) for r in ws.iter_rows(min_row=min_row, max_row=max_row, max_col=max_col,
                                          values_only=True)]


def fill(ws, ref):
    return ws[ref].fill.fgColor.rgb[-6:] if ws[ref].fill.fill_type else None


# ----------------------------------------------------------------------------- sheets

SHEETS_VI = ["Xếp hạng", "Tiến bộ", "Theo chỉ tiêu", "Bảng màu tỷ lệ đạt", "Không so sánh",
             "Tỷ lệ xuất sắc", "Độ ổn định", "Biểu đồ", "Nguồn"]
SHEETS_EN = ["League", "Improvement", "By indicator", "Heat map", "Not compared",
             "Quota audit", "Rank stability", "Charts", "Sources"]


def test_sheet_names(wb, out):
    assert wb.sheetnames == SHEETS_VI
    assert load_workbook(out / "compare-en.xlsx").sheetnames == SHEETS_EN
    assert all(len(s) <= 31 for s in SHEETS_VI + SHEETS_EN)


def test_one_report_leaves_out_what_needs_two(tmp_path):
    c = make_comparison(reports=(R2022,), sensitivity=None, not_compared=())
    compare_report.write_compare(c, tmp_path / "one.xlsx")
    wb = load_workbook(tmp_path / "one.xlsx")
    assert wb.sheetnames == ["Xếp hạng", "Theo chỉ tiêu", "Bảng màu tỷ lệ đạt", "Tỷ lệ xuất sắc",
                             "Biểu đồ", "Nguồn"]
    assert values(wb["Xếp hạng"], 5, 5)[0] == [
        "Xếp hạng", "Mã đơn vị", "Tên đơn vị", "Người đứng đầu", "Tổng điểm", "Xếp loại",
        "Tên mức xếp loại", "Số chỉ tiêu giao", "Số chỉ tiêu đạt", "Số chỉ tiêu vượt",
        "Trạng thái"]
    assert wb["Xếp hạng"]["A2"].value == "Đánh giá năm 2022 (2022)"


# ----------------------------------------------------------------------------- Xếp hạng

LEAGUE_HEADER = [
    "Xếp hạng", "Mã đơn vị", "Tên đơn vị", "Người đứng đầu", "Tổng điểm", "Xếp loại",
    "Tên mức xếp loại", "Số chỉ tiêu giao", "Số chỉ tiêu đạt", "Số chỉ tiêu vượt",
    "Điểm kỳ trước", "Thay đổi điểm", "Hạng kỳ trước", "Thay đổi hạng",
    "Số bậc lên (+) / xuống (−)", "Xếp loại kỳ trước", "Trạng thái", "Hạng có thể (90% số lần chấm lại)",
    "Hạng ở giữa các lần chấm lại", "Không khác biệt rõ với đơn vị liền kề"]
XS, T, K = "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Không hoàn thành nhiệm vụ"
N = None
LEAGUE = [
    ["Nhóm so sánh: Huyện"] + [N] * 19,
    LEAGUE_HEADER,
    [1, "TD", "Tam Đảo", "Nguyễn Văn A - Bí thư", 97.5, "HTXSNV", XS, 3, 3, 1,
     91, 6.5, 3, "▲ 2", 2, "HTTNV", N, "1–2", 1.5, "≈"],
    [2, "SL", "Sông Lô", N, 95, "HTTNV", T, 3, 3, 1,
     95, 0, 1, "▼ 1", -1, "HTXSNV", "Hạ xuống HTTNV do tỷ lệ xuất sắc", "1–2", 1.5, "≈"],
    [3, "PY", "Phúc Yên", N, 80, "HTTNV", T, 3, 3, 0,
     N, N, N, N, N, N, "Mới so với kỳ trước", "3–4", 3.5, "≈"],
    [3, "VY", "Vĩnh Yên", N, 80, "HTTNV", T, 3, 3, 0,
     85, -5, 2, "▼ 1", -1, "HTTNV", N, "3–4", 3.5, "≈"],
    [5, "LT", "Lập Thạch", N, 45, "KHTNV", K, 3, 1, 0,
     40, 5, 6, "▲ 1", 1, "KHTNV", N, "5", 5, N],
    [N, "BX", "Bình Xuyên", N, N, N, N, 3, N, N,
     70, N, 4, N, N, "HTTNV", "Không nộp", N, N, N],
    [N, "YL", "Yên Lạc", N, N, N, N, N, N, N,
     60, N, 5, N, N, "HTNV", "Không còn trong kỳ này", N, N, N],
    [N] * 20,
    ["Nhóm so sánh: Sở"] + [N] * 19,
    LEAGUE_HEADER,
    [1, "SA", INJECTION, N, 92, "HTTNV", T, 2, 2, 0,
     88, 4, 1, "=", 0, "HTTNV", N, "1", 1, N],
    [N, "SB", "Sở Tài chính", N, N, N, N, 2, N, N,
     N, N, N, N, N, N, "Bị từ chối; Kỳ trước không nộp", N, N, N],
]


def test_league_title_and_table(wb):
    ws = wb["Xếp hạng"]
    assert ws["A1"].value == "BẢNG XẾP HẠNG THEO NHÓM SO SÁNH NĂM 2022"
    assert ws["A2"].value == "Đánh giá năm 2022 (2022) · So với: Đánh giá năm 2021 (2021)"
    assert values(ws, 4) == LEAGUE


def test_league_formats_fills_and_layout(wb):
    ws = wb["Xếp hạng"]
    assert ws["E6"].number_format == "0.00" and ws["E6"].data_type == "n"
    assert ws["L6"].number_format == "+0.00;-0.00;0.00"
    assert ws["O6"].number_format == "+0;-0;0"
    assert ws["N6"].data_type == "s"  # "▲ 2" is text beside the number in O
    assert ws["R6"].data_type == "s"  # "1–2" never becomes a date
    assert ws["S6"].number_format == "0.0"
    fills = {r: fill(ws, f"A{r}") for r in range(6, 13)}
    assert fills == {6: "C6EFCE", 7: "DDEBF7", 8: "DDEBF7", 9: "DDEBF7", 10: "F8CBAD",
                     11: "E7E6E6", 12: "E7E6E6"}
    assert {fill(ws, f"{c}6") for c in "ABCDEFGHIJKLMNOPQRST"} == {"C6EFCE"}
    assert (fill(ws, "A16"), fill(ws, "A17")) == ("DDEBF7", "E7E6E6")  # SA; SB rejected
    assert sorted((t.displayName, t.ref) for t in ws.tables.values()) == [
        ("League_1", "A5:T12"), ("League_2", "A15:T17")]
    assert ws.freeze_panes == "D6"
    assert ws.print_title_rows == "$5:$5"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    # 20 columns: over several pages wide at 70%, the rank, code and name on each
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale == 91
    assert ws.print_title_cols == "$A:$C"
    assert ws["A4"].font.bold and ws["A5"].font.bold


def test_formula_like_names_stay_text(wb, out):
    for sheet, ref in (("Xếp hạng", "C16"), ("Bảng màu tỷ lệ đạt", "C23"), ("Biểu đồ", "A39")):
        cell = wb[sheet][ref]
        assert (cell.value, cell.data_type) == (INJECTION, "s"), sheet
    formulas = [(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == []
    with zipfile.ZipFile(out / "compare.xlsx") as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sh")]
    assert not any("<f>" in s or "<f " in s for s in sheets)


# ----------------------------------------------------------------------------- Tiến bộ

IMPROVEMENT_HEADER = [
    "Hạng tiến bộ", "Mã đơn vị", "Tên đơn vị", "Điểm kỳ trước", "Tổng điểm", "Thay đổi điểm",
    "Hạng kỳ trước", "Xếp hạng", "Thay đổi hạng", "Xếp loại kỳ trước", "Xếp loại",
    "Trạng thái"]
IMPROVEMENT = [
    ["Nhóm so sánh: Huyện"] + [N] * 11,
    IMPROVEMENT_HEADER,
    [1, "TD", "Tam Đảo", 91, 97.5, 6.5, 3, 1, "▲ 2", "HTTNV", "HTXSNV", N],
    [2, "LT", "Lập Thạch", 40, 45, 5, 6, 5, "▲ 1", "KHTNV", "KHTNV", N],
    [3, "SL", "Sông Lô", 95, 95, 0, 1, 2, "▼ 1", "HTXSNV", "HTTNV", "Hạ xuống HTTNV do tỷ lệ xuất sắc"],
    [4, "VY", "Vĩnh Yên", 85, 80, -5, 2, 3, "▼ 1", "HTTNV", "HTTNV", N],
    [N, "PY", "Phúc Yên", N, 80, N, N, 3, N, N, "HTTNV", "Mới so với kỳ trước"],
    [N, "BX", "Bình Xuyên", 70, N, N, 4, N, N, "HTTNV", N, "Không nộp"],
    [N, "YL", "Yên Lạc", 60, N, N, 5, N, N, "HTNV", N, "Không còn trong kỳ này"],
    [N] * 12,
    ["Nhóm so sánh: Sở"] + [N] * 11,
    IMPROVEMENT_HEADER,
    [1, "SA", INJECTION, 88, 92, 4, 1, 1, "=", "HTTNV", "HTTNV", N],
    [N, "SB", "Sở Tài chính", N, N, N, N, N, N, N, N, "Bị từ chối; Kỳ trước không nộp"],
]


def test_improvement_sheet(wb):
    ws = wb["Tiến bộ"]
    assert ws["A1"].value == "TIẾN BỘ SO VỚI KỲ TRƯỚC (2021 → 2022)"
    assert values(ws, 4) == IMPROVEMENT
    assert [fill(ws, f"F{r}") for r in range(6, 10)] == ["C6EFCE", "C6EFCE", None, "FFC7CE"]
    assert fill(ws, "A11") == "E7E6E6" and fill(ws, "A10") is None  # BX missing; PY scored


def test_improvement_ties_share_a_rank():
    rows = tuple(_row(c, c, "G", "scored", s, i, "HTTNV", (p, i, "HTTNV"))
                 for i, (c, s, p) in enumerate([("A", "90", "80"), ("B", "85", "80"),
                                                ("C", "70", "65")], start=1))
    order = compare_report.improvement_order(GroupLeague(group="G", rows=rows))
    assert [(rank, r.code) for rank, r in order] == [(1, "A"), (2, "B"), (2, "C")]


# ----------------------------------------------------------------------------- Theo chỉ tiêu

IND_HEADER = ["Hạng theo chỉ tiêu", "Mã đơn vị", "Tên đơn vị", "Tỷ lệ đạt", "Tỷ lệ đạt kỳ trước",
              "Dẫn đầu"]
BY_INDICATOR = [
    ["I1 – Kết nạp đảng viên (người; Tăng) · Nhóm so sánh: Huyện", N, N, N, N, N],
    [N] * 6,
    [N, N, "Mức giữa của nhóm", 0.95, N, N],
    [N, N, "Dẫn đầu", "Tam Đảo (TD)", N, N],
    IND_HEADER,
    [1, "TD", "Tam Đảo", 1.15, 1.05, "★"],
    [2, "SL", "Sông Lô", 1, 1.1, N],
    [3, "PY", "Phúc Yên", 0.95, N, N],
    [3, "VY", "Vĩnh Yên", 0.95, 1, N],
    [5, "LT", "Lập Thạch", 0.7, 0.6, N],
    [N] * 6,
    ["I2 – Tai nạn giao thông (vụ; Giảm) · Nhóm so sánh: Huyện", N, N, N, N, N],
    [N] * 6,
    [N, N, "Mức giữa của nhóm", 1, N, N],
    [N, N, "Dẫn đầu", "Phúc Yên (PY)", N, N],
    IND_HEADER,
    [1, "PY", "Phúc Yên", 1.2, N, "★"],
    [2, "TD", "Tam Đảo", 1, 1, N],
    [2, "SL", "Sông Lô", 1, 0.9, N],
    [4, "VY", "Vĩnh Yên", 0.9, 1, N],
    [5, "LT", "Lập Thạch", 0.5, 0.8, N],
    [N] * 6,
    ["I3 – Tỷ lệ hộ nghèo giảm (%; Tăng) · Nhóm so sánh: Huyện", N, N, N, N, N],
    ["Không so sánh với kỳ trước (xem trang Không so sánh)", N, N, N, N, N],
    [N, N, "Mức giữa của nhóm", 0.85, N, N],
    [N, N, "Dẫn đầu", "Tam Đảo (TD); Sông Lô (SL)", N, N],
    IND_HEADER,
    [1, "TD", "Tam Đảo", 1, N, "★"],
    [1, "SL", "Sông Lô", 1, N, "★"],
    [3, "PY", "Phúc Yên", 0.85, N, N],
    [4, "VY", "Vĩnh Yên", 0.8, N, N],
    [5, "LT", "Lập Thạch", 0.79, N, N],
    [N] * 6,
    ["I1 – Kết nạp đảng viên (người; Tăng) · Nhóm so sánh: Sở", N, N, N, N, N],
    [N] * 6,
    [N, N, "Mức giữa của nhóm", 1.1, N, N],
    [N, N, "Dẫn đầu", f"{INJECTION} (SA)", N, N],
    IND_HEADER,
    [1, "SA", INJECTION, 1.1, 1, "★"],
]


def test_by_indicator_sheet(wb):
    ws = wb["Theo chỉ tiêu"]
    assert ws["A1"].value == "XẾP HẠNG THEO TỪNG CHỈ TIÊU NĂM 2022"
    assert values(ws, 4, max_col=6) == BY_INDICATOR
    assert ws["D9"].number_format == "0.0%" and ws["E9"].number_format == "0.0%"
    assert ws["D6"].number_format == "0.0%"
    assert [fill(ws, f"D{r}") for r in range(9, 14)] == [
        "63BE7B", "C6EFCE", "FFEB9C", "FFEB9C", "FFC7CE"]
    assert fill(ws, "E9") is None
    assert len(ws.tables) == 4


# ----------------------------------------------------------------------------- Bảng màu tỷ lệ đạt


def test_heatmap_legend_and_grid(wb):
    ws = wb["Bảng màu tỷ lệ đạt"]
    assert ws["A1"].value == "BẢNG MÀU TỶ LỆ ĐẠT CHỈ TIÊU NĂM 2022"
    legend = [(ws[f"C{r}"].value, fill(ws, f"C{r}")) for r in range(4, 8)]
    assert legend == [("Dưới 80%", "FFC7CE"), ("Từ 80% đến dưới 100%", "FFEB9C"),
                      ("Bằng 100% (đạt)", "C6EFCE"), ("Trên 100% (vượt)", "63BE7B")]
    assert ws["B4"].value == "Chú giải"
    assert ws["A8"].value.startswith("Chỉ tiêu chiều Giảm được tô theo tỷ lệ đạt")
    assert values(ws, 10, max_col=7) == [
        ["Nhóm so sánh: Huyện", N, N, N, N, N, N],
        [N, N, N, N, "Kết nạp đảng viên", "Tai nạn giao thông", "Tỷ lệ hộ nghèo giảm"],
        ["Xếp hạng", "Mã đơn vị", "Tên đơn vị", "Tổng điểm", "I1", "I2", "I3"],
        [1, "TD", "Tam Đảo", 97.5, 1.15, 1, 1],
        [2, "SL", "Sông Lô", 95, 1, 1, 1],
        [3, "PY", "Phúc Yên", 80, 0.95, 1.2, 0.85],
        [3, "VY", "Vĩnh Yên", 80, 0.95, 0.9, 0.8],
        [5, "LT", "Lập Thạch", 45, 0.7, 0.5, 0.79],
        [N, "BX", "Bình Xuyên", N, N, N, N],
        [N] * 7,
        ["Nhóm so sánh: Sở", N, N, N, N, N, N],
        [N, N, N, N, "Kết nạp đảng viên", N, N],
        ["Xếp hạng", "Mã đơn vị", "Tên đơn vị", "Tổng điểm", "I1", N, N],
        [1, "SA", INJECTION, 92, 1.1, N, N],
        [N, "SB", "Sở Tài chính", N, N, N, N],
    ]


HEAT_FILLS = {  # the band of each ratio cell, by the comparison's cells
    "E13": "63BE7B", "F13": "C6EFCE", "G13": "C6EFCE",
    "E14": "C6EFCE", "F14": "C6EFCE", "G14": "C6EFCE",
    "E15": "FFEB9C", "F15": "63BE7B", "G15": "FFEB9C",
    "E16": "FFEB9C", "F16": "FFEB9C", "G16": "FFEB9C",
    "E17": "FFC7CE", "F17": "FFC7CE", "G17": "FFC7CE",
    "E23": "63BE7B",
}


def test_heatmap_fills_by_band(wb):
    ws = wb["Bảng màu tỷ lệ đạt"]
    assert {ref: fill(ws, ref) for ref in HEAT_FILLS} == HEAT_FILLS
    assert fill(ws, "A13") is None and fill(ws, "D13") is None  # only ratios are coloured
    assert {fill(ws, f"{c}18") for c in "ABCDEFG"} == {"E7E6E6"}  # BX missing: grey
    assert ws["E13"].number_format == "0.0%"
    assert sorted(t.ref for t in ws.tables.values()) == ["A12:G18", "A22:E24"]
    assert ws.freeze_panes == "E3"


def test_heatmap_legend_follows_the_bands(tmp_path):
    c = make_comparison(bands=Bands(red_below=D("0.75"), green_from=D("1.1")))
    compare_report.write_compare(c, tmp_path / "b.xlsx", lang="en")
    ws = load_workbook(tmp_path / "b.xlsx")["Heat map"]
    assert [ws[f"C{r}"].value for r in range(4, 8)] == [
        "Below 75%", "75% to below 110%", "110% (achieved)", "Above 110% (exceeded)"]


# ----------------------------------------------------------------------------- Không so sánh


def test_not_compared_sheet(wb, tmp_path):
    ws = wb["Không so sánh"]
    assert values(ws, 4) == [
        ["Mã chỉ tiêu", "Tên chỉ tiêu", "Lý do", "Chi tiết", "Kỳ khác với kỳ tham chiếu"],
        ["I3", "Tỷ lệ hộ nghèo giảm", "Đơn vị tính đã thay đổi", "hộ → %",
         "Đánh giá năm 2021 (2021)"],
        ["I5", N, "Không có trong mọi kỳ", N, "Đánh giá năm 2021 (2021)"],
    ]
    c = make_comparison(not_compared=(NotCompared(indicator="I2", reason="direction",
                                                  detail="higher, binary → lower"),))
    compare_report.write_compare(c, tmp_path / "d.xlsx", lang="en")
    ws = load_workbook(tmp_path / "d.xlsx")["Not compared"]
    assert values(ws, 5, 5) == [["I2", "Tai nạn giao thông", "The direction changed",
                                 "higher, binary → lower", N]]
    assert compare_report.change_detail(c.not_compared[0], "vi") == "Tăng, Đạt → Giảm"
    c = make_comparison(not_compared=())
    compare_report.write_compare(c, tmp_path / "e.xlsx")
    ws = load_workbook(tmp_path / "e.xlsx")["Không so sánh"]
    assert ws["A5"].value == "Mọi chỉ tiêu đều so sánh được giữa các kỳ."


# ----------------------------------------------------------------------------- Hạn mức


def test_quota_audit(wb):
    ws = wb["Tỷ lệ xuất sắc"]
    assert ws["A1"].value == "RÀ SOÁT TỶ LỆ HOÀN THÀNH XUẤT SẮC NĂM 2022"
    assert ws["A4"].value.startswith("Số HTXSNV tối đa = phần nguyên của (tỷ lệ xuất sắc × số "
                                     "đơn vị")
    assert values(ws, 6, max_col=8) == [
        ["Nhóm so sánh", "Tỷ lệ xuất sắc tối đa", "Số đơn vị HTXSNV, HTTNV trước khi áp tỷ lệ xuất sắc",
         "Số HTXSNV tối đa", "Số đơn vị giữ HTXSNV", "Số đơn vị bị hạ", "Giữ HTXSNV",
         "Hạ xuống HTTNV"],
        ["Huyện", 0.25, 4, 1, 1, 1, "Tam Đảo (TD)", "Sông Lô (SL)"],
        ["Sở", N, 1, "Không áp tỷ lệ xuất sắc", 0, 0, N, N],
        [N] * 8,
        ["Các đơn vị đạt HTXSNV trước khi áp tỷ lệ xuất sắc"] + [N] * 7,
        ["Nhóm so sánh", "Xếp hạng", "Mã đơn vị", "Tên đơn vị", "Tổng điểm",
         "Xếp loại trước khi áp tỷ lệ xuất sắc", "Kết quả áp tỷ lệ xuất sắc", N],
        ["Huyện", 1, "TD", "Tam Đảo", 97.5, "HTXSNV", "Giữ HTXSNV", N],
        ["Huyện", 2, "SL", "Sông Lô", 95, "HTXSNV", "Hạ xuống HTTNV", N],
    ]
    assert ws["B7"].number_format == "0%"
    assert ws["E12"].number_format == "0.00"
    assert [fill(ws, "A12"), fill(ws, "A13")] == ["C6EFCE", "DDEBF7"]
    assert sorted(t.ref for t in ws.tables.values()) == ["A11:G13", "A6:H8"]


def test_quota_tie_across_the_last_seat_lists_both_lowered(tmp_path):
    """Two units tied on the last seat are both lowered; the table shows the equal scores."""
    rows = (_row("A", "A", "G", "scored", "95", 1, "HTTNV", gbq="HTXSNV",
                 lowered_by_quota=True),
            _row("B", "B", "G", "scored", "95", 1, "HTTNV", gbq="HTXSNV",
                 lowered_by_quota=True))
    c = make_comparison(
        reports=(R2022,), groups=(GroupLeague(group="G", rows=rows),), indicators=(),
        quota=(QuotaAudit(group="G", quota=D("0.2"), pool=5, seats=1, kept=(),
                          lowered=("A", "B"), scores={"A": D(95), "B": D(95)}),),
        not_compared=(), sensitivity=None)
    compare_report.write_compare(c, tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx")["Tỷ lệ xuất sắc"]
    assert values(ws, 7, 7, 8) == [["G", 0.2, 5, 1, 0, 2, N, "A (A); B (B)"]]
    assert values(ws, 11, 12, 7) == [["G", 1, "A", "A", 95, "HTXSNV", "Hạ xuống HTTNV"],
                                     ["G", 1, "B", "B", 95, "HTXSNV", "Hạ xuống HTTNV"]]
    assert compare_report.to_json(c)["quota"][0]["lowered"] == ["A", "B"]


# ----------------------------------------------------------------------------- Độ ổn định


def test_stability_sheet(wb):
    ws = wb["Độ ổn định"]
    assert ws["A1"].value == "ĐỘ ỔN ĐỊNH CỦA THỨ HẠNG NĂM 2022"
    assert [(ws[f"B{r}"].value, ws[f"D{r}"].value) for r in range(4, 8)] == [
        ("Số lần chạy", 1000), ("Hệ số nhân trọng số thấp nhất", 0.8),
        ("Hệ số nhân trọng số cao nhất", 1.2), ("Số khởi tạo ngẫu nhiên", 366)]
    assert "Chấm lại 1.000 lần" in ws["A8"].value and "[0,8; 1,2]" in ws["A8"].value
    assert "số khởi tạo cố định 366" in ws["A8"].value
    header = ["Xếp hạng", "Mã đơn vị", "Tên đơn vị", "Tổng điểm", "Hạng ở giữa các lần chấm lại",
              "Hạng cao (phân vị 5%)", "Hạng thấp (phân vị 95%)", "Hạng có thể (90% số lần chấm lại)",
              "Không khác biệt rõ với đơn vị liền kề"]
    assert values(ws, 10) == [
        ["Nhóm so sánh: Huyện"] + [N] * 8,
        header,
        [1, "TD", "Tam Đảo", 97.5, 1.5, 1, 2, "1–2", "≈"],
        [2, "SL", "Sông Lô", 95, 1.5, 1, 2, "1–2", "≈"],
        [3, "PY", "Phúc Yên", 80, 3.5, 3, 4, "3–4", "≈"],
        [3, "VY", "Vĩnh Yên", 80, 3.5, 3, 4, "3–4", "≈"],
        [5, "LT", "Lập Thạch", 45, 5, 5, 5, "5", N],
        [N] * 9,
        ["Nhóm so sánh: Sở"] + [N] * 8,
        header,
        [1, "SA", INJECTION, 92, 1, 1, 1, "1", N],
    ]


# ----------------------------------------------------------------------------- Biểu đồ


def test_chart_data(wb):
    ws = wb["Biểu đồ"]
    assert values(ws, 4, 10, 5) == [
        ["Nhóm so sánh: Huyện", N, N, N, N],
        ["Tên đơn vị", "Tổng điểm", "Ngưỡng 90", "Ngưỡng 70", "Ngưỡng 50"],
        ["Tam Đảo", 97.5, 90, 70, 50],
        ["Sông Lô", 95, 90, 70, 50],
        ["Phúc Yên", 80, 90, 70, 50],
        ["Vĩnh Yên", 80, 90, 70, 50],
        ["Lập Thạch", 45, 90, 70, 50],
    ]
    # the group's highest, median and lowest score among the units scored in each report
    assert values(ws, 24, 26, 4) == [
        ["Kỳ đánh giá", "Cao nhất trong nhóm", "Mức giữa của nhóm", "Thấp nhất trong nhóm"],
        ["2021", 95, 77.5, 40],
        ["2022", 97.5, 80, 45],
    ]
    assert values(ws, 37, 39, 5) == [
        ["Nhóm so sánh: Sở", N, N, N, N],
        ["Tên đơn vị", "Tổng điểm", "Ngưỡng 90", "Ngưỡng 70", "Ngưỡng 50"],
        [INJECTION, 92, 90, 70, 50],
    ]
    assert values(ws, 57, 59, 4) == [
        ["Kỳ đánh giá", "Cao nhất trong nhóm", "Mức giữa của nhóm", "Thấp nhất trong nhóm"],
        ["2021", 88, 88, 88],
        ["2022", 92, 92, 92],
    ]


def _chart_parts(path: Path) -> tuple[dict[str, str], str]:
    """Chart XML by file name, and the name of the sheet file that holds the drawing."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        charts = {n: z.read(n).decode() for n in sorted(names)
                  if re.fullmatch(r"xl/charts/chart\d+\.xml", n)}
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        sheet_rels = {n: z.read(n).decode() for n in names
                      if n.startswith("xl/worksheets/_rels/")}
        drawings = {n: z.read(n).decode() for n in names
                    if n.startswith("xl/drawings/_rels/")}
    rid = re.search(r'<sheet [^>]*name="Biểu đồ"[^>]*r:id="(rId\d+)"', workbook).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"',
                       rels)
    sheet_file = (target.group(1) or target.group(2)).split("/")[-1]
    with_drawing = [n.split("/")[-1].removesuffix(".rels") for n, x in sheet_rels.items()
                    if "/drawing" in x]
    assert with_drawing == [sheet_file]  # the charts sit on "Biểu đồ", and only there
    chart_targets = sorted(t.split("/")[-1] for x in drawings.values()
                           for t in re.findall(r'Target="([^"]+chart\d+\.xml)"', x))
    assert chart_targets == sorted(n.split("/")[-1] for n in charts)
    return charts, sheet_file


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _plots(xml: str) -> dict[str, list[list[tuple[str, str]]]]:
    """Per plot kind (barChart, lineChart): per series, its (part, reference) pairs."""
    root = ET.fromstring(xml)
    out: dict[str, list] = {}
    for plot in root.iter():
        if plot.tag in (f"{C}barChart", f"{C}lineChart"):
            out[plot.tag.removeprefix(C)] = [
                [(part, ser.find(f"{C}{part}").find(f".//{C}f").text)
                 for part in ("tx", "cat", "val")]
                + [("cat kind", ser.find(f"{C}cat")[0].tag.removeprefix(C))]
                for ser in plot.findall(f"{C}ser")]
    return out


S = "'Biểu đồ'!"


def _series(title, cats, col, rows):
    """The references of one series: title cell, category range (text), value range."""
    def rng(c):
        a, b = rows
        return f"{S}${c}${a}" + (f":${c}${b}" if b != a else "")

    return [("tx", f"{S}{title}"), ("cat", rng(cats)), ("val", rng(col)),
            ("cat kind", "strRef")]


def test_charts_exist_and_refer_to_their_data(out):
    charts, _ = _chart_parts(out / "compare.xlsx")
    assert len(charts) == 4  # per group: a bar+line score chart and a trend line chart
    plots = [(sorted(p), p) for p in map(_plots, charts.values())]
    combos = [p for kinds, p in plots if kinds == ["barChart", "lineChart"]]
    trends = [p for kinds, p in plots if kinds == ["lineChart"]]
    assert len(combos) == len(trends) == 2
    huyen = next(p for p in combos if p["barChart"][0][0][1].endswith("B5"))
    assert huyen["barChart"] == [_series("B5", "A", "B", (6, 10))]
    assert huyen["lineChart"] == [_series(f"{c}5", "A", c, (6, 10)) for c in "CDE"]
    so = next(p for p in combos if p is not huyen)
    assert so["barChart"] == [_series("B38", "A", "B", (39, 39))]
    assert so["lineChart"] == [_series(f"{c}38", "A", c, (39, 39)) for c in "CDE"]
    assert sorted(t["lineChart"] for t in trends) == sorted([
        [_series(f"{c}24", "A", c, (25, 26)) for c in "BCD"],
        [_series(f"{c}57", "A", c, (58, 59)) for c in "BCD"],
    ])


def test_score_chart_design(out):
    charts, _ = _chart_parts(out / "compare.xlsx")
    xml = next(x for x in charts.values() if "barChart" in x and "$A$6:$A$10" in x)
    root = ET.fromstring(xml)
    bar, line = root.find(f".//{C}barChart"), root.find(f".//{C}lineChart")
    assert bar.find(f"{C}barDir").get("val") == "col"
    colours = [p.find(f".//{A}srgbClr").get("val") for p in bar.iter(f"{C}dPt")]
    assert colours == ["70AD47", "5B9BD5", "5B9BD5", "5B9BD5", "ED7D31"]  # by grade
    dashes = [d.get("val") for d in line.iter(f"{A}prstDash") if d.get("val") == "dash"]
    assert len(dashes) == 3  # the 90/70/50 lines
    assert [a.get("val") for a in bar.findall(f"{C}axId")] == \
        [a.get("val") for a in line.findall(f"{C}axId")]  # one pair of axes for both
    assert [d.get("val") for d in root.iter(f"{C}delete")] == ["0", "0"]  # axes shown
    scaling = root.find(f".//{C}valAx/{C}scaling")  # 45…97.5 and the thresholds, not from 0
    assert (scaling.find(f"{C}min").get("val"), scaling.find(f"{C}max").get("val")) == \
        ("30", "110")
    assert "Huyện: tổng điểm năm 2022" in "".join(t.text for t in root.iter(f"{A}t"))


def test_one_report_has_no_trend_chart(tmp_path):
    c = make_comparison(reports=(R2022,), not_compared=())
    compare_report.write_compare(c, tmp_path / "one.xlsx")
    charts, _ = _chart_parts(tmp_path / "one.xlsx")
    assert [sorted(_plots(x)) for x in charts.values()] == [["barChart", "lineChart"]] * 2


def test_group_medians_use_each_reports_group():
    """A unit counts towards the group it was in that year."""
    c = make_comparison()
    assert compare_report.group_medians(c, "Huyện") == [D("77.50"), D("80.00")]
    assert compare_report.group_medians(c, "Sở") == [D("88.00"), D("92.00")]


# ----------------------------------------------------------------------------- Nguồn


def test_sources_sheet(wb):
    ws = wb["Nguồn"]
    assert values(ws, 1, 7, 2) == [
        ["Phiên bản dgsp", __version__],
        ["Lập bởi", "dgsp compare: lập tự động từ các báo cáo dưới đây; không sửa tay"],
        ["Kỳ tham chiếu", "Đánh giá năm 2022 (2022)"],
        ["Số báo cáo so sánh", 2],
        ["Tô đỏ khi tỷ lệ đạt dưới", 0.8],
        ["Tô xanh khi tỷ lệ đạt từ", 1],
        ["Ngưỡng điểm trên biểu đồ", "90; 70; 50"],
    ]
    assert values(ws, 9) == [
        ["STT", "Tên đợt đánh giá", "Năm", "Tệp", "SHA-256", "Mã kiểm tra kế hoạch",
         "Kỳ tham chiếu"],
        [1, "Đánh giá năm 2021", 2021, "2021/report.xlsx", "a" * 64, "f2021", N],
        [2, "Đánh giá năm 2022", 2022, "2022/report.xlsx", "b" * 64, "f2022", "Có"],
    ]
    assert ws["B5"].number_format == "0%"


def test_english_workbook(out):
    wb = load_workbook(out / "compare-en.xlsx")
    ws = wb["League"]
    assert ws["A1"].value == "LEAGUE TABLES BY PEER GROUP, 2022"
    assert ws["A4"].value == "Peer group: Huyện"
    assert values(ws, 5, 5)[0][10:20] == [
        "Previous score", "Score change", "Previous rank", "Rank change",
        "Places up (+) / down (−)", "Previous grade", "Status", "Rank band (5–95%)",
        "Median rank", "Not clearly different from a neighbour"]
    assert ws["G6"].value == "Excellently completed tasks"
    assert ws["Q8"].value == "New since the previous report"
    assert wb["Rank stability"]["A8"].value.startswith("Re-scored 1,000 times")
    assert wb["Charts"]["C5"].value == "Threshold 90"


# ----------------------------------------------------------------------------- JSON

UNIT_KEYS = ["code", "name", "score", "rank", "grade", "previous_score", "previous_rank",
             "score_change", "rank_change", "rank_band", "status"]


def test_json_contract(comparison):
    doc = compare_report.to_json(comparison)
    assert doc["schema"] == "dgsp.compare/1"
    assert [{k: r[k] for k in ("title", "year")} for r in doc["reports"]] == [
        {"title": "Đánh giá năm 2021", "year": 2021}, {"title": "Đánh giá năm 2022", "year": 2022}]
    assert [r["reference"] for r in doc["reports"]] == [False, True]
    assert [g["group"] for g in doc["groups"]] == ["Huyện", "Sở"]
    for g in doc["groups"]:
        for u in g["units"]:
            assert set(UNIT_KEYS) <= set(u), u["code"]
    td = doc["groups"][0]["units"][0]
    assert {k: td[k] for k in UNIT_KEYS} == {
        "code": "TD", "name": "Tam Đảo", "score": 97.5, "rank": 1, "grade": "HTXSNV",
        "previous_score": 91.0, "previous_rank": 3, "score_change": 6.5, "rank_change": 2,
        "rank_band": [1, 2], "status": "scored"}
    assert (td["median_rank"], td["not_clearly_different"], td["is_new"]) == (1.5, True, False)
    assert td["history"][0] == {"report": 0, "year": 2021, "status": "scored",
                                "group": "Huyện", "score": 91.0, "rank": 3, "grade": "HTTNV"}
    status = {u["code"]: (u["status"], u["is_new"]) for g in doc["groups"] for u in g["units"]}
    assert status == {"TD": ("scored", False), "SL": ("scored", False), "PY": ("scored", True),
                      "VY": ("scored", False), "LT": ("scored", False),
                      "BX": ("missing", False), "YL": ("removed", False),
                      "SA": ("scored", False), "SB": ("rejected", False)}
    yl = doc["groups"][0]["units"][6]
    assert (yl["score"], yl["rank"], yl["previous_score"], yl["rank_band"]) == (None, None, 60.0,
                                                                               None)
    assert doc["quota"] == [
        {"group": "Huyện", "pool": 4, "seats": 1, "kept": ["TD"], "lowered": ["SL"],
         "quota": 0.25, "scores": {"SL": 95.0, "TD": 97.5}},
        {"group": "Sở", "pool": 1, "seats": None, "kept": [], "lowered": [], "quota": None,
         "scores": {}}]
    assert [{k: n[k] for k in ("indicator", "reason")} for n in doc["indicators_not_compared"]] \
        == [{"indicator": "I3", "reason": "measure"}, {"indicator": "I5", "reason": "missing"}]
    assert doc["indicators_not_compared"][0]["reason_text"] == "Đơn vị tính đã thay đổi"
    i3 = doc["indicators"][2]
    assert (i3["indicator"], i3["comparable"], i3["median"], i3["best"]) == (
        "I3", False, 0.85, ["TD", "SL"])
    assert doc["indicators"][0]["units"][0] == {"unit": "TD", "ratio": 1.15, "rank": 1,
                                                "band": "dark_green", "previous_ratio": 1.05}
    assert doc["bands"] == {"red_below": 0.8, "green_from": 1.0}
    assert doc["thresholds"] == [90, 70, 50]
    assert doc["sensitivity"] == {"runs": 1000, "low": 0.8, "high": 1.2, "seed": 366}


def test_json_rounding_and_no_band_without_sensitivity():
    row = _row("A", "A", "G", "scored", "88.456", 1, "HTTNV", ("80.004", 1, "HTTNV"))
    il = IndicatorLeague(indicator="I1", name="x", group="G", median=D("1.23456789"),
                         cells=_cells(("A", "1.23456789", 1, "dark_green", "0.1234564")))
    c = make_comparison(groups=(GroupLeague(group="G", rows=(row,)),), indicators=(il,),
                        quota=(), sensitivity=None)
    doc = compare_report.to_json(c)
    unit = doc["groups"][0]["units"][0]
    assert (unit["score"], unit["previous_score"], unit["score_change"]) == (88.46, 80.0, 8.45)
    assert "rank_band" not in unit and "median_rank" not in unit
    assert doc["indicators"][0]["units"][0]["ratio"] == 1.234568
    assert doc["indicators"][0]["units"][0]["previous_ratio"] == 0.123456
    assert doc["sensitivity"] is None


def test_dump_json_is_deterministic_text(comparison):
    text = compare_report.dump_json(comparison)
    assert text.endswith("}\n") and "Tam Đảo" in text  # ensure_ascii=False
    assert text == compare_report.dump_json(make_comparison())
    assert json.loads(text) == compare_report.to_json(comparison)
    assert text.splitlines()[1] == '  "schema": "dgsp.compare/1",'
    en = compare_report.to_json(comparison, "en")
    assert en["indicators_not_compared"][0]["reason_text"] == "The unit of measure changed"
    assert en["groups"][0]["units"][1]["note"] == "Lowered to HTTNV by the quota"


def test_same_comparison_same_cells(tmp_path, comparison, wb):
    compare_report.write_compare(comparison, tmp_path / "again.xlsx")
    again = load_workbook(tmp_path / "again.xlsx")
    for ws in wb:
        assert values(ws) == values(again[ws.title]), ws.title


# ----------------------------------------------------------------------------- end to end


def test_end_to_end_through_compare(tmp_path):
    """Two years scored by dgsp.scoring.rules, read back as score JSON, compared by dgsp.compare.build:
    the workbook's league agrees with the JSON, and every group has its charts."""
    from conftest import small_plan

    from dgsp.compare.build import compare
    from dgsp.compare.model import ScoreReport
    from dgsp.model import Return, ReturnedValue
    from dgsp.report import write as report
    from dgsp.scoring import evaluate

    def year(y, results):
        plan = small_plan(year=y, title=f"Đánh giá {y}", excellent_quota=D("0.5"))
        returns = {u: Return(file=f"{u}.xlsx", sha256=u.lower().ljust(64, "0"), unit=u,
                             values=tuple(ReturnedValue(indicator=k, value=D(v))
                                          for k, v in vals.items()))
                   for u, vals in results.items()}
        doc = report.to_json(evaluate(plan, returns, dgsp_version="test"))
        return ScoreReport.model_validate({**doc, "file": f"{y}.json", "sha256": str(y) * 16})

    old = year(2024, {"XA": {"I1": "90", "I2": "12", "I3": "0", "I4": "1"},
                      "XB": {"I1": "110", "I2": "9", "I3": "0", "I4": "1"},
                      "SA": {"I1": "50", "I4": "1"}})
    new = year(2025, {"XA": {"I1": "120", "I2": "8", "I3": "0", "I4": "1"},
                      "XB": {"I1": "100", "I2": "10", "I3": "1", "I4": "1"},
                      "XC": {"I1": "95", "I2": "10", "I3": "0", "I4": "0"},
                      "SA": {"I1": "55", "I4": "1"}})
    c = compare([new, old], sensitivity=50)
    compare_report.write_compare(c, tmp_path / "c.xlsx")
    doc = compare_report.to_json(c)
    wb = load_workbook(tmp_path / "c.xlsx")
    assert wb.sheetnames == SHEETS_VI
    ws = wb["Xếp hạng"]
    cells = {ws.cell(row=r, column=2).value: [ws.cell(row=r, column=k).value
                                              for k in (1, 5, 12, 15, 18)]
             for r in range(1, ws.max_row + 1)}
    for g in doc["groups"]:
        for u in g["units"]:
            band = u["rank_band"]
            text = None if band is None else (
                str(band[0]) if band[0] == band[1] else f"{band[0]}–{band[1]}")
            assert cells[u["code"]] == [u["rank"], u["score"], u["score_change"],
                                        u["rank_change"], text], u["code"]
    assert {u["code"]: u["status"] for g in doc["groups"] for u in g["units"]}["SB"] == "missing"
    charts, _ = _chart_parts(tmp_path / "c.xlsx")
    assert len(charts) == 2 * len(doc["groups"])
