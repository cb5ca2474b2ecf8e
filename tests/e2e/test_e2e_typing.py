"""End to end: lines typed into the real app in a pseudo-terminal at full speed — bursts with
no pauses, plain and bracketed pastes, 200 lines back to back — are each in the session file
exactly once, in order, exactly as they stood at Enter. Nothing waits between keys: the
only pauses are for the screen to show what a user would look at before going on."""

from __future__ import annotations

import time

import pytest

from facilitator.ui.capture_bar import CaptureBar
from tests.e2e.test_e2e_kill import new_session, run_in_terminal
from tests.pty_terminal import Terminal

ENTER, BACKSPACE, UP, HOME, CTRL_Q = "\r", "\x7f", "\x1b[A", "\x1b[H", "\x11"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


def lines(*texts: str) -> str:
    """Keys for each text followed by Enter, as a typist or a plain paste sends them."""
    return "".join(text + ENTER for text in texts)


def all_taken(term: Terminal) -> bool:
    """Wait until every key sent so far has been dealt with: /next is taken after them
    (False if it never is: it was merged into another line or lost)."""
    mark = len(term.seen)
    term.send(lines("/next"))
    return term.wait_for(b"Item 2 of 3", mark, timeout=20)


def exited(term: Terminal, timeout: float = 20) -> int | None:
    """The app's exit code once it has ended, reading what it writes meanwhile (an unread
    terminal fills, and an app writing to a full one never gets to exit); None if it has not
    ended by ``timeout``."""
    end = time.monotonic() + timeout
    while term.process.poll() is None and time.monotonic() < end:
        term.read(0.1)
    return term.process.poll()


def quit_app(term: Terminal) -> None:
    term.send(CTRL_Q)
    assert exited(term) == 0, term.seen[-600:]


def notes_after(tmp_path, *steps: str) -> list[str]:
    """Start a meeting in a terminal, send each step as one write, and read back the notes
    (the notes once every key has been taken, or with "(keys not all taken)" after them)."""
    store, sid = new_session(tmp_path)
    term = run_in_terminal(store, sid)
    try:
        assert term.wait_for(b"Type a note", 0, timeout=20), term.seen[-400:]
        for step in steps:
            term.send(step)
        taken = all_taken(term)
        quit_app(term)
    finally:
        term.close()
    notes = [n.text for n in store.load(sid).notes]
    return notes if taken else [*notes, "(keys not all taken)"]


@pytest.mark.slow
def test_a_burst_with_no_pauses_saves_each_line_once_as_typed(tmp_path):
    burst = lines("Gamma one", "Delta two", "Epsilon three", "Zeta foor" + BACKSPACE * 2 + "ur")
    assert notes_after(tmp_path, burst) == ["Gamma one", "Delta two", "Epsilon three", "Zeta four"]


@pytest.mark.slow
def test_a_plain_paste_of_several_lines_is_one_note_a_line(tmp_path):
    pasted = lines("Paste one", "Paste two", "Paste three", "Paste four")  # \r between lines
    assert notes_after(tmp_path, pasted) == ["Paste one", "Paste two", "Paste three", "Paste four"]


@pytest.mark.slow
def test_a_bracketed_paste_is_one_note_a_line_and_its_last_line_waits_in_the_bar(tmp_path):
    text = "Bracket one\rBracket two\nBracket three\r\n\r\nBracket four"  # every kind of break
    typed = "Said: "  # already in the bar: the first pasted line goes on after it
    notes = notes_after(tmp_path, typed + PASTE_START + text + PASTE_END, " (end)" + ENTER)
    assert notes == ["Said: Bracket one", "Bracket two", "Bracket three", "Bracket four (end)"]


@pytest.mark.slow
def test_200_lines_back_to_back_are_all_saved_in_order(tmp_path):
    sent = [f"line {n:03d} of a long burst, said quickly" for n in range(200)]
    assert notes_after(tmp_path, lines(*sent)) == sent


@pytest.mark.slow
def test_a_refused_line_in_a_burst_is_set_aside_and_nothing_else_is_held_up(tmp_path):
    store, sid = new_session(tmp_path)
    term = run_in_terminal(store, sid)
    try:
        assert term.wait_for(b"Type a note", 0, timeout=20), term.seen[-400:]
        mark = len(term.seen)
        term.send(lines("one", "/bogus one", "two"))
        assert term.wait_for(b"was not saved", mark), term.seen[-600:]
        term.send(UP + HOME + "/" + ENTER)  # bring it back and make it a note: //bogus one
        mark = len(term.seen)
        term.send(lines("three", "/nonsense two"))  # refused last: it stays in the bar
        # its own command's name: the first refusal's reason shows again when ↑ brings that
        # line back, and waiting on it let the keys below go ahead of this refusal
        assert term.wait_for(b"unknown command '/nonsense'", mark), term.seen[-600:]
        time.sleep(CaptureBar.REACTION)  # the user reads why before correcting it
        term.send(HOME + "/" + ENTER)
        assert all_taken(term), term.seen[-600:]
        quit_app(term)
    finally:
        term.close()
    notes = [n.text for n in store.load(sid).notes]
    assert notes == ["one", "two", "/bogus one", "three", "/nonsense two"]


@pytest.mark.slow
@pytest.mark.parametrize("leave", ["ctrl+q", "SIGHUP"])
def test_a_half_typed_line_is_kept_at_quit_and_back_in_the_bar_next_time(tmp_path, leave):
    import os
    import signal

    from facilitator.core.drafts import Draft, draft_path, load_draft

    store, sid = new_session(tmp_path)
    term = run_in_terminal(store, sid)
    try:
        assert term.wait_for(b"Type a note", 0, timeout=20), term.seen[-400:]
        if leave == "ctrl+q":  # in the same write: ctrl+q is read before the keys ahead of it
            term.send("saved one" + ENTER + "half typed when the room emptied" + CTRL_Q)
        else:  # the terminal closed mid-line
            mark = len(term.seen)
            term.send("saved one" + ENTER + "half typed when the room emptied")
            assert term.wait_for(b"emptied", mark), term.seen[-600:]
            os.kill(term.process.pid, signal.SIGHUP)
        assert exited(term) == 0, term.seen[-600:]
    finally:
        term.close()
    assert load_draft(draft_path(store, sid)) == Draft("half typed when the room emptied")
    assert [n.text for n in store.load(sid).notes] == ["saved one"]
    term = run_in_terminal(store, sid)
    try:
        assert term.wait_for(b"Restored the line you were typing", 0, timeout=20)
        mark = len(term.seen)
        term.send(", and then saved" + ENTER)
        assert term.wait_for(b"Saved", mark), term.seen[-600:]
        quit_app(term)
    finally:
        term.close()
    notes = [n.text for n in store.load(sid).notes]
    assert notes == ["saved one", "half typed when the room emptied, and then saved"]
    assert not draft_path(store, sid).exists()
