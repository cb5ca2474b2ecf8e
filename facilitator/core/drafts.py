"""What was left typed in the capture bar when a meeting was closed, kept for next time.

A meeting closed mid-line (ctrl+q, going home, the terminal closed) keeps the half-typed line,
and any refused lines set aside that ↑ had not yet brought back, in a small file of its own
beside the session: ``<id>.draft.json``. Never in the session file: a draft is not part of the
record, so it cannot reach the minutes, an export, the tracker or the room view, and keeping
one never rewrites the record. Only the meeting's writer (it holds the session's lock) keeps
or clears it; it is written like every file facilitator writes (temp file, fsync, rename).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import msgspec

from facilitator.core.errors import UserError
from facilitator.core.files import read_text, write_atomic
from facilitator.core.store import SessionStore

SUFFIX = ".draft.json"
LIMIT = 1_000_000  # bytes: far above any line typed in a meeting


class DraftError(UserError):
    """A draft file that cannot be read; ``str()`` is one line for the user."""


class Draft(msgspec.Struct):
    line: str = ""  # what stood in the capture bar
    # refused lines set aside, not brought back
    aside: list[str] = msgspec.field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.line.strip()) or any(line.strip() for line in self.aside)


def draft_path(store: SessionStore, session_id: str) -> Path:
    """The draft file of a session: beside its session file, named after it."""
    return store.path_for(session_id).with_name(f"{session_id}{SUFFIX}")


def load_draft(path: Path) -> Draft:
    """The draft kept at ``path`` (an empty one if there is none); DraftError if the file is
    there but cannot be read as one (it is then left as it is)."""
    try:
        if os.lstat(path).st_size > LIMIT:
            raise DraftError(f"{path.name} is too large to be a draft; left as it is")
    except FileNotFoundError:
        return Draft()
    except OSError as exc:
        raise DraftError(f"{path.name} could not be read ({exc.strerror}); left as it is") from None
    try:
        data = json.loads(read_text(path))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a draft"
        raise DraftError(f"{path.name} could not be read ({reason}); left as it is") from None
    line, aside = (data.get("line"), data.get("aside")) if isinstance(data, dict) else (0, 0)
    if not isinstance(line, str) or not (
        isinstance(aside, list) and all(isinstance(a, str) for a in aside)
    ):
        raise DraftError(f"{path.name} could not be read (not a draft); left as it is")
    return Draft(line, aside)


def keep_draft(path: Path, draft: Draft) -> None:
    """Keep ``draft`` at ``path``, or, when there is nothing in it, remove the draft kept
    there before. OSError if the disk refuses (the draft is then still in the caller's hands).
    Anything at ``path`` that is not a regular file is never replaced or removed."""
    if draft:
        text = json.dumps({"line": draft.line, "aside": draft.aside}, ensure_ascii=False)
        write_atomic(path, text + "\n")
        return
    try:
        if stat.S_ISREG(os.lstat(path).st_mode):
            os.unlink(path)
    except FileNotFoundError:
        pass
