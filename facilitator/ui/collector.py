"""Python's cycle collector, kept from stalling the screen.

Starting the app makes a few hundred thousand objects (Textual's and facilitator's modules,
the stylesheet, the first screen's widgets) that live as long as the process. Each full
collection walks all of them, and several fall due while Textual is imported and the first
screen is built: about 40–50 ms of a start-up of 400, 10–15 ms of it in the imports
(measured with ``gc.callbacks``). So the collector is held off from the command's start
(``cli.main``, before a screen's imports) until its first screen has been drawn; a command
that opens no screen lets it go at once. Then, the first time in a process, what exists is
frozen (``gc.freeze``: never walked again, as CPython's documentation suggests for a
process's long-lived start-up state) and collection resumes.

Only the first start in a process freezes: a test runs many apps in one process, and
freezing again would keep each earlier app's leftovers for good. What a later screen makes
(a meeting opened from home) is not frozen, and a full collection walking it took 20–50 ms
on the event loop, at whatever moment it fell due: in the middle of a line being saved or
a screen being opened (``benchmarks/bench_archive.py --stall-size``). So while the app runs,
the young generations are collected as usual but the full collections wait for a moment
when nobody is typing: :func:`collect_if_due`, which the app asks every second, makes one
once ``threshold2`` collections of the middle generation have been made since the last (as
CPython counts; CPython also waits until the objects moved to the oldest generation are a
quarter of those it kept, which is not asked here, so a pause may bring one sooner than
CPython would have), when there has been no input for ``IDLE`` seconds, or after
``LONGEST`` seconds however busy the room. The app's end gives CPython its own rule back.
CPython 3.14 collects the old generation a piece at a time, with other thresholds: there
its own rule is left alone.
"""

from __future__ import annotations

import gc
import sys
import time

IDLE = 2.0  # seconds with no key, click or paste: a pause then is not seen
LONGEST = 300.0  # a full collection waits no longer than this, typing or not
NEVER = 2**30  # as the full collections' threshold: CPython makes none of its own

_state = {"held": False, "frozen": False}
_deferred: dict[str, float] = {}  # threshold2: CPython's own; middle: its count then; at


def hold() -> None:
    """Hold collection off until :func:`release` (when the first screen is drawn)."""
    if gc.isenabled():
        gc.disable()
        _state["held"] = True


def release(*, freeze: bool = True) -> None:
    """Let collection resume, if :func:`hold` stopped it. With ``freeze`` (the app's first
    screen is drawn): freeze what exists (once a process) and leave the full collections
    to :func:`collect_if_due`; without (a command that opens no screen), neither."""
    if not _state["held"]:
        return
    _state["held"] = False
    if freeze:
        if not _state["frozen"]:
            _state["frozen"] = True
            gc.freeze()
        defer_full()
    gc.enable()


def defer_full() -> None:
    """Full collections from now on only through :func:`collect_if_due` (not on CPython
    3.14 or later, whose collector works otherwise)."""
    if _deferred or sys.version_info >= (3, 14):
        return
    # what an app before this one in the process left (a test process runs many; a
    # benchmark, several) is collected now, before it would weigh on the first pause's
    # collection (100 ms after a benchmark's first app): in a process's first app
    # everything is frozen just before, and there is nothing to walk
    gc.collect()
    young, middle, full = gc.get_threshold()
    _deferred.update(threshold2=full, middle=_middle(), at=time.monotonic())
    gc.set_threshold(young, middle, NEVER)


def collect_if_due(input_at: float, now: float | None = None) -> bool:
    """Make a full collection once ``threshold2`` collections of the middle generation have
    been made since the last, if nobody has typed for ``IDLE`` seconds (``input_at``: the
    last input, ``time.monotonic``) or it has waited ``LONGEST``."""
    if not _deferred:
        return False
    now = time.monotonic() if now is None else now
    due = _middle() - _deferred["middle"] >= _deferred["threshold2"]
    if not due or (now - input_at < IDLE and now - _deferred["at"] < LONGEST):
        return False
    gc.collect()
    _deferred.update(middle=_middle(), at=time.monotonic())
    return True


def restore() -> None:
    """CPython's own rule for full collections again (the app has ended)."""
    if not _deferred:
        return
    young, middle, _never = gc.get_threshold()
    gc.set_threshold(young, middle, int(_deferred["threshold2"]))
    _deferred.clear()


def _middle() -> int:
    """How many collections of the middle generation there have been in this process."""
    return int(gc.get_stats()[1]["collections"])
