"""How fast facilitator is with a small and a large archive, measured in one run.

Builds synthetic archives of 10 and 1,000 sessions (about 30 notes, 10 decisions and 10
actions each) in a temporary folder and reports, for both sizes:

* saving one captured line (the median of many saves, each atomically on disk);
* listing every session with its actions and decisions (the tracker's list), and the open
  actions, through the summary index — cold (no index yet) and warm — and the home screen's
  list of sessions through its own small index, each against the raw floor: reading and
  parsing the same files with nothing else.

Ratios are to a baseline measured in the same process on the same machine, so the figures
mean the same on a fast or a slow machine.

    python benchmarks/bench_archive.py [--sizes 10 1000] [--saves 60]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from facilitator.core.meeting import Meeting
from facilitator.core.model import (
    Action,
    AgendaItem,
    Decision,
    Note,
    Participant,
    Session,
    SessionInfo,
)
from facilitator.core.store import SessionStore
from facilitator.core.tracker import INDEX, Archive

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 1000])
    parser.add_argument("--saves", type=int, default=60)
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


if __name__ == "__main__":
    main()
