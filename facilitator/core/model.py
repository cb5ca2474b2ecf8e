"""The meeting record as plain dataclasses.

Everything here maps one-to-one onto a TinyDB document (``to_doc`` / ``from_doc``), so the
store stays a thin layer and the rest of the core works with typed objects.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Self

from facilitator.core.dates import MAX_YEAR, MIN_YEAR
from facilitator.core.errors import UserError

SCHEMA_VERSION = 1

SECTORS = ("public", "voluntary", "community", "private", "education", "health", "other")
ROLES = ("representative", "advisor", "organisation", "observer")
ITEM_KINDS = ("information", "discussion", "decision", "review")
STATES = ("upcoming", "live", "ended")
ACTION_STATUSES = ("open", "done", "dropped")
ATTENDANCE = ("present", "absent", "apologies")


class RecordError(UserError, ValueError):
    """A stored record that cannot be used as it is: which field, and what is wrong.

    ``str()`` is ``field due: '31/02/2027' is not an ISO date (YYYY-MM-DD)``; the table
    and record are added by :func:`load_tables`.
    """

    def __init__(self, problem: str, field: str = "") -> None:
        super().__init__(f"field {field}: {problem}" if field else problem)
        self.problem, self.field = problem, field


class _Doc:
    """Conversion between a dataclass and the dict TinyDB stores."""

    def to_doc(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Self:
        """Build from a stored document, checking every field's type and content (see
        ``FIELDS``): a foreign or hand-edited file must fail here, with the field and the
        reason, rather than crash a screen later. Raises :class:`RecordError`.

        Unknown keys are ignored so that a field added later does not break an older file.
        """
        if not isinstance(doc, dict):
            raise RecordError("is not a record (a JSON object)")
        values = {}
        for name, kind, required in _fields_of(cls):
            if name not in doc:
                if required:
                    raise RecordError("is missing", name)
                continue
            value = doc[name]
            if type(value) is not kind.type or kind.check is not None or kind.type is list:
                problem = kind.problem(value)  # (plain text or a flag of its type: nothing to see)
                if problem:
                    raise RecordError(problem, name)
            values[name] = value
        return cls(**values)


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
    update: str = ""  # that follow-up in words, as matters arising shows it ("done — booked")


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
    sector: str = ""  # a sector's own view, when recorded by sector ("": the whole room's)
    text: str = ""  # the item's wording as it was reviewed ("": an older file, a built-in)
    title: str = ""  # the checklist's title, likewise


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


# --------------------------------------------------------------------------- field content

MAX_TIMEBOX = 600  # minutes: an item's timebox, as the agenda file, plan and /add allow
MAX_EXTENSION = 24 * 60  # minutes an item can be extended by, in all
MAX_NUMBER = 10**9  # ids, places, counts and seconds: far above any meeting's, and small
# enough that no date or time arithmetic on them can overflow
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines() splits on
DECISION_WAYS = ("consensus", "vote")
DECISION_STATUSES = ("agreed", "not agreed", "deferred")
ATTENDANCE_MOVES = ("arrived", "left")
PROMPT_MARKS = ("dismissed", "snoozed")
ANSWER_VALUES = ("yes", "no", "unsure")

_DAY_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MOMENT_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{6})?)?", re.ASCII)


def has_line_break(text: str) -> bool:
    """True if ``text`` would show on more than one line: one-line fields refuse it."""
    return any(mark in text for mark in LINE_BREAKS)


def shown(value: Any) -> str:
    """A stored value quoted for a one-line message, cut short (a huge number too)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list of text"}


@dataclass(frozen=True)
class Kind:
    """What one stored field holds: its JSON type, then what its content must be.

    ``check`` returns the problem with a value of the right type, or None if it is fine;
    None for a field whose type says it all.
    """

    type: type
    check: Callable[[Any], str | None] | None = None

    def problem(self, value: Any) -> str | None:
        kind = type(value)  # exactly: a bool is not a whole number
        if kind is not self.type or (kind is list and not all(type(v) is str for v in value)):
            return f"should be {_TYPE_NAMES[self.type]}, not {shown(value)}"
        return None if self.check is None else self.check(value)


def number(lo: int, hi: int = MAX_NUMBER) -> Kind:
    def check(value: int) -> str | None:
        return None if lo <= value <= hi else f"should be from {lo} to {hi}, not {shown(value)}"

    return Kind(int, check)


def one_of(*options: str) -> Kind:
    listed = " | ".join(repr(o) for o in options)

    def check(value: str) -> str | None:
        return None if value in options else f"should be one of {listed}, not {shown(value)}"

    return Kind(str, check)


def _year(year: int) -> str | None:
    if MIN_YEAR <= year <= MAX_YEAR:
        return None
    return f"the year should be from {MIN_YEAR} to {MAX_YEAR}, not {year}"


def day_problem(value: str) -> str | None:
    """None if ``value`` is a real ISO date (YYYY-MM-DD) in the years dates are typed in."""
    try:
        day = date.fromisoformat(value) if _DAY_SHAPE.fullmatch(value) else None
    except ValueError:
        return f"{shown(value)} is not a real date"
    if day is None:
        return f"{shown(value)} is not an ISO date (YYYY-MM-DD)"
    return _year(day.year)


def moment_problem(value: str) -> str | None:
    """None if ``value`` is a real ISO date and time with no time zone, as the app writes
    them (YYYY-MM-DDTHH:MM, with seconds if given)."""
    try:
        moment = datetime.fromisoformat(value) if _MOMENT_SHAPE.fullmatch(value) else None
    except ValueError:
        return f"{shown(value)} is not a real date and time"
    if moment is None:
        return f"{shown(value)} is not an ISO date and time (YYYY-MM-DDTHH:MM:SS)"
    return _year(moment.year)


def _blank_or(check: Callable[[str], str | None]) -> Callable[[str], str | None]:
    return lambda v: None if v == "" else check(v)


def _one_line(value: str) -> str | None:
    return "should be one line (it has a line break)" if has_line_break(value) else None


TEXT = Kind(str)
TEXTS = Kind(list)
FLAG = Kind(bool)
COUNT = number(0)  # an id, a place, a count, seconds
LINE = Kind(str, _one_line)  # titles and names: one line on every screen
DAY = Kind(str, _blank_or(day_problem))  # "" or an ISO date
MOMENT = Kind(str, _blank_or(moment_problem))  # "" or an ISO date and time
STAMP = Kind(str, moment_problem)  # when it happened: always there
WHEN = Kind(  # a meeting's date: "" , a date, or a date and time
    str, _blank_or(lambda v: day_problem(v) if len(v) <= 10 else moment_problem(v))
)

_BY_TYPE = {"str": TEXT, "int": COUNT, "bool": FLAG, "list[str]": TEXTS}

FIELDS: dict[type, dict[str, Kind]] = {
    # what each field holds, where it is more than its type says (see _BY_TYPE); a class's
    # fields are looked up along its bases, so an Entry field counts for every entry
    SessionInfo: {
        **dict.fromkeys(("title", "partnership", "venue", "chair", "secretary"), LINE),
        "date": WHEN,
        "state": one_of(*STATES),
        **dict.fromkeys(("created_at", "started_at", "ended_at"), MOMENT),
        "schema_version": number(1),
    },
    Participant: {
        "name": LINE,
        "organisation": LINE,
        "sector": one_of(*SECTORS),
        "role": one_of(*ROLES),
        "attendance": one_of("", *ATTENDANCE),
    },
    AgendaItem: {
        "title": LINE,
        "lead": LINE,
        "minutes": number(1, MAX_TIMEBOX),
        "extra_minutes": number(0, MAX_EXTENSION),
        "kind": one_of(*ITEM_KINDS),
        "papers_circulated": DAY,
        **dict.fromkeys(
            ("started_at", "entered_at", "ended_at", "added_at", "deferred_at"), MOMENT
        ),
        "deferred_from_item": number(-1),
        "deferred_from_date": WHEN,
    },
    Entry: {"at": STAMP, "withdrawn_at": MOMENT},
    Note: {"kind": one_of("note")},
    Decision: {
        "kind": one_of("decision"),
        "how": one_of(*DECISION_WAYS),
        "status": one_of(*DECISION_STATUSES),
        "review": DAY,
    },
    Action: {
        "kind": one_of("action"),
        "due": DAY,
        "status": one_of(*ACTION_STATUSES),
        "updated_at": MOMENT,
    },
    Attendance: {"kind": one_of("attendance"), "text": one_of(*ATTENDANCE_MOVES)},
    Interest: {"kind": one_of("interest")},
    ChairChoice: {"kind": one_of("choice")},
    ActionUpdate: {"at": STAMP},
    Turn: {"start": STAMP, "end": MOMENT},
    PromptMark: {"state": one_of(*PROMPT_MARKS), "until": MOMENT, "at": MOMENT},
    ChecklistAnswer: {
        "answer": one_of(*ANSWER_VALUES),
        "at": MOMENT,
        "sector": one_of("", *SECTORS),
        "text": LINE,
        "title": LINE,
    },
}


def kind_of(cls: type, f: dataclasses.Field[Any]) -> Kind:
    """What field ``f`` of ``cls`` holds: from ``FIELDS`` (the nearest class that says),
    else from its type."""
    for klass in cls.__mro__:
        kind = FIELDS.get(klass, {}).get(f.name)
        if kind is not None:
            return kind
    return _BY_TYPE[str(f.type)]


@functools.cache
def _fields_of(cls: type) -> tuple[tuple[str, Kind, bool], ...]:
    """Each field of a record class: its name, what it holds, and whether a record must
    have it (no default). Worked out once per class: a session file has thousands."""
    return tuple(
        (
            f.name,
            kind_of(cls, f),
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
    )


# --------------------------------------------------------------------------- whole tables

ENTRY_TABLES = ("notes", "decisions", "actions", "attendance", "interests", "choices")
UNIQUE = {"participants": "id", "agenda": "id", **dict.fromkeys(ENTRY_TABLES, "seq")}
"""A field no two records of the table share: the screens and updates find records by it."""
REFERENCES = [
    # table, field, the table and field it names, a value that names nothing
    *((table, "item", "agenda", "id", None) for table in ENTRY_TABLES),
    ("actions", "decision", "decisions", "seq", 0),
    ("action_updates", "action", "actions", "seq", None),
]
"""Fields that name another record of the session, which must exist: an entry's item decides
whether it is confidential, and an action's decision too."""


def load_tables(
    data: dict[str, Any], tables: dict[str, type], order: Callable[[str], int]
) -> dict[str, list[Any]]:
    """Every record of every table in ``data`` (a session file's JSON), built and checked,
    each table's records in ``order`` of their keys. Raises RecordError whose message names
    the table, the record (its key in the file) and the field, e.g.
    ``agenda record 3, field papers_circulated: '01/02/2027' is not an ISO date (YYYY-MM-DD)``.
    """
    keyed: dict[str, list[tuple[str, Any]]] = {}
    for table, cls in tables.items():
        records = data.get(table, {})
        try:
            keys = sorted(records, key=order)
        except ValueError as exc:
            raise RecordError(f"{table}: {exc}") from None
        keyed[table] = []
        for key in keys:
            try:
                keyed[table].append((key, cls.from_doc(records[key])))
            except RecordError as exc:
                raise _at(table, key, exc.field, exc.problem) from None
    _check_across(keyed)
    return {table: [obj for _, obj in rows] for table, rows in keyed.items()}


def _at(table: str, key: str, field: str, problem: str) -> RecordError:
    where = f"{table} record {key}" + (f", field {field}" if field else "")
    return RecordError(f"{where}: {problem}")


def _check_across(keyed: dict[str, list[tuple[str, Any]]]) -> None:
    """What one record alone cannot tell: ids unique in their table, references that lead
    somewhere."""
    for table, name in UNIQUE.items():
        first: dict[Any, str] = {}
        for key, obj in keyed.get(table, []):
            value = getattr(obj, name)
            if value in first:
                problem = f"{shown(value)} is also the {name} of {table} record {first[value]}"
                raise _at(table, key, name, problem)
            first[value] = key
    for table, name, target, target_field, none in REFERENCES:
        there = {getattr(obj, target_field) for _, obj in keyed.get(target, [])}
        for key, obj in keyed.get(table, []):
            value = getattr(obj, name)
            if value != none and value not in there:
                problem = f"no {target} record has {target_field} {shown(value)}"
                raise _at(table, key, name, problem)
