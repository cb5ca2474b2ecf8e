"""The home screen: sessions to open, start or review; damaged files reported."""

from __future__ import annotations

from datetime import datetime

from textual.widgets import DataTable

from facilitator.core.demo import create_demo
from facilitator.ui.app import make_app
from facilitator.ui.live import LiveScreen
from facilitator.ui.review import ReviewScreen
from tests.helpers import screen_text


async def test_first_run_offers_the_demo(store, clock):
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "No sessions yet" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        text = screen_text(app)
        assert "Partnership Board" in text and "upcoming" in text and "held" in text
    assert len(store.session_ids()) == 2


async def test_enter_runs_an_upcoming_meeting_and_shows_a_past_ones_minutes(store, clock):
    past_id, upcoming_id = create_demo(store, datetime(2026, 11, 23, 10, 0))
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        rows = [table.get_row_at(i)[2].plain for i in range(table.row_count)]
        assert rows == [upcoming_id, past_id]  # upcoming first, then past
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        await pilot.press("ctrl+o")  # back home: the writer lock is released
        await pilot.pause()
        store.writer(upcoming_id).close()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "Basingstoke Area Strategic Partnership (demo)" in screen_text(app)


async def test_a_damaged_file_is_reported_left_as_it_is_and_the_rest_still_load(store, clock):
    create_demo(store, datetime(2026, 11, 23, 10, 0))
    broken = store.path_for("2026-10-01-broken")
    raw = b'{"session": {"1": {"title": "torn'
    broken.write_bytes(raw)
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "2026-10-01-broken.session.json" in text
        assert app.screen.query_one("#sessions", DataTable).row_count == 2
        await pilot.press("f5")  # reloading reports it again, in place, not twice
        await pilot.pause()
        assert screen_text(app).count("2026-10-01-broken.session.json is not valid") == 1
    assert broken.read_bytes() == raw
    assert not list(store.root.glob("*.corrupt-*"))
