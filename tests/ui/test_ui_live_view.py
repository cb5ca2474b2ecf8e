"""What the live screen keeps in view while the secretary types: the line just saved, the
current item, the projected end and the timebox as extended; a refusal's reason while its
line is in the bar, and not after; the line being typed when the meeting is closed."""

from __future__ import annotations

import errno

from facilitator.core import drafts
from facilitator.core.drafts import Draft, draft_path, load_draft
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.ui.app import make_app
from facilitator.ui.capture_bar import CaptureBar
from tests.helpers import new_session, screen_text, status, type_line
from tests.ui.test_ui_typing import BACKSPACE, ENTER, UP, burst

MANY_ITEMS = [{"title": f"Item called number {n}", "minutes": 5} for n in range(1, 26)]


def region_text(app, selector: str) -> str:
    """The screen's text within one widget's region."""
    region = app.screen.query_one(selector).region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return "\n".join(line[region.x : region.right] for line in lines)


async def test_the_feed_shows_each_line_as_it_is_saved_on_a_long_item(store, clock):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        for n in range(1, 31):
            await type_line(pilot, f"note number {n} on the lamps")
            assert f"note number {n} on the lamps" in region_text(app, "#feed-panel"), n
            if n == 1:  # a short feed starts at the top, under the panel's border
                assert "note number 1 " in region_text(app, "#feed-panel").splitlines()[1]


async def test_the_feed_shows_the_last_of_a_fast_burst(store, clock):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "".join(f"quick note {n}{ENTER}" for n in range(1, 31)))
        assert "quick note 30" in region_text(app, "#feed-panel")


async def test_the_agenda_keeps_the_current_item_in_view(store, clock):
    sid = new_session(store, clock, items=MANY_ITEMS)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_line(pilot, "/goto 22")
        assert "Item 22 of 25" in screen_text(app)
        shown = region_text(app, "#agenda-panel")
        assert "▶ 22." in shown and "23." in shown  # centred: what comes next is in view too
        for _ in range(3):
            await type_line(pilot, "/next")
        assert "▶ 25." in region_text(app, "#agenda-panel")
        await type_line(pilot, "/goto 1")
        assert "▶  1." in region_text(app, "#agenda-panel")


async def test_the_live_screen_shows_the_projected_end_and_an_extended_timebox(store, clock):
    sid = new_session(store, clock)  # 5, 15 and 5 minutes from 14:00: planned to end 14:25
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Not started · 25 min planned: 14:00 → 14:25" in screen_text(app)
        clock.advance(minutes=4)
        await type_line(pilot, "started four minutes late")
        assert "projected end 14:29 (planned 14:25)" in screen_text(app)
        await type_line(pilot, "/extend 2")
        shown = region_text(app, "#agenda-panel")
        assert "Welcome and apologies 5+2′" in shown
        assert "projected end 14:31 (planned 14:25)" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause(1.2)  # the clock line is redrawn each second, to the width it has
        assert "ends 14:31 (plan 14:25)" in region_text(app, "#meeting-clock")


# --------------------------------------------------------------------------- refusals


async def test_a_refusal_goes_from_the_status_line_when_its_line_leaves_the_bar(store, clock):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "a saved line\r/bogus plan\r")
        assert "✗ Not saved: unknown command" in status(app)
        await pilot.pause(CaptureBar.REACTION)  # read it; what is typed now edits the line
        await burst(pilot, " more")
        assert app.screen.query_one(CaptureBar).value == "/bogus plan more"
        assert "✗ Not saved: unknown command" in status(app)  # still says what to fix
        await burst(pilot, BACKSPACE * len("/bogus plan more"))  # cleared: the reason goes
        assert status(app).strip() == ""
        assert not app.screen.query_one("#status").has_class("error")

        await burst(pilot, "/bogus again\r")
        assert "✗ Not saved" in status(app)
        await pilot.pause(CaptureBar.REACTION)
        await burst(pilot, UP)  # another line brought back in its place
        assert app.screen.query_one(CaptureBar).value == "a saved line"
        assert "✗" not in status(app)


async def test_a_line_set_aside_stays_said_while_the_next_is_typed(store, clock):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "/bogus plan\rnext li")  # typed ahead: the refused line set aside
        await burst(pilot, "ne" + BACKSPACE * len("next line"))
        assert "✗ Not saved: unknown command" in status(app)
        assert "'/bogus plan' was not saved: ↑ brings it back" in status(app)


# --------------------------------------------------------------------------- quitting mid-line

HALF = "Lena asked whether the lamps on Hope St"


async def test_quitting_mid_line_keeps_it_for_next_time_and_never_in_the_record(store, clock):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "a saved note\r/bogus plan\r" + HALF + "\x11")  # ctrl+q, typed on
        await pilot.pause()
    assert not app.is_running
    assert load_draft(draft_path(store, sid)) == Draft(HALF, ["/bogus plan"])
    assert HALF.encode() not in store.path_for(sid).read_bytes()
    assert HALF not in to_markdown(build_minutes(store.load(sid)))

    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(CaptureBar)
        assert bar.value == HALF
        assert "Restored the line you were typing" in status(app)
        assert "'/bogus plan' was not saved: ↑ brings it back" in status(app)
        await burst(pilot, "reet\r")
        assert "✓ Saved" in status(app)
        assert load_draft(draft_path(store, sid)) == Draft("", ["/bogus plan"])
        await burst(pilot, UP)
        assert bar.value == "/bogus plan"
        await burst(pilot, BACKSPACE * len("/bogus plan"))
        await pilot.press("ctrl+q")  # nothing left unsaved: the draft goes
        await pilot.pause()
    assert not draft_path(store, sid).exists()
    assert [n.text for n in store.load(sid).notes] == ["a saved note", HALF + "reet"]


async def test_going_home_mid_line_keeps_it_too(store, clock):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, HALF)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "facilitator" in screen_text(app) and app.opened is None
        assert load_draft(draft_path(store, sid)) == Draft(HALF)
        await pilot.press("enter")  # the upcoming meeting, opened again from home
        await pilot.pause()
        assert app.screen.query_one(CaptureBar).value == HALF


async def test_a_line_that_cannot_be_kept_stops_the_quit_once(store, clock, monkeypatch):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, HALF)

        def full_disk(path, text, **_kw):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(drafts, "write_atomic", full_disk)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        assert "could not be kept for next time (No space left on device)" in status(app)
        assert "ctrl+q again leaves without it" in status(app)
        assert app.screen.query_one(CaptureBar).value == HALF
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_back_in_the_bar_typing_goes_on_from_the_line_not_over_it(store, clock):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "half a no")
        await pilot.press("ctrl+t")  # the speakers panel, then back to the bar
        await pilot.press("escape")
        await pilot.pause()
        await burst(pilot, "te\r")
    assert [n.text for n in store.load(sid).notes] == ["half a note"]
