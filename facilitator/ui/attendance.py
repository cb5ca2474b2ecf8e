"""Taking attendance at the start: who is present, absent, or sent apologies."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from facilitator.core.meeting import Meeting
from facilitator.ui.key_bar import KeyBar

_SHOWN = {
    "present": "✓ present",
    "expected": "· not marked (counted present)",
    "absent": "✗ absent",
    "apologies": "✉ apologies",
}


class AttendanceScreen(ModalScreen[None]):
    """p / a / s mark the selected person; every mark is saved at once."""

    BINDINGS = [
        Binding("p", "mark('present')", "Present", id="attendance.present"),
        Binding("a", "mark('absent')", "Absent", id="attendance.absent"),
        Binding("s", "mark('apologies')", "Sent apologies", id="attendance.apologies"),
        Binding("escape,f4", "dismiss", "Done", id="attendance.done"),
    ]

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        with Vertical(id="attendance"):
            yield Static(
                Content.from_markup(
                    "[b]Attendance[/b] — p present · a absent · s sent apologies · Esc done"
                )
            )
            yield DataTable(id="roll", cursor_type="row", zebra_stripes=True)
            yield Static(id="attendance-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_roll()
        self.query_one("#roll", DataTable).focus()

    def refresh_roll(self) -> None:
        session = self.meeting.session
        table = self.query_one("#roll", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_columns("Name", "Organisation", "Sector", "Attendance")
        for p in session.participants:
            status = _SHOWN.get(session.status_of(p), session.status_of(p))
            table.add_row(*(Text(c) for c in (p.name, p.organisation, p.sector, status)))
        table.move_cursor(row=max(0, min(row, table.row_count - 1)))
        here = sum(1 for p in session.participants if session.here_now(p))
        quorum = session.info.quorum
        line = f"{here} in the room"
        if quorum:
            line += f" · quorum {quorum}: " + ("met" if here >= quorum else "NOT met")
        self.query_one("#attendance-status", Static).update(Content(line))

    def action_mark(self, status: str) -> None:
        table = self.query_one("#roll", DataTable)
        people = self.meeting.session.participants
        if not people:
            return
        person = people[table.cursor_row]
        try:
            self.meeting.set_attendance(person.name, status)
        except OSError as exc:
            self.query_one("#attendance-status", Static).update(
                Content(f"✗ NOT SAVED — the disk refused the write ({exc.strerror})")
            )
            return
        self.refresh_roll()
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)
