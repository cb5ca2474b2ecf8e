"""The date of the next meeting: /nextmeeting, the minutes' last line, the next session."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from facilitator.cli import main
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.capture import COMMANDS, CaptureError
from facilitator.core.meeting import Meeting
from facilitator.core.minutes import build_minutes
from facilitator.core.minutes_doc import render
from facilitator.core.store import SessionStore
from facilitator.core.working_days import long_date, next_meeting_line, next_meeting_typed
from tests.conftest import FakeClock
from tests.helpers import MeetingRig, agenda, docx_text


@pytest.fixture
def rig(store: SessionStore, clock: FakeClock) -> Iterator[MeetingRig]:
    sid = store.create(agenda_from_dict(agenda(), clock().date()))  # Mon 23 Nov 2026 14:00
    made = MeetingRig(store, sid, clock, Meeting(store.writer(sid), clock=clock))
    yield made
    made.meeting.writer.close()


def test_the_command_follows_move_in_the_table() -> None:
    names = list(COMMANDS)
    assert names[names.index("move") + 1] == "nextmeeting"


@pytest.mark.parametrize(
    ("typed", "iso", "said"),
    [
        ("10/2/2027 14:00", "2027-02-10T14:00", "Wednesday 10 February 2027, 14:00"),
        ("10 February 2027", "2027-02-10", "Wednesday 10 February 2027"),
        ("in 8 weeks", "2027-01-18", "Monday 18 January 2027"),  # from the meeting's day
        ("wed 9 dec 2026 2pm", "2026-12-09T14:00", "Wednesday 9 December 2026, 14:00"),
    ],
)
def test_nextmeeting_stores_the_date_and_what_was_typed(
    rig: MeetingRig, typed: str, iso: str, said: str
) -> None:
    outcome = rig.meeting.capture(f"/nextmeeting {typed}")
    assert outcome.message == f"Date of next meeting: {said}"
    info = rig.on_disk().info
    assert (info.next_meeting, info.next_meeting_text) == (iso, typed)
    assert info.state == "upcoming"  # setting it does not start the meeting


def test_nextmeeting_after_the_end_and_cleared(rig: MeetingRig) -> None:
    rig.run("Opened", "/end", "/nextmeeting 10/02/2027 14:00")
    assert rig.on_disk().info.next_meeting == "2027-02-10T14:00"
    assert rig.meeting.capture("/nextmeeting none").message == "Date of next meeting cleared"
    assert rig.on_disk().info.next_meeting == ""


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/nextmeeting", "/nextmeeting needs more: /nextmeeting DATE [TIME]"),
        ("/nextmeeting blurgh", "blurgh"),
        ("/nextmeeting 23/11/2026", "after this one (Mon 23 Nov 2026)"),
        ("/nextmeeting 1/11/2026 10:00", "after this one"),
    ],
)
def test_a_date_that_cannot_be_the_next_meeting_is_refused(
    rig: MeetingRig, line: str, says: str
) -> None:
    with pytest.raises(CaptureError, match=None) as caught:
        rig.meeting.capture(line)
    assert says in str(caught.value) and "\n" not in str(caught.value)
    assert rig.on_disk().info.next_meeting == ""


def test_long_dates_and_the_typed_form() -> None:
    assert long_date("2026-12-30T14:00") == "Wednesday 30 December 2026, 14:00"
    assert long_date("2027-01-04") == "Monday 4 January 2027"
    assert long_date("") == ""


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "docx"])
@pytest.mark.parametrize("public", [False, True])
def test_the_minutes_end_with_the_date_of_next_meeting(
    rig: MeetingRig, tmp_path, fmt: str, public: bool
) -> None:
    rig.run("Opened", "/nextmeeting 10/02/2027 14:00", "/end")
    rendered = render(build_minutes(rig.on_disk(), public=public), fmt)
    if isinstance(rendered, bytes):
        (tmp_path / "m.docx").write_bytes(rendered)
        text = docx_text(tmp_path / "m.docx")
    else:
        text = rendered
    read = re.sub(r"<[^>]+>|\*\*", "", text)  # as a reader sees it: no tags, no bold marks
    line = next_meeting_line(rig.on_disk().info)
    assert line == "Date of next meeting: Wednesday 10 February 2027, 14:00"
    assert line in read.splitlines()


def test_no_line_without_a_date(rig: MeetingRig) -> None:
    rig.run("Opened", "/end")
    assert "next meeting" not in str(render(build_minutes(rig.on_disk()), "md"))


def run(capsys, store: SessionStore, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(store.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_new_like_takes_the_date_set_at_the_earlier_meeting(
    capsys, store: SessionStore, rig: MeetingRig
) -> None:
    rig.run("Opened", "/nextmeeting 10/02/2027 14:00", "/end")
    rig.meeting.record.set_session(nation="scotland", papers_days=7)
    rig.meeting.writer.close()
    code, out, _ = run(capsys, store, "new", "--like", rig.sid)
    assert code == 0 and "on Wed 10 Feb 2027, 14:00" in out
    assert f"  on the date of next meeting set at {rig.sid} (--date to change it)" in out
    info = store.load(out.strip().splitlines()[-1]).info
    assert (info.date, info.date_text) == ("2027-02-10T14:00", "10/02/2027 14:00")
    assert (info.nation, info.papers_days) == ("scotland", 7)  # the rule goes on too
    assert info.next_meeting == ""  # the new meeting sets its own
    # a date typed with --like wins
    code, out, _ = run(capsys, store, "new", "--like", rig.sid, "--date", "17/02/2027 10:00")
    assert store.load(out.strip().splitlines()[-1]).info.date == "2027-02-17T10:00"
    assert "date of next meeting" not in out
    rig.reopen()


def test_the_typed_form_reads_the_same_on_any_day(rig: MeetingRig) -> None:
    rig.run("/nextmeeting in 8 weeks")
    info = rig.on_disk().info
    assert next_meeting_typed(info) == "18/01/2027"


def test_an_agenda_file_carries_the_nation_the_rule_and_the_next_meeting(clock) -> None:
    import tomllib

    from facilitator.core.agenda import to_toml
    from facilitator.core.errors import UserError

    data = agenda(nation="scotland", papers_days=0, next_meeting="10/02/2027 14:00")
    session = agenda_from_dict(data, clock().date())
    info = session.info
    assert (info.nation, info.papers_days) == ("scotland", 0)
    assert (info.next_meeting, info.next_meeting_text) == ("2027-02-10T14:00", "10/02/2027 14:00")
    again = agenda_from_dict(tomllib.loads(to_toml(session)), clock().date()).info
    assert (again.nation, again.papers_days, again.next_meeting) == (
        "scotland",
        0,
        "2027-02-10T14:00",
    )
    plain = agenda_from_dict(agenda(), clock().date())
    assert "nation" not in to_toml(plain) and "papers_days" not in to_toml(plain)
    assert (plain.info.nation, plain.info.papers_days) == ("england-wales", 5)
    for bad, says in [
        ({"nation": "wales"}, "nation: should be one of england-wales | scotland"),
        ({"papers_days": 61}, "papers_days: should be from 0 to 60"),
        ({"next_meeting": "blurgh"}, "next_meeting"),
    ]:
        with pytest.raises(UserError) as caught:
            agenda_from_dict(agenda(**bad), clock().date())
        assert says in str(caught.value) and "\n" not in str(caught.value)
