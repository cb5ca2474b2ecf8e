"""Partnership health over time: each checklist item's answers across a partnership's
reviews, what improved or worsened since the last review, and the improvement actions still
open. Pure functions over loaded sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from facilitator.core.checklists import Checklist
from facilitator.core.model import ChecklistAnswer, Session

MARK = {"yes": "✓", "no": "✗", "unsure": "?"}
SCORE = {"yes": 2, "unsure": 1, "no": 0}


@dataclass
class ItemTrend:
    ref: str
    text: str
    source: str
    marks: list[tuple[str, str, str]] = field(default_factory=list)  # (date, answer, counts)
    open_actions: list[str] = field(default_factory=list)

    @property
    def change(self) -> str:
        """improved | worsened | same | new (one review) | "" (never reviewed)."""
        if not self.marks:
            return ""
        if len(self.marks) == 1:
            return "new"
        before, now = SCORE[self.marks[-2][1]], SCORE[self.marks[-1][1]]
        return "improved" if now > before else "worsened" if now < before else "same"

    @property
    def row(self) -> str:
        """The marks in order, e.g. "✓ ✗ ✓" (words stand beside them wherever shown)."""
        return " ".join(MARK[a] for _, a, _ in self.marks)


def latest_answers(session: Session, checklist: str) -> dict[str, ChecklistAnswer]:
    """The room's last word on each item of ``checklist`` at this session (not by sector)."""
    found: dict[str, ChecklistAnswer] = {}
    for answer in sorted(session.checklist, key=lambda a: a.at):
        if answer.checklist == checklist and not answer.sector:
            found[answer.ref] = answer
    return found


def counts(answer: ChecklistAnswer) -> str:
    if answer.yes or answer.no or answer.unsure:
        return f"{answer.yes} ✓, {answer.no} ✗, {answer.unsure} ?"
    return "consensus"


def trend(sessions: list[Session], checklist: Checklist) -> list[ItemTrend]:
    """Each item's answers across ``sessions`` (one partnership's, any order)."""
    ordered = sorted(sessions, key=lambda s: (s.info.date, s.info.id))
    rows = {i.ref: ItemTrend(i.ref, i.text, i.source) for i in checklist.items}
    for session in ordered:
        for ref, answer in latest_answers(session, checklist.id).items():
            if ref in rows:
                rows[ref].marks.append((session.info.date[:10], answer.answer, counts(answer)))
        for action in session.actions:
            key, _, ref = action.improves.partition(":")
            if (
                key == checklist.id
                and ref in rows
                and action.status == "open"
                and not action.withdrawn
            ):
                rows[ref].open_actions.append(f"{action.owner or 'no owner'}: {action.text}")
    return list(rows.values())


def review_overdue(
    meetings_since: int, last: str, today: date, meetings: int = 4, months: int = 6
) -> bool:
    """Not reviewed in the last ``meetings`` meetings or ``months`` months, whichever comes
    first (the Wiltshire promise: review effectiveness on a regular basis). Six months after
    31 August is the last day of February."""
    if meetings_since >= meetings:
        return True
    if not last:
        return False  # a new partnership: not yet due by time
    since = datetime.fromisoformat(last).date()
    return today >= since + relativedelta(months=months)
