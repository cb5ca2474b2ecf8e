"""Durability: a writer SIGKILLed at random moments never loses an acknowledged entry.

A child process (``tests/e2e/durability_child.py``) captures notes into one session and prints
``ACK run-i`` after each capture returns. The parent kills it with SIGKILL after a random
delay, then checks that the file still parses, that every acknowledged note is in it, and
that nothing was quarantined. Every run appends to the same session, so later runs kill
the writer while it is rewriting an ever larger file.
"""

from __future__ import annotations

import os
import random
import re
import select
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.store import SessionStore

CHILD = Path(__file__).with_name("durability_child.py")
RUNS = 40
SEED = 20261123
MAX_DELAY = 0.150  # seconds after the first ACK
KILL_AT_FIRST_ACK = 0.25  # share of runs killed the moment the first ACK arrives
TIMEOUT = 20.0
ACK = re.compile(r"ACK (\d+)-(\d+)")


def make_session(store: SessionStore) -> str:
    data = {
        "title": "Durability Board",
        "partnership": "Kill Test Partnership",
        "date": "23/11/2026 14:00",
        "items": [{"title": "Notes under fire", "minutes": 10}],
    }
    return store.create(agenda_from_dict(data, date(2026, 11, 23)))


def read_until_first_ack(proc: subprocess.Popen[bytes], deadline: float) -> bytes:
    """Everything the child printed up to and including its first complete line."""
    fd = proc.stdout.fileno()
    buf = b""
    while b"\n" not in buf:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no ACK from the child within {TIMEOUT}s")
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            proc.wait(timeout=TIMEOUT)
            err = proc.stderr.read().decode(errors="replace")
            raise AssertionError(f"child exited ({proc.returncode}) before any ACK:\n{err}")
        buf += chunk
    return buf


def acked_in(output: bytes, run: int) -> list[int]:
    """The note numbers the child acknowledged: complete lines only."""
    complete = output.decode("ascii").split("\n")[:-1]  # after the last newline: partial
    numbers = []
    for line in complete:
        match = ACK.fullmatch(line)
        assert match, f"unexpected child output {line!r}"
        assert int(match.group(1)) == run
        numbers.append(int(match.group(2)))
    assert numbers == list(range(len(numbers))), "ACKs out of order"
    return numbers


def kill_one_run(root: Path, session_id: str, run: int, delay: float) -> list[int]:
    """Start the child, SIGKILL it ``delay`` seconds after its first ACK; the ACKed ids."""
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(root), session_id, str(run)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    try:
        head = read_until_first_ack(proc, time.monotonic() + TIMEOUT)
        if delay:
            time.sleep(delay)  # the random moment of the kill, not a wait for a condition
        proc.send_signal(signal.SIGKILL)
        rest, err = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == -signal.SIGKILL, err.decode(errors="replace")
    return acked_in(head + rest, run)


def test_sigkilled_writer_never_loses_an_acknowledged_entry(tmp_path: Path) -> None:
    started = time.monotonic()
    root = tmp_path / "sessions"
    store = SessionStore(root)
    session_id = make_session(store)
    rng = random.Random(SEED)
    acked: dict[int, list[int]] = {}

    for run in range(RUNS):
        delay = 0.0 if rng.random() < KILL_AT_FIRST_ACK else rng.uniform(0.0, MAX_DELAY)
        acked[run] = kill_one_run(root, session_id, run, delay)
        assert acked[run], "the run was killed before its first ACK"

        loaded = SessionStore(root).load(session_id)  # raises CorruptSession if torn
        texts = [n.text for n in loaded.notes]
        text_set = set(texts)
        missing = [
            f"note {r}-{i}"
            for r, ids in acked.items()
            for i in ids
            if f"note {r}-{i}" not in text_set
        ]
        assert missing == [], f"run {run}: acknowledged notes lost: {missing[:5]}"
        # At most the one note in flight when the kill came is there without its ACK,
        # nothing is doubled, and the notes are in capture order.
        this_run = [t for t in texts if t.startswith(f"note {run}-")]
        assert this_run == [f"note {run}-{i}" for i in range(len(this_run))]
        assert len(this_run) - len(acked[run]) in (0, 1)
        assert len(texts) == len(text_set)
        assert list(root.glob("*.corrupt-*")) == [], f"run {run}: a file was quarantined"

    sessions, problems = SessionStore(root).list_sessions()
    assert problems == []
    assert [s.info.id for s in sessions] == [session_id]
    assert list(root.glob(".*.tmp")) == []  # leftovers of the last kill are cleaned up
    total = sum(len(ids) for ids in acked.values())
    assert len(sessions[0].notes) in range(total, total + RUNS + 1)
    # a spread of kill points: some runs died at once, others after many captures
    counts = sorted(len(ids) for ids in acked.values())
    assert counts[0] < counts[-1]
    elapsed = time.monotonic() - started
    assert elapsed < 45, f"the kill test took {elapsed:.1f}s"
