"""Search every session: the query typed, asked of the review index in a worker thread, a
page of hits at a time; Enter opens the session found in the review screen.

Its own module, apart from the review screen's: opening search imported the minutes, their
document and Markdown with it, held the event loop 100-odd ms (1,000 sessions, measured);
the review screen is imported when a hit is opened, in the worker reading its session.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import Worker, get_current_worker

from facilitator.core.dates import DateError, echo_date, parse_date
from facilitator.core.model import Session
from facilitator.core.review_index import Page
from facilitator.core.search import Hit
from facilitator.core.tracker import partnership_sessions
from facilitator.ui.archive_view import ScreenIndex, read_failure
from facilitator.ui.key_bar import KeyBar
from facilitator.ui.paged_table import PAGE, PagedTable
from facilitator.ui.screen_base import AppScreen


@dataclass(frozen=True)
class Query:
    """What is searched for: the words, the partnership and the dates typed."""

    words: str
    partnership: str
    date_from: date | None
    date_to: date | None


class SearchReady(Message):
    """The index is up to date with the files: searches are answered from here on."""


@dataclass
class SearchFound(Message):
    """The index's answer to search number ``generation``: a page of hits and the total."""

    generation: int
    query: Query
    page: Page[Hit]


@dataclass
class SessionRead(Message):
    """The session a hit is in, with the rest of its partnership's, to be reviewed."""

    session: Session
    earlier: list[Session]
    item: int


class SearchScreen(AppScreen[None]):
    """Search every session, through the review index in a worker thread: each change to
    the query asks again, and only the latest answer is drawn, a page of hits at a time."""

    STYLES = "search.tcss"

    BINDINGS = [Binding("escape,ctrl+o", "app.pop_screen", "Back", id="search.back")]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Hit] = []
        self.generation = 0  # of the search last asked for: only its answer is drawn
        self.asked: Query | None = None  # the search last asked for
        self._index: ScreenIndex | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Content.from_markup(
                "[b]Search[/b] every session's titles, notes, decisions and actions"
            ),
            id="search-title",
        )
        yield Input(placeholder="Words to find", id="search-query")
        with Horizontal(id="search-filters"):
            yield Input(placeholder="Partnership (any part)", id="search-partnership")
            yield Input(placeholder="From (date)", id="search-from")
            yield Input(placeholder="To (date)", id="search-to")
        yield Static(Content("Loading the archive…"), id="search-status")
        # what was found first, and the columns that repeat from hit to hit kept narrow,
        # so the text is in view even at 80 columns (it came last, off the screen)
        yield PagedTable(id="search-results", widest={2: 60, 3: 32, 4: 28})
        yield KeyBar()

    def on_mount(self) -> None:
        self._index = ScreenIndex(self.app.store)
        self._prepare()
        self.query_one("#search-query", Input).focus()

    def on_unmount(self) -> None:
        if self._index is not None:
            self._index.close()

    @work(thread=True, exit_on_error=False, group="search-prepare")
    def _prepare(self) -> None:
        """Bring the index up to date while the first words are typed."""
        assert self._index is not None
        self._index.fresh()
        if not get_current_worker().is_cancelled:
            self.post_message(SearchReady())

    def on_search_ready(self, message: SearchReady) -> None:
        if self.generation == 0:  # nothing asked yet: nothing to wait for any more
            self.query_one("#search-status", Static).update(Content(""))

    @on(Input.Changed)
    def changed(self) -> None:
        status = self.query_one("#search-status", Static)
        today = self.app.now().date()
        bounds = []
        for field in ("#search-from", "#search-to"):
            typed = self.query_one(field, Input).value.strip()
            try:
                bounds.append(parse_date(typed, today) if typed else None)
            except DateError as exc:
                self.generation += 1  # an answer on its way is for the query before
                status.update(Content(f"✗ {exc}"))
                return
        self.generation += 1
        self.asked = Query(
            self.query_one("#search-query", Input).value,
            self.query_one("#search-partnership", Input).value.strip(),
            bounds[0],
            bounds[1],
        )
        self._search(self.generation, self.asked, 0)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def _search(self, generation: int, query: Query, offset: int) -> None:
        self._find(generation, query, offset)

    @work(thread=True, exit_on_error=False, group="search-pages")
    def _page(self, generation: int, query: Query, offset: int) -> None:
        self._find(generation, query, offset)

    def _find(self, generation: int, query: Query, offset: int) -> None:
        """A page of what ``query`` finds, posted back unless a newer search replaced it
        (in a worker thread)."""
        assert self._index is not None
        page = self._index.fresh().search(
            query.words,
            partnership=query.partnership,
            date_from=query.date_from,
            date_to=query.date_to,
            offset=offset,
            limit=PAGE,
        )
        if not get_current_worker().is_cancelled and generation == self.generation:
            self.post_message(SearchFound(generation, query, page))

    def on_search_found(self, message: SearchFound) -> None:
        if message.generation != self.generation:
            return  # a newer search is on its way: its answer replaces this one
        table = self.query_one("#search-results", PagedTable)
        rows = [_hit_cells(h) for h in message.page.rows]
        if message.page.offset:  # a further page of the same search
            if message.page.offset == len(self.hits) == table.row_count:
                self.hits += message.page.rows
                table.extend(message.page.offset, rows)
            return
        q = message.query
        dates = " · ".join(
            f"{w} {echo_date(b)}"
            for w, b in zip(("from", "to"), (q.date_from, q.date_to), strict=True)
            if b
        )
        self.hits = list(message.page.rows)
        found = f"more than {message.page.total}" if message.page.capped else message.page.total
        self.query_one("#search-status", Static).update(
            Content(f"{found} found{f' {dates}' if dates else ''} · Enter opens the session")
        )
        table.show(["Date", "Where", "Text", "Item", "Partnership"], rows, message.page.total)

    def on_paged_table_near_end(self, event: PagedTable.NearEnd) -> None:
        if self.asked is not None:
            self._page(self.generation, self.asked, event.offset)

    def on_paged_table_row_selected(self, event: PagedTable.RowSelected) -> None:
        if not self.hits:
            return
        hit = self.hits[min(event.cursor_row, len(self.hits) - 1)]
        self.query_one("#search-status", Static).update(
            Content(f"Opening {hit.meeting} ({hit.date})…")
        )
        self._open(hit)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search-open")
    def _open(self, hit: Hit) -> None:
        """The session found, and its partnership's others (its minutes' matters arising
        and checklist trend read them), read off the event loop, as is the review screen's
        module (the minutes and Markdown: 100-odd ms to import)."""
        importlib.import_module("facilitator.ui.review")
        store = self.app.store
        session = store.load(hit.session)
        info = session.info
        earlier = partnership_sessions(store, info.partnership, but=info.id)
        earlier.sort(key=lambda s: (s.info.date, s.info.id))
        if not get_current_worker().is_cancelled:
            self.post_message(SessionRead(session, earlier, hit.item))

    def on_session_read(self, message: SessionRead) -> None:
        from facilitator.ui.review import ReviewScreen  # (already imported by the worker)

        self.app.push_screen(ReviewScreen(message.session, message.earlier, item=message.item))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """What could not be read is said on the status line; anything but the disk's or
        the user's error is a bug, raised here as it would have been."""
        if error := read_failure(event):
            self.query_one("#search-status", Static).update(Content(f"✗ {error}"))


def _hit_cells(h: Hit) -> tuple[str, ...]:
    return (h.date, h.kind, h.text, f"{h.item}. {h.item_title}" if h.item else "—", h.partnership)
