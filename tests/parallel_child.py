"""A parallel run for tests/test_parallel.py to stop from outside: ``python parallel_child.py
MODE OUT PIDS``.

Two workers write ``OUT/<i>.txt`` slowly through ``dgsp.xlsx.replace_atomic`` (a temporary
file exists while each write is under way). Each worker, when it starts, creates the empty
file ``PIDS/<its pid>``. MODE:

- ``sigterm``: the run is inside ``parallel.interrupt_on_sigterm()``; a KeyboardInterrupt
  prints ``interrupted`` and exits 130 (as ``dgsp`` does on Ctrl-C).
- ``kill``: a plain run, for the test to kill this process with SIGKILL.
- ``watchdog``: as ``kill``, with the workers unable to ask Linux for a signal when their
  parent dies, so that only their own watching thread notices.
- ``deaf``: as ``kill``, but each task ignores SIGTERM for 3 s (while ``OUT/<i>.deaf``
  exists), as a worker misses a signal that arrives just before it blocks, then waits a
  minute: only another signal stops it in time.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path

from dgsp import parallel
from dgsp.xlsx import replace_atomic


def write_slowly(path: str) -> str:
    def write(tmp: str) -> None:
        Path(tmp).write_text("partial")
        time.sleep(0.4)

    replace_atomic(Path(path), write)
    return path


def deaf(path: str) -> str:
    marker = Path(path).with_suffix(".deaf")
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    marker.touch()
    time.sleep(3)
    marker.unlink()
    signal.signal(signal.SIGTERM, previous)
    time.sleep(60)
    return path


def announce(pids: str) -> None:
    Path(pids, str(os.getpid())).touch()


def main() -> int:
    mode, out, pids = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    if mode == "watchdog":
        parallel._ask_for_death_signal = lambda signum: False  # as where prctl does not exist
    guard = parallel.interrupt_on_sigterm() if mode == "sigterm" else contextlib.nullcontext()
    fn = deaf if mode == "deaf" else write_slowly
    paths = [str(out / f"{i}.txt") for i in range(400)]  # about 80 s of work for two workers
    try:
        with guard:
            parallel.run(fn, paths, workers=2, chunk=1, initializer=announce, initargs=(pids,))
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        return 130
    print("finished", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
