"""Agenda files (TOML) → a new Session, checked field by field.

A bad file gets one line naming the file, the field and what is wrong, e.g.
``board.toml: items[2].minutes: should be a whole number of minutes, not "ten"``.
Nothing is written until the whole file has passed.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from facilitator.core.dates import MAX_YEAR, MIN_YEAR, DateError, parse_date, parse_when
from facilitator.core.errors import UserError
from facilitator.core.files import parse_toml
from facilitator.core.model import (
    ITEM_KINDS,
    MAX_PAPERS_DAYS,
    MAX_TIMEBOX,
    NATIONS,
    ROLES,
    SECTORS,
    AgendaItem,
    Paper,
    Participant,
    Session,
    SessionInfo,
    has_line_break,
    shown,
)


class AgendaError(UserError):
    """One line: file, field, what is wrong."""


class _Fields:
    """Reads one TOML table, reporting problems with the field's full path."""

    def __init__(self, data: Any, where: str, known: set[str]) -> None:
        if not isinstance(data, dict):
            raise _Bad(where, "should be a table")
        unknown = sorted(set(data) - known)
        if unknown:
            hint = difflib.get_close_matches(unknown[0], sorted(known), n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise _Bad(_join(where, unknown[0]), f"is not a field here{suggestion}")
        self.data, self.where = data, where

    def text(self, key: str, *, required: bool = False, lines: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                raise _Bad(_join(self.where, key), "is required")
            return ""
        if not isinstance(value, str):
            raise _Bad(_join(self.where, key), f"should be text, not {_show(value)}")
        value = value.strip()
        if required and not value:
            raise _Bad(_join(self.where, key), "is required and is empty")
        if has_line_break(value) and not lines:
            raise _Bad(_join(self.where, key), "should be one line (it has a line break)")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str:
        value = self.text(key).lower() or default
        if value not in options:
            raise _Bad(
                _join(self.where, key),
                f"should be one of {' | '.join(options)}, not {self.data[key]!r}",
            )
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise _Bad(_join(self.where, key), f"should be true or false, not {_show(value)}")
        return value

    def whole(self, key: str, default: int, lo: int, hi: int, what: str) -> int:
        value = self.data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Bad(
                _join(self.where, key), f"should be a whole number of {what}, not {_show(value)}"
            )
        if not lo <= value <= hi:
            raise _Bad(
                _join(self.where, key), f"should be from {lo} to {hi} {what}, not {_show(value)}"
            )
        return value

    def when(
        self, key: str, today: dt.date, parse: Callable[[str, dt.date], Any]
    ) -> tuple[str, str]:
        """A date (or date and time): (ISO, as written). TOML dates are taken as they are."""
        value = self.data.get(key)
        if value is None:
            return "", ""
        if isinstance(value, dt.date) and not MIN_YEAR <= value.year <= MAX_YEAR:
            raise _Bad(
                _join(self.where, key),
                f"the year must be between {MIN_YEAR} and {MAX_YEAR}, not {value.year}",
            )
        if isinstance(value, dt.datetime) and parse is parse_date:  # a date field
            return value.date().isoformat(), value.isoformat()
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None).isoformat(timespec="minutes"), value.isoformat()
        if isinstance(value, dt.date):
            return value.isoformat(), value.isoformat()
        if not isinstance(value, str):
            raise _Bad(_join(self.where, key), f"should be a date, not {_show(value)}")
        try:
            parsed = parse(value, today)
        except DateError as exc:
            raise _Bad(_join(self.where, key), str(exc)) from None
        if isinstance(parsed, dt.datetime):
            return parsed.isoformat(timespec="minutes"), value
        if isinstance(parsed, dt.date):
            return parsed.isoformat(), value
        return parsed, value  # already ISO text (parse_when)


def multi_line_field(session: Session) -> str | None:
    """The first one-line field of a session's plan that holds a line break (as an agenda
    file names it), or None: for sessions that did not come through an agenda file."""
    info = session.info
    fields = [(k, getattr(info, k)) for k in ("title", "partnership", "venue", "chair",
                                              "secretary")]
    for n, p in enumerate(session.participants, 1):
        fields += [(f"participants[{n}].name", p.name),
                   (f"participants[{n}].organisation", p.organisation)]
    for n, item in enumerate(session.agenda, 1):
        fields += [(f"items[{n}].title", item.title), (f"items[{n}].lead", item.lead)]
    return next((name for name, value in fields if has_line_break(value)), None)


class _Bad(AgendaError):
    """A problem with one field (the file name is added by ``load_agenda``)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")


def _join(where: str, key: str) -> str:
    """A field's path for the error line; an odd key (spaces, a newline) is quoted."""
    shown = key if key.isidentifier() else _show(key)
    return f"{where}.{shown}" if where else shown


_show = shown  # a value in an error line: short, and a huge number never written out


_TOP = {
    "title",
    "partnership",
    "steering_group",  # a Compact Steering Group meeting (challenges, §3.2)
    "date",
    "venue",
    "chair",
    "secretary",
    "joining",
    "apologies_to",
    "quorum",
    "nation",  # the papers deadline's bank holidays, its rule, the next meeting (working_days)
    "papers_days",
    "next_meeting",
    "participants",
    "items",
}
_PERSON = {"name", "organisation", "sector", "role", "new", "apologies", "substitute_for", "remote"}
_ITEM = {"title", "minutes", "lead", "kind", "confidential", "papers_circulated", "standing",
         "exempt_reason", "papers"}
_PAPER = {"title", "file", "circulated"}


def load_agenda(path: str | Path, today: dt.date) -> Session:
    """Read and check an agenda file; raises AgendaError with one line."""
    path = Path(path)
    try:
        data = parse_toml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AgendaError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AgendaError(f"{path}: cannot read it ({exc})") from None
    except ValueError as exc:  # TOMLDecodeError, or a number too long to read
        raise AgendaError(f"{path}: not valid TOML ({str(exc).splitlines()[0][:100]})") from None
    try:
        return agenda_from_dict(data, today)
    except _Bad as exc:
        raise AgendaError(f"{path}: {exc}") from None


def agenda_from_dict(data: dict[str, Any], today: dt.date) -> Session:
    top = _Fields(data, "", _TOP)
    participants = [_participant(p, i) for i, p in enumerate(_array(data, "participants"), 1)]
    names = [p.name.casefold() for p in participants]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise _Bad(f"participants[{i + 1}].name", f"{participants[i].name!r} is listed twice")
    for i, person in enumerate(participants):  # a substitute stands in for another participant
        member = person.substitute_for.casefold()
        if member:
            found = [p.name for p in participants if p.name.casefold() == member]
            if not found or found[0] == person.name:
                why = "is not one of the participants" if not found else "is themselves"
                where = f"participants[{i + 1}].substitute_for"
                raise _Bad(where, f"{person.substitute_for!r} {why}")
            person.substitute_for = found[0]
    date_iso, date_text = top.when("date", today, parse_when)
    info = SessionInfo(
        id="",
        title=top.text("title", required=True),
        partnership=top.text("partnership", required=True),
        steering_group=top.flag("steering_group"),
        date=date_iso,
        date_text=date_text,
        venue=top.text("venue"),
        chair=_named(top, "chair", participants),
        secretary=_named(top, "secretary", participants),
        joining=top.text("joining", lines=True),
        apologies_to=top.text("apologies_to"),
        quorum=top.whole("quorum", 0, 0, max(len(participants), 1), "people"),
    )
    info.nation = top.choice("nation", NATIONS, NATIONS[0])  # the papers deadline, the next
    info.papers_days = top.whole("papers_days", 5, 0, MAX_PAPERS_DAYS, "working days")  # meeting
    info.next_meeting, info.next_meeting_text = top.when("next_meeting", today, parse_when)
    items = [_item(it, i, today) for i, it in enumerate(_array(data, "items"), 1)]
    papers = [
        _paper(paper, item_n, n, today)
        for item_n, it in enumerate(_array(data, "items"), 1)
        for n, paper in enumerate(_array(it, "papers", f"items[{item_n}]."), 1)
    ]
    for n, paper in enumerate(papers):
        paper.id = n
    return Session(info=info, participants=participants, agenda=items, papers=papers)


def _array(data: dict[str, Any], key: str, where: str = "") -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        table = f"{where.split('[')[0]}.{key}" if where else key
        raise _Bad(where + key, f"should be a list of tables ([[{table}]]), not {_show(value)}")
    return value


def _named(top: _Fields, key: str, participants: list[Participant]) -> str:
    name = " ".join(top.text(key).split())
    if not name or not participants:
        return name
    for person in participants:
        if person.name.casefold() == name.casefold():
            return person.name
    raise _Bad(key, f"{name!r} is not one of the participants")


def _participant(data: Any, n: int) -> Participant:
    f = _Fields(data, f"participants[{n}]", _PERSON)
    return Participant(
        name=" ".join(f.text("name", required=True).split()),
        organisation=f.text("organisation"),
        sector=f.choice("sector", SECTORS, "other"),
        role=f.choice("role", ROLES, "representative"),
        new=f.flag("new"),
        apologies=f.flag("apologies"),
        substitute_for=" ".join(f.text("substitute_for").split()),
        remote=f.flag("remote"),
        id=n - 1,
    )


def _item(data: Any, n: int, today: dt.date) -> AgendaItem:
    f = _Fields(data, f"items[{n}]", _ITEM)
    papers, _ = f.when("papers_circulated", today, parse_date)
    return AgendaItem(
        title=f.text("title", required=True),
        minutes=f.whole("minutes", 10, 1, MAX_TIMEBOX, "minutes"),
        lead=f.text("lead"),
        kind=f.choice("kind", ITEM_KINDS, "discussion"),
        confidential=f.flag("confidential"),
        papers_circulated=papers,
        standing=f.flag("standing"),
        exempt_reason=f.text("exempt_reason"),
        id=n - 1,
        position=n - 1,
    )


def _paper(data: Any, item_n: int, n: int, today: dt.date) -> Paper:
    """One of an item's papers ([[items.papers]]): its title, file or link, when it went out."""
    f = _Fields(data, f"items[{item_n}].papers[{n}]", _PAPER)
    circulated, _ = f.when("circulated", today, parse_date)
    return Paper(item=item_n - 1, title=f.text("title", required=True), file=f.text("file"),
                 circulated=circulated)


# --------------------------------------------------------------------------- export


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return toml_string(str(value))


def to_toml(session: Session) -> str:
    """The session's plan as an agenda file that ``load_agenda`` reads back."""
    info = session.info
    top = {
        "title": info.title,
        "partnership": info.partnership,
        "steering_group": info.steering_group,
        "date": info.date.replace("T", " "),
        "venue": info.venue,
        "chair": info.chair,
        "secretary": info.secretary,
        "joining": info.joining,
        "apologies_to": info.apologies_to,
        "quorum": info.quorum,
    }
    lines = [f"# Agenda exported from facilitator session {info.id}"]
    lines += [f"{k} = {_toml_value(v)}" for k, v in top.items() if v not in ("", 0)]
    cycle = {  # the papers deadline and the next meeting, where not the defaults
        "nation": info.nation if info.nation != NATIONS[0] else "",
        "papers_days": info.papers_days if info.papers_days != 5 else "",
        "next_meeting": info.next_meeting.replace("T", " "),
    }
    lines += [f"{k} = {_toml_value(v)}" for k, v in cycle.items() if v != ""]
    for p in session.participants:
        lines += ["", "[[participants]]"]
        fields = {
            "name": p.name,
            "organisation": p.organisation,
            "sector": p.sector,
            "role": p.role,
            "new": p.new,
            "apologies": p.apologies,
            "substitute_for": p.substitute_for,
            "remote": p.remote or "",  # (only when true: most attend in the room)
        }
        lines += [f"{k} = {_toml_value(v)}" for k, v in fields.items() if v != ""]
    for item in session.agenda:
        lines += ["", "[[items]]"]
        fields = {
            "title": item.title,
            "minutes": item.minutes,
            "lead": item.lead,
            "kind": item.kind,
            "confidential": item.confidential,
            "papers_circulated": item.papers_circulated,
            "standing": item.standing,
            "exempt_reason": item.exempt_reason,
        }
        lines += [f"{k} = {_toml_value(v)}" for k, v in fields.items() if v != ""]
        for paper in (p for p in session.papers if p.item == item.id):
            lines += ["", "[[items.papers]]"]
            kept = {"title": paper.title, "file": paper.file, "circulated": paper.circulated}
            lines += [f"{k} = {_toml_value(v)}" for k, v in kept.items() if v != ""]
    return "\n".join(lines) + "\n"
