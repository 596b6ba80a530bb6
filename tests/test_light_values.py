"""The light values (issue 13, item 2): results and intake cells are slotted frozen dataclasses,
pickled as their fields (what a process pool sends back), equal after the round trip, and
immutable; a number given in code is read as a plan's number is (canonical)."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dgsp.model import (
    CriterionResult,
    IndicatorResult,
    Return,
    ReturnedValue,
    SelfScore,
    Status,
    Unit,
    UnitEvaluation,
)

decimals = st.decimals(allow_nan=False, allow_infinity=False, places=4,
                       min_value=-10**6, max_value=10**6)
dates = st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
texts = st.text(max_size=20)

results = st.builds(IndicatorResult, indicator=texts, target=decimals, actual=decimals,
                    ratio=decimals, points=decimals, weight=decimals, achieved=st.booleans(),
                    exceeded=st.booleans(), capped=st.booleans(), note=texts,
                    reported=st.none() | decimals, verified=st.none() | decimals,
                    ground=texts, due=dates, completed=dates, late=st.booleans())
values = st.builds(ReturnedValue, indicator=texts, value=decimals, cell=texts, note=texts,
                   completed=dates)
scores = st.builds(SelfScore, entity=texts, criterion=texts, value=st.none() | decimals,
                   cell=texts)
criteria = st.builds(CriterionResult, criterion=texts, max_points=decimals,
                     self_score=st.none() | decimals, appraised=st.none() | decimals,
                     points=decimals, note=texts)


@given(st.one_of(results, values, scores, criteria))
def test_a_light_value_pickles_as_its_fields(value):
    back = pickle.loads(pickle.dumps(value))
    assert back == value and type(back) is type(value)
    assert value.__reduce__() == (type(value), dataclasses.astuple(value))


@given(st.lists(results, max_size=5), st.lists(values, max_size=5), st.lists(scores, max_size=3))
def test_the_models_holding_them_pickle_whole(indicators, returned, self_scores):
    unit = UnitEvaluation(unit=Unit(code="XA", name="Xã A", group="Xã"), status=Status.SCORED,
                          indicators=tuple(indicators))
    ret = Return(file="XA.xlsx", sha256="0" * 64, unit="XA", values=tuple(returned),
                 self_scores=tuple(self_scores))
    assert pickle.loads(pickle.dumps(unit)) == unit
    assert pickle.loads(pickle.dumps(ret)) == ret
    assert unit.indicators == tuple(indicators)  # kept as given, not copied or revalidated


@pytest.mark.parametrize("given_value, read", [
    (110, Decimal(110)), ("2.50", Decimal("2.5")), (Decimal("4.0"), Decimal("4.0")),
])
def test_a_number_given_in_code_is_read_as_a_plans(given_value, read):
    value = ReturnedValue(indicator="I1", value=given_value).value
    assert value == read and str(value) == str(read) and type(value) is Decimal


def test_light_values_are_immutable():
    value = ReturnedValue(indicator="I1", value=Decimal(1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.value = Decimal(2)  # type: ignore[misc]
    assert not hasattr(value, "__dict__")  # slotted


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_a_canonical_number_is_told_without_making_it_again(d):
    from dgsp.model import _canonical
    from dgsp.text import canonical

    assert _canonical(d) == (str(canonical(d)) == str(d))


@pytest.mark.parametrize("value, annual", [(Decimal("4.0"), Decimal("20.50")), (4, "20.5")])
def test_a_target_given_in_code_is_read_as_the_plan_reads_it(value, annual):
    from dgsp.model import Target

    t = Target(unit="XA", indicator="I1", value=value, annual=annual)
    assert (str(t.value), str(t.annual)) == ("4", "20.5")
    assert t.model_copy(update={"value": Decimal("5.00")}).value == Decimal(5)
    assert pickle.loads(pickle.dumps(t)) == t


# ----------------------------------------------------------------------------- one object per number

spelled = st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**4,
                      max_value=10**4) | st.sampled_from([Decimal("4.0"), Decimal("4"),
                                                          Decimal("-0"), Decimal("0.50")])


@given(spelled)
def test_a_shared_decimal_is_the_number_as_spelled(d):
    """One object for every decimal of the same spelling; never another spelling."""
    from dgsp.text import shared

    one = shared(d)
    assert one == d and str(one) == str(d)
    assert shared(Decimal(str(d))) is one


def test_four_and_four_point_nought_are_two_numbers():
    from dgsp.text import shared

    assert shared(Decimal("4.0")) is not shared(Decimal("4"))
    assert str(shared(Decimal("4.0"))) == "4.0" and str(shared(Decimal("-0"))) == "-0"


@given(spelled, spelled)
def test_values_sent_back_by_a_worker_share_their_numbers(a, b):
    """A value unpickled (sent back by a worker) holds the one object of its number, and its
    spelling as sent: 4.0 stays 4.0."""
    first, second = pickle.loads(pickle.dumps((ReturnedValue("i", a), SelfScore("u", "c", b))))
    again = pickle.loads(pickle.dumps(ReturnedValue("i", a)))
    assert again.value is first.value and str(first.value) == str(a)
    assert str(second.value) == str(b)


def test_an_evaluation_holds_each_number_once():
    """Every decimal of a scored example, as the intake, the plan reader and the scorer make
    them, is the one object of its spelling (a national run held a million, most alike)."""
    from collections import defaultdict
    from pathlib import Path

    from dgsp import api

    example = Path(__file__).resolve().parents[1] / "examples" / "vinh-phuc-2026"
    ev = api.score(example / "plan.xlsx", sorted((example / "returns").glob("*.xlsx")))
    objects: dict[str, set[int]] = defaultdict(set)
    for entity in (*ev.units, *ev.officials):
        for res in (*entity.indicators, *entity.criteria):
            for value in dataclasses.astuple(res):
                if type(value) is Decimal:
                    objects[str(value)].add(id(value))
    assert len(objects) > 20
    assert {k: v for k, v in objects.items() if len(v) > 1} == {}


# ----------------------------------------------------------------------------- shared field sets


def test_models_given_the_same_fields_share_one_frozen_set():
    first = Unit(code="A", name="Một", group="g", heads=("x",))
    second = Unit(code="B", name="Hai", group="g", heads=("y",))
    other = Unit(code="C", name="Ba", group="g")
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    assert isinstance(first.__pydantic_fields_set__, frozenset)
    assert other.model_fields_set == {"code", "name", "group"}


def test_a_copy_updates_its_own_fields_and_nobody_elses():
    import copy

    first = Unit(code="A", name="Một", group="g")
    second = Unit(code="B", name="Hai", group="g")
    changed = first.model_copy(update={"heads": ("x",)})
    assert changed.model_fields_set == {"code", "name", "group", "heads"}
    assert first.model_fields_set == second.model_fields_set == {"code", "name", "group"}
    assert changed.heads == ("x",) and first.heads == ()
    for again in (copy.copy(changed), copy.deepcopy(changed), pickle.loads(pickle.dumps(changed)),
                  changed.model_copy(deep=True)):
        assert again == changed and again.model_fields_set == changed.model_fields_set
        assert again.model_copy(update={"name": "Bốn"}).name == "Bốn"
    assert changed.model_fields_set == {"code", "name", "group", "heads"}
