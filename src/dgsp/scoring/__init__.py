"""The rules, pure: ratio, points, score; grades, conditions, quota and rank. No workbook code
is imported here."""

from dgsp.scoring.evaluate import evaluate, grade_counts, group_seats, province_totals
from dgsp.scoring.rules import (
    apply_conditions,
    competition_ranks,
    general_points,
    grade_before_quota,
    grade_by_rules,
    is_achieved,
    is_exceeded,
    is_late,
    keep_excellent,
    points,
    quota_reason,
    quota_seats,
    ratio,
    result_for,
    round_half_up,
    score,
    task_points,
    tied_at_last_seat,
    to_decimal,
    valid_criterion_score,
)

__all__ = [
    "apply_conditions", "competition_ranks", "evaluate", "general_points", "grade_before_quota",
    "grade_counts",
    "grade_by_rules", "group_seats", "is_achieved", "is_exceeded", "is_late", "keep_excellent",
    "points", "province_totals", "quota_reason", "quota_seats", "ratio", "result_for",
    "round_half_up", "score", "task_points", "tied_at_last_seat", "to_decimal",
    "valid_criterion_score",
]
