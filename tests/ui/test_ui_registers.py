"""The registers screen, driven with Pilot over the 12-meeting series: reached from home,
read in a worker, the period typed, the public version, a bad date said in one line."""

from __future__ import annotations

from datetime import datetime

from textual.widgets import Input, TabbedContent

from facilitator.ui.app import make_app
from facilitator.ui.registers import RegistersScreen
from tests.conftest import FakeClock
from tests.helpers import SENTINEL, screen_text, settled
from tests.series import save_series

TODAY = datetime(2026, 12, 2, 9, 0)


async def open_registers(pilot) -> RegistersScreen:
    await pilot.press("g")  # kept until home's list is read, then done
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RegistersScreen)
    await settled(pilot)
    return screen


def state(app) -> str:
    return str(app.screen.query_one("#registers-state").render())


async def test_home_opens_the_registers_of_the_selected_partnership(store):
    save_series(store)
    app = make_app(store, clock=FakeClock(TODAY))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_registers(pilot)
        assert screen.partnership == "Riverside Partnership"
        assert "all meetings: 12 meetings held, 9 quorate" in state(app)
        text = screen_text(app)
        assert "Registers — Riverside Partnership" in text
        assert "Meetings" in text and "Sat 10 Jan 2026" in text
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "tab-actions"
        assert "Fix the lights" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RegistersScreen)


async def test_the_period_and_the_public_version(store):
    save_series(store)
    app = make_app(store, clock=FakeClock(TODAY))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_registers(pilot)
        await pilot.press("d")
        assert app.screen.focused is app.screen.query_one("#registers-from", Input)
        await pilot.press(*"1/6/2026", "enter", *"30/11/2026", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Mon 1 Jun 2026 to Mon 30 Nov 2026: 6 meetings held, 5 quorate" in state(app)
        await pilot.press("right_square_bracket")  # interests
        await pilot.pause()
        assert f"Contract award {SENTINEL}" in screen_text(app)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "public version" in state(app)
        text = screen_text(app)
        assert SENTINEL not in text and "(an interest in a confidential item)" in text


async def test_a_bad_date_is_one_line_and_nothing_is_lost(store):
    save_series(store)
    app = make_app(store, clock=FakeClock(TODAY))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_registers(pilot)
        await pilot.press("d", *"31/2/2026", "enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = state(app)
        assert said.startswith("Not read: --from: can't read '31/2/2026'") and "\n" not in said
        assert "Sat 10 Jan 2026" in screen_text(app)  # the last registers are still shown


async def test_user_text_is_shown_literally(store):
    from tests.helpers import INJECTION_STRINGS
    from tests.series import series_sessions

    sessions = series_sessions()
    first = sessions[0]
    first.decisions[0].text = " ".join(INJECTION_STRINGS)  # a decision that looks like markup
    first.participants[0].organisation = "[@click=app.quit]Council[/]"
    for s in sessions:
        store.create(s)
    app = make_app(store, clock=FakeClock(TODAY))
    async with app.run_test(size=(200, 50)) as pilot:
        await open_registers(pilot)
        assert "[@click=app.quit]Council[/]" in screen_text(app)  # attendance by organisation
        await pilot.press("right_square_bracket", "right_square_bracket")  # decisions
        await pilot.pause()
        assert " ".join(INJECTION_STRINGS) in screen_text(app)
