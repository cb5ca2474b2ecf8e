"""The home screen: every session, live first, then upcoming, then past."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from facilitator.core.minutes import show_when
from facilitator.core.model import Session
from facilitator.core.store import Problem, StoreError

_ORDER = {"live": 0, "upcoming": 1, "ended": 2}
_STATE = {"live": "● live", "upcoming": "upcoming", "ended": "✓ held"}


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open", "Open", id="home.open", show=True),
        Binding("r", "run", "Run meeting", id="home.run"),
        Binding("m", "minutes", "Minutes", id="home.minutes"),
        Binding("d", "demo", "Create demo", id="home.demo"),
        Binding("f5", "reload", "Reload", id="home.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: dict[str, Session] = {}
        self.problems: list[Problem] = []

    def compose(self) -> ComposeResult:
        yield Static(
            Content.from_markup("[b]facilitator[/b] — partnership meetings"), id="home-title"
        )
        yield Static(id="home-hint")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static(id="home-problems")
        yield Footer()

    def on_screen_resume(self) -> None:
        """Shown first, or come back to: the list may have changed meanwhile."""
        self.action_reload()

    def action_reload(self) -> None:
        sessions, problems = self.app.store.list_sessions()
        sessions.sort(key=lambda s: (_ORDER.get(s.info.state, 3), _date_key(s)))
        self.sessions = {s.info.id: s for s in sessions}
        table = self.query_one("#sessions", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_columns("When", "State", "Id", "Meeting", "Partnership")
        for s in sessions:
            table.add_row(
                *(
                    Text(text)
                    for text in (
                        show_when(s.info.date),
                        _STATE.get(s.info.state, s.info.state),
                        s.info.id,
                        s.info.title,
                        s.info.partnership,
                    )
                ),
                key=s.info.id,
            )
        if sessions:
            table.move_cursor(row=min(cursor, len(sessions) - 1))
            table.focus()
        hint = self.query_one("#home-hint", Static)
        hint.update(
            Content(
                "Enter opens: a live or upcoming meeting to run, a past one to read its minutes."
                if sessions
                else f"No sessions yet in {self.app.store.root}. Press d to create two demo "
                "sessions, or create one from an agenda file: facilitator new --agenda FILE.toml"
            )
        )
        self.problems += problems  # a quarantined file is reported once: keep it shown
        self.query_one("#home-problems", Static).update(
            Content("\n".join(f"⚠ {p.message}" for p in self.problems))
        )
        for problem in problems:
            self.app.notify(
                problem.message,
                title="A session file was set aside",
                severity="warning",
                markup=False,
                timeout=15,
            )

    def _selected(self) -> Session | None:
        table = self.query_one("#sessions", DataTable)
        if not self.sessions or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return self.sessions.get(key or "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        session = self._selected()
        if session is None:
            return
        if session.info.state == "ended":
            self.action_minutes()
        else:
            self.action_run()

    def action_run(self) -> None:
        session = self._selected()
        if session is None:
            return
        try:
            meeting = self.app.open_meeting(session.info.id)
        except StoreError as exc:
            self.app.notify(
                str(exc),
                title="Cannot open the meeting",
                severity="error",
                markup=False,
                timeout=15,
            )
            self.action_reload()
            return
        self.app.show(meeting)

    def action_minutes(self) -> None:
        session = self._selected()
        if session is None:
            return
        from facilitator.ui.minutes_view import MinutesScreen

        self.app.push_screen(MinutesScreen(session))

    def action_demo(self) -> None:
        from facilitator.core.demo import create_demo, existing_demo

        try:
            if existing_demo(self.app.store):
                self.app.notify("The demo sessions are already here.", markup=False)
                return
            create_demo(self.app.store, self.app.now())
        except (StoreError, OSError) as exc:
            self.app.notify(f"Could not create the demo: {exc}", severity="error", markup=False)
            return
        self.action_reload()
        self.app.notify("Created a past and an upcoming demo meeting.", markup=False)


def _date_key(session: Session) -> str:
    # upcoming soonest first; past most recent first
    if session.info.state == "ended":
        return "".join(chr(0x10FFFF - ord(c)) for c in session.info.date)
    return session.info.date
