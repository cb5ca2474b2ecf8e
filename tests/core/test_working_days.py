"""Clear working days and the papers deadline, with each nation's bank holidays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.model import (
    AgendaItem,
    Circulation,
    Paper,
    RecordError,
    Session,
    SessionInfo,
)
from facilitator.core.planning import PlanError, Planner
from facilitator.core.working_days import (
    LATE,
    MISSING,
    ON_TIME,
    TO_COME,
    WorkingDaysError,
    bank_holidays,
    clear_working_days,
    holiday_name,
    is_working_day,
    papers_due,
    papers_status,
    read_nation,
)
from tests.helpers import agenda

EW, SCT, NI = "england-wales", "scotland", "northern-ireland"
D = date

# sent, meeting, clear working days in England and Wales, Scotland, Northern Ireland
COUNTS = [
    # the issue's case: Christmas Day (Fri 25) and Boxing Day's substitute (Mon 28) fall between
    (D(2026, 12, 22), D(2026, 12, 30), 3, 3, 3),
    # New Year 2027: 1 Jan everywhere; Scotland's 2 January (a Saturday) is Mon 4 January
    (D(2026, 12, 30), D(2027, 1, 6), 3, 2, 3),
    # 2 January 2026 (a Friday) is a holiday in Scotland only
    (D(2025, 12, 31), D(2026, 1, 6), 2, 1, 2),
    # Easter 2027: Good Friday 26 March everywhere, Easter Monday 29 March not in Scotland
    (D(2027, 3, 24), D(2027, 3, 31), 2, 3, 2),
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April
    (D(2026, 4, 1), D(2026, 4, 8), 2, 3, 2),
    # St Patrick's Day, Wed 17 March 2027: Northern Ireland only
    (D(2027, 3, 15), D(2027, 3, 19), 3, 3, 2),
    # St Andrew's Day, Mon 30 November 2026: Scotland only
    (D(2026, 11, 26), D(2026, 12, 2), 3, 2, 3),
    # Christmas 2027 on a Saturday: substitute days Mon 27 and Tue 28 everywhere
    (D(2027, 12, 24), D(2027, 12, 31), 2, 2, 2),
    # the Battle of the Boyne, Mon 12 July 2027: Northern Ireland only
    (D(2027, 7, 9), D(2027, 7, 14), 2, 2, 1),
    # the summer bank holiday: Scotland's first Monday of August, the others' last
    (D(2027, 7, 30), D(2027, 8, 4), 2, 1, 2),
    (D(2027, 8, 27), D(2027, 9, 1), 1, 2, 1),
    # an ordinary week, and the edges: the day before, the same day, later
    (D(2026, 11, 13), D(2026, 11, 23), 5, 5, 5),
    (D(2026, 11, 22), D(2026, 11, 23), 0, 0, 0),
    (D(2026, 11, 23), D(2026, 11, 23), 0, 0, 0),
    (D(2026, 11, 24), D(2026, 11, 23), 0, 0, 0),
]


@pytest.mark.parametrize(("sent", "meeting", "ew", "sct", "ni"), COUNTS)
def test_clear_working_days_in_each_nation(
    sent: date, meeting: date, ew: int, sct: int, ni: int
) -> None:
    found = {n: clear_working_days(sent, meeting, n) for n in (EW, SCT, NI)}
    assert found == {EW: ew, SCT: sct, NI: ni}


# meeting, days, nation, papers due by
DUE = [
    # 29, 24, 23, 22, 21 December are the five clear days; the Sunday before is no deadline
    (D(2026, 12, 30), 5, EW, D(2026, 12, 18)),
    (D(2026, 12, 30), 3, EW, D(2026, 12, 22)),  # the issue's case is just in time for 3
    (D(2027, 1, 6), 5, EW, D(2026, 12, 24)),  # 5, 4 Jan, 31, 30, 29 Dec
    (D(2027, 1, 6), 5, SCT, D(2026, 12, 23)),  # 5 Jan, 31, 30, 29, 24 Dec (4 Jan a holiday)
    (D(2027, 1, 6), 5, NI, D(2026, 12, 24)),
    (D(2027, 3, 31), 3, EW, D(2027, 3, 23)),  # 30, 25, 24 (29, 26 Easter)
    (D(2027, 3, 31), 3, SCT, D(2027, 3, 24)),  # 30, 29, 25 (Easter Monday is worked)
    (D(2027, 3, 19), 3, NI, D(2027, 3, 12)),  # 18, 16, 15 (17 St Patrick's Day)
    (D(2027, 3, 19), 3, EW, D(2027, 3, 15)),
    (D(2026, 12, 2), 2, SCT, D(2026, 11, 26)),  # 1 Dec, 27 Nov (30 Nov St Andrew's Day)
    (D(2026, 11, 23), 0, EW, D(2026, 11, 20)),  # no clear days: the last working day before
]


@pytest.mark.parametrize(("meeting", "days", "nation", "due"), DUE)
def test_papers_due_by(meeting: date, days: int, nation: str, due: date) -> None:
    assert papers_due(meeting, days, nation) == due


@pytest.mark.parametrize("nation", [EW, SCT, NI])
@pytest.mark.parametrize("days", [1, 3, 5, 10])
def test_the_deadline_is_the_last_working_day_that_gives_enough_days(
    nation: str, days: int
) -> None:
    meeting = D(2026, 11, 2)
    while meeting < D(2028, 2, 1):
        due = papers_due(meeting, days, nation)
        assert is_working_day(due, nation)
        assert clear_working_days(due, meeting, nation) >= days
        later = due + timedelta(days=1)
        while not is_working_day(later, nation):
            later += timedelta(days=1)
        assert clear_working_days(later, meeting, nation) < days, (meeting, due)
        meeting += timedelta(days=3)


def test_england_and_wales_share_one_calendar() -> None:
    import holidays

    for year in range(2024, 2031):
        wales = holidays.country_holidays("GB", subdiv="WLS", years=year)
        assert bank_holidays(EW, year) == frozenset(wales)


@pytest.mark.parametrize(
    ("day", "nation", "name"),
    [
        (D(2026, 12, 28), EW, "Boxing Day (observed)"),
        (D(2026, 1, 2), SCT, "New Year Holiday"),
        (D(2026, 1, 2), EW, ""),
        (D(2027, 3, 17), NI, "Saint Patrick's Day"),
        (D(2026, 11, 30), SCT, "Saint Andrew's Day"),
        (D(2026, 4, 6), SCT, ""),
    ],
)
def test_holiday_names(day: date, nation: str, name: str) -> None:
    assert holiday_name(day, nation) == name


@pytest.mark.parametrize(
    ("call", "says"),
    [
        (lambda: clear_working_days(D(2150, 1, 1), D(2150, 1, 9), EW), "from 1872 to 2100"),
        (lambda: papers_due(D(1870, 1, 9), 5, EW), "not for 1870"),
        (lambda: is_working_day(D(2026, 1, 5), "wales"), "nation 'wales' is not one of"),
    ],
)
def test_a_count_that_cannot_be_made_is_one_line(call, says: str) -> None:  # noqa: ANN001
    with pytest.raises(WorkingDaysError) as caught:
        call()
    assert says in str(caught.value) and "\n" not in str(caught.value)


def test_a_file_with_a_nation_not_known_is_refused_naming_the_field() -> None:
    doc = SessionInfo(id="s", title="t").to_doc() | {"nation": "wales"}
    with pytest.raises(RecordError) as caught:
        SessionInfo.from_doc(doc)
    assert str(caught.value).startswith("field nation: should be one of 'england-wales'")
    for bad in ({"papers_days": -1}, {"papers_days": 61}, {"next_meeting": "30/12/2026"}):
        with pytest.raises(RecordError):
            SessionInfo.from_doc(SessionInfo(id="s", title="t").to_doc() | bad)


def session(when: str = "2026-12-30T14:00", nation: str = EW, days: int = 5) -> Session:
    info = SessionInfo(id="s", title="Board", date=when, nation=nation, papers_days=days)
    items = [
        AgendaItem("Welcome", id=1),
        AgendaItem("Budget", id=2, papers_circulated="2026-12-22"),  # 3 clear days
        AgendaItem("Plan", id=3, papers_circulated="2026-12-17"),  # 6
        AgendaItem("Staffing", id=4, papers_circulated="2026-12-18", confidential=True),  # 5
    ]
    return Session(info, agenda=items)


def test_papers_status_names_the_late_items() -> None:
    status = papers_status(session(), today=D(2026, 12, 2))
    assert status.due == D(2026, 12, 18)
    assert [(i.number, i.state, i.clear_days) for i in status.items] == [
        (2, LATE, 3),
        (3, ON_TIME, 6),
        (4, ON_TIME, 5),
    ]
    assert [i.title for i in status.late] == ["Budget"]
    assert status.items[2].confidential
    assert status.line == (
        "Papers due by Fri 18 Dec 2026 — 5 clear working days, England and Wales bank "
        "holidays: the partnership's own rule"
    )
    assert status.issues == "late: item 2 (3 clear working days)"


def test_the_rule_and_the_nation_are_the_sessions() -> None:
    assert [i.state for i in papers_status(session(days=3), D(2026, 12, 2)).items] == [ON_TIME] * 3
    # in Scotland 17 December to 30 December is as many days as in England
    scot = papers_status(session(nation=SCT, days=6), D(2026, 12, 2))
    assert [i.state for i in scot.items] == [LATE, ON_TIME, LATE]
    assert "Scotland bank holidays" in scot.line


def test_papers_with_no_date_are_to_come_then_missing() -> None:
    s = session()
    s.agenda[1].papers_circulated = ""
    s.papers = [
        Paper(item=2, title="Budget report"),
        Paper(item=3, title="Plan", circulated="2026-12-22"),
    ]
    assert papers_status(s, today=D(2026, 12, 18)).items[0].state == TO_COME
    after = papers_status(s, today=D(2026, 12, 19))
    assert after.items[0].state == MISSING and after.issues.startswith("late: item 3")
    assert after.issues.endswith("missing: item 2")
    # item 3's listed paper went out after its papers_circulated date: the later one decides
    assert (after.items[1].sent, after.items[1].state) == (D(2026, 12, 22), LATE)


def test_no_date_no_rule_and_a_year_out_of_range_say_so() -> None:
    assert papers_status(session(when="")).line.startswith("Papers deadline: set the meeting")
    assert papers_status(session(days=0)).line.startswith("Papers deadline: none")
    far = papers_status(session(when="2150-01-08"))
    assert far.problem == "bank holidays are known from 1872 to 2100, not for 2150"
    assert far.due is None and far.line.startswith("Papers deadline: bank holidays")


def test_the_agenda_packs_own_date_is_counted() -> None:
    status = papers_status(session(), D(2026, 12, 2), agenda_sent=D(2026, 12, 22))
    assert status.agenda_days == 3 and status.agenda_late
    assert status.issues.endswith("the agenda went out 3 clear working days ahead")
    # by default, the day the pack was first produced for circulation
    s = session()
    s.circulation = [
        Circulation(what="agenda", at="2026-12-23T09:00", format="eml", public=False),
        Circulation(what="agenda", at="2026-12-15T09:00", format="docx", public=True),
    ]
    assert papers_status(s, D(2026, 12, 2)).agenda_sent == D(2026, 12, 15)
    assert not papers_status(s, D(2026, 12, 2)).agenda_late


@pytest.mark.parametrize(
    ("typed", "nation"),
    [
        ("", EW),
        ("England", EW),
        ("wales", EW),
        ("England and Wales", EW),
        ("england-wales", EW),
        ("Scot", SCT),
        ("SCOTLAND", SCT),
        ("NI", NI),
        ("Northern Ireland", NI),
        ("northern-ireland", NI),
    ],
)
def test_a_nation_as_typed(typed: str, nation: str) -> None:
    assert read_nation(typed) == nation


@pytest.mark.parametrize("typed", ["Narnia", "e w", "Ireland", "englandwales"])
def test_a_nation_not_known_or_not_one_is_refused(typed: str) -> None:
    with pytest.raises(WorkingDaysError, match="whose bank holidays: England and Wales"):
        read_nation(typed)


def test_the_plan_sets_and_refuses_the_cycles_details(store, clock) -> None:  # noqa: ANN001
    sid = store.create(agenda_from_dict(agenda(date="30/12/2026 14:00"), clock().date()))
    writer = store.writer(sid)
    plan = Planner(writer, clock=clock)
    assert plan.set_detail("nation", "scot") == "next 30 Nov: Saint Andrew's Day"  # (23 Nov)
    assert plan.set_detail("papers_days", "3") == "due by Tue 22 Dec 2026"  # 23, 24, 29 Dec
    assert plan.set_detail("papers_days", "0") == "none (the partnership sets no number of days)"
    assert plan.set_detail("next_meeting", "10/02/2027 14:00") == "Wed 10 Feb 2027, 14:00"
    for key, typed, says in [
        ("papers_days", "61", "clear working days for papers should be from 0 to 60, not 61"),
        ("papers_days", "five", "should be a whole number"),
        ("nation", "Narnia", "whose bank holidays"),
        ("next_meeting", "29/12/2026", "the next meeting should be after this one (Wed 30 Dec"),
        ("next_meeting", "blurgh", "blurgh"),
    ]:
        with pytest.raises(PlanError, match=None) as caught:
            plan.set_detail(key, typed)
        assert says in str(caught.value)
    assert plan.set_detail("next_meeting", "") == "not set yet"
    info = store.load(sid).info
    assert (info.nation, info.papers_days, info.next_meeting) == (SCT, 0, "")
    writer.close()
