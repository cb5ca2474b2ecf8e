"""The home screen: every session, live first, then upcoming, then past."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from facilitator.core import carry, templates
from facilitator.core.dates import parse_when
from facilitator.core.errors import UserError
from facilitator.core.minutes import show_when
from facilitator.core.model import Session
from facilitator.core.store import Problem, StoreError
from facilitator.core.tracker import Archive, partnership_sessions
from facilitator.ui.form import Field, FormScreen
from facilitator.ui.key_bar import KeyBar

DEFAULT_TEMPLATE = "partnership-board"
_ORDER = {"live": 0, "upcoming": 1, "ended": 2}
_STATE = {"live": "● live", "upcoming": "upcoming", "ended": "✓ held"}


SHOWN_PROBLEMS = 2  # files not read, each in full; the rest are counted


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open", "Open", id="home.open", show=True),
        Binding("r", "run", "Run meeting", id="home.run"),
        Binding("p", "plan", "Plan", id="home.plan"),
        Binding("n", "new", "New session", id="home.new"),
        Binding("l", "like", "New like this", id="home.like"),
        Binding("m", "minutes", "Minutes", id="home.minutes"),
        Binding("t", "tracker", "Actions & decisions", id="home.tracker"),
        Binding("h", "health", "Health", id="home.health"),
        Binding("slash,s", "search", "Search", id="home.search"),
        Binding("d", "demo", "Create demo", id="home.demo"),
        Binding("f5", "reload", "Reload", id="home.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: dict[str, dict[str, Any]] = {}  # id → summary of the session
        self.problems: list[Problem] = []

    def compose(self) -> ComposeResult:
        yield Static(
            Content.from_markup("[b]facilitator[/b] — partnership meetings"), id="home-title"
        )
        yield Static(id="home-hint")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static(id="home-problems")
        yield KeyBar()

    def on_screen_resume(self) -> None:
        """Shown first, or come back to: the list may have changed meanwhile."""
        self.action_reload()

    def action_reload(self) -> None:
        archive = Archive(self.app.store)
        sessions = archive.listings()
        problems = [Problem(self.app.store.root, p) for p in archive.problems]
        sessions.sort(key=lambda s: (_ORDER.get(s["state"], 3), _date_key(s)))
        self.sessions = {s["id"]: s for s in sessions}
        table = self.query_one("#sessions", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_columns("When", "State", "Id", "Meeting", "Partnership")
        for s in sessions:
            table.add_row(
                *(
                    Text(text)
                    for text in (
                        show_when(s["date"]),
                        _STATE.get(s["state"], s["state"]),
                        s["id"],
                        s["title"],
                        s["partnership"],
                    )
                ),
                key=s["id"],
            )
        if sessions:
            table.move_cursor(row=min(cursor, len(sessions) - 1))
            table.focus()
        hint = self.query_one("#home-hint", Static)
        hint.update(
            Content(
                "Enter opens: a live or upcoming meeting to run, a past one to read its minutes."
                if sessions
                else f"No sessions yet in {self.app.store.root}. Press n to start a new session "
                "from a template, or d to explore two demo sessions. F1 lists every key."
            )
        )
        fresh = [p for p in problems if p not in self.problems]  # told once, shown while so
        self.problems = problems
        shown = [f"⚠ {p.message}" for p in self.problems[:SHOWN_PROBLEMS]]
        if len(self.problems) > SHOWN_PROBLEMS:
            shown.append(
                f"⚠ … and {len(self.problems) - SHOWN_PROBLEMS} more files not read "
                "(facilitator sessions lists them all)"
            )
        self.query_one("#home-problems", Static).update(Content("\n".join(shown)))
        for problem in fresh:
            self.app.notify(
                problem.message,
                title="A file in the data folder was not read",
                severity="warning",
                markup=False,
                timeout=15,
            )

    def _selected(self) -> Session | None:
        table = self.query_one("#sessions", DataTable)
        if not self.sessions or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        if key not in self.sessions:
            return None
        try:
            return self.app.store.load(key)
        except StoreError as exc:
            self.app.notify(str(exc), severity="error", markup=False, timeout=15)
            return None

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

    def action_plan(self) -> None:
        self.action_run(screen="plan")

    def action_run(self, screen: str = "live") -> None:
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
        self.app.show(meeting, screen)

    def action_minutes(self) -> None:
        """Review a session read-only: minutes, decisions, actions, participation, checklist."""
        session = self._selected()
        if session is None:
            return
        from facilitator.ui.review import ReviewScreen

        earlier = partnership_sessions(
            self.app.store, session.info.partnership, but=session.info.id
        )
        self.app.push_screen(ReviewScreen(session, earlier))

    def action_search(self) -> None:
        from facilitator.ui.review import SearchScreen

        self.app.push_screen(SearchScreen())

    def action_new(self) -> None:
        """A new session from a built-in template, then its plan."""
        names = list(templates.templates())
        selected = self._selected()
        fields = [
            Field("template", "Template", "choice", DEFAULT_TEMPLATE, tuple(names)),
            Field(
                "partnership", "Partnership", value=selected.info.partnership if selected else ""
            ),
            Field("date", "Date and time", hint="e.g. 12/02/2027 14:00 or friday 2pm"),
            Field("title", "Title (blank: the template's)"),
        ]

        def save(values: dict[str, Any]) -> None:
            if not str(values["partnership"]).strip():
                raise UserError("the partnership is required")
            session = templates.from_template(
                str(values["template"]),
                partnership=str(values["partnership"]).strip(),
                today=self.app.now().date(),
                title=str(values["title"]).strip(),
            )
            self._create(session, str(values["date"]))

        self.app.push_screen(FormScreen("New session from a template", fields, save))

    def action_like(self) -> None:
        """A new session like the selected one: partnership, people, and the items ticked
        (the usual standing ones to begin with; deferred items come over by themselves)."""
        previous = self._selected()
        if previous is None:
            return
        items = templates.carriable(previous)
        fields = [
            Field(
                "date",
                "Date and time of the new session",
                hint="e.g. 12/02/2027 14:00 or in 4 weeks",
            ),
            Field("title", "Title", value=previous.info.title),
            *(
                Field(
                    f"item-{n}",
                    f"{n}. {item.title} {item.minutes}′",
                    "flag",
                    templates.usual_item(item),
                )
                for n, item in items
            ),
        ]
        deferred = len(previous.agenda) - len(items)
        title = "New session like this one: tick the items to carry" + (
            f" ({deferred} deferred come over by themselves)" if deferred else ""
        )

        def save(values: dict[str, Any]) -> None:
            picked = [n for n, _item in items if values[f"item-{n}"]]
            session = templates.like(previous, title=str(values["title"]).strip(), items=picked)
            self._create(session, str(values["date"]))  # a UserError keeps the form open

        self.app.push_screen(FormScreen(title, fields, save))

    def _create(self, session: Session, typed_date: str) -> None:
        """Create, then plan; a DateError or StoreError keeps the form open with its reason."""
        if typed_date.strip():
            session.info.date = parse_when(typed_date, self.app.now().date())
            session.info.date_text = typed_date.strip()
        session.info.created_at = self.app.now().isoformat(timespec="seconds")
        session_id, _ = carry.create(self.app.store, session)
        self.app.call_after_refresh(self._plan_new, session_id)

    def _plan_new(self, session_id: str) -> None:
        self.action_reload()
        table = self.query_one("#sessions", DataTable)
        ids = list(self.sessions)
        if session_id in ids:
            table.move_cursor(row=ids.index(session_id))
        self.action_plan()

    def action_health(self) -> None:
        """The selected session's partnership: its checklist answers over time."""
        from facilitator.core.checklists import ChecklistError, available
        from facilitator.core.health import checklists_reviewed
        from facilitator.ui.health import HealthScreen

        selected = self._selected()
        if selected is None:
            return
        partnership = selected.info.partnership
        mine = partnership_sessions(self.app.store, partnership)
        try:
            lists = available(self.app.store.root)
        except ChecklistError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        reviewed = checklists_reviewed(mine, lists)
        gone = [c for c in reviewed if c.id not in lists]  # its file since removed
        ordered = [c for c in lists.values() if c in reviewed] + gone or list(lists.values())
        self.app.push_screen(HealthScreen(partnership, mine, ordered))

    def action_tracker(self) -> None:
        from facilitator.ui.tracker import TrackerScreen

        self.app.push_screen(TrackerScreen())

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


def _date_key(info: dict[str, Any]) -> str:
    # upcoming soonest first; past most recent first
    if info["state"] == "ended":
        return "".join(chr(0x10FFFF - ord(c)) for c in info["date"])
    return info["date"]
