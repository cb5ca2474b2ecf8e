"""The room view for the projector: a separate, read-only process that follows the session
file while the secretary's ``facilitator run`` writes it.

It polls the file (a cheap ``stat`` ten times a second) and re-reads it when it changes, so a
saved line is on the wall well within half a second. It never writes, never takes the lock,
and never quarantines: if the file cannot be read at some moment it keeps the last good view
and says so quietly.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.content import Content
from textual.filter import LineFilter
from textual.widgets import Digits, Static

from facilitator.core import decision_links
from facilitator.core.dates import show_when
from facilitator.core.model import Session
from facilitator.core.planning import planned_start
from facilitator.core.prompts import Config, Prompt, evaluate, for_folder
from facilitator.core.public import redact
from facilitator.core.roll import whereabouts
from facilitator.core.speakers import speaking_now
from facilitator.core.store import SessionStore, StoreError
from facilitator.core.working_days import next_meeting_said
from facilitator.ui import literal, redraw, render, themes

POLL_SECONDS = 0.1
PUBLIC_RULES = {  # prompts that name no confidential content
    "overrun",
    "timebox_warning",
    "not_quorate",
    "start_openness",
    "new_partner",
    "sector_silent",
    "dominant_voice",
    "participant_silent",
    "hard_to_reach",
    "papers_late",
    "confidential_item",
}


def room_heading(session: Session, public: bool) -> Content:
    if public:
        session = redact(session)
    item = session.current
    info = session.info
    if item is None or info.state == "upcoming":
        title = "The meeting has not started yet"
        where = ""
    elif info.state == "ended":
        title, where = "The meeting has ended", ""
    else:
        title = item.title
        where = f"Item {info.current_item + 1} of {len(session.agenda)}"
    return Content.from_markup(
        "[b]$partnership[/b] — $meeting\n$where\n[b]$title[/b]",
        partnership=info.partnership or "Meeting",
        meeting=info.title,
        where=where,
        title=title,
    )


def room_speakers(session: Session) -> Content:
    speaker = speaking_now(session) or "—"
    queue = session.info.queue[:2]
    after = ", ".join(queue) if queue else "nobody waiting"
    return Content.from_markup("[b]Speaking:[/b] $s     [b]Next:[/b] $n", s=speaker, n=after)


def room_register(session: Session) -> Content:
    """Who has left the room, with the item and time ("" while nobody has)."""
    gone = []
    for person in session.participants:
        where = whereabouts(session, person)
        if where.status == "left":
            gone.append(f"{person.name} ({where.said().removeprefix('left ')})")
    if not gone:
        return Content("")
    return Content.from_markup("[b]Left:[/b] $who", who=" · ".join(gone))


def room_prompt(prompts: list[Prompt]) -> Content:
    if not prompts:
        return Content("")
    top = prompts[0]
    return Content.from_markup("[b]⚑ $text[/b]\n[dim]$source[/]", text=top.text, source=top.source)


def _decision_lines(
    session: Session, public: bool, heading: str, none: str
) -> tuple[Session, list[Content]]:
    """The decisions taken, each by its number at the meeting (D2, as the chair's screen
    and the minutes call it), with its owner and its item's number (the text literally).
    In ``public``, the minutes' rule: confidential decisions, and all under an exempt item,
    are left out, and the rest keep their numbers (counted before, as the minutes count
    them). Returns the session as shown (redacted in ``public``) and the lines."""
    labels = decision_links.numbers(session)  # before redaction: every decision counts
    if public:
        session = redact(session)
    items = {i.id: n for n, i in enumerate(session.agenda, 1)}
    lines = [Content.from_markup("[b]$heading[/b]", heading=heading)]
    decisions = [d for d in session.decisions if not d.withdrawn]
    for d in decisions:
        lines.append(
            Content.from_markup(
                "• [b]D$n[/b] $text — $owner [dim](item $item)[/dim]",
                n=labels.get(d.seq, "?"),
                text=d.text,
                owner=d.owner or "no owner yet",
                item=items.get(d.item, "?"),
            )
        )
    if not decisions:
        lines.append(Content(none))
    return session, lines


def room_decisions(session: Session, public: bool) -> Content:
    return Content("\n").join(_decision_lines(session, public, "Decisions so far", "None yet.")[1])


def room_actions(session: Session, public: bool, codes: dict[int, str]) -> Content:
    """The actions agreed so far, each with its code (``codes``: seq → S.N), so the room can
    note the code the next meeting follows it up by."""
    if public:  # the public minutes' rule, as for decisions
        session = redact(session)
    lines = [Content.from_markup("[b]Actions so far[/b]")]
    actions = [a for a in session.actions if not a.withdrawn]
    for a in actions:
        lines.append(
            Content.from_markup(
                "• [b]$code[/b] $owner: $text",
                code=codes.get(a.seq, "?"),
                owner=a.owner or "no owner yet",
                text=a.text,
            )
        )
    if not actions:
        lines.append(Content("None yet."))
    return Content("\n").join(lines)


# --------------------------------------------------------------------------- before and after


def starts_label(session: Session, now: datetime) -> str:
    """Beside the start time before the meeting: "starts in 12 min", "due to start now",
    "due to start 5 min ago" (late), or the day when it is not today."""
    when = session.info.date
    start = planned_start(session)
    if start is None:
        return f"on {show_when(when)}" if when else "start time not set"
    if start.date() != now.date():
        return f"starts {show_when(when)}"
    seconds = (start - now).total_seconds()
    if seconds > 0:
        minutes = math.ceil(seconds / 60)
        hours, mins = divmod(minutes, 60)
        return f"starts in {hours} h {mins} min" if hours else f"starts in {minutes} min"
    late = int(-seconds // 60)
    if late < 1:
        return "due to start now"
    hours, mins = divmod(late, 60)
    return f"due to start {hours} h {mins} min ago" if hours else f"due to start {late} min ago"


def room_before(session: Session, public: bool) -> Content:
    """Before the first entry: where and when, and the agenda with each item's planned
    start and timebox (an exempt item, in public, only as a confidential item)."""
    if public:
        session = redact(session)
    info = session.info
    start = planned_start(session)
    where = " · ".join(x for x in (show_when(info.date), info.venue) if x)
    lines = [Content.from_markup("[b]$where[/b]", where=where or "Date and venue not set")]
    if info.chair:
        lines.append(Content.from_markup("Chair: $chair", chair=info.chair))
    lines += [Content(""), Content.from_markup("[b]Agenda[/b]")]
    at = start
    for n, item in enumerate(session.agenda, 1):
        if item.deferred_at:
            continue
        when = f"{at:%H:%M}  " if at is not None else ""
        lines.append(
            Content.from_markup(
                "$n. $when$title ($minutes min)",
                n=n,
                when=when,
                title=item.title,
                minutes=item.minutes,
            )
        )
        at = at + timedelta(minutes=item.minutes) if at is not None else None
    if not session.agenda:
        lines.append(Content("No items yet."))
    return Content("\n").join(lines)


def room_after(session: Session, public: bool) -> Content:
    """After /end: the decisions, how many actions each owner took away, and the date of
    the next meeting (in public, nothing from an exempt item: the minutes' rule)."""
    session, lines = _decision_lines(session, public, "Decisions", "No decisions were recorded.")
    owners = Counter(a.owner or "no owner yet" for a in session.actions if not a.withdrawn)
    total = sum(owners.values())
    lines += [Content(""), Content.from_markup("[b]Actions by owner[/b] ($n)", n=total)]
    for owner, count in sorted(owners.items(), key=lambda kv: (-kv[1], kv[0].casefold())):
        plural = "" if count == 1 else "s"
        lines.append(Content.from_markup("• $o: $c action$p", o=owner, c=count, p=plural))
    if not owners:
        lines.append(Content("No actions were recorded."))
    said = next_meeting_said(session.info)
    lines += [
        Content(""),
        Content.from_markup("[b]Date of next meeting:[/b] $d", d=said or "not set yet"),
    ]
    return Content("\n").join(lines)


class RoomApp(App[None]):
    CSS_PATH = "room.tcss"
    TITLE = "facilitator room"
    BINDINGS = [Binding("ctrl+q,q", "quit", "Quit", id="room.quit")]

    def __init__(
        self,
        store: SessionStore,
        session_id: str,
        *,
        public: bool = False,
        theme: str = "projector-dark",
        clock: Callable[[], datetime] = datetime.now,
        prompt_config: Config | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.session_id = session_id
        self.public = public
        self.now = clock
        self.prompt_config = prompt_config or for_folder(store.root)
        self.session: Session | None = None
        self._seen: tuple[int, int, int] | None = None
        self._ordinal: tuple[tuple[str, str, str], int] | None = None
        themes.register(self)
        self.theme = theme

    def get_line_filters(self) -> Sequence[LineFilter]:
        return literal.with_marks(super().get_line_filters())  # ui/literal.py

    def compose(self) -> ComposeResult:
        with Vertical(id="room"):
            yield Static(id="room-heading")
            with Center():
                yield Digits("--:--", id="room-countdown")
            yield Static(id="room-countdown-label")
            yield Static(id="room-speakers")
            yield Static(id="room-register")
            yield Static(id="room-prompt")
            with VerticalScroll(id="room-decisions-box"):
                yield Static(id="room-decisions")
            yield Static(id="room-status")

    def on_mount(self) -> None:
        self.poll()
        self.set_interval(POLL_SECONDS, self.poll)
        self.set_interval(1, self.redraw)

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(Path(self.store.path_for(self.session_id)))
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def poll(self) -> None:
        if not self.is_running:  # closing: a tick after its widgets went raised NoMatches
            return
        stamp = self._stamp()
        if stamp is not None and stamp == self._seen:
            return
        try:
            session = self.store.peek(self.session_id)
        except StoreError as exc:
            self.query_one("#room-status", Static).update(
                Content(f"⚠ showing the last good view: {exc}")
            )
            return
        self._seen = stamp
        self.session = session
        self.query_one("#room-status", Static).update(
            Content(
                f"Following {self.session_id} · read-only"
                + (" · public view" if self.public else "")
            )
        )
        self.redraw()

    def redraw(self) -> None:
        session = self.session
        if session is None or not self.is_running:  # (closing: its widgets may be gone)
            return
        now = self.now()
        redraw.show(self.query_one("#room-heading", Static), room_heading(session, self.public))
        state = session.info.state
        live = state == "live"
        remaining = render.item_remaining(session, now) if live else 0
        countdown = self.query_one("#room-countdown", Digits)
        countdown.update(render.clock(remaining) if live else _clock_face(session))
        countdown.set_class(remaining < 0, "over")
        redraw.show(
            self.query_one("#room-countdown-label", Static),
            Content(
                render.time_left_label(remaining)
                if live
                else starts_label(session, now)
                if state == "upcoming"
                else _ended_label(session)
            ),
        )
        speakers = self.query_one("#room-speakers", Static)
        redraw.show(speakers, room_speakers(session))
        speakers.display = live
        register, gone = self.query_one("#room-register", Static), room_register(session)
        redraw.show(register, gone)
        register.display = live and bool(gone.plain)
        prompts = evaluate(session, now, self.prompt_config) if live else []
        if self.public:
            prompts = [p for p in prompts if p.rule in PUBLIC_RULES]
        prompt = self.query_one("#room-prompt", Static)
        redraw.show(prompt, room_prompt(prompts))
        prompt.display = live  # before and after: room for the agenda, the decisions
        if state == "upcoming":  # people arriving: where, when, and what is on the agenda
            board = room_before(session, self.public)
        elif state == "ended":  # people leaving: what was decided, who took what away
            board = room_after(session, self.public)
        else:
            board = Content("\n\n").join(
                [
                    room_decisions(session, self.public),
                    room_actions(session, self.public, self._codes(session)),
                ]
            )
        redraw.show(self.query_one("#room-decisions", Static), board)

    def _codes(self, session: Session) -> dict[int, str]:
        """The actions' codes: the session's place among its partnership's, read once."""
        from facilitator.core.tracker import Archive, number_actions, place

        info = session.info
        key = (info.partnership, info.date, info.id)
        if self._ordinal is None or self._ordinal[0] != key:  # read-only: the room never writes
            self._ordinal = (key, place(Archive(self.store).peek_listings(), info))
        return number_actions(session, self._ordinal[1])


def _clock_face(session: Session) -> str:
    """The big digits when no item is running: the planned start before, the end after."""
    if session.info.state == "ended" and session.info.ended_at:
        return session.info.ended_at[11:16]
    start = planned_start(session)
    return f"{start:%H:%M}" if start is not None and session.info.state == "upcoming" else "--:--"


def _ended_label(session: Session) -> str:
    ended = session.info.ended_at
    return f"ended at {ended[11:16]}" if ended else "ended"
