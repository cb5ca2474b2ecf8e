"""Read-only minutes of a session, and exporting them (format, full or public, folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Markdown, Static

from facilitator.core.errors import UserError
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.minutes_doc import render
from facilitator.core.model import Session
from facilitator.core.store import write_atomic
from facilitator.core.tracker import partnership_sessions
from facilitator.core.transfer import minutes_file_name
from facilitator.ui.form import Field, FormScreen
from facilitator.ui.key_bar import KeyBar
from facilitator.ui.screen_base import AppScreen


class MinutesScreen(AppScreen[None]):
    STYLES = "minutes_view.tcss"

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="minutes.back"),
        Binding("e", "export", "Export", id="minutes.export"),
        Binding("p", "toggle_public", "Public / full", id="minutes.public"),
    ]

    def __init__(self, session: Session, earlier: list[Session] | None = None) -> None:
        """``earlier``: the partnership's other sessions (read from the data folder when not
        given), for the actions' codes, matters arising and the health table."""
        super().__init__()
        self.session = session
        self.earlier = earlier
        self.public = False

    def compose(self) -> ComposeResult:
        yield Static(id="minutes-status")
        with VerticalScroll(id="minutes-scroll"):
            yield Markdown(id="minutes")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.earlier is None:
            info = self.session.info
            self.earlier = partnership_sessions(self.app.store, info.partnership, but=info.id)
        self.show()
        self.query_one("#minutes-scroll").focus()

    @property
    def others(self) -> list[Session]:
        return self.earlier or []

    def show(self) -> None:
        minutes = build_minutes(self.session, self.others, public=self.public)
        self.query_one("#minutes", Markdown).update(to_markdown(minutes))
        version = "PUBLIC version (confidential items withheld)" if self.public else "Full version"
        self.query_one("#minutes-status", Static).update(
            Content(f"{version} · p switches · e exports")
        )

    def action_toggle_public(self) -> None:
        self.public = not self.public
        self.show()

    def action_export(self) -> None:
        self.app.push_screen(export_form(self, self.session, self.others, self.public))


def export_form(
    screen: Screen[None], session: Session, earlier: list[Session], public: bool
) -> FormScreen:
    """The export dialog: format, full or public, folder; replaces a file only when asked.
    Its result is reported on ``screen``'s status line."""

    def save(values: dict[str, Any]) -> None:
        fmt = str(values["format"])
        as_public = values["version"] == "public"
        folder = Path(str(values["folder"]).strip() or ".").expanduser()
        if not folder.is_dir():
            raise UserError(f"{folder} is not a folder")
        target = folder / minutes_file_name(session.info.id, fmt, as_public)
        if target.exists() and not values["replace"]:
            raise UserError(f"{target.name} is already there: tick 'Replace' to overwrite it")
        minutes = build_minutes(session, earlier, public=as_public)
        write_atomic(target, render(minutes, fmt))
        status = screen.query("#minutes-status, #review-status").first(Static)
        status.update(Content(f"✓ Written to {target}"))

    return FormScreen(
        "Export the minutes",
        [
            Field("format", "Format", "choice", "docx", ("docx", "html", "md", "txt")),
            Field(
                "version", "Version", "choice", "public" if public else "full", ("full", "public")
            ),
            Field("folder", "Folder", value=str(Path.cwd())),
            Field("replace", "Replace a file of the same name", "flag", False),
        ],
        save,
    )
