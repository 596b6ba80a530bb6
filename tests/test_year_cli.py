"""`dgsp year` end to end: four quarters' score JSON in, the year workbook, phiếu and JSON out;
the inputs untouched; a bad set of rounds refused before anything is written."""

from __future__ import annotations

import json

from conftest import invoke
from test_year_build import ROUNDS


def write_rounds(tmp_path) -> list:
    paths = []
    for r in ROUNDS:
        path = tmp_path / f"{r.plan.period}.json"
        path.write_text(r.model_dump_json(by_alias=True), encoding="utf-8")
        paths.append(path)
    return paths


def test_year_writes_the_workbook_the_phieu_and_the_json(tmp_path):
    rounds = write_rounds(tmp_path)
    before = [p.read_bytes() for p in rounds]
    out = tmp_path / "nam" / "nam-2026.xlsx"
    result = invoke("year", *reversed(rounds), "--out", out, "--json", tmp_path / "nam.json")
    assert result.exit_code == 0, result.output
    assert out.is_file() and len(list((tmp_path / "nam" / "nam-2026-phieu").glob("*.xlsx"))) == 6
    data = json.loads((tmp_path / "nam.json").read_text(encoding="utf-8"))
    assert data["schema"] == "dgsp.year/1" and [r["period"] for r in data["reports"]] == [
        "Q1", "Q2", "Q3", "Q4"]
    xb = next(u for u in data["units"] if u["code"] == "XB")
    assert (xb["annual_score"], xb["grade"], [f["code"] for f in xb["flags"]]) == (
        98.69, "HTTNV", ["two_failed_in_a_row"])
    assert "⚑" in result.stdout and "XB" in result.stdout
    # XA-CT's Q4, not graded: its score marked, and the mark explained
    assert "100,00*" in result.stdout
    assert "* Điểm của quý không xếp loại: không tính vào điểm năm." in result.stdout
    assert [p.read_bytes() for p in rounds] == before


def test_year_refuses_two_reports_of_one_quarter(tmp_path):
    q1 = write_rounds(tmp_path)[0]
    copy = tmp_path / "copy.json"
    copy.write_bytes(q1.read_bytes())
    result = invoke("year", q1, copy, "--out", tmp_path / "y.xlsx")
    assert result.exit_code == 2 and "[DG432]" in result.output
    assert not (tmp_path / "y.xlsx").exists()


def test_year_never_writes_over_a_report(tmp_path):
    rounds = write_rounds(tmp_path)
    before = rounds[0].read_bytes()
    result = invoke("year", *rounds, "--out", tmp_path / "y.xlsx", "--json", rounds[0], "--force")
    assert result.exit_code == 2 and "DG304" in result.output
    assert rounds[0].read_bytes() == before


def test_the_year_printed_shows_a_large_groups_ends_as_score_does(monkeypatch):
    """At national scale the terminal gets each group's first and last entities and a line
    saying how many more (rendering every one of 10,000 took longer than building the year)."""
    import io
    from pathlib import Path

    from rich.console import Console

    from dgsp import api, terminal

    folder = Path(__file__).resolve().parents[1] / "examples" / "vinh-phuc-2026"
    built = api.year([api.score(folder / f"quy-{q}" / "plan.xlsx", folder / f"quy-{q}" / "returns")
                      for q in (1, 2, 3, 4)])
    monkeypatch.setattr(terminal, "SUMMARY_HEAD", 1)
    monkeypatch.setattr(terminal, "SUMMARY_TAIL", 1)
    out = io.StringIO()
    terminal.print_year(Console(file=out, width=200), built, "en")
    text = out.getvalue()
    for entities in (built.units, built.officials):
        groups: dict[str, list] = {}
        for e in entities:
            groups.setdefault(e.group, []).append(e)
        for members in groups.values():
            ranked = [e for e in members if e.annual_score is not None]
            shown = {ranked[0].code, ranked[-1].code} | {
                e.code for e in members if e.annual_score is None}
            for e in members:
                assert (f"{e.code} · " in text) == (e.code in shown), e.code
            if len(ranked) > 2:
                assert f"… and {len(ranked) - 2} more: see the Year summary sheet" in text
    flagged = [e.code for e in (*built.units, *built.officials) if e.flags]
    if len(flagged) > 1:  # the flagged: the first SUMMARY_HEAD, and how many more
        assert f"{flagged[0]} and {len(flagged) - 1} more: see the Flags sheet" in text
