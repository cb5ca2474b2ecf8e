"""Every key and every capture command can be found: in F1 help, in the palette."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.capture import COMMANDS
from facilitator.ui.app import FacilitatorApp, make_app
from facilitator.ui.help import HelpScreen
from facilitator.ui.home import HomeScreen
from facilitator.ui.live import LiveScreen
from facilitator.ui.plan import PlanScreen
from facilitator.ui.speakers_panel import SpeakersPanel
from facilitator.ui.tracker import TrackerScreen
from tests.helpers import agenda, screen_text

SCREENS = [LiveScreen, HomeScreen, PlanScreen, TrackerScreen, FacilitatorApp, SpeakersPanel]


def test_every_binding_has_an_id_and_a_description_and_reaches_real_terminals():
    allowed_specials = {
        "enter",
        "escape",
        "space",
        "delete",
        "pageup",
        "pagedown",
        "slash",
        "[",
        "]",
        "shift+up",
        "shift+down",
        "question_mark",
        "plus",  # the speakers panel's + - > and .: one character each on any terminal
        "minus",
        "greater_than_sign",
        "full_stop",
    }
    for owner in SCREENS:
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding)
            assert binding.id and binding.description, (owner, binding)
            keys = binding.key.split(",")
            usable = [
                k
                for k in keys
                if k in allowed_specials
                or len(k) == 1
                or (k.startswith("f") and k[1:].isdigit() and int(k[1:]) <= 10)
                or (k.startswith("ctrl+") and len(k) == 6)
            ]
            assert usable, f"{binding.key} has no key that reaches the app through tmux/SSH"


async def test_help_lists_every_key_of_the_live_screen_and_every_command(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(160, 130)) as pilot:  # tall enough for every line
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for binding in LiveScreen.BINDINGS:
            assert binding.description in text, binding.description
        for command in COMMANDS.values():
            assert command.usage in text, command.usage


async def test_the_palette_offers_every_capture_command_and_starts_it(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        from facilitator.ui.palette import CaptureCommands

        provider = CaptureCommands(app.screen)
        found = [hit.text async for hit in provider.discover()]
        assert len(found) == len(COMMANDS)
        hits = [hit async for hit in provider.search("decision")]
        assert hits
        hits[0].command()
        await pilot.pause()
        assert app.screen.query_one("#capture", Input).value.startswith("/decision")


async def test_the_capture_bar_remembers_lines_and_completes_names(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.screen.query_one("#capture", Input)
        for line in ["first note", "second note"]:
            bar.value = line
            await pilot.press("enter")
        await pilot.press("up")
        assert bar.value == "second note"
        await pilot.press("up")
        assert bar.value == "first note"
        await pilot.press("down", "down")
        assert bar.value == ""
        bar.focus()
        for key in "/action @Ra":
            await pilot.press(key if key != " " else "space")
        await pilot.pause(0.2)
        await pilot.press("right")  # take the suggestion
        assert bar.value == "/action @Ravi Patel"
