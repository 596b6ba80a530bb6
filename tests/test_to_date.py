"""Progress to date against the annual target: the early warning of a quarterly round."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dgsp.model import Direction, Indicator, Period
from dgsp.scoring.to_date import Pace, elapsed, progress, to_date

H, L, B = Direction.HIGHER, Direction.LOWER, Direction.BINARY
OK, SLOW, RISK = Pace.ON_TRACK, Pace.BEHIND, Pace.AT_RISK


@pytest.mark.parametrize("direction, value, annual, period, pace", [
    # chiều  to date  annual  period       status
    (H, 38, 100, Period.Q2, RISK),   # Sông Lô's 38% of its admissions at the end of Q2
    (H, 42, 100, Period.Q2, SLOW),   # 42% ≥ 0.8 × 50% = 40%: behind, not at risk
    (H, 40, 100, Period.Q2, SLOW),   # exactly 0.8 × elapsed is not at risk
    (H, 50, 100, Period.Q2, OK),
    (H, 20, 100, Period.Q1, SLOW),
    (H, 99, 100, Period.Q4, SLOW),
    (H, 79, 100, Period.Q4, RISK),
    (L, 3, 12, Period.Q1, OK),       # 25% of the accidents allowed, a quarter gone
    (L, 4, 12, Period.Q1, SLOW),
    (L, 12, 12, Period.Q3, RISK),    # the year's allowance used up before the year is out
    (L, 12, 12, Period.Q4, OK),      # … but exactly at the allowance at year end is achieved
    (L, 13, 12, Period.Q4, RISK),
    (L, 0, 0, Period.Q2, OK),        # zero tolerance, nothing yet
    (L, 1, 0, Period.Q1, RISK),
    (B, 1, 1, Period.Q1, OK),        # Đạt: done
    (B, 0, 1, Period.Q3, SLOW),
    (B, 0, 1, Period.Q4, RISK),
])
def test_pace_to_date(direction, value, annual, period, pace):
    assert progress(direction, D(value), D(annual), period) is pace


@pytest.mark.parametrize("additive, values, expected", [
    # cộng dồn  rounds so far       to date
    (True, [10, 12, 9], 31),         # admissions: the sum of the quarters
    (False, [91.5, 93, 95.2], 95.2),  # a rate: the latest round's value
    (False, [0, 1], 1),              # a Đạt task: the latest
])
def test_to_date_adds_up_or_takes_the_latest(additive, values, expected):
    ind = Indicator(code="K", name="K", additive=additive)
    assert to_date(ind, [D(str(v)) for v in values]) == D(str(expected))


def test_elapsed_shares():
    assert [elapsed(p) for p in (Period.Q1, Period.Q2, Period.Q3, Period.Q4, Period.YEAR)] == [
        D("0.25"), D("0.5"), D("0.75"), 1, 1]


periods = st.sampled_from(list(Period))
amounts = st.integers(0, 10_000).map(D)
order = {OK: 0, SLOW: 1, RISK: 2}


@given(amounts, amounts, st.integers(1, 10_000).map(D), periods)
def test_property_more_done_never_looks_worse_and_more_used_never_better(a, b, annual, period):
    low, high = sorted((a, b))
    assert order[progress(H, high, annual, period)] <= order[progress(H, low, annual, period)]
    assert order[progress(L, high, annual, period)] >= order[progress(L, low, annual, period)]


@given(amounts, st.integers(1, 10_000).map(D))
def test_property_at_year_end_on_track_is_achieved(value, annual):
    for period in (Period.Q4, Period.YEAR):
        assert (progress(H, value, annual, period) is OK) == (value >= annual)
        assert (progress(L, value, annual, period) is OK) == (value <= annual)


@given(st.lists(st.integers(0, 1000).map(D), min_size=1, max_size=4), st.booleans())
def test_property_to_date_is_the_sum_or_the_last(values, additive):
    ind = Indicator(code="K", name="K", additive=additive)
    assert to_date(ind, values) == (sum(values) if additive else values[-1])
