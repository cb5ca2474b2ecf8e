"""A partnership's registers across its meetings (core/registers.py), one tab each:
attendance, declarations of interest, decisions, actions, participation by sector, health.

Reached from home (g) for the selected session's partnership. The period is typed in the
From and To boxes (Enter reads again); the sessions are read and the registers worked out
in a worker thread, never on the event loop, and only the latest answer is drawn. The tables
are the same ``registers.tables`` the CLI prints; every cell is literal text. **p** shows
the public version (public.withheld's rule) or the full one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich import box
from rich.table import Table as RichTable
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Static, TabbedContent, TabPane
from textual.worker import Worker, get_current_worker

from facilitator.core import registers
from facilitator.ui.archive_view import read_failure
from facilitator.ui.key_bar import KeyBar
from facilitator.ui.screen_base import AppScreen

TABS = {
    "attendance": "Attendance",
    "interests": "Interests",
    "decisions": "Decisions",
    "actions": "Actions",
    "participation": "Participation",
    "health": "Health",
}


@dataclass
class RegistersRead(Message):
    """The worker's answer to question number ``generation``."""

    generation: int
    found: registers.Registers


def drawn(table: registers.Table) -> RichTable:
    """One register's table as rich draws it: text cells, never markup."""
    out = RichTable(box=box.SIMPLE_HEAD, header_style="bold", show_edge=False, pad_edge=False)
    for name in table.header:
        out.add_column(name, overflow="fold")
    for row in table.rows:
        out.add_row(*(Text(cell) for cell in row))
    return out


class RegistersScreen(AppScreen[None]):
    DEFAULT_CSS = """
    RegistersScreen #registers-window { height: auto; }
    RegistersScreen #registers-window Label { padding: 1 0 0 1; }
    RegistersScreen #registers-window Input { width: 30; }
    RegistersScreen #registers-state { padding: 0 1; }
    RegistersScreen .register-title { padding: 1 0 0 0; }
    RegistersScreen .register-note { color: $text-muted; }
    RegistersScreen #registers-tabs { height: 1fr; }
    RegistersScreen #registers-tabs TabPane { height: 1fr; padding: 0 1; }
    RegistersScreen #registers-tabs VerticalScroll { height: 1fr; }
    """
    BINDINGS = [
        Binding("right_square_bracket", "tab(1)", "Next register", id="registers.next"),
        Binding("left_square_bracket", "tab(-1)", "Previous register", id="registers.prev"),
        Binding("d", "period", "Period", id="registers.period"),
        Binding("p", "toggle_public", "Public / full", id="registers.public"),
        Binding("f5", "reload", "Read again", id="registers.reload"),
        Binding("escape,ctrl+o", "app.pop_screen", "Back", id="registers.back"),
    ]

    def __init__(self, partnership: str, start: str = "", end: str = "") -> None:
        super().__init__()
        self.partnership = partnership
        self.start, self.end = start, end
        self.public = False
        self.generation = 0
        self.found: registers.Registers | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Content.from_markup("[b]Registers[/b] — $p", p=self.partnership), id="registers-title"
        )
        with Horizontal(id="registers-window"):
            yield Label("From ")
            yield Input(self.start, placeholder="first day, e.g. 1/4/2026", id="registers-from")
            yield Label(" To ")
            yield Input(self.end, placeholder="last day (blank: to date)", id="registers-to")
        yield Static(Content("Reading the partnership's meetings…"), id="registers-state")
        with TabbedContent(id="registers-tabs"):
            for key, title in TABS.items():
                with TabPane(title, id=f"tab-{key}"):
                    yield VerticalScroll(id=f"register-{key}", can_focus=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#register-attendance", VerticalScroll).focus()
        self.action_reload()

    def action_reload(self) -> None:
        self.generation += 1
        start = self.query_one("#registers-from", Input).value
        end = self.query_one("#registers-to", Input).value
        self.query_one("#registers-state", Static).update(Content("Reading…"))
        self._read(self.generation, start, end, self.public, self.app.now().date())

    @on(Input.Submitted)
    def _period_typed(self, event: Input.Submitted) -> None:
        """Enter in From moves to To; in To, reads the registers for the period."""
        event.stop()
        if event.input.id == "registers-from":
            self.query_one("#registers-to", Input).focus()
            return
        self.action_reload()
        tabs = self.query_one("#registers-tabs", TabbedContent)
        self.query_one(f"#register-{(tabs.active or 'tab-attendance')[4:]}").focus()

    def action_tab(self, step: int) -> None:
        keys = list(TABS)
        tabs = self.query_one("#registers-tabs", TabbedContent)
        now = keys.index(tabs.active.removeprefix("tab-")) if tabs.active else 0
        key = keys[(now + step) % len(keys)]
        tabs.active = f"tab-{key}"
        self.query_one(f"#register-{key}", VerticalScroll).focus()

    def action_period(self) -> None:
        self.query_one("#registers-from", Input).focus()

    def action_toggle_public(self) -> None:
        self.public = not self.public
        self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_public", "tab", "period"):
            return not isinstance(self.focused, Input)  # a "p" typed in a date box is a letter
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="registers")
    def _read(self, generation: int, start: str, end: str, public: bool, today: date) -> None:
        worker = get_current_worker()
        first, last = registers.parse_window(start, end, today)
        series = registers.load_series(self.app.store, self.partnership, first, last)
        if worker.is_cancelled:
            return
        found = registers.build(series, today, public=public)
        if not worker.is_cancelled:
            self.post_message(RegistersRead(generation, found))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = read_failure(event)
        if error is not None:
            self.query_one("#registers-state", Static).update(Content(f"Not read: {error}"))

    def on_registers_read(self, message: RegistersRead) -> None:
        if message.generation != self.generation:
            return  # a newer question is on its way
        found = self.found = message.found
        held = found.meetings
        quorate = sum(m.quorate is True for m in held)
        version = "public version (p: full)" if found.public else "full version (p: public)"
        self.query_one("#registers-state", Static).update(
            Content(
                f"{registers.window_words(found)}: {len(held)} meetings held, {quorate} quorate"
                f" · {version} · d: the period"
            )
        )
        for key in TABS:
            pane = self.query_one(f"#register-{key}", VerticalScroll)
            pane.remove_children()
            widgets: list[Static] = []
            for table in registers.tables(found, key):
                widgets.append(
                    Static(Content.styled(table.title, "bold"), classes="register-title")
                )
                if table.rows:
                    widgets.append(Static(drawn(table), classes="register-table"))
                else:
                    widgets.append(Static(Content("  none"), classes="register-table"))
                if table.note:
                    widgets.append(Static(Content(table.note), classes="register-note"))
            pane.mount_all(widgets)
