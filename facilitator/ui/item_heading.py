"""The current item's heading on the live screen: its number, title, lead and purpose."""

from __future__ import annotations

from textual.reactive import Reactive
from textual.widgets import Static

from facilitator.core.model import Session
from facilitator.ui import render


class ItemHeading(Static):
    """Redrawn whenever its ``session`` is set (bound to the live screen's)."""

    session: Reactive[Session | None] = Reactive(
        None, always_update=True, init=False, layout=False, repaint=False
    )

    def watch_session(self, session: Session | None) -> None:
        if session is not None:
            self.update(render.item_heading(session))
