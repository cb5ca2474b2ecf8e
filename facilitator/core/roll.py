"""Who is in the room: attendance at the start, late arrivals, early departures,
declarations of interest.

A part of ``Meeting``. Arrivals, departures and declarations are entries (they show in the
feed, ``/undo`` withdraws them, the minutes list them with their item); the attendance marks
made at the start are stored on the participant.

Someone who leaves is off the speakers' list (their turn ends if they have the floor) and is
shown as left, with the item and time, wherever the register is shown; ``/present`` or
``/arrived`` brings them back, recorded as a return. :func:`whereabouts` is the one reading
of a person's place in the room, for the attendance screen, the room view and the minutes.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from facilitator.core.capture import CaptureError
from facilitator.core.model import Attendance, Interest, Participant, Session
from facilitator.core.outcome import Outcome
from facilitator.core.owners import Owners
from facilitator.core.patterns import lazy
from facilitator.core.record import Part, Record

_ITEM_REF = lazy(r"(?i)^(?:on\s+)?item\s+([0-9]{1,6})\s*[:,-]?\s*")
_FOR = lazy(r"(?i)\s+for\s+")
_WORDS = {"present": "present", "absent": "absent", "apologies": "sent apologies"}


class Whereabouts(msgspec.Struct, frozen=True):
    """Where a participant is, as the register shows it.

    ``status`` is present | left | absent | apologies | expected (not marked: counted
    present); ``move`` is their last movement, if any: arrived (late), left, or returned
    (arrived again after leaving), during item number ``item`` at ``at`` (HH:MM)."""

    status: str
    move: str = ""
    item: int = 0
    at: str = ""

    def said(self) -> str:
        """In words: "left during item 3, 14:20", "returned during item 4, 14:35", or ""."""
        if not self.move:
            return ""
        where = f"during item {self.item}" if self.item else "during the meeting"
        return f"{self.move} {where}" + (f", {self.at}" if self.at else "")


def movements(session: Session) -> list[tuple[Attendance, str]]:
    """Every arrival and departure still in the record, in order, each with the word for it:
    arrived, left, or returned (an arrival after the same person left)."""
    gone: set[str] = set()
    found = []
    for move in sorted(session.attendance, key=lambda a: (a.seq, a.at)):
        if move.withdrawn:
            continue
        if move.text == "left":
            gone.add(move.name)
            word = "left"
        else:
            word = "returned" if move.name in gone else "arrived"
            gone.discard(move.name)
        found.append((move, word))
    return found


def whereabouts(session: Session, person: Participant) -> Whereabouts:
    status = session.status_of(person)
    mine = [(a, word) for a, word in movements(session) if a.name == person.name]
    if not mine:
        return Whereabouts(status)
    move, word = mine[-1]
    numbers = {item.id: n for n, item in enumerate(session.agenda, 1)}
    if word == "left" and status in ("present", "expected"):
        status = "left"
    return Whereabouts(status, word, numbers.get(move.item, 0), move.at[11:16])


class Roll(Part):
    def __init__(self, record: Record, leaving: Callable[[str, str], str]) -> None:
        """``leaving(name, at)`` takes someone who leaves off the floor and the speakers'
        list (``Speakers.off_the_floor``) and says what it did."""
        super().__init__(record)
        self.leaving = leaving

    def _person(self, text: str) -> tuple[str, str]:
        """(participant's name, the rest of the text) for text that starts with a name."""
        people = Owners.of(self.session.participants, people_only=True)
        name, used = people.resolve(text.split())
        rest = text.split(None, used)[used] if len(text.split()) > used else ""
        return name, rest.strip()

    def mark(self, status: str, who: str) -> Outcome:
        if status in ("arrived", "left"):
            return self._move_person(status, who)
        name, rest = self._person(who)
        if rest:
            raise CaptureError(f"/{status} takes just a name; {rest!r} is left over")
        return self.set_attendance(name, status)

    def set_attendance(self, name: str, status: str) -> Outcome:
        """Mark a participant (by exact name) present, absent or as having sent apologies.

        Present for someone who has left records their return. Someone who has come or gone
        during the meeting cannot be marked absent or as having sent apologies: the
        movement stays in the record (``/undo`` withdraws one typed by mistake)."""
        if status not in _WORDS:
            raise CaptureError(f"attendance is one of {', '.join(_WORDS)}")
        person = next(p for p in self.session.participants if p.name == name)
        where = whereabouts(self.session, person)
        if status == "present" and where.status == "left":
            return self._come_back(person)
        if status != "present" and where.move:
            raise CaptureError(
                f"{name} {where.said()}, so cannot be marked {_WORDS[status]} "
                "(/undo withdraws a movement typed by mistake)"
            )
        self.record.writer.update_where("participants", {"attendance": status}, name=name)
        return Outcome(f"{name}: {_WORDS[status]}")

    def newcomer(self, person: Participant) -> Outcome:
        """Someone not on the list comes to the meeting (a substitute, a guest): they join
        the end of the participant list, so they take the next speaker key after everyone
        on it, and are recorded as arriving at the current item (before the meeting starts,
        marked present)."""
        if any(p.name == person.name for p in self.session.participants):
            raise CaptureError(f"{person.name} is already a participant")
        if self.session.info.state == "ended":
            raise CaptureError("this meeting has ended — type /reopen to add to it")
        started = self.session.info.state != "upcoming"
        item = self.record.require_item() if started else 0  # refused before anything is saved
        person.id = max((p.id for p in self.session.participants), default=-1) + 1
        person.attendance = "" if started else "present"
        self.record.writer.insert("participants", person)
        if not started:
            return Outcome(f"{person.name} added to the participants: present")
        self.record.add(
            Attendance(item=item, text="arrived", name=person.name, at=self.record.now())
        )
        number = self.session.info.current_item + 1
        return Outcome(f"{person.name} added to the participants: arrived during item {number}")

    def _come_back(self, person: Participant) -> Outcome:
        """Someone who left is in the room again: recorded as their return."""
        item = self.record.require_item()
        self.record.add(
            Attendance(item=item, text="arrived", name=person.name, at=self.record.now())
        )
        number = self.session.info.current_item + 1
        return Outcome(f"{person.name} is back: returned during item {number}")

    def _move_person(self, status: str, who: str) -> Outcome:
        name, rest = self._person(who)
        if rest:
            raise CaptureError(f"/{status} takes just a name; {rest!r} is left over")
        person = next(p for p in self.session.participants if p.name == name)
        here = self.session.here_now(person)
        if status == "arrived" and here and self.session.status_of(person) == "present":
            raise CaptureError(f"{name} is already here")
        if status == "left" and not here:
            where = whereabouts(self.session, person)
            why = where.said() or _WORDS.get(where.status, "not marked present")
            raise CaptureError(f"{name} is not in the room ({why})")
        if status == "arrived" and whereabouts(self.session, person).status == "left":
            return self._come_back(person)
        item = self.record.require_item()
        at = self.record.now()
        # off the floor first: if the departure cannot be saved, typing it again still works
        off = self.leaving(name, at) if status == "left" else ""
        self.record.add(Attendance(item=item, text=status, name=name, at=at))
        number = self.session.info.current_item + 1
        return Outcome(f"{name} {status} during item {number}{off}")

    def declare(self, body: str) -> Outcome:
        name, rest = self._person(body)
        item = self.record.require_item()
        match = _ITEM_REF.match(rest)
        if match:
            index = int(match.group(1)) - 1
            if not 0 <= index < len(self.session.agenda):
                raise CaptureError(f"there is no item {index + 1}")
            item, rest = self.session.agenda[index].id, rest[match.end() :]
        if not rest.strip():
            raise CaptureError("say what the interest is: /interest NAME [item N] TEXT")
        self.record.add(Interest(item=item, text=rest.strip(), name=name, at=self.record.now()))
        number = next(n for n, i in enumerate(self.session.agenda, 1) if i.id == item)
        return Outcome(f"Interest declared by {name} on item {number}")

    def substitute(self, body: str) -> Outcome:
        """``NAME for MEMBER``: NAME stands in for MEMBER at this meeting. NAME joins the
        participants (MEMBER's organisation and sector) if not on the list already; MEMBER,
        not marked yet, is marked as having sent apologies. Refused for a MEMBER who is in
        the room, or who came or went during the meeting."""
        parts = _FOR.split(body.strip())
        if len(parts) < 2 or not parts[0].strip() or not parts[-1].strip():
            raise CaptureError("say who stands in for whom: /sub NAME for MEMBER")
        name, member_text = " for ".join(parts[:-1]).strip(), parts[-1].strip()
        member, rest = self._person(member_text)
        if rest:
            raise CaptureError(f"/sub: {rest!r} is left over after {member}")
        return self.stand_in(self._known(name) or " ".join(name.split()), member)

    def member(self, text: str) -> str:
        """The participant ``text`` names (as typed: part of a name, accents ignored)."""
        name, rest = self._person(text)
        if rest:
            raise CaptureError(f"{rest!r} is left over after {name}")
        return name

    def stand_in(self, who: str | Participant, member: str) -> Outcome:
        """``who`` (a participant's exact name, or someone new: a name, or a Participant
        whose blank organisation and sector are the member's) stands in for ``member`` (a
        participant's exact name) at this meeting."""
        mine = next(p for p in self.session.participants if p.name == member)
        name = who.name if isinstance(who, Participant) else who
        known = any(p.name == name for p in self.session.participants)
        if name == member:
            raise CaptureError(f"{member} cannot stand in for themselves")
        already = [p.name for p in self.session.participants if p.substitute_for == member]
        if already and already != [name]:
            raise CaptureError(f"{already[0]} already stands in for {member}")
        status = whereabouts(self.session, mine)
        if status.move or self.session.status_of(mine) == "present":
            raise CaptureError(
                f"{member} is marked present"
                + (f" ({status.said()})" if status.move else "")
                + f", so nobody stands in for them (/apologies {member} first)"
            )
        if self.session.info.state == "ended":
            raise CaptureError("this meeting has ended — type /reopen to add to it")
        if known and not isinstance(who, Participant):
            self.record.writer.update_where("participants", {"substitute_for": member}, name=name)
            said = f"{name} stands in for {member}"
        else:
            person = who if isinstance(who, Participant) else Participant(name=name)
            if not person.organisation:
                person.organisation, person.sector = mine.organisation, mine.sector
            person.substitute_for = member
            said = self.newcomer(person).message + f"; standing in for {member}"
        if mine.attendance == "" and not mine.apologies:
            self.record.writer.update_where(
                "participants", {"attendance": "apologies"}, name=member
            )
            said += f"; {member}: sent apologies"
        return Outcome(said)

    def _known(self, text: str) -> str:
        """The participant ``text`` names in full, or "" for someone not on the list."""
        try:
            name, used = Owners.of(self.session.participants, people_only=True).resolve(
                text.split()
            )
        except CaptureError:
            return ""
        return name if used == len(text.split()) else ""

    def remote(self, who: str) -> Outcome:
        """Mark someone as attending remotely; a second time, in the room after all."""
        name, rest = self._person(who)
        if rest:
            raise CaptureError(f"/remote takes just a name; {rest!r} is left over")
        person = next(p for p in self.session.participants if p.name == name)
        now = not person.remote
        self.record.writer.update_where("participants", {"remote": now}, name=name)
        return Outcome(f"{name}: attending remotely" if now else f"{name}: in the room")
