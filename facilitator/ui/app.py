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

        self.push_screen(HomeScreen())
        if self.start_session:
            if not self.open_live(self.start_session):
                self.exit(return_code=2)

    def open_live(self, session_id: str) -> bool:
        """Open a session for writing on the live screen; say why if it cannot be."""
        from facilitator.ui.live import LiveScreen

        try:
            writer = self.store.writer(session_id)
        except StoreError as exc:
            self.notify(
                str(exc),
                title="Cannot open the meeting",
                severity="error",
                markup=False,
                timeout=15,
            )
            return False
        meeting = Meeting(writer, clock=self.now)
        self.push_screen(LiveScreen(meeting))
        return True


def make_app(
    store: SessionStore,
    *,
    session_id: str | None = None,
    clock: Callable[[], datetime] = datetime.now,
) -> FacilitatorApp:
    """Build the app exactly as users run it; tests pass a temp store and a frozen clock."""
    return FacilitatorApp(store, session_id=session_id, clock=clock)
