"""During a round: returned workbooks → Return values, the round's completeness, and feedback copies."""

from dgsp.intake.feedback import UNREADABLE_CODES, open_copy, unreadable, write_feedback
from dgsp.intake.returns import (
    IDENTITY_CODES,
    MAX_RESULT,
    Intake,
    gather,
    list_return_files,
    read_return,
    require_paths,
    unit_from_filename,
)
from dgsp.intake.status import (
    Completeness,
    State,
    Tally,
    UnitCompleteness,
    check_json,
    completeness,
    status_json,
)

__all__ = [
    "IDENTITY_CODES", "MAX_RESULT", "UNREADABLE_CODES", "Completeness", "Intake", "State",
    "Tally", "UnitCompleteness", "check_json", "completeness", "gather", "list_return_files",
    "open_copy", "read_return", "require_paths", "status_json", "unit_from_filename",
    "unreadable", "write_feedback",
]
