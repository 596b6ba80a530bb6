"""One small process pool: map a function over items in chunks, results in input order.

:func:`run` is the only entry point. It reads many files, or writes many
workbooks, on every core when there are enough of them to pay for starting
processes, and in this process otherwise, so a small run starts instantly.
The results are the same, in the same order, whatever the number of workers.

How the work reaches the workers. ``fn`` and the whole ``items`` sequence go to
each worker once, when it starts: under the ``fork`` start method (used on
Linux) they are inherited and never pickled, so ``fn`` may carry large
read-only data (``functools.partial(read_one, plan)``); under ``spawn``
(Windows, macOS) they are pickled once per worker, so ``fn`` must then be a
module-level function or a ``partial`` of one. Each task names only a range of
indexes; each result is pickled back once.

Workers ignore Ctrl-C: the parent receives it, cancels what has not started,
stops the workers and re-raises ``KeyboardInterrupt``. Inside
:func:`interrupt_on_sigterm`, SIGTERM does the same. An exception raised by
``fn`` in a worker is re-raised here (with the worker's traceback as its
``__cause__``), after the pool is stopped. No thread exists in this process
before the workers are forked (the pool's own manager thread starts after).

Workers do not outlive this process, however it ends (``kill -9`` included):
on Linux the kernel sends each worker SIGTERM when its parent dies
(``PR_SET_PDEATHSIG``), and a thread in each worker watches for it too (the
only watch elsewhere). A worker stopped either way, or by :func:`run`, ends
its current task by ``SystemExit``, so that an atomic write removes its
temporary file.
"""

from __future__ import annotations

import contextlib
import gc
import math
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

AUTO_MIN_ITEMS = 300
"""With ``workers=None``, fewer items than this run in this process (no pool to start)."""

AUTO_MAX_WORKERS = 8
"""With ``workers=None``, at most this many processes, however many cores there are."""

CHUNK = 48
"""Items per task, at most: few enough round trips that pickling stays cheap."""

CHUNKS_PER_WORKER = 4
"""Chunks are made smaller for small inputs so that each worker gets about this many."""

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called in this process as chunks complete (``done`` rises to
``total``)."""


def call(task: Callable[[], R]) -> R:
    """``task()``: with ``run(call, tasks)``, different kinds of work share one pool."""
    return task()


@contextlib.contextmanager
def interrupt_on_sigterm() -> Iterator[None]:
    """Within the block, SIGTERM raises ``KeyboardInterrupt`` in the main thread, as Ctrl-C
    does: a parallel run stops its workers, atomic writes remove their temporary files, and
    the caller handles both signals in one place. The previous handler is restored after.

    Outside the main thread, or where signals cannot be handled, it changes nothing."""
    import threading

    if not hasattr(signal, "SIGTERM") or threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        previous = signal.signal(signal.SIGTERM, _interrupt)
    except (ValueError, OSError):  # not the main interpreter, or not allowed here
        yield
        return
    try:
        yield
    finally:
        # None: a handler not set from Python, which cannot be put back; the default it is.
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def resolve_workers(workers: int | None, n_items: int) -> int:
    """How many processes :func:`run` uses for ``n_items`` items (1: none, this process).

    ``None`` is automatic: 1 below :data:`AUTO_MIN_ITEMS` items or on one CPU,
    else one per CPU up to :data:`AUTO_MAX_WORKERS`. An explicit number is
    used as given (2 processes for 2, even for a few items), but never more
    processes than items. Raises ValueError for a number below 1.
    """
    if workers is None:
        if n_items < AUTO_MIN_ITEMS:
            return 1
        workers = min(available_cpus(), AUTO_MAX_WORKERS)
    elif isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number of at least 1, not {workers!r}")
    return max(1, min(workers, n_items))


def _bounds(n: int, chunk: int, workers: int) -> list[tuple[int, int]]:
    """(start, stop) of each chunk: at most ``chunk`` items, and smaller for small inputs
    so that every worker has several chunks to take (the load stays balanced)."""
    size = max(1, min(chunk, math.ceil(n / (workers * CHUNKS_PER_WORKER))))
    return [(start, min(start + size, n)) for start in range(0, n, size)]


def run(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    workers: int | None = None,
    chunk: int = CHUNK,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple = (),
    progress: Progress | None = None,
) -> list[R]:
    """``[fn(item) for item in items]``, over ``workers`` processes; the results in input order.

    ``workers``: ``None`` chooses (see :func:`resolve_workers`); 1 runs in this
    process and never starts a pool. ``chunk``: the most items per task.
    ``initializer(*initargs)`` runs once in each worker before its first task
    (in this process, once, when it runs alone). ``progress(done, total)`` is
    called in this process: once with 0 before any work, then after each chunk.
    """
    items = items if isinstance(items, Sequence) else list(items)
    n = len(items)
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk!r}")
    count = resolve_workers(workers, n)
    if progress is not None:
        progress(0, n)
    if n == 0:
        return []
    if count == 1:
        return _run_here(fn, items, chunk, initializer, initargs, progress)
    return _run_pool(fn, items, _bounds(n, chunk, count), count, initializer, initargs, progress)


def _run_here(fn, items, chunk, initializer, initargs, progress) -> list:
    if initializer is not None:
        initializer(*initargs)
    if progress is None:
        return [fn(item) for item in items]
    out: list = []
    for start in range(0, len(items), chunk):
        out.extend(fn(item) for item in items[start:start + chunk])
        progress(len(out), len(items))
    return out


def _context():
    """``fork`` on Linux (cheap to start; the parent's data are inherited), else the default."""
    import multiprocessing

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _run_pool(fn, items, bounds, count, initializer, initargs, progress) -> list:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    for stream in (sys.stdout, sys.stderr):  # a forked child must not write out our buffers again
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    context = _context()
    # The workers' parent, as they will see it: this process, except under forkserver
    # (which _context never picks), where a worker takes the one it finds when it starts.
    parent = None if context.get_start_method() == "forkserver" else os.getpid()
    pool = ProcessPoolExecutor(max_workers=count, mp_context=context,
                               initializer=_start_worker,
                               initargs=(fn, items, initializer, initargs, parent))
    results: list[list | None] = [None] * len(bounds)
    # Objects that exist now are left out of the cyclic collector's scans (here and in the
    # forked workers, where a full scan would write to every inherited object and so copy
    # the whole heap page by page).
    gc.freeze()
    try:
        # The workers start at the first submit. Ctrl-C or SIGTERM meanwhile would raise
        # between a worker's start and the pool's record of it (a worker nobody stops,
        # which this process then waits for at exit, forever), or inside an at-fork hook
        # (which swallows it), or in a worker not yet running its own handlers. So both
        # are held until the workers are all started and recorded; the workers, which
        # inherit the mask, release it once their handlers are in place.
        with stop_signals_held():
            futures = {pool.submit(_run_chunk, start, stop): i
                       for i, (start, stop) in enumerate(bounds)}
        pending, done_items = set(futures), 0
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=futures.__getitem__):
                i = futures[future]
                results[i] = future.result()  # re-raises a worker's exception here
                done_items += bounds[i][1] - bounds[i][0]
                if progress is not None:  # after each chunk, however many ended at once
                    progress(done_items, len(items))
    except BaseException:
        _stop(pool)
        raise
    finally:
        gc.unfreeze()
    pool.shutdown(wait=True)
    return [r for chunk_results in results for r in chunk_results]  # type: ignore[union-attr]


def _stop(pool) -> None:
    """Cancel the tasks not started, stop the workers now (not after their current chunk),
    and wait for them and the pool's manager thread to end.

    Each worker is sent SIGTERM, and again every :data:`RESEND` seconds while it lives:
    a signal that arrives just before a worker blocks (between a lock's try and its wait)
    is caught but never acted on, because Python runs its handler only between bytecodes;
    the next one interrupts the wait. A worker still alive after :data:`STOP_TIMEOUT`
    seconds is killed.

    ``shutdown`` forgets the pool's processes and thread, so they are taken first
    (``terminate_workers`` does this from Python 3.14; before, they are private).
    """
    import time

    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + STOP_TIMEOUT
    alive = [process for process in processes if process.is_alive()]
    while alive and time.monotonic() < deadline:
        for process in alive:
            process.terminate()
        alive[0].join(timeout=RESEND)
        alive = [process for process in alive if process.is_alive()]
    for process in alive:
        process.kill()
    for process in processes:
        process.join(timeout=STOP_TIMEOUT)
    if manager is not None:
        manager.join(timeout=STOP_TIMEOUT)


RESEND = 0.25
"""Seconds between the SIGTERMs :func:`_stop` sends a worker that has not ended yet."""

STOP_TIMEOUT = 10
"""Seconds :func:`_stop` gives the workers before it kills them (more than :data:`GRACE`)."""


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def stop_signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM held in this thread (and in processes it starts) until the block
    ends, when they are delivered. Where signal masks do not exist, nothing is held."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# ----------------------------------------------------------------------------- in a worker

_job: tuple[Callable, Sequence] | None = None

WATCH_INTERVAL = 0.5
"""Seconds between a worker's looks at its parent (see :func:`_guard_parent`)."""

GRACE = 5
"""Seconds a stopped worker has to clean up (its current task ending by SystemExit)."""


def _start_worker(fn: Callable, items: Sequence, initializer: Callable | None,
                  initargs: tuple, parent: int | None) -> None:
    global _job
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, _exit_cleanly)  # when it stops us: clean up, then go
    if hasattr(signal, "pthread_sigmask"):  # held by the parent while it started us
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _guard_parent(parent)
    _job = (fn, items)
    if initializer is not None:
        initializer(*initargs)


def _guard_parent(parent: int | None) -> None:
    """Make this worker end when ``parent`` (its parent's pid, taken before the fork; None:
    the one it has now) dies. On Linux the kernel sends SIGTERM at once. A watching thread
    backs it up, and stands in for it elsewhere: that signal may be lost (see :func:`_stop`),
    and it is sent once. If the parent is already gone, there is nothing to watch: end now."""
    if parent is None:
        parent = os.getppid()
    _ask_for_death_signal(signal.SIGTERM)
    _watch_parent(parent)
    # The parent may have died before the request above (the kernel would then never send
    # the signal): the worker was then given another parent, and sees it here.
    if os.getppid() != parent:
        os._exit(128 + signal.SIGTERM)


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _ask_for_death_signal(signum: int) -> bool:
    """Ask Linux to send ``signum`` to this process when its parent dies (prctl); False where
    that cannot be asked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
        prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
        prctl.restype = ctypes.c_int
        return prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except Exception:  # no ctypes, no libc, no prctl in it: the watching thread will do
        return False


def _watch_parent(parent: int) -> None:
    """Start a daemon thread that stops this worker, as SIGTERM would, once its parent is no
    longer ``parent`` (it looks every :data:`WATCH_INTERVAL` seconds)."""
    import threading

    threading.Thread(target=_watch, args=(parent,), name="dgsp-watch-parent",
                     daemon=True).start()


def _watch(parent: int) -> None:
    import threading
    import time

    if hasattr(signal, "pthread_sigmask"):  # signals to the process are the main thread's
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL)
    # SIGTERM to the main thread, whose handler ends the task by SystemExit so that it
    # cleans up; again while it lives (one may be lost, see _stop); then end it anyway.
    deadline = time.monotonic() + GRACE
    while time.monotonic() < deadline:
        try:
            signal.pthread_kill(threading.main_thread().ident, signal.SIGTERM)
        except (AttributeError, OSError):  # no pthread_kill (Windows)
            break
        time.sleep(WATCH_INTERVAL)
    os._exit(128 + signal.SIGTERM)


_task_running = False
_stopping = False


def _exit_cleanly(signum: int, frame: object) -> None:
    """SIGTERM from :func:`_stop`, or because the parent died. During a task: raise
    SystemExit, so that the task's ``finally`` and ``except BaseException`` run (an atomic
    write removes its temporary file), then :func:`_run_chunk` ends the process, however the
    task ended; if the task does not end within :data:`GRACE` seconds, SIGALRM does (where it
    exists). Between tasks: end it now. Either way by ``os._exit``: a normal exit would wait
    on the pool's queues, which nobody reads any more. Once only: the pool may signal again,
    and that must not cut the cleanup short."""
    global _stopping
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _stopping = True
    if not _task_running:
        os._exit(128 + signum)
    if hasattr(signal, "alarm"):
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # its default: end the process
        signal.alarm(GRACE)
    raise SystemExit(128 + signum)


def _run_chunk(start: int, stop: int) -> list:
    assert _job is not None, "dgsp.parallel: a task ran outside a worker started by run()"
    global _task_running
    fn, items = _job
    try:
        _task_running = True  # inside the try: a SystemExit from here on meets the finally
        return [fn(items[i]) for i in range(start, stop)]
    finally:
        _task_running = False
        if _stopping:  # the task has cleaned up (see _exit_cleanly), or caught SystemExit
            os._exit(1)


__all__ = ["run", "call", "interrupt_on_sigterm", "resolve_workers", "available_cpus",
           "Progress", "AUTO_MIN_ITEMS", "AUTO_MAX_WORKERS", "CHUNK"]
