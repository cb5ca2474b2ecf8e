"""Changing the agenda during the meeting: add an item, defer one, reorder what is left.

A part of ``Meeting``. Every change is on disk before it returns; items keep their ``id``,
so what was captured stays with its item.
"""

from __future__ import annotations

from facilitator.core.capture import CaptureError
from facilitator.core.chair import Chair
from facilitator.core.course import Course
from facilitator.core.dates import DateError, echo_date, parse_when
from facilitator.core.model import AgendaItem
from facilitator.core.outcome import Outcome
from facilitator.core.record import Part, Record
from facilitator.core.working_days import meeting_day, next_meeting_said

DEFAULT_TIMEBOX = 10


class AgendaChanges(Part):
    def __init__(self, record: Record, course: Course, chair: Chair) -> None:
        super().__init__(record)
        self.course = course  # finds items; a deferred current item moves the meeting on
        self.chair = chair  # deferring an item over time is the chair's overrun choice

    def add_item(self, title: str, minutes: int | None) -> Outcome:
        title = " ".join(title.split())  # a title is one line (a pasted U+2028 is a space)
        agenda = self.session.agenda
        at = self.session.info.current_item + 1 if agenda else 0
        self.record.start()
        item = AgendaItem(
            title=title, minutes=minutes or DEFAULT_TIMEBOX, added_at=self.record.now()
        )
        self.record.writer.insert_item(item, at)
        box = f"{item.minutes} min" + ("" if minutes else " (the default; /add TITLE N min)")
        return Outcome(f"Added item {at + 1}: {title} — {box}")

    def defer_item(self, target: str) -> Outcome:
        index = self.course.find_item(target) if target else self.session.info.current_item
        agenda = self.session.agenda
        if not 0 <= index < len(agenda):
            raise CaptureError(f"there is no item {index + 1} (the agenda has {len(agenda)})")
        item = agenda[index]
        if item.deferred_at:
            raise CaptureError(f"item {index + 1} is already deferred to the next meeting")
        self.record.start()
        if index == self.session.info.current_item and self.chair.over_time():
            self.chair.choose("deferred to the next meeting")
        self.record.writer.update_where("agenda", {"deferred_at": self.record.now()}, id=item.id)
        message = f"Deferred item {index + 1}: {item.title} to the next meeting"
        if index != self.session.info.current_item:
            return Outcome(message, deferred=True)
        # the meeting moves on to the next item that is not deferred
        after = self.record.open_item(index + 1, 1)
        if after is None:  # nothing left to move on to: its clock stops, nothing is filed here
            self.course.leave(index, self.record.now())
            then = "no item is left after it at this meeting — /end closes the meeting"
            return Outcome(f"{message}; {then}", deferred=True, then=then)
        moved = self.course.move_to(after)
        then = moved.message[:1].lower() + moved.message[1:]
        return Outcome(f"{message}; {then}", moved=True, deferred=True, then=then)

    def reorder_item(self, item: str, to: str) -> Outcome:
        current = self.session.info.current_item
        started = self.session.info.state != "upcoming"
        index = self.course.find_item(item)
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
        self.record.writer.set_order(order)
        return Outcome(f"Moved {moving.title!r} to item {target + 1}")

    def set_next_meeting(self, text: str) -> Outcome:
        """The date of the next meeting (``/nextmeeting 10/2/2027 14:00``), or none. It does
        not start the meeting: it is often set before, or after /end."""
        if text.strip().lower() in ("none", "clear", "-"):
            self.record.set_session(next_meeting="", next_meeting_text="")
            return Outcome("Date of next meeting cleared")
        try:
            when = parse_when(text, self.record.day())
        except DateError as exc:
            raise CaptureError(str(exc)) from None
        this = meeting_day(self.session) or self.record.day()
        if when[:10] <= this.isoformat():
            raise CaptureError(
                f"the next meeting should be after this one ({echo_date(this)}): "
                "/nextmeeting DATE [TIME]"
            )
        self.record.set_session(next_meeting=when, next_meeting_text=" ".join(text.split()))
        return Outcome(f"Date of next meeting: {next_meeting_said(self.session.info)}")
