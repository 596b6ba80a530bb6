"""The publication page (`dgsp publish`, :mod:`dgsp.report.publish`): one static HTML page.

The examples' reports are scored once for the module (2021, 2022, 2026 with officials and the
Board's appraisal, and 2026's second quarter); the page is read back with ``html.parser`` into
its tables, and checked against the reports, computed independently here. A real headless
Chromium, when there is one, opens it offline, with and without JavaScript, on a phone and a
desktop.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import string
import subprocess
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dgsp import __version__
from dgsp.compare import read_reports
from dgsp.compare.model import ReportPlan, ReportReason, ReportUnit, ScoreReport
from dgsp.labels import GRADE_NAMES, LABELS
from dgsp.model import Grade
from dgsp.report import publish
from dgsp.report.publish import WORDS, publish_html, write_publish
from dgsp.text import format_number, format_percent
from dgsp.xlsx import GRADE_FILLS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GRADES = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
STATUS_VI = {"not_graded": "Không xếp loại", "rejected": "Bị từ chối", "missing": "Không nộp"}


# ----------------------------------------------------------------------------- the reports


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, ScoreReport]:
    """The examples scored, then read back from their JSON as `dgsp publish` reads them."""
    from dgsp.workflow import score

    out = tmp_path_factory.mktemp("reports")
    rounds = {
        "2021": (EXAMPLES / "vinh-phuc-2021", None),
        "2022": (EXAMPLES / "vinh-phuc-2022", None),
        "2026": (EXAMPLES / "vinh-phuc-2026", "tham-dinh.xlsx"),
        "2026Q2": (EXAMPLES / "vinh-phuc-2026" / "quy-2", "tham-dinh.xlsx"),
    }
    found = {}
    for key, (folder, appraisal) in rounds.items():
        (out / key).mkdir()
        score(folder / "plan.xlsx", [folder / "returns"], out / key / "report.xlsx",
              json_out=str(out / key / "report.json"), unit_sheets=False,
              appraisal_path=folder / appraisal if appraisal else None)
        found[key] = read_reports([out / key / "report.json"])[0]
    return found


@pytest.fixture(scope="module")
def pages(reports) -> dict[tuple[str, bool], str]:
    """(which reports, full) → the page: each report alone, and 2021 with 2022."""
    made = {}
    for key in ("2021", "2026", "2026Q2"):
        for full in (False, True):
            made[key, full] = publish_html([reports[key]], full=full)
    for full in (False, True):
        made["2021+2022", full] = publish_html([reports["2021"], reports["2022"]], full=full)
    return made


# ----------------------------------------------------------------------------- reading a page


class _Page(HTMLParser):
    """The tables of a page (their classes, their rows of (tag, classes, text) cells), every
    start tag with its attribute names, and every piece of text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[str], list[list[tuple[str, list[str], str]]]]] = []
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.data: list[str] = []
        self._cell: tuple[str, list[str], list[str]] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, tuple(sorted(a))))
        if tag == "table":
            self.tables.append(((a.get("class") or "").split(), []))
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = (tag, (a.get("class") or "").split(), [])

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            kind, classes, parts = self._cell
            self.tables[-1][1][-1].append((kind, classes, " ".join(" ".join(parts).split())))
            self._cell = None

    def handle_data(self, data):
        self.data.append(data)
        if self._cell is not None:
            self._cell[2].append(data)

    def of_class(self, name: str) -> list[list[list[tuple[str, list[str], str]]]]:
        return [rows for classes, rows in self.tables if name in classes]


def _texts(row) -> list[str]:
    return [text for _, _, text in row]


def _entity_rows(page: str) -> dict[tuple[str, str], list[str]]:
    """(kind, code) → the cells of its row, from every entity table of the page."""
    found: dict[tuple[str, str], list[str]] = {}
    for classes, rows in _Page(page).tables:
        if "entities" not in classes:
            continue
        kind = "officials" if "officials" in classes else "units"
        for row in rows[1:]:
            cells = _texts(row)
            key = (kind, cells[2])
            assert key not in found, key  # each entity once
            found[key] = cells
    return found


def _expected_grade(u: ReportUnit) -> str:
    if u.status == "scored" and u.grade:
        return f"{u.grade} – {GRADE_NAMES[Grade(u.grade)][0]}"
    return STATUS_VI[u.status]


def _groups(report: ScoreReport) -> list[tuple[str, str, list[ReportUnit]]]:
    out = []
    for kind, title, entities in (("units", "Tập thể", report.units),
                                  ("officials", "Cá nhân", report.officials)):
        for group in dict.fromkeys(u.group for u in entities):
            out.append((kind, f"{title} – nhóm {group}", [u for u in entities
                                                          if u.group == group]))
    return out


def _tallies(page: str) -> dict[str, tuple[list[int], list[str], int]]:
    """The grade-count tables: row name → (counts, shares, total), in column order."""
    found: dict[str, tuple[list[int], list[str], int]] = {}
    for rows in _Page(page).of_class("tally"):
        assert _texts(rows[0]) == ["HTXSNV Hoàn thành xuất sắc nhiệm vụ",
                                   "HTTNV Hoàn thành tốt nhiệm vụ", "HTNV Hoàn thành nhiệm vụ",
                                   "KHTNV Không hoàn thành nhiệm vụ",
                                   "Không xếp loại, chưa có kết quả", "Tổng số"]
        body = rows[1:]
        for name_row, count_row in zip(body[::2], body[1::2], strict=True):
            (name,) = _texts(name_row)
            cells = [c.split() for c in _texts(count_row)]
            found[name] = ([int(c[0]) for c in cells[:5]], [c[1] for c in cells[:5]],
                           int(cells[5][0]))
    return found


# ----------------------------------------------------------------------------- what it shows


@pytest.mark.parametrize("key", ["2021", "2026", "2026Q2"])
@pytest.mark.parametrize("full", [False, True])
def test_every_unit_and_official_is_listed_once_with_its_grade(pages, reports, key, full):
    report = reports[key]
    rows = _entity_rows(pages[key, full])
    expected = {("units", u.code): u for u in report.units}
    expected |= {("officials", u.code): u for u in report.officials}
    assert set(rows) == set(expected)
    units = {u.code: u for u in report.units}
    for (kind, _), u in expected.items():
        cells = rows[kind, u.code]
        assert cells[1] == u.name if kind == "units" else cells[1].startswith(u.name + " ")
        if kind == "officials":  # the position and the unit's name under the name
            assert cells[1] == f"{u.name} {u.position} – {units[u.unit].name}"
        assert cells[3] == _expected_grade(u), u.code


def test_a_few_grades_read_by_hand(pages):
    rows_2026 = _entity_rows(pages["2026", False])
    assert rows_2026["units", "VINHPHUC"][1:] == [
        "Phường Vĩnh Phúc", "VINHPHUC", "HTXSNV – Hoàn thành xuất sắc nhiệm vụ"]
    assert rows_2026["units", "SXD"][3] == "KHTNV – Không hoàn thành nhiệm vụ"
    assert rows_2026["officials", "SONGLO-CT"][3] == "Không xếp loại"  # under 2 months in post
    assert rows_2026["officials", "VINHTUONG-CT"][3] == "KHTNV – Không hoàn thành nhiệm vụ"
    assert rows_2026["officials", "VINHTUONG-CT"][1] == (
        "Tạ Thị Yến Chủ tịch UBND xã – Xã Vĩnh Tường")
    rows_2021 = _entity_rows(pages["2021", False])
    assert rows_2021["units", "TAMDAO"][3] == "HTNV – Hoàn thành nhiệm vụ"
    assert rows_2021["units", "VINHYEN"][3] == "HTXSNV – Hoàn thành xuất sắc nhiệm vụ"


def test_public_order_is_by_grade_then_name_and_full_order_by_rank(pages, reports):
    tables = _Page(pages["2021", False]).of_class("entities")
    first = [_texts(r)[2] for r in tables[0][1:]]  # Huyện, thành phố
    assert first == ["VINHYEN", "BINHXUYEN", "LAPTHACH", "SONGLO", "TAMDUONG", "VINHTUONG",
                     "YENLAC", "PHUCYEN", "TAMDAO"]  # HTXSNV; HTTNV by name (Huyện…, Thành…)
    assert [_texts(r)[0] for r in tables[0][1:]] == [str(i) for i in range(1, 10)]
    full = _Page(pages["2021", True]).of_class("entities")
    ranks = [int(_texts(r)[5]) for r in full[2][1:]]  # Khối Đảng, MTTQ, đoàn thể
    assert ranks == sorted(ranks) and ranks[:8] == [1, 2, 3, 4, 5, 6, 7, 7]


@pytest.mark.parametrize("key", ["2021", "2026"])
def test_the_public_page_shows_no_score_rank_ratio_or_reason(pages, reports, key):
    public, full = pages[key, False], pages[key, True]
    report = reports[key]
    entities = [*report.units, *report.officials]
    scores = {format_number(u.score, "vi", 2) for u in entities if u.score is not None}
    assert "100,00" in scores or "103,53" in scores
    for text in scores:
        assert text not in public, text
        assert text in full, text
    reasons = {r.text for u in entities for r in u.reasons}
    for text in reasons:
        assert html.escape(text) not in public
        assert html.escape(text) in full
    for word in ("Xếp hạng", "Tổng điểm", "Lý do", "Tỷ lệ đạt", "Hạng"):
        assert word not in public, word
    assert "Xếp hạng" in full and "Tổng điểm" in full
    heads = [_texts(t[0]) for t in _Page(public).of_class("entities")]
    assert heads[0] == ["STT", "Tên đơn vị", "Mã", "Xếp loại"]
    full_heads = [_texts(t[0]) for t in _Page(full).of_class("entities")]
    assert full_heads[0] == ["STT", "Tên đơn vị", "Mã", "Xếp loại", "Tổng điểm", "Xếp hạng",
                             "Lý do"]


def test_the_full_page_has_each_score_rank_and_reason_in_its_row(pages, reports):
    rows = _entity_rows(pages["2026", True])
    for kind, entities in (("units", reports["2026"].units),
                           ("officials", reports["2026"].officials)):
        for u in entities:
            cells = rows[kind, u.code]
            assert cells[4] == format_number(u.score, "vi", 2)
            assert cells[5] == (str(u.rank) if u.rank is not None else "—")
            assert cells[6] == " ".join(" ".join(r.text.split()) for r in u.reasons)
    assert rows["units", "VINHTUONG"][4:6] == ["100,00", "1"]
    assert rows["units", "VINHYEN"][6].endswith("nhóm Xã, phường được tối đa 1 HTXSNV")
    assert rows["officials", "SONGLO-CT"][4:6] == ["98,25", "—"]


@pytest.mark.parametrize("key", ["2021", "2022", "2026", "2026Q2"])
def test_grade_counts_per_peer_group_match_the_report(reports, key):
    report = reports[key]
    page = publish_html([report])
    tallies = _tallies(page)
    groups = _groups(report)
    for kind, name, members in groups:
        counts = Counter(u.grade if u.status == "scored" and u.grade in GRADES else "none"
                         for u in members)
        want = [counts[g] for g in (*GRADES, "none")]
        got, shares, total = tallies[name]
        assert (got, total) == (want, len(members)), name
        assert shares == [format_percent(Decimal(n) / len(members), "vi", 1) for n in want]
    for kind, title in (("units", "Tập thể"), ("officials", "Cá nhân")):
        of_kind = [m for k, _, ms in groups if k == kind for m in ms]
        several = len([1 for k, _, _ in groups if k == kind]) > 1
        assert (f"{title} – tất cả các nhóm" in tallies) == several
        if several:
            assert tallies[f"{title} – tất cả các nhóm"][2] == len(of_kind)
    assert len(tallies) == len(groups) + sum(
        len([1 for k, _, _ in groups if k == kind]) > 1 for kind in ("units", "officials"))
    assert page.count('class="bar-svg"') == len(groups)  # one bar per peer group


def test_grade_counts_read_by_hand(pages):
    t2021 = _tallies(pages["2021", False])
    assert t2021["Tập thể – nhóm Huyện, thành phố"][0::2] == ([1, 7, 1, 0, 0], 9)
    assert t2021["Tập thể – nhóm Sở, ngành"][0::2] == ([0, 4, 1, 1, 0], 6)
    assert t2021["Tập thể – nhóm Khối Đảng, MTTQ, đoàn thể"][0::2] == ([2, 8, 2, 1, 0], 13)
    assert t2021["Tập thể – tất cả các nhóm"][0::2] == ([3, 19, 4, 2, 0], 28)
    assert t2021["Tập thể – nhóm Huyện, thành phố"][1] == ["11,1%", "77,8%", "11,1%", "0,0%",
                                                          "0,0%"]
    t2026 = _tallies(pages["2026", False])
    assert t2026["Tập thể – nhóm Xã, phường"][0::2] == ([1, 3, 3, 1, 0], 8)
    assert t2026["Tập thể – nhóm Sở, ngành"][0::2] == ([0, 2, 0, 2, 0], 4)
    assert t2026["Cá nhân – nhóm Bí thư cấp xã"][0::2] == ([1, 3, 3, 1, 0], 8)
    assert t2026["Cá nhân – nhóm Chủ tịch UBND cấp xã"] == (
        [1, 2, 2, 2, 1], ["12,5%", "25,0%", "25,0%", "25,0%", "12,5%"], 8)
    assert t2026["Cá nhân – tất cả các nhóm"][0::2] == ([2, 5, 5, 3, 1], 16)
    chart = re.search(r'aria-label="Cá nhân – nhóm Chủ tịch UBND cấp xã: ([^"]*)"',
                      pages["2026", False])
    assert chart.group(1) == ("HTXSNV: 1; HTTNV: 2; HTNV: 2; KHTNV: 2; "
                              "Không xếp loại, chưa có kết quả: 1")


def test_missing_and_rejected_show_their_status_and_count_as_no_result(reports):
    r = reports["2021"]
    changed = {"TAMDAO": "missing", "SXD": "rejected"}
    units = tuple(u.model_copy(update={"status": changed[u.code], "score": None, "grade": None,
                                       "rank": None}) if u.code in changed else u
                  for u in r.units)
    page = publish_html([r.model_copy(update={"units": units})])
    rows = _entity_rows(page)
    assert rows["units", "TAMDAO"][3] == "Không nộp"
    assert rows["units", "SXD"][3] == "Bị từ chối"
    tallies = _tallies(page)
    assert tallies["Tập thể – nhóm Huyện, thành phố"][0::2] == ([1, 7, 0, 0, 1], 9)
    assert tallies["Tập thể – nhóm Sở, ngành"][0::2] == ([0, 4, 1, 0, 1], 6)
    sở = [_texts(row)[2] for row in _Page(page).of_class("entities")[1][1:]]
    assert sở[-1] == "SXD"  # after every graded unit


def test_headings_periods_and_order_of_the_rounds(reports):
    page = publish_html([reports["2021"], reports["2026Q2"], reports["2026"], reports["2022"]])
    whens = re.findall(r'<h2><span class="when">([^<]*)</span>', page)
    assert whens == ["Năm 2026", "Quý II năm 2026", "Năm 2022", "Năm 2021"]
    assert re.findall(r'<section class="round" id="(ky-\d)">', page) == [
        "ky-1", "ky-2", "ky-3", "ky-4"]
    assert page.count('href="#ky-') == 4  # the contents, linking inside the page
    assert html.escape(reports["2026Q2"].plan.title) in page
    assert "Cơ quan giao: Ban Thường vụ Tỉnh ủy Vĩnh Phúc" in page
    assert "Cơ quan giao: Ban Thường vụ Tỉnh ủy Phú Thọ" in page
    alone = publish_html([reports["2026Q2"]])
    assert "<nav>" not in alone  # one round: no contents
    assert re.findall(r'<h2><span class="when">([^<]*)</span>', alone) == ["Quý II năm 2026"]
    assert "<title>Kết quả đánh giá, xếp loại chất lượng – Ban Thường vụ Tỉnh ủy Phú Thọ" \
           "</title>" in alone


@pytest.mark.parametrize("which", ["2021+2022", "2026"])
@pytest.mark.parametrize("full", [False, True])
def test_self_contained_no_script_no_link_out(pages, which, full):
    page = pages[which, full]
    low = page.lower()
    for needle in ("<script", "http://", "https://", "http:", "javascript:", "<link", "<img",
                   "<iframe", "<object", "<embed", "src=", "url(", "@import", "@font-face",
                   "xlink", "<form", "<base"):
        assert needle not in low, needle
    assert not re.search(r"\son[a-z]+\s*=", low)  # no event handlers
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    head = page.split("</head>")[0]
    assert head.count("<title>") == 1 and page.count("<style>") == 1
    assert ".wrap{overflow-x:auto" in page
    tables = page.count("<table")
    assert tables and page.count('<div class="wrap"><table') == tables  # every table scrolls
    assert not re.search(r"(?<![-\w])(min-)?width:\s*(\d{4,}|[4-9]\d\d)px", page)  # none wider
    assert page.count("<svg") == page.count('class="bar-svg"') >= 1  # than a phone


def test_the_page_is_deterministic(reports):
    rs = [reports["2021"], reports["2022"], reports["2026"], reports["2026Q2"]]
    for full in (False, True):
        first = publish_html(rs, full=full)
        assert publish_html(rs, full=full) == first
        assert publish_html(list(reversed(rs)), full=full) == first
        assert publish_html([rs[2], rs[0], rs[3], rs[1]], full=full) == first


def test_english(pages, reports):
    page = publish_html([reports["2026"], reports["2026Q2"]], lang="en")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    for text in ("EVALUATION AND GRADING RESULTS", "Grades at a glance",
                 "Excellently completed tasks", "Not graded or no result",
                 "Collectives – group Xã, phường",
                 "Officials – group Bí thư cấp xã", "Q2 2026", "Year 2026", "Issued by: "):
        assert text in page, text
    for text in ("Hoàn thành xuất sắc nhiệm vụ", "Không xếp loại", "Tổng hợp kết quả",
                 "Tập thể", "Cá nhân", "Quý II", "Cơ quan giao"):
        assert text not in page, text
    rows = _entity_rows(publish_html([reports["2026"]], lang="en"))
    assert rows["officials", "SONGLO-CT"][3] == "Not graded"
    assert rows["units", "VINHPHUC"][3] == "HTXSNV – Excellently completed tasks"
    full = publish_html([reports["2026"]], lang="en", full=True)
    assert "Internal – not for publication" in full and "Score" in full and "Rank" in full


def test_words_are_complete_and_new():
    fields = string.Formatter()
    source = Path(publish.__file__).read_text(encoding="utf-8")
    for key, (vi, en) in WORDS.items():
        assert vi.strip() and en.strip(), key
        assert ({f for _, f, _, _ in fields.parse(vi) if f}
                == {f for _, f, _, _ in fields.parse(en) if f}), key
        assert key not in LABELS, key  # an existing word is reused from dgsp.labels
        assert source.count(f'"{key}"') + source.count(f"'{key}'") >= 2, key  # and used


# ----------------------------------------------------------------------------- full mode


def test_full_mode_banner_only_in_full(pages):
    assert "Nội bộ – không công bố" in pages["2026", True]
    assert '<div class="banner" role="note">' in pages["2026", True]
    assert '<meta name="robots" content="noindex, nofollow">' in pages["2026", True]
    assert "<title>[Nội bộ – không công bố]" in pages["2026", True]
    for key in ("2021", "2026", "2021+2022"):
        assert "Nội bộ" not in pages[key, False]
        assert 'class="banner"' not in pages[key, False]
        assert "CÔNG KHAI KẾT QUẢ ĐÁNH GIÁ" in pages[key, False]
        assert "CÔNG KHAI KẾT QUẢ ĐÁNH GIÁ" not in pages[key, True]


def test_league_changes_against_the_previous_year(pages, reports):
    page = _Page(pages["2021+2022", True])
    leagues = page.of_class("league")
    assert len(leagues) == 3  # one per group of 2022
    assert _texts(leagues[0][0]) == ["Tên đơn vị", "Mã", "Hạng – Năm 2022", "Hạng – Năm 2021",
                                     "Số bậc lên (+) / xuống (−)"]
    assert "Thay đổi thứ hạng so với năm 2021" in pages["2021+2022", True]
    old = {(u.group, u.code): u for u in reports["2021"].units}
    got = {cells[1]: cells[2:] for rows in leagues for cells in map(_texts, rows[1:])}
    assert set(got) == {u.code for u in reports["2022"].units}
    for u in reports["2022"].units:
        before = old.get((u.group, u.code))
        if before is None:
            want = [str(u.rank), "—", "mới"]
        else:
            moved = before.rank - u.rank
            want = [str(u.rank), str(before.rank),
                    f"+{moved}" if moved > 0 else f"−{-moved}" if moved < 0 else "0"]
        assert got[u.code] == want, u.code
    assert got["TAMDAO"] == ["1", "9", "+8"]
    assert got["VINHYEN"] == ["4", "1", "−3"]
    assert got["VINHTUONG"] == ["2", "2", "0"]
    assert got["SKHDT"] == ["3", "—", "mới"]
    huyen = [cells[1] for cells in map(_texts, leagues[0][1:])]
    assert huyen[:3] == ["TAMDAO", "VINHTUONG", "LAPTHACH"]  # by this year's rank
    assert not _Page(pages["2021+2022", False]).of_class("league")
    assert not _Page(pages["2026", True]).of_class("league")  # one report: nothing to compare


def test_no_league_across_different_periods(reports):
    page = publish_html([reports["2022"], reports["2026Q2"]], full=True)
    assert not _Page(page).of_class("league")  # a quarter is not ranked against a year
    page = publish_html([reports["2022"], reports["2026"]], full=True)
    leagues = _Page(page).of_class("league")  # the two share Sở codes (SNV, STC, SXD)
    assert [c[1] for c in map(_texts, leagues[0][1:])] == ["SNV", "SNNMT", "STC", "SXD"]
    assert [c[4] for c in map(_texts, leagues[0][1:])] == ["+6", "mới", "+1", "+2"]


def test_heat_map_of_grades_across_the_reports(pages, reports):
    page = _Page(pages["2021+2022", True])
    (heat,) = page.of_class("heat")
    assert _texts(heat[0]) == ["Tên đơn vị", "Mã", "Năm 2021", "Năm 2022"]  # oldest first
    cells = {}
    for row in heat[1:]:
        if len(row) == 1:  # a peer group's heading
            continue
        cells[row[1][2]] = [(text, classes) for _, classes, text in row[2:]]
    codes = {u.code for r in (reports["2021"], reports["2022"]) for u in r.units}
    assert set(cells) == codes
    for year, col in (("2021", 0), ("2022", 1)):
        by_code = {u.code: u for u in reports[year].units}
        for code, row in cells.items():
            u = by_code.get(code)
            text, classes = row[col]
            assert text == (u.grade if u else "—"), (year, code)
            assert f"g-{u.grade}" in classes if u else "absent" in classes
    assert cells["TAMDAO"] == [("HTNV", ["cell", "g-HTNV"]), ("HTXSNV", ["cell", "g-HTXSNV"])]
    assert cells["SKHDT"][0] == ("—", ["cell", "absent"])
    assert [row[0][2] for row in heat[1:] if len(row) == 1] == [
        "Tập thể – nhóm Huyện, thành phố", "Tập thể – nhóm Sở, ngành",
        "Tập thể – nhóm Khối Đảng, MTTQ, đoàn thể"]
    assert not _Page(pages["2021+2022", False]).of_class("heat")
    assert not _Page(pages["2026", True]).of_class("heat")  # one report: no heat map


def test_grade_colours_are_the_workbooks(pages):
    page = pages["2026", False]
    for grade, colour in GRADE_FILLS.items():
        assert f".g-{grade}{{background:#{colour}}}" in page
        assert f'fill="#{colour}"' in page  # the bars
    assert ".g-none{background:#E7E6E6}" in page  # the report's grey
    rows = _Page(page).of_class("entities")[0]
    assert rows[1][3][1] == ["grade", "g-HTXSNV"]  # VINHPHUC's grade cell


def test_footer_names_the_version_files_and_hashes(pages, reports, tmp_path):
    page = pages["2021+2022", False]
    assert f"Trang do dgsp {__version__} lập tự động" in page
    assert f'<meta name="generator" content="dgsp {__version__}">' in page
    for key in ("2021", "2022"):
        assert len(reports[key].sha256) == 64
        assert f'SHA-256 <code class="hash">{reports[key].sha256}</code>' in page
    assert page.count("<code>report.json</code>") == 2
    assert str(Path(reports["2021"].file).parent) not in page  # no local path is published


# ----------------------------------------------------------------------------- escaping


def _hostile(name="Xã A", group="Xã", title="Đợt thử", position="Bí thư", reason="đạt",
             body="Ban Thường vụ") -> ScoreReport:
    unit = ReportUnit(code="XA", name=name, group=group, status="scored",
                      score=Decimal("95.5"), grade="HTXSNV", rank=1,
                      reasons=(ReportReason(code="met", text=reason),))
    return ScoreReport(
        plan=ReportPlan(title=title, year=2025, issued_by=body),
        units=(unit, ReportUnit(code="XB", name="Xã B", group=group, status="not_graded")),
        officials=(ReportUnit(code="XA-BT", name=name, group=group, status="scored",
                              grade="HTTNV", rank=1, position=position, unit="XA"),),
        file="bao-cao.json", sha256="ab" * 32)


def test_names_from_workbooks_are_escaped():
    attack = "<script>alert(1)</script>"
    report = _hostile(name=attack, group='A & <b>B</b>', title='"><img src=x onerror=alert(1)>',
                      position="<i>", reason="<u>lý do</u>", body="</title><h1>")
    for full in (False, True):
        page = publish_html([report], full=full)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script" not in page and "<img" not in page and "<b>B" not in page
        assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
        assert "A &amp; &lt;b&gt;B&lt;/b&gt;" in page
        assert "</title><h1>" not in page and "<i>" not in page and "<u>" not in page
        assert _entity_rows(page)["units", "XA"][1] == attack
    assert "&lt;u&gt;lý do&lt;/u&gt;" in publish_html([report], full=True)


_BASELINE = {full: _Page(publish_html([_hostile(name="x", group="y", title="z", position="p",
                                                reason="r", body="b")], full=full)).tags
             for full in (False, True)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(min_size=1, max_size=30), group=st.text(min_size=1, max_size=20),
       title=st.text(max_size=20), full=st.booleans())
def test_any_name_is_escaped_and_kept(name, group, title, full):
    page = publish_html([_hostile(name=name, group=group, title=title, position=name,
                                  reason=name, body=group)], full=full)
    parsed = _Page(page)
    assert parsed.tags == _BASELINE[full]  # no tag, no attribute came from a name
    assert html.escape(name) in page
    assert name in "".join(parsed.data)  # read back as text, unchanged
    rows = _entity_rows(page)
    assert rows["units", "XA"][1] == " ".join(name.split())


# ----------------------------------------------------------------------------- writing


def test_write_publish_writes_only_index_html_atomically(reports, tmp_path):
    out = tmp_path / "site" / "ket-qua"
    path = write_publish([reports["2021"]], out)
    assert path == out / "index.html"
    assert sorted(os.listdir(out)) == ["index.html"]
    assert path.read_bytes() == publish_html([reports["2021"]]).encode("utf-8")
    again = write_publish([reports["2026"]], out, lang="en", full=True)  # replaces it
    assert again == path and sorted(os.listdir(out)) == ["index.html"]
    assert path.read_text(encoding="utf-8") == publish_html([reports["2026"]], lang="en",
                                                            full=True)
    assert (path.stat().st_mode & 0o777) == 0o644


def test_write_publish_leaves_nothing_when_it_fails(reports, tmp_path, monkeypatch):
    with pytest.raises(ValueError):
        write_publish([], tmp_path / "none")
    assert not (tmp_path / "none").exists()
    out = tmp_path / "site"
    write_publish([reports["2021"]], out)
    before = (out / "index.html").read_bytes()

    def refuse(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish.os, "replace", refuse)
    with pytest.raises(OSError):
        write_publish([reports["2026"]], out)
    assert sorted(os.listdir(out)) == ["index.html"]  # no temporary file left behind
    assert (out / "index.html").read_bytes() == before  # the old page, whole


def test_no_report_is_refused():
    with pytest.raises(ValueError):
        publish_html([])


# ----------------------------------------------------------------------------- a real browser

BROWSER = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))
                if p), None)
needs_browser = pytest.mark.skipif(BROWSER is None, reason="no Chromium or Chrome found")


def _browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    cmd = [BROWSER, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--no-default-browser-check", "--disable-extensions", "--disable-sync",
           "--disable-background-networking", "--hide-scrollbars",
           "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: nothing resolves
           f"--user-data-dir={profile}", *args]
    done = subprocess.run(cmd, capture_output=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done


@pytest.fixture(scope="module")
def site(reports, tmp_path_factory) -> tuple[Path, Path]:
    """The public and the full page of 2021 and 2026, written as `dgsp publish` writes them."""
    root = tmp_path_factory.mktemp("site")
    rs = [reports["2021"], reports["2026"]]
    return write_publish(rs, root / "public"), write_publish(rs, root / "full", full=True)


def _probe(tmp_path: Path, frames: list[tuple[Path, bool]], width: int) -> list[dict]:
    """Open ``frames`` (a page, and whether scripts are off in it: an iframe sandboxed
    without ``allow-scripts``) side by side in a measuring page of this test's, with a script
    (the pages have none); return each frame's DOM and its widths, as the browser laid it out
    ``width`` pixels wide."""
    sandbox = ' sandbox="allow-same-origin"'  # no allow-scripts: scripts are off
    tags = "".join(
        f'<iframe id="f{i}" src="{page.as_uri()}" style="border:0;width:{width}px;height:600px"'
        f'{sandbox if off else ""}></iframe>' for i, (page, off) in enumerate(frames))
    outs = "".join(f'<pre id="o{i}"></pre>' for i in range(len(frames)))
    probe = tmp_path / "probe.html"
    probe.write_text(
        f"<!DOCTYPE html><html><body>{tags}{outs}<script>"
        "addEventListener('load',function(){"
        f"for(var i=0;i<{len(frames)};i++){{"
        "var e=document.getElementById('f'+i).contentDocument.documentElement;"
        "document.getElementById('o'+i).textContent="
        "e.scrollWidth+' '+e.clientWidth+'\\n'+e.outerHTML;}});"
        "</script></body></html>", encoding="utf-8")
    dom = _browser(tmp_path, "--allow-file-access-from-files", "--dump-dom",
                   probe.as_uri()).stdout.decode("utf-8")
    found = []
    for i in range(len(frames)):
        text = html.unescape(re.search(rf'<pre id="o{i}">(.*?)</pre>', dom, re.DOTALL).group(1))
        sizes, _, outer = text.partition("\n")
        scroll, client = map(int, sizes.split())
        found.append({"scroll": scroll, "client": client, "dom": outer})
    return found


@needs_browser
def test_browser_renders_every_name_and_grade(site, reports, tmp_path):
    dom = _browser(tmp_path, "--dump-dom", site[0].as_uri()).stdout.decode("utf-8")
    assert "<table" in dom and "<svg" in dom
    for r in (reports["2021"], reports["2026"]):
        for u in (*r.units, *r.officials):
            assert html.escape(u.name, quote=False) in dom, u.name
            assert f'<td class="code">{u.code}</td>' in dom
    for grade in GRADES:
        assert f"<b>{grade}</b>" in dom and GRADE_NAMES[Grade(grade)][0] in dom
    assert "Không xếp loại" in dom


@needs_browser
def test_browser_the_same_page_without_javascript(site, reports, tmp_path):
    """``--blink-settings=scriptEnabled=false`` also stops headless Chromium's own --dump-dom
    and --screenshot (they print nothing), so scripts are turned off for the page alone: in
    an iframe sandboxed without ``allow-scripts``. A control page with a script shows that
    they really are off there."""
    control = tmp_path / "control.html"
    control.write_text("<!DOCTYPE html><html><body><p>x</p><script>document.body.setAttribute("
                       "'data-js','on')</script></body></html>", encoding="utf-8")
    public, full = site
    on, off, full_on, full_off, c_on, c_off = _probe(
        tmp_path, [(public, False), (public, True), (full, False), (full, True),
                   (control, False), (control, True)], 1280)
    assert 'data-js="on"' in c_on["dom"] and 'data-js="on"' not in c_off["dom"]  # the control
    assert off["dom"] == on["dom"] and full_off["dom"] == full_on["dom"]
    for r in (reports["2021"], reports["2026"]):
        for u in (*r.units, *r.officials):
            assert html.escape(u.name, quote=False) in off["dom"], u.name
            if u.score is not None:
                assert format_number(u.score, "vi", 2) in full_off["dom"]
    assert "HTXSNV" in off["dom"] and "Nội bộ – không công bố" in full_off["dom"]


@needs_browser
@pytest.mark.parametrize("size", ["390,844", "1280,900"])
def test_browser_screenshots_phone_and_desktop(site, tmp_path, size):
    for which, page in zip(("public", "full"), site):
        shot = tmp_path / f"{which}-{size.replace(',', 'x')}.png"
        _browser(tmp_path, f"--screenshot={shot}", f"--window-size={size}", page.as_uri())
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 5 * 1024


@needs_browser
@pytest.mark.parametrize("width", [320, 390])
def test_browser_nothing_is_wider_than_a_phone(site, tmp_path, width):
    """Measured in the browser, scripts off in the page: the page (not its tables, which
    scroll inside their frame) is no wider than the phone."""
    wide = tmp_path / "wide.html"  # the measure can fail: a page with a fixed-width block
    wide.write_text(site[0].read_text(encoding="utf-8").replace(
        "<main>", '<main><div style="width:900px">x</div>', 1), encoding="utf-8")
    public, full, control = _probe(tmp_path, [(site[0], True), (site[1], True), (wide, True)],
                                   width)
    for frame in (public, full):
        assert 0 < frame["client"] <= width and frame["scroll"] <= frame["client"], frame
    assert control["scroll"] > 900 > width >= control["client"]


# ----------------------------------------------------------------------------- the command


def test_dgsp_publish_on_the_command_line(tmp_path):
    """`dgsp publish REPORT... --out DIR`: the page written, the reports untouched, an existing
    DIR refused without --force, and never a report's own folder."""
    from conftest import invoke

    from dgsp.workflow import score

    folder = EXAMPLES / "vinh-phuc-2021"
    score(folder / "plan.xlsx", [folder / "returns"], tmp_path / "r.xlsx",
          json_out=str(tmp_path / "r.json"), unit_sheets=False)
    before = (tmp_path / "r.json").read_bytes()
    result = invoke("publish", tmp_path / "r.json", "--out", tmp_path / "web")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "web" / "index.html").read_text(encoding="utf-8")
    assert "Huyện Tam Đảo" in page and "HTXSNV" in page
    assert f"Đã ghi {tmp_path / 'web' / 'index.html'}" in result.stdout
    assert sorted(p.name for p in (tmp_path / "web").iterdir()) == ["index.html"]
    again = invoke("publish", tmp_path / "r.json", "--out", tmp_path / "web")
    assert again.exit_code == 2 and "[DG301]" in again.stderr
    full = invoke("publish", tmp_path / "r.json", "--out", tmp_path / "web", "--full",
                  "--force")
    assert full.exit_code == 0 and "Nội bộ" in (tmp_path / "web" / "index.html").read_text(
        encoding="utf-8")
    onto = invoke("publish", tmp_path / "r.json", "--out", tmp_path, "--force")
    assert onto.exit_code == 2  # the folder holds the report: never written into
    assert (tmp_path / "r.json").read_bytes() == before
