"""A meeting run on a day other than its planned one (issue 14.3): the record says when it
was held, relative dates count from that day, and a due date already past is warned of."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.widgets import Input

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.held import day_note, held_when
from facilitator.core.meeting import Meeting
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.model import SessionInfo
from facilitator.ui.app import make_app
from tests.conftest import FakeClock
from tests.helpers import agenda, screen_text

PLANNED = "12/02/2027 14:00"  # a Friday
HELD = datetime(2026, 12, 1, 21, 30)  # a Tuesday evening


@pytest.fixture
def early(store):
    """A meeting planned for Fri 12 Feb 2027, opened on Tue 1 Dec 2026 at 21:30."""
    clock = FakeClock(HELD)
    sid = store.create(agenda_from_dict(agenda(date=PLANNED), clock().date()))
    writer = store.writer(sid)
    yield Meeting(writer, clock=clock), clock, sid
    writer.close()


def test_relative_dates_count_from_the_day_it_is_held(early) -> None:
    meeting, clock, _ = early
    outcome = meeting.capture("/action @Sam Book the room by friday")
    assert outcome is not None and "due Fri 4 Dec 2026" in outcome.message
    clock.advance(days=9)  # typed up the week after: still counted from the meeting's day
    meeting.capture("/action @Joan Send the letter due in 2 weeks")
    assert [a.due for a in meeting.session.actions] == ["2026-12-04", "2026-12-15"]


def test_a_due_date_already_past_is_kept_with_a_warning(early) -> None:
    meeting, _, _ = early
    outcome = meeting.capture("/action @Sam Return the form by 30/11/2026")
    assert outcome is not None
    assert "due Mon 30 Nov 2026 — ⚠ that date has already passed" in outcome.message
    assert meeting.session.actions[0].due == "2026-11-30"
    fine = meeting.capture("/action @Sam Return the form by 01/12/2026")
    assert fine is not None and "already passed" not in fine.message  # the day itself


def test_the_minutes_say_when_it_was_held_and_when_it_was_planned(early) -> None:
    meeting, clock, _ = early
    meeting.capture("Joan welcomed everyone")
    clock.advance(minutes=40)
    meeting.capture("/end")
    text = to_markdown(build_minutes(meeting.session))
    assert "Tue 1 Dec 2026, 21:30 (planned for Fri 12 Feb 2027, 14:00)" in text
    assert "Fri 12 Feb 2027, 14:00" not in text.replace("(planned for Fri 12 Feb 2027, 14:00)", "")


@pytest.mark.parametrize(
    ("date_", "started", "said"),
    [
        ("2027-02-12T14:00", "", "Fri 12 Feb 2027, 14:00"),
        ("2027-02-12T14:00", "2027-02-12T14:07:00", "Fri 12 Feb 2027, 14:00"),
        ("2027-02-12T14:00", "2026-12-01T21:30:00", "Tue 1 Dec 2026, 21:30 (planned for Fri 12 Feb 2027, 14:00)"),  # noqa: E501
        ("2027-02-12", "2027-02-15T10:00:00", "Mon 15 Feb 2027, 10:00 (planned for Fri 12 Feb 2027)"),  # noqa: E501
        ("", "2026-12-01T21:30:00", "Tue 1 Dec 2026, 21:30"),
    ],
)
def test_held_when(date_: str, started: str, said: str) -> None:
    assert held_when(SessionInfo(id="x", title="t", date=date_, started_at=started)) == said


def test_day_note() -> None:
    info = SessionInfo(id="x", title="t", date="2027-02-12T14:00")
    assert day_note(info, date(2027, 2, 12)) == ""
    assert "if run now, it is held today, Tue 1 Dec 2026" in day_note(info, date(2026, 12, 1))
    info.started_at = "2026-12-01T21:30:00"
    assert day_note(info, date(2026, 12, 2)) == (
        "planned for Fri 12 Feb 2027; held on Tue 1 Dec 2026"
    )


async def test_the_live_screen_says_it_is_not_the_planned_day(store) -> None:
    clock = FakeClock(HELD)
    sid = store.create(agenda_from_dict(agenda(date=PLANNED), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert "planned for Fri 12 Feb 2027; if run now, it is held today, Tue 1 Dec 2026" in (
            screen_text(app)
        )
        app.screen.query_one("#capture", Input).value = "Joan welcomed everyone"
        await pilot.press("enter")
        await pilot.pause()
        assert "⚠ planned for Fri 12 Feb 2027; held on Tue 1 Dec 2026" in screen_text(app)
