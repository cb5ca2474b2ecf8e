"""The meeting record as plain dataclasses.

Everything here maps one-to-one onto a TinyDB document (``to_doc`` / ``from_doc``), so the
store stays a thin layer and the rest of the core works with typed objects.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Self

SCHEMA_VERSION = 1

SECTORS = ("public", "voluntary", "community", "private", "education", "health", "other")
ROLES = ("representative", "advisor", "organisation", "observer")
ITEM_KINDS = ("information", "discussion", "decision", "review")
STATES = ("upcoming", "live", "ended")
ACTION_STATUSES = ("open", "done", "dropped")
ATTENDANCE = ("present", "absent", "apologies")


class _Doc:
    """Conversion between a dataclass and the dict TinyDB stores."""

    def to_doc(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Self:
        """Build from a stored document, checking field types (a foreign or hand-edited
        file must fail here, with a reason, rather than crash a screen later).

        Unknown keys are ignored so that a field added later does not break an older file.
        """
        if not isinstance(doc, dict):
            raise ValueError(f"a {cls.__name__.lower()} record is not an object")
        values = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name not in doc:
                has_default = (
                    f.default is not dataclasses.MISSING
                    or f.default_factory is not dataclasses.MISSING
                )
                if not has_default:
                    raise ValueError(f"a {cls.__name__.lower()} record has no {f.name!r}")
                continue
            value = doc[f.name]
            expected = _TYPES.get(str(f.type))
            if expected is not None and not _is_type(value, expected):
                raise ValueError(
                    f"{cls.__name__.lower()}.{f.name} should be {expected.__name__}, "
                    f"not {type(value).__name__}"
                )
            values[f.name] = value
        return cls(**values)


_TYPES: dict[str, type] = {"str": str, "int": int, "bool": bool, "list[str]": list}


def _is_type(value: Any, expected: type) -> bool:
    if expected is list:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


@dataclass
class SessionInfo(_Doc):
    """The one document of the ``session`` table."""

    id: str
    title: str
    partnership: str = ""
    date: str = ""  # ISO date or datetime of the meeting
    date_text: str = ""  # what the user typed
    venue: str = ""
    chair: str = ""
    secretary: str = ""
    quorum: int = 0  # how many must be present for decisions; 0: no quorum set
    state: str = "upcoming"
    current_item: int = 0  # index into the agenda, in position order
    queue: list[str] = field(default_factory=list)  # speakers waiting, in order
    carried: list[str] = field(default_factory=list)  # "item:session" deferred items brought in
    created_at: str = ""
    started_at: str = ""
    ended_at: str = ""
    schema_version: int = SCHEMA_VERSION


@dataclass
class Participant(_Doc):
    name: str
    organisation: str = ""
    sector: str = "other"
    role: str = "representative"
    new: bool = False
    apologies: bool = False  # sent apologies before the meeting (from the plan)
    attendance: str = ""  # marked at the meeting: present | absent | apologies; "" not yet
    id: int = 0


@dataclass
class AgendaItem(_Doc):
    title: str
    minutes: int = 10
    lead: str = ""
    kind: str = "discussion"
    confidential: bool = False
    papers_circulated: str = ""  # ISO date
    id: int = 0  # stable: entries refer to it, so items can be reordered, added, deferred
    position: int = 0  # order on the agenda
    started_at: str = ""  # when the meeting first reached this item
    entered_at: str = ""  # when the meeting last came to it
    ended_at: str = ""  # when the meeting last left it
    spent_seconds: int = 0  # time on it before ``entered_at`` (items can be revisited)
    extra_minutes: int = 0  # the chair extended the timebox by this much
    standing: bool = False  # comes back every meeting ("new session like this one")
    added_at: str = ""  # added during the meeting (/add)
    deferred_at: str = ""  # deferred from this meeting to the next (/defer)
    deferred_from: str = ""  # id of the session it was deferred from
    deferred_from_item: int = -1  # that item's id there
    deferred_from_date: str = ""  # that session's date (ISO)


@dataclass
class Entry(_Doc):
    """Something captured during the meeting against an agenda item.

    ``item`` is the agenda item's ``id``. Entries are never erased: ``/undo`` marks one
    ``withdrawn`` and it stays in the record.
    """

    item: int
    text: str
    at: str  # ISO datetime it was saved
    seq: int = 0  # capture order across the whole meeting
    withdrawn: bool = False
    withdrawn_at: str = ""
    kind: str = "entry"


@dataclass
class Note(Entry):
    kind: str = "note"
    # A note that reports an action follow-up made at this meeting (/done 1.2 …) names the
    # action and each field it changed, as field, value before, value after in turn, so that
    # /undo can put back what nobody has changed since.
    action_session: str = ""
    action_seq: int = 0
    changed: list[str] = field(default_factory=list)


@dataclass
class Decision(Entry):
    owner: str = ""  # a participant's name or an organisation
    dissent: str = ""  # who disagreed, and what happens next
    how: str = "consensus"  # consensus | vote
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0
    status: str = "agreed"  # agreed | not agreed | deferred
    review: str = ""  # ISO date to review it
    review_text: str = ""
    confidential: bool = False
    corrections: list[str] = field(default_factory=list)  # earlier wordings, oldest first
    kind: str = "decision"


@dataclass
class Action(Entry):
    owner: str = ""
    due: str = ""  # ISO date
    due_text: str = ""  # what the user typed
    status: str = "open"
    decision: int = 0  # seq of the decision it carries out (0: none)
    improves: str = ""  # "checklist:ref" of the checklist item it is meant to improve
    updated_at: str = ""
    kind: str = "action"


@dataclass
class Attendance(Entry):
    """A late arrival or early departure: ``text`` is "arrived" or "left"."""

    name: str = ""
    kind: str = "attendance"


@dataclass
class Interest(Entry):
    """A declaration of interest: who, and what (``text``), on which item."""

    name: str = ""
    kind: str = "interest"


@dataclass
class ChairChoice(Entry):
    """What the chair chose when an item ran over: ``text`` says it ("extended by 5 min")."""

    kind: str = "choice"


@dataclass
class ActionUpdate(_Doc):
    """One change to an action, kept with the action in the session that raised it."""

    action: int  # the action's seq
    at: str
    change: str  # "status: open → done", "due: … → …", "owner: … → …", or "note"
    note: str = ""
    where: str = ""  # the session it was changed from (matters arising, the tracker…)


@dataclass
class Turn(_Doc):
    """Someone speaking: on which item, from when to when ("" while still speaking)."""

    name: str
    item: int
    start: str
    end: str = ""


@dataclass
class PromptMark(_Doc):
    """The chair dismissed a prompt, or snoozed it until a time."""

    key: str
    state: str  # dismissed | snoozed
    until: str = ""
    at: str = ""


@dataclass
class ChecklistAnswer(_Doc):
    """The room's view of one checklist item at one review."""

    checklist: str  # checklist id, e.g. "ingredients"
    ref: str  # item reference within the checklist, e.g. "I3"
    answer: str  # the room's view: "yes" | "no" | "unsure" (from the counts, if counted)
    note: str = ""
    item: int = 0  # id of the agenda item the review was taken under
    at: str = ""
    yes: int = 0  # counts, when the room was counted rather than agreeing one answer
    no: int = 0
    unsure: int = 0
    sector: str = ""  # a sector's own view, when recorded by sector


@dataclass
class Session:
    """A whole session loaded into memory (read-only snapshot)."""

    info: SessionInfo
    participants: list[Participant] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    checklist: list[ChecklistAnswer] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    interests: list[Interest] = field(default_factory=list)
    choices: list[ChairChoice] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    prompt_marks: list[PromptMark] = field(default_factory=list)
    action_updates: list[ActionUpdate] = field(default_factory=list)

    @property
    def entries(self) -> list[Entry]:
        """Every captured entry in the order it was captured."""
        found: list[Entry] = [
            *self.notes,
            *self.decisions,
            *self.actions,
            *self.attendance,
            *self.interests,
            *self.choices,
        ]
        return sorted(found, key=lambda e: (e.seq, e.at))

    def entries_for(self, item_id: int, *, include_withdrawn: bool = False) -> list[Entry]:
        return [
            e for e in self.entries if e.item == item_id and (include_withdrawn or not e.withdrawn)
        ]

    @property
    def current(self) -> AgendaItem | None:
        if not self.agenda:
            return None
        index = min(max(self.info.current_item, 0), len(self.agenda) - 1)
        return self.agenda[index]

    def status_of(self, person: Participant) -> str:
        """present | absent | apologies | expected (not yet marked), counting arrivals."""
        moves = [a.text for a in self.attendance if a.name == person.name and not a.withdrawn]
        if "arrived" in moves:
            return "present"
        if person.attendance:
            return person.attendance
        return "apologies" if person.apologies else "expected"

    def here_now(self, person: Participant) -> bool:
        """In the room now: present (or expected), and not left since last arriving."""
        if self.status_of(person) not in ("present", "expected"):
            return False
        moves = [a.text for a in self.attendance if a.name == person.name and not a.withdrawn]
        return not moves or moves[-1] != "left"

    @property
    def present(self) -> list[Participant]:
        """Everyone who attended (marked present, expected and not absent, or arrived)."""
        return [p for p in self.participants if self.status_of(p) in ("present", "expected")]

    @property
    def apologies(self) -> list[Participant]:
        return [p for p in self.participants if self.status_of(p) == "apologies"]

    @property
    def absent(self) -> list[Participant]:
        return [p for p in self.participants if self.status_of(p) == "absent"]

    @property
    def quorate(self) -> bool:
        count = sum(1 for p in self.participants if self.here_now(p))
        return not self.info.quorum or count >= self.info.quorum

    @property
    def planned_minutes(self) -> int:
        return sum(item.minutes for item in self.agenda)
