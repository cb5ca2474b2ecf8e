"""The clauses of the five compacts facilitator is built from, and what in it serves each.

``facilitator/data/clauses.toml`` holds every meeting-relevant clause of the seed documents:
its id, its compact, its reference as the document numbers it, a short summary in the
document's own words, and what serves it (or why nothing does). Chair prompts, the built-in
checklists and the templates cite clauses by id, and the words a citation shows are made
here from the map, so a citation says what the map says the clause says.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import msgspec

from facilitator.core import shipped


class UnknownClause(KeyError):
    """A citation names a clause id that is not in the map."""

    def __str__(self) -> str:
        return f"no clause {self.args[0]!r} in facilitator/data/clauses.toml"


class Compact(msgspec.Struct, frozen=True):
    key: str  # "gloucestershire"
    title: str  # the document's full title
    cite: str  # how a citation names it: "Gloucestershire Compact"
    seed: str  # its file among the seed documents


class Clause(msgspec.Struct, frozen=True):
    id: str  # "gloucestershire-5.6"
    compact: Compact
    ref: str  # as the document numbers it: "5.6", "joint undertaking 3", "2.1 Openness"
    summary: str  # short; words in double quotes are the document's own
    served_by: tuple[str, ...] = ()  # "prompt:start_openness", "field:Participant.role", …
    not_served: str = ""  # why nothing serves it
    note: str = ""  # how far the service goes, where it is partial

    @property
    def label(self) -> str:
        """The clause named as a citation does: "Gloucestershire Compact 5.6",
        "Wiltshire Compact, joint undertaking 8"."""
        return f"{self.compact.cite}{' ' if self.ref[:1].isdigit() else ', '}{self.ref}"


class ClauseMap(msgspec.Struct, frozen=True):
    compacts: dict[str, Compact]
    clauses: dict[str, Clause]  # by id, in the file's order


@cache
def clause_map() -> ClauseMap:
    """The shipped map (read once, on first use)."""
    data = shipped.toml("clauses.toml")
    compacts = {key: Compact(key, **fields) for key, fields in data["compacts"].items()}
    clauses: dict[str, Clause] = {}
    for fields in data["clauses"]:
        fields = dict(fields)
        compact = compacts[fields.pop("compact")]
        served = tuple(fields.pop("served_by", ()))
        clauses[fields["id"]] = Clause(compact=compact, served_by=served, **fields)
    return ClauseMap(compacts, clauses)


def clause(clause_id: str) -> Clause:
    try:
        return clause_map().clauses[clause_id]
    except KeyError:
        raise UnknownClause(clause_id) from None


def cite(clause_ids: Iterable[str], words: bool = True) -> str:
    """The citation shown for ``clause_ids``: each clause's label and, with ``words``, its
    summary; a clause of the same compact as the one before gives only its reference.

    >>> cite(["gloucestershire-5.7", "gloucestershire-5.13"], words=False)
    'Gloucestershire Compact 5.7, 5.13'
    """
    parts: list[str] = []
    before: Compact | None = None
    for c in map(clause, clause_ids):
        head = c.ref if c.compact is before else c.label
        if words:
            parts.append(f"{'; ' if parts else ''}{head}: {c.summary}")
        else:
            parts.append(f"{', ' if c.compact is before else '; ' if parts else ''}{head}")
        before = c.compact
    return "".join(parts)
