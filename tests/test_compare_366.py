"""`dgsp compare` over ``dgsp.score/2`` reports: officials compared year over year where their
codes match, beside the units; ``/1`` reports still compare as before."""

from __future__ import annotations

from decimal import Decimal as D

from test_scoring_366 import a_return, round_plan

from dgsp.compare import ScoreReport, compare
from dgsp.compare.write import to_json, write_compare
from dgsp.model import Official
from dgsp.report import to_json as score_json
from dgsp.scoring import evaluate


def report(year: int, xa: tuple, xb: tuple, officials=None) -> ScoreReport:
    plan = round_plan(year=year, **({"officials": officials} if officials is not None else {}))
    ev = evaluate(plan, {"XA": a_return("XA", *xa), "XB": a_return("XB", *xb)}, workers=1)
    return ScoreReport.model_validate(score_json(ev) | {"file": f"{year}.json"})


def test_officials_are_compared_year_over_year_by_code():
    last = report(2025, (130, 60), (100, 50))
    now = report(2026, (90, 60), (130, 60), officials=(
        Official(code="XA-BT", name="Nguyễn Văn An", position="Bí thư", unit="XA", group="Bí thư"),
        Official(code="XB-BT", name="Lê Văn Cường", position="Bí thư", unit="XB", group="Bí thư"),
        Official(code="XB-NEW", name="Võ Thị Em", position="Chủ tịch", unit="XB",
                 group="Chủ tịch")))
    assert last.schema_ == "dgsp.score/2" and len(last.officials) == 4
    c = compare([now, last])
    assert [g.group for g in c.groups] == ["Xã"]
    leagues = {g.group: [(r.code, r.rank, r.previous_rank, r.status, r.is_new) for r in g.rows]
               for g in c.officials}
    #   official   rank  last year's rank  status     new
    assert leagues == {
        "Bí thư": [("XB-BT", 1, 1, "scored", False), ("XA-BT", 2, 1, "scored", False)],
        "Chủ tịch": [("XB-NEW", 1, None, "scored", True),
                     ("XA-CT", None, 1, "removed", False),  # last year: tied at 100
                     ("XB-CT", None, 1, "removed", False)],
    }
    data = to_json(c)
    assert [g["group"] for g in data["officials"]] == ["Bí thư", "Chủ tịch"]
    assert data["officials"][0]["officials"][0]["score_change"] == float(
        c.officials[0].rows[0].score_change)


def test_the_compare_workbook_has_the_officials_league(tmp_path):
    from openpyxl import load_workbook

    c = compare([report(2025, (130, 60), (100, 50)), report(2026, (90, 60), (130, 60))])
    write_compare(c, tmp_path / "c.xlsx")
    wb = load_workbook(tmp_path / "c.xlsx")
    assert wb.sheetnames[:2] == ["Xếp hạng", "Xếp hạng cán bộ"]
    ws = wb["Xếp hạng cán bộ"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "XA-BT" in texts and "XB-CT" in texts


def test_reports_without_officials_have_no_officials_league():
    from dgsp.model import Plan

    def plain(year: int) -> ScoreReport:
        plan = round_plan(year=year, officials=(), criteria=(), general_points=D(0))
        assert isinstance(plan, Plan)
        ev = evaluate(plan, {"XA": a_return("XA", 130, 60, self_={}),
                             "XB": a_return("XB", 100, 50, self_={})}, workers=1)
        return ScoreReport.model_validate(score_json(ev))

    c = compare([plain(2025), plain(2026)])
    assert c.officials == () and to_json(c)["officials"] == []
