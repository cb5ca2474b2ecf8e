"""Tests for changing the agenda and the roll during the meeting, through the capture bar
(``Meeting.capture``: core/live_agenda.py and core/roll.py), and property tests for the
capture parser and for ``Meeting.capture`` on any text.

Each test opens a real session for writing and checks what a fresh reader sees on disk
(``store.load``). A refused line must raise CaptureError and leave the file as it was.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.core import capture
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.capture import ALIASES, COMMANDS, CaptureError
from facilitator.core.meeting import Meeting, Outcome
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.model import Attendance, Interest, Session
from facilitator.core.roll import Whereabouts, whereabouts
from facilitator.core.store import SessionStore
from tests.conftest import FakeClock
from tests.helpers import agenda

WELCOME = "Welcome and apologies"
MINUTES = "Minutes of the last meeting"
LIGHTING = "Street lighting on Hope Street"
YOUTH = "Youth services contract"
AOB = "Any other business"
FIVE_ITEMS = [
    {"title": WELCOME, "minutes": 5, "kind": "information"},
    {"title": MINUTES, "minutes": 10, "kind": "discussion"},
    {"title": LIGHTING, "minutes": 15, "kind": "decision"},
    {"title": YOUTH, "minutes": 20, "kind": "decision"},
    {"title": AOB, "minutes": 5, "kind": "discussion"},
]
W, M, L, Y, A = WELCOME, MINUTES, LIGHTING, YOUTH, AOB


@dataclass
class Rig:
    store: SessionStore
    sid: str
    clock: FakeClock
    meeting: Meeting

    def on_disk(self) -> Session:
        return self.store.load(self.sid)

    def file_bytes(self) -> bytes:
        return self.store.path_for(self.sid).read_bytes()

    def run(self, *lines: str) -> Outcome | None:
        outcome = None
        for line in lines:
            outcome = self.meeting.capture(line)
        return outcome

    def titles(self) -> list[str]:
        return [item.title for item in self.on_disk().agenda]

    def markdown(self) -> str:
        return to_markdown(build_minutes(self.on_disk()))

    def refused(self, line: str, match: str | None = None) -> CaptureError:
        before = self.file_bytes()
        with pytest.raises(CaptureError, match=match) as caught:
            self.meeting.capture(line)
        assert self.file_bytes() == before, f"{line!r} was refused but changed the file"
        assert "\n" not in str(caught.value)
        return caught.value


@pytest.fixture
def make_rig(store: SessionStore, clock: FakeClock) -> Iterator[Any]:
    writers = []

    def make(**overrides: Any) -> Rig:
        sid = store.create(agenda_from_dict(agenda(**overrides), clock().date()))
        writer = store.writer(sid)
        writers.append(writer)
        return Rig(store, sid, clock, Meeting(writer, clock))

    yield make
    for writer in writers:
        writer.close()


@pytest.fixture
def rig(make_rig: Any) -> Rig:
    """The five-item agenda, with the helper's five participants (Owen sent apologies)."""
    return make_rig(items=FIVE_ITEMS)


# --------------------------------------------------------------------------- /add


@pytest.mark.parametrize(
    ("line", "title", "minutes"),
    [
        ("/add Budget", "Budget", 10),
        ("/add Budget 15 min", "Budget", 15),
        ("/add Budget (15m)", "Budget", 15),
        ("/add Budget 15 minutes", "Budget", 15),
        ("/add Budget [20 mins]", "Budget", 20),
        ("/add Budget 1 minute", "Budget", 1),
        ("/add Budget 600 min", "Budget", 600),
        ("/add   Budget   15m  ", "Budget", 15),
        ("/add Review of 2027 priorities", "Review of 2027 priorities", 10),
        ("/add Review of 2027 priorities 5 min", "Review of 2027 priorities", 5),
        ("/add [b]x a\\", "[b]x a\\", 10),
    ],
)
def test_add_puts_an_item_right_after_the_current_one(
    rig: Rig, line: str, title: str, minutes: int
) -> None:
    rig.run("/next")  # on item 2
    rig.clock.advance(minutes=7)
    outcome = rig.run(line)
    assert outcome is not None
    assert outcome.message.startswith(f"Added item 3: {title} — {minutes} min")
    session = rig.on_disk()
    assert [i.title for i in session.agenda] == [W, M, title, L, Y, A]
    new = session.agenda[2]
    assert (new.minutes, new.added_at) == (minutes, "2026-11-23T14:07:00")
    assert [i.position for i in session.agenda] == list(range(6))
    assert len({i.id for i in session.agenda}) == 6
    assert session.info.current_item == 1  # still on item 2
    assert session.current is not None and session.current.title == M


def test_add_says_when_the_default_timebox_was_used(rig: Rig) -> None:
    outcome = rig.run("/add Budget")
    assert outcome is not None and "default" in outcome.message
    outcome = rig.run("/add Audit 10 min")
    assert outcome is not None and "default" not in outcome.message


def test_add_before_the_meeting_starts_goes_after_the_first_item(rig: Rig) -> None:
    rig.run("/add Budget")
    assert rig.titles() == [W, "Budget", M, L, Y, A]


def test_add_to_an_empty_agenda(make_rig: Any) -> None:
    rig = make_rig(items=[])
    rig.run("/add Budget 20 min", "first note on the budget")
    session = rig.on_disk()
    assert [(i.title, i.minutes) for i in session.agenda] == [("Budget", 20)]
    assert [e.text for e in session.entries_for(session.agenda[0].id)] == [
        "first note on the budget"
    ]


@pytest.mark.parametrize(
    ("line", "match"),
    [
        ("/add", "needs more"),
        ("/add 15 min", "title"),
        ("/add (15m)", "title"),
        ("/add Budget 0 min", "1 to 600"),
        ("/add Budget 601 min", "1 to 600"),
        ("/add Budget 999 min", "1 to 600"),
        pytest.param("/add Review 1500 min", "1 to 600", id="four-digit-timebox"),
        pytest.param("/add Review 1234 minutes", "1 to 600", id="four-digit-timebox-2"),
    ],
)
def test_add_refused(rig: Rig, line: str, match: str) -> None:
    rig.run("/next")
    rig.refused(line, match)
    assert rig.titles() == [W, M, L, Y, A]


def test_entries_stay_with_their_items_when_items_are_added(rig: Rig) -> None:
    rig.run("on the welcome", "/next", "on the minutes")
    before = rig.on_disk()
    welcome_id, minutes_id = before.agenda[0].id, before.agenda[1].id
    rig.run("/add Budget 15 min", "/next", "on the budget", "/add Audit", "/prev", "more minutes")
    session = rig.on_disk()
    assert [i.title for i in session.agenda] == [W, M, "Budget", "Audit", L, Y, A]
    budget, audit = session.agenda[2], session.agenda[3]
    assert len({welcome_id, minutes_id, budget.id, audit.id}) == 4
    assert [e.text for e in session.entries_for(welcome_id)] == ["on the welcome"]
    assert [e.text for e in session.entries_for(minutes_id)] == ["on the minutes", "more minutes"]
    assert [e.text for e in session.entries_for(budget.id)] == ["on the budget"]
    assert session.entries_for(audit.id) == []
    minutes = build_minutes(session)
    assert [block.notes for block in minutes.items] == [
        ["on the welcome"],
        ["on the minutes", "more minutes"],
        ["on the budget"],
        [],
        [],
        [],
        [],
    ]


# --------------------------------------------------------------------------- /defer


def test_defer_the_current_item_moves_on(rig: Rig) -> None:
    rig.run("/next", "a note before deferring")
    rig.clock.advance(minutes=3)
    outcome = rig.run("/defer")
    assert outcome is not None
    assert outcome.deferred and outcome.moved
    assert outcome.message == f"Deferred item 2: {M} to the next meeting; now on item 3: {L}"
    session = rig.on_disk()
    assert [i.title for i in session.agenda] == [W, M, L, Y, A]  # it stays in this record
    assert session.agenda[1].deferred_at == "2026-11-23T14:03:00"
    assert [i.title for i in session.agenda if i.deferred_at] == [M]
    assert session.info.current_item == 2
    assert [e.text for e in session.entries_for(session.agenda[1].id)] == [
        "a note before deferring"
    ]


@pytest.mark.parametrize(("line", "title"), [("/defer 4", Y), ("/defer youth", Y), ("/defer 5", A)])
def test_defer_a_named_item_stays_on_the_current_one(rig: Rig, line: str, title: str) -> None:
    rig.run("/next")
    outcome = rig.run(line)
    assert outcome is not None and outcome.deferred and not outcome.moved
    session = rig.on_disk()
    assert [i.title for i in session.agenda if i.deferred_at] == [title]
    assert session.info.current_item == 1


def test_defer_the_last_item_while_on_it(rig: Rig) -> None:
    outcome = rig.run("/goto 5", "/defer")
    assert outcome is not None and outcome.deferred and not outcome.moved
    session = rig.on_disk()
    assert session.info.current_item == 4
    assert session.agenda[4].deferred_at


@pytest.mark.parametrize(
    "first",
    [
        ["/defer 4"],
        ["/defer youth"],
        ["/next", "/defer 4"],
        ["/goto 4", "/defer"],
    ],
)
@pytest.mark.parametrize("second", ["/defer 4", "/defer Youth services"])
def test_deferring_twice_is_refused(rig: Rig, first: list[str], second: str) -> None:
    rig.run(*first)
    rig.refused(second, "already deferred")
    assert [i.title for i in rig.on_disk().agenda if i.deferred_at] == [Y]


def test_deferring_the_current_item_again_by_number_is_refused(rig: Rig) -> None:
    rig.run("/next", "/defer")
    rig.refused("/defer 2", "already deferred")


# --------------------------------------------------------------------------- deferred items


def test_next_passes_over_a_deferred_item(rig: Rig) -> None:
    rig.run("/defer 3", "/next")
    outcome = rig.run("/next")
    assert outcome == Outcome(f"Now on item 4: {Y} (passed over deferred item 3)", moved=True)
    rig.run("a note after moving on")
    session = rig.on_disk()
    assert session.info.current_item == 3
    assert [e.text for e in session.entries_for(session.agenda[3].id)] == [
        "a note after moving on"
    ]
    assert session.entries_for(session.agenda[2].id) == []  # nothing filed under item 3


def test_next_and_prev_pass_over_several_deferred_items(rig: Rig) -> None:
    rig.run("/defer 2", "/defer 3", "/defer 4")
    assert rig.run("/next") == Outcome(
        f"Now on item 5: {A} (passed over deferred items 2 and 3 and 4)", moved=True
    )
    assert rig.run("/prev") == Outcome(
        f"Now on item 1: {W} (passed over deferred items 4 and 3 and 2)", moved=True
    )


def test_what_was_passed_over_is_said_with_the_item_before_any_warning(
    make_rig: Any,
) -> None:
    rig = make_rig(items=FIVE_ITEMS, quorum=5)
    rig.run("/goto 4", "/defer 3")
    outcome = rig.run("/prev")
    assert outcome is not None and outcome.message == (
        f"Now on item 2: {M} (passed over deferred item 3) — ⚠ no decision was recorded on "
        "item 4"
    )


@pytest.mark.parametrize(
    ("before", "line", "match"),
    [
        (["/defer 4", "/defer 5", "/goto 3"], "/next", "items after this one are deferred"),
        (["/goto 2", "/defer 1"], "/prev", "items before this one are deferred"),
        (["/defer 5", "/goto 4"], "/next", "/end closes the meeting"),
    ],
)
def test_no_item_left_that_is_not_deferred(
    rig: Rig, before: list[str], line: str, match: str
) -> None:
    rig.run(*before)
    rig.refused(line, match)


def test_goto_a_deferred_item_is_refused_saying_so(rig: Rig) -> None:
    rig.run("/defer 3")
    error = rig.refused("/goto 3")
    assert str(error) == (
        f"item 3 ({L}) is deferred to the next meeting (not yet planned), "
        "not taken at this meeting"
    )
    rig.refused("/goto lighting", "is deferred to the next meeting")


def test_goto_a_deferred_item_names_the_meeting_it_went_to(rig: Rig) -> None:
    from facilitator.core import carry

    rig.run("/defer 3")
    later = agenda_from_dict(agenda(date="7/12/2026 14:00"), rig.clock().date())
    next_id = rig.store.create(later)
    rig.refused("/goto 3", f"deferred to the next meeting, {next_id}, not taken")
    assert carry.deliver(rig.store, rig.meeting.session) == f"added to the next meeting, {next_id}"
    rig.refused("/goto 3", rf"deferred to the meeting of Mon 7 Dec 2026, 14:00 \({next_id}\)")


def test_deferring_the_current_item_moves_past_items_already_deferred(rig: Rig) -> None:
    rig.run("/defer 3", "/goto 2")
    outcome = rig.run("/defer")
    assert outcome is not None and outcome.moved and outcome.deferred
    assert outcome.message == f"Deferred item 2: {M} to the next meeting; now on item 4: {Y}"
    assert outcome.then == f"now on item 4: {Y}"
    rig.run("a note on the youth contract")
    session = rig.on_disk()
    assert session.info.current_item == 3
    assert [e.text for e in session.entries_for(session.agenda[3].id)] == [
        "a note on the youth contract"
    ]


def test_where_a_deferred_item_went_is_said_with_the_deferral(rig: Rig) -> None:
    rig.run("/next")
    outcome = rig.run("/defer")
    assert outcome is not None
    assert outcome.said("added to the next meeting, 2026-12-07-board") == (
        f"Deferred item 2: {M} to the next meeting (added to the next meeting, "
        f"2026-12-07-board); now on item 3: {L}"
    )
    assert outcome.said("") == outcome.message
    named = rig.run("/defer 5")
    assert named is not None and named.said("added to it") == (
        f"Deferred item 5: {A} to the next meeting (added to it)"
    )


def test_deferring_the_last_item_while_on_it_files_nothing_under_it(rig: Rig) -> None:
    rig.run("/goto 5")
    rig.clock.advance(minutes=4)
    outcome = rig.run("/defer")
    assert outcome is not None and outcome.deferred and not outcome.moved
    assert outcome.message == (
        f"Deferred item 5: {A} to the next meeting; no item is left after it at this "
        "meeting — /end closes the meeting"
    )
    rig.clock.advance(minutes=10)
    for line in ("a note", "/decision Agreed", "/left Lena", "/speak Joan"):
        rig.refused(line, "item 5 is deferred to the next meeting, so nothing is recorded")
    session = rig.on_disk()
    assert session.agenda[4].spent_seconds == 240  # its clock stopped when it was deferred
    rig.run("/goto 4", "a note on the youth contract")
    assert [e.text for e in rig.on_disk().entries] == ["a note on the youth contract"]


def test_reopening_an_ended_meeting_left_on_a_deferred_item_resumes_before_it(rig: Rig) -> None:
    rig.run("/goto 5", "/defer", "/end")
    outcome = rig.run("/reopen")
    assert outcome == Outcome(
        f"Meeting reopened — now on item 4: {Y} (item 5, where it ended, is deferred)",
        moved=True,
    )
    rig.run("a late note")
    session = rig.on_disk()
    assert session.info.current_item == 3
    assert [e.item for e in session.entries] == [session.agenda[3].id]


def test_a_meeting_never_starts_on_a_deferred_item(rig: Rig) -> None:
    """A first item deferred before the start (an imported session, a plan reordered):
    the first entry starts the meeting at the next item, and is filed there."""
    rig.meeting.writer.update_where("agenda", {"deferred_at": "2026-11-20T10:00:00"}, id=0)
    rig.run("a first note")
    session = rig.on_disk()
    assert session.info.state == "live" and session.info.current_item == 1
    assert [e.item for e in session.entries] == [session.agenda[1].id]
    assert session.agenda[0].started_at == ""


def test_on_a_deferred_item_left_current_by_a_changed_plan_nothing_is_filed_under_it(
    rig: Rig,
) -> None:
    """The plan screen can reorder a live meeting's agenda, leaving a deferred item where the
    meeting is: what is typed is refused, and /next moves on."""
    rig.run("/next", "/defer 4")
    order = rig.on_disk().agenda
    rig.meeting.writer.set_order([order[0], order[3], order[1], order[2], order[4]])
    rig.refused("a note", "item 2 is deferred")
    rig.run("/next", "a note")
    session = rig.on_disk()
    assert session.agenda[session.info.current_item].title == M
    assert [e.item for e in session.entries] == [session.agenda[2].id]


def test_an_item_added_after_a_deferred_last_item_is_reached_by_next(rig: Rig) -> None:
    rig.run("/goto 5", "/defer", "/add Budget 5 min")
    assert rig.titles() == [W, M, L, Y, A, "Budget"]
    assert rig.run("/next") == Outcome("Now on item 6: Budget", moved=True)


@pytest.mark.parametrize(
    ("line", "match"),
    [
        ("/defer 9", "no item 9"),
        ("/defer 0", "no item 0"),
        ("/defer budget", "no agenda item"),
        ("/defer o", "use a number"),  # matches several titles
    ],
)
def test_defer_unknown_item_refused(rig: Rig, line: str, match: str) -> None:
    rig.refused(line, match)
    assert not any(i.deferred_at for i in rig.on_disk().agenda)


# --------------------------------------------------------------------------- /move


@pytest.mark.parametrize(
    ("line", "order"),
    [
        ("/move 5 to 1", [A, W, M, L, Y]),
        ("/move 1 to 3", [M, L, W, Y, A]),
        ("/move 2 next", [W, M, L, Y, A]),
        ("/move 4 next", [W, Y, M, L, A]),
    ],
)
def test_move_before_the_meeting_starts(rig: Rig, line: str, order: list[str]) -> None:
    rig.run(line)
    assert rig.titles() == order


@pytest.mark.parametrize(
    ("line", "order"),
    [
        ("/move 4 to 3", [W, M, Y, L, A]),
        ("/move 5 next", [W, M, A, L, Y]),
        ("/move 3 to 5", [W, M, Y, A, L]),
        ("/move youth to 3", [W, M, Y, L, A]),
        ("/move 5 3", [W, M, A, L, Y]),
        ("/move 4 TO 5", [W, M, L, A, Y]),
        ("/move 3 next", [W, M, L, Y, A]),
    ],
)
def test_move_items_still_to_come(rig: Rig, line: str, order: list[str]) -> None:
    rig.run("/next", "on the minutes")
    before = rig.on_disk()
    ids = {i.title: i.id for i in before.agenda}
    outcome = rig.run(line)
    assert outcome is not None and outcome.message.startswith("Moved ")
    session = rig.on_disk()
    assert [i.title for i in session.agenda] == order
    assert {i.title: i.id for i in session.agenda} == ids  # ids are stable
    assert [i.position for i in session.agenda] == list(range(5))
    assert session.info.current_item == 1
    assert session.current is not None and session.current.title == M
    assert [e.text for e in session.entries_for(ids[M])] == ["on the minutes"]


@pytest.mark.parametrize(
    ("line", "match"),
    [
        ("/move 1 to 4", "still to come"),  # already taken
        ("/move 2 to 4", "still to come"),  # the current item
        ("/move 2 next", "still to come"),
        ("/move 4 to 2", "still to come"),  # in front of the current item
        ("/move 4 to 1", "still to come"),
        ("/move welcome to 5", "still to come"),
        ("/move 9 to 3", "no item 9"),
        ("/move 3", "which item goes where"),
        ("/move budget to 3", "no agenda item"),
    ],
)
def test_move_refused_once_started(rig: Rig, line: str, match: str) -> None:
    rig.run("/next")
    error = rig.refused(line, match)
    if "still to come" in match:
        assert "items 3 to 5" in str(error)
    assert rig.titles() == [W, M, L, Y, A]


# --------------------------------------------------------------------------- minutes


def test_minutes_say_what_was_added_and_deferred(rig: Rig) -> None:
    rig.run("/next")
    rig.clock.advance(minutes=12)
    rig.run("/add Budget 15 min", "/defer 5")
    minutes = build_minutes(rig.on_disk())
    changes = {block.title: block.changes for block in minutes.items}
    assert changes == {
        W: [],
        M: [],
        "Budget": ["added during the meeting at 14:12"],
        L: [],
        Y: ["deferred to the next meeting"],
        A: [],
    }
    text = rig.markdown()
    assert (
        "## 3. Budget\n\n*15 min, discussion*\n\n**Agenda change:** added during the meeting"
        in (text)
    )
    assert (
        f"## 5. {Y}\n\n*20 min, decision*\n\n**Agenda change:** deferred to the next meeting"
        in (text)
    )
    assert text.count("Agenda change") == 2


# --------------------------------------------------------------------------- attendance

JOAN, SAM, RAVI, LENA, OWEN = "Joan Pike", "Sam Okafor", "Ravi Patel", "Lena Novak", "Owen Hughes"


@pytest.mark.parametrize(
    ("lines", "present", "apologies", "absent"),
    [
        ([], [JOAN, SAM, RAVI, LENA], [OWEN], []),
        (["/present Owen"], [JOAN, SAM, RAVI, LENA, OWEN], [], []),
        (["/present owen hughes"], [JOAN, SAM, RAVI, LENA, OWEN], [], []),
        (["/absent Owen"], [JOAN, SAM, RAVI, LENA], [], [OWEN]),
        (["/apologies Lena"], [JOAN, SAM, RAVI], [LENA, OWEN], []),
        (["/absent RAVI PATEL"], [JOAN, SAM, LENA], [OWEN], [RAVI]),
        (["/present Lena", "/absent Lena"], [JOAN, SAM, RAVI], [OWEN], [LENA]),
        (["/arrived Owen"], [JOAN, SAM, RAVI, LENA, OWEN], [], []),
        (["/absent Lena", "/arrived Lena"], [JOAN, SAM, RAVI, LENA], [OWEN], []),
    ],
)
def test_attendance_marks(
    rig: Rig, lines: list[str], present: list[str], apologies: list[str], absent: list[str]
) -> None:
    rig.run(*lines)
    session = rig.on_disk()
    assert [p.name for p in session.present] == present
    assert [p.name for p in session.apologies] == apologies
    assert [p.name for p in session.absent] == absent
    minutes = build_minutes(session)
    assert [a.split(" (")[0] for a in minutes.apologies] == apologies
    assert [a.split(" (")[0] for a in minutes.absent] == absent
    assert sorted(n for _, _, names in minutes.present for n in names) == sorted(present)


def test_apologies_from_the_plan_are_in_the_minutes(rig: Rig) -> None:
    text = rig.markdown()
    assert "## Apologies\n\n- Owen Hughes (Northfield College)\n" in text


@pytest.mark.parametrize("command", ["present", "absent", "apologies", "arrived", "left"])
@pytest.mark.parametrize("who", ["Zed Nobody", "Northfield", "@Nobody"])
def test_attendance_of_an_unknown_name_is_refused(rig: Rig, command: str, who: str) -> None:
    rig.refused(f"/{command} {who}", "not a participant")


@pytest.mark.parametrize("command", ["present", "absent", "apologies", "arrived", "left"])
def test_attendance_takes_just_a_name(rig: Rig, command: str) -> None:
    rig.refused(f"/{command} Lena Novak at last", "left over")


def test_arrival_is_recorded_at_the_current_item(rig: Rig) -> None:
    rig.run("/next")
    rig.clock.advance(minutes=5)
    outcome = rig.run("/arrived Lena Novak")
    assert outcome == Outcome("Lena Novak arrived during item 2")
    session = rig.on_disk()
    arrival = session.attendance[0]
    assert isinstance(arrival, Attendance)
    assert (arrival.name, arrival.text, arrival.item) == (LENA, "arrived", session.agenda[1].id)
    assert arrival.at == "2026-11-23T14:05:00"
    assert build_minutes(session).movements == ["Lena Novak arrived during item 2 (14:05)"]
    assert "## Arrivals and departures\n\n- Lena Novak arrived during item 2 (14:05)" in (
        rig.markdown()
    )


def test_arrivals_and_departures_keep_their_item_when_items_are_added(rig: Rig) -> None:
    rig.run("/absent Owen", "/next")
    rig.clock.advance(minutes=5)
    rig.run("/arrived Owen", "/next")
    rig.clock.advance(minutes=20)
    rig.run("/left Ravi", "/prev", "/prev", "/add Budget")
    assert rig.titles() == [W, "Budget", M, L, Y, A]
    assert build_minutes(rig.on_disk()).movements == [
        "Owen Hughes arrived during item 3 (14:05)",
        "Ravi Patel left during item 4 (14:25)",
    ]


@pytest.mark.parametrize("back", ["/arrived Ravi", "/present Ravi"])
def test_leaving_and_coming_back(rig: Rig, back: str) -> None:
    rig.run("/left Ravi")
    session = rig.on_disk()
    ravi = next(p for p in session.participants if p.name == RAVI)
    assert not session.here_now(ravi)
    rig.clock.advance(minutes=10)
    rig.run("/next")
    assert rig.run(back) == Outcome("Ravi Patel is back: returned during item 2")
    session = rig.on_disk()
    assert session.here_now(ravi)
    assert build_minutes(session).movements == [
        "Ravi Patel left during item 1 (14:00)",
        "Ravi Patel returned during item 2 (14:10)",
    ]


def test_the_register_says_who_left_and_when(rig: Rig) -> None:
    rig.run("/next")
    rig.clock.advance(minutes=20)
    assert rig.run("/left Ravi") == Outcome("Ravi Patel left during item 2")
    session = rig.on_disk()
    ravi = next(p for p in session.participants if p.name == RAVI)
    assert whereabouts(session, ravi) == Whereabouts("left", "left", 2, "14:20")
    assert whereabouts(session, ravi).said() == "left during item 2, 14:20"
    minutes = build_minutes(session)
    assert ("Northfield Police", "public", ["Ravi Patel (left during item 2, 14:20)"]) in (
        minutes.present
    )
    rig.clock.advance(minutes=5)
    rig.run("/present Ravi")
    session = rig.on_disk()
    assert whereabouts(session, ravi) == Whereabouts("present", "returned", 2, "14:25")
    assert ("Northfield Police", "public", ["Ravi Patel"]) in build_minutes(session).present


@pytest.mark.parametrize(
    ("before", "line", "match"),
    [
        (["/left Ravi"], "/absent Ravi", "Ravi Patel left during item 1, 14:00, so cannot"),
        (["/arrived Owen"], "/apologies Owen", "Owen Hughes arrived during item 1"),
    ],
)
def test_a_mark_that_would_contradict_a_movement_is_refused(
    rig: Rig, before: list[str], line: str, match: str
) -> None:
    rig.run(*before)
    rig.refused(line, match)


@pytest.mark.parametrize(
    ("before", "line", "match"),
    [
        ([], "/left Owen", "not in the room"),  # sent apologies
        (["/left Lena"], "/left Lena", r"not in the room \(left during item 1, 14:00\)"),
        (["/absent Lena"], "/left Lena", "not in the room"),
        (["/apologies Lena"], "/left Lena", "not in the room"),
        (["/present Lena"], "/arrived Lena", "already here"),
        (["/arrived Owen"], "/arrived Owen", "already here"),
        (["/left Lena", "/arrived Lena"], "/arrived Lena", "already here"),
    ],
)
def test_impossible_movements_are_refused(
    rig: Rig, before: list[str], line: str, match: str
) -> None:
    rig.run(*before)
    rig.refused(line, match)


def test_undo_withdraws_an_arrival(rig: Rig) -> None:
    rig.run("/next", "/arrived Owen")
    outcome = rig.run("/undo")
    assert outcome == Outcome("Withdrawn Owen Hughes arrived (kept in the record)")
    session = rig.on_disk()
    assert len(session.attendance) == 1 and session.attendance[0].withdrawn
    owen = next(p for p in session.participants if p.name == OWEN)
    assert session.status_of(owen) == "apologies"
    minutes = build_minutes(session)
    assert minutes.movements == []
    assert minutes.apologies == ["Owen Hughes (Northfield College)"]
    assert "Arrivals and departures" not in to_markdown(minutes)


# --------------------------------------------------------------------------- quorum


@pytest.mark.parametrize(
    ("before", "here"),
    [
        ([], None),  # four expected in the room (Owen sent apologies): quorum of 4 met
        (["/absent Lena"], 3),
        (["/apologies Ravi"], 3),
        (["/left Ravi"], 3),
        (["/absent Lena", "/absent Ravi"], 2),
        (["/absent Lena", "/arrived Owen"], None),
        (["/absent Lena", "/present Owen"], None),
        (["/left Ravi", "/arrived Ravi"], None),
        (["/present Owen", "/left Sam", "/left Joan"], 3),
    ],
)
def test_quorum_warning_on_a_decision_item(
    make_rig: Any, before: list[str], here: int | None
) -> None:
    rig = make_rig(quorum=4)
    rig.run(*before)
    outcome = rig.run("/next")  # item 2 is a decision
    assert outcome is not None and outcome.moved
    if here is None:
        assert "QUORATE" not in outcome.message
    else:
        assert "NOT QUORATE" in outcome.message
        assert f"{here} present, quorum 4" in outcome.message


def test_no_quorum_warning_on_other_items(make_rig: Any) -> None:
    rig = make_rig(quorum=4)
    rig.run("/absent Lena", "/absent Ravi")
    outcome = rig.run("/goto 3")  # any other business: a discussion
    assert outcome is not None and "QUORATE" not in outcome.message


def test_no_quorum_warning_without_a_quorum(make_rig: Any) -> None:
    rig = make_rig()
    rig.run("/absent Lena", "/absent Ravi", "/absent Joan")
    outcome = rig.run("/next")
    assert outcome is not None and "QUORATE" not in outcome.message


def test_quorum_warning_when_deferring_onto_a_decision_item(make_rig: Any) -> None:
    rig = make_rig(quorum=4)
    outcome = rig.run("/absent Lena", "/defer")
    assert outcome is not None and outcome.deferred
    assert "NOT QUORATE" in outcome.message


# --------------------------------------------------------------------------- interests


def test_declarations_of_interest(rig: Rig) -> None:
    first = rig.run("/interest Lena Novak owns a flat on Hope Street")
    assert first == Outcome("Interest declared by Lena Novak on item 1")
    second = rig.run("/interest ravi item 3 chairs the lighting panel")
    assert second == Outcome("Interest declared by Ravi Patel on item 3")
    third = rig.run("/interest Joan on item 4: a governor of the youth trust")
    assert third == Outcome("Interest declared by Joan Pike on item 4")
    session = rig.on_disk()
    assert all(isinstance(i, Interest) for i in session.interests)
    assert [(i.name, i.item, i.text) for i in session.interests] == [
        (LENA, session.agenda[0].id, "owns a flat on Hope Street"),
        (RAVI, session.agenda[2].id, "chairs the lighting panel"),
        (JOAN, session.agenda[3].id, "a governor of the youth trust"),
    ]
    assert session.info.current_item == 0  # declaring does not move the meeting
    rig.run("/next", "/add Budget")  # the declarations keep their items
    expected = [
        "Lena Novak, item 1: owns a flat on Hope Street",
        "Ravi Patel, item 4: chairs the lighting panel",
        "Joan Pike, item 5: a governor of the youth trust",
    ]
    assert build_minutes(rig.on_disk()).interests == expected
    text = rig.markdown()
    assert "## Declarations of interest\n\n" + "\n".join(f"- {e}" for e in expected) in text


@pytest.mark.parametrize(
    ("line", "match"),
    [
        ("/interest", "needs more"),
        ("/interest Lena", "say what the interest is"),
        ("/interest Lena item 2", "say what the interest is"),
        ("/interest Zed Nobody owns a flat", "not a participant"),
        ("/interest Lena item 9 owns a flat", "no item 9"),
        ("/interest Lena item 0 owns a flat", "no item 0"),
    ],
)
def test_interest_refused(rig: Rig, line: str, match: str) -> None:
    rig.refused(line, match)


# --------------------------------------------------------------------------- hostile lines


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("/goto ²", id="goto-superscript"),
        pytest.param("/defer ²", id="defer-superscript"),
        pytest.param("/move ² to 3", id="move-superscript"),
        pytest.param("/goto " + "1" * 5000, id="goto-5000-digits"),
        pytest.param("/defer " + "9" * 5000, id="defer-5000-digits"),
        pytest.param("/move 4 to " + "1" * 5000, id="move-to-5000-digits"),
        pytest.param("/interest Lena item " + "1" * 5000 + " x", id="interest-5000-digits"),
    ],
)
def test_odd_numbers_are_refused_not_crashed_on(rig: Rig, line: str) -> None:
    rig.run("/next")
    rig.refused(line)


# --------------------------------------------------------------------------- properties

_HEADS = [f"/{name}" for name in COMMANDS] + list(ALIASES) + ["//", "/nope", "/NEXT", "#topic"]
_TOKENS = [
    *("Lena", "Novak", "Joan", "@Joan", "@Northfield", "@", "[b]x", "a\\", ":", "-"),
    *("item", "on", "to", "next", "by", "due", "friday", "31/02/2027", "min", "(15m)"),
]
_NUMBERS = ["0", "2", "3", "9", "15", "-1", "²", "٣", "１", "9" * 25, "1" * 5000]
_WORD = st.one_of(st.sampled_from(_TOKENS), st.sampled_from(_NUMBERS), st.text(max_size=8))
_COMMAND_LINE = st.builds(
    lambda head, words: " ".join([head, *words]),
    st.sampled_from(_HEADS),
    st.lists(_WORD, max_size=5),
)
_SHAPES = [
    "/goto {a}",
    "/defer {a}",
    "/move {a} to {b}",
    "/move {a} next",
    "/add {c} {a} min",
    "/add {c} ({a}m)",
    "/interest {c} item {a} {b}",
    "/interest {c} {b}",
    "/arrived {c}",
    "/left {c}",
    "/absent {c}",
    "/action @{c} {b} by {a}",
    "/decision {b} @{c}",
    "{c} {b}",
]
_ARG = st.one_of(st.sampled_from(_NUMBERS), st.sampled_from(_TOKENS), st.text(max_size=6))
_SHAPED_LINE = st.builds(
    lambda shape, a, b, c: shape.format(a=a, b=b, c=c),
    st.sampled_from(_SHAPES),
    _ARG,
    _ARG,
    st.one_of(st.sampled_from(["Lena", "Owen Hughes", "ravi", "Zed"]), _ARG),
)
LINES = st.one_of(st.text(max_size=80), _COMMAND_LINE, _SHAPED_LINE, _SHAPED_LINE)
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)
COMMAND_TYPES = get_args(capture.Command)  # every command class the parser may return


@PROPERTY_SETTINGS
@given(LINES)
def test_parse_returns_a_command_or_none_or_refuses(line: str) -> None:
    try:
        command = capture.parse(line)
    except CaptureError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    if command is None:
        assert not line.strip()
    else:
        assert isinstance(command, COMMAND_TYPES)
        assert line.strip()


@PROPERTY_SETTINGS
@given(st.lists(LINES, min_size=1, max_size=4))
def test_meeting_capture_never_raises_anything_but_capture_error(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = SessionStore(Path(folder) / "sessions")
        clock = FakeClock()
        sid = store.create(agenda_from_dict(agenda(quorum=3), clock().date()))
        writer = store.writer(sid)
        try:
            meeting = Meeting(writer, clock)
            for line in lines:
                before = store.path_for(sid).read_bytes()
                try:
                    outcome = meeting.capture(line)
                except CaptureError as exc:
                    assert str(exc) and "\n" not in str(exc)
                    assert store.path_for(sid).read_bytes() == before  # nothing saved
                else:
                    assert outcome is None or isinstance(outcome, Outcome)
                assert store.load(sid) == writer.session  # memory always matches the file
                clock.advance(minutes=1)
        finally:
            writer.close()
