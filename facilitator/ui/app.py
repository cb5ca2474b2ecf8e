"""The Textual application and the one factory that builds it (CLI and tests alike)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import App
from textual.binding import Binding

from facilitator.core.meeting import Meeting
from facilitator.core.store import SessionStore, StoreError


class FacilitatorApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "facilitator"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True)]

    def __init__(
        self,
        store: SessionStore,
        *,
        session_id: str | None = None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__()
        self.store = store
        self.start_session = session_id
        self.now = clock

    def on_mount(self) -> None:
        from facilitator.ui.home import HomeScreen

        meeting = None
        if self.start_session:
            try:
                meeting = self.open_meeting(self.start_session)
            except StoreError as exc:
                self.exit(return_code=2, message=f"facilitator: {exc}")
                return
        self.push_screen(HomeScreen())
        if meeting is not None:
            self.show_live(meeting)

    def open_meeting(self, session_id: str) -> Meeting:
        """Take the session's writer lock (StoreError if it cannot be had)."""
        return Meeting(self.store.writer(session_id), clock=self.now)

    def show_live(self, meeting: Meeting) -> None:
        from facilitator.ui.live import LiveScreen

        self.push_screen(LiveScreen(meeting))


def make_app(
    store: SessionStore,
    *,
    session_id: str | None = None,
    clock: Callable[[], datetime] = datetime.now,
) -> FacilitatorApp:
    """Build the app exactly as users run it; tests pass a temp store and a frozen clock."""
    return FacilitatorApp(store, session_id=session_id, clock=clock)
