"""Compact challenges on screen and home as a dashboard: /challenge at a steering-group
meeting, the challenges screen, and the dashboard's lines and keys (each one key away)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from textual.widgets import Input, Select

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.challenges import ChallengeBook
from facilitator.core.meeting import Meeting
from facilitator.core.store import SessionStore
from facilitator.ui.app import make_app
from facilitator.ui.challenges import ChallengesScreen
from facilitator.ui.form import FormScreen
from facilitator.ui.plan import PlanScreen
from facilitator.ui.tracker import TrackerScreen
from tests.helpers import agenda, screen_text, settled

HOSTILE = "[bold red]Council[/] $x <b>y</b>"
P = "Northfield Community Safety Partnership"


def year(store: SessionStore, clock: Any) -> dict[str, str]:
    """A held steering-group meeting in May with an action long overdue, an upcoming board
    on 10 December, and an open challenge raised in October (today: 23 November 2026)."""
    today = clock().date()
    held = store.create(
        agenda_from_dict(agenda(date="01/05/2026 10:00", steering_group=True), today)
    )
    writer = store.writer(held)
    meeting = Meeting(writer, clock=lambda: datetime(2026, 5, 1, 10, 30))
    meeting.capture("/action @Ravi share the incident map by 1/6/2026")
    meeting.capture("/end")
    writer.close()
    upcoming = store.create(agenda_from_dict(agenda(date="10/12/2026 14:00"), today))
    book = ChallengeBook(store.root)
    book.raise_challenge(
        partnership=P,
        raised_by="Hope Street Tenants",
        against=HOSTILE,
        undertaking="2.1 Openness: consult in good time",
        evidence="the lighting survey was never shared",
        on=date(2026, 10, 1),
        now=datetime(2026, 10, 1, 9, 0),
    )
    book.refer(1, ["Joan Pike, Sam Okafor"], on=date(2026, 10, 20), now=datetime(2026, 10, 20))
    return {"held": held, "upcoming": upcoming}


async def test_the_dashboard_shows_each_thing_one_key_away(store, clock):
    ids = year(store, clock)
    app = make_app(store, clock=clock)
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        text = screen_text(app)
        assert "Next meeting (u: its plan): Thu 10 Dec 2026, 14:00 — Partnership Board" in text
        assert "Overdue actions (v): 1" in text
        assert "Open compact challenges (c): 1 (no. 1)" in text
        assert "The steering group last met on Fri 1 May 2026" in text
        assert "1 open challenge (no. 1" in text
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChallengesScreen)
        assert HOSTILE in screen_text(app)  # literally, not as markup
        await pilot.press("escape")
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, TrackerScreen)
        assert app.screen.filters == {"open", "overdue"}
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "share the incident map" in screen_text(app)
        await pilot.press("escape")
        await settled(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert app.screen.meeting.session.info.id == ids["upcoming"]


async def test_an_empty_folder_says_nothing_is_planned(store, clock):
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        text = screen_text(app)
        assert "Next meeting (u): none planned" in text
        assert "Overdue actions (v): none" in text
        assert "Open compact challenges (c): none" in text
        await pilot.press("u")  # nothing to open: said, no crash
        await pilot.pause()
        assert not isinstance(app.screen, PlanScreen)


async def test_a_foreign_challenges_file_is_one_line_on_the_dashboard(store, clock):
    year(store, clock)
    (store.root / "challenges.json").write_text('{"name": "someone else\'s"}')
    app = make_app(store, clock=clock)
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        said = " ".join(screen_text(app).split())  # (the folder's path may wrap the line)
        assert "challenges.json is not facilitator's challenges file; left as it is" in said
    assert (store.root / "challenges.json").read_text() == '{"name": "someone else\'s"}'


def fill(app: Any, **values: str) -> None:
    for key, value in values.items():
        widget = app.screen.query_one(f"#field-{key}")
        widget.value = value


async def test_challenge_at_a_steering_group_meeting(store, clock):
    sid = store.create(agenda_from_dict(agenda(steering_group=True), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.screen.query_one("#capture", Input)
        bar.value = "/challenge"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        text = screen_text(app)
        assert "about process and relationships" in text
        assert "normal grievance / complaint processes" in text
        fill(app, raised_by="Hope Street Tenants", against=HOSTILE, undertaking="2.1 Openness")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert "✓ Challenge 1: a: discussed between the partners" in screen_text(app)
        (case,) = ChallengeBook(store.root).cases()
        assert (case.challenge.partnership, case.challenge.against) == (P, HOSTILE)
        assert case.moves[0].session == sid
        (note,) = [n.text for n in store.load(sid).notes]  # the minutes say what it did
        assert note.startswith("Compact challenge 1 raised: Hope Street Tenants challenges")
        await pilot.press("ctrl+s")  # the key opens the same form
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        await pilot.pause()
        bar = app.screen.query_one("#capture", Input)
        bar.value = "/challenge 1"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-move", Select).value.startswith("b: refer")
        fill(app, detail="Joan Pike")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "at least two people" in screen_text(app)  # refused: the form stays open
        fill(app, detail="Joan Pike, Sam Okafor")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert "b: referred to the steering group" in screen_text(app)
    case = ChallengeBook(store.root).case(1)
    assert case.challenge.nominees == ["Joan Pike", "Sam Okafor"]
    notes = [n.text for n in store.load(sid).notes]
    assert notes[-1].endswith("(stage b); nominees: Joan Pike, Sam Okafor")


async def test_challenge_elsewhere_says_how_to_mark_a_steering_group_meeting(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.screen.query_one("#capture", Input)
        bar.value = "/challenge"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert "at a steering-group meeting" in screen_text(app)
    assert not (store.root / "challenges.json").exists()


async def test_the_challenges_screen_raises_moves_and_shows_closed_ones(store, clock):
    year(store, clock)
    app = make_app(store, clock=clock)
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        await pilot.press("c")
        await pilot.pause()
        text = screen_text(app)
        assert "Joan Pike, Sam Okafor" in text  # the selected case's nominees
        assert "b: referred to the steering group" in text
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        select = app.screen.query_one("#field-move", Select)
        assert select.value.startswith("the nominees' recommendations")
        select.value = "close: the outcome (and the action taken)"
        fill(app, detail="agreed: papers go out two weeks ahead", action="rule adopted")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChallengesScreen)
        text = screen_text(app)
        assert "Challenge 1 moved on — closed at b" in text
        assert "Outcome: agreed: papers go out two weeks ahead" in text
        await pilot.press("o")  # open only again: none left
        await pilot.pause()
        assert "No open challenges" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        fill(app, partnership=P, raised_by="Northfield CVS", against="Northfield Police")
        fill(app, undertaking="3.4 Communication", on="tomorrow")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is after today" in screen_text(app)  # refused: the form stays open
        fill(app, on="yesterday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Challenge 2 raised" in screen_text(app)
    assert ChallengeBook(store.root).case(2).challenge.raised_on == "2026-11-22"


async def test_a_challenge_raised_on_an_exempt_item_starts_confidential(store, clock):
    data = agenda(steering_group=True)
    data["items"][0]["confidential"] = True
    sid = store.create(agenda_from_dict(data, clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.query_one("#field-confidential").value is True
        fill(app, raised_by="Hope Street Tenants", against="Northfield Police")
        fill(app, undertaking="2.4 Mutual respect")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert ChallengeBook(store.root).case(1).challenge.confidential
    (note,) = [n.text for n in store.load(sid).notes]
    assert note == "Compact challenge 1 (confidential): raised"  # no names in the record


async def test_the_plan_screen_marks_a_steering_group_meeting(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, screen="plan", clock=clock)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        field = app.screen.query_one("#detail-steering_group", Input)
        assert field.value == ""
        field.value = "maybe"
        await pilot.pause()
        assert "✗ not saved" in screen_text(app)
        assert not store.load(sid).info.steering_group
        field.value = "yes"
        await pilot.pause()
        assert "steering group: yes" in screen_text(app)
    assert store.load(sid).info.steering_group


async def test_challenge_at_an_ended_meeting_asks_to_reopen_it(store, clock):
    sid = store.create(agenda_from_dict(agenda(steering_group=True), clock().date()))
    writer = store.writer(sid)
    Meeting(writer, clock=clock).capture("/end")
    writer.close()
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert "This meeting has ended — type /reopen to add to it" in screen_text(app)
