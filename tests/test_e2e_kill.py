"""End to end: the real app in a pseudo-terminal, killed with SIGKILL at random moments.

Every line the screen showed as saved must be in the session file, and the file must parse.
SIGTERM and SIGHUP end the app cleanly: lock released, terminal restored.
"""

from __future__ import annotations

import os
import pty
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.store import SessionStore
from tests.helpers import agenda

ROOT = Path(__file__).resolve().parents[1]
RUNS = 50
ALT_SCREEN_OFF = b"\x1b[?1049l"
MOUSE_OFF = b"\x1b[?1000l"


class Terminal:
    """``facilitator run`` in a pseudo-terminal, 100x30."""

    def __init__(self, store: SessionStore, session_id: str) -> None:
        self.master, slave = pty.openpty()
        os.set_blocking(self.master, False)
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "facilitator", "--data-dir", str(store.root), "run", session_id],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        os.close(slave)
        self.seen = b""

    def read(self, timeout: float = 0.05) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        chunk = b""
        if ready:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
        self.seen += chunk
        return chunk

    def wait_for(self, text: bytes, after: int, timeout: float = 10.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in self.seen[after:]:
                return True
            self.read()
        return False

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        os.close(self.master)


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
        term = Terminal(store, sid)
        try:
            assert term.wait_for(b"Type a note", 0, timeout=20), term.seen[-400:]
            for k in range(rng.randint(1, 4)):
                line = f"run {run} note {k}"
                mark = len(term.seen)
                term.type(line)
                if rng.random() < 0.3:
                    time.sleep(rng.uniform(0, 0.05))  # killed mid-save, perhaps
                    break
                if term.wait_for(b"Saved", mark, timeout=10):
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
    term = Terminal(store, sid)
    try:
        assert term.wait_for(b"Type a note", 0, timeout=20)
        mark = len(term.seen)
        term.type("saved before the signal")
        assert term.wait_for(b"Saved", mark)
        mark = len(term.seen)
        os.kill(term.process.pid, sig)
        assert term.process.wait(timeout=10) == 0
        while term.read(0.1):
            pass
        tail = term.seen[mark:]
        assert ALT_SCREEN_OFF in tail and MOUSE_OFF in tail  # the terminal is given back
    finally:
        term.close()
    writer = store.writer(sid)  # the lock was released
    writer.close()
    assert [n.text for n in store.load(sid).notes] == ["saved before the signal"]
