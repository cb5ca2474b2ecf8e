"""End to end: the real app in a pseudo-terminal, killed with SIGKILL at random moments.

Every line the screen showed as saved must be in the session file, and the file must parse.
SIGTERM and SIGHUP end the app cleanly: lock released, terminal restored.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sys
import time
from pathlib import Path

import pytest

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.store import SessionStore
from tests.helpers import agenda
from tests.pty_terminal import Terminal

ROOT = Path(__file__).resolve().parents[2]
RUNS = 50
ALT_SCREEN_OFF = b"\x1b[?1049l"
MOUSE_OFF = b"\x1b[?1000l"


def run_in_terminal(store: SessionStore, session_id: str) -> Terminal:
    return Terminal(
        [sys.executable, "-m", "facilitator", "--data-dir", str(store.root), "run", session_id]
    )


CSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def in_feed(term: Terminal, line: str, after: int, timeout: float = 10.0) -> bool:
    """Whether the feed shows ``line`` as a saved note ("14:04 Note     TEXT") in what the
    terminal was sent after ``after``, its styles and cursor moves taken out."""
    wanted = f"Note     {line}".encode()
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if wanted in CSI.sub(b"", bytes(term.seen[after:])):
            return True
        term.read()
    return False


def exit_code(term: Terminal, timeout: float) -> int | None:
    """The app's exit code once it has ended (None if not within ``timeout``), reading the
    terminal meanwhile as a terminal does: the app's last frame and the terminal given back
    are written as it ends, and a terminal nobody reads fills up and holds the app's writer
    (Textual's driver joins it on exit), so waiting without reading could hang the app."""
    end = time.monotonic() + timeout
    while term.process.poll() is None and time.monotonic() < end:
        term.read(0.05)
    return term.process.poll()


def new_session(tmp_path: Path) -> tuple[SessionStore, str]:
    store = SessionStore(tmp_path / "sessions")
    from datetime import date

    return store, store.create(agenda_from_dict(agenda(), date(2026, 11, 23)))


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_shown_as_saved(tmp_path):
    store, sid = new_session(tmp_path)
    rng = random.Random(20261123)
    acknowledged: list[str] = []
    started = time.monotonic()
    for run in range(RUNS):
        term = run_in_terminal(store, sid)
        try:
            assert term.wait_for(b"Type a note", 0, timeout=20), term.seen[-400:]
            for k in range(rng.randint(1, 4)):
                line = f"run {run} note {k}"
                mark = len(term.seen)
                term.type(line)
                if rng.random() < 0.3:
                    time.sleep(rng.uniform(0, 0.05))  # killed mid-save, perhaps
                    break
                # shown as saved: the status says so and the line is in the feed ("Saved"
                # alone may be the last line's status, drawn again when the screen moves)
                if term.wait_for(b"Saved", mark, timeout=10) and in_feed(term, line, mark):
                    acknowledged.append(line)
            time.sleep(rng.uniform(0, 0.03))
            os.killpg(term.process.pid, signal.SIGKILL)
        finally:
            term.close()
        session = SessionStore(store.root).load(sid)  # parses, or this raises
        saved = {n.text for n in session.notes}
        missing = [a for a in acknowledged if a not in saved]
        assert not missing, f"shown as saved but lost: {missing}"
    assert not list(store.root.glob("*.corrupt-*"))
    assert len(acknowledged) > RUNS  # the test saw many saves, so it could have lost some
    assert time.monotonic() - started < 150


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_end_the_app_cleanly(tmp_path, sig):
    store, sid = new_session(tmp_path)
    term = run_in_terminal(store, sid)
    try:
        assert term.wait_for(b"Type a note", 0, timeout=20)
        mark = len(term.seen)
        term.type("saved before the signal")
        assert term.wait_for(b"Saved", mark)
        mark = len(term.seen)
        os.kill(term.process.pid, sig)
        assert exit_code(term, timeout=10) == 0
        while term.read(0.1):
            pass
        tail = term.seen[mark:]
        assert ALT_SCREEN_OFF in tail and MOUSE_OFF in tail  # the terminal is given back
    finally:
        term.close()
    writer = store.writer(sid)  # the lock was released
    writer.close()
    assert [n.text for n in store.load(sid).notes] == ["saved before the signal"]
