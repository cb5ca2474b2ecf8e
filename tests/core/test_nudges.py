"""Nudges from the compacts, on a fixed day: the steering group's twice a year (Kirklees §3.2),
open challenges older than the next meeting (§4), a checklist review falling due."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.challenges import ChallengeBook
from facilitator.core.nudges import next_meetings, nudges
from facilitator.core.store import SessionStore
from facilitator.core.tracker import Archive
from tests.helpers import agenda

TODAY = date(2026, 12, 2)
P = "Kirklees Compact"


def meeting(
    day: str,
    *,
    steering: bool = False,
    state: str = "",
    reviewed: bool = True,
    partnership: str = P,
) -> dict[str, Any]:
    held = day < TODAY.isoformat()
    return {
        "id": f"{partnership[:4].lower()}-{day}",
        "title": "Steering group" if steering else "Board",
        "partnership": partnership,
        "date": day,
        "state": state or ("ended" if held else "upcoming"),
        "reviewed": reviewed,
        "steering_group": steering,
    }


def kinds(found: list[Any], kind: str) -> list[Any]:
    return [n for n in found if n.kind == kind]


def test_a_steering_group_that_has_not_met_for_six_months_is_nudged() -> None:
    listings = [meeting("2026-05-01", steering=True), meeting("2026-11-20")]
    (nudge,) = kinds(nudges(listings, [], TODAY), "steering")
    assert nudge.overdue and nudge.due == "2026-11-01"
    assert "last met on Fri 1 May 2026" in nudge.text
    assert "at least twice a year; none is planned" in nudge.text
    assert nudge.cite == "Kirklees Compact 3.2"


def test_six_months_to_the_day() -> None:
    listings = [meeting("2026-06-02", steering=True)]
    assert kinds(nudges(listings, [], TODAY), "steering")[0].overdue
    listings = [meeting("2026-06-03", steering=True)]
    (soon,) = kinds(nudges(listings, [], TODAY), "steering")
    assert not soon.overdue and "falls due by Thu 3 Dec 2026" in soon.text


def test_a_steering_meeting_planned_in_time_quietens_it() -> None:
    listings = [meeting("2026-06-10", steering=True), meeting("2026-12-09", steering=True)]
    assert kinds(nudges(listings, [], TODAY), "steering") == []
    late = [meeting("2026-05-10", steering=True), meeting("2027-01-20", steering=True)]
    (nudge,) = kinds(nudges(late, [], TODAY), "steering")
    assert "the next is planned for Wed 20 Jan 2027" in nudge.text


def test_no_steering_group_or_a_recent_one_is_no_nudge() -> None:
    assert kinds(nudges([meeting("2025-01-01")], [], TODAY), "steering") == []
    assert kinds(nudges([meeting("2026-10-01", steering=True)], [], TODAY), "steering") == []
    assert kinds(nudges([meeting("2027-01-01", steering=True)], [], TODAY), "steering") == []


def book_with(tmp_path: Path, *raised: str, partnership: str = P) -> ChallengeBook:
    book = ChallengeBook(tmp_path)
    for day in raised:
        book.raise_challenge(
            partnership=partnership,
            raised_by="Third Sector Leaders",
            against="Kirklees Council",
            undertaking="2.1 Openness",
            on=date.fromisoformat(day),
            now=datetime(2026, 12, 1, 9, 0),
        )
    return book


def test_open_challenges_older_than_the_next_meeting(tmp_path: Path) -> None:
    book = book_with(tmp_path, "2026-10-01", "2026-11-15", "2026-12-20")
    book.close(2, "agreed", on=TODAY, now=datetime(2026, 12, 2, 9, 0))
    listings = [meeting("2026-11-01"), meeting("2026-12-10"), meeting("2027-01-10")]
    (nudge,) = kinds(nudges(listings, book.cases(), TODAY), "challenges")
    assert nudge.count == 1  # no. 2 is closed; no. 3 is raised after the next meeting
    assert "1 open challenge (no. 1, the oldest raised Thu 1 Oct 2026)" in nudge.text
    assert "older than the next meeting on Thu 10 Dec 2026" in nudge.text
    assert not nudge.overdue


def test_open_challenges_with_no_meeting_planned(tmp_path: Path) -> None:
    book = book_with(tmp_path, "2026-10-01", "2026-11-15")
    (nudge,) = kinds(nudges([meeting("2026-11-01")], book.cases(), TODAY), "challenges")
    assert nudge.overdue and nudge.count == 2
    assert "no meeting is planned to consider them" in nudge.text
    assert kinds(nudges([meeting("2026-11-01")], [], TODAY), "challenges") == []


def test_a_checklist_review_falling_due() -> None:
    quiet = [meeting("2026-09-01"), meeting("2026-12-10", reviewed=False)]
    assert kinds(nudges(quiet, [], TODAY), "review") == []
    due = [meeting("2026-05-01"), meeting("2026-12-10", reviewed=False)]
    (nudge,) = kinds(nudges(due, [], TODAY), "review")
    assert "falls due at the next meeting on Thu 10 Dec 2026" in nudge.text
    assert "(last reviewed Fri 1 May 2026)" in nudge.text
    four = [meeting(f"2026-{m:02}-01", reviewed=False) for m in (8, 9, 10, 11)]
    (nudge,) = kinds(nudges(four, [], TODAY), "review")
    assert nudge.overdue and "never reviewed, 4 meetings since" in nudge.text


def test_the_next_meeting_of_each_partnership() -> None:
    listings = [
        meeting("2026-11-01"),
        meeting("2027-02-01"),
        meeting("2026-12-20"),
        meeting("2026-12-05", partnership="Other"),
        meeting("2026-12-01", state="upcoming"),  # a past date never run: not to come
    ]
    found = next_meetings(listings, TODAY)
    assert {p: m["date"] for p, m in found.items()} == {P: "2026-12-20", "Other": "2026-12-05"}


@pytest.mark.parametrize("steering", [True, False])
def test_the_archive_lists_a_steering_group_meeting(tmp_path: Path, steering: bool) -> None:
    store = SessionStore(tmp_path)
    session = agenda_from_dict(agenda(date="01/05/2026", steering_group=steering), TODAY)
    store.create(session)
    (listed,) = Archive(store).listings()
    assert listed["steering_group"] is steering
    found = kinds(nudges(Archive(store).listings(), [], TODAY), "steering")
    assert len(found) == int(steering)
