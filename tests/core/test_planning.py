"""Tests for planning a session in the app (core/planning.py).

Each test opens a real session for writing with ``store.writer`` and changes it through a
``Planner``, then checks what a fresh reader sees on disk (``store.load``), not the writer's
own memory. A refused value must leave the file byte-for-byte as it was.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from facilitator.core.agenda import agenda_from_dict, to_toml
from facilitator.core.meeting import Meeting
from facilitator.core.model import ROLES, SECTORS, Session
from facilitator.core.planning import PlanError, Planner, end_time, planned_end, projected_end
from facilitator.core.store import SessionStore
from tests.conftest import FakeClock
from tests.helpers import agenda


@dataclass
class Plan:
    store: SessionStore
    sid: str
    planner: Planner
    clock: FakeClock

    def on_disk(self) -> Session:
        return self.store.load(self.sid)

    def file_bytes(self) -> bytes:
        return self.store.path_for(self.sid).read_bytes()

    def person_id(self, name: str) -> int:
        return next(p.id for p in self.on_disk().participants if p.name == name)

    def titles(self) -> list[str]:
        return [item.title for item in self.on_disk().agenda]


@pytest.fixture
def make_plan(store: SessionStore, clock: FakeClock) -> Iterator[Any]:
    writers = []

    def make(**overrides: Any) -> Plan:
        sid = store.create(agenda_from_dict(agenda(**overrides), clock().date()))
        writer = store.writer(sid)
        writers.append(writer)
        return Plan(store, sid, Planner(writer, clock), clock)

    yield make
    for writer in writers:
        writer.close()


@pytest.fixture
def plan(make_plan: Any) -> Plan:
    return make_plan()


def assert_refused(plan: Plan, change: Any, *, match: str | None = None) -> PlanError:
    """``change()`` raises PlanError and the session file is untouched."""
    before = plan.file_bytes()
    with pytest.raises(PlanError, match=match) as caught:
        change()
    assert plan.file_bytes() == before
    assert "\n" not in str(caught.value)
    return caught.value


# --------------------------------------------------------------------------- details


@pytest.mark.parametrize(
    ("key", "typed", "stored"),
    [
        ("title", "Quarterly Board", "Quarterly Board"),
        ("title", "  Quarterly \t  Board\n", "Quarterly Board"),
        ("partnership", "Kingsmead Community Safety Partnership", None),
        ("venue", "Civic Centre, Committee Room 1", None),
        ("venue", "", None),
        ("venue", '[b]x a\\ "quoted" 🎉 مرحبا', None),
    ],
)
def test_text_details_are_saved(plan: Plan, key: str, typed: str, stored: str | None) -> None:
    plan.planner.set_detail(key, typed)
    assert getattr(plan.on_disk().info, key) == (typed if stored is None else stored)


@pytest.mark.parametrize("key", ["title", "partnership"])
@pytest.mark.parametrize("typed", ["", "   ", "\t\n"])
def test_title_and_partnership_are_required(plan: Plan, key: str, typed: str) -> None:
    error = assert_refused(plan, lambda: plan.planner.set_detail(key, typed))
    assert key in str(error)


def test_unknown_detail_is_refused(plan: Plan) -> None:
    assert_refused(plan, lambda: plan.planner.set_detail("colour", "blue"), match="colour")


@pytest.mark.parametrize(
    ("typed", "iso", "echo"),
    [
        ("10/12/2026 14:00", "2026-12-10T14:00", "Thu 10 Dec 2026, 14:00"),
        ("friday 2pm", "2026-11-27T14:00", "Fri 27 Nov 2026, 14:00"),
        ("Friday   2pm", "2026-11-27T14:00", "Fri 27 Nov 2026, 14:00"),
        ("tomorrow 9:30", "2026-11-24T09:30", "Tue 24 Nov 2026, 09:30"),
        ("3/4/2027 10am", "2027-04-03T10:00", "Sat 3 Apr 2027, 10:00"),
        ("2027-01-14 18:30", "2027-01-14T18:30", "Thu 14 Jan 2027, 18:30"),
    ],
)
def test_date_is_read_the_uk_way_and_echoed(plan: Plan, typed: str, iso: str, echo: str) -> None:
    assert plan.planner.set_detail("date", typed) == echo
    info = plan.on_disk().info
    assert info.date == iso
    assert info.date_text == " ".join(typed.split())


def test_date_is_relative_to_the_clock(make_plan: Any, clock: FakeClock) -> None:
    plan = make_plan()
    clock.advance(days=7)  # Mon 30 Nov 2026
    assert plan.planner.set_detail("date", "friday 2pm") == "Fri 4 Dec 2026, 14:00"


def test_blank_date_clears_it(plan: Plan) -> None:
    assert plan.on_disk().info.date  # the helper agenda has one
    assert plan.planner.set_detail("date", "  ") == "no date yet"
    info = plan.on_disk().info
    assert (info.date, info.date_text) == ("", "")


@pytest.mark.parametrize(
    "typed", ["nonsense", "31/02/2027 14:00", "friday 25pm", "13/13/2026", "14:00", "next blursday"]
)
def test_nonsense_date_is_refused_and_nothing_saved(plan: Plan, typed: str) -> None:
    assert_refused(plan, lambda: plan.planner.set_detail("date", typed))
    assert plan.on_disk().info.date == "2026-11-23T14:00"


@pytest.mark.parametrize(
    ("key", "typed", "stored"),
    [
        ("chair", "Ravi Patel", "Ravi Patel"),
        ("chair", "ravi patel", "Ravi Patel"),
        ("chair", "  LENA   NOVAK ", "Lena Novak"),
        ("secretary", "joan PIKE", "Joan Pike"),
        ("chair", "", ""),
        ("secretary", "   ", ""),
    ],
)
def test_chair_and_secretary_are_participants_or_blank(
    plan: Plan, key: str, typed: str, stored: str
) -> None:
    plan.planner.set_detail(key, typed)
    assert getattr(plan.on_disk().info, key) == stored


@pytest.mark.parametrize("key", ["chair", "secretary"])
@pytest.mark.parametrize("typed", ["Nobody Known", "Ravi", "Ravi Patel Jr"])
def test_chair_and_secretary_must_be_a_participant(plan: Plan, key: str, typed: str) -> None:
    assert_refused(plan, lambda: plan.planner.set_detail(key, typed), match="participant")


@pytest.mark.parametrize(
    ("typed", "stored", "echo"),
    [
        ("0", 0, "no quorum set"),
        ("", 0, "no quorum set"),
        ("3", 3, "3 needed for decisions"),
        (" 4 ", 4, "4 needed for decisions"),
        ("5", 5, "5 needed for decisions"),  # everyone (the helper agenda has five people)
    ],
)
def test_quorum_is_saved(plan: Plan, typed: str, stored: int, echo: str) -> None:
    assert plan.planner.set_detail("quorum", typed) == echo
    assert plan.on_disk().info.quorum == stored


@pytest.mark.parametrize(
    "typed",
    ["6", "-1", "2.5", "three", "1e3", "+3", "3 people", pytest.param("²", id="superscript-2")],
)
def test_quorum_must_be_a_whole_number_up_to_the_participants(plan: Plan, typed: str) -> None:
    assert_refused(plan, lambda: plan.planner.set_detail("quorum", typed), match="quorum")
    assert plan.on_disk().info.quorum == 0


def test_quorum_limit_follows_the_participant_count(plan: Plan) -> None:
    assert_refused(plan, lambda: plan.planner.set_detail("quorum", "6"))
    plan.planner.add_participant({"name": "Priya Shah", "sector": "health"})
    plan.planner.set_detail("quorum", "6")
    assert plan.on_disk().info.quorum == 6


# --------------------------------------------------------------------------- participants


def test_add_participant(plan: Plan) -> None:
    person = plan.planner.add_participant(
        {
            "name": "  Priya   Shah ",
            "organisation": "Hope Street Surgery",
            "sector": "Health",
            "role": "ADVISOR",
            "new": True,
            "apologies": True,
        }
    )
    stored = plan.on_disk().participants[-1]
    assert stored == person
    assert (stored.name, stored.organisation, stored.sector, stored.role) == (
        "Priya Shah",
        "Hope Street Surgery",
        "health",
        "advisor",
    )
    assert (stored.new, stored.apologies, stored.attendance) == (True, True, "")
    ids = [p.id for p in plan.on_disk().participants]
    assert len(set(ids)) == len(ids) == 6


@pytest.mark.parametrize("sector", SECTORS)
def test_every_sector_is_accepted(plan: Plan, sector: str) -> None:
    plan.planner.add_participant({"name": "Priya Shah", "sector": sector})
    assert plan.on_disk().participants[-1].sector == sector


@pytest.mark.parametrize("role", ROLES)
def test_every_role_is_accepted(plan: Plan, role: str) -> None:
    plan.planner.add_participant({"name": "Priya Shah", "sector": "health", "role": role})
    assert plan.on_disk().participants[-1].role == role


@pytest.mark.parametrize(
    ("values", "match"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({}, "name"),
        ({"name": "Joan Pike"}, "already"),
        ({"name": "joan pike"}, "already"),
        ({"name": " JOAN   PIKE "}, "already"),
        ({"name": "Priya Shah", "sector": "government"}, "sector"),
        ({"name": "Priya Shah", "sector": ""}, "sector"),
        ({"name": "Priya Shah", "role": "chair"}, "role"),
    ],
)
def test_add_participant_refused(plan: Plan, values: dict[str, Any], match: str) -> None:
    assert_refused(plan, lambda: plan.planner.add_participant(values), match=match)
    assert len(plan.on_disk().participants) == 5


def test_update_participant(plan: Plan) -> None:
    ravi = plan.person_id("Ravi Patel")
    plan.planner.update_participant(
        ravi, {"name": "Ravi Patel", "organisation": "Wessex Police", "sector": "public"}
    )
    session = plan.on_disk()
    person = next(p for p in session.participants if p.id == ravi)
    assert (person.name, person.organisation) == ("Ravi Patel", "Wessex Police")
    assert len(session.participants) == 5


@pytest.mark.parametrize(
    ("old", "new", "chair", "secretary"),
    [
        ("Joan Pike", "Cllr Joan Pike", "Cllr Joan Pike", "Sam Okafor"),
        ("Sam Okafor", "Samuel Okafor", "Joan Pike", "Samuel Okafor"),
        ("Joan Pike", "joan pike", "joan pike", "Sam Okafor"),  # a change of case only
        ("Ravi Patel", "Ravi Patil", "Joan Pike", "Sam Okafor"),
    ],
)
def test_renaming_follows_into_chair_and_secretary(
    plan: Plan, old: str, new: str, chair: str, secretary: str
) -> None:
    plan.planner.update_participant(plan.person_id(old), {"name": new, "sector": "public"})
    info = plan.on_disk().info
    assert (info.chair, info.secretary) == (chair, secretary)
    names = [p.name for p in plan.on_disk().participants]
    assert new in names and old not in names


def test_renaming_someone_who_is_both_chair_and_secretary(plan: Plan) -> None:
    plan.planner.set_detail("secretary", "Joan Pike")
    plan.planner.update_participant(plan.person_id("Joan Pike"), {"name": "Joan Pike-Smith"})
    info = plan.on_disk().info
    assert (info.chair, info.secretary) == ("Joan Pike-Smith", "Joan Pike-Smith")


@pytest.mark.parametrize("new", ["Lena Novak", "LENA NOVAK", ""])
def test_update_participant_refused(plan: Plan, new: str) -> None:
    ravi = plan.person_id("Ravi Patel")
    assert_refused(plan, lambda: plan.planner.update_participant(ravi, {"name": new}))


def test_update_of_a_participant_no_longer_there_is_refused(plan: Plan) -> None:
    assert_refused(plan, lambda: plan.planner.update_participant(99, {"name": "X"}))


@pytest.mark.parametrize(
    ("name", "chair", "secretary"),
    [
        ("Joan Pike", "", "Sam Okafor"),
        ("Sam Okafor", "Joan Pike", ""),
        ("Ravi Patel", "Joan Pike", "Sam Okafor"),
    ],
)
def test_remove_participant(plan: Plan, name: str, chair: str, secretary: str) -> None:
    assert plan.planner.remove_participant(plan.person_id(name)) == name
    session = plan.on_disk()
    assert name not in [p.name for p in session.participants]
    assert len(session.participants) == 4
    assert (session.info.chair, session.info.secretary) == (chair, secretary)


def test_quorum_stays_within_the_participants_after_a_removal(plan: Plan) -> None:
    plan.planner.set_detail("quorum", "5")
    plan.planner.remove_participant(plan.person_id("Ravi Patel"))
    session = plan.on_disk()
    assert 0 <= session.info.quorum <= len(session.participants) == 4
    # and so the plan still exports as an agenda file that reads back
    back = agenda_from_dict(tomllib.loads(to_toml(session)), plan.clock().date())
    assert back.info.quorum == session.info.quorum


def test_remove_a_participant_no_longer_there_is_refused(plan: Plan) -> None:
    assert_refused(plan, lambda: plan.planner.remove_participant(99))


def test_new_participant_after_a_removal_gets_a_fresh_id(plan: Plan) -> None:
    plan.planner.remove_participant(plan.person_id("Lena Novak"))
    plan.planner.add_participant({"name": "Priya Shah", "sector": "health"})
    plan.planner.add_participant({"name": "Kevin Marsh", "sector": "private"})
    ids = [p.id for p in plan.on_disk().participants]
    assert len(set(ids)) == len(ids) == 6


# --------------------------------------------------------------------------- agenda


def test_add_item_with_defaults(plan: Plan) -> None:
    item = plan.planner.add_item({"title": "Budget"})
    stored = plan.on_disk().agenda[-1]
    assert stored == item
    assert (stored.title, stored.minutes, stored.lead) == ("Budget", 10, "")
    assert (stored.confidential, stored.standing, stored.papers_circulated) == (False, False, "")
    assert stored.position == 3
    assert stored.id not in [i.id for i in plan.on_disk().agenda[:-1]]


def test_add_item_with_every_field(plan: Plan) -> None:
    plan.planner.add_item(
        {
            "title": "  Youth   services contract ",
            "minutes": " 45 ",
            "lead": "Ravi Patel",
            "kind": "Decision",
            "confidential": True,
            "papers_circulated": "20/11/2026",
            "standing": True,
        }
    )
    stored = plan.on_disk().agenda[-1]
    assert (stored.title, stored.minutes, stored.lead, stored.kind) == (
        "Youth services contract",
        45,
        "Ravi Patel",
        "decision",
    )
    assert (stored.confidential, stored.standing) == (True, True)
    assert stored.papers_circulated == "2026-11-20"


@pytest.mark.parametrize(
    ("papers", "iso"),
    [("20/11/2026", "2026-11-20"), ("friday", "2026-11-27"), ("2026-11-01", "2026-11-01")],
)
def test_papers_circulated_is_a_date(plan: Plan, papers: str, iso: str) -> None:
    plan.planner.add_item({"title": "Budget", "papers_circulated": papers})
    assert plan.on_disk().agenda[-1].papers_circulated == iso


@pytest.mark.parametrize("kind", ["information", "discussion", "decision", "review"])
def test_every_item_kind_is_accepted(plan: Plan, kind: str) -> None:
    plan.planner.add_item({"title": "Budget", "kind": kind})
    assert plan.on_disk().agenda[-1].kind == kind


@pytest.mark.parametrize(("minutes", "stored"), [("1", 1), ("600", 600), (15, 15), ("007", 7)])
def test_timebox_limits(plan: Plan, minutes: object, stored: int) -> None:
    plan.planner.add_item({"title": "Budget", "minutes": minutes})
    assert plan.on_disk().agenda[-1].minutes == stored


@pytest.mark.parametrize(
    ("values", "match"),
    [
        ({"title": ""}, "title"),
        ({"title": "  \t "}, "title"),
        ({"minutes": "10"}, "title"),
        ({"title": "Budget", "minutes": "0"}, "timebox"),
        ({"title": "Budget", "minutes": "601"}, "timebox"),
        ({"title": "Budget", "minutes": "-5"}, "timebox"),
        ({"title": "Budget", "minutes": "ten"}, "timebox"),
        ({"title": "Budget", "minutes": "1.5"}, "timebox"),
        ({"title": "Budget", "minutes": ""}, "timebox"),
        pytest.param({"title": "Budget", "minutes": "²"}, "timebox", id="superscript-2"),
        ({"title": "Budget", "kind": "vote"}, "kind"),
        ({"title": "Budget", "papers_circulated": "nonsense"}, "papers"),
        ({"title": "Budget", "papers_circulated": "31/02/2026"}, "papers"),
    ],
)
def test_add_item_refused(plan: Plan, values: dict[str, Any], match: str) -> None:
    assert_refused(plan, lambda: plan.planner.add_item(values), match=match)
    assert len(plan.on_disk().agenda) == 3


@pytest.mark.parametrize(
    ("at", "titles"),
    [
        (0, ["Budget", "Welcome and apologies", "Street lighting on Hope Street", "AOB"]),
        (1, ["Welcome and apologies", "Budget", "Street lighting on Hope Street", "AOB"]),
        (3, ["Welcome and apologies", "Street lighting on Hope Street", "AOB", "Budget"]),
        (99, ["Welcome and apologies", "Street lighting on Hope Street", "AOB", "Budget"]),
        (-4, ["Budget", "Welcome and apologies", "Street lighting on Hope Street", "AOB"]),
    ],
)
def test_add_item_at_a_place(plan: Plan, at: int, titles: list[str]) -> None:
    plan.planner.update_item(plan.on_disk().agenda[2].id, {"title": "AOB", "minutes": "5"})
    plan.planner.add_item({"title": "Budget"}, at=at)
    session = plan.on_disk()
    assert [i.title for i in session.agenda] == titles
    assert [i.position for i in session.agenda] == [0, 1, 2, 3]
    assert len({i.id for i in session.agenda}) == 4


def test_update_item(plan: Plan) -> None:
    lighting = plan.on_disk().agenda[1]
    plan.planner.update_item(
        lighting.id,
        {"title": "Street lighting", "minutes": "25", "kind": "review", "confidential": True},
    )
    stored = plan.on_disk().agenda[1]
    assert (stored.id, stored.position) == (lighting.id, lighting.position)
    assert (stored.title, stored.minutes, stored.kind, stored.confidential) == (
        "Street lighting",
        25,
        "review",
        True,
    )


@pytest.mark.parametrize(
    "values",
    [{"title": ""}, {"title": "x", "minutes": "0"}, {"title": "x", "kind": "vote"}],
)
def test_update_item_refused(plan: Plan, values: dict[str, Any]) -> None:
    item_id = plan.on_disk().agenda[1].id
    assert_refused(plan, lambda: plan.planner.update_item(item_id, values))


def test_remove_item(plan: Plan) -> None:
    session = plan.on_disk()
    assert plan.planner.remove_item(session.agenda[1].id) == "Street lighting on Hope Street"
    after = plan.on_disk()
    assert [i.title for i in after.agenda] == ["Welcome and apologies", "Any other business"]
    assert [i.position for i in after.agenda] == [0, 1]
    assert [i.id for i in after.agenda] == [session.agenda[0].id, session.agenda[2].id]


def test_remove_an_item_no_longer_there_is_refused(plan: Plan) -> None:
    assert_refused(plan, lambda: plan.planner.remove_item(99))


@pytest.mark.parametrize("lines", [["a note on the welcome"], ["a note", "/undo"]])
def test_item_with_entries_cannot_be_removed(plan: Plan, lines: list[str]) -> None:
    meeting = Meeting(plan.planner.writer, plan.clock)
    for line in lines:
        meeting.capture(line)
    welcome = plan.on_disk().agenda[0]
    error = assert_refused(plan, lambda: plan.planner.remove_item(welcome.id), match="entries")
    assert "defer" in str(error)
    assert plan.titles()[0] == "Welcome and apologies"


@pytest.mark.parametrize(
    ("index", "step", "new_index", "order"),
    [
        (1, -1, 0, "BAC"),
        (1, +1, 2, "ACB"),
        (0, -1, 0, "ABC"),
        (2, +1, 2, "ABC"),
        (0, +1, 1, "BAC"),
        (2, -1, 1, "ACB"),
    ],
)
def test_move_item(plan: Plan, index: int, step: int, new_index: int, order: str) -> None:
    before = plan.on_disk().agenda
    letters = {item.title: "ABC"[n] for n, item in enumerate(before)}
    assert plan.planner.move_item(before[index].id, step) == new_index
    after = plan.on_disk().agenda
    assert "".join(letters[i.title] for i in after) == order
    assert [i.position for i in after] == [0, 1, 2]
    assert {i.id: i.title for i in after} == {i.id: i.title for i in before}


def test_move_an_item_no_longer_there_is_refused(plan: Plan) -> None:
    # Every other change names a vanished item with PlanError; so must a move.
    assert_refused(plan, lambda: plan.planner.move_item(99, +1))


def test_entries_stay_with_their_item_when_it_moves(plan: Plan) -> None:
    meeting = Meeting(plan.planner.writer, plan.clock)
    meeting.capture("welcome note")
    welcome = plan.on_disk().agenda[0]
    plan.planner.move_item(welcome.id, +1)
    session = plan.on_disk()
    assert session.agenda[1].id == welcome.id
    assert [e.text for e in session.entries_for(welcome.id)] == ["welcome note"]


# --------------------------------------------------------------------------- end time


def test_end_time_from_date_and_timeboxes(make_plan: Any) -> None:
    plan = make_plan(
        items=[
            {"title": "Welcome", "minutes": 15},
            {"title": "Street lighting", "minutes": 45},
            {"title": "Any other business", "minutes": 15},
        ]
    )
    assert end_time(plan.on_disk()) == "75 min planned: 14:00 → 15:15"
    plan.planner.add_item({"title": "Budget", "minutes": "10"})
    assert end_time(plan.on_disk()) == "85 min planned: 14:00 → 15:25"
    plan.planner.set_detail("date", "friday 6:30pm")
    assert end_time(plan.on_disk()) == "85 min planned: 18:30 → 19:55"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"date": "23/11/2026 23:30"}, "25 min planned: 23:30 → 23:55"),
        ({"date": "23/11/2026 23:50"}, "25 min planned: 23:50 → 00:15"),
        ({"items": []}, "0 min planned: 14:00 → 14:00"),
    ],
)
def test_end_time_cases(make_plan: Any, overrides: dict[str, Any], expected: str) -> None:
    assert end_time(make_plan(**overrides).on_disk()) == expected


def test_end_time_without_a_time(plan: Plan) -> None:
    plan.planner.set_detail("date", "")
    assert end_time(plan.on_disk()) == "25 min planned"


# --------------------------------------------------------------------------- persistence


def test_a_whole_plan_survives_a_reopen(plan: Plan, store: SessionStore, clock: FakeClock) -> None:
    p = plan.planner
    p.set_detail("title", "Quarterly Board")
    p.set_detail("date", "10/12/2026 14:00")
    p.add_participant({"name": "Priya Shah", "organisation": "Surgery", "sector": "health"})
    p.set_detail("chair", "priya shah")
    p.set_detail("quorum", "4")
    p.add_item({"title": "Budget", "minutes": "20", "kind": "decision"}, at=1)
    p.writer.close()

    writer = store.writer(plan.sid)
    try:
        session = Planner(writer, clock).session
        assert session == store.load(plan.sid)
        info = session.info
        assert (info.title, info.date, info.chair, info.quorum) == (
            "Quarterly Board",
            "2026-12-10T14:00",
            "Priya Shah",
            4,
        )
        assert [i.title for i in session.agenda][:2] == ["Welcome and apologies", "Budget"]
        assert session.participants[-1].name == "Priya Shah"
    finally:
        writer.close()


# --------------------------------------------------------------------------- projected end


def test_the_projected_end_follows_time_used_and_the_timeboxes_left(
    store: SessionStore, clock: FakeClock
) -> None:
    # items of 5, 15 and 5 minutes, planned for 14:00: it would end at 14:25
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    writer = store.writer(sid)
    try:
        meeting = Meeting(writer, clock)
        session = meeting.session
        assert planned_end(session) == datetime(2026, 11, 23, 14, 25)
        assert projected_end(session, clock()) == datetime(2026, 11, 23, 14, 25)
        clock.advance(minutes=3)
        meeting.capture("started three minutes late")
        assert projected_end(meeting.session, clock()) == datetime(2026, 11, 23, 14, 28)
        clock.advance(minutes=8)  # item 1 runs 3 minutes over its 5
        assert projected_end(meeting.session, clock()) == datetime(2026, 11, 23, 14, 31)
        meeting.capture("/next")
        meeting.capture("/extend 2")  # item 2's 15 become 17
        assert projected_end(meeting.session, clock()) == datetime(2026, 11, 23, 14, 33)
        clock.advance(minutes=4)
        meeting.capture("/defer 3")  # its 5 minutes go to the next meeting
        assert projected_end(meeting.session, clock()) == datetime(2026, 11, 23, 14, 28)
        assert planned_end(meeting.session) == datetime(2026, 11, 23, 14, 25)  # the plan's
    finally:
        writer.close()


def test_no_planned_end_without_a_planned_time(plan: Plan) -> None:
    plan.planner.set_detail("date", "")
    assert planned_end(plan.on_disk()) is None
