"""Actions and decisions across every session: one record each, found through a small index.

An action lives in the session that raised it and nowhere else. The tracker, the CLI and a
later meeting's "matters arising" all read it from there and change it there (taking that
session's writer lock for a moment), with every change kept as an ``ActionUpdate``.

The index (``.index.json`` in the data folder) holds a small summary of each session and the
size and modification time of its file. A summary is reused only while the file is
unchanged, so the index is never trusted over the files; it only saves re-reading them.

Actions are referred to by a short code, ``S.N``: the session's place among its
partnership's sessions (by date) and the action's place among that session's actions.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import msgspec

from facilitator.core.dates import DateError, echo_date, parse_date
from facilitator.core.errors import UserError
from facilitator.core.files import read_text, remove_stale_temps
from facilitator.core.model import ActionUpdate, Participant, Session, SessionInfo
from facilitator.core.owners import Owners
from facilitator.core.public import withheld
from facilitator.core.store import SessionStore, SessionWriter, StoreError, dumps, write_atomic

INDEX = ".index.json"
LIST_INDEX = ".list.json"
INDEX_VERSION = 4  # 4: confidential rows follow the public minutes (public.withheld)
STALE_TEMP = 600.0  # seconds: an index's temp file older than this was left by a crash


def number_actions(session: Session, ordinal: int) -> dict[int, str]:
    """Action seq → ``S.N`` for a session that is its partnership's ``ordinal``-th."""
    ordered = sorted(session.actions, key=lambda a: a.seq)
    return {a.seq: f"{ordinal}.{n}" for n, a in enumerate(ordered, start=1)}



class TrackerError(UserError):
    """An update that cannot be made; one line for the user."""


@dataclass(frozen=True)
class Changed:
    """What an update did: in words, and each field it set as field, value before, value
    after in turn (read under the session's lock, so they are exactly what it replaced)."""

    said: str
    fields: list[str]


@dataclass
class ActionRow:
    session: str
    partnership: str
    session_date: str
    seq: int
    number: int  # its place among the session's actions
    text: str
    owner: str
    organisation: str
    due: str
    status: str
    item: str
    confidential: bool
    decision: str = ""
    code: str = ""  # S.N, filled in across the partnership

    def overdue(self, today: date) -> bool:
        return self.status == "open" and bool(self.due) and self.due < today.isoformat()

    def due_within(self, today: date, days: int) -> bool:
        end = (today + timedelta(days=days)).isoformat()
        return self.status == "open" and bool(self.due) and today.isoformat() <= self.due <= end


@dataclass
class DecisionRow:
    session: str
    partnership: str
    session_date: str
    seq: int
    text: str
    owner: str
    how: str
    votes: str
    status: str
    review: str
    dissent: str
    confidential: bool
    item: str


@dataclass
class Summary:
    info: dict[str, Any]
    actions: list[ActionRow] = field(default_factory=list)
    decisions: list[DecisionRow] = field(default_factory=list)


def summarise(session: Session) -> Summary:
    info = session.info
    items = {i.id: i for i in session.agenda}
    orgs = {p.name: p.organisation for p in session.participants}
    decisions = {d.seq: d for d in session.decisions}
    secret = withheld(session)  # the public minutes' rule, so every output agrees
    actions = []
    for number, a in enumerate(sorted(session.actions, key=lambda a: a.seq), start=1):
        if a.withdrawn:
            continue
        item = items.get(a.item)
        linked = decisions.get(a.decision) if a.decision else None
        actions.append(
            ActionRow(
                session=info.id,
                partnership=info.partnership,
                session_date=info.date,
                seq=a.seq,
                number=number,
                text=a.text,
                owner=a.owner,
                organisation=orgs.get(a.owner, a.owner),
                due=a.due,
                status=a.status,
                item=item.title if item else "",
                confidential=secret.action(a),
                decision=linked.text if linked else "",
            )
        )
    decided = [
        DecisionRow(
            session=info.id,
            partnership=info.partnership,
            session_date=info.date,
            seq=d.seq,
            text=d.text,
            owner=d.owner,
            how=d.how,
            votes=f"{d.votes_for}-{d.votes_against}-{d.votes_abstain}" if d.how == "vote" else "",
            status=d.status,
            review=d.review,
            dissent=d.dissent,
            confidential=secret.decision(d),
            item=items[d.item].title if d.item in items else "",
        )
        for d in session.decisions
        if not d.withdrawn
    ]
    return Summary(listing(session), actions, decided)


def listing(session: Session) -> dict[str, Any]:
    """What a list of sessions shows of one: id, title, partnership, date, state, venue,
    chair, whether it recorded a whole-partnership checklist review, and whether it is a
    Compact Steering Group meeting (the nudges read it)."""
    keep = ("id", "title", "partnership", "date", "state", "venue", "chair")
    found = {k: getattr(session.info, k) for k in keep}
    found["reviewed"] = any(not a.sector for a in session.checklist)
    found["steering_group"] = session.info.steering_group  # (an older index lacks it: False)
    return found


class Archive:
    """Every session's summary, kept fresh by file size and modification time.

    Two indexes: ``.index.json`` has each session's summary with its actions and decisions,
    for the tracker; ``.list.json`` has only what a list of sessions shows, so that listing a
    large archive (the home screen, ``facilitator sessions``) never loads every action.
    """

    def __init__(self, store: SessionStore) -> None:
        self.store = store
        self.problems: list[str] = []

    def _stamp(self, session_id: str) -> list[int] | None:
        try:
            st = os.stat(self.store.path_for(session_id))
        except OSError:
            return None
        return [st.st_mtime_ns, st.st_size]

    def _read_index(self, name: str) -> dict[str, Any]:
        try:
            data = json.loads(read_text(self.store.root / name))
        except (OSError, ValueError, RecursionError):  # missing, damaged (or nested too
            # deep to read), a FIFO or a link: rebuilt from the session files
            return {}
        if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
            return {}
        sessions = data.get("sessions")
        return sessions if isinstance(sessions, dict) else {}

    def _cached(
        self, name: str, derive: Callable[[Session], Any], load: Callable[[Any], Any]
    ) -> dict[str, Any]:
        """Session id → ``load(derive(session))`` for every readable session, taken from the
        index file ``name`` while the session's file is unchanged, else derived from the
        file and the index rewritten."""
        cached = self._read_index(name)
        fresh: dict[str, Any] = {}
        found: dict[str, Any] = {}
        changed = False
        self.store.clean_temp_files()
        remove_stale_temps(self.store.root, {name}, older_than=STALE_TEMP)
        for problem in self.store.odd_files():
            if problem.message not in self.problems:
                self.problems.append(problem.message)
        for session_id in self.store.session_ids():
            stamp = self._stamp(session_id)  # before reading: a save meanwhile shows next time
            entry = cached.get(session_id)
            usable = isinstance(entry, dict) and entry.get("stamp") == stamp
            value = _loaded(load, entry) if usable else None
            if value is None:
                try:
                    derived = derive(self.store.load(session_id))
                except StoreError as exc:
                    if str(exc) not in self.problems:
                        self.problems.append(str(exc))
                    continue
                changed = True
                entry = {"stamp": stamp, "summary": derived}
                value = load(derived)
            fresh[session_id] = entry
            found[session_id] = value
        if changed or set(fresh) != set(cached):
            with contextlib.suppress(OSError):  # derived data: never worth failing for (a
                # FIFO or link at its path is left alone: write_atomic refuses it)
                write_atomic(
                    self.store.root / name, dumps({"version": INDEX_VERSION, "sessions": fresh})
                )
        return found

    def listings(self) -> list[dict[str, Any]]:
        """Each session's :func:`listing`, from the small index."""
        self.problems = []
        return list(self._cached(LIST_INDEX, listing, _listing_from_cache).values())

    def peek_listings(self) -> list[dict[str, Any]]:
        """What :meth:`listings` gives, for a reader that must change nothing (the room
        view): the list index where it is fresh, else the session file itself; the index is
        never rewritten and no temp file or lock is touched."""
        cached = self._read_index(LIST_INDEX)
        found = []
        for session_id in self.store.session_ids():
            entry = cached.get(session_id)
            fresh = isinstance(entry, dict) and entry.get("stamp") == self._stamp(session_id)
            value = _loaded(_listing_from_cache, entry) if fresh else None
            if value is None:
                try:
                    value = listing(self.store.peek(session_id))
                except StoreError:
                    continue
            found.append(value)
        return found

    def summaries(self) -> list[Summary]:
        self.problems = []
        found = list(
            self._cached(INDEX, lambda s: _to_cache(summarise(s)), _from_cache).values()
        )
        _number(found)
        return found

    def actions(self) -> list[ActionRow]:
        rows = [a for s in self.summaries() for a in s.actions]
        return sorted(rows, key=lambda a: (a.due or "9999", a.session_date, a.seq))

    def decisions(self) -> list[DecisionRow]:
        rows = [d for s in self.summaries() for d in s.decisions]
        return sorted(rows, key=lambda d: (d.session_date, d.seq), reverse=True)


def _to_cache(summary: Summary) -> dict[str, Any]:
    return {
        "info": summary.info,
        "actions": [dict(vars(a)) for a in summary.actions],
        "decisions": [dict(vars(d)) for d in summary.decisions],
    }


_INFO_KEYS = ("id", "title", "partnership", "date", "state")


def _loaded(load: Callable[[Any], Any], entry: Any) -> Any:
    """A cached entry through ``load``, or None if anything about it is not as written (a
    hand-edited or damaged index is rebuilt from the files, never trusted)."""
    try:
        return load(entry["summary"])
    except (KeyError, TypeError, AttributeError, ValueError):
        return None


def _listing_from_cache(info: Any) -> dict[str, Any]:
    if not isinstance(info, dict) or not all(isinstance(info.get(k), str) for k in _INFO_KEYS):
        raise ValueError("not a listing")
    return info


def _from_cache(data: dict[str, Any]) -> Summary:
    """A cached summary, its rows checked by msgspec against ActionRow and DecisionRow (the
    same library and the same exact types as a session's records): any value not of its
    field's type raises a ValueError, and the summary is derived from the file again."""
    info = _listing_from_cache(data["info"])
    actions = msgspec.convert(data["actions"], list[ActionRow])
    decisions = msgspec.convert(data["decisions"], list[DecisionRow])
    return Summary(info, actions, decisions)


def _number(summaries: list[Summary]) -> None:
    """Give every action its S.N code within its partnership."""
    by_partnership: dict[str, list[Summary]] = {}
    for s in summaries:
        by_partnership.setdefault(s.info["partnership"], []).append(s)
    for group in by_partnership.values():
        group.sort(key=lambda s: (s.info["date"], s.info["id"]))
        for ordinal, s in enumerate(group, start=1):
            for a in s.actions:
                a.code = f"{ordinal}.{a.number}"


def partnership_sessions(store: SessionStore, partnership: str, *, but: str = "") -> list[Session]:
    """The sessions of one partnership (all but ``but``), found through the summary index and
    read in full: opening one meeting never parses the whole archive."""
    ids = [
        info["id"]
        for info in Archive(store).listings()
        if info["partnership"] == partnership and info["id"] != but
    ]
    found = []
    for session_id in ids:
        try:
            found.append(store.load(session_id))
        except StoreError:
            continue  # reported where the archive is listed
    return found


def place(listings: list[dict[str, Any]], info: SessionInfo) -> int:
    """Where a session stands among its partnership's sessions by date, from
    :meth:`Archive.listings` (1: the first): the S of its actions' ``S.N`` codes."""
    me = (info.date, info.id)
    return 1 + sum(
        1
        for i in listings
        if i["partnership"] == info.partnership and i["id"] != info.id and (i["date"], i["id"]) < me
    )


def review_gap(listings: list[dict[str, Any]], current: dict[str, Any]) -> tuple[int, str]:
    """(meetings of the partnership before ``current`` since its last checklist review,
    that review's date or ""), from :meth:`Archive.listings`."""
    earlier = sorted(
        (
            info
            for info in listings
            if info["partnership"] == current["partnership"]
            and (info["date"], info["id"]) < (current["date"], current["id"])
        ),
        key=lambda i: (i["date"], i["id"]),
    )
    for back, info in enumerate(reversed(earlier)):
        if info.get("reviewed"):
            return back, info["date"][:10]
    return len(earlier), ""


def find_action(rows: list[ActionRow], code: str, partnership: str) -> ActionRow:
    hits = [r for r in rows if r.code == code.strip() and r.partnership == partnership]
    if not hits:
        raise TrackerError(f"no action {code.strip()[:20]!r} in this partnership")
    return hits[0]


# --------------------------------------------------------------------------- changes


def update_action(
    store: SessionStore,
    row: ActionRow,
    *,
    status: str = "",
    due: str = "",
    owner: str = "",
    note: str = "",
    where: str = "",
    clock: Callable[[], datetime] = datetime.now,
    writer: SessionWriter | None = None,
    people: list[Participant] | None = None,
) -> Changed:
    """Change the one record of an action, in the session that raised it; returns what
    changed. ``writer`` is used when it is that session's (it holds the lock)."""
    with _writer_of(store, row.session, writer) as target:
        return _apply(target, row, status, due, owner, note, where, clock, people or [])


@contextlib.contextmanager
def _writer_of(
    store: SessionStore, session_id: str, writer: SessionWriter | None
) -> Iterator[SessionWriter]:
    """``writer`` if it is that session's (it holds the lock), else that session's own,
    held only for the change."""
    if writer is not None and writer.session.info.id == session_id:
        yield writer
        return
    target = store.writer(session_id)
    try:
        yield target
    finally:
        target.close()


def revert_action(
    store: SessionStore,
    session_id: str,
    seq: int,
    changed: list[tuple[str, str, str]],
    *,
    where: str = "",
    clock: Callable[[], datetime] = datetime.now,
    writer: SessionWriter | None = None,
) -> str:
    """Put back what a follow-up changed (``/undo``): each (field, before, after) whose value
    is still ``after``; one changed since by someone else is left as it is, and said so. A
    change in the action's history like any other; returns what happened in words."""
    with _writer_of(store, session_id, writer) as target:
        action = next((a for a in target.session.actions if a.seq == seq), None)
        if action is None:
            raise TrackerError("that action is no longer in its session")
        show = {"due": _show}
        fields, said = {}, []
        for name, before, after in changed:
            now = getattr(action, name)
            shown = show.get(name, _or_none)
            if now == after:
                fields[name] = before
                if name != "due_text":  # the words typed for a date go with it, unsaid
                    said.append(f"{name}: {shown(now)} → {shown(before)}")
            elif now != before and name != "due_text":
                said.append(f"{name} left as {shown(now)} (changed since)")
        at = clock().isoformat(timespec="seconds")
        if fields:
            target.update_where("actions", {**fields, "updated_at": at}, seq=seq)
        words = "; ".join(said) or "nothing to put back"
        undone = ActionUpdate(action=seq, at=at, change=f"undone: {words}", where=where)
        target.insert("action_updates", undone)
        return words


def _or_none(value: str) -> str:
    return value or "none"


def _apply(
    writer: SessionWriter,
    row: ActionRow,
    status: str,
    due: str,
    owner: str,
    note: str,
    where: str,
    clock: Callable[[], datetime],
    people: list[Participant],
) -> Changed:
    action = next((a for a in writer.session.actions if a.seq == row.seq), None)
    if action is None:
        raise TrackerError("that action is no longer in its session")
    at = clock().isoformat(timespec="seconds")
    fields: dict[str, Any] = {}
    said = []
    if status:
        if status not in ("open", "done", "dropped"):
            raise TrackerError("an action is open, done or dropped")
        fields["status"] = status
        said.append(f"status: {action.status} → {status}")
    if due:
        try:
            when = parse_date(due, clock().date())
        except DateError as exc:
            raise TrackerError(f"new date not saved: {exc}") from None
        fields["due"], fields["due_text"] = when.isoformat(), due
        said.append(f"due: {_show(action.due)} → {echo_date(when)}")
    if owner:
        everyone = [*writer.session.participants, *people]  # then, or at this meeting
        name, used = Owners.of(everyone).resolve(owner.split())
        if used != len(owner.split()):
            raise TrackerError(f"{owner!r} is more than an owner")
        fields["owner"] = name
        said.append(f"owner: {action.owner or 'none'} → {name}")
    if not said and not note:
        raise TrackerError("nothing to change")
    replaced = [v for k, new in fields.items() for v in (k, getattr(action, k), new)]
    if fields:
        writer.update_where("actions", {**fields, "updated_at": at}, seq=row.seq)
    for change in said or ["note"]:
        writer.insert(
            "action_updates",
            ActionUpdate(action=row.seq, at=at, change=change, note=note, where=where),
        )
    return Changed("; ".join(said) or f"note added: {note}", replaced)


def _show(iso: str) -> str:
    return echo_date(date.fromisoformat(iso)) if iso else "none"
