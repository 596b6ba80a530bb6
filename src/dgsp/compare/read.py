"""Score reports read back for ``dgsp compare``: a report workbook, or its JSON.

``dgsp score`` writes the score JSON (schema ``dgsp.score/1``) twice: to
``--json FILE`` when asked, and always into the report workbook, as text in the
very hidden sheet ``_dgsp`` (see :func:`dgsp.report.embed_json`). Either reads
back here into the same :class:`~dgsp.comparison.ScoreReport`, exactly as it
was computed and whatever language its visible sheets are in: the visible
sheets are never parsed.

A file that is not such a report raises :class:`~dgsp.problems.ReportError`
naming the file and, in a workbook, the cell that gave it away:

- DG303 it does not exist; DG401 it cannot be read (a folder, empty, not a
  zip, encrypted, too large…); DG410 neither a workbook nor JSON;
- DG402 a workbook without the ``_dgsp`` sheet; DG403 another schema (a unit
  template, a ``dgsp check`` result); DG404 a newer ``dgsp.score`` schema;
- DG405–DG407 the embedded copy is incomplete, altered or not JSON;
- DG408 a JSON file that does not parse; DG409 content that does not fit the schema.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from dgsp import xlsx
from dgsp.compare.model import SCORE_SCHEMA, SCORE_SCHEMAS, ScoreReport
from dgsp.model import Evaluation, Problem
from dgsp.problems import ReportError
from dgsp.report import DATA_SHEET
from dgsp.text import clean

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SCHEMA_NAME, _SCHEMA_VERSION = SCORE_SCHEMA.rsplit("/", 1)


def read_report(path: Path, prune: Callable[[object], object] | None = None) -> ScoreReport:
    """Read one score report: a report workbook written by ``dgsp score``, or its ``--json``.

    ``file`` is set to the path as given and ``sha256`` to the file's digest. ``prune``: what
    a command keeps of the content, applied before it is validated (as
    :func:`dgsp.compare.year.year_content`). Raises :class:`~dgsp.problems.ReportError` (one
    problem, naming the file).
    """
    prune = prune or (lambda content: content)
    name = str(path)
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise ReportError(Problem("DG303", {"path": name}))
    try:
        data = xlsx.read_input(path)
    except xlsx.UnreadableWorkbook as exc:
        raise ReportError(Problem("DG401", {"reason": exc.reason or str(exc)},
                                  file=name)) from None
    kind = _sniff(data, path)
    if kind == "json":
        report = _validate(prune(_json_file(data, name)), name)
    elif kind == "xlsx":
        report = _validate(prune(_embedded(path, data, name)), name, sheet=DATA_SHEET,
                           cell="A2")
    else:
        raise ReportError(Problem("DG410", file=name))
    return report.model_copy(update={"file": name, "sha256": hashlib.sha256(data).hexdigest()})


def report_of(ev: Evaluation, name: str = "",
              prune: Callable[[object], object] | None = None) -> ScoreReport:
    """An evaluation as its report would read back (:func:`read_report`): through its JSON, so
    that comparing or building a year from evaluations in hand gives exactly what it gives from
    their files. ``file`` is ``name``; ``sha256`` is the digest of the JSON."""
    from dgsp.report.write import json_bytes, to_json

    data = json_bytes(to_json(ev))
    content = json.loads(data, parse_float=Decimal)
    report = _validate(prune(content) if prune else content, name)
    return report.model_copy(update={"file": name, "sha256": hashlib.sha256(data).hexdigest()})


def read_reports(paths: Sequence[Path],
                 keep: Callable[[ScoreReport], ScoreReport] | None = None,
                 prune: Callable[[object], object] | None = None) -> list[ScoreReport]:
    """Read every report, in the order given; one :class:`~dgsp.problems.ReportError`
    listing the problem of every file that is not a readable report. ``keep`` is applied to
    each report as it is read (what a command keeps of it, so that a national year's reports
    are not all held whole at once), ``prune`` to its content before (:func:`read_report`)."""
    reports: list[ScoreReport] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            report = read_report(path, prune)
            reports.append(keep(report) if keep else report)
        except ReportError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ReportError(problems)
    return reports


# ----------------------------------------------------------------------------- what the file is


def _sniff(data: bytes, path: Path) -> str:
    """``"xlsx"`` (a zip, or an OLE file the preflight will name), ``"json"``, or ``""``."""
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        return "xlsx"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")) or path.suffix.lower() == ".json":
        return "json"
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        return "xlsx"  # the preflight says what is wrong with it
    return ""


def _json_file(data: bytes, name: str) -> dict:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(Problem("DG408", {"line": 1, "column": exc.start + 1,
                                            "reason": "not UTF-8 text"}, file=name)) from None
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ReportError(Problem("DG408", {"line": exc.lineno, "column": exc.colno,
                                            "reason": exc.msg}, file=name)) from None
    except RecursionError:  # absurd nesting
        raise ReportError(Problem("DG408", {"line": 1, "column": 1, "reason": "nested too deep"},
                                  file=name)) from None


def _embedded(path: Path, data: bytes, name: str) -> dict:
    """The score JSON stored in the report's ``_dgsp`` sheet (key row, then text chunks)."""
    try:
        book = xlsx.open_book(path, data=data)
        sheet = book.find(DATA_SHEET)
        if sheet is None:
            raise ReportError(Problem("DG402", file=name))
        grid = book.grid(sheet)
    except xlsx.UnreadableWorkbook as exc:
        raise ReportError(Problem("DG401", {"reason": exc.reason or str(exc)},
                                  file=name)) from None

    def problem(code: str, cell: str, **params: Any) -> ReportError:
        return ReportError(Problem(code, params, file=name, sheet=sheet, cell=cell))

    keys = _key_row(grid)
    schema, schema_cell = keys.get("schema", ("", "B1"))
    _check_schema(schema, lambda code, **p: problem(code, schema_cell, **p))
    count_text, count_cell = keys.get("chunks", ("", "D1"))
    count = _whole(count_text)
    column = [row[0] if row else "" for row in grid[1:]]
    present = {r for r, v in enumerate(column) if isinstance(v, str) and v}
    if count is None:
        raise problem("DG405", count_cell, found=len(present), expected=count_text or "?")
    missing = next((r for r in range(count) if r not in present), None)  # stops by len(column)
    extra = min((r for r in present if r >= count), default=None)
    wrong = [r for r in (missing, extra) if r is not None]
    if wrong:  # the first part missing, or the first one too many (A2 holds the first part)
        raise problem("DG405", f"A{min(wrong) + 2}", found=len(present), expected=count)
    text = "".join(column[:count])
    digest, digest_cell = keys.get("sha256", ("", "F1"))
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest.lower():
        raise problem("DG406", digest_cell)
    try:
        return json.loads(text, parse_float=Decimal)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise problem("DG407", "A2", reason=str(exc)) from None


def _key_row(grid: list[list[Any]]) -> dict[str, tuple[str, str]]:
    """Row 1 of ``_dgsp``: key, value, key, value…  → key → (value as text, its cell)."""
    row = grid[0] if grid else []
    out: dict[str, tuple[str, str]] = {}
    for c in range(0, len(row) - 1, 2):
        key = clean(row[c])
        if key and key not in out:
            out[key] = (clean(row[c + 1]), xlsx.cell_ref(0, c + 1))
    return out


def _whole(text: str) -> int | None:
    """A chunk count as calamine gives it ("3"; a float cell reads back as "3")."""
    try:
        d = Decimal(text)
    except ArithmeticError:
        return None
    return int(d) if d.is_finite() and d == d.to_integral_value() and d >= 0 else None


# ----------------------------------------------------------------------------- schema and content


def _check_schema(schema: object, fail) -> None:
    """Refuse another schema (DG403) or a newer ``dgsp.score`` (DG404)."""
    found = schema if isinstance(schema, str) else ""
    family, _, version = found.rpartition("/")
    if family == _SCHEMA_NAME and version.isdigit() and int(version) > int(_SCHEMA_VERSION):
        raise fail("DG404", found=found, expected=SCORE_SCHEMA)
    if found not in SCORE_SCHEMAS:
        raise fail("DG403", found=found or "—", expected=SCORE_SCHEMA)


def _validate(content: object, name: str, sheet: str = "", cell: str = "") -> ScoreReport:
    from pydantic import ValidationError

    def fail(code: str, **params: Any) -> ReportError:
        return ReportError(Problem(code, params, file=name, sheet=sheet, cell=cell))

    if not isinstance(content, dict):
        raise fail("DG403", found="—", expected=SCORE_SCHEMA)
    _check_schema(content.get("schema"), fail)
    try:
        return ScoreReport.model_validate(content)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "—"
        raise fail("DG409", schema=SCORE_SCHEMA, field=field, reason=first["msg"]) from None


__all__ = ["read_report", "read_reports", "report_of"]
