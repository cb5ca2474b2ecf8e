"""Review mode and search across sessions."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.widgets import Input

from facilitator.core.demo import create_demo
from facilitator.core.search import search
from facilitator.ui.app import make_app
from facilitator.ui.paged_table import PagedTable
from facilitator.ui.review import ReviewScreen
from facilitator.ui.search import SearchScreen
from tests.helpers import screen_text, settled, until


@pytest.fixture
def demo(store):
    past, upcoming = create_demo(store, datetime(2026, 11, 23, 10, 0))
    return past, upcoming


@pytest.mark.parametrize(
    ("query", "filters", "kinds"),
    [
        ("tenants", {}, ["note", "action"]),
        ("TENANTS oakridge", {}, ["note", "action"]),
        ("priorities", {}, ["item", "item", "decision", "note"]),
        ("tenants", {"partnership": "no such"}, []),
        ("tenants", {"date_from": date(2026, 11, 3)}, []),
        ("tenants", {"date_to": date(2026, 11, 2)}, ["note", "action"]),
        ("", {}, []),
        ("zzz-nothing", {}, []),
    ],
)
def test_search_finds_words_in_titles_notes_decisions_and_actions(
    store, demo, query, filters, kinds
):
    sessions, _ = store.list_sessions()
    hits = search(sessions, query, **filters)
    assert sorted(h.kind for h in hits) == sorted(kinds)
    for hit in hits:
        assert all(w in hit.text.casefold() for w in query.casefold().split())


async def test_search_jumps_to_the_session_read_only(store, clock, demo):
    past, _ = demo
    before = {p: p.read_bytes() for p in store.root.glob("[!.]*.json")}
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("/")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one("#search-query", Input).value = "tenants"
        await settled(pilot)  # the search runs in a worker
        assert "2 found" in screen_text(app)
        table = app.screen.query_one("#search-results", PagedTable)
        table.focus()
        await pilot.press("enter")  # the session is read in a worker
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the session")
        assert app.screen.session.info.id == past
        assert "found at item 4" in screen_text(app)
        assert "4. Community safety priorities for 2027" in screen_text(app)
        for tab in ("Decisions", "Actions", "Participation", "Checklist"):
            app.screen.query_one("#review-tabs").active = f"tab-{tab.lower()}"
            await pilot.pause()
        assert "Papers arrived late twice this year" in screen_text(app)  # the checklist tab
    assert {p: p.read_bytes() for p in store.root.glob("[!.]*.json")} == before  # unchanged
