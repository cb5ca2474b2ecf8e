"""Correcting a decision after it was captured: every field, with the earlier wording kept.
A part of ``Meeting``."""

from __future__ import annotations

from typing import Any

from facilitator.core.capture import CaptureError
from facilitator.core.dates import DateError, parse_date
from facilitator.core.decision_form import DECISION_STATUSES
from facilitator.core.model import Decision
from facilitator.core.outcome import Outcome
from facilitator.core.owners import Owners
from facilitator.core.record import Part


class DecisionEdits(Part):
    def decision(self, seq: int) -> Decision:
        for d in self.session.decisions:
            if d.seq == seq and not d.withdrawn:
                return d
        raise CaptureError("that decision is no longer in the record")

    def edit_decision(self, seq: int, values: dict[str, Any]) -> Outcome:
        """Save a corrected decision; a changed text keeps the earlier one in ``corrections``."""
        old = self.decision(seq)
        text = " ".join(str(values.get("text", old.text)).split())
        if not text:
            raise CaptureError("a decision needs its text")
        fields: dict[str, Any] = {"text": text}
        if text != old.text:
            fields["corrections"] = [*old.corrections, old.text]
        owner = " ".join(str(values.get("owner", old.owner)).split()).removeprefix("@")
        if owner:
            name, used = Owners.of(self.session.participants).resolve(owner.split())
            if used != len(owner.split()):
                raise CaptureError(f"{owner!r} is not one owner")
            owner = name
        fields["owner"] = owner
        how = str(values.get("how", old.how))
        if how not in ("consensus", "vote"):
            raise CaptureError("a decision is made by consensus or by a vote")
        fields["how"] = how
        votes = str(values.get("votes", "")).replace(" ", "")
        if how == "vote":
            parts = votes.split("-")
            if len(parts) != 3 or not all(
                p.isascii() and p.isdigit() and len(p) < 5 for p in parts
            ):
                raise CaptureError("votes are FOR-AGAINST-ABSTAIN, e.g. 7-1-2")
            fields.update(
                votes_for=int(parts[0]), votes_against=int(parts[1]), votes_abstain=int(parts[2])
            )
        status = str(values.get("status", old.status))
        if status not in DECISION_STATUSES:
            raise CaptureError(f"status is one of {', '.join(DECISION_STATUSES)}")
        fields["status"] = status
        review = str(values.get("review", old.review_text or old.review)).strip()
        if review:
            try:
                fields["review"] = parse_date(review, self.record.day()).isoformat()
            except DateError as exc:
                raise CaptureError(f"review date: {exc}") from None
            fields["review_text"] = review
        else:
            fields["review"], fields["review_text"] = "", ""
        fields["dissent"] = " ".join(str(values.get("dissent", old.dissent)).split())
        fields["confidential"] = bool(values.get("confidential", old.confidential))
        self.record.writer.update_where("decisions", fields, seq=seq)
        return Outcome(
            "Decision corrected"
            + (" (the earlier wording is kept)" if "corrections" in fields else "")
        )
