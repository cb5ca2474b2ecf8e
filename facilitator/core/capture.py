"""One typed line of the capture bar → a command object, read against the table of commands.

``COMMANDS`` holds every command once: its name and aliases, its usage and help text, what
it takes after its name (nothing, something optionally, or something it needs), and what
carries it out: the method of the meeting's part that does it (``does``), or the action of
the live screen it opens instead (``opens``: a form, such as the decision editor or the
checklist review). The parser here, ``Meeting.capture``, the live screen, F1 help and the
command palette all read it; a new command is a row of it, and its handler.

Plain text is a note on the current item; ``//TEXT`` is a note that starts with "/". The
parser knows only the grammar; who ``@Priya`` is and what ``friday`` means are resolved
against the meeting (``owners.py``, ``dates.py``) when the command is carried out.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from functools import partial

import msgspec

from facilitator.core.errors import UserError
from facilitator.core.patterns import lazy


class CaptureError(UserError, ValueError):
    """A line that cannot be carried out; ``str()`` is one line for the user."""


class _Command(msgspec.Struct, frozen=True):
    """A parsed line. Commands are frozen msgspec Structs: their classes are made in C when
    this module is imported, at every start, where 16 dataclasses took 7 ms."""

    def args(self) -> tuple[object, ...]:
        """What the command's handler is given: its fields, in order."""
        return msgspec.structs.astuple(self)


class NoteCmd(_Command, frozen=True):
    text: str


class DecisionCmd(_Command, frozen=True):
    body: str  # text, possibly with an @owner in it


class ActionCmd(_Command, frozen=True):
    body: str  # @owner, text and an optional "by|due DATE" at the end


class MoveCmd(_Command, frozen=True):
    where: str  # "next" | "prev" | "goto"
    target: str = ""  # for goto: an item number or part of a title


class UndoCmd(_Command, frozen=True):
    pass


class EndCmd(_Command, frozen=True):
    pass


class ReopenCmd(_Command, frozen=True):
    pass


class AddItemCmd(_Command, frozen=True):
    title: str
    minutes: int | None = None


class DeferCmd(_Command, frozen=True):
    target: str = ""  # "" for the current item


class ReorderCmd(_Command, frozen=True):
    item: str  # number or part of a title
    to: str  # a number, or "next"


class AttendanceCmd(_Command, frozen=True):
    status: str  # arrived | left | present | absent | apologies
    who: str


class InterestCmd(_Command, frozen=True):
    body: str  # NAME [item N] TEXT


class FollowUpCmd(_Command, frozen=True):
    verb: str  # done | drop | redate | reassign | actnote
    arg: str  # CODE and what follows it


class ChairCmd(_Command, frozen=True):
    """Speakers, the chair's prompts and overrun choices, links: ``name`` with what
    followed it, if anything."""

    name: str
    arg: str = ""

    def args(self) -> tuple[object, ...]:
        return (self.arg,) if self.arg else ()


class OpenCmd(_Command, frozen=True):
    """A command that opens a screen of the live meeting (a form) instead of saving: the
    live screen's action ``screen``, given ``arg`` if anything followed."""

    screen: str
    arg: str = ""

    def args(self) -> tuple[object, ...]:
        return (self.arg,) if self.arg else ()


Command = (
    NoteCmd
    | DecisionCmd
    | ActionCmd
    | MoveCmd
    | UndoCmd
    | EndCmd
    | ReopenCmd
    | AddItemCmd
    | DeferCmd
    | ReorderCmd
    | AttendanceCmd
    | InterestCmd
    | FollowUpCmd
    | ChairCmd
    | OpenCmd
)


class Takes(Enum):
    """What a command takes after its name."""

    NOTHING = "nothing"  # "/next now" is refused
    OPTIONAL = "optional"
    REQUIRED = "required"  # "/decision" alone is refused, with the usage


class CommandSpec(msgspec.Struct, frozen=True):
    """One command of the capture bar, as the parser, the meeting, F1 help and the command
    palette all read it. It is carried out by ``does``, the meeting part's method
    ("speakers.speak", given the command's ``args()``), or it opens a screen of the live
    meeting instead (``opens``: the live screen's action, as a key would)."""

    name: str  # typed as /name
    usage: str  # as F1 help and "needs more" show it
    summary: str  # what it does: F1 help and the palette
    takes: Takes
    does: str = ""
    opens: str = ""
    build: Callable[..., Command] | None = None  # what followed the name → the command
    aliases: tuple[str, ...] = ()  # typed instead of /name; one that takes nothing is a whole line
    when_ended: bool = False  # carried out on an ended meeting too

    def command(self, rest: str) -> Command:
        """The command for what followed the name (already checked against ``takes``)."""
        if self.opens:
            return OpenCmd(self.opens, rest)
        if self.build is None:
            return ChairCmd(self.name, rest)
        return self.build() if self.takes is Takes.NOTHING else self.build(rest)


_TIMEBOX = lazy(r"(?i)(?:^|\s)[\[(]?\s*([0-9]+)\s*(?:m|min|mins|minutes?)\s*[\])]?\s*$")
_REORDER = lazy(r"(?i)^(.+?)\s+(?:to\s+)?([0-9]{1,6}|next)$")


def _add_item(rest: str) -> AddItemCmd:
    match = _TIMEBOX.search(rest)
    if match is None:
        return AddItemCmd(rest)
    title, digits = rest[: match.start()].strip(), match.group(1)
    if not title:
        raise CaptureError("the new item needs a title: /add TITLE [N min]")
    minutes = int(digits) if len(digits) <= 4 else 0
    if not 1 <= minutes <= 600:
        raise CaptureError("a timebox is from 1 to 600 minutes")
    return AddItemCmd(title, minutes)


def _reorder(rest: str) -> ReorderCmd:
    match = _REORDER.match(rest)
    if not match:
        raise CaptureError(f"say which item goes where: {COMMANDS['move'].usage}")
    return ReorderCmd(match.group(1).strip(), match.group(2).lower())


NOTHING, OPTIONAL, REQUIRED = Takes.NOTHING, Takes.OPTIONAL, Takes.REQUIRED

# Every command, in the order F1 help and the palette list them. A new command is a row here
# and its handler in the part that carries it out (tests/core/test_commands.py checks both).
_TABLE = [
    CommandSpec(
        "note",
        "/note TEXT",
        "Save a note on the current item (plain text does the same)",
        REQUIRED,
        does="entries.add_note",
        build=NoteCmd,
        aliases=("#note",),
    ),
    CommandSpec(
        "decision",
        "/decision TEXT [@OWNER]",
        "Record a decision on the current item, with its owner",
        REQUIRED,
        does="entries.add_decision",
        build=DecisionCmd,
        aliases=("#agreed",),
    ),
    CommandSpec(
        "action",
        "/action @OWNER TEXT [by DATE]",
        "Record an action with an owner and a due date ('for D2': it carries out D2)",
        REQUIRED,
        does="entries.add_action",
        build=ActionCmd,
        aliases=("#action",),
    ),
    CommandSpec(
        "next",
        "/next",
        "Move to the next agenda item",
        NOTHING,
        does="course.move",
        build=partial(MoveCmd, "next"),
    ),
    CommandSpec(
        "prev",
        "/prev",
        "Move back to the previous agenda item",
        NOTHING,
        does="course.move",
        build=partial(MoveCmd, "prev"),
    ),
    CommandSpec(
        "goto",
        "/goto N",
        "Jump to agenda item N (or the item whose title matches)",
        REQUIRED,
        does="course.move",
        build=partial(MoveCmd, "goto"),
        aliases=("#topic",),
    ),
    CommandSpec(
        "add",
        "/add TITLE [N min]",
        "Add an agenda item after the current one",
        REQUIRED,
        does="live_agenda.add_item",
        build=_add_item,
    ),
    CommandSpec(
        "defer",
        "/defer [N]",
        "Defer the current item (or item N) to the next meeting of the partnership",
        OPTIONAL,
        does="live_agenda.defer_item",
        build=DeferCmd,
    ),
    CommandSpec(
        "move",
        "/move N to M",
        "Reorder the agenda: item N becomes item M (or 'next')",
        REQUIRED,
        does="live_agenda.reorder_item",
        build=_reorder,
    ),
    CommandSpec(
        "nextmeeting",
        "/nextmeeting DATE [TIME]",
        "Set the date of the next meeting, for the minutes and the next session ('none' clears it)",
        REQUIRED,
        does="live_agenda.set_next_meeting",
        when_ended=True,
    ),
    CommandSpec(
        "arrived",
        "/arrived NAME",
        "Record a late arrival, at the current item",
        REQUIRED,
        does="roll.mark",
        build=partial(AttendanceCmd, "arrived"),
    ),
    CommandSpec(
        "left",
        "/left NAME",
        "Record an early departure, at the current item (off the speakers' list)",
        REQUIRED,
        does="roll.mark",
        build=partial(AttendanceCmd, "left"),
    ),
    CommandSpec(
        "present",
        "/present NAME",
        "Mark someone present (after /left: back again)",
        REQUIRED,
        does="roll.mark",
        build=partial(AttendanceCmd, "present"),
    ),
    CommandSpec(
        "absent",
        "/absent NAME",
        "Mark someone absent (no apologies)",
        REQUIRED,
        does="roll.mark",
        build=partial(AttendanceCmd, "absent"),
    ),
    CommandSpec(
        "apologies",
        "/apologies NAME",
        "Mark someone as having sent apologies",
        REQUIRED,
        does="roll.mark",
        build=partial(AttendanceCmd, "apologies"),
    ),
    CommandSpec(
        "sub",
        "/sub NAME for MEMBER",
        "NAME stands in for MEMBER at this meeting (a substitute; MEMBER sent apologies)",
        REQUIRED,
        does="roll.substitute",
    ),
    CommandSpec(
        "remote",
        "/remote NAME",
        "NAME attends remotely, by video or phone (again: in the room after all)",
        REQUIRED,
        does="roll.remote",
    ),
    CommandSpec(
        "interest",
        "/interest NAME [item N] TEXT",
        "Record a declaration of interest on this (or item N)",
        REQUIRED,
        does="roll.declare",
        build=InterestCmd,
    ),
    CommandSpec(
        "speak",
        "/speak NAME",
        "NAME is speaking now (ends the current turn)",
        REQUIRED,
        does="speakers.speak",
    ),
    CommandSpec(
        "stop", "/stop", "The current speaker has finished", NOTHING, does="speakers.stop_speaking"
    ),
    CommandSpec(
        "queue",
        "/queue NAME",
        "NAME wants to speak: add to the speakers' list (q+)",
        REQUIRED,
        does="speakers.enqueue",
        aliases=("q+",),
    ),
    CommandSpec(
        "unqueue",
        "/unqueue NAME",
        "Take NAME off the speakers' list (q-)",
        REQUIRED,
        does="speakers.dequeue",
        aliases=("q-",),
    ),
    CommandSpec(
        "nextspeaker",
        "/nextspeaker",
        "The next person on the list speaks (ack)",
        NOTHING,
        does="speakers.next_speaker",
        aliases=("ack",),
    ),
    CommandSpec(
        "extend",
        "/extend N",
        "Over time: extend this item by N minutes",
        REQUIRED,
        does="chair.extend_item",
    ),
    CommandSpec(
        "approve",
        "/approve [with corrections TEXT]",
        "On the minutes item: the previous meeting's minutes are approved as a true record "
        "(with the corrections said), and their record is locked",
        OPTIONAL,
        does="approval.approve",
    ),
    CommandSpec(
        "decide",
        "/decide",
        "Over time: move this item to a decision now",
        NOTHING,
        does="chair.decide_now",
    ),
    CommandSpec(
        "dissent",
        "/dissent NAME TEXT",
        "NAME dissents from the last decision here",
        REQUIRED,
        does="chair.dissent",
    ),
    CommandSpec(  # a compact challenge (Kirklees §4), at a steering-group meeting
        "challenge",
        "/challenge [N]",
        "Raise a compact challenge in a form, or move challenge N on (steering-group meetings)",
        OPTIONAL,
        opens="challenge",
    ),
    CommandSpec(
        "dismiss",
        "/dismiss",
        "Dismiss the chair's current prompt",
        NOTHING,
        does="chair.dismiss_prompt",
    ),
    CommandSpec(
        "snooze",
        "/snooze [N]",
        "Snooze the chair's current prompt N minutes (5)",
        OPTIONAL,
        does="chair.snooze_prompt",
    ),
    CommandSpec(
        "done",
        "/done CODE [NOTE]",
        "Mark action CODE (e.g. 2.3) done, everywhere",
        REQUIRED,
        does="followup.follow_up",
        build=partial(FollowUpCmd, "done"),
    ),
    CommandSpec(
        "drop",
        "/drop CODE [NOTE]",
        "Drop action CODE",
        REQUIRED,
        does="followup.follow_up",
        build=partial(FollowUpCmd, "drop"),
    ),
    CommandSpec(
        "redate",
        "/redate CODE DATE",
        "Give action CODE a new due date",
        REQUIRED,
        does="followup.follow_up",
        build=partial(FollowUpCmd, "redate"),
    ),
    CommandSpec(
        "reassign",
        "/reassign CODE @OWNER",
        "Give action CODE a new owner",
        REQUIRED,
        does="followup.follow_up",
        build=partial(FollowUpCmd, "reassign"),
    ),
    CommandSpec(
        "actnote",
        "/actnote CODE TEXT",
        "Add a progress note to action CODE",
        REQUIRED,
        does="followup.follow_up",
        build=partial(FollowUpCmd, "actnote"),
    ),
    CommandSpec(
        "link",
        "/link D2",
        "The last action carries out decision D2 (or add 'for D2' to the action)",
        REQUIRED,
        does="entries.link_action",
    ),
    CommandSpec(
        "unlink",
        "/unlink",
        "The last action carries out no decision",
        NOTHING,
        does="entries.unlink_action",
    ),
    CommandSpec(
        "edit",
        "/edit",
        "Correct the last decision on this item in a form (ctrl+l)",
        NOTHING,
        opens="edit_decision",
    ),
    CommandSpec(
        "checklist",
        "/checklist [NAME]",
        "Review the partnership against a checklist (ctrl+f)",
        OPTIONAL,
        opens="checklist",
    ),
    CommandSpec(
        "undo",
        "/undo",
        "Withdraw the last entry (it stays in the record, marked); after /done, /drop, "
        "/redate or /reassign, put the action back",
        NOTHING,
        does="entries.undo",
        build=UndoCmd,
    ),
    CommandSpec("end", "/end", "End the meeting", NOTHING, does="course.end", build=EndCmd),
    CommandSpec(
        "reopen",
        "/reopen",
        "Reopen an ended meeting to add to it",
        NOTHING,
        does="course.reopen",
        build=ReopenCmd,
        when_ended=True,
    ),
]
COMMANDS: dict[str, CommandSpec] = {spec.name: spec for spec in _TABLE}
ALIASES: dict[str, str] = {alias: spec.name for spec in _TABLE for alias in spec.aliases}


def check_text(text: str) -> str:
    """Refuse text that cannot be stored (a lone surrogate from a broken paste)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise CaptureError(
            "the text has a broken character that cannot be saved — retype that part"
        ) from None
    return text


def read(line: str) -> tuple[CommandSpec, Command] | None:
    """One typed line → (its command's row of the table, the command); ``None`` for a blank
    line. Raises CaptureError for a bad command."""
    text = check_text(line).strip()
    if not text:
        return None
    note = COMMANDS["note"]
    if text.startswith("//"):
        return note, NoteCmd(text[1:])
    head, _, rest = text.partition(" ")
    rest = rest.strip()
    word = head.lower()
    if word in ALIASES:
        spec = COMMANDS[ALIASES[word]]
        if spec.takes is Takes.NOTHING and rest:  # "ack" counts only as the whole line
            return note, NoteCmd(text)
    elif word.startswith("/"):
        if word[1:] not in COMMANDS:
            raise CaptureError(
                f"unknown command {head[:30]!r} — F1 lists them; start with // to save a "
                "note that begins with /"
            )
        spec = COMMANDS[word[1:]]
    else:
        return note, NoteCmd(text)
    if spec.takes is Takes.NOTHING and rest:
        raise CaptureError(f"/{spec.name} takes nothing after it")
    if spec.takes is Takes.REQUIRED and not rest:
        raise CaptureError(f"/{spec.name} needs more: {spec.usage}")
    return spec, spec.command(rest)


def parse(line: str) -> Command | None:
    """Parse one line; ``None`` for a blank line. Raises CaptureError for a bad command."""
    found = read(line)
    return None if found is None else found[1]


def opens(line: str) -> OpenCmd | None:
    """The screen a line opens, when it is a command that opens one (``/edit``,
    ``/checklist NAME``); ``None`` for any other line, or one refused (``Meeting.capture``
    says why)."""
    try:
        command = parse(line)
    except CaptureError:
        return None
    return command if isinstance(command, OpenCmd) else None
