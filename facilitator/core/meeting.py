"""Running a meeting: carry out captured commands against a session, durably.

Every method returns only after the change is on disk (the store's atomic write); if the
write fails, ``OSError`` propagates and neither the file nor the in-memory session changes,
so the caller can say "NOT saved" and keep the typed line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from facilitator.core import capture, decision_links
from facilitator.core.capture import CaptureError
from facilitator.core.chair import Chair
from facilitator.core.dates import DateError, echo_date, looks_like_date, parse_date
from facilitator.core.decision_edit import DecisionEdits
from facilitator.core.decision_form import read_details
from facilitator.core.followup import VERBS, FollowUp
from facilitator.core.live_agenda import AgendaChanges
from facilitator.core.model import Action, AgendaItem, Decision, Entry, Note, Session
from facilitator.core.owners import Owners, split_owner
from facilitator.core.review import Review
from facilitator.core.roll import Roll
from facilitator.core.speakers import Speakers
from facilitator.core.store import SessionWriter
from facilitator.core.text import fold

_DUE = re.compile(r"(?i)(?:^|\s)(by|due)\s+(?=\S)")
_TABLE = {
    "note": "notes",
    "decision": "decisions",
    "action": "actions",
    "attendance": "attendance",
    "interest": "interests",
    "choice": "choices",
}


@dataclass(frozen=True)
class Outcome:
    """What a carried-out line did, in one line for the user."""

    message: str
    moved: bool = False  # the current item changed
    ended: bool = False
    deferred: bool = False  # an item now waits for the next meeting
    then: str = ""  # the end of ``message`` saying what followed ("now on item 4: …")

    def said(self, where: str = "") -> str:
        """The message, with ``where`` (where a deferred item went, as the store found it)
        said with the deferral and before what followed, never after it: "Deferred item 3:
        X to the next meeting (added to …); now on item 4: Y"."""
        if not where:
            return self.message
        tail = f"; {self.then}" if self.then else ""
        return f"{self.message.removesuffix(tail)} ({where}){tail}"


def now_iso(clock: Callable[[], datetime]) -> str:
    return clock().isoformat(timespec="seconds")


def seconds_between(start_iso: str, end_iso: str) -> int:
    """Whole seconds from one stored timestamp to another (never negative)."""
    try:
        delta = datetime.fromisoformat(end_iso) - datetime.fromisoformat(start_iso)
    except ValueError:
        return 0
    return max(int(delta.total_seconds()), 0)


def item_elapsed(item: AgendaItem, now: datetime) -> int:
    """Seconds spent on an item so far, counting the visit in progress."""
    running = seconds_between(item.entered_at, now.isoformat()) if item.entered_at else 0
    return item.spent_seconds + running


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def describe(entry: Entry, width: int = 50) -> str:
    """A short description of an entry: "note: …", "Kevin Marsh arrived"."""
    name = getattr(entry, "name", "")
    if entry.kind == "attendance":
        return f"{name} {entry.text}"
    text = entry.text if len(entry.text) <= width else entry.text[: width - 1] + "…"
    if entry.kind == "interest":
        return f"interest declared by {name}: {text}"
    return f"{entry.kind}: {text}"


def split_due(body: str, today: date) -> tuple[str, str, str]:
    """Take a trailing ``by DATE`` / ``due DATE`` off an action: (text, ISO due, typed).

    ``due`` must be followed by a date. ``by`` counts only when what follows looks like a
    date ("by phone" stays part of the text); a date-like value that is not a real date is
    refused, never guessed.
    """
    matches = list(_DUE.finditer(body))
    if not matches:
        return body.strip(), "", ""
    last = matches[-1]
    marker, typed = last.group(1).lower(), body[last.end() :].strip().rstrip(".,;!")
    if marker == "by" and not looks_like_date(typed):
        return body.strip(), "", ""
    try:
        due = parse_date(typed, today)
    except DateError as exc:
        raise CaptureError(f"due date not saved: {exc}") from None
    return body[: last.start()].strip(), due.isoformat(), typed


class Meeting(AgendaChanges, Roll, Speakers, Chair, FollowUp, DecisionEdits, Review):
    """A session open for writing, plus the rules of the capture bar."""

    def __init__(
        self,
        writer: SessionWriter,
        clock: Callable[[], datetime] = datetime.now,
        prompt_config: dict | None = None,
    ):
        from facilitator.core.prompts import load_config

        self.writer = writer
        self.clock = clock
        self.prompt_config = prompt_config if prompt_config is not None else load_config()

    @property
    def session(self) -> Session:
        return self.writer.session

    @property
    def owners(self) -> Owners:
        return Owners.of(self.session.participants)

    # -- writes (each one atomic on disk, then the in-memory session is re-read from it)

    def _set_session(self, **fields: object) -> None:
        self.writer.update_where("session", fields)

    def _set_item(self, item_id: int, **fields: object) -> None:
        self.writer.update_where("agenda", fields, id=item_id)

    def _add(self, entry: Entry) -> Entry:
        self.start()  # the first entry starts the meeting's clock
        entry.seq = max((e.seq for e in self.session.entries), default=0) + 1
        self.writer.insert(_TABLE[entry.kind], entry)
        return entry

    # -- the meeting's course

    def start(self) -> str | None:
        """Mark the meeting live the first time it is run; returns a message if it was."""
        info = self.session.info
        if info.state != "upcoming":
            return None
        at = now_iso(self.clock)
        index = self._settle(info.current_item)  # never open on a deferred item
        self._set_session(state="live", started_at=at, current_item=index)
        self._enter(index, at)
        return "Meeting started"

    def _open_item(self, index: int, step: int) -> int | None:
        """The first item from ``index`` on (``step`` 1) or back (-1) that is not deferred."""
        agenda = self.session.agenda
        while 0 <= index < len(agenda):
            if not agenda[index].deferred_at:
                return index
            index += step
        return None

    def _settle(self, index: int) -> int:
        """Where the meeting is when it starts or resumes at ``index``: that item, or the next
        one not deferred, or failing that the last one before it not deferred."""
        agenda = self.session.agenda
        index = min(max(index, 0), max(len(agenda) - 1, 0))
        found = self._open_item(index, 1)
        if found is None:
            found = self._open_item(index - 1, -1)
        return index if found is None else found

    def _deferred_to(self, item: AgendaItem) -> str:
        """Which meeting a deferred item goes to, in words, as far as the data folder says."""
        from facilitator.core import carry
        from facilitator.core.store import SessionStore, StoreError

        try:  # the writer's folder is the data folder its session belongs to
            return carry.destination(SessionStore(self.writer.path.parent), self.session, item)
        except (OSError, StoreError):
            return "the next meeting"

    def _item_at(self, index: int) -> AgendaItem | None:
        agenda = self.session.agenda
        return agenda[index] if 0 <= index < len(agenda) else None

    def _enter(self, index: int, at: str) -> None:
        item = self._item_at(index)
        if item is not None:
            self._set_item(item.id, entered_at=at, started_at=item.started_at or at)

    def _leave(self, index: int, at: str) -> None:
        self._close_turn(at)  # a turn belongs to one item
        item = self._item_at(index)
        if item is not None and item.entered_at:
            spent = item.spent_seconds + seconds_between(item.entered_at, at)
            self._set_item(item.id, ended_at=at, entered_at="", spent_seconds=spent)

    def move_to(self, index: int, passed: str = "") -> Outcome:
        """Go to item ``index``; ``passed`` follows its title ("(passed over deferred …)")."""
        agenda = self.session.agenda
        if not 0 <= index < len(agenda):
            raise CaptureError(f"there is no item {index + 1} (the agenda has {len(agenda)})")
        if agenda[index].deferred_at:
            raise CaptureError(
                f"item {index + 1} ({_short(agenda[index].title)}) is deferred to "
                f"{self._deferred_to(agenda[index])}, not taken at this meeting"
            )
        self.start()
        at = now_iso(self.clock)
        old = self.session.info.current_item
        self._set_session(current_item=index)
        left = self._item_at(old)
        if old != index:
            self._leave(old, at)
            self._enter(index, at)
        item = self.session.agenda[index]
        message = f"Now on item {index + 1}: {item.title}{passed}"
        if old != index and left is not None and self._undecided(left):
            message += f" — ⚠ no decision was recorded on item {old + 1}"
        if item.kind == "decision" and not self.session.quorate:
            here = sum(1 for p in self.session.participants if self.session.here_now(p))
            message += (
                f" — ⚠ NOT QUORATE for this decision item: {here} present, "
                f"quorum {self.session.info.quorum}"
            )
        return Outcome(message, moved=True)

    def _undecided(self, item: AgendaItem) -> bool:
        """A decision item that is being left with no decision (and was not deferred)."""
        decided = any(d.item == item.id and not d.withdrawn for d in self.session.decisions)
        return item.kind == "decision" and not decided and not item.deferred_at

    def end(self) -> Outcome:
        at = now_iso(self.clock)
        self._set_session(state="ended", ended_at=at)
        self._leave(self.session.info.current_item, at)
        return Outcome("Meeting ended — the minutes are ready", ended=True)

    # -- the capture bar

    def capture(self, line: str) -> Outcome | None:
        """Carry out one typed line. ``None`` for a blank line.

        Raises CaptureError (bad command, unknown owner, bad date: nothing saved) or
        OSError (the disk refused the write: nothing saved)."""
        command = capture.parse(line)
        if command is None:
            return None
        if self.session.info.state == "ended" and not isinstance(command, capture.ReopenCmd):
            raise CaptureError("this meeting has ended — type /reopen to add to it")
        if isinstance(command, capture.ReopenCmd):
            return self.reopen()
        return self._dispatch(command)

    def _dispatch(self, command: capture.Command) -> Outcome:
        match command:
            case capture.NoteCmd(text):
                self.add_note(text)
                return Outcome("Note saved")
            case capture.DecisionCmd(body):
                return self.add_decision(body)
            case capture.ActionCmd(body):
                return self.add_action(body)
            case capture.MoveCmd(where, target):
                return self.move(where, target)
            case capture.UndoCmd():
                return self.undo()
            case capture.EndCmd():
                return self.end()
            case capture.AddItemCmd(title, minutes):
                return self.add_item(title, minutes)
            case capture.DeferCmd(target):
                return self.defer_item(target)
            case capture.ReorderCmd(item, to):
                return self.reorder_item(item, to)
            case capture.AttendanceCmd(status, who):
                return self.mark(status, who)
            case capture.InterestCmd(body):
                return self.declare(body)
            case capture.ChairCmd(name, arg):
                return self._chair(name, arg)
        raise CaptureError(f"cannot carry out {command!r}")  # pragma: no cover

    def _chair(self, name: str, arg: str) -> Outcome:
        handlers: dict[str, Callable[[], Outcome]] = {
            "speak": lambda: self.speak(arg),
            "stop": self.stop_speaking,
            "queue": lambda: self.enqueue(arg),
            "unqueue": lambda: self.dequeue(arg),
            "nextspeaker": self.next_speaker,
            "extend": lambda: self.extend_item(arg),
            "decide": self.decide_now,
            "dissent": lambda: self.dissent(arg),
            "dismiss": self.dismiss_prompt,
            "snooze": lambda: self.snooze_prompt(arg),
            "edit": self._no_form,
            "checklist": self._no_form,
            "link": lambda: self.link_action(arg),
            "unlink": self.unlink_action,
            **{v: (lambda v=v: self.follow_up(v, arg)) for v in VERBS},
        }
        return handlers[name]()

    def _no_form(self) -> Outcome:
        raise CaptureError("that opens a screen of the live meeting (F1 lists the keys)")

    def _require_item(self) -> int:
        """The id of the item what is captured now is filed under; never a deferred one."""
        agenda = self.session.agenda
        if not agenda:
            raise CaptureError("this meeting has no agenda items to record against")
        index = min(max(self.session.info.current_item, 0), len(agenda) - 1)
        if self.session.info.state == "upcoming":
            index = self._settle(index)  # where the first entry will start the meeting
        if agenda[index].deferred_at:
            raise CaptureError(
                f"item {index + 1} is deferred to the next meeting, so nothing is recorded "
                "under it — /goto N to record under another item, or /end"
            )
        return agenda[index].id

    def add_note(self, text: str) -> Entry:
        item = self._require_item()
        return self._add(Note(item=item, text=text, at=now_iso(self.clock)))

    def add_decision(self, body: str) -> Outcome:
        text, owner = split_owner(body, self.owners)
        d = read_details(text, self.day())
        item = self._require_item()
        self._add(
            Decision(
                item=item,
                text=d.text,
                owner=owner,
                at=now_iso(self.clock),
                how=d.how,
                votes_for=d.votes[0],
                votes_against=d.votes[1],
                votes_abstain=d.votes[2],
                status=d.status,
                review=d.review,
                review_text=d.review_text,
                confidential=d.confidential,
            )
        )
        who = f"owner: {owner}" if owner else "no owner yet (add @OWNER)"
        return Outcome(f"Decision saved — {who} · {d.echo()}")

    def day(self) -> date:
        """The day the meeting is held: relative dates ("friday", "in 2 weeks") count from
        it, also when the record is typed up on a later day. Today until it starts."""
        started = self.session.info.started_at
        return date.fromisoformat(started[:10]) if started else self.clock().date()

    def add_action(self, body: str) -> Outcome:
        text, owner = split_owner(body, self.owners)
        text, link = decision_links.take(text, self.session)
        text, due, due_text = split_due(text, self.day())
        if not text:
            raise CaptureError("an action needs its text: /action @OWNER TEXT [by DATE]")
        item = self._require_item()
        self._add(
            Action(
                item=item,
                text=text,
                owner=owner,
                due=due,
                due_text=due_text,
                at=now_iso(self.clock),
                decision=link.seq if link else 0,
            )
        )
        who = owner or "no owner yet (add @OWNER)"
        when = f"due {echo_date(date.fromisoformat(due))}" if due else "no due date (add 'by DATE')"
        if due and due < self.day().isoformat():
            when += " — ⚠ that date has already passed"
        return Outcome(f"Action saved — {who}, {when}{self._link_said(link, item)}")

    def _link_said(self, link: Decision | None, item: int) -> str:
        """The echo of an action's link, or how to make one where a decision is at hand."""
        if link is not None:
            name = decision_links.label(self.session, link.seq)
            return f" — carries out {name} '{_short(link.text)}' (/unlink to undo)"
        here = [d for d in self.session.decisions if d.item == item and not d.withdrawn]
        if not here:
            return ""
        name = decision_links.label(self.session, here[-1].seq)
        if here[-1].confidential:  # unlinked, it is not withheld with the decision
            return (
                f" — ⚠ not linked to the confidential decision {name}, so it will be in the "
                f"public minutes ('/link {name}' keeps it private)"
            )
        return f" — not linked to a decision ('/link {name}' links it)"

    def _last_action(self) -> Action:
        actions = [a for a in self.session.actions if not a.withdrawn]
        if not actions:
            raise CaptureError("no action has been recorded at this meeting yet")
        return max(actions, key=lambda a: a.seq)

    def link_action(self, wanted: str) -> Outcome:
        """``/link D2``: the last action recorded carries out decision D2."""
        action = self._last_action()
        decision = decision_links.find(self.session, wanted)
        self.writer.update_where("actions", {"decision": decision.seq}, seq=action.seq)
        name = decision_links.label(self.session, decision.seq)
        return Outcome(
            f"Action '{_short(action.text)}' now carries out {name} '{_short(decision.text)}'"
        )

    def unlink_action(self) -> Outcome:
        """``/unlink``: the last action recorded carries out no decision."""
        action = self._last_action()
        if not action.decision:
            raise CaptureError(f"the action '{_short(action.text)}' is not linked to a decision")
        self.writer.update_where("actions", {"decision": 0}, seq=action.seq)
        return Outcome(f"Action '{_short(action.text)}' is no longer linked to a decision")

    def move(self, where: str, target: str = "") -> Outcome:
        index = self.session.info.current_item
        last = len(self.session.agenda) - 1
        if where in ("next", "prev"):  # deferred items are passed over
            step = 1 if where == "next" else -1
            if (index >= last) if step == 1 else (index <= 0):
                raise CaptureError(
                    "this is the last item — /end closes the meeting"
                    if step == 1
                    else "this is the first item"
                )
            found = self._open_item(index + step, step)
            if found is None:
                raise CaptureError(
                    "the items after this one are deferred to the next meeting — /end closes "
                    "the meeting"
                    if step == 1
                    else "the items before this one are deferred to the next meeting"
                )
            passed = range(index + step, found, step)
            numbers = " and ".join(str(n + 1) for n in passed)
            plural = "s" if len(passed) > 1 else ""
            return self.move_to(
                found, f" (passed over deferred item{plural} {numbers})" if passed else ""
            )
        return self.move_to(self.find_item(target))

    def find_item(self, target: str) -> int:
        """An item by its number (1-based) or by a unique part of its title."""
        agenda = self.session.agenda
        if target.isascii() and target.isdigit() and len(target) <= 6:
            return int(target) - 1
        wanted = fold(target)
        hits = [i for i, item in enumerate(agenda) if wanted in fold(item.title)]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise CaptureError(f"no agenda item matches {target[:40]!r}")
        raise CaptureError(
            f"{target[:40]!r} matches items {', '.join(str(i + 1) for i in hits)} — use a number"
        )

    def undo(self) -> Outcome:
        live = [e for e in self.session.entries if not e.withdrawn]
        if not live:
            raise CaptureError("nothing to withdraw")
        entry = live[-1]
        put_back = ""
        if isinstance(entry, Note) and entry.changed:  # a follow-up: put the action back
            put_back = self.undo_follow_up(entry)  # first: if refused, nothing is withdrawn
        try:
            self.writer.update_where(
                _TABLE[entry.kind],
                {"withdrawn": True, "withdrawn_at": now_iso(self.clock)},
                seq=entry.seq,
            )
        except OSError as exc:
            if not put_back:
                raise
            return Outcome(  # the action's change is saved: say so, not "NOT SAVED"
                f"{put_back} — saved; but its note could NOT be marked withdrawn "
                f"({exc.strerror}): /undo again to withdraw it"
            )
        said = f"Withdrawn {describe(entry)} (kept in the record)"
        return Outcome(f"{said}; {put_back}" if put_back else said)

    def reopen(self) -> Outcome:
        if self.session.info.state != "ended":
            raise CaptureError("the meeting is not ended")
        left_at = self.session.info.current_item
        index = self._settle(left_at)  # where it was left, unless that item was deferred
        self._set_session(state="live", ended_at="", current_item=index)
        self._enter(index, now_iso(self.clock))
        if index == left_at:
            return Outcome("Meeting reopened")
        item = self.session.agenda[index]
        return Outcome(
            f"Meeting reopened — now on item {index + 1}: {item.title} (item {left_at + 1}, "
            "where it ended, is deferred)",
            moved=True,
        )
