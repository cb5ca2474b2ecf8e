"""Sample sessions for a newcomer: a past meeting with a full record, and an upcoming one.

The past meeting is recorded through the same Meeting and capture bar code a secretary
uses, with a clock that walks through the afternoon, so the demo is a real record.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.checklists import BUILT_IN
from facilitator.core.meeting import Meeting
from facilitator.core.model import ChecklistAnswer
from facilitator.core.store import SessionStore
from facilitator.core.tracker import Archive

PARTNERSHIP = "Basingstoke Area Strategic Partnership (demo)"

PARTICIPANTS: list[dict[str, Any]] = [
    {
        "name": "Stephen Sheedy",
        "organisation": "Basingstoke and Deane Borough Council",
        "sector": "public",
    },
    {"name": "Priya Shah", "organisation": "Basingstoke Voluntary Action", "sector": "voluntary"},
    {"name": "Aisha Khan", "organisation": "Hampshire and Isle of Wight ICB", "sector": "health"},
    {"name": "Tom Reid", "organisation": "Hampshire Constabulary", "sector": "public"},
    {
        "name": "Maria Lopez",
        "organisation": "Oakridge Community Association",
        "sector": "community",
        "new": True,
    },
    {
        "name": "Helen Brooks",
        "organisation": "Basingstoke Chamber of Commerce",
        "sector": "private",
    },
    {
        "name": "Gareth Owen",
        "organisation": "Basingstoke College of Technology",
        "sector": "education",
        "apologies": True,
    },
]

ITEMS: list[dict[str, Any]] = [
    {"title": "Welcome and apologies", "minutes": 5, "kind": "information", "standing": True},
    {"title": "Declarations of interest", "minutes": 5, "kind": "information", "standing": True},
    {"title": "Minutes of the last meeting and matters arising", "minutes": 10, "standing": True},
    {"title": "Community safety priorities for 2027", "minutes": 20, "lead": "Tom Reid"},
    {
        "title": "Youth services contract: commissioning options",
        "minutes": 15,
        "kind": "decision",
        "confidential": True,
        "lead": "Stephen Sheedy",
        "exempt_reason": "Paragraph 3 of Schedule 12A: the bidders' prices and business plans",
    },
    {"title": "Partnership checklist review", "minutes": 15, "kind": "review", "standing": True},
    {"title": "Any other business", "minutes": 5, "standing": True},
    {"title": "Date of next meeting", "minutes": 5, "kind": "information", "standing": True},
]

# (minutes into the meeting, captured line) — typed as a secretary would.
PAST_MEETING = [
    (1, "Stephen welcomed everyone, and Maria Lopez to her first meeting"),
    (2, "Apologies received from Gareth Owen (College)"),
    (4, "/next"),
    (5, "Helen Brooks declared an interest in item 5 as a trustee of a bidder"),
    (8, "/next"),
    (9, "Minutes of the last meeting agreed as a true record"),
    (12, "/action @Priya circulate the revised terms of reference by end of month"),
    (18, "/next"),
    (
        20,
        "Tom presented the draft priorities: anti-social behaviour, county lines, "
        "violence against women and girls",
    ),
    (26, "Maria asked that tenants' groups on the Oakridge estate are consulted"),
    (29, "Aisha offered ICB data on A&E attendances linked to assaults"),
    (33, "/decision Adopt the three draft priorities for consultation @Tom Reid"),
    (35, "/action @Aisha share assault-related A&E data with the police analyst due in 3 weeks"),
    (36, "/action @Maria arrange a meeting with Oakridge tenants' groups due in 4 weeks"),
    (39, "/next"),
    (41, "Item taken as confidential; Helen Brooks left the room for this item"),
    (50, "/decision Extend the current youth services contract by six months @Council"),
    (53, "/next"),
    (70, "/next"),
    (71, "The Chamber's breakfast briefing is on the second Tuesday of each month"),
    (74, "/next"),
    (76, "Next meeting in three weeks, Civic Offices"),
    (77, "/nextmeeting in 6 weeks 2pm"),  # the upcoming demo meeting: the minutes' last line
    (78, "/end"),
]

CHECKLIST_REVIEW = [  # (ref, answer, note)
    ("I1", "yes", ""),
    ("I2", "yes", ""),
    ("I3", "no", "No youth voice at the table yet"),
    ("I4", "yes", ""),
    ("I5", "unsure", ""),
    ("I6", "yes", ""),
    ("I7", "unsure", "Costs fall mostly on the council"),
    ("I8", "yes", ""),
    ("I9", "yes", ""),
    ("I10", "yes", ""),
    ("I11", "unsure", ""),
    ("I12", "no", "Papers arrived late twice this year"),
    ("I13", "yes", "This review"),
]


def _agenda(title: str, when: datetime, today: date) -> dict[str, Any]:
    return {
        "title": title,
        "partnership": PARTNERSHIP,
        "date": when.strftime("%d/%m/%Y %H:%M"),
        "venue": "Civic Offices, Room 2",
        "chair": "Stephen Sheedy",
        "secretary": "Priya Shah",
        "participants": PARTICIPANTS,
        "items": ITEMS,
    }


def existing_demo(store: SessionStore) -> list[str]:
    return [
        info["id"] for info in Archive(store).listings() if info["partnership"] == PARTNERSHIP
    ]


def create_demo(store: SessionStore, now: datetime) -> list[str]:
    """Create the sample sessions; returns their ids (past first)."""
    today = now.date()
    past_start = datetime.combine(today - timedelta(days=21), datetime.min.time()).replace(hour=14)
    next_start = past_start + timedelta(days=42)
    past = agenda_from_dict(_agenda("Partnership Board", past_start, today), today)
    upcoming = agenda_from_dict(_agenda("Partnership Board", next_start, today), today)
    for participant in upcoming.participants:
        participant.new = False
    past_id = store.create(past)
    upcoming_id = store.create(upcoming)
    _record_past_meeting(store, past_id, past_start)
    return [past_id, upcoming_id]


def _record_past_meeting(store: SessionStore, session_id: str, start: datetime) -> None:
    clock_at = [start]
    writer = store.writer(session_id)
    try:
        meeting = Meeting(writer, clock=lambda: clock_at[0])
        for minute, line in PAST_MEETING:
            clock_at[0] = start + timedelta(minutes=minute)
            if line == "/end":
                record_checklist(meeting, clock_at[0])
            meeting.capture(line)
    finally:
        writer.close()


def record_checklist(
    meeting: Meeting, at: datetime, answers: list[tuple[str, str, str]] = CHECKLIST_REVIEW
) -> None:
    """The room's answers (ref, answer, note) to the 13 ingredients, on the review item."""
    review = next(i for i in meeting.session.agenda if i.kind == "review")
    ingredients = BUILT_IN["ingredients"]
    for ref, answer, note in answers:
        meeting.writer.insert(
            "checklist",
            ChecklistAnswer(
                checklist="ingredients",
                ref=ref,
                answer=answer,
                note=note,
                item=review.id,
                at=at.isoformat(timespec="seconds"),
                text=ingredients.items[int(ref[1:]) - 1].text,
                title=ingredients.title,
            ),
        )
