"""What `facilitator report` costs, timed as a person waits on it: a whole process, from the
shell to the file written, each figure against baselines measured in the same run.

Two data folders, built here:

* a partnership of 50 meetings in the year (weekly, ten people, attendance marks, turns,
  decisions, actions followed up, declarations, a checklist review every ten meetings) and a
  challenges file;
* the same 50 meetings among 1,000 sessions on disk (950 of seven other partnerships).

For each, the median of ``--repeat`` runs (after one warm-up, which builds the summary
index) of:

* ``facilitator report --partnership P --format html`` (four charts as SVG) and ``--format md``
  (no charts: the registers and the document alone), ``docx`` with ``--formats``;
* the baselines: ``facilitator decisions --partnership P`` over the same folder (a command a
  user runs there, which starts the same CLI and reads the summary index), and the raw read
  floor — a fresh interpreter that reads and parses the partnership's 50 session files as
  JSON and does nothing else;

each report as a ratio to each baseline, with the process's peak memory (its own maxrss).

    python benchmarks/bench_report.py [--repeat 3] [--formats html md docx]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from facilitator.core.challenges import ChallengeBook  # noqa: E402
from facilitator.core.checklists import BUILT_IN  # noqa: E402
from facilitator.core.model import (  # noqa: E402
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    ChecklistAnswer,
    Decision,
    Interest,
    Note,
    Participant,
    Session,
    SessionInfo,
    Turn,
)
from facilitator.core.store import SessionStore  # noqa: E402

PARTNERSHIP = "Northfield Community Safety Partnership"
OTHERS = [f"Partnership {k}" for k in range(7)]
TODAY = datetime(2026, 12, 2, 9, 0)
SECTORS = ("public", "voluntary", "community", "health", "private", "education")


def meeting(n: int, partnership: str, when: datetime) -> Session:
    """One ended meeting with a full record (n varies who came and what was said)."""
    people = [
        Participant(
            name=f"Person {k}",
            organisation=f"Org {k % 7}",
            sector=SECTORS[k % len(SECTORS)],
            id=k,
            attendance="apologies" if (n + k) % 9 == 0 else "absent" if (n + k) % 13 == 0 else "",
            remote=(n + k) % 11 == 0,
        )
        for k in range(10)
    ]
    items = [
        AgendaItem(
            title=f"Item {k}",
            minutes=10,
            id=k,
            position=k,
            kind="review" if k == 5 else "decision" if k == 3 else "discussion",
            confidential=k == 4,
        )
        for k in range(8)
    ]

    def at(minutes: int) -> str:
        return (when + timedelta(minutes=minutes)).isoformat(timespec="seconds")

    seq = iter(range(1, 10_000))
    notes = [
        Note(item=k % 8, text=f"Note {k} of meeting {n}: " + "words " * 12, at=at(k), seq=next(seq))
        for k in range(30)
    ]
    decisions = [
        Decision(
            item=k % 8,
            text=f"Decision {k} of meeting {n}",
            owner=f"Person {k}",
            at=at(30 + k),
            seq=next(seq),
            dissent="Person 2 disagreed" if k == 0 and n % 4 == 0 else "",
            review=(when + timedelta(days=90)).date().isoformat() if k == 1 else "",
        )
        for k in range(4)
    ]
    due = (when + timedelta(days=14)).date().isoformat()
    actions = [
        Action(
            item=k % 8,
            text=f"Action {k} of meeting {n}",
            owner=f"Person {k}",
            due=due,
            status="done" if k % 3 == 0 else "open",
            at=at(40 + k),
            seq=next(seq),
        )
        for k in range(6)
    ]
    updates = [
        ActionUpdate(
            action=a.seq,
            at=(when + timedelta(days=10 if k % 2 else 20)).isoformat(timespec="seconds"),
            change="status: open → done",
        )
        for k, a in enumerate(actions)
        if a.status == "done"
    ]
    moves = [Attendance(item=1, text="arrived", name=f"Person {n % 10}", at=at(8), seq=next(seq))]
    interests = [Interest(item=3, text="a trustee of a bidder", name="Person 3", at=at(20),
                          seq=next(seq))] if n % 5 == 0 else []
    turns = [
        Turn(name=f"Person {k % 10}", item=k % 8, start=at(k), end=at(k + 1)) for k in range(40)
    ]
    checklist = (
        [
            ChecklistAnswer(
                checklist="ingredients",
                ref=item.ref,
                answer=("yes", "no", "unsure")[(n + i) % 3],
                item=5,
                at=at(55),
                text=item.text,
                title=BUILT_IN["ingredients"].title,
            )
            for i, item in enumerate(BUILT_IN["ingredients"].items)
        ]
        if n % 10 == 0
        else []
    )
    info = SessionInfo(
        id="",
        title=f"Board {n}",
        partnership=partnership,
        date=when.isoformat(timespec="minutes"),
        state="ended",
        quorum=5,
        steering_group=n % 25 == 0,
        started_at=at(0),
        ended_at=at(80),
    )
    return Session(
        info=info,
        participants=people,
        agenda=items,
        notes=notes,
        decisions=decisions,
        actions=actions,
        action_updates=updates,
        attendance=moves,
        interests=interests,
        turns=turns,
        checklist=checklist,
    )


def build(root: Path, total: int) -> SessionStore:
    """50 meetings of PARTNERSHIP in the year to TODAY, then ``total - 50`` of the others."""
    store = SessionStore(root)
    first = TODAY - timedelta(weeks=50)
    for n in range(50):
        store.create(meeting(n, PARTNERSHIP, (first + timedelta(weeks=n)).replace(hour=14)))
    for n in range(total - 50):
        when = (TODAY - timedelta(days=3 * n + 1)).replace(hour=10)
        store.create(meeting(n, OTHERS[n % len(OTHERS)], when))
    book = ChallengeBook(store.root)
    for k in range(3):
        on = (first + timedelta(weeks=10 * k + 3)).date()
        case = book.raise_challenge(partnership=PARTNERSHIP, raised_by=f"Org {k}",
                                    against=f"Org {k + 1}", undertaking="Consult in good time",
                                    on=on, now=TODAY)
        if k:
            book.refer(case.number, ["Person 1", "Person 2"], on=on + timedelta(days=30),
                       now=TODAY)
    return store


def run(argv: list[str]) -> tuple[float, int]:
    """Wall seconds of one process, and its peak memory (maxrss) in MiB."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        raise RuntimeError(f"{' '.join(argv[:6])}… failed ({proc.returncode}): {err}")
    return took, usage.ru_maxrss // 1024


FLOOR = """
import json, sys
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.session.json"))[:50]:
    json.loads(path.read_text(encoding="utf-8"))
"""


def measure(store: SessionStore, formats: list[str], repeat: int) -> dict[str, tuple[float, int]]:
    cli = [sys.executable, "-m", "facilitator", "--data-dir", str(store.root)]
    out = store.root.parent / "out"
    commands = {
        "floor": [sys.executable, "-c", FLOOR, str(store.root)],
        "decisions": [*cli, "decisions", "--partnership", "northfield"],
        **{
            f"report {fmt}": [*cli, "report", "--partnership", "northfield", "--format", fmt,
                              "-o", f"{out}.{fmt}", "--force"]
            for fmt in formats
        },
    }
    for argv in commands.values():  # warm-up: the summary index, the bytecode
        run(argv)
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = {}
    for _ in range(repeat):  # in turn, so a slow moment of the machine touches them all
        for name, argv in commands.items():
            took, peak = run(argv)
            times[name].append(took)
            peaks[name] = max(peaks.get(name, 0), peak)
    return {name: (statistics.median(t), peaks[name]) for name, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=["html", "md"],
                        choices=["html", "md", "docx"])
    args = parser.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
    print(f"facilitator report as a process (median of {args.repeat} runs), each against the "
          "baselines of the same run")
    for total in (50, 1000):
        with tempfile.TemporaryDirectory() as folder:
            store = build(Path(folder) / "sessions", total)
            found = measure(store, args.formats, args.repeat)
        floor, decisions = found["floor"][0], found["decisions"][0]
        print(f"  50 meetings, {total:,} sessions on disk: raw read floor {floor:.2f} s, "
              f"'facilitator decisions' {decisions:.2f} s ({found['decisions'][1]} MiB)")
        for name, (took, peak) in found.items():
            if name.startswith("report"):
                print(f"    {name:<12} {took:5.2f} s  {took / decisions:4.1f}x decisions  "
                      f"{took / floor:5.1f}x the floor  peak {peak} MiB")


if __name__ == "__main__":
    main()
