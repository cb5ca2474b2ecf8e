"""Tests for carrying out captured lines against a session (core/meeting.py).

Each test opens a real session for writing in its own ``tmp_path`` and drives it through
``Meeting.capture`` with a hand-moved clock, then checks both what ``capture`` said and what
is on disk (read back by a fresh reader, not the writer's own memory).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.capture import CaptureError
from facilitator.core.meeting import Meeting, Outcome, item_elapsed, split_due
from facilitator.core.model import Action, Decision, Note
from facilitator.core.store import SessionStore
from tests.helpers import MeetingRig

START = datetime(2026, 11, 23, 14, 0, 0)  # a Monday afternoon
TODAY = START.date()
COUNCIL = "Northfield Borough Council"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)


def board(**overrides: Any) -> dict[str, Any]:
    """A small partnership board agenda, in the shape of the TOML file."""
    data: dict[str, Any] = {
        "title": "Partnership Board",
        "partnership": "Northfield Community Safety Partnership",
        "date": "23/11/2026 14:00",
        "venue": "Town Hall, Room 4",
        "chair": "Joan Pike",
        "secretary": "Sam Okafor",
        "participants": [
            {"name": "Joan Pike", "organisation": COUNCIL, "sector": "public"},
            {"name": "Sam Okafor", "organisation": "Northfield CVS", "sector": "voluntary"},
            {"name": "Sam Reed", "organisation": "Hope Street Tenants", "sector": "community"},
            {"name": "Ravi Patel", "organisation": "Wessex Police", "sector": "public"},
            {"name": "Grace Obi", "organisation": "Northfield PCN", "sector": "health"},
        ],
        "items": [
            {"title": "Welcome and apologies", "minutes": 5, "kind": "information"},
            {"title": "Street lighting on Hope Street", "minutes": 15},
            {"title": "Youth services contract", "minutes": 20},
            {"title": "Any other business", "minutes": 5},
        ],
    }
    data.update(overrides)
    return data


class Rig(MeetingRig):
    """A meeting to drive (see tests.helpers.MeetingRig)."""


def make_rig(tmp_path: Path, data: dict[str, Any] | None = None) -> Rig:
    store = SessionStore(tmp_path / "sessions")
    sid = store.create(agenda_from_dict(data or board(), TODAY))
    clock = FakeClock()
    return Rig(store, sid, clock, Meeting(store.writer(sid), clock=clock))


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    made = make_rig(tmp_path)
    yield made
    made.meeting.writer.close()


def only(entries: list[Any]) -> Any:
    assert len(entries) == 1, entries
    return entries[0]


# --------------------------------------------------------------------------- notes


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("Residents raised the broken lamp posts", "Residents raised the broken lamp posts"),
        ("/note Papers arrived late", "Papers arrived late"),
        ("#note Papers arrived late", "Papers arrived late"),
        ("//x", "/x"),
        ("//next week's visit is off", "/next week's visit is off"),
        ("  spaced out  ", "spaced out"),
        ("@Joan said hello", "@Joan said hello"),
    ],
)
def test_note_on_the_current_item(rig: Rig, line: str, text: str) -> None:
    outcome = rig.meeting.capture(line)
    assert outcome == Outcome("Note saved")
    note = only(rig.on_disk().notes)
    assert isinstance(note, Note)
    assert (note.text, note.item, note.at) == (text, 0, "2026-11-23T14:00:00")
    assert not note.withdrawn


def test_blank_line_does_nothing(rig: Rig) -> None:
    before = rig.path.read_bytes()
    assert rig.meeting.capture("   ") is None
    assert rig.path.read_bytes() == before


def test_notes_go_on_the_item_the_meeting_is_on(rig: Rig) -> None:
    rig.meeting.capture("on the welcome")
    rig.meeting.capture("/goto 3")
    rig.meeting.capture("on the youth contract")
    session = rig.on_disk()
    youth = session.agenda[2]
    assert [e.text for e in session.entries_for(youth.id)] == ["on the youth contract"]
    assert [e.text for e in session.entries_for(session.agenda[0].id)] == ["on the welcome"]
    assert [e.seq for e in session.entries] == [1, 2]


def test_first_entry_starts_the_meeting(rig: Rig) -> None:
    assert rig.on_disk().info.state == "upcoming"
    rig.clock.advance(90)
    rig.meeting.capture("we are under way")
    info = rig.on_disk().info
    assert info.state == "live"
    assert info.started_at == "2026-11-23T14:01:30"


# --------------------------------------------------------------------------- decisions


@pytest.mark.parametrize(
    ("line", "text", "owner"),
    [
        ("/decision Fund the new lamp posts @Council", "Fund the new lamp posts", COUNCIL),
        ("#agreed Fund the new lamp posts @Joan", "Fund the new lamp posts", "Joan Pike"),
        ("/decision @Ravi Patel to lead the review", "to lead the review", "Ravi Patel"),
        (
            "/decision Fund the new lamp posts @northfield borough council",
            "Fund the new lamp posts",
            COUNCIL,
        ),  # fmt: skip
        ("/decision Adopt the priorities @Police", "Adopt the priorities", "Wessex Police"),
    ],
)
def test_decision_with_owner(rig: Rig, line: str, text: str, owner: str) -> None:
    outcome = rig.meeting.capture(line)
    assert outcome is not None
    assert outcome.message.startswith(f"Decision saved — owner: {owner} · ")
    decision = only(rig.on_disk().decisions)
    assert isinstance(decision, Decision)
    assert (decision.text, decision.owner, decision.item) == (text, owner, 0)


def test_decision_without_owner_is_saved_and_says_so(rig: Rig) -> None:
    outcome = rig.meeting.capture("/decision Minutes agreed as a true record")
    assert outcome is not None and "no owner yet" in outcome.message
    decision = only(rig.on_disk().decisions)
    assert (decision.text, decision.owner) == ("Minutes agreed as a true record", "")


# --------------------------------------------------------------------------- actions

ACTION_CASES = [
    # (line, text, owner, due ISO, due as typed, echo)
    (
        "/action @Ravi check the lamp posts by friday",
        "check the lamp posts",
        "Ravi Patel",
        "2026-11-27",
        "friday",
        "Fri 27 Nov 2026",
    ),
    (
        "#action @Grace share the A&E data due 27/11/2026",
        "share the A&E data",
        "Grace Obi",
        "2026-11-27",
        "27/11/2026",
        "Fri 27 Nov 2026",
    ),
    (
        "/action @Joan write to residents by 3/12",
        "write to residents",
        "Joan Pike",
        "2026-12-03",
        "3/12",
        "Thu 3 Dec 2026",
    ),
    (
        "/action @Council resurface the path by 12 March 2027",
        "resurface the path",
        COUNCIL,
        "2027-03-12",
        "12 March 2027",
        "Fri 12 Mar 2027",
    ),
    (
        "/action @Sam Okafor circulate the ToR by end of month",
        "circulate the ToR",
        "Sam Okafor",
        "2026-11-30",
        "end of month",
        "Mon 30 Nov 2026",
    ),
    (
        "/action @Ravi brief the analyst due in 2 weeks",
        "brief the analyst",
        "Ravi Patel",
        "2026-12-07",
        "in 2 weeks",
        "Mon 7 Dec 2026",
    ),
    (
        "/action @Ravi brief the analyst DUE 2026-12-01",
        "brief the analyst",
        "Ravi Patel",
        "2026-12-01",
        "2026-12-01",
        "Tue 1 Dec 2026",
    ),
    (
        "/action send the minutes @Sam Reed by tomorrow",
        "send the minutes",
        "Sam Reed",
        "2026-11-24",
        "tomorrow",
        "Tue 24 Nov 2026",
    ),
    (
        "/action @Ravi go by bus to the depot by friday",
        "go by bus to the depot",
        "Ravi Patel",
        "2026-11-27",
        "friday",
        "Fri 27 Nov 2026",
    ),
]


@pytest.mark.parametrize(
    ("line", "text", "owner", "due", "due_text", "echo"),
    ACTION_CASES,
    ids=[c[0] for c in ACTION_CASES],
)
def test_action_with_owner_and_due_date(
    rig: Rig, line: str, text: str, owner: str, due: str, due_text: str, echo: str
) -> None:
    outcome = rig.meeting.capture(line)
    assert outcome is not None
    assert outcome.message == f"Action saved — {owner}, due {echo}"
    action = only(rig.on_disk().actions)
    assert isinstance(action, Action)
    assert (action.text, action.owner, action.due, action.due_text) == (
        text,
        owner,
        due,
        due_text,
    )
    assert action.status == "open"
    assert action.item == 0


def test_by_phone_is_not_a_date(rig: Rig) -> None:
    outcome = rig.meeting.capture("/action @Sam Okafor contact the residents by phone")
    assert outcome is not None
    assert outcome.message == "Action saved — Sam Okafor, no due date (add 'by DATE')"
    action = only(rig.on_disk().actions)
    assert (action.text, action.due, action.due_text) == ("contact the residents by phone", "", "")


def test_action_without_owner_is_saved_and_says_so(rig: Rig) -> None:
    outcome = rig.meeting.capture("/action book the room by friday")
    assert outcome is not None
    assert outcome.message == "Action saved — no owner yet (add @OWNER), due Fri 27 Nov 2026"
    assert only(rig.on_disk().actions).owner == ""


def test_the_due_date_is_read_against_the_meeting_clock(rig: Rig) -> None:
    rig.clock.now = datetime(2027, 1, 28, 10, 0)  # a Thursday
    rig.meeting.capture("/action @Joan reply by friday")
    assert only(rig.on_disk().actions).due == "2027-01-29"


# --------------------------------------------------------------------------- refusals

REFUSED = [
    # (line, fragment of the one-line reason)
    ("/action @Nobody check the lamp posts by friday", "@Nobody"),
    ("/action @Sam check the lamp posts", "Sam Okafor or Sam Reed"),
    ("/decision Fund the lamp posts @Sam", "Sam Okafor or Sam Reed"),
    ("/decision Fund the lamp posts @Nobody", "not a participant"),
    ("/action @Joan check the lamp posts by 31/02/2027", "February 2027 has no day 31"),
    ("/action @Joan check the lamp posts due blurgh", "blurgh"),
    ("/action @Joan check the lamp posts by 32/1", "32/1"),
    ("/action @Joan check the lamp posts due phone", "phone"),
    ("/action @Joan and @Ravi check the lamp posts", "only one @owner"),
    ("/action @Joan by friday", "needs its text"),
    ("/action @Joan", "needs its text"),
    ("/decision @Joan", "needs its text"),
    ("/frobnicate the lamp posts", "unknown command"),
    ("/next please", "takes nothing"),
    ("/goto 99", "no item 99"),
    ("/goto 0", "no item 0"),
    ("/goto lamp", "no agenda item matches 'lamp'"),
    ("/goto e", "matches items 1, 2, 3, 4"),
    ("/prev", "first item"),
    ("/reopen", "not ended"),
]


@pytest.mark.parametrize(("line", "fragment"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_line_saves_nothing(rig: Rig, line: str, fragment: str) -> None:
    rig.meeting.capture("an earlier note")
    before_bytes = rig.path.read_bytes()
    before_entries = list(rig.meeting.session.entries)
    with pytest.raises(CaptureError) as caught:
        rig.meeting.capture(line)
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message
    assert rig.path.read_bytes() == before_bytes
    assert rig.meeting.session.entries == before_entries
    assert rig.on_disk().info.current_item == 0


def test_refused_line_on_an_unstarted_meeting_does_not_start_it(rig: Rig) -> None:
    before = rig.path.read_bytes()
    for line in ("/action @Nobody x", "/action @Joan x by 31/02/2027", "/goto 9", "/prev"):
        with pytest.raises(CaptureError):
            rig.meeting.capture(line)
    assert rig.path.read_bytes() == before
    assert rig.on_disk().info.state == "upcoming"


def test_goto_with_a_non_ascii_digit_is_refused_as_a_capture_error(rig: Rig) -> None:
    """``"²".isdigit()`` is True but ``int("²")`` fails: the live screen catches only
    CaptureError, so anything else would crash it."""
    before = rig.path.read_bytes()
    with pytest.raises(CaptureError):
        rig.meeting.capture("/goto ²")
    assert rig.path.read_bytes() == before


def test_no_agenda_items_refuses_a_note(tmp_path: Path) -> None:
    made = make_rig(tmp_path, board(items=[]))
    try:
        before = made.path.read_bytes()
        with pytest.raises(CaptureError, match="no agenda items"):
            made.meeting.capture("a note with nowhere to go")
        assert made.path.read_bytes() == before
    finally:
        made.meeting.writer.close()


# --------------------------------------------------------------------------- moving


def test_next_prev_and_goto(rig: Rig) -> None:
    steps = [
        ("/next", 1, "Now on item 2: Street lighting on Hope Street"),
        ("/next", 2, "Now on item 3: Youth services contract"),
        ("/prev", 1, "Now on item 2: Street lighting on Hope Street"),
        ("/goto 4", 3, "Now on item 4: Any other business"),
        ("/goto street", 1, "Now on item 2: Street lighting on Hope Street"),
        ("#topic YOUTH", 2, "Now on item 3: Youth services contract"),
        ("#topic 1", 0, "Now on item 1: Welcome and apologies"),
        ("/goto other business", 3, "Now on item 4: Any other business"),
    ]
    for line, index, message in steps:
        outcome = rig.meeting.capture(line)
        assert outcome == Outcome(message, moved=True), line
        assert rig.on_disk().info.current_item == index, line


def test_cannot_move_past_the_last_item(rig: Rig) -> None:
    rig.meeting.capture("/goto 4")
    before = rig.path.read_bytes()
    with pytest.raises(CaptureError, match="last item"):
        rig.meeting.capture("/next")
    assert rig.path.read_bytes() == before
    assert rig.on_disk().info.current_item == 3


def test_cannot_move_before_the_first_item(rig: Rig) -> None:
    rig.meeting.capture("/next")
    rig.meeting.capture("/prev")
    before = rig.path.read_bytes()
    with pytest.raises(CaptureError, match="first item"):
        rig.meeting.capture("/prev")
    assert rig.path.read_bytes() == before


# --------------------------------------------------------------------------- undo


def test_undo_withdraws_the_last_entry_and_keeps_it(rig: Rig) -> None:
    rig.meeting.capture("first note")
    rig.meeting.capture("/decision Fund the lamp posts @Council")
    rig.clock.advance(30)
    outcome = rig.meeting.capture("/undo")
    assert outcome is not None
    assert "Fund the lamp posts" in outcome.message
    assert "kept in the record" in outcome.message
    session = rig.on_disk()
    decision = only(session.decisions)
    assert decision.withdrawn
    assert decision.withdrawn_at == "2026-11-23T14:00:30"
    assert decision.text == "Fund the lamp posts"
    assert not only(session.notes).withdrawn
    assert [e.text for e in session.entries_for(0)] == ["first note"]
    assert len(session.entries_for(0, include_withdrawn=True)) == 2


def test_undo_twice_withdraws_the_two_last_entries(rig: Rig) -> None:
    rig.meeting.capture("one")
    rig.meeting.capture("/action @Ravi two by friday")
    rig.meeting.capture("/next")
    rig.meeting.capture("three")
    rig.meeting.capture("/undo")
    rig.meeting.capture("/undo")
    session = rig.on_disk()
    assert [(e.text, e.withdrawn) for e in session.entries] == [
        ("one", False),
        ("two", True),
        ("three", True),
    ]


def test_undo_with_nothing_to_withdraw(rig: Rig) -> None:
    rig.meeting.capture("only")
    rig.meeting.capture("/undo")
    before = rig.path.read_bytes()
    with pytest.raises(CaptureError, match="nothing to withdraw"):
        rig.meeting.capture("/undo")
    assert rig.path.read_bytes() == before


def test_new_entries_after_undo_get_new_sequence_numbers(rig: Rig) -> None:
    rig.meeting.capture("one")
    rig.meeting.capture("/undo")
    rig.meeting.capture("two")
    assert [(e.seq, e.text, e.withdrawn) for e in rig.on_disk().entries] == [
        (1, "one", True),
        (2, "two", False),
    ]


# --------------------------------------------------------------------------- end and reopen


def test_end_and_reopen(rig: Rig) -> None:
    rig.meeting.capture("a note")
    rig.clock.advance(600)
    outcome = rig.meeting.capture("/end")
    assert outcome is not None and outcome.ended
    info = rig.on_disk().info
    assert (info.state, info.ended_at) == ("ended", "2026-11-23T14:10:00")

    before = rig.path.read_bytes()
    for line in ("too late", "/next", "/undo", "/end"):
        with pytest.raises(CaptureError, match="ended"):
            rig.meeting.capture(line)
    assert rig.path.read_bytes() == before

    outcome = rig.meeting.capture("/reopen")
    assert outcome is not None and outcome.message == "Meeting reopened"
    info = rig.on_disk().info
    assert (info.state, info.ended_at) == ("live", "")
    rig.meeting.capture("added after reopening")
    assert [n.text for n in rig.on_disk().notes] == ["a note", "added after reopening"]


def test_reopening_the_session_resumes_where_it_was_left(rig: Rig) -> None:
    rig.meeting.capture("welcome note")
    rig.meeting.capture("/goto 3")
    rig.meeting.capture("/decision Extend the contract @Council")
    rig.meeting.capture("/action @Ravi report back by friday")
    rig.reopen()
    session = rig.meeting.session
    assert session.info.current_item == 2
    assert session.current is not None and session.current.title == "Youth services contract"
    assert [e.text for e in session.entries] == [
        "welcome note",
        "Extend the contract",
        "report back",
    ]
    rig.meeting.capture("after the break")
    on_disk = rig.on_disk()
    assert only(on_disk.entries_for(0)).text == "welcome note"
    assert [(e.seq, e.text) for e in on_disk.entries_for(2)] == [
        (2, "Extend the contract"),
        (3, "report back"),
        (4, "after the break"),
    ]


def test_reopening_an_ended_meeting_in_a_new_writer(rig: Rig) -> None:
    rig.meeting.capture("/goto 2")
    rig.meeting.capture("a note")
    rig.meeting.capture("/end")
    rig.reopen()
    assert rig.meeting.session.info.state == "ended"
    with pytest.raises(CaptureError, match="ended"):
        rig.meeting.capture("still ended")
    rig.meeting.capture("/reopen")
    rig.meeting.capture("one more")
    session = rig.on_disk()
    assert session.info.current_item == 1
    assert [e.text for e in session.entries_for(1)] == ["a note", "one more"]


# --------------------------------------------------------------------------- timing


def test_item_time_counts_across_revisits(rig: Rig) -> None:
    clock, meeting = rig.clock, rig.meeting
    meeting.capture("/goto 2")  # starts the meeting at 14:00:00
    clock.advance(60)
    meeting.capture("/goto 3")
    clock.advance(30)
    meeting.capture("/goto 2")
    clock.advance(10)
    agenda = meeting.session.agenda
    assert item_elapsed(agenda[1], clock()) == 70
    assert item_elapsed(agenda[2], clock()) == 30
    assert item_elapsed(agenda[0], clock()) == 0
    assert item_elapsed(agenda[3], clock()) == 0

    meeting.capture("/next")  # leave item 2 for good at 14:01:40
    clock.advance(500)
    item2 = rig.on_disk().agenda[1]
    assert (item2.spent_seconds, item2.entered_at) == (70, "")
    assert (item2.started_at, item2.ended_at) == ("2026-11-23T14:00:00", "2026-11-23T14:01:40")
    assert item_elapsed(item2, clock()) == 70  # no longer running
    assert item_elapsed(rig.on_disk().agenda[2], clock()) == 530


def test_item_time_stops_at_the_end_and_resumes_on_reopen(rig: Rig) -> None:
    clock, meeting = rig.clock, rig.meeting
    meeting.capture("/goto 2")
    clock.advance(45)
    meeting.capture("/end")
    clock.advance(3600)  # the hour between end and reopen is not time on the item
    assert item_elapsed(rig.on_disk().agenda[1], clock()) == 45
    meeting.capture("/reopen")
    clock.advance(15)
    assert item_elapsed(rig.on_disk().agenda[1], clock()) == 60


def test_item_time_survives_closing_and_reopening_the_session(rig: Rig) -> None:
    rig.meeting.capture("/goto 3")
    rig.clock.advance(120)
    rig.meeting.capture("/goto 4")
    rig.clock.advance(20)
    rig.reopen()
    agenda = rig.meeting.session.agenda
    assert agenda[2].spent_seconds == 120
    assert item_elapsed(agenda[3], rig.clock()) == 20


def test_staying_on_an_item_does_not_restart_its_clock(rig: Rig) -> None:
    rig.meeting.capture("/goto 2")
    rig.clock.advance(40)
    rig.meeting.capture("/goto 2")  # already there
    rig.clock.advance(5)
    assert item_elapsed(rig.meeting.session.agenda[1], rig.clock()) == 45


# --------------------------------------------------------------------------- split_due

SPLIT_DUE = [
    # (body, text, due ISO, typed)
    ("send the report by friday", "send the report", "2026-11-27", "friday"),
    ("send the report BY Friday", "send the report", "2026-11-27", "Friday"),
    ("send the report due friday", "send the report", "2026-11-27", "friday"),
    ("send the report due 27/11/2026", "send the report", "2026-11-27", "27/11/2026"),
    ("send the report by 03/04/2027", "send the report", "2027-04-03", "03/04/2027"),
    ("send the report by 2027-04-03", "send the report", "2027-04-03", "2027-04-03"),
    ("send the report by 3/4", "send the report", "2027-04-03", "3/4"),
    ("send the report by 12 Mar", "send the report", "2027-03-12", "12 Mar"),
    ("send the report by next friday", "send the report", "2026-12-04", "next friday"),
    ("send the report by end of month", "send the report", "2026-11-30", "end of month"),
    ("send the report by eom", "send the report", "2026-11-30", "eom"),
    ("send the report due in 10 days", "send the report", "2026-12-03", "in 10 days"),
    ("send the report by tomorrow", "send the report", "2026-11-24", "tomorrow"),
    ("send the report by  friday  ", "send the report", "2026-11-27", "friday"),
    ("go by bus by friday", "go by bus", "2026-11-27", "friday"),
    ("stand by the decision due friday", "stand by the decision", "2026-11-27", "friday"),
    # no date
    ("contact the residents by phone", "contact the residents by phone", "", ""),
    ("contact the residents by email", "contact the residents by email", "", ""),
    ("pay what is overdue", "pay what is overdue", "", ""),
    ("pay the amount due", "pay the amount due", "", ""),
    ("bypass the old depot", "bypass the old depot", "", ""),
    ("no date here", "no date here", "", ""),
    ("  padded  ", "padded", "", ""),
]


@pytest.mark.parametrize(("body", "text", "due", "typed"), SPLIT_DUE, ids=[c[0] for c in SPLIT_DUE])
def test_split_due(body: str, text: str, due: str, typed: str) -> None:
    assert split_due(body, TODAY) == (text, due, typed)


SPLIT_DUE_ERRORS = [
    ("send it by 31/02/2027", "February 2027 has no day 31"),
    ("send it due blurgh", "blurgh"),
    ("send it due phone", "phone"),
    ("send it by 13/13/2027", "no month 13"),
    ("send it by friday week", "friday week"),
    ("send it by 30 February", "30 february"),
    ("send it by in 0 days", "at least 1"),
]


@pytest.mark.parametrize(
    ("body", "fragment"), SPLIT_DUE_ERRORS, ids=[c[0] for c in SPLIT_DUE_ERRORS]
)
def test_split_due_refuses_a_date_that_is_not_one(body: str, fragment: str) -> None:
    with pytest.raises(CaptureError) as caught:
        split_due(body, TODAY)
    message = str(caught.value)
    assert message.startswith("due date not saved")
    assert fragment.casefold() in message.casefold()
    assert "\n" not in message


def test_split_due_reads_relative_dates_against_today() -> None:
    assert split_due("x by friday", date(2026, 11, 27))[1] == "2026-12-04"
    assert split_due("x by friday", date(2026, 11, 26))[1] == "2026-11-27"
