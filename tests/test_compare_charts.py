"""The `Biểu đồ` sheet of the compare workbook: what the trend chart plots, the value axis
both charts of a group share, and the page breaks that keep every chart on one printed page.

The small comparison, by hand (thresholds 90/70/50):

    reports 2021, 2022, 2023 (the reference)
    group Huyện   A  70   85   98      rank 1 in 2023, the lowest but one in 2021
                  B  95   90   92
                  C  88   —    80      missing in 2022
                  D  99   60   65      the lowest in 2023, nearly the highest in 2021
                  E  50   75   —       no longer present in 2023
    group Sở      S  100  91   93      in Huyện in 2021: counts there that year
                  T  —    —    88      new

    Huyện per report: highest 100 / 90 / 98, median 91.5 / 80 / 86, lowest 50 / 60 / 65
    Sở per report:    none in 2021;  91 / 91 / 91;  93 / 90.5 / 88
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from dgsp import xlsx
from dgsp.compare import write as compare_write
from dgsp.compare.model import Comparison, GroupLeague, HistoryPoint, LeagueRow, ReportRef

EMU_PER_INCH = 914_400
A4_INCHES = (8.27, 11.69)


def ref(year: int) -> ReportRef:
    return ReportRef(title=f"Đánh giá {year}", year=year, file=f"{year}.json", sha256="0" * 64)


def league_row(code: str, group: str, points: list[tuple[str | None, str | None, object]],
               ) -> LeagueRow:
    """A row from its history: per report (status, group, score); the last is the reference."""
    history = tuple(HistoryPoint(report=i, status=status, group=grp,
                                 score=None if score is None else D(str(score)))
                    for i, (status, grp, score) in enumerate(points))
    status, _, score = points[-1]
    return LeagueRow(code=code, name=f"Đơn vị {code}", group=group,
                     status=status or "removed", score=None if score is None else D(str(score)),
                     grade="HTTNV" if score is not None else None, history=history)


def small_comparison() -> Comparison:
    h, s = "Huyện", "Sở"

    def scored(grp, *scores):
        return [("scored", grp, x) if x is not None else ("missing", grp, None) for x in scores]

    huyen = (
        league_row("A", h, scored(h, 70, 85, 98)),
        league_row("B", h, scored(h, 95, 90, 92)),
        league_row("C", h, scored(h, 88, None, 80)),
        league_row("D", h, scored(h, 99, 60, 65)),
        league_row("E", h, scored(h, 50, 75) + [(None, None, None)]),
    )
    so = (
        league_row("S", s, [("scored", h, 100), ("scored", s, 91), ("scored", s, 93)]),
        league_row("T", s, [(None, None, None), (None, None, None), ("scored", s, 88)]),
    )
    return Comparison(reports=(ref(2021), ref(2022), ref(2023)),
                      groups=(GroupLeague(group=h, rows=huyen), GroupLeague(group=s, rows=so)),
                      indicators=(), quota=())


@pytest.fixture(scope="module")
def small_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("charts") / "compare.xlsx"
    compare_write.write_compare(small_comparison(), path)
    return load_workbook(path)


def trend_table(ws, group: str) -> list[list]:
    """The rows of the trend chart's data under the group's caption: header, then a year each."""
    rows = [[c.value for c in row[:4]] for row in ws.iter_rows(min_row=1, max_row=ws.max_row)]
    start = rows.index([f"Nhóm so sánh: {group}", None, None, None])
    head = next(i for i in range(start, len(rows)) if rows[i][0] == "Kỳ đánh giá")
    return rows[head:head + 4]


def charts_by_kind(ws):
    """(score chart, trend chart) pairs, in sheet order: the score chart is the bar chart."""
    charts = sorted(ws._charts, key=lambda ch: ch.anchor._from.row)
    return [ch for ch in charts if ch.tagname == "barChart"], \
        [ch for ch in charts if ch.tagname == "lineChart"]


def series_titles(chart) -> list[str]:
    return [s.tx.strRef.f for s in chart.series]


# ----------------------------------------------------------------------------- the trend band


def test_trend_chart_plots_each_reports_highest_median_and_lowest(small_book):
    ws = small_book["Biểu đồ"]
    assert trend_table(ws, "Huyện") == [
        ["Kỳ đánh giá", "Cao nhất trong nhóm", "Mức giữa của nhóm", "Thấp nhất trong nhóm"],
        ["2021", 100, 91.5, 50],
        ["2022", 90, 80, 60],
        ["2023", 98, 86, 65],
    ]
    assert trend_table(ws, "Sở") == [
        ["Kỳ đánh giá", "Cao nhất trong nhóm", "Mức giữa của nhóm", "Thấp nhất trong nhóm"],
        ["2021", None, None, None],
        ["2022", 91, 91, 91],
        ["2023", 93, 90.5, 88],
    ]
    _, trends = charts_by_kind(ws)
    for chart in trends:  # the three columns, highest first, each titled by its header cell
        head = chart.anchor._from.row + 1
        assert series_titles(chart) == [f"'Biểu đồ'!{c}{head}" for c in "BCD"]


def test_english_trend_labels(tmp_path):
    compare_write.write_compare(small_comparison(), tmp_path / "en.xlsx", lang="en")
    ws = load_workbook(tmp_path / "en.xlsx")["Charts"]
    rows = [[c.value for c in row[:4]] for row in ws.iter_rows()]
    assert ["Report", "Highest in the group", "Group median", "Lowest in the group"] in rows


def test_group_band_by_hand():
    c = small_comparison()
    assert compare_write.group_band(c, "Huyện") == (
        [D(100), D(90), D(98)], [D("91.5"), D(80), D(86)], [D(50), D(60), D(65)])
    assert compare_write.group_band(c, "Sở") == (
        [None, D(91), D(93)], [None, D(91), D("90.5")], [None, D(91), D(88)])
    assert compare_write.group_band(c, "Huyện")[1] == compare_write.group_medians(c, "Huyện")


# a history point: not in the report, or in it with a status, a group and maybe a score
point = st.one_of(
    st.just((None, None, None)),
    st.tuples(st.sampled_from(["scored", "missing", "rejected"]), st.sampled_from("GH"),
              st.decimals(min_value=-20, max_value=150, places=3, allow_nan=False,
                          allow_infinity=False)))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(
    lambda n: st.lists(st.lists(point, min_size=n, max_size=n), min_size=1, max_size=8)))
def test_band_is_highest_median_lowest_of_each_report(units):
    n = len(units[0])
    rows = [league_row(f"U{i}", (pts[-1][1] or "G"), pts) for i, pts in enumerate(units)]
    c = Comparison(reports=tuple(ref(2020 + i) for i in range(n)),
                   groups=tuple(GroupLeague(group=g, rows=tuple(r for r in rows if r.group == g))
                                for g in "GH"),
                   indicators=(), quota=())
    for g in "GH":
        highest, median, lowest = compare_write.group_band(c, g)
        for i in range(n):
            scores = [pts[i][2] for pts in units if pts[i][:2] == ("scored", g)]
            if not scores:
                assert highest[i] is median[i] is lowest[i] is None
                continue
            assert highest[i] >= median[i] >= lowest[i]
            assert highest[i] == max(scores).quantize(D("0.01"))
            assert lowest[i] == min(scores).quantize(D("0.01"))
        assert median == compare_write.group_medians(c, g)


# ----------------------------------------------------------------------------- the value axis


@pytest.mark.parametrize(("scores", "thresholds", "expected"), [
    ([90, 100, 110], [90, 70, 50], (40, 120)),  # the thresholds' lines inside
    ([90, 100, 110], [], (85, 115)),  # 5 by 5 over a short span, half a step of margin
    ([100], [], (95, 105)),  # a single score
    ([80, 80, 80], [], (75, 85)),  # all equal
    ([None, 92, None], [], (85, 95)),  # None is no score
    ([None], [], None),  # nothing to show: the axis stays automatic
    ([], [90, 70, 50], (45, 95)),
    ([90, 100], [], (85, 105)),  # a score on a multiple still gets a visible bar
    ([3, 40], [], (0, 45)),  # never below 0 for scores that are not
    ([0, 10], [], (0, 15)),
    ([-12, 30], [], (-15, 35)),
    ([D("45.00"), D("97.50")], [D(90), D(70), D(50)], (40, 110)),  # 10 by 10 over a long span
])
def test_score_axis(scores, thresholds, expected):
    assert compare_write.score_axis(scores, thresholds) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.decimals(min_value=-50, max_value=300, places=2,
                                                  allow_nan=False, allow_infinity=False))),
       st.lists(st.integers(0, 120), max_size=4))
def test_score_axis_contains_everything_with_a_margin(scores, thresholds):
    axis = compare_write.score_axis(scores, thresholds)
    data = [v for v in scores if v is not None] + thresholds
    if not data:
        assert axis is None
        return
    low, high = axis
    assert low % 5 == 0 and high % 5 == 0
    assert low < min(data) or min(data) == low == 0
    assert high > max(data)


def test_both_charts_of_a_group_share_one_y_range(small_book):
    ws = small_book["Biểu đồ"]
    bars, trends = charts_by_kind(ws)
    assert len(bars) == len(trends) == 2
    expected = {  # every score of the group in any report, and the thresholds 90/70/50
        0: (50, 100),  # Huyện: 50 … 100
        1: (50, 93),  # Sở: 88 … 93, the threshold 50
    }
    for i, (bar, trend) in enumerate(zip(bars, trends, strict=True)):
        ranges = [(ch.y_axis.scaling.min, ch.y_axis.scaling.max) for ch in (bar, trend)]
        assert ranges[0] == ranges[1]
        low, high = ranges[0]
        assert low is not None and high is not None
        lo, hi = expected[i]
        assert low < lo and high > hi
        assert high - low <= 2 * (hi - lo)  # not from 0: scores of 90-110 must differ


# ----------------------------------------------------------------------------- page breaks


@pytest.mark.parametrize(("blocks", "rows", "page", "expected"), [
    ([(1, 100.0)], 20, 300.0, []),  # fits
    ([(1, 200.0), (15, 400.0)], 40, 300.0, [15]),  # the second would cross the page end
    ([(1, 100.0), (8, 200.0), (15, 290.0)], 40, 300.0, []),  # all on the first page
    ([(1, 250.0), (18, 500.0), (35, 750.0)], 60, 300.0, [18, 35]),
    # taller than a page: printed over pages where its rows end, the next block after it
    ([(1, 20.0), (3, 700.0), (48, 950.0)], 80, 300.0, [3, 48]),
    ([(1, 20.0), (3, 700.0), (48, 900.0)], 80, 300.0, [3]),  # 3…22, 23…42, 43…62 on a page
])
def test_page_breaks(blocks, rows, page, expected):
    tops = [0.0] + [15.0 * i for i in range(rows + 1)]  # rows of 15 pt: row r starts at 15(r-1)
    assert compare_write.page_breaks(tops, blocks, page) == expected


def big_comparison(sizes: list[int]) -> Comparison:
    """One group per size, that many scored units, two reports; long names."""
    groups = []
    for g, size in enumerate(sizes):
        name = f"Nhóm {g + 1}"
        rows = tuple(league_row(f"G{g}U{i}", name, [("scored", name, 60 + (i * 7) % 45),
                                                    ("scored", name, 105 - i)])
                     for i in range(size))
        groups.append(GroupLeague(group=name, rows=tuple(
            r.model_copy(update={"name": f"Sở Nông nghiệp và Phát triển nông thôn {r.code}"})
            for r in rows)))
    return Comparison(reports=(ref(2021), ref(2022)), groups=tuple(groups), indicators=(),
                      quota=())


def printed_pages(ws) -> tuple[list[tuple[float, float]], float]:
    """The pages the sheet prints on, as (top, bottom) in points of the sheet, and the scale.

    A4 landscape, fitted one page wide: the scale is what fits the columns left of the charts
    and the widest chart on the printable width; a page holds the printable height at that
    scale, up to a manual break; rows are 15 pt unless set.
    """
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    m = ws.page_margins
    charts = ws._charts
    left = min(ch.anchor._from.col for ch in charts)
    columns = sum(xlsx.write.column_inches(ws.column_dimensions[get_column_letter(c)].width
                                           or 8.43) for c in range(1, left + 1))
    widest = max(ch.anchor.ext.width for ch in charts) / EMU_PER_INCH
    if ws.sheet_properties.pageSetUpPr.fitToPage:
        assert ws.page_setup.fitToWidth == 1
        scale = min(1.0, (A4_INCHES[1] - m.left - m.right) / (columns + widest))
    else:
        scale = ws.page_setup.scale / 100
        assert columns + widest <= (A4_INCHES[1] - m.left - m.right) / scale
    height = (A4_INCHES[0] - m.top - m.bottom) * 72 / scale
    last = max(ws.max_row, max(ch.anchor._from.row for ch in charts) + 40)
    tops = [0.0, 0.0]
    for r in range(1, last + 1):
        tops.append(tops[-1] + (ws.row_dimensions[r].height or 15.0))
    manual = sorted(b.id + 1 for b in ws.row_breaks.brk)  # a break after row id
    pages, start = [], 1
    while start <= last:
        end = start + 1  # the first row of the next page
        while end <= last and tops[end + 1] - tops[start] <= height:
            end += 1
        end = min([end] + [b for b in manual if b > start])
        pages.append((tops[start], tops[end]))
        start = end
    return pages, scale


@pytest.mark.parametrize("sizes", [[9, 7, 13], [3, 13, 1, 25, 60, 8, 2, 30]])
def test_no_chart_crosses_a_printed_page(tmp_path, sizes):
    compare_write.write_compare(big_comparison(sizes), tmp_path / "c.xlsx")
    ws = load_workbook(tmp_path / "c.xlsx")["Biểu đồ"]
    pages, scale = printed_pages(ws)
    assert scale >= xlsx.MIN_PRINT_SCALE / 100  # the widest chart is capped to fit at 70 %
    tops = [0.0, 0.0]
    for r in range(1, ws.max_row + 60):
        tops.append(tops[-1] + (ws.row_dimensions[r].height or 15.0))
    assert len(ws._charts) == 2 * len(sizes)
    for ch in ws._charts:
        top = tops[ch.anchor._from.row + 1]
        bottom = top + ch.anchor.ext.height / EMU_PER_INCH * 72
        assert any(a <= top and bottom <= b for a, b in pages), (ch.anchor._from.row, pages)
    # each group's caption is printed on the page of its score chart
    bars, _ = charts_by_kind(ws)
    for bar in bars:
        caption = tops[bar.anchor._from.row]  # the row above the chart's header row
        top = tops[bar.anchor._from.row + 1]
        assert any(a <= caption and top < b for a, b in pages)
    assert ws.row_breaks.brk  # these groups do not fit on one page


def test_bar_labels_are_turned_to_fit(small_book):
    """Unit names on the category axis are written slanted, not wrapped into columns of
    syllables under narrow bars."""
    bars, _ = charts_by_kind(small_book["Biểu đồ"])
    for bar in bars:
        assert bar.x_axis.txPr.bodyPr.rot not in (None, 0)


def test_chart_anchor_column_follows_the_data(small_book):
    ws = small_book["Biểu đồ"]
    for ch in ws._charts:  # one narrow empty column between the data (A–E) and the charts
        assert ch.anchor._from.col == column_index_from_string("G") - 1
