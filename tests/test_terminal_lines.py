"""What the terminal says about problems (issue 12, item 7): the same problem at many cells
once, with its cells; a count by code titled by the code's message, never its template."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dgsp.model import Problem
from dgsp.problems import CATALOGUE, cell_ranges, collapse, describe


def unfilled(rows: range, file: str = "XA.xlsx") -> list[Problem]:
    return [Problem("DG210", file=file, sheet="Kết quả", cell=f"H{r}", unit="XA") for r in rows]


def test_an_unfilled_template_is_one_line():
    lines = collapse(unfilled(range(11, 29)))
    assert len(lines) == 1
    p, cells = lines[0]
    assert describe(p, "vi", cells) == (
        "XA.xlsx › Kết quả!H11:H28: [DG210 × 18] chưa nhập kết quả thực hiện")


def test_one_problem_is_described_as_before():
    (p, cells), = collapse(unfilled(range(12, 13)))
    assert describe(p, "vi", cells) == describe(p, "vi") == (
        "XA.xlsx › Kết quả!H12: [DG210] chưa nhập kết quả thực hiện")


def test_different_messages_files_or_codes_are_not_merged():
    problems = [*unfilled(range(11, 13)), *unfilled(range(11, 13), file="XB.xlsx"),
                Problem("DG211", {"found": "-1"}, file="XA.xlsx", sheet="Kết quả", cell="H13"),
                Problem("DG211", {"found": "-2"}, file="XA.xlsx", sheet="Kết quả", cell="H14"),
                Problem("DG301", {"path": "r.xlsx"})]
    assert [(p.code, p.file, cells) for p, cells in collapse(problems)] == [
        ("DG210", "XA.xlsx", ["H11", "H12"]), ("DG210", "XB.xlsx", ["H11", "H12"]),
        ("DG211", "XA.xlsx", ["H13"]), ("DG211", "XA.xlsx", ["H14"]), ("DG301", "", [])]


def test_cell_ranges():
    # cells                                          shown
    assert cell_ranges(["H11", "H12", "H13"]) == "H11:H13"
    assert cell_ranges(["H11", "H13", "H14"]) == "H11, H13:H14"
    assert cell_ranges(["H11", "I12", "H12"]) == "H11, I12, H12"
    assert cell_ranges(["B5:D9", "H3"]) == "B5:D9, H3"


@given(st.lists(st.tuples(st.sampled_from("HIK"), st.integers(1, 30)), min_size=1))
def test_collapsing_keeps_every_cell_in_order(cells):
    problems = [Problem("DG210", file="X.xlsx", sheet="S", cell=f"{c}{r}") for c, r in cells]
    (_, kept), = collapse(problems)
    assert kept == [f"{c}{r}" for c, r in cells]
    shown = cell_ranges(kept)
    assert all(part for part in shown.split(", "))


def test_a_count_by_code_shows_the_codes_title_not_its_template():
    assert CATALOGUE["DG219"].title("vi") == 'đơn vị "…" không nộp kết quả'
    assert CATALOGUE["DG219"].title("en").count("…") == 1
    assert all("{" not in spec.title(lang) for spec in CATALOGUE.values() for lang in ("vi", "en"))


def test_check_prints_a_count_by_code_with_titles_and_collapsed_lines(tmp_path):
    from conftest import invoke, small_plan

    from dgsp.plan import fill_template, write_plan

    write_plan(tmp_path / "plan.xlsx", small_plan())
    assert invoke("assign", tmp_path / "plan.xlsx", "--out", tmp_path / "t").exit_code == 0
    (tmp_path / "r").mkdir()
    fill_template(tmp_path / "t" / "XA.xlsx", {}, tmp_path / "r" / "XA.xlsx")  # nothing typed
    result = invoke("check", tmp_path / "plan.xlsx", tmp_path / "r")
    out = result.stdout
    assert "{unit}" not in out and 'đơn vị "…" không nộp kết quả' in out
    assert "(× 4)" in out and out.count("chưa nhập kết quả thực hiện") == 2  # the line, the count


def test_check_of_named_files_checks_those_and_says_how_many_it_left(tmp_path):
    import json

    from conftest import invoke, small_plan

    from dgsp.plan import fill_template, write_plan

    write_plan(tmp_path / "plan.xlsx", small_plan())
    assert invoke("assign", tmp_path / "plan.xlsx", "--out", tmp_path / "t").exit_code == 0
    fill_template(tmp_path / "t" / "XA.xlsx", {"I1": 100, "I2": 5, "I3": 0, "I4": True},
                  tmp_path / "XA.xlsx")
    result = invoke("check", tmp_path / "plan.xlsx", tmp_path / "XA.xlsx",
                    "--json", tmp_path / "c.json")
    assert result.exit_code == 0, result.output  # XA is valid; the others were not looked at
    assert "DG219" not in result.stdout and "không nộp" not in result.stdout
    assert "4 đơn vị khác không được kiểm tra" in result.stdout
    data = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert [u["code"] for u in data["units"]] == ["XA"] and data["not_checked"] == 4
    # the folder is the whole round: the others are missing
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "XA.xlsx").write_bytes((tmp_path / "XA.xlsx").read_bytes())
    whole = invoke("check", tmp_path / "plan.xlsx", folder)
    assert whole.exit_code == 1 and "không được kiểm tra" not in whole.stdout
