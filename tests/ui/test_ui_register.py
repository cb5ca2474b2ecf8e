"""The register and the agenda on screen, driven with Pilot as a secretary would: who left
shows as left (with the item and time), ``p`` brings them back, ``n`` adds someone who turns
up, and F8 says what was deferred and where the meeting went, in that order."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from facilitator.core.agenda import agenda_from_dict
from facilitator.ui.app import make_app
from facilitator.ui.attendance import AttendanceScreen
from facilitator.ui.room import room_register
from tests.helpers import agenda, new_session, screen_text, status, type_line

FOUR_ITEMS = [
    {"title": "Welcome and apologies", "minutes": 5},
    {"title": "Street lighting on Hope Street", "minutes": 15, "kind": "decision"},
    {"title": "Youth services contract", "minutes": 20},
    {"title": "Any other business", "minutes": 5},
]


def roll_row(app, name: str) -> list[str]:
    table = app.screen.query_one("#roll", DataTable)
    rows = [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]
    return next(r for r in rows if r[0] == name)


async def test_f8_says_what_was_deferred_then_where_the_meeting_went(store, clock):
    sid = new_session(store, clock, items=FOUR_ITEMS)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_line(pilot, "/defer 3")
        await type_line(pilot, "/next")
        await pilot.press("f8")
        await pilot.press("y")
        await pilot.pause()
        said = status(app)
        assert (
            "Deferred item 2: Street lighting on Hope Street to the next meeting (it will be "
            "added to the next meeting of this partnership when that is created); now on "
            "item 4: Any other business"
        ) in said
        assert "Item 4 of 4: Any other business" in screen_text(app)
        await pilot.press("f5")  # back: past the two deferred items
        await pilot.pause()
        assert "Now on item 1: Welcome and apologies (passed over deferred items 3 and 2)" in (
            status(app)
        )


async def test_the_register_shows_who_left_and_p_brings_them_back(store, clock):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_line(pilot, "/next")
        clock.advance(minutes=12)
        await type_line(pilot, "/left Ravi")
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        assert roll_row(app, "Ravi Patel")[3] == "← left at item 2, 14:12"
        assert "3 in the room" in status(app, "#attendance-status")
        table = app.screen.query_one("#roll", DataTable)
        table.move_cursor(row=2)  # Ravi
        clock.advance(minutes=3)
        await pilot.press("p")
        await pilot.pause()
        said = status(app, "#attendance-status")
        assert said.startswith("✓ Ravi Patel is back: returned during item 2 · 4 in the room")
        assert roll_row(app, "Ravi Patel")[3] == "✓ back at item 2, 14:15"
        table.move_cursor(row=2)
        await pilot.press("a")  # absent, after coming and going: refused with the reason
        await pilot.pause()
        assert "✗ Not saved: Ravi Patel returned during item 2" in status(app, "#attendance-status")
    session = store.load(sid)
    assert [(a.name, a.text) for a in session.attendance] == [
        ("Ravi Patel", "left"),
        ("Ravi Patel", "arrived"),
    ]


async def test_n_adds_someone_who_turns_up(store, clock):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_line(pilot, "the meeting has begun")
        await pilot.press("f4", "n")
        await pilot.pause()
        app.screen.query_one("#field-name", Input).value = "Siân Łukasiewicz"
        app.screen.query_one("#field-organisation", Input).value = "Kirklees CVS"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        assert status(app, "#attendance-status").startswith(
            "✓ Siân Łukasiewicz added to the participants: arrived during item 1"
        )
        assert roll_row(app, "Siân Łukasiewicz")[3] == "✓ arrived at item 1, 14:00"
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#field-name", Input).value = "siân łukasiewicz"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "already a participant" in str(app.screen.query_one("#form-error").visual)
        await pilot.press("escape", "escape")
        await pilot.pause()
        await type_line(pilot, "/action @sian book the room")
        assert "Action saved — Siân Łukasiewicz" in status(app)
    person = store.load(sid).participants[-1]
    assert (person.name, person.organisation) == ("Siân Łukasiewicz", "Kirklees CVS")


def test_the_room_view_says_who_has_left(store, clock):
    session = agenda_from_dict(agenda(), clock().date())
    assert room_register(session).plain == ""
    sid = store.create(session)
    from facilitator.core.meeting import Meeting

    meeting = Meeting(store.writer(sid), clock=clock)
    try:
        meeting.capture("/next")
        clock.advance(minutes=7)
        meeting.capture("/left Lena")
        assert room_register(meeting.session).plain == "Left: Lena Novak (during item 2, 14:07)"
        meeting.capture("/arrived Lena")
        assert room_register(meeting.session).plain == ""
    finally:
        meeting.writer.close()
