"""Session → minutes document model → Markdown.

The model is built once from the stored session and every output format renders it, so what
the minutes contain is decided in one place. User text goes into Markdown as it was typed;
only what would change the document's structure is escaped (a ``|`` inside a table cell, a
line that would start a heading or list), so ``[b]x`` or ``[/`` read exactly as typed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from typing import Any

import msgspec

from facilitator.core import decision_links
from facilitator.core.carry import is_matters_arising
from facilitator.core.dates import echo_date, show_when
from facilitator.core.held import held_when
from facilitator.core.minutes_doc import render
from facilitator.core.minutes_model import (
    ActionLine,
    ArisingLine,
    ChecklistLine,
    DecisionLine,
    ItemMinutes,
    Minutes,
)
from facilitator.core.model import Action, ActionUpdate, AgendaItem, Decision, Note, Session
from facilitator.core.public import redact, withheld
from facilitator.core.roll import movements, whereabouts
from facilitator.core.tracker import number_actions
from facilitator.core.working_days import next_meeting_said


def _status(session: Session) -> str:
    info = session.info
    if info.state == "ended":
        return f"Ended {show_when(info.ended_at)}"
    if info.state == "live":
        return f"In progress (started {show_when(info.started_at)})"
    return "Not yet held"


def _action_line(action: Action, number: int, code: str, carries: int = 0) -> ActionLine:
    due = echo_date(date.fromisoformat(action.due)) if action.due else ""
    return ActionLine(
        action.owner,
        action.text,
        due,
        action.status,
        number,
        action.due,
        code,
        f"D{carries}" if carries else "",
    )


def _key(session: Session) -> tuple[str, str]:
    return (session.info.date, session.info.id)


def action_codes(session: Session, others: list[Session]) -> dict[int, str]:
    """Action seq → its ``S.N`` code, numbered as the tracker numbers them: S is the
    session's place among its partnership's sessions by date (``others`` are the rest of
    them; any of another partnership are passed over), N the action's place among the
    session's actions in the order raised, withdrawn and confidential ones counted."""
    mine = session.info
    before = {
        s.info.id
        for s in others
        if s.info.partnership == mine.partnership
        and s.info.id != mine.id
        and _key(s) < _key(session)
    }
    return number_actions(session, len(before) + 1)


def build_minutes(
    session: Session, earlier: list[Session] | None = None, *, public: bool = False
) -> Minutes:
    """The minutes of ``session``; with the partnership's ``earlier`` sessions, a checklist
    review also shows how each item has moved since earlier reviews.

    ``public`` withholds confidential (exempt) items and everything recorded under them —
    notes, decisions, actions, overrun choices, declarations' text — and confidential
    decisions and the actions carrying them out, here in the model, before any format;
    and from the ``earlier`` sessions read for the health table too.

    ``earlier`` should hold the partnership's other sessions: actions are given their codes
    (``S.N``) from where this session stands among them, and earlier meetings' actions
    become the matters arising table."""
    codes = action_codes(session, earlier or [])  # before redaction: every action counts
    labels = decision_links.numbers(session)  # D1, D2 … likewise
    recorded = {e.item for e in session.entries if not e.withdrawn}  # before redaction too
    recorded |= {a.item for a in session.checklist}
    arising = _matters_arising(session, earlier or [], public=public)
    approval, corrections, amended = _approval(session, public=public)  # before redaction
    if public:
        session = redact(session)
        earlier = [redact(s) for s in earlier or []]
    info = session.info
    numbers = {item.id: n for n, item in enumerate(session.agenda, start=1)}
    items = []
    for item in session.agenda:
        block = ItemMinutes(
            number=numbers[item.id],
            title=item.title,
            kind=item.kind,
            timebox=item.minutes,
            lead=item.lead,
            confidential=item.confidential,
        )
        block.notes = [n.text for n in session.notes if n.item == item.id and not n.withdrawn]
        block.decisions = [
            _decision_line(d, labels.get(d.seq, 0))
            for d in session.decisions
            if d.item == item.id and not d.withdrawn
        ]
        block.choices = [c.text for c in session.choices if c.item == item.id and not c.withdrawn]
        block.actions = [
            _action_line(a, block.number, codes.get(a.seq, ""), labels.get(a.decision, 0))
            for a in session.actions
            if a.item == item.id and not a.withdrawn
        ]
        block.changes = _changes(item)
        block.reviews = _reviews(session, item)
        if public and item.confidential:
            block.withheld = _in_private(session, item, recorded)
        items.append(block)
    organisations: dict[tuple[str, str], list[str]] = defaultdict(list)
    for person in session.present:
        left = whereabouts(session, person)  # "Ravi Patel (left during item 3, 14:20)"
        name = f"{person.name} ({left.said()})" if left.status == "left" else person.name
        if person.substitute_for:  # the register says who stood in for whom, and how
            name += f" (substitute for {person.substitute_for})"
        if person.remote:
            name += " (remote)"
        if person.role == "champion":  # Kirklees §3.1: the minutes name the Compact Champions
            name += " (Compact Champion)"
        organisations[(person.organisation or "No organisation given", person.sector)].append(
            name
        )
    present = [
        (org, sector, names)
        for (org, sector), names in sorted(
            organisations.items(), key=lambda kv: kv[0][0].casefold()
        )
    ]
    if session.approval is not None:  # as approved: later follow-ups are the tracker's
        _as_approved(session, items, codes)
    actions = [line for block in items for line in block.actions]
    actions.sort(key=lambda a: (a.due_iso or "9999", a.owner.casefold()))
    return Minutes(
        title=info.title,
        partnership=info.partnership,
        when=held_when(info),
        venue=info.venue,
        chair=info.chair,
        secretary=info.secretary,
        status=_status(session),
        approval=approval,
        approved=session.approval is not None,
        corrections=corrections,
        amendments=amended,
        present=present,
        apologies=[_with_org(p.name, p.organisation) for p in session.apologies],
        items=items,
        actions=actions,
        checklist=_checklist(session),
        health=_health(session, earlier or []),
        absent=[_with_org(p.name, p.organisation) for p in session.absent],
        movements=[
            f"{a.name} {word} during item {numbers.get(a.item, '?')} ({a.at[11:16]})"
            for a, word in movements(session)
        ],
        interests=[
            f"{i.name}, item {numbers.get(i.item, '?')}: {i.text}"
            for i in session.interests
            if not i.withdrawn
        ],
        quorum=_quorum(session),
        participation=_participation(session),
        public=public,
        arising=arising,
        next_meeting=next_meeting_said(info),
    )


def _approval(session: Session, *, public: bool) -> tuple[str, str, list[list[str]]]:
    """The minutes' approval line, the corrections made at their approval (full minutes
    only: they may touch an exempt item) and the amendment log: when, what, from, to, by;
    in public minutes a correction to anything withheld is left out of the log."""
    approval = session.approval
    if approval is None:
        return "Draft — not yet approved", "", []
    said = "Approved as a true record"
    if approval.corrections:
        said += ", with corrections,"
    said += f" at the meeting of {show_when(approval.by_date[:10])}" if approval.by_date else ""
    secret = withheld(session)
    entries = {
        (t, e.seq): e for t in ("notes", "decisions", "actions") for e in getattr(session, t)
    }

    def hidden(a: Any) -> bool:
        if a.table == "agenda":
            return a.ref in secret.items
        entry = entries.get((a.table, a.ref))
        if entry is None:
            return True  # (a record the log names but the session lacks: withheld to be safe)
        if isinstance(entry, Decision):
            return secret.decision(entry)
        if isinstance(entry, Action):
            return secret.action(entry)
        return entry.item in secret.items

    log = [
        [show_when(a.at), a.what, a.before, a.after, a.by]
        for a in sorted(session.amendments, key=lambda a: a.at)
        if not (public and hidden(a))
    ]
    return said, "" if public else approval.corrections, log


def _as_approved(session: Session, items: list[ItemMinutes], codes: dict[int, str]) -> None:
    """Approved minutes show each action as it stood when they were approved: a follow-up
    since (matters arising, the tracker) changes the action, not the approved record."""
    approval = session.approval
    if approval is None:
        return
    by_code = {codes.get(a.seq, ""): a for a in session.actions}
    for block in items:
        for line in block.actions:
            action = by_code.get(line.code) if line.code else None
            if action is None:
                continue
            stood = _as_it_stood(action, session.action_updates, approval.at)
            line.status, line.owner, line.due = stood["status"], stood["owner"], stood["due"]
            try:
                line.due_iso = datetime.strptime(line.due, "%a %d %b %Y").date().isoformat()
            except ValueError:
                line.due_iso = ""


def _in_private(session: Session, item: AgendaItem, recorded: set[int]) -> str:
    """What public minutes say in place of an exempt item's record (never its title);
    ``recorded``: the items anything was recorded on, read before redaction."""
    if item.deferred_at and item.id not in recorded:  # perhaps reached, deferred unheard
        return "An exempt item, deferred to the next meeting."
    if item.deferred_at:
        return (
            "Considered in private (exempt item), then deferred to the next meeting. The "
            "record is in the full minutes."
        )
    if item.started_at:
        return "Considered in private (exempt item). The record is in the full minutes."
    if session.info.state == "ended" or item.deferred_at:
        return "An exempt item, not reached at this meeting."
    return "An exempt item, to be considered in private."


def _reviews(session: Session, item: AgendaItem) -> list[str]:
    """The checklist reviews taken on ``item``, each in one line for the item's record."""
    from facilitator.core.health import checklists_reviewed, standing_views

    here = [a for a in session.checklist if a.item == item.id]
    if not here:
        return []
    reviewed = msgspec.structs.replace(session, checklist=here)
    lines = []
    for checklist in checklists_reviewed([reviewed]):
        views = standing_views(reviewed, checklist.id)
        sectors = sorted({a.sector for found in views.values() for a in found if a.sector})
        line = f"{checklist.title}: {len(views)} of {len(checklist.items)} items reviewed"
        if len(sectors) == 1:
            line += f", with the {sectors[0]} sector's own view"
        elif sectors:
            named = f"{', '.join(sectors[:-1])} and {sectors[-1]}"
            line += f", with the {named} sectors' own views"
        lines.append(line + " (see Checklist review).")
    return lines


_CHANGE = re.compile(r"(status|owner|due): (.+?) → (.+)")


def _as_it_stood(action: Action, updates: list[ActionUpdate], moment: str) -> dict[str, str]:
    """An action's status, owner and due date (as shown) at ``moment`` (ISO; "" for now):
    its fields now, with each change recorded after ``moment`` taken back."""
    stood = {
        "status": action.status,
        "owner": action.owner,
        "due": echo_date(date.fromisoformat(action.due)) if action.due else "",
    }
    if not moment:
        return stood
    later = [u for u in updates if u.action == action.seq and u.at > moment]
    for update in sorted(later, key=lambda u: u.at, reverse=True):
        for part in update.change.removeprefix("undone: ").split("; "):
            if match := _CHANGE.fullmatch(part):
                name, before = match.group(1), match.group(2)
                stood[name] = "" if before == "none" and name != "status" else before
    return stood


def _matters_arising(session: Session, others: list[Session], *, public: bool) -> list[ArisingLine]:
    """The partnership's actions from earlier meetings that were open when this meeting
    began or that it followed up, as they stood when it ended, with its follow-ups. Only for
    a meeting that followed one up or has a matters arising item; in ``public`` minutes,
    an action withheld in its own session is left out, and a follow-up made under an exempt
    item here is said to have been made in private."""
    info = session.info
    if not info.started_at:
        return []
    group = {
        s.info.id: s
        for s in others
        if s.info.partnership == info.partnership and s.info.id != info.id
    }
    earlier = [s for s in group.values() if _key(s) < _key(session)]
    followed: dict[tuple[str, int], list[Note]] = defaultdict(list)
    for note in session.notes:
        if note.action_session and not note.withdrawn and note.action_session != info.id:
            followed[(note.action_session, note.action_seq)].append(note)
    if not followed and not any(is_matters_arising(i) for i in session.agenda):
        return []
    exempt = withheld(session).items
    end = info.ended_at if info.state == "ended" else ""
    rows = []
    for source in sorted(earlier, key=_key):
        codes = action_codes(source, list(group.values()))
        secret = withheld(source)
        for action in sorted(source.actions, key=lambda a: a.seq):
            notes = followed.get((source.info.id, action.seq), [])
            if action.withdrawn or (public and secret.action(action)):
                continue
            at_start = _as_it_stood(action, source.action_updates, info.started_at)
            if at_start["status"] != "open" and not notes:
                continue
            after = _as_it_stood(action, source.action_updates, end)
            said = []
            for note in notes:
                if public and note.item in exempt:
                    said.append("followed up in private (exempt item)")
                else:
                    said.append(note.update or note.text)
            rows.append(
                ArisingLine(
                    code=codes[action.seq],
                    text=action.text,
                    owner=after["owner"],
                    due=after["due"],
                    status=after["status"],
                    update="; ".join(said),
                )
            )
    return rows


def _participation(session: Session) -> list[tuple[str, str]]:
    """Turns and speaking time by sector, then by organisation (when turns were kept)."""
    if not session.turns:
        return []
    from facilitator.core.speakers import balance

    end = session.info.ended_at or max(t.end or t.start for t in session.turns)
    now = datetime.fromisoformat(end)
    rows = []
    for by in ("sector", "organisation"):
        for share in balance(session, now, by=by):
            plural = "" if share.turns == 1 else "s"
            spoke = f"{share.turns} turn{plural}, {share.seconds // 60}:{share.seconds % 60:02d}"
            rows.append((f"{share.who} ({by})", spoke))
    return rows


def _health(session: Session, earlier: list[Session]) -> list[list[str]]:
    """For each checklist reviewed at this session: item, answers over time, change."""
    from facilitator.core.health import checklists_reviewed, latest_answers, trend

    reviewed = {a.checklist for a in session.checklist if not a.sector}
    before = [
        s
        for s in earlier
        if s.info.partnership == session.info.partnership
        and (s.info.date, s.info.id) < (session.info.date, session.info.id)
    ]
    rows = []
    known = {c.id: c for c in checklists_reviewed([*before, session])}
    for checklist_id in sorted(reviewed):
        checklist = known[checklist_id]
        reviewed_before = any(
            a.checklist == checklist_id and not a.sector for s in before for a in s.checklist
        )
        if not reviewed_before:  # a first review: nothing to compare
            continue
        now = latest_answers(session, checklist_id)
        for row in trend([*before, session], checklist):
            if row.marks:
                change = (
                    "not reviewed at this meeting"  # its marks are all from earlier reviews
                    if row.ref not in now
                    else row.change
                    if len(row.marks) > 1
                    else "first review"
                )
                rows.append(
                    [
                        f"{row.ref}. {row.text}",
                        row.history,
                        change,
                        "; ".join(row.open_actions) or "—",
                    ]
                )
    return rows


def _decision_line(d: Decision, number: int = 0) -> DecisionLine:
    how = (
        f"by vote: {d.votes_for} for, {d.votes_against} against, {d.votes_abstain} abstaining"
        if d.how == "vote"
        else "by consensus"
    )
    review = echo_date(date.fromisoformat(d.review)) if d.review else ""
    return DecisionLine(
        d.text,
        d.owner,
        d.dissent,
        how,
        d.status,
        review,
        bool(d.corrections),
        f"D{number}" if number else "",
    )


def _changes(item: AgendaItem) -> list[str]:
    changes = []
    if item.added_at:
        changes.append(f"added during the meeting at {item.added_at[11:16]}")
    if item.deferred_at:
        changes.append("deferred to the next meeting")
    if item.deferred_from:
        changes.append(f"deferred from the meeting of {show_when(item.deferred_from_date)}")
    return changes


def _quorum(session: Session) -> str:
    quorum = session.info.quorum
    if not quorum:
        return ""
    count = len(session.present)
    return f"{quorum} needed; {count} attended ({'quorate' if count >= quorum else 'NOT quorate'})"


def _with_org(name: str, organisation: str) -> str:
    return f"{name} ({organisation})" if organisation else name


def _checklist(session: Session) -> list[ChecklistLine]:
    """Each checklist item reviewed, in the checklist's order: the whole room's view, then
    each sector's (the latest of each), with its count and note."""
    from facilitator.core.health import (
        answer_words,
        checklists_reviewed,
        item_text,
        standing_views,
        whose,
    )

    lines = []
    for checklist in checklists_reviewed([session]):
        views = standing_views(session, checklist.id)
        order = {i.ref: n for n, i in enumerate(checklist.items)}
        for ref in sorted(views, key=lambda r: order.get(r, len(order))):
            lines += [
                ChecklistLine(checklist.title, ref, item_text(a), whose(a), answer_words(a), a.note)
                for a in views[ref]
            ]
    return lines


def to_markdown(minutes: Minutes) -> str:
    """The minutes as Markdown (the other formats: ``minutes_doc.render``)."""
    text = render(minutes, "md")
    assert isinstance(text, str)
    return text
