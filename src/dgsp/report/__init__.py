"""What people read from ``dgsp score``: the report workbook, the evaluation sheets (phiếu), the JSON."""

from dgsp.report.write import (
    DATA_SHEET,
    JSON_SCHEMA,
    JSON_SCHEMA_2,
    UNSCORED_FILL,
    dump_json,
    json_text,
    plan_json,
    problem_json,
    to_json,
    unit_sheet_tasks,
    write_json,
    write_report,
    write_unit_sheets,
)

__all__ = [
    "DATA_SHEET", "JSON_SCHEMA", "JSON_SCHEMA_2", "UNSCORED_FILL", "dump_json", "json_text", "plan_json",
    "problem_json", "to_json", "unit_sheet_tasks", "write_json", "write_report",
    "write_unit_sheets",
]
