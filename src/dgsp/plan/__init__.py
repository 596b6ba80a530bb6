"""Before a round: the plan workbook read and written (and the blank plan), Plan → unit templates,
and the Board's appraisal workbook (written pre-filled, read back strictly)."""

from dgsp.plan.appraisal import fill_appraisal, read_appraisal, write_appraisal
from dgsp.plan.templates import (
    FMT_RESULT_PCT,
    HEADER_ROW,
    META_SHEET,
    RESULT_FIELDS,
    SCHEMA,
    build_template,
    fill_template,
    template_filename,
    type_result,
    write_templates,
)
from dgsp.plan.workbook import parse_period, parse_plan, read_plan, write_blank, write_plan

__all__ = [
    "FMT_RESULT_PCT", "HEADER_ROW", "META_SHEET", "RESULT_FIELDS", "SCHEMA",
    "build_template", "fill_appraisal", "fill_template", "parse_period", "parse_plan",
    "read_appraisal",
    "read_plan", "template_filename", "type_result", "write_appraisal", "write_blank",
    "write_plan", "write_templates",
]
