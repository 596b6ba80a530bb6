"""The rules, pure: ratio, points, score; grades, quota and rank. No workbook code is imported here."""

from dgsp.scoring.rules import (
    competition_ranks,
    evaluate,
    grade_before_quota,
    group_seats,
    is_achieved,
    is_exceeded,
    keep_excellent,
    points,
    province_totals,
    quota_seats,
    ratio,
    result_for,
    round_half_up,
    score,
    to_decimal,
)

__all__ = [
    "competition_ranks", "evaluate", "grade_before_quota", "group_seats", "is_achieved",
    "is_exceeded", "keep_excellent", "points", "province_totals", "quota_seats", "ratio",
    "result_for", "round_half_up", "score", "to_decimal",
]
