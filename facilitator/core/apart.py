"""Long CPU-bound work done by a Python process of its own, for a process that draws a screen.

A worker thread deriving the review index of a large archive for the first time (about two
seconds at 1,000 sessions) holds the GIL most of that time, and the screen's event loop,
wanting it back, waited for it: a screen opened or a key typed meanwhile was drawn up to
twice as late (``benchmarks/bench_archive.py``, the event loop's phases). Run by another
process, the work shares no lock with the screen and uses the machine's other core.

:func:`run` starts ``python -m MODULE ARGS...`` with this interpreter, importing what this
process imports (never a module from the working folder), and waits for it. The
same work asked for again while it runs (home's dashboard, then the tracker opened over it)
waits for the process already at it. A caller that stops waiting (``stop()``) leaves the
process to finish, for the next caller; whatever still runs when this process ends is
stopped then. It never raises for the process: a caller whose work could not be done apart
does it itself.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import select
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator

POLL = 0.05  # seconds between looks at stop() while the process works
GRACE = 2.0  # seconds a process still working when this one ends has to stop

_running: dict[tuple[str, ...], subprocess.Popen[bytes]] = {}
_lock = threading.Lock()
_at_exit: list[object] = []  # _end_all, once registered


def run(module: str, args: list[str], stop: Callable[[], bool] = lambda: False) -> bool:
    """True if ``python -m module *args`` ran to its end with exit status 0; False if it
    could not be started or failed, or if ``stop()`` turned true first (it goes on)."""
    process = _started((module, *args))
    if process is None:
        return False
    with _ending(process) as ended:
        while not ended():
            if stop():
                return False
    with _lock:
        if _running.get((module, *args)) is process:
            del _running[(module, *args)]
    return process.returncode == 0


@contextlib.contextmanager
def _ending(process: subprocess.Popen[bytes]) -> Iterator[Callable[[], bool]]:
    """A call that waits up to ``POLL`` seconds for ``process`` to end and says whether it
    has. Where Linux gives a process a descriptor (``pidfd_open``) it is one blocking wait:
    Popen's own wait with a timeout wakes every few milliseconds to look, and each wake
    took the GIL from the screen."""
    try:
        fd: int | None = os.pidfd_open(process.pid)
    except (AttributeError, OSError):
        fd = None
    waiting = select.poll()  # (select.select refuses a descriptor over 1023)
    if fd is not None:
        waiting.register(fd, select.POLLIN)

    def ended() -> bool:
        if process.poll() is not None:
            return True
        if fd is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=POLL)
        else:
            waiting.poll(POLL * 1000)
        return process.poll() is not None

    try:
        yield ended
    finally:
        if fd is not None:
            os.close(fd)


def _started(key: tuple[str, ...]) -> subprocess.Popen[bytes] | None:
    """The process doing ``key``'s work: the one at it already, or a new one."""
    with _lock:
        for done in [k for k, p in _running.items() if p.poll() is not None]:
            del _running[done]  # ended with nobody waiting: reaped (poll), and let go
        process = _running.get(key)
        if process is not None:
            return process
        try:
            process = subprocess.Popen(
                [sys.executable, "-P", "-m", *key],
                env=_same_imports(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=True,
            )
        except OSError:
            return None
        if not _at_exit:
            _at_exit.append(atexit.register(_end_all))
        _running[key] = process
        return process


def _same_imports() -> dict[str, str]:
    """The environment for a process that imports what this one does. ``python -m`` would
    put the working folder first on its path (where a folder named ``facilitator``, another
    version's, would be imported instead of this one's): ``-P`` leaves it out, and this
    process's path is handed on whole in ``PYTHONPATH`` (its own folder of a checkout run
    without installing included)."""
    path = [entry for entry in sys.path if entry]  # "": the working folder
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path)}


def _end_all() -> None:
    """Stop what still runs (this process is ending)."""
    with _lock:
        processes = list(_running.values())
        _running.clear()
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=GRACE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
