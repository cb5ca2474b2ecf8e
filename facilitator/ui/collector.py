"""Python's cycle collector, held off while the app draws its first screen.

Starting the app makes a few hundred thousand objects (Textual's and facilitator's modules,
the stylesheet, the first screen's widgets) that live as long as the process. Each full
collection walks all of them, and several fall due while Textual is imported and the first
screen is built: about 40–50 ms of a start-up of 400, 10–15 ms of it in the imports
(measured with ``gc.callbacks``). So the collector is held off from the command's start
(``cli.main``, before a screen's imports) until its first screen has been drawn; a command
that opens no screen lets it go at once. Then, the first time
in a process, what exists is frozen (``gc.freeze``: never walked again, as CPython's
documentation suggests for a process's long-lived start-up state) and collection resumes,
so later full collections walk only what the meeting makes afterwards.

Only the first start in a process freezes: a test runs many apps in one process, and
freezing again would keep each earlier app's leftovers for good.
"""

from __future__ import annotations

import gc

_state = {"held": False, "frozen": False}


def hold() -> None:
    """Hold collection off until :func:`release` (when the first screen is drawn)."""
    if gc.isenabled():
        gc.disable()
        _state["held"] = True


def release(*, freeze: bool = True) -> None:
    """Let collection resume, if :func:`hold` stopped it; freeze (once a process) only when
    a first screen has been drawn, not for a command that opens none."""
    if not _state["held"]:
        return
    _state["held"] = False
    if freeze and not _state["frozen"]:
        _state["frozen"] = True
        gc.freeze()
    gc.enable()
