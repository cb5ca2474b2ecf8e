"""How fast facilitator is with a small and a large archive, measured in one run.

Builds synthetic archives of 10 and 1,000 sessions (about 30 notes, 10 decisions and 10
actions each) in a temporary folder and reports, for both sizes:

* saving one captured line (the median of many saves, each atomically on disk);
* listing every session with its actions and decisions (the tracker's list), and the open
  actions, through the summary index — cold (no index yet) and warm — and the home screen's
  list of sessions through its own small index, each against the raw floor: reading and
  parsing the same files with nothing else.

Then the review side as a person waits on it, with the real app in a pseudo-terminal (120x40)
and an archive of ``--screens`` sessions (1,000 by default; ``--screens 1000 5000`` adds the
larger one, about two minutes more): the home screen's first list (no index yet, then with
one), the tracker opened the first time (its index built) and again, search opened with its
first letter answered, and each further letter typed in search until its count is on screen,
each against the raw floor measured in the same run, and the app's peak memory (VmHWM).

Last, the longest the event loop is held up (``--stall-size`` sessions, 1,000 by default):
the app runs headless with a task that wakes every 2 ms and records the longest wait between
wakes while home, the tracker (its filter typed in), search (a query typed letter by letter)
and a meeting's matters arising (lines typed) are opened and used, the keys sent as a
terminal sends them, 60 ms apart (Pilot's ``press`` waited up to two seconds after each).
A figure, not a test.

Ratios are to a baseline measured in the same process on the same machine, so the figures
mean the same on a fast or a slow machine.

    python benchmarks/bench_archive.py [--sizes 10 1000] [--saves 60] [--screens 1000 5000]
        [--stall-size 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from facilitator.core import carry  # noqa: E402
from facilitator.core.agenda import agenda_from_dict  # noqa: E402
from facilitator.core.meeting import Meeting  # noqa: E402
from facilitator.core.model import (  # noqa: E402
    Action,
    AgendaItem,
    Decision,
    Note,
    Participant,
    Session,
    SessionInfo,
)
from facilitator.core.review_index import ReviewIndex  # noqa: E402
from facilitator.core.store import SessionStore  # noqa: E402
from facilitator.core.tracker import INDEX, Archive  # noqa: E402
from facilitator.ui.paged_table import PAGE  # noqa: E402
from tests.pty_terminal import Terminal  # noqa: E402

START = datetime(2024, 1, 8, 14, 0)


def synthetic(n: int) -> Session:
    when = START + timedelta(days=7 * n)
    people = [Participant(name=f"Person {k}", organisation=f"Org {k % 5}",
                          sector=("public", "voluntary", "community", "health")[k % 4], id=k)
              for k in range(10)]
    items = [AgendaItem(title=f"Item {k}", minutes=10, id=k, position=k) for k in range(8)]
    at = when.isoformat(timespec="seconds")
    notes = [Note(item=k % 8, text=f"Note {k} of meeting {n}: " + "words " * 12, at=at, seq=k)
             for k in range(30)]
    decisions = [Decision(item=k % 8, text=f"Decision {k} of meeting {n}",
                          owner=f"Person {k}", at=at, seq=30 + k) for k in range(10)]
    actions = [Action(item=k % 8, text=f"Action {k} of meeting {n}", owner=f"Person {k}",
                      due=(when + timedelta(days=14)).date().isoformat(),
                      status="open" if k % 3 else "done", at=at, seq=40 + k)
               for k in range(10)]
    info = SessionInfo(id="", title=f"Board {n}", partnership=f"Partnership {n % 7}",
                       date=when.isoformat(timespec="minutes"), state="ended")
    return Session(info=info, participants=people, agenda=items, notes=notes,
                   decisions=decisions, actions=actions)


def build(root: Path, size: int) -> SessionStore:
    store = SessionStore(root)
    for n in range(size):
        store.create(synthetic(n))
    return store


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """Best of ``repeat`` runs, in seconds (the least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def median_save(store: SessionStore, saves: int) -> float:
    session_id = store.session_ids()[len(store.session_ids()) // 2]
    writer = store.writer(session_id)
    meeting = Meeting(writer)
    meeting.capture("/reopen")
    times = []
    for k in range(saves):
        start = time.perf_counter()
        meeting.capture(f"benchmark note {k}")
        times.append(time.perf_counter() - start)
    writer.close()
    return statistics.median(times)


def raw_floor(store: SessionStore) -> None:
    for path in sorted(store.root.glob("*.json")):
        json.loads(path.read_text(encoding="utf-8"))


def measure(size: int, saves: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = build(Path(folder) / "sessions", size)
        floor = timed(lambda: raw_floor(store))

        def cold_list() -> None:
            (store.root / INDEX).unlink(missing_ok=True)
            Archive(store).summaries()

        cold = timed(cold_list, repeat=3)
        Archive(store).summaries()  # leave a warm index
        warm = timed(lambda: Archive(store).summaries())
        open_actions = timed(lambda: [a for a in Archive(store).actions() if a.status == "open"])
        Archive(store).listings()  # the home screen's list, from its own small index
        listing = timed(lambda: Archive(store).listings())
        save = median_save(store, saves)
    return {"floor": floor, "cold": cold, "warm": warm, "open": open_actions, "save": save,
            "listing": listing}


# --------------------------------------------------------------------------- in a terminal

QUERY = "note 12 of meeting 34"  # typed into search a letter at a time
QUERIES = [QUERY, "decision 7 of meeting 123", "meeting 987"]  # then cleared, the next typed


def counts(store: SessionStore, query: str) -> list[tuple[str, str]]:
    """(what is typed next, what search then says it found) for each letter of ``query``,
    asked as the screen asks; a space goes with the letter after it (it changes nothing)."""
    steps, typed = [], ""
    index = ReviewIndex(store)
    index.refresh()
    for ch in query:
        typed += ch
        if ch != " ":
            page = index.search(typed, limit=PAGE)
            steps.append((typed, f"more than {page.total}" if page.capped else str(page.total)))
    index.close()
    return steps


def waited(term: Terminal, keys: str, marker: str, timeout: float = 120.0) -> float:
    """Seconds from writing ``keys`` to the terminal to ``marker`` appearing on it."""
    after = len(term.seen)
    start = time.perf_counter()
    if keys:
        os.write(term.master, keys.encode())
    if not term.wait_for(marker.encode(), after, timeout=timeout):
        raise RuntimeError(f"{marker!r} never appeared: {term.seen[-400:]!r}")
    return time.perf_counter() - start


def read_for(term: Terminal, seconds: float) -> None:
    """Read what the app draws for ``seconds``, as a terminal always does: an app whose
    output nobody reads blocks writing it, and that wait was counted in the next timed
    letter (one write was held up 1.1 s)."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        term.read(min(left, 0.05))


def peak_mib(pid: int) -> int:
    """The process's own high-water mark (VmHWM), in MiB."""
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) // 1024


def in_terminal(size: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = build(Path(folder) / "sessions", size)
        floor = timed(lambda: raw_floor(store), repeat=3)
        argv = [sys.executable, "-m", "facilitator", "--data-dir", str(store.root)]
        shown = f"{sum(1 for a in synthetic(0).actions if a.status == 'open') * size} shown"
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
        term = Terminal(argv, width=120, height=40)
        try:
            r = {"floor": floor, "home_cold": waited(term, "", "Enter opens")}
            r["tracker_cold"] = waited(term, "t", shown)
            waited(term, "\x1b", "Enter opens")
            tries = []
            for _ in range(3):
                tries.append(waited(term, "t", shown))
                waited(term, "\x1b", "Enter opens")
            r["tracker"] = min(tries)
            shown_at = waited(term, "/", "every session's titles")  # a key typed sooner is
            letters: list[float] = []  # home's
            for n, query in enumerate(QUERIES):
                steps = counts(store, query)
                if n:
                    letters.append(waited(term, "\x15", "0 found"))  # ctrl+u: cleared
                previous, sent = "", ""
                for typed, total in steps:
                    keys, sent = typed[len(sent) :], typed
                    if total == previous:  # the same count: nothing new to see, typed untimed
                        os.write(term.master, keys.encode())
                        read_for(term, 0.2)
                    elif not letters and n == 0:
                        r["search"] = shown_at + waited(term, keys, f"{total} found")
                    else:
                        letters.append(waited(term, keys, f"{total} found"))
                    previous = total
            r["letter"] = statistics.median(letters)
            r["letter_worst"] = max(letters)
            r["letters"] = len(letters)
            r["rss"] = peak_mib(term.process.pid)
        finally:
            term.close()
        term = Terminal(argv, width=120, height=40)
        try:
            r["home"] = waited(term, "", "Enter opens")
        finally:
            term.close()
    return r


# --------------------------------------------------------------------------- the event loop


class Stalls:
    """The longest wait between wakes of a task that sleeps 2 ms, by phase: how long the
    event loop was held up, and the most CPU time its thread used between two wakes (its own
    work, whatever else the machine is doing). While it is held up past ``SAMPLE``, a thread
    looks at what the loop's thread is doing every millisecond, so the figure says where the
    time went: facilitator's code, Textual laying out and drawing, or waiting for the GIL
    (held by a worker thread)."""

    TICK = 0.002
    SAMPLE = 0.025

    def __init__(self) -> None:
        self.phase = "start"
        self.worst: dict[str, float] = {}
        self.work: dict[str, float] = {}  # the longest the loop's thread worked between wakes
        self.where: dict[str, Counter[str]] = {}
        self.running = True
        self.last = time.perf_counter()
        self.loop_thread = threading.get_ident()

    async def watch(self) -> None:
        sampler = threading.Thread(target=self.sample, daemon=True)
        self.last, cpu = time.perf_counter(), time.thread_time()
        sampler.start()
        while self.running:
            await asyncio.sleep(self.TICK)
            now, used = time.perf_counter(), time.thread_time()
            gap, work = now - self.last - self.TICK, used - cpu
            self.worst[self.phase] = max(self.worst.get(self.phase, 0.0), gap)
            self.work[self.phase] = max(self.work.get(self.phase, 0.0), work)
            self.last, cpu = now, used
        sampler.join()

    def sample(self) -> None:
        while self.running:
            time.sleep(0.001)
            if time.perf_counter() - self.last < self.SAMPLE:
                continue
            frame = sys._current_frames().get(self.loop_thread)
            names = []
            while frame is not None:
                names.append((frame.f_code.co_filename, frame.f_code.co_name))
                frame = frame.f_back
            self.where.setdefault(self.phase, Counter())[_place(names)] += 1


def _place(stack: list[tuple[str, str]]) -> str:
    """Where the loop's thread is, from its stack (innermost first), in a few words."""
    for filename, name in stack:
        if "/facilitator/" in filename:
            return f"facilitator {Path(filename).stem}.{name}"
    if stack and stack[0][1] == "select":
        return "waiting for the GIL (a worker thread holds it)"
    for filename, name in stack:
        if "/textual/" in filename:
            return f"Textual {Path(filename).stem}.{name}"
    return "other"


def _text(app: object) -> str:
    return "\n".join(s.text for s in app.screen._compositor.render_strips())  # type: ignore[attr-defined]


async def _until(app: object, seen: Callable[[str], bool], timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while not seen(_text(app)):
        if time.monotonic() > end:
            raise RuntimeError(f"never on screen: {_text(app)[-400:]!r}")
        await asyncio.sleep(0.01)


_CHARS = {"slash": "/", "space": " ", "enter": "\r"}


async def _typed(app: object, *keys: str, gap: float = 0.06) -> None:
    """Keys as a person types them, ``gap`` seconds apart, sent to the app as its terminal
    driver sends them. Not Pilot's ``press``: it waits after each key until the process
    looks idle, and with this benchmark's own ticking that was its limit, two seconds a
    key, so the phases were full of pauses nobody makes (and the app's collection of a
    pause fell inside them)."""
    from textual import events

    for key in keys:
        name = "space" if key == " " else key
        char = _CHARS.get(name, key if len(key) == 1 else None)
        app.post_message(events.Key(name, char))  # type: ignore[attr-defined]
        await asyncio.sleep(gap)


async def stalls(
    store: SessionStore, meeting_id: str, matters: int
) -> dict[str, tuple[float, float, Counter[str]]]:
    from facilitator.ui.app import make_app

    watch = Stalls()
    ticking = None

    async def phase(name: str) -> None:
        nonlocal ticking
        await asyncio.sleep(0.05)  # what the last phase left running is counted there
        watch.phase = name
        if ticking is None:
            ticking = asyncio.create_task(watch.watch())

    app = make_app(store)
    async with app.run_test(size=(120, 40)):
        await _until(app, lambda t: "Enter opens" in t)  # the app started: not measured
        await phase("home: list read again (F5)")
        await _typed(app, "f5")
        await asyncio.sleep(0.5)
        await phase("tracker")
        await _typed(app, "t")
        await _until(app, lambda t: " shown" in t and "Code" in t)
        await phase("tracker: filter typed")
        await _typed(app, "slash", *"person 4")
        await _until(app, lambda t: " shown" in t)
        await phase("home again")
        await _typed(app, "escape", "escape")
        await _until(app, lambda t: "Enter opens" in t)
        await phase("search")
        await _typed(app, "slash")
        await asyncio.sleep(0.3)
        await phase("search: letters typed")
        await _typed(app, *QUERY)
        await _until(app, lambda t: "found" in t)
        await asyncio.sleep(0.3)
        await phase("end")
    app = make_app(store, session_id=meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await phase("matters arising: lines typed")
        bar = app.screen.query_one("#capture")
        for n, line in enumerate([f"/goto {matters}", *(f"Matters note {k}" for k in range(8))]):
            bar.value = line  # type: ignore[attr-defined]
            await _typed(app, "enter")
            await _until(app, lambda t, n=n: n == 0 or f"Matters note {n - 1}" in t)
        end = time.monotonic() + 60
        while app.screen._open_rows is None and time.monotonic() < end:  # type: ignore[attr-defined]
            await asyncio.sleep(0.01)  # the open actions read and drawn
        await asyncio.sleep(0.3)
        await phase("end")
    watch.running = False
    if ticking is not None:
        await ticking
    return {
        k: (v, watch.work[k], watch.where.get(k, Counter()))
        for k, v in watch.worst.items()
        if k not in ("start", "end")
    }


def measure_stalls(size: int) -> dict[str, tuple[float, float, Counter[str]]]:
    with tempfile.TemporaryDirectory() as folder:
        store = build(Path(folder) / "sessions", size)
        data = {
            "title": "Board next", "partnership": "Partnership 0", "date": "01/01/2099 14:00",
            "participants": [{"name": f"Person {k}", "organisation": f"Org {k % 5}"}
                             for k in range(10)],
            "items": [{"title": "Welcome and apologies", "minutes": 5},
                      {"title": "Item A", "minutes": 10}],
        }
        session = agenda_from_dict(data, START.date())
        meeting_id, _ = carry.create(store, session)
        agenda = store.load(meeting_id).agenda
        matters = next(n for n, i in enumerate(agenda, 1) if carry.is_matters_arising(i))
        return asyncio.run(stalls(store, meeting_id, matters))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 1000])
    parser.add_argument("--saves", type=int, default=60)
    parser.add_argument("--screens", type=int, nargs="*", default=[1000])
    parser.add_argument("--stall-size", type=int, default=1000)
    args = parser.parse_args()
    results = {size: measure(size, args.saves) for size in args.sizes}
    small, large = results[min(args.sizes)], results[max(args.sizes)]
    print(f"{'sessions':>9} {'save (ms)':>10} {'raw floor':>10} {'list cold':>10} "
          f"{'list warm':>10} {'open actions':>13} {'home list':>10}")
    for size, r in results.items():
        print(f"{size:>9} {r['save'] * 1000:>10.2f} {r['floor'] * 1000:>8.1f}ms "
              f"{r['cold'] * 1000:>8.1f}ms {r['warm'] * 1000:>8.1f}ms {r['open'] * 1000:>11.1f}ms"
              f" {r['listing'] * 1000:>8.1f}ms")
    print()
    print(f"save at {max(args.sizes)} vs at {min(args.sizes)}: "
          f"{large['save'] / small['save']:.2f}x (target ≤ 1.2x)")
    for size, r in results.items():
        print(f"{size} sessions — list warm / raw floor: {r['warm'] / r['floor']:.2f}x; "
              f"open actions / raw floor: {r['open'] / r['floor']:.2f}x (target ≤ 1.5x); "
              f"list cold / raw floor: {r['cold'] / r['floor']:.2f}x; "
              f"home list / raw floor: {r['listing'] / r['floor']:.2f}x")
    for size in args.screens:
        t = in_terminal(size)
        ms = {k: v * 1000 for k, v in t.items()}
        print()
        print(f"{size} sessions in a terminal (raw floor {ms['floor']:.0f} ms):")
        print(f"  home, first list (no index yet): {ms['home_cold']:.0f} ms; "
              f"with its index: {ms['home']:.0f} ms (both from the command's start)")
        print(f"  tracker open: {ms['tracker']:.0f} ms = {t['tracker'] / t['floor']:.2f}x the raw "
              f"floor (target ≤ 1.5x); the first time, building its index: "
              f"{ms['tracker_cold']:.0f} ms = {t['tracker_cold'] / t['floor']:.2f}x")
        print(f"  search open and its first letter answered: {ms['search']:.0f} ms = "
              f"{t['search'] / t['floor']:.2f}x the raw floor (target ≤ 1.5x)")
        print(f"  a letter typed in search, to its count on screen: median {ms['letter']:.0f} ms,"
              f" worst {ms['letter_worst']:.0f} ms over {t['letters']} letters (target ≤ 100 ms)")
        print(f"  peak memory: {t['rss']} MiB (target ≤ 150 MiB)")
    if args.stall_size:
        worst = measure_stalls(args.stall_size)
        print()
        print(f"event loop held up, {args.stall_size} sessions (target ≤ 50 ms): the longest "
              f"wait; the most the loop's thread worked without a break; where the time over "
              f"{Stalls.SAMPLE * 1000:.0f} ms went (sampled every ms)")
        for name, (gap, work, where) in worst.items():
            spent = ", ".join(f"{place} {n} ms" for place, n in where.most_common(3))
            print(f"  {name}: {gap * 1000:.0f} ms; worked {work * 1000:.0f} ms"
                  + (f" — {spent}" if spent else ""))
        name, (gap, _work, _where) = max(worst.items(), key=lambda kv: kv[1][0])
        busiest, (_gap, work, _where) = max(worst.items(), key=lambda kv: kv[1][1])
        print(f"  longest wait: {gap * 1000:.0f} ms ({name}); longest work without a break: "
              f"{work * 1000:.0f} ms ({busiest})")


if __name__ == "__main__":
    main()
