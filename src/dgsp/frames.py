"""pandas DataFrames of dgsp's values, for analysts: ``Evaluation.to_frame()``,
``Comparison.to_frame()``, ``YearEvaluation.to_frame()`` (see ``docs/api.md``).

pandas is an optional extra (``pip install "dgsp[pandas]"``), imported here only, when a frame
is asked for: the command line never loads it. Columns are named as the JSON's keys
(language-neutral); numbers are floats (the values themselves keep their exact decimals), grades
are their codes, and only the words (explanations, reasons, notes) follow ``lang``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas

    from dgsp.compare.model import Comparison, YearEvaluation
    from dgsp.model import Evaluation


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ImportError('a DataFrame needs pandas: pip install "dgsp[pandas]"') from None
    return pandas


def _plain(value: Any) -> Any:
    """A cell of a frame: a decimal as a float, an enum as its value, codes joined."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return "; ".join(map(str, value))
    return value


def _frame(rows: Iterable[Mapping[str, Any]], columns: list[str] | None = None) -> pandas.DataFrame:
    """The rows as a frame; a column of whole numbers with gaps (a rank, a count that only a
    scored entity has) is pandas' nullable ``Int64``, not floats."""
    pd = _pandas()
    plain = [{k: _plain(v) for k, v in row.items()} for row in rows]
    frame = pd.DataFrame(plain, columns=columns)
    for name in frame.columns:
        values = [row[name] for row in plain if row.get(name) is not None]
        if values and all(type(v) is int for v in values) and frame[name].dtype != "int64":
            frame[name] = frame[name].astype("Int64")
    return frame


DATA_COLUMNS = [  # the Dữ liệu sheet's columns, as the JSON names them
    "unit", "unit_name", "group", "indicator", "task_group", "indicator_name", "measure",
    "direction", "weight", "cap", "target", "actual", "ratio", "points", "achieved",
    "exceeded", "capped", "note", "explanation",
]
DATA_COLUMNS_366 = ["reported", "verified", "due", "completed", "late"]  # under Quy định 366


def evaluation_frame(ev: Evaluation, per: Literal["indicator", "entity"] = "indicator",
                     lang: str = "vi") -> pandas.DataFrame:
    """``per="indicator"``: the tidy *Dữ liệu* table, one row per unit with a score and
    indicator, in the report's order. ``per="entity"``: one row per collective, then per
    official, with the JSON's entity keys (score, grade, rank, …; ``reasons`` in words)."""
    from dgsp.report.write import Explainer, data_results, to_json

    if per == "entity":
        data = to_json(ev, lang)
        rows = [{"kind": kind, **{k: v for k, v in entry.items() if k != "indicators"},
                 "reasons": "; ".join(r["text"] for r in entry["reasons"])}
                for kind, key in (("unit", "units"), ("official", "officials"))
                for entry in data.get(key, ())]
        return _frame(rows)
    if per != "indicator":
        raise ValueError(f"per={per!r}: use 'indicator' or 'entity'")
    indicators = {ind.code: ind for ind in ev.plan.indicators}
    explain = Explainer(ev.plan, lang)
    second = ev.under_366
    rows = []
    for u, res in data_results(ev):
        ind = indicators[res.indicator]
        row = {
            "unit": u.unit.code, "unit_name": u.unit.name, "group": u.unit.group,
            "indicator": ind.code, "task_group": ind.task_group, "indicator_name": ind.name,
            "measure": ind.measure, "direction": ind.direction, "weight": res.weight,
            "cap": ind.cap, "target": res.target, "actual": res.actual, "ratio": res.ratio,
            "points": res.points, "achieved": res.achieved, "exceeded": res.exceeded,
            "capped": res.capped, "note": res.note, "explanation": explain(res),
        }
        if second:
            row.update(reported=res.actual if res.reported is None else res.reported,
                       verified=res.verified, due=res.due, completed=res.completed,
                       late=res.late)
        rows.append(row)
    return _frame(rows, DATA_COLUMNS + (DATA_COLUMNS_366 if second else []))


def comparison_frame(comparison: Comparison) -> pandas.DataFrame:
    """One row per entity of the league tables (collectives, then officials), in their order:
    the reference report's figures, the previous report's, the changes and the rank band."""
    rows = []
    for kind, leagues in (("unit", comparison.groups), ("official", comparison.officials)):
        for league in leagues:
            for row in league.rows:
                entry = row.model_dump(exclude={"history", "rank_band"})
                band = row.rank_band or (None, None)
                rows.append({"kind": kind, **entry, "rank_band_low": band[0],
                             "rank_band_high": band[1]})
    return _frame(rows)


def year_frame(built: YearEvaluation, lang: str = "vi") -> pandas.DataFrame:
    """One row per entity of the year (collectives, then officials): the annual score, grade and
    rank, then each round's status, score and grade (``Q1_score``, …)."""
    from dgsp.labels import reason_text

    rows = []
    for kind, entities in (("unit", built.units), ("official", built.officials)):
        for e in entities:
            row = {"kind": kind, **e.model_dump(exclude={"official", "rounds", "reasons"}),
                   "reasons": "; ".join(reason_text(r.code, r.params, lang) for r in e.reasons)}
            for r in e.rounds:
                row.update({f"{r.period}_status": r.status, f"{r.period}_score": r.score,
                            f"{r.period}_grade": r.grade})
            rows.append(row)
    return _frame(rows)


__all__ = ["DATA_COLUMNS", "comparison_frame", "evaluation_frame", "year_frame"]
