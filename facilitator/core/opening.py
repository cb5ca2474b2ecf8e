"""The one way a meeting is opened for writing, and closed, by every screen and the CLI.

Opening a meeting takes its writer lock, brings in the items deferred to it from earlier
meetings of its partnership, reads the partnership's own chair prompts
(``<data-dir>/prompts.toml``) over the shipped ones, and reads the line left half-typed when
it was last closed (core/drafts.py). The app holds the open meeting while a screen of it is
shown; the screens borrow it; :meth:`OpenMeeting.close` lets the lock go.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import msgspec

from facilitator.core import carry
from facilitator.core.drafts import Draft, DraftError, draft_path, keep_draft, load_draft
from facilitator.core.meeting import Meeting
from facilitator.core.prompts import Config, PromptConfigError, for_folder
from facilitator.core.store import SessionStore, StoreError
from facilitator.core.tracker import partnership_sessions


class OpenMeeting(msgspec.Struct):
    """A meeting open for writing, and what opening it brought in."""

    meeting: Meeting
    carried: list[str] = msgspec.field(default_factory=list)  # titles deferred to it, now on it
    draft: Draft = msgspec.field(default_factory=Draft)  # left in the capture bar when last closed
    draft_problem: str = ""  # why a draft file there could not be read
    draft_path: Path | None = None

    @property
    def session_id(self) -> str:
        return self.meeting.session.info.id

    def keep_draft(self, draft: Draft) -> None:
        """Keep what is in the capture bar for the next time the meeting is opened (an empty
        draft clears the one kept); OSError if the disk refuses, or if a draft file that
        could not be read is in the way (``draft_problem``)."""
        if self.draft_path is None:
            if draft and self.draft_problem:
                raise OSError(0, self.draft_problem)
        else:
            keep_draft(self.draft_path, draft)
        self.draft = draft

    def close(self) -> None:
        """Let the writer lock go (again is harmless)."""
        self.meeting.writer.close()


def open_meeting(
    store: SessionStore, session_id: str, *, clock: Callable[[], datetime] = datetime.now
) -> OpenMeeting:
    """Take the session's writer lock, bring in what was deferred to it and read the
    partnership's prompts. StoreError (one line) if any of it cannot be done; the lock is
    then let go again."""
    config = _config(store, session_id)
    writer = store.writer(session_id)
    try:
        # its own file is not read again: the writer holds it (an agenda of 1,000 items)
        mine = partnership_sessions(store, writer.session.info.partnership, but=session_id)
        carried = carry.pull_into(writer, mine)
    except (OSError, StoreError) as exc:
        writer.close()
        raise StoreError(f"cannot open {session_id}: {exc}") from None
    opened = OpenMeeting(Meeting(writer, clock=clock, prompt_config=config), carried)
    opened.draft_path = draft_path(store, session_id)
    try:
        opened.draft = load_draft(opened.draft_path)
    except DraftError as exc:  # the file is left as it is: no draft is kept over it
        opened.draft_problem = str(exc)
        opened.draft_path = None
    return opened


def _config(store: SessionStore, session_id: str) -> Config:
    try:
        return for_folder(store.root)
    except PromptConfigError as exc:
        raise StoreError(f"cannot open {session_id}: {exc}") from None
