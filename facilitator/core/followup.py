"""Following actions up from a meeting: ``/done 2.3``, ``/redate 2.3 friday``… A part of
``Meeting``. The change goes to the one record of the action, in the session that raised it,
whichever meeting it is made from (matters arising)."""

from __future__ import annotations

from collections.abc import Callable

from facilitator.core.capture import CaptureError
from facilitator.core.errors import UserError
from facilitator.core.model import Note
from facilitator.core.outcome import Outcome
from facilitator.core.record import Part, Record
from facilitator.core.store import SessionLocked, StoreError
from facilitator.core.tracker import (
    ActionRow,
    Archive,
    TrackerError,
    find_action,
    number_actions,
    place,
    revert_action,
    update_action,
)

REVERTIBLE = ("status", "due", "due_text", "owner")  # what /undo of a follow-up puts back


class FollowUp(Part):
    def __init__(self, record: Record) -> None:
        super().__init__(record)
        self._ordinal: tuple[tuple[str, str, str], int] | None = None

    @property
    def archive(self) -> Archive:
        """The sessions of the data folder this one belongs to, where its actions are."""
        return Archive(self.record.store)

    def action_codes(self) -> dict[int, str]:
        """Action seq → ``S.N`` code of this meeting's actions, as the tracker, the minutes
        and the next meeting's /done know them. The session's place among its partnership's
        sessions is read from the archive's list once (again if its date changes)."""
        info = self.session.info
        key = (info.partnership, info.date, info.id)
        if self._ordinal is None or self._ordinal[0] != key:
            self._ordinal = (key, place(self.archive.listings(), info))
        return number_actions(self.session, self._ordinal[1])

    def open_actions(
        self, *, apart: bool = False, stop: Callable[[], bool] = lambda: False
    ) -> list[ActionRow]:
        """This partnership's open actions, from every session so far, this one included,
        through the review index (it reads the files changed since: call it off the event
        loop, as the live screen does; ``apart`` and ``stop`` as in
        :meth:`ReviewIndex.refresh`: stopped, the index as far as it got)."""
        from facilitator.core.review_index import ReviewIndex  # SQLite: not at every start

        with ReviewIndex(self.archive.store) as index:
            index.refresh(stop, apart=apart)
            return index.open_actions(self.session.info)

    def follow_up(self, verb: str, arg: str) -> Outcome:
        code, _, rest = arg.strip().partition(" ")
        rest = rest.strip()
        item = self.record.require_item()  # before changing anything
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
            changed = update_action(
                archive.store,
                row,
                where=self.session.info.id,
                clock=self.record.clock,
                writer=self.record.writer,
                people=self.session.participants,
                **change,
            )
        except (TrackerError, StoreError) as exc:
            raise CaptureError(str(exc)) from None
        said = changed.said
        told = f"Action {row.code} ({row.owner or 'no owner'}: {row.text}) — {said}"
        if rest and verb in ("done", "drop"):
            told += f" — {rest}"
        # A note at this meeting, so its minutes say it too and /undo can put it back.
        noted = f"Action {row.code} (confidential) — {said}" if row.confidential else told
        spoken = rest and verb in ("done", "drop") and not row.confidential
        update = f"{said} — {rest}" if spoken else said  # for the matters arising table
        here = row.session == self.session.info.id
        note = Note(
            item=item,
            text=f"{'Action update' if here else 'Matters arising'}: {noted}",
            at=self.record.now(),
            action_session=row.session,
            action_seq=row.seq,
            changed=changed.fields,
            update=update,
        )
        try:
            self.record.add(note)
        except OSError as exc:  # the action's change is on disk: say so, not "NOT SAVED"
            return Outcome(
                f"{told} — saved; but the note at this meeting was NOT saved ({exc.strerror}),"
                " so /undo cannot put it back"
            )
        return Outcome(told)

    def undo_follow_up(self, note: Note) -> str:
        """Put back what the follow-up ``note`` changed (``/undo`` of that note). Refused
        while the action's session is open elsewhere (nothing is withdrawn); if it cannot
        be put back at all (its session gone or damaged), the note is withdrawn anyway and
        the words say so, so /undo never sticks."""
        try:
            if len(note.changed) % 3:
                raise TrackerError("its record of the change is damaged")
            flat = note.changed
            triples = list(zip(flat[::3], flat[1::3], flat[2::3], strict=True))
            return "the action is put back: " + revert_action(
                self.archive.store,
                note.action_session,
                note.action_seq,
                [(k, before, after) for k, before, after in triples if k in REVERTIBLE],
                where=self.session.info.id,
                clock=self.record.clock,
                writer=self.record.writer,
            )
        except SessionLocked as exc:
            raise CaptureError(f"the action was not put back: {exc}") from None
        except UserError as exc:  # its session gone or damaged: said, and /undo goes on
            return f"the action could NOT be put back ({exc}); change it in the tracker (t)"
