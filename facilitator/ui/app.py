"""The Textual application and the one factory that builds it (CLI and tests alike)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.filter import LineFilter
from textual.screen import Screen
from textual.worker import WorkerState

from facilitator.core.meeting import Meeting
from facilitator.core.opening import OpenMeeting, open_meeting
from facilitator.core.store import SessionStore, StoreError
from facilitator.ui import collector, literal, settings, themes
from facilitator.ui.palette import CaptureCommands


class FacilitatorApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "facilitator"
    COMMANDS = App.COMMANDS | {CaptureCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("f1", "help", "Help", id="app.help"),
        Binding("question_mark", "help", "Help", id="app.help-key", show=False),
    ]

    def __init__(
        self,
        store: SessionStore,
        *,
        session_id: str | None = None,
        opened: OpenMeeting | None = None,
        screen: str = "live",
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__()
        collector.hold()  # until the first screen is drawn (ui/collector.py)
        self._input_at = time.monotonic()  # the last key, click or paste (or a worker at work)
        self.store = store
        self.start_session = session_id
        self.opened = opened  # the meeting open for writing: the app holds it, screens borrow
        self.start_screen = screen
        self.now = clock
        themes.register(self)
        remembered = settings.load_theme(store.root)
        if remembered in self.available_themes:
            self.theme = remembered
        self._settings_ready = True

    MIN_SIZE = (60, 16)

    def on_resize(self, event: events.Resize) -> None:
        """Below a usable size, say so rather than show a broken layout."""
        from facilitator.ui.too_small import TooSmallScreen

        small = event.size.width < self.MIN_SIZE[0] or event.size.height < self.MIN_SIZE[1]
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen(*self.MIN_SIZE))
        elif not small and showing:
            self.pop_screen()

    def get_default_screen(self) -> Screen[Any]:
        """The first screen: the meeting's (live or plan) when one is opened, else home.
        It is the app's own first screen rather than one pushed over a blank default from
        on_mount: the blank one was styled, laid out and drawn first, then the real one
        (30-80 ms of a start of 350, measured through a terminal). The home screen is
        built (and imported) only when it is the first or is asked for."""
        if self.opened is None and self.start_session:
            try:
                self.opened = open_meeting(self.store, self.start_session, clock=self.now)
            except StoreError as exc:
                self._refusal = f"facilitator: {exc}"
                return Screen()  # nothing is shown: on_mount ends the app with the refusal
        if self.opened is not None:
            return _replaceable(self._meeting_screen(self.opened.meeting, self.start_screen))
        from facilitator.ui.home import HomeScreen

        return _replaceable(HomeScreen())

    _refusal = ""  # the meeting asked for could not be opened: said in the shell on exit

    def on_mount(self) -> None:
        self._exit_on_signals()
        self._load_keymap()
        self.set_interval(1, self._collect_if_due)  # full collections while nobody types
        if self._refusal:
            self.exit(return_code=2, message=self._refusal)
            return
        self._tell_carried()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.InputEvent, events.Paste)):
            self._input_at = time.monotonic()
        await super().on_event(event)

    def get_line_filters(self) -> Sequence[LineFilter]:
        return literal.with_marks(super().get_line_filters())  # ui/literal.py

    def _collect_if_due(self) -> None:
        """A full collection, if one is due and it is a pause: nobody has typed for a while
        and no worker has been at work meanwhile (its answer is drawn when it comes, and
        the person waiting for it types next: the tracker's first index took two seconds,
        and the collection that fell due as it came held the next key 30-47 ms)."""
        if any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in self.workers):
            self._input_at = time.monotonic()
        collector.collect_if_due(self._input_at)

    def _live_screen(self):  # noqa: ANN202 - a LiveScreen, imported only when needed
        from facilitator.ui.live import LiveScreen

        return next((s for s in self.screen_stack if isinstance(s, LiveScreen)), None)

    async def action_quit(self) -> None:
        """Quit; the live screen first keeps the line being typed for next time."""
        live = self._live_screen()
        if live is None:
            self.exit()
        else:
            live.leave_keeping_line(self.exit, "ctrl+q")

    def _signalled(self) -> None:
        live = self._live_screen()
        if live is not None:
            live.keep_line()  # as ctrl+q does, as far as it can: nobody is there to ask
        self.exit()

    def action_home(self) -> None:
        """Back to the home screen, the line being typed on the live screen kept first."""
        live = self._live_screen()
        if live is None:
            self._go_home()
        else:
            live.leave_keeping_line(self._go_home, "ctrl+o")

    def _go_home(self) -> None:
        """Back to the home screen: under this one, or built now if the app began elsewhere."""
        from facilitator.ui.home import HomeScreen

        if any(isinstance(s, HomeScreen) for s in self.screen_stack):
            self.pop_screen()
        else:
            self.switch_screen(HomeScreen())
        self.close_meeting()  # no screen of it is left

    def _load_keymap(self) -> None:
        from facilitator.ui import binding_ids

        try:
            keymap = settings.load_keymap(self.store.root, binding_ids.all_ids())
        except settings.SettingsError as exc:
            self.notify(
                str(exc),
                title="Your keymap was not used",
                severity="error",
                markup=False,
                timeout=20,
            )
            return
        if keymap:
            self.set_keymap(keymap)

    def watch_theme(self, theme: str) -> None:
        """Remember the theme chosen (ctrl+p → Change theme) for next time."""
        if getattr(self, "_settings_ready", False):
            with contextlib.suppress(OSError):
                settings.save_theme(self.store.root, theme)

    def _exit_on_signals(self) -> None:
        """SIGTERM and SIGHUP (a closed terminal or SSH session) end the app cleanly: every
        entry is already on disk, the line being typed is kept for next time, the lock is
        released and the terminal restored."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self._signalled)

    def action_help(self) -> None:
        from facilitator.ui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def open_meeting(self, session_id: str) -> Meeting:
        """Open a meeting for writing through the one core path (lock, deferred items, the
        partnership's prompts); StoreError if it cannot be. The app holds it until
        :meth:`close_meeting`."""
        self.close_meeting()
        self.opened = open_meeting(self.store, session_id, clock=self.now)
        self._tell_carried()
        return self.opened.meeting

    def _tell_carried(self) -> None:
        if self.opened is not None:
            for title in self.opened.carried:
                self.notify(f"Deferred from an earlier meeting: {title}", markup=False)
            self.opened.carried = []

    def close_meeting(self) -> None:
        """Let the open meeting's lock go (nothing is unsaved: every entry is on disk)."""
        if self.opened is not None:
            self.opened.close()
            self.opened = None

    def on_unmount(self) -> None:
        self.close_meeting()
        collector.restore()  # CPython's own full collections again

    def show(self, meeting: Meeting, screen: str = "live") -> None:
        """The live screen, or the plan screen, for a meeting opened for writing."""
        self.push_screen(self._meeting_screen(meeting, screen))

    @staticmethod
    def _meeting_screen(meeting: Meeting, screen: str) -> Screen[Any]:
        if screen == "plan":
            from facilitator.ui.plan import PlanScreen

            return PlanScreen(meeting)
        from facilitator.ui.live import LiveScreen

        return LiveScreen(meeting)


def _replaceable(screen: Screen[Any]) -> Screen[Any]:
    """``screen`` as the app's first screen that ``switch_screen`` can replace (the plan's
    "Run meeting", ctrl+o home from the live screen). A pushed screen carries a result
    callback that switch_screen takes off it; Textual gives its first screen none, so
    switching it away failed (pop from an empty list). It is given the one push gives."""
    screen._push_result_callback(screen, None)
    return screen


def make_app(
    store: SessionStore,
    *,
    session_id: str | None = None,
    opened: OpenMeeting | None = None,
    screen: str = "live",
    clock: Callable[[], datetime] = datetime.now,
) -> FacilitatorApp:
    """Build the app exactly as users run it; tests pass a temp store and a frozen clock.
    ``opened``: a meeting the CLI has already opened (so a refusal is said in the shell)."""
    return FacilitatorApp(store, session_id=session_id, opened=opened, screen=screen, clock=clock)
