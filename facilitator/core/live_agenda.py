"""Changing the agenda during the meeting: add an item, defer one, reorder what is left.

A mixin of ``Meeting``: it uses the meeting's writer, session and clock. Every change is on
disk before it returns; items keep their ``id``, so what was captured stays with its item.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from facilitator.core.capture import CaptureError
from facilitator.core.model import AgendaItem, Session
from facilitator.core.store import SessionWriter

if TYPE_CHECKING:
    from facilitator.core.meeting import Outcome

DEFAULT_TIMEBOX = 10


class AgendaChanges:
    writer: SessionWriter
    clock: Callable[[], datetime]
    session: Session
    find_item: Callable[[str], int]

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def add_item(self, title: str, minutes: int | None) -> Outcome:
        from facilitator.core.meeting import Outcome

        title = " ".join(title.split())  # a title is one line (a pasted U+2028 is a space)
        agenda = self.session.agenda
        at = self.session.info.current_item + 1 if agenda else 0
        self.start()  # type: ignore[attr-defined]
        item = AgendaItem(title=title, minutes=minutes or DEFAULT_TIMEBOX, added_at=self._now())
        self.writer.insert_item(item, at)
        box = f"{item.minutes} min" + ("" if minutes else " (the default; /add TITLE N min)")
        return Outcome(f"Added item {at + 1}: {title} — {box}")

    def defer_item(self, target: str) -> Outcome:
        from facilitator.core.meeting import Outcome

        index = self.find_item(target) if target else self.session.info.current_item
        agenda = self.session.agenda
        if not 0 <= index < len(agenda):
            raise CaptureError(f"there is no item {index + 1} (the agenda has {len(agenda)})")
        item = agenda[index]
        if item.deferred_at:
            raise CaptureError(f"item {index + 1} is already deferred to the next meeting")
        self.start()  # type: ignore[attr-defined]
        if index == self.session.info.current_item and self.over_time():  # type: ignore[attr-defined]
            self._choose("deferred to the next meeting")  # type: ignore[attr-defined]
        self.writer.update_where("agenda", {"deferred_at": self._now()}, id=item.id)
        message = f"Deferred item {index + 1}: {item.title} to the next meeting"
        if index != self.session.info.current_item:
            return Outcome(message, deferred=True)
        # the meeting moves on to the next item that is not deferred
        after = self._open_item(index + 1, 1)  # type: ignore[attr-defined]
        if after is None:  # nothing left to move on to: its clock stops, nothing is filed here
            self._leave(index, self._now())  # type: ignore[attr-defined]
            then = "no item is left after it at this meeting — /end closes the meeting"
            return Outcome(f"{message}; {then}", deferred=True, then=then)
        moved = self.move_to(after)  # type: ignore[attr-defined]
        then = moved.message[:1].lower() + moved.message[1:]
        return Outcome(f"{message}; {then}", moved=True, deferred=True, then=then)

    def reorder_item(self, item: str, to: str) -> Outcome:
        from facilitator.core.meeting import Outcome

        current = self.session.info.current_item
        started = self.session.info.state != "upcoming"
        index = self.find_item(item)
        agenda = self.session.agenda
        if not 0 <= index < len(agenda):
            raise CaptureError(f"there is no item {index + 1} (the agenda has {len(agenda)})")
        target = current + 1 if to == "next" else int(to) - 1
        first_free = current + 1 if started else 0
        if started and (index <= current or target <= current):
            raise CaptureError(
                f"only the items still to come can move (items {first_free + 1} to {len(agenda)})"
            )
        if not first_free <= target < len(agenda):
            raise CaptureError(
                f"item {target + 1} is not a place it can go (items {first_free + 1} to "
                f"{len(agenda)})"
            )
        order = list(agenda)
        moving = order.pop(index)
        order.insert(target, moving)
        self.writer.set_order(order)
        return Outcome(f"Moved {moving.title!r} to item {target + 1}")
