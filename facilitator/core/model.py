"""The meeting record as msgspec Structs, and what each stored field may hold.

Everything here maps one-to-one onto a TinyDB document (``to_doc`` / ``from_doc``), so the
store stays a thin layer and the rest of the core works with typed objects.

A field's annotation says what a file may hold there: its JSON type and, in ``Annotated``, a
msgspec ``Meta`` (a range of numbers, a pattern of text). msgspec checks every record against
it when a file is read (:meth:`_Doc.from_doc`, :func:`load_tables`); ``Says`` puts a refusal
in the user's words, naming the record and the field.

The records are ``msgspec.Struct`` classes rather than dataclasses: msgspec checks them as it
reads them either way, but a Struct class is made in C (20 records: 0.4 ms, against 12.6 ms
for the same as dataclasses, whose methods are compiled from source at every start), and
this module is imported before the first screen of every start. Copy one with a change with
``msgspec.structs.replace``; its fields are ``msgspec.structs.fields``.
"""

import functools
import operator
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Self, get_args, get_origin, get_type_hints

import msgspec
from msgspec import Meta, field

from facilitator.core.dates import MAX_YEAR, MIN_YEAR
from facilitator.core.errors import UserError
from facilitator.core.patterns import lazy

SCHEMA_VERSION = 1

SECTORS = ("public", "voluntary", "community", "private", "education", "health", "other")
ROLES = ("representative", "advisor", "organisation", "observer", "champion")  # champion: a
# Compact Champion (Kirklees Compact §3.1), informed of a challenge (core/challenges.py)
ITEM_KINDS = ("information", "discussion", "decision", "review")
STATES = ("upcoming", "live", "ended")
ACTION_STATUSES = ("open", "done", "dropped")
ATTENDANCE = ("present", "absent", "apologies")
NATIONS = ("england-wales", "scotland", "northern-ireland")  # whose bank holidays count
MAX_PAPERS_DAYS = 60  # clear working days a partnership's papers rule may ask for


class RecordError(UserError, ValueError):
    """A stored record that cannot be used as it is: which field, and what is wrong.

    ``str()`` is ``field due: '31/02/2027' is not an ISO date (YYYY-MM-DD)``; the table
    and record are added by :func:`load_tables`.
    """

    def __init__(self, problem: str, field: str = "") -> None:
        super().__init__(f"field {field}: {problem}" if field else problem)
        self.problem, self.field = problem, field


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

_DAY_SHAPE = lazy(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MOMENT_SHAPE = lazy(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{6})?)?", re.ASCII)


def has_line_break(text: str) -> bool:
    """True if ``text`` would show on more than one line: one-line fields refuse it."""
    return any(mark in text for mark in LINE_BREAKS)


def shown(value: Any) -> str:
    """A stored value quoted for a one-line message, cut short (a huge number too)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


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


def _when_problem(value: str) -> str | None:
    return day_problem(value) if len(value) <= 10 else moment_problem(value)


class Says(msgspec.Struct, frozen=True):
    """How a value msgspec refused is put to the user (msgspec's own words would name a
    regular expression): ``problem(value)`` for a value of the right type."""

    problem: Callable[[Any], str | None]


def choice(*options: str) -> Meta:
    """A text field that holds one of ``options``, as msgspec checks it."""
    return Meta(pattern=r"\A(?:" + "|".join(re.escape(o) for o in options) + r")\Z")


def one_of(*options: str) -> Says:
    listed = " | ".join(repr(o) for o in options)
    return Says(lambda v: f"should be one of {listed}, not {shown(v)}")


def number(lo: int, hi: int = MAX_NUMBER) -> Meta:
    """A whole number from ``lo`` to ``hi`` (its refusal says so from the Meta itself)."""
    return Meta(ge=lo, le=hi)


# Dates and times as patterns msgspec matches: ASCII digits only ([0-9], never \d), the
# whole text (\A…\Z: $ would let a final newline through), years MIN_YEAR to MAX_YEAR (1900
# to 2200) and each month its own days, leap years' 29 February too — exactly the values
# day_problem and moment_problem accept (tests/core/test_record_check.py tries every date).
_YEAR = r"(?:19[0-9]{2}|2[01][0-9]{2}|2200)"
_LEAP = r"(?:(?:19|2[01])(?:0[48]|[2468][048]|[13579][26])|2000)"
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_DAY = rf"(?:{_YEAR}-{_MONTH_DAY}|{_LEAP}-02-29)"
_TIME = r"T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{6})?)?"

# What a stored field holds, where it is more than its type says (str, bool and list[str]
# fields hold any text, flag or list of text).
Count = Annotated[int, number(0)]  # an id, a place, a count, seconds
Line = Annotated[  # titles and names: one line on every screen
    str, Meta(pattern=rf"\A[^{LINE_BREAKS}]*\Z"), Says(_one_line)
]
Day = Annotated[  # "" or an ISO date
    str, Meta(pattern=rf"\A(?:{_DAY})?\Z"), Says(_blank_or(day_problem))
]
Moment = Annotated[  # "" or an ISO date and time
    str, Meta(pattern=rf"\A(?:{_DAY}{_TIME})?\Z"), Says(_blank_or(moment_problem))
]
Stamp = Annotated[  # when it happened: always there
    str, Meta(pattern=rf"\A{_DAY}{_TIME}\Z"), Says(moment_problem)
]
When = Annotated[  # a meeting's date: "", a date, or a date and time
    str, Meta(pattern=rf"\A(?:{_DAY}(?:{_TIME})?)?\Z"), Says(_blank_or(_when_problem))
]
Sector = Annotated[str, choice(*SECTORS), one_of(*SECTORS)]


class _Doc(msgspec.Struct):
    """A stored record, and its conversion to and from the dict TinyDB stores."""

    def to_doc(self) -> dict[str, Any]:
        """The record as JSON's types: a new dict, its lists new lists."""
        doc: dict[str, Any] = msgspec.to_builtins(self)
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Self:
        """Build from a stored document, every field checked by msgspec against its
        annotation: a foreign or hand-edited file must fail here, with the field and the
        reason, rather than crash a screen later. Raises :class:`RecordError`.

        Unknown keys are ignored so that a field added later does not break an older file.
        """
        try:
            return msgspec.convert(doc, cls)
        except msgspec.ValidationError as exc:
            raise _refusal(cls, doc, str(exc)) from None


class SessionInfo(_Doc):
    """The one document of the ``session`` table."""

    id: str
    title: Line
    partnership: Line = ""
    steering_group: bool = False  # a Compact Steering Group meeting (Kirklees §3.2): it
    # moves challenges on (core/challenges.py), and it should meet "at least twice a year"
    date: When = ""  # ISO date or datetime of the meeting
    date_text: str = ""  # what the user typed
    venue: Line = ""
    chair: Line = ""
    secretary: Line = ""
    joining: str = ""  # how to join a hybrid meeting: a link, a dial-in (the agenda pack)
    apologies_to: Line = ""  # where to send apologies: a name, an address (the agenda pack)
    quorum: Count = 0  # how many must be present for decisions; 0: no quorum set
    # The papers deadline and the next meeting (core/working_days.py): whose bank holidays
    # count, how many clear working days ahead papers go out (the partnership's own rule; 0:
    # none), and the date of the next meeting as ISO and as typed.
    nation: Annotated[str, choice(*NATIONS), one_of(*NATIONS)] = "england-wales"
    papers_days: Annotated[int, number(0, MAX_PAPERS_DAYS)] = 5
    next_meeting: When = ""  # ISO date or datetime
    next_meeting_text: str = ""  # what the user typed
    state: Annotated[str, choice(*STATES), one_of(*STATES)] = "upcoming"
    current_item: Count = 0  # index into the agenda, in position order
    queue: list[str] = field(default_factory=list)  # speakers waiting, in order
    carried: list[str] = field(default_factory=list)  # "item:session" deferred items brought in
    created_at: Moment = ""
    started_at: Moment = ""
    ended_at: Moment = ""
    schema_version: Annotated[int, number(1)] = SCHEMA_VERSION


class Participant(_Doc):
    name: Line
    organisation: Line = ""
    sector: Sector = "other"
    role: Annotated[str, choice(*ROLES), one_of(*ROLES)] = "representative"
    new: bool = False
    apologies: bool = False  # sent apologies before the meeting (from the plan)
    attendance: Annotated[str, choice("", *ATTENDANCE), one_of("", *ATTENDANCE)] = ""
    # ^ marked at the meeting: present | absent | apologies; "" not yet
    substitute_for: Line = ""  # the member (name) this person stands in for at this meeting
    remote: bool = False  # attends remotely (by video or phone), not in the room
    id: Count = 0


class AgendaItem(_Doc):
    title: Line
    minutes: Annotated[int, number(1, MAX_TIMEBOX)] = 10
    lead: Line = ""
    kind: Annotated[str, choice(*ITEM_KINDS), one_of(*ITEM_KINDS)] = "discussion"
    confidential: bool = False
    papers_circulated: Day = ""  # ISO date
    exempt_reason: str = ""  # a confidential item's reason for exemption (Schedule 12A)
    id: Count = 0  # stable: entries refer to it, so items can be reordered, added, deferred
    position: Count = 0  # order on the agenda
    started_at: Moment = ""  # when the meeting first reached this item
    entered_at: Moment = ""  # when the meeting last came to it
    ended_at: Moment = ""  # when the meeting last left it
    spent_seconds: Count = 0  # time on it before ``entered_at`` (items can be revisited)
    extra_minutes: Annotated[int, number(0, MAX_EXTENSION)] = 0  # the chair's extensions
    standing: bool = False  # comes back every meeting ("new session like this one")
    added_at: Moment = ""  # added during the meeting (/add)
    deferred_at: Moment = ""  # deferred from this meeting to the next (/defer)
    deferred_from: str = ""  # id of the session it was deferred from
    deferred_from_item: Annotated[int, number(-1)] = -1  # that item's id there
    deferred_from_date: When = ""  # that session's date (ISO)


CIRCULATED = ("agenda", "minutes")
PACK_FORMATS = ("md", "html", "txt", "docx", "ics", "eml")


class Paper(_Doc):
    """One paper for an agenda item (the agenda pack lists them): ``item`` is the item's id."""

    item: Count
    title: Line
    file: Line = ""  # its file name or a link
    circulated: Day = ""  # ISO date it went out
    id: Count = 0


class Circulation(_Doc):
    """The agenda pack or the minutes produced for circulation: when, in what format, and
    whether the public version (core/circulation.py records and reads them)."""

    what: Annotated[str, choice(*CIRCULATED), one_of(*CIRCULATED)]
    at: Stamp
    format: Annotated[str, choice(*PACK_FORMATS), one_of(*PACK_FORMATS)] = "eml"
    public: bool = False
    to: list[str] = field(default_factory=list)  # the draft email's addresses, if any


class Entry(_Doc):
    """Something captured during the meeting against an agenda item.

    ``item`` is the agenda item's ``id``. Entries are never erased: ``/undo`` marks one
    ``withdrawn`` and it stays in the record.
    """

    item: Count
    text: str
    at: Stamp  # ISO datetime it was saved
    seq: Count = 0  # capture order across the whole meeting
    withdrawn: bool = False
    withdrawn_at: Moment = ""
    kind: str = "entry"


class Note(Entry):
    kind: Annotated[str, choice("note"), one_of("note")] = "note"
    # A note that reports an action follow-up made at this meeting (/done 1.2 …) names the
    # action and each field it changed, as field, value before, value after in turn, so that
    # /undo can put back what nobody has changed since.
    action_session: str = ""
    action_seq: Count = 0
    changed: list[str] = field(default_factory=list)
    update: str = ""  # that follow-up in words, as matters arising shows it ("done — booked")


class Decision(Entry):
    owner: str = ""  # a participant's name or an organisation
    dissent: str = ""  # who disagreed, and what happens next
    how: Annotated[str, choice(*DECISION_WAYS), one_of(*DECISION_WAYS)] = "consensus"
    votes_for: Count = 0
    votes_against: Count = 0
    votes_abstain: Count = 0
    status: Annotated[str, choice(*DECISION_STATUSES), one_of(*DECISION_STATUSES)] = "agreed"
    review: Day = ""  # ISO date to review it
    review_text: str = ""
    confidential: bool = False
    corrections: list[str] = field(default_factory=list)  # earlier wordings, oldest first
    kind: Annotated[str, choice("decision"), one_of("decision")] = "decision"


class Action(Entry):
    owner: str = ""
    due: Day = ""  # ISO date
    due_text: str = ""  # what the user typed
    status: Annotated[str, choice(*ACTION_STATUSES), one_of(*ACTION_STATUSES)] = "open"
    decision: Count = 0  # seq of the decision it carries out (0: none)
    improves: str = ""  # "checklist:ref" of the checklist item it is meant to improve
    updated_at: Moment = ""
    kind: Annotated[str, choice("action"), one_of("action")] = "action"


class Attendance(Entry):
    """A late arrival or early departure: ``text`` is "arrived" or "left"."""

    text: Annotated[str, choice(*ATTENDANCE_MOVES), one_of(*ATTENDANCE_MOVES)]
    name: str = ""
    kind: Annotated[str, choice("attendance"), one_of("attendance")] = "attendance"


class Interest(Entry):
    """A declaration of interest: who, and what (``text``), on which item."""

    name: str = ""
    kind: Annotated[str, choice("interest"), one_of("interest")] = "interest"


class ChairChoice(Entry):
    """What the chair chose when an item ran over: ``text`` says it ("extended by 5 min")."""

    kind: Annotated[str, choice("choice"), one_of("choice")] = "choice"


class ActionUpdate(_Doc):
    """One change to an action, kept with the action in the session that raised it."""

    action: Count  # the action's seq
    at: Stamp
    change: str  # "status: open → done", "due: … → …", "owner: … → …", or "note"
    note: str = ""
    where: str = ""  # the session it was changed from (matters arising, the tracker…)


class Turn(_Doc):
    """Someone speaking: on which item, from when to when ("" while still speaking)."""

    name: str
    item: Count
    start: Stamp
    end: Moment = ""


class PromptMark(_Doc):
    """The chair dismissed a prompt, or snoozed it until a time."""

    key: str
    state: Annotated[str, choice(*PROMPT_MARKS), one_of(*PROMPT_MARKS)]  # dismissed | snoozed
    until: Moment = ""
    at: Moment = ""


class ChecklistAnswer(_Doc):
    """The room's view of one checklist item at one review."""

    checklist: str  # checklist id, e.g. "ingredients"
    ref: str  # item reference within the checklist, e.g. "I3"
    answer: Annotated[str, choice(*ANSWER_VALUES), one_of(*ANSWER_VALUES)]
    # ^ the room's view: "yes" | "no" | "unsure" (from the counts, if counted)
    note: str = ""
    item: Count = 0  # id of the agenda item the review was taken under
    at: Moment = ""
    yes: Count = 0  # counts, when the room was counted rather than agreeing one answer
    no: Count = 0
    unsure: Count = 0
    sector: Annotated[str, choice("", *SECTORS), one_of("", *SECTORS)] = ""
    # ^ a sector's own view, when recorded by sector ("": the whole room's)
    text: Line = ""  # the item's wording as it was reviewed ("": an older file, a built-in)
    title: Line = ""  # the checklist's title, likewise


class Approval(_Doc):
    """This session's minutes approved as a true record at a later meeting of the
    partnership (``/approve`` there, or ``facilitator approve``). From then on the record is
    locked: a change to it is only made as an :class:`Amendment` (core/store.py)."""

    by_session: str  # the meeting that approved them ("" if approved outside the app)
    at: Stamp  # when they were approved
    by_date: When = ""  # that meeting's date
    corrections: str = ""  # "with corrections": what was corrected, as said at the meeting
    note_seq: Count = 0  # the note recording it at the approving meeting (0: none)
    fingerprint: str = ""  # SHA-256 of the full minutes as approved (core/fingerprint.py)
    public_fingerprint: str = ""  # and of the public minutes


class Amendment(_Doc):
    """A recorded correction to approved minutes: what changed, from what to what, and by
    whom (a meeting or a person). The minutes list them under "Amendments after approval"."""

    at: Stamp
    what: str  # "decision D2", "item 3 title", "note 2 of item 3", "action 1.2"
    before: str
    after: str
    by: str  # the meeting (its id) or the person who made it
    table: str = ""  # the record changed: its table, and its id (agenda) or seq (entries)
    ref: Count = 0
    fingerprint: str = ""  # the full minutes' fingerprint after it
    public_fingerprint: str = ""


_SEQ = operator.attrgetter("seq")
_AT = operator.attrgetter("at")


class Session(msgspec.Struct):
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
    papers: list[Paper] = field(default_factory=list)  # the agenda pack's papers, by item
    circulation: list[Circulation] = field(default_factory=list)  # packs and minutes sent
    approvals: list[Approval] = field(default_factory=list)  # at most one: minutes approved
    amendments: list[Amendment] = field(default_factory=list)  # corrections after approval

    @property
    def approval(self) -> Approval | None:
        """The approval of these minutes, if they have been approved (the record is then
        locked)."""
        return self.approvals[-1] if self.approvals else None

    @property
    def entries(self) -> list[Entry]:
        """Every captured entry in the order it was captured."""
        # by (seq, at) as two stable sorts on one key each, in C: a key of (seq, at) made a
        # tuple an entry, and with 5,000 entries each sort ran five of the cycle collector's
        # passes over them (a save sorts every entry; gc.callbacks showed it)
        entries = self._all_entries()
        entries.sort(key=_AT)
        entries.sort(key=_SEQ)
        return entries

    @property
    def last_seq(self) -> int:
        """The capture number of the latest entry (0 before the first), found without
        sorting every entry: each save numbers its entry after it."""
        return max(map(_SEQ, self._all_entries()), default=0)

    def _all_entries(self) -> list[Entry]:
        return [
            *self.notes,
            *self.decisions,
            *self.actions,
            *self.attendance,
            *self.interests,
            *self.choices,
        ]

    def entries_for(self, item_id: int, *, include_withdrawn: bool = False) -> list[Entry]:
        """The item's entries in the order captured, as :attr:`entries` orders them (the
        same two stable sorts, so ties fall the same way), without sorting the other
        items' entries with them."""
        mine = [
            e
            for e in self._all_entries()
            if e.item == item_id and (include_withdrawn or not e.withdrawn)
        ]
        mine.sort(key=_AT)
        mine.sort(key=_SEQ)
        return mine

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


# --------------------------------------------------------------------------- whole tables

ENTRY_TABLES = ("notes", "decisions", "actions", "attendance", "interests", "choices")
UNIQUE = {"participants": "id", "agenda": "id", "papers": "id",
          **dict.fromkeys(ENTRY_TABLES, "seq")}
"""A field no two records of the table share: the screens and updates find records by it."""
REFERENCES = [
    # table, field, the table and field it names, a value that names nothing
    *((table, "item", "agenda", "id", None) for table in ENTRY_TABLES),
    ("actions", "decision", "decisions", "seq", 0),
    ("action_updates", "action", "actions", "seq", None),
    ("papers", "item", "agenda", "id", None),
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
        docs = [records[key] for key in keys]
        try:
            built = msgspec.convert(docs, _list_of(cls))  # one call a table: msgspec's C loop
        except msgspec.ValidationError as exc:
            index = _RECORD.search(str(exc))
            if index is None:  # (msgspec names the record of every refusal of a list)
                raise RecordError(f"{table}: {exc}") from None
            n = int(index.group(1))
            refused = _refusal(cls, docs[n], str(exc))
            raise _at(table, keys[n], refused.field, refused.problem) from None
        keyed[table] = list(zip(keys, built, strict=True))
    _check_across(keyed)
    return {table: [obj for _, obj in rows] for table, rows in keyed.items()}


@functools.cache
def _list_of(cls: type) -> Any:
    return list[cls]  # type: ignore[valid-type]


_RECORD = lazy(r" - at `\$\[(\d+)\]")
_FIELD = lazy(r" - at `\$(?:\[\d+\])?\.(\w+)")
_MISSING = lazy(r"missing required field `(\w+)`")
_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list of text"}


def _refusal(cls: type, doc: Any, message: str) -> RecordError:
    """msgspec's refusal (``message``) of ``doc`` as a ``cls`` record, in the user's words:
    the field, and what it should hold."""
    if not isinstance(doc, dict):
        return RecordError("is not a record (a JSON object)")
    missing = _MISSING.search(message)
    if missing:
        return RecordError("is missing", missing.group(1))
    found = _FIELD.search(message)
    name = found.group(1) if found else ""
    if name in doc:
        problem = _problem(cls, name, doc[name])
        if problem:
            return RecordError(problem, name)
    return RecordError(message.split(" - at ")[0], name)  # (msgspec's words: never seen yet)


def _problem(cls: type, name: str, value: Any) -> str | None:
    """What is wrong with ``value`` as field ``name`` of ``cls``, msgspec having refused it."""
    kind, meta, says = _rules(cls)[name]
    if not _of_type(value, kind):
        return f"should be {_TYPE_NAMES[kind]}, not {shown(value)}"
    if meta is not None and meta.ge is not None:
        return f"should be from {meta.ge} to {meta.le}, not {shown(value)}"
    return says.problem(value) if says is not None else None


def _of_type(value: Any, kind: type) -> bool:
    """Of exactly the JSON type: a bool is not a whole number; a list holds only text."""
    if type(value) is not kind:
        return False
    items: Any = value  # (a list here: mypy narrows value to object)
    return kind is not list or all(type(v) is str for v in items)


@functools.cache
def _rules(cls: type) -> dict[str, tuple[type, Meta | None, Says | None]]:
    """Each field of a record class: its JSON type, its msgspec Meta and its Says."""
    found = {}
    for name, hint in get_type_hints(cls, include_extras=True).items():
        kind, *extras = get_args(hint) if get_origin(hint) is Annotated else (hint,)
        meta = next((x for x in extras if isinstance(x, Meta)), None)
        says = next((x for x in extras if isinstance(x, Says)), None)
        found[name] = (get_origin(kind) or kind, meta, says)
    return found


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
