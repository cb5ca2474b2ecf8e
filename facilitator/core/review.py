"""The checklist review, live: one item at a time, the room's view typed in a few keys.

    y  ✓ (by consensus)      n  ✗      ?  not sure
    6 2 1                    counts: 6 ✓, 2 ✗, 1 not sure (the majority is the answer)
    n papers arrive late     anything after the answer is the note
    public: y                a sector's own view

How each is kept and shown. One ``ChecklistAnswer`` a line, with the item's wording and the
checklist's title, under the agenda item the review was taken on (so its feed shows it):

- the whole room's answer: ``sector`` is "", the counts 0 — "whole room ✓ yes";
- a count (a show of hands): the three counts, and the majority as the answer — "whole room
  ✓ yes, by count: 5 yes · 1 no · 0 not sure" (a tie is "not sure");
- a sector's view: ``sector`` names it, and it stays that sector's — "public sector ✗ no
  (statutory partners feel over-burdened)". It never stands for the room's answer: the
  trend, the change since the last review and "reviewed" read only the whole room's.

The latest answer of the room, or of one sector, replaces its earlier one on that item; the
earlier one stays in the record (the feed shows it as replaced). The minutes, the review
tab and the health screen show, for each item, the whole room's view and then each
sector's, each with its count and note (``health.describe``).

A part of ``Meeting``. ``health.py`` reads the answers back across sessions.
"""

from __future__ import annotations

import msgspec

from facilitator.core.capture import CaptureError
from facilitator.core.checklists import BUILT_IN, Checklist
from facilitator.core.entries import Entries
from facilitator.core.model import SECTORS, ChecklistAnswer
from facilitator.core.patterns import lazy
from facilitator.core.record import Part, Record

_WORDS = {
    "y": "yes",
    "yes": "yes",
    "✓": "yes",
    "tick": "yes",
    "n": "no",
    "no": "no",
    "x": "no",
    "✗": "no",
    "cross": "no",
    "?": "unsure",
    "u": "unsure",
    "unsure": "unsure",
    "not sure": "unsure",
    "ns": "unsure",
}
_COUNTS = lazy(r"^([0-9]{1,4})[\s/,-]+([0-9]{1,4})(?:[\s/,-]+([0-9]{1,4}))?(?=\s|$)")
_ANSWER = lazy(r"(?ai)^(not sure|yes|no|unsure|tick|cross|ns|[yn?ux✓✗])(?=[\s.,:;-]|$)")
_SECTOR = lazy(r"(?ai)^([a-z]+)\s*:\s*")


class ReadAnswer(msgspec.Struct, frozen=True):
    answer: str
    yes: int = 0
    no: int = 0
    unsure: int = 0
    note: str = ""
    sector: str = ""

    @property
    def counted(self) -> bool:
        return bool(self.yes or self.no or self.unsure)


def verdict(yes: int, no: int, unsure: int) -> str:
    """The room's answer from counts: the largest; a tie is "not sure"."""
    top = max(yes, no, unsure)
    winners = [name for name, n in (("yes", yes), ("no", no), ("unsure", unsure)) if n == top]
    return winners[0] if len(winners) == 1 else "unsure"


def read_answer(typed: str) -> ReadAnswer:
    text = " ".join(typed.split())
    sector = ""
    match = _SECTOR.match(text)
    if match and match.group(1).lower() not in _WORDS:  # "n: papers late" is an answer
        if match.group(1).lower() not in SECTORS:
            raise CaptureError(f"{match.group(1)!r} is not a sector ({', '.join(SECTORS)})")
        sector, text = match.group(1).lower(), text[match.end() :]
    if match := _COUNTS.match(text):
        yes, no, unsure = (int(g or 0) for g in match.groups())
        if not yes + no + unsure:
            raise CaptureError("the counts add up to nobody")
        note = text[match.end() :].strip(" -—:")
        return ReadAnswer(verdict(yes, no, unsure), yes, no, unsure, note, sector)
    if match := _ANSWER.match(text):
        note = text[match.end() :].strip(" -—:.,;")
        return ReadAnswer(_WORDS[match.group(1).lower()], note=note, sector=sector)
    raise CaptureError("type y (✓), n (✗) or ? (not sure), or counts like 6 2 1, then any note")


class Review(Part):
    def __init__(self, record: Record, entries: Entries) -> None:
        super().__init__(record)
        self.entries = entries  # an action agreed to improve an item is an action here

    def record_answer(self, checklist: Checklist | str, ref: str, typed: str) -> ReadAnswer:
        """Save the room's (or a sector's) view of one checklist item, with the item's
        wording; the latest answer counts. A checklist named by id is a built-in one."""
        if self.session.info.state == "ended":
            raise CaptureError("this meeting has ended — type /reopen to add to it")
        if isinstance(checklist, str):
            if checklist not in BUILT_IN:
                raise CaptureError(f"no built-in checklist {checklist!r}")
            checklist = BUILT_IN[checklist]
        reviewed = checklist.item(ref)
        if reviewed is None:
            raise CaptureError(f"{checklist.title} has no item {ref!r}")
        read = read_answer(typed)
        item = self.record.require_item()
        self.record.start()
        self.record.writer.insert(
            "checklist",
            ChecklistAnswer(
                checklist=checklist.id,
                ref=ref,
                answer=read.answer,
                note=read.note,
                item=item,
                at=self.record.now(),
                yes=read.yes,
                no=read.no,
                unsure=read.unsure,
                sector=read.sector,
                text=reviewed.text,
                title=checklist.title,
            ),
        )
        return read

    def improvement_action(self, checklist: str, ref: str, body: str) -> str:
        """An action agreed to improve a checklist item: ``@OWNER TEXT by DATE``."""
        outcome = self.entries.add_action(body)
        last = max(self.session.actions, key=lambda a: a.seq)
        self.record.writer.update_where("actions", {"improves": f"{checklist}:{ref}"}, seq=last.seq)
        return outcome.message
