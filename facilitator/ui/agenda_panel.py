"""The agenda beside the live screen: one row per item, titles wrap under themselves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from facilitator.core.model import Session
from facilitator.ui import render


class AgendaPanel(VerticalScroll):
    """Rebuilt whenever the session changes (a few rows; cheaper than diffing)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session: Session | None = None

    def show(self, session: Session) -> None:
        self.session = session
        self.refresh(recompose=True)
        self.call_after_refresh(self._current_in_view)

    def _current_in_view(self) -> None:
        """Scroll the current item into view (a long agenda in a short window)."""
        current = self.query(".agenda-row.current")
        if current:
            self.scroll_to_widget(current.first(), animate=False, immediate=True, center=True)

    def compose(self) -> ComposeResult:
        if self.session is None:
            return
        rows = render.agenda_rows(self.session)
        if not rows:
            yield Static("No agenda items.", classes="agenda-empty")
        for row in rows:
            with Horizontal(classes="agenda-row current" if row.current else "agenda-row"):
                yield Static(row.marker, classes="agenda-marker", markup=False)
                yield Static(row.title, classes="agenda-title")
