"""Tests for carrying deferred items to the next meeting of the partnership (core/carry.py).

An item deferred in session A must appear exactly once on the next session of the same
partnership — the first one after A by date that is not ended — whether that session is
created afterwards (``carry.create``), already exists (``carry.deliver`` right after the
deferral) or is opened later (``carry.pull_into``). A itself is never rewritten.
"""

from __future__ import annotations

from typing import Any

import pytest

from facilitator.core import carry, templates
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.meeting import Meeting
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.model import AgendaItem, Session
from facilitator.core.planning import Planner
from facilitator.core.store import SessionStore
from tests.conftest import FakeClock
from tests.helpers import agenda

NORTHFIELD = "Northfield Community Safety Partnership"
KINGSMEAD = "Kingsmead Community Safety Partnership"
LIGHTING = "Street lighting on Hope Street"
A_DATE = "23/11/2026 14:00"  # Mon 23 Nov 2026, 14:00
A_ISO = "2026-11-23T14:00"
NEXT_ITEMS = [
    {"title": "Welcome and apologies", "minutes": 5, "kind": "information"},
    {"title": "Youth services contract", "minutes": 20, "kind": "decision"},
    {"title": "Any other business", "minutes": 5},
]


def plan(
    store: SessionStore,
    clock: FakeClock,
    date: str,
    *,
    partnership: str = NORTHFIELD,
    title: str = "Partnership Board",
    items: list[dict[str, Any]] | None = None,
) -> str:
    """Create a session of the partnership on ``date``; returns its id."""
    overrides: dict[str, Any] = {"date": date, "partnership": partnership, "title": title}
    if items is not None:
        overrides["items"] = items
    return store.create(agenda_from_dict(agenda(**overrides), clock().date()))


def upcoming(clock: FakeClock, date: str, partnership: str = NORTHFIELD) -> Session:
    """A later session of the partnership, not yet stored (for ``carry.create``)."""
    data = agenda(date=date, partnership=partnership, items=NEXT_ITEMS)
    return agenda_from_dict(data, clock().date())


def later(store: SessionStore, clock: FakeClock, date: str, **overrides: Any) -> str:
    """A later session of the partnership, already stored; returns its id."""
    return plan(store, clock, date, items=NEXT_ITEMS, **overrides)


def run(store: SessionStore, clock: FakeClock, sid: str, *lines: str) -> Session:
    """Open the session, carry out the lines, close it; returns the session afterwards."""
    writer = store.writer(sid)
    try:
        meeting = Meeting(writer, clock)
        for line in lines:
            meeting.capture(line)
        return writer.session
    finally:
        writer.close()


def defer_lighting(store: SessionStore, clock: FakeClock) -> Session:
    """Session A (23 Nov 2026) of Northfield, with item 2 (street lighting) deferred."""
    a = plan(store, clock, A_DATE)
    return run(store, clock, a, "a note on the welcome", "/defer 2")


def carried(session: Session, source: str = "") -> list[AgendaItem]:
    return [
        i for i in session.agenda if i.deferred_from and (not source or i.deferred_from == source)
    ]


def everywhere(store: SessionStore, source: str) -> list[tuple[str, str]]:
    """(session id, title) of every item on any session that came from ``source``."""
    sessions, problems = store.list_sessions()
    assert problems == []
    return [(s.info.id, i.title) for s in sessions for i in carried(s, source)]


def open_and_pull(store: SessionStore, sid: str) -> list[str]:
    """Open ``sid`` for writing as the plan or live screen would, and pull deferred items."""
    sessions, _ = store.list_sessions()
    writer = store.writer(sid)
    try:
        return carry.pull_into(writer, sessions)
    finally:
        writer.close()


def assert_carried_once(store: SessionStore, source: Session, target: str) -> AgendaItem:
    assert everywhere(store, source.info.id) == [(target, LIGHTING)]
    item = carried(store.load(target))[0]
    assert (item.deferred_from, item.deferred_from_date) == (source.info.id, A_ISO)
    original = next(i for i in source.agenda if i.title == LIGHTING)
    assert item.deferred_from_item == original.id
    assert (item.minutes, item.kind) == (original.minutes, original.kind)
    assert not item.deferred_at and not item.standing and not item.added_at
    return item


# --------------------------------------------------------------------------- three ways in


def test_created_afterwards(store: SessionStore, clock: FakeClock) -> None:
    a = defer_lighting(store, clock)
    before = store.path_for(a.info.id).read_bytes()
    session = upcoming(clock, "10/12/2026 14:00")
    b, titles = carry.create(store, session)
    assert titles == [LIGHTING]
    assert_carried_once(store, a, b)
    # it goes in before "Any other business", the closing items staying last
    assert [i.title for i in store.load(b).agenda] == [
        "Welcome and apologies",
        "Youth services contract",
        LIGHTING,
        "Any other business",
    ]
    assert store.path_for(a.info.id).read_bytes() == before


def test_created_afterwards_like_the_last_one(store: SessionStore, clock: FakeClock) -> None:
    a = defer_lighting(store, clock)
    b, titles = carry.create(store, templates.like(a, date_iso="2026-12-10T14:00", items=[]))
    assert titles == [LIGHTING]
    assert_carried_once(store, a, b)
    assert [i.title for i in store.load(b).agenda] == [LIGHTING]  # no other item picked


def test_already_existing_gets_it_on_delivery(store: SessionStore, clock: FakeClock) -> None:
    b = later(store, clock, "10/12/2026 14:00")
    a = defer_lighting(store, clock)
    before = store.path_for(a.info.id).read_bytes()
    assert carry.deliver(store, a) == f"added to the next meeting, {b}"
    assert_carried_once(store, a, b)
    assert store.path_for(a.info.id).read_bytes() == before


def test_delivery_while_the_next_meeting_is_open_waits_for_it(
    store: SessionStore, clock: FakeClock
) -> None:
    b = later(store, clock, "10/12/2026 14:00")
    a = defer_lighting(store, clock)
    before_a, before_b = (store.path_for(s).read_bytes() for s in (a.info.id, b))
    busy = store.writer(b)
    try:
        message = carry.deliver(store, a)
    finally:
        busy.close()
    assert b in message and "opened" in message
    assert store.path_for(b).read_bytes() == before_b
    assert open_and_pull(store, b) == [LIGHTING]
    assert_carried_once(store, a, b)
    assert store.path_for(a.info.id).read_bytes() == before_a


def test_pulled_in_when_the_next_meeting_is_opened(store: SessionStore, clock: FakeClock) -> None:
    b = later(store, clock, "10/12/2026 14:00")
    a = defer_lighting(store, clock)
    before = store.path_for(a.info.id).read_bytes()
    assert open_and_pull(store, b) == [LIGHTING]
    assert_carried_once(store, a, b)
    assert store.path_for(a.info.id).read_bytes() == before


def test_deliver_with_no_next_meeting_yet(store: SessionStore, clock: FakeClock) -> None:
    a = defer_lighting(store, clock)
    message = carry.deliver(store, a)
    assert "when that is created" in message
    assert everywhere(store, a.info.id) == []


# --------------------------------------------------------------------------- exactly once


def test_arrives_exactly_once_however_often_it_is_asked(
    store: SessionStore, clock: FakeClock
) -> None:
    b = later(store, clock, "10/12/2026 14:00")
    a = defer_lighting(store, clock)
    before = store.path_for(a.info.id).read_bytes()
    carry.deliver(store, a)
    carry.deliver(store, a)
    assert open_and_pull(store, b) == []
    assert open_and_pull(store, b) == []
    # creating further sessions later does not bring it again
    c, titles = carry.create(store, upcoming(clock, "14/01/2027 14:00"))
    assert titles == []
    assert open_and_pull(store, c) == []
    assert_carried_once(store, a, b)
    assert store.path_for(a.info.id).read_bytes() == before


def test_not_brought_again_once_the_next_meeting_is_held(
    store: SessionStore, clock: FakeClock
) -> None:
    a = defer_lighting(store, clock)
    b, _ = carry.create(store, upcoming(clock, "10/12/2026 14:00"))
    run(store, clock, b, "/end")
    c, titles = carry.create(store, upcoming(clock, "14/01/2027 14:00"))
    assert titles == []
    assert open_and_pull(store, c) == []
    assert everywhere(store, a.info.id) == [(b, LIGHTING)]


def test_not_brought_to_an_earlier_session_created_afterwards(
    store: SessionStore, clock: FakeClock
) -> None:
    a = defer_lighting(store, clock)
    c, _ = carry.create(store, upcoming(clock, "14/01/2027 14:00"))
    b, titles = carry.create(store, upcoming(clock, "10/12/2026 14:00"))
    assert titles == []
    assert open_and_pull(store, b) == []
    assert everywhere(store, a.info.id) == [(c, LIGHTING)]


def test_deferred_twice_travels_on(store: SessionStore, clock: FakeClock) -> None:
    a = defer_lighting(store, clock)
    b, _ = carry.create(store, upcoming(clock, "10/12/2026 14:00"))
    on_b = store.load(b)
    number = next(n for n, i in enumerate(on_b.agenda, 1) if i.deferred_from)
    b_session = run(store, clock, b, f"/defer {number}", "/end")
    c, titles = carry.create(store, upcoming(clock, "14/01/2027 14:00"))
    assert titles == [LIGHTING]
    assert everywhere(store, a.info.id) == [(b, LIGHTING)]
    assert everywhere(store, b) == [(c, LIGHTING)]
    item = carried(store.load(c))[0]
    assert (item.deferred_from, item.deferred_from_date) == (b, b_session.info.date)


def test_a_carried_item_removed_from_the_next_plan_does_not_come_back(
    store: SessionStore, clock: FakeClock
) -> None:
    b = later(store, clock, "10/12/2026 14:00")
    a = defer_lighting(store, clock)
    carry.deliver(store, a)
    writer = store.writer(b)
    try:
        item = carried(writer.session)[0]
        assert Planner(writer, clock).remove_item(item.id) == LIGHTING
    finally:
        writer.close()
    assert everywhere(store, a.info.id) == []
    assert open_and_pull(store, b) == []  # the chair took it off: it stays off
    assert carry.deliver(store, a) and everywhere(store, a.info.id) == []


# --------------------------------------------------------------------------- which session


def test_goes_to_the_earliest_upcoming_session_not_a_later_one(
    store: SessionStore, clock: FakeClock
) -> None:
    c = later(store, clock, "14/01/2027 14:00")
    b = later(store, clock, "10/12/2026 14:00")
    earlier = later(store, clock, "01/11/2026 14:00")  # before A: not "next"
    a = defer_lighting(store, clock)
    carry.deliver(store, a)
    assert open_and_pull(store, c) == []
    assert open_and_pull(store, earlier) == []
    assert_carried_once(store, a, b)


def test_not_to_another_partnership(store: SessionStore, clock: FakeClock) -> None:
    other = later(store, clock, "01/12/2026 14:00", partnership=KINGSMEAD)
    a = defer_lighting(store, clock)
    assert "when that is created" in carry.deliver(store, a)
    assert open_and_pull(store, other) == []
    _, titles = carry.create(
        store,
        upcoming(clock, "02/12/2026 14:00", KINGSMEAD),
    )
    assert titles == []
    assert everywhere(store, a.info.id) == []
    b, titles = carry.create(store, upcoming(clock, "10/12/2026 14:00"))
    assert titles == [LIGHTING]
    assert_carried_once(store, a, b)


def test_skips_a_session_already_held(store: SessionStore, clock: FakeClock) -> None:
    b = later(store, clock, "10/12/2026 14:00")
    c = later(store, clock, "14/01/2027 14:00")
    run(store, clock, b, "/end")
    a = defer_lighting(store, clock)
    assert carry.deliver(store, a) == f"added to the next meeting, {c}"
    assert open_and_pull(store, b) == []
    assert_carried_once(store, a, c)


def test_into_a_live_next_meeting_after_its_current_item(
    store: SessionStore, clock: FakeClock
) -> None:
    b = later(store, clock, "10/12/2026 14:00")
    run(store, clock, b, "/next", "/next")  # on item 3 of 3: any other business
    a = defer_lighting(store, clock)
    carry.deliver(store, a)
    session = store.load(b)
    assert [i.title for i in session.agenda] == [
        "Welcome and apologies",
        "Youth services contract",
        "Any other business",
        LIGHTING,
    ]
    assert session.current is not None and session.current.title == "Any other business"


@pytest.mark.parametrize("line", ["/defer 2", "/next", "/defer lighting"])
def test_only_deferred_items_travel(store: SessionStore, clock: FakeClock, line: str) -> None:
    a_id = plan(store, clock, A_DATE)
    a = run(store, clock, a_id, "/add Budget 15 min", line)
    b, titles = carry.create(store, upcoming(clock, "10/12/2026 14:00"))
    expected = [i.title for i in a.agenda if i.deferred_at]
    assert titles == expected
    assert [t for _, t in everywhere(store, a_id)] == expected


# --------------------------------------------------------------------------- minutes


def test_minutes_of_the_receiving_session_say_where_it_came_from(
    store: SessionStore, clock: FakeClock
) -> None:
    a = defer_lighting(store, clock)
    b, _ = carry.create(store, upcoming(clock, "10/12/2026 14:00"))
    minutes = build_minutes(store.load(b))
    changes = {block.number: block.changes for block in minutes.items}
    assert changes == {
        1: [],
        2: [],
        3: ["deferred from the meeting of Mon 23 Nov 2026, 14:00"],
        4: [],
    }
    text = to_markdown(minutes)
    assert "**Agenda change:** deferred from the meeting of Mon 23 Nov 2026, 14:00" in text
    source_minutes = to_markdown(build_minutes(store.load(a.info.id)))
    assert "**Agenda change:** deferred to the next meeting" in source_minutes


# --------------------------------------------------------------------------- standing items


def test_a_deferred_standing_item_is_not_doubled_on_a_session_like_this_one(
    store: SessionStore, clock: FakeClock
) -> None:
    items = agenda()["items"]
    items[1] = {**items[1], "standing": True}
    a_id = plan(store, clock, A_DATE, items=items)
    a = run(store, clock, a_id, "/defer 2")
    b, _ = carry.create(store, templates.like(a, date_iso="2026-12-10T14:00"))
    titles = [i.title for i in store.load(b).agenda]
    assert titles.count(LIGHTING) == 1, titles


def test_a_deferred_standing_item_keeps_coming_back_afterwards(
    store: SessionStore, clock: FakeClock
) -> None:
    items = agenda()["items"]
    items[1] = {**items[1], "standing": True}
    a_id = plan(store, clock, A_DATE, items=items)
    a = run(store, clock, a_id, "/defer 2")
    b, _ = carry.create(store, templates.like(a, date_iso="2026-12-10T14:00"))
    b_held = run(store, clock, b, "/end")
    c, _ = carry.create(store, templates.like(b_held, date_iso="2027-01-14T14:00"))
    # a standing item comes back every meeting: one deferral does not end that
    titles = [i.title for i in store.load(c).agenda]
    assert titles == ["Welcome and apologies", LIGHTING, "Any other business"]
