"""`dgsp appraisal` and `dgsp score --appraisal` on the 2026 example: the Board's workbook is
written pre-filled, applied when clean, and refused whole (exit 2, nothing written) when not."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import invoke
from openpyxl import load_workbook

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "vinh-phuc-2026"


def run(*args):
    return invoke(*args)


def test_appraisal_writes_the_boards_workbook_with_the_returns(tmp_path):
    out = tmp_path / "tham-dinh.xlsx"
    result = run("appraisal", EXAMPLE / "plan.xlsx", EXAMPLE / "returns", "--out", out)
    assert result.exit_code == 0, result.output
    assert "12 đơn vị, 16 cán bộ" in result.stdout and "mang số liệu báo cáo của 12" in result.stdout
    wb = load_workbook(out)
    assert wb.sheetnames[:4] == ["Hướng dẫn", "Thẩm định kết quả", "Tiêu chí chung", "Điều kiện"]
    again = run("appraisal", EXAMPLE / "plan.xlsx", "--out", out)
    assert again.exit_code == 2 and "DG301" in again.output  # never over an existing file


def test_an_appraisal_is_never_written_over_an_input(tmp_path):
    plan = shutil.copy(EXAMPLE / "plan.xlsx", tmp_path / "plan.xlsx")
    before = Path(plan).read_bytes()
    result = run("appraisal", plan, "--out", plan, "--force")
    assert result.exit_code == 2 and "DG304" in result.output
    assert Path(plan).read_bytes() == before


def score(tmp_path, appraisal):
    out = tmp_path / "out" / "report.xlsx"
    result = run("score", EXAMPLE / "plan.xlsx", EXAMPLE / "returns", "--out", out,
                 "--json", tmp_path / "out" / "report.json", "--appraisal", appraisal)
    return result, out


def test_score_with_the_appraisal_applies_it(tmp_path):
    result, out = score(tmp_path, EXAMPLE / "tham-dinh.xlsx")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["appraised"] is True
    assert {s["kind"] for s in data["sources"]} == {"plan", "appraisal", "return"}
    out = result.stdout  # the summary: units, then officials by their groups
    assert "Đã thẩm định" in out
    assert out.index("Xã, phường") < out.index("Bí thư cấp xã") < out.index("Chủ tịch UBND cấp xã")
    assert "SONGLO-CT · Lý Thị Hạnh" in out and "Không xếp loại" in out


def test_score_without_the_appraisal_says_not_appraised(tmp_path):
    out = tmp_path / "report.xlsx"
    result = run("score", EXAMPLE / "plan.xlsx", EXAMPLE / "returns", "--out", out)
    assert result.exit_code == 0, result.output
    assert "Kết quả chưa thẩm định" in result.stdout
    assert load_workbook(out)["Tổng hợp"]["A4"].value.startswith("Kết quả chưa thẩm định")


def edited(tmp_path, sheet: str, header: str, row_codes: tuple, value) -> Path:
    """A copy of the example's appraisal with one cell changed, as a clerk's slip would."""
    path = tmp_path / "tham-dinh.xlsx"
    wb = load_workbook(EXAMPLE / "tham-dinh.xlsx")
    ws = wb[sheet]
    cols = {c.value: c.column for c in ws[4] if c.value}
    for r in range(5, ws.max_row + 1):
        if tuple(ws.cell(r, c).value for c in range(1, len(row_codes) + 1)) == row_codes:
            ws.cell(r, cols[header]).value = value
            break
    else:
        raise AssertionError(row_codes)
    wb.save(path)
    return path


@pytest.mark.parametrize("sheet, header, codes, value, code", [
    # sheet                 column               row                    typed       problem
    ("Thẩm định kết quả", "Căn cứ", ("PHUCYEN", "Phường Phúc Yên", "XD01"), None, "DG613"),  # a value, no ground
    ("Tiêu chí chung", "Điểm thẩm định", ("TAMDAO",), 12, "DG623"),  # above max
    ("Điều kiện", "Quyết định xếp loại", ("TAMDAO",), "HTXS", "DG631"),  # a grade misspelt
])
def test_a_bad_appraisal_is_refused_whole_and_nothing_is_written(tmp_path, sheet, header, codes,
                                                                 value, code):
    from dgsp.problems import CATALOGUE

    assert code in CATALOGUE
    bad = edited(tmp_path, sheet, header, codes, value)
    result, out = score(tmp_path, bad)
    assert result.exit_code == 2
    assert f"[{code}]" in result.output and f"{bad} › {sheet}!" in result.output
    assert not out.exists() and not (tmp_path / "out" / "report.json").exists()


def test_an_appraisal_for_another_plan_is_refused(tmp_path):
    from dgsp.workflow import appraisal

    other = tmp_path / "other"
    other.mkdir()
    plan = other / "plan.xlsx"
    from dgsp.workflow import init_workspace

    init_workspace(other, year=2022)
    written = appraisal(plan, [], tmp_path / "khac.xlsx").path
    result, out = score(tmp_path, written)
    assert result.exit_code == 2 and "[DG604]" in result.output
    assert not out.exists()
