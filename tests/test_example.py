"""The bundled Vĩnh Phúc 2021 example: the seed's published figures, the committed files, the golden summary."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from dgsp.example import example_plan
from dgsp.plan import read_plan
from dgsp.workflow import score

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "vinh-phuc-2021"


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    out = tmp_path_factory.mktemp("example")
    result = score(EXAMPLE / "plan.xlsx", [EXAMPLE / "returns"], out / "report.xlsx",
                   json_out=str(out / "report.json"))
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return result, data


def _indicator(data, unit, code):
    u = next(u for u in data["units"] if u["code"] == unit)
    return next(i for i in u["indicators"] if i["code"] == code)


def test_seed_2100_party_members_against_2000_is_105_percent(scored):
    _, data = scored
    xd01 = next(t for t in data["totals"] if t["indicator"] == "XD01")
    assert (xd01["target"], xd01["actual"], xd01["ratio"]) == (2000, 2100, 1.05)


def test_seed_tam_dao_115_and_song_lo_109(scored):
    _, data = scored
    assert _indicator(data, "TAMDAO", "XD01")["ratio"] == 1.15
    assert _indicator(data, "SONGLO", "XD01")["ratio"] == 1.09
    # and they are the highest admission rates, as the article says
    rates = sorted(((i["ratio"], u["code"]) for u in data["units"] for i in u["indicators"]
                    if i["code"] == "XD01"), reverse=True)
    assert [code for _, code in rates[:2]] == ["TAMDAO", "SONGLO"]


def test_seed_24_party_organisations_and_who_exceeded(scored):
    _, data = scored
    xd02 = next(t for t in data["totals"] if t["indicator"] == "XD02")
    assert xd02["actual"] == 24
    exceeded = {u["code"] for u in data["units"] for i in u["indicators"]
                if i["code"] == "XD02" and i["exceeded"]}
    assert exceeded == {"VINHTUONG", "VINHYEN", "YENLAC"}


def test_shape_of_the_pilot():
    plan = example_plan()
    groups: dict[str, list[str]] = {}
    for u in plan.units:
        groups.setdefault(u.group, []).append(u.code)
    assert {g: len(c) for g, c in groups.items()} == {
        "Huyện, thành phố": 9, "Sở, ngành": 6, "Khối Đảng, MTTQ, đoàn thể": 13}
    district = plan.assignments("TAMDAO")
    assert len(district) == 18
    assert len({ind.task_group for ind, _ in district}) == 4
    for code in groups["Huyện, thành phố"]:
        assert [i.code for i, _ in plan.assignments(code)] == [i.code for i, _ in district]


def test_every_unit_returned_and_was_scored(scored):
    result, data = scored
    assert len(data["units"]) == 28
    assert all(u["status"] == "scored" for u in data["units"])
    assert result.evaluation.clean
    assert data["problems"] == []  # not even a warning: e.g. no DG224 on a 1% poverty rate


# The golden summary: one readable row per unit, in report order (peer group, then rank).
GOLDEN = """
rank code       score   ach  exc  grade   before
1    VINHYEN    103.53  18   8    HTXSNV  HTXSNV
2    VINHTUONG  103.47  18   8    HTTNV   HTXSNV
3    BINHXUYEN  103.11  18   7    HTTNV   HTXSNV
4    PHUCYEN    102.53  18   7    HTTNV   HTXSNV
5    YENLAC     101.79  18   3    HTTNV   HTTNV
6    SONGLO     101.53  18   3    HTTNV   HTTNV
7    LAPTHACH   101.24  18   2    HTTNV   HTTNV
8    TAMDUONG   100.89  18   4    HTTNV   HTTNV
9    TAMDAO     96.76   17   4    HTNV    HTNV
1    SNNPTNT    104.82  6    3    HTTNV   HTXSNV
2    STC        102.18  6    1    HTTNV   HTTNV
3    SGDDT      102.11  6    3    HTTNV   HTXSNV
4    SGTVT      100.00  6    0    HTTNV   HTTNV
5    SVHTTDL    95.07   5    0    HTNV    HTNV
6    SXD        84.98   4    1    KHTNV   KHTNV
1    DUKDN      103.33  5    3    HTXSNV  HTXSNV
2    DUKCQ      102.89  5    3    HTXSNV  HTXSNV
3    MTTQ       102.67  4    1    HTTNV   HTTNV
4    UBKTTU     102.11  4    2    HTTNV   HTXSNV
5    BTCTU      101.80  4    2    HTTNV   HTXSNV
6    BTGTU      101.00  4    1    HTTNV   HTTNV
7    BDVTU      100.00  4    0    HTTNV   HTTNV
7    BNCTU      100.00  4    0    HTTNV   HTTNV
7    VPTU       100.00  4    0    HTTNV   HTTNV
7    HLHPN      100.00  6    0    HTTNV   HTTNV
11   HNDT       99.11   5    0    HTNV    HTNV
12   TINHDOAN   97.33   5    0    HTNV    HTNV
13   LDLDT      85.42   4    0    KHTNV   KHTNV
"""


def test_golden_summary_json(scored):
    _, data = scored
    rows = [line.split() for line in GOLDEN.strip().splitlines()[1:]]
    got = [[str(u["rank"]), u["code"], f"{u['score']:.2f}", str(u["achieved"]), str(u["exceeded"]),
            u["grade"], u["grade_before_quota"]] for u in data["units"]]
    assert got == rows


def test_golden_summary_cells(scored):
    """The report's Tổng hợp sheet holds the same values, as real numbers, in the same order."""
    from openpyxl import load_workbook

    result, _ = scored
    ws = load_workbook(result.report)["Tổng hợp"]
    header_row = next(r for r in ws.iter_rows() if any(c.value == "Mã đơn vị" for c in r))
    col = {c.value: c.column - 1 for c in header_row}
    body = [r for r in ws.iter_rows(min_row=header_row[0].row + 1, values_only=True) if r[col["Mã đơn vị"]]]
    expected = {line.split()[1]: line.split() for line in GOLDEN.strip().splitlines()[1:]}
    assert [r[col["Mã đơn vị"]] for r in body] == list(expected)
    for r in body:
        rank, code, s, *_rest, grade, _before = expected[r[col["Mã đơn vị"]]]
        assert r[col["Xếp hạng"]] == int(rank)
        assert isinstance(r[col["Tổng điểm"]], float | int)
        assert Decimal(str(r[col["Tổng điểm"]])).quantize(Decimal("0.01")) == Decimal(s)
        assert r[col["Xếp loại"]] == grade


def test_committed_plan_is_the_example_plan():
    plan, warnings = read_plan(EXAMPLE / "plan.xlsx")
    assert plan == example_plan()
    assert warnings == []


def _cells(path: Path) -> dict[str, list[list]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in wb.sheet_names}


def test_committed_files_match_the_build_script(tmp_path):
    """examples/vinh-phuc-2021 is what build.py makes from the CSV source data."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_example", EXAMPLE / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(tmp_path)
    built = sorted(p.name for p in (tmp_path / "returns").iterdir())
    assert built == sorted(p.name for p in (EXAMPLE / "returns").iterdir())
    stale = "examples/vinh-phuc-2021 drifted from its source: run python examples/vinh-phuc-2021/build.py"
    assert _cells(tmp_path / "plan.xlsx") == _cells(EXAMPLE / "plan.xlsx"), stale
    for name in built:
        assert _cells(tmp_path / "returns" / name) == _cells(EXAMPLE / "returns" / name), stale


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_plan_and_returns_survive_libreoffice(tmp_path):  # pragma: no cover - needs soffice
    """Staff and units re-save files in LibreOffice: the plan and returns must read the same."""
    from dgsp.intake import read_return

    files = [EXAMPLE / "plan.xlsx", EXAMPLE / "returns" / "TAMDAO.xlsx"]
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(tmp_path),
                    *map(str, files)], check=True, capture_output=True, timeout=180)
    plan, _ = read_plan(tmp_path / "plan.xlsx")
    assert plan == example_plan()
    ret = read_return(tmp_path / "TAMDAO.xlsx", plan)
    assert ret.ok and len(ret.values) == 18
