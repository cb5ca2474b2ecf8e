"""Exporting minutes from the minutes screen: format, public or full, folder, never
overwriting without asking."""

from __future__ import annotations

from datetime import datetime

from textual.widgets import Input

from facilitator.core.demo import create_demo
from facilitator.ui.app import make_app
from facilitator.ui.form import FormScreen, TickBox
from facilitator.ui.review import ReviewScreen
from tests.helpers import screen_text, until


async def test_public_minutes_exported_from_the_screen(store, clock, tmp_path):
    past_id, _ = create_demo(store, datetime(2026, 11, 23, 10, 0))
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "m")  # the past meeting's minutes, read in a worker
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the minutes")
        await pilot.press("p")  # the public version
        await pilot.pause()
        assert "PUBLIC version" in screen_text(app)
        for attempt in range(2):
            await pilot.press("e")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FormScreen)
            form.query_one("#field-folder", Input).value = str(out)
            if attempt:
                form.query_one("#field-replace", TickBox).value = True
            form.query_one("#field-folder", Input).focus()
            await pilot.press("enter")
            await pilot.pause()
            if not attempt:
                await pilot.press("e")
                await pilot.pause()
                app.screen.query_one("#field-folder", Input).value = str(out)
                app.screen.query_one("#field-folder", Input).focus()
                await pilot.press("enter")
                await pilot.pause()
                assert "already there" in screen_text(app)  # asks before replacing
                await pilot.press("escape")
                await pilot.pause()
        assert "✓ Written to" in screen_text(app)
    (written,) = out.iterdir()
    assert written.name == f"{past_id}-minutes-public.docx"
