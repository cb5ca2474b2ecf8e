"""Who is speaking, who is waiting, and the balance of voices — with a key per person.

Focus it with ctrl+t: a person's key (1–9, a–z) gives them the floor, space stops,
+ then a key puts someone on the speakers' list, - then a key takes them off, > gives the
floor to the next on the list, Escape goes back to the capture bar. These are bindings of
the panel, so the key bar shows them while it has focus and F1 lists them; the person keys
are one hint (``KEY_HINTS``), as they change with who is in the room.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime

from rich.cells import cell_len, set_cell_size
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from facilitator.core.cells import cut
from facilitator.core.model import Session
from facilitator.core.speakers import Share, balance, speaker_keys, speaking_now, unheard
from facilitator.ui import redraw
from facilitator.ui.render import clock

BAR_WIDTH = 6


def bar(part: int, whole: int, width: int = BAR_WIDTH) -> str:
    """A bar of eighths: the length carries the size, the number beside it the value."""
    if whole <= 0 or part <= 0:
        return " " * width
    eighths = round(part / whole * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return ("█" * full + partial).ljust(width)[:width]


NAME_WIDTH = 13  # terminal cells for a name in the panel's table


def _initialled(name: str) -> str:
    """"Christopher Johnson" → "C. Johnson": the given names as initials."""
    *given, last = name.split() or [name]
    return " ".join([*(f"{g[0]}." for g in given), last])


def short_names(names: list[str], width: int = NAME_WIDTH) -> dict[str, str]:
    """Each name as the panel shows it in ``width`` cells: whole if it fits; else with its
    given names as initials ("C. Johnson", "C. Jones"), so two whose names begin alike are
    told apart; else, or if that form is another's too ("C. Jones" for Catherine and
    Christopher Jones), cut ending in "…"."""
    initialled = {n: cut(_initialled(n), width) for n in names if cell_len(n) > width}
    taken = Counter(initialled.get(n, n) for n in names)  # a name that fits counts too
    return {
        n: n
        if n not in initialled
        else initialled[n]
        if taken[initialled[n]] == 1
        else cut(n, width)
        for n in names
    }


def _share_line(
    key: str, share: Share, meeting: Share | None, top: int, name: str | None = None
) -> Content:
    """A row of the table: ``name`` is how ``share.who`` is shown (by default, cut)."""
    shown = set_cell_size(name if name is not None else cut(share.who, NAME_WIDTH), NAME_WIDTH)
    overall = f" | {meeting.turns}·{clock(meeting.seconds)}" if meeting else ""
    return Content.assemble(
        (key, "b"),
        f" {shown} {bar(share.seconds, top)} {share.turns}·{clock(share.seconds)}{overall}",
    )


def render_speakers(session: Session, now: datetime, mode: str = "") -> Content:
    item = session.current
    keys = {name: key for key, name in speaker_keys(session).items()}
    speaker = speaking_now(session)
    lines = []
    if speaker:
        turn = next(t for t in reversed(session.turns) if t.name == speaker and not t.end)
        seconds = int((now - datetime.fromisoformat(turn.start)).total_seconds())
        lines.append(Content.assemble(("Speaking:", "b"), f" {speaker}  {clock(max(seconds, 0))}"))
    else:
        lines.append(Content.assemble(("Speaking:", "b"), " ", ("nobody marked", "dim")))
    queue = session.info.queue
    waiting = " · ".join(f"{n}. {name}" for n, name in enumerate(queue, 1)) or "nobody"
    lines.append(Content.assemble(("Waiting:", "b"), f" {waiting}"))
    if mode:
        lines.append(Content.assemble((f" {mode} ", "reverse")))
    if item is None:
        return Content("\n").join(lines)
    meeting = {s.who: s for s in balance(session, now)}
    here = balance(session, now, item=item.id)
    top = max((s.seconds for s in here), default=0)
    lines.append(Content.styled("this item: turns·time | whole meeting", "dim"))
    shown = short_names([share.who for share in here])
    for share in here:
        key = keys.get(share.who, " ")
        lines.append(_share_line(key, share, meeting.get(share.who), top, shown[share.who]))
    silent = unheard(session, item.id)
    if silent:
        lines.append(Content.styled("Not heard on this item:", "b"))
        for sector, names in silent.items():
            lines.append(Content(f" {sector}: {', '.join(names)}"))
    sectors_item = balance(session, now, item=item.id, by="sector")
    sectors_all = {s.who: s for s in balance(session, now, by="sector")}
    top = max((s.seconds for s in sectors_item), default=0)
    lines.append(Content.styled("by sector", "dim"))
    for share in sectors_item:
        lines.append(_share_line(" ", share, sectors_all.get(share.who), top))
    return Content("\n").join(lines)


class SpeakersPanel(Static, can_focus=True):
    """Shows the speakers; takes single keys when focused and hands them to ``act``."""

    HELP_TITLE = "Speakers panel (ctrl+t)"
    KEY_HINTS = [  # (keys, in the key bar, in F1)
        ("1-9 a-z", "Give the floor", "Give the floor (after + or -: put on or take off the list)")
    ]
    BINDINGS = [
        Binding("plus", "mode('queue')", "Add to list", id="speakers.queue"),
        Binding("minus", "mode('unqueue')", "Off list", id="speakers.unqueue"),
        Binding("greater_than_sign", "act('/nextspeaker')", "Next on list", id="speakers.next"),
        Binding("space,full_stop", "act('/stop')", "Stop", id="speakers.stop"),
        Binding("escape", "leave", "Back to bar", id="speakers.leave"),
    ]

    def __init__(self, act: Callable[[str], object], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.act = act
        self.mode = ""  # "queue" or "unqueue" while waiting for a person's key
        self.session: Session | None = None
        self.now = datetime.now()
        self._leaving = False

    def show(self, session: Session, now: datetime) -> None:
        self.session, self.now = session, now
        hint = {"queue": "+ key: who joins the list?", "unqueue": "- key: who leaves it?"}
        redraw.show(self, render_speakers(session, now, hint.get(self.mode, "")))

    async def on_key(self, event: events.Key) -> None:
        """A person's key, or one of the panel's bindings (or the screen's), carried out now,
        in the order typed (as the capture bar does: Textual runs a binding only once the
        key has bubbled up to the app, after the keys behind it). Keys typed on after Esc,
        before the bar has focus, are the bar's: handed on to it, in order."""
        event.stop()
        event.prevent_default()
        if self._leaving:
            self.screen.query_one("#capture").post_message(events.Key(event.key, event.character))
            return
        char = (event.character or "").lower()
        names = speaker_keys(self.session) if self.session is not None else {}
        if char.isalnum() and char in names:
            verb = {"queue": "/queue", "unqueue": "/unqueue"}.get(self.mode, "/speak")
            self.mode = ""
            self.act(f"{verb} {names[char]}")
            self._redraw()
        else:
            await self.app._check_bindings(event.key)  # the app's own lookup, run now

    def action_mode(self, mode: str) -> None:
        self.mode = mode
        self._redraw()

    def action_act(self, line: str) -> None:
        if self.session is not None:
            self.act(line)
            self._redraw()

    def action_leave(self) -> None:
        self.mode = ""
        self._redraw()
        self._leaving = True  # until focus is back here: the bar takes focus a moment later
        self.screen.query_one("#capture").focus()

    def on_focus(self) -> None:
        self._leaving = False

    def _redraw(self) -> None:
        if self.session is not None:
            self.show(self.session, self.now)
