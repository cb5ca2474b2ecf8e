"""One way to open a meeting (issue 14.6): the lock, deferred items and the partnership's
prompts, for the live screen, the plan screen, the home screen and the CLI alike."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from facilitator import cli
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.opening import open_meeting
from facilitator.core.store import SessionLocked, StoreError
from facilitator.ui.app import make_app
from tests.helpers import agenda, screen_text

OURS = "Who has sent apologies? Any interests to declare on today's items?"


def own_prompts(store, text: str = OURS) -> None:
    store.ensure_root()
    (store.root / "prompts.toml").write_text(f'[start_openness]\ntext = "{text}"\n')


def test_opening_reads_the_partnerships_prompts_and_holds_the_lock(store, clock) -> None:
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    own_prompts(store)
    opened = open_meeting(store, sid, clock=clock)
    try:
        assert opened.meeting.prompt_config["start_openness"]["text"] == OURS
        with pytest.raises(SessionLocked):
            store.writer(sid)
    finally:
        opened.close()
    store.writer(sid).close()  # let go


def test_a_broken_prompts_file_refuses_in_one_line_and_takes_no_lock(store, clock) -> None:
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    own_prompts(store)
    (store.root / "prompts.toml").write_text("[start_openness]\npriority = 'high'\n")
    with pytest.raises(StoreError, match=f"cannot open {sid}: .*prompts.toml") as refused:
        open_meeting(store, sid, clock=clock)
    assert "\n" not in str(refused.value)
    store.writer(sid).close()  # no lock was left behind


async def test_the_live_screen_shows_the_partnerships_own_prompt(store, clock) -> None:
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    own_prompts(store)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(140, 40)) as pilot:
        app.screen.query_one("#capture", Input).value = "Joan opened the meeting"
        await pilot.press("enter")
        app.screen.tick()
        await pilot.pause()
        assert OURS in screen_text(app)
        assert "Ask for apologies and declarations of interest" not in screen_text(app)


async def test_home_run_and_back_home_let_the_lock_go(store, clock) -> None:
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    own_prompts(store)
    app = make_app(store, clock=clock)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "LiveScreen"
        assert app.screen.meeting.prompt_config["start_openness"]["text"] == OURS
        with pytest.raises(SessionLocked):
            store.writer(sid)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "HomeScreen"
        store.writer(sid).close()  # the app let it go when no screen of it was left
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.meeting.prompt_config["start_openness"]["text"] == OURS
        await pilot.press("f6")  # plan → live: the same open meeting, still locked
        await pilot.pause()
        assert app.screen.__class__.__name__ == "LiveScreen"
        with pytest.raises(SessionLocked):
            store.writer(sid)
    store.writer(sid).close()  # quitting let it go


def test_run_refuses_a_broken_prompts_file_in_the_shell(store, clock, capsys) -> None:
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    own_prompts(store)
    (store.root / "prompts.toml").write_text("[not_a_prompt]\n")
    assert cli.main(["--data-dir", str(store.root), "run", sid]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"facilitator: cannot open {sid}: ") and "[not_a_prompt]" in err
    assert len(err.strip().splitlines()) == 1
