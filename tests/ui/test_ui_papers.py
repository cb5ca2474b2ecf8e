"""The plan screen's papers deadline and date of next meeting, as a secretary sets them."""

from __future__ import annotations

from textual.widgets import Input, Static

from facilitator.core.agenda import agenda_from_dict
from facilitator.ui.app import make_app
from facilitator.ui.plan import PlanScreen
from tests.helpers import agenda, screen_text


def christmas_meeting(store, clock) -> str:
    data = agenda(date="30/12/2026 14:00")
    data["items"][1]["papers_circulated"] = "22/12/2026"  # 3 clear working days in England
    data["items"][2]["papers_circulated"] = "17/12/2026"  # 6
    return store.create(agenda_from_dict(data, clock().date()))


async def type_in(pilot, key: str, value: str) -> None:
    field = pilot.app.screen.query_one(f"#detail-{key}", Input)
    field.focus()
    field.value = value
    await pilot.pause()


async def test_the_plan_says_when_papers_are_due_and_which_are_late(store, clock):
    sid = christmas_meeting(store, clock)
    app = make_app(store, session_id=sid, screen="plan", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        await app.workers.wait_for_complete()  # the bank holidays calendar, loaded off the loop
        await pilot.pause()
        text = screen_text(app)
        assert "Papers due by Fri 18 Dec 2026 — 5 clear working days, England and Wales" in text
        assert "Late or missing: item 2: sent Tue 22 Dec 2026, 3 clear working days" in text

        await type_in(pilot, "papers_days", "3")  # the partnership's own rule: 3 days
        text = screen_text(app)
        assert "due by Tue 22 Dec 2026" in text and "Late or missing" not in text

        await type_in(pilot, "papers_days", "61")
        echo = app.screen.query_one("#echo-papers_days", Static)
        assert echo.has_class("error") and "not saved" in screen_text(app)
        assert app.screen.session.info.papers_days == 3
        await type_in(pilot, "papers_days", "6")
        await type_in(pilot, "nation", "Scot")
        text = screen_text(app)
        assert "Scotland bank holidays" in text
        assert "item 3: sent Thu 17 Dec 2026, 6 clear working days" not in text  # on time

        await type_in(pilot, "nation", "Narnia")
        assert app.screen.query_one("#echo-nation", Static).has_class("error")
        assert app.screen.session.info.nation == "scotland"
        await type_in(pilot, "next_meeting", "30/12/2026")
        assert app.screen.query_one("#echo-next_meeting", Static).has_class("error")
        await type_in(pilot, "next_meeting", "10/02/2027 14:00")
        assert "Wed 10 Feb 2027, 14:00" in screen_text(app)

    info = store.load(sid).info
    assert (info.nation, info.papers_days) == ("scotland", 6)
    assert (info.next_meeting, info.next_meeting_text) == ("2027-02-10T14:00", "10/02/2027 14:00")


async def test_new_like_this_offers_the_date_of_next_meeting(store, clock):
    from facilitator.core.meeting import Meeting
    from facilitator.ui.form import FormScreen

    first = store.create(agenda_from_dict(agenda(), clock().date()))
    writer = store.writer(first)
    meeting = Meeting(writer, clock=clock)
    for line in ["Opened", "/nextmeeting 10/02/2027 14:00", "/end"]:
        meeting.capture(line)
    meeting.record.set_session(nation="northern-ireland", papers_days=4)
    writer.close()
    app = make_app(store, clock=clock)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-date", Input).value == "10/02/2027 14:00"
        await pilot.pause()
        labels = [str(label.render()) for label in form.query(".form-label")]
        assert "Date and time of the new session (the date of next meeting set there)" in labels
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert "Wed 10 Feb 2027, 14:00" in screen_text(app)
    second = store.load(next(sid for sid in store.session_ids() if sid != first)).info
    assert second.date == "2027-02-10T14:00"
    assert (second.nation, second.papers_days) == ("northern-ireland", 4)
