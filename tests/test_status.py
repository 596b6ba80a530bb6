"""`dgsp status`: every plan unit's state, the deadline, and totals per peer group.

The core, :func:`dgsp.status.completeness`, is a pure function: its tests build
the intake by hand from Return values (no files) and inject today's date. The
command is tested on the bundled example (28 units in three peer groups) and on
a round with a missing unit, a rejected return, a duplicate and a stray file.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import invoke, small_plan

from dgsp.intake.returns import Intake
from dgsp.intake.status import State, Tally, completeness, status_json
from dgsp.model import Problem, Return

WIDE = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
DEADLINE = date(2025, 1, 15)


@pytest.fixture(autouse=True)
def _no_lang_from_outside(monkeypatch):
    monkeypatch.delenv("DGSP_LANG", raising=False)


def run(*args: object):
    return invoke(*args, env=WIDE)


# ----------------------------------------------------------------------------- the pure core


def ret(file: str, unit: str, *problems: Problem, sha: str = "") -> Return:
    return Return(file=file, sha256=sha or f"sha-{file}", unit=unit, problems=problems)


def hand_intake() -> Intake:
    """Group Xã: XA valid (with a warning), XB rejected (2 errors), XC duplicate.
    Group Sở: SA valid, SB missing. Plus a stray file of no plan unit and a skipped lock file."""
    warn = Problem("DG214", {"found": "2.100", "value": Decimal(2100)}, file="XA.xlsx",
                   sheet="Kết quả", cell="H11", unit="XA", indicator="I1")
    xb = ret("XB.xlsx", "XB",
             Problem("DG210", file="XB.xlsx", sheet="Kết quả", cell="H12", unit="XB"),
             Problem("DG212", {"found": "?"}, file="XB.xlsx", sheet="Kết quả", cell="H13",
                     unit="XB"))
    dup = Problem("DG216", {"unit": "XC", "files": "XC.xlsx, XC (1).xlsx"}, file="XC.xlsx",
                  unit="XC")
    xc, xc1 = ret("XC.xlsx", "XC", dup), ret("XC (1).xlsx", "XC",
                                                Problem("DG203", {"meta_unit": "XC",
                                                                  "file_unit": "XC (1)"},
                                                        file="XC (1).xlsx", unit="XC"))
    xa, sa = ret("XA.xlsx", "XA", warn), ret("SA.xlsx", "SA")
    stray = ret("HANOI.xlsx", "HANOI", Problem("DG215", {"code": "HANOI"}, file="HANOI.xlsx",
                                               sheet="_dgsp", cell="B4", unit="HANOI"))
    lock = Problem("DG220", {"name": "~$XA.xlsx", "reason": "lock"}, file="~$XA.xlsx")
    return Intake(returns=[xa, xb, xc, xc1, sa, stray],
                  by_unit={"XA": xa, "XB": xb, "XC": xc, "SA": sa}, problems=[lock])


@pytest.fixture
def c():
    return completeness(small_plan(deadline=DEADLINE), hand_intake(), DEADLINE - timedelta(5))


def test_every_unit_has_one_state(c):
    states = {u.unit.code: (u.state, u.errors, u.warnings, u.file) for u in c.units}
    assert states == {
        "XA": (State.VALID, 0, 1, "XA.xlsx"),
        "XB": (State.ERRORS, 2, 0, "XB.xlsx"),
        "XC": (State.DUPLICATE, 2, 0, "XC.xlsx"),  # DG216, and the other file's DG203
        "SA": (State.VALID, 0, 0, "SA.xlsx"),
        "SB": (State.MISSING, 1, 0, ""),
    }
    assert [u.unit.code for u in c.units] == ["XA", "XB", "XC", "SA", "SB"]  # plan order
    xc = c.units[2]
    assert xc.files == ("XC.xlsx", "XC (1).xlsx")
    assert [p.code for p in xc.problems] == ["DG216", "DG203"]
    sb = c.units[4]
    assert [(p.code, p.unit, p.params["file"]) for p in sb.problems] == [("DG219", "SB", "SB.xlsx")]


def test_totals_per_group_and_reporting_rate(c):
    assert c.groups == (Tally(group="Xã", units=3, valid=1, errors=1, duplicate=1, missing=0),
                        Tally(group="Sở", units=2, valid=1, errors=0, duplicate=0, missing=1))
    assert c.total == Tally(group="", units=5, valid=2, errors=1, duplicate=1, missing=1)
    assert c.groups[0].rate == Decimal(1) / 3
    assert c.groups[1].rate == Decimal("0.5")
    assert c.total.rate == Decimal("0.4")
    assert c.total.received == 4
    assert Tally(group="empty").rate == 0


def test_stray_files_and_general_problems_are_kept(c):
    assert [(f.file, f.unit, f.errors) for f in c.unmatched] == [("HANOI.xlsx", "HANOI", 1)]
    assert [p.code for p in c.general] == ["DG220"]
    assert [p.code for p in c.problems] == ["DG214", "DG210", "DG212", "DG216", "DG203",
                                            "DG219", "DG215", "DG220"]
    assert c.complete is False


@pytest.mark.parametrize("today, days", [
    (DEADLINE - timedelta(5), 5),  # five days remain
    (DEADLINE, 0),  # due today
    (DEADLINE + timedelta(3), -3),  # three days overdue
])
def test_days_left_counts_from_the_injected_today(today, days):
    c = completeness(small_plan(deadline=DEADLINE), hand_intake(), today)
    assert c.days_left == days
    assert c.deadline == DEADLINE
    assert status_json(c)["days_left"] == days


def test_no_deadline_no_days():
    c = completeness(small_plan(), hand_intake(), DEADLINE)
    assert c.deadline is None and c.days_left is None
    assert status_json(c)["deadline"] is None


def test_identical_copies_count_once_and_stay_valid():
    plan = small_plan()
    copy = Problem("DG221", {"unit": "XA", "files": "XA.xlsx, XA - Copy.xlsx"},
                   file="XA - Copy.xlsx", unit="XA")
    xa, again = ret("XA.xlsx", "XA", sha="same"), ret("XA - Copy.xlsx", "XA", sha="same")
    rets = {code: ret(f"{code}.xlsx", code) for code in ("XB", "XC", "SA", "SB")}
    intake = Intake(returns=[xa, again, *rets.values()], by_unit={"XA": xa, **rets},
                    problems=[copy])
    c = completeness(plan, intake, DEADLINE)
    xa_state = c.units[0]
    assert (xa_state.state, xa_state.errors, xa_state.warnings) == (State.VALID, 0, 1)
    assert xa_state.files == ("XA.xlsx", "XA - Copy.xlsx")
    assert c.total == Tally(group="", units=5, valid=5)
    assert c.complete is True  # a warning does not make a round incomplete


def test_status_json_shape(c):
    data = status_json(c, "plan.xlsx", "abc", "0.1.0")
    assert data["schema"] == "dgsp.status/1"
    assert data["plan"]["file"] == "plan.xlsx" and data["plan"]["sha256"] == "abc"
    assert (data["today"], data["deadline"], data["days_left"]) == ("2025-01-10", "2025-01-15", 5)
    assert data["units"][1] == {"code": "XB", "name": "Xã B", "group": "Xã", "status": "errors",
                                "file": "XB.xlsx", "files": ["XB.xlsx"], "errors": 2,
                                "warnings": 0}
    assert data["units"][4]["status"] == "missing" and data["units"][4]["file"] is None
    assert data["groups"] == [
        {"group": "Xã", "units": 3, "valid": 1, "errors": 1, "duplicate": 1, "missing": 0,
         "received": 3, "reporting_rate": 0.3333},
        {"group": "Sở", "units": 2, "valid": 1, "errors": 0, "duplicate": 0, "missing": 1,
         "received": 1, "reporting_rate": 0.5},
    ]
    assert data["total"]["reporting_rate"] == 0.4
    assert data["unmatched"] == [{"file": "HANOI.xlsx", "unit": "HANOI", "errors": 1,
                                  "warnings": 0}]


# ----------------------------------------------------------------------------- the command


@dataclass(frozen=True)
class Round:
    plan: Path
    returns: Path  # the example's 28 valid returns
    mix: Path  # SXD missing, TAMDAO rejected, SONGLO twice (different), a stray file


@pytest.fixture(scope="module")
def rnd(tmp_path_factory) -> Round:
    from dgsp import example as ex
    from dgsp import workflow
    from dgsp.plan.templates import fill_template

    root = tmp_path_factory.mktemp("status")
    plan = workflow.init_workspace(root)
    assigned = workflow.assign(plan, root / "templates")
    returns = root / "returns"
    ex.fill_returns(assigned.plan, root / "templates", returns)
    mix = root / "mix"
    shutil.copytree(returns, mix)
    (mix / "SXD.xlsx").unlink()
    fill_template(returns / "TAMDAO.xlsx", {"XD01": "hai nghìn", "XD03": None},
                  mix / "TAMDAO.xlsx")
    fill_template(returns / "SONGLO.xlsx", {"XD01": 219}, mix / "SONGLO (1).xlsx")
    # a template of another plan: its unit is not in this one
    other = workflow.assign(_small_plan_file(root), root / "other")
    shutil.copy(other.files[0], mix / "XA.xlsx")
    return Round(plan=plan, returns=returns, mix=mix)


def _small_plan_file(root: Path) -> Path:
    from dgsp.plan.workbook import write_plan

    path = root / "small.xlsx"
    write_plan(path, small_plan())
    return path


def test_status_all_valid_exits_0(rnd):
    result = run("status", rnd.plan, rnd.returns)
    assert result.exit_code == 0, result.output
    out = result.stdout
    overdue = (date.today() - date(2022, 1, 10)).days  # the example's deadline has passed
    assert f"Hạn nộp: 10/01/2022 (đã quá hạn {overdue} ngày)" in out
    unit_rows = [[c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines()
                 if line.count("│") == 4]
    assert len(unit_rows) == 28
    assert {state for _, state, _ in unit_rows} == {"Hợp lệ"}
    assert unit_rows[0] == ["VINHYEN · Thành phố Vĩnh Yên", "Hợp lệ",
                            str(rnd.returns / "VINHYEN.xlsx")]
    totals = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
              for line in out.splitlines() if line.count("│") == 8}
    assert totals == {
        "Huyện, thành phố": ["9", "9", "0", "0", "0", "100,0%"],
        "Sở, ngành": ["6", "6", "0", "0", "0", "100,0%"],
        "Khối Đảng, MTTQ, đoàn thể": ["13", "13", "0", "0", "0", "100,0%"],
        "Tổng cộng": ["28", "28", "0", "0", "0", "100,0%"],
    }


def test_status_mixed_round_exits_1(rnd, tmp_path):
    js = tmp_path / "status.json"
    result = run("status", rnd.plan, rnd.mix, "--json", js, "--lang", "en")
    assert result.exit_code == 1, result.output
    out = result.stdout
    rows = {cells[0].split(" · ")[0]: cells for cells in (
        [c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines()
        if line.count("│") == 4) if cells[0]}
    assert rows["SXD"] == ["SXD · Sở Xây dựng", "Missing", ""]
    assert rows["TAMDAO"][1] == "With errors (2)"  # XD01 in words, XD03 empty
    # files in path order: "SONGLO (1).xlsx" sorts first; the other follows on the next line
    first, second = rnd.mix / "SONGLO (1).xlsx", rnd.mix / "SONGLO.xlsx"
    assert rows["SONGLO"] == ["SONGLO · Huyện Sông Lô", "Duplicate", str(first)]
    assert f"│ {second}" in out
    assert rows["VINHYEN"][1] == "Valid"
    assert f"Files of no plan unit:\n  {rnd.mix / 'XA.xlsx'} (XA)" in out
    assert f"Wrote {js}" in out

    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["schema"] == "dgsp.status/1"
    assert data["deadline"] == "2022-01-10"
    assert data["days_left"] == (date(2022, 1, 10) - date.today()).days
    units = {u["code"]: u for u in data["units"]}
    assert (units["SXD"]["status"], units["SXD"]["file"]) == ("missing", None)
    assert (units["TAMDAO"]["status"], units["TAMDAO"]["errors"]) == ("errors", 2)
    assert units["SONGLO"]["status"] == "duplicate"
    assert units["SONGLO"]["files"] == [str(first), str(second)]
    assert units["VINHYEN"]["status"] == "valid"
    groups = {g["group"]: g for g in data["groups"]}
    assert groups["Huyện, thành phố"] == {"group": "Huyện, thành phố", "units": 9, "valid": 7,
                                          "errors": 1, "duplicate": 1, "missing": 0,
                                          "received": 9, "reporting_rate": 0.7778}
    assert (groups["Sở, ngành"]["missing"], groups["Sở, ngành"]["reporting_rate"]) == (1, 0.8333)
    assert data["total"] == {"units": 28, "valid": 25, "errors": 1, "duplicate": 1,
                             "missing": 1, "received": 27, "reporting_rate": 0.8929}
    assert [(f["file"], f["unit"]) for f in data["unmatched"]] == [(str(rnd.mix / "XA.xlsx"),
                                                                    "XA")]


def test_status_library_with_injected_today(rnd, tmp_path):
    from dgsp.workflow import status

    before = {p.name: p.read_bytes() for p in rnd.mix.iterdir()}
    result = status(rnd.plan, [rnd.mix], json_out="-", today=date(2022, 1, 5))
    assert result.completeness.days_left == 5
    data = json.loads(result.json_text)
    assert (data["today"], data["days_left"]) == ("2022-01-05", 5)
    assert result.json_path is None
    assert {p.name: p.read_bytes() for p in rnd.mix.iterdir()} == before  # inputs untouched


def test_status_json_to_stdout_and_refusal(rnd, tmp_path):
    result = run("status", rnd.plan, rnd.returns, "--json", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["total"]["valid"] == 28  # nothing but JSON on stdout
    assert "Hạn nộp" in result.stderr

    js = tmp_path / "status.json"
    js.write_text("yesterday's")
    refused = run("status", rnd.plan, rnd.returns, "--json", js)
    assert refused.exit_code == 2
    assert f'[DG301] "{js}" đã có; không ghi đè' in refused.stderr
    assert js.read_text() == "yesterday's"
    forced = run("status", rnd.plan, rnd.returns, "--json", js, "--force")
    assert forced.exit_code == 0
    assert json.loads(js.read_text(encoding="utf-8"))["schema"] == "dgsp.status/1"


def test_status_bad_arguments_exit_2(rnd, tmp_path):
    missing = run("status", rnd.plan, tmp_path / "khong-co")
    assert missing.exit_code == 2
    assert "[DG303]" in missing.stderr
    no_returns = run("status", rnd.plan)
    assert no_returns.exit_code == 2
    assert "Usage: dgsp status" in no_returns.output


def test_help_names_every_option():
    result = run("status", "--help")
    assert result.exit_code == 0
    for word in ("PLAN", "RETURN...", "--json", "--prefer", "newest", "--lang", "--force",
                 "deadline"):
        assert word in result.stdout, word
