"""The home screen: sessions to open, start or review; damaged files reported."""

from __future__ import annotations

from datetime import datetime

from facilitator.core.demo import create_demo
from facilitator.ui.app import make_app
from facilitator.ui.live import LiveScreen
from facilitator.ui.paged_table import PagedTable
from facilitator.ui.review import ReviewScreen
from tests.helpers import screen_text, settled, until


async def test_first_run_offers_the_demo(store, clock):
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)  # home's list is read in a worker
        assert "No sessions yet" in screen_text(app)
        await pilot.press("d")
        await settled(pilot)  # the list is read again in a worker
        text = screen_text(app)
        assert "Partnership Board" in text and "upcoming" in text and "held" in text
        assert "Compact Steering Group" in text  # the demo partnership's year, as the CLI's
    assert len(store.session_ids()) == 8


async def test_enter_runs_an_upcoming_meeting_and_shows_a_past_ones_minutes(store, clock):
    past_id, upcoming_id = create_demo(store, datetime(2026, 11, 23, 10, 0))
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)  # home's list is read in a worker
        table = app.screen.query_one("#sessions", PagedTable)
        rows = [table.row_cells(i)[2] for i in range(table.row_count)]
        assert rows == [upcoming_id, past_id]  # upcoming first, then past
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        await pilot.press("ctrl+o")  # back home: the writer lock is released
        await pilot.pause()
        store.writer(upcoming_id).close()
        await pilot.press("down", "enter")  # its minutes, read in a worker
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the minutes")
        assert "Basingstoke Area Strategic Partnership (demo)" in screen_text(app)


async def test_a_damaged_file_is_reported_left_as_it_is_and_the_rest_still_load(store, clock):
    create_demo(store, datetime(2026, 11, 23, 10, 0))
    broken = store.path_for("2026-10-01-broken")
    raw = b'{"session": {"1": {"title": "torn'
    broken.write_bytes(raw)
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)  # home's list is read in a worker
        text = screen_text(app)
        assert "2026-10-01-broken.session.json" in text
        assert app.screen.query_one("#sessions", PagedTable).row_count == 2
        await pilot.press("f5")  # reloading reports it again, in place, not twice
        await settled(pilot)
        assert screen_text(app).count("2026-10-01-broken.session.json is not valid") == 1
    assert broken.read_bytes() == raw
    assert not list(store.root.glob("*.corrupt-*"))


async def test_new_like_this_lets_the_secretary_pick_the_items_to_carry(store, clock):
    from textual.widgets import Checkbox, Input

    from facilitator.core.agenda import agenda_from_dict
    from facilitator.ui.form import FormScreen
    from facilitator.ui.plan import PlanScreen
    from tests.helpers import agenda

    hostile = "Lamps [b]on[/b] Hope St [/"
    items = [  # nothing marked standing
        {"title": "Welcome and apologies", "minutes": 5},
        {"title": "Déclarations of interest", "minutes": 5},
        {"title": hostile, "minutes": 15},
        {"title": "Youth services contract", "minutes": 20},
        {"title": "Any other business", "minutes": 5},
        {"title": "Date of next meeting", "minutes": 5},
    ]
    first = store.create(agenda_from_dict(agenda(items=items), clock().date()))
    app = make_app(store, clock=clock)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        text = screen_text(app)
        assert "tick the items to carry" in text
        assert f"3. {hostile} 15′" in text  # shown as typed
        ticked = {
            box.id: box.value for box in form.query(Checkbox) if box.id.startswith("field-item")
        }
        assert ticked == {
            "field-item-1": True,
            "field-item-2": True,  # by its title, whatever its accents
            "field-item-3": False,
            "field-item-4": False,
            "field-item-5": True,
            "field-item-6": True,
        }
        form.query_one("#field-item-3", Checkbox).value = True  # carry the lamps
        form.query_one("#field-item-6", Checkbox).value = False  # not the date
        form.query_one("#field-date", Input).value = "21/12/2026 14:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
    second = next(sid for sid in store.session_ids() if sid != first)
    assert [i.title for i in store.load(second).agenda] == [
        "Welcome and apologies",
        "Déclarations of interest",
        hostile,
        "Any other business",
    ]
