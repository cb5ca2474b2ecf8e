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
