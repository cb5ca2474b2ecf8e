"""Starting points for a new session: the built-in templates, and "like this one".

Templates are agenda TOML files shipped in ``facilitator/data/templates/`` with a
``description`` and the clauses they draw on (``cites``, ids in ``clauses.toml``); their items
are checked exactly like an agenda file's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from facilitator.core.agenda import AgendaError, agenda_from_dict
from facilitator.core.clauses import cite
from facilitator.core.model import AgendaItem, Session, SessionInfo

_FOLDER = "data/templates"


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    description: str
    sources: str  # the clauses cited, named: "Gloucestershire Compact 5.6, 5.12; …"
    items: list[dict[str, Any]]
    cites: tuple[str, ...] = ()


def templates() -> dict[str, Template]:
    found = {}
    for entry in sorted(
        resources.files("facilitator").joinpath(_FOLDER).iterdir(), key=lambda e: e.name
    ):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            name = entry.name.removesuffix(".toml")
            cites = tuple(data["cites"])
            found[name] = Template(
                name,
                data["title"],
                data["description"],
                cite(cites, words=False),
                data["items"],
                cites,
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
    if date:
        data["date"] = date
    return agenda_from_dict(data, today)


def like(previous: Session, *, date_iso: str = "", date_text: str = "", title: str = "") -> Session:
    """A new session like ``previous``: its partnership, venue, chair, secretary and
    participants (attendance and apologies cleared, no one new), and its standing items."""
    info = previous.info
    people = [
        dataclasses.replace(p, new=False, apologies=False, attendance="")
        for p in previous.participants
    ]
    # a deferred standing item comes over as the deferred one (carry.py), not twice
    standing = [i for i in previous.agenda if i.standing and not i.deferred_at]
    items = [
        AgendaItem(
            title=i.title,
            minutes=i.minutes,
            lead=i.lead,
            kind=i.kind,
            confidential=i.confidential,
            standing=True,
            id=n,
            position=n,
        )
        for n, i in enumerate(standing)
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
            quorum=info.quorum,
        ),
        participants=[dataclasses.replace(p, id=n) for n, p in enumerate(people)],
        agenda=items,
    )
