"""The tab strip: ← and →, a click on a label, and the tracker's tables following it."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.app import App, ComposeResult

from facilitator.core.demo import create_demo
from facilitator.ui.app import make_app
from facilitator.ui.paged_table import PagedTable
from facilitator.ui.tab_strip import TabStrip
from facilitator.ui.tracker import TrackerScreen
from tests.helpers import screen_text, settled

TABS_OF_TRACKER = ("actions", "decisions")
TABS = {"one": "First [b]tab[/b]", "two": "Second", "three": "Третий"}


class StripApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.changes: list[str] = []

    def compose(self) -> ComposeResult:
        yield TabStrip(TABS, id="strip")

    def on_tab_strip_changed(self, event: TabStrip.Changed) -> None:
        self.changes.append(event.active)


async def test_arrows_move_through_the_tabs_and_wrap_round():
    app = StripApp()
    async with app.run_test(size=(60, 5)) as pilot:
        strip = app.query_one(TabStrip)
        strip.focus()
        assert strip.active == "one"
        for key in ["right", "right", "right", "left"]:
            await pilot.press(key)
        await pilot.pause()
        assert app.changes == ["two", "three", "one", "three"]
        assert strip.active == "three"


async def test_a_click_on_a_label_chooses_it_and_labels_are_shown_literally():
    app = StripApp()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        strip = app.query_one(TabStrip)
        assert " First [b]tab[/b]   Second   Третий " in screen_text(app)
        start = screen_text(app).splitlines()[0].index("Second")
        await pilot.click(strip, offset=(start, 0))
        await pilot.pause()
        assert strip.active == "two" and app.changes == ["two"]
        await pilot.click(strip, offset=(55, 0))  # past the last label: nothing
        await pilot.click(strip, offset=(start, 1))  # the underline: nothing
        await pilot.pause()
        assert strip.active == "two" and app.changes == ["two"]


def test_a_tab_that_is_not_there_is_a_bug_not_a_guess():
    strip = TabStrip(TABS)
    with pytest.raises(ValueError, match="no tab 'four'"):
        strip.validate_active("four")
    with pytest.raises(ValueError):
        TabStrip({})


async def test_the_tracker_shows_the_table_of_the_tab_chosen(store, clock):
    create_demo(store, datetime(2026, 11, 23, 10, 0))
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("t")
        await settled(pilot)
        assert isinstance(app.screen, TrackerScreen)
        actions, decisions = (app.screen.query_one(f"#{t}", PagedTable) for t in TABS_OF_TRACKER)
        assert actions.display and not decisions.display and app.screen.focused is actions
        assert "Adopt the three draft priorities" not in screen_text(app)
        app.screen.query_one(TabStrip).active = "decisions"  # from the table: it follows
        await settled(pilot)
        assert decisions.display and not actions.display and app.screen.focused is decisions
        assert "Adopt the three draft priorities" in screen_text(app)
        strip = app.screen.query_one(TabStrip)
        strip.focus()
        await pilot.press("left")  # from the strip: it keeps the focus, for the next arrow
        await settled(pilot)
        assert actions.display and not decisions.display and app.screen.focused is strip
