"""What is captured on the current item: notes, decisions, actions, an action's link to the
decision it carries out, and ``/undo``. A part of :class:`~facilitator.core.meeting.Meeting`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from facilitator.core import decision_links
from facilitator.core.capture import CaptureError
from facilitator.core.dates import DateError, echo_date, looks_like_date, parse_date
from facilitator.core.decision_form import read_details
from facilitator.core.followup import FollowUp
from facilitator.core.model import Action, Decision, Entry, Note
from facilitator.core.outcome import Outcome, short
from facilitator.core.owners import split_owner
from facilitator.core.patterns import lazy
from facilitator.core.record import Part, Record

_DUE = lazy(r"(?i)(?:^|\s)(by|due)\s+(?=\S)")


def describe(entry: Entry, width: int = 50) -> str:
    """A short description of an entry: "note: …", "Kevin Marsh arrived"."""
    name = getattr(entry, "name", "")
    if entry.kind == "attendance":
        return f"{name} {entry.text}"
    text = entry.text if len(entry.text) <= width else entry.text[: width - 1] + "…"
    if entry.kind == "interest":
        return f"interest declared by {name}: {text}"
    return f"{entry.kind}: {text}"


def split_due(body: str, today: date) -> tuple[str, str, str]:
    """Take a trailing ``by DATE`` / ``due DATE`` off an action: (text, ISO due, typed).

    ``due`` must be followed by a date. ``by`` counts only when what follows looks like a
    date ("by phone" stays part of the text); a date-like value that is not a real date is
    refused, never guessed.
    """
    matches = list(_DUE.finditer(body))
    if not matches:
        return body.strip(), "", ""
    last = matches[-1]
    marker, typed = last.group(1).lower(), body[last.end() :].strip().rstrip(".,;!")
    if marker == "by" and not looks_like_date(typed):
        return body.strip(), "", ""
    try:
        due = parse_date(typed, today)
    except DateError as exc:
        raise CaptureError(f"due date not saved: {exc}") from None
    return body[: last.start()].strip(), due.isoformat(), typed


class Entries(Part):
    def __init__(self, record: Record, followup: FollowUp) -> None:
        super().__init__(record)
        self.followup = followup  # /undo of a follow-up puts its action back
        self.approval: Any = None  # /undo of /approve takes it back (approval.Approve)

    def add_note(self, text: str) -> Outcome:
        record = self.record
        record.add(Note(item=record.require_item(), text=text, at=record.now()))
        return Outcome("Note saved")

    def add_decision(self, body: str) -> Outcome:
        record = self.record
        text, owner = split_owner(body, record.owners)
        d = read_details(text, record.day())
        item = record.require_item()
        record.add(
            Decision(
                item=item,
                text=d.text,
                owner=owner,
                at=record.now(),
                how=d.how,
                votes_for=d.votes[0],
                votes_against=d.votes[1],
                votes_abstain=d.votes[2],
                status=d.status,
                review=d.review,
                review_text=d.review_text,
                confidential=d.confidential,
            )
        )
        who = f"owner: {owner}" if owner else "no owner yet (add @OWNER)"
        return Outcome(f"Decision saved — {who} · {d.echo()}")

    def add_action(self, body: str) -> Outcome:
        record = self.record
        text, owner = split_owner(body, record.owners)
        text, link = decision_links.take(text, self.session)
        text, due, due_text = split_due(text, record.day())
        if not text:
            raise CaptureError("an action needs its text: /action @OWNER TEXT [by DATE]")
        item = record.require_item()
        record.add(
            Action(
                item=item,
                text=text,
                owner=owner,
                due=due,
                due_text=due_text,
                at=record.now(),
                decision=link.seq if link else 0,
            )
        )
        who = owner or "no owner yet (add @OWNER)"
        when = f"due {echo_date(date.fromisoformat(due))}" if due else "no due date (add 'by DATE')"
        if due and due < record.day().isoformat():
            when += " — ⚠ that date has already passed"
        return Outcome(f"Action saved — {who}, {when}{self._link_said(link, item)}")

    def _link_said(self, link: Decision | None, item: int) -> str:
        """The echo of an action's link, or how to make one where a decision is at hand."""
        session = self.session
        if link is not None:
            name = decision_links.label(session, link.seq)
            return f" — carries out {name} '{short(link.text)}' (/unlink to undo)"
        here = [d for d in session.decisions if d.item == item and not d.withdrawn]
        if not here:
            return ""
        name = decision_links.label(session, here[-1].seq)
        if here[-1].confidential:  # unlinked, it is not withheld with the decision
            return (
                f" — ⚠ not linked to the confidential decision {name}, so it will be in the "
                f"public minutes ('/link {name}' keeps it private)"
            )
        return f" — not linked to a decision ('/link {name}' links it)"

    def _last_action(self) -> Action:
        actions = [a for a in self.session.actions if not a.withdrawn]
        if not actions:
            raise CaptureError("no action has been recorded at this meeting yet")
        return max(actions, key=lambda a: a.seq)

    def link_action(self, wanted: str) -> Outcome:
        """``/link D2``: the last action recorded carries out decision D2."""
        action = self._last_action()
        decision = decision_links.find(self.session, wanted)
        self.record.writer.update_where("actions", {"decision": decision.seq}, seq=action.seq)
        name = decision_links.label(self.session, decision.seq)
        return Outcome(
            f"Action '{short(action.text)}' now carries out {name} '{short(decision.text)}'"
        )

    def unlink_action(self) -> Outcome:
        """``/unlink``: the last action recorded carries out no decision."""
        action = self._last_action()
        if not action.decision:
            raise CaptureError(f"the action '{short(action.text)}' is not linked to a decision")
        self.record.writer.update_where("actions", {"decision": 0}, seq=action.seq)
        return Outcome(f"Action '{short(action.text)}' is no longer linked to a decision")

    def undo(self) -> Outcome:
        live = [e for e in self.session.entries if not e.withdrawn]
        if not live:
            raise CaptureError("nothing to withdraw")
        entry = live[-1]
        put_back = ""
        if isinstance(entry, Note) and entry.changed:  # a follow-up: put the action back
            put_back = self.followup.undo_follow_up(entry)  # if refused, nothing is withdrawn
        elif isinstance(entry, Note) and self.approval is not None:  # an approval: back
            put_back = self.approval.undo_approval(entry) or ""  # refused: nothing withdrawn
        try:
            self.record.withdraw(entry)
        except OSError as exc:
            if not put_back:
                raise
            return Outcome(  # the action's change is saved: say so, not "NOT SAVED"
                f"{put_back} — saved; but its note could NOT be marked withdrawn "
                f"({exc.strerror}): /undo again to withdraw it"
            )
        said = f"Withdrawn {describe(entry)} (kept in the record)"
        return Outcome(f"{said}; {put_back}" if put_back else said)
