"""Who is in the room: attendance at the start, late arrivals, early departures,
declarations of interest.

A mixin of ``Meeting``. Arrivals, departures and declarations are entries (they show in the
feed, ``/undo`` withdraws them, the minutes list them with their item); the attendance marks
made at the start are stored on the participant.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from facilitator.core.capture import CaptureError
from facilitator.core.model import Attendance, Entry, Interest, Session
from facilitator.core.owners import Owners
from facilitator.core.store import SessionWriter

if TYPE_CHECKING:
    from facilitator.core.meeting import Outcome

_ITEM_REF = re.compile(r"(?i)^(?:on\s+)?item\s+([0-9]{1,6})\s*[:,-]?\s*")
_WORDS = {"present": "present", "absent": "absent", "apologies": "sent apologies"}


class Roll:
    writer: SessionWriter
    clock: Callable[[], datetime]
    session: Session
    _add: Callable[[Entry], Entry]
    _require_item: Callable[[], int]

    def _person(self, text: str) -> tuple[str, str]:
        """(participant's name, the rest of the text) for text that starts with a name."""
        people = Owners.of(self.session.participants, people_only=True)
        name, used = people.resolve(text.split())
        rest = text.split(None, used)[used] if len(text.split()) > used else ""
        return name, rest.strip()

    def mark(self, status: str, who: str) -> Outcome:

        if status in ("arrived", "left"):
            return self.move_person(status, who)
        name, rest = self._person(who)
        if rest:
            raise CaptureError(f"/{status} takes just a name; {rest!r} is left over")
        return self.set_attendance(name, status)

    def set_attendance(self, name: str, status: str) -> Outcome:
        """Mark a participant (by exact name) present, absent or as having sent apologies."""
        from facilitator.core.meeting import Outcome

        if status not in _WORDS:
            raise CaptureError(f"attendance is one of {', '.join(_WORDS)}")
        self.writer.update_where("participants", {"attendance": status}, name=name)
        return Outcome(f"{name}: {_WORDS[status]}")

    def move_person(self, status: str, who: str) -> Outcome:
        from facilitator.core.meeting import Outcome

        name, rest = self._person(who)
        if rest:
            raise CaptureError(f"/{status} takes just a name; {rest!r} is left over")
        person = next(p for p in self.session.participants if p.name == name)
        here = self.session.here_now(person)
        if status == "arrived" and here and self.session.status_of(person) == "present":
            raise CaptureError(f"{name} is already here")
        if status == "left" and not here:
            raise CaptureError(f"{name} is not in the room")
        item = self._require_item()
        self._add(Attendance(item=item, text=status, name=name, at=self._stamp()))
        number = self.session.info.current_item + 1
        return Outcome(f"{name} {status} during item {number}")

    def declare(self, body: str) -> Outcome:
        from facilitator.core.meeting import Outcome

        name, rest = self._person(body)
        item = self._require_item()
        match = _ITEM_REF.match(rest)
        if match:
            index = int(match.group(1)) - 1
            if not 0 <= index < len(self.session.agenda):
                raise CaptureError(f"there is no item {index + 1}")
            item, rest = self.session.agenda[index].id, rest[match.end() :]
        if not rest.strip():
            raise CaptureError("say what the interest is: /interest NAME [item N] TEXT")
        self._add(Interest(item=item, text=rest.strip(), name=name, at=self._stamp()))
        number = next(n for n, i in enumerate(self.session.agenda, 1) if i.id == item)
        return Outcome(f"Interest declared by {name} on item {number}")

    def _stamp(self) -> str:
        return self.clock().isoformat(timespec="seconds")
