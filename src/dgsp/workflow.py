"""The commands as library functions: each reads its inputs, runs the loop, writes its outputs.

``cli.py`` parses arguments, calls one of these and renders what it returns.
These functions never print; they raise :class:`~dgsp.problems.DgspError`
subclasses for anything that stops them (a bad plan, an existing output).
Outputs are checked before anything is written, so a refused run writes
nothing, and each file is written atomically.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dgsp import __version__
from dgsp.model import Evaluation, Plan, Problem, Source, Status, file_sha256
from dgsp.problems import OutputError


def check_outputs(paths: Sequence[Path], force: bool) -> None:
    """Refuse, before writing anything, to overwrite any existing output without ``force``."""
    if force:
        return
    existing = [p for p in paths if p.exists() and not (p.is_dir() and not any(p.iterdir()))]
    if existing:
        raise OutputError([Problem("DG301", {"path": str(p)}) for p in existing])


def _writable_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(Problem("DG302", {"path": str(path), "reason": exc.strerror or str(exc)})) from None


# ----------------------------------------------------------------------------- init


def init_workspace(directory: Path, blank: bool = False, lang: str = "vi",
                   force: bool = False) -> Path:
    """Create a workspace holding a plan: the bundled example, or the blank plan."""
    from dgsp import example, plan as plan_io

    target = directory / "plan.xlsx"
    check_outputs([target], force)
    _writable_dir(directory)
    if blank:
        plan_io.write_blank(target, lang)
    else:
        plan_io.write_plan(target, example.example_plan(), lang)
    return target


# ----------------------------------------------------------------------------- assign


@dataclass
class Assigned:
    plan: Plan
    files: list[Path]
    warnings: list[Problem]


def assign(plan_path: Path, out_dir: Path, lang: str = "vi", force: bool = False) -> Assigned:
    """Read the plan and write one template per unit into ``out_dir``."""
    from dgsp.plan import read_plan
    from dgsp.templates import write_templates

    plan, warnings = read_plan(plan_path)
    _writable_dir(out_dir)
    files = write_templates(plan, out_dir, lang=lang, force=force)
    return Assigned(plan=plan, files=files, warnings=warnings)


# ----------------------------------------------------------------------------- score


@dataclass
class Scored:
    evaluation: Evaluation
    report: Path
    sheets: list[Path] = field(default_factory=list)
    json_path: Path | None = None
    json_text: str = ""  # set when JSON goes to standard output


def sheets_dir(report: Path) -> Path:
    """Where the per-unit evaluation sheets go: ``<REPORT stem>-phieu/`` beside the report."""
    return report.with_name(f"{report.stem}-phieu")


def score(
    plan_path: Path,
    return_paths: Sequence[Path],
    report: Path,
    json_out: str | None = None,
    unit_sheets: bool = True,
    lang: str = "vi",
    force: bool = False,
) -> Scored:
    """Validate and score the returns, and write the report, sheets and JSON."""
    from dgsp.intake import gather, require_paths
    from dgsp.plan import read_plan
    from dgsp.report import dump_json, write_report, write_unit_sheets
    from dgsp.scoring import evaluate

    plan, plan_warnings = read_plan(plan_path)
    require_paths(return_paths)
    json_path = Path(json_out) if json_out and json_out != "-" else None
    outputs = [report] + ([sheets_dir(report)] if unit_sheets else []) + \
        ([json_path] if json_path else [])
    check_outputs(outputs, force)
    for parent in {p.parent for p in outputs}:
        _writable_dir(parent)

    intake = gather(plan, return_paths)
    ev = evaluate(
        plan,
        intake.by_unit,
        problems=[*plan_warnings, *intake.problems, *_orphan_problems(intake)],
        sources=_sources(plan_path, intake, plan),
        dgsp_version=__version__,
    )
    ev = ev.model_copy(update={"sources": _with_status(ev)})

    write_report(ev, report, lang)
    result = Scored(evaluation=ev, report=report)
    if unit_sheets:
        result.sheets = write_unit_sheets(ev, sheets_dir(report), lang)
    if json_out:
        text = dump_json(ev, lang)
        if json_path:
            from dgsp.xlsx import write_bytes_atomic

            write_bytes_atomic(text.encode("utf-8"), json_path)
            result.json_path = json_path
        else:
            result.json_text = text
    return result


def _orphan_problems(intake) -> list[Problem]:
    """Problems of returns that are not any plan unit's chosen return."""
    chosen = {id(r) for r in intake.by_unit.values()}
    out: list[Problem] = []
    for r in intake.returns:
        if id(r) not in chosen and r.unit not in intake.by_unit:
            out.extend(r.problems)
    return out


def _sources(plan_path: Path, intake, plan: Plan) -> list[Source]:
    sources = [Source(kind="plan", file=str(plan_path), sha256=file_sha256(plan_path))]
    sources += [Source(kind="return", file=r.file, sha256=r.sha256, unit=r.unit)
                for r in intake.returns]
    return sources


def _with_status(ev: Evaluation) -> tuple[Source, ...]:
    """Each return's status: that of its unit when it is the unit's return, else why not."""
    by_unit = {u.unit.code: u for u in ev.units}
    out = []
    for s in ev.sources:
        if s.kind == "return":
            u = by_unit.get(s.unit)
            if u is None:
                status = Status.REJECTED.value
            elif u.file == s.file:
                status = u.status.value
            else:
                status = "duplicate"
            s = s.model_copy(update={"status": status})
        out.append(s)
    return tuple(out)


# ----------------------------------------------------------------------------- demo


@dataclass
class Demo:
    directory: Path
    plan: Path
    templates: list[Path]
    returns: list[Path]
    scored: Scored


def demo(directory: Path, lang: str = "vi", force: bool = False) -> Demo:
    """The whole loop on the bundled Vĩnh Phúc 2021 example, in one folder."""
    from dgsp import example

    if directory.exists() and any(directory.iterdir()) and not force:
        raise OutputError(Problem("DG301", {"path": str(directory)}))
    if force:
        for sub in ("templates", "returns", "report-phieu"):
            shutil.rmtree(directory / sub, ignore_errors=True)
    plan_path = init_workspace(directory, lang=lang, force=True)
    assigned = assign(plan_path, directory / "templates", lang=lang, force=True)
    returns = example.fill_returns(assigned.plan, directory / "templates", directory / "returns")
    scored = score(plan_path, [directory / "returns"], directory / "report.xlsx",
                   json_out=str(directory / "report.json"), lang=lang, force=True)
    return Demo(directory=directory, plan=plan_path, templates=assigned.files, returns=returns,
                scored=scored)
