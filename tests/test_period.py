"""A round is a plan with a period (issue 11, step 1): `Kỳ đánh giá` in the plan, the period
in the templates' title and metadata, a return of another period refused (DG279), and
`plan.period` in the score JSON."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import book, small_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dgsp.intake import read_return
from dgsp.labels import period_name
from dgsp.model import Period
from dgsp.plan import build_template, fill_template, read_plan, write_plan, write_templates
from dgsp.plan.workbook import parse_period
from dgsp.problems import PlanError


@pytest.mark.parametrize("typed, period", [
    # as typed in Kỳ đánh giá     read as
    ("Năm", Period.YEAR),
    ("year", Period.YEAR),
    ("Quý I", Period.Q1),
    ("quý  ii", Period.Q2),
    ("Quy 3", Period.Q3),
    ("QUÝ IV", Period.Q4),
    ("Q2", Period.Q2),
    ("q 4", Period.Q4),
    ("Quarter 1", Period.Q1),
    ("Quý V", None),
    ("Q5", None),
    ("Quý", None),
    ("tháng 3", None),
])
def test_period_spellings(typed, period):
    assert parse_period(typed) is period


def test_a_period_that_is_no_period_is_an_error_with_its_cell(tmp_path):
    path = tmp_path / "plan.xlsx"
    write_plan(path, small_plan(period=Period.Q2))
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["Thông tin"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Kỳ đánh giá")
    ws.cell(row, 2).value = "Quý 5"
    wb.save(path)
    with pytest.raises(PlanError) as exc:
        read_plan(path)
    (p,) = [p for p in exc.value.problems if p.is_error]
    assert (p.code, p.sheet, p.cell, p.params["found"]) == (
        "DG105", "Thông tin", f"B{row}", "Quý 5")


def test_a_plan_without_the_row_is_the_years(tmp_path):
    path = book(tmp_path / "plan.xlsx", {
        "Thông tin": [["Năm", 2026]],
        "Đơn vị": [["Mã đơn vị", "Tên đơn vị", "Nhóm so sánh"], ["A", "Xã A", "Xã"]],
        "Chỉ tiêu": [["Mã chỉ tiêu", "Tên chỉ tiêu"], ["K", "Kết nạp"]],
        "Giao chỉ tiêu": [["Mã đơn vị", "Mã chỉ tiêu", "Chỉ tiêu giao"], ["A", "K", 10]],
    })
    assert read_plan(path)[0].period is Period.YEAR


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(list(Period)), st.sampled_from(["vi", "en"]))
def test_property_the_period_round_trips_and_a_quarter_has_its_own_fingerprint(tmp_path, period,
                                                                              lang):
    plan = small_plan(period=period)
    path = tmp_path / f"plan-{period.value}-{lang}.xlsx"
    write_plan(path, plan, lang)
    back, _ = read_plan(path)
    assert back.period is period and back.fingerprint() == plan.fingerprint()
    same = plan.fingerprint() == small_plan().fingerprint()
    assert same is (period is Period.YEAR)  # a year's plan keeps the fingerprint it had


def test_a_quarters_template_says_its_period():
    wb = build_template(small_plan(period=Period.Q2), "XA")
    assert wb["Kết quả"]["A1"].value.endswith("— Quý II năm 2025")
    meta = {r[0].value: r[1].value for r in wb["_dgsp"].iter_rows(max_col=2) if r[0].value}
    assert meta["period"] == "Q2"
    year = build_template(small_plan(), "XA")
    assert "period" not in {r[0].value for r in year["_dgsp"].iter_rows(max_col=1)}
    assert period_name(small_plan(period=Period.Q4), "en") == "Q4 2025"


@pytest.fixture
def q2_return(tmp_path) -> Path:
    plan = small_plan(period=Period.Q2)
    (template,) = [p for p in write_templates(plan, tmp_path / "t", workers=1) if p.stem == "XA"]
    return fill_template(template, {"I1": 100, "I2": 10, "I3": 0, "I4": True}, tmp_path / "XA.xlsx")


@pytest.mark.parametrize("plan_period, message", [
    # the plan scored against   what the unit is told
    (Period.Q3, "tệp là kết quả của Quý II, năm 2025, nhưng kế hoạch này dùng cho Quý III"),
    (Period.YEAR, "tệp là kết quả của Quý II, năm 2025, nhưng kế hoạch này dùng cho cả năm"),
])
def test_a_return_of_another_period_is_dg279(q2_return, plan_period, message):
    ret = read_return(q2_return, small_plan(period=plan_period))
    (p,) = [p for p in ret.problems if p.is_error]
    assert (p.code, p.sheet, p.message("vi")) == ("DG279", "_dgsp", message)
    assert "Q2, 2025" in p.message("en")
    assert read_return(q2_return, small_plan(period=Period.Q2)).ok


def test_a_years_return_on_a_quarters_plan_is_dg279(tmp_path):
    (template,) = [p for p in write_templates(small_plan(), tmp_path / "t", workers=1)
                   if p.stem == "XA"]
    ret = read_return(fill_template(template, {"I1": 100, "I2": 10, "I3": 0, "I4": True},
                                    tmp_path / "XA.xlsx"), small_plan(period=Period.Q1))
    assert [p.code for p in ret.problems if p.is_error] == ["DG279"]
    assert ret.problems[0].message("vi") == (
        "tệp là kết quả của cả năm, năm 2025, nhưng kế hoạch này dùng cho Quý I")


def test_the_score_json_has_the_period():
    from decimal import Decimal as D

    from dgsp.model import Return, ReturnedValue
    from dgsp.report import to_json
    from dgsp.scoring import evaluate

    plan = small_plan(period=Period.Q3)
    ret = Return(file="XA.xlsx", sha256="0" * 64, unit="XA", values=tuple(
        ReturnedValue(indicator=i, value=D(v)) for i, v in (("I1", 100), ("I2", 10), ("I3", 0),
                                                             ("I4", 1))))
    data = to_json(evaluate(plan, {"XA": ret}, workers=1))
    assert (data["schema"], data["plan"]["period"]) == ("dgsp.score/2", "Q3")
    assert to_json(evaluate(small_plan(), {"XA": ret}, workers=1))["schema"] == "dgsp.score/1"


def test_a_quarters_report_and_phieu_say_the_quarter(tmp_path):
    from decimal import Decimal as D

    from openpyxl import load_workbook

    from dgsp.model import Return, ReturnedValue
    from dgsp.report import write_report, write_unit_sheets
    from dgsp.scoring import evaluate

    ret = Return(file="XA.xlsx", sha256="0" * 64, unit="XA", values=tuple(
        ReturnedValue(indicator=i, value=D(v)) for i, v in (("I1", 100), ("I2", 10), ("I3", 0),
                                                             ("I4", 1))))
    for period, vi, en in ((Period.Q2, "QUÝ II NĂM 2025", "Q2 2025"),
                           (Period.YEAR, "NĂM 2025", "2025")):
        ev = evaluate(small_plan(period=period), {"XA": ret}, workers=1)
        for lang, when in (("vi", vi), ("en", en)):
            write_report(ev, tmp_path / f"r-{lang}.xlsx", lang)
            title = load_workbook(tmp_path / f"r-{lang}.xlsx").worksheets[0]["A2"].value
            assert title.endswith(when), title
            (sheet,) = [p for p in write_unit_sheets(ev, tmp_path / f"p-{lang}", lang, workers=1)
                        if p.stem == "XA"]
            texts = [c.value for row in load_workbook(sheet).worksheets[0].iter_rows(max_row=4)
                     for c in row if isinstance(c.value, str)]
            assert any(t.endswith(when) for t in texts), texts
