"""The meeting's course through its agenda: the next item, the previous one, a named one, the
end and a reopening. A part of :class:`~facilitator.core.meeting.Meeting`.

The clock of the item being left stops (its speaker's turn ends with it) and the clock of
the item reached runs; deferred items are passed over, never reached.
"""

from __future__ import annotations

from facilitator.core import carry
from facilitator.core.capture import CaptureError
from facilitator.core.clock import seconds_between
from facilitator.core.model import AgendaItem
from facilitator.core.outcome import Outcome, short
from facilitator.core.record import Part, Record
from facilitator.core.speakers import Speakers
from facilitator.core.store import StoreError
from facilitator.core.text import fold


class Course(Part):
    def __init__(self, record: Record, speakers: Speakers) -> None:
        super().__init__(record)
        self.speakers = speakers  # a turn belongs to one item: leaving it ends the turn

    def move(self, where: str, target: str = "") -> Outcome:
        """``/next``, ``/prev`` (passing over deferred items) or ``/goto`` ``target``."""
        record = self.record
        index = self.session.info.current_item
        last = len(self.session.agenda) - 1
        if where in ("next", "prev"):
            step = 1 if where == "next" else -1
            if (index >= last) if step == 1 else (index <= 0):
                raise CaptureError(
                    "this is the last item — /end closes the meeting"
                    if step == 1
                    else "this is the first item"
                )
            found = record.open_item(index + step, step)
            if found is None:
                raise CaptureError(
                    "the items after this one are deferred to the next meeting — /end closes "
                    "the meeting"
                    if step == 1
                    else "the items before this one are deferred to the next meeting"
                )
            passed = range(index + step, found, step)
            numbers = " and ".join(str(n + 1) for n in passed)
            plural = "s" if len(passed) > 1 else ""
            return self.move_to(
                found, f" (passed over deferred item{plural} {numbers})" if passed else ""
            )
        return self.move_to(self.find_item(target))

    def find_item(self, target: str) -> int:
        """An item by its number (1-based) or by a unique part of its title."""
        agenda = self.session.agenda
        if target.isascii() and target.isdigit() and len(target) <= 6:
            return int(target) - 1
        wanted = fold(target)
        hits = [i for i, item in enumerate(agenda) if wanted in fold(item.title)]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise CaptureError(f"no agenda item matches {target[:40]!r}")
        raise CaptureError(
            f"{target[:40]!r} matches items {', '.join(str(i + 1) for i in hits)} — use a number"
        )

    def move_to(self, index: int, passed: str = "") -> Outcome:
        """Go to item ``index``; ``passed`` follows its title ("(passed over deferred …)")."""
        record = self.record
        agenda = self.session.agenda
        if not 0 <= index < len(agenda):
            raise CaptureError(f"there is no item {index + 1} (the agenda has {len(agenda)})")
        if agenda[index].deferred_at:
            raise CaptureError(
                f"item {index + 1} ({short(agenda[index].title)}) is deferred to "
                f"{self._deferred_to(agenda[index])}, not taken at this meeting"
            )
        record.start()
        at = record.now()
        old = self.session.info.current_item
        record.set_session(current_item=index)
        left = record.item_at(old)
        if old != index:
            self.leave(old, at)
            record.enter(index, at)
        session = self.session
        item = session.agenda[index]
        message = f"Now on item {index + 1}: {item.title}{passed}"
        if old != index and left is not None and self._undecided(left):
            message += f" — ⚠ no decision was recorded on item {old + 1}"
        if item.kind == "decision" and not session.quorate:
            here = sum(1 for p in session.participants if session.here_now(p))
            message += (
                f" — ⚠ NOT QUORATE for this decision item: {here} present, "
                f"quorum {session.info.quorum}"
            )
        return Outcome(message, moved=True)

    def leave(self, index: int, at: str) -> None:
        """The meeting leaves item ``index`` at ``at``: its clock stops."""
        self.speakers.close_turn(at)
        item = self.record.item_at(index)
        if item is not None and item.entered_at:
            spent = item.spent_seconds + seconds_between(item.entered_at, at)
            self.record.set_item(item.id, ended_at=at, entered_at="", spent_seconds=spent)

    def end(self) -> Outcome:
        at = self.record.now()
        self.record.set_session(state="ended", ended_at=at)
        self.leave(self.session.info.current_item, at)
        return Outcome("Meeting ended — the minutes are ready", ended=True)

    def reopen(self) -> Outcome:
        record = self.record
        if self.session.info.state != "ended":
            raise CaptureError("the meeting is not ended")
        left_at = self.session.info.current_item
        index = record.settle(left_at)  # where it was left, unless that item was deferred
        record.set_session(state="live", ended_at="", current_item=index)
        record.enter(index, record.now())
        if index == left_at:
            return Outcome("Meeting reopened")
        item = self.session.agenda[index]
        return Outcome(
            f"Meeting reopened — now on item {index + 1}: {item.title} (item {left_at + 1}, "
            "where it ended, is deferred)",
            moved=True,
        )

    def _undecided(self, item: AgendaItem) -> bool:
        """A decision item that is being left with no decision (and was not deferred)."""
        decided = any(d.item == item.id and not d.withdrawn for d in self.session.decisions)
        return item.kind == "decision" and not decided and not item.deferred_at

    def _deferred_to(self, item: AgendaItem) -> str:
        """Which meeting a deferred item goes to, in words, as far as the data folder says."""
        try:  # the writer's folder is the data folder its session belongs to
            return carry.destination(self.record.store, self.session, item)
        except (OSError, StoreError):
            return "the next meeting"
