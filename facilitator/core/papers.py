"""An agenda item's papers (the ``papers`` table), as the plan screen edits them: one line a
paper, ``title | file name or link | date circulated``, the last two optional."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from facilitator.core.dates import DateError, parse_date
from facilitator.core.errors import UserError
from facilitator.core.model import Paper, Session, has_line_break

SEPARATOR = "|"
HINT = "title | file name or link | date circulated"


class PaperError(UserError):
    """A paper's line that cannot be read, in one line."""


class _Writer(Protocol):  # a SessionWriter (core/store.py), as far as this module uses it
    @property
    def session(self) -> Session: ...
    def insert(self, table: str, obj: Paper) -> int: ...
    def update_where(self, table: str, fields: dict[str, Any], **match: Any) -> None: ...
    def remove_where(self, table: str, **match: Any) -> None: ...


def papers_of(session: Session, item_id: int) -> list[Paper]:
    """The item's papers in the order they were added."""
    return sorted((p for p in session.papers if p.item == item_id), key=lambda p: p.id)


def paper_line(paper: Paper) -> str:
    """A paper as the line that edits it (the date as a UK date)."""
    sent = date.fromisoformat(paper.circulated).strftime("%d/%m/%Y") if paper.circulated else ""
    parts = [paper.title, paper.file, sent]
    while len(parts) > 1 and not parts[-1]:
        parts.pop()
    return f" {SEPARATOR} ".join(parts)


def read_paper(line: str, item_id: int, today: date) -> Paper:
    """One typed line as a paper of the item; PaperError says what is wrong with it."""
    if has_line_break(line):
        raise PaperError("a paper is one line: title | file name or link | date circulated")
    title, file, when = ([*(p.strip() for p in line.split(SEPARATOR, 2)), "", ""])[:3]
    title, file = " ".join(title.split()), " ".join(file.split())
    if not title:
        raise PaperError(f"a paper needs a title first ({HINT}), not {line.strip()!r}")
    circulated = ""
    if when:
        try:
            circulated = parse_date(when, today).isoformat()
        except DateError as exc:
            raise PaperError(f"{title}: date circulated: {exc}") from None
    return Paper(item=item_id, title=title, file=file, circulated=circulated)


def set_papers(writer: _Writer, item_id: int, lines: Sequence[str], today: date) -> list[Paper]:
    """Make the item's papers the non-blank ``lines``, in order: every line is read first
    (nothing is written if one is wrong), then each paper is changed in place, added or
    removed. Returns the item's papers as now stored."""
    wanted = [read_paper(line, item_id, today) for line in lines if line.strip()]
    if item_id not in {i.id for i in writer.session.agenda}:
        raise PaperError("that item is no longer on the agenda")
    have = papers_of(writer.session, item_id)
    for old, new in zip(have, wanted, strict=False):
        fields: dict[str, Any] = {"title": new.title, "file": new.file}
        fields["circulated"] = new.circulated
        if (old.title, old.file, old.circulated) != (new.title, new.file, new.circulated):
            writer.update_where("papers", fields, id=old.id)
    for old in have[len(wanted):]:
        writer.remove_where("papers", id=old.id)
    next_id = max((p.id for p in writer.session.papers), default=-1) + 1
    for new in wanted[len(have):]:
        new.id = next_id
        next_id += 1
        writer.insert("papers", new)
    return papers_of(writer.session, item_id)
