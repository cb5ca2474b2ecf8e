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
        "| whole room | ✗ no | not yet representative |" in minutes
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


SECTOR_ROOM_COUNT = ["public: n statutory partners feel over-burdened", "y", "5 1 0"]


async def answer(pilot, lines: list[str]) -> list[str]:
    """Type each line into the checklist bar; what the status line said after each."""
    bar = pilot.app.screen.query_one("#checklist-bar", Input)
    said = []
    for line in lines:
        bar.value = line
        await pilot.press("enter")
        await pilot.pause()
        said.append(str(pilot.app.screen.query_one("#status").render()))
    return said


async def test_a_sectors_view_stays_that_sectors_and_a_count_is_shown_as_counted(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        said = await answer(pilot, SECTOR_ROOM_COUNT[:1])
        assert "I1: public sector ✗ no (statutory partners feel over-burdened)" in said[0]
        assert "Partners see real benefit" in screen_text(app)  # the item stays for the room
        await pilot.press("ctrl+n", "ctrl+b")  # away and back: both views are shown
        await pilot.pause()
        said += await answer(pilot, SECTOR_ROOM_COUNT[1:2])
        await pilot.press("ctrl+b")
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        assert "Answered: whole room ✓ yes; public sector ✗ no (statutory partners" in shown
        await pilot.press("ctrl+n")
        said += await answer(pilot, SECTOR_ROOM_COUNT[2:])
        assert "I2: whole room ✓ yes, by count: 5 yes · 1 no · 0 not sure" in said[-1]
        await pilot.press("escape")
        await pilot.pause()
        feed = str(app.screen.query_one("#feed").render()).splitlines()
    assert feed == [  # the review is on the item: not "Nothing captured on this item yet"
        "14:00 Review   I1 public sector ✗ no (statutory partners feel over-burdened)",
        "14:00 Review   I1 whole room ✓ yes",
        "14:00 Review   I2 whole room ✓ yes, by count: 5 yes · 1 no · 0 not sure",
    ]


async def test_a_later_answer_shows_in_the_feed_as_replacing_the_earlier(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        await answer(pilot, ["?"])
        await pilot.press("ctrl+b")
        await answer(pilot, ["y"])
        await pilot.press("escape")
        await pilot.pause()
        feed = str(app.screen.query_one("#feed").render()).splitlines()
    assert feed == [
        "14:00 Review   I1 whole room ? not sure (replaced by a later answer)",
        "14:00 Review   I1 whole room ✓ yes",
    ]


def reviewed_session(store, clock) -> str:
    """An ended meeting whose review has a sector's view, the room's answer and a count."""
    from facilitator.core.meeting import Meeting

    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    writer = store.writer(sid)
    try:
        meeting = Meeting(writer, clock=clock)
        for ref, typed in zip(["I9", "I9", "I3"], SECTOR_ROOM_COUNT, strict=True):
            meeting.record_answer("ingredients", ref, typed)
        meeting.capture("/end")
    finally:
        writer.close()
    return sid


def table_rows(app, selector: str) -> list[list[str]]:
    from textual.widgets import DataTable

    table = app.screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def test_the_review_tab_shows_each_view_and_the_count(store, clock):
    from facilitator.ui.review import ReviewScreen

    session = store.load(reviewed_session(store, clock))
    app = make_app(store, clock=clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await app.push_screen(ReviewScreen(session, []))
        await pilot.pause()
        rows = [r[:4] for r in table_rows(app, "#review-checklist")]
    assert rows == [
        ["I3", "whole room", "✓ yes, by count: 5 yes · 1 no · 0 not sure", "—"],
        ["I9", "whole room", "✓ yes", "—"],
        ["", "public sector", "✗ no", "statutory partners feel over-burdened"],
    ]


async def test_the_health_screen_shows_counts_and_sectors_views(store, clock):
    from facilitator.core.checklists import INGREDIENTS
    from facilitator.ui.health import HealthScreen

    session = store.load(reviewed_session(store, clock))
    app = make_app(store, clock=clock)
    async with app.run_test(size=(200, 40)) as pilot:
        await app.push_screen(HealthScreen(session.info.partnership, [session], [INGREDIENTS]))
        await pilot.pause()
        rows = {r[0]: r for r in table_rows(app, "#health")}
    assert rows["I3"][1] == "11-23 ✓ (5 yes · 1 no · 0 not sure)"
    assert rows["I9"][1] == "11-23 ✓"
    assert rows["I9"][4] == "11-23 public ✗ no (statutory partners feel over-burdened)"
    assert rows["I3"][4] == "—"
