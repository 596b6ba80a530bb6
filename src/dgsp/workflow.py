"""The commands as library functions: each reads its inputs, runs the loop, writes its outputs.

``cli.py`` parses arguments, calls one of these and renders what it returns.
These functions never print; they raise :class:`~dgsp.problems.DgspError`
subclasses for anything that stops them (a bad plan, an existing output).
Outputs are checked before anything is written, so a refused run writes
nothing, and each file is written atomically.
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from dgsp import __version__
from dgsp.compare import Bands, Comparison, ScoreReport, read_reports
from dgsp.model import Evaluation, Period, Plan, Problem, Source, Status, file_sha256
from dgsp.problems import DgspError, OutputError, unwritable
from dgsp.report import json_text

if TYPE_CHECKING:
    from dgsp.intake import Completeness, Intake
    from dgsp.parallel import Progress


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
        raise OutputError(unwritable(path, exc)) from None



def _json_path(json_out: str | None) -> Path | None:
    """``--json FILE``: the file to write, or None for none or ``-`` (standard output)."""
    return Path(json_out) if json_out and json_out != "-" else None


def _emit_json(data: dict, json_out: str | None, force: bool) -> tuple[Path | None, str]:
    """Write JSON to ``--json FILE`` (locked, staged, moved in; see :mod:`dgsp.outputs`), or
    hand its text back for standard output."""
    from dgsp.outputs import Output, Staging, locked

    path = _json_path(json_out)
    if path is None:
        return None, json_text(data) if json_out == "-" else ""
    with locked([Output(path, "--json")]), Staging(force) as stage:
        problem = _attempt(_write_json, path, data, stage.stage(path))
        if problem is not None:
            raise OutputError(problem)
        stage.commit([path])
    return path, ""


def _refuse(outputs, plan_path: Path, return_paths: Sequence[Path], force: bool) -> None:
    """Every check of the outputs before anything is read: none is an input or inside an
    input folder, none collides with another (even with --force), none exists (without)."""
    from dgsp.outputs import refuse_clashes

    refuse_clashes(outputs, [plan_path, *return_paths])
    check_outputs([o.path for o in outputs], force)
    for parent in dict.fromkeys(o.path.parent for o in outputs):
        _writable_dir(parent)


def _gather(plan: Plan, return_paths: Sequence[Path], prefer: str | None, strict: bool = False,
            workers: int | None = None, progress: Progress | None = None) -> Intake:
    """Read the returns (see :func:`dgsp.intake.gather`)."""
    from dgsp.intake import gather

    return gather(plan, return_paths, prefer=prefer, strict=strict, workers=workers,
                  progress=progress)


# ----------------------------------------------------------------------------- init


def init_workspace(directory: Path, blank: bool = False, lang: str = "vi",
                   force: bool = False, year: int | None = None,
                   period: Period = Period.YEAR) -> Path:
    """Create a workspace holding a plan: the bundled example (of ``year``, default its
    first year, 2021, and of ``period``, default the year's own round), or the blank plan.

    An existing ``plan.xlsx`` is the input of every later command of the round: it is
    never overwritten, even with ``force`` (DG309).
    """
    from dgsp import example
    from dgsp.plan import workbook as plan_io

    target = directory / "plan.xlsx"
    if target.exists():
        raise OutputError(Problem("DG309", {"path": str(target)}, file=str(target)))
    check_outputs([target], force)
    _writable_dir(directory)
    if blank:
        plan_io.write_blank(target, lang)
    else:
        plan_io.write_plan(target, example.example_plan(year or example.FIRST_YEAR, period), lang)
    return target


# ----------------------------------------------------------------------------- assign


@dataclass
class Assigned:
    plan: Plan
    files: list[Path]
    warnings: list[Problem]


def assign(plan_path: Path, out_dir: Path, lang: str = "vi", force: bool = False,
           workers: int | None = None, progress: Progress | None = None) -> Assigned:
    """Read the plan and write one template per unit into ``out_dir``.

    ``workers``: processes writing them (None: chosen by the number of units; see
    :func:`dgsp.parallel.run`); ``progress(done, total)`` is called as they are written.
    """
    from dgsp.outputs import Output, Staging, locked, refuse_clashes
    from dgsp.plan import read_plan, template_filename, write_templates

    plan, warnings = read_plan(plan_path)
    out_dir = Path(out_dir)
    finals = [out_dir / template_filename(u.code) for u in plan.units]
    refuse_clashes([Output(p, "--out") for p in finals], [plan_path])
    check_outputs(finals, force)
    _writable_dir(out_dir)
    with locked([Output(out_dir, "--out")]), Staging(force) as stage:
        staged = write_templates(plan, stage.stage(out_dir), lang=lang, force=force,
                                 workers=workers, progress=progress)
        stage.commit([out_dir])
    files = [out_dir / p.name for p in staged]
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
    prefer: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    write_progress: Progress | None = None,
    strict: bool = False,
    appraisal_path: Path | None = None,
    previous: Sequence[Path] = (),
) -> Scored:
    """Validate and score the returns, and write the report, sheets and JSON.

    ``appraisal_path``: the Board's appraisal workbook (``dgsp appraisal``): its verified
    results, general-criteria scores and conditions are applied. It must be free of errors
    (AppraisalError otherwise: it is never applied in part); its warnings are reported.
    ``previous``: the score reports (or their JSON) of this year's earlier quarters, for a
    quarter's progress to date against its annual targets (CompareError when one is not).

    ``prefer="newest"``: of two different returns for one unit, keep the newest
    (with a warning) instead of rejecting the unit. ``workers``: processes reading
    the returns and writing the outputs (None: chosen by their number; see
    :func:`dgsp.parallel.run`); ``progress(done, total)`` is called as returns are
    read, ``write_progress`` as the outputs are written. The report, the JSON file
    and the evaluation sheets are written side by side, in one pool.
    """
    from dgsp import parallel
    from dgsp.intake import require_paths
    from dgsp.outputs import Output, Staging, locked
    from dgsp.report import to_json, unit_sheet_tasks, write_report

    plan, plan_warnings = _read_plan(plan_path, strict)
    require_paths(return_paths)
    json_path = _json_path(json_out)
    outputs = [Output(report, "--out")]
    if unit_sheets:
        outputs.append(Output(sheets_dir(report), sheets_dir(report).name + "/", folder=True))
    if json_path:
        outputs.append(Output(json_path, "--json"))
    inputs = [*return_paths, *([appraisal_path] if appraisal_path else []), *previous]
    _refuse(outputs, plan_path, inputs, force)

    with locked(outputs), Staging(force) as stage, _collector_frozen():
        ev = _evaluation(plan_path, plan, plan_warnings, return_paths, appraisal_path,
                         read_reports(previous), prefer=prefer, strict=strict, workers=workers,
                         progress=progress)
        data = to_json(ev, lang)
        gc.freeze()  # nor the evaluation and its JSON, while the writers build their parts
        staged = {o.path: stage.stage(o.path) for o in outputs}
        tasks: list[Callable[[], object]] = [
            partial(_attempt, write_report, report, ev, staged[report], lang, data=data)]
        if json_path:
            tasks.append(partial(_attempt, _write_json, json_path, data, staged[json_path]))
        first_sheet = len(tasks)
        if unit_sheets:
            tasks += [partial(_attempt, parallel.call, sheets_dir(report), task)
                      for task in unit_sheet_tasks(ev, staged[sheets_dir(report)], lang)]
        done = parallel.run(parallel.call, tasks, workers=workers, progress=write_progress)
        failed = [p for p in done if isinstance(p, Problem)]
        complete = [o.path for o in outputs
                    if not any(p.params.get("output") == str(o.path) for p in failed)]
        written = stage.commit(complete)
        if failed:
            missing = [o.path for o in outputs if o.path not in written]
            raise OutputError([*dict.fromkeys(failed), Problem("DG308", {
                "written": ", ".join(map(str, written)) or "—",
                "missing": ", ".join(map(str, missing))})])
    sheets = [sheets_dir(report) / p.name for p in done[first_sheet:]] if unit_sheets else []
    result = Scored(evaluation=ev, report=report, sheets=sheets, json_path=json_path)
    if json_out == "-":
        result.json_text = json_text(data)
    return result


def _evaluation(plan_path: Path, plan: Plan, plan_warnings: Sequence[Problem],
                return_paths: Sequence[Path], appraisal_path: Path | None = None,
                previous: Sequence[ScoreReport] = (), *, prefer: str | None = None,
                strict: bool = False, workers: int | None = None,
                progress: Progress | None = None) -> Evaluation:
    """Read the appraisal, the earlier rounds and the returns, and score them: what ``score``
    writes, and :func:`dgsp.api.score` returns. Call it within :func:`_collector_frozen`."""
    from dgsp.scoring import evaluate

    appraisal = _read_appraisal(appraisal_path, plan, strict) if appraisal_path else None
    earlier, to_date_problems = _earlier_rounds(plan, plan_path, previous)
    gc.freeze()  # what is live now (the plan, the modules) is never garbage: not rescanned
    intake = _gather(plan, return_paths, prefer, strict, workers, progress)
    gc.freeze()  # nor the returns as read, while the results are built
    ev = evaluate(
        plan,
        intake.by_unit,
        problems=[*plan_warnings, *(appraisal.problems if appraisal else ()),
                  *intake.problems, *_orphan_problems(intake), *to_date_problems],
        sources=_sources(plan_path, intake, plan, appraisal),
        dgsp_version=__version__,
        workers=workers,
        appraisal=appraisal,
    )
    ev = ev.model_copy(update={"sources": _with_status(ev)})
    if earlier is not None:
        from dgsp.scoring.to_date import year_to_date

        ev = ev.model_copy(update={"to_date": tuple(year_to_date(plan, ev.units, earlier))})
    return ev  # the returns as read go with this frame: never copied into the writers


@contextmanager
def _collector_frozen() -> Iterator[None]:
    """Undoes, at its end, the ``gc.freeze()`` calls within: in bulk phases the collector
    need not rescan what was live before them (−8% of a national ``score``), and a process
    that scores again (the tests, a notebook) still collects what this run left behind."""
    try:
        yield
    finally:
        gc.unfreeze()


def _attempt(write: Callable[..., object], output: Path, *args, **kwargs) -> object:
    """``write(*args)``, or the DG302 problem of ``output`` when the file system refuses
    (a full disk, no permission): one output's failure is reported, never "unexpected"."""
    try:
        return write(*args, **kwargs)
    except OSError as exc:
        problem = unwritable(output, exc)
        return Problem(problem.code, {**problem.params, "output": str(output)},
                       file=problem.file)


def _write_json(data: dict, path: Path) -> None:
    from dgsp.report import write_json

    write_json(data, path)


def _read_plan(plan_path: Path, strict: bool):
    """The plan and its warnings; with ``strict``, a warning is an error (PlanError)."""
    from dgsp.intake import require_paths
    from dgsp.plan import read_plan
    from dgsp.problems import PlanError

    require_paths([plan_path])  # not there: DG303 (check the path), not "save it as .xlsx"
    plan, warnings = read_plan(plan_path)
    if strict and warnings:
        raise PlanError([p.escalated() for p in warnings])
    return plan, warnings


def _orphan_problems(intake) -> list[Problem]:
    """Problems of returns that are not any plan unit's chosen return."""
    chosen = {id(r) for r in intake.by_unit.values()}
    out: list[Problem] = []
    for r in intake.returns:
        if id(r) not in chosen and r.unit not in intake.by_unit:
            out.extend(r.problems)
    return out


def _earlier_rounds(plan: Plan, plan_path: Path, reports: Sequence[ScoreReport]
                   ) -> tuple[dict | None, list[Problem]]:
    """The year's earlier rounds (``--previous``), checked: (unit, indicator) → their
    results, oldest first; none to add for the first quarter. None (no year to date) for a
    round without annual targets, or for a later quarter given none, which is warned (DG435)."""
    from dgsp.compare.rounds import earlier_results
    from dgsp.scoring.year import QUARTERS

    if reports:
        return earlier_results(plan, reports, str(plan_path)), []
    if plan.period is Period.YEAR or all(t.annual is None for t in plan.targets):
        return None, []
    before = QUARTERS[:QUARTERS.index(plan.period)]
    if not before:
        return {}, []
    return None, [Problem("DG435", {"period": plan.period.value,
                                    "earlier": ", ".join(q.value for q in before)},
                          file=str(plan_path))]


def _read_appraisal(path: Path, plan: Plan, strict: bool = False):
    """The appraisal workbook, read; AppraisalError when it has any error (with ``strict``,
    any warning)."""
    from dgsp.plan import read_appraisal
    from dgsp.problems import AppraisalError

    appraisal = read_appraisal(path, plan)
    problems = [p.escalated() for p in appraisal.problems] if strict else appraisal.problems
    if any(p.is_error for p in problems):
        raise AppraisalError(problems)
    return appraisal


def _sources(plan_path: Path, intake, plan: Plan, appraisal=None) -> list[Source]:
    sources = [Source(kind="plan", file=str(plan_path), sha256=file_sha256(plan_path))]
    if appraisal is not None:
        sources.append(Source(kind="appraisal", file=appraisal.file, sha256=appraisal.sha256))
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


# ----------------------------------------------------------------------------- appraisal


@dataclass
class Appraised:
    """What ``dgsp appraisal`` wrote: the Board's workbook, pre-filled."""

    plan: Plan
    path: Path
    carried: list[str]  # the units whose reported values and self-scores it carries
    problems: list[Problem]  # the plan's warnings, and the problems of the returns read


def appraisal(plan_path: Path, return_paths: Sequence[Path], out: Path, lang: str = "vi",
              force: bool = False, prefer: str | None = None, workers: int | None = None,
              progress: Progress | None = None) -> Appraised:
    """Write the appraisal workbook for the plan, pre-filled with every unit and official;
    with returns, it carries the reported values and self-scores of each valid one beside the
    empty appraisal cells (a return with errors is not carried, and its problems are listed).
    """
    from dgsp.intake import require_paths
    from dgsp.outputs import Output, Staging, locked
    from dgsp.plan import read_plan, write_appraisal

    plan, warnings = read_plan(plan_path)
    if return_paths:
        require_paths(return_paths)
    outputs = [Output(Path(out), "--out")]
    _refuse(outputs, plan_path, return_paths, force)
    problems = list(warnings)
    with locked(outputs), Staging(force) as stage:
        valid = {}
        if return_paths:
            intake = _gather(plan, return_paths, prefer, workers=workers, progress=progress)
            valid = {code: r for code, r in intake.by_unit.items() if r.ok}
            problems += [*intake.problems, *_orphan_problems(intake)]
            problems += [p for r in intake.by_unit.values() for p in r.problems]
        problem = _attempt(write_appraisal, Path(out), plan, stage.stage(Path(out)), valid, lang)
        if isinstance(problem, Problem):
            raise OutputError(problem)
        stage.commit([Path(out)])
    return Appraised(plan=plan, path=Path(out), problems=problems,
                     carried=[u.code for u in plan.units if u.code in valid])


# ----------------------------------------------------------------------------- status


@dataclass
class Surveyed:
    """What ``dgsp status`` found: where every unit stands."""

    completeness: Completeness
    plan_warnings: list[Problem] = field(default_factory=list)
    json_path: Path | None = None
    json_text: str = ""  # set when JSON goes to standard output
    out: Path | None = None  # the reminder list (--out)


def status(
    plan_path: Path,
    return_paths: Sequence[Path],
    json_out: str | None = None,
    lang: str = "vi",
    force: bool = False,
    prefer: str | None = None,
    today: date | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    out: Path | None = None,
) -> Surveyed:
    """Read the returns and tell, for every plan unit, whether its return is usable.

    ``today`` (default: the system's date) counts the days to the deadline;
    ``workers`` and ``progress`` are those of :func:`score`. With ``out``, write the reminder
    list (the units still owing a valid return, what is wrong, how to send it again) there.
    """
    from dgsp.intake import completeness, require_paths, status_json
    from dgsp.outputs import Output, Staging, locked

    plan, plan_warnings = _read_plan(plan_path, strict)
    require_paths(return_paths)
    json_path = _json_path(json_out)
    outputs = [*([Output(json_path, "--json")] if json_path else []),
               *([Output(Path(out), "--out")] if out else [])]
    _refuse(outputs, plan_path, return_paths, force)
    c = completeness(plan, _gather(plan, return_paths, prefer, strict, workers, progress),
                     today or date.today())
    result = Surveyed(completeness=c, plan_warnings=plan_warnings)
    if out:
        from dgsp.report.status import write_status

        listed = [Output(Path(out), "--out")]
        with locked(listed), Staging(force) as stage:
            problem = _attempt(write_status, Path(out), c, stage.stage(Path(out)), lang)
            if isinstance(problem, Problem):
                raise OutputError(problem)
            stage.commit([Path(out)])
        result.out = Path(out)
    if json_out:
        data = status_json(c, str(plan_path), file_sha256(plan_path), __version__)
        result.json_path, result.json_text = _emit_json(data, json_out, force)
    return result


# ----------------------------------------------------------------------------- check


@dataclass
class Checked:
    """What ``dgsp check`` found and wrote."""

    completeness: Completeness
    plan_warnings: list[Problem] = field(default_factory=list)
    feedback: list[Path] = field(default_factory=list)  # annotated copies written
    no_copy: list[tuple[str, str]] = field(default_factory=list)  # (file, why not)
    json_path: Path | None = None
    json_text: str = ""  # set when JSON goes to standard output

    @property
    def problems(self) -> list[Problem]:
        """The plan's warnings, then every unit's, every unmatched file's, and the rest."""
        return [*self.plan_warnings, *self.completeness.problems]

    @property
    def clean(self) -> bool:
        """Every unit has a valid return and nothing is in error (warnings allowed)."""
        return self.completeness.complete and not any(p.is_error for p in self.problems)


@dataclass(frozen=True)
class _Copy:
    source: Path
    out: Path
    problems: tuple[Problem, ...]
    unit_code: str


def check(
    plan_path: Path,
    return_paths: Sequence[Path],
    feedback_dir: Path | None = None,
    json_out: str | None = None,
    lang: str = "vi",
    force: bool = False,
    prefer: str | None = None,
    today: date | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    strict: bool = False,
) -> Checked:
    """The dry run: validate the returns without scoring them.

    With ``feedback_dir``, write an annotated copy of every return that has
    problems (same file name) into it; the returns themselves are only read.
    Every output is checked before anything is written. ``workers`` and
    ``progress`` are those of :func:`score`.
    """
    from dgsp.intake import check_json, completeness, require_paths, unreadable
    from dgsp.outputs import Output

    plan, plan_warnings = _read_plan(plan_path, strict)
    require_paths(return_paths)
    if feedback_dir is not None:
        _outside_returns(Path(feedback_dir), return_paths)
    json_path = _json_path(json_out)
    _refuse([*([Output(Path(feedback_dir), "--feedback", folder=True)] if feedback_dir else []),
             *([Output(json_path, "--json")] if json_path else [])], plan_path, return_paths,
            True)  # existing copies are refused below, once their names are known
    named = all(Path(p).is_file() for p in return_paths)  # only these files: not the others
    c = completeness(plan, _gather(plan, return_paths, prefer, strict, workers, progress),
                     today or date.today(), named=named)
    result = Checked(completeness=c, plan_warnings=plan_warnings)

    copies: list[_Copy] = []
    if feedback_dir is not None:
        wanted = [(u.file, u.problems, u.unit.code) for u in c.units if u.file and u.problems]
        wanted += [(f.file, f.problems, f.unit) for f in c.unmatched if f.problems]
        taken: set[str] = set()
        for file, found, unit_code in wanted:
            problems = tuple(p for p in found if p.file in ("", file))  # not another file's
            why = unreadable(problems)
            if not problems:
                continue
            if why is not None:
                result.no_copy.append((file, why.message(lang)))
                continue
            out = _unique(Path(feedback_dir), Path(file).name, taken)
            copies.append(_Copy(Path(file), out, problems, unit_code))
    check_outputs([*(cp.out for cp in copies), *([json_path] if json_path else [])], force)
    for parent in dict.fromkeys([*([Path(feedback_dir)] if copies else []),
                                 *([json_path.parent] if json_path else [])]):
        _writable_dir(parent)

    result.feedback, no_copy = _write_copies(copies, plan, lang, today, force)
    result.no_copy += no_copy
    if json_out:
        data = check_json(c, result.problems, str(plan_path), file_sha256(plan_path),
                          __version__, [str(p) for p in result.feedback], lang)
        result.json_path, result.json_text = _emit_json(data, json_out, force)
    return result


def _outside_returns(feedback_dir: Path, return_paths: Sequence[Path]) -> None:
    """Refuse (DG250) a feedback folder inside a returns folder, or beside a return file:
    the copies would be read as returns next time, or overwrite the originals."""
    target = feedback_dir.resolve()
    for given in return_paths:
        root = Path(given).resolve()
        inside = (target == root or root in target.parents) if root.is_dir() \
            else target == root.parent
        if inside:
            raise OutputError(Problem("DG250", {"path": str(feedback_dir),
                                                "returns": str(given)}))


def _unique(folder: Path, name: str, taken: set[str]) -> Path:
    """``folder/name``, or ``name (2)…`` when another copy already has that name (any case)."""
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, n = name, 2
    while candidate.casefold() in taken:
        candidate = f"{stem} ({n}){suffix}"
        n += 1
    taken.add(candidate.casefold())
    return folder / candidate


def _write_copies(copies: Sequence[_Copy], plan: Plan, lang: str, today: date | None,
                  force: bool) -> tuple[list[Path], list[tuple[str, str]]]:
    """Write the annotated copies (staged, then moved in together; see :mod:`dgsp.outputs`)."""
    from dgsp.intake import write_feedback
    from dgsp.outputs import Output, Staging, locked
    from dgsp.xlsx import UnreadableWorkbook

    written: list[Path] = []
    failed: list[tuple[str, str]] = []
    if not copies:
        return written, failed
    with locked([Output(cp.out, "--feedback") for cp in copies]), Staging(force) as stage:
        for cp in copies:
            try:
                write_feedback(cp.source, stage.stage(cp.out), cp.problems, plan,
                               plan.unit(cp.unit_code), lang, today)
                written.append(cp.out)
            except UnreadableWorkbook as exc:
                failed.append((str(cp.source), str(exc)))
            except OSError as exc:
                raise OutputError(unwritable(cp.out, exc)) from None
        stage.commit(written)
    return written, failed


# ----------------------------------------------------------------------------- compare


@dataclass
class Compared:
    """What ``dgsp compare`` built and wrote."""

    comparison: Comparison
    out: Path
    json_path: Path | None = None
    json_text: str = ""  # set when JSON goes to standard output


def parse_pair(text: str, option: str, example: str) -> tuple[Decimal, Decimal]:
    """An option's two numbers, ``0.8,1.2`` or ``80%,120%`` (DG411 otherwise).

    Decimals take a dot, as on any command line; with a semicolon between the
    two (``0,8;1,2``) a decimal comma is read too.
    """
    from decimal import InvalidOperation

    raw = text.strip()
    parts = raw.split(";") if ";" in raw else raw.split(",")
    values: list[Decimal] = []
    for part in parts:
        part = part.strip().replace(",", ".") if ";" in raw else part.strip()
        scale = Decimal(1)
        if part.endswith("%"):
            part, scale = part[:-1].strip(), Decimal(100)
        try:
            value = Decimal(part) / scale
        except InvalidOperation:
            break
        if not value.is_finite():
            break
        values.append(value)
    else:
        if len(values) == 2:
            return values[0], values[1]
    raise DgspError(Problem("DG411", {"option": option, "example": example, "found": text}))


def compare(
    report_paths: Sequence[Path],
    out: Path,
    json_out: str | None = None,
    sensitivity: int | None = None,
    low: Decimal = Decimal("0.8"),
    high: Decimal = Decimal("1.2"),
    bands: Bands | None = None,
    lang: str = "vi",
    force: bool = False,
) -> Compared:
    """Read score reports (workbooks or JSON), compare them, write the workbook and JSON.

    ``sensitivity``: the number of re-scoring runs for rank bands (None or 0: none),
    each weight multiplied by a factor drawn uniformly from [``low``, ``high``].
    Every bad report is listed in one :class:`~dgsp.problems.ReportError`; the
    outputs are checked before anything is written, and never overwrite a report.
    """
    from dgsp.compare import compare as build
    from dgsp.compare import read_reports
    from dgsp.compare.write import to_json, write_compare

    json_path = _json_path(json_out)
    outputs = [Path(out)] + ([json_path] if json_path else [])
    _not_an_input(outputs, report_paths)
    reports = read_reports(report_paths)
    check_outputs(outputs, force)
    for parent in dict.fromkeys(p.parent for p in outputs):
        _writable_dir(parent)
    comparison = build(reports, bands=bands or Bands(), sensitivity=sensitivity or None,
                       low=low, high=high)
    try:
        write_compare(comparison, Path(out), lang)
    except OSError as exc:
        raise OutputError(unwritable(Path(out), exc)) from None
    result = Compared(comparison=comparison, out=Path(out))
    if json_out:
        result.json_path, result.json_text = _emit_json(to_json(comparison, lang), json_out,
                                                        force)
    return result


def _not_an_input(outputs: Sequence[Path], inputs: Sequence[Path]) -> None:
    """Refuse (DG412) an output that is one of the reports being read, even with --force."""
    given = set()
    for p in inputs:
        try:
            given.add(Path(p).resolve())
        except OSError:  # pragma: no cover - an unresolvable path is reported when read
            continue
    clashes = [p for p in outputs if p.resolve() in given]
    if clashes:
        raise OutputError([Problem("DG412", {"path": str(p)}) for p in clashes])


# ----------------------------------------------------------------------------- year


@dataclass
class YearBuilt:
    """What ``dgsp year`` built and wrote."""

    year: object  # dgsp.compare.model.YearEvaluation
    out: Path
    sheets: list[Path] = field(default_factory=list)
    json_path: Path | None = None
    json_text: str = ""


def year(report_paths: Sequence[Path], out: Path, json_out: str | None = None,
         rule: str = "mean", unit_sheets: bool = True, lang: str = "vi",
         force: bool = False) -> YearBuilt:
    """Read the score reports of a year's rounds (in any order), build the year, and write its
    workbook, its year phiếu (``<YEAR stem>-phieu/``) and JSON (``dgsp.year/1``).

    The reports are inputs: never written, and refused as outputs even with ``force``.
    """
    from dgsp.compare import read_reports
    from dgsp.compare.year import build_year, for_the_year, year_content
    from dgsp.outputs import Output, Staging, locked, refuse_clashes
    from dgsp.report.year import write_year, write_year_sheets
    from dgsp.report.year_json import year_json

    json_path = _json_path(json_out)
    outputs = [Output(Path(out), "--out")]
    if unit_sheets:
        outputs.append(Output(sheets_dir(Path(out)), sheets_dir(Path(out)).name + "/",
                              folder=True))
    if json_path:
        outputs.append(Output(json_path, "--json"))
    refuse_clashes(outputs, list(report_paths))
    check_outputs([o.path for o in outputs], force)
    for parent in dict.fromkeys(o.path.parent for o in outputs):
        _writable_dir(parent)
    built = build_year(read_reports(report_paths, keep=for_the_year, prune=year_content), rule)
    data = year_json(built, lang, __version__)
    with locked(outputs), Staging(force) as stage:
        staged = {o.path: stage.stage(o.path) for o in outputs}
        failed = [_attempt(write_year, Path(out), built, staged[Path(out)], lang)]
        sheets: list[Path] = []
        if unit_sheets:
            done = _attempt(write_year_sheets, sheets_dir(Path(out)), built,
                            staged[sheets_dir(Path(out))], lang)
            failed.append(done)
            if isinstance(done, list):
                sheets = [sheets_dir(Path(out)) / p.name for p in done]
        if json_path:
            failed.append(_attempt(_write_json, json_path, data, staged[json_path]))
        problems = [p for p in failed if isinstance(p, Problem)]
        if problems:
            raise OutputError(problems)
        stage.commit([o.path for o in outputs])
    return YearBuilt(year=built, out=Path(out), sheets=sheets, json_path=json_path,
                     json_text=json_text(data) if json_out == "-" else "")


# ----------------------------------------------------------------------------- publish


@dataclass
class Published:
    """What ``dgsp publish`` wrote: one page, from these reports."""

    out: Path  # DIR/index.html
    reports: list = field(default_factory=list)  # ScoreReport, as read, in the order given
    full: bool = False


def publish(report_paths: Sequence[Path], out_dir: Path, lang: str = "vi", full: bool = False,
            force: bool = False) -> Published:
    """Read score reports (workbooks written by ``dgsp score``, or their JSON) and write the
    publication page ``DIR/index.html``: one static file, no JavaScript, nothing fetched
    (:mod:`dgsp.report.publish`; ``full``: the internal version, with scores, ranks, reasons).

    The reports are inputs: never written; DIR may not be one of them nor hold one, even with
    ``force`` (DG304, DG305). Without ``force`` a DIR that exists and is not empty is refused
    (DG301); with it, only ``DIR/index.html`` is replaced and anything else in DIR is left
    alone. No report (DG429) or the same report twice (DG420) is refused.
    """
    from dgsp.compare import read_reports
    from dgsp.outputs import Output, Staging, locked, refuse_clashes
    from dgsp.problems import CompareError
    from dgsp.report.publish import INDEX, write_publish

    out_dir = Path(out_dir)
    outputs = [Output(out_dir, "--out", folder=True)]
    refuse_clashes(outputs, list(report_paths))
    check_outputs([out_dir], force)
    _writable_dir(out_dir.parent)
    reports = read_reports(report_paths)
    if not reports:
        raise CompareError(Problem("DG429", {}))
    for i, a in enumerate(reports):
        for b in reports[i + 1:]:
            if (a.sha256 and a.sha256 == b.sha256) or (
                    a.plan.fingerprint == b.plan.fingerprint and a.plan.period == b.plan.period
                    and a.units == b.units and a.officials == b.officials):
                raise CompareError(Problem("DG420", {"first": a.file, "second": b.file},
                                           file=b.file))
    with locked(outputs), Staging(force) as stage:
        problem = _attempt(write_publish, out_dir, reports, stage.stage(out_dir), lang, full)
        if isinstance(problem, Problem):
            raise OutputError(problem)
        stage.commit([out_dir])
    return Published(out=out_dir / INDEX, reports=reports, full=full)


# ----------------------------------------------------------------------------- demo


@dataclass
class DemoRound:
    """One round of the demo: a year's own round in ``DIR/<year>/``, or one of its quarters in
    ``DIR/<year>/quy-<n>/``."""

    year: int
    period: Period
    directory: Path
    plan: Path
    templates: list[Path]
    returns: list[Path]
    scored: Scored
    appraisal: Path | None = None  # the Board's appraisal workbook, filled (2026)


@dataclass
class DemoYear(DemoRound):
    """One year of the demo, in ``DIR/<year>/``: its own round, and its quarters and the year
    built from them (``dgsp year``) where the example has them (2026)."""

    quarters: list[DemoRound] = field(default_factory=list)
    built: YearBuilt | None = None
    published: Path | None = None  # the publication page of the year's round (2026)


@dataclass
class Demo:
    directory: Path
    years: list[DemoYear]  # oldest first
    compared: Compared

    @property
    def latest(self) -> DemoYear:
        return self.years[-1]


DEMO_SENSITIVITY = 1000  # runs of the demo's rank bands (--sensitivity 1000)
DEMO_PAGE = "cong-khai"  # DIR/<latest year>/cong-khai/index.html: the publication page
_DEMO_SUBFOLDERS = ("templates", "returns")
_DEMO_APPRAISAL = ("tham-dinh-mau.xlsx", "tham-dinh.xlsx")  # as written, as the Board filled it


def period_slug(period: Period) -> str:
    """A quarter in the demo's folder and file names: ``quy-1`` … ``quy-4``."""
    return f"quy-{period.value[1]}"


def demo(directory: Path, lang: str = "vi", force: bool = False,
         sensitivity: int | None = DEMO_SENSITIVITY) -> Demo:
    """The whole loop on the bundled example, for each of its years (2021, the Vĩnh Phúc
    pilot; 2022; and 2026, an illustrative round under Quy định 366 with officials and the
    Board's appraisal), each in ``DIR/<year>/``; 2026's four quarters too, each scored with the
    earlier ones (``--previous``) in ``DIR/2026/quy-<n>/``, the year built from its rounds
    (``DIR/2026/year-2026.xlsx``) and the round's publication page
    (``DIR/2026/cong-khai/index.html``); then the comparison of the years whose units match
    (2021 and 2022) in ``DIR``."""
    from dgsp import example

    if directory.exists() and any(directory.iterdir()) and not force:
        raise OutputError(Problem("DG301", {"path": str(directory)}))
    years: list[DemoYear] = []
    for number in example.YEARS:
        folder = directory / str(number)
        own = _demo_round(folder, number, Period.YEAR, lang, force)
        quarters: list[DemoRound] = []
        for period in example.example_periods(number):
            quarters.append(_demo_round(folder / period_slug(period), number, period, lang,
                                        force, previous=[q.scored.json_path for q in quarters]))
        built = None
        if quarters:
            out = folder / f"year-{number}.xlsx"
            _cleared(force, sheets_dir(out))
            built = year([q.scored.json_path for q in quarters] + [own.scored.json_path], out,
                         json_out=str(out.with_suffix(".json")), lang=lang, force=True)
        page = None
        if number == example.YEARS[-1]:  # the latest round, as the Board would publish it
            page = publish([own.scored.json_path], folder / DEMO_PAGE, lang=lang,
                           force=True).out
        years.append(DemoYear(**vars(own), quarters=quarters, built=built, published=page))
    compared = compare([y.scored.report for y in years if y.year in example.COMPARED],
                       directory / "compare.xlsx",
                       json_out=str(directory / "compare.json"), sensitivity=sensitivity,
                       lang=lang, force=True)
    return Demo(directory=directory, years=years, compared=compared)


def _cleared(force: bool, *paths: Path) -> None:
    """With ``force``, remove what an earlier demo wrote at ``paths`` (files or folders)."""
    if force:
        for path in paths:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)


def _demo_round(folder: Path, year: int, period: Period, lang: str, force: bool,
                previous: Sequence[Path] = ()) -> DemoRound:
    """init, assign, fill, (appraisal,) score: one round of the example in ``folder``. A year's
    report is ``report.xlsx``; a quarter's carries its period, ``report-quy-<n>.xlsx``."""
    from dgsp import example

    stem = "report" if period is Period.YEAR else f"report-{period_slug(period)}"
    report = folder / f"{stem}.xlsx"
    _cleared(force, *(folder / sub for sub in _DEMO_SUBFOLDERS), sheets_dir(report),
             folder / "plan.xlsx", *(folder / name for name in _DEMO_APPRAISAL))
    plan_path = init_workspace(folder, lang=lang, force=True, year=year, period=period)
    assigned = assign(plan_path, folder / "templates", lang=lang, force=True)
    returns = example.fill_returns(assigned.plan, folder / "templates", folder / "returns",
                                   year=year)
    filled = None
    if example.example_appraisal(year, period):
        written = appraisal(plan_path, [folder / "returns"], folder / _DEMO_APPRAISAL[0],
                            lang=lang, force=True).path
        filled = example.fill_appraisal(assigned.plan, written, folder / _DEMO_APPRAISAL[1])
    scored = score(plan_path, [folder / "returns"], report,
                   json_out=str(report.with_suffix(".json")), lang=lang, force=True,
                   appraisal_path=filled, previous=previous)
    return DemoRound(year=year, period=period, directory=folder, plan=plan_path,
                     templates=assigned.files, returns=returns, scored=scored, appraisal=filled)
