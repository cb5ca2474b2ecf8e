"""Tests for who is speaking and how the talking is shared (core/speakers.py).

The speakers' commands are driven through ``Meeting.capture`` with a frozen clock and checked
against what a fresh reader finds on disk; ``balance``, ``unheard`` and ``speaker_keys`` are
pure and are checked on sessions built directly; the minutes' participation summary is
checked in the Markdown.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.capture import CaptureError
from facilitator.core.meeting import Meeting
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.model import Attendance, Session, Turn
from facilitator.core.speakers import Share, balance, speaker_keys, speaking_now, unheard
from facilitator.core.store import SessionStore
from tests.conftest import FROZEN_NOW, FakeClock
from tests.helpers import MeetingRig, agenda

JOAN, SAM, RAVI, LENA, OWEN = "Joan Pike", "Sam Okafor", "Ravi Patel", "Lena Novak", "Owen Hughes"


def at(minutes: float) -> str:
    """The stored timestamp ``minutes`` after the frozen start."""
    return (FROZEN_NOW + timedelta(minutes=minutes)).isoformat(timespec="seconds")


class Rig(MeetingRig):
    """A meeting to drive (see tests.helpers.MeetingRig)."""


@pytest.fixture
def make_rig(store: SessionStore, clock: FakeClock) -> Iterator[Callable[..., Rig]]:
    rigs: list[Rig] = []

    def make(**overrides: Any) -> Rig:
        sid = store.create(agenda_from_dict(agenda(**overrides), clock().date()))
        rig = Rig(store, sid, clock, Meeting(store.writer(sid), clock=clock))
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        rig.meeting.writer.close()


@pytest.fixture
def rig(make_rig: Callable[..., Rig]) -> Rig:
    return make_rig()


def turns_of(session: Session) -> list[tuple[str, int, str, str]]:
    return [(t.name, t.item, t.start, t.end) for t in session.turns]


# --------------------------------------------------------------------------- speaking


def test_speak_opens_a_turn_on_the_current_item(rig: Rig) -> None:
    outcome = rig.meeting.capture("/speak Joan")
    assert outcome is not None and outcome.message == f"Speaking: {JOAN}"
    session = rig.on_disk()
    assert turns_of(session) == [(JOAN, 0, at(0), "")]
    assert speaking_now(session) == JOAN
    assert session.info.state == "live"  # the first turn starts the meeting


@pytest.mark.parametrize("typed", ["Ravi", "ravi", "Patel", "Ravi Patel", "RAVI PATEL", "@Ravi"])
def test_speak_takes_any_name_a_participant_answers_to(rig: Rig, typed: str) -> None:
    rig.run(f"/speak {typed}")
    assert turns_of(rig.on_disk()) == [(RAVI, 0, at(0), "")]


def test_another_speaker_ends_the_previous_turn(rig: Rig) -> None:
    rig.run("/speak Joan", 1.5)
    outcome = rig.meeting.capture("/speak Sam")
    assert outcome is not None and outcome.message == f"Speaking: {SAM} (after {JOAN})"
    assert turns_of(rig.on_disk()) == [(JOAN, 0, at(0), at(1.5)), (SAM, 0, at(1.5), "")]


def test_the_same_speaker_again_starts_a_fresh_turn(rig: Rig) -> None:
    rig.run("/speak Joan", 1)
    outcome = rig.meeting.capture("/speak Joan")
    assert outcome is not None and outcome.message == f"Speaking: {JOAN}"
    assert turns_of(rig.on_disk()) == [(JOAN, 0, at(0), at(1)), (JOAN, 0, at(1), "")]


def test_stop_ends_the_turn(rig: Rig) -> None:
    rig.run("/speak Lena", 2)
    outcome = rig.meeting.capture("/stop")
    assert outcome is not None and outcome.message == f"{LENA} stopped speaking"
    session = rig.on_disk()
    assert turns_of(session) == [(LENA, 0, at(0), at(2))]
    assert speaking_now(session) == ""


@pytest.mark.parametrize(
    ("move", "end_state"), [("/next", "live"), ("/goto 3", "live"), ("/end", "ended")]
)
def test_leaving_the_item_closes_the_open_turn(rig: Rig, move: str, end_state: str) -> None:
    rig.run("/speak Joan", 3, move)
    session = rig.on_disk()
    assert turns_of(session) == [(JOAN, 0, at(0), at(3))]
    assert session.info.state == end_state
    assert speaking_now(session) == ""


def test_turns_are_kept_per_item(rig: Rig) -> None:
    rig.run("/speak Joan", 1, "/next", "/speak Sam", 2, "/speak Ravi", 1, "/stop")
    assert turns_of(rig.on_disk()) == [
        (JOAN, 0, at(0), at(1)),
        (SAM, 1, at(1), at(3)),
        (RAVI, 1, at(3), at(4)),
    ]


# --------------------------------------------------------------------------- the queue


@pytest.mark.parametrize(("add", "remove"), [("/queue", "/unqueue"), ("q+", "q-")])
def test_queue_and_unqueue(rig: Rig, add: str, remove: str) -> None:
    first = rig.meeting.capture(f"{add} Sam")
    second = rig.meeting.capture(f"{add} Lena")
    assert first is not None and first.message == f"{SAM} is waiting to speak (number 1)"
    assert second is not None and second.message == f"{LENA} is waiting to speak (number 2)"
    assert rig.on_disk().info.queue == [SAM, LENA]
    outcome = rig.meeting.capture(f"{remove} Sam")
    assert outcome is not None and outcome.message == f"{SAM} taken off the speakers' list"
    assert rig.on_disk().info.queue == [LENA]


@pytest.mark.parametrize("ack", ["ack", "ACK", "  ack  ", "/nextspeaker"])
def test_ack_gives_the_floor_to_the_first_waiting(rig: Rig, ack: str) -> None:
    rig.run("/speak Joan", "q+ Sam", "q+ Lena", 2)
    outcome = rig.meeting.capture(ack)
    assert outcome is not None and outcome.message == f"Speaking: {SAM} (after {JOAN})"
    session = rig.on_disk()
    assert session.info.queue == [LENA]
    assert turns_of(session) == [(JOAN, 0, at(0), at(2)), (SAM, 0, at(2), "")]


def test_ack_is_a_whole_line_only(rig: Rig) -> None:
    rig.run("q+ Sam", "ack the point about lighting")
    session = rig.on_disk()
    assert session.info.queue == [SAM]  # a note that starts with "ack", nobody moved
    assert [n.text for n in session.notes] == ["ack the point about lighting"]
    assert session.turns == []


def test_speaking_out_of_turn_takes_you_off_the_queue(rig: Rig) -> None:
    rig.run("q+ Sam", "q+ Lena", "/speak Lena")
    session = rig.on_disk()
    assert session.info.queue == [SAM]
    assert speaking_now(session) == LENA


def test_leaving_takes_you_off_the_queue(rig: Rig) -> None:
    rig.run("q+ Sam", "q+ Lena", "q+ Ravi", 1)
    outcome = rig.meeting.capture("/left Lena")
    assert outcome is not None
    assert outcome.message == f"{LENA} left during item 1; taken off the speakers' list"
    session = rig.on_disk()
    assert session.info.queue == [SAM, RAVI]
    rig.run("ack", "ack")
    assert [t.name for t in rig.on_disk().turns] == [SAM, RAVI]  # Lena is never called


def test_leaving_with_the_floor_ends_the_turn(rig: Rig) -> None:
    rig.run("/speak Lena", 2, "q+ Sam")
    outcome = rig.meeting.capture("/left Lena")
    assert outcome is not None and outcome.message == f"{LENA} left during item 1; their turn ended"
    session = rig.on_disk()
    assert speaking_now(session) == ""
    assert turns_of(session) == [(LENA, 0, at(0), at(2))]
    assert session.info.queue == [SAM]


@pytest.mark.parametrize(
    ("before", "line", "why"),
    [
        (["/left Lena"], "/speak Lena", "left during item 1, 14:00"),
        (["/left Lena"], "q+ Lena", "left during item 1, 14:00"),
        (["/absent Ravi"], "/speak Ravi", "marked absent"),
        ([], "/queue Owen", "sent apologies"),
    ],
)
def test_who_is_not_in_the_room_cannot_take_the_floor_or_wait_for_it(
    rig: Rig, before: list[str], line: str, why: str
) -> None:
    rig.run(*before)
    before_bytes = rig.path.read_bytes()
    with pytest.raises(CaptureError, match=re.escape(f"is not in the room ({why})")):
        rig.meeting.capture(line)
    assert rig.path.read_bytes() == before_bytes


def test_coming_back_gives_the_same_key_and_the_floor_again(rig: Rig) -> None:
    rig.run("/left Lena")
    assert "4" not in speaker_keys(rig.on_disk())
    rig.run("/arrived Lena", "/speak Lena")
    assert speaker_keys(rig.on_disk())["4"] == LENA
    assert speaking_now(rig.on_disk()) == LENA


def test_queue_survives_reopening(rig: Rig) -> None:
    rig.run("/speak Joan", "q+ Ravi", "q+ Sam")
    rig.meeting.writer.close()
    rig.meeting = Meeting(rig.store.writer(rig.sid), clock=rig.clock)
    rig.run(1, "ack")
    session = rig.on_disk()
    assert session.info.queue == [SAM]
    assert turns_of(session) == [(JOAN, 0, at(0), at(1)), (RAVI, 0, at(1), "")]


# --------------------------------------------------------------------------- refusals

REFUSALS = [
    # (set-up lines, refused line, part of the message)
    ([], "/speak Nobody", "not a participant"),
    ([], "/speak Joan Pike please", "more than a name"),
    ([], "/queue Zed", "not a participant"),
    ([], "q+ Zed", "not a participant"),
    ([], "/unqueue Zed", "not a participant"),
    (["/queue Sam"], "/queue Sam", "already waiting (number 1)"),
    (["q+ Lena", "q+ Sam"], "q+ sam okafor", "already waiting (number 2)"),
    ([], "q- Sam", "not waiting"),
    ([], "/stop", "nobody is marked as speaking"),
    (["/speak Joan", "/stop"], "/stop", "nobody is marked as speaking"),
    (["/speak Joan", "/next"], "/stop", "nobody is marked as speaking"),
    ([], "ack", "nobody is waiting"),
    ([], "/nextspeaker", "nobody is waiting"),
    (["q+ Sam", "ack"], "ack", "nobody is waiting"),
    (["q+ Sam", "q- Sam"], "ack", "nobody is waiting"),
    ([], "/speak", "needs more"),
    ([], "/stop now", "takes nothing"),
]


@pytest.mark.parametrize(("setup", "line", "message"), REFUSALS)
def test_refused_lines_save_nothing(rig: Rig, setup: list[str], line: str, message: str) -> None:
    rig.run(*setup)
    before = rig.path.read_bytes()
    with pytest.raises(CaptureError, match=re.escape(message)):
        rig.meeting.capture(line)
    assert rig.path.read_bytes() == before


def test_a_refused_speaker_does_not_start_the_meeting(rig: Rig) -> None:
    with pytest.raises(CaptureError):
        rig.meeting.capture("/speak Nobody")
    assert rig.on_disk().info.state == "upcoming"


# --------------------------------------------------------------------------- balance


def session_with_turns(*turns: Turn, **overrides: Any) -> Session:
    if "participants" in overrides:
        overrides = {"chair": "", "secretary": "", **overrides}
    session = agenda_from_dict(agenda(**overrides), FROZEN_NOW.date())
    session.turns = list(turns)
    return session


TURNS = [
    Turn(JOAN, 0, at(0), at(1)),  # 60 s on item 0
    Turn(SAM, 0, at(1), at(1.5)),  # 30 s
    Turn(JOAN, 1, at(5), at(5.5)),  # 30 s on item 1
    Turn(RAVI, 1, at(5.5), at(8)),  # 150 s
    Turn(LENA, 1, at(8), ""),  # open: 120 s at minute 10
]
NOW = FROZEN_NOW + timedelta(minutes=10)


@pytest.mark.parametrize(
    ("item", "by", "expected"),
    [
        (
            None,
            "participant",
            [(RAVI, 1, 150), (LENA, 1, 120), (JOAN, 2, 90), (SAM, 1, 30)],
        ),
        (0, "participant", [(JOAN, 1, 60), (SAM, 1, 30), (LENA, 0, 0), (RAVI, 0, 0)]),
        (1, "participant", [(RAVI, 1, 150), (LENA, 1, 120), (JOAN, 1, 30), (SAM, 0, 0)]),
        (2, "participant", [(JOAN, 0, 0), (LENA, 0, 0), (RAVI, 0, 0), (SAM, 0, 0)]),
        (None, "sector", [("public", 3, 240), ("community", 1, 120), ("voluntary", 1, 30)]),
        (0, "sector", [("public", 1, 60), ("voluntary", 1, 30), ("community", 0, 0)]),
        (
            None,
            "organisation",
            [
                ("Northfield Police", 1, 150),
                ("Hope Street Tenants", 1, 120),
                ("Northfield Council", 2, 90),
                ("Northfield CVS", 1, 30),
            ],
        ),
    ],
)
def test_balance(item: int | None, by: str, expected: list[tuple[str, int, int]]) -> None:
    shares = balance(session_with_turns(*TURNS), NOW, item=item, by=by)
    assert shares == [Share(*row) for row in expected]


def test_balance_leaves_out_who_did_not_attend() -> None:
    session = session_with_turns(Turn(JOAN, 0, at(0), at(1)))
    session.participants[2].attendance = "absent"  # Ravi
    names = [s.who for s in balance(session, NOW)]
    assert names == [JOAN, LENA, SAM]  # no Ravi (absent), no Owen (apologies)


def test_balance_counts_an_open_turn_up_to_now() -> None:
    session = session_with_turns(Turn(SAM, 0, at(0), ""))
    assert balance(session, FROZEN_NOW + timedelta(seconds=75))[0] == Share(SAM, 1, 75)


def test_balance_sector_of_someone_without_one_is_other() -> None:
    people = [
        {"name": "Ann Lee", "organisation": "Lee Trust"},  # sector defaults to "other"
        {"name": "Bob Ray", "sector": "private"},
    ]
    session = session_with_turns(
        Turn("Ann Lee", 0, at(0), at(1)), Turn("Bob Ray", 0, at(1), at(3)), participants=people
    )
    assert balance(session, NOW, by="sector") == [Share("private", 1, 120), Share("other", 1, 60)]
    assert balance(session, NOW, by="organisation") == [
        Share("other", 1, 120),  # Bob gave no organisation
        Share("Lee Trust", 1, 60),
    ]


# --------------------------------------------------------------------------- unheard


def test_unheard_groups_the_silent_in_the_room_by_sector() -> None:
    session = session_with_turns(Turn(JOAN, 1, at(0), at(1)), Turn(SAM, 0, at(1), at(2)))
    assert unheard(session, 1) == {"community": [LENA], "public": [RAVI], "voluntary": [SAM]}
    assert unheard(session, 0) == {"community": [LENA], "public": [JOAN, RAVI]}


def test_unheard_leaves_out_apologies_absent_and_who_left() -> None:
    session = session_with_turns()
    session.participants[2].attendance = "absent"  # Ravi
    session.participants[1].attendance = "apologies"  # Sam
    session.attendance = [Attendance(item=0, text="left", at=at(1), name=LENA, seq=1)]
    assert unheard(session, 0) == {"public": [JOAN]}  # Owen sent apologies in the plan


def test_unheard_lists_someone_who_came_back() -> None:
    session = session_with_turns()
    session.attendance = [
        Attendance(item=0, text="left", at=at(1), name=LENA, seq=1),
        Attendance(item=0, text="arrived", at=at(2), name=LENA, seq=2),
        Attendance(item=0, text="arrived", at=at(2), name=OWEN, seq=3),
    ]
    assert unheard(session, 0) == {
        "community": [LENA],
        "education": [OWEN],
        "public": [JOAN, RAVI],
        "voluntary": [SAM],
    }


def test_unheard_through_the_meeting(rig: Rig) -> None:
    rig.run("/absent Ravi", "/speak Joan", 1, "/left Lena", "/speak Sam")
    assert unheard(rig.on_disk(), 0) == {}
    rig.run("/next")
    assert unheard(rig.on_disk(), 1) == {"public": [JOAN], "voluntary": [SAM]}


# --------------------------------------------------------------------------- speaker keys


def test_speaker_keys_are_digits_then_letters_by_place_on_the_list() -> None:
    people = [{"name": f"Person {n:02d}", "sector": "public"} for n in range(1, 14)]
    people.insert(3, {"name": "Away Sent", "apologies": True})
    session = session_with_turns(participants=people)
    session.participants[6].attendance = "absent"  # Person 06
    keys = speaker_keys(session)
    # the keys of who is not here (Away Sent: 4, Person 06: 7) are kept for them
    assert list(keys) == [*"123", *"56", *"89", *"abcde"]
    assert list(keys.values()) == [f"Person {n:02d}" for n in range(1, 14) if n != 6]
    assert (keys["5"], keys["8"], keys["e"]) == ("Person 04", "Person 07", "Person 13")


def test_speaker_keys_stay_with_each_person_as_people_come_and_go() -> None:
    """Grace was 7, then 6 when someone before her left, then 7 again: one key each."""
    people = [{"name": f"Person {n}"} for n in range(1, 7)] + [{"name": "Grace Obi"}]
    session = session_with_turns(participants=people)
    assert speaker_keys(session)["7"] == "Grace Obi"
    session.attendance = [Attendance(item=0, text="left", at=at(1), name="Person 2", seq=1)]
    assert speaker_keys(session)["7"] == "Grace Obi" and "2" not in speaker_keys(session)
    session.attendance.append(Attendance(item=0, text="arrived", at=at(2), name="Person 2", seq=2))
    assert speaker_keys(session)["7"] == "Grace Obi" and speaker_keys(session)["2"] == "Person 2"


def test_someone_added_during_the_meeting_takes_the_next_key(rig: Rig) -> None:
    from facilitator.core.model import Participant

    rig.run("/left Sam")
    outcome = rig.meeting.newcomer(Participant(name="Siân Łukasiewicz", sector="voluntary"))
    assert outcome.message == "Siân Łukasiewicz added to the participants: arrived during item 1"
    keys = speaker_keys(rig.on_disk())
    assert keys == {"1": JOAN, "3": RAVI, "4": LENA, "6": "Siân Łukasiewicz"}  # Owen: 5


def test_speaker_keys_stop_at_z() -> None:
    people = [{"name": f"Person {n:02d}"} for n in range(1, 41)]
    keys = speaker_keys(session_with_turns(participants=people))
    assert len(keys) == 35
    assert (keys["1"], keys["9"], keys["a"], keys["z"]) == (
        "Person 01",
        "Person 09",
        "Person 10",
        "Person 35",
    )


def test_speaker_keys_of_the_helper_agenda() -> None:
    assert speaker_keys(session_with_turns()) == {"1": JOAN, "2": SAM, "3": RAVI, "4": LENA}


# --------------------------------------------------------------------------- the minutes


def section(markdown: str, heading: str) -> list[str]:
    lines = markdown.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [line for line in lines[start:end] if line.strip()]


def test_minutes_summarise_participation_by_sector_and_organisation(rig: Rig) -> None:
    rig.run("/speak Joan", 1.5, "/speak Ravi", 1, "/speak Sam", 0.5, "/next", "/speak Joan")
    rig.run(2, "/end")
    markdown = to_markdown(build_minutes(rig.on_disk()))
    assert section(markdown, "Participation") == [
        "| Who | Spoke |",
        "|---|---|",
        "| public (sector) | 3 turns, 4:30 |",
        "| voluntary (sector) | 1 turn, 0:30 |",
        "| community (sector) | 0 turns, 0:00 |",
        "| Northfield Council (organisation) | 2 turns, 3:30 |",
        "| Northfield Police (organisation) | 1 turn, 1:00 |",
        "| Northfield CVS (organisation) | 1 turn, 0:30 |",
        "| Hope Street Tenants (organisation) | 0 turns, 0:00 |",
    ]


def test_minutes_have_no_participation_without_turns(rig: Rig) -> None:
    rig.run("Lamps discussed", "/next", "/decision Fund the lamps @Joan", "/end")
    minutes = build_minutes(rig.on_disk())
    assert minutes.participation == []
    markdown = to_markdown(minutes)
    assert "## Participation" not in markdown
    assert "Spoke" not in markdown


# --------------------------------------------------------------------------- property

TYPED_NAMES = {
    "Joan": JOAN,
    "Joan Pike": JOAN,
    "pike": JOAN,
    "Sam": SAM,
    "Ravi Patel": RAVI,
    "Lena": LENA,
    "Owen": OWEN,
    "Nobody": None,
    "Zara Quinn": None,
    "Joan Pike again": None,  # more than a name
}
NAMED = ["/speak", "/queue", "q+", "/unqueue", "q-"]
BARE = ["/stop", "ack", "/nextspeaker", "/next", "/prev"]
KNOWN = [typed for typed, name in TYPED_NAMES.items() if name]

names = st.one_of(st.sampled_from(KNOWN), st.sampled_from(list(TYPED_NAMES)))  # mostly known
lines = st.one_of(
    st.builds(lambda cmd, name: f"{cmd} {name}", st.sampled_from(NAMED), names),
    st.sampled_from(BARE),
)
steps = st.lists(st.tuples(lines, st.integers(0, 90)), min_size=5, max_size=40)


@dataclass
class Model:
    """What the speakers' state should be after each line."""

    items: int
    index: int = 0
    speaking: str = ""
    queue: list[str] = field(default_factory=list)

    def apply(self, line: str) -> bool:
        """Carry out ``line``; False if the meeting should refuse it."""
        command, _, typed = line.partition(" ")
        name = TYPED_NAMES.get(typed)
        if command in ("/speak", "/queue", "q+", "/unqueue", "q-") and name is None:
            return False
        if command in ("/speak", "/queue", "q+") and name == OWEN and name not in self.queue:
            return False  # sent apologies: not in the room
        if command == "/speak":
            self.speak(name or "")
        elif command in ("/queue", "q+"):
            if name in self.queue:
                return False
            self.queue.append(name or "")
        elif command in ("/unqueue", "q-"):
            if name not in self.queue:
                return False
            self.queue.remove(name or "")
        elif command == "/stop":
            if not self.speaking:
                return False
            self.speaking = ""
        elif command in ("ack", "/nextspeaker"):
            if not self.queue:
                return False
            self.speak(self.queue[0])
        else:
            step = 1 if command == "/next" else -1
            if not 0 <= self.index + step < self.items:
                return False
            self.index += step
            self.speaking = ""
        return True

    def speak(self, name: str) -> None:
        self.speaking = name
        self.queue = [n for n in self.queue if n != name]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(steps=steps)
def test_speaker_commands_keep_the_record_consistent(steps: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = SessionStore(Path(folder) / "sessions")
        clock = FakeClock()
        sid = store.create(agenda_from_dict(agenda(), clock().date()))
        meeting = Meeting(store.writer(sid), clock=clock)
        model = Model(items=len(meeting.session.agenda))
        path = store.path_for(sid)
        successes = 0
        try:
            for line, seconds in steps:
                clock.advance(seconds=seconds)
                before = path.read_bytes()
                expected_ok = model.apply(line)
                try:
                    meeting.capture(line)
                except CaptureError:
                    assert not expected_ok, line
                    assert path.read_bytes() == before, line
                else:
                    assert expected_ok, line
                    successes += line.startswith("/speak") or line in ("ack", "/nextspeaker")
                session = meeting.session
                open_turns = [t for t in session.turns if not t.end]
                assert len(open_turns) <= 1
                if open_turns:
                    assert open_turns[0].item == session.agenda[session.info.current_item].id
                for turn in session.turns:
                    if turn.end:
                        end = datetime.fromisoformat(turn.end)
                        assert datetime.fromisoformat(turn.start) <= end <= clock()
                queue = session.info.queue
                assert len(queue) == len(set(queue))
                assert queue == model.queue
                assert speaking_now(session) == model.speaking
                assert session.info.current_item == model.index
        finally:
            meeting.writer.close()
        on_disk = store.load(sid)
        assert len(on_disk.turns) == successes
        assert on_disk.turns == meeting.session.turns
