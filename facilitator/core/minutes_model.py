"""The minutes as a document model: what the minutes say, item by item, as plain data.

``minutes.build_minutes`` makes it from a stored session; ``minutes_doc`` renders it as
Markdown, HTML, text or Word, so what the minutes contain is decided in one place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class ActionLine:
    owner: str
    text: str
    due: str  # as shown, e.g. "Fri 27 Nov 2026"
    status: str
    item: int  # 1-based item number
    due_iso: str = ""
    code: str = ""  # S.N, as the tracker and /done know it
    carries: str = ""  # the decision it carries out, D2 ("" for none)


@dataclass
class DecisionLine:
    text: str
    owner: str
    dissent: str
    how: str  # "by consensus" or "by vote 7 for, 1 against, 2 abstaining"
    status: str
    review: str  # as shown, or ""
    corrected: bool
    label: str = ""  # D1, D2 … in the order taken at the meeting, as 'for D2' names it


@dataclass
class ItemMinutes:
    number: int
    title: str
    kind: str
    timebox: int
    lead: str
    confidential: bool
    notes: list[str] = field(default_factory=list)
    decisions: list[DecisionLine] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # added, deferred, deferred from …
    choices: list[str] = field(default_factory=list)  # the chair's overrun choices
    reviews: list[str] = field(default_factory=list)  # checklist reviews taken on this item
    withheld: str = ""  # public minutes: what stands in place of an exempt item's record


@dataclass
class ChecklistLine:
    checklist: str  # the checklist's title
    ref: str
    text: str  # the item's wording as reviewed
    whose: str  # "whole room" or "public sector" (see review.py)
    answer: str  # "✓ yes", or "✓ yes, by count: 5 yes · 1 no · 0 not sure"
    note: str


@dataclass
class ArisingLine:
    """An action from an earlier meeting that was open when this one began (or that this
    meeting followed up), as it stood when this meeting ended."""

    code: str
    text: str
    owner: str
    due: str  # as shown, or ""
    status: str
    update: str  # this meeting's follow-up in words, or "" for none


@dataclass
class Minutes:
    title: str
    partnership: str
    when: str
    venue: str
    chair: str
    secretary: str
    status: str
    present: list[tuple[str, str, list[str]]]  # (organisation, sector, names)
    apologies: list[str]
    items: list[ItemMinutes]
    actions: list[ActionLine]
    checklist: list[ChecklistLine]
    absent: list[str] = field(default_factory=list)
    movements: list[str] = field(default_factory=list)  # late arrivals, early departures
    interests: list[str] = field(default_factory=list)
    quorum: str = ""
    participation: list[tuple[str, str]] = field(default_factory=list)  # (who, "3 turns, 4:10")
    public: bool = False  # confidential items withheld
    health: list[list[str]] = field(default_factory=list)  # item, earlier → now, change
    arising: list[ArisingLine] = field(default_factory=list)  # matters arising
    # Approval (core/approval.py): "Draft — not yet approved" or "Approved as a true record
    # at the meeting of …"; the corrections said then (full minutes only); the amendment log
    # (when, what, from, to, by); approved minutes carry a fingerprint (minutes_doc.render).
    approval: str = ""
    approved: bool = False
    corrections: str = ""
    amendments: list[list[str]] = field(default_factory=list)
    next_meeting: str = ""  # the date of the next meeting, as said ("" unset): the last line

    @property
    def actions_by_owner(self) -> dict[str, list[ActionLine]]:
        grouped: dict[str, list[ActionLine]] = defaultdict(list)
        for action in self.actions:
            grouped[action.owner or "No owner yet"].append(action)
        return dict(sorted(grouped.items(), key=lambda kv: kv[0].casefold()))
