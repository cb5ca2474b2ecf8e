"""Read-only minutes of a session, rendered from the same Markdown the CLI prints."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown

from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.model import Session


class MinutesScreen(Screen[None]):
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back", id="minutes.back")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="minutes-scroll"):
            yield Markdown(to_markdown(build_minutes(self.session)), id="minutes")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#minutes-scroll").focus()
