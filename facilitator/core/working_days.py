"""Working days with the UK's bank holidays, and the papers deadline a meeting sets.

A partnership's papers go out a number of *clear* working days before the meeting: days
strictly between the day they are sent and the day of the meeting, neither counted, that are
neither a weekend nor a bank holiday of the partnership's nation (England and Wales share one
calendar; Scotland and Northern Ireland have their own). The holidays come from the maintained
``holidays`` package, never a hand-written list: a meeting on Wednesday 30 December 2026 with
papers sent on Tuesday 22 December has 3 clear working days in England (23, 24 and 29
December: Christmas Day and the substitute Boxing Day fall between), not 5.

How many days is the partnership's own rule (``SessionInfo.papers_days``, default 5): the
Scottish Compact guide asks only that papers are circulated "well in advance of meetings"
(best practice 7) and gives no number. :func:`papers_status` is what the plan screen, the
agenda pack and the chair's late-papers prompt all read, so they count the same way.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import msgspec

from facilitator.core.circulation import agenda_circulated
from facilitator.core.dates import echo_date
from facilitator.core.errors import UserError
from facilitator.core.model import NATIONS, Session, SessionInfo

NATION_NAMES = {
    "england-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
_SUBDIVISION = {"england-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
FIRST_YEAR, LAST_YEAR = 1872, 2100  # the years the holidays package knows the UK's holidays


class WorkingDaysError(UserError, ValueError):
    """A count that cannot be made: a nation not known, a date outside the calendar's years."""


def nation_name(nation: str) -> str:
    """ "england-wales" → "England and Wales" (raises WorkingDaysError for anything else)."""
    _check_nation(nation)
    return NATION_NAMES[nation]


def bank_holidays(nation: str, year: int) -> frozenset[date]:
    """The bank holidays of ``nation`` in ``year``, substitute days included."""
    _check_nation(nation)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise WorkingDaysError(
            f"bank holidays are known from {FIRST_YEAR} to {LAST_YEAR}, not for {year}"
        )
    return _days(nation, year)


@functools.cache
def _days(nation: str, year: int) -> frozenset[date]:
    return frozenset(_holidays(nation, year))


_LOADED = threading.Event()


def load_calendar() -> None:
    """Import the holidays package (a fifth of a second: every country's calendar comes
    with it): a screen does it in a worker, so that its first draw does not wait."""
    import holidays  # noqa: F401

    _LOADED.set()


def calendar_loaded() -> bool:
    """Whether counting now would not first have to import the calendar."""
    return _LOADED.is_set()


@functools.cache
def _holidays(nation: str, year: int) -> dict[date, str]:
    import holidays  # (imported when first counted: load_calendar does it ahead)

    _LOADED.set()
    calendar: Any = holidays.country_holidays("GB", subdiv=_SUBDIVISION[nation], years=year)
    return {day: str(name) for day, name in calendar.items()}


def holiday_name(day: date, nation: str) -> str:
    """The bank holiday ``day`` is in ``nation`` ("Christmas Day"), or "" if it is none."""
    bank_holidays(nation, day.year)  # (the checks)
    return _holidays(nation, day.year).get(day, "")


def is_working_day(day: date, nation: str) -> bool:
    """Monday to Friday and not a bank holiday of ``nation``."""
    return day.weekday() < 5 and day not in bank_holidays(nation, day.year)


def clear_working_days(sent: date, meeting: date, nation: str) -> int:
    """Working days strictly between ``sent`` and ``meeting`` (neither counted); 0 if the
    papers went out on the day before or later."""
    count, day = 0, sent + timedelta(days=1)
    while day < meeting:
        count += is_working_day(day, nation)
        day += timedelta(days=1)
    return count


def papers_due(meeting: date, days: int, nation: str) -> date:
    """The last working day papers can go out and still give ``days`` clear working days
    before ``meeting`` (a weekend after it gives as many: the deadline is a day people are
    at work). ``days`` 0: the last working day before the meeting."""
    day, counted = meeting, 0
    while counted < days:
        day -= timedelta(days=1)
        counted += is_working_day(day, nation)
    day -= timedelta(days=1)  # the day before the earliest clear day
    while not is_working_day(day, nation):
        day -= timedelta(days=1)
    return day


_NATION_WORDS = {
    "england-wales": ("england and wales", "england wales", "wales", "eng", "wls", "ew"),
    "scotland": ("scotland", "sct"),
    "northern-ireland": ("northern ireland", "ni", "nir"),
}


def read_nation(typed: str) -> str:
    """A nation as typed ("Scotland", "wales", "NI", the start of one): its stored value;
    blank is England and Wales. WorkingDaysError for anything else, or more than one."""
    word = " ".join(typed.replace("-", " ").casefold().split())
    if not word:
        return NATIONS[0]
    found = {n for n, words in _NATION_WORDS.items() for w in words if w.startswith(word)}
    if len(found) != 1:
        shown = typed if len(typed) <= 30 else typed[:29] + "…"
        known = "England and Wales, Scotland or Northern Ireland"
        raise WorkingDaysError(f"whose bank holidays: {known}, not {shown!r}")
    return found.pop()


def next_holiday(after: date, nation: str) -> tuple[date, str] | None:
    """The first bank holiday of ``nation`` after ``after`` (within a year), and its name."""
    day = after
    for _ in range(366):
        day += timedelta(days=1)
        name = holiday_name(day, nation)
        if name:
            return day, name
    return None


def _check_nation(nation: str) -> None:
    if nation not in NATIONS:
        listed = ", ".join(NATIONS)
        shown = nation if len(nation) <= 30 else nation[:29] + "…"
        raise WorkingDaysError(f"nation {shown!r} is not one of {listed}")


# --------------------------------------------------------------------------- papers status

LATE, MISSING, TO_COME, ON_TIME = "late", "missing", "to come", "on time"


class ItemPapers(msgspec.Struct, frozen=True):
    """One agenda item's papers against the deadline."""

    number: int  # its number on the agenda (1 is the first)
    item_id: int
    title: str
    confidential: bool  # an exempt (Part B) item: a public output must not show its title
    sent: date | None  # when its papers went out (the last of them, if several)
    clear_days: int | None  # clear working days between ``sent`` and the meeting
    state: str  # "late" | "missing" (due date passed, not sent) | "to come" | "on time"

    @property
    def said(self) -> str:
        """ "item 3: sent Tue 22 Dec 2026, 3 clear working days" and the like."""
        if self.sent is None:
            return f"item {self.number}: papers {self.state}"
        plural = "" if self.clear_days == 1 else "s"
        return (
            f"item {self.number}: sent {echo_date(self.sent)}, "
            f"{self.clear_days} clear working day{plural}"
        )


class PapersStatus(msgspec.Struct, frozen=True):
    """The papers deadline of a session, and which items' papers are late or missing."""

    nation: str
    rule_days: int  # the partnership's own rule (0: none)
    meeting: date | None  # the day of the meeting (None: no date set yet)
    due: date | None  # papers due by this day (None: no date, no rule, or a problem)
    items: tuple[ItemPapers, ...] = ()  # items with papers listed or circulated
    agenda_sent: date | None = None  # when the agenda pack went out, if recorded
    agenda_days: int | None = None
    problem: str = ""  # why nothing could be counted (a date outside the calendar)

    @property
    def late(self) -> list[ItemPapers]:
        return [i for i in self.items if i.state == LATE]

    @property
    def missing(self) -> list[ItemPapers]:
        return [i for i in self.items if i.state == MISSING]

    @property
    def agenda_late(self) -> bool:
        return self.agenda_days is not None and self.agenda_days < self.rule_days

    @property
    def rule(self) -> str:
        """ "5 clear working days, England and Wales bank holidays: the partnership's own
        rule" """
        plural = "" if self.rule_days == 1 else "s"
        return (
            f"{self.rule_days} clear working day{plural}, {NATION_NAMES[self.nation]} bank "
            "holidays: the partnership's own rule"
        )

    @property
    def line(self) -> str:
        """One line for a screen: the deadline, or why there is none."""
        if self.problem:
            return f"Papers deadline: {self.problem}"
        if not self.rule_days:
            return "Papers deadline: none (the partnership sets no number of days)"
        if self.meeting is None or self.due is None:
            return "Papers deadline: set the meeting's date to know when papers are due"
        return f"Papers due by {echo_date(self.due)} — {self.rule}"

    @property
    def issues(self) -> str:
        """ "late: item 2 (3 clear working days); missing: item 4" or "" when none."""
        parts = []
        if self.late:
            parts.append("late: " + ", ".join(_late_said(i) for i in self.late))
        if self.missing:
            parts.append("missing: " + ", ".join(f"item {i.number}" for i in self.missing))
        if self.agenda_late:
            parts.append(f"the agenda went out {self.agenda_days} clear working days ahead")
        return "; ".join(parts)


def _late_said(item: ItemPapers) -> str:
    plural = "" if item.clear_days == 1 else "s"
    return f"item {item.number} ({item.clear_days} clear working day{plural})"


def papers_for(session: Session, item_id: int) -> bool:
    """Whether the item has papers to count: a circulated date, or a listed paper."""
    item = next((i for i in session.agenda if i.id == item_id), None)
    return bool(item and item.papers_circulated) or any(p.item == item_id for p in session.papers)


def meeting_day(session: Session) -> date | None:
    when = session.info.date
    return datetime.fromisoformat(when).date() if when else None


def papers_status(
    session: Session, today: date | None = None, agenda_sent: date | None = None
) -> PapersStatus:
    """The session's papers deadline and each item's papers against it, as of ``today``
    (papers not sent by a deadline that has passed are missing; before it, to come).

    An item's papers are its ``papers_circulated`` date and its listed papers (the
    ``papers`` table): the last of them to go out decides; a listed paper with no date is
    not yet sent. ``agenda_sent``: when the agenda pack went out (default: the first time
    it was produced for circulation, :func:`~facilitator.core.circulation.agenda_circulated`).
    Never raises: a count that cannot be made is ``problem``, one line.
    """
    info = session.info
    today = today or date.today()
    agenda_sent = agenda_sent or agenda_circulated(session)
    nation, rule_days, meeting = info.nation, info.papers_days, meeting_day(session)
    try:
        _check_nation(nation)
    except WorkingDaysError as exc:
        return PapersStatus(NATIONS[0], rule_days, meeting, None, problem=str(exc))
    due = None
    try:
        if meeting is not None and rule_days:
            due = papers_due(meeting, rule_days, nation)
        items = tuple(_items(session, meeting, due, today))
        agenda_days = (
            clear_working_days(agenda_sent, meeting, nation)
            if agenda_sent is not None and meeting is not None
            else None
        )
    except WorkingDaysError as exc:
        return PapersStatus(nation, rule_days, meeting, None, problem=str(exc))
    return PapersStatus(nation, rule_days, meeting, due, items, agenda_sent, agenda_days)


def _items(
    session: Session, meeting: date | None, due: date | None, today: date
) -> Iterable[ItemPapers]:
    listed: dict[int, list[str]] = {}
    for paper in session.papers:
        listed.setdefault(paper.item, []).append(paper.circulated)
    nation, rule_days = session.info.nation, session.info.papers_days
    for number, item in enumerate(session.agenda, 1):
        dates = [d for d in [item.papers_circulated, *listed.get(item.id, [])] if d]
        unsent = "" in listed.get(item.id, [])
        if not dates and item.id not in listed:
            continue
        sent = date.fromisoformat(max(dates)) if dates and not unsent else None
        days = None
        if sent is not None and meeting is not None:
            days = clear_working_days(sent, meeting, nation)
        if sent is None:
            state = MISSING if due is not None and today > due else TO_COME
        elif days is not None and days < rule_days:
            state = LATE
        else:
            state = ON_TIME
        yield ItemPapers(number, item.id, item.title, item.confidential, sent, days, state)


# --------------------------------------------------------------------------- the next meeting

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(when: str) -> str:
    """An ISO date or date and time as the minutes write it: "Wednesday 10 February 2027"
    or "Wednesday 10 February 2027, 14:00" ("" for "")."""
    if not when:
        return ""
    moment = datetime.fromisoformat(when)
    day = f"{_DAY_NAMES[moment.weekday()]} {moment.day} {_MONTH_NAMES[moment.month - 1]}"
    said = f"{day} {moment.year}"
    return f"{said}, {moment:%H:%M}" if "T" in when else said


def next_meeting_said(info: SessionInfo) -> str:
    """The date of the next meeting as the minutes and the agenda pack say it ("" unset)."""
    return long_date(info.next_meeting)


def next_meeting_line(info: SessionInfo) -> str:
    """ "Date of next meeting: Wednesday 10 February 2027, 14:00" ("" when not set)."""
    said = next_meeting_said(info)
    return f"Date of next meeting: {said}" if said else ""


def next_meeting_typed(info: SessionInfo) -> str:
    """The date of the next meeting as a date field takes it ("10/02/2027 14:00"), to offer
    when the next session is created: read the same on any day, unlike "in 8 weeks"."""
    when = info.next_meeting
    if not when:
        return ""
    moment = datetime.fromisoformat(when)
    return f"{moment:%d/%m/%Y %H:%M}" if "T" in when else f"{moment:%d/%m/%Y}"
