"""When the agenda pack and the minutes were produced for circulation (the ``circulation``
table): one record each time a pack or the minutes are written out to be sent.

The papers-deadline check reads :func:`agenda_circulated`: notice is given when the agenda
pack first goes out, so a pack produced again later (a correction) does not move it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from facilitator.core.model import Circulation, Session


class _Writer(Protocol):  # a SessionWriter (core/store.py), as far as this module uses it
    def insert(self, table: str, obj: Circulation) -> int: ...


def record_circulation(
    writer: _Writer,
    what: str,
    fmt: str,
    *,
    public: bool,
    at: datetime,
    to: Sequence[str] = (),
) -> Circulation:
    """Record that ``what`` ('agenda' | 'minutes') was produced in ``fmt`` at ``at``
    (public or full, and for whom if it was a draft email); returns the record written."""
    record = Circulation(
        what=what,
        at=at.replace(microsecond=0, tzinfo=None).isoformat(),
        format=fmt,
        public=public,
        to=list(to),
    )
    writer.insert("circulation", record)
    return record


def circulated(session: Session, what: str) -> list[Circulation]:
    """Every time ``what`` was produced for circulation, earliest first."""
    return sorted((c for c in session.circulation if c.what == what), key=lambda c: c.at)


def agenda_circulated(session: Session) -> date | None:
    """The day the agenda pack first went out, or None if it has not been produced yet."""
    found = circulated(session, "agenda")
    return datetime.fromisoformat(found[0].at).date() if found else None
