"""Following actions up from a meeting: ``/done 2.3``, ``/redate 2.3 friday``… A mixin of
``Meeting``. The change goes to the one record of the action, in the session that raised it,
whichever meeting it is made from (matters arising)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from facilitator.core.capture import CaptureError
from facilitator.core.model import Session
from facilitator.core.store import SessionStore, SessionWriter, StoreError
from facilitator.core.tracker import ActionRow, Archive, TrackerError, find_action, update_action

if TYPE_CHECKING:
    from facilitator.core.meeting import Outcome

VERBS = {"done", "drop", "redate", "reassign", "actnote"}


class FollowUp:
    writer: SessionWriter
    clock: Callable[[], datetime]
    session: Session

    @property
    def archive(self) -> Archive:
        return Archive(SessionStore(self.writer.path.parent))

    def open_actions(self) -> list[ActionRow]:
        """This partnership's open actions, from every session so far, this one included."""
        mine = self.session.info
        return [
            a
            for a in self.archive.actions()
            if a.partnership == mine.partnership
            and a.status == "open"
            and (a.session_date, a.session) <= (mine.date, mine.id)
        ]

    def follow_up(self, verb: str, arg: str) -> Outcome:
        from facilitator.core.meeting import Outcome

        code, _, rest = arg.strip().partition(" ")
        rest = rest.strip()
        archive = self.archive
        try:
            row = find_action(archive.actions(), code, self.session.info.partnership)
            change = {
                "done": {"status": "done", "note": rest},
                "drop": {"status": "dropped", "note": rest},
                "redate": {"due": rest},
                "reassign": {"owner": rest.removeprefix("@")},
                "actnote": {"note": rest},
            }[verb]
            if verb in ("redate", "reassign", "actnote") and not rest:
                raise TrackerError(f"/{verb} {code} needs more after the code")
            said = update_action(
                archive.store,
                row,
                where=self.session.info.id,
                clock=self.clock,
                writer=self.writer,
                people=self.session.participants,
                **change,
            )
        except (TrackerError, StoreError) as exc:
            raise CaptureError(str(exc)) from None
        told = f"Action {row.code} ({row.owner or 'no owner'}: {row.text}) — {said}"
        if rest and verb in ("done", "drop"):
            told += f" — {rest}"
        if row.session != self.session.info.id:  # so this meeting's minutes say it too
            noted = f"Action {row.code} (confidential) — {said}" if row.confidential else told
            self.add_note(f"Matters arising: {noted}")  # type: ignore[attr-defined]
        return Outcome(told)
