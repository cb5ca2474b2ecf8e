"""The checklist review on screen: all 13 ingredients in a few keys each, ✗ → action."""

from __future__ import annotations

from textual.widgets import Input

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.ui.app import make_app
from facilitator.ui.checklist import ChecklistScreen
from tests.helpers import agenda, screen_text

ANSWERS = [
    "y",
    "y",
    "n not yet representative",
    "@Lena bring tenants' groups in by friday",
    "6 2 1",
    "?",
    "y",
    "y",
    "y",
    "y",
    "n",
    "",
    "y",
    "y",
    "y papers on time now",
]


async def test_a_whole_review_of_the_13_ingredients(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert "Partners see real benefit and results in collaboration" in screen_text(app)
        bar = app.screen.query_one("#checklist-bar", Input)
        for line in ANSWERS:
            bar.value = line
            await pilot.press("enter")
            await pilot.pause()
        assert "13 of 13 answered" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
    session = store.load(sid)
    answers = {a.ref: a.answer for a in session.checklist}
    assert len(answers) == 13
    assert answers["I3"] == "no" and answers["I4"] == "yes" and answers["I5"] == "unsure"
    (action,) = session.actions
    assert (action.owner, action.improves, action.due) == (
        "Lena Novak",
        "ingredients:I3",
        "2026-11-27",
    )
    minutes = to_markdown(build_minutes(session))
    assert (
        "| I3. The partnership is inclusive and representative of stakeholder interests "
        "| ✗ no | not yet representative |" in minutes
    )


async def test_after_a_cross_the_next_answer_is_not_taken_for_an_action(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        bar = app.screen.query_one("#checklist-bar", Input)
        for line in ["n", "y"]:  # a ✗, then the room moves on
            bar.value = line
            await pilot.press("enter")
            await pilot.pause()
    session = store.load(sid)
    assert not session.actions
    assert {a.ref: a.answer for a in session.checklist} == {"I1": "no", "I2": "yes"}
