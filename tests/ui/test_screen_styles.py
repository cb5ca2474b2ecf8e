"""Each screen's rules are read when it is first made (ui/screen_styles.py): a start parses
app.tcss and the first screen's own file, and no other screen's; a screen shown later
brings its rules without the rest being parsed again, and the screens already shown keep
their look."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color
from textual.css import stylesheet
from textual.css.stylesheet import Stylesheet

import facilitator.ui
from facilitator.core.store import SessionStore
from facilitator.ui.app import make_app
from facilitator.ui.screen_base import _OfTheApp
from tests.helpers import new_session, settled

UI = Path(facilitator.ui.__file__).parent
SHARED = {"app.tcss", "room.tcss"}  # read at every start by the app, by the room view


def screens() -> list[type]:
    found = []
    for module in pkgutil.iter_modules([str(UI)]):
        loaded = importlib.import_module(f"facilitator.ui.{module.name}")
        found += [
            cls
            for _, cls in inspect.getmembers(loaded, inspect.isclass)
            if issubclass(cls, _OfTheApp) and cls.__module__ == loaded.__name__
        ]
    return found


def read(app) -> set[str]:  # noqa: ANN001 - a running app
    """The .tcss files in the app's stylesheet."""
    return {Path(where).name for where, _ in app.stylesheet.source if where.endswith(".tcss")}


def test_every_style_file_belongs_to_one_screen_and_parses_cleanly() -> None:
    named = [cls.STYLES for cls in screens() if cls.STYLES]
    assert len(named) == len(set(named))  # one screen a file
    on_disk = {p.name for p in UI.glob("*.tcss")} - SHARED
    assert set(named) == on_disk  # no file left behind, none missing
    variables = App().get_css_variables()  # the theme's $primary and the rest
    for cls in screens():
        if cls.STYLES:
            path = UI / cls.STYLES
            sheet = Stylesheet(variables=variables)
            sheet.add_source(path.read_text(encoding="utf-8"), read_from=(str(path), ""))
            sheet.parse()  # raises on an error in the file
            assert sheet.rules, path.name


async def test_a_start_reads_its_first_screens_rules_alone(store: SessionStore, clock) -> None:
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert read(app) == {"app.tcss", "live.tcss"}
        capture = app.screen.query_one("#capture")
        assert capture.styles.border_top[0] == "tall"  # live.tcss's rule, over Input's own
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert read(app) == {"app.tcss", "home.tcss"}


async def test_a_screen_shown_later_brings_its_rules_and_the_first_keeps_its_look(
    store: SessionStore, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []  # the text of each source Textual parses, in turn
    parse = stylesheet.parse

    def recorded(scope, css, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        parsed.append(css)
        return parse(scope, css, *args, **kwargs)

    monkeypatch.setattr(stylesheet, "parse", recorded)
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        first = (UI / "app.tcss").read_text(encoding="utf-8")
        own = (UI / "live.tcss").read_text(encoding="utf-8")
        assert parsed.count(first) == parsed.count(own) == 1
        del parsed[:]
        live = app.screen
        title = live.query_one("#live-title")
        background = title.styles.background
        assert background != Color(0, 0, 0, 0)  # app.tcss's title bar
        await pilot.press("f1")
        await settled(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        assert read(app) == {"app.tcss", "live.tcss", "help.tcss"}
        assert app.screen.styles.align_horizontal == "center"  # help.tcss: HelpScreen {…}
        assert (UI / "help.tcss").read_text(encoding="utf-8") in parsed
        assert first not in parsed and own not in parsed  # nothing parsed again
        assert title.styles.background == background
        await pilot.press("escape")
        await settled(pilot)
        assert app.screen is live
        assert live.query_one("#capture").styles.border_top[0] == "tall"


def test_a_screen_made_from_another_folders_subclass_keeps_its_bases_rules() -> None:
    from facilitator.ui.form import FormScreen
    from facilitator.ui.screen_styles import styles_file

    class Elsewhere(FormScreen):  # defined here, in tests/: its base's form.tcss is meant
        pass

    assert styles_file(Elsewhere) == UI / "form.tcss"


@pytest.fixture
def resumes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Each resume Screen handles, in turn: the screen's class, and whether it restyles."""
    from textual.screen import Screen

    seen: list[tuple[str, bool]] = []
    resume = Screen._on_screen_resume

    def recorded(self, event):  # noqa: ANN001, ANN202
        seen.append((type(self).__name__, event.refresh_styles))
        return resume(self, event)

    monkeypatch.setattr(Screen, "_on_screen_resume", recorded)
    return seen


async def test_a_screen_is_styled_once_when_first_shown_and_again_when_resumed_later(
    store: SessionStore, clock, resumes: list[tuple[str, bool]]
) -> None:
    from textual import events

    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert resumes == [("LiveScreen", False)]  # styled as its widgets were mounted
        assert app.screen.query_one("#capture").styles.border_top[0] == "tall"
        app.screen.post_message(events.ScreenResume())  # come back to, later
        await settled(pilot)
        assert resumes[1:] == [("LiveScreen", True)]  # Textual's own rule again


@pytest.mark.parametrize("screen", ["plan", "home"])
async def test_every_screen_is_styled_once_when_first_shown(
    store: SessionStore, clock, resumes: list[tuple[str, bool]], screen: str
) -> None:
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid if screen == "plan" else None, screen=screen, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert resumes[:1] == [(f"{screen.title()}Screen", False)]
        await pilot.press("tab")  # the screen still works (its own attributes are its own)
        await settled(pilot)
        assert app.screen.focused is not None
