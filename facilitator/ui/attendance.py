"""The register: who is present, absent or sent apologies, who has left or come back, and
someone new who turns up (n)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from facilitator.core.capture import CaptureError
from facilitator.core.meeting import Meeting
from facilitator.core.model import ROLES, SECTORS, Participant, Session
from facilitator.core.planning import Planner
from facilitator.core.roll import whereabouts
from facilitator.ui.form import Field, FormScreen
from facilitator.ui.key_bar import KeyBar
from facilitator.ui.screen_base import AppModal

_SHOWN = {
    "present": "✓ present",
    "expected": "· not marked (counted present)",
    "absent": "✗ absent",
    "apologies": "✉ apologies",
}


def register_status(session: Session, person: Participant) -> str:
    """The register's word for a person, short enough for its column: "✓ present",
    "← left at item 3, 14:20", "✓ back at item 4, 14:35", "✓ arrived at item 2, 14:10"."""
    where = whereabouts(session, person)
    if not where.move:
        return _SHOWN.get(where.status, where.status)
    sign, word = {"left": ("←", "left"), "returned": ("✓", "back")}.get(
        where.move, ("✓", where.move)
    )
    at = f"at item {where.item}" if where.item else "during the meeting"
    return f"{sign} {word} {at}" + (f", {where.at}" if where.at else "")


class AttendanceScreen(AppModal[None]):
    """p / a / s mark the selected person; every mark is saved at once."""

    STYLES = "attendance.tcss"

    BINDINGS = [
        Binding("p", "mark('present')", "Present", id="attendance.present"),
        Binding("a", "mark('absent')", "Absent", id="attendance.absent"),
        Binding("s", "mark('apologies')", "Sent apologies", id="attendance.apologies"),
        Binding("n", "newcomer", "Someone new", id="attendance.new"),
        Binding("r", "remote", "Remote / in the room", id="attendance.remote"),
        Binding("escape,f4", "dismiss", "Done", id="attendance.done"),
    ]

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        with Vertical(id="attendance"):
            yield Static(
                Content.from_markup(
                    "[b]Attendance[/b] — p present · a absent · s sent apologies · "
                    "n someone new (or a substitute) · r remote · Esc done"
                )
            )
            yield DataTable(id="roll", cursor_type="row", zebra_stripes=True)
            yield Static(id="attendance-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_roll()
        self.query_one("#roll", DataTable).focus()

    def refresh_roll(self, said: str = "") -> None:
        session = self.meeting.session
        table = self.query_one("#roll", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_columns("Name", "Organisation", "Sector", "Attendance")
        for p in session.participants:
            status = register_status(session, p) + _how(p)
            table.add_row(*(Text(c) for c in (p.name, p.organisation, p.sector, status)))
        table.move_cursor(row=max(0, min(row, table.row_count - 1)))
        here = sum(1 for p in session.participants if session.here_now(p))
        quorum = session.info.quorum
        line = f"{here} in the room"
        if quorum:
            line += f" · quorum {quorum}: " + ("met" if here >= quorum else "NOT met")
        self.query_one("#attendance-status", Static).update(
            Content(f"{said} · {line}" if said else line)
        )

    def action_mark(self, status: str) -> None:
        table = self.query_one("#roll", DataTable)
        people = self.meeting.session.participants
        if not people:
            return
        person = people[table.cursor_row]
        try:
            outcome = self.meeting.set_attendance(person.name, status)
        except CaptureError as exc:
            self.query_one("#attendance-status", Static).update(Content(f"✗ Not saved: {exc}"))
            return
        except OSError as exc:
            self.query_one("#attendance-status", Static).update(
                Content(f"✗ NOT SAVED — the disk refused the write ({exc.strerror})")
            )
            return
        self.refresh_roll(f"✓ {outcome.message}")
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_remote(self) -> None:
        """The selected person attends remotely (again: in the room after all)."""
        people = self.meeting.session.participants
        if not people:
            return
        person = people[self.query_one("#roll", DataTable).cursor_row]
        try:
            outcome = self.meeting.roll.remote(person.name)
        except (CaptureError, OSError) as exc:
            why = exc.strerror if isinstance(exc, OSError) else str(exc)
            self.query_one("#attendance-status", Static).update(Content(f"✗ Not saved: {why}"))
            return
        self.refresh_roll(f"✓ {outcome.message}")

    def action_newcomer(self) -> None:
        """Someone not on the list has come: add them, recorded as arriving now."""
        said: list[str] = []

        def save(values: dict[str, object]) -> None:
            planner = Planner(self.meeting.writer, clock=self.meeting.clock)
            person = planner.participant_from({**values, "substitute_for": ""})
            member = str(values.get("substitute_for", "")).strip()
            if member:  # a substitute: recorded against the member they stand in for
                said.append(self.meeting.stand_in(person, self.meeting.roll.member(member)).message)
                return
            said.append(self.meeting.newcomer(person).message)  # CaptureError: refused

        def done(saved: bool | None) -> None:
            if saved:
                self.refresh_roll(f"✓ {said[-1]}")
                table = self.query_one("#roll", DataTable)
                table.move_cursor(row=table.row_count - 1)

        self.app.push_screen(
            FormScreen(
                "Someone new at the meeting",
                [
                    Field("name", "Name (as they write it)"),
                    Field("organisation", "Organisation"),
                    Field("sector", "Sector", "choice", "other", SECTORS),
                    Field("role", "Role", "choice", "representative", ROLES),
                    Field("new", "New partner (first meeting: needs induction)", "flag", False),
                    Field("substitute_for", "Stands in for (a member; blank: nobody)"),
                ],
                save,
            ),
            done,
        )


def _how(person: Participant) -> str:
    """ " · for Ravi Patel", " · remote": how someone attends, after their mark."""
    said = f" · for {person.substitute_for}" if person.substitute_for else ""
    return said + (" · remote" if person.remote else "")
