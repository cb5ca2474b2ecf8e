"""What a public version of a session leaves out: the one rule for every public output
(the minutes, the room view, the registers and annual report, the agenda pack, the actions
and decisions exports, the calendar). Confidential (exempt, Part B) items and everything
recorded under them are withheld, and confidential decisions with the actions carrying them
out. :func:`redact` applies the rule to a whole session."""

from __future__ import annotations

from typing import Any

import msgspec

from facilitator.core.model import Action, Decision, Session

CONFIDENTIAL_ITEM = "Confidential item"


class Withheld(msgspec.Struct, frozen=True):
    """What a public version leaves out of a session: the one rule for every public output
    (minutes, the room view, the actions and decisions exports, the calendar)."""

    items: frozenset[int]  # ids of confidential (exempt) items
    decisions: frozenset[int]  # seqs of confidential decisions, and of all under those items

    def decision(self, d: Decision) -> bool:
        return d.seq in self.decisions

    def action(self, a: Action) -> bool:
        """Raised under a confidential item, or carrying out a withheld decision."""
        return a.item in self.items or (a.decision != 0 and a.decision in self.decisions)


def withheld(session: Session) -> Withheld:
    items = frozenset(i.id for i in session.agenda if i.confidential)
    decisions = frozenset(
        d.seq for d in session.decisions if d.confidential or d.item in items
    )
    return Withheld(items, decisions)


def redact(session: Session) -> Session:
    """A copy of ``session`` with nothing confidential left in it (see :class:`Withheld`)."""
    secret = withheld(session)
    secret_items = secret.items
    agenda = [
        msgspec.structs.replace(i, title=CONFIDENTIAL_ITEM, lead="", papers_circulated="")
        if i.confidential
        else i
        for i in session.agenda
    ]

    def kept(entries: list[Any]) -> list[Any]:
        return [e for e in entries if e.item not in secret_items]

    return msgspec.structs.replace(
        session,
        agenda=agenda,
        notes=kept(session.notes),
        decisions=[d for d in session.decisions if not secret.decision(d)],
        actions=[a for a in session.actions if not secret.action(a)],
        choices=kept(session.choices),
        checklist=kept(session.checklist),
        papers=kept(session.papers),  # an exempt item's papers: titles and file names
        interests=[
            msgspec.structs.replace(i, text="(an interest in a confidential item)")
            if i.item in secret_items
            else i
            for i in session.interests
        ],
    )
