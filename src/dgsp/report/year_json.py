"""The machine-readable year (``dgsp year --json``): schema ``dgsp.year/1``."""

from __future__ import annotations

from decimal import Decimal

from dgsp.compare.model import YearEntity, YearEvaluation
from dgsp.labels import label, reason_text

YEAR_SCHEMA = "dgsp.year/1"


def _score(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 2)


def year_json(year: YearEvaluation, lang: str = "vi", dgsp_version: str = "") -> dict:
    """Every entity's rounds side by side, its annual score, grade, rank, flags and reasons."""
    return {
        "schema": YEAR_SCHEMA,
        "dgsp_version": dgsp_version,
        "year": year.year,
        "title": year.title,
        "rule": year.rule,
        "reports": [{"period": p, "title": r.title, "file": r.file, "sha256": r.sha256,
                     "fingerprint": r.fingerprint}
                    for p, r in zip(year.periods, year.reports, strict=True)],
        "units": [_entity(e, lang) for e in year.units],
        "officials": [_entity(e, lang) for e in year.officials],
    }


def _entity(e: YearEntity, lang: str) -> dict:
    return {
        "code": e.code, "name": e.name, "group": e.group, "official": e.official,
        "unit": e.unit or None,
        "rounds": [{"period": r.period, "status": r.status, "score": _score(r.score),
                    "grade": r.grade, "reason": r.reason or None} for r in e.rounds],
        "annual_score": _score(e.annual_score),
        "grade": e.grade,
        "grade_before_quota": e.grade_before_quota,
        "rank": e.rank,
        "lowered_by_quota": e.lowered_by_quota,
        "excellent_quarters": e.excellent_quarters,
        "flags": [{"code": f, "text": label(f"flag.{f}", lang)} for f in e.flags],
        "reasons": [{"code": r.code, "text": reason_text(r.code, r.params, lang)}
                    for r in e.reasons],
    }
