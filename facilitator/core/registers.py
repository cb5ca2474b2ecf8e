"""A partnership's registers across its meetings: attendance, declarations of interest,
decisions, actions, participation by sector and health (the checklist trend).

Pure functions over loaded sessions (no Textual), read through the archive's summary index
(:func:`load_series`) so that one partnership's files are the only ones parsed in full.

What counts, where the record alone does not say:

- A *meeting* of the series is a session of the partnership dated from ``start`` to ``end``
  (inclusive) that was held: live or ended. Upcoming sessions have nobody's attendance yet.
- Attendance is counted in *meetings*. A person (or organisation, or sector) was *expected*
  at a meeting where they (any of its people) were on the roll; *present* if they (any of
  its people) attended at any time — marked present, not marked (the app counts them
  present), or arrived; else *apologies* if apologies were sent (by any of them), else
  *absent*. *Late*: arrived during the meeting (first movement an arrival, a newcomer added
  during it too); *left early*: left and did not return. *Substitutes*: meetings where one
  of its people stood in for a member (``Participant.substitute_for``); for a person, the
  meetings where someone stood in for them. *Remote*: attended remotely.
- A meeting is *quorate* when the people who attended reach ``SessionInfo.quorum`` (remote
  attenders count); ``None`` when no quorum is set.
- Public registers (``public=True``) are built from :func:`public.redact` of each session,
  the one rule of every public output (``public.withheld``): decisions and actions under an
  exempt item, or confidential, are left out; an interest in an exempt item says only that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from facilitator.core.checklists import Checklist
from facilitator.core.dates import DateError, parse_date
from facilitator.core.errors import UserError
from facilitator.core.health import ItemTrend, checklists_reviewed, trend
from facilitator.core.held import sat_on
from facilitator.core.model import SECTORS, Participant, Session
from facilitator.core.public import redact
from facilitator.core.roll import movements
from facilitator.core.speakers import balance
from facilitator.core.store import SessionStore
from facilitator.core.text import fold
from facilitator.core.tracker import Archive, partnership_sessions

REGISTERS = ("attendance", "interests", "decisions", "actions", "participation", "health")
GROUPINGS = ("person", "organisation", "sector")
QUIET = 0.5  # a sector is "rarely heard" below half the share of time its people would have


class RegisterError(UserError):
    """A register that cannot be made as asked: one line for the user."""


# --------------------------------------------------------------------------- the series


@dataclass
class Series:
    """One partnership's meetings in a window, and every session of it (for reviews and
    actions falling due in the window that were raised earlier)."""

    partnership: str
    start: date | None  # None: from the first meeting
    end: date | None  # None: to the last
    meetings: list[Session]  # held (live or ended), dated in the window, oldest first
    sessions: list[Session]  # every session of the partnership, oldest first

    def in_window(self, day: str) -> bool:
        """``day`` (ISO, a date or date and time) falls in the window (a meeting with no
        date falls only in a window with no ends: it cannot be placed in one)."""
        if not day:
            return self.start is None and self.end is None
        d = day[:10]
        return (self.start is None or self.start.isoformat() <= d) and (
            self.end is None or d <= self.end.isoformat()
        )


def parse_window(start: str, end: str, today: date) -> tuple[date | None, date | None]:
    """``--from`` and ``--to`` as typed ("" for open-ended); a RegisterError if either is not
    a date, or the window ends before it starts."""
    found: list[date | None] = []
    for option, text in (("--from", start), ("--to", end)):
        if not text.strip():
            found.append(None)
            continue
        try:
            found.append(parse_date(text.strip(), today))
        except DateError as exc:
            raise RegisterError(f"{option}: {exc}") from None
    first, last = found
    if first and last and last < first:
        raise RegisterError(f"--to ({last.isoformat()}) is before --from ({first.isoformat()})")
    return first, last


def known_partnerships(store: SessionStore) -> list[str]:
    """Every partnership named by a session, in alphabetical order."""
    names = {info["partnership"] for info in Archive(store).listings() if info["partnership"]}
    return sorted(names, key=str.casefold)


def find_partnership(store: SessionStore, wanted: str) -> str:
    """The partnership ``wanted`` names: its exact name, else the one whose name contains it
    (accents and case ignored). A RegisterError that lists those known otherwise."""
    known = known_partnerships(store)
    if wanted in known:
        return wanted
    hits = [p for p in known if fold(wanted.strip()) in fold(p)] if wanted.strip() else []
    if len(hits) == 1:
        return hits[0]
    listed = "; ".join(known) if known else "none yet"
    if hits:
        raise RegisterError(f"{wanted[:40]!r} matches {len(hits)} partnerships: {listed}")
    raise RegisterError(f"no partnership {wanted[:40]!r} (known: {listed})")


def held(session: Session) -> bool:
    return session.info.state != "upcoming"


def make_series(
    sessions: Iterable[Session], partnership: str, start: date | None, end: date | None
) -> Series:
    """The series from sessions already loaded (any order; other partnerships' ignored)."""
    mine = sorted(
        (s for s in sessions if s.info.partnership == partnership),
        key=lambda s: (sat_on(s.info), s.info.id),
    )
    series = Series(partnership, start, end, [], mine)
    series.meetings = [s for s in mine if held(s) and series.in_window(sat_on(s.info))]
    return series


def load_series(
    store: SessionStore, partnership: str, start: date | None = None, end: date | None = None
) -> Series:
    """Read one partnership's sessions from the store (``partnership`` as the user typed it,
    see :func:`find_partnership`)."""
    name = find_partnership(store, partnership)
    return make_series(partnership_sessions(store, name), name, start, end)


# --------------------------------------------------------------------------- attendance


@dataclass
class MeetingRow:
    """One meeting of the series: how many attended, and whether it was quorate."""

    session: str
    date: str  # ISO date (and time) of the meeting
    title: str
    on_roll: int  # participants on its roll
    present: int  # who attended at any time (remote too)
    remote: int
    substitutes: int
    quorum: int  # 0: none set
    quorate: bool | None  # None: no quorum set


@dataclass
class AttendanceRow:
    """One person's, organisation's or sector's attendance across the series (in meetings)."""

    who: str
    organisation: str  # the person's (by person); the organisation itself; "" by sector
    sector: str
    expected: int  # meetings on the roll
    present: int
    apologies: int
    absent: int
    late: int  # arrived during the meeting
    left_early: int  # left and did not return
    substitutes: int  # stood in for a member (by person: meetings someone stood in for them)
    remote: int

    @property
    def rate(self) -> float:
        """present / expected (0.0 when never expected)."""
        return self.present / self.expected if self.expected else 0.0


@dataclass
class _Mark:
    """One person at one meeting."""

    person: Participant
    status: str  # present | apologies | absent
    late: bool
    left_early: bool


def marks(session: Session) -> list[_Mark]:
    """Each participant of ``session`` as the register counts them."""
    moves: dict[str, list[str]] = defaultdict(list)
    for move, word in movements(session):
        moves[move.name].append(word)
    found = []
    for person in session.participants:
        status = session.status_of(person)
        status = "present" if status == "expected" else status
        mine = moves.get(person.name, [])
        late = bool(mine) and mine[0] == "arrived"
        gone = bool(mine) and mine[-1] == "left"
        found.append(_Mark(person, status, late, gone))
    return found


def meetings(series: Series) -> list[MeetingRow]:
    rows = []
    for s in series.meetings:
        counted = marks(s)
        here = [m for m in counted if m.status == "present"]
        quorum = s.info.quorum
        rows.append(
            MeetingRow(
                session=s.info.id,
                date=sat_on(s.info),
                title=s.info.title,
                on_roll=len(counted),
                present=len(here),
                remote=sum(m.person.remote for m in here),
                substitutes=sum(bool(m.person.substitute_for) for m in here),
                quorum=quorum,
                quorate=None if not quorum else len(here) >= quorum,
            )
        )
    return rows


_KEYS: dict[str, Callable[[Participant], str]] = {
    "person": lambda p: p.name,
    "organisation": lambda p: p.organisation or p.name,
    "sector": lambda p: p.sector,
}


def attendance(series: Series, by: str = "organisation") -> list[AttendanceRow]:
    """Attendance by ``person``, ``organisation`` or ``sector`` (see the module's rules),
    most expected first, then by name."""
    if by not in _KEYS:
        raise RegisterError(f"attendance is by one of {', '.join(GROUPINGS)}")
    key = _KEYS[by]
    rows: dict[str, AttendanceRow] = {}
    for s in series.meetings:
        groups: dict[str, list[_Mark]] = defaultdict(list)
        for m in marks(s):
            groups[key(m.person)].append(m)
        stood_in_for = {p.substitute_for for p in s.participants if p.substitute_for}
        for who, group in groups.items():
            first = group[0].person
            row = rows.setdefault(
                who,
                AttendanceRow(
                    who=who,
                    organisation=first.organisation if by != "sector" else "",
                    sector=first.sector,
                    expected=0,
                    present=0,
                    apologies=0,
                    absent=0,
                    late=0,
                    left_early=0,
                    substitutes=0,
                    remote=0,
                ),
            )
            here = [m for m in group if m.status == "present"]
            row.expected += 1
            if here:
                row.present += 1
            elif any(m.status == "apologies" for m in group):
                row.apologies += 1
            else:
                row.absent += 1
            row.late += any(m.late for m in here)
            row.left_early += any(m.left_early for m in here)
            row.remote += any(m.person.remote for m in here)
            if by == "person":
                row.substitutes += who in stood_in_for
            else:
                row.substitutes += any(m.person.substitute_for for m in here)
    return sorted(rows.values(), key=lambda r: (-r.expected, r.who.casefold()))


# --------------------------------------------------------------------------- interests


@dataclass
class InterestRow:
    session: str
    date: str
    name: str
    organisation: str
    item: str  # the agenda item's title ("Confidential item" in a public register)
    text: str  # what the interest is


def interests(series: Series, public: bool = False) -> list[InterestRow]:
    """Every declaration at the series' meetings, in order (withdrawn ones left out)."""
    rows = []
    for s in _seen(series.meetings, public):
        orgs = {p.name: p.organisation for p in s.participants}
        titles = {i.id: i.title for i in s.agenda}
        for i in sorted(s.interests, key=lambda i: i.seq):
            if not i.withdrawn:
                rows.append(
                    InterestRow(
                        s.info.id,
                        sat_on(s.info),
                        i.name,
                        orgs.get(i.name, ""),
                        titles.get(i.item, ""),
                        i.text,
                    )
                )
    return rows


def interests_by(rows: list[InterestRow], by: str = "name") -> dict[str, list[InterestRow]]:
    """The declarations grouped by ``name`` or ``organisation`` (groups alphabetical)."""
    grouped: dict[str, list[InterestRow]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, by) or "no organisation"].append(row)
    return dict(sorted(grouped.items(), key=lambda kv: kv[0].casefold()))


# --------------------------------------------------------------------------- decisions


@dataclass
class DecisionEntry:
    session: str
    date: str  # the meeting's
    seq: int
    text: str
    owner: str
    organisation: str  # the owner's, if the owner is a participant; else the owner
    status: str  # agreed | not agreed | deferred
    how: str  # consensus | vote
    votes: str  # "for-against-abstain" for a vote, else ""
    review: str  # ISO date to review it, or ""
    dissent: str  # recorded dissent ("" none; "votes against: N" for a vote without words)
    item: str
    confidential: bool  # withheld from public registers (never in one)


@dataclass
class DecisionRegister:
    rows: list[DecisionEntry]  # taken at the series' meetings, in order
    reviews_due: list[DecisionEntry]  # any agreed decision of the partnership up to the
    # window's end whose review date falls in the window, by review date
    by_status: dict[str, int]  # of rows: agreed / not agreed / deferred → count
    with_dissent: list[DecisionEntry]  # of rows


def _decisions_of(s: Session) -> list[DecisionEntry]:
    orgs = {p.name: p.organisation for p in s.participants}
    titles = {i.id: i.title for i in s.agenda}
    confidential = {i.id for i in s.agenda if i.confidential}
    rows = []
    for d in sorted(s.decisions, key=lambda d: d.seq):
        if d.withdrawn:
            continue
        vote = d.how == "vote"
        dissent = d.dissent or (
            f"votes against: {d.votes_against}" if vote and d.votes_against else ""
        )
        rows.append(
            DecisionEntry(
                session=s.info.id,
                date=sat_on(s.info),
                seq=d.seq,
                text=d.text,
                owner=d.owner,
                organisation=orgs.get(d.owner) or d.owner,
                status=d.status,
                how=d.how,
                votes=f"{d.votes_for}-{d.votes_against}-{d.votes_abstain}" if vote else "",
                review=d.review,
                dissent=dissent,
                item=titles.get(d.item, ""),
                confidential=d.confidential or d.item in confidential,
            )
        )
    return rows


def decisions(series: Series, public: bool = False, due_by: date | None = None) -> DecisionRegister:
    """The decisions register. ``due_by`` (default: the window's end) bounds the reviews
    falling due: those dated from the window's start to it."""
    rows = [d for s in _seen(series.meetings, public) for d in _decisions_of(s)]
    last = due_by or series.end
    earlier = [
        s
        for s in series.sessions
        if series.end is None or sat_on(s.info)[:10] <= series.end.isoformat()
    ]
    start = series.start.isoformat() if series.start else ""
    stop = last.isoformat() if last else "9999-12-31"
    reviews = sorted(
        (
            d
            for s in _seen(earlier, public)
            for d in _decisions_of(s)
            if d.status == "agreed" and d.review and start <= d.review <= stop
        ),
        key=lambda d: (d.review, d.date, d.seq),
    )
    by_status = {status: sum(d.status == status for d in rows) for status in _STATUSES}
    return DecisionRegister(rows, reviews, by_status, [d for d in rows if d.dissent])


_STATUSES = ("agreed", "not agreed", "deferred")


# --------------------------------------------------------------------------- actions


@dataclass
class ActionEntry:
    session: str
    date: str  # the meeting that raised it
    seq: int
    text: str
    owner: str
    organisation: str
    due: str  # ISO date or ""
    status: str  # now: open | done | dropped
    done_on: str  # ISO date it was marked done (from its ActionUpdate records), or ""
    closed_on: str  # ISO date it was marked done or dropped, or ""
    item: str
    completed: bool  # marked done on or before the register's date
    completed_late: bool  # completed, after its due date
    overdue: bool  # still open at the register's date (the window's end, or today) past due


@dataclass
class OwnerRow:
    """Actions raised in the series, for one owner or organisation."""

    who: str
    raised: int
    completed: int
    completed_late: int
    overdue: int
    open: int  # open at the register's date, overdue or not


@dataclass
class ActionRegister:
    as_of: str  # ISO date "overdue" is judged at
    rows: list[ActionEntry]  # raised at the series' meetings, in order
    overdue: list[ActionEntry]  # open at as_of past due: raised in the series or earlier
    by_owner: list[OwnerRow]
    by_organisation: list[OwnerRow]


def _closed(s: Session) -> dict[int, tuple[str, str]]:
    """Each action's last move to done or dropped: seq → (status, ISO date), from its
    ActionUpdate records (a change "status: open → done"); an action set back to open since
    has none."""
    found: dict[int, tuple[str, str]] = {}
    for u in sorted(s.action_updates, key=lambda u: u.at):
        if not u.change.startswith("status:"):
            if u.change.startswith("undone:") and "status:" in u.change:
                found.pop(u.action, None)  # a follow-up undone: as it was before
            continue
        after = u.change.rsplit("→", 1)[-1].strip()
        if after in ("done", "dropped"):
            found[u.action] = (after, u.at[:10])
        else:
            found.pop(u.action, None)
    return found


def _actions_of(s: Session, as_of: str) -> list[ActionEntry]:
    orgs = {p.name: p.organisation for p in s.participants}
    titles = {i.id: i.title for i in s.agenda}
    closed = _closed(s)
    rows = []
    for a in sorted(s.actions, key=lambda a: a.seq):
        if a.withdrawn:
            continue
        how, when = closed.get(a.seq, ("", ""))
        if a.status != "open" and not when:  # closed with no record of when (an older file,
            when = (a.updated_at or a.at)[:10]  # or marked done as it was raised)
            how = a.status
        done_on = when if how == "done" and a.status == "done" else ""
        closed_on = when if a.status != "open" else ""
        open_then = a.status == "open" or closed_on > as_of
        completed = bool(done_on) and done_on <= as_of
        rows.append(
            ActionEntry(
                session=s.info.id,
                date=sat_on(s.info),
                seq=a.seq,
                text=a.text,
                owner=a.owner,
                organisation=orgs.get(a.owner) or a.owner,
                due=a.due,
                status=a.status,
                done_on=done_on,
                closed_on=closed_on,
                item=titles.get(a.item, ""),
                completed=completed,
                completed_late=completed and bool(a.due) and done_on > a.due,
                overdue=open_then and bool(a.due) and a.due < as_of,
            )
        )
    return rows


def actions(series: Series, today: date, public: bool = False) -> ActionRegister:
    """The actions register, "overdue" judged at the window's end or ``today``, whichever
    is sooner (an action closed after that date was still open at it)."""
    as_of = min(series.end, today) if series.end else today
    day = as_of.isoformat()
    rows = [a for s in _seen(series.meetings, public) for a in _actions_of(s, day)]
    earlier = [s for s in series.sessions if sat_on(s.info)[:10] <= day]
    overdue = sorted(
        (a for s in _seen(earlier, public) for a in _actions_of(s, day) if a.overdue),
        key=lambda a: (a.due, a.date, a.seq),
    )
    by_owner = _owners(rows, lambda a: a.owner, day)
    return ActionRegister(
        day, rows, overdue, by_owner, _owners(rows, lambda a: a.organisation, day)
    )


def _owners(
    rows: list[ActionEntry], key: Callable[[ActionEntry], str], as_of: str
) -> list[OwnerRow]:
    found: dict[str, OwnerRow] = {}
    for a in rows:
        who = key(a) or "no owner"
        row = found.setdefault(who, OwnerRow(who, 0, 0, 0, 0, 0))
        row.raised += 1
        row.completed += a.completed
        row.completed_late += a.completed_late
        row.overdue += a.overdue
        row.open += a.status == "open" or a.closed_on > as_of
    return sorted(found.values(), key=lambda r: (-r.raised, r.who.casefold()))


# --------------------------------------------------------------------------- participation


@dataclass
class SectorShare:
    """One sector at one meeting (or across the series)."""

    sector: str
    people: int  # its people who attended (across the series: summed over meetings)
    turns: int
    seconds: int
    turn_share: float  # of the meeting's turns, 0..1
    time_share: float  # of the meeting's speaking time, 0..1
    people_share: float  # of those who attended, 0..1

    @property
    def quiet(self) -> bool:
        """Present but rarely heard: under half the share of speaking time its share of
        the people in the room would give it (a sector present and silent is quiet too)."""
        return self.people > 0 and self.time_share < QUIET * self.people_share


@dataclass
class MeetingShares:
    session: str
    date: str
    turns: int  # all turns at the meeting
    seconds: int
    sectors: list[SectorShare]  # every sector present or heard, in SECTORS order


@dataclass
class Participation:
    meetings: list[MeetingShares]  # meetings with turns recorded
    series: list[SectorShare]  # summed over those meetings
    quiet_at: dict[str, int]  # sector → meetings it was quiet at


def _shares(
    people: dict[str, int], turns: dict[str, int], secs: dict[str, int]
) -> list[SectorShare]:
    all_people, all_turns, all_secs = sum(people.values()), sum(turns.values()), sum(secs.values())
    order = {s: n for n, s in enumerate(SECTORS)}
    sectors = sorted(set(people) | set(turns), key=lambda s: (order.get(s, 99), s))
    return [
        SectorShare(
            sector=s,
            people=people.get(s, 0),
            turns=turns.get(s, 0),
            seconds=secs.get(s, 0),
            turn_share=turns.get(s, 0) / all_turns if all_turns else 0.0,
            time_share=secs.get(s, 0) / all_secs if all_secs else 0.0,
            people_share=people.get(s, 0) / all_people if all_people else 0.0,
        )
        for s in sectors
    ]


def participation(series: Series) -> Participation:
    """Turns and speaking time per sector at each meeting with turns recorded (a turn still
    open counts to the meeting's end, or to the last turn's end)."""
    found: list[MeetingShares] = []
    quiet: dict[str, int] = defaultdict(int)
    people_all: dict[str, int] = defaultdict(int)
    turns_all: dict[str, int] = defaultdict(int)
    secs_all: dict[str, int] = defaultdict(int)
    for s in series.meetings:
        if not s.turns:
            continue
        end = s.info.ended_at or max(t.end or t.start for t in s.turns)
        people: dict[str, int] = defaultdict(int)
        for m in marks(s):
            if m.status == "present":
                people[m.person.sector] += 1
        turns = {x.who: x.turns for x in balance(s, datetime.fromisoformat(end), by="sector")}
        secs = {x.who: x.seconds for x in balance(s, datetime.fromisoformat(end), by="sector")}
        turns = {k: v for k, v in turns.items() if v or k in people}
        shares = _shares(people, turns, secs)
        for x in shares:
            quiet[x.sector] += x.quiet
            people_all[x.sector] += x.people
            turns_all[x.sector] += x.turns
            secs_all[x.sector] += x.seconds
        found.append(
            MeetingShares(
                s.info.id, sat_on(s.info), sum(turns.values()), sum(secs.values()), shares
            )
        )
    return Participation(found, _shares(people_all, turns_all, secs_all), dict(quiet))


# --------------------------------------------------------------------------- health


@dataclass
class HealthTrend:
    checklist: Checklist
    items: list[ItemTrend]  # core.health.trend: each item's answers across the reviews
    reviews: list[str]  # ISO dates of the meetings that reviewed it


def health(series: Series, public: bool = False) -> list[HealthTrend]:
    """The checklist answers across the series' reviews (core.health's trend)."""
    seen = _seen(series.meetings, public)
    found = []
    for checklist in checklists_reviewed(seen):
        days = [
            sat_on(s.info)[:10]
            for s in seen
            if any(a.checklist == checklist.id and not a.sector for a in s.checklist)
        ]
        found.append(HealthTrend(checklist, trend(seen, checklist), days))
    return found


# --------------------------------------------------------------------------- all of them


@dataclass
class Registers:
    partnership: str
    start: str  # ISO date, "" open
    end: str
    public: bool
    meetings: list[MeetingRow]
    attendance: dict[str, list[AttendanceRow]]  # by person / organisation / sector
    interests: list[InterestRow]
    decisions: DecisionRegister
    actions: ActionRegister
    participation: Participation
    health: list[HealthTrend] = field(default_factory=list)


def build(series: Series, today: date, public: bool = False) -> Registers:
    """Every register of the series."""
    return Registers(
        partnership=series.partnership,
        start=series.start.isoformat() if series.start else "",
        end=series.end.isoformat() if series.end else "",
        public=public,
        meetings=meetings(series),
        attendance={by: attendance(series, by) for by in GROUPINGS},
        interests=interests(series, public),
        decisions=decisions(series, public),
        actions=actions(series, today, public),
        participation=participation(series),
        health=health(series, public),
    )


def _seen(sessions: list[Session], public: bool) -> list[Session]:
    """The sessions as a register over them may show them: public ones redacted."""
    return [redact(s) for s in sessions] if public else sessions


# --------------------------------------------------------------------------- as tables


@dataclass
class Table:
    """One register as a table of text, for the CLI and the registers screen: a title, the
    column headings, the rows, and a line saying what the figures mean (or "")."""

    register: str  # one of REGISTERS
    title: str
    header: list[str]
    rows: list[list[str]]
    note: str = ""


def _day(iso: str) -> str:
    from facilitator.core.dates import show_when

    return show_when(iso[:10]) if iso else ""


def window_words(found: Registers) -> str:
    """The period in words: "Wed 1 Apr 2026 to Wed 31 Mar 2027", "from …", "all meetings"."""
    first, last = _day(found.start), _day(found.end)
    if first and last:
        return f"{first} to {last}"
    return f"from {first}" if first else f"to {last}" if last else "all meetings"


def _pct(share: float) -> str:
    return f"{share:.0%}"


def _mmss(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _yes(flag: bool | None) -> str:
    return "—" if flag is None else "yes" if flag else "NO"


def tables(found: Registers, which: str = "all") -> list[Table]:
    """The registers ``which`` (one of REGISTERS, or "all") as tables, in REGISTERS order."""
    if which != "all" and which not in REGISTERS:
        raise RegisterError(f"a register is one of {', '.join(REGISTERS)} or all")
    wanted = REGISTERS if which == "all" else (which,)
    made: list[Table] = []
    for name in wanted:
        made += _MAKERS[name](found)
    return made


def _attendance_tables(found: Registers) -> list[Table]:
    held = found.meetings
    quorate = sum(m.quorate is True for m in held)
    set_ = sum(m.quorate is not None for m in held)
    made = [
        Table(
            "attendance",
            "Meetings",
            ["date", "meeting", "present", "remote", "substitutes", "quorum", "quorate"],
            [
                [
                    _day(m.date),
                    m.title,
                    f"{m.present} of {m.on_roll}",
                    str(m.remote),
                    str(m.substitutes),
                    str(m.quorum or "—"),
                    _yes(m.quorate),
                ]
                for m in held
            ],
            f"{len(held)} meetings held; quorate at {quorate} of the {set_} with a quorum set",
        )
    ]
    heads = {"organisation": "organisation", "sector": "sector", "person": "person"}
    for by in ("organisation", "sector", "person"):
        rows = found.attendance.get(by, [])
        made.append(
            Table(
                "attendance",
                f"Attendance by {by}",
                [
                    heads[by],
                    *(["sector"] if by != "sector" else []),
                    "expected",
                    "present",
                    "apologies",
                    "absent",
                    "late",
                    "left early",
                    "substitutes",
                    "remote",
                ],
                [
                    [
                        r.who,
                        *([r.sector] if by != "sector" else []),
                        str(r.expected),
                        f"{r.present} ({_pct(r.rate)})",
                        str(r.apologies),
                        str(r.absent),
                        str(r.late),
                        str(r.left_early),
                        str(r.substitutes),
                        str(r.remote),
                    ]
                    for r in rows
                ],
                "in meetings: present if any of its people attended"
                if by != "person"
                else "substitutes: meetings someone stood in for them",
            )
        )
    return made


def _interest_tables(found: Registers) -> list[Table]:
    rows = found.interests
    people = len({r.name for r in rows})
    made = [
        Table(
            "interests",
            "Declarations of interest",
            ["date", "name", "organisation", "item", "interest"],
            [[_day(r.date), r.name, r.organisation, r.item, r.text] for r in rows],
            f"{len(rows)} declarations by {people} people",
        )
    ]
    for by in ("name", "organisation"):
        grouped = interests_by(rows, by)
        made.append(
            Table(
                "interests",
                f"Declarations by {'person' if by == 'name' else by}",
                ["person" if by == "name" else by, "declarations", "meetings", "items"],
                [
                    [
                        who,
                        str(len(mine)),
                        str(len({r.session for r in mine})),
                        "; ".join(dict.fromkeys(r.item for r in mine)),
                    ]
                    for who, mine in grouped.items()
                ],
            )
        )
    return made


def _decision_tables(found: Registers) -> list[Table]:
    d = found.decisions
    counts = ", ".join(f"{n} {status}" for status, n in d.by_status.items())
    return [
        Table(
            "decisions",
            "Decisions",
            ["date", "decision", "owner", "status", "how", "review", "dissent"],
            [
                [
                    _day(r.date),
                    r.text,
                    r.owner or "no owner",
                    r.status,
                    r.how + (f" {r.votes}" if r.votes else ""),
                    _day(r.review) or "—",
                    r.dissent or "—",
                ]
                for r in d.rows
            ],
            f"{len(d.rows)} decisions: {counts}; {len(d.with_dissent)} with dissent",
        ),
        Table(
            "decisions",
            "Reviews falling due",
            ["review", "decision", "owner", "taken"],
            [[_day(r.review), r.text, r.owner or "no owner", _day(r.date)] for r in d.reviews_due],
            f"{len(d.reviews_due)} agreed decisions to review in the period"
            + ("" if found.end else " or after it (no end given)"),
        ),
    ]


def _action_status(a: ActionEntry) -> str:
    if a.completed:
        return "done late" if a.completed_late else "done on time"
    if a.overdue:
        return "OVERDUE"
    return "open" if a.status == "done" else a.status  # done after the date: open at it


def _action_tables(found: Registers) -> list[Table]:
    a = found.actions
    as_of = _day(a.as_of)
    owner_head = ["raised", "completed", "late", "overdue", "open"]

    def owners(rows: list[OwnerRow]) -> list[list[str]]:
        return [
            [
                r.who,
                str(r.raised),
                str(r.completed),
                str(r.completed_late),
                str(r.overdue),
                str(r.open),
            ]
            for r in rows
        ]

    done = sum(x.completed for x in a.rows)
    late = sum(x.completed_late for x in a.rows)
    return [
        Table(
            "actions",
            "Actions",
            ["raised", "action", "owner", "due", "done", f"at {as_of}"],
            [
                [
                    _day(x.date),
                    x.text,
                    x.owner or "no owner",
                    _day(x.due) or "no date",
                    _day(x.done_on) or "—",
                    _action_status(x),
                ]
                for x in a.rows
            ],
            f"{len(a.rows)} actions raised: {done} completed ({late} late); judged at {as_of}",
        ),
        Table(
            "actions",
            f"Overdue at {as_of}",
            ["due", "action", "owner", "raised"],
            [[_day(x.due), x.text, x.owner or "no owner", _day(x.date)] for x in a.overdue],
            f"{len(a.overdue)} open past due, raised in the period or before",
        ),
        Table("actions", "Actions by owner", ["owner", *owner_head], owners(a.by_owner)),
        Table(
            "actions",
            "Actions by organisation",
            ["organisation", *owner_head],
            owners(a.by_organisation),
        ),
    ]


def _participation_tables(found: Registers) -> list[Table]:
    p = found.participation
    head = ["sector", "present", "turns", "share of turns", "time", "share of time", "note"]

    def line(s: SectorShare) -> list[str]:
        return [
            s.sector,
            str(s.people),
            str(s.turns),
            _pct(s.turn_share),
            _mmss(s.seconds),
            _pct(s.time_share),
            "rarely heard" if s.quiet else "",
        ]

    made = [
        Table(
            "participation",
            "Participation by sector, all meetings",
            head,
            [[*line(s)[:-1], _quiet_overall(s, p)] for s in p.series],
            f"{len(p.meetings)} meetings with speakers recorded; rarely heard: under half "
            "the share of time its people in the room would give it",
        )
    ]
    rows = [[_day(m.date), *line(s)] for m in p.meetings for s in m.sectors]
    made.append(
        Table("participation", "Participation by sector, each meeting", ["date", *head], rows)
    )
    return made


def _quiet_overall(s: SectorShare, p: Participation) -> str:
    """"rarely heard; at 2 of 6 meetings": across the series, and at how many meetings."""
    said = ["rarely heard"] if s.quiet else []
    times = p.quiet_at.get(s.sector, 0)
    if times:
        said.append(f"at {times} of {len(p.meetings)} meetings")
    return "; ".join(said) if s.quiet else f"rarely heard {said[0]}" if said else ""


def _health_tables(found: Registers) -> list[Table]:
    from facilitator.core.health import MARK

    made = []
    for h in found.health:
        made.append(
            Table(
                "health",
                h.checklist.title,
                ["item", "wording", "answers", "latest", "change"],
                [
                    [
                        i.ref,
                        i.text,
                        i.row or "—",
                        i.marks[-1][1] if i.marks else "—",
                        i.change or "not reviewed",
                    ]
                    for i in h.items
                ],
                f"reviewed {', '.join(_day(d) for d in h.reviews)} "
                f"({' '.join(f'{m} {w}' for w, m in MARK.items())})",
            )
        )
    if not made:
        made.append(Table("health", "Health", ["item", "answers"], [], "no checklist review"))
    return made


_MAKERS: dict[str, Callable[[Registers], list[Table]]] = {
    "attendance": _attendance_tables,
    "interests": _interest_tables,
    "decisions": _decision_tables,
    "actions": _action_tables,
    "participation": _participation_tables,
    "health": _health_tables,
}


def as_json(found: Registers, which: str = "all") -> dict[str, Any]:
    """The registers ``which`` as JSON-ready data (every figure, ISO dates)."""
    wanted = REGISTERS if which == "all" else (which,)
    data: dict[str, Any] = {
        "partnership": found.partnership,
        "from": found.start,
        "to": found.end,
        "public": found.public,
    }
    for name in wanted:
        if name == "attendance":
            data["meetings"] = [asdict(m) for m in found.meetings]
            data["attendance"] = {
                by: [asdict(r) for r in rows] for by, rows in found.attendance.items()
            }
        elif name == "health":
            data["health"] = [
                {
                    "checklist": h.checklist.id,
                    "title": h.checklist.title,
                    "reviews": h.reviews,
                    "items": [
                        {
                            "ref": i.ref,
                            "text": i.text,
                            "answers": [
                                {"date": d, "answer": a, "counts": c} for d, a, c in i.marks
                            ],
                            "change": i.change,
                        }
                        for i in h.items
                    ],
                }
                for h in found.health
            ]
        elif name == "participation":
            data["participation"] = asdict(found.participation)
        elif name == "interests":
            data["interests"] = [asdict(r) for r in found.interests]
        else:
            data[name] = asdict(getattr(found, name))
    return data
