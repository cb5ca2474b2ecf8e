"""`facilitator demo` makes a year of the demo partnership: a record varied enough for the
registers and the annual report to have something to say about each of their parts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from facilitator.core.challenges import ChallengeBook
from facilitator.core.demo import PARTNERSHIP, create_demo
from facilitator.core.demo_year import create_demo_year
from facilitator.core.store import SessionStore

NOW = datetime(2026, 12, 2, 9, 30)


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    store = SessionStore(tmp_path_factory.mktemp("year") / "sessions")
    ids = create_demo_year(store, NOW)
    return ids, [store.load(sid) for sid in ids], store


def test_the_last_two_are_the_demo_sessions_as_before(tmp_path, year):
    ids, _, _ = year
    alone = create_demo(SessionStore(tmp_path / "alone"), NOW)
    assert ids[-2:] == alone  # the ids tests and the README know


def test_the_year_is_the_last_twelve_months_every_two_months(year):
    _, sessions, _ = year
    days = [date.fromisoformat(s.info.date[:10]) for s in sessions]
    assert days == sorted(days)
    assert NOW.date() - timedelta(days=365) < days[0]
    assert days[-1] > NOW.date() and all(d < NOW.date() for d in days[:-1])
    boards = [d for d, s in zip(days, sessions, strict=True) if s.info.title == "Partnership Board"]
    gaps = [(b - a).days for a, b in zip(boards, boards[1:], strict=False)]
    assert gaps == [63] * 5 + [42]  # every nine weeks, then the next in six
    assert {s.info.partnership for s in sessions} == {PARTNERSHIP}
    assert [s.info.state for s in sessions] == ["ended"] * 7 + ["upcoming"]
    steering = [s.info.title for s in sessions if s.info.steering_group]
    assert steering == ["Compact Steering Group"]


def test_attendance_varies(year):
    _, sessions, _ = year
    held = sessions[:-1]
    assert [len(s.apologies) for s in held] == [1, 0, 1, 0, 3, 1, 1]
    assert sum(1 for s in held if s.absent) == 2  # Helen Brooks, twice
    arrived = [a.name for s in held for a in s.attendance if a.text == "arrived"]
    left = [a.name for s in held for a in s.attendance if a.text == "left"]
    assert (arrived, left) == (["Aisha Khan"], ["Helen Brooks"])
    assert [s.info.date[:10] for s in held if not s.quorate] == ["2026-07-08"]
    oakridge = {
        p.name for s in held for p in s.participants if p.organisation.startswith("Oakridge")
    }
    assert oakridge == {"Daniel Okoro", "Maria Lopez"}  # one organisation, two people
    subs = [(p.name, p.substitute_for) for s in held for p in s.participants if p.substitute_for]
    assert subs == [("Jo Bell", "Tom Reid")]
    assert [p.name for s in held for p in s.participants if p.remote] == ["Gareth Owen"]


def test_the_record_holds_each_kind_of_business(year):
    _, sessions, _ = year
    held = sessions[:-1]
    assert len([i for s in held for i in s.interests]) == 3
    dissent = [d for s in held for d in s.decisions if d.dissent]
    assert [d.dissent.split(":")[0] for d in dissent] == ["Tom Reid", "Priya Shah"]
    reviews = [s for s in held if s.checklist]
    assert len(reviews) == 2 and {len(s.checklist) for s in reviews} == {13}
    sectors = {p.sector for s in held for t in s.turns for p in s.participants if p.name == t.name}
    assert sectors == {"public", "voluntary", "health", "community", "private", "education"}


def test_actions_are_done_on_time_late_or_left_overdue(year):
    _, sessions, _ = year
    today = NOW.date().isoformat()
    actions = [a for s in sessions for a in s.actions]
    done = [a for a in actions if a.status == "done"]
    on_time = [a for a in done if a.updated_at[:10] <= a.due]
    overdue = [a for a in actions if a.status == "open" and a.due < today]
    assert (len(done), len(on_time), len(overdue)) == (7, 3, 5)


def test_a_challenge_reached_stage_b_at_the_steering_group(year):
    _, sessions, store = year
    (case,) = ChallengeBook(store.root).cases(partnership=PARTNERSHIP)
    c = case.challenge
    assert (c.stage, c.status, len(c.nominees)) == ("b", "open", 2)
    assert [m.what for m in case.moves] == ["raised", "informed", "referred", "recommended"]
    (steering,) = [s for s in sessions if s.info.steering_group]
    referred = next(m for m in case.moves if m.what == "referred")
    assert (referred.session, referred.on) == (steering.info.id, steering.info.date[:10])
