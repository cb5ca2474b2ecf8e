"""The capture bar under fast typing, driven with Pilot: keys arrive as a terminal delivers a
burst (all of them before the first is handled), so keys typed while a line is being saved
are really typed during the save. The pseudo-terminal tests (test_e2e_typing) do the same
through the real app."""

from __future__ import annotations

import asyncio
import errno

from textual._xterm_parser import XTermParser

from facilitator.core import store as store_module
from facilitator.core.agenda import agenda_from_dict
from facilitator.ui.app import make_app
from facilitator.ui.capture_bar import CaptureBar, pasted_lines
from facilitator.ui.checklist import ChecklistScreen
from tests.helpers import agenda, status

ENTER, BACKSPACE, UP, DOWN, HOME = "\r", "\x7f", "\x1b[A", "\x1b[B", "\x1b[H"


def paste(text: str) -> str:
    return f"\x1b[200~{text}\x1b[201~"


async def burst(pilot, keys: str) -> None:
    """Send ``keys`` as one burst from the terminal and wait until the bar has taken them all."""
    app = pilot.app
    bar = app.focused
    done = asyncio.Event()
    for event in XTermParser().feed(keys):
        app.post_message(event)
    # after the keys reach the app, a callback behind them in the bar's own queue
    app.call_later(lambda: bar.call_later(done.set))
    await asyncio.wait_for(done.wait(), 10)
    await pilot.pause()


def bar(app) -> CaptureBar:
    return app.screen.query_one(CaptureBar)


async def test_keys_typed_while_a_line_is_saved_start_the_next_line(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "Gamma one\rDelta two\rEpsilon three\rZeta")
        assert bar(app).value == "Zeta"
        assert "✓ Saved" in status(app)
    assert [n.text for n in store.load(sid).notes] == ["Gamma one", "Delta two", "Epsilon three"]


async def test_editing_keys_in_a_burst_apply_in_the_order_typed(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "abc" + BACKSPACE + "d\r" + "world" + HOME + "hello \r")
    assert [n.text for n in store.load(sid).notes] == ["abd", "hello world"]


async def test_a_paste_is_one_line_at_a_time_round_what_was_in_the_bar(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        bar(app).value = "Joan: [here] thanks"
        bar(app).cursor_position = len("Joan: ")
        await burst(pilot, paste("first\n\n  \nsecond\r\nthird"))
        assert (bar(app).value, bar(app).cursor_position) == ("third[here] thanks", len("third"))
        await burst(pilot, paste("one line, no break"))
        assert bar(app).value == "thirdone line, no break[here] thanks"
    assert [n.text for n in store.load(sid).notes] == ["Joan: first", "second"]


def test_a_paste_splits_at_every_line_break_and_keeps_what_follows_the_last():
    assert pasted_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert pasted_lines("a\nb\n") == ["a", "b", ""]
    assert pasted_lines("a\u2028b") == ["a", "b"]
    assert pasted_lines("") == [""]


async def test_a_refused_line_with_nothing_after_it_stays_in_the_bar_to_correct(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "/bogus plan\r")
        assert bar(app).value == "/bogus plan"
        assert "✗ Not saved: unknown command '/bogus'" in status(app)
        assert "↑" not in status(app)
        await pilot.pause(CaptureBar.REACTION)  # the user reads why, then corrects it
        await burst(pilot, HOME + "/\r")
    assert [n.text for n in store.load(sid).notes] == ["/bogus plan"]


async def test_keys_typed_ahead_of_a_refusal_set_the_refused_line_aside(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "one\r/bogus plan\rtwo\rthr")
        assert bar(app).value == "thr"  # nothing merged with the refused line
        assert "'/bogus plan' was not saved: ↑ brings it back" in status(app)
        await burst(pilot, "ee\r")
        assert "✓ Saved" in status(app) and "'/bogus plan' was not saved" in status(app)
        await burst(pilot, UP)
        assert bar(app).value == "/bogus plan"
        await burst(pilot, HOME + "/\r")
        assert "✓ Saved" in status(app) and "not saved" not in status(app)
        await burst(pilot, UP)
        assert bar(app).value == "//bogus plan"  # the history holds it like any other line
    notes = [n.text for n in store.load(sid).notes]
    assert notes == ["one", "two", "three", "/bogus plan"]


async def test_a_paste_while_the_disk_refuses_keeps_every_line(store, clock, monkeypatch):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        real_fsync = store_module.os.fsync

        def full_disk(fd):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(store_module.os, "fsync", full_disk)
        await burst(pilot, paste("alpha\nbravo\ncharlie\n"))
        assert bar(app).value == "charlie"  # the last line, with nothing after it
        assert "NOT SAVED" in status(app) and "2 lines were not saved" in status(app)
        assert "still in the bar" in status(app)
        monkeypatch.setattr(store_module.os, "fsync", real_fsync)
        await pilot.pause(CaptureBar.REACTION)
        await burst(pilot, ENTER + UP + ENTER + UP + ENTER)
        assert bar(app).value == "" and "not saved" not in status(app)
    assert sorted(n.text for n in store.load(sid).notes) == ["alpha", "bravo", "charlie"]


async def test_a_command_key_refused_says_nothing_about_the_bar(store, clock, monkeypatch):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        bar(app).value = "half a note"

        def full_disk(fd):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(store_module.os, "fsync", full_disk)
        await pilot.press("f6")  # /next by key: the text in the bar is not the line refused
        assert "NOT SAVED" in status(app) and "still in the bar" not in status(app)
        assert bar(app).value == "half a note"


async def test_the_line_being_typed_survives_a_look_through_the_history(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "saved line\rhalf typed" + UP)
        assert bar(app).value == "saved line"
        await burst(pilot, DOWN)
        assert bar(app).value == "half typed"


async def test_checklist_answers_typed_in_a_burst_are_each_taken(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        await burst(pilot, "y\rn not yet\r\r? unsure\r")  # ✗, Enter alone skips its action
    session = store.load(sid)
    assert {a.ref: a.answer for a in session.checklist} == {
        "I1": "yes",
        "I2": "no",
        "I3": "unsure",
    }
    assert not session.actions
