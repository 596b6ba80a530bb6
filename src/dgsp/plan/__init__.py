"""Before a round: the plan workbook read and written (and the blank plan), and Plan → unit templates."""

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
from dgsp.plan.workbook import parse_plan, read_plan, write_blank, write_plan

__all__ = [
    "FMT_RESULT_PCT", "HEADER_ROW", "META_SHEET", "RESULT_FIELDS", "SCHEMA",
    "build_template", "fill_template", "parse_plan", "read_plan", "template_filename",
    "type_result", "write_blank", "write_plan", "write_templates",
]
