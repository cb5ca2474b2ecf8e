"""One typed line of the capture bar → a command object.

The parser knows only the grammar; who ``@Priya`` is and what ``friday`` means are resolved
against the meeting (``owners.py``, ``dates.py``) when the command is carried out.

    plain text                         a note on the current item
    /note TEXT                         the same, explicitly
    /decision TEXT [@OWNER]            a decision        (alias #agreed)
    /action @OWNER TEXT [by|due DATE]  an action         (alias #action)
    /next  /prev  /goto N|TITLE        move through the agenda (alias #topic)
    /add TITLE [N min]                 add an item after the current one
    /defer [N|TITLE]                   defer the current (or a named) item to the next meeting
    /move N to M                       reorder the items still to come
    /arrived NAME  /left NAME          a late arrival or an early departure, at this item
    /present NAME  /absent NAME  /apologies NAME   attendance at the start
    /interest NAME [item N] TEXT       a declaration of interest
    /speak NAME  /stop  /queue NAME (q+)  /unqueue NAME (q-)  /nextspeaker (ack)
    /extend N  /decide                 the chair's choice when an item runs over
    /dissent NAME TEXT                 dissent from the last decision on this item
    /dismiss  /snooze [N]              the chair's current prompt
    /undo                              withdraw the last entry (kept, marked withdrawn);
                                       after /done, /redate… it puts the action back
    /end                               end the meeting
    //TEXT                             a note that starts with "/"
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from facilitator.core.errors import UserError


class CaptureError(UserError, ValueError):
    """A line that cannot be carried out; ``str()`` is one line for the user."""


@dataclass(frozen=True)
class NoteCmd:
    text: str


@dataclass(frozen=True)
class DecisionCmd:
    body: str  # text, possibly with an @owner in it


@dataclass(frozen=True)
class ActionCmd:
    body: str  # @owner, text and an optional "by|due DATE" at the end


@dataclass(frozen=True)
class MoveCmd:
    where: str  # "next" | "prev" | "goto"
    target: str = ""  # for goto: an item number or part of a title


@dataclass(frozen=True)
class UndoCmd:
    pass


@dataclass(frozen=True)
class EndCmd:
    pass


@dataclass(frozen=True)
class ReopenCmd:
    pass


@dataclass(frozen=True)
class AddItemCmd:
    title: str
    minutes: int | None = None


@dataclass(frozen=True)
class DeferCmd:
    target: str = ""  # "" for the current item


@dataclass(frozen=True)
class ReorderCmd:
    item: str  # number or part of a title
    to: str  # a number, or "next"


@dataclass(frozen=True)
class AttendanceCmd:
    status: str  # arrived | left | present | absent | apologies
    who: str


@dataclass(frozen=True)
class InterestCmd:
    body: str  # NAME [item N] TEXT


@dataclass(frozen=True)
class ChairCmd:
    """Speakers, the chair's prompts and overrun choices: ``name`` with its argument."""

    name: str
    arg: str = ""


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
    | ChairCmd
)


@dataclass(frozen=True)
class CommandHelp:
    """What the help screen and the command palette say about a command."""

    usage: str
    summary: str


COMMANDS: dict[str, CommandHelp] = {
    "note": CommandHelp("/note TEXT", "Save a note on the current item (plain text does the same)"),
    "decision": CommandHelp(
        "/decision TEXT [@OWNER]", "Record a decision on the current item, with its owner"
    ),
    "action": CommandHelp(
        "/action @OWNER TEXT [by DATE]",
        "Record an action with an owner and a due date ('for D2': it carries out D2)",
    ),
    "next": CommandHelp("/next", "Move to the next agenda item"),
    "prev": CommandHelp("/prev", "Move back to the previous agenda item"),
    "goto": CommandHelp("/goto N", "Jump to agenda item N (or the item whose title matches)"),
    "add": CommandHelp("/add TITLE [N min]", "Add an agenda item after the current one"),
    "defer": CommandHelp(
        "/defer [N]", "Defer the current item (or item N) to the next meeting of the partnership"
    ),
    "move": CommandHelp("/move N to M", "Reorder the agenda: item N becomes item M (or 'next')"),
    "arrived": CommandHelp("/arrived NAME", "Record a late arrival, at the current item"),
    "left": CommandHelp(
        "/left NAME", "Record an early departure, at the current item (off the speakers' list)"
    ),
    "present": CommandHelp("/present NAME", "Mark someone present (after /left: back again)"),
    "absent": CommandHelp("/absent NAME", "Mark someone absent (no apologies)"),
    "apologies": CommandHelp("/apologies NAME", "Mark someone as having sent apologies"),
    "interest": CommandHelp(
        "/interest NAME [item N] TEXT", "Record a declaration of interest on this (or item N)"
    ),
    "speak": CommandHelp("/speak NAME", "NAME is speaking now (ends the current turn)"),
    "stop": CommandHelp("/stop", "The current speaker has finished"),
    "queue": CommandHelp("/queue NAME", "NAME wants to speak: add to the speakers' list (q+)"),
    "unqueue": CommandHelp("/unqueue NAME", "Take NAME off the speakers' list (q-)"),
    "nextspeaker": CommandHelp("/nextspeaker", "The next person on the list speaks (ack)"),
    "extend": CommandHelp("/extend N", "Over time: extend this item by N minutes"),
    "decide": CommandHelp("/decide", "Over time: move this item to a decision now"),
    "dissent": CommandHelp("/dissent NAME TEXT", "NAME dissents from the last decision here"),
    "dismiss": CommandHelp("/dismiss", "Dismiss the chair's current prompt"),
    "snooze": CommandHelp("/snooze [N]", "Snooze the chair's current prompt N minutes (5)"),
    "done": CommandHelp("/done CODE [NOTE]", "Mark action CODE (e.g. 2.3) done, everywhere"),
    "drop": CommandHelp("/drop CODE [NOTE]", "Drop action CODE"),
    "redate": CommandHelp("/redate CODE DATE", "Give action CODE a new due date"),
    "reassign": CommandHelp("/reassign CODE @OWNER", "Give action CODE a new owner"),
    "actnote": CommandHelp("/actnote CODE TEXT", "Add a progress note to action CODE"),
    "link": CommandHelp(
        "/link D2", "The last action carries out decision D2 (or add 'for D2' to the action)"
    ),
    "unlink": CommandHelp("/unlink", "The last action carries out no decision"),
    "edit": CommandHelp("/edit", "Correct the last decision on this item in a form (ctrl+l)"),
    "checklist": CommandHelp(
        "/checklist [NAME]", "Review the partnership against a checklist (ctrl+f)"
    ),
    "undo": CommandHelp(
        "/undo",
        "Withdraw the last entry (it stays in the record, marked); after /done, /drop, "
        "/redate or /reassign, put the action back",
    ),
    "end": CommandHelp("/end", "End the meeting"),
    "reopen": CommandHelp("/reopen", "Reopen an ended meeting to add to it"),
}

ALIASES = {
    "#agreed": "decision",
    "#action": "action",
    "#topic": "goto",
    "#note": "note",
    "q+": "queue",
    "q-": "unqueue",
}
_WHOLE_LINE_ALIASES = {"ack": "nextspeaker"}
_NO_ARGUMENT = {"next", "prev", "undo", "end", "reopen"}
_OPTIONAL_ARGUMENT = {"defer"}
_CHAIR_BARE = {"stop", "nextspeaker", "decide", "dismiss", "snooze", "edit", "unlink"}
_CHAIR_ARG = {
    "speak",
    "queue",
    "unqueue",
    "extend",
    "dissent",
    "done",
    "drop",
    "redate",
    "reassign",
    "actnote",
    "link",
}
_ATTENDANCE = {"arrived", "left", "present", "absent", "apologies"}
_TIMEBOX = re.compile(r"(?i)(?:^|\s)[\[(]?\s*([0-9]+)\s*(?:m|min|mins|minutes?)\s*[\])]?\s*$")
_REORDER = re.compile(r"(?i)^(.+?)\s+(?:to\s+)?([0-9]{1,6}|next)$")


def check_text(text: str) -> str:
    """Refuse text that cannot be stored (a lone surrogate from a broken paste)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise CaptureError(
            "the text has a broken character that cannot be saved — retype that part"
        ) from None
    return text


def parse(line: str) -> Command | None:
    """Parse one line; ``None`` for a blank line. Raises CaptureError for a bad command."""
    text = check_text(line).strip()
    if not text:
        return None
    if text.startswith("//"):
        return NoteCmd(text[1:])
    if text.lower() in _WHOLE_LINE_ALIASES:
        return ChairCmd(_WHOLE_LINE_ALIASES[text.lower()])
    head, _, rest = text.partition(" ")
    rest = rest.strip()
    word = head.lower()
    if word in ALIASES:
        name = ALIASES[word]
    elif word.startswith("/"):
        name = word[1:]
        if name not in COMMANDS:
            raise CaptureError(
                f"unknown command {head[:30]!r} — F1 lists them; start with // to save a "
                "note that begins with /"
            )
    else:
        return NoteCmd(text)
    return _build(name, rest)


def _build(name: str, rest: str) -> Command:
    if name in _NO_ARGUMENT:
        if rest:
            raise CaptureError(f"/{name} takes nothing after it")
        return {
            "next": MoveCmd("next"),
            "prev": MoveCmd("prev"),
            "undo": UndoCmd(),
            "end": EndCmd(),
            "reopen": ReopenCmd(),
        }[name]
    if name in _OPTIONAL_ARGUMENT:
        return DeferCmd(rest)
    if name == "checklist":
        return ChairCmd(name, rest)
    if name in _CHAIR_BARE:
        if rest and name != "snooze":
            raise CaptureError(f"/{name} takes nothing after it")
        return ChairCmd(name, rest)
    if not rest:
        raise CaptureError(f"/{name} needs more: {COMMANDS[name].usage}")
    if name in _ATTENDANCE:
        return AttendanceCmd(name, rest)
    if name in _CHAIR_ARG:
        return ChairCmd(name, rest)
    if name == "interest":
        return InterestCmd(rest)
    if name == "add":
        return _add_item(rest)
    if name == "move":
        match = _REORDER.match(rest)
        if not match:
            raise CaptureError(f"say which item goes where: {COMMANDS['move'].usage}")
        return ReorderCmd(match.group(1).strip(), match.group(2).lower())
    if name == "note":
        return NoteCmd(rest)
    if name == "decision":
        return DecisionCmd(rest)
    if name == "action":
        return ActionCmd(rest)
    return MoveCmd("goto", rest)


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
