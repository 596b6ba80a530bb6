"""The corpus of hostile and malformed returns (tests/corpus/make_corpus.py), read and scored.

Each case yields exactly its documented problems, at their cells; every
accepted return is scored; `dgsp score` over the whole folder rejects the bad
units, scores the others, and changes no input. (A `dgsp check` run over the
same folder can use the ``corpus`` and ``corpus_dir`` fixtures of conftest.py.)
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest
from conftest import load_make_corpus

from dgsp.intake.returns import gather, list_return_files, read_return
from dgsp.model import Status
from dgsp.problems import CATALOGUE

MC = load_make_corpus()
CASES = {c.name: c for c in MC.CASES}


def hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (folders listed too, so none can vanish)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        out[str(p.relative_to(folder))] = (hashlib.sha256(p.read_bytes()).hexdigest()
                                           if p.is_file() else "<dir>")
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_case_yields_its_problems_at_their_cells(corpus, name):
    case = CASES[name]
    start = time.perf_counter()
    ret = read_return(corpus.returns / name, corpus.plan)
    elapsed = time.perf_counter() - start
    assert tuple((p.code, p.sheet, p.cell) for p in ret.problems) == case.expect, case.note
    assert ret.ok is case.ok
    assert ret.unit == case.unit  # never unattributed: a bad file rejects its unit
    for p in ret.problems:
        assert p.file == str(corpus.returns / name) and p.unit == case.unit
        assert p.code in CATALOGUE
        assert "{" not in p.message("vi") and "{" not in p.message("en")
        if p.code in ("DG207", "DG208", "DG209", "DG210", "DG211", "DG212", "DG213", "DG214",
                      "DG217", "DG218", "DG224", "DG227", "DG234", "DG235", "DG236", "DG237",
                      "DG238", "DG239"):
            assert p.indicator, p  # every value problem names its indicator
    if case.ok:
        assert {v.indicator for v in ret.values} == {"I1", "I2", "I3", "I4", "I5"}
    else:
        assert not ret.ok
    assert elapsed < 2, f"{name} took {elapsed:.2f} s"


def test_every_case_code_of_issue_3_is_covered():
    covered = {code for c in MC.CASES for code, _, _ in c.expect}
    covered |= {code for code, _ in MC.FOLDER_PROBLEMS}
    covered |= {v[0] for v in MC.DUPLICATE_REJECTED.values()}
    covered |= {v[0] for v in MC.PREFER_NEWEST.values()}
    covered.add("DG248")  # no read permission: test_no_permission below
    wanted = {f"DG{n}" for n in range(201, 249)} - {"DG215", "DG219", "DG223"}
    assert wanted - covered == set()


def test_zip_bombs_are_refused_in_well_under_a_second(corpus):
    for name in ("ZIP-BOMB.xlsx", "ZIP-TOTAL.xlsx", "XML-BOMB.xlsx", "FAR-CELL.xlsx"):
        start = time.perf_counter()
        ret = read_return(corpus.returns / name, corpus.plan)
        assert time.perf_counter() - start < 1, name
        assert [p.code for p in ret.problems] in (["DG222"], ["DG244"])


def test_accepted_returns_are_scored(corpus):
    from dgsp.scoring import evaluate

    returns = {}
    for c in MC.CASES:
        ret = read_return(corpus.returns / c.name, corpus.plan)
        if c.ok:
            returns[c.unit] = ret
    ev = evaluate(corpus.plan, returns)
    by_unit = {u.unit.code: u for u in ev.units}
    for unit in returns:
        u = by_unit[unit]
        assert u.status is Status.SCORED, unit
        assert u.score is not None and u.grade is not None
    # values that came through a warning are the ones documented
    ok1 = {r.indicator: r.actual for r in by_unit["TEXT-NUMBERS"].indicators}
    assert ok1["I1"] == 1234 and str(ok1["I2"]) == "1.5" and str(ok1["I5"]) == "96.5"
    assert {r.indicator: r.actual for r in by_unit["FORMULA-CACHED"].indicators}["I1"] == 120
    assert {r.indicator: r.actual for r in by_unit["ROWS-REORDERED"].indicators} == {
        "I1": 120, "I2": 8, "I3": 0, "I4": 1, "I5": 96}


def test_ods_and_nfd_values(corpus):
    ods = read_return(corpus.returns / "ODS.ods", corpus.plan)
    assert {v.indicator: v.value for v in ods.values} == {"I1": 120, "I2": 8, "I3": 0, "I4": 1,
                                                          "I5": 96}
    nfd = read_return(corpus.returns / "NFD.xlsx", corpus.plan)
    assert nfd.values[0].note == "Báo cáo số 5, Hà Nội"  # NFC
    assert nfd.values[0].note.encode() == "Báo cáo số 5, Hà Nội".encode()


def test_folder_problems_and_duplicates(corpus):
    files, skipped = list_return_files([corpus.returns])
    assert [(p.code, p.params["name"]) for p in skipped] == [
        (code, name) for code, name in MC.FOLDER_PROBLEMS if code == "DG220"]
    assert corpus.returns / "FOLDER.xlsx" in files and corpus.returns / "OLD-XLS.xls" in files

    intake = gather(corpus.plan, [corpus.returns])
    general = [(p.code, Path(p.file).name) for p in intake.problems]
    assert general == list(MC.FOLDER_PROBLEMS)
    for unit, (code, kept) in MC.DUPLICATE_REJECTED.items():
        ret = intake.by_unit[unit]
        assert Path(ret.file).name != kept or code in [p.code for p in ret.problems]
        assert [p.code for p in ret.problems] == [code]
    # every other unit is decided by its own file alone
    for c in MC.CASES:
        if c.unit in MC.DUPLICATE_REJECTED:
            continue
        ret = intake.by_unit[c.unit]
        assert ret.ok is c.ok, c.unit
    assert "MISNAMED" not in intake.by_unit  # its file was sent by NAMED-AFTER: not its return


def test_prefer_newest(corpus):
    intake = gather(corpus.plan, [corpus.returns], prefer="newest")
    for unit, (code, kept) in MC.PREFER_NEWEST.items():
        ret = intake.by_unit[unit]
        assert Path(ret.file).name == kept and ret.ok
        assert {v.indicator: v.value for v in ret.values}["I1"] == 130
        [p] = [p for p in intake.problems if p.code == code]
        assert p.unit == unit and p.params["discarded"] == str(corpus.returns / f"{unit}.xlsx")
        assert p.params["modified"] == "2025-01-12 08:00:00 UTC"


def test_no_permission(corpus, monkeypatch):
    """Root reads anything, so the refusal is provoked where the file is opened."""
    import os

    target = corpus.returns / "OK-1.xlsx"
    real_open = os.open

    def guarded(file, *args, **kwargs):
        if Path(file) == target:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)
    ret = read_return(target, corpus.plan)
    assert [(p.code, p.unit, p.file) for p in ret.problems] == [("DG248", "OK-1", str(target))]
    assert not ret.ok and ret.sha256 == ""


def test_manifest_is_plain_data(corpus):
    data = json.loads((corpus.returns.parent / "expected.json").read_text(encoding="utf-8"))
    assert set(data["cases"]) == set(CASES)
    assert data["cases"]["AMBIGUOUS.xlsx"]["problems"][0] == ["DG234", "Kết quả", "H11"]


def test_score_command_over_the_whole_corpus(corpus, tmp_path):
    from typer.testing import CliRunner

    from dgsp.cli import app

    before = hashes(corpus.returns.parent)
    out = tmp_path / "report.xlsx"
    json_path = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["score", str(corpus.plan_path), str(corpus.returns),
                                      "--out", str(out), "--json", str(json_path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert out.is_file()
    data = json.loads(json_path.read_text(encoding="utf-8"))
    status = {u["code"]: u["status"] for u in data["units"]}
    for c in MC.CASES:
        if c.unit in MC.DUPLICATE_REJECTED:
            assert status[c.unit] == "rejected"
        else:
            assert status[c.unit] == ("scored" if c.ok else "rejected"), c.unit
    assert status["MISNAMED"] == "missing"
    assert hashes(corpus.returns.parent) == before  # nothing read was changed


def test_check_command_over_the_whole_corpus(corpus, tmp_path):
    """`dgsp check` (the dry run) over every case: each unit's state, annotated copies, no input touched."""
    from typer.testing import CliRunner

    from dgsp.cli import app
    from dgsp.intake.feedback import UNREADABLE_CODES

    before = hashes(corpus.returns.parent)
    json_path = tmp_path / "check.json"
    feedback = tmp_path / "feedback"
    result = CliRunner().invoke(app, ["check", str(corpus.plan_path), str(corpus.returns),
                                      "--json", str(json_path), "--feedback", str(feedback)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    state = {u["code"]: u["status"] for u in data["units"]}
    for c in MC.CASES:
        if c.unit in MC.DUPLICATE_REJECTED:
            assert state[c.unit] == "duplicate", c.unit
        else:
            assert state[c.unit] == ("valid" if c.ok else "errors"), c.unit
    counts = data["counts"]
    for c in MC.CASES:
        for code, _sheet, _cell in c.expect:
            assert counts.get(code, 0) >= 1, code
    # an annotated copy for every openable return with a problem, none for the unopenable
    copies = {p.name for p in feedback.rglob("*") if p.is_file()}
    for name, c in CASES.items():
        codes = {code for code, _s, _c in c.expect}
        if codes and not codes & UNREADABLE_CODES and Path(name).suffix == ".xlsx" and "/" not in name:
            assert Path(name).name in copies, name
    assert hashes(corpus.returns.parent) == before
