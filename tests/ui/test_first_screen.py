"""The app's first screen is the one the user asked for, not pushed over a blank default
screen from on_mount (that blank screen was styled, laid out and drawn first: 30-80 ms of
a start, measured through a terminal)."""

from __future__ import annotations

from facilitator.core.opening import open_meeting
from facilitator.core.store import SessionStore
from facilitator.ui.app import make_app
from facilitator.ui.home import HomeScreen
from facilitator.ui.live import LiveScreen
from facilitator.ui.plan import PlanScreen
from tests.helpers import new_session


async def test_a_meeting_opened_by_the_command_line_is_the_first_and_only_screen(
    store: SessionStore, clock
) -> None:
    opened = open_meeting(store, new_session(store, clock), clock=clock)
    app = make_app(store, opened=opened, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [LiveScreen]
        await pilot.press("ctrl+o")  # home: the live screen is replaced, its lock let go
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [HomeScreen]
        assert app.opened is None


async def test_the_plan_screen_and_home_are_first_screens_too(store: SessionStore, clock) -> None:
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, screen="plan", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [PlanScreen]
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [HomeScreen]

