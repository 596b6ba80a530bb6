"""Grade counts per peer group (issue 12, item 4): how many of each grade, and not graded, with
their share of the group; in the Evaluation, the JSON, the terminal summary and `Tổng hợp`."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring_366 import a_return, round_plan

from dgsp.model import Appraisal, Conditions, Grade, GradeCount, Status
from dgsp.report import to_json
from dgsp.scoring import evaluate, grade_counts

KEYS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV", "not_graded", "no_result")


def counts_of(ev) -> dict[tuple[str, str], tuple[int, ...]]:
    return {(c.kind, c.group): (c.total, *(c.counts[k] for k in KEYS))
            for c in ev.grade_counts}


def test_grade_counts_of_a_round_of_communes_and_their_officials():
    # XA exceeds everything; XB misses the budget (I2, critical): KHTNV; XB-CT is not graded
    # (the Board's Không xếp loại); no unit's file is missing.
    ev = evaluate(round_plan(), {"XA": a_return("XA", 130, 60), "XB": a_return("XB", 130, 40)},
                  appraisal=Appraisal(conditions=(
                      Conditions(entity="XB-CT", not_graded="Mới bổ nhiệm"),)), workers=1)
    # (kind, group)          total HTXSNV HTTNV HTNV KHTNV not graded no result
    assert counts_of(ev) == {
        ("units", "Xã"):         (2, 1, 0, 0, 1, 0, 0),
        ("officials", "Bí thư"):  (2, 1, 0, 0, 1, 0, 0),
        ("officials", "Chủ tịch"): (2, 1, 0, 0, 0, 1, 0),
    }


def test_a_missing_or_rejected_unit_has_no_result():
    ev = evaluate(round_plan(), {"XA": a_return("XA", 130, 60)}, workers=1)  # XB sent nothing
    assert counts_of(ev)[("units", "Xã")] == (2, 1, 0, 0, 0, 0, 1)
    assert counts_of(ev)[("officials", "Bí thư")] == (2, 1, 0, 0, 0, 0, 1)


def test_the_json_carries_the_counts_and_shares():
    ev = evaluate(round_plan(), {"XA": a_return("XA", 130, 60), "XB": a_return("XB", 130, 40)},
                  workers=1)
    first = to_json(ev)["grade_counts"][0]
    assert first == {
        "kind": "units", "group": "Xã", "total": 2,
        "counts": {"HTXSNV": 1, "HTTNV": 0, "HTNV": 0, "KHTNV": 1, "not_graded": 0,
                   "no_result": 0},
        "shares": {"HTXSNV": 0.5, "HTTNV": 0.0, "HTNV": 0.0, "KHTNV": 0.5, "not_graded": 0.0,
                   "no_result": 0.0},
    }


_STATUS = st.sampled_from([*(g for g in Grade), Status.NOT_GRADED, Status.MISSING,
                           Status.REJECTED])


@settings(max_examples=60)
@given(st.lists(st.tuples(st.sampled_from(["Xã", "Phường", "Sở"]), _STATUS), max_size=30))
def test_the_counts_add_up_to_each_group(entities):
    counts = grade_counts([(group, s if isinstance(s, Grade) else None,
                            s if isinstance(s, Status) else Status.SCORED)
                           for group, s in entities], kind="units")
    assert [c.group for c in counts] == list(dict.fromkeys(g for g, _ in entities))
    for c in counts:
        members = [s for g, s in entities if g == c.group]
        assert c.total == len(members) == sum(c.counts.values())
        assert c.counts["no_result"] == sum(s in (Status.MISSING, Status.REJECTED)
                                            for s in members)
        assert all(c.counts[g.value] == members.count(g) for g in Grade)
        assert sum(c.share(k) for k in KEYS) == 1


def test_a_share_is_exact():
    c = GradeCount(kind="units", group="Xã", total=3,
                   counts=dict.fromkeys(KEYS, 0) | {"HTXSNV": 1, "HTTNV": 2})
    assert (c.share("HTXSNV"), c.share("HTTNV")) == (Fraction(1, 3), Fraction(2, 3))


def test_the_summary_sheet_has_a_section_of_grade_counts(tmp_path):
    from openpyxl import load_workbook

    from dgsp.report import write_report

    ev = evaluate(round_plan(), {"XA": a_return("XA", 130, 60), "XB": a_return("XB", 130, 40)},
                  workers=1)
    write_report(ev, tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")["Tổng hợp"]
    rows = [r for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[1] == "Thống kê xếp loại tập thể theo nhóm so sánh")
    # grade   name                          Xã: number  share
    table = [r[1:5] for r in rows[start + 1:start + 10]]
    assert table == [
        ("Mức xếp loại", None, "Xã", None),
        (None, None, "Số lượng", "Tỷ lệ"),
        ("HTXSNV", "Hoàn thành xuất sắc nhiệm vụ", 1, 0.5),
        ("HTTNV", "Hoàn thành tốt nhiệm vụ", 0, 0),
        ("HTNV", "Hoàn thành nhiệm vụ", 0, 0),
        ("KHTNV", "Không hoàn thành nhiệm vụ", 1, 0.5),
        (None, "Không xếp loại", 0, 0),
        (None, "Chưa có kết quả hợp lệ", 0, 0),
        (None, "Tổng số", 2, 1),
    ]
    officials = next(i for i, r in enumerate(rows) if r[1] == "Thống kê xếp loại cán bộ theo nhóm so sánh")
    assert rows[officials + 1][1:7] == ("Mức xếp loại", None, "Bí thư", None, "Chủ tịch", None)


def test_the_terminal_summary_ends_with_the_grade_counts():
    from rich.console import Console

    from dgsp.terminal import print_summary

    ev = evaluate(round_plan(), {"XA": a_return("XA", 130, 60), "XB": a_return("XB", 130, 40)},
                  workers=1)
    console = Console(record=True, width=120)
    print_summary(console, ev, "vi")
    text = console.export_text()
    tail = text[text.index("Thống kê xếp loại theo nhóm so sánh"):]
    assert "Xã" in tail and "1 (50%)" in tail and "Chưa có kết quả" in tail
    assert [line.split("│")[1].strip() for line in tail.splitlines() if "│" in line] == [
        "Tập thể – nhóm Xã", "Cá nhân – nhóm Bí thư", "Cá nhân – nhóm Chủ tịch"]
