"""Partnership health over time: each checklist item's answers across a partnership's
reviews, what improved or worsened since the last review, and the improvement actions still
open. Pure functions over loaded sessions."""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from facilitator.core.checklists import ANSWERS, BUILT_IN, Checklist, ChecklistItem
from facilitator.core.dates import shifted
from facilitator.core.model import SECTORS, ChecklistAnswer, Session

MARK = {"yes": "✓", "no": "✗", "unsure": "?"}
SCORE = {"yes": 2, "unsure": 1, "no": 0}
WHOLE_ROOM = "whole room"


class ItemTrend(msgspec.Struct):
    ref: str
    text: str
    source: str
    # (date, answer, counts)
    marks: list[tuple[str, str, str]] = msgspec.field(default_factory=list)
    open_actions: list[str] = msgspec.field(default_factory=list)
    # (date, a sector's answer)
    sector_views: list[tuple[str, ChecklistAnswer]] = msgspec.field(default_factory=list)

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

    @property
    def history(self) -> str:
        """The marks in order with any counts, e.g. "✓ (5 yes · 1 no · 0 not sure) ✗ ✓"."""
        return " ".join(f"{MARK[a]} ({c})" if c else MARK[a] for _, a, c in self.marks)


def latest_answers(session: Session, checklist: str) -> dict[str, ChecklistAnswer]:
    """The room's last word on each item of ``checklist`` at this session (not by sector)."""
    found: dict[str, ChecklistAnswer] = {}
    for answer in sorted(session.checklist, key=lambda a: a.at):
        if answer.checklist == checklist and not answer.sector:
            found[answer.ref] = answer
    return found


def standing_views(session: Session, checklist: str) -> dict[str, list[ChecklistAnswer]]:
    """Each item's views at this session, the latest for the whole room and for each sector
    that gave its own (a later answer replaces an earlier one of the same room or sector):
    the whole room's first, then the sectors' in ``SECTORS`` order."""
    latest: dict[tuple[str, str], ChecklistAnswer] = {}
    for answer in sorted(session.checklist, key=lambda a: a.at):
        if answer.checklist == checklist:
            latest[(answer.ref, answer.sector)] = answer
    found: dict[str, list[ChecklistAnswer]] = {}
    order = {"": -1} | {s: n for n, s in enumerate(SECTORS)}
    for (ref, _), answer in sorted(latest.items(), key=lambda kv: order[kv[0][1]]):
        found.setdefault(ref, []).append(answer)
    return found


def counts(answer: ChecklistAnswer) -> str:
    """A show of hands as counted, "5 yes · 1 no · 0 not sure"; "" for one agreed answer."""
    if answer.yes or answer.no or answer.unsure:
        return f"{answer.yes} yes · {answer.no} no · {answer.unsure} not sure"
    return ""


def whose(answer: ChecklistAnswer) -> str:
    """Whose view an answer is: "whole room" or "public sector"."""
    return f"{answer.sector} sector" if answer.sector else WHOLE_ROOM


def answer_words(answer: ChecklistAnswer) -> str:
    """The answer in words: "✓ yes", or from counts "✓ yes, by count: 5 yes · 1 no · 0 not
    sure"."""
    counted = counts(answer)
    said = ANSWERS[answer.answer]
    return f"{said}, by count: {counted}" if counted else said


def describe(answer: ChecklistAnswer) -> str:
    """One view in words: "public sector ✗ no (statutory partners feel over-burdened)",
    "whole room ✓ yes, by count: 5 yes · 1 no · 0 not sure"."""
    line = f"{whose(answer)} {answer_words(answer)}"
    return f"{line} ({answer.note})" if answer.note else line


def item_text(answer: ChecklistAnswer) -> str:
    """The wording the room reviewed: as recorded with the answer, else the built-in
    checklist's (a file written before answers kept it), else the item's code."""
    if answer.text:
        return answer.text
    known = BUILT_IN.get(answer.checklist)
    item = known.item(answer.ref) if known else None
    return item.text if item else answer.ref


def checklists_reviewed(
    sessions: list[Session], known: dict[str, Checklist] | None = None
) -> list[Checklist]:
    """The checklists reviewed at ``sessions``, in the order first reviewed: each as ``known``
    has it (the built-in ones by default), else rebuilt from its answers, which keep each
    item's wording and the checklist's title (a partnership's own checklist, read without
    its file or after the file has gone)."""
    known = BUILT_IN if known is None else known
    answers = sorted((a for s in sessions for a in s.checklist), key=lambda a: (a.at, a.checklist))
    found: dict[str, Checklist] = {}
    for checklist_id in dict.fromkeys(a.checklist for a in answers):
        if checklist_id in known:
            found[checklist_id] = known[checklist_id]
            continue
        mine = [a for a in answers if a.checklist == checklist_id]
        texts = {a.ref: item_text(a) for a in mine}  # the latest wording of each
        title = next((a.title for a in reversed(mine) if a.title), checklist_id)
        items = tuple(ChecklistItem(ref, texts[ref], title) for ref in sorted(texts, key=_ref))
        found[checklist_id] = Checklist(checklist_id, title, items)
    return list(found.values())


def _ref(ref: str) -> tuple[str, int, str]:
    """A sort key for item codes: C2 before C10."""
    head = ref.rstrip("0123456789")
    tail = ref[len(head) :]
    return (head, int(tail) if tail and len(tail) < 10 else 0, ref)


def trend(sessions: list[Session], checklist: Checklist) -> list[ItemTrend]:
    """Each item's answers across ``sessions`` (one partnership's, any order)."""
    ordered = sorted(sessions, key=lambda s: (s.info.date, s.info.id))
    rows = {i.ref: ItemTrend(i.ref, i.text, i.source) for i in checklist.items}
    for session in ordered:
        day = session.info.date[:10]
        for ref, answer in latest_answers(session, checklist.id).items():
            if ref in rows:
                rows[ref].marks.append((day, answer.answer, counts(answer)))
        for ref, views in standing_views(session, checklist.id).items():
            if ref in rows:
                rows[ref].sector_views += [(day, a) for a in views if a.sector]
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
    return today >= shifted(since, months=months)
