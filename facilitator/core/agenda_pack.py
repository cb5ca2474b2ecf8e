"""The notice of meeting and agenda pack: a session's plan → a document → md/html/txt/docx,
a meeting invitation (iCalendar) and a draft email.

The pack says who, where and when (partnership, meeting, date and start, venue, how to join a
hybrid meeting, chair, secretary, where to send apologies), then each item numbered with its
planned start (the meeting's start plus every timebox before it), its timebox, lead, purpose
and papers. Open business is Part A; exempt (confidential) items are grouped at the end as
Part B, each with its reason for exemption, after a draft resolution to exclude the public.

The public version follows the one rule of every public output (``public.withheld``): of an
exempt item it shows only its number, that it is exempt, and the reason — never its title,
lead, papers or their file names. The invitation always carries the public agenda.

User text is escaped for the format it lands in by the minutes' renderers
(``minutes_doc``), and control characters in it are shown, never obeyed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from facilitator.core.circulation import record_circulation
from facilitator.core.controls import visible
from facilitator.core.dates import long_date
from facilitator.core.errors import UserError
from facilitator.core.exemption import paragraphs_of
from facilitator.core.exports import calendar_uid, new_calendar
from facilitator.core.files import write_atomic
from facilitator.core.mail import draft_email
from facilitator.core.minutes_doc import Block, Span, to_docx, to_html, to_markdown, to_text
from facilitator.core.model import PACK_FORMATS, AgendaItem, Session
from facilitator.core.planning import planned_start
from facilitator.core.public import withheld
from facilitator.core.store import slugify
from facilitator.core.working_days import (
    LATE,
    MISSING,
    ItemPapers,
    next_meeting_said,
    papers_status,
)

BINARY = ("docx", "eml")

PURPOSES = {
    "information": "For information",
    "discussion": "For discussion",
    "decision": "For decision",
    "review": "For review",
}

EXEMPT = "Exempt item"
NO_REASON = "reason for exemption not yet given"


# --------------------------------------------------------------------------- the pack


@dataclass(frozen=True)
class PackPaper:
    title: str
    file: str = ""  # its file name or a link
    circulated: str = ""  # ISO date


@dataclass(frozen=True)
class PackItem:
    number: int
    item_id: int
    title: str
    minutes: int
    start: datetime | None  # planned start (None: the meeting has no start time)
    lead: str = ""
    purpose: str = ""
    papers: tuple[PackPaper, ...] = ()
    papers_circulated: str = ""  # ISO date the item's papers went out ("": not recorded)
    exempt: bool = False
    reason: str = ""  # reason for exemption (Part B)
    papers_note: str = ""  # its papers against the deadline: "late: …", "missing …" or ""


@dataclass
class Pack:
    """What the notice and agenda pack say, decided once for every format."""

    title: str
    partnership: str
    day: date | None
    start: datetime | None
    end: datetime | None
    venue: str
    joining: str
    chair: str
    secretary: str
    apologies_to: str
    public: bool
    papers_due: str = ""  # "Friday 18 December 2026 (5 clear working days, …)" or ""
    next_meeting: str = ""  # "Wednesday 10 February 2027, 14:00" or ""
    part_a: list[PackItem] = field(default_factory=list)
    part_b: list[PackItem] = field(default_factory=list)
    reordered: list[int] = field(default_factory=list)
    # ^ numbers of exempt items the plan has before open ones: the pack moves them to Part B

    @property
    def items(self) -> list[PackItem]:
        return [*self.part_a, *self.part_b]

    @property
    def when(self) -> str:
        """'Wednesday 30 December 2026, 14:00' (just the day when no time is set)."""
        if self.day is None:
            return ""
        return long_date(self.day) + (f", {self.start:%H:%M}" if self.start else "")


def build_pack(session: Session, *, public: bool, today: date | None = None) -> Pack:
    """The pack of ``session``; ``today`` decides which papers are missing (due date past)
    rather than still to come."""
    info = session.info
    secret = withheld(session).items
    start = planned_start(session)
    day = _day(info.date)
    open_items = [i for i in session.agenda if i.id not in secret]
    exempt_items = [i for i in session.agenda if i.id in secret]
    pack = Pack(
        title=info.title,
        partnership=info.partnership,
        day=day,
        start=start,
        end=start + timedelta(minutes=session.planned_minutes) if start else None,
        venue=info.venue,
        joining=info.joining,
        chair=info.chair,
        secretary=info.secretary,
        apologies_to=info.apologies_to,
        public=public,
        next_meeting=next_meeting_said(info),
    )
    status = papers_status(session, today)
    if status.due is not None:
        pack.papers_due = f"{long_date(status.due)} ({status.rule})"
    notes = {i.item_id: _papers_note(i) for i in status.items}
    at = start
    for number, item in enumerate([*open_items, *exempt_items], 1):
        entry = _pack_item(session, item, number, at, exempt=item.id in secret,
                           note=notes.get(item.id, ""))
        (pack.part_b if entry.exempt else pack.part_a).append(entry)
        at = at + timedelta(minutes=item.minutes) if at else None
    first_open = {i.id: n for n, i in enumerate(session.agenda)}
    last_open = max((first_open[i.id] for i in open_items), default=-1)
    pack.reordered = [e.number for e in pack.part_b if first_open[e.item_id] < last_open]
    return pack


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


def _papers_note(item: ItemPapers) -> str:
    if item.state == LATE and item.sent is not None:
        plural = "" if item.clear_days == 1 else "s"
        return (f"late: the last sent {long_date(item.sent)}, {item.clear_days} clear working "
                f"day{plural} ahead")
    if item.state == MISSING:
        return "missing: not yet circulated, and the deadline has passed"
    return ""


def _pack_item(
    session: Session,
    item: AgendaItem,
    number: int,
    start: datetime | None,
    *,
    exempt: bool,
    note: str = "",
) -> PackItem:
    papers = tuple(
        PackPaper(p.title, p.file, p.circulated)
        for p in sorted(session.papers, key=lambda p: p.id)
        if p.item == item.id
    )
    return PackItem(
        number=number,
        item_id=item.id,
        title=item.title,
        minutes=item.minutes,
        start=start,
        lead=item.lead,
        purpose=PURPOSES.get(item.kind, item.kind),
        papers=papers,
        papers_circulated=item.papers_circulated,
        exempt=exempt,
        reason=item.exempt_reason.strip(),
        papers_note=note,
    )


def exclusion_resolution(items: Sequence[PackItem]) -> str:
    """The draft resolution to exclude the public before Part B, naming the paragraphs of
    Schedule 12A the items' reasons give."""
    found = sorted({n for i in items for n in paragraphs_of(i.reason)})
    several = len(items) > 1
    which = (
        "paragraph " + str(found[0])
        if len(found) == 1
        else "paragraphs " + ", ".join(map(str, found[:-1])) + f" and {found[-1]}"
        if found
        else "paragraph [to be given]"
    )
    return (
        "That under Section 100A(4) of the Local Government Act 1972 the public be excluded "
        f"from the meeting for the following item{'s' if several else ''} of business on the "
        f"grounds that {'they involve' if several else 'it involves'} the likely disclosure "
        f"of exempt information as defined in {which} of Part 1 of Schedule 12A of the Act."
    )


# --------------------------------------------------------------------------- as a document


def _text(text: str) -> list[Span]:
    return [(visible(text), "")]


def _line(label: str, value: str) -> list[Span]:
    return [(f"{label}:", "b"), (" " + visible(value), "")]


def _show_day(iso: str) -> str:
    found = _day(iso)
    return long_date(found) if found else iso


def pack_blocks(pack: Pack) -> list[Block]:
    out = [Block("h1", _text(pack.title))]
    if pack.public:
        out.append(Block("em", _text(
            "Public version: exempt items (Part B) are shown only by their number and the "
            "reason for exemption."
        )))
    out.append(Block("em", _text("Notice of meeting and agenda")))
    meta = [
        ("Partnership", pack.partnership),
        ("Date", pack.when),
        ("Planned to finish", f"{pack.end:%H:%M}" if pack.end else ""),
        ("Venue", pack.venue),
        ("Joining online", pack.joining),
        ("Chair", pack.chair),
        ("Secretary", pack.secretary),
        ("Apologies to", pack.apologies_to),
        ("Papers due by", pack.papers_due),
        ("Date of next meeting", pack.next_meeting),
    ]
    out.append(Block("ul", items=[_line(k, v) for k, v in meta if v.strip()]))
    if not pack.items:
        out.append(Block("p", _text("No items are on the agenda yet.")))
    if pack.part_a or not pack.part_b:
        out.append(Block("h2", _text("Part A: open business" if pack.part_b else "Agenda")))
    for item in pack.part_a:
        out += _item_blocks(item)
    if pack.part_b:
        out.append(Block("h2", _text("Part B: exempt business")))
        out.append(Block("p", [("Resolution to exclude the public (draft):", "b")]))
        out.append(Block("p", _text(exclusion_resolution(pack.part_b))))
        for item in pack.part_b:
            out += _exempt_blocks(item) if pack.public else _item_blocks(item)
    return out


def _item_blocks(item: PackItem) -> list[Block]:
    lines = []
    if item.start:
        lines.append(_line("Starts", f"{item.start:%H:%M}"))
    lines.append(_line("Timebox", f"{item.minutes} min"))
    if item.lead:
        lines.append(_line("Lead", item.lead))
    lines.append(_line("Purpose", item.purpose))
    if item.exempt:
        lines.append(_line("Exempt", item.reason or NO_REASON))
    for paper in item.papers:
        shown = paper.title + (f" ({paper.file})" if paper.file else "")
        sent = paper.circulated or item.papers_circulated
        lines.append(_line("Paper", shown + (f", circulated {_show_day(sent)}" if sent else
                                             ", not yet circulated")))
    if item.papers_circulated and not item.papers:
        lines.append(_line("Papers circulated", _show_day(item.papers_circulated)))
    if item.papers_note:
        lines.append(_line("Papers", item.papers_note))
    return [
        Block("h3", [(f"{item.number}. ", "raw"), *_text(item.title)]),
        Block("ul", items=lines),
    ]


def _exempt_blocks(item: PackItem) -> list[Block]:
    """An exempt item in the public version: its number, 'exempt' and the reason only."""
    return [
        Block("h3", [(f"{item.number}. ", "raw"), (EXEMPT, "")]),
        Block("ul", items=[_line("Exempt", item.reason or NO_REASON)]),
    ]


# --------------------------------------------------------------------------- formats


def pack_file_name(session_id: str, fmt: str, public: bool) -> str:
    """A safe file name for a pack: the session id (ASCII), 'agenda', public or not."""
    base = slugify(session_id) or "session"
    return f"{base}-agenda{'-public' if public else ''}.{fmt}"


def render_pack(
    session: Session,
    fmt: str,
    *,
    public: bool,
    now: datetime,
    to: Sequence[str] = (),
) -> str | bytes:
    """The pack in ``fmt`` (one of PACK_FORMATS, which ``facilitator agenda`` writes besides
    the toml agenda file): text, or bytes for docx and eml. ``to``
    (checked addresses) and ``now`` serve the draft email and the invitation's stamp."""
    pack = build_pack(session, public=public, today=now.date())
    blocks = pack_blocks(pack)
    if fmt == "md":
        return to_markdown(blocks)
    if fmt == "html":
        return to_html(blocks)
    if fmt == "txt":
        return to_text(blocks)
    if fmt == "docx":
        return to_docx(blocks)
    if fmt == "ics":
        return invitation(session, now)
    if fmt == "eml":
        return draft_email(
            subject=subject(pack),
            body=to_text(blocks),
            attachment=to_docx(blocks),
            attachment_name=pack_file_name(session.info.id, "docx", public),
            to=to,
            now=now,
        )
    raise ValueError(f"not a pack format: {fmt} (one of {', '.join(PACK_FORMATS)})")


class PackError(UserError):
    """A pack that cannot be written as asked, in one line."""


def write_pack(
    writer: Any,
    fmt: str,
    *,
    public: bool,
    now: datetime,
    folder: Path,
    target: Path | None = None,
    to: Sequence[str] = (),
) -> Path:
    """Write the pack of the session ``writer`` holds (a SessionWriter) to ``target``, or
    into ``folder`` (or ``target`` when it is a folder) under its own name — never over an
    existing file: a pack already there gets a new name beside it — and record it as
    circulated. Returns the path written."""
    session = writer.session
    if fmt == "ics" and not session.info.date:
        raise PackError("the meeting has no date yet: an invitation needs one")
    public = public or fmt == "ics"  # an invitation goes to everyone: always public
    content = render_pack(session, fmt, public=public, now=now, to=to)
    if target is not None and not target.is_dir():
        if target.exists() or target.is_symlink():
            raise PackError(f"{target} already exists; give another name")
        path = target
        write_atomic(path, content, overwrite=False)
    else:
        name = Path(pack_file_name(session.info.id, fmt, public))
        for n in range(1, 1000):
            path = (target or folder) / (name.name if n == 1 else f"{name.stem}-{n}{name.suffix}")
            try:
                write_atomic(path, content, overwrite=False)
                break
            except FileExistsError:
                continue
        else:
            raise PackError(f"too many packs named {name} in {target or folder}")
    record_circulation(writer, "agenda", fmt, public=public, at=now, to=to)
    return path


def subject(pack: Pack) -> str:
    """The draft email's subject: 'Agenda: Partnership Board, Wednesday 30 December 2026'."""
    when = long_date(pack.day) if pack.day else ""
    return "Agenda: " + ", ".join(filter(None, [pack.title, when]))


def invitation(session: Session, now: datetime) -> str:
    """The meeting as an iCalendar invitation: its date, start and planned end (all day when
    no time is set), the venue and how to join, and the PUBLIC agenda as its description."""
    from icalendar import Event

    pack = build_pack(session, public=True, today=now.date())
    calendar = new_calendar("partnership meetings", pack.partnership or "Partnership meetings")
    event = Event()
    event.add("uid", calendar_uid(session.info.id, "meeting"))
    event.add("dtstamp", now)
    if pack.start and pack.end:
        event.add("dtstart", _london(pack.start))
        event.add("dtend", _london(pack.end))
    elif pack.day:
        event.add("dtstart", pack.day)
        event.add("dtend", pack.day + timedelta(days=1))
    else:
        raise ValueError("an invitation needs the meeting's date")
    event.add("summary", visible(" ".join(filter(None, [pack.partnership + ":" if
                                                       pack.partnership else "", pack.title]))))
    if pack.venue:
        event.add("location", visible(pack.venue))
    link = _link(pack.joining)
    if link:
        event.add("url", link)
    event.add("description", _description(pack))
    calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text


def _london(moment: datetime) -> datetime:
    """A time planned in the UK, as UTC: every calendar reads it, with no VTIMEZONE."""
    from zoneinfo import ZoneInfo

    return moment.replace(tzinfo=ZoneInfo("Europe/London")).astimezone(UTC)


def _link(joining: str) -> str:
    found = re.search(r"https?://[^\s<>\"']+", joining)
    return found.group(0) if found else ""


def _description(pack: Pack) -> str:
    """The public agenda as plain text (how to join is among its details)."""
    return to_text(pack_blocks(pack))
