"""The demo partnership's year: five earlier board meetings, a steering-group meeting, then
the two sessions of :func:`facilitator.core.demo.create_demo` (the last meeting and the next).

Every meeting is recorded through the same Meeting and capture bar a secretary uses, with a
clock that walks through the afternoon, so each is a real record: attendance that varies
(apologies, an absence, a late arrival, an early departure, a meeting that was not quorate),
a substitute and someone joining by video, declarations of interest, decisions (one with
dissent), actions followed up at later meetings — some on time, some late, some left
overdue — turns that show who is heard, a checklist review half way through the year (the
last meeting holds the second) and a compact challenge referred to the steering group.
Dates are relative to today, every nine weeks back from the last meeting, so the year is
always the last twelve months.

``/done {2.1}`` in a script is the first action of the year's second meeting, its code
(``S.N``) worked out when the line is typed, as the secretary would read it off the tracker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.challenges import ChallengeBook
from facilitator.core.demo import PARTNERSHIP, create_demo, record_checklist
from facilitator.core.meeting import Meeting
from facilitator.core.store import SessionStore
from facilitator.core.tracker import Archive

REVIEW = "(review)"  # in a script: the checklist review is taken here ("(review) I12 @WHO …":
# and an improvement action for that item)

# Before Maria Lopez joined (the last meeting is her first), Oakridge Community Association
# sent Daniel Okoro.
BOARD: list[dict[str, Any]] = [
    {
        "name": "Stephen Sheedy",
        "organisation": "Basingstoke and Deane Borough Council",
        "sector": "public",
    },
    {"name": "Priya Shah", "organisation": "Basingstoke Voluntary Action", "sector": "voluntary"},
    {"name": "Aisha Khan", "organisation": "Hampshire and Isle of Wight ICB", "sector": "health"},
    {"name": "Tom Reid", "organisation": "Hampshire Constabulary", "sector": "public"},
    {
        "name": "Daniel Okoro",
        "organisation": "Oakridge Community Association",
        "sector": "community",
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
    },
]

STEERING: list[dict[str, Any]] = [
    {
        "name": "Stephen Sheedy",
        "organisation": "Basingstoke and Deane Borough Council",
        "sector": "public",
    },
    {"name": "Priya Shah", "organisation": "Basingstoke Voluntary Action", "sector": "voluntary"},
    {
        "name": "Daniel Okoro",
        "organisation": "Oakridge Community Association",
        "sector": "community",
    },
    {"name": "Aisha Khan", "organisation": "Hampshire and Isle of Wight ICB", "sector": "health"},
]


def _opening(*topics: dict[str, Any]) -> list[dict[str, Any]]:
    standing = {"standing": True}
    return [
        {"title": "Welcome and apologies", "minutes": 5, "kind": "information", **standing},
        {"title": "Declarations of interest", "minutes": 5, "kind": "information", **standing},
        {"title": "Minutes of the last meeting and matters arising", "minutes": 10, **standing},
        *topics,
        {"title": "Any other business", "minutes": 5, **standing},
    ]


@dataclass
class Script:
    """One meeting of the year: when (weeks before the last board meeting), what, and the
    lines typed, each at so many minutes into the meeting."""

    weeks_before: int
    title: str
    items: list[dict[str, Any]]
    lines: list[tuple[int, str]]
    people: list[dict[str, Any]] = field(default_factory=lambda: BOARD)
    apologies: tuple[str, ...] = ()  # sent before the meeting (the plan)
    remote: tuple[str, ...] = ()  # to attend by video (the plan)
    extra: list[dict[str, Any]] = field(default_factory=list)  # a substitute, in the plan
    quorum: int = 4
    review: list[tuple[str, str, str]] = field(default_factory=list)  # (ref, answer, note)
    steering: bool = False


YEAR: list[Script] = [
    Script(
        45,
        "Partnership Board",
        _opening(
            {"title": "Cost of living: winter support", "minutes": 20, "lead": "Priya Shah"},
            {
                "title": "Partnership funding for 2026/27",
                "minutes": 15,
                "kind": "decision",
                "lead": "Stephen Sheedy",
            },
        ),
        [
            (1, "Stephen welcomed everyone to the first meeting of the year"),
            (2, "Apologies received from Gareth Owen"),
            (3, "/next"),
            (4, "/interest Aisha item 5 the ICB part-funds two likely grant applicants"),
            (5, "/next"),
            (6, "Minutes of the last meeting agreed"),
            (9, "/next"),
            (10, "/speak Priya"),
            (14, "Priya reported 40% more requests for food support than last winter"),
            (15, "/speak Aisha"),
            (18, "/speak Daniel"),
            (21, "/speak Stephen"),
            (24, "/speak Helen"),
            (25, "/stop"),
            (
                26,
                "/action @Priya map warm spaces across the borough and share the list "
                "due in 20 weeks",
            ),
            (27, "/action @Stephen confirm the council's hardship fund criteria due in 3 weeks"),
            (29, "/next"),
            (30, "/speak Stephen"),
            (36, "/speak Tom"),
            (39, "/speak Priya"),
            (42, "/stop"),
            (43, "/decision Pool £20,000 of partner contributions for small grants @Council"),
            (44, "/action @Priya draft the small grants criteria due in 10 weeks"),
            (45, "/next"),
            (49, "/end"),
        ],
        apologies=("Gareth Owen",),
    ),
    Script(
        36,
        "Partnership Board",
        _opening(
            {"title": "Small grants: criteria", "minutes": 15, "kind": "decision"},
            {"title": "Town centre night-time economy", "minutes": 20, "lead": "Tom Reid"},
        ),
        [
            (1, "Apologies: none received. Helen Brooks was not present"),
            (2, "/absent Helen"),
            (3, "/next"),
            (4, "/interest Daniel item 4 Oakridge Community Association may apply for a grant"),
            (5, "/next"),
            (6, "Minutes agreed"),
            (7, "/done {1.2} criteria confirmed by email"),
            (9, "/arrived Aisha"),
            (10, "/next"),
            (11, "/speak Priya"),
            (16, "/speak Stephen"),
            (19, "/speak Daniel"),
            (21, "/stop"),
            (22, "/done {1.3} criteria presented today"),
            (
                23,
                "/decision Adopt the small grants criteria, grants up to £2,000 @Priya Shah",
            ),
            (24, "/dissent Tom the police would prefer a cap of £1,000 and more grants"),
            (25, "/next"),
            (26, "/speak Tom"),
            (33, "/speak Stephen"),
            (36, "/speak Gareth"),
            (38, "/speak Aisha"),
            (40, "/stop"),
            (41, "/action @Tom share the night-time footfall and incident data due in 10 weeks"),
            (42, "/action @Gareth ask students' union about safe travel home due in 12 weeks"),
            (45, "/next"),
            (48, "/end"),
        ],
    ),
    Script(
        27,
        "Partnership Board",
        _opening(
            {"title": "Partnership checklist review", "minutes": 20, "kind": "review"},
            {"title": "Youth voice on the partnership", "minutes": 15, "lead": "Gareth Owen"},
        ),
        [
            (1, "Apologies from Tom Reid; PC Jo Bell attends for Hampshire Constabulary"),
            (3, "/next"),
            (4, "No interests declared"),
            (5, "/next"),
            (6, "Minutes agreed"),
            (7, "/done {1.1} list of 23 warm spaces shared with partners"),
            (8, "/done {2.1} data shared with the analyst"),
            (10, "/next"),
            (11, "The partnership reviewed itself against the thirteen ingredients"),
            (
                12,
                f"{REVIEW} I12 @Priya agree a timetable that sends papers out a week before "
                "each meeting due in 32 weeks",
            ),
            (12, "/speak Stephen"),
            (17, "/speak Priya"),
            (22, "/speak Daniel"),
            (26, "/speak Aisha"),
            (29, "/stop"),
            (
                30,
                "/action @Stephen propose a rota for chairing and hosting meetings due in 16 weeks",
            ),
            (31, "/next"),
            (32, "/speak Gareth"),
            (38, "/speak Daniel"),
            (41, "/speak Helen"),
            (42, "/stop"),
            (
                43,
                "/decision Invite two young people from the youth council as co-opted members "
                "@Gareth Owen",
            ),
            (44, "/action @Gareth invite the youth council to nominate two members due in 6 weeks"),
            (45, "/next"),
            (49, "/end"),
        ],
        apologies=("Tom Reid",),
        extra=[
            {
                "name": "Jo Bell",
                "organisation": "Hampshire Constabulary",
                "sector": "public",
                "substitute_for": "Tom Reid",
            }
        ],
        review=[
            ("I1", "yes", ""),
            ("I2", "unsure", "Not every partner has signed up to the shared vision"),
            ("I3", "no", "No youth voice at the table"),
            ("I4", "yes", ""),
            ("I5", "no", "Papers and minutes go to members only"),
            ("I6", "unsure", ""),
            ("I7", "no", "Costs fall mostly on the council"),
            ("I8", "yes", ""),
            ("I9", "unsure", ""),
            ("I10", "yes", ""),
            ("I11", "no", "No agreed way to resolve a disagreement"),
            ("I12", "no", "Papers arrived late at three meetings"),
            ("I13", "unsure", "First review"),
        ],
    ),
    Script(
        22,
        "Compact Steering Group",
        [
            {"title": "Welcome and apologies", "minutes": 5, "kind": "information"},
            {"title": "The compact's use across the partnership", "minutes": 20},
            {"title": "Compact Champions", "minutes": 10, "kind": "decision"},
            {"title": "Any other business", "minutes": 5},
        ],
        [
            (1, "All members present"),
            (2, "/next"),
            (3, "/speak Priya"),
            (9, "/speak Stephen"),
            (14, "/speak Daniel"),
            (18, "/stop"),
            (
                19,
                "Voluntary partners report that the council's consultations still often allow "
                "less than the twelve weeks the compact expects",
            ),
            (
                21,
                "/action @Stephen remind council services of the compact's consultation "
                "undertakings due in 4 weeks",
            ),
            (
                21,
                "Challenge 1 (Basingstoke Voluntary Action and the Borough Council: notice of "
                "grant changes) referred to the steering group; Daniel Okoro and Aisha Khan "
                "nominated to consider it and make recommendations",
            ),
            (22, "/next"),
            (
                24,
                "/decision Priya Shah and Stephen Sheedy are the partnership's Compact "
                "Champions @Stephen Sheedy",
            ),
            (27, "/next"),
            (30, "/end"),
        ],
        people=STEERING,
        quorum=3,
        steering=True,
    ),
    Script(
        18,
        "Partnership Board",
        _opening(
            {"title": "Summer activities programme", "minutes": 15, "lead": "Priya Shah"},
            {"title": "Homelessness strategy consultation", "minutes": 15},
        ),
        [
            (1, "Apologies from Aisha Khan, Tom Reid and Gareth Owen; Helen Brooks absent"),
            (2, "/absent Helen"),
            (3, "The meeting was not quorate: items for decision are carried to the next meeting"),
            (4, "/next"),
            (5, "No interests declared"),
            (6, "/next"),
            (7, "Minutes to be agreed at the next quorate meeting"),
            (8, "/done {2.2} students' union has published a safe travel guide"),
            (10, "/next"),
            (11, "/speak Priya"),
            (16, "/speak Stephen"),
            (19, "/speak Daniel"),
            (22, "/stop"),
            (23, "/action @Priya circulate the summer programme to all partners due in 2 weeks"),
            (25, "/next"),
            (26, "The consultation response will be drafted by the council for the next meeting"),
            (40, "/next"),
            (43, "/end"),
        ],
        apologies=("Aisha Khan", "Tom Reid", "Gareth Owen"),
    ),
    Script(
        9,
        "Partnership Board",
        _opening(
            {
                "title": "Homelessness strategy consultation response",
                "minutes": 15,
                "kind": "decision",
                "lead": "Stephen Sheedy",
            },
            {"title": "Youth council members", "minutes": 10, "lead": "Gareth Owen"},
        ),
        [
            (1, "Apologies from Daniel Okoro; Gareth Owen joins by video"),
            (2, "/next"),
            (3, "/interest Helen item 4 the Chamber manages two properties let to the council"),
            (4, "/next"),
            (5, "Minutes of the last two meetings agreed"),
            (6, "/done {5.1} circulated late, after the summer programme had started"),
            (7, "/done {3.2} two members nominated"),
            (9, "/next"),
            (10, "/speak Stephen"),
            (15, "/speak Aisha"),
            (18, "/speak Priya"),
            (20, "/speak Tom"),
            (22, "/stop"),
            (
                23,
                "/decision Submit the joint response to the homelessness strategy consultation "
                "@Council",
            ),
            (
                24,
                "/dissent Priya the response should ask for a night shelter all year round",
            ),
            (
                25,
                "/action @Stephen send the response with the partners' comments due in 2 weeks",
            ),
            (27, "/next"),
            (28, "/speak Gareth"),
            (33, "/speak Helen"),
            (34, "/stop"),
            (35, "Two members of the youth council will join from the next meeting"),
            (36, "/action @Helen ask Chamber members to offer work placements due in 5 weeks"),
            (38, "/next"),
            (40, "/left Helen"),
            (42, "/end"),
        ],
        apologies=("Daniel Okoro",),
        remote=("Gareth Owen",),
    ),
]


def year_start(today: date) -> datetime:
    """When the last board meeting of the demo began (as demo.create_demo has it)."""
    return datetime.combine(today - timedelta(days=21), datetime.min.time()).replace(hour=14)


def create_demo_year(store: SessionStore, now: datetime) -> list[str]:
    """The whole demo: the year's meetings, then the last one and the next (``create_demo``,
    whose two ids stay as they were); returns every id, oldest first."""
    return [*create_year(store, now), *create_demo(store, now)]


def create_year(store: SessionStore, now: datetime) -> list[str]:
    """Create and record the year's earlier meetings; returns their ids, oldest first.
    Called before :func:`demo.create_demo`, which adds the last meeting and the next."""
    last_board = year_start(now.date())
    made: list[tuple[str, datetime, Script]] = []
    for script in YEAR:
        start = last_board - timedelta(weeks=script.weeks_before)
        if script.steering:
            start = start.replace(hour=10)
        session = agenda_from_dict(_agenda(script, start), start.date())
        session.info.steering_group = script.steering
        made.append((store.create(session), start, script))
    ids = [sid for sid, _, _ in made]
    for sid, start, script in made:
        _record(store, sid, start, script, ids)
    _challenge(store, {script.title: (sid, start) for sid, start, script in made}, made)
    return ids


def _challenge(
    store: SessionStore,
    by_title: dict[str, tuple[str, datetime]],
    made: list[tuple[str, datetime, Script]],
) -> None:
    """A compact challenge (Kirklees §4) that reached stage b: raised by the voluntary
    sector's umbrella body against the council, discussed between them (a), referred to the
    steering group, which nominated two people (b), and their recommendations made at a later
    board meeting; still open."""
    steering_id, steering_at = by_title["Compact Steering Group"]
    board = [(sid, start) for sid, start, script in made if not script.steering]
    raised_at = board[2][1] - timedelta(weeks=2)
    book = ChallengeBook(store.root)
    case = book.raise_challenge(
        partnership=PARTNERSHIP,
        raised_by="Basingstoke Voluntary Action",
        against="Basingstoke and Deane Borough Council",
        undertaking="Communicate decisions to change any contract amount significantly at the "
        "earliest possible opportunity",
        evidence="Three youth projects were told of a 30% cut to their grants two weeks "
        "before it took effect, with no consultation",
        on=raised_at.date(),
        now=raised_at,
    )
    number = case.number
    informed = raised_at + timedelta(days=3)
    book.inform(number, ["Priya Shah", "Stephen Sheedy"], on=informed.date(), now=informed)
    book.refer(
        number,
        ["Daniel Okoro", "Aisha Khan"],
        on=steering_at.date(),
        now=steering_at + timedelta(minutes=25),
        session=steering_id,
    )
    later_id, later_at = board[-1]
    book.recommend(
        number,
        "The council gives three months' notice of any change of more than 10% to a "
        "voluntary sector grant, and meets the youth projects before the next grant round",
        on=later_at.date(),
        now=later_at + timedelta(minutes=30),
        session=later_id,
    )


def _agenda(script: Script, start: datetime) -> dict[str, Any]:
    people = [
        dict(p, apologies=p["name"] in script.apologies, remote=p["name"] in script.remote)
        for p in script.people
    ] + script.extra
    return {
        "title": script.title,
        "partnership": PARTNERSHIP,
        "date": start.strftime("%d/%m/%Y %H:%M"),
        "venue": "Civic Offices, Room 2",
        "chair": "Stephen Sheedy",
        "secretary": "Priya Shah",
        "quorum": script.quorum,
        "participants": people,
        "items": script.items,
    }


_CODE = re.compile(r"\{(\d+)\.(\d+)\}")


def _code(store: SessionStore, ids: list[str], match: re.Match[str]) -> str:
    """``{2.1}``: the code of the first action of the year's second meeting."""
    session_id, number = ids[int(match.group(1)) - 1], int(match.group(2))
    rows = [r for r in Archive(store).actions() if r.session == session_id]
    return next(r.code for r in rows if r.number == number)


def _record(
    store: SessionStore, session_id: str, start: datetime, script: Script, ids: list[str]
) -> None:
    clock_at = [start]
    writer = store.writer(session_id)
    try:
        meeting = Meeting(writer, clock=lambda: clock_at[0])
        for minute, line in script.lines:
            clock_at[0] = start + timedelta(minutes=minute)
            if line.startswith(REVIEW):  # the room's answers, then an improvement action
                record_checklist(meeting, clock_at[0], script.review)
                ref, _, body = line.removeprefix(REVIEW).strip().partition(" ")
                meeting.improvement_action("ingredients", ref, body)
                continue
            meeting.capture(_CODE.sub(lambda m: _code(store, ids, m), line))
    finally:
        writer.close()
