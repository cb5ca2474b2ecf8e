"""The review screens read the archive in worker threads and show it a page at a time
(ui/archive_view.py, ui/paged_table.py): a long list arrives in pages as the cursor goes
down it, an answer overtaken by a newer question is never drawn, a key pressed on home
before its list has arrived is carried out once it has, and matters arising lists its open
actions from a worker. Then the table itself: what it draws and how it is driven.
"""

from __future__ import annotations

import threading

from textual.widgets import Input

from facilitator.core import carry, tracker
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.model import Action, Session
from facilitator.core.review_index import ReviewIndex
from facilitator.core.search import search
from facilitator.ui.app import make_app
from facilitator.ui.paged_table import PAGE, PagedTable
from facilitator.ui.review import SearchScreen
from facilitator.ui.tracker import TrackerScreen
from tests.helpers import agenda, screen_text


def with_actions(store, clock, meetings: int, each: int, **overrides) -> list[str]:
    """``meetings`` past sessions of one partnership, each with ``each`` open actions."""
    ids = []
    for n in range(meetings):
        session: Session = agenda_from_dict(
            agenda(date=f"{n % 28 + 1:02d}/10/2026 14:00", title=f"Board {n}", **overrides),
            clock().date(),
        )
        session.info.state = "ended"
        session.actions = [
            Action(
                item=1,
                text=f"action {k} of board {n}",
                owner="Ravi Patel",
                at="2026-10-01T14:00:00",
                seq=k + 1,
                due=f"2026-12-{k % 28 + 1:02d}",
            )
            for k in range(each)
        ]
        ids.append(store.create(session))
    return ids


def rows(app, table: str) -> list[str]:
    t = app.screen.query_one(f"#{table}", PagedTable)
    return [t.row_cells(i)[3] for i in range(t.row_count)]


async def test_the_tracker_shows_a_page_and_the_next_as_the_cursor_goes_down(store, clock):
    with_actions(store, clock, meetings=9, each=10)  # 90 open actions
    app = make_app(store, clock=clock)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TrackerScreen)
        assert "90 shown" in screen_text(app)
        table = app.screen.query_one("#actions", PagedTable)
        assert table.row_count == PAGE == len(app.screen.rows)
        expected = [a.text for a in tracker.Archive(store).actions()]
        assert rows(app, "actions") == expected[:PAGE]
        await pilot.press("ctrl+end")  # the last row held: the next page comes
        await pilot.pause()
        assert rows(app, "actions") == expected and len(app.screen.rows) == 90
        await pilot.press("ctrl+end")
        await pilot.press("d")  # on the last row, of the second page
        await pilot.pause()
        assert "✓ Saved" in str(app.screen.query_one("#status").visual)
        assert "89 shown" in screen_text(app)
    done = [a for a in tracker.Archive(store).actions() if a.status == "done"]
    assert [a.text for a in done] == [expected[-1]]


async def test_an_answer_overtaken_by_a_newer_question_is_not_drawn(
    store, clock, monkeypatch
):
    with_actions(store, clock, meetings=2, each=3)
    slow, asked = threading.Event(), []
    real = ReviewIndex.search

    def slowly(self, query, **kwargs):
        asked.append(query)
        if query == "board 0":  # the first question is answered last
            slow.wait(5)
        return real(self, query, **kwargs)

    monkeypatch.setattr(ReviewIndex, "search", slowly)
    app = make_app(store, clock=clock)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        box = app.screen.query_one("#search-query", Input)
        box.value = "board 0"
        await pilot.pause()
        box.value = "board 1"
        await pilot.pause()
        found = search(store.list_sessions()[0], "board 1")
        assert f"{len(found)} found" in screen_text(app)
        slow.set()  # board 0's answer arrives now, after the newer one
        await pilot.pause(0.3)
        table = app.screen.query_one("#search-results", PagedTable)
        texts = [table.row_cells(n)[4] for n in range(table.row_count)]
        assert texts == [h.text for h in found]
        assert f"{len(found)} found" in screen_text(app)
    assert asked[:2] == ["board 0", "board 1"]


async def test_a_key_pressed_before_the_list_arrives_is_carried_out(store, clock, monkeypatch):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    listed, real = threading.Event(), tracker.Archive.listings

    def listings(self):
        listed.wait(5)
        return real(self)

    monkeypatch.setattr(tracker.Archive, "listings", listings)
    app = make_app(store, clock=clock)
    async with app.run_test(size=(140, 40)) as pilot:
        assert "Reading the list of sessions…" in screen_text(app)
        await pilot.press("r")  # run the first meeting: it is not listed yet
        assert app.screen.__class__.__name__ == "HomeScreen"
        listed.set()
        await pilot.pause()
        await pilot.pause()
        assert app.screen.__class__.__name__ == "LiveScreen"
        assert app.screen.meeting.session.info.id == sid


async def test_matters_arising_lists_the_open_actions_read_in_a_worker(store, clock):
    with_actions(store, clock, meetings=5, each=10)  # 50 open actions
    next_one = agenda_from_dict(agenda(date="20/11/2026 14:00", title="Next"), clock().date())
    sid, _ = carry.create(store, next_one)
    matters = next(n for n, i in enumerate(store.load(sid).agenda, 1)
                   if carry.is_matters_arising(i))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(160, 60)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one("#capture", Input)
        bar.value = f"/goto {matters}"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        shown = [a for a in tracker.Archive(store).actions() if a.status == "open"]
        assert app.screen._open_rows == shown  # read by the worker, as the archive has them
        listed = app.screen._open_actions().plain  # what the feed is given
        assert shown[0].text in listed and shown[39].text in listed
        assert "… and 10 more, due later or with no date" in listed
        assert shown[40].text not in listed
        assert "Open actions" in screen_text(app) or shown[39].text in screen_text(app)
