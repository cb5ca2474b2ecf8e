"""Search across every session's titles, notes, decisions and actions."""

from __future__ import annotations

from datetime import date

import msgspec

from facilitator.core.model import Session
from facilitator.core.text import fold


class Hit(msgspec.Struct, frozen=True):
    session: str
    date: str
    partnership: str
    meeting: str
    kind: str  # title | item | note | decision | action
    item: int  # 1-based item number, 0 for the meeting's own title
    item_title: str
    text: str


def search(
    sessions: list[Session],
    query: str,
    *,
    partnership: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[Hit]:
    """Every place all the words of ``query`` appear (any case, accents ignored: "sian"
    finds Siân), newest meeting first."""
    words = fold(query).split()
    if not words:
        return []
    hits: list[Hit] = []
    for s in sessions:
        info = s.info
        day = info.date[:10]
        if partnership and fold(partnership) not in fold(info.partnership):
            continue
        if date_from and day < date_from.isoformat() or date_to and day > date_to.isoformat():
            continue
        hits += _hits(s, words)
    return sorted(hits, key=lambda h: (h.date, h.session), reverse=True)


def places(s: Session) -> list[tuple[str, int, str, str]]:
    """Where a search looks in a session, in the order its hits are listed: (kind, item
    number, item title, text) for its title (item 0), each agenda item, and each note,
    decision and action not withdrawn. The one list for :func:`search` and the review
    index (core/review_index.py), so both find exactly the same."""
    numbers = {i.id: (n, i.title) for n, i in enumerate(s.agenda, 1)}
    found: list[tuple[str, int | None, str]] = [("title", None, s.info.title)]
    found += [("item", item.id, item.title) for item in s.agenda]
    for kind, entries in (("note", s.notes), ("decision", s.decisions), ("action", s.actions)):
        found += [(kind, e.item, e.text) for e in entries if not e.withdrawn]
    listed = []
    for kind, item_id, text in found:
        number, title = numbers.get(item_id, (0, "")) if item_id is not None else (0, "")
        listed.append((kind, number, title, text))
    return listed


def _hits(s: Session, words: list[str]) -> list[Hit]:
    info = s.info
    found = []
    for kind, number, title, text in places(s):
        folded = fold(text)
        if all(w in folded for w in words):
            found.append(
                Hit(
                    info.id, info.date[:10], info.partnership, info.title, kind, number, title, text
                )
            )
    return found
