"""Helpers shared by the tests (no Textual at import: core tests use them too)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
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


SENTINEL = "ZQX-SENTINEL-7731"  # in everything confidential of sentinel_session, nowhere else


def sentinel_session(store: Any, clock: Any, last: str = "/end") -> str:
    """A meeting whose confidential matter all carries SENTINEL: an exempt item (3,
    "Contract award …") with a note, a decision, an action and a declaration of interest
    under it, then a decision marked confidential on an open item (4) with the action
    carrying it out. ``last`` is the final line (``/goto 3`` leaves it live on the exempt
    item). Returns the session id."""
    from facilitator.core.agenda import agenda_from_dict
    from facilitator.core.meeting import Meeting

    data = agenda()
    data["items"].insert(
        2,
        {
            "title": f"Contract award {SENTINEL}",
            "minutes": 10,
            "kind": "decision",
            "confidential": True,
            "lead": f"Procurement lead {SENTINEL}",  # the agenda pack: never in public
            "exempt_reason": "Paragraph 3 of Schedule 12A: commercially sensitive bids",
            "papers": [{"title": f"Bids {SENTINEL}", "file": f"bids-{SENTINEL}.pdf"}],
        },
    )
    sid = store.create(agenda_from_dict(data, clock().date()))
    writer = store.writer(sid)
    meeting = Meeting(writer, clock=clock)
    for line in [
        "Lamps reported broken",
        "/decision Repair the lamps @Council",
        "/next",
        "/next",
        f"Bids from {SENTINEL} discussed",
        f"/decision Award the contract to {SENTINEL} @Joan",
        f"/action @Sam tell {SENTINEL} the outcome by friday",
        "/interest Ravi item 3 brother-in-law works for a bidder",
        "/next",
        f"/decision Publish the {SENTINEL} figures later confidential @Joan",
        f"/action @Lena check the {SENTINEL} figures by friday for D3",  # carries out D3
        last,
    ]:
        meeting.capture(line)
    writer.close()
    return sid


def docx_text(path: Path) -> str:
    """Every paragraph's and table cell's text in a Word file."""
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def new_session(store: Any, clock: Any, **overrides: Any) -> str:
    """A session of ``agenda(**overrides)`` in ``store``, planned for the clock's day."""
    from facilitator.core.agenda import agenda_from_dict

    return store.create(agenda_from_dict(agenda(**overrides), clock().date()))


def captured(store: Any, sid: str, clock: Any, lines: list[str]) -> None:
    """Each line captured into the session, as typed in the bar, the writer then closed."""
    from facilitator.core.meeting import Meeting

    writer = store.writer(sid)
    try:
        meeting = Meeting(writer, clock=clock)
        for line in lines:
            meeting.capture(line)
    finally:
        writer.close()


def status(app: App[Any], selector: str = "#status") -> str:
    """What the screen's status line (or the widget at ``selector``) says now."""
    return str(app.screen.query_one(selector).visual)


async def type_line(pilot: Any, text: str, *, focus: bool = False) -> None:
    """``text`` put in the capture bar at once and Enter pressed (Pilot's ``press`` of
    every key is slow; the e2e tests type at terminal speed). ``focus``: the bar is
    focused first, for a test that has moved the focus elsewhere."""
    bar = pilot.app.screen.query_one("#capture")
    bar.value = text
    if focus:
        bar.focus()
    await pilot.press("enter")
    await settled(pilot)


async def settled(pilot: Any) -> None:
    """The app idle and every worker it started done, their answers drawn: ``pause`` alone
    waits for the CPU to go idle, which a worker thread reading the archive on a loaded
    machine may not make it look, so a screen's answer was sometimes not yet there."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot: Any, ready: Callable[[], bool], what: str, within: float = 10) -> None:
    """Wait for what a worker or a timer brings (a screen pushed once a file is read, an
    answer drawn): ``settled`` cannot wait for a worker started after it is called. Fails,
    saying ``what`` never came, after ``within`` seconds."""
    deadline = time.monotonic() + within
    await pilot.pause()
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} never came within {within} s")
        await pilot.pause(0.02)


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
