"""dgsp.parallel (the process pool), the progress bar, and worker-count invariance (issue 5).

The issue's required test: `dgsp score --json` and `dgsp check --json` give the same JSON,
byte for byte, with `--workers 1` (this process) and `--workers 2` (a pool of two
processes), on the same returns: 40 units from benchmarks/synth.py, with a duplicate, a
broken file, a return of no plan unit and a missing unit mixed in.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import invoke
from dgsp import parallel

ROOT = Path(__file__).resolve().parents[1]


# ----------------------------------------------------------------------------- parallel.run


def square(x: int) -> int:
    return x * x


def pid_after_nap(x: int) -> int:
    time.sleep(0.02)
    return os.getpid()


def fail_on_57(x: int) -> int:
    if x == 57:
        raise ValueError(f"item {x} is bad")
    return x


_TAG = "parent"


def set_tag(tag: str) -> None:
    global _TAG
    _TAG = tag


def tagged(x: int) -> tuple[str, int]:
    return _TAG, x


@pytest.fixture(autouse=True)
def _no_children_left():
    yield
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_results_in_input_order(workers):
    items = list(range(250))
    assert parallel.run(square, items, workers=workers, chunk=7) == [x * x for x in items]


def test_workers_1_runs_here_and_2_uses_two_processes():
    here = parallel.run(pid_after_nap, range(6), workers=1)
    assert set(here) == {os.getpid()}
    pool = parallel.run(pid_after_nap, range(24), workers=2)
    assert len(set(pool)) == 2 and os.getpid() not in pool


def test_workers_1_never_starts_a_pool(monkeypatch):
    import concurrent.futures

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    assert parallel.run(square, range(500), workers=1) == [x * x for x in range(500)]
    assert parallel.run(square, range(299)) == [x * x for x in range(299)]  # auto: too few


def test_a_worker_exception_propagates():
    with pytest.raises(ValueError, match="item 57 is bad") as raised:
        parallel.run(fail_on_57, range(200), workers=2, chunk=10)
    assert "fail_on_57" in str(raised.value.__cause__)  # the worker's traceback


def test_an_exception_here_stops_the_workers_at_once():
    """A KeyboardInterrupt (or any exception) raised in this process while the workers run:
    the pool is stopped without waiting for the remaining work (~5 s of it)."""
    calls = []

    def interrupt(done: int, total: int) -> None:
        calls.append(done)
        if done:
            raise KeyboardInterrupt

    start = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        parallel.run(pid_after_nap, range(500), workers=2, chunk=2, progress=interrupt)
    assert time.perf_counter() - start < 2
    assert calls[0] == 0 and calls[-1] > 0


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_is_called_here_up_to_the_total(workers):
    seen: list[tuple[int, int]] = []
    parallel.run(square, range(100), workers=workers, chunk=16,
                 progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 100) and seen[-1] == (100, 100)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(seen) >= 3


def test_initializer_runs_in_each_worker_or_here():
    assert parallel.run(tagged, [1, 2], workers=2, initializer=set_tag,
                        initargs=("worker",)) == [("worker", 1), ("worker", 2)]
    assert _TAG == "parent"  # the workers' state is theirs
    assert parallel.run(tagged, [3], workers=1, initializer=set_tag,
                        initargs=("here",)) == [("here", 3)]
    set_tag("parent")


def test_no_items():
    seen = []
    assert parallel.run(square, [], workers=2, progress=lambda *a: seen.append(a)) == []
    assert seen == [(0, 0)]


def test_resolve_workers(monkeypatch):
    monkeypatch.setattr(parallel, "available_cpus", lambda: 4)
    assert parallel.resolve_workers(None, 299) == 1
    assert parallel.resolve_workers(None, 300) == 4
    monkeypatch.setattr(parallel, "available_cpus", lambda: 64)
    assert parallel.resolve_workers(None, 10_000) == parallel.AUTO_MAX_WORKERS
    assert parallel.resolve_workers(2, 5) == 2  # explicit: a pool even for a few items
    assert parallel.resolve_workers(5, 2) == 2  # but no idle processes
    for bad in (0, -1, True, 1.5):
        with pytest.raises(ValueError):
            parallel.resolve_workers(bad, 10)


def test_chunks_are_smaller_for_small_inputs():
    assert parallel._bounds(40, 48, 2) == [(i, min(i + 5, 40)) for i in range(0, 40, 5)]
    bounds = parallel._bounds(3321, 48, 2)
    assert {b - a for a, b in bounds[:-1]} == {48} and bounds[-1][1] == 3321


# ----------------------------------------------------------------------------- progress bar


def test_progress_bar_draws_on_a_terminal_and_is_erased_at_the_end():
    from rich.console import Console

    from dgsp.terminal import ProgressBar

    out = io.StringIO()
    bar = ProgressBar("en", console=Console(file=out, force_terminal=True, width=100),
                      delay=0)
    bar.MIN_REDRAW = 0  # draw on every call
    cb = bar.callback("progress.read")
    cb(0, 10)
    cb(4, 10)
    assert bar._bar is not None
    cb(10, 10)
    assert bar._bar is None
    text = out.getvalue()
    assert "Reading returns" in text and "4/10" in text and "files/s" in text and "left" in text


def test_progress_bar_waits_for_long_runs():
    from rich.console import Console

    from dgsp.terminal import ProgressBar

    out = io.StringIO()
    bar = ProgressBar("vi", console=Console(file=out, force_terminal=True), delay=60)
    cb = bar.callback("progress.read")
    cb(0, 1000), cb(500, 1000), cb(1000, 1000)
    assert out.getvalue() == ""


def test_no_progress_bar_when_quiet_or_not_a_terminal(monkeypatch):
    from dgsp.terminal import progress_bar

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    assert progress_bar("vi").callback("progress.read") is not None
    assert progress_bar("vi", quiet=True).callback("progress.read") is None
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert progress_bar("vi").callback("progress.read") is None


# ----------------------------------------------------------------------------- the CLI


def load_synth():
    name = "dgsp_bench_synth"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "synth.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def workload(tmp_path_factory):
    """40 units' returns, with a copy (DG221), a broken file (DG201), a return of no plan
    unit (its file named ZZZ) and one unit missing (P001)."""
    base = tmp_path_factory.mktemp("workload")
    plan, _, returns = load_synth().write_workload(base, 40, k=6, seed=3)
    shutil.copy(returns / "X001.xlsx", returns / "X001 (2).xlsx")
    shutil.copy(returns / "X002.xlsx", returns / "ZZZ.xlsx")
    (returns / "X003.xlsx").write_bytes(b"not a workbook")
    (returns / "P001.xlsx").unlink()
    return plan, returns


@pytest.fixture
def pools(monkeypatch):
    """The number of processes of every pool parallel.run starts."""
    started: list[int] = []
    real = parallel._run_pool

    def spy(fn, items, bounds, count, *args):
        started.append(count)
        return real(fn, items, bounds, count, *args)

    monkeypatch.setattr(parallel, "_run_pool", spy)
    return started


def test_score_json_is_the_same_with_1_and_2_workers(workload, tmp_path, pools):
    plan, returns = workload
    outputs = []
    for workers in (1, 2):
        result = invoke("score", plan, returns, "--out", tmp_path / f"r{workers}.xlsx",
                        "--no-sheets", "--json", "-", "--workers", workers)
        assert result.exit_code == 1, result.output  # a broken file and a missing unit
        outputs.append(result.stdout)
    # reading the returns (the units are scored in this process, the report is 1 task)
    assert pools == [2]
    assert outputs[0] == outputs[1]
    data = json.loads(outputs[0])
    statuses = [u["status"] for u in data["units"]]
    assert len(statuses) == 40 and statuses.count("scored") == 38
    codes = {p["code"] for p in data["problems"]}
    assert {"DG201", "DG221", "DG219"} <= codes


def test_check_json_is_the_same_with_1_and_2_workers(workload, pools):
    plan, returns = workload
    outputs = []
    for workers in (1, 2):
        result = invoke("check", plan, returns, "--json", "-", "--workers", workers, "-q")
        assert result.exit_code == 1, result.output
        outputs.append(result.stdout)
    assert pools == [2]
    assert outputs[0] == outputs[1]
    data = json.loads(outputs[0])
    assert [p["code"] for p in data["problems"]].count("DG201") == 1


def test_status_takes_workers_and_quiet(workload, pools):
    plan, returns = workload
    result = invoke("status", plan, returns, "--json", "-", "--workers", 2, "--quiet")
    assert result.exit_code == 1, result.output
    assert pools == [2]
    assert json.loads(result.stdout)["total"]["missing"] == 1


def test_workers_must_be_at_least_1(workload):
    plan, returns = workload
    result = invoke("check", plan, returns, "--workers", 0)
    assert result.exit_code == 2
    assert "--workers" in result.stderr


def write_slowly(path: str) -> str:
    """An atomic write that takes a while: its temporary file exists meanwhile."""
    from dgsp.xlsx import replace_atomic

    def write(tmp: str) -> None:
        Path(tmp).write_text("partial")
        time.sleep(0.4)

    replace_atomic(Path(path), write)
    return path


def test_stopped_workers_leave_no_temporary_file(tmp_path):
    """Ctrl-C while workers are writing: the workers are stopped, and their atomic writes
    clean up after themselves (no half-written temporary file is left behind)."""
    def interrupt(done: int, total: int) -> None:
        if done:
            raise KeyboardInterrupt

    paths = [str(tmp_path / f"{i}.txt") for i in range(40)]
    with pytest.raises(KeyboardInterrupt):
        parallel.run(write_slowly, paths, workers=2, chunk=1, progress=interrupt)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left and not [n for n in left if n.endswith(".tmp")], left


def stubborn(seconds: float) -> float:
    """A task that will not be stopped: it catches SystemExit, then goes on for ``seconds``."""
    try:
        time.sleep(0.05)
    except SystemExit:
        time.sleep(seconds)
    return seconds


@pytest.mark.parametrize("seconds", [0, 60])
def test_a_task_that_catches_system_exit_still_ends_its_worker(monkeypatch, seconds):
    """A stopped worker ends when its task does, however the task ends (here it returns),
    or after parallel.GRACE seconds if the task goes on (here for a minute): the pool,
    which waits 10 s for its workers, finds none left."""
    monkeypatch.setattr(parallel, "GRACE", 1)  # the workers are forked after this

    def interrupt(done: int, total: int) -> None:
        if done:
            raise KeyboardInterrupt

    try:
        with pytest.raises(KeyboardInterrupt):
            parallel.run(stubborn, [seconds] * 200, workers=2, chunk=1, progress=interrupt)
        assert multiprocessing.active_children() == []
    finally:
        for process in multiprocessing.active_children():
            process.kill()
            process.join()


DEAF_SECONDS = 1


def deaf_to_the_first_sigterm(path: str) -> str:
    """Item ``first`` returns once another worker runs the other kind of item, which
    ignores SIGTERM for DEAF_SECONDS (as a worker misses a signal that arrives just before
    it blocks), then waits a minute: only another signal stops it in time."""
    folder = Path(path).parent
    if Path(path).name == "first":
        assert wait_for(lambda: (folder / "deaf").exists(), 60)
        return path
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    (folder / "deaf").touch()
    time.sleep(DEAF_SECONDS)
    signal.signal(signal.SIGTERM, previous)
    time.sleep(60)
    return path


def stop_deaf_workers(tmp_path: Path) -> float:
    """Ctrl-C while one worker ignores SIGTERM: the seconds until run() raises, once the
    pool is stopped and no worker is left."""
    def interrupt(done: int, total: int) -> None:
        if done:
            raise KeyboardInterrupt

    paths = [str(tmp_path / "first")] + [str(tmp_path / f"{i}") for i in range(10)]
    start = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            parallel.run(deaf_to_the_first_sigterm, paths, workers=2, chunk=1,
                         progress=interrupt)
        assert (tmp_path / "deaf").exists()  # a worker did miss one
        assert multiprocessing.active_children() == []
        return time.monotonic() - start
    finally:
        for process in multiprocessing.active_children():
            process.kill()
            process.join()


def test_a_worker_that_missed_sigterm_is_sent_it_again(tmp_path, monkeypatch):
    """It is sent another, and ends long before the pool would kill it (here after 60 s)."""
    monkeypatch.setattr(parallel, "STOP_TIMEOUT", 60, raising=False)
    assert stop_deaf_workers(tmp_path) < 30


def test_a_worker_deaf_to_sigterm_is_killed(tmp_path, monkeypatch):
    """One that never listens is killed after parallel.STOP_TIMEOUT seconds (here 1)."""
    monkeypatch.setattr(sys.modules[__name__], "DEAF_SECONDS", 120)
    monkeypatch.setattr(parallel, "STOP_TIMEOUT", 1, raising=False)
    stop_deaf_workers(tmp_path)


# ----------------------------------------------------------------------------- the parent stopped

CHILD = Path(__file__).with_name("parallel_child.py")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def running(pid: int) -> bool:
    """The process exists and is not a zombie (an orphan's zombie waits for a reaper that
    may never come: it no longer runs, holds no memory, and counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def temporary_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@contextlib.contextmanager
def child_run(tmp_path: Path, mode: str):
    """tests/parallel_child.py running, once both its workers have started and a write is
    under way (``deaf``: both workers ignore SIGTERM): yields (the parent's Popen, the
    workers' pids, the output folder). Its
    output goes to files (``out.txt``, ``err.txt``), not pipes, which the workers would
    hold open. Whatever the test finds, nothing it started outlives it."""
    out, pids = tmp_path / "out", tmp_path / "pids"
    out.mkdir()
    pids.mkdir()
    with open(tmp_path / "out.txt", "w") as stdout, open(tmp_path / "err.txt", "w") as stderr:
        proc = subprocess.Popen([sys.executable, str(CHILD), mode, str(out), str(pids)],
                                stdout=stdout, stderr=stderr)
    workers: list[int] = []
    try:
        def ready() -> bool:
            if mode == "deaf":
                return len(list(out.glob("*.deaf"))) == 2
            return len(list(pids.iterdir())) == 2 and bool(temporary_files(out))

        started = wait_for(lambda: ready() or proc.poll() is not None, 60)
        assert started and proc.poll() is None, (tmp_path / "err.txt").read_text()
        workers = sorted(int(p.name) for p in pids.iterdir())
        yield proc, workers, out
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        for pid in workers:
            if running(pid):
                os.kill(pid, signal.SIGKILL)


@linux_only
def test_sigterm_to_the_parent_is_handled_as_ctrl_c(tmp_path):
    """SIGTERM to a parallel run inside interrupt_on_sigterm(): a KeyboardInterrupt in the
    parent, which stops the workers; their atomic writes remove their temporary files."""
    with child_run(tmp_path, "sigterm") as (proc, workers, out):
        assert all(running(pid) for pid in workers)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 130, (tmp_path / "err.txt").read_text()
        assert (tmp_path / "out.txt").read_text() == "interrupted\n"
        assert not [pid for pid in workers if running(pid)]
        assert not temporary_files(out)  # there was one when the signal was sent


@linux_only
@pytest.mark.parametrize("mode", ["kill", "watchdog", "deaf"])
def test_workers_end_when_the_parent_is_killed(tmp_path, mode):
    """kill -9 of the parent (nothing in it runs any more): its workers end within seconds,
    by the signal Linux sends them when their parent dies, or (``watchdog``: as where that
    does not exist) by noticing it themselves; either way their writes clean up. A worker
    that missed the signal (``deaf``) is sent it again by its watching thread."""
    with child_run(tmp_path, mode) as (proc, workers, out):
        proc.kill()
        proc.wait(timeout=30)
        assert wait_for(lambda: not any(running(pid) for pid in workers), 10), \
            [pid for pid in workers if running(pid)]
        assert not temporary_files(out)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks")
@pytest.mark.parametrize("death_signal", [True, False])
def test_a_worker_whose_parent_died_before_it_started_watching_ends(monkeypatch,
                                                                     death_signal):
    """The parent may die between the fork and the worker's request for a signal on its
    death (which then never comes): the worker compares its parent with the one recorded
    before the fork, and ends at once."""
    if not death_signal:
        monkeypatch.setattr(parallel, "_ask_for_death_signal", lambda signum: False)
    not_the_parent = os.getpid() + 4_194_304  # above any pid Linux gives
    process = multiprocessing.get_context("fork").Process(target=parallel._guard_parent,
                                                          args=(not_the_parent,))
    process.start()
    process.join(timeout=30)
    assert process.exitcode not in (None, 0)


def test_interrupt_on_sigterm_raises_keyboard_interrupt_and_restores_the_handler():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt):
        with parallel.interrupt_on_sigterm():
            assert signal.getsignal(signal.SIGTERM) is not before
            signal.raise_signal(signal.SIGTERM)
            time.sleep(5)  # not reached: the handler raises first
    assert signal.getsignal(signal.SIGTERM) is before
    with parallel.interrupt_on_sigterm():
        pass
    assert signal.getsignal(signal.SIGTERM) is before


def test_interrupt_on_sigterm_outside_the_main_thread_changes_nothing():
    before = signal.getsignal(signal.SIGTERM)
    seen = []

    def in_thread() -> None:
        with parallel.interrupt_on_sigterm():
            seen.append(signal.getsignal(signal.SIGTERM))

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join()
    assert seen == [before]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="forks")
def test_ctrl_c_while_the_workers_start_leaves_none_behind(monkeypatch):
    """Ctrl-C just as a worker has been started, before the pool has recorded it: the pool
    would not know to stop that worker, and this process would wait for it forever when it
    exits. The signal waits until every worker is started and recorded."""
    fork = multiprocessing.get_context("fork")

    class InterruptedProcess(type(fork).Process):
        def start(self) -> None:
            super().start()
            signal.raise_signal(signal.SIGINT)  # Ctrl-C, at the worst moment

    class InterruptedContext(type(fork)):
        Process = InterruptedProcess

    monkeypatch.setattr(parallel, "_context", InterruptedContext)
    try:
        with pytest.raises(KeyboardInterrupt):
            parallel.run(square, range(100), workers=2)
        assert multiprocessing.active_children() == []
    finally:
        for process in multiprocessing.active_children():
            process.kill()
            process.join()


def test_progress_is_called_after_each_chunk_even_when_all_end_at_once(monkeypatch):
    """However the chunks' endings are batched, each is reported (here they all end before
    the parent looks: a loaded machine does this), so the count only ever grows by a chunk."""
    import concurrent.futures as cf

    real_wait = cf.wait
    monkeypatch.setattr(cf, "wait", lambda fs, return_when=None: real_wait(
        fs, return_when=cf.ALL_COMPLETED))
    seen: list[int] = []
    parallel.run(square, range(100), workers=2, chunk=16,
                 progress=lambda done, total: seen.append(done))
    sizes = [b - a for a, b in zip(seen, seen[1:], strict=False)]
    assert seen[0] == 0 and seen[-1] == 100 and len(seen) > 3
    assert all(0 < s <= 16 for s in sizes)
