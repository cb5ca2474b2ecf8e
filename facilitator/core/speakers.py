"""Who is speaking, who is waiting, and how the talking is shared out.

``Speakers`` is a part of ``Meeting``: starting a speaker ends the current turn, and every
turn (participant, item, start, end) is stored. ``balance`` and ``unheard`` are pure
functions of a session and a clock, for the live screen, the room view and the minutes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import msgspec

from facilitator.core.capture import CaptureError
from facilitator.core.model import Session, Turn
from facilitator.core.outcome import Outcome
from facilitator.core.owners import Owners
from facilitator.core.record import Part
from facilitator.core.roll import whereabouts


def turn_seconds(turn: Turn, now: datetime) -> int:
    end = datetime.fromisoformat(turn.end) if turn.end else now
    return max(int((end - datetime.fromisoformat(turn.start)).total_seconds()), 0)


def speaking_now(session: Session) -> str:
    open_turns = [t for t in session.turns if not t.end]
    return open_turns[-1].name if open_turns else ""


class Share(msgspec.Struct, frozen=True):
    """One participant's (or sector's) part of the talking."""

    who: str
    turns: int
    seconds: int


def balance(
    session: Session, now: datetime, item: int | None = None, by: str = "participant"
) -> list[Share]:
    """Turns and speaking time per participant (or per ``sector`` / ``organisation``), for one
    item or the whole meeting, largest first. Everyone present is listed, silent or not."""
    people = {p.name: p for p in session.participants}

    def group(name: str) -> str:
        person = people.get(name)
        if by == "participant" or person is None:
            return name
        return getattr(person, by) or "other"

    turns: dict[str, int] = defaultdict(int)
    seconds: dict[str, int] = defaultdict(int)
    for p in session.present:
        turns[group(p.name)] += 0
        seconds[group(p.name)] += 0
    for turn in session.turns:
        if item is None or turn.item == item:
            turns[group(turn.name)] += 1
            seconds[group(turn.name)] += turn_seconds(turn, now)
    shares = [Share(who, turns[who], seconds[who]) for who in turns]
    return sorted(shares, key=lambda s: (-s.seconds, -s.turns, s.who.casefold()))


def unheard(session: Session, item: int) -> dict[str, list[str]]:
    """Who is in the room and has not spoken on ``item``, grouped by sector."""
    spoken = {t.name for t in session.turns if t.item == item}
    groups: dict[str, list[str]] = defaultdict(list)
    for person in session.participants:
        if session.here_now(person) and person.name not in spoken:
            groups[person.sector].append(person.name)
    return dict(sorted(groups.items()))


KEY_SYMBOLS = "123456789abcdefghijklmnopqrstuvwxyz"


def speaker_keys(session: Session) -> dict[str, str]:
    """The key (1–9, then a–z) of each participant in the room.

    Each person has one key for the whole meeting, from their place in the participant list
    (the first is 1, the tenth a), whether or not they are in the room: the keys of those
    who have left, sent apologies or not arrived are kept for them, not handed to others.
    Someone added during the meeting joins the end of the list and takes the next key after
    everyone on it; beyond the 35th, people have no key (``/speak NAME``)."""
    return {
        key: person.name
        for key, person in zip(KEY_SYMBOLS, session.participants, strict=False)
        if session.here_now(person)
    }


class Speakers(Part):

    def _who(self, text: str) -> str:
        name, used = Owners.of(self.session.participants, people_only=True).resolve(text.split())
        if used != len(text.split()):
            raise CaptureError(f"{text[:40]!r} is more than a name")
        return name

    def close_turn(self, at: str) -> str:
        """The turn of whoever is speaking ends at ``at``; their name ("" for nobody)."""
        speaker = speaking_now(self.session)
        if speaker:
            self.record.writer.update_where("turns", {"end": at}, end="", name=speaker)
        return speaker

    def _in_the_room(self, name: str) -> None:
        """Refuse the floor or the list to someone who is not in the room now."""
        person = next(p for p in self.session.participants if p.name == name)
        if self.session.here_now(person):
            return
        where = whereabouts(self.session, person)
        why = where.said() or {"absent": "marked absent", "apologies": "sent apologies"}.get(
            where.status, where.status
        )
        raise CaptureError(f"{name} is not in the room ({why}) — /arrived {name} if they are")

    def off_the_floor(self, name: str, at: str) -> str:
        """Someone leaving: their turn ends and they leave the speakers' list. Says which."""
        said = ""
        if speaking_now(self.session) == name:
            self.close_turn(at)
            said += "; their turn ended"
        if name in self.session.info.queue:
            self._set_queue([n for n in self.session.info.queue if n != name])
            said += "; taken off the speakers' list"
        return said

    def speak(self, who: str) -> Outcome:
        """``who`` (a name, or a participant's exact name) starts speaking now."""
        name = who if who in {p.name for p in self.session.participants} else self._who(who)
        self._in_the_room(name)
        item = self.record.require_item()
        self.record.start()
        at = self.record.now()
        previous = self.close_turn(at)
        self.record.writer.insert("turns", Turn(name=name, item=item, start=at))
        if name in self.session.info.queue:
            self._set_queue([n for n in self.session.info.queue if n != name])
        after = f" (after {previous})" if previous and previous != name else ""
        return Outcome(f"Speaking: {name}{after}")

    def stop_speaking(self) -> Outcome:
        speaker = self.close_turn(self.record.now())
        if not speaker:
            raise CaptureError("nobody is marked as speaking")
        return Outcome(f"{speaker} stopped speaking")

    def enqueue(self, who: str) -> Outcome:
        name = who if who in {p.name for p in self.session.participants} else self._who(who)
        queue = self.session.info.queue
        if name in queue:
            raise CaptureError(f"{name} is already waiting (number {queue.index(name) + 1})")
        self._in_the_room(name)
        self._set_queue([*queue, name])
        return Outcome(f"{name} is waiting to speak (number {len(queue) + 1})")

    def dequeue(self, who: str) -> Outcome:
        name = who if who in {p.name for p in self.session.participants} else self._who(who)
        if name not in self.session.info.queue:
            raise CaptureError(f"{name} is not waiting to speak")
        self._set_queue([n for n in self.session.info.queue if n != name])
        return Outcome(f"{name} taken off the speakers' list")

    def next_speaker(self) -> Outcome:
        queue = self.session.info.queue
        if not queue:
            raise CaptureError("nobody is waiting to speak")
        return self.speak(queue[0])

    def _set_queue(self, names: list[str]) -> None:
        self.record.set_session(queue=names)
