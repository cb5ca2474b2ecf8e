"""The plan screen: a session's details, participants and agenda, saved as they are edited."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, Label, Static

from facilitator.core.agenda_pack import PackError, write_pack
from facilitator.core.exemption import PARAGRAPH_CHOICES, paragraph_choice
from facilitator.core.mail import parse_addresses
from facilitator.core.meeting import Meeting
from facilitator.core.model import (
    ITEM_KINDS,
    ROLES,
    SECTORS,
    AgendaItem,
    Participant,
    SessionInfo,
)
from facilitator.core.papers import HINT as PAPER_HINT
from facilitator.core.papers import paper_line, papers_of, set_papers
from facilitator.core.planning import PlanError, Planner, end_time
from facilitator.core.store import RecordLocked
from facilitator.core.working_days import (
    calendar_loaded,
    load_calendar,
    nation_name,
    next_meeting_typed,
)
from facilitator.ui.confirm import ConfirmScreen
from facilitator.ui.form import Field, FormScreen
from facilitator.ui.key_bar import KeyBar
from facilitator.ui.screen_base import AppScreen
from facilitator.ui.status_line import StatusLine

DETAILS = [
    ("title", "Title"),
    ("partnership", "Partnership"),
    ("steering_group", "Steering group"),  # yes/no: challenges move on at one
    ("date", "Date and time"),
    ("venue", "Venue"),
    ("chair", "Chair"),
    ("secretary", "Secretary"),
    ("joining", "Joining (hybrid)"),  # the agenda pack: how to join online, by phone
    ("apologies_to", "Apologies to"),
    ("quorum", "Quorum"),
    ("nation", "Bank holidays"),  # the papers deadline (core/working_days.py)
    ("papers_days", "Papers: days"),  # clear working days ahead: the partnership's own rule
    ("next_meeting", "Next meeting"),  # also /nextmeeting in the meeting
]


PACK_CHOICES = (
    "docx Word document",
    "html web page",
    "md Markdown",
    "txt plain text",
    "eml draft email (text, with the Word pack attached)",
    "ics meeting invitation (always the public agenda)",
)


class PlanScreen(AppScreen[None]):
    """Plan an upcoming session. Details save as you type; tables edit through forms."""

    STYLES = "plan.tcss"

    BINDINGS = [
        Binding("a", "add", "Add", id="plan.add"),
        Binding("e,enter", "edit", "Edit", id="plan.edit"),
        Binding("x,delete", "remove", "Remove", id="plan.remove"),
        Binding("[,shift+up", "move(-1)", "Move up", id="plan.up"),
        Binding("],shift+down", "move(1)", "Move down", id="plan.down"),
        Binding("f6", "run", "Run meeting", id="plan.run"),
        Binding("p", "papers", "Papers", id="plan.papers"),
        Binding("f7", "pack", "Agenda pack", id="plan.pack"),
        Binding("ctrl+o", "app.home", "Home", id="plan.home"),
    ]

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting
        self.planner = Planner(meeting.writer, clock=meeting.clock)
        self.planner.wait_for_calendar = True  # the papers deadline: loaded in a worker
        self._shown: dict[str, tuple[list[tuple[str, ...]], list[int]]] = {}  # table → rows

    @property
    def session(self):  # noqa: ANN201 - Session
        return self.meeting.session

    def compose(self) -> ComposeResult:
        yield Static(id="plan-title")
        with Vertical(id="plan-details"):
            for key, label in DETAILS:
                with Horizontal(classes="detail-row"):
                    yield Label(label, classes="detail-label")
                    yield Input(id=f"detail-{key}", classes="detail-input")
                    yield Static(id=f"echo-{key}", classes="detail-echo")
        with Horizontal(id="plan-tables"):
            with Vertical(id="people-box"):
                yield Static("Participants — a add · e edit · x remove", classes="box-title")
                yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
            with Vertical(id="items-box"):
                yield Static(
                    "Agenda — a add · e edit · x remove · [ ] move · p papers", classes="box-title"
                )
                yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
        yield Static(id="plan-total")
        yield Static(id="plan-papers")  # papers due by …, and items whose papers are late
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        for key, _ in DETAILS:
            widget = self.query_one(f"#detail-{key}", Input)
            with widget.prevent(Input.Changed):  # showing a value is not editing it
                widget.value = detail_text(self.session.info, key)
        self.refresh_tables()
        self.query_one("#detail-title", Input).focus()
        if not calendar_loaded():  # the bank holidays for the papers deadline, off the loop
            # and once the screen is drawn: the import holds the GIL a fifth of a second
            self.call_after_refresh(
                self.run_worker, self._load_calendar, thread=True, exit_on_error=False
            )
        if self.session.approval is not None:  # said once, before anything is typed
            self.set_status(
                "These minutes are approved as a true record, so the plan is locked: correct "
                f"them with facilitator amend {self.session.info.id} …",
                error=True,
            )

    def _load_calendar(self) -> None:
        load_calendar()
        self.app.call_from_thread(self._calendar_ready)

    def _calendar_ready(self) -> None:
        if self.is_attached:  # (the secretary may have left the plan meanwhile)
            self.refresh_tables()

    # -- drawing

    def refresh_tables(self) -> None:
        session = self.session
        self.query_one("#plan-title", Static).update(
            Content.from_markup(
                "[b]Plan:[/b] $title — $partnership",
                title=session.info.title,
                partnership=session.info.partnership or "no partnership yet",
            )
        )
        self._show_rows(
            self.query_one("#people", DataTable),
            ("Name", "Organisation", "Sector", "Role", "Notes"),
            [
                (p.name, p.organisation, p.sector, p.role, _person_notes(p))
                for p in session.participants
            ],
        )
        papers = Counter(p.item for p in session.papers)
        self._show_rows(
            self.query_one("#items", DataTable),
            ("#", "Item", "Min", "Kind", "Lead", "Notes"),
            [
                (str(n), i.title, str(i.minutes), i.kind, i.lead, _item_notes(i, papers[i.id]))
                for n, i in enumerate(session.agenda, 1)
            ],
        )
        self.query_one("#plan-total", Static).update(
            Content(
                f"{len(session.agenda)} items · {end_time(session)} · "
                f"{len(session.participants)} participants"
            )
        )
        for key, _ in DETAILS:
            self.query_one(f"#echo-{key}", Static).update(Content(self.planner.echo(key)))
        self.query_one("#plan-papers", Static).update(Content(self.planner.papers_line()))

    def _show_rows(
        self, table: DataTable, columns: tuple[str, ...], rows: list[tuple[str, ...]]
    ) -> None:
        """Show ``rows`` (their cells, as text) in ``table``, redrawing only the cells that
        changed while no column changes width: a detail typed redraws no row and a move two,
        so a plan of 1,000 items is as quick to edit as one of ten. Otherwise the table is
        drawn afresh, its columns fitted, the cursor kept on the same row. Row n is the
        session's n-th record (:meth:`_selected_key`)."""
        shown, fitted = self._shown.get(table.id or "", (None, None))
        widths = [
            max([cell_len(label)] + [cell_len(cells[x]) for cells in rows])
            for x, label in enumerate(columns)
        ]
        if shown is not None and len(shown) == len(rows) and fitted == widths:
            for y, (was, cells) in enumerate(zip(shown, rows, strict=True)):
                for x, (old, new) in enumerate(zip(was, cells, strict=True)):
                    if old != new:
                        table.update_cell_at(Coordinate(y, x), Text(new))  # same widths
        else:
            row = table.cursor_row
            table.clear(columns=True)
            table.add_columns(*columns)
            table.add_rows([tuple(Text(c) for c in cells) for cells in rows])
            table.move_cursor(row=max(0, min(row, table.row_count - 1)))
        self._shown[table.id or ""] = (rows, widths)

    def set_status(self, message: str, *, error: bool = False) -> None:
        self.query_one(StatusLine).say(message, error=error)

    # -- details: saved as typed, when valid

    @on(Input.Changed, ".detail-input")
    def detail_changed(self, event: Input.Changed) -> None:
        key = (event.input.id or "").removeprefix("detail-")
        echo = self.query_one(f"#echo-{key}", Static)
        try:
            message = self.planner.set_detail(key, event.value)
        except (PlanError, RecordLocked) as exc:  # approved minutes are locked
            echo.update(Content(f"✗ not saved: {exc}"))
            echo.add_class("error")
            return
        except OSError as exc:
            self.set_status(
                f"✗ NOT SAVED — the disk refused the write ({exc.strerror})", error=True
            )
            return
        echo.remove_class("error")
        echo.update(Content(f"✓ {message or 'saved'}"))
        self.refresh_tables()

    # -- tables

    def _table(self) -> DataTable | None:
        focused = self.focused
        return focused if isinstance(focused, DataTable) else None

    def _selected_key(self, table: DataTable) -> int | None:
        """The id of the participant or item under the cursor (row n shows the n-th)."""
        records = self.session.participants if table.id == "people" else self.session.agenda
        row = table.cursor_row
        return records[row].id if table.row_count and 0 <= row < len(records) else None

    def action_add(self) -> None:
        table = self._table()
        if table is None:
            return
        if table.id == "people":
            self._person_form("Add a participant", None)
        else:
            self._item_form("Add an agenda item", None)

    def action_edit(self) -> None:
        table = self._table()
        key = self._selected_key(table) if table is not None else None
        if table is None or key is None:
            return
        if table.id == "people":
            self._person_form("Edit participant", key)
        else:
            self._item_form("Edit agenda item", key)

    def _person_form(self, title: str, person_id: int | None) -> None:
        p = next((x for x in self.session.participants if x.id == person_id), None)
        p = p or Participant(name="")

        def save(values: dict[str, Any]) -> None:
            if person_id is None:
                self.planner.add_participant(values)
            else:
                self.planner.update_participant(person_id, values)

        self._open_form(
            title,
            [
                Field("name", "Name", value=p.name),
                Field("organisation", "Organisation", value=p.organisation),
                Field("sector", "Sector", "choice", p.sector, SECTORS),
                Field("role", "Role", "choice", p.role, ROLES),
                Field("new", "New partner (first meeting: needs induction)", "flag", p.new),
                Field("apologies", "Sent apologies", "flag", p.apologies),
                Field(
                    "substitute_for",
                    "Stands in for (a member; blank: nobody)",
                    value=p.substitute_for,
                ),
                Field("remote", "Attends remotely (video or phone)", "flag", p.remote),
            ],
            save,
        )

    def _item_form(self, title: str, item_id: int | None) -> None:
        i = next((x for x in self.session.agenda if x.id == item_id), None)
        i = i or AgendaItem(title="")

        def save(values: dict[str, Any]) -> None:
            if item_id is None:
                self.planner.add_item(values)
            else:
                self.planner.update_item(item_id, values)

        self._open_form(
            title,
            [
                Field("title", "Title", value=i.title),
                Field("minutes", "Timebox (minutes)", value=str(i.minutes)),
                Field("lead", "Lead", value=i.lead),
                Field("kind", "Kind", "choice", i.kind, ITEM_KINDS),
                Field(
                    "papers_circulated",
                    "Papers circulated (date)",
                    value=i.papers_circulated,
                    hint="e.g. 26/11/2026",
                ),
                Field(
                    "confidential",
                    "Confidential (kept out of public minutes)",
                    "flag",
                    i.confidential,
                ),
                Field("standing", "Standing item (every meeting)", "flag", i.standing),
                Field(
                    "exempt_paragraph",
                    "Reason for exemption, if confidential (Schedule 12A, LGA 1972)",
                    "choice",
                    paragraph_choice(i.exempt_reason),
                    PARAGRAPH_CHOICES,
                ),
                Field(
                    "exempt_reason",
                    "Reason in words (shown in the public agenda pack)",
                    value=i.exempt_reason,
                    hint="e.g. the tender prices of each bidder",
                ),
            ],
            save,
        )

    # -- the agenda pack: papers, and the pack written out

    def action_papers(self) -> None:
        """Edit the selected item's papers, one line each: title | file or link | date."""
        table = self._table()
        key = self._selected_key(table) if table is not None else None
        if table is None or table.id != "items" or key is None:
            return
        lines = [paper_line(p) for p in papers_of(self.session, key)] + [""]
        number = next(n for n, i in enumerate(self.session.agenda, 1) if i.id == key)

        def save(values: dict[str, Any]) -> None:
            typed = [str(values[f"paper-{n}"]) for n in range(len(lines))]
            set_papers(self.meeting.writer, key, typed, self.meeting.clock().date())

        fields = [
            Field(f"paper-{n}", f"Paper {n + 1}" if line else "Add a paper", value=line,
                  hint=PAPER_HINT)
            for n, line in enumerate(lines)
        ]
        self._open_form(f"Papers for item {number} (clear a line to remove it)", fields, save)

    def action_pack(self) -> None:
        """Write the notice and agenda pack (or the invitation, or a draft email)."""
        folder = self.app.store.root
        written: list[Path] = []

        def save(values: dict[str, Any]) -> None:
            fmt = str(values["format"]).split()[0]
            to = parse_addresses(str(values["to"]))
            if to and fmt != "eml":
                raise PackError("addresses are for a draft email: choose eml")
            where = str(values["path"]).strip()
            target = Path(where).expanduser() if where else None
            written.append(write_pack(
                self.meeting.writer, fmt, public=bool(values["public"]),
                now=self.meeting.clock(), folder=folder, target=target, to=to,
            ))

        def done(saved: bool | None) -> None:
            if saved and written:
                self.set_status(f"✓ Agenda pack written to {written[-1]}")

        self.app.push_screen(FormScreen("Write the agenda pack", [
            Field("format", "Format", "choice", PACK_CHOICES[0], PACK_CHOICES),
            Field("public", "Public version (exempt items only by number and reason)", "flag",
                  False),
            Field("path", "File or folder (blank: the data folder)", value="",
                  hint=str(folder)),
            Field("to", "To (for a draft email; optional)", value="",
                  hint="name@example.org, another@example.org"),
        ], save), done)

    def _open_form(self, title: str, fields: list[Field], save: Any) -> None:
        table = self._table()
        adding = title.startswith("Add")

        def done(saved: bool | None) -> None:
            if saved:
                self.set_status("✓ Saved")
                self.refresh_tables()
                if adding and table is not None:  # the new row is the last: select it
                    table.move_cursor(row=table.row_count - 1)

        self.app.push_screen(FormScreen(title, fields, save), done)

    def action_remove(self) -> None:
        table = self._table()
        key = self._selected_key(table) if table is not None else None
        if table is None or key is None:
            return
        people = table.id == "people"
        what = next(
            (p.name for p in self.session.participants if p.id == key)
            if people
            else (i.title for i in self.session.agenda if i.id == key),
            "",
        )

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                removed = (
                    self.planner.remove_participant(key)
                    if people
                    else self.planner.remove_item(key)
                )
            except (PlanError, RecordLocked, OSError) as exc:
                self.set_status(f"✗ Not removed: {exc}", error=True)
                return
            self.set_status(f"✓ Removed {removed}")
            self.refresh_tables()

        self.app.push_screen(ConfirmScreen(f"Remove {what}?"), confirmed)

    def action_move(self, step: int) -> None:
        table = self._table()
        key = self._selected_key(table) if table is not None else None
        if table is None or table.id != "items" or key is None:
            return
        try:
            index = self.planner.move_item(key, step)
        except RecordLocked as exc:
            self.set_status(f"✗ {exc}", error=True)
            return
        except OSError as exc:
            self.set_status(f"✗ NOT SAVED — {exc.strerror}", error=True)
            return
        self.refresh_tables()
        table.move_cursor(row=index)
        self.set_status(f"✓ Moved to item {index + 1}")

    def action_run(self) -> None:
        from facilitator.ui.live import LiveScreen

        self.app.switch_screen(LiveScreen(self.meeting))  # the same open meeting

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Table keys only when a table has focus, so typing in a detail is never eaten."""
        if action in ("add", "edit", "remove", "move"):
            return self._table() is not None
        if action == "papers":
            table = self._table()
            return table is not None and table.id == "items"
        return True


def detail_text(info: SessionInfo, key: str) -> str:
    """What a detail's field shows: the date as a UK date and time, not as typed long ago
    ("friday" typed last week must not move the meeting when the plan is reopened)."""
    if key == "date":
        if not info.date:
            return ""
        moment = datetime.fromisoformat(info.date)
        return moment.strftime("%d/%m/%Y %H:%M" if len(info.date) > 10 else "%d/%m/%Y")
    if key == "quorum":
        return str(info.quorum) if info.quorum else ""
    if key == "joining":  # several lines from an agenda file: one line here, as it is edited
        return " · ".join(line.strip() for line in info.joining.splitlines() if line.strip())
    if key == "steering_group":  # a Compact Steering Group meeting: "yes", or blank
        return "yes" if info.steering_group else ""
    if key == "nation":
        return nation_name(info.nation)
    if key == "next_meeting":  # as the date: a UK date, not what was typed long ago
        return next_meeting_typed(info)
    return str(getattr(info, key))


def _person_notes(person: Participant) -> str:
    notes = [w for w, on_ in (("new", person.new), ("apologies", person.apologies)) if on_]
    if person.substitute_for:
        notes.append(f"for {person.substitute_for}")
    if person.remote:
        notes.append("remote")
    return ", ".join(notes)


def _item_notes(item: AgendaItem, papers: int = 0) -> str:
    notes = [
        w for w, on_ in (("confidential", item.confidential), ("standing", item.standing)) if on_
    ]
    if papers:
        notes.append(f"{papers} paper{'s' if papers > 1 else ''}")
    if item.papers_circulated:
        notes.append(f"papers {item.papers_circulated}")
    if item.deferred_from:
        notes.append(f"deferred from {item.deferred_from_date[:10]}")
    return ", ".join(notes)
