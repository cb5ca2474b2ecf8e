"""The review side: the actions tracker and the decisions register across all sessions.

Read through the summary index, so it opens quickly with a large archive. Marking an action
done or giving it a new date changes the one record, in the session that raised it; **u**
(or ctrl+z) puts back the last change made here, as ``/undo`` does after ``/done``
(``revert_action``: a field changed since by someone else is left as it is, and said so).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static, TabbedContent, TabPane

from facilitator.core.minutes import show_when
from facilitator.core.store import StoreError
from facilitator.core.text import fold
from facilitator.core.tracker import (
    ActionRow,
    Archive,
    Changed,
    DecisionRow,
    TrackerError,
    revert_action,
    update_action,
)
from facilitator.ui.form import Field, FormScreen
from facilitator.ui.key_bar import KeyBar

_FILTERS = {"open": "open only", "overdue": "overdue", "week": "due within 7 days"}


class TrackerScreen(Screen[None]):
    BINDINGS = [
        Binding("o", "toggle('open')", "Open only", id="tracker.open"),
        Binding("v", "toggle('overdue')", "Overdue", id="tracker.overdue"),
        Binding("w", "toggle('week')", "This week", id="tracker.week"),
        Binding("d", "done", "Mark done", id="tracker.done"),
        Binding("r", "redate", "New date", id="tracker.redate"),
        Binding("u,ctrl+z", "undo", "Undo", id="tracker.undo"),
        Binding("slash", "search", "Filter", id="tracker.search"),
        Binding("escape,ctrl+o", "app.pop_screen", "Home", id="tracker.home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters: set[str] = {"open"}
        self.rows: list[ActionRow] = []
        self.all_actions: list[ActionRow] = []
        self.all_decisions: list[DecisionRow] = []
        self.problems: list[str] = []
        self.changes: list[tuple[ActionRow, Changed]] = []  # made here, the last last

    def compose(self) -> ComposeResult:
        yield Static(
            Content.from_markup("[b]Actions and decisions[/b] across every session"),
            id="tracker-title",
        )
        yield Input(
            placeholder="Filter: partnership, owner, organisation or words (press /)",
            id="tracker-filter",
        )
        yield Static(id="tracker-state")
        with TabbedContent(id="tracker-tabs"):
            with TabPane("Actions tracker", id="tab-actions"):
                yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
            with TabPane("Decisions register", id="tab-decisions"):
                yield DataTable(id="decisions", cursor_type="row", zebra_stripes=True)
        yield Static(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#actions", DataTable).focus()

    def _match(self, *values: str) -> bool:
        wanted = fold(self.query_one("#tracker-filter", Input).value.strip())
        return not wanted or any(wanted in fold(v) for v in values)

    def reload(self, *, read: bool = True) -> None:
        """Show the archive; ``read=False`` only re-filters what was read last (typing)."""
        if read:
            archive = Archive(self.app.store)
            self.all_actions, self.all_decisions = archive.actions(), archive.decisions()
            self.problems = archive.problems
        today = self.app.now().date()
        self.rows = [
            r
            for r in self.all_actions
            if ("open" not in self.filters or r.status == "open")
            and ("overdue" not in self.filters or r.overdue(today))
            and ("week" not in self.filters or r.due_within(today, 7))
            and self._match(r.partnership, r.owner, r.organisation, r.text, r.status)
        ]
        table = self.query_one("#actions", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_columns("Code", "Due", "Owner", "Action", "Status", "Partnership", "Raised")
        for r in self.rows:
            late = " OVERDUE" if r.overdue(today) else ""
            table.add_row(
                *(
                    Text(c)
                    for c in (
                        r.code,
                        (show_when(r.due) or "no date") + late,
                        r.owner or "no owner",
                        r.text,
                        r.status,
                        r.partnership,
                        r.session_date[:10],
                    )
                )
            )
        table.move_cursor(row=max(0, min(row, table.row_count - 1)))
        decisions = self.query_one("#decisions", DataTable)
        decisions.clear(columns=True)
        decisions.add_columns("Date", "Decision", "Owner", "How", "Status", "Review", "Partnership")
        for d in self.all_decisions:
            if self._match(d.partnership, d.owner, d.text, d.status):
                decisions.add_row(
                    *(
                        Text(c)
                        for c in (
                            d.session_date[:10],
                            d.text,
                            d.owner or "no owner",
                            d.how + (f" {d.votes}" if d.votes else ""),
                            d.status,
                            show_when(d.review) or "—",
                            d.partnership,
                        )
                    )
                )
        shown = ", ".join(_FILTERS[f] for f in sorted(self.filters)) or "all actions"
        problems = f" · ⚠ {len(self.problems)} file(s) could not be read" if self.problems else ""
        self.query_one("#tracker-state", Static).update(
            Content(f"Actions: {shown} · {len(self.rows)} shown · sorted by due date{problems}")
        )

    @on(Input.Changed, "#tracker-filter")
    def filter_changed(self) -> None:
        self.reload(read=False)

    def action_search(self) -> None:
        self.query_one("#tracker-filter", Input).focus()

    def action_toggle(self, name: str) -> None:
        self.filters ^= {name}
        self.reload(read=False)

    def _selected(self) -> ActionRow | None:
        table = self.query_one("#actions", DataTable)
        if not self.rows or not table.has_focus:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def _change(self, row: ActionRow, **change: Any) -> None:
        changed = update_action(self.app.store, row, where="tracker", clock=self.app.now, **change)
        self.changes.append((row, changed))
        self.query_one("#status", Static).update(
            Content(f"✓ Saved — {row.code}: {changed.said} · u undoes it")
        )
        self.reload()

    def action_undo(self) -> None:
        """Put back the last change made in the tracker (each u goes one further back)."""
        status = self.query_one("#status", Static)
        if not self.changes:
            status.update(Content("Nothing to undo: u puts back a change made here with d or r"))
            return
        row, changed = self.changes[-1]
        fields = changed.fields
        triples = list(zip(fields[0::3], fields[1::3], fields[2::3], strict=True))
        try:
            words = revert_action(
                self.app.store, row.session, row.seq, triples, where="tracker", clock=self.app.now
            )
        except (TrackerError, StoreError, OSError) as exc:
            status.update(Content(f"✗ Not undone: {exc}"))
            return
        self.changes.pop()
        status.update(Content(f"✓ Undone — {row.code}: {words}"))
        self.reload()

    def action_done(self) -> None:
        row = self._selected()
        if row is None:
            return
        try:
            self._change(row, status="done")
        except (TrackerError, StoreError, OSError) as exc:
            self.query_one("#status", Static).update(Content(f"✗ Not saved: {exc}"))

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
        if action in ("done", "redate", "undo", "toggle", "search"):
            return not isinstance(self.focused, Input)
        return True
