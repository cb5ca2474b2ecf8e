"""Session state → Textual Content for the screens.

User text is only ever a ``$variable`` of ``Content.from_markup`` or wrapped in ``Content``,
so it is never parsed as markup: ``[/`` and ``[@click=app.quit]x[/]`` show as typed.
"""

from __future__ import annotations

import operator
from datetime import date, datetime

import msgspec
from textual.content import Content

from facilitator.core import decision_links
from facilitator.core.clock import item_elapsed, seconds_between
from facilitator.core.dates import echo_date
from facilitator.core.health import describe
from facilitator.core.model import (
    Action,
    AgendaItem,
    Attendance,
    ChecklistAnswer,
    Decision,
    Entry,
    Interest,
    Session,
)
from facilitator.core.planning import end_time, planned_end, projected_end
from facilitator.core.prompts import Prompt
from facilitator.core.tracker import ActionRow

KIND_LABEL = {"note": "Note", "decision": "Decision", "action": "Action", "interest": "Interest"}


def clock(seconds: int) -> str:
    """``mm:ss`` (or ``h:mm:ss``) with a leading minus when negative."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes:02d}:{secs:02d}"


class AgendaRow(msgspec.Struct, frozen=True):
    marker: str  # "▶ 4." current, "✓ 2." done, "  5." to come
    title: Content
    current: bool


def agenda_rows(session: Session) -> list[AgendaRow]:
    """The agenda, current item marked ▶ (not by colour alone), items left behind ✓."""
    rows = []
    live = session.info.state != "ended"
    for index, item in enumerate(session.agenda):
        current = live and index == session.info.current_item
        sign = "▶" if current else "⇥" if item.deferred_at else "✓" if item.ended_at else " "
        mins = f"{item.minutes}+{item.extra_minutes}" if item.extra_minutes else item.minutes
        title = Content.assemble(  # parts, not markup: the title is literal, and quick
            item.title,  # to build for an agenda of 1,000 items on every save
            " 🔒" if item.confidential else "",
            " ",
            (f"{mins}′{_agenda_note(item)}", "dim"),
        )
        rows.append(AgendaRow(f"{sign}{index + 1:>3}.", title, current))
    return rows


def _agenda_note(item: AgendaItem) -> str:
    if item.deferred_at:
        return " · deferred to next meeting"
    if item.added_at:
        return " · added"
    if item.deferred_from:
        return f" · deferred from {item.deferred_from_date[:10]}"
    return ""


def item_heading(session: Session) -> Content:
    item = session.current
    if item is None:
        return Content("This session has no agenda items.")
    number = session.info.current_item + 1
    extended = f" (+{item.extra_minutes} extended)" if item.extra_minutes else ""
    details = [item.kind, f"{item.minutes} min timebox{extended}"]
    if item.lead:
        details.append(f"lead: {item.lead}")
    heading = Content.from_markup(
        "[b]Item $n of $total: $title[/b]\n$details",
        n=number,
        total=len(session.agenda),
        title=item.title,
        details=" · ".join(details),
    )
    if item.confidential:
        heading += Content.from_markup("\n[b]🔒 CONFIDENTIAL ITEM[/b] — kept out of public minutes")
    return heading


def timebox(item: AgendaItem) -> int:
    """The item's timebox in minutes, with any extension the chair gave it."""
    return item.minutes + item.extra_minutes


def item_remaining(session: Session, now: datetime) -> int:
    item = session.current
    if item is None:
        return 0
    return timebox(item) * 60 - item_elapsed(item, now)


def prompt_line(prompt: Prompt, count: int) -> Content:
    """The chair's current prompt: the words for the room, where it comes from, the keys."""
    keys = "/extend N · F8 defer · /decide" if prompt.choice else "ctrl+y dismiss · /snooze N"
    more = f" (+{count - 1} more)" if count > 1 else ""
    return Content.from_markup(
        "[b]⚑ CHAIR:[/b] $text [dim]— $source[/]  [b]$keys[/b]$more",
        text=prompt.text,
        source=prompt.source,
        keys=keys,
        more=more,
    )


def meeting_clock(session: Session, now: datetime, width: int = 0) -> Content:
    """The meeting's time so far and, while it runs, when it will end at this pace beside
    when it was planned to (as the plan screen works it out); the longest wording that
    fits in ``width`` cells (0: the longest)."""
    info = session.info
    planned = session.planned_minutes
    if info.state == "upcoming":
        return Content(f"Not started · {end_time(session)}")
    end = info.ended_at if info.state == "ended" else now.isoformat(timespec="seconds")
    elapsed = seconds_between(info.started_at, end) if info.started_at else 0
    if info.state == "ended":
        return Content(f"Ended {clock(elapsed)} of {planned} min planned")
    ends = f"{projected_end(session, now):%H:%M}"
    plan = planned_end(session)
    so_far = clock(elapsed)
    if plan is None or info.started_at[:10] != info.date[:10]:  # held on another day
        wordings = [
            f"Meeting {so_far} of {planned} min planned · projected end {ends}",
            f"{so_far} of {planned} min · ends at {ends}",
        ]
    else:
        wordings = [
            f"Meeting {so_far} of {planned} min planned · projected end {ends} "
            f"(planned {plan:%H:%M})",
            f"Meeting {so_far} of {planned} min · ends at {ends} (planned {plan:%H:%M})",
            f"{so_far} of {planned} min · ends {ends} (plan {plan:%H:%M})",
        ]
    fits = [w for w in wordings if not width or len(w) <= width]
    return Content(fits[0] if fits else wordings[-1])


def time_left_label(remaining: int) -> str:
    """Words beside the countdown, so the state is never carried by colour alone."""
    return "left on this item" if remaining >= 0 else "OVER the timebox"


def entry_line(entry: Entry, code: str = "", carries: str = "") -> Content:
    """One captured entry for the feed: time, kind, text and owner/due; an action leads
    with its ``code`` (S.N), as the minutes and the next meeting's /done know it, and says
    which decision it ``carries`` out; a decision leads with its label (D2), as 'for D2'
    names it."""
    at = entry.at[11:16]
    kind = KIND_LABEL.get(entry.kind, entry.kind.title())
    text = entry.text
    extra = ""
    if isinstance(entry, Attendance):
        kind, text = entry.text.title(), entry.name
    elif isinstance(entry, Interest):
        text = f"{entry.name}: {entry.text}"
    if isinstance(entry, Decision):
        extra = f" — owner: {entry.owner}" if entry.owner else " — no owner yet"
    elif isinstance(entry, Action):
        who = entry.owner or "no owner yet"
        when = f"due {echo_date(date.fromisoformat(entry.due))}" if entry.due else "no due date"
        extra = f" — {who}, {when}" + (f" · carries out {carries}" if carries else "")
    # assemble, not markup: the feed can hold hundreds of lines and is redrawn on each save
    lead = (f"{code} ", "b") if code else ""
    line = Content.assemble((at, "dim"), " ", (f"{kind:<8}", "b"), " ", lead, text, extra)
    if entry.withdrawn:
        line = line.stylize("strike dim") + Content(" (withdrawn)")
    return line


def answer_line(answer: ChecklistAnswer, replaced: bool = False) -> Content:
    """A checklist answer for the feed: the item's code, whose view, the answer, any count
    and note; one a later answer of the same room or sector replaced is struck through."""
    at, kind = (answer.at[11:16], "dim"), (f"{'Review':<8}", "b")
    line = Content.assemble(at, " ", kind, " ", f"{answer.ref} ", describe(answer))
    if replaced:
        line = line.stylize("strike dim") + Content(" (replaced by a later answer)")
    return line


NOTHING_YET = Content.from_markup(
    "[dim]Nothing captured on this item yet. Type a note and press Enter; "
    "/decision, /action @NAME … by DATE, /next.[/]"
)


class FeedLines:
    """The feed's lines, kept by the live screen from one save to the next, so that a save
    makes only the lines it adds (making every entry's line again was most of a save's
    time on a long item). An entry's line is kept while the entry is the same record (or an
    equal one) with the same code and label, and is then the very same Content, so the
    feed knows it has drawn it already; when all a save did was add entries at the end of
    the item, the rest of the feed is not looked at again either."""

    def __init__(self) -> None:
        self.made: dict[tuple[str, int], tuple[Entry, str, str, Content]] = {}
        self.last: _Feed | None = None


class _Feed(msgspec.Struct, frozen=True):
    """A feed as it was made: what it was made from, and its lines (when, order, line)."""

    item: int
    entries: list[Entry]
    answers: list[ChecklistAnswer]
    codes: dict[int, str]
    labels: dict[int, int]
    lines: list[tuple[str, int, Content]]


def feed(
    session: Session, codes: dict[int, str] | None = None, kept: FeedLines | None = None
) -> list[Content]:
    """What was captured on the current item, in order, a line each: entries (an action
    with its code from ``codes``, seq → S.N) and checklist answers. ``kept`` (held by the
    caller from one save to the next) keeps the lines already made."""
    item = session.current
    if item is None:
        return []
    entries = session.entries_for(item.id, include_withdrawn=True)
    answers = [a for a in session.checklist if a.item == item.id]
    if not entries and not answers:
        return [NOTHING_YET]
    codes = codes or {}
    labels = decision_links.numbers(session)
    made = _Feed(item.id, entries, answers, codes, labels, [])
    lines = _added(kept.last, made, kept) if kept is not None and kept.last else None
    if lines is None:
        latest = {(a.checklist, a.ref, a.sector): n for n, a in enumerate(answers)}
        lines = [(e.at, n, _line(e, codes, labels, kept)) for n, e in enumerate(entries)]
        lines += [
            (a.at, len(entries) + n, answer_line(a, latest[(a.checklist, a.ref, a.sector)] != n))
            for n, a in enumerate(answers)
        ]
        lines.sort(key=_FEED_ORDER)
    if kept is not None:
        kept.last = msgspec.structs.replace(made, lines=lines)
    return [line for _, _, line in lines]


_FEED_ORDER = operator.itemgetter(0, 1)  # when, then the order captured (answers last)


def _added(last: _Feed, now: _Feed, kept: FeedLines) -> list[tuple[str, int, Content]] | None:
    """The ``last`` feed's lines and a line for each entry added since, when that is all
    that changed — the same records first, the same answers, no code or label changed,
    and the new entries no earlier than every line shown (so that sorting the whole feed
    would leave them at its end) — or None."""
    old = len(last.entries)
    added = now.entries[old:]
    if (
        now.item != last.item
        or len(now.entries) < old
        or not all(map(operator.is_, last.entries, now.entries))
        or len(now.answers) != len(last.answers)
        or not all(map(operator.is_, last.answers, now.answers))
        or not last.codes.items() <= now.codes.items()
        or not last.labels.items() <= now.labels.items()
    ):
        return None
    if added and last.lines:
        first = min(e.at for e in added)
        if first < last.lines[-1][0] or any(a.at >= first for a in now.answers):
            return None
    tail = [(e.at, old + n, _line(e, now.codes, now.labels, kept)) for n, e in enumerate(added)]
    tail.sort(key=_FEED_ORDER)
    return [*last.lines, *tail]


def _line(
    entry: Entry, codes: dict[int, str], labels: dict[int, int], kept: FeedLines | None
) -> Content:
    code = carries = ""
    if isinstance(entry, Action):
        code = codes.get(entry.seq, "")
        carries = f"D{labels[entry.decision]}" if entry.decision in labels else ""
    elif isinstance(entry, Decision):
        code = f"D{labels[entry.seq]}" if entry.seq in labels else ""
    if kept is None:
        return entry_line(entry, code, carries)
    key = (entry.kind, entry.seq)
    before = kept.made.get(key)
    if (
        before is not None
        and (before[0] is entry or before[0] == entry)
        and before[1] == code
        and before[2] == carries
    ):
        return before[3]
    line = entry_line(entry, code, carries)
    kept.made[key] = (entry, code, carries, line)
    return line


def open_actions(rows: list[ActionRow], today: date) -> Content:
    """The partnership's open actions, for matters arising: code, owner, text, due."""
    lines = [
        Content.from_markup(
            "[b]Open actions[/b] [dim]— /done CODE · /redate CODE DATE · /reassign CODE @OWNER · "
            "/actnote CODE TEXT[/]"
        )
    ]
    for a in rows:
        due = echo_date(date.fromisoformat(a.due)) if a.due else "no due date"
        late = " · OVERDUE" if a.overdue(today) else ""
        lines.append(
            Content.from_markup(
                "[b]$code[/b] $owner: $text [dim]— due $due$late · from $when[/]",
                code=f"{a.code:>5}",
                owner=a.owner or "no owner",
                text=a.text,
                due=due,
                late=late,
                when=a.session_date[:10],
            )
        )
    if not rows:
        lines.append(Content("No open actions."))
    return Content("\n").join(lines)
