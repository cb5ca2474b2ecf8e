"""Session → minutes document model → Markdown.

The model is built once from the stored session and every output format renders it, so what
the minutes contain is decided in one place. User text goes into Markdown as it was typed;
only what would change the document's structure is escaped (a ``|`` inside a table cell, a
line that would start a heading or list), so ``[b]x`` or ``[/`` read exactly as typed.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from facilitator.core.checklists import ANSWERS, CHECKLISTS
from facilitator.core.dates import echo_date
from facilitator.core.held import held_when
from facilitator.core.model import Action, AgendaItem, Decision, Session
from facilitator.core.roll import movements, whereabouts


@dataclass
class ActionLine:
    owner: str
    text: str
    due: str  # as shown, e.g. "Fri 27 Nov 2026"
    status: str
    item: int  # 1-based item number
    due_iso: str = ""


@dataclass
class DecisionLine:
    text: str
    owner: str
    dissent: str
    how: str  # "by consensus" or "by vote 7 for, 1 against, 2 abstaining"
    status: str
    review: str  # as shown, or ""
    corrected: bool


@dataclass
class ItemMinutes:
    number: int
    title: str
    kind: str
    timebox: int
    lead: str
    confidential: bool
    notes: list[str] = field(default_factory=list)
    decisions: list[DecisionLine] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # added, deferred, deferred from …
    choices: list[str] = field(default_factory=list)  # the chair's overrun choices


@dataclass
class ChecklistLine:
    ref: str
    text: str
    answer: str
    note: str


@dataclass
class Minutes:
    title: str
    partnership: str
    when: str
    venue: str
    chair: str
    secretary: str
    status: str
    present: list[tuple[str, str, list[str]]]  # (organisation, sector, names)
    apologies: list[str]
    items: list[ItemMinutes]
    actions: list[ActionLine]
    checklist: list[ChecklistLine]
    absent: list[str] = field(default_factory=list)
    movements: list[str] = field(default_factory=list)  # late arrivals, early departures
    interests: list[str] = field(default_factory=list)
    quorum: str = ""
    participation: list[tuple[str, str]] = field(default_factory=list)  # (who, "3 turns, 4:10")
    public: bool = False  # confidential items withheld
    health: list[list[str]] = field(default_factory=list)  # item, earlier → now, change

    @property
    def actions_by_owner(self) -> dict[str, list[ActionLine]]:
        grouped: dict[str, list[ActionLine]] = defaultdict(list)
        for action in self.actions:
            grouped[action.owner or "No owner yet"].append(action)
        return dict(sorted(grouped.items(), key=lambda kv: kv[0].casefold()))


def show_when(iso: str) -> str:
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if len(iso) <= 10:
        return echo_date(moment.date())
    return f"{echo_date(moment.date())}, {moment:%H:%M}"


def _status(session: Session) -> str:
    info = session.info
    if info.state == "ended":
        return f"Ended {show_when(info.ended_at)}"
    if info.state == "live":
        return f"In progress (started {show_when(info.started_at)})"
    return "Not yet held"


def _action_line(action: Action, number: int) -> ActionLine:
    due = echo_date(date.fromisoformat(action.due)) if action.due else ""
    return ActionLine(action.owner, action.text, due, action.status, number, action.due)


def build_minutes(
    session: Session, earlier: list[Session] | None = None, *, public: bool = False
) -> Minutes:
    """The minutes of ``session``; with the partnership's ``earlier`` sessions, a checklist
    review also shows how each item has moved since earlier reviews.

    ``public`` withholds confidential (exempt) items and everything recorded under them —
    notes, decisions, actions, overrun choices, declarations' text — and confidential
    decisions and the actions carrying them out, here in the model, before any format;
    and from the ``earlier`` sessions read for the health table too."""
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
            _decision_line(d) for d in session.decisions if d.item == item.id and not d.withdrawn
        ]
        block.choices = [c.text for c in session.choices if c.item == item.id and not c.withdrawn]
        block.actions = [
            _action_line(a, block.number)
            for a in session.actions
            if a.item == item.id and not a.withdrawn
        ]
        block.changes = _changes(item)
        items.append(block)
    organisations: dict[tuple[str, str], list[str]] = defaultdict(list)
    for person in session.present:
        left = whereabouts(session, person)  # "Ravi Patel (left during item 3, 14:20)"
        name = f"{person.name} ({left.said()})" if left.status == "left" else person.name
        organisations[(person.organisation or "No organisation given", person.sector)].append(
            name
        )
    present = [
        (org, sector, names)
        for (org, sector), names in sorted(
            organisations.items(), key=lambda kv: kv[0][0].casefold()
        )
    ]
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
    )


CONFIDENTIAL_ITEM = "Confidential item"


@dataclass(frozen=True)
class Withheld:
    """What a public version leaves out of a session: the one rule for every public output
    (minutes, the room view, the actions and decisions exports, the calendar)."""

    items: frozenset[int]  # ids of confidential (exempt) items
    decisions: frozenset[int]  # seqs of confidential decisions, and of all under those items

    def decision(self, d: Decision) -> bool:
        return d.seq in self.decisions

    def action(self, a: Action) -> bool:
        """Raised under a confidential item, or carrying out a withheld decision."""
        return a.item in self.items or (a.decision != 0 and a.decision in self.decisions)


def withheld(session: Session) -> Withheld:
    items = frozenset(i.id for i in session.agenda if i.confidential)
    decisions = frozenset(
        d.seq for d in session.decisions if d.confidential or d.item in items
    )
    return Withheld(items, decisions)


def redact(session: Session) -> Session:
    """A copy of ``session`` with nothing confidential left in it (see :class:`Withheld`)."""
    secret = withheld(session)
    secret_items = secret.items
    agenda = [
        dataclasses.replace(i, title=CONFIDENTIAL_ITEM, lead="", papers_circulated="")
        if i.confidential
        else i
        for i in session.agenda
    ]

    def kept(entries: list[Any]) -> list[Any]:
        return [e for e in entries if e.item not in secret_items]

    return dataclasses.replace(
        session,
        agenda=agenda,
        notes=kept(session.notes),
        decisions=[d for d in session.decisions if not secret.decision(d)],
        actions=[a for a in session.actions if not secret.action(a)],
        choices=kept(session.choices),
        checklist=kept(session.checklist),
        interests=[
            dataclasses.replace(i, text="(an interest in a confidential item)")
            if i.item in secret_items
            else i
            for i in session.interests
        ],
    )


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
    from facilitator.core.checklists import BUILT_IN
    from facilitator.core.health import trend

    reviewed = {a.checklist for a in session.checklist if not a.sector}
    before = [
        s
        for s in earlier
        if s.info.partnership == session.info.partnership
        and (s.info.date, s.info.id) < (session.info.date, session.info.id)
    ]
    rows = []
    for checklist_id in sorted(reviewed):
        checklist = BUILT_IN.get(checklist_id)
        reviewed_before = any(
            a.checklist == checklist_id and not a.sector for s in before for a in s.checklist
        )
        if checklist is None or not reviewed_before:  # a first review: nothing to compare
            continue
        for row in trend([*before, session], checklist):
            if row.marks:
                history = " ".join(f"{m}" for m in row.row.split())
                rows.append(
                    [
                        f"{row.ref}. {row.text}",
                        history,
                        row.change if len(row.marks) > 1 else "first review",
                        "; ".join(row.open_actions) or "—",
                    ]
                )
    return rows


def _decision_line(d: Decision) -> DecisionLine:
    how = (
        f"by vote: {d.votes_for} for, {d.votes_against} against, {d.votes_abstain} abstaining"
        if d.how == "vote"
        else "by consensus"
    )
    review = echo_date(date.fromisoformat(d.review)) if d.review else ""
    return DecisionLine(d.text, d.owner, d.dissent, how, d.status, review, bool(d.corrections))


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
    lines = []
    for answer in session.checklist:
        checklist = CHECKLISTS.get(answer.checklist)
        item = checklist.item(answer.ref) if checklist else None
        lines.append(
            ChecklistLine(
                ref=answer.ref,
                text=item.text if item else answer.ref,
                answer=ANSWERS.get(answer.answer, answer.answer),
                note=answer.note,
            )
        )
    return lines


def to_markdown(minutes: Minutes) -> str:
    """The minutes as Markdown (the other formats: ``minutes_doc.render``)."""
    from facilitator.core.minutes_doc import render

    text = render(minutes, "md")
    assert isinstance(text, str)
    return text
