"""Approving the minutes of the previous meeting, and correcting minutes once approved.

A session's minutes are a draft until a later meeting of the partnership approves them as a
true record: ``/approve`` (or ``/approve with corrections TEXT``) on that meeting's minutes
item, or ``facilitator approve ID --at SESSION`` for a meeting held without the app. The
approval is stored in the EARLIER session (:class:`~facilitator.core.model.Approval`), under
that session's own writer lock; from then on its record is locked (``SessionWriter._guard``):
a change to it is only a recorded correction (:func:`amend`), listed in its minutes under
"Amendments after approval". Follow-ups to its actions still work.

The previous meeting is the latest earlier session of the same partnership (by date, then
id). Approved minutes carry a fingerprint (core/fingerprint.py); the approval keeps the
fingerprints of both versions as approved, and each amendment those after it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from facilitator.core.capture import CaptureError
from facilitator.core.dates import show_when
from facilitator.core.errors import UserError
from facilitator.core.model import AgendaItem, Amendment, Approval, Note, Session, SessionInfo
from facilitator.core.outcome import Outcome, short
from facilitator.core.patterns import lazy
from facilitator.core.record import Part
from facilitator.core.store import RecordLocked, SessionStore, SessionWriter, StoreError
from facilitator.core.tracker import Archive, number_actions, partnership_sessions, place

_MINUTES_ITEM = lazy(r"(?i)\bminutes\b")
_WITH_CORRECTIONS = lazy(r"(?is)\Awith\s+corrections?\b[\s:,-]*(.*)\Z")
NOTE_START = "Minutes of the meeting of "  # the approving meeting's note begins so


class ApprovalError(UserError):
    """An approval or a correction that cannot be made; one line for the user."""


def is_minutes_item(item: AgendaItem) -> bool:
    """The agenda item where the last meeting's minutes are taken ("Minutes of the last
    meeting and matters arising", "Minutes of the last review", "Approval of minutes")."""
    return bool(_MINUTES_ITEM.search(item.title))


def _key(info: SessionInfo | dict[str, Any]) -> tuple[str, str]:
    if isinstance(info, SessionInfo):
        return (info.date, info.id)
    return (info["date"], info["id"])


def previous_meeting(store: SessionStore, info: SessionInfo) -> Session | None:
    """The latest earlier session of ``info``'s partnership (by date, then id), or None."""
    earlier = [
        found
        for found in Archive(store).listings()
        if found["partnership"] == info.partnership
        and found["id"] != info.id
        and _key(found) < _key(info)
    ]
    if not earlier:
        return None
    return store.load(max(earlier, key=_key)["id"])


def approved_words(approval: Approval) -> str:
    """"approved as a true record at the meeting of Tue 1 Dec 2026 (2026-12-01-board) on …"."""
    said = "approved as a true record" + (", with corrections," if approval.corrections else "")
    if approval.by_date:
        said += f" at the meeting of {show_when(approval.by_date[:10])}"
    if approval.by_session:
        said += f" ({approval.by_session})"
    return said


def fingerprints(store: SessionStore, session: Session) -> tuple[str, str]:
    """The fingerprints of ``session``'s full and public minutes as they now read (the
    session should be approved: only approved minutes carry one)."""
    from facilitator.core.minutes import build_minutes  # not at every start
    from facilitator.core.minutes_doc import minutes_fingerprint

    others = partnership_sessions(store, session.info.partnership, but=session.info.id)
    return (
        minutes_fingerprint(build_minutes(session, others)),
        minutes_fingerprint(build_minutes(session, others, public=True)),
    )


def held_on(info: SessionInfo) -> str:
    """The day a meeting was held (it may not be its planned one: issue 14), else its
    planned date."""
    return info.started_at[:10] or info.date


def approve_minutes(
    store: SessionStore,
    session_id: str,
    *,
    by: SessionInfo | None,
    at: str,
    corrections: str = "",
    note_seq: int = 0,
    by_date: str = "",
) -> Approval:
    """Record in session ``session_id`` that its minutes were approved as a true record at
    the meeting ``by`` (None: one not recorded here, held on ``by_date``) at ``at``, with
    ``corrections`` if any.
    Takes that session's writer lock for the moment of the write: StoreError (one line) if it
    is open elsewhere, ApprovalError if it was not held, has ended, or is approved already."""
    writer = store.writer(session_id)
    try:
        session = writer.session
        info = session.info
        if info.state != "ended":
            held = "has not been held" if info.state == "upcoming" else "has not ended"
            raise ApprovalError(
                f"the meeting of {show_when(info.date[:10]) or 'no date'} ({info.id}) {held}: "
                "only the minutes of a meeting that has ended are approved"
            )
        if session.approval is not None:
            raise ApprovalError(
                f"the minutes of the meeting of {show_when(info.date[:10]) or 'no date'} "
                f"({info.id}) were already {approved_words(session.approval)} on "
                f"{session.approval.at[:10]}"
            )
        approval = Approval(
            by_session=by.id if by else "",
            by_date=by_date or (held_on(by) if by else ""),
            at=at,
            corrections=" ".join(corrections.split()),
            note_seq=note_seq,
        )
        approved = copy.copy(session)
        approved.approvals = [approval]
        approval.fingerprint, approval.public_fingerprint = fingerprints(store, approved)
        writer.approve(approval)
        return approval
    finally:
        writer.close()


class Approve(Part):
    """``/approve`` at a meeting: the previous meeting's minutes approved as a true record."""

    def approve(self, rest: str = "") -> Outcome:
        corrections = ""
        if rest.strip():
            found = _WITH_CORRECTIONS.match(rest.strip())
            if found is None:
                raise CaptureError(
                    "/approve takes nothing, or 'with corrections TEXT': /approve with "
                    "corrections item 3 should read …"
                )
            corrections = found.group(1).strip()
            if not corrections:
                raise CaptureError("say what was corrected: /approve with corrections TEXT")
        record = self.record
        item_id = record.require_item()
        agenda = self.session.agenda
        minutes_items = [(n, i) for n, i in enumerate(agenda, start=1) if is_minutes_item(i)]
        if minutes_items and item_id not in {i.id for _, i in minutes_items}:
            number, item = minutes_items[0]
            raise CaptureError(
                f"the minutes are approved on item {number}, {short(item.title)!r}: "
                f"/goto {number} first"
            )
        info = self.session.info
        try:
            earlier = previous_meeting(record.store, info)
        except StoreError as exc:
            raise CaptureError(f"the previous meeting cannot be read: {exc}") from None
        if earlier is None:
            raise CaptureError(
                f"no earlier meeting of {info.partnership or 'this partnership'} is recorded "
                "here, so there are no minutes to approve"
            )
        seq = self.session.last_seq + 1  # the note below is the next entry
        try:
            approval = approve_minutes(
                record.store,
                earlier.info.id,
                by=info,
                at=record.now(),
                by_date=record.now()[:10],  # this meeting is being held now, whatever its plan
                corrections=corrections,
                note_seq=seq,
            )
        except (ApprovalError, StoreError) as exc:
            raise CaptureError(str(exc)) from None
        when = show_when(earlier.info.date[:10]) or earlier.info.id
        text = f"{NOTE_START}{when} approved as a true record"
        if approval.corrections:  # their words stay in the earlier meeting's full minutes:
            # this note is open business, in this meeting's public minutes, and corrections
            # may be to an exempt item (its public minutes leave them out for that reason)
            text += f", with corrections (set out in the full minutes of {earlier.info.id})"
        told = (
            f"Approved the minutes of the meeting of {when} as a true record"
            + (" with corrections" if approval.corrections else "")
            + f" — {earlier.info.id} is now locked (its corrections only as amendments)"
        )
        try:
            record.add(Note(item=item_id, text=text, at=record.now()))
        except OSError as exc:
            return Outcome(f"{told}; but the note here was NOT saved ({exc.strerror})")
        return Outcome(told)

    def undo_approval(self, note: Note) -> str | None:
        """``/undo`` of the note an approval made here: the approval is taken back (the
        earlier record unlocked), while nothing has been amended since. None if ``note``
        is not such a note; CaptureError if it cannot be taken back (nothing withdrawn)."""
        if not note.text.startswith(NOTE_START):
            return None
        store = self.record.store
        try:
            earlier = previous_meeting(store, self.session.info)
        except StoreError:
            return None
        approval = earlier.approval if earlier else None
        if earlier is None or approval is None:
            return None
        if approval.by_session != self.session.info.id or approval.note_seq != note.seq:
            return None
        try:
            writer = store.writer(earlier.info.id)
        except StoreError as exc:
            raise CaptureError(f"the approval was not taken back: {exc}") from None
        try:
            writer.unapprove(self.session.info.id)
        except RecordLocked as exc:
            raise CaptureError(str(exc)) from None
        finally:
            writer.close()
        return f"the minutes of {earlier.info.id} are a draft again"


# --------------------------------------------------------------------------- corrections

AMENDABLE = ("item", "note", "decision", "action")


def amend(
    store: SessionStore,
    session_id: str,
    kind: str,
    ref: str,
    text: str,
    *,
    by: str,
    clock: Callable[[], datetime] = datetime.now,
) -> Amendment:
    """Correct approved minutes: item N's title (``kind`` "item", ``ref`` "3"), the K-th note
    of item N ("note", "3.2"), decision D2's text ("decision", "D2") or action S.N's text
    ("action", "1.2"), to ``text``, recorded in the amendment log with ``by`` (a person or
    a meeting). One atomic write; ApprovalError/StoreError (one line) if it cannot be made."""
    text = " ".join(text.split()) if kind == "item" else text.strip()
    if not text:
        raise ApprovalError("the corrected text is empty")
    if not by.strip():
        raise ApprovalError("say who makes the correction: --by NAME (or the meeting)")
    writer = store.writer(session_id)
    try:
        session = writer.session
        if session.approval is None:
            raise ApprovalError(
                f"the minutes of {session_id} are not approved yet: correct the record "
                "directly (the plan, or /edit at the meeting)"
            )
        table, field, key, record, what = _target(store, writer, kind, ref)
        before = getattr(record, field)
        if before == text:
            raise ApprovalError(f"{what} already reads so: nothing to correct")
        at = clock().replace(microsecond=0, tzinfo=None).isoformat()
        amendment = Amendment(
            at=at,
            what=what,
            before=before,
            after=text,
            by=" ".join(by.split()),
            table=table,
            ref=getattr(record, key),
        )
        changed = copy.deepcopy(session)
        target = next(r for r in getattr(changed, table) if getattr(r, key) == getattr(record, key))
        setattr(target, field, text)
        changed.amendments = [*changed.amendments, amendment]
        amendment.fingerprint, amendment.public_fingerprint = fingerprints(store, changed)
        writer.amend(table, {field: text}, [amendment], **{key: getattr(record, key)})
        return amendment
    finally:
        writer.close()


def _target(
    store: SessionStore, writer: SessionWriter, kind: str, ref: str
) -> tuple[str, str, str, Any, str]:
    """(table, field, key field, record, what in words) of what a correction names."""
    session = writer.session
    ref = ref.strip()
    numbers = {i.id: n for n, i in enumerate(session.agenda, start=1)}
    if kind == "item":
        n = _number(ref, "an item number, as the minutes number them")
        if not 1 <= n <= len(session.agenda):
            raise ApprovalError(f"there is no item {n} (the agenda has {len(session.agenda)})")
        return "agenda", "title", "id", session.agenda[n - 1], f"item {n} title"
    if kind == "note":
        item, _, k = ref.partition(".")
        n, m = _number(item, "N.K: the K-th note of item N"), _number(k, "N.K")
        if not 1 <= n <= len(session.agenda):
            raise ApprovalError(f"there is no item {n} (the agenda has {len(session.agenda)})")
        notes = [x for x in session.notes if x.item == session.agenda[n - 1].id and not x.withdrawn]
        if not 1 <= m <= len(notes):
            raise ApprovalError(f"item {n} has {len(notes)} notes in its minutes, not {m}")
        return "notes", "text", "seq", notes[m - 1], f"note {m} of item {n}"
    if kind == "decision":
        from facilitator.core import decision_links

        try:
            decision = decision_links.find(session, ref)
        except UserError as exc:
            raise ApprovalError(str(exc)) from None
        label = decision_links.label(session, decision.seq)
        return "decisions", "text", "seq", decision, f"decision {label}"
    if kind == "action":
        ordinal = place(Archive(store).listings(), session.info)
        codes = {code: seq for seq, code in number_actions(session, ordinal).items()}
        if ref not in codes:
            listed = ", ".join(sorted(codes)) or "none"
            raise ApprovalError(f"no action {ref} in these minutes (its actions: {listed})")
        action = next(a for a in session.actions if a.seq == codes[ref])
        return "actions", "text", "seq", action, f"action {ref} (item {numbers.get(action.item)})"
    raise ApprovalError(f"a correction is to one of: {', '.join(AMENDABLE)}")


def _number(text: str, what: str) -> int:
    if not re.fullmatch(r"[0-9]+", text.strip()):  # isdigit() takes '²', which int() refuses
        raise ApprovalError(f"{text.strip()!r} is not {what}")
    return int(text)
