"""Typing in a meeting, as the secretary waits for it: each figure a ratio to a baseline
measured in the same run.

    python benchmarks/bench_typing.py [--repeat 40] [--sizes 10,1000,5000]

* keystroke → the character on screen, through a real pseudo-terminal: ``facilitator run``
  (the capture bar) vs a bare Textual app with one Input started the same way (target
  ≤ 1.2x bare);
* Enter → "✓ Saved" and the line in the feed, through a real pseudo-terminal, with 10 …
  5,000 entries already on the item: each size as a ratio to the 10-entry figure (target
  ≤ 1.5x at 5,000). The harness alone is measured with a trivial app that shows the same
  two things on Enter, so the figures can be seen to be the app's, not the harness's;
* a save in core (a note captured, encoded and written durably) with 10 … 5,000 entries,
  vs the durable-write floor: ``write_atomic`` of the same bytes (target ≤ 2x at 5,000).

The time is taken from writing the key to the terminal until the program's output holds
it drawn: the output is read as it comes, so what is measured is what a person sees.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from facilitator.core.agenda import agenda_from_dict  # noqa: E402
from facilitator.core.files import write_atomic  # noqa: E402
from facilitator.core.meeting import Meeting  # noqa: E402
from facilitator.core.model import Action, Decision, Note  # noqa: E402
from facilitator.core.store import SessionStore  # noqa: E402
from tests.pty_terminal import Terminal  # noqa: E402

WIDTH, HEIGHT = 120, 40
AGENDA = {
    "title": "Board", "partnership": "Bench", "date": "23/11/2026 14:00",
    "participants": [{"name": f"Person {k}", "organisation": f"Org {k}"} for k in range(8)],
    "items": [{"title": f"Item {k}", "minutes": 10} for k in range(8)],
}

BARE_INPUT = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Input
    class Bare(App):
        def compose(self):
            yield Input(placeholder="Type a note")
    Bare().run()
    """
)

TRIVIAL_SAVER = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Input, Log, Static
    class Saver(App):
        AUTO_FOCUS = "Input"
        def compose(self):
            yield Log()
            yield Static(id="status")
            yield Input(placeholder="Type a note")
        def on_input_submitted(self, event):
            self.query_one(Log).write_line(event.value)
            self.query_one("#status", Static).update("✓ Saved — Note saved")
            event.input.value = ""
    Saver().run()
    """
)


def session_with(store: SessionStore, entries: int) -> str:
    """A live meeting with ``entries`` already captured on its current item: notes, with a
    decision every 10th and an action every 25th (each action carrying out a decision)."""
    session = agenda_from_dict(AGENDA, date(2026, 11, 23))
    session.info.state = "live"
    session.info.started_at = "2026-11-23T14:00:00"
    item = session.agenda[0]
    item.started_at = item.entered_at = session.info.started_at
    last_decision = 0
    for seq in range(1, entries + 1):
        at = f"2026-11-23T{14 + seq // 3600 % 10:02d}:{seq // 60 % 60:02d}:{seq % 60:02d}"
        text = f"entry {seq}: the room talked about the budget and the away day " * 1
        if seq % 10 == 0:
            session.decisions.append(Decision(item=item.id, text=text, at=at, seq=seq,
                                              owner="Person 1"))
            last_decision = seq
        elif seq % 25 == 0 and last_decision:
            session.actions.append(Action(item=item.id, text=text, at=at, seq=seq,
                                          owner="Person 2", due="2026-12-01",
                                          decision=last_decision))
        else:
            session.notes.append(Note(item=item.id, text=text, at=at, seq=seq))
    return store.create(session)


def started(argv: list[str], ready: bytes) -> Terminal:
    term = Terminal(argv, width=WIDTH, height=HEIGHT)
    if not term.wait_for(ready, 0, timeout=120):
        term.close()
        raise RuntimeError(f"{ready!r} never appeared: {term.seen[-300:]!r}")
    time.sleep(0.3)  # let the first screen settle (timers, the cursor's first blink)
    while term.read(0.05):
        pass
    return term


def run_command(store: SessionStore, sid: str) -> list[str]:
    return [sys.executable, "-m", "facilitator", "--data-dir", str(store.root), "run", sid]


def until(term: Terminal, mark: int, *wanted: bytes, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not all(w in term.seen[mark:] for w in wanted):
        if time.monotonic() > end:
            raise RuntimeError(f"{wanted!r} never appeared: {term.seen[-300:]!r}")
        term.read(0.05)


PHASE = random.Random(17)


def between_frames() -> None:
    """Wait a random part of a frame before a timed key. Textual draws on a clock of its
    own, 60 frames a second, so what a key waits for depends on where in a frame it comes;
    keys sent in step with the harness would fall at the same place in each program's
    frame every time and measure that, not the program."""
    time.sleep(PHASE.uniform(0, 1 / 60))


class Typist:
    """Keys typed into one program in a terminal, each timed from its write to the line
    it ends shown whole: letters with no completion, so that each press's line is unique
    on the screen; the line is cleared (ctrl+u) every 20 presses."""

    LETTERS = "qzjxkvwy"

    def __init__(self, argv: list[str], ready: bytes) -> None:
        self.term = started(argv, ready)
        self.ready = ready
        self.typed = ""
        self.rounds = 0

    def press(self) -> float:
        term = self.term
        if len(self.typed) >= 22:
            mark = len(term.seen)
            term.send("\x15")  # ctrl+u: the line is cleared, the placeholder back
            until(term, mark, self.ready)
            self.typed = ""
        if not self.typed:
            self.rounds += 1
            self.typed = f"zq{self.rounds}"
            term.send(self.typed)
            until(term, 0, self.typed.encode())
        self.typed += self.LETTERS[len(self.typed) % len(self.LETTERS)]
        between_frames()
        mark = len(term.seen)
        start = time.perf_counter()
        os.write(term.master, self.typed[-1].encode())
        until(term, mark, self.typed[-8:].encode())
        return time.perf_counter() - start

    def save(self, n: int) -> float:
        """Seconds from Enter written to the terminal to "Saved" and the line on screen
        (the line is typed first, and only Enter is timed)."""
        term = self.term
        line = f"bench line {n} qzx"
        mark = len(term.seen)
        term.send(line)
        until(term, mark, line.encode())
        time.sleep(0.05)
        while term.read(0.01):
            pass
        between_frames()
        mark = len(term.seen)
        start = time.perf_counter()
        os.write(term.master, b"\r")
        until(term, mark, b"Saved", line.encode())
        return time.perf_counter() - start

    def close(self) -> None:
        self.term.close()


WARM = 2  # measures untimed in each program first (the first save reads the file's records)


def interleaved(typists: dict[str, Typist], measure: Callable[[Typist, int], float],
                times: int) -> dict[str, float]:
    """The median of ``times`` measures of each, taken in turn (one of each, then again),
    so that the machine's other load falls on all of them alike. (A key waits for
    Textual's next frame, up to 1/60 s, in a bare app as in ours, so single presses
    spread over 3–20 ms: a median needs many.)"""
    found: dict[str, list[float]] = {name: [] for name in typists}
    try:
        for n in range(-WARM, times):  # the first few untimed: once per opening, not per line
            for name, typist in typists.items():
                took = measure(typist, n + WARM)
                if n >= 0:
                    found[name].append(took)
    finally:
        for typist in typists.values():
            typist.close()
    return {name: statistics.median(values) for name, values in found.items()}


def save_cost(folder: Path, entries: int, saves: int) -> tuple[float, float]:
    """Median seconds of a note captured in core, and of writing the same bytes durably."""
    store = SessionStore(folder)
    writer = store.writer(session_with(store, entries))
    meeting = Meeting(writer)
    ours, floor = [], []
    try:
        for n in range(saves):
            start = time.perf_counter()
            meeting.capture(f"note {n}")
            ours.append(time.perf_counter() - start)
            data = writer.db.storage.text.encode("utf-8")  # the same bytes, encoded already
            start = time.perf_counter()
            write_atomic(folder / "floor.json", data)
            floor.append(time.perf_counter() - start)
    finally:
        writer.close()
    return statistics.median(ours), statistics.median(floor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Enter waits for Textual's next frame as a key does, so each save's figure spreads over
    # 1/60 s: with 9 a size, the 10-entry median (the baseline) moved enough between runs to
    # read 1.21x one run and 1.79x the next at 5,000 entries; 40 take about 30 s more
    parser.add_argument("--repeat", type=int, default=40, help="saves timed at each size")
    parser.add_argument("--presses", type=int, default=150, help="keys timed in each program")
    parser.add_argument("--sizes", default="10,1000,5000",
                        help="entries on the item, comma separated (the first is the baseline)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
    ms = 1000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = SessionStore(root / "sessions")
        sids = {n: session_with(store, n) for n in sizes}

        big = sizes[-1]
        keys = interleaved({
            "bare": Typist([sys.executable, "-c", BARE_INPUT], b"Type a note"),
            "ours": Typist(run_command(store, sids[sizes[0]]), b"Type a note"),
            "long": Typist(run_command(store, sids[big]), b"Type a note"),
        }, lambda typist, n: typist.press(), args.presses)
        print(f"keystroke → on screen, in a terminal: capture bar {keys['ours'] * ms:.1f} ms vs "
              f"bare Input {keys['bare'] * ms:.1f} ms = {keys['ours'] / keys['bare']:.2f}x "
              f"(target ≤ 1.2x); with {big:,} entries on the item {keys['long'] * ms:.1f} ms "
              f"= {keys['long'] / keys['bare']:.2f}x", flush=True)

        saved = interleaved({
            "trivial": Typist([sys.executable, "-c", TRIVIAL_SAVER], b"Type a note"),
            **{str(n): Typist(run_command(store, sids[n]), b"Type a note") for n in sizes},
        }, lambda typist, n: typist.save(n), args.repeat)
        base = saved[str(sizes[0])]
        for n in sizes:
            print(f"Enter → \"✓ Saved\" on screen, {n:,} entries on the item: "
                  f"{saved[str(n)] * ms:.0f} ms = {saved[str(n)] / base:.2f}x the "
                  f"{sizes[0]}-entry figure (target ≤ 1.5x at 5,000)", flush=True)
        print(f"  (the harness with a trivial app that shows the same on Enter: "
              f"{saved['trivial'] * ms:.0f} ms)")

        for n in sizes:
            folder = root / f"save-{n}"
            ours, floor = save_cost(folder, n, max(args.repeat, 10))
            print(f"a save in core, {n:,} entries: {ours * ms:.2f} ms vs writing the same bytes "
                  f"durably {floor * ms:.2f} ms = {ours / floor:.2f}x (target ≤ 2x at 5,000)",
                  flush=True)


if __name__ == "__main__":
    main()
