"""The home screen: every session, live first, then upcoming, then past.

The list is read in a worker thread (``SessionsListed`` brings it back) and shown a page at a
time, so a large archive never holds up the screen; a key that needs the list, pressed before
the first one has arrived, is carried out once it has. Opening a past session's minutes or a
partnership's health reads its sessions in a worker too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from facilitator.core import carry, templates
from facilitator.core.dashboard import Dashboard, dashboard_lines
from facilitator.core.dates import parse_when, show_when
from facilitator.core.errors import UserError
from facilitator.core.model import Session
from facilitator.core.store import Problem, StoreError
from facilitator.core.tracker import Archive, partnership_sessions
from facilitator.core.working_days import next_meeting_typed
from facilitator.ui.form import Field, FormScreen
from facilitator.ui.key_bar import KeyBar
from facilitator.ui.paged_table import PAGE, PagedTable
from facilitator.ui.screen_base import AppScreen

DEFAULT_TEMPLATE = "partnership-board"
_ORDER = {"live": 0, "upcoming": 1, "ended": 2}
_STATE = {"live": "● live", "upcoming": "upcoming", "ended": "✓ held"}


SHOWN_PROBLEMS = 2  # files not read, each in full; the rest are counted
COLUMNS = ("When", "State", "Id", "Meeting", "Partnership")


@dataclass
class SessionsListed(Message):
    """The list of sessions read for reload number ``generation``, and the files not read."""

    generation: int
    sessions: list[dict[str, Any]]
    problems: list[Problem]


@dataclass
class DashboardRead(Message):
    """The dashboard read for reload number ``generation``."""

    generation: int
    dashboard: Dashboard


@dataclass
class PartnershipRead(Message):
    """A partnership's sessions, read to review ``session`` (``screen`` "review") or to
    show its health ("health", with ``lists`` its checklists or ``problem`` why not)."""

    screen: str
    session: Session
    sessions: list[Session]
    lists: dict[str, Any] | None = None
    problem: str = ""


def _cells(s: dict[str, Any]) -> tuple[str, ...]:
    state = _STATE.get(s["state"], s["state"])
    return (show_when(s["date"]), state, s["id"], s["title"], s["partnership"])


class DashboardBox(VerticalScroll):
    """The dashboard, scrolled when it is longer than its share of the screen (at 80x24 its
    end was cut off: a Static does not scroll): by the wheel, or by the arrow keys once Tab
    has reached it, which it can only while there is more of it to see."""

    def allow_focus(self) -> bool:
        return self.max_scroll_y > 0

    def on_resize(self) -> None:
        """Grown to fit (a larger terminal, a shorter dashboard) while it had the focus: the
        focus moves on, so the arrow keys are not taken by a box with nothing to scroll."""
        if self.has_focus and not self.allow_focus():
            self.screen.focus_next()


class HomeScreen(AppScreen[None]):
    STYLES = "home.tcss"

    BINDINGS = [
        Binding("enter", "open", "Open", id="home.open", show=True),
        Binding("r", "run", "Run meeting", id="home.run"),
        Binding("p", "plan", "Plan", id="home.plan"),
        Binding("n", "new", "New session", id="home.new"),
        Binding("l", "like", "New like this", id="home.like"),
        Binding("m", "minutes", "Minutes", id="home.minutes"),
        Binding("t", "tracker", "Actions & decisions", id="home.tracker"),
        Binding("h", "health", "Health", id="home.health"),
        Binding("g", "registers", "Registers", id="home.registers"),
        Binding("slash,s", "search", "Search", id="home.search"),
        Binding("d", "demo", "Create demo", id="home.demo"),
        # the dashboard: each thing it shows, one key away
        Binding("u", "next_meeting", "Next meeting", id="home.next"),
        Binding("v", "overdue", "Overdue actions", id="home.overdue"),
        Binding("c", "challenges", "Challenges", id="home.challenges"),
        Binding("f5", "reload", "Reload", id="home.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: dict[str, dict[str, Any]] = {}  # id → summary of the session
        self.problems: list[Problem] = []
        self.generation = 0  # of the reload last asked for: only its list is shown
        self.listed = False  # the first list has arrived
        self._then: list[Callable[[], None]] = []  # to do once the list asked for is shown
        self.dashboard: Dashboard | None = None  # the dashboard last shown

    def compose(self) -> ComposeResult:
        yield Static(
            Content.from_markup("[b]facilitator[/b] — partnership meetings"), id="home-title"
        )
        with DashboardBox(id="home-dashboard-box"):
            yield Static(Content("Reading the dashboard…"), id="home-dashboard")
        yield Static(Content("Reading the list of sessions…"), id="home-hint")
        yield PagedTable(id="sessions")
        yield Static(id="home-problems")
        yield KeyBar()

    def on_screen_resume(self) -> None:
        """Shown first, or come back to: the list may have changed meanwhile."""
        self.action_reload()

    def action_reload(self) -> None:
        """Read the list again, in a worker: the list shown stays until the new one comes."""
        self.generation += 1
        self._list(self.generation)

    def _when_listed(self, then: Callable[[], None]) -> bool:
        """True if the first list is still on its way: ``then`` is done once it is shown."""
        if self.listed:
            return False
        self._then.append(then)
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="home-list")
    def _list(self, generation: int) -> None:
        archive = Archive(self.app.store)
        sessions = archive.listings()
        problems = [Problem(self.app.store.root, p) for p in archive.problems]
        sessions.sort(key=lambda s: (_ORDER.get(s["state"], 3), _date_key(s)))
        if not get_current_worker().is_cancelled:
            self.post_message(SessionsListed(generation, sessions, problems))

    def on_sessions_listed(self, message: SessionsListed) -> None:
        if message.generation != self.generation:
            return  # a newer list is on its way
        self._show(message.sessions, message.problems)
        self._dashboard(message.generation, message.sessions)  # its worker: the list first
        if not self.listed:
            self._import_screens()
        self.listed = True
        waiting, self._then = self._then, []
        for then in waiting:
            then()

    def _show(self, sessions: list[dict[str, Any]], problems: list[Problem]) -> None:
        table = self.query_one("#sessions", PagedTable)
        if sessions != list(self.sessions.values()) or not self.listed:  # else left as drawn
            self.sessions = {s["id"]: s for s in sessions}
            first = sessions[:PAGE]
            table.show(COLUMNS, [_cells(s) for s in first], len(sessions), [s["id"] for s in first])
        if sessions:
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
            more = len(self.problems) - SHOWN_PROBLEMS
            shown.append(
                f"⚠ … and {more} more {'file' if more == 1 else 'files'} not read "
                "(facilitator sessions lists them all)"
            )
        self.query_one("#home-problems", Static).update(Content("\n".join(shown)))
        if fresh:  # one toast, however many: several covered the list at 80×24 for 15 s
            self.app.notify(
                fresh[0].message
                if len(fresh) == 1
                else f"{_listed(len(self.problems))}; each is left as it is and "
                "other sessions are unaffected.",
                title="A file in the data folder was not read"
                if len(fresh) == 1
                else f"{len(fresh)} files in the data folder were not read",
                severity="warning",
                markup=False,
                timeout=15,
            )

    def on_paged_table_near_end(self, event: PagedTable.NearEnd) -> None:
        """The next page of the list, from memory."""
        self._show_up_to(event.offset + PAGE)

    def _show_up_to(self, count: int) -> None:
        table = self.query_one("#sessions", PagedTable)
        more = list(self.sessions.values())[table.row_count : count]
        table.extend(table.row_count, [_cells(s) for s in more], [s["id"] for s in more])

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """What could not be read is said; anything but the disk's or the user's error is
        a bug, raised here as it would have been."""
        error = event.worker.error
        if event.state != WorkerState.ERROR or error is None:
            return
        if not isinstance(error, UserError | OSError):
            raise error
        self.app.notify(str(error), title="Not read", severity="error", markup=False, timeout=15)

    def _selected(self) -> Session | None:
        key = self.query_one("#sessions", PagedTable).cursor_key()
        if key is None or key not in self.sessions:
            return None
        try:
            return self.app.store.load(key)
        except StoreError as exc:
            self.app.notify(str(exc), severity="error", markup=False, timeout=15)
            return None

    def on_paged_table_row_selected(self, event: PagedTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        if self._when_listed(self.action_open):
            return
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
        if self._when_listed(lambda: self.action_run(screen)):
            return
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
        if self._when_listed(self.action_minutes):
            return
        session = self._selected()
        if session is not None:
            self._read_partnership("review", session)

    @work(thread=True, exit_on_error=False, group="home-imports")
    def _import_screens(self) -> None:
        """The modules of the screens most asked for from here, the tracker's and search's,
        imported in a worker once the list is shown: imported when their key was pressed,
        they held the event loop 10-15 ms (TabbedContent and the review index with them)."""
        for screen in ("tracker", "search"):
            importlib.import_module(f"facilitator.ui.{screen}")

    @work(thread=True, exclusive=True, exit_on_error=False, group="home-open")
    def _read_partnership(self, screen: str, session: Session) -> None:
        """The partnership's sessions for the review (the others) or its health (all of
        them, with the checklists), read off the event loop, as is the screen's module (the
        review screen's imports the minutes and Markdown: 100-odd ms)."""
        from facilitator.core.checklists import ChecklistError, available

        importlib.import_module(f"facilitator.ui.{screen}")
        store, partnership = self.app.store, session.info.partnership
        if screen == "review":
            read = PartnershipRead(
                screen, session, partnership_sessions(store, partnership, but=session.info.id)
            )
        else:
            read = PartnershipRead(screen, session, partnership_sessions(store, partnership))
            try:
                read.lists = available(store.root)
            except ChecklistError as exc:
                read.problem = str(exc)
        if not get_current_worker().is_cancelled:
            self.post_message(read)

    def on_partnership_read(self, message: PartnershipRead) -> None:
        if message.screen == "review":
            from facilitator.ui.review import ReviewScreen

            self.app.push_screen(ReviewScreen(message.session, message.sessions))
            return
        from facilitator.core.health import checklists_reviewed
        from facilitator.ui.health import HealthScreen

        if message.lists is None:
            self.app.notify(message.problem, severity="error", markup=False)
            return
        lists, mine = message.lists, message.sessions
        reviewed = checklists_reviewed(mine, lists)
        gone = [c for c in reviewed if c.id not in lists]  # its file since removed
        ordered = [c for c in lists.values() if c in reviewed] + gone or list(lists.values())
        self.app.push_screen(HealthScreen(message.session.info.partnership, mine, ordered))

    def action_search(self) -> None:
        from facilitator.ui.search import SearchScreen

        self.app.push_screen(SearchScreen())

    def action_new(self) -> None:
        """A new session from a built-in template, then its plan."""
        if self._when_listed(self.action_new):
            return
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
        if self._when_listed(self.action_like):
            return
        previous = self._selected()
        if previous is None:
            return
        items = templates.carriable(previous)
        fields = [
            Field(
                "date",
                "Date and time of the new session"
                + (" (the date of next meeting set there)" if previous.info.next_meeting else ""),
                value=next_meeting_typed(previous.info),
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
        self._then.append(lambda: self._plan_listed(session_id))  # once the list has it
        self.action_reload()

    def _plan_listed(self, session_id: str) -> None:
        ids = list(self.sessions)
        if session_id in ids:
            self._show_up_to(ids.index(session_id) + 1)
            self.query_one("#sessions", PagedTable).move_cursor(row=ids.index(session_id))
        self.action_plan()

    def action_health(self) -> None:
        """The selected session's partnership: its checklist answers over time."""
        if self._when_listed(self.action_health):
            return
        selected = self._selected()
        if selected is not None:
            self._read_partnership("health", selected)

    def action_registers(self) -> None:
        """The selected session's partnership: its registers across its meetings."""
        from facilitator.ui.registers import RegistersScreen

        if self._when_listed(self.action_registers):
            return
        selected = self._selected()
        if selected is not None:
            self.app.push_screen(RegistersScreen(selected.info.partnership))

    def action_tracker(self) -> None:
        from facilitator.ui.tracker import TrackerScreen

        self.app.push_screen(TrackerScreen())

    # -- the dashboard: the next meeting and its papers, overdue actions, open challenges
    # and what the compacts ask next (core/nudges.py), read in a worker

    @work(thread=True, exclusive=True, exit_on_error=False, group="home-dashboard")
    def _dashboard(self, generation: int, listings: list[dict[str, Any]]) -> None:
        from facilitator.core.dashboard import read_dashboard

        worker = get_current_worker()
        stop = lambda: worker.is_cancelled  # noqa: E731 - home left: the tracker builds it
        found = read_dashboard(
            self.app.store, self.app.now().date(), listings, stop=stop, apart=True
        )
        if not worker.is_cancelled:
            self.post_message(DashboardRead(generation, found))

    def on_screen_suspend(self) -> None:
        """Another screen is over home: the dashboard stops reading (the review index it
        counts overdue actions in would be built twice at once, the tracker's waiting)."""
        self.workers.cancel_group(self, "home-dashboard")

    def on_dashboard_read(self, message: DashboardRead) -> None:
        if message.generation != self.generation:
            return  # a newer one is on its way
        self.dashboard = message.dashboard
        lines = dashboard_lines(message.dashboard)
        self.query_one("#home-dashboard", Static).update(Content("\n".join(lines)))

    def action_next_meeting(self) -> None:
        """The next meeting's plan (the soonest upcoming meeting of any partnership)."""
        if self.dashboard is None:
            self.app.notify("The dashboard is still being read: a moment.", markup=False)
            return
        if self.dashboard.next_meeting is None:
            self.app.notify("No meeting is planned: n starts a new session.", markup=False)
            return
        session_id = self.dashboard.next_meeting.info.id
        try:
            meeting = self.app.open_meeting(session_id)
        except StoreError as exc:
            self.app.notify(
                str(exc), title="Cannot open the meeting", severity="error", markup=False
            )
            return
        self.app.show(meeting, "plan")

    def action_overdue(self) -> None:
        """The actions tracker, showing the overdue actions."""
        from facilitator.ui.tracker import TrackerScreen

        tracker = TrackerScreen()
        tracker.filters = {"open", "overdue"}
        self.app.push_screen(tracker)

    def action_challenges(self) -> None:
        """The compact challenges of every partnership, open ones first."""
        from facilitator.ui.challenges import ChallengesScreen

        self.app.push_screen(ChallengesScreen())

    def action_demo(self) -> None:
        from facilitator.core.demo import existing_demo
        from facilitator.core.demo_year import create_demo_year
        from facilitator.core.errors import UserError

        try:
            if existing_demo(self.app.store):
                self.app.notify("The demo sessions are already here.", markup=False)
                return
            ids = create_demo_year(self.app.store, self.app.now())  # as `facilitator demo`
        except (UserError, StoreError, OSError) as exc:
            self.app.notify(f"Could not create the demo: {exc}", severity="error", markup=False)
            return
        self.action_reload()
        self.app.notify(
            f"Created a year of demo meetings: {len(ids) - 1} held and an upcoming one.",
            markup=False,
        )


def _listed(problems: int) -> str:
    """Where the files not read are named, for the toast that tells them."""
    if problems <= SHOWN_PROBLEMS:
        return "They are listed under the sessions"
    return (
        f"The first {SHOWN_PROBLEMS} are listed under the sessions and "
        "facilitator sessions lists them all"
    )


def _date_key(info: dict[str, Any]) -> str:
    # upcoming soonest first; past most recent first
    if info["state"] == "ended":
        return "".join(chr(0x10FFFF - ord(c)) for c in info["date"])
    return info["date"]
