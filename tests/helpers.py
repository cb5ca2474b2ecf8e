"""Helpers shared by the tests (no Textual at import: core tests use them too)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

INJECTION_STRINGS = [
    "[/",
    "[/]",
    "x [/ y",
    "[b]x",
    "[reverse]",
    "[@click=app.quit]x[/]",
    "[link=https://x]y[/link]",
    "a\\",
]


_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def as_read(markdown: str) -> str:
    """Markdown's text as a reader sees it once rendered: CommonMark's backslash escapes
    (a backslash before ASCII punctuation) undone."""
    return _MD_ESCAPE.sub(r"\1", markdown)


def screen_text(app: App[Any]) -> str:
    """What the terminal shows right now, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def agenda(**overrides: Any) -> dict[str, Any]:
    """A small partnership agenda in the TOML file's shape."""
    data: dict[str, Any] = {
        "title": "Partnership Board",
        "partnership": "Northfield Community Safety Partnership",
        "date": "23/11/2026 14:00",
        "venue": "Town Hall, Room 4",
        "chair": "Joan Pike",
        "secretary": "Sam Okafor",
        "participants": [
            {"name": "Joan Pike", "organisation": "Northfield Council", "sector": "public"},
            {"name": "Sam Okafor", "organisation": "Northfield CVS", "sector": "voluntary"},
            {"name": "Ravi Patel", "organisation": "Northfield Police", "sector": "public"},
            {"name": "Lena Novak", "organisation": "Hope Street Tenants", "sector": "community"},
            {
                "name": "Owen Hughes",
                "organisation": "Northfield College",
                "sector": "education",
                "apologies": True,
            },
        ],
        "items": [
            {"title": "Welcome and apologies", "minutes": 5, "kind": "information"},
            {"title": "Street lighting on Hope Street", "minutes": 15, "kind": "decision"},
            {"title": "Any other business", "minutes": 5},
        ],
    }
    data.update(overrides)
    return data


@dataclass
class MeetingRig:
    """A session open for writing, driven line by line with a hand-moved clock."""

    store: Any
    sid: str
    clock: Any
    meeting: Any

    @property
    def path(self) -> Path:
        return self.store.path_for(self.sid)

    def on_disk(self) -> Any:
        """The session as a fresh reader sees it."""
        return self.store.load(self.sid)

    def reopen(self) -> None:
        """Close the writer and open the session again, as a new run would."""
        from facilitator.core.meeting import Meeting

        self.meeting.writer.close()
        self.meeting = Meeting(self.store.writer(self.sid), clock=self.clock)

    def run(self, *steps: str | float) -> None:
        """Capture each line; a number moves the clock on by that many minutes."""
        for step in steps:
            if isinstance(step, str):
                self.meeting.capture(step)
            else:
                self.clock.advance(minutes=step)
