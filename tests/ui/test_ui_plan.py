"""Planning in the app and changing the agenda live, driven with Pilot as a secretary would."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from facilitator.core import carry
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.ui.app import make_app
from facilitator.ui.form import FormScreen
from facilitator.ui.live import LiveScreen
from facilitator.ui.plan import PlanScreen
from tests.helpers import agenda, screen_text


async def fill(pilot, values: dict[str, str]) -> None:
    """Type into the open form's text fields and save it with Enter."""
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    for key, value in values.items():
        form.query_one(f"#field-{key}", Input).value = value
    form.query_one(f"#field-{next(iter(values))}", Input).focus()
    await pilot.press("enter")
    await pilot.pause()


async def test_new_session_from_a_template_planned_in_the_app(store, clock):
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await fill(pilot, {"partnership": "Northfield [CSP]", "date": "friday 2pm"})
        assert isinstance(app.screen, PlanScreen)
        text = screen_text(app)
        assert "Fri 27 Nov 2026, 14:00" in text
        assert "Partnership checklist review" in text
        assert "75 min planned: 14:00 → 15:15" in text

        people = app.screen.query_one("#people", DataTable)
        people.focus()
        await pilot.press("a")
        await pilot.pause()
        await fill(pilot, {"name": "Joan Pike", "organisation": "Northfield Council"})
        await pilot.press("a")
        await pilot.pause()
        await fill(pilot, {"name": "joan pike"})  # a duplicate is refused, the form stays
        assert isinstance(app.screen, FormScreen)
        assert "already a participant" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()

        items = app.screen.query_one("#items", DataTable)
        items.focus()
        await pilot.press("a")
        await pilot.pause()
        await fill(pilot, {"title": "Street lighting", "minutes": "15"})
        await pilot.press("[", "[")  # move the new last item up twice
        await pilot.pause()
        assert "90 min planned: 14:00 → 15:30" in screen_text(app)

        title = app.screen.query_one("#detail-title", Input)
        title.value = "Board meeting [December]"
        await pilot.pause()
        date = app.screen.query_one("#detail-date", Input)
        date.value = "31/02/2027"
        await pilot.pause()
        assert "not saved" in screen_text(app)

    (session,) = [store.load(i) for i in store.session_ids()]
    assert session.info.title == "Board meeting [December]"
    assert session.info.partnership == "Northfield [CSP]"
    assert session.info.date == "2026-11-27T14:00"  # the bad date was not saved
    assert [p.name for p in session.participants] == ["Joan Pike"]
    titles = [i.title for i in session.agenda]
    assert titles.index("Street lighting") == len(titles) - 3


async def test_changing_the_agenda_live_and_attendance(store, clock):
    data = agenda(quorum=4)
    sid, _ = carry.create(store, agenda_from_dict(data, clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")  # attendance
        await pilot.pause()
        await pilot.press("p", "p", "a")  # Joan, Sam present; Ravi absent
        await pilot.pause()
        assert "✗ absent" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        bar = app.screen.query_one("#capture", Input)
        for line in [
            "/add Youth panel 15 min",
            "/interest Lena item 2 chairs the youth panel",
            "/next",
            "/arrived Ravi",
        ]:
            bar.value = line
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("f8", "y")  # defer the current item
        await pilot.pause()
        text = screen_text(app)
        assert "Deferred item 2: Youth panel" in text
        assert "Item 3 of 4: Street lighting on Hope Street" in text
        assert isinstance(app.screen, LiveScreen)

    minutes = to_markdown(build_minutes(store.load(sid)))
    assert "Ravi Patel arrived during item 2" in minutes
    assert "Lena Novak, item 2: chairs the youth panel" in minutes
    assert "added during the meeting" in minutes and "deferred to the next meeting" in minutes

    next_id, carried = carry.create(
        store, agenda_from_dict(agenda(date="07/12/2026 14:00"), clock().date())
    )
    assert carried == ["Youth panel"]
    assert "deferred from the meeting of Mon 23 Nov 2026" in to_markdown(
        build_minutes(store.load(next_id))
    )
