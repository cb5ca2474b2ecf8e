"""A synthetic series of 12 meetings of one partnership, with known attendance,
declarations, decisions, actions, turns and reviews, for the registers and the annual
report. Every figure a register gives for it can be worked out by hand from the tables
below (tests/core/test_registers.py does, with the sums in comments).

``series_sessions()`` builds the sessions in memory (no store); ``save_series(store)``
writes them to a store, plus a 13th meeting that is still upcoming (not held: counted
nowhere), and returns the ids in date order.

The meetings are on the 10th of each month at 14:00, from December 2025 (meeting 1) to
November 2026 (meeting 12); every one ended. Quorum 4, but none set at meeting 12. Item 4
of every agenda is exempt ("Contract award <SENTINEL>"): what is recorded under it carries
SENTINEL and must never reach a public register.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from facilitator.core.model import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    ChecklistAnswer,
    Decision,
    Interest,
    Participant,
    Session,
    SessionInfo,
    Turn,
)
from tests.helpers import SENTINEL

PARTNERSHIP = "Riverside Partnership"
TITLE = "Riverside Partnership Board"
MEETINGS = 12
START = date(2025, 12, 1)  # the window that holds all twelve
END = date(2026, 11, 30)
TODAY = date(2026, 12, 2)

# name, organisation, sector
MEMBERS = [
    ("Ann Able", "Council", "public"),
    ("Bob Brown", "Police", "public"),
    ("Cara Cole", "CVS", "voluntary"),
    ("Dev Dhar", "Tenants", "community"),
    ("Eve Ewing", "College", "education"),
]
SUBSTITUTE = ("Bill Black", "Police", "public")  # stands in for Bob Brown at meeting 6

# Attendance, meeting by meeting (1-based). Not listed: present (marked present).
APOLOGIES = {
    "Bob Brown": {3, 6, 9, 12},
    "Dev Dhar": {10, 11},
    "Eve Ewing": {1, 2, 3, 4, 5, 6},
}
ABSENT = {"Cara Cole": {2}, "Eve Ewing": {7, 8}}
LATE = {"Dev Dhar": {1, 8}}  # not marked, then /arrived during item 2
LEFT = {"Cara Cole": {7}}  # /left during item 3, never came back
REMOTE = {"Cara Cole": {4, 5}, "Eve Ewing": {12}}

ITEMS = ["Welcome and apologies", "Grants", "Housing", f"Contract award {SENTINEL}"]
EXEMPT = 4  # item id of the exempt item

# meeting → [(name, item id, text)]; and one withdrawn declaration at meeting 9
INTERESTS = {
    2: [("Cara Cole", 2, "trustee of an applicant charity")],
    5: [("Dev Dhar", 3, "tenant on the estate"), ("Ann Able", 3, "councillor for the ward")],
    8: [("Cara Cole", EXEMPT, f"related to {SENTINEL}")],
}

# meeting → [dict of Decision fields]; a withdrawn decision at meeting 11
DECISIONS: dict[int, list[dict[str, Any]]] = {
    1: [dict(item=2, text="Adopt the plan", owner="Ann Able", review="2026-06-30")],
    3: [
        dict(item=3, text="Fund the hub", owner="Council", how="vote", votes_for=3, votes_against=1)
    ],
    4: [dict(item=3, text="Close the office", owner="Bob Brown", status="not agreed")],
    6: [dict(item=2, text="Extend the pilot", status="deferred")],
    7: [
        dict(
            item=3,
            text="Publish the report",
            owner="Cara Cole",
            review="2027-01-15",
            dissent="Cara Cole disagreed: too early",
        )
    ],
    8: [
        dict(
            item=EXEMPT,
            text=f"Award the contract to {SENTINEL}",
            owner="Ann Able",
            review="2026-09-01",
        )
    ],
    10: [dict(item=2, text="Renew the compact", owner="Dev Dhar", review="2026-11-20")],
}

# meeting → [(Action fields, [(ISO date, status change)])]; a withdrawn action at meeting 11
ACTIONS: dict[int, list[tuple[dict[str, Any], list[tuple[str, str]]]]] = {
    1: [
        (
            dict(item=2, text="Draft the plan", owner="Ann Able", due="2026-01-05", status="done"),
            [("2026-01-03", "open → done")],
        )
    ],
    2: [
        (
            dict(item=2, text="Book the hall", owner="Bob Brown", due="2026-02-01", status="done"),
            [("2026-02-20", "open → done")],
        )
    ],
    3: [(dict(item=3, text="Survey tenants", owner="Dev Dhar", due="2026-05-01"), [])],
    5: [
        (
            dict(
                item=3,
                text="Write to the MP",
                owner="Cara Cole",
                due="2026-07-01",
                status="dropped",
            ),
            [("2026-06-10", "open → dropped")],
        )
    ],
    6: [(dict(item=2, text="Review grants", owner="Eve Ewing", due="2026-12-31"), [])],
    8: [
        (
            dict(
                item=EXEMPT, text=f"Tell {SENTINEL} the outcome", owner="Ann Able", due="2026-09-30"
            ),
            [],
        )
    ],
    9: [
        (
            dict(item=3, text="Fix the lights", owner="Council", due="2026-10-01", status="done"),
            [("2026-12-01", "open → done")],
        )
    ],  # done after END
    10: [
        (
            dict(
                item=2, text="Send the minutes", owner="Bob Brown", due="2026-10-20", status="done"
            ),
            [("2026-10-15", "open → done")],
        )
    ],
    12: [(dict(item=2, text="Plan next year"), [])],
}

# meeting → [(name, item id, seconds)], one turn after another from 14:05
TURNS = {
    1: [("Ann Able", 2, 120), ("Bob Brown", 2, 60), ("Ann Able", 3, 60), ("Cara Cole", 3, 60)],
    7: [("Dev Dhar", 2, 180), ("Cara Cole", 2, 60), ("Ann Able", 3, 60)],
}

# meeting → [(checklist ref, answer, item id)]: the "ingredients" checklist
REVIEWS = {
    4: [("I1", "yes", 3), ("I2", "no", 3)],
    10: [("I1", "yes", 3), ("I2", "yes", 3), ("I3", "no", EXEMPT)],
}


def meeting_date(n: int) -> str:
    """Meeting ``n``'s ISO date and time: the 10th, monthly from December 2025."""
    year, month = (2025, 12) if n == 1 else (2026, n - 1)
    return f"{year}-{month:02d}-10T14:00"


def _at(n: int, minutes: int) -> str:
    day = meeting_date(n)[:10]
    return f"{day}T{14 + minutes // 60:02d}:{minutes % 60:02d}:00"


def meeting(n: int) -> Session:
    """Meeting ``n`` (1 to 12) of the series."""
    info = SessionInfo(
        id=f"riverside-{n:02d}",
        title=TITLE,
        partnership=PARTNERSHIP,
        date=meeting_date(n),
        quorum=0 if n == 12 else 4,
        state="ended",
        started_at=_at(n, 0),
        ended_at=_at(n, 90),
    )
    s = Session(info)
    s.agenda = [
        AgendaItem(title=t, id=i, position=i - 1, confidential=i == EXEMPT)
        for i, t in enumerate(ITEMS, start=1)
    ]
    seq = iter(range(1, 1000))
    for pid, (name, org, sector) in enumerate(MEMBERS):
        p = Participant(name=name, organisation=org, sector=sector, id=pid)
        if n in APOLOGIES.get(name, ()):
            p.apologies, p.attendance = True, "apologies"
        elif n in ABSENT.get(name, ()):
            p.attendance = "absent"
        elif n in LATE.get(name, ()):
            s.attendance.append(
                Attendance(item=2, text="arrived", name=name, at=_at(n, 20), seq=next(seq))
            )
        else:
            p.attendance = "present"
        p.remote = n in REMOTE.get(name, ())
        if n in LEFT.get(name, ()):
            s.attendance.append(
                Attendance(item=3, text="left", name=name, at=_at(n, 50), seq=next(seq))
            )
        s.participants.append(p)
    if n == 6:
        name, org, sector = SUBSTITUTE
        s.participants.append(
            Participant(
                name=name,
                organisation=org,
                sector=sector,
                attendance="present",
                substitute_for="Bob Brown",
                id=len(MEMBERS),
            )
        )
    for name, item, text in INTERESTS.get(n, []):
        s.interests.append(Interest(item=item, text=text, name=name, at=_at(n, 10), seq=next(seq)))
    if n == 9:
        s.interests.append(
            Interest(
                item=2,
                text="withdrawn",
                name="Bob Brown",
                at=_at(n, 10),
                seq=next(seq),
                withdrawn=True,
                withdrawn_at=_at(n, 11),
            )
        )
    for fields in DECISIONS.get(n, []):
        s.decisions.append(Decision(at=_at(n, 30), seq=next(seq), **fields))
    if n == 11:
        s.decisions.append(
            Decision(item=2, text="withdrawn", at=_at(n, 30), seq=next(seq), withdrawn=True)
        )
    for fields, updates in ACTIONS.get(n, []):
        action = Action(at=_at(n, 40), seq=next(seq), **fields)
        s.actions.append(action)
        for day, change in updates:
            s.action_updates.append(
                ActionUpdate(action=action.seq, at=f"{day}T09:00:00", change=f"status: {change}")
            )
            action.updated_at = f"{day}T09:00:00"
    if n == 11:
        s.actions.append(
            Action(item=2, text="withdrawn", at=_at(n, 40), seq=next(seq), withdrawn=True)
        )
    clock = datetime.fromisoformat(_at(n, 5))
    for name, item, seconds in TURNS.get(n, []):
        end = clock + timedelta(seconds=seconds)
        s.turns.append(Turn(name=name, item=item, start=clock.isoformat(), end=end.isoformat()))
        clock = end
    for ref, answer, item in REVIEWS.get(n, []):
        s.checklist.append(
            ChecklistAnswer(
                checklist="ingredients", ref=ref, answer=answer, item=item, at=_at(n, 60)
            )
        )
    return s


def series_sessions() -> list[Session]:
    """The 12 meetings, oldest first."""
    return [meeting(n) for n in range(1, MEETINGS + 1)]


def upcoming() -> Session:
    """A 13th meeting, still upcoming on 10 December 2026: held by nobody yet."""
    s = meeting(12)
    s.info.id, s.info.date, s.info.state = "riverside-13", "2026-12-10T14:00", "upcoming"
    s.info.started_at = s.info.ended_at = ""
    s.interests, s.decisions, s.actions, s.action_updates, s.turns, s.checklist = (
        [],
        [],
        [],
        [],
        [],
        [],
    )
    s.attendance = []
    return s


def save_series(store: Any) -> list[str]:
    """Write the 12 meetings and the upcoming 13th to ``store``; their ids, oldest first."""
    return [store.create(s) for s in [*series_sessions(), upcoming()]]
