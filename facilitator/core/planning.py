"""Planning a session: its details, participants and agenda, edited and saved as you go.

Every change is checked first (PlanError with one line for the user) and on disk before it
returns. Values come in as the text a user typed, so the UI and tests share one set of rules.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from facilitator.core.capture import CaptureError, check_text
from facilitator.core.clock import item_elapsed
from facilitator.core.dates import DateError, echo_date, parse_date, parse_when, show_when
from facilitator.core.errors import UserError
from facilitator.core.exemption import reason_from
from facilitator.core.model import (
    ITEM_KINDS,
    MAX_PAPERS_DAYS,
    ROLES,
    SECTORS,
    AgendaItem,
    Participant,
    Session,
)
from facilitator.core.store import SessionWriter
from facilitator.core.working_days import (
    calendar_loaded,
    next_holiday,
    papers_status,
    read_nation,
)

MAX_TIMEBOX = 600


class PlanError(UserError):
    """A value that cannot be saved; ``str()`` is one line for the user."""


def _storable(text: str) -> str:
    try:
        return check_text(text)
    except CaptureError as exc:
        raise PlanError(str(exc)) from None


def _text(values: dict[str, Any], key: str, *, required: str = "") -> str:
    value = " ".join(_storable(str(values.get(key, ""))).split())
    if required and not value:
        raise PlanError(f"{required} is required")
    return value


def _choice(values: dict[str, Any], key: str, options: tuple[str, ...], default: str) -> str:
    value = str(values.get(key, default)).strip().lower()
    if value not in options:
        raise PlanError(f"{key} must be one of {', '.join(options)}")
    return value


def _whole(text: object, what: str, lo: int, hi: int) -> int:
    raw = str(text).strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6):
        raise PlanError(f"{what} should be a whole number, not {raw[:20]!r}")
    value = int(raw)
    if not lo <= value <= hi:
        raise PlanError(f"{what} should be from {lo} to {hi}, not {value}")
    return value


def planned_start(session: Session) -> datetime | None:
    """When the meeting is planned to start (None when its date has no time)."""
    if len(session.info.date) <= 10:
        return None
    try:
        return datetime.fromisoformat(session.info.date)
    except ValueError:
        return None


def end_time(session: Session) -> str:
    """'80 min planned: 14:00 → 15:20': when the meeting would end if every item kept time."""
    planned = session.planned_minutes
    start = planned_start(session)
    if start is None:
        return f"{planned} min planned"
    finish = start + timedelta(minutes=planned)
    return f"{planned} min planned: {start:%H:%M} → {finish:%H:%M}"


def planned_end(session: Session) -> datetime | None:
    """The end :func:`end_time` shows: the planned start and every timebox as planned."""
    start = planned_start(session)
    return None if start is None else start + timedelta(minutes=session.planned_minutes)


def projected_end(session: Session, now: datetime) -> datetime:
    """When the meeting will end at the pace it is going: now, plus what is left of the
    current item's timebox (with any extension), plus the timeboxes of the items not yet
    reached. Deferred items, and items already taken and left, count nothing; an item
    over its timebox counts nothing more (its overrun is already in ``now``)."""
    current = session.current if session.info.state == "live" else None
    seconds = 0
    for item in session.agenda:
        if item.deferred_at:
            continue
        box = (item.minutes + item.extra_minutes) * 60
        if item is current:
            seconds += max(0, box - item_elapsed(item, now))
        elif not item.started_at:
            seconds += box
    return now + timedelta(seconds=seconds)


class Planner:
    def __init__(self, writer: SessionWriter, clock: Callable[[], datetime] = datetime.now):
        self.writer = writer
        self.clock = clock
        self.wait_for_calendar = False  # the plan screen: see _calendar_pending

    @property
    def session(self) -> Session:
        return self.writer.session

    def _today(self) -> date:
        return self.clock().date()

    # -- details

    def set_detail(self, key: str, typed: str) -> str:
        """Save one detail of the session from what was typed; returns the echo to show."""
        value = " ".join(_storable(typed).split())
        fields: dict[str, Any]
        if key in ("title", "partnership"):
            if not value:
                raise PlanError(f"the {key} is required")
            fields = {key: value}
        elif key in ("venue", "joining", "apologies_to"):  # (the agenda pack's details)
            fields = {key: value}
        elif key == "date":
            if not value:
                fields = {"date": "", "date_text": ""}
            else:
                try:
                    when = parse_when(value, self._today())
                except DateError as exc:
                    raise PlanError(str(exc)) from None
                fields = {"date": when, "date_text": value}
        elif key in ("chair", "secretary"):
            fields = {key: self._person_or_blank(value)}
        elif key == "steering_group":  # a Compact Steering Group meeting (challenges, §3.2)
            fields = {key: _yes_no(value, "a steering-group meeting")}
        elif key == "quorum":
            people = len(self.session.participants)
            fields = {"quorum": _whole(value or "0", "the quorum", 0, max(people, 1))}
        elif key in ("nation", "papers_days", "next_meeting"):  # the papers deadline, the next
            fields = self._cycle_detail(key, value)  # meeting (core/working_days.py)
        else:
            raise PlanError(f"there is no detail called {key!r}")
        self.writer.update_where("session", fields)
        return self.echo(key)

    def echo(self, key: str) -> str:
        info = self.session.info
        if key == "date":
            return show_when(info.date) if info.date else "no date yet"
        if key == "quorum":
            return f"{info.quorum} needed for decisions" if info.quorum else "no quorum set"
        if key in ("nation", "papers_days", "next_meeting"):
            return self.cycle_echo(key)
        if key == "steering_group":
            return "steering group: yes" if info.steering_group else "no (yes to mark it)"
        return ""

    def _cycle_detail(self, key: str, value: str) -> dict[str, Any]:
        """Whose bank holidays count, the papers rule, the date of the next meeting."""
        if key == "nation":
            try:
                return {"nation": read_nation(value)}
            except UserError as exc:
                raise PlanError(str(exc)) from None
        if key == "papers_days":
            what = "clear working days for papers"
            return {"papers_days": _whole(value or "0", what, 0, MAX_PAPERS_DAYS)}
        if not value:
            return {"next_meeting": "", "next_meeting_text": ""}
        try:
            when = parse_when(value, self._today())
        except DateError as exc:
            raise PlanError(str(exc)) from None
        this = self.session.info.date[:10]
        if this and when[:10] <= this:
            raise PlanError(f"the next meeting should be after this one ({show_when(this)})")
        return {"next_meeting": when, "next_meeting_text": value}

    def cycle_echo(self, key: str) -> str:
        info = self.session.info
        if key != "next_meeting" and self._calendar_pending():
            return "…"
        if key == "nation":
            try:
                found = next_holiday(self._today(), info.nation)
            except UserError as exc:
                return str(exc)
            day = " ".join(echo_date(found[0]).split()[1:3]) if found else ""  # "25 Dec"
            return f"next {day}: {found[1]}" if found else ""
        if key == "papers_days":  # the whole line is under the agenda (papers_line)
            status = papers_status(self.session, self._today())
            if status.due is not None:
                return f"due by {echo_date(status.due)}"
            return status.line.removeprefix("Papers deadline: ")
        return show_when(info.next_meeting) if info.next_meeting else "not set yet"

    def _calendar_pending(self) -> bool:
        """A screen sets ``wait_for_calendar``: its first draw then says "…" rather than
        wait for the bank holidays calendar to load (it loads in a worker)."""
        return self.wait_for_calendar and not calendar_loaded()

    def papers_line(self) -> str:
        """The papers deadline and which items' papers are late or missing, for the plan."""
        if self._calendar_pending():
            return "Papers due by …: reading the bank holidays calendar"
        status = papers_status(self.session, self._today())
        late = ", ".join(f"{i.said} — {i.title}" for i in (*status.late, *status.missing))
        return status.line + (f"\nLate or missing: {late}" if late else "")

    def _person_or_blank(self, name: str) -> str:
        if not name:
            return ""
        for person in self.session.participants:
            if person.name.casefold() == name.casefold():
                return person.name
        raise PlanError(f"{name!r} is not one of the participants")

    # -- participants

    def participant_from(self, values: dict[str, Any], replacing: str = "") -> Participant:
        name = _text(values, "name", required="a name")
        for other in self.session.participants:
            if other.name.casefold() == name.casefold() and other.name != replacing:
                raise PlanError(f"{other.name} is already a participant")
        return Participant(
            name=name,
            organisation=_text(values, "organisation"),
            sector=_choice(values, "sector", SECTORS, "other"),
            role=_choice(values, "role", ROLES, "representative"),
            new=bool(values.get("new", False)),
            apologies=bool(values.get("apologies", False)),
            substitute_for=self._stands_in_for(name, _text(values, "substitute_for")),
            remote=bool(values.get("remote", False)),
        )

    def _stands_in_for(self, name: str, member: str) -> str:
        """The member (another participant) ``name`` stands in for, or ""."""
        found = self._person_or_blank(member)
        if found and found.casefold() == name.casefold():
            raise PlanError(f"{found} cannot stand in for themselves")
        return found

    def add_participant(self, values: dict[str, Any]) -> Participant:
        person = self.participant_from(values)
        person.id = max((p.id for p in self.session.participants), default=-1) + 1
        self.writer.insert("participants", person)
        return person

    def update_participant(self, person_id: int, values: dict[str, Any]) -> Participant:
        old = self._participant(person_id)
        person = self.participant_from(values, replacing=old.name)
        fields = person.to_doc()
        fields.pop("id")
        fields.pop("attendance")
        self.writer.update_where("participants", fields, id=person_id)
        if old.name != person.name:  # the chair and secretary follow a renamed person
            info = self.session.info
            renamed = {
                k: person.name for k in ("chair", "secretary") if getattr(info, k) == old.name
            }
            if renamed:
                self.writer.update_where("session", renamed)
        return person

    def remove_participant(self, person_id: int) -> str:
        person = self._participant(person_id)
        self.writer.remove_where("participants", id=person_id)
        info = self.session.info
        changed: dict[str, Any] = {
            k: "" for k in ("chair", "secretary") if getattr(info, k) == person.name
        }
        if info.quorum > len(self.session.participants):
            changed["quorum"] = len(self.session.participants)  # a quorum nobody can meet
        if changed:
            self.writer.update_where("session", changed)
        return person.name

    def _participant(self, person_id: int) -> Participant:
        for person in self.session.participants:
            if person.id == person_id:
                return person
        raise PlanError("that participant is no longer in the plan")

    # -- agenda

    def item_fields(self, values: dict[str, Any]) -> dict[str, Any]:
        papers = _text(values, "papers_circulated")
        if papers:
            try:
                papers = parse_date(papers, self._today()).isoformat()
            except DateError as exc:
                raise PlanError(f"papers circulated: {exc}") from None
        return {
            "title": _text(values, "title", required="a title"),
            "minutes": _whole(values.get("minutes", "10"), "the timebox", 1, MAX_TIMEBOX),
            "lead": _text(values, "lead"),
            "kind": _choice(values, "kind", ITEM_KINDS, "discussion"),
            "confidential": bool(values.get("confidential", False)),
            "papers_circulated": papers,
            "standing": bool(values.get("standing", False)),
            **_exempt_fields(values),
        }

    def add_item(self, values: dict[str, Any], at: int | None = None) -> AgendaItem:
        item = AgendaItem(**self.item_fields(values))
        size = len(self.session.agenda)
        self.writer.insert_item(item, size if at is None else max(0, min(at, size)))
        return item

    def update_item(self, item_id: int, values: dict[str, Any]) -> None:
        self.writer.update_where("agenda", self.item_fields(values), id=item_id)

    def remove_item(self, item_id: int) -> str:
        item = self._item(item_id)
        if self.session.entries_for(item_id, include_withdrawn=True):
            raise PlanError(f"{item.title!r} has entries recorded against it; defer it instead")
        self.writer.remove_where("papers", item=item_id)  # its papers go with it
        self.writer.remove_where("agenda", id=item_id)
        self.writer.set_order(self.session.agenda)
        return item.title

    def move_item(self, item_id: int, step: int) -> int:
        """Move an item up (-1) or down (+1); returns its new index."""
        order = list(self.session.agenda)
        index = order.index(self._item(item_id))
        target = max(0, min(index + step, len(order) - 1))
        order.insert(target, order.pop(index))
        self.writer.set_order(order)
        return target

    def _item(self, item_id: int) -> AgendaItem:
        for item in self.session.agenda:
            if item.id == item_id:
                return item
        raise PlanError("that item is no longer on the agenda")


def _exempt_fields(values: dict[str, Any]) -> dict[str, Any]:
    """An item's reason for exemption from the form's Schedule 12A choice and its text (a
    form without them leaves the stored reason as it is)."""
    if "exempt_reason" not in values and "exempt_paragraph" not in values:
        return {}
    choice = str(values.get("exempt_paragraph") or "none")
    return {"exempt_reason": reason_from(choice, _storable(str(values.get("exempt_reason", ""))))}


def papers_echo(iso: str) -> str:
    return f"papers circulated {echo_date(date.fromisoformat(iso))}" if iso else ""


def _yes_no(value: str, what: str) -> bool:
    """A yes/no detail as typed: yes, y, true or no, n, false, or blank (no)."""
    word = value.strip().casefold()
    if word in ("yes", "ye", "y", "true"):  # (as it is typed, letter by letter)
        return True
    if word in ("", "no", "n", "false"):
        return False
    raise PlanError(f"type yes or no ({what}?), not {value[:20]!r}")
