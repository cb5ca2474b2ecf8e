"""The live screen finds a command that opens a screen from the table of commands
(``CommandSpec.opens``: the live screen's action, as its key runs it), never by its name."""

from __future__ import annotations

from textual.widgets import Input

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.capture import COMMANDS
from facilitator.ui.app import make_app
from facilitator.ui.checklist import ChecklistScreen
from facilitator.ui.form import FormScreen
from facilitator.ui.live import LiveScreen
from tests.helpers import agenda, screen_text


def test_every_screen_a_command_opens_is_an_action_of_the_live_screen():
    opened = [spec for spec in COMMANDS.values() if spec.opens]
    assert opened
    for spec in opened:
        assert callable(getattr(LiveScreen, f"action_{spec.opens}", None)), spec.name
        bound = {b.action.partition("(")[0] for b in LiveScreen.BINDINGS}
        assert spec.opens in bound, f"/{spec.name} opens what no key of the live screen does"


async def test_edit_and_checklist_typed_open_their_screens(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:

        async def typed(line: str) -> None:
            pilot.app.screen.query_one("#capture", Input).value = line
            await pilot.press("enter")
            await pilot.pause()

        await typed("/decision Repair the lamps @Joan")
        await typed("/EDIT")
        assert isinstance(app.screen, FormScreen)
        assert "Repair the lamps" in app.screen.query_one("#field-text", Input).value
        await pilot.press("escape")
        await pilot.pause()
        await typed("/edit now")
        assert isinstance(app.screen, LiveScreen)
        assert "✗ Not saved: /edit takes nothing after it" in screen_text(app)
        await typed("/checklist nosuch")
        assert "✗ No checklist 'nosuch'" in screen_text(app)
        await typed("/checklist")
        assert isinstance(app.screen, ChecklistScreen)
    assert [d.text for d in store.load(sid).decisions] == ["Repair the lamps"]
