"""A quarter's progress to date (issue 11, step 3): the earlier rounds' reports read back
(`score --previous`), added up against the annual targets, shown beside the quarter's grade."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import small_plan

from dgsp.compare import ScoreReport
from dgsp.compare.rounds import earlier_results
from dgsp.model import Period, Return, ReturnedValue
from dgsp.problems import CompareError
from dgsp.report import to_json
from dgsp.scoring import evaluate
from dgsp.scoring.to_date import year_to_date

# I1 (Kết nạp, higher, additive): 100 a quarter, 400 a year; I2 (accidents, lower): 10 / 40
ANNUAL = {"I1": D(400), "I2": D(40)}


def quarter_plan(period: Period):
    plan = small_plan(period=period)
    targets = tuple(t.model_copy(update={"annual": ANNUAL.get(t.indicator)})
                    if t.unit in ("XA", "XB", "XC") else t for t in plan.targets)
    return plan.model_copy(update={"targets": targets})


def returns(i1: dict[str, int], i2: dict[str, int]) -> dict[str, Return]:
    return {u: Return(file=f"{u}.xlsx", sha256="0" * 64, unit=u, values=(
        ReturnedValue(indicator="I1", value=D(i1[u])),
        ReturnedValue(indicator="I2", value=D(i2[u])),
        ReturnedValue(indicator="I3", value=D(0)), ReturnedValue(indicator="I4", value=D(1))))
        for u in ("XA", "XB", "XC")}


def report(period: Period, i1, i2) -> ScoreReport:
    plan = quarter_plan(period)
    data = to_json(evaluate(plan, returns(i1, i2), workers=1)) | {"file": f"{period.value}.json"}
    return ScoreReport.model_validate(data)


Q1 = report(Period.Q1, {"XA": 100, "XB": 60, "XC": 40}, {"XA": 8, "XB": 12, "XC": 20})


def test_q2_to_date_table():
    plan = quarter_plan(Period.Q2)
    ev = evaluate(plan, returns({"XA": 110, "XB": 60, "XC": 36}, {"XA": 9, "XB": 9, "XC": 5}),
                  workers=1)
    got = [(d.unit, d.indicator, d.to_date, d.share, d.pace, d.rounds)
           for d in year_to_date(plan, ev.units, earlier_results(plan, [Q1]))]
    # unit  indicator  to date  share of the year's   pace        rounds
    assert got == [
        ("XA", "I1", D(210), D("0.525"), "on_track", 2),   # 52.5% ≥ 50% gone
        ("XA", "I2", D(17), D("0.425"), "on_track", 2),    # 42.5% of the accidents allowed
        ("XB", "I1", D(120), D("0.3"), "at_risk", 2),      # 30% < 0.8 × 50%
        ("XB", "I2", D(21), D("0.525"), "behind", 2),      # over half the allowance
        ("XC", "I1", D(76), D("0.19"), "at_risk", 2),
        ("XC", "I2", D(25), D("0.625"), "behind", 2),
    ]
    # the quarter's own score and grade do not change
    plain = evaluate(plan, returns({"XA": 110, "XB": 60, "XC": 36}, {"XA": 9, "XB": 9, "XC": 5}),
                     workers=1)
    assert [u.score for u in ev.units] == [u.score for u in plain.units]


def test_the_json_carries_the_year_to_date():
    plan = quarter_plan(Period.Q2)
    ev = evaluate(plan, returns({"XA": 110, "XB": 60, "XC": 36}, {"XA": 9, "XB": 9, "XC": 5}),
                  workers=1)
    ev = ev.model_copy(update={"to_date": tuple(year_to_date(plan, ev.units,
                                                             earlier_results(plan, [Q1])))})
    data = to_json(ev)
    assert data["to_date"][2] == {"unit": "XB", "indicator": "I1", "to_date": 120, "annual": 400,
                                  "share": 0.3, "elapsed": 0.5, "pace": "at_risk",
                                  "pace_text": "Có nguy cơ không đạt", "rounds": 2}


@pytest.mark.parametrize("reports, period, codes", [
    # earlier rounds given          scoring   problems
    ([Q1, Q1], Period.Q2, ["DG432"]),                   # the same quarter twice
    ([report(Period.Q3, {"XA": 1, "XB": 1, "XC": 1}, {"XA": 1, "XB": 1, "XC": 1})],
     Period.Q2, ["DG431"]),                             # a later quarter
    ([Q1], Period.Q1, ["DG431"]),                       # this very quarter
    ([Q1], Period.YEAR, ["DG434"]),                     # not a quarter's round
])
def test_the_earlier_rounds_are_checked(reports, period, codes):
    with pytest.raises(CompareError) as exc:
        earlier_results(quarter_plan(period), reports)
    assert [p.code for p in exc.value.problems] == codes


def test_a_report_of_another_year_is_dg430():
    other = ScoreReport.model_validate(
        Q1.model_dump(by_alias=True) | {"plan": Q1.plan.model_dump() | {"year": 2024}})
    with pytest.raises(CompareError) as exc:
        earlier_results(quarter_plan(Period.Q2), [other])
    assert [(p.code, p.params) for p in exc.value.problems] == [
        ("DG430", {"year": 2024, "expected": 2025, "other": "—"})]


def test_a_report_of_another_plan_is_dg433():
    other = ScoreReport.model_validate(Q1.model_dump(by_alias=True) | {
        "units": [u.model_dump() | {"code": "ZZ" + u.code} for u in Q1.units]})
    with pytest.raises(CompareError) as exc:
        earlier_results(quarter_plan(Period.Q2), [other])
    assert [p.code for p in exc.value.problems] == ["DG433"]


def test_no_annual_target_no_to_date():
    plan = small_plan(period=Period.Q2)
    ev = evaluate(plan, returns({"XA": 1, "XB": 1, "XC": 1}, {"XA": 1, "XB": 1, "XC": 1}),
                  workers=1)
    assert year_to_date(plan, ev.units, earlier_results(plan, [Q1])) == []


def test_score_previous_end_to_end(tmp_path):
    """A Board's quarter: Q1 scored, then Q2 with --previous Q1's JSON: the Lũy kế sheet and
    the terminal's at-risk list; the inputs are left as they were."""
    import json

    from conftest import invoke
    from openpyxl import load_workbook

    from dgsp.plan import fill_template, write_plan

    def round_(period: Period, i1: dict, i2: dict) -> tuple:
        folder = tmp_path / period.value
        (folder / "r").mkdir(parents=True)
        write_plan(folder / "plan.xlsx", quarter_plan(period))
        assert invoke("assign", folder / "plan.xlsx", "--out", folder / "t").exit_code == 0
        for u in ("XA", "XB", "XC"):
            fill_template(folder / "t" / f"{u}.xlsx", {"I1": i1[u], "I2": i2[u], "I3": 0,
                                                       "I4": True}, folder / "r" / f"{u}.xlsx")
        for u in ("SA", "SB"):
            fill_template(folder / "t" / f"{u}.xlsx", {"I1": 50, "I4": True},
                          folder / "r" / f"{u}.xlsx")
        return folder

    q1 = round_(Period.Q1, {"XA": 100, "XB": 60, "XC": 40}, {"XA": 8, "XB": 12, "XC": 20})
    assert invoke("score", q1 / "plan.xlsx", q1 / "r", "--out", q1 / "report.xlsx", "--json",
                  q1 / "report.json", "--no-sheets").exit_code == 0
    before = (q1 / "report.json").read_bytes()
    first = json.loads(before)  # the year's first quarter: its own results are the year to date
    assert {(d["rounds"], d["share"]) for d in first["to_date"] if d["unit"] == "XA"} == {
        (1, 0.25), (1, 0.2)}
    q2 = round_(Period.Q2, {"XA": 110, "XB": 60, "XC": 36}, {"XA": 9, "XB": 9, "XC": 5})
    result = invoke("score", q2 / "plan.xlsx", q2 / "r", "--out", q2 / "report.xlsx",
                    "--json", q2 / "report.json", "--no-sheets",
                    "--previous", q1 / "report.json")
    assert result.exit_code == 0, result.output
    assert "Quý II năm 2025: có nguy cơ không đạt chỉ tiêu năm" in result.stdout
    assert "  XB: I1 30,0% / 50%" in result.stdout and "  XC: I1 19,0% / 50%" in result.stdout
    wb = load_workbook(q2 / "report.xlsx")
    assert wb.sheetnames.index("Lũy kế") == 1
    data = json.loads((q2 / "report.json").read_text(encoding="utf-8"))
    assert [(d["unit"], d["indicator"], d["pace"]) for d in data["to_date"]][:3] == [
        ("XA", "I1", "on_track"), ("XA", "I2", "on_track"), ("XB", "I1", "at_risk")]
    assert (q1 / "report.json").read_bytes() == before
    again = invoke("score", q2 / "plan.xlsx", q2 / "r", "--out", q2 / "x.xlsx",
                   "--previous", q2 / "report.json")  # this very quarter's report
    assert again.exit_code == 2 and "[DG431]" in again.output


def test_a_later_quarter_without_previous_warns_and_shows_no_year_to_date(tmp_path):
    """Q3 scored without the reports of Q1 and Q2: the year to date would be Q3's alone, so it
    is not shown, and a warning says what to give."""
    from test_example import EXAMPLE_2026

    from dgsp.workflow import score

    q3 = EXAMPLE_2026 / "quy-3"
    ev = score(q3 / "plan.xlsx", [q3 / "returns"], tmp_path / "r.xlsx",
               unit_sheets=False).evaluation
    assert ev.to_date == ()
    assert [(p.code, p.params) for p in ev.problems if p.code == "DG435"] == [
        ("DG435", {"period": "Q3", "earlier": "Q1, Q2"})]
