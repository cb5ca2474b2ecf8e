"""One typed line of the capture bar → a command object.

The parser knows only the grammar; who ``@Priya`` is and what ``friday`` means are resolved
against the meeting (``owners.py``, ``dates.py``) when the command is carried out.

    plain text                         a note on the current item
    /note TEXT                         the same, explicitly
    /decision TEXT [@OWNER]            a decision        (alias #agreed)
    /action @OWNER TEXT [by|due DATE]  an action         (alias #action)
    /next  /prev  /goto N|TITLE        move through the agenda (alias #topic)
    /undo                              withdraw the last entry (kept, marked withdrawn)
    /end                               end the meeting
    //TEXT                             a note that starts with "/"
"""

from __future__ import annotations

from dataclasses import dataclass


class CaptureError(ValueError):
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


Command = NoteCmd | DecisionCmd | ActionCmd | MoveCmd | UndoCmd | EndCmd | ReopenCmd


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
        "/action @OWNER TEXT [by DATE]", "Record an action with an owner and a due date"
    ),
    "next": CommandHelp("/next", "Move to the next agenda item"),
    "prev": CommandHelp("/prev", "Move back to the previous agenda item"),
    "goto": CommandHelp("/goto N", "Jump to agenda item N (or the item whose title matches)"),
    "undo": CommandHelp("/undo", "Withdraw the last entry (it stays in the record, marked)"),
    "end": CommandHelp("/end", "End the meeting"),
    "reopen": CommandHelp("/reopen", "Reopen an ended meeting to add to it"),
}

ALIASES = {"#agreed": "decision", "#action": "action", "#topic": "goto", "#note": "note"}
_NO_ARGUMENT = {"next", "prev", "undo", "end", "reopen"}


def parse(line: str) -> Command | None:
    """Parse one line; ``None`` for a blank line. Raises CaptureError for a bad command."""
    text = line.strip()
    if not text:
        return None
    if text.startswith("//"):
        return NoteCmd(text[1:])
    head, _, rest = text.partition(" ")
    rest = rest.strip()
    word = head.lower()
    if word in ALIASES:
        name = ALIASES[word]
    elif word.startswith("/"):
        name = word[1:]
        if name not in COMMANDS:
            raise CaptureError(
                f"unknown command {head[:30]!r} — type /decision, /action, /next, /goto N, "
                "/undo or /end (start with // to save a note beginning with /)"
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
    if not rest:
        raise CaptureError(f"/{name} needs more: {COMMANDS[name].usage}")
    if name == "note":
        return NoteCmd(rest)
    if name == "decision":
        return DecisionCmd(rest)
    if name == "action":
        return ActionCmd(rest)
    return MoveCmd("goto", rest)
