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
stops the workers and re-raises ``KeyboardInterrupt``. An exception raised by
``fn`` in a worker is re-raised here (with the worker's traceback as its
``__cause__``), after the pool is stopped. No thread exists in this process
before the workers are forked (the pool's own manager thread starts after).
"""

from __future__ import annotations

import gc
import math
import os
import sys
from collections.abc import Callable, Sequence
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
    pool = ProcessPoolExecutor(max_workers=count, mp_context=_context(),
                               initializer=_start_worker,
                               initargs=(fn, items, initializer, initargs))
    results: list[list | None] = [None] * len(bounds)
    # Objects that exist now are left out of the cyclic collector's scans (here and in the
    # forked workers, where a full scan would write to every inherited object and so copy
    # the whole heap page by page).
    gc.freeze()
    try:
        futures = {pool.submit(_run_chunk, start, stop): i
                   for i, (start, stop) in enumerate(bounds)}
        pending, done_items = set(futures), 0
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=futures.__getitem__):
                i = futures[future]
                results[i] = future.result()  # re-raises a worker's exception here
                done_items += bounds[i][1] - bounds[i][0]
            if progress is not None:
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

    ``shutdown`` forgets the pool's processes and thread, so they are taken first
    (``terminate_workers`` does this from Python 3.14; before, they are private).
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=10)
    if manager is not None:
        manager.join(timeout=10)


# ----------------------------------------------------------------------------- in a worker

_job: tuple[Callable, Sequence] | None = None


def _start_worker(fn: Callable, items: Sequence, initializer: Callable | None,
                  initargs: tuple) -> None:
    import signal

    global _job
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, _exit_cleanly)  # when it stops us: clean up, then go
    _job = (fn, items)
    if initializer is not None:
        initializer(*initargs)


_task_running = False
_stopping = False


def _exit_cleanly(signum: int, frame: object) -> None:
    """SIGTERM from :func:`_stop`. During a task: raise SystemExit, so that the task's
    ``finally`` and ``except BaseException`` run (an atomic write removes its temporary file),
    then :func:`_run_chunk` ends the process. Between tasks: end it now. Either way by
    ``os._exit``: a normal exit would wait on the pool's queues, which nobody reads any more.
    Once only: the pool may signal again, and that must not cut the cleanup short."""
    import signal

    global _stopping
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _stopping = True
    if not _task_running:
        os._exit(128 + signum)
    raise SystemExit(128 + signum)


def _run_chunk(start: int, stop: int) -> list:
    assert _job is not None, "dgsp.parallel: a task ran outside a worker started by run()"
    global _task_running
    fn, items = _job
    _task_running = True
    try:
        return [fn(items[i]) for i in range(start, stop)]
    except SystemExit:
        if _stopping:
            os._exit(1)  # the task has cleaned up (see _exit_cleanly)
        raise
    finally:
        _task_running = False


__all__ = ["run", "call", "resolve_workers", "available_cpus", "Progress", "AUTO_MIN_ITEMS",
           "AUTO_MAX_WORKERS", "CHUNK"]
