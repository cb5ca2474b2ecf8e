"""The actions tracker, driven with Pilot: a change made there can be undone there."""

from __future__ import annotations

from datetime import datetime

from textual.widgets import Input

from facilitator.core.demo import create_demo
from facilitator.ui.app import make_app
from facilitator.ui.paged_table import PagedTable
from facilitator.ui.tracker import TrackerScreen
from tests.helpers import screen_text, settled, status


def first_row(app) -> list[str]:
    table = app.screen.query_one("#actions", PagedTable)
    return list(table.row_cells(0))


async def open_tracker(pilot) -> None:
    await pilot.press("t")
    await settled(pilot)  # its rows are read in a worker
    assert isinstance(pilot.app.screen, TrackerScreen)


async def test_done_in_the_tracker_is_undone_with_u(store, clock):
    past, _upcoming = create_demo(store, datetime(2026, 11, 23, 10, 0))
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tracker(pilot)
        code, text = first_row(app)[0], first_row(app)[3]
        await pilot.press("d")
        await pilot.pause()
        assert f"✓ Saved — {code}: status: open → done" in status(app)
        assert "u undoes it" in status(app)
        assert text not in screen_text(app)  # no longer open
        await pilot.press("u")
        await pilot.pause()
        assert f"✓ Undone — {code}: status: done → open" in status(app)
        assert first_row(app)[:4] == [code, *first_row(app)[1:3], text]
        await pilot.press("u")  # nothing more was changed here
        await pilot.pause()
        assert "Nothing to undo" in status(app)
    action = next(a for a in store.load(past).actions if a.text.startswith(text[:20]))
    assert action.status == "open"
    changes = [u.change for u in store.load(past).action_updates if u.action == action.seq]
    assert changes == ["status: open → done", "undone: status: done → open"]


async def test_undo_goes_back_through_the_changes_made_here_last_first(store, clock):
    past, _upcoming = create_demo(store, datetime(2026, 11, 23, 10, 0))
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tracker(pilot)
        before = first_row(app)
        await pilot.press("r")  # a new date, through the form
        await pilot.pause()
        app.screen.query_one("#field-due", Input).value = "18/12/2026"
        await pilot.press("enter")
        await pilot.pause()
        assert "due: " in status(app) and "Fri 18 Dec 2026" in status(app)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("ctrl+z")  # the done, first
        await pilot.pause()
        assert "status: done → open" in status(app)
        await pilot.press("u")  # then the new date
        await pilot.pause()
        assert "Fri 18 Dec 2026 →" in status(app)
        assert first_row(app) == before
    code, due = before[0], store.load(past).actions
    assert code and all(a.status == "open" for a in due)


async def test_u_in_the_filter_is_typed_not_an_undo(store, clock):
    create_demo(store, datetime(2026, 11, 23, 10, 0))
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tracker(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("slash", "u")
        await pilot.pause()
        assert app.screen.query_one("#tracker-filter", Input).value == "u"
        assert "✓ Saved" in status(app)  # not undone
