"""Session → minutes document model → Markdown.

The model is built once from the stored session and every output format renders it, so what
the minutes contain is decided in one place. User text goes into Markdown as it was typed;
only what would change the document's structure is escaped (a ``|`` inside a table cell, a
line that would start a heading or list), so ``[b]x`` or ``[/`` read exactly as typed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from facilitator.core.checklists import ANSWERS, CHECKLISTS
from facilitator.core.dates import echo_date
from facilitator.core.model import Action, AgendaItem, Decision, Session


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


def build_minutes(session: Session, earlier: list[Session] | None = None) -> Minutes:
    """The minutes of ``session``; with the partnership's ``earlier`` sessions, a checklist
    review also shows how each item has moved since earlier reviews."""
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
        organisations[(person.organisation or "No organisation given", person.sector)].append(
            person.name
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
        when=show_when(info.date),
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
            f"{a.name} {a.text} during item {numbers.get(a.item, '?')} ({a.at[11:16]})"
            for a in session.attendance
            if not a.withdrawn
        ],
        interests=[
            f"{i.name}, item {numbers.get(i.item, '?')}: {i.text}"
            for i in session.interests
            if not i.withdrawn
        ],
        quorum=_quorum(session),
        participation=_participation(session),
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


# --------------------------------------------------------------------------- Markdown

_BLOCK_MARK = re.compile(r"^(\s*)([#>+*=-])")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")


def md_text(text: str) -> str:
    """User text for a Markdown paragraph or list item: as typed, one line per line."""
    lines = [
        _NUMBERED.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\1\\\2", line))
        for line in text.splitlines() or [""]
    ]
    return "  \n  ".join(lines)


def md_cell(text: str) -> str:
    """User text for a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|") or " "


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return out


def to_markdown(minutes: Minutes) -> str:
    m = minutes
    out = [f"# {md_text(m.title)}", ""]
    for label, value in (
        ("Partnership", m.partnership),
        ("Date", m.when),
        ("Venue", m.venue),
        ("Chair", m.chair),
        ("Secretary", m.secretary),
        ("Status", m.status),
    ):
        if value:
            out.append(f"- **{label}:** {md_text(value)}")
    out += ["", "## Present", ""]
    if not m.present:
        out.append("No one is recorded as present.")
    for org, sector, names in m.present:
        out.append(f"- **{md_text(org)}** ({sector}): {md_text(', '.join(names))}")
    out += ["", "## Apologies", ""]
    out += [f"- {md_text(a)}" for a in m.apologies] or ["None."]
    for heading, lines in (
        ("Absent", m.absent),
        ("Arrivals and departures", m.movements),
        ("Declarations of interest", m.interests),
    ):
        if lines:
            out += ["", f"## {heading}", "", *[f"- {md_text(line)}" for line in lines]]
    if m.quorum:
        out += ["", f"Quorum: {md_text(m.quorum)}"]
    for item in m.items:
        out += ["", *_item_md(item)]
    if m.checklist:
        out += ["", "## Checklist review", ""]
        out += _table(
            ["Ingredient", "Answer", "Note"],
            [[f"{c.ref}. {c.text}", c.answer, c.note] for c in m.checklist],
        )
    if m.health:
        out += [
            "",
            "## Partnership health over time",
            "",
            "Each review's answer, oldest first (✓ yes, ✗ no, ? not sure).",
            "",
        ]
        out += _table(
            ["Item", "Reviews", "Since last review", "Improvement actions open"], m.health
        )
    if m.participation:
        out += ["", "## Participation", ""]
        out += _table(["Who", "Spoke"], [list(row) for row in m.participation])
    out += ["", "## Actions", ""]
    if m.actions:
        out += _table(
            ["Owner", "Action", "Due", "Status", "Item"],
            [
                [a.owner or "No owner yet", a.text, a.due or "no date", a.status, str(a.item)]
                for a in m.actions
            ],
        )
        out += ["", "## Actions by owner", ""]
        for owner, lines in m.actions_by_owner.items():
            out += [f"### {md_text(owner)}", ""]
            out += [
                f"- {md_text(a.text)} — {'due ' + a.due if a.due else 'no due date'} "
                f"({a.status}, item {a.item})"
                for a in lines
            ]
            out.append("")
    else:
        out.append("No actions were recorded.")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip() + "\n"


def _decision_md(d: DecisionLine) -> str:
    owner = md_text(d.owner) if d.owner else "no owner recorded"
    line = f"- {md_text(d.text)} — owner: {owner}"
    if d.status != "agreed" or d.how != "by consensus":  # agreed by consensus goes unsaid
        line += f" — {d.status}, {d.how}"
    if d.review:
        line += f" — review {d.review}"
    if d.dissent:
        line += f" — dissent: {md_text(d.dissent)}"
    if d.corrected:
        line += " (corrected during the meeting)"
    return line


def _item_md(item: ItemMinutes) -> list[str]:
    flags = [f"{item.timebox} min", item.kind]
    if item.confidential:
        flags.append("confidential")
    if item.lead:
        flags.append(f"lead: {item.lead}")
    out = [f"## {item.number}. {md_text(item.title)}", "", f"*{md_text(', '.join(flags))}*", ""]
    if item.changes:
        out += [f"**Agenda change:** {md_text('; '.join(item.changes))}", ""]
    if item.choices:
        out += [f"**Over time:** {md_text('; '.join(item.choices))}", ""]
    if not (item.notes or item.decisions or item.actions):
        return [*out, "Nothing recorded."]
    if item.notes:
        out += ["**Notes**", "", *[f"- {md_text(n)}" for n in item.notes], ""]
    if item.decisions:
        out += ["**Decisions**", ""]
        out += [_decision_md(d) for d in item.decisions]
        out.append("")
    if item.actions:
        out += ["**Actions**", ""]
        out += [
            f"- {md_text(a.owner or 'No owner yet')}: {md_text(a.text)}"
            f" — {'due ' + a.due if a.due else 'no due date'}"
            for a in item.actions
        ]
        out.append("")
    return out
