"""The key bar along the bottom: the screen's shown keys, wrapped whole, and clickable."""

from __future__ import annotations

from datetime import datetime

import pytest

from facilitator.core.demo import create_demo
from facilitator.ui.app import make_app
from facilitator.ui.help import HelpScreen
from facilitator.ui.key_bar import KeyBar, key_hints
from facilitator.ui.live import LiveScreen
from tests.helpers import screen_text


def bar_lines(app) -> list[str]:
    bar = app.screen.query_one(KeyBar)
    lines = screen_text(app).splitlines()
    return lines[bar.region.y: bar.region.bottom]


async def test_the_live_screen_shows_its_shown_keys_and_not_the_hidden_ones(store, clock):
    _past, upcoming = create_demo(store, datetime(2026, 11, 23, 10, 0))
    app = make_app(store, session_id=upcoming, clock=clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        text = " ".join(bar_lines(app))
        for shown in ("f6 Next", "f2 Decision", "f3 Action", "f10 End", "f1 Help", "^q Quit"):
            assert shown in text
        assert "Add item" not in text  # show=False: listed in F1 help, not in the bar
        assert "palette" not in text  # the live screen's bar leaves the palette out
        described = [hint.description for hint in key_hints(app.screen, palette=False)]
        assert len(described) == len(set(described))  # one hint per action (f6 and ctrl+n)


async def test_a_narrow_window_wraps_hints_whole_onto_a_second_line(store, clock):
    _past, upcoming = create_demo(store, datetime(2026, 11, 23, 10, 0))
    app = make_app(store, session_id=upcoming, clock=clock)
    async with app.run_test(size=(70, 30)) as pilot:
        await pilot.pause()
        lines = bar_lines(app)
        assert len(lines) == 2
        hints = key_hints(app.screen, palette=False)
        joined = "\n".join(lines)
        for hint in hints[:6]:
            assert f"{hint.display} {hint.description}" in joined  # never split across lines
        await pilot.resize_terminal(160, 30)
        await pilot.pause()
        assert len(bar_lines(app)) == 1


async def test_clicking_a_hint_presses_its_key(store, clock):
    create_demo(store, datetime(2026, 11, 23, 10, 0))
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        spans = {hint.description: (line, start) for line, start, _end, hint in bar._spans}
        line, start = spans["Help"]
        assert bar.hint_at(start + 1, line).description == "Help"
        await pilot.click(KeyBar, offset=(start + 1, line))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_click_between_hints_or_past_the_end_does_nothing(store, clock):
    create_demo(store, datetime(2026, 11, 23, 10, 0))
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        home = app.screen
        bar = home.query_one(KeyBar)
        last_line = max(line for line, *_ in bar._spans)
        end = max(end for line, _start, end, _hint in bar._spans if line == last_line)
        assert bar.hint_at(end + 2, last_line) is None
        await pilot.click(KeyBar, offset=(end + 2, last_line))
        await pilot.pause()
        assert app.screen is home


@pytest.mark.parametrize("width", [60, 70, 80, 100])
@pytest.mark.parametrize("where", ["home", "live"])
async def test_help_and_quit_stay_in_view_when_hints_do_not_fit(store, clock, width, where):
    _past, upcoming = create_demo(store, datetime(2026, 11, 23, 10, 0))
    app = make_app(store, session_id=upcoming if where == "live" else None, clock=clock)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        lines = bar_lines(app)
        assert 1 <= len(lines) <= KeyBar.MAX_LINES
        text = "\n".join(lines)
        assert "f1 Help" in text and "^q Quit" in text
        assert "…" not in text  # whole hints only: the screen's last ones give way instead
        bar = app.screen.query_one(KeyBar)
        for line, start, end, hint in bar._spans:  # every drawn hint is where a click lands
            assert lines[line][start:end].strip() == f"{hint.display} {hint.description}"
