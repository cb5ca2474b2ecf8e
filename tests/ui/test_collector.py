"""The cycle collector is held off while the app draws its first screen, and only then
(ui/collector.py): a start that never let it go again would grow for the whole meeting."""

from __future__ import annotations

import gc

import pytest

from facilitator.ui import collector
from facilitator.ui.app import make_app
from tests.helpers import new_session


@pytest.fixture
def collecting():
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


async def test_collection_is_held_until_the_first_screen_is_drawn(
    store, clock, collecting
) -> None:
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    assert not gc.isenabled()  # from the app's start
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#capture")  # the live screen is up
        assert gc.isenabled()


async def test_the_home_screen_lets_it_go_too(store, collecting) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert gc.isenabled()


def test_collection_turned_off_by_someone_else_stays_off(collecting) -> None:
    gc.disable()
    collector.hold()
    collector.release()
    assert not gc.isenabled()


def test_a_command_that_opens_no_screen_collects_as_usual(store, monkeypatch, collecting):
    from facilitator import cli

    seen = []
    monkeypatch.setattr(cli, "cmd_sessions", lambda args, store: seen.append(gc.isenabled()) or 0)
    assert cli.main(["--data-dir", str(store.root), "sessions"]) == 0
    assert seen == [True]  # let go as soon as the command is known
    assert gc.isenabled()


def test_a_screen_refused_before_it_is_drawn_lets_it_go(store, collecting, capsys):
    from facilitator import cli

    assert cli.main(["--data-dir", str(store.root), "run", "no-such-meeting"]) == 2
    assert "no session" in capsys.readouterr().err
    assert gc.isenabled()
