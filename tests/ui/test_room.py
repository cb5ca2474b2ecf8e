"""The room view: a separate read-only process following the session file."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.meeting import Meeting
from facilitator.core.minutes import build_minutes
from facilitator.core.minutes_doc import render
from facilitator.ui.room import RoomApp
from tests.helpers import agenda, captured, screen_text


def confidential_agenda():
    data = agenda()
    data["items"][1]["confidential"] = True
    data["items"][1]["title"] = "Contract award SENTINEL-7"
    return data


async def wait_for(pilot, text: str, timeout: float = 3.0) -> float:
    """Wait until ``text`` is on the room screen; returns how long it took."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        await pilot.pause(0.02)
        if text in screen_text(pilot.app):
            return time.monotonic() - start
    raise AssertionError(f"{text!r} never appeared:\n{screen_text(pilot.app)}")


async def test_the_room_follows_the_meeting_and_never_writes(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    writer = store.writer(sid)
    meeting = Meeting(writer, clock=clock)
    app = RoomApp(store, sid, clock=clock)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, "The meeting has not started yet")
            meeting.capture("/next")
            meeting.capture("/speak Lena")
            meeting.capture("/queue Ravi")
            meeting.capture("/decision Repair the lamps @Council")
            await wait_for(pilot, "Item 2 of 3")
            await wait_for(pilot, "Speaking: Lena Novak")
            await wait_for(pilot, "Next: Ravi Patel")
            await wait_for(pilot, "Repair the lamps — Northfield Council")
            before = store.path_for(sid).read_bytes()
            await pilot.pause(0.3)
            assert store.path_for(sid).read_bytes() == before  # the room wrote nothing
    finally:
        writer.close()


async def test_a_damaged_file_keeps_the_last_good_view_and_is_not_moved(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    path = store.path_for(sid)
    app = RoomApp(store, sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, "Northfield Community Safety Partnership")
        good = path.read_bytes()
        path.write_bytes(good[: len(good) // 2])
        await wait_for(pilot, "showing the last good view")
        assert "Northfield Community Safety Partnership" in screen_text(app)
        assert path.exists() and not list(path.parent.glob("*.corrupt-*"))
        path.write_bytes(good)
        await wait_for(pilot, "read-only")


async def test_public_view_shows_an_exempt_item_only_as_confidential(store, clock):
    sid = store.create(agenda_from_dict(confidential_agenda(), clock().date()))
    writer = store.writer(sid)
    meeting = Meeting(writer, clock=clock)
    meeting.capture("/next")
    meeting.capture("/decision Award to SENTINEL-7 bidder @Joan")
    writer.close()
    app = RoomApp(store, sid, public=True, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, "Confidential item")
        assert "SENTINEL-7" not in screen_text(app)
    full = RoomApp(store, sid, clock=clock)
    async with full.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, "Contract award SENTINEL-7")


async def test_the_room_shows_each_action_with_its_code_and_writes_nothing(store, clock):
    earlier = store.create(agenda_from_dict(agenda(date="02/11/2026 14:00"), clock().date()))
    writer = store.writer(earlier)
    Meeting(writer, clock=clock).capture("/action @Sam book the hall by friday")
    writer.close()
    sid = store.create(agenda_from_dict(confidential_agenda(), clock().date()))
    writer = store.writer(sid)
    meeting = Meeting(writer, clock=clock)
    for line in [
        "/action @Ravi share the incident map by friday",
        "/next",
        "/action @Joan tell SENTINEL-7 by friday",  # on the exempt item
        "/next",
        "/action @Lena walk Hope Street",
    ]:
        meeting.capture(line)
    writer.close()
    folder = {p.name: p.stat().st_mtime_ns for p in store.root.iterdir()}
    async with RoomApp(store, sid, clock=clock).run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, "Actions so far")
        text = screen_text(pilot.app)
        assert "2.1 Ravi Patel: share the incident map" in text
        assert "2.2 Joan Pike: tell SENTINEL-7" in text
        assert "2.3 Lena Novak: walk Hope Street" in text
    async with RoomApp(store, sid, public=True, clock=clock).run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, "2.3 Lena Novak: walk Hope Street")  # the code is kept
        assert "SENTINEL-7" not in screen_text(pilot.app)
    assert {p.name: p.stat().st_mtime_ns for p in store.root.iterdir()} == folder


WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime
    from facilitator.core.meeting import Meeting
    from facilitator.core.store import SessionStore

    store = SessionStore(sys.argv[1])
    writer = store.writer(sys.argv[2])
    meeting = Meeting(writer)
    for line in sys.stdin:
        meeting.capture(line.strip())
        print(f"SAVED {time.monotonic()}", flush=True)
    writer.close()
    """
)


async def test_a_line_saved_by_another_process_is_on_the_room_screen(store, clock, tmp_path):
    """Each line another process saves reaches the room's screen. How soon (the target is
    half a second) is measured by benchmarks/bench_app.py, not asserted here: on a loaded
    machine the suite's own load made it 0.63 s once, a failure that was not the app's."""
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(script), str(store.root), sid],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    app = RoomApp(store, sid, clock=clock)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, "The meeting has not started yet")
            for n, line in enumerate(
                [
                    "/speak Joan",
                    "/decision Light every lamp @Joan",
                    "/speak Lena",
                    "/decision Survey the estate @Lena",
                ]
            ):
                child.stdin.write(line + "\n")
                child.stdin.flush()
                child.stdout.readline()  # saved
                expected = [
                    "Speaking: Joan Pike",
                    "Light every lamp",
                    "Speaking: Lena Novak",
                    "Survey the estate",
                ][n]
                await wait_for(pilot, expected)
    finally:
        child.stdin.close()
        child.wait(timeout=10)


# --------------------------------------------------------------------------- before and after


def test_the_start_is_said_in_words_before_the_meeting() -> None:
    from datetime import datetime

    from facilitator.core.model import Session, SessionInfo
    from facilitator.ui.room import starts_label

    def said(when: str, now: str) -> str:
        session = Session(SessionInfo(id="s", title="t", date=when))
        return starts_label(session, datetime.fromisoformat(now))

    assert said("2026-11-23T14:00", "2026-11-23T13:48") == "starts in 12 min"
    assert said("2026-11-23T14:00", "2026-11-23T13:59:30") == "starts in 1 min"
    assert said("2026-11-23T14:00", "2026-11-23T11:30") == "starts in 2 h 30 min"
    assert said("2026-11-23T14:00", "2026-11-23T14:00:40") == "due to start now"
    assert said("2026-11-23T14:00", "2026-11-23T14:07:10") == "due to start 7 min ago"
    assert said("2026-11-23T14:00", "2026-11-23T15:10") == "due to start 1 h 10 min ago"
    assert said("2026-11-24T14:00", "2026-11-23T13:00") == "starts Tue 24 Nov 2026, 14:00"
    assert said("2026-11-23", "2026-11-23T13:00") == "on Mon 23 Nov 2026"
    assert said("", "2026-11-23T13:00") == "start time not set"


async def test_before_the_start_the_room_shows_the_agenda_and_counts_down(store, clock):
    clock.now = clock.now.replace(hour=13, minute=48)
    sid = store.create(agenda_from_dict(confidential_agenda(), clock().date()))
    app = RoomApp(store, sid, public=True, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, "starts in 12 min")
        text = screen_text(app)
        assert "Mon 23 Nov 2026, 14:00 · Town Hall, Room 4" in text
        assert "1. 14:00  Welcome and apologies (5 min)" in text
        assert "2. 14:05  Confidential item (15 min)" in text and "SENTINEL-7" not in text
        assert "3. 14:20  Any other business (5 min)" in text
        assert "Speaking:" not in text  # nobody speaks before the start
        clock.advance(minutes=1)
        await wait_for(pilot, "starts in 11 min")  # it ticks
        clock.advance(minutes=15)
        await wait_for(pilot, "due to start 4 min ago")  # late


@pytest.mark.parametrize("public", [False, True], ids=["full", "public"])
async def test_the_room_numbers_decisions_as_the_chair_and_the_minutes_do(store, clock, public):
    """D1, D2 as the chair's feed and the minutes call them, each with its item: two
    decisions on one item were both shown as "1." (their item's number). In public the
    exempt item's decision is withheld and the rest keep their numbers, as in the public
    minutes."""
    sid = store.create(agenda_from_dict(confidential_agenda(), clock().date()))
    decided = ["/decision Light Hope Street @Ravi", "/decision Survey it again in spring @Lena"]
    captured(store, sid, clock, ["/next", "/decision Award to SENTINEL-7 bidder @Joan", "/next"])
    captured(store, sid, clock, decided)
    minutes = str(render(build_minutes(store.load(sid), public=public), "txt"))
    app = RoomApp(store, sid, public=public, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, "Decisions so far")
        text = screen_text(app)
    for label, decided, owner in [
        ("D2", "Light Hope Street", "Ravi Patel"),
        ("D3", "Survey it again in spring", "Lena Novak"),
    ]:
        assert f"• {label} {decided} — {owner} (item 3)" in text
        assert f"{label} {decided} — owner: {owner}" in minutes
    assert ("• D1 Award to SENTINEL-7 bidder — Joan Pike (item 2)" in text) is not public
    assert ("SENTINEL-7" in text) is not public


async def test_after_the_end_the_room_shows_what_was_decided_and_who_took_what(store, clock):
    sid = store.create(agenda_from_dict(confidential_agenda(), clock().date()))
    writer = store.writer(sid)
    meeting = Meeting(writer, clock=clock)
    app = RoomApp(store, sid, clock=clock)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, "Agenda")
            for line in [
                "/next",
                "/decision Award to SENTINEL-7 bidder @Joan",
                "/action @Joan tell SENTINEL-7",
                "/next",
                "/action @Ravi share the incident map",
                "/action @Ravi [b]walk[/b] Hope Street",
            ]:
                meeting.capture(line)
            await wait_for(pilot, "Actions so far")  # live: as it was
            meeting.capture("/end")
            # its last line: the view is laid out again a frame after its text changes, and
            # a screen read in between shows the new text cut at the old height
            await wait_for(pilot, "Date of next meeting: not set yet")
            text = screen_text(app)
            assert "Actions by owner (3)" in text
            assert "• D1 Award to SENTINEL-7 bidder — Joan Pike (item 2)" in text
            assert "• Ravi Patel: 2 actions" in text and "• Joan Pike: 1 action" in text
            assert "Date of next meeting: not set yet" in text
            assert "ended at 14:00" in text
            meeting.capture("/nextmeeting 10/02/2027 14:00")
            await wait_for(pilot, "Date of next meeting: Wednesday 10 February 2027, 14:00")
    finally:
        writer.close()
    public = RoomApp(store, sid, public=True, clock=clock)
    async with public.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, "Date of next meeting: Wednesday 10 February 2027")  # all of it
        assert "Actions by owner (2)" in screen_text(pilot.app)  # the exempt item's withheld
        assert "SENTINEL-7" not in screen_text(pilot.app)
        assert "No decisions were recorded." in screen_text(pilot.app)


async def test_a_tick_while_the_room_view_closes_does_nothing(store, clock):
    """The poll and the redraw run on timers; one that fires while the app is closing, its
    widgets already gone, must not raise (it failed a CI run: NoMatches '#room-status')."""
    sid = store.create(agenda_from_dict(confidential_agenda(), clock().date()))
    app = RoomApp(store, sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, "The meeting has not started yet")
    assert not app.is_running and not app.query("#room-status")  # closed, widgets gone
    app._seen = None  # the file as if changed: the poll reads it again
    app.poll()
    app.redraw()
