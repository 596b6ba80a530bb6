"""Writing outputs so that no input, no other output and no other run is ever harmed.

Every command that writes goes through three steps (``workflow`` sequences them):

1. :func:`refuse_clashes`, before anything is read or written, whatever ``--force`` says:
   an output that is an input (DG304), an output inside an input folder, or an input
   folder inside an output folder (DG305), two outputs of one run on one path (DG306);
2. :func:`locked`: an exclusive lock file beside each output (``.<name>.dgsp-lock``,
   created with ``O_EXCL``), so two runs on the same outputs cannot mix them (DG307);
   a lock left by a run that died (its process is gone) is taken over;
3. :class:`Staging`: every output is written complete into a hidden folder beside its
   final place, then moved in by a rename. Without ``--force`` the move never replaces
   a file that appeared meanwhile (a hard link, which fails if the name exists). What
   failed to be written is never moved in: each output is complete or absent.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from dgsp.model import Problem
from dgsp.problems import OutputError, unwritable

LOCK_SUFFIX = ".dgsp-lock"
STAGE_PREFIX = ".dgsp-stage-"


@dataclass(frozen=True)
class Output:
    """One output of a run: its path, the option that named it (for messages), and whether
    it is a folder of files (the evaluation sheets, the templates, the feedback copies)."""

    path: Path
    option: str
    folder: bool = False


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def refuse_clashes(outputs: Sequence[Output], inputs: Sequence[Path]) -> None:
    """Raise :class:`OutputError` (DG304, DG305, DG306) before anything is written."""
    problems: list[Problem] = []
    real_inputs = [(p, _real(p)) for p in inputs]
    for out in outputs:
        target = _real(out.path)
        for given, real in real_inputs:
            if target == real and not real.is_dir():
                problems.append(Problem("DG304", {"path": str(out.path)}, file=str(out.path)))
            elif (real.is_dir() and _within(target, real)) or (out.folder and _within(real, target)):
                problems.append(Problem("DG305", {"path": str(out.path), "input": str(given)},
                                        file=str(out.path)))
    for i, a in enumerate(outputs):
        for b in outputs[i + 1:]:
            ra, rb = _real(a.path), _real(b.path)
            if ra == rb or (a.folder and _within(rb, ra)) or (b.folder and _within(ra, rb)):
                problems.append(Problem("DG306", {"path": str(b.path), "first": a.option,
                                                  "second": b.option}, file=str(b.path)))
    if problems:
        raise OutputError(problems)


def lock_path(path: Path) -> Path:
    return Path(path).with_name(f".{Path(path).name}{LOCK_SUFFIX}")


@contextlib.contextmanager
def locked(outputs: Sequence[Output]) -> Iterator[None]:
    """Hold an exclusive lock on each output for the duration of the block."""
    taken: list[Path] = []
    try:
        for out in sorted(outputs, key=lambda o: str(o.path)):
            lock = lock_path(out.path)
            _take(lock, out.path)
            taken.append(lock)
        yield
    finally:
        for lock in taken:
            lock.unlink(missing_ok=True)


def _take(lock: Path, output: Path) -> None:
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            if _alive(lock):
                raise OutputError(Problem("DG307", {"path": str(output), "lock": str(lock)},
                                          file=str(output))) from None
            lock.unlink(missing_ok=True)  # left by a run that died: take it over
            continue
        except OSError as exc:
            raise OutputError(unwritable(output.parent, exc)) from None
        with os.fdopen(fd, "w") as fh:
            fh.write(str(os.getpid()))
        return
    raise OutputError(Problem("DG307", {"path": str(output), "lock": str(lock)},
                              file=str(output)))


def _alive(lock: Path) -> bool:
    """The run that holds ``lock`` is still running (on this machine)."""
    try:
        pid = int(lock.read_text().strip() or "0")
    except (OSError, ValueError):
        return True  # being written just now, or unreadable: not ours to remove
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Staging:
    """Outputs written into hidden folders beside their final places, then moved in.

    ``stage(final)`` is the path to write ``final`` at now; :meth:`commit` moves the
    files written into place; leaving the block removes whatever is left staged.
    """

    def __init__(self, force: bool):
        self.force = force
        self._stages: dict[Path, Path] = {}  # anchor folder → its stage folder
        self._staged: dict[Path, Path] = {}  # final → staged

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        for stage in self._stages.values():
            shutil.rmtree(stage, ignore_errors=True)

    def stage(self, final: Path) -> Path:
        final = Path(final)
        anchor = final.parent
        while not anchor.exists() and anchor != anchor.parent:
            anchor = anchor.parent
        folder = self._stages.get(anchor)
        if folder is None:
            try:
                folder = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=anchor))
            except OSError as exc:
                raise OutputError(unwritable(final, exc)) from None
            self._stages[anchor] = folder
        staged = folder / final.relative_to(anchor)
        staged.parent.mkdir(parents=True, exist_ok=True)
        self._staged[final] = staged
        return staged

    def commit(self, finals: Sequence[Path]) -> list[Path]:
        """Move the staged ``finals`` into place, in order; return them.

        A staged folder's files go into the final folder (other files there are left
        alone). Without ``force``, first refuse (DG301, nothing moved) if any file would be
        replaced, then move each without ever replacing one (a name taken meanwhile is
        DG301 too).
        """
        finals = [Path(f) for f in finals]
        moves = [pair for f in finals for pair in _files(self._staged[f], f)]
        if not self.force:
            existing = [f for _, f in moves if f.exists()]
            if existing:
                raise OutputError([Problem("DG301", {"path": str(f)}) for f in existing])
        for staged, final in moves:
            try:
                final.parent.mkdir(parents=True, exist_ok=True)
                _move(staged, final, self.force)
            except FileExistsError:
                raise OutputError(Problem("DG301", {"path": str(final)})) from None
            except OSError as exc:
                raise OutputError(unwritable(final, exc)) from None
        return finals


def _files(staged: Path, final: Path) -> list[tuple[Path, Path]]:
    """(staged file, final file) pairs: one, or one per file of a staged folder."""
    if not staged.is_dir():
        return [(staged, final)]
    return [pair for child in sorted(staged.iterdir()) for pair in _files(child, final / child.name)]


def _move(staged: Path, final: Path, replace: bool) -> None:
    """Rename a staged file into place; without ``replace``, never over an existing file."""
    if replace:
        os.replace(staged, final)
        return
    try:
        os.link(staged, final)  # fails if final exists: never replaces
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some network shares): check, then rename
        if final.exists():
            raise FileExistsError(str(final)) from None
        os.replace(staged, final)
        return
    staged.unlink()
