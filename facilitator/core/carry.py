"""Items deferred to the next meeting arrive there.

An item deferred with ``/defer`` belongs on the next meeting of the same partnership: the
first session after it that has not been held. It is pulled in when that session is created
or opened for planning or running (whichever comes first), marked as deferred from the
earlier meeting. The earlier session is never rewritten; an item is known to have arrived
because the later session records where it came from, so it arrives exactly once.
"""

from __future__ import annotations

import msgspec

from facilitator.core.dates import show_when
from facilitator.core.model import AgendaItem, Session
from facilitator.core.patterns import lazy
from facilitator.core.store import SessionStore, SessionWriter, StoreError
from facilitator.core.tracker import partnership_sessions

_MATTERS = lazy(r"(?i)matters\s+arising")


def is_matters_arising(item: AgendaItem) -> bool:
    """The item where earlier meetings' actions are followed up (the minutes' matters
    arising table; carry.py adds one to a new meeting with open actions)."""
    return bool(_MATTERS.search(item.title))


_CLOSING = lazy(r"(?i)any other business|\baob\b|date of (the )?next meeting")


def _split(key: str) -> tuple[str, int]:
    """'3:2026-11-02-board' → ('2026-11-02-board', 3)."""
    number, _, session_id = key.partition(":")
    return session_id, int(number) if number.isdigit() and len(number) < 7 else -1


def _key(session: Session) -> tuple[str, str]:
    return (session.info.date, session.info.id)


def next_meeting(sessions: list[Session], source: Session) -> Session | None:
    """The first session of the same partnership after ``source`` that is not yet held."""
    later = [
        s
        for s in sessions
        if s.info.partnership == source.info.partnership
        and s.info.id != source.info.id
        and s.info.state != "ended"
        and _key(s) > _key(source)
    ]
    return min(later, key=_key, default=None)


def pending_for(sessions: list[Session], target: Session) -> list[AgendaItem]:
    """Deferred items that belong on ``target`` and are not on any session yet."""
    everyone = {s.info.id: s for s in sessions}
    everyone[target.info.id] = target
    arrived = {  # on an agenda now, or brought in once and since removed by the user
        (item.deferred_from, item.deferred_from_item)
        for s in everyone.values()
        for item in s.agenda
        if item.deferred_from
    } | {_split(key) for s in everyone.values() for key in s.info.carried}
    pending = []
    for source in everyone.values():
        if source.info.id == target.info.id:
            continue
        found = next_meeting(list(everyone.values()), source)
        if found is None or found.info.id != target.info.id:
            continue
        for item in source.agenda:
            if item.deferred_at and (source.info.id, item.id) not in arrived:
                pending.append(_carried(item, source))
    return pending


def _carried(item: AgendaItem, source: Session) -> AgendaItem:
    """A fresh copy for the next meeting, remembering where it came from."""
    return msgspec.structs.replace(
        AgendaItem(title=item.title),
        minutes=item.minutes,
        lead=item.lead,
        kind=item.kind,
        confidential=item.confidential,
        exempt_reason=item.exempt_reason,
        papers_circulated=item.papers_circulated,
        standing=item.standing,
        deferred_from=source.info.id,
        deferred_from_item=item.id,
        deferred_from_date=source.info.date,
    )


def pull_into(writer: SessionWriter, sessions: list[Session]) -> list[str]:
    """Add the deferred items that belong on the writer's session; returns their titles."""
    session = writer.session
    if session.info.state == "ended":
        return []
    items = pending_for(sessions, session)
    if not items:
        return []
    order = session.agenda
    at = next((n for n, i in enumerate(order) if _CLOSING.search(i.title)), len(order))
    if session.info.state == "live":
        at = max(at, session.info.current_item + 1)
    keys = [f"{i.deferred_from_item}:{i.deferred_from}" for i in items]
    writer.update_where("session", {"carried": [*session.info.carried, *keys]})
    for offset, item in enumerate(items):
        writer.insert_item(item, at + offset)
    return [i.title for i in items]


_OPENING = lazy(r"(?i)welcome|apolog|declaration|minutes of")


def ensure_matters_arising(session: Session, earlier: list[Session]) -> None:
    """A new session of a partnership with open actions starts with "Matters arising", where
    those actions are followed up (after the welcome, apologies and last minutes)."""
    partnership = session.info.partnership
    open_actions = any(
        a.status == "open" and not a.withdrawn
        for s in earlier
        if s.info.partnership == partnership and s.info.date < session.info.date
        for a in s.actions
    )
    if not open_actions or any(is_matters_arising(i) for i in session.agenda):
        return
    at = 0
    while at < len(session.agenda) and _OPENING.search(session.agenda[at].title):
        at += 1
    item = AgendaItem(title="Matters arising", minutes=10, kind="discussion", standing=True)
    session.agenda.insert(at, item)
    for n, i in enumerate(session.agenda):
        i.id, i.position = n, n


def create(store: SessionStore, session: Session) -> tuple[str, list[str]]:
    """Create a session and bring in what was deferred to it: (id, titles brought in)."""
    sessions = partnership_sessions(store, session.info.partnership)
    ensure_matters_arising(session, sessions)
    session_id = store.create(session)
    writer = store.writer(session_id)
    try:
        return session_id, pull_into(writer, sessions)
    finally:
        writer.close()


def destination(store: SessionStore, source: Session, item: AgendaItem) -> str:
    """Which meeting ``item``, deferred at ``source``, goes to, in words: the meeting that
    holds it now, else the next meeting it will join, else "the next meeting" still to be
    planned."""
    sessions = partnership_sessions(store, source.info.partnership)
    for s in sorted(sessions, key=_key):
        if any(
            i.deferred_from == source.info.id and i.deferred_from_item == item.id
            for i in s.agenda
        ):
            return f"the meeting of {show_when(s.info.date)} ({s.info.id})"
    target = next_meeting(sessions, source)
    if target is not None:
        return f"the next meeting, {target.info.id}"
    return "the next meeting (not yet planned)"


def deliver(store: SessionStore, source: Session) -> str:
    """After a deferral: put the item on the next meeting now if it exists and is free.
    Returns a sentence saying where it went (or will go)."""
    sessions = partnership_sessions(store, source.info.partnership)
    target = next_meeting(sessions, source)
    if target is None:
        return "it will be added to the next meeting of this partnership when that is created"
    later = f"it will join the next meeting ({target.info.id}) when that is next opened"
    try:
        writer = store.writer(target.info.id)
    except StoreError:
        return later
    try:
        pull_into(writer, sessions)
    except OSError as exc:  # the deferral itself is saved; the next meeting pulls it in
        return f"{later} (its file could not be written now: {exc.strerror or exc})"
    finally:
        writer.close()
    return f"added to the next meeting, {target.info.id}"
