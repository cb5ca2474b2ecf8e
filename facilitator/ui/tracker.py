"""The review side: the actions tracker and the decisions register across all sessions.

Read through the review index (core/review_index.py) in a worker thread, a page at a time, so
it opens at once with a large archive and typing in its filter never waits on the disk: the
worker posts its answer back (``TrackerRead``, ``TrackerPage``) and only the latest is
drawn. Marking an action
done or giving it a new date changes the one record, in the session that raised it; **u**
(or ctrl+z) puts back the last change made here, as ``/undo`` does after ``/done``
(``revert_action``: a field changed since by someone else is left as it is, and said so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import Worker, get_current_worker

from facilitator.core.dates import show_when
from facilitator.core.review_index import Page
from facilitator.core.store import StoreError
from facilitator.core.tracker import (
    ActionRow,
    Changed,
    DecisionRow,
    TrackerError,
    revert_action,
    update_action,
)
from facilitator.ui.archive_view import ScreenIndex, read_failure
from facilitator.ui.form import Field, FormScreen
from facilitator.ui.key_bar import KeyBar
from facilitator.ui.paged_table import PAGE, PagedTable
from facilitator.ui.screen_base import AppScreen
from facilitator.ui.status_line import StatusLine
from facilitator.ui.tab_strip import TabStrip

_FILTERS = {"open": "open only", "overdue": "overdue", "week": "due within 7 days"}
ACTION_COLUMNS = ("Code", "Due", "Owner", "Action", "Status", "Partnership", "Raised")
DECISION_COLUMNS = ("Date", "Decision", "Owner", "How", "Status", "Review", "Partnership")


@dataclass
class TrackerRead(Message):
    """The index's answer to the tracker's question number ``generation``: the first page
    of each list, and what could not be read (None: the files were not looked at again)."""

    generation: int
    actions: Page[ActionRow]
    decisions: Page[DecisionRow]
    problems: list[str] | None


@dataclass
class TrackerPage(Message):
    """A further page of one list (``kind``: actions or decisions)."""

    generation: int
    kind: str
    page: Page[Any]


@dataclass(frozen=True)
class Question:
    """What the tracker shows: its filters, the words in the filter box and today."""

    filters: frozenset[str]
    wanted: str
    today: date


def action_cells(r: ActionRow, today: date) -> tuple[str, ...]:
    late = " OVERDUE" if r.overdue(today) else ""
    return (
        r.code,
        (show_when(r.due) or "no date") + late,
        r.owner or "no owner",
        r.text,
        r.status,
        r.partnership,
        r.session_date[:10],
    )


def decision_cells(d: DecisionRow) -> tuple[str, ...]:
    return (
        d.session_date[:10],
        d.text,
        d.owner or "no owner",
        d.how + (f" {d.votes}" if d.votes else ""),
        d.status,
        show_when(d.review) or "—",
        d.partnership,
    )


class TrackerScreen(AppScreen[None]):
    STYLES = "tracker.tcss"

    BINDINGS = [
        Binding("o", "filter('open')", "Open only", id="tracker.open"),
        Binding("v", "filter('overdue')", "Overdue", id="tracker.overdue"),
        Binding("w", "filter('week')", "This week", id="tracker.week"),
        Binding("d", "done", "Mark done", id="tracker.done"),
        Binding("r", "redate", "New date", id="tracker.redate"),
        Binding("u,ctrl+z", "undo", "Undo", id="tracker.undo"),
        Binding("slash", "search", "Filter", id="tracker.search"),
        Binding("escape,ctrl+o", "app.pop_screen", "Home", id="tracker.home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters: set[str] = {"open"}
        self.rows: list[ActionRow] = []  # the actions shown so far, a page at a time
        self.decision_rows: list[DecisionRow] = []
        self.problems: list[str] = []
        self.changes: list[tuple[ActionRow, Changed]] = []  # made here, the last last
        self.generation = 0  # of the question last asked: only its answer is drawn
        self.question: Question | None = None
        self._must_read = True  # the files changed since the last answer that read them
        self._total = 0
        self._index: ScreenIndex | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Content.from_markup("[b]Actions and decisions[/b] across every session"),
            id="tracker-title",
        )
        yield Input(
            placeholder="Filter: partnership, owner, organisation or words (press /)",
            id="tracker-filter",
        )
        yield Static(Content("Loading the actions and decisions…"), id="tracker-state")
        yield TabStrip(
            {"actions": "Actions tracker", "decisions": "Decisions register"}, id="tracker-tabs"
        )
        yield PagedTable(id="actions", classes="tracker-view")
        decisions = PagedTable(id="decisions", classes="tracker-view")
        decisions.display = False
        yield decisions
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        self._index = ScreenIndex(self.app.store)
        # asked once the screen is drawn: the worker's own Python (1,000 files looked at)
        # took turns at the GIL with the screen's first layout and held it up 20 ms more
        self.call_after_refresh(self.reload)
        self.query_one("#actions", PagedTable).focus()

    def on_unmount(self) -> None:
        if self._index is not None:
            self._index.close()

    def reload(self, *, read: bool = True) -> None:
        """Ask the index again (in a worker): ``read`` also looks at the files again (after
        a change here, or on opening); without it only the filters changed (typing)."""
        self._must_read = self._must_read or read
        self.generation += 1
        self.question = Question(
            frozenset(self.filters),
            self.query_one("#tracker-filter", Input).value.strip(),
            self.app.now().date(),
        )
        self._ask(self.generation, self.question, self._must_read)

    @work(thread=True, exclusive=True, exit_on_error=False, group="tracker")
    def _ask(self, generation: int, question: Question, read: bool) -> None:
        assert self._index is not None
        worker = get_current_worker()
        index = self._index.get()
        problems = index.refresh(stop=lambda: worker.is_cancelled, apart=True) if read else None
        if worker.is_cancelled:
            return  # a newer question, or the screen gone: the rest is read next time
        actions = index.actions(question.filters, question.wanted, question.today, limit=PAGE)
        decisions = index.decisions(question.wanted, limit=PAGE)
        if not worker.is_cancelled:
            self.post_message(TrackerRead(generation, actions, decisions, problems))

    def on_tracker_read(self, message: TrackerRead) -> None:
        if message.generation != self.generation or self.question is None:
            return  # a newer question is on its way: its answer replaces this one
        if message.problems is not None:
            self.problems, self._must_read = message.problems, False
        today = self.question.today
        self.rows = list(message.actions.rows)
        self.decision_rows = list(message.decisions.rows)
        self._total = message.actions.total
        self.query_one("#actions", PagedTable).show(
            ACTION_COLUMNS, [action_cells(r, today) for r in self.rows], self._total
        )
        self.query_one("#decisions", PagedTable).show(
            DECISION_COLUMNS,
            [decision_cells(d) for d in self.decision_rows],
            message.decisions.total,
        )
        self._show_state()

    def _show_state(self) -> None:
        shown = ", ".join(_FILTERS[f] for f in sorted(self.filters)) or "all actions"
        n = len(self.problems)
        problems = f" · ⚠ {n} file{'' if n == 1 else 's'} could not be read" if n else ""
        self.query_one("#tracker-state", Static).update(
            Content(f"Actions: {shown} · {self._total} shown · sorted by due date{problems}")
        )

    def on_tab_strip_changed(self, event: TabStrip.Changed) -> None:
        """The chosen tab's table shown, the other hidden; the focus goes to the one shown
        if it was in the other (the strip keeps it, for ← and →)."""
        for table in self.query(".tracker-view").results(PagedTable):
            table.display = table.id == event.active
        shown = self.query_one(f"#{event.active}", PagedTable)
        if isinstance(self.focused, PagedTable) and self.focused is not shown:
            shown.focus()

    def on_paged_table_near_end(self, event: PagedTable.NearEnd) -> None:
        if self.question is not None:
            self._more(self.generation, self.question, str(event.table.id), event.offset)

    @work(thread=True, exit_on_error=False, group="tracker-pages")
    def _more(self, generation: int, question: Question, kind: str, offset: int) -> None:
        assert self._index is not None
        index = self._index.get()
        if kind == "actions":
            page: Page[Any] = index.actions(
                question.filters, question.wanted, question.today, offset=offset, limit=PAGE
            )
        else:
            page = index.decisions(question.wanted, offset=offset, limit=PAGE)
        self.post_message(TrackerPage(generation, kind, page))

    def on_tracker_page(self, message: TrackerPage) -> None:
        if message.generation != self.generation or self.question is None:
            return
        table = self.query_one(f"#{message.kind}", PagedTable)
        if message.page.offset != table.row_count:
            return
        if message.kind == "actions":
            self.rows += message.page.rows
            cells = [action_cells(r, self.question.today) for r in message.page.rows]
        else:
            self.decision_rows += message.page.rows
            cells = [decision_cells(d) for d in message.page.rows]
        table.extend(message.page.offset, cells)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A question the index could not answer: said on the status line. Anything but
        the disk's or the user's error is a bug, raised here as it would have been."""
        if error := read_failure(event):
            self.query_one("#tracker-state", Static).update(
                Content(f"✗ The archive could not be read: {error}")
            )

    @on(Input.Changed, "#tracker-filter")
    def filter_changed(self) -> None:
        self.reload(read=False)

    def action_search(self) -> None:
        self.query_one("#tracker-filter", Input).focus()

    def action_filter(self, name: str) -> None:
        self.filters ^= {name}
        self.reload(read=False)

    def _selected(self) -> ActionRow | None:
        table = self.query_one("#actions", PagedTable)
        if not self.rows or not table.has_focus:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def _change(self, row: ActionRow, **change: Any) -> None:
        changed = update_action(self.app.store, row, where="tracker", clock=self.app.now, **change)
        self.changes.append((row, changed))
        self.query_one(StatusLine).say(f"✓ Saved — {row.code}: {changed.said} · u undoes it")
        self.reload()

    def action_undo(self) -> None:
        """Put back the last change made in the tracker (each u goes one further back)."""
        status = self.query_one(StatusLine)
        if not self.changes:
            status.say("Nothing to undo: u puts back a change made here with d or r")
            return
        row, changed = self.changes[-1]
        fields = changed.fields
        triples = list(zip(fields[0::3], fields[1::3], fields[2::3], strict=True))
        try:
            words = revert_action(
                self.app.store, row.session, row.seq, triples, where="tracker", clock=self.app.now
            )
        except (TrackerError, StoreError, OSError) as exc:
            status.say(f"✗ Not undone: {exc}", error=True)
            return
        self.changes.pop()
        status.say(f"✓ Undone — {row.code}: {words}")
        self.reload()

    def action_done(self) -> None:
        row = self._selected()
        if row is None:
            return
        try:
            self._change(row, status="done")
        except (TrackerError, StoreError, OSError) as exc:
            self.query_one(StatusLine).say(f"✗ Not saved: {exc}", error=True)

    def action_redate(self) -> None:
        row = self._selected()
        if row is None:
            return

        def save(values: dict[str, Any]) -> None:  # a TrackerError or StoreError: refused
            self._change(row, due=str(values["due"]), note=str(values["note"]))

        self.app.push_screen(
            FormScreen(
                f"New due date for {row.code}",
                [
                    Field("due", "Due date", hint="e.g. 18/12/2026, friday, in 2 weeks"),
                    Field("note", "Note (why)"),
                ],
                save,
            )
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("done", "redate", "undo", "filter", "search"):
            return not isinstance(self.focused, Input)
        return True
