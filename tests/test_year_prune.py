"""dgsp year cuts each round's report to what the year reads before validating it
(compare.year.year_content, issue 13): it never drops what for_the_year keeps, whatever
the content's flags say or however loosely they are typed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dgsp.compare.model import SCORE_SCHEMA
from dgsp.compare.read import _validate
from dgsp.compare.year import for_the_year, year_content
from dgsp.problems import ReportError

CODES = ("I1", "I2", "I3")
flags = st.sampled_from([True, False, 1, 0, "true", "false", "yes", None, 2])


@st.composite
def contents(draw) -> dict:
    defs = [{"code": c, "critical": draw(flags)} for c in CODES]
    for d in defs:
        if d["critical"] is None and draw(st.booleans()):
            del d["critical"]  # absent: not critical

    def entity(n: int) -> dict:
        return {"code": f"U{n}", "name": "", "group": "G", "status": "scored",
                "indicators": [{"code": draw(st.sampled_from([*CODES, "I9"])), "target": 1,
                                "actual": 1, "ratio": 1, "points": 1, "achieved": draw(flags),
                                "exceeded": False}
                               for _ in range(draw(st.integers(0, 3)))]}

    content = {"schema": SCORE_SCHEMA, "plan": {"year": 2026, "indicators": defs},
               "units": [entity(n) for n in range(draw(st.integers(0, 3)))],
               "officials": [entity(n) for n in range(draw(st.integers(0, 2)))]}
    period = draw(st.sampled_from(["year", "Q1", "Q4", 4, None]))
    if period is not None:
        content["plan"]["period"] = period
    if draw(st.booleans()):
        content["to_date"] = [{"unit": "U0", "indicator": "I1", "share": 1, "pace": "on_track"}]
    return content


@given(contents())
def test_the_year_reads_the_same_from_the_cut_content(content):
    try:
        whole = for_the_year(_validate(content, "r.json"))
    except ReportError:
        return  # not a report: the cut one may pass (the year does not read the bad parts)
    assert for_the_year(_validate(year_content(content), "r.json")) == whole


def test_what_is_not_a_report_is_left_for_the_validation_to_judge():
    for content in ([], {"plan": []}, {"plan": {"indicators": {}}}, {"plan": {"indicators": []},
                    "units": "all"}):
        assert year_content(content) == content
