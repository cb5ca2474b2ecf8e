"""What checking a session file's records costs, measured in one run (issue 17.6).

Builds session files of 1,000 and 5,000 records (notes, decisions, actions and turns over ten
items, with every kind of field filled: dates, times, choices, counts) and reports:

* the floor: parsing the file's JSON as the store does (refusing a key written twice);
* reading the session: that, and every record checked by msgspec against the field
  annotations of core/model.py, ids and references checked across records, the dataclasses
  built (store.parse_session) — as a ratio to the floor;
* the start-up cost of the check: msgspec's share of importing the store in a fresh
  interpreter (a command that reads a session always imports the store).

    python benchmarks/bench_records.py [--sizes 1000 5000]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from facilitator.core.model import (
    Action,
    AgendaItem,
    Decision,
    Note,
    Participant,
    Session,
    SessionInfo,
    Turn,
)
from facilitator.core.store import _unique_keys, dumps, parse_session, session_to_tables

START = datetime(2026, 11, 23, 14, 0)


def session(records: int) -> Session:
    people = [
        Participant(name=f"Person {k}", organisation=f"Org {k % 5}", id=k, attendance="present",
                    sector=("public", "voluntary", "community", "health")[k % 4])
        for k in range(12)
    ]
    items = [
        AgendaItem(title=f"Item {k}", id=k, position=k, lead="Person 1",
                   papers_circulated="2026-11-16", started_at="2026-11-23T14:00:00")
        for k in range(10)
    ]
    found: dict[str, list] = {"notes": [], "decisions": [], "actions": [], "turns": []}
    for k in range(records - len(people) - len(items) - 1):
        at = (START + timedelta(seconds=7 * k)).isoformat(timespec="seconds")
        kind = k % 10
        if kind < 5:
            found["notes"].append(Note(item=k % 10, text=f"Note {k}: " + "words " * 12, at=at,
                                       seq=k + 1))
        elif kind < 7:
            found["decisions"].append(Decision(item=k % 10, text=f"Decision {k}", at=at,
                                               seq=k + 1, owner="Person 2", review="2027-05-01"))
        elif kind < 9:
            found["actions"].append(Action(item=k % 10, text=f"Action {k}", at=at, seq=k + 1,
                                           owner="Person 3", due="2026-12-14"))
        else:
            found["turns"].append(Turn(name="Person 4", item=k % 10, start=at, end=at))
    info = SessionInfo(id="board", title="Board", partnership="Northfield CSP",
                       date="2026-11-23T14:00", state="ended", created_at="2026-11-01T10:00:00")
    return Session(info=info, participants=people, agenda=items, **found)


def best(fn: Callable[[], object], repeat: int = 15) -> float:
    """Best of ``repeat`` runs, in seconds (the least disturbed by the rest of the machine)."""
    fastest = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest


def import_ms(module: str, part: str) -> tuple[float, float]:
    """Median import time of ``module`` in a fresh interpreter and, within it, of ``part``
    (with what ``part`` alone brought in), in ms."""
    whole, within = [], []
    for _ in range(7):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True, text=True, check=True,
        )
        lines = done.stderr.splitlines()
        for name, found in ((module, whole), (part, within)):
            line = next(x for x in lines if re.search(rf"\| +{re.escape(name)}$", x))
            found.append(int(line.split("|")[1]) / 1000)
    return statistics.median(whole), statistics.median(within)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    sizes = parser.parse_args().sizes
    print("Reading a session file: JSON parsed, then every record checked (msgspec) and built")
    for size in sizes:
        text = dumps(session_to_tables(session(size)))
        records = sum(len(t) for t in json.loads(text).values())
        floor = best(lambda text=text: json.loads(text, object_pairs_hook=_unique_keys))
        read = best(lambda text=text: parse_session(text))
        print(f"  {records:>6,} records ({len(text) / 1024:,.0f} KiB): JSON floor "
              f"{floor * 1000:6.1f} ms, read and checked {read * 1000:6.1f} ms "
              f"({read / floor:.2f}x the floor; the check {(read - floor) * 1000:.1f} ms)")
    store_ms, msgspec_ms = import_ms("facilitator.core.store", "msgspec")
    print(f"Start-up: importing the store {store_ms:.1f} ms, of which msgspec (and what it "
          f"alone brings in) {msgspec_ms:.1f} ms ({msgspec_ms / store_ms:.0%})")


if __name__ == "__main__":
    main()
