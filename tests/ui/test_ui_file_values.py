"""Screens over a session file holding a value that used to kill them (issue 13.4).

The live and plan screens never open on such a file: the app stops before them with one line
naming the record and the field. The home screen lists the other sessions and says what is
wrong with that one; the room view keeps running and says the same.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.store import SessionStore
from facilitator.ui.app import make_app
from facilitator.ui.room import RoomApp
from tests.helpers import agenda, screen_text, settled

LIVE = {("session", "1", "state"): "live", ("session", "1", "started_at"): "2026-11-23T14:00:00"}

# what killed a screen: (the screen, the values written into a good file, what is said)
KILLERS: dict[str, tuple[str, dict[tuple[str, str, str], Any], str]] = {
    "papers-uk-date": (
        "live",
        {**LIVE, ("agenda", "1", "papers_circulated"): "01/02/2027"},
        "agenda record 1, field papers_circulated: '01/02/2027' is not an ISO date",
    ),
    "timebox-zero": (
        "live",
        {**LIVE, ("agenda", "1", "minutes"): 0},
        "agenda record 1, field minutes: should be from 1 to 600, not 0",
    ),
    "item-id-twice": (
        "plan",
        {("agenda", "2", "id"): 0},
        "agenda record 2, field id: 0 is also the id of agenda record 1",
    ),
    "date-year-9999": (
        "plan",
        {("session", "1", "date"): "9999-12-31T23:50"},  # it would end in 10000
        "session record 1, field date: the year should be from 1900 to 2200, not 9999",
    ),
    "minutes-huge": (
        "plan",
        {("agenda", "2", "minutes"): 10**4000},
        "agenda record 2, field minutes: should be from 1 to 600, not a number of about",
    ),
}


def planted(store: SessionStore, clock: Any, kind: str) -> str:
    """A good session whose file then has the values of ``KILLERS[kind]`` written in."""
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    path = store.path_for(sid)
    tables = json.loads(path.read_text(encoding="utf-8"))
    for (table, key, field), value in KILLERS[kind][1].items():
        tables[table][key][field] = value
    path.write_text(json.dumps(tables), encoding="utf-8")
    return sid


@pytest.mark.parametrize("kind", list(KILLERS))
async def test_the_screen_a_bad_value_killed_is_refused_before_it_opens(
    store, clock, kind, monkeypatch
):
    screen, _, says = KILLERS[kind]
    sid = planted(store, clock, kind)
    app = make_app(store, session_id=sid, screen=screen, clock=clock)
    said: list[str] = []
    exit_app = app.exit
    monkeypatch.setattr(app, "exit", lambda **kw: said.append(kw["message"]) or exit_app(**kw))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    assert app.return_code == 2
    (message,) = said
    assert message.startswith("facilitator: ") and says in message
    assert "\n" not in message


@pytest.mark.parametrize("kind", list(KILLERS))
async def test_home_lists_the_others_and_says_what_is_wrong_with_it(store, clock, kind):
    good = store.create(agenda_from_dict(agenda(title="Steering group"), clock().date()))
    bad = planted(store, clock, kind)
    app = make_app(store, clock=clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await settled(pilot)  # home's list is read in a worker
        assert list(app.screen.sessions) == [good]
        assert KILLERS[kind][2] in " ".join(screen_text(app).split())
        await pilot.press("r")  # runs the one listed: the good one
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert app.screen.meeting.session.info.id == good
    assert bad in store.session_ids()


@pytest.mark.parametrize("kind", [k for k, (screen, _, _) in KILLERS.items() if screen == "live"])
async def test_the_room_view_keeps_running_and_says_what_is_wrong(store, clock, kind):
    sid = planted(store, clock, kind)
    app = RoomApp(store, sid, clock=clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.pause(1.1)  # a redraw tick
        shown = " ".join(screen_text(app).split())
        assert "showing the last good view" in shown and KILLERS[kind][2] in shown
        assert app.is_running
