"""dgsp as Python functions, for analysts (Jupyter, scripts): the commands' values, never
printed and never written to a file.

>>> from dgsp import api
>>> ev = api.score("plan.xlsx", "returns/")              # an Evaluation
>>> ev.to_frame()                                         # the Dữ liệu table (pandas)

The functions check and score exactly as the commands do: a bad return is one unit's
problem, listed in ``Evaluation.problems`` with its file, sheet and cell, and never stops the
others. What stops a command raises here the same :class:`~dgsp.problems.DgspError`
(an unreadable plan, an appraisal workbook in error, a report that is not one), whose
``problems`` say what and where. See ``docs/api.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Union

if TYPE_CHECKING:  # imported by the functions that need them: ``import dgsp.api`` stays light
    from dgsp.compare.model import Bands, Comparison, ScoreReport, YearEvaluation
    from dgsp.model import Evaluation

PathArg = Union[str, "PathLike[str]"]
Report = Union[PathArg, "Evaluation"]  # a report workbook, its JSON, or an evaluation in hand


def _paths(value: PathArg | Iterable[PathArg]) -> list[Path]:
    """One path, or several: a folder of returns, or the returns themselves."""
    if isinstance(value, (str, PathLike)):
        return [Path(value)]
    return [Path(v) for v in value]


def score(plan: PathArg, returns: PathArg | Iterable[PathArg], appraisal: PathArg | None = None,
          *, previous: Sequence[Report] = (), prefer: Literal["newest"] | None = None,
          strict: bool = False, workers: int | None = None) -> Evaluation:
    """Score the returns against the plan, as ``dgsp score`` does, and return the
    :class:`~dgsp.model.Evaluation` (units, officials, totals, grade counts, problems).

    ``returns``: a folder of returned workbooks, a workbook, or a list of either.
    ``appraisal``: the Board's appraisal workbook (``dgsp appraisal``), applied whole.
    ``previous``: this year's earlier quarters (report files, or evaluations from this
    function), for a quarter's progress to date (``Evaluation.to_date``). ``prefer="newest"``,
    ``strict`` and ``workers`` are the command's ``--prefer newest``, ``--strict`` and
    ``--workers``.
    """
    from dgsp.intake import require_paths
    from dgsp.workflow import _collector_frozen, _evaluation, _read_plan

    plan_path = Path(plan)
    plan_value, warnings = _read_plan(plan_path, strict)
    return_paths = _paths(returns)
    require_paths(return_paths)
    with _collector_frozen():
        return _evaluation(plan_path, plan_value, warnings, return_paths,
                           Path(appraisal) if appraisal is not None else None,
                           _reports(previous), prefer=prefer, strict=strict, workers=workers)


def compare(reports: Sequence[Report], *, sensitivity: int | None = None,
            low: Decimal | float | str = Decimal("0.8"), high: Decimal | float | str = Decimal("1.2"),
            bands: Bands | None = None) -> Comparison:
    """Compare score reports of the same units (any order; the latest is the reference), as
    ``dgsp compare`` does, and return the :class:`~dgsp.compare.model.Comparison`.

    ``reports``: report workbooks, their JSON files, or evaluations from :func:`score`.
    ``sensitivity``: re-scoring runs for the rank bands, each weight multiplied by a factor
    drawn uniformly from [``low``, ``high``].
    """
    from dgsp.compare import compare as build
    from dgsp.compare.model import Bands

    return build(_reports(reports), bands=bands or Bands(), sensitivity=sensitivity or None,
                 low=Decimal(str(low)), high=Decimal(str(high)))


def year(reports: Sequence[Report], rule: Literal["mean", "final"] = "mean") -> YearEvaluation:
    """Build the year from its rounds (any order), as ``dgsp year`` does, and return the
    :class:`~dgsp.compare.model.YearEvaluation`. ``reports`` as for :func:`compare`."""
    from dgsp.compare.year import build_year, for_the_year, year_content

    return build_year(_reports(reports, keep=for_the_year, prune=year_content), rule)


def _reports(reports: Sequence[Report], keep=None, prune=None) -> list[ScoreReport]:
    """Each report read (one ReportError listing every file that is not one), or, for an
    evaluation, as its file would read back."""
    from dgsp.compare.read import read_reports, report_of
    from dgsp.model import Evaluation

    if isinstance(reports, (str, PathLike, Evaluation)):
        reports = [reports]
    files = [Path(r) for r in reports if not isinstance(r, Evaluation)]
    read = iter(read_reports(files, keep=keep, prune=prune))
    out = []
    for i, r in enumerate(reports):
        if isinstance(r, Evaluation):
            report = report_of(r, f"<evaluation {i + 1}>", prune)
            out.append(keep(report) if keep else report)
        else:
            out.append(next(read))
    return out


__all__ = ["compare", "score", "year"]
