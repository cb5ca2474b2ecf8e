"""The session a meeting writes to, as each part of the meeting sees it.

A :class:`~facilitator.core.meeting.Meeting` is made of parts, each an object with the state
it needs: the course through the agenda (course.py), what is captured on an item
(entries.py), changes to the agenda (live_agenda.py), the roll (roll.py), the speakers
(speakers.py), the chair's choices (chair.py), follow-ups of actions (followup.py),
decision edits (decision_edit.py) and the checklist review (review.py). Every part is given
the meeting's one :class:`Record` and writes through it; a part that needs another is
handed it when the meeting is put together, and never reaches for it otherwise.

Every write is on disk before it returns (the store's atomic write), then the in-memory
session is the one read back from it; if the disk refuses, ``OSError`` propagates and
neither the file nor the session changes.
"""

from __future__ import annotations

from datetime import date

from facilitator.core.capture import CaptureError
from facilitator.core.clock import Clock, now_iso
from facilitator.core.model import AgendaItem, Entry, Session
from facilitator.core.owners import Owners
from facilitator.core.store import SessionStore, SessionWriter

TABLES = {  # an entry's kind → the table it is stored in
    "note": "notes",
    "decision": "decisions",
    "action": "actions",
    "attendance": "attendance",
    "interest": "interests",
    "choice": "choices",
}


class Record:
    """A session open for writing, with the meeting's clock, and the writes every part
    shares: the session's and an item's fields, a new entry, the meeting's start."""

    def __init__(self, writer: SessionWriter, clock: Clock) -> None:
        self.writer = writer
        self.clock = clock

    @property
    def session(self) -> Session:
        return self.writer.session

    @property
    def owners(self) -> Owners:
        return Owners.of(self.session.participants)

    @property
    def store(self) -> SessionStore:
        """The data folder the session belongs to (its partnership's other meetings)."""
        return SessionStore(self.writer.path.parent)

    def now(self) -> str:
        return now_iso(self.clock)

    def day(self) -> date:
        """The day the meeting is held: relative dates ("friday", "in 2 weeks") count from
        it, also when the record is typed up on a later day. Today until it starts."""
        started = self.session.info.started_at
        return date.fromisoformat(started[:10]) if started else self.clock().date()

    # -- writes

    def set_session(self, **fields: object) -> None:
        self.writer.update_where("session", fields)

    def set_item(self, item_id: int, **fields: object) -> None:
        self.writer.update_where("agenda", fields, id=item_id)

    def add(self, entry: Entry) -> Entry:
        """Save a new entry, numbered after the last; the first one starts the meeting."""
        self.start()
        entry.seq = self.session.last_seq + 1
        self.writer.insert(TABLES[entry.kind], entry)
        return entry

    def withdraw(self, entry: Entry) -> None:
        """Mark an entry withdrawn: it stays in the record, marked."""
        self.writer.update_where(
            TABLES[entry.kind], {"withdrawn": True, "withdrawn_at": self.now()}, seq=entry.seq
        )

    # -- where the meeting is

    def start(self) -> str | None:
        """Mark the meeting live the first time it is run; returns a message if it was."""
        info = self.session.info
        if info.state != "upcoming":
            return None
        at = self.now()
        index = self.settle(info.current_item)  # never open on a deferred item
        self.set_session(state="live", started_at=at, current_item=index)
        self.enter(index, at)
        return "Meeting started"

    def item_at(self, index: int) -> AgendaItem | None:
        agenda = self.session.agenda
        return agenda[index] if 0 <= index < len(agenda) else None

    def enter(self, index: int, at: str) -> None:
        """The meeting comes to item ``index`` at ``at``: its clock runs."""
        item = self.item_at(index)
        if item is not None:
            self.set_item(item.id, entered_at=at, started_at=item.started_at or at)

    def open_item(self, index: int, step: int) -> int | None:
        """The first item from ``index`` on (``step`` 1) or back (-1) that is not deferred."""
        agenda = self.session.agenda
        while 0 <= index < len(agenda):
            if not agenda[index].deferred_at:
                return index
            index += step
        return None

    def settle(self, index: int) -> int:
        """Where the meeting is when it starts or resumes at ``index``: that item, or the next
        one not deferred, or failing that the last one before it not deferred."""
        agenda = self.session.agenda
        index = min(max(index, 0), max(len(agenda) - 1, 0))
        found = self.open_item(index, 1)
        if found is None:
            found = self.open_item(index - 1, -1)
        return index if found is None else found

    def require_item(self) -> int:
        """The id of the item what is captured now is filed under; never a deferred one."""
        agenda = self.session.agenda
        if not agenda:
            raise CaptureError("this meeting has no agenda items to record against")
        index = min(max(self.session.info.current_item, 0), len(agenda) - 1)
        if self.session.info.state == "upcoming":
            index = self.settle(index)  # where the first entry will start the meeting
        if agenda[index].deferred_at:
            raise CaptureError(
                f"item {index + 1} is deferred to the next meeting, so nothing is recorded "
                "under it — /goto N to record under another item, or /end"
            )
        return agenda[index].id


class Part:
    """A part of a meeting: it reads the session, and writes to it, through the meeting's
    one record."""

    def __init__(self, record: Record) -> None:
        self.record = record

    @property
    def session(self) -> Session:
        """The session as it is on disk now (each write replaces it: read it after one)."""
        return self.record.session
