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


@pytest.fixture
def thresholds():
    was = gc.get_threshold()
    yield
    collector.restore()
    gc.set_threshold(*was)


async def test_full_collections_wait_for_a_pause_while_the_app_runs(
    store, clock, collecting, thresholds
) -> None:
    own = gc.get_threshold()[2]
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[2] == collector.NEVER  # CPython makes none of its own
        before = app._input_at
        await pilot.press("x")
        assert app._input_at > before  # a key counts as someone typing
    assert gc.get_threshold()[2] == own  # the app ended: CPython's own rule again


def test_a_full_collection_is_made_when_due_and_nobody_types(thresholds, monkeypatch) -> None:
    collector.defer_full()
    made = []
    monkeypatch.setattr(gc, "collect", lambda *a: made.append(a) or 0)
    start = collector._deferred["at"]
    typed = start
    assert not collector.collect_if_due(typed, start + 60)  # nothing due yet
    collector._deferred["middle"] -= collector._deferred["threshold2"]  # as if it were due
    assert not collector.collect_if_due(typed, typed + collector.IDLE / 2)  # someone typing
    assert made == []
    assert collector.collect_if_due(typed, typed + collector.IDLE)  # a pause
    assert len(made) == 1
    assert not collector.collect_if_due(typed, typed + 2 * collector.IDLE)  # not due again


def test_a_full_collection_waits_no_longer_than_longest(thresholds, monkeypatch) -> None:
    collector.defer_full()
    made = []
    monkeypatch.setattr(gc, "collect", lambda *a: made.append(a) or 0)
    start = collector._deferred["at"]
    collector._deferred["middle"] -= collector._deferred["threshold2"]
    busy = start + collector.LONGEST  # typing all along, just now too
    assert collector.collect_if_due(busy, busy)
    assert len(made) == 1


def test_what_an_earlier_app_left_is_collected_before_collections_wait(thresholds) -> None:
    class Cycle:
        pass

    left = Cycle()
    left.me = left  # garbage only a full collection finds
    import weakref

    gone = weakref.ref(left)
    del left
    collector.defer_full()
    assert gone() is None


async def test_a_worker_at_work_is_not_a_pause(store, clock, monkeypatch) -> None:
    """The person waiting on a worker's answer types once it comes: a collection made
    meanwhile would hold that key, so a pause is counted from the worker's end."""
    import threading
    import time

    asked: list[float] = []
    monkeypatch.setattr(collector, "collect_if_due", lambda input_at: asked.append(input_at))
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app._input_at = long_ago = time.monotonic() - 60
        app._collect_if_due()
        assert asked == [long_ago]  # nothing at work: the pause counts from the last key
        done = threading.Event()
        worker = app.run_worker(lambda: done.wait(10), thread=True)
        try:
            app._collect_if_due()
            assert asked[-1] > long_ago + 59  # a worker at work: no pause yet
        finally:
            done.set()
            await worker.wait()
