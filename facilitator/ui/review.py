"""Review mode: a past session, read-only (opening never changes a file), in tabs — Minutes,
Decisions, Actions, Participation, Checklist — and search across every session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Input, Markdown, Static, TabbedContent, TabPane
from textual.worker import Worker, get_current_worker

from facilitator.core.dates import DateError, echo_date, parse_date, show_when
from facilitator.core.health import (
    MARK,
    answer_words,
    checklists_reviewed,
    standing_views,
    trend,
    whose,
)
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.model import Session
from facilitator.core.review_index import Page
from facilitator.core.search import Hit
from facilitator.core.speakers import balance
from facilitator.core.tracker import partnership_sessions
from facilitator.ui.archive_view import ScreenIndex, read_failure
from facilitator.ui.key_bar import KeyBar
from facilitator.ui.paged_table import PAGE, PagedTable
from facilitator.ui.render import clock
from facilitator.ui.screen_base import AppScreen


def _table(table: DataTable, header: list[str], rows: list[list[str]]) -> None:
    table.clear(columns=True)
    table.add_columns(*header)
    for row in rows:
        table.add_row(*(Text(c) for c in row))


class ReviewScreen(AppScreen[None]):
    BINDINGS = [
        Binding("escape,ctrl+o", "app.pop_screen", "Back", id="review.back"),
        Binding("e", "export", "Export minutes", id="review.export"),
        Binding("p", "toggle_public", "Public / full", id="review.public"),
    ]

    def __init__(self, session: Session, earlier: list[Session], item: int = 0) -> None:
        super().__init__()
        self.session = session
        self.earlier = earlier
        self.item = item
        self.public = False

    def compose(self) -> ComposeResult:
        info = self.session.info
        yield Static(
            Content.from_markup(
                "[b]$p[/b] — $t — $d · read-only",
                p=info.partnership or "Meeting",
                t=info.title,
                d=show_when(info.date),
            ),
            id="review-title",
        )
        yield Static(id="review-status")
        with TabbedContent(id="review-tabs"):
            with TabPane("Minutes", id="tab-minutes"), VerticalScroll(id="review-minutes-box"):
                yield Markdown(id="review-minutes")
            for name in ("Decisions", "Actions", "Participation", "Checklist"):
                with TabPane(name, id=f"tab-{name.lower()}"):
                    yield DataTable(
                        id=f"review-{name.lower()}", cursor_type="row", zebra_stripes=True
                    )
        yield KeyBar()

    def on_mount(self) -> None:
        self.show()
        if self.item:
            self.set_timer(0.2, self.jump_to_item)

    def jump_to_item(self) -> None:
        """Scroll the minutes to the item a search found."""
        markdown = self.query_one("#review-minutes", Markdown)
        for _level, title, header_id in markdown.table_of_contents:
            if title.startswith(f"{self.item}. ") and header_id:
                markdown.query_one(f"#{header_id}").scroll_visible(top=True, animate=False)
                return

    def show(self) -> None:
        s = self.session
        minutes = build_minutes(s, self.earlier, public=self.public)
        self.query_one("#review-minutes", Markdown).update(to_markdown(minutes))
        where = f" · found at item {self.item}" if self.item else ""
        version = "PUBLIC version" if self.public else "Full version"
        self.query_one("#review-status", Static).update(
            Content(f"{version}{where} · p switches · e exports · Esc back")
        )
        numbers = {i.id: str(n) for n, i in enumerate(s.agenda, 1)}
        shown = minutes  # decisions and actions as the chosen version has them
        _table(
            self.query_one("#review-decisions", DataTable),
            ["Item", "Decision", "Owner", "How / status", "Review", "Dissent"],
            [
                [
                    str(it.number),
                    d.text,
                    d.owner or "no owner",
                    f"{d.status}, {d.how}",
                    d.review or "—",
                    d.dissent or "—",
                ]
                for it in shown.items
                for d in it.decisions
            ],
        )
        _table(
            self.query_one("#review-actions", DataTable),
            ["Code", "Due", "Owner", "Action", "Status", "Item"],
            [
                [a.code, a.due or "no date", a.owner or "no owner", a.text, a.status, str(a.item)]
                for a in shown.actions
            ],
        )
        end = datetime.fromisoformat(s.info.ended_at) if s.info.ended_at else datetime.now()
        people = [[p.who, str(p.turns), clock(p.seconds)] for p in balance(s, end)]
        sectors = [
            [f"{p.who} (sector)", str(p.turns), clock(p.seconds)]
            for p in balance(s, end, by="sector")
        ]
        attendance = [[p.name, s.status_of(p), p.organisation] for p in s.participants]
        _table(
            self.query_one("#review-participation", DataTable),
            ["Who", "Turns", "Speaking time"],
            people + sectors + [[f"{n} — {st} ({o})", "", ""] for n, st, o in attendance],
        )
        rows = []
        for checklist in checklists_reviewed([s]):  # a partnership's own one too
            views = standing_views(s, checklist.id)
            for row in trend([*self.earlier, s], checklist):
                text = row.text if len(row.text) <= 60 else row.text[:59] + "…"
                marks = " ".join(
                    f"{d[5:]} {MARK[a]}" + (f" ({c})" if c else "") for d, a, c in row.marks
                )
                for n, a in enumerate(views.get(row.ref, [])):  # the room's, then sectors'
                    first = n == 0
                    rows.append(
                        [
                            row.ref if first else "",
                            whose(a),
                            answer_words(a),
                            a.note or "—",
                            marks if first else "",
                            text if first else "",
                        ]
                    )
        _table(
            self.query_one("#review-checklist", DataTable),
            ["#", "Whose view", "Answer", "Note", "Over time (the whole room)", "Item"],
            rows,
        )
        del numbers

    def action_toggle_public(self) -> None:
        self.public = not self.public
        self.show()

    def action_export(self) -> None:
        from facilitator.ui.minutes_view import export_form

        self.app.push_screen(export_form(self, self.session, self.earlier, self.public))


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
        yield PagedTable(id="search-results")
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
            Content(f"{found} found {dates} · Enter opens the session")
        )
        table.show(["Date", "Partnership", "Where", "Item", "Text"], rows, message.page.total)

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
        and checklist trend read them), read off the event loop."""
        store = self.app.store
        session = store.load(hit.session)
        info = session.info
        earlier = partnership_sessions(store, info.partnership, but=info.id)
        earlier.sort(key=lambda s: (s.info.date, s.info.id))
        if not get_current_worker().is_cancelled:
            self.post_message(SessionRead(session, earlier, hit.item))

    def on_session_read(self, message: SessionRead) -> None:
        self.app.push_screen(ReviewScreen(message.session, message.earlier, item=message.item))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """What could not be read is said on the status line; anything but the disk's or
        the user's error is a bug, raised here as it would have been."""
        if error := read_failure(event):
            self.query_one("#search-status", Static).update(Content(f"✗ {error}"))


def _hit_cells(h: Hit) -> tuple[str, ...]:
    return (h.date, h.partnership, h.kind, f"{h.item}. {h.item_title}" if h.item else "—", h.text)
