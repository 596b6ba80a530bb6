"""dgsp.api and the DataFrames (issue 13, item 6): the commands' values, with nothing printed and
nothing written; the frames are the report's own figures; pandas is never loaded by the CLI;
docs/api.md's worked example runs."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dgsp import api
from dgsp.frames import DATA_COLUMNS, DATA_COLUMNS_366, _frame
from dgsp.model import Status
from dgsp.problems import DgspError
from dgsp.report import json_text, to_json
from dgsp.workflow import score as score_command

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
Q = (1, 2, 3, 4)


def _quarter(q: int) -> tuple[Path, Path, Path]:
    folder = EXAMPLES / "vinh-phuc-2026" / f"quy-{q}"
    return folder / "plan.xlsx", folder / "returns", folder / "tham-dinh.xlsx"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A folder laid out as ``dgsp demo demo`` leaves it, for the inputs docs/api.md uses."""
    root = tmp_path_factory.mktemp("api")
    for year, name in (("2021", "vinh-phuc-2021"), ("2022", "vinh-phuc-2022"),
                       ("2026", "vinh-phuc-2026")):
        shutil.copytree(EXAMPLES / name, root / "demo" / year)
    return root


@pytest.fixture(scope="module")
def scored_2021(demo, tmp_path_factory):
    """2021 through the command (report and JSON), and through the API."""
    out = tmp_path_factory.mktemp("cmd")
    plan, returns = demo / "demo/2021/plan.xlsx", demo / "demo/2021/returns"
    result = score_command(plan, [returns], out / "report.xlsx", json_out=str(out / "r.json"),
                           unit_sheets=False)
    return result, api.score(plan, returns), out


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_score_is_what_the_command_writes(scored_2021):
    result, ev, out = scored_2021
    assert json_text(to_json(ev)) == (out / "r.json").read_text(encoding="utf-8")
    assert ev == result.evaluation


def test_score_writes_nothing_and_changes_no_input(tmp_path, monkeypatch):
    shutil.copytree(EXAMPLES / "vinh-phuc-2026", tmp_path / "in")
    before = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    ev = api.score("in/plan.xlsx", "in/returns", appraisal="in/tham-dinh.xlsx")
    assert ev.appraised and ev.officials
    assert _tree(tmp_path) == before


def test_a_bad_return_is_its_units_problem_only(tmp_path, scored_2021):
    _, clean, _ = scored_2021
    returns = tmp_path / "returns"
    shutil.copytree(EXAMPLES / "vinh-phuc-2021" / "returns", returns)
    (returns / "VINHYEN.xlsx").write_bytes(b"not a workbook")
    ev = api.score(EXAMPLES / "vinh-phuc-2021" / "plan.xlsx", [returns])
    assert any(p.is_error and p.file.endswith("VINHYEN.xlsx") for p in ev.problems)
    by_code = {u.code: u for u in ev.units}
    assert by_code["VINHYEN"].status is Status.REJECTED
    # nothing else changes but what a unit's rank and quota owe to the others
    for u in clean.units:
        if u.code != "VINHYEN":
            assert by_code[u.code].score == u.score and by_code[u.code].indicators == u.indicators


def test_what_stops_the_command_raises(tmp_path):
    with pytest.raises(DgspError) as caught:
        api.score(tmp_path / "no-plan.xlsx", tmp_path)
    assert [p.code for p in caught.value.problems] == ["DG303"]


def test_compare_of_evaluations_is_compare_of_their_files(demo, scored_2021, tmp_path):
    _, ev_2021, out = scored_2021
    ev_2022 = api.score(demo / "demo/2022/plan.xlsx", demo / "demo/2022/returns")
    score_command(demo / "demo/2022/plan.xlsx", [demo / "demo/2022/returns"],
                  tmp_path / "r22.xlsx", unit_sheets=False)
    in_hand = api.compare([ev_2022, ev_2021])
    from_files = api.compare([out / "r.json", tmp_path / "r22.xlsx"])
    mixed = api.compare([ev_2021, tmp_path / "r22.xlsx"])
    for c in (from_files, mixed):
        assert c.groups == in_hand.groups and c.quota == in_hand.quota
    assert [r.year for r in in_hand.reports] == [2021, 2022]


def test_year_and_year_to_date_from_evaluations(tmp_path):
    quarters, files = [], []
    for q in Q:
        plan, returns, appraisal = _quarter(q)
        result = score_command(plan, [returns], tmp_path / f"q{q}.xlsx",
                               json_out=str(tmp_path / f"q{q}.json"), unit_sheets=False,
                               appraisal_path=appraisal, previous=files[:])
        files.append(tmp_path / f"q{q}.json")
        ev = api.score(plan, returns, appraisal, previous=quarters[:])
        assert ev.to_date == result.evaluation.to_date and ev.units == result.evaluation.units
        quarters.append(ev)
    assert quarters[-1].to_date  # the fourth quarter has its year to date
    in_hand, from_files = api.year(quarters), api.year(list(reversed(files)))
    assert in_hand.units == from_files.units and in_hand.officials == from_files.officials


# ----------------------------------------------------------------------------- the frames


def test_the_frame_is_the_data_sheet(scored_2021):
    """Cell by cell: each row of the report's Dữ liệu sheet is a row of the frame."""
    from openpyxl import load_workbook

    result, ev, _ = scored_2021
    frame = ev.to_frame()
    ws = load_workbook(result.report, read_only=True)["Dữ liệu"]
    rows = [r for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[0] == "Mã đơn vị") + 1
    sheet = [r for r in rows[start:] if r[0]]
    assert list(frame.columns) == DATA_COLUMNS
    assert len(frame) == len(sheet) == sum(len(u.indicators) for u in ev.units)
    for cells, row in zip(sheet, frame.itertuples(index=False), strict=True):
        assert (cells[0], cells[3], cells[5]) == (row.unit, row.indicator, row.indicator_name)
        assert cells[10:14] == pytest.approx((row.target, row.actual, row.ratio, row.points))
        assert cells[14:17] == (row.achieved, row.exceeded, row.capped)
        assert cells[18] == row.explanation


def test_the_entity_frame_is_the_json(scored_2021):
    _, ev, out = scored_2021
    data = json.loads((out / "r.json").read_text(encoding="utf-8"))
    frame = ev.to_frame(per="entity")
    assert list(frame.code) == [u["code"] for u in data["units"]]
    assert list(frame.score) == [u["score"] for u in data["units"]]
    assert list(frame["rank"]) == [u["rank"] for u in data["units"]]
    assert str(frame["rank"].dtype) == "int64"  # every 2021 unit has a rank
    assert set(frame.kind) == {"unit"}


def test_the_frames_under_366_carry_officials_and_the_appraisal():
    folder = EXAMPLES / "vinh-phuc-2026"
    ev = api.score(folder / "plan.xlsx", folder / "returns", folder / "tham-dinh.xlsx")
    entities = ev.to_frame(per="entity", lang="en")
    assert len(entities) == len(ev.units) + len(ev.officials)
    assert list(entities.kind).count("official") == len(ev.officials)
    assert str(entities["rank"].dtype) == "Int64"  # not every entity is ranked
    data = ev.to_frame()
    assert list(data.columns) == DATA_COLUMNS + DATA_COLUMNS_366
    verified = data[data.verified.notna()]
    assert len(verified) == sum(r.verified is not None for u in ev.units for r in u.indicators)
    assert len(verified) and (verified.actual == verified.verified).all()


def test_comparison_and_year_frames_have_a_row_per_entity(scored_2021):
    _, ev, _ = scored_2021
    ev_2022 = api.score(EXAMPLES / "vinh-phuc-2022/plan.xlsx", EXAMPLES / "vinh-phuc-2022/returns")
    c = api.compare([ev, ev_2022], sensitivity=50)
    frame = c.to_frame()
    assert len(frame) == sum(len(g.rows) for g in c.groups)
    scored = frame[frame.status == "scored"]
    assert (scored.rank_band_low <= scored["rank"]).all()
    assert (scored["rank"] <= scored.rank_band_high).all()
    built = api.year([api.score(*_quarter(q)) for q in Q])
    year = built.to_frame()
    assert len(year) == len(built.units) + len(built.officials)
    assert {f"Q{q}_score" for q in Q} <= set(year.columns)


def test_per_must_be_named(scored_2021):
    with pytest.raises(ValueError, match="entity"):
        scored_2021[1].to_frame(per="unit")


@given(st.lists(st.one_of(st.none(), st.integers(-10**6, 10**6)), min_size=1, max_size=20))
def test_whole_numbers_with_gaps_stay_whole(values):
    import pandas as pd

    frame = _frame([{"n": v} for v in values])
    assert [None if pd.isna(v) else v for v in frame.n] == values
    if any(v is not None for v in values):
        assert str(frame.n.dtype) in ("Int64", "int64")  # never floats


def test_without_pandas_the_error_says_how_to_install(scored_2021, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=re.escape('pip install "dgsp[pandas]"')):
        scored_2021[1].to_frame()


def test_the_command_line_never_loads_pandas(tmp_path):
    code = (
        "import sys\n"
        "from dgsp.cli import main\n"
        f"sys.argv = ['dgsp', 'score', {str(EXAMPLES / 'vinh-phuc-2021/plan.xlsx')!r},\n"
        f"            {str(EXAMPLES / 'vinh-phuc-2021/returns')!r}, '--out',\n"
        f"            {str(tmp_path / 'r.xlsx')!r}, '--no-sheets', '--quiet']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        "import dgsp.api, dgsp.frames\n"
        "assert 'pandas' not in sys.modules, 'pandas was imported'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "r.xlsx").exists()


def test_the_worked_example_in_the_docs_runs(demo, monkeypatch):
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert len(blocks) >= 4
    monkeypatch.chdir(demo)
    namespace: dict = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for block in blocks:
            exec(compile(block, "docs/api.md", "exec"), namespace)  # noqa: S102 - our docs
    ev = namespace["ev"]
    assert namespace["by_unit"].round(9).to_dict() == {
        u.code: round(float(sum(r.points for r in u.indicators)), 9) for u in ev.units}
    for shown in re.findall(r"```text\n(.*?)```", text, flags=re.DOTALL):  # what the page shows
        lines = [line.split() for line in shown.splitlines() if line.split() != ["group"]]
        assert all(" ".join(line) in " ".join(printed.getvalue().split()) for line in lines)
