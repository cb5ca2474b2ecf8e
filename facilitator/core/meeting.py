"""Running a meeting: carry out captured commands against a session, durably.

A :class:`Meeting` is made of parts, each an object with the state it needs, all writing
through the meeting's one :class:`~facilitator.core.record.Record`: the course through the
agenda, what is captured on an item, agenda changes, the roll, the speakers, the chair,
follow-ups, decision edits and the checklist review. A typed line is read against the table
of commands (``capture.COMMANDS``), which names the part's method that carries it out.

Every method returns only after the change is on disk (the store's atomic write); if the
write fails, ``OSError`` propagates and neither the file nor the in-memory session changes,
so the caller can say "NOT saved" and keep the typed line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from facilitator.core import capture
from facilitator.core.approval import Approve
from facilitator.core.capture import COMMANDS, CaptureError, CommandSpec
from facilitator.core.chair import Chair
from facilitator.core.checklists import Checklist
from facilitator.core.clock import Clock, item_elapsed
from facilitator.core.course import Course
from facilitator.core.decision_edit import DecisionEdits
from facilitator.core.entries import Entries, split_due
from facilitator.core.followup import FollowUp
from facilitator.core.live_agenda import AgendaChanges
from facilitator.core.model import Participant, Session
from facilitator.core.outcome import Outcome
from facilitator.core.owners import Owners
from facilitator.core.prompts import Config, Prompt, load_config
from facilitator.core.record import Record
from facilitator.core.review import ReadAnswer, Review
from facilitator.core.roll import Roll
from facilitator.core.speakers import Speakers
from facilitator.core.store import SessionWriter
from facilitator.core.tracker import ActionRow

# Meeting, and what callers have long imported from here beside it (each now has its home:
# outcome.py, clock.py, entries.py).
__all__ = ["Meeting", "Outcome", "item_elapsed", "split_due"]


class Meeting:
    """A session open for writing, made of its parts, and the capture bar's way in."""

    def __init__(
        self,
        writer: SessionWriter,
        clock: Clock = datetime.now,
        prompt_config: Config | None = None,
    ):
        self.record = record = Record(writer, clock)
        self.speakers = Speakers(record)
        self.roll = Roll(record, leaving=self.speakers.off_the_floor)
        self.course = Course(record, self.speakers)
        self.chair = Chair(record, prompt_config if prompt_config is not None else load_config())
        self.live_agenda = AgendaChanges(record, self.course, self.chair)
        self.followup = FollowUp(record)
        self.entries = Entries(record, self.followup)
        self.decision_edit = DecisionEdits(record)
        self.review = Review(record, self.entries)
        self.approval = Approve(record)  # /approve: the previous meeting's minutes
        self.entries.approval = self.approval  # its /undo takes the approval back
        self._handlers = {s.name: self.handler(s) for s in COMMANDS.values() if s.does}

    def handler(self, spec: CommandSpec) -> Callable[..., Outcome]:
        """The method of the part that carries out ``spec``'s command ("speakers.speak")."""
        part, method = spec.does.split(".")
        found: Callable[..., Outcome] = getattr(getattr(self, part), method)
        return found

    @property
    def writer(self) -> SessionWriter:
        return self.record.writer

    @property
    def clock(self) -> Clock:
        return self.record.clock

    @property
    def session(self) -> Session:
        return self.record.session

    @property
    def owners(self) -> Owners:
        return self.record.owners

    @property
    def prompt_config(self) -> Config:
        return self.chair.prompt_config

    def day(self) -> date:
        return self.record.day()

    # -- the capture bar

    def capture(self, line: str) -> Outcome | None:
        """Carry out one typed line. ``None`` for a blank line.

        Raises CaptureError (bad command, unknown owner, bad date: nothing saved) or
        OSError (the disk refused the write: nothing saved)."""
        found = capture.read(line)
        if found is None:
            return None
        spec, command = found
        if self.session.info.state == "ended" and not spec.when_ended:
            raise CaptureError("this meeting has ended — type /reopen to add to it")
        if spec.opens:
            raise CaptureError("that opens a screen of the live meeting (F1 lists the keys)")
        return self._handlers[spec.name](*command.args())

    # -- what the screens ask of the parts

    def prompts(self) -> list[Prompt]:
        return self.chair.prompts()

    def review_gap(self) -> tuple[int, str]:
        return self.chair.review_gap()

    def action_codes(self) -> dict[int, str]:
        return self.followup.action_codes()

    def open_actions(
        self, *, apart: bool = False, stop: Callable[[], bool] = lambda: False
    ) -> list[ActionRow]:
        return self.followup.open_actions(apart=apart, stop=stop)

    def set_attendance(self, name: str, status: str) -> Outcome:
        return self.roll.set_attendance(name, status)

    def newcomer(self, person: Participant) -> Outcome:
        return self.roll.newcomer(person)

    def stand_in(self, who: str | Participant, member: str) -> Outcome:
        return self.roll.stand_in(who, member)

    def edit_decision(self, seq: int, values: dict[str, Any]) -> Outcome:
        return self.decision_edit.edit_decision(seq, values)

    def record_answer(self, checklist: Checklist | str, ref: str, typed: str) -> ReadAnswer:
        return self.review.record_answer(checklist, ref, typed)

    def improvement_action(self, checklist: str, ref: str, body: str) -> str:
        return self.review.improvement_action(checklist, ref, body)
