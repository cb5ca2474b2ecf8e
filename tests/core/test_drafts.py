"""The line left half-typed when a meeting is closed (core/drafts.py): kept beside the session,
never in it, and read back when the meeting is opened again."""

from __future__ import annotations

import os

import pytest

from facilitator.core.drafts import Draft, DraftError, draft_path, keep_draft, load_draft
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.opening import open_meeting
from tests.helpers import new_session

HALF = "Lena asked whether the lamps on Hope St"


def test_a_draft_is_kept_beside_the_session_and_read_back(store, clock):
    sid = new_session(store, clock)
    path = draft_path(store, sid)
    assert path.parent == store.path_for(sid).parent and path.name == f"{sid}.draft.json"
    assert load_draft(path) == Draft()  # none kept
    keep_draft(path, Draft(HALF, ["/bogus plan"]))
    assert load_draft(path) == Draft(HALF, ["/bogus plan"])
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    keep_draft(path, Draft("   "))  # nothing in the bar: the draft kept before goes
    assert not path.exists()
    keep_draft(path, Draft())  # and nothing there is fine
    assert sid in store.session_ids() and store.odd_files() == []


def test_a_draft_never_reaches_the_session_file_or_the_minutes(store, clock):
    sid = new_session(store, clock)
    opened = open_meeting(store, sid, clock=clock)
    try:
        opened.meeting.capture("a note that was saved")
        before = store.path_for(sid).read_bytes()
        opened.keep_draft(Draft(HALF))
        assert store.path_for(sid).read_bytes() == before
    finally:
        opened.close()
    assert HALF not in to_markdown(build_minutes(store.load(sid)))
    again = open_meeting(store, sid, clock=clock)
    try:
        assert again.draft == Draft(HALF) and again.draft_problem == ""
    finally:
        again.close()


@pytest.mark.parametrize(
    "content", [b"\xff\xfe not utf-8", b"{not json", b'{"line": 3}', b"[]", b'{"aside": [1]}']
)
def test_a_draft_file_that_cannot_be_read_is_said_and_left(store, clock, content):
    sid = new_session(store, clock)
    path = draft_path(store, sid)
    path.write_bytes(content)
    with pytest.raises(DraftError, match=f"{path.name} could not be read"):
        load_draft(path)
    opened = open_meeting(store, sid, clock=clock)  # the meeting still opens
    try:
        assert f"{path.name} could not be read" in opened.draft_problem
        with pytest.raises(OSError, match="left as it is"):  # never replaced by a new draft
            opened.keep_draft(Draft(HALF))
        opened.keep_draft(Draft())  # nor removed
    finally:
        opened.close()
    assert path.read_bytes() == content


def test_something_else_at_the_draft_path_is_never_replaced(store, clock):
    sid = new_session(store, clock)
    path = draft_path(store, sid)
    os.mkfifo(path)
    with pytest.raises(DraftError):
        load_draft(path)  # and does not hang on the FIFO
    with pytest.raises(OSError):
        keep_draft(path, Draft(HALF))
    keep_draft(path, Draft())
    assert path.is_fifo()
