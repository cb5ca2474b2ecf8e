"""Small and odd terminals: no crash; below a usable size, a plain request to enlarge."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from facilitator.core.agenda import agenda_from_dict
from facilitator.ui.app import make_app
from facilitator.ui.too_small import TooSmallScreen
from tests.helpers import agenda, screen_text


@pytest.mark.parametrize("size", [(40, 12), (20, 5), (59, 40), (120, 15)])
async def test_too_small_says_enlarge(store, clock, size):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "enlarge" in screen_text(app)


async def test_a_resize_mid_meeting_loses_nothing(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.screen.query_one("#capture", Input)
        bar.value = "half typed when the window shrank"
        await pilot.resize_terminal(30, 8)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        bar = app.screen.query_one("#capture", Input)
        assert bar.value == "half typed when the window shrank"
        await pilot.press("enter")
        await pilot.pause()
    assert [n.text for n in store.load(sid).notes] == ["half typed when the window shrank"]


async def test_a_dashboard_too_long_for_the_terminal_scrolls_to_its_end(store, clock):
    from facilitator.core.dashboard import dashboard_lines
    from tests.helpers import settled
    from tests.ui.test_ui_challenges import year

    year(store, clock)  # the next meeting, an overdue action, a challenge, nudges
    app = make_app(store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        last = dashboard_lines(app.screen.dashboard)[-1]
        box = app.screen.query_one("#home-dashboard-box")
        assert box.max_scroll_y > 0 and box.show_vertical_scrollbar  # it says there is more
        shown = lambda: " ".join(screen_text(app).split())  # noqa: E731 - rows joined
        assert last[-20:] not in shown()  # its end is below
        box.scroll_end(animate=False)  # as the wheel takes it there
        await settled(pilot)
        assert last[-20:] in shown()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_tab_reaches_the_dashboard_only_when_there_is_more_of_it(store, clock, size):
    from tests.helpers import settled
    from tests.ui.test_ui_challenges import year

    year(store, clock)
    app = make_app(store, clock=clock)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        box = app.screen.query_one("#home-dashboard-box")
        reached = False
        for _ in range(4):
            await pilot.press("tab")
            reached = reached or app.focused is box
        assert reached == (size == (80, 24))
        if reached:
            box.focus()
            await pilot.press("end")  # the arrow and page keys scroll it
            await pilot.wait_for_scheduled_animations()  # (it scrolls smoothly)
            await settled(pilot)
            assert box.scroll_y == box.max_scroll_y > 0


async def test_the_dashboard_lets_the_focus_go_once_it_fits(store, clock):
    from tests.helpers import settled
    from tests.ui.test_ui_challenges import year

    year(store, clock)
    app = make_app(store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        box = app.screen.query_one("#home-dashboard-box")
        box.focus()
        await settled(pilot)
        assert app.focused is box
        await pilot.resize_terminal(160, 50)  # now it fits: nothing left to scroll
        await settled(pilot)
        assert app.focused is not box and app.focused is not None
