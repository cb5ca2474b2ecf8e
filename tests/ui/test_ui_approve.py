"""/approve typed on the live screen: the status line says what was approved, and a refusal
(not on the minutes item) is one line, nothing saved."""

from __future__ import annotations

from textual.widgets import Input

from facilitator.ui.app import make_app
from tests.core.test_approval import first_meeting, second_meeting
from tests.helpers import screen_text


async def test_approve_on_the_live_screen_says_what_was_approved(store, clock):
    first = first_meeting(store, clock)
    second, meeting = second_meeting(store, clock)
    meeting.writer.close()
    app = make_app(store, session_id=second, clock=clock)
    async with app.run_test(size=(160, 40)) as pilot:

        async def typed(line: str) -> None:
            pilot.app.screen.query_one("#capture", Input).value = line
            await pilot.press("enter")
            await pilot.pause()

        await typed("/approve")
        assert "✗ Not saved: the minutes are approved on item 2" in screen_text(app)
        assert store.load(first).approval is None
        pilot.app.screen.query_one("#capture", Input).value = ""
        await typed("/goto 2")
        await typed("/approve with corrections Ravi Patel sent apologies")
        shown = screen_text(app)
        assert "✓ Saved" in shown
        assert "Approved the minutes of the meeting of Mon 23 Nov 2026 as a true record" in shown
    approval = store.load(first).approval
    assert approval is not None and approval.corrections == "Ravi Patel sent apologies"


async def test_the_plan_of_approved_minutes_says_it_is_locked_and_saves_nothing(store, clock):
    from facilitator.core.approval import approve_minutes

    first = first_meeting(store, clock)
    approve_minutes(store, first, by=None, by_date="2026-12-21", at="2026-12-21T14:10:00")
    before = store.path_for(first).read_bytes()
    app = make_app(store, session_id=first, screen="plan", clock=clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert "the plan is locked" in screen_text(app)
        await pilot.press("X")
        await pilot.pause()
        assert "✗ not saved: approved" in screen_text(app)  # (the echo is narrow)
    assert store.path_for(first).read_bytes() == before
