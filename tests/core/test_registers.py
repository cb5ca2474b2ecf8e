"""The registers over the synthetic 12-meeting series (tests/series.py), each figure worked
out by hand from the series' tables, the sum in a comment."""

from __future__ import annotations

from datetime import date

import pytest

from facilitator.core import registers as reg
from facilitator.core.registers import RegisterError
from tests.helpers import SENTINEL
from tests.series import END, PARTNERSHIP, START, TODAY, save_series, series_sessions


@pytest.fixture
def series() -> reg.Series:
    return reg.make_series(series_sessions(), PARTNERSHIP, START, END)


def _row(rows: list[reg.AttendanceRow], who: str) -> tuple[int, ...]:
    r = next(r for r in rows if r.who == who)
    return (r.expected, r.present, r.apologies, r.absent, r.late, r.left_early,
            r.substitutes, r.remote)  # fmt: skip


def test_meetings_and_quorum(series: reg.Series) -> None:
    rows = reg.meetings(series)
    assert len(rows) == 12
    # present: 5 members less apologies/absences; meeting 6: Bob's apologies, Bill stands in
    assert [r.present for r in rows] == [4, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4]
    # meeting 2: Cara absent, Eve apologies; meeting 3: Bob and Eve apologies → 3 < 4
    assert [r.quorate for r in rows] == [True, False, False, *[True] * 8, None]  # 12: no quorum
    assert [r.remote for r in rows] == [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1]
    assert rows[5].substitutes == 1 and rows[5].on_roll == 6


def test_attendance_by_person(series: reg.Series) -> None:
    rows = reg.attendance(series, "person")
    # expected, present, apologies, absent, late, left early, substitutes, remote
    assert _row(rows, "Ann Able") == (12, 12, 0, 0, 0, 0, 0, 0)
    assert _row(rows, "Bob Brown") == (12, 8, 4, 0, 0, 0, 1, 0)  # 12 - 4 apologies; Bill at 6
    assert _row(rows, "Cara Cole") == (12, 11, 0, 1, 0, 1, 0, 2)  # absent at 2, left at 7
    assert _row(rows, "Dev Dhar") == (12, 10, 2, 0, 2, 0, 0, 0)  # late at 1 and 8
    assert _row(rows, "Eve Ewing") == (12, 4, 6, 2, 0, 0, 0, 1)  # 6 apologies + 2 absent + 4
    assert _row(rows, "Bill Black") == (1, 1, 0, 0, 0, 0, 0, 0)  # on the roll at 6 only


def test_attendance_by_organisation_and_sector(series: reg.Series) -> None:
    orgs = reg.attendance(series, "organisation")
    # Police: Bob's 8 + meeting 6 through Bill = 9; apologies 4 - 1 = 3
    assert _row(orgs, "Police") == (12, 9, 3, 0, 0, 0, 1, 0)
    assert _row(orgs, "College") == (12, 4, 6, 2, 0, 0, 0, 1)
    sectors = reg.attendance(series, "sector")
    # public: Ann at every meeting, so the sector was there at all 12; a substitute at 6
    assert _row(sectors, "public") == (12, 12, 0, 0, 0, 0, 1, 0)
    assert _row(sectors, "voluntary") == (12, 11, 0, 1, 0, 1, 0, 2)
    assert {r.who for r in sectors} == {"public", "voluntary", "community", "education"}
    with pytest.raises(RegisterError):
        reg.attendance(series, "colour")


def test_window(series: reg.Series) -> None:
    june = reg.make_series(series_sessions(), PARTNERSHIP, date(2026, 6, 1), END)
    assert [s.info.id for s in june.meetings] == [f"riverside-{n:02d}" for n in range(7, 13)]
    # Eve from June: absent at 7 and 8, present at 9 to 12
    assert _row(reg.attendance(june, "person"), "Eve Ewing") == (6, 4, 0, 2, 0, 0, 0, 1)
    # reviews falling due from June to November, whenever decided: 30 Jun (meeting 1),
    # 1 Sep (8), 20 Nov (10); 15 Jan 2027 (7) is after the window
    assert [d.review for d in reg.decisions(june).reviews_due] == [
        "2026-06-30", "2026-09-01", "2026-11-20",
    ]  # fmt: skip
    acts = reg.actions(june, TODAY)
    # raised from June: meetings 8, 9, 10, 12; overdue at 30 Nov include meeting 3's
    assert [a.text for a in acts.rows] == [
        f"Tell {SENTINEL} the outcome", "Fix the lights", "Send the minutes", "Plan next year",
    ]  # fmt: skip
    assert [a.text for a in acts.overdue] == [
        "Survey tenants", f"Tell {SENTINEL} the outcome", "Fix the lights",
    ]  # fmt: skip


def test_interests(series: reg.Series) -> None:
    rows = reg.interests(series)
    # 1 at meeting 2 + 2 at 5 + 1 at 8 = 4 (the withdrawn one at 9 is not)
    assert [(r.name, r.organisation, r.item) for r in rows] == [
        ("Cara Cole", "CVS", "Grants"),
        ("Dev Dhar", "Tenants", "Housing"),
        ("Ann Able", "Council", "Housing"),
        ("Cara Cole", "CVS", f"Contract award {SENTINEL}"),
    ]
    assert {k: len(v) for k, v in reg.interests_by(rows, "name").items()} == {
        "Ann Able": 1, "Cara Cole": 2, "Dev Dhar": 1,
    }  # fmt: skip
    assert list(reg.interests_by(rows, "organisation")) == ["Council", "CVS", "Tenants"]
    public = reg.interests(series, public=True)
    assert len(public) == 4 and SENTINEL not in repr(public)
    assert public[3].item == "Confidential item"


def test_decisions(series: reg.Series) -> None:
    found = reg.decisions(series)
    # 7 decisions (the withdrawn one at 11 is not): agreed at 1, 3, 7, 8, 10 = 5
    assert found.by_status == {"agreed": 5, "not agreed": 1, "deferred": 1}
    # a vote with 1 against (3), and Cara's dissent recorded (7)
    assert [(d.text, d.dissent) for d in found.with_dissent] == [
        ("Fund the hub", "votes against: 1"),
        ("Publish the report", "Cara Cole disagreed: too early"),
    ]
    assert [d.review for d in found.reviews_due] == ["2026-06-30", "2026-09-01", "2026-11-20"]
    assert found.rows[1].votes == "3-1-0" and found.rows[1].organisation == "Council"
    assert found.rows[0].organisation == "Council"  # Ann Able's
    public = reg.decisions(series, public=True)
    # the exempt item's decision (8) withheld: 6 rows, 4 agreed, 2 reviews due
    assert len(public.rows) == 6 and public.by_status["agreed"] == 4
    assert len(public.reviews_due) == 2 and SENTINEL not in repr(public)


def test_actions(series: reg.Series) -> None:
    found = reg.actions(series, TODAY)
    assert found.as_of == "2026-11-30"  # the window's end, before today (2 Dec)
    assert len(found.rows) == 9  # the withdrawn one at meeting 11 is not
    # done by 30 Nov: Draft (3 Jan ≤ 5 Jan), Book (20 Feb > 1 Feb: late), Send (15 Oct)
    assert [a.text for a in found.rows if a.completed] == [
        "Draft the plan", "Book the hall", "Send the minutes",
    ]  # fmt: skip
    assert [a.text for a in found.rows if a.completed_late] == ["Book the hall"]
    # open past due on 30 Nov: Survey (1 May), Tell (30 Sep), Fix (1 Oct; done 1 Dec, after)
    assert [a.text for a in found.overdue] == [
        "Survey tenants", f"Tell {SENTINEL} the outcome", "Fix the lights",
    ]  # fmt: skip
    fix = next(a for a in found.rows if a.text == "Fix the lights")
    assert fix.done_on == "2026-12-01" and not fix.completed
    owners = {r.who: (r.raised, r.completed, r.completed_late, r.overdue, r.open)
              for r in found.by_owner}  # fmt: skip
    assert owners == {
        "Ann Able": (2, 1, 0, 1, 1),  # Draft done, Tell overdue
        "Bob Brown": (2, 2, 1, 0, 0),  # Book late, Send on time
        "Cara Cole": (1, 0, 0, 0, 0),  # dropped
        "Council": (1, 0, 0, 1, 1),
        "Dev Dhar": (1, 0, 0, 1, 1),
        "Eve Ewing": (1, 0, 0, 0, 1),  # due 31 Dec: open, not overdue
        "no owner": (1, 0, 0, 0, 1),
    }
    orgs = {r.who: (r.raised, r.overdue) for r in found.by_organisation}
    assert orgs["Council"] == (3, 2)  # Ann's 2 + the Council's own 1; Tell + Fix overdue
    # judged today instead (no end): Fix the lights is done (1 Dec) and was late
    open_ended = reg.make_series(series_sessions(), PARTNERSHIP, START, None)
    later = reg.actions(open_ended, TODAY)
    assert later.as_of == "2026-12-02"
    assert [a.text for a in later.rows if a.completed_late] == ["Book the hall", "Fix the lights"]
    public = reg.actions(series, TODAY, public=True)
    assert len(public.rows) == 8 and len(public.overdue) == 2 and SENTINEL not in repr(public)


def test_participation(series: reg.Series) -> None:
    found = reg.participation(series)
    assert [m.session for m in found.meetings] == ["riverside-01", "riverside-07"]
    first = {s.sector: s for s in found.meetings[0].sectors}
    # meeting 1: Ann 120 + Bob 60 + Ann 60 = 240 s in 3 turns; Cara 60 s; Dev silent
    assert (first["public"].turns, first["public"].seconds) == (3, 240)
    assert first["public"].turn_share == 0.75 and first["public"].time_share == 0.8  # 3/4, 240/300
    assert first["community"].people == 1 and first["community"].quiet  # 1 of 4 there, 0 s
    seventh = {s.sector: s for s in found.meetings[1].sectors}
    # meeting 7: Ann 60 s of 300 = 0.2, under half the public's 2 of 4 people (0.25)
    assert seventh["public"].time_share == 0.2 and seventh["public"].quiet
    assert not seventh["community"].quiet  # Dev 180 of 300
    whole = {s.sector: (s.people, s.turns, s.seconds) for s in found.series}
    # people 2+2, 1+1, 1+1; turns 3+1, 1+1, 0+1; seconds 240+60, 60+60, 0+180
    assert whole == {"public": (4, 4, 300), "voluntary": (2, 2, 120), "community": (2, 1, 180)}
    assert found.quiet_at == {"public": 1, "voluntary": 0, "community": 1}


def test_health(series: reg.Series) -> None:
    [found] = reg.health(series)
    assert found.checklist.id == "ingredients" and found.reviews == ["2026-03-10", "2026-09-10"]
    items = {i.ref: i for i in found.items}
    assert [a for _, a, _ in items["I1"].marks] == ["yes", "yes"] and items["I1"].change == "same"
    assert items["I2"].change == "improved"  # no, then yes
    assert items["I3"].change == "new"  # reviewed once, under the exempt item
    [public] = reg.health(series, public=True)
    assert {i.ref: i.change for i in public.items}["I3"] == ""  # withheld


def test_from_the_store(store) -> None:  # noqa: ANN001
    ids = save_series(store)
    assert len(ids) == 13
    series = reg.load_series(store, "riverside", START, date(2026, 12, 31))
    assert series.partnership == PARTNERSHIP
    assert len(series.sessions) == 13 and len(series.meetings) == 12  # the 13th not held
    built = reg.build(series, TODAY)
    assert built.attendance["person"][0].expected == 12


def test_unknown_partnership_and_bad_dates(store) -> None:  # noqa: ANN001
    save_series(store)
    with pytest.raises(RegisterError, match=r"no partnership 'Nowhere' \(known: Riverside"):
        reg.load_series(store, "Nowhere")
    with pytest.raises(RegisterError, match="--from"):
        reg.parse_window("31/02/2026", "", TODAY)
    with pytest.raises(RegisterError, match="before --from"):
        reg.parse_window("1/6/2026", "1/1/2026", TODAY)
    assert reg.parse_window("1/6/2026", "", TODAY) == (date(2026, 6, 1), None)


def test_a_meeting_with_no_date_counts_only_without_a_window() -> None:
    sessions = series_sessions()
    sessions[0].info.date = ""
    assert len(reg.make_series(sessions, PARTNERSHIP, None, None).meetings) == 12
    assert len(reg.make_series(sessions, PARTNERSHIP, START, END).meetings) == 11


def test_a_meeting_held_on_another_day_is_dated_by_the_day_it_sat() -> None:
    """The first meeting, planned inside the window, sat only after the window's end (the
    record says when it started, issue 14): the registers place it on that day, outside."""
    sessions = series_sessions()
    first = sessions[0].info
    later = date.fromordinal(END.toordinal() + 3)
    first.started_at = f"{later.isoformat()}T10:00:00"
    series = reg.make_series(sessions, PARTNERSHIP, START, END)
    assert first.id not in [s.info.id for s in series.meetings]
    alone = reg.make_series(sessions, PARTNERSHIP, None, None)
    assert alone.meetings[-1].info.id == first.id  # ordered by when it sat: last
