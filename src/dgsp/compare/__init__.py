"""Score reports read back and put side by side (``dgsp compare``).

``read`` reads reports back, ``model`` holds the values, ``build`` compares (pure),
``write`` writes the compare workbook and JSON.
"""

from dgsp.compare.build import compare
from dgsp.compare.model import SCORE_SCHEMA, Bands, Comparison, LeagueRow, ScoreReport
from dgsp.compare.read import read_report, read_reports
from dgsp.compare.write import write_compare

__all__ = [
    "SCORE_SCHEMA", "Bands", "Comparison", "LeagueRow", "ScoreReport", "compare",
    "read_report", "read_reports", "write_compare",
]
