"""Starting points for a new session: the built-in templates, and "like this one".

Templates are agenda TOML files shipped in ``facilitator/data/templates/`` with a
``description`` and the clauses they draw on (``cites``, ids in ``clauses.toml``); their items
are checked exactly like an agenda file's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from facilitator.core import shipped
from facilitator.core.agenda import AgendaError, agenda_from_dict
from facilitator.core.clauses import cite
from facilitator.core.files import parse_toml
from facilitator.core.model import AgendaItem, Session, SessionInfo
from facilitator.core.text import fold

_FOLDER = "templates"


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    description: str
    sources: str  # the clauses cited, named: "Gloucestershire Compact 5.6, 5.12; …"
    items: list[dict[str, Any]]
    cites: tuple[str, ...] = ()
    steering_group: bool = False  # its sessions are Compact Steering Group meetings


def templates() -> dict[str, Template]:
    found = {}
    for entry in sorted((shipped.DATA / _FOLDER).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = parse_toml(entry.read_text(encoding="utf-8"))
            name = entry.name.removesuffix(".toml")
            cites = tuple(data["cites"])
            found[name] = Template(
                name,
                data["title"],
                data["description"],
                cite(cites, words=False),
                data["items"],
                cites,
                data.get("steering_group") is True,
            )
    return found


def from_template(
    name: str, *, partnership: str, today: dt.date, title: str = "", date: str = ""
) -> Session:
    """A new session from a built-in template (AgendaError if anything is wrong)."""
    known = templates()
    if name not in known:
        raise AgendaError(f"no template {name!r}; there are: {', '.join(known)}")
    template = known[name]
    data: dict[str, Any] = {
        "title": title or template.title,
        "partnership": partnership,
        "items": template.items,
    }
    if template.steering_group:
        data["steering_group"] = True
    if date:
        data["date"] = date
    return agenda_from_dict(data, today)


# the items a partnership's meetings have every time, found by their titles (folded: any case
# or accents): welcome and apologies, declarations of interest, minutes of the last meeting and
# matters arising, any other business, date of the next meeting
_USUAL = re.compile(
    r"\b(welcome|apologies|declarations?|minutes|matters arising|any other business|aob"
    r"|next meeting)\b"
)


def usual_item(item: AgendaItem) -> bool:
    """An item that comes back every meeting: marked ``standing``, or one of the usual
    standing items by its title."""
    return item.standing or bool(_USUAL.search(fold(item.title)))


def carriable(previous: Session) -> list[tuple[int, AgendaItem]]:
    """(number on its agenda, item) for each item of ``previous`` that a session like it can
    carry: all but the deferred ones, which come over as deferred items (carry.py)."""
    return [(n, i) for n, i in enumerate(previous.agenda, 1) if not i.deferred_at]


def usual_items(previous: Session) -> list[int]:
    """The numbers of the items carried unless others are picked: the usual ones."""
    return [n for n, item in carriable(previous) if usual_item(item)]


def like(
    previous: Session,
    *,
    date_iso: str = "",
    date_text: str = "",
    title: str = "",
    items: Sequence[int] | None = None,
) -> Session:
    """A new session like ``previous``: its partnership, venue, chair, secretary and
    participants (attendance and apologies cleared, no one new), and the items numbered
    ``items`` on its agenda (1 is the first; None: :func:`usual_items`). AgendaError for a
    number that is not an item there, or one deferred (it comes over by itself)."""
    info = previous.info
    people = [
        msgspec.structs.replace(p, new=False, apologies=False, attendance="")
        for p in previous.participants
    ]
    wanted = usual_items(previous) if items is None else list(items)
    count = len(previous.agenda)
    for n in wanted:
        if not 1 <= n <= count:
            raise AgendaError(f"there is no item {n} on that agenda (it has {count})")
        if previous.agenda[n - 1].deferred_at:
            raise AgendaError(
                f"item {n} was deferred: it comes over by itself, as a deferred item"
            )
    picked = [previous.agenda[n - 1] for n in sorted(set(wanted))]
    carried = [
        AgendaItem(
            title=i.title,
            minutes=i.minutes,
            lead=i.lead,
            kind=i.kind,
            confidential=i.confidential,
            exempt_reason=i.exempt_reason,  # a standing exempt item: the same reason
            standing=i.standing,
            id=n,
            position=n,
        )
        for n, i in enumerate(picked)
    ]
    return Session(
        info=SessionInfo(
            id="",
            title=" ".join(title.split()) or info.title,  # one line, as a file must hold
            partnership=info.partnership,
            date=date_iso,
            date_text=date_text,
            venue=info.venue,
            chair=info.chair,
            secretary=info.secretary,
            joining=info.joining,  # the pack's details: the same link, the same inbox
            apologies_to=info.apologies_to,
            quorum=info.quorum,
            steering_group=info.steering_group,  # the steering group meets again
            nation=info.nation,  # the papers deadline's bank holidays and rule go on
            papers_days=info.papers_days,
        ),
        participants=[msgspec.structs.replace(p, id=n) for n, p in enumerate(people)],
        agenda=carried,
    )
