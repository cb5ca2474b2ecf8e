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
