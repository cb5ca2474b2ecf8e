"""The live meeting screen, driven with Pilot exactly as a secretary would use it."""

from __future__ import annotations

import errno

import pytest
from textual.widgets import Input

from facilitator.core import store as store_module
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.ui.app import make_app
from facilitator.ui.capture_bar import CaptureBar
from facilitator.ui.live import LiveScreen
from tests.helpers import (
    INJECTION_STRINGS,
    agenda,
    as_read,
    new_session,
    screen_text,
    status,
    type_line,
)


async def test_a_meeting_from_agenda_to_minutes(store, clock):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, LiveScreen)
        assert app.screen.query_one("#capture", Input).has_focus
        await type_line(pilot, "Joan welcomed everyone")
        assert "✓ Saved" in status(app)
        assert "Joan welcomed everyone" in screen_text(app)
        await type_line(pilot, "/next")
        assert "Item 2 of 3: Street lighting on Hope Street" in screen_text(app)
        clock.advance(minutes=3)
        await type_line(pilot, "Lena reported six broken lamps")
        await type_line(pilot, "/decision Repair all six lamps this winter @Council")
        assert "owner: Northfield Council" in status(app)
        await type_line(pilot, "/action @Ravi share the incident map by friday")
        assert "due Fri 27 Nov 2026" in status(app)
        assert "Ravi Patel, due Fri 27 Nov 2026" in screen_text(app)
        await pilot.press("f10")  # end meeting: asks first
        await pilot.press("y")
        await pilot.pause()
        assert "Meeting ended" in status(app)
        await pilot.press("ctrl+q")

    session = store.load(sid)
    assert session.info.state == "ended"
    text = to_markdown(build_minutes(session))
    for expected in (
        "Joan welcomed everyone",
        "Lena reported six broken lamps",
        "Repair all six lamps this winter — owner: Northfield Council",
        "| Ravi Patel | share the incident map | Fri 27 Nov 2026 | open | 2 |",
    ):
        assert expected in text


async def test_quit_and_reopen_resumes_where_it_was_left(store, clock):
    sid = new_session(store, clock)
    async with make_app(store, session_id=sid, clock=clock).run_test(size=(120, 40)) as pilot:
        await type_line(pilot, "first note")
        await pilot.press("f6")  # next item by key
        await pilot.pause()
        await type_line(pilot, "second note")
        await pilot.press("ctrl+q")

    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Item 2 of 3" in text
        assert "second note" in text
        await type_line(pilot, "/prev")
        assert "first note" in screen_text(app)


async def test_a_bad_line_stays_in_the_bar_with_the_reason(store, clock):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        before = store.path_for(sid).read_bytes()
        for line, reason in [
            ("/action @Bob fix it", "@Bob is not a participant"),
            ("/action @Ravi fix it by 31/02/2027", "February 2027 has no day 31"),
            ("/frobnicate", "unknown command"),
        ]:
            await type_line(pilot, line)
            assert app.screen.query_one("#capture", Input).value == line
            assert "✗ Not saved" in status(app) and reason in status(app)
        assert store.path_for(sid).read_bytes() == before


async def test_a_failed_write_says_not_saved_and_keeps_the_text(store, clock, monkeypatch):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_line(pilot, "saved before the disk filled")
        real_fsync = store_module.os.fsync

        def full_disk(fd):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(store_module.os, "fsync", full_disk)
        await type_line(pilot, "typed while the disk was full")
        assert "NOT SAVED" in status(app) and "No space left on device" in status(app)
        assert app.screen.query_one("#capture", Input).value == "typed while the disk was full"
        monkeypatch.setattr(store_module.os, "fsync", real_fsync)
        await pilot.pause(CaptureBar.REACTION)  # reads the message: an Enter at once is typed ahead
        await pilot.press("enter")
        await pilot.pause()
        assert "✓ Saved" in status(app)
    notes = [n.text for n in store.load(sid).notes]
    assert notes == ["saved before the disk filled", "typed while the disk was full"]


async def test_a_session_open_elsewhere_is_refused(store, clock):
    sid = new_session(store, clock)
    other = store.writer(sid)
    try:
        app = make_app(store, session_id=sid, clock=clock)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
        assert app.return_code == 2
    finally:
        other.close()


@pytest.mark.parametrize("hostile", INJECTION_STRINGS)
async def test_user_text_is_shown_exactly(store, clock, hostile):
    people = agenda()["participants"] + [
        {"name": hostile, "organisation": f"Org {hostile}", "sector": "other"}
    ]
    sid = new_session(
        store,
        clock,
        title=f"Board {hostile}",
        participants=people,
        items=[{"title": hostile, "minutes": 5}, {"title": "Next", "minutes": 5}],
    )
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_line(pilot, hostile)
        await type_line(pilot, f"/decision {hostile} @Joan")
        await type_line(pilot, f"/action @Sam {hostile} by friday")
        text = screen_text(app)
        assert f"Item 1 of 2: {hostile}" in text
        assert f"Board {hostile}" in text
        assert f"Note     {hostile}" in text
        assert f"Decision D1 {hostile} — owner: Joan Pike" in text
        assert f"Action   1.1 {hostile} — Sam Okafor" in text  # with its code
        await pilot.click("#feed")  # a live [@click] would quit here
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+r")  # the minutes screen shows it too
        await pilot.pause()
        assert hostile in screen_text(app)
    minutes = to_markdown(build_minutes(store.load(sid)))
    assert hostile in as_read(minutes)


async def test_undo_withdraws_but_keeps_the_entry(store, clock):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_line(pilot, "a note typed by mistake")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "Withdrawn note" in status(app)
        assert "a note typed by mistake (withdrawn)" in screen_text(app)
    notes = store.load(sid).notes
    assert [(n.text, n.withdrawn) for n in notes] == [("a note typed by mistake", True)]


async def test_f2_or_f3_over_a_half_typed_command_keeps_it(store, clock):
    """F3 over '/decision Fund the…' replaced it: the line is kept for ↑ instead."""
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.screen.query_one(CaptureBar)
        bar.value = "/decision Fund the youth panel"
        await pilot.press("f3")
        await pilot.pause()
        assert bar.value == "/action @"
        assert "↑ brings back '/decision Fund the youth panel'" in screen_text(app)
        await pilot.press("up")
        assert bar.value == "/decision Fund the youth panel"
        bar.value = "a plain note"  # a note becomes the command's text, as before
        await pilot.press("f2")
        assert bar.value == "/decision a plain note"
