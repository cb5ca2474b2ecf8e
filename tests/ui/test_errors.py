"""One kind of error is shown to the user (issue 17.4): a UserError, in one line. Anything
else is a bug and stays a traceback — in a test, never a plausible "Not saved".

Each place that turns an error into a line is tried both ways: a UserError raised beneath it
is shown, and a real bug (a KeyError, or a bare ValueError) raised at the same point
propagates out of it."""

from __future__ import annotations

import errno
import importlib
import inspect
import pkgutil
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

import facilitator
from facilitator import cli
from facilitator.core.capture import CaptureError
from facilitator.core.dates import DateError
from facilitator.core.demo import create_demo
from facilitator.core.errors import UserError
from facilitator.core.model import RecordError
from facilitator.core.store import SessionStore, StoreError
from facilitator.core.tracker import TrackerError
from facilitator.ui.app import make_app
from facilitator.ui.form import Field, FormScreen
from tests.core.test_cli import assert_one_line_error, run
from tests.helpers import new_session, settled, type_line

# Exceptions the package defines that are not for the user, and why.
NOT_FOR_THE_USER = {
    "RepeatedKey": "internal to reading JSON: it becomes a CorruptSession",
    "_Refused": "internal to the date parser: it becomes a DateError",
    "NotRegularFile": "an OSError: the disk, said by its strerror where a write is refused",
    "UnconfirmedWrite": "an OSError: the disk did not confirm a write",
    "UnknownClause": "a citation in the shipped data names no clause: a bug",
    "IndexDamaged": "internal to the review index: a damaged index is rebuilt",
}


def defined_exceptions() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(facilitator.__path__, "facilitator."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
            ):
                found[name] = value
    return found


def test_every_error_for_the_user_derives_from_user_error() -> None:
    found = defined_exceptions()
    for name, cls in found.items():
        if name not in NOT_FOR_THE_USER:
            assert issubclass(cls, UserError), f"{cls.__module__}.{name} is not a UserError"
    named = {"StoreError", "CaptureError", "DateError", "AgendaError", "TrackerError"}
    named |= {"SettingsError", "PromptConfigError", "ChecklistError", "RecordError"}
    named |= {"UsageError", "PlanError", "DraftError"}
    assert named <= set(found)  # the walk found the package's errors


def test_errors_that_code_catches_as_value_errors_still_are() -> None:
    # tests catch CaptureError and DateError as ValueErrors, and code catches DateError so
    # inside the date parser; RecordError stays one for whoever catches a bad record so
    for cls in (CaptureError, DateError, RecordError):
        assert issubclass(cls, ValueError)


# --------------------------------------------------------------------------- the form


class FormApp(App[None]):
    def __init__(self, save: Callable[[dict[str, Any]], None]) -> None:
        super().__init__()
        self.saver = save

    def compose(self) -> ComposeResult:
        yield Static("behind the form")

    def on_mount(self) -> None:
        self.push_screen(FormScreen("Test form", [Field("name", "Name")], self.saver))


def raising(error: BaseException) -> Callable[..., Any]:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise error

    return broken


BUGS = [KeyError("name"), ValueError("invalid literal for int()"), TypeError("an int")]
REFUSALS = [
    (UserError("the partnership is required"), "the partnership is required"),
    (TrackerError("no action 9.9"), "no action 9.9"),
    (StoreError("the session is locked"), "the session is locked"),
    (OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
]


@pytest.mark.parametrize("bug", BUGS, ids=lambda e: type(e).__name__)
async def test_a_bug_in_a_form_s_save_is_a_traceback_not_not_saved(bug: Exception) -> None:
    app = FormApp(raising(bug))
    with pytest.raises(type(bug)):
        async with app.run_test() as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()


@pytest.mark.parametrize(("refusal", "says"), REFUSALS, ids=lambda e: type(e).__name__)
async def test_a_refusal_in_a_form_s_save_is_one_line_and_the_form_stays(
    refusal: Exception, says: str
) -> None:
    app = FormApp(raising(refusal))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert str(app.screen.query_one("#form-error", Static).visual) == f"✗ Not saved: {says}"


# --------------------------------------------------------------------------- the screens' forms


async def open_new_session_form(app: Any, pilot: Any) -> None:
    await pilot.press("n")  # kept until home's list is read, then done
    await settled(pilot)
    app.screen.query_one("#field-partnership", Input).value = "Northfield CSP"


async def open_redate_form(app: Any, pilot: Any) -> None:
    await pilot.press("t")
    await settled(pilot)  # the tracker's rows are read in a worker
    await pilot.press("r")
    await pilot.pause()
    app.screen.query_one("#field-due", Input).value = "18/12/2026"


async def open_decision_form(app: Any, pilot: Any) -> None:
    await type_line(pilot, "/decision Repair the lamps @Joan")
    await pilot.press("ctrl+l")
    await pilot.pause()


async def open_newcomer_form(app: Any, pilot: Any) -> None:
    await type_line(pilot, "the meeting has begun")
    await pilot.press("f4", "n")
    await pilot.pause()
    app.screen.query_one("#field-name", Input).value = "Siân Łukasiewicz"


async def open_export_form(app: Any, pilot: Any, folder: Path) -> None:
    await pilot.press("ctrl+r", "e")
    await pilot.pause()
    app.screen.query_one("#field-folder", Input).value = str(folder)


# screen → (which app, how its form is opened, where a failure beneath the form is planted)
FORMS: dict[str, tuple[str, Callable[..., Awaitable[None]], str]] = {
    "home-new": ("home", open_new_session_form, "facilitator.core.carry.create"),
    "tracker-redate": ("home", open_redate_form, "facilitator.ui.tracker.update_action"),
    "live-edit-decision": ("live", open_decision_form, "meeting.edit_decision"),
    "register-newcomer": ("live", open_newcomer_form, "meeting.newcomer"),
    "minutes-export": ("live", open_export_form, "facilitator.ui.minutes_view.write_atomic"),
}


async def run_form(
    store: SessionStore,
    clock: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    form: str,
    error: Exception,
) -> str:
    """Open ``form``, plant ``error`` beneath it, save; what the form then says."""
    which, opener, target = FORMS[form]
    if which == "home":
        create_demo(store, datetime(2026, 11, 23, 10, 0))
        app = make_app(store, clock=clock)
    else:
        app = make_app(store, session_id=new_session(store, clock), clock=clock)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.pause()
        if form == "minutes-export":
            await opener(app, pilot, tmp_path)
        else:
            await opener(app, pilot)
        assert isinstance(app.screen, FormScreen)
        if target.startswith("meeting."):
            meeting = app.opened.meeting
            monkeypatch.setattr(type(meeting), target.removeprefix("meeting."), raising(error))
        else:
            monkeypatch.setattr(target, raising(error))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # still open: refused
        return str(app.screen.query_one("#form-error", Static).visual)


@pytest.mark.parametrize("bug", [KeyError, ValueError])
@pytest.mark.parametrize("form", list(FORMS))
async def test_a_bug_beneath_a_screen_s_form_is_a_traceback(
    store: SessionStore,
    clock: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    form: str,
    bug: type[Exception],
) -> None:
    with pytest.raises(bug, match="a bug"):
        await run_form(store, clock, tmp_path, monkeypatch, form, bug("a bug"))


@pytest.mark.parametrize("form", list(FORMS))
async def test_a_user_error_beneath_a_screen_s_form_is_shown_in_one_line(
    store: SessionStore,
    clock: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    form: str,
) -> None:
    error = CaptureError("refused for a reason [b]the user[/b] can read")
    said = await run_form(store, clock, tmp_path, monkeypatch, form, error)
    assert said == f"✗ Not saved: {error}"


# --------------------------------------------------------------------------- the command line


@pytest.mark.parametrize("bug", BUGS, ids=lambda e: type(e).__name__)
def test_a_bug_in_a_command_is_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, bug: Exception
) -> None:
    monkeypatch.setattr("facilitator.cli.Archive.listings", raising(bug))
    with pytest.raises(type(bug)):
        cli.main(["--data-dir", str(tmp_path), "sessions"])


@pytest.mark.parametrize(
    "refusal",
    [TrackerError("the index says no"), CaptureError("not a command"), UserError("said once")],
    ids=lambda e: type(e).__name__,
)
def test_any_user_error_in_a_command_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    refusal: Exception,
) -> None:
    monkeypatch.setattr("facilitator.cli.Archive.listings", raising(refusal))
    line = assert_one_line_error(*run(capsys, "--data-dir", tmp_path, "sessions"))
    assert line == f"facilitator: {refusal}"


# --------------------------------------------------------------------------- /undo of a follow-up


@pytest.mark.parametrize("bug", [KeyError, ValueError])
def test_a_bug_putting_back_a_follow_up_is_a_traceback(
    store: SessionStore, clock: Any, monkeypatch: pytest.MonkeyPatch, bug: type[Exception]
) -> None:
    from facilitator.core.meeting import Meeting
    from tests.core.test_tracker import run as run_lines
    from tests.core.test_tracker import two_meetings

    _a, b = two_meetings(store, clock)
    run_lines(store, clock, b, "/done 1.1")
    monkeypatch.setattr("facilitator.core.followup.revert_action", raising(bug("a bug")))
    writer = store.writer(b)
    try:
        with pytest.raises(bug, match="a bug"):
            Meeting(writer, clock=clock).capture("/undo")
    finally:
        writer.close()
    assert [n.withdrawn for n in store.load(b).notes] == [False]  # nothing pretended


def test_a_user_error_putting_back_a_follow_up_is_said_and_undo_goes_on(
    store: SessionStore, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.core.meeting import Meeting
    from tests.core.test_tracker import run as run_lines
    from tests.core.test_tracker import two_meetings

    _a, b = two_meetings(store, clock)
    run_lines(store, clock, b, "/done 1.1")
    monkeypatch.setattr(
        "facilitator.core.followup.revert_action", raising(TrackerError("no action 1.1"))
    )
    writer = store.writer(b)
    try:
        outcome = Meeting(writer, clock=clock).capture("/undo")
    finally:
        writer.close()
    assert "could NOT be put back (no action 1.1)" in outcome.message
    assert [n.withdrawn for n in store.load(b).notes] == [True]


# --------------------------------------------------------------------------- the session writer


def test_a_bug_checking_a_record_before_it_is_written_is_a_traceback(
    store: SessionStore, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer refuses (RecordRefused) only what the reader would refuse."""
    from facilitator.core.model import Note

    sid = new_session(store, clock)
    monkeypatch.setattr(Note, "from_doc", classmethod(raising(ValueError("a bug"))))
    writer = store.writer(sid)
    try:
        note = Note(item=0, text="lamps", at="2026-11-23T14:00:00", seq=1)
        with pytest.raises(ValueError, match="a bug") as raised:
            writer.insert("notes", note)
        assert not isinstance(raised.value, StoreError)
    finally:
        writer.close()
